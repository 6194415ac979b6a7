//! docx-rs 0.4.22 output put into the shape the WordprocessingML schema
//! requires: children in the order of the schema's sequences, and no
//! attribute the schema does not declare.
//!
//! docx-rs writes the children of a property element in the order its
//! builder was called (`w:numId` before `w:ilvl`, `w:tblLayout` after
//! `w:tblCellMar`, `w:qFormat` after `w:pPr`, …) and a `w:type` on
//! `w:gridCol`. ECMA-376 Part 1 declares these content models as
//! `xsd:sequence`s (§17.3.1.26 `pPr`, §17.4.60 `tblPr`, §17.6.17 `sectPr`,
//! §17.7.4.17 `style`, §17.15.1.78 `settings`, …), and Word, whose
//! validator holds a file to them, may answer a file that breaks them with
//! "Word found unreadable content" and a repair. Run properties (§17.3.2.28)
//! are an `xsd:choice` in the transitional schema, but a sequence in the
//! strict one and in Word's own validator, so they follow the choice's
//! order as well.
//!
//! One pass over a part: the children of every element named in
//! [`sequence`] are written back stably sorted by their place in it, empty
//! run properties are dropped, everything else is copied byte for byte. A
//! child a sequence does not name is an error (docx-rs's output changed),
//! never silently left out of place.
//!
//! The pass finds tags with `memchr` rather than an XML parser: only the
//! tags' bounds and names are needed, and quick-xml, which reads every
//! event, took 10 ms over a 1 MB document (when the packs' body still went
//! through this pass; now only docx-rs's own parts do). The scan reads XML as docx-rs writes
//! it (no comments, CDATA or DOCTYPE; a `>` may be in an attribute value).

use std::ops::Range;

