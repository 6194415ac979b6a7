//! Fonts embedded in a package, obfuscated as ECMA-376 Part 1 §17.8.1
//! ("Font Embedding") asks: the first 32 bytes of the font XORed with the
//! 16 bytes of its GUID key taken from the GUID's last hex pair to its
//! first, twice over (as Word writes it and LibreOffice's `writerfilter`
//! reads it).

/// A font a package embeds: its part (`word/fonts/fontN.odttf`), the GUID
/// key it is obfuscated with (`{8-4-4-4-12}`, upper-case hex, as the font
/// table names it) and the font file.
pub struct EmbeddedFont<'f> {
    pub part: String,
    pub key: String,
    pub data: &'f [u8],
}

impl EmbeddedFont<'_> {
    /// The part's bytes: the font obfuscated with its key.
    pub(crate) fn obfuscated(&self) -> Vec<u8> {
        obfuscate(self.data, &self.key)
    }
}

/// What a package embeds: the fonts, and the font table's relationships
/// part (name and bytes) that names them.
#[derive(Default)]
pub struct Embedded<'f> {
    pub fonts: Vec<EmbeddedFont<'f>>,
    pub rels: Option<(String, Vec<u8>)>,
}

/// `data` obfuscated with `key`: its first 32 bytes XORed with the key's
/// bytes from the last to the first, twice. Its own inverse.
fn obfuscate(data: &[u8], key: &str) -> Vec<u8> {
    let digits: Vec<u8> = key.bytes().filter(u8::is_ascii_hexdigit).collect();
    let bytes: Vec<u8> =
        digits.chunks(2).map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap_or("0"), 16).unwrap_or(0)).collect();
    let mut out = data.to_vec();
    for (i, byte) in out.iter_mut().take(32).enumerate() {
        *byte ^= bytes[bytes.len() - 1 - i % bytes.len()];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn obfuscates_the_first_32_bytes_with_the_reversed_key_twice() {
        // The key of the example in LibreOffice's reader: its pairs from
        // last to first are 5C EA 1D 63 32 6B 6B B7 E9 41 9F 95 91 94 E7 62.
        let key = "{62E79491-959F-41E9-B76B-6B32631DEA5C}";
        let reversed = [0x5C, 0xEA, 0x1D, 0x63, 0x32, 0x6B, 0x6B, 0xB7, 0xE9, 0x41, 0x9F, 0x95, 0x91, 0x94, 0xE7, 0x62];
        let out = obfuscate(&[0; 40], key);
        assert_eq!(&out[..16], &reversed);
        assert_eq!(&out[16..32], &reversed);
        assert_eq!(&out[32..], &[0; 8]);
        let data: Vec<u8> = (0..100).collect();
        assert_eq!(obfuscate(&obfuscate(&data, key), key), data);
    }
}
