//! Completed Word packs: a zip of XML parts. The identity is in the
//! custom properties (`docProps/custom.xml`); the answers are the content
//! controls of `word/document.xml`, keyed by `w:tag`, else by the key in
//! brackets at the end of `w:alias` (LibreOffice drops tags when it saves).
//!
//! What Word and LibreOffice do to a form, and how it is read:
//!
//! - a ticked box is `w14:checked w14:val="1"` (and shows ☒): two ticked
//!   boxes in one row are a mistake, reported and not guessed at;
//! - a control left empty shows its placeholder text and says so with
//!   `w:showingPlcHdr`: that is "not answered", never the placeholder's words;
//! - LibreOffice wraps a check box in a second control that carries the
//!   alias (a control without a key takes its nearest keyed ancestor's),
//!   and splits a text control whose text mixes scripts into several with
//!   one alias, the first holding the whole text (the first is taken);
//! - a date picker keeps the date chosen in `w:date/@w:fullDate`.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};

use roxmltree::{Document, Node};

use super::{Form, Unusable, put};
use crate::harvest::limits::{self, Budget};
use crate::plan::field::{ControlKey, FieldKey};
use crate::plan::identity::PackIdentity;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W14: &str = "http://schemas.microsoft.com/office/word/2010/wordml";
/// The ticked box glyph, for files whose check box lost `w14:checked`.
const TICKED: char = '\u{2612}';

pub fn read(bytes: &[u8]) -> Result<Form, Unusable> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Unusable::Corrupt(format!("the zip archive cannot be read ({e}); the file may be cut short: ask for it again")))?;
    if zip.len() > limits::ZIP_ENTRIES {
        return Err(not_made_by_word(&format!(
            "the zip archive holds {} files, more than the {} a Word file has",
            zip.len(),
            limits::ZIP_ENTRIES
        )));
    }
    if zip.index_for_name("word/document.xml").is_none() {
        return Err(Unusable::Foreign("a zip archive that is not a Word document (it has no word/document.xml)".into()));
    }
    let budget = Budget::default();
    let document = part(&mut zip, "word/document.xml", &budget)?.ok_or_else(|| Unusable::Corrupt("word/document.xml is missing".into()))?;
    let custom = part(&mut zip, "docProps/custom.xml", &budget)?;
    let mut form = Form::default();
    if let Some(custom) = custom {
        form.identity = identity(&custom)?;
    }
    let doc = parse(&document, "word/document.xml")?;
    answers(&doc, &mut form);
    Ok(form)
}

fn not_made_by_word(what: &str) -> Unusable {
    Unusable::Damaged(format!("{what}; it was not made by Word or LibreOffice: ask for the file again"))
}

/// One part, unpacked only as far as the limits allow: its size, its
/// compression ratio and what the whole file has unpacked so far.
fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str, budget: &Budget) -> Result<Option<String>, Unusable> {
    let Ok(file) = zip.by_name(name) else { return Ok(None) };
    let (claimed, packed) = (file.size(), file.compressed_size().max(1));
    let cap = limits::XML_PART.min(budget.left());
    let over = |size: u64| {
        if size > cap {
            Some(format!("{name} unpacks to more than {}", limits::size(cap)))
        } else if size > limits::ZIP_RATIO_FROM && size / packed > limits::ZIP_RATIO {
            Some(format!("{name} is compressed {} times, more than the {} times XML can be", size / packed, limits::ZIP_RATIO))
        } else {
            None
        }
    };
    if let Some(what) = over(claimed) {
        return Err(not_made_by_word(&what));
    }
    // The sizes in the zip's directory may lie: the unpacking stops at the cap.
    let mut bytes = Vec::new();
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Unusable::Corrupt(format!("{name} cannot be unpacked ({e}); the file may be damaged: ask for it again")))?;
    if let Some(what) = over(bytes.len() as u64) {
        return Err(not_made_by_word(&what));
    }
    budget.take(bytes.len() as u64);
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|e| Unusable::Corrupt(format!("{name} is not UTF-8 text ({e}); the file may be damaged: ask for it again")))
}