/// The order of the children of a `w:` element whose content model is a
/// sequence, as the transitional schema (wml.xsd) lists them; `None` for
/// elements whose children may come in any order or which docx-rs writes
/// right. Names without a prefix are in the `w:` namespace.
fn sequence(element: &[u8]) -> Option<&'static [&'static str]> {
    Some(match element {
        // CT_PPr (CT_PPrBase, then rPr, sectPr, pPrChange).
        b"w:pPr" => &[
            "pStyle",
            "keepNext",
            "keepLines",
            "pageBreakBefore",
            "framePr",
            "widowControl",
            "numPr",
            "suppressLineNumbers",
            "pBdr",
            "shd",
            "tabs",
            "suppressAutoHyphens",
            "kinsoku",
            "wordWrap",
            "overflowPunct",
            "topLinePunct",
            "autoSpaceDE",
            "autoSpaceDN",
            "bidi",
            "adjustRightInd",
            "snapToGrid",
            "spacing",
            "ind",
            "contextualSpacing",
            "mirrorIndents",
            "suppressOverlap",
            "jc",
            "textDirection",
            "textAlignment",
            "textboxTightWrap",
            "outlineLvl",
            "divId",
            "cnfStyle",
            "rPr",
            "sectPr",
            "pPrChange",
        ],
        // CT_ParaRPr, whose EG_RPrBase is also CT_RPr's.
        b"w:rPr" => &[
            "ins",
            "del",
            "moveFrom",
            "moveTo",
            "rStyle",
            "rFonts",
            "b",
            "bCs",
            "i",
            "iCs",
            "caps",
            "smallCaps",
            "strike",
            "dstrike",
            "outline",
            "shadow",
            "emboss",
            "imprint",
            "noProof",
            "snapToGrid",
            "vanish",
            "webHidden",
            "color",
            "spacing",
            "w",
            "kern",
            "position",
            "sz",
            "szCs",
            "highlight",
            "u",
            "effect",
            "bdr",
            "shd",
            "fitText",
            "vertAlign",
            "rtl",
            "cs",
            "em",
            "lang",
            "eastAsianLayout",
            "specVanish",
            "oMath",
            "rPrChange",
        ],
        b"w:numPr" => &["ilvl", "numId", "numberingChange", "ins"],
        b"w:pBdr" => &["top", "left", "bottom", "right", "between", "bar"],
        b"w:tblPr" => &[
            "tblStyle",
            "tblpPr",
            "tblOverlap",
            "bidiVisual",
            "tblStyleRowBandSize",
            "tblStyleColBandSize",
            "tblW",
            "jc",
            "tblCellSpacing",
            "tblInd",
            "tblBorders",
            "shd",
            "tblLayout",
            "tblCellMar",
            "tblLook",
            "tblCaption",
            "tblDescription",
            "tblPrChange",
        ],
        b"w:tblBorders" => &["top", "start", "left", "bottom", "end", "right", "insideH", "insideV"],
        b"w:tblCellMar" | b"w:tcMar" => &["top", "start", "left", "bottom", "end", "right"],
        b"w:tcPr" => &[
            "cnfStyle",
            "tcW",
            "gridSpan",
            "hMerge",
            "vMerge",
            "tcBorders",
            "shd",
            "noWrap",
            "tcMar",
            "textDirection",
            "tcFitText",
            "vAlign",
            "hideMark",
            "headers",
            "cellIns",
            "cellDel",
            "cellMerge",
            "tcPrChange",
        ],
        b"w:tcBorders" => &["top", "start", "left", "bottom", "end", "right", "insideH", "insideV", "tl2br", "tr2bl"],
        b"w:sectPr" => &[
            "headerReference",
            "footerReference",
            "footnotePr",
            "endnotePr",
            "type",
            "pgSz",
            "pgMar",
            "paperSrc",
            "pgBorders",
            "lnNumType",
            "pgNumType",
            "cols",
            "formProt",
            "vAlign",
            "noEndnote",
            "titlePg",
            "textDirection",
            "bidi",
            "rtlGutter",
            "docGrid",
            "printerSettings",
            "sectPrChange",
        ],
        b"w:styles" => &["docDefaults", "latentStyles", "style"],
        b"w:docDefaults" => &["rPrDefault", "pPrDefault"],
        b"w:style" => &[
            "name",
            "aliases",
            "basedOn",
            "next",
            "link",
            "autoRedefine",
            "hidden",
            "uiPriority",
            "semiHidden",
            "unhideWhenUsed",
            "qFormat",
            "locked",
            "personal",
            "personalCompose",
            "personalReply",
            "rsid",
            "pPr",
            "rPr",
            "tblPr",
            "trPr",
            "tcPr",
            "tblStylePr",
        ],
        b"w:lvl" => {
            &["start", "numFmt", "lvlRestart", "pStyle", "isLgl", "suff", "lvlText", "lvlPicBulletId", "legacy", "lvlJc", "pPr", "rPr"]
        }
        b"w:settings" => &[
            "writeProtection",
            "view",
            "zoom",
            "removePersonalInformation",
            "removeDateAndTime",
            "doNotDisplayPageBoundaries",
            "displayBackgroundShape",
            "printPostScriptOverText",
            "printFractionalCharacterWidth",
            "printFormsData",
            "embedTrueTypeFonts",
            "embedSystemFonts",
            "saveSubsetFonts",
            "saveFormsData",
            "mirrorMargins",
            "alignBordersAndEdges",
            "bordersDoNotSurroundHeader",
            "bordersDoNotSurroundFooter",
            "gutterAtTop",
            "hideSpellingErrors",
            "hideGrammaticalErrors",
            "activeWritingStyle",
            "proofState",
            "formsDesign",
            "attachedTemplate",
            "linkStyles",
            "stylePaneFormatFilter",
            "stylePaneSortMethod",
            "documentType",
            "mailMerge",
            "revisionView",
            "trackRevisions",
            "doNotTrackMoves",
            "doNotTrackFormatting",
            "documentProtection",
            "autoFormatOverride",
            "styleLockTheme",
            "styleLockQFSet",
            "defaultTabStop",
            "autoHyphenation",
            "consecutiveHyphenLimit",
            "hyphenationZone",
            "doNotHyphenateCaps",
            "showEnvelope",
            "summaryLength",
            "clickAndTypeStyle",
            "defaultTableStyle",
            "evenAndOddHeaders",
            "bookFoldRevPrinting",
            "bookFoldPrinting",
            "bookFoldPrintingSheets",
            "drawingGridHorizontalSpacing",
            "drawingGridVerticalSpacing",
            "displayHorizontalDrawingGridEvery",
            "displayVerticalDrawingGridEvery",
            "doNotUseMarginsForDrawingGridOrigin",
            "drawingGridHorizontalOrigin",
            "drawingGridVerticalOrigin",
            "doNotShadeFormData",
            "noPunctuationKerning",
            "characterSpacingControl",
            "printTwoOnOne",
            "strictFirstAndLastChars",
            "noLineBreaksAfter",
            "noLineBreaksBefore",
            "savePreviewPicture",
            "doNotValidateAgainstSchema",
            "saveInvalidXml",
            "ignoreMixedContent",
            "alwaysShowPlaceholderText",
            "doNotDemarcateInvalidXml",
            "saveXmlDataOnly",
            "useXSLTWhenSaving",
            "saveThroughXslt",
            "showXMLTags",
            "alwaysMergeEmptyNamespace",
            "updateFields",
            "hdrShapeDefaults",
            "footnotePr",
            "endnotePr",
            "compat",
            "docVars",
            "rsids",
            "m:mathPr",
            "attachedSchema",
            "themeFontLang",
            "clrSchemeMapping",
            "doNotIncludeSubdocsInStats",
            "doNotAutoCompressPictures",
            "forceUpgrade",
            "captions",
            "readModeInkLockDown",
            "smartTagType",
            "sl:schemaLibrary",
            "shapeDefaults",
            "doNotEmbedSmartTags",
            "decimalSymbol",
            "listSeparator",
        ],
        _ => return None,
    })
}

