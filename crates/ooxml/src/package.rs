//! The parts of `Docx::build()`, the theme docx-rs does not write and the
//! embedded fonts, as a zip, compressed (docx-rs 0.4.22 stores them uncompressed) and
//! reproducible: entries in a fixed order, each stamped with the build
//! date, never the clock.
//!
//! Deflate runs at its fastest level: the parts still shrink about nine
//! times (the biggest sample pack, 1.1 MB of XML, is a 120 KB file), while
//! the default level saves another third of the size for about twice the
//! time, and compression is a good share of a pack's time (about 2 ms of
//! the largest pack's 16).

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::sync::{Arc, Mutex};

use docx_rs::XMLDocx;
use zip::result::ZipResult;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::font::{Embedded, EmbeddedFont};
use crate::patch::theme;

/// The date every entry and the core properties are stamped with (the
/// build's date, never the clock, so a package is reproducible), UTC.
pub struct Stamp {
    year: i32,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
}

impl Stamp {
    pub fn new(year: i32, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> Self {
        Self { year, month, day, hour, minute, second }
    }

    /// "2019-01-01T00:00:00Z", for the core properties.
    pub fn w3c(&self) -> String {
        format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", self.year, self.month, self.day, self.hour, self.minute, self.second)
    }

    /// The zip entries' time. A zip cannot hold a date before 1980 (nor
    /// after 2107): such dates are clamped.
    fn zip_time(&self) -> DateTime {
        let year = self.year.clamp(1980, 2107) as u16;
        let clamped = i32::from(year) != self.year;
        let (month, day, hour, minute, second) =
            if clamped { (1, 1, 0, 0, 0) } else { (self.month, self.day, self.hour, self.minute, self.second) };
        DateTime::from_date_and_time(year, month, day, hour, minute, second).unwrap_or_default()
    }
}

/// The embedded fonts, each compressed once (framewright's Word renderer
/// keeps one per source and build: the brand's faces when it starts, others
/// when a pack first needs them) and copied into every package as it is: a
/// pack's fonts are most of its bytes, and compressing them for every pack
/// took longer than the rest of the pack. Content-addressed (by the font's
/// key), so threads and packages share them.
///
/// Deflate's default level (6): for the four Atkinson Hyperlegible Next
/// faces it is 17 % smaller than the fastest (100 KB against 121 KB) for
/// about 2.5 ms more, once; the best level saves another 0.9 KB for three
/// times the time.
#[derive(Default)]
pub struct SharedParts(Mutex<BTreeMap<String, Arc<Vec<u8>>>>);

impl SharedParts {
    /// A zip holding `face`'s part, compressed (made the first time). Not
    /// compressed under the lock: a thread that needs another face does not
    /// wait, and two threads that both make one make the same bytes.
    pub fn get(&self, face: &EmbeddedFont, date: &Stamp) -> ZipResult<Arc<Vec<u8>>> {
        let lock = || self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(zip) = lock().get(&face.key) {
            return Ok(zip.clone());
        }
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file(face.key.as_str(), options(date).compression_level(Some(6)))?;
        zip.write_all(&face.obfuscated())?;
        let zip = Arc::new(zip.finish()?.into_inner());
        Ok(lock().entry(face.key.clone()).or_insert(zip).clone())
    }
}

/// The package of a document that embeds no fonts (framewright's harvest
/// report).
pub fn zip(parts: XMLDocx, date: &Stamp) -> ZipResult<Vec<u8>> {
    zip_embedding(parts, Embedded::default(), &SharedParts::default(), date)
}

/// The package: parts in the order docx-rs writes them, `[Content_Types].xml`
/// first and the theme after the styles, then the embedded `fonts` (their
/// relationships, then the faces, copied from `shared`).
pub fn zip_embedding(parts: XMLDocx, fonts: Embedded, shared: &SharedParts, date: &Stamp) -> ZipResult<Vec<u8>> {
    let theme = theme::part(&parts.styles);
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), parts.content_type),
        ("_rels/.rels".into(), parts.rels),
        ("docProps/app.xml".into(), parts.doc_props.app),
        ("docProps/core.xml".into(), parts.doc_props.core),
        ("docProps/custom.xml".into(), parts.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), parts.document_rels),
        ("word/document.xml".into(), parts.document),
        ("word/styles.xml".into(), parts.styles),
        (theme::PART.into(), theme),
        ("word/settings.xml".into(), parts.settings),
        ("word/fontTable.xml".into(), parts.font_table),
        ("word/comments.xml".into(), parts.comments),
        ("word/numbering.xml".into(), parts.numberings),
        ("word/commentsExtended.xml".into(), parts.comments_extended),
        ("word/footnotes.xml".into(), parts.footnotes),
    ];
    for (i, header) in parts.headers.into_iter().enumerate() {
        entries.push((format!("word/header{}.xml", i + 1), header));
        if let Some(rels) = parts.header_rels.get(i) {
            entries.push((format!("word/_rels/header{}.xml.rels", i + 1), rels.clone()));
        }
    }
    for (i, footer) in parts.footers.into_iter().enumerate() {
        entries.push((format!("word/footer{}.xml", i + 1), footer));
        if let Some(rels) = parts.footer_rels.get(i) {
            entries.push((format!("word/_rels/footer{}.xml.rels", i + 1), rels.clone()));
        }
    }
    for (id, png) in parts.media {
        entries.push((format!("word/media/{id}.png"), png));
    }
    entries.extend(fonts.rels);

    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        zip.start_file(name, options(date))?;
        zip.write_all(&bytes)?;
    }
    for face in &fonts.fonts {
        let compressed = shared.get(face, date)?;
        let mut archive = ZipArchive::new(Cursor::new(compressed.as_slice()))?;
        zip.raw_copy_file_rename(archive.by_index_raw(0)?, &face.part)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// Every entry: deflated (at the fastest level), stamped with the build
/// date, readable by all.
fn options(date: &Stamp) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(date.zip_time())
        .unix_permissions(0o644)
}

#[cfg(test)]
mod tests {
    use super::Stamp;

    fn stamp(year: i32) -> Stamp {
        Stamp { year, month: 6, day: 7, hour: 8, minute: 9, second: 10 }
    }

    #[test]
    fn stamps_dates_for_the_properties_and_the_zip() {
        assert_eq!(stamp(2019).w3c(), "2019-06-07T08:09:10Z");
        let t = stamp(2019).zip_time();
        assert_eq!((t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second()), (2019, 6, 7, 8, 9, 10));
        let early = stamp(1970).zip_time();
        assert_eq!((early.year(), early.month(), early.day()), (1980, 1, 1));
    }
}