fn parse<'a>(text: &'a str, name: &str) -> Result<Document<'a>, Unusable> {
    let options = roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: limits::XML_NODES, ..Default::default() };
    let doc = Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::NodesLimitReached => not_made_by_word(&format!("{name} holds more than {} XML nodes", limits::XML_NODES)),
        e => Unusable::Corrupt(format!("{name} is not well-formed XML ({e}); the file may be damaged: ask for it again")),
    })?;
    // roxmltree itself keeps no stack, but a tree this deep is no Word
    // file. Nodes come in document order, so the open elements are a stack.
    let mut open: Vec<roxmltree::NodeId> = Vec::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        let parent = node.parent().map(|p| p.id());
        while open.last().is_some_and(|&top| Some(top) != parent) {
            open.pop();
        }
        open.push(node.id());
        if open.len() > limits::XML_DEPTH {
            return Err(not_made_by_word(&format!("{name} nests its elements more than {} deep", limits::XML_DEPTH)));
        }
    }
    Ok(doc)
}

/// The identity in the custom properties, by their names and text.
fn identity(custom: &str) -> Result<Option<PackIdentity>, Unusable> {
    let doc = parse(custom, "docProps/custom.xml")?;
    let props: BTreeMap<&str, String> = doc
        .root_element()
        .children()
        .filter(|n| n.is_element())
        .filter_map(|p| Some((p.attribute("name")?, p.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect())))
        .collect();
    Ok(PackIdentity::from_properties(|name| props.get(name).cloned()))
}

fn w<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| c.has_tag_name((W, name)))
}

/// One content control as found.
struct Control<'a, 'i> {
    node: Node<'a, 'i>,
    key: ControlKey,
    props: Node<'a, 'i>,
}

/// Every content control with a key, in document order.
fn controls<'a, 'i>(doc: &'a Document<'i>) -> Vec<Control<'a, 'i>> {
    let mut out = Vec::new();
    for node in doc.descendants().filter(|n| n.has_tag_name((W, "sdt"))) {
        let Some(props) = w(node, "sdtPr") else { continue };
        let own = |name: &str| w(props, name).and_then(|n| n.attribute((W, "val")));
        let key = own("tag").and_then(|t| t.parse().ok()).or_else(|| own("alias").and_then(ControlKey::from_alias));
        // A control without a key of its own (LibreOffice's wrapper) takes
        // the key of the nearest keyed control around it.
        let key = key.or_else(|| {
            node.ancestors().skip(1).filter(|a| a.has_tag_name((W, "sdt"))).find_map(|a| {
                let pr = w(a, "sdtPr")?;
                let get = |name: &str| w(pr, name).and_then(|n| n.attribute((W, "val")));
                get("tag").and_then(|t| t.parse().ok()).or_else(|| get("alias").and_then(ControlKey::from_alias))
            })
        });
        if let Some(key) = key {
            out.push(Control { node, key, props });
        }
    }
    out
}

fn answers(doc: &Document<'_>, form: &mut Form) {
    let mut ticked: BTreeMap<FieldKey, BTreeSet<String>> = BTreeMap::new();
    let mut texts: BTreeMap<FieldKey, String> = BTreeMap::new();
    for control in controls(doc) {
        let checkbox = control.props.children().find(|c| c.has_tag_name((W14, "checkbox")));
        match (&control.key, checkbox) {
            (ControlKey::Choice(choice), Some(checkbox)) => {
                form.fields += 1;
                form.present.insert(choice.key.clone());
                if is_ticked(control.node, checkbox) {
                    ticked.entry(choice.key.clone()).or_default().insert(choice.value.clone());
                }
            }
            // The wrapper LibreOffice adds around a check box has the
            // choice's key but no check box of its own.
            (ControlKey::Choice(_), None) => {}
            (ControlKey::Field(key), _) => {
                // LibreOffice's split controls repeat the key: the first holds the whole text.
                if texts.contains_key(key) {
                    continue;
                }
                form.fields += 1;
                texts.insert(key.clone(), text_value(control.node, control.props));
            }
        }
    }
    for (key, value) in texts {
        put(form, key, value);
    }
    for (key, values) in ticked {
        if values.len() == 1 {
            let value = values.into_iter().next().expect("one value");
            put(form, key, value);
        } else {
            let list: Vec<String> = values.into_iter().collect();
            form.mistakes.push(format!("{key}: {} boxes ticked ({}); the rating is left empty", list.len(), list.join(", ")));
        }
    }
}