/// Attributes docx-rs writes that the schema does not declare on the
/// element: `w:gridCol` (CT_TblGridCol, §17.4.16) has only `w:w`.
const UNDECLARED: &[(&[u8], &str)] = &[(b"w:gridCol", "w:type")];

/// Empty elements that say nothing: docx-rs writes `<w:rPr />` first in the
/// properties of every paragraph, where the schema has run properties last.
const EMPTY_SAYS_NOTHING: &[&[u8]] = &[b"<w:rPr />", b"<w:rPr/>"];

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Start,
    End,
    Empty,
    /// `<?xml …?>` and the like.
    Other,
}

/// A tag: its bytes in the part and those of its name.
struct Tag {
    span: Range<usize>,
    name: Range<usize>,
    kind: Kind,
}

/// The first tag at or after `from`, if any.
fn next_tag(xml: &[u8], from: usize, part: &str) -> Result<Option<Tag>, String> {
    let Some(at) = memchr::memchr(b'<', &xml[from..]) else { return Ok(None) };
    let start = from + at;
    let unterminated = || format!("docx-rs wrote {part} with an unterminated tag at byte {start}");
    // The closing `>`, skipping quoted attribute values.
    let mut i = start + 1;
    let end = loop {
        let k = i + memchr::memchr3(b'>', b'"', b'\'', &xml[i..]).ok_or_else(unterminated)?;
        if xml[k] == b'>' {
            break k + 1;
        }
        i = k + 1 + memchr::memchr(xml[k], &xml[k + 1..]).ok_or_else(unterminated)? + 1;
    };
    let (kind, name) = match xml[start + 1] {
        b'/' => (Kind::End, start + 2),
        b'?' | b'!' => (Kind::Other, start + 1),
        _ if xml[end - 2] == b'/' => (Kind::Empty, start + 1),
        _ => (Kind::Start, start + 1),
    };
    Ok(Some(Tag { span: start..end, name: name..name + name_length(&xml[name..]), kind }))
}

fn name_length(from: &[u8]) -> usize {
    from.iter().position(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>')).unwrap_or(from.len())
}

/// The first tag at or after `from` that matters outside the elements
/// being sorted: the start of one, or a tag to drop or change. The others
/// are passed over by their name alone (a `<` starts a tag wherever it is,
/// as text and attribute values escape it), which makes most of a part
/// cheap to pass.
fn next_outside(xml: &[u8], mut from: usize, part: &str) -> Result<Option<Tag>, String> {
    while let Some(at) = memchr::memchr(b'<', &xml[from..]) {
        let start = from + at;
        let name = &xml[start + 1..];
        let name = &name[..name_length(name)];
        if sequence(name).is_some() || name == b"w:rPr" || UNDECLARED.iter().any(|(element, _)| *element == name) {
            return next_tag(xml, start, part);
        }
        from = start + 1 + name.len();
    }
    Ok(None)
}

/// An element whose children are being collected to be sorted (reused from
/// one element to the next, so a part costs few allocations).
#[derive(Default)]
struct Sorting {
    /// Its name's bytes in the part, for errors.
    name: Range<usize>,
    order: &'static [&'static str],
    /// How many elements are open, it included.
    depth: usize,
    /// Its content as written, children already sorted inside.
    text: String,
    /// Each child's place in the sequence and its bytes in `text` (with any
    /// text before it).
    children: Vec<(usize, Range<usize>)>,
}

