//! XLIFF 2.1, the OASIS interchange format computer-aided translation
//! tools read: one `<unit>` per id, the English as `<source>`, the
//! translation so far as `<target>`, the context in `<notes>`. Written with
//! quick-xml, which escapes every text and attribute; characters XML 1.0
//! cannot hold (controls) and a carriage return (which XML reads as a line
//! feed) go as XLIFF's `<cp hex="…"/>`, so every text comes back as it was.

use quick_xml::Writer;
use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::exchange::{Exchange, Header, Offered, Outgoing};

/// The namespace of XLIFF 2.x core (2.1 keeps 2.0's).
const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// The XLIFF document for `units`.
pub fn write(header: &Header, units: &[Outgoing]) -> String {
    let mut w = Writer::new(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = write_document(&mut w, header, units);
    String::from_utf8(w.into_inner()).unwrap_or_default()
}

fn write_document(w: &mut Writer<Vec<u8>>, header: &Header, units: &[Outgoing]) -> std::io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    newline(w, 0)?;
    w.create_element("xliff")
        .with_attributes([
            ("xmlns", NAMESPACE),
            ("version", "2.1"),
            ("srcLang", header.source_language.as_str()),
            ("trgLang", header.language.as_str()),
        ])
        .write_inner_content(|w| {
            newline(w, 1)?;
            w.create_element("file").with_attributes([("id", "f1"), ("original", header.source.as_str())]).write_inner_content(|w| {
                for unit in units {
                    newline(w, 2)?;
                    write_unit(w, unit)?;
                }
                newline(w, 1)
            })?;
            newline(w, 0)
        })?;
    newline(w, 0)
}

fn write_unit(w: &mut Writer<Vec<u8>>, out: &Outgoing) -> std::io::Result<()> {
    w.create_element("unit").with_attributes([("id", out.unit.id.as_str()), ("xml:space", "preserve")]).write_inner_content(|w| {
        newline(w, 3)?;
        w.create_element("notes").write_inner_content(|w| {
            for (category, text) in out.notes() {
                newline(w, 4)?;
                w.create_element("note").with_attribute(("category", category)).write_text_content(escaped(&text))?;
            }
            newline(w, 3)
        })?;
        newline(w, 3)?;
        w.create_element("segment").write_inner_content(|w| {
            newline(w, 4)?;
            w.create_element("source").write_inner_content(|w| text(w, &out.unit.english))?;
            if let Some(target) = &out.translation {
                newline(w, 4)?;
                w.create_element("target").write_inner_content(|w| text(w, target))?;
            }
            newline(w, 3)
        })?;
        newline(w, 2)
    })?;
    Ok(())
}

/// Text of a source or target, escaped, with `<cp>` for what XML cannot carry.
fn text(w: &mut Writer<Vec<u8>>, s: &str) -> std::io::Result<()> {
    let mut run = String::new();
    for c in s.chars() {
        if needs_code_point(c) {
            w.write_event(Event::Text(escaped(&std::mem::take(&mut run))))?;
            w.create_element("cp").with_attribute(("hex", format!("{:04X}", c as u32).as_str())).write_empty()?;
        } else {
            run.push(c);
        }
    }
    w.write_event(Event::Text(escaped(&run)))
}

/// Text with `<`, `>` and `&` escaped: quotes and apostrophes need no
/// escape outside attributes, and a translator reading the file sees them.
fn escaped(s: &str) -> BytesText<'_> {
    BytesText::from_escaped(partial_escape(s))
}

fn needs_code_point(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// A line break and `depth` levels of indentation, between elements only
/// (never inside a text, where it would become part of it).
fn newline(w: &mut Writer<Vec<u8>>, depth: usize) -> std::io::Result<()> {
    w.write_event(Event::Text(BytesText::new(&format!("\n{}", "  ".repeat(depth)))))
}

/// The units of an XLIFF 2 document, with the line each starts on.
pub fn read(text: &str) -> Result<Exchange, (usize, String)> {
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..Default::default() };
    let doc =
        roxmltree::Document::parse_with_options(text, options).map_err(|e| (e.pos().row as usize, format!("not well-formed XML: {e}")))?;
    let root = doc.root_element();
    if root.tag_name().name() != "xliff" || root.tag_name().namespace() != Some(NAMESPACE) {
        return Err((1, format!("not an XLIFF 2 document (the root must be <xliff> in {NAMESPACE})")));
    }
    let line = |node: roxmltree::Node| doc.text_pos_at(node.range().start).row as usize;
    let mut exchange = Exchange { language: root.attribute("trgLang").map(str::to_string), ..Exchange::default() };
    exchange.source =
        root.children().find(|n| n.has_tag_name((NAMESPACE, "file"))).and_then(|f| f.attribute("original")).map(str::to_string);
    for unit in root.descendants().filter(|n| n.has_tag_name((NAMESPACE, "unit"))) {
        let parts = unit.children().filter(|n| n.has_tag_name((NAMESPACE, "segment")) || n.has_tag_name((NAMESPACE, "ignorable")));
        let (mut english, mut translation) = (String::new(), String::new());
        for part in parts {
            for child in part.children().filter(|n| n.is_element()) {
                match child.tag_name().name() {
                    "source" => english.push_str(&content(child)?),
                    "target" => translation.push_str(&content(child)?),
                    _ => {}
                }
            }
        }
        let Some(id) = unit.attribute("id") else {
            return Err((line(unit), "a <unit> has no id".to_string()));
        };
        exchange.units.push(Offered { id: id.to_string(), english, translation, line: line(unit) });
    }
    Ok(exchange)
}

/// The text of a `<source>` or `<target>`, with `<cp>` read back.
fn content(node: roxmltree::Node) -> Result<String, (usize, String)> {
    let mut out = String::new();
    for part in node.descendants().skip(1) {
        if let Some(text) = part.text().filter(|_| part.is_text()) {
            out.push_str(text);
        } else if part.tag_name().name() == "cp" {
            let hex = part.attribute("hex").unwrap_or_default();
            match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                Some(c) => out.push(c),
                None => {
                    return Err((
                        node.document().text_pos_at(part.range().start).row as usize,
                        format!("<cp hex=\"{hex}\"> is not a character"),
                    ));
                }
            }
        }
    }
    Ok(out)
}
