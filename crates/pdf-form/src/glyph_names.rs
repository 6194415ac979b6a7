//! Adobe Glyph List names for the characters a pre-filled form field can
//! show beyond WinAnsi: Latin Extended-A (Welsh ŵ and ŷ, Polish, Czech,
//! Hungarian, Turkish, Baltic letters), Welsh ẁ ẃ ẅ ỳ and Romanian ș (the
//! list has no name for ț, which therefore shows as `?`). A simple font may
//! add characters to WinAnsi only by such names (PDF/A-2, 6.2.11.6), and
//! viewers turn them back into text through the same list.
//!
//! The names are taken from the Adobe Glyph List (`glyphlist.txt`; where
//! it gives two names for a character, the descriptive one: `…commaaccent`
//! rather than `…cedilla`, `…dotaccent` rather than `…dot`), under this
//! licence:
//!
//! Copyright 2002-2019 Adobe (http://www.adobe.com/).
//!
//! Redistribution and use in source and binary forms, with or
//! without modification, are permitted provided that the
//! following conditions are met:
//!
//! Redistributions of source code must retain the above
//! copyright notice, this list of conditions and the following
//! disclaimer.
//!
//! Redistributions in binary form must reproduce the above
//! copyright notice, this list of conditions and the following
//! disclaimer in the documentation and/or other materials
//! provided with the distribution.
//!
//! Neither the name of Adobe nor the names of its contributors
//! may be used to endorse or promote products derived from this
//! software without specific prior written permission.
//!
//! THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND
//! CONTRIBUTORS "AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES,
//! INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF
//! MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
//! DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR
//! CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL,
//! SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT
//! NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES;
//! LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION)
//! HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN
//! CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR
//! OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS
//! SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.

/// The AGL name of `c`, if it is one of the characters above.
pub fn name(c: char) -> Option<&'static str> {
    match u32::from(c) {
        code @ 0x100..=0x17F => Some(LATIN_EXTENDED_A[(code - 0x100) as usize]),
        0x218 => Some("Scommaaccent"),
        0x219 => Some("scommaaccent"),
        code @ 0x1E80..=0x1E85 => Some(WELSH_W[(code - 0x1E80) as usize]),
        0x1EF2 => Some("Ygrave"),
        0x1EF3 => Some("ygrave"),
        _ => None,
    }
}

/// U+0100 to U+017F, in order.
const LATIN_EXTENDED_A: [&str; 128] = [
    "Amacron",
    "amacron",
    "Abreve",
    "abreve",
    "Aogonek",
    "aogonek",
    "Cacute",
    "cacute",
    "Ccircumflex",
    "ccircumflex",
    "Cdotaccent",
    "cdotaccent",
    "Ccaron",
    "ccaron",
    "Dcaron",
    "dcaron",
    "Dcroat",
    "dcroat",
    "Emacron",
    "emacron",
    "Ebreve",
    "ebreve",
    "Edotaccent",
    "edotaccent",
    "Eogonek",
    "eogonek",
    "Ecaron",
    "ecaron",
    "Gcircumflex",
    "gcircumflex",
    "Gbreve",
    "gbreve",
    "Gdotaccent",
    "gdotaccent",
    "Gcommaaccent",
    "gcommaaccent",
    "Hcircumflex",
    "hcircumflex",
    "Hbar",
    "hbar",
    "Itilde",
    "itilde",
    "Imacron",
    "imacron",
    "Ibreve",
    "ibreve",
    "Iogonek",
    "iogonek",
    "Idotaccent",
    "dotlessi",
    "IJ",
    "ij",
    "Jcircumflex",
    "jcircumflex",
    "Kcommaaccent",
    "kcommaaccent",
    "kgreenlandic",
    "Lacute",
    "lacute",
    "Lcommaaccent",
    "lcommaaccent",
    "Lcaron",
    "lcaron",
    "Ldotaccent",
    "ldotaccent",
    "Lslash",
    "lslash",
    "Nacute",
    "nacute",
    "Ncommaaccent",
    "ncommaaccent",
    "Ncaron",
    "ncaron",
    "napostrophe",
    "Eng",
    "eng",
    "Omacron",
    "omacron",
    "Obreve",
    "obreve",
    "Ohungarumlaut",
    "ohungarumlaut",
    "OE",
    "oe",
    "Racute",
    "racute",
    "Rcommaaccent",
    "rcommaaccent",
    "Rcaron",
    "rcaron",
    "Sacute",
    "sacute",
    "Scircumflex",
    "scircumflex",
    "Scedilla",
    "scedilla",
    "Scaron",
    "scaron",
    "Tcommaaccent",
    "tcommaaccent",
    "Tcaron",
    "tcaron",
    "Tbar",
    "tbar",
    "Utilde",
    "utilde",
    "Umacron",
    "umacron",
    "Ubreve",
    "ubreve",
    "Uring",
    "uring",
    "Uhungarumlaut",
    "uhungarumlaut",
    "Uogonek",
    "uogonek",
    "Wcircumflex",
    "wcircumflex",
    "Ycircumflex",
    "ycircumflex",
    "Ydieresis",
    "Zacute",
    "zacute",
    "Zdotaccent",
    "zdotaccent",
    "Zcaron",
    "zcaron",
    "longs",
];

/// U+1E80 to U+1E85: W and w with grave, acute and diaeresis.
const WELSH_W: [&str; 6] = ["Wgrave", "wgrave", "Wacute", "wacute", "Wdieresis", "wdieresis"];