impl Sorting {
    fn open(&mut self, name: Range<usize>, order: &'static [&'static str], depth: usize) {
        self.name = name;
        self.order = order;
        self.depth = depth;
        self.text.clear();
        self.children.clear();
    }

    fn end_child(&mut self, place: usize) {
        let start = self.children.last().map_or(0, |(_, span)| span.end);
        self.children.push((place, start..self.text.len()));
    }

    /// Writes the content with the children in the sequence's order
    /// (stable: children of one name keep theirs).
    fn write_sorted(&mut self, out: &mut String) {
        if self.children.is_sorted_by_key(|(place, _)| *place) {
            out.push_str(&self.text);
            return;
        }
        let tail = self.children.last().map_or(0, |(_, span)| span.end);
        self.children.sort_by_key(|(place, _)| *place);
        for (_, span) in &self.children {
            out.push_str(&self.text[span.clone()]);
        }
        out.push_str(&self.text[tail..]);
    }
}

/// `part` (its name for errors) with the children of every sequence in
/// order, undeclared attributes and empty run properties dropped.
pub fn reorder(xml: &str, part: &str) -> Result<String, String> {
    let bytes = xml.as_bytes();
    let mut out = String::with_capacity(xml.len());
    // The bytes of `xml` before this one are written, out or into a sorting.
    let mut written = 0;
    // `sortings[..open]` are the elements being sorted, innermost last.
    let mut sortings: Vec<Sorting> = Vec::new();
    let mut open = 0;
    // How many elements are open, counted from the outermost sorting's.
    let mut depth = 0usize;
    // The place of the child being read in each open sorting's sequence.
    let mut places: Vec<usize> = Vec::new();
    let mut at = 0;
    while let Some(tag) = if open == 0 { next_outside(bytes, at, part)? } else { next_tag(bytes, at, part)? } {
        at = tag.span.end;
        let name = &bytes[tag.name.clone()];
        match tag.kind {
            Kind::Other => continue,
            Kind::End => {
                if open > 0 && sortings[open - 1].depth == depth {
                    // The end of a sorted element: its content, sorted.
                    let (outer, inner) = sortings.split_at_mut(open - 1);
                    let sorting = &mut inner[0];
                    sorting.text.push_str(&xml[written..tag.span.start]);
                    sorting.write_sorted(outer.last_mut().map_or(&mut out, |s| &mut s.text));
                    written = tag.span.start;
                    open -= 1;
                    places.pop();
                }
                // Only read inside a sorting, so at least its own depth.
                depth -= 1;
                if open > 0 && sortings[open - 1].depth == depth {
                    let parent = &mut sortings[open - 1];
                    parent.text.push_str(&xml[written..tag.span.end]);
                    written = tag.span.end;
                    parent.end_child(places[open - 1]);
                }
            }
            Kind::Start | Kind::Empty => {
                let empty = tag.kind == Kind::Empty;
                let is_child = open > 0 && sortings[open - 1].depth == depth;
                let order = if empty { None } else { sequence(name) };
                let says_nothing = EMPTY_SAYS_NOTHING.contains(&&bytes[tag.span.clone()]);
                let undeclared = UNDECLARED.iter().find(|(element, _)| *element == name).map(|(_, attribute)| *attribute);
                if !empty && (open > 0 || order.is_some()) {
                    depth += 1;
                }
                if !is_child && order.is_none() && undeclared.is_none() && !says_nothing {
                    // Nothing to change: copied later, with what follows.
                    continue;
                }
                let sink = if open == 0 { &mut out } else { &mut sortings[open - 1].text };
                sink.push_str(&xml[written..tag.span.start]);
                written = tag.span.end;
                if says_nothing {
                    continue;
                }
                match undeclared {
                    Some(attribute) => sink.push_str(&without(&xml[tag.span.clone()], attribute)),
                    None => sink.push_str(&xml[tag.span.clone()]),
                }
                if is_child {
                    let parent = &mut sortings[open - 1];
                    let local = name.strip_prefix(b"w:").unwrap_or(name);
                    let place = parent.order.iter().position(|n| n.as_bytes() == local).ok_or_else(|| {
                        format!(
                            "docx-rs output changed: <{}> in <{}> of {part} has no place in the schema's sequence",
                            String::from_utf8_lossy(name),
                            &xml[parent.name.clone()]
                        )
                    })?;
                    places[open - 1] = place;
                    if empty {
                        parent.end_child(place);
                    }
                }
                if let Some(order) = order {
                    if sortings.len() == open {
                        sortings.push(Sorting::default());
                    }
                    sortings[open].open(tag.name.clone(), order, depth);
                    open += 1;
                    places.push(0);
                }
            }
        }
    }
    if open != 0 {
        return Err(format!("docx-rs wrote {part} with <{}> not closed", &xml[sortings[open - 1].name.clone()]));
    }
    out.push_str(&xml[written..]);
    Ok(out)
}