fn is_ticked(sdt: Node<'_, '_>, checkbox: Node<'_, '_>) -> bool {
    match checkbox.children().find(|c| c.has_tag_name((W14, "checked"))).and_then(|c| c.attribute((W14, "val"))) {
        Some(val) => matches!(val, "1" | "true" | "on"),
        None => content(sdt).is_some_and(|c| c.descendants().filter_map(|n| n.text()).any(|t| t.contains(TICKED))),
    }
}

/// The characters Word stores as elements rather than text: a
/// non-breaking hyphen (Ctrl+Shift+-), an optional hyphen (Ctrl+-) and a
/// symbol inserted from a symbol font (`w:sym w:char="F04A"`, kept as the
/// character code Word stored). Without them a typed character would be
/// lost on its way back.
fn special_character(node: Node<'_, '_>) -> Option<char> {
    if node.has_tag_name((W, "noBreakHyphen")) {
        Some('\u{2011}')
    } else if node.has_tag_name((W, "softHyphen")) {
        Some('\u{00AD}')
    } else if node.has_tag_name((W, "sym")) {
        node.attribute((W, "char")).and_then(|code| u32::from_str_radix(code, 16).ok()).and_then(char::from_u32)
    } else {
        None
    }
}

fn content<'a, 'i>(sdt: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
    w(sdt, "sdtContent")
}

/// What a text or date control holds: nothing while it shows its
/// placeholder; a date picker's chosen date; else the typed text, with
/// paragraphs and line breaks as newlines and tabs as tabs.
fn text_value(sdt: Node<'_, '_>, props: Node<'_, '_>) -> String {
    if w(props, "showingPlcHdr").is_some() {
        return String::new();
    }
    if let Some(date) = w(props, "date").and_then(|d| d.attribute((W, "fullDate"))) {
        return date.chars().take(10).collect();
    }
    let Some(content) = content(sdt) else { return String::new() };
    let mut out = String::new();
    let mut paragraphs = 0;
    for node in content.descendants() {
        if node.has_tag_name((W, "p")) {
            if paragraphs > 0 {
                out.push('\n');
            }
            paragraphs += 1;
        } else if node.has_tag_name((W, "t")) {
            out.push_str(node.text().unwrap_or(""));
        } else if node.has_tag_name((W, "br")) || node.has_tag_name((W, "cr")) {
            out.push('\n');
        } else if node.has_tag_name((W, "tab")) && node.parent().is_some_and(|p| p.has_tag_name((W, "r"))) {
            out.push('\t');
        } else if let Some(c) = special_character(node) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{W, text_value, w};

    #[test]
    fn characters_word_stores_as_elements_come_back() {
        let xml = format!(
            r#"<w:sdt xmlns:w="{W}"><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>co</w:t><w:noBreakHyphen/><w:t>op</w:t><w:softHyphen/><w:t>x</w:t><w:tab/><w:sym w:font="Wingdings" w:char="F04A"/></w:r></w:p><w:p><w:r><w:t xml:space="preserve"> two </w:t></w:r></w:p></w:sdtContent></w:sdt>"#
        );
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let sdt = doc.root_element();
        assert_eq!(text_value(sdt, w(sdt, "sdtPr").unwrap()), "co\u{2011}op\u{00AD}x\t\u{F04A}\n two ");
    }
}