/// `tag` without `attribute` (docx-rs writes values quoted and escaped, so
/// a value holds no quote of its own kind).
fn without<'a>(tag: &'a str, attribute: &str) -> std::borrow::Cow<'a, str> {
    let Some(at) = tag.find(&format!(" {attribute}=")) else { return tag.into() };
    let value = at + attribute.len() + 2;
    let Some(quote) = tag[value..].chars().next() else { return tag.into() };
    match tag[value + 1..].find(quote) {
        Some(end) => format!("{}{}", &tag[..at], &tag[value + 1 + end + 1..]).into(),
        None => tag.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_the_children_of_sequences_and_copies_the_rest() {
        let xml = r#"<?xml version="1.0"?><w:body><w:p><w:pPr><w:jc w:val="left" /><w:numPr><w:numId w:val="2" /><w:ilvl w:val="0" /></w:numPr><w:pStyle w:val="A" /><w:rPr><w:sz w:val="2" /><w:color w:val="000000" /></w:rPr></w:pPr><w:r><w:t>b &amp; a</w:t></w:r></w:p></w:body>"#;
        assert_eq!(
            reorder(xml, "test").unwrap(),
            r#"<?xml version="1.0"?><w:body><w:p><w:pPr><w:pStyle w:val="A" /><w:numPr><w:ilvl w:val="0" /><w:numId w:val="2" /></w:numPr><w:jc w:val="left" /><w:rPr><w:color w:val="000000" /><w:sz w:val="2" /></w:rPr></w:pPr><w:r><w:t>b &amp; a</w:t></w:r></w:p></w:body>"#
        );
    }

    #[test]
    fn keeps_children_of_one_name_in_their_order() {
        let xml = "<w:styles><w:style>b</w:style><w:docDefaults /><w:style>a</w:style></w:styles>";
        assert_eq!(reorder(xml, "test").unwrap(), "<w:styles><w:docDefaults /><w:style>b</w:style><w:style>a</w:style></w:styles>");
    }

    #[test]
    fn drops_undeclared_attributes() {
        let xml = r#"<w:tblGrid><w:gridCol w:w="2154" w:type="dxa" /></w:tblGrid>"#;
        assert_eq!(reorder(xml, "test").unwrap(), r#"<w:tblGrid><w:gridCol w:w="2154" /></w:tblGrid>"#);
    }

    #[test]
    fn drops_empty_run_properties_and_keeps_others() {
        let xml =
            r#"<w:p><w:pPr><w:rPr /><w:pStyle w:val="A" /></w:pPr><w:r><w:rPr/><w:t>x</w:t></w:r><w:r><w:rPr><w:b /></w:rPr></w:r></w:p>"#;
        assert_eq!(
            reorder(xml, "test").unwrap(),
            r#"<w:p><w:pPr><w:pStyle w:val="A" /></w:pPr><w:r><w:t>x</w:t></w:r><w:r><w:rPr><w:b /></w:rPr></w:r></w:p>"#
        );
    }

    #[test]
    fn reads_a_greater_than_sign_in_an_attribute() {
        let xml = r#"<w:sdtPr><w:alias w:val="a > b" /></w:sdtPr><w:pPr><w:jc w:val='>' /><w:pStyle w:val="A" /></w:pPr>"#;
        assert_eq!(
            reorder(xml, "test").unwrap(),
            r#"<w:sdtPr><w:alias w:val="a > b" /></w:sdtPr><w:pPr><w:pStyle w:val="A" /><w:jc w:val='>' /></w:pPr>"#
        );
    }

    #[test]
    fn broken_markup_is_an_error() {
        assert_eq!(reorder(r#"<w:p><w:pPr w:x="a>"#, "p").unwrap_err(), "docx-rs wrote p with an unterminated tag at byte 5");
        assert_eq!(reorder("<w:p><w:pPr><w:jc>", "p").unwrap_err(), "docx-rs wrote p with <w:pPr> not closed");
        assert_eq!(reorder("<w:pPr></w:pPr></w:p>", "p").unwrap(), "<w:pPr></w:pPr></w:p>", "outside a sorting, end tags are not counted");
    }

    #[test]
    fn an_unknown_child_is_an_error() {
        let err = reorder("<w:pPr><w:jc /><w:bogus /></w:pPr>", "word/document.xml").unwrap_err();
        assert_eq!(err, "docx-rs output changed: <w:bogus> in <w:pPr> of word/document.xml has no place in the schema's sequence");
    }
}
