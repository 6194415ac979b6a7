//! Word packs carry their fonts (`src/render/docx/fonts.rs`), so a reader
//! without them sees the pack as designed, and no table heading breaks
//! inside a word (`src/render/docx/measure.rs`):
//!
//! - each embedded part, de-obfuscated with the key worked out as
//!   LibreOffice's reader does (its own code here), is the very font file
//!   of `fonts/` that ttf-parser reads as the family and face the font
//!   table says; Noto Sans Arabic is embedded in exactly the packs whose
//!   text has Arabic;
//! - LibreOffice on a machine without the fonts (fontconfig sees none of
//!   `fonts/`, a fresh home folder) prints the pack in them: `pdffonts`
//!   lists them embedded in its PDF, and every table heading word is whole
//!   in its text;
//! - with the fonts taken out of the pack (as for a program that ignores
//!   embedded fonts), LibreOffice substitutes a wider font and the headings
//!   still stay whole;
//! - a pack that embeds both families is valid for openxml-audit and, its
//!   font table too, against the ECMA-376 schemas (xmllint).

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::common::*;
use serde_json::Value;

const BRAND: &str = "Atkinson Hyperlegible Next";
const COMPLEX: &str = "Noto Sans Arabic";
const OBFUSCATED: &str = "application/vnd.openxmlformats-officedocument.obfuscatedFont";

/// One embedded face: its font-table family, element (`embedBold`), key,
/// part and de-obfuscated bytes.
#[derive(Debug)]
struct Embedded {
    family: String,
    element: String,
    key: String,
    part: String,
    font: Vec<u8>,
}

fn entries(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_string(), data)
        })
        .collect()
}

/// The value of attribute `name` in the XML tag `tag` (from after its
/// element name).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let at = tag.match_indices(&key).find(|(i, _)| *i == 0 || tag.as_bytes()[i - 1] == b' ')?.0 + key.len();
    Some(&tag[at..at + tag[at..].find('"')?])
}

/// The key's 16 bytes as LibreOffice's `writerfilter` reads a `w:fontKey`:
/// hex pairs at fixed positions of `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`,
/// from the last to the first.
fn key_bytes(key: &str) -> [u8; 16] {
    const POSITIONS: [usize; 16] = [35, 33, 31, 29, 27, 25, 22, 20, 17, 15, 12, 10, 7, 5, 3, 1];
    assert!(key.len() == 38 && key.starts_with('{') && key.ends_with('}'), "not a braced GUID: {key}");
    assert!(key[1..37].chars().all(|c| c == '-' || c.is_ascii_digit() || ('A'..='F').contains(&c)), "not upper-case hex: {key}");
    POSITIONS.map(|p| u8::from_str_radix(&key[p..p + 2], 16).unwrap())
}

/// The faces a .docx embeds, de-obfuscated.
fn embedded(entries: &BTreeMap<String, Vec<u8>>) -> Vec<Embedded> {
    let table = String::from_utf8(entries["word/fontTable.xml"].clone()).unwrap();
    let rels = entries.get("word/_rels/fontTable.xml.rels").map(|r| String::from_utf8(r.clone()).unwrap()).unwrap_or_default();
    let targets: BTreeMap<&str, &str> = rels
        .split("<Relationship ")
        .skip(1)
        .map(|r| {
            assert_eq!(attribute(r, "Type"), Some("http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"));
            (attribute(r, "Id").unwrap(), attribute(r, "Target").unwrap())
        })
        .collect();
    let mut out = Vec::new();
    for font in table.split("<w:font ").skip(1) {
        let family = attribute(font, "w:name").unwrap().to_string();
        for tag in font.split('<').filter(|t| t.starts_with("w:embed")) {
            let element = tag[2..].split([' ', '/', '>']).next().unwrap().to_string();
            let key = attribute(tag, "w:fontKey").unwrap_or_else(|| panic!("{family} {element}: no w:fontKey")).to_string();
            let id = attribute(tag, "r:id").unwrap();
            let part = format!("word/{}", targets.get(id).unwrap_or_else(|| panic!("{family} {element}: no relationship {id}")));
            let mut font = entries.get(&part).unwrap_or_else(|| panic!("no part {part}")).clone();
            let bytes = key_bytes(&key);
            for (i, b) in font.iter_mut().take(32).enumerate() {
                *b ^= bytes[i % 16];
            }
            out.push(Embedded { family: family.clone(), element, key, part, font });
        }
    }
    out
}

/// The files of `fonts/`, by content.
fn project_fonts() -> BTreeMap<Vec<u8>, String> {
    let mut fonts = BTreeMap::new();
    for dir in std::fs::read_dir(root().join("fonts")).unwrap().flatten().filter(|d| d.path().is_dir()) {
        for file in std::fs::read_dir(dir.path()).unwrap().flatten() {
            if file.path().extension().is_some_and(|e| e == "ttf") {
                fonts.insert(std::fs::read(file.path()).unwrap(), file.file_name().to_string_lossy().into_owned());
            }
        }
    }
    fonts
}

/// The family, weight and italic flag ttf-parser reads from a face.
fn face_of(font: &[u8]) -> (String, u16, bool) {
    let face = ttf_parser::Face::parse(font, 0).expect("a font ttf-parser reads");
    let name = |id| face.names().into_iter().find(|n| n.name_id == id && n.is_unicode()).and_then(|n| n.to_string());
    let family = name(ttf_parser::name_id::TYPOGRAPHIC_FAMILY).or_else(|| name(ttf_parser::name_id::FAMILY)).expect("a family name");
    (family, face.weight().to_number(), face.is_italic())
}

fn has_arabic(entries: &BTreeMap<String, Vec<u8>>) -> bool {
    String::from_utf8_lossy(&entries["word/document.xml"]).chars().any(|c| ('\u{600}'..='\u{6ff}').contains(&c))
}

/// Builds the .docx packs of `source` in `dir` into `out`.
fn build(dir: &Path, source: &str, out: &Path) -> Vec<BuiltFile> {
    build_json(dir, &[source, "--out", out.to_str().unwrap(), "--format", "docx"], &[])
}

#[test]
fn every_embedded_face_is_a_project_font_under_its_key() {
    let project = hostile_docx_project("docx-fonts-parts");
    let mut files = build(&root(), "sources/london-safeguarding.toml", &project.path.join("london"));
    files.extend(build(&project.path, "sources/hostile.toml", &project.path.join("hostile")));
    let ours = project_fonts();
    let (mut arabic_packs, mut checked) = (0, 0);
    let mut keys: BTreeMap<Vec<u8>, String> = BTreeMap::new();
    for file in &files {
        let name = file.path.file_name().unwrap().to_string_lossy().into_owned();
        let entries = entries(&std::fs::read(&file.path).unwrap());
        let types = String::from_utf8_lossy(&entries["[Content_Types].xml"]).into_owned();
        assert!(types.contains(&format!(r#"<Default Extension="odttf" ContentType="{OBFUSCATED}" />"#)), "{name}: {types}");
        assert!(String::from_utf8_lossy(&entries["word/settings.xml"]).contains("<w:embedTrueTypeFonts />"), "{name}");
        let faces = embedded(&entries);
        let arabic = has_arabic(&entries);
        arabic_packs += usize::from(arabic);
        let mut expected = vec![
            (BRAND, "embedRegular", 400, false),
            (BRAND, "embedBold", 700, false),
            (BRAND, "embedItalic", 400, true),
            (BRAND, "embedBoldItalic", 700, true),
        ];
        if arabic {
            expected.extend([(COMPLEX, "embedRegular", 400, false), (COMPLEX, "embedBold", 700, false)]);
        }
        let found: Vec<(&str, &str, u16, bool)> = faces
            .iter()
            .map(|e| {
                assert!(ours.contains_key(&e.font), "{name}: {} ({}) is not a file of fonts/ once de-obfuscated", e.part, e.key);
                let (family, weight, italic) = face_of(&e.font);
                assert_eq!(family, e.family, "{name}: {} holds another family", e.part);
                (e.family.as_str(), e.element.as_str(), weight, italic)
            })
            .collect();
        assert_eq!(found, expected, "{name}: the embedded faces");
        // The key comes from the font: a face has the same key in every
        // pack, and two faces have two keys.
        for e in &faces {
            assert_eq!(keys.entry(e.font.clone()).or_insert_with(|| e.key.clone()), &e.key, "{name}: {}", e.part);
        }
        // Every part is obfuscated: none starts as a font file does.
        for e in &faces {
            let raw = &entries[&e.part];
            assert_ne!(&raw[..4], &e.font[..4], "{name}: {} is not obfuscated", e.part);
            assert_eq!(raw[32..], e.font[32..], "{name}: {} beyond the first 32 bytes is the font as it is", e.part);
        }
        // The fallback for a reader that ignores them: a sans-serif.
        let table = String::from_utf8_lossy(&entries["word/fontTable.xml"]).into_owned();
        let brand = table.split("<w:font ").find(|f| f.contains(&format!("w:name=\"{BRAND}\""))).unwrap();
        assert!(
            brand.contains(r#"<w:panose1 w:val="020B0604020202020204" />"#) && brand.contains(r#"<w:family w:val="swiss" />"#),
            "{brand}"
        );
        assert!(brand.contains(r#"<w:sig w:usb0="A000006F""#), "the Unicode ranges of the face: {brand}");
        checked += 1;
    }
    assert!(checked > 10 && arabic_packs > 0 && arabic_packs < checked, "{checked} packs, {arabic_packs} with Arabic");
    let distinct: std::collections::BTreeSet<&String> = keys.values().collect();
    assert_eq!((keys.len(), distinct.len()), (6, 6), "six faces, six keys");
}

/// The heading words of the pack's tables, from its plan.
fn heading_words(plan: &Value) -> Vec<String> {
    let text = &plan["text"];
    let parts: Vec<&str> = plan["document"]["parts"].as_array().unwrap().iter().map(|p| p["kind"].as_str().unwrap()).collect();
    let mut headings: Vec<&str> = Vec::new();
    if parts.contains(&"training") && !plan["training"].as_array().unwrap().is_empty() {
        headings.extend(["format", "duration", "provider", "refresh"].map(|k| text["training"][k].as_str().unwrap()));
    }
    if parts.contains(&"training") && plan["refresher"].is_null() && !plan["refreshers"].as_array().unwrap().is_empty() {
        headings.extend(["rules_who", "rules_every"].map(|k| text["training"][k].as_str().unwrap()));
    }
    if parts.contains(&"assessment") {
        let keys = ["capability", "scale_rating", "scale_label", "scale_meaning", "scale_met"];
        headings.extend(keys.map(|k| text["assessment"][k].as_str().unwrap()));
        headings.extend(["evidence", "action"].map(|k| plan["assessment"]["columns"][k].as_str().unwrap()));
    }
    if parts.contains(&"signoff") && !plan["assessment"]["action_plan"].as_array().unwrap().is_empty() {
        headings.extend(["number", "action", "support", "date"].map(|k| text["signoff"][k].as_str().unwrap()));
    }
    // "Which pack is mine?": roles, level, examples and the cross-walks.
    if let Some(roles) = plan["roles"]["headers"].as_array() {
        headings.extend(roles.iter().map(|h| h.as_str().unwrap()));
    }
    headings.iter().flat_map(|h| h.split_whitespace()).map(String::from).collect()
}

/// Heading words that LibreOffice's PDF does not hold whole, or breaks
/// inside: in content order (`pdftotext -raw`) a cell's lines follow each
/// other, so a word broken over two or three lines reads as two or three
/// words that make it up ("Duratio n").
fn broken_headings(pdf: &Path, words: &[String]) -> Vec<String> {
    broken_words(&pdftotext_raw(pdf), words)
}

fn broken_words(text: &str, words: &[String]) -> Vec<String> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let mut broken = Vec::new();
    for word in words {
        if !tokens.contains(&word.as_str()) {
            broken.push(format!("`{word}` is not whole"));
        }
        for n in [2, 3] {
            for pieces in tokens.windows(n).filter(|pieces| pieces.concat() == *word) {
                broken.push(format!("`{word}` broken: {pieces:?}"));
            }
        }
    }
    broken
}

#[test]
fn the_heading_check_finds_words_broken_over_lines() {
    let words = ["Duration".to_string(), "Provider".to_string()];
    assert!(broken_words("Option Format Duration Provider Refresh", &words).is_empty());
    assert_eq!(
        broken_words("Option Format Duratio n Provider Refresh", &words),
        ["`Duration` is not whole", "`Duration` broken: [\"Duratio\", \"n\"]"]
    );
    assert_eq!(broken_words("Duration Pro vid er", &words).len(), 2, "three pieces");
}

/// The families fontconfig offers in the environment LibreOffice runs in
/// without our fonts.
fn system_families(dir: &Path) -> String {
    let out = std::process::Command::new("fc-list")
        .args([":", "family"])
        .envs(fontconfig_env(dir, false))
        .output()
        .expect("fc-list (fontconfig)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn libreoffice_without_the_fonts_prints_the_pack_in_them_and_headings_whole() {
    let project = hostile_docx_project("docx-fonts-libreoffice");
    let families = system_families(&project.path.join("fc"));
    assert!(!families.is_empty() && !families.contains("Atkinson") && !families.contains(COMPLEX), "fonts installed here:\n{families}");

    let london = build(&root(), "sources/london-safeguarding.toml", &project.path.join("london"));
    let level3 = london.iter().find(|f| f.pack == "level-3").unwrap();
    let hostile = build(&project.path, "sources/hostile.toml", &project.path.join("hostile"));
    let arabic = hostile.iter().find(|f| has_arabic(&entries(&std::fs::read(&f.path).unwrap()))).expect("a hostile pack with Arabic");
    let pdfs = soffice_convert_without_our_fonts(&[level3.path.clone(), arabic.path.clone()], "pdf", &project.path.join("pdf"));

    for (pdf, expected) in pdfs.iter().zip([
        &["AtkinsonHyperlegibleNext-Regular", "AtkinsonHyperlegibleNext-Bold"][..],
        &["AtkinsonHyperlegibleNext-Regular", "AtkinsonHyperlegibleNext-Bold", "NotoSansArabic-Regular"][..],
    ]) {
        let fonts = pdffonts(pdf);
        for name in expected {
            assert!(
                fonts.iter().any(|f| f.name == *name && f.embedded),
                "{}: {name} is not in LibreOffice's PDF: {fonts:?}",
                pdf.display()
            );
        }
    }
    let plan = plan_in(&root(), "sources/london-safeguarding.toml", "level-3");
    let words = heading_words(&plan);
    for word in ["Duration", "Intercollegiate", "Competence", "Support"] {
        assert!(words.contains(&word.to_string()), "{word} in {words:?}");
    }
    let broken = broken_headings(&pdfs[0], &words);
    assert!(broken.is_empty(), "{}: {broken:?}", pdfs[0].display());
}

/// `docx` with its fonts taken out: the font table names them only.
fn without_fonts(docx: &Path, out: &Path) -> PathBuf {
    let mut parts = entries(&std::fs::read(docx).unwrap());
    parts.retain(|name, _| !name.starts_with("word/fonts/") && name != "word/_rels/fontTable.xml.rels");
    let table = String::from_utf8(parts["word/fontTable.xml"].clone()).unwrap();
    let table: String = table.split('<').filter(|t| !t.starts_with("w:embed")).collect::<Vec<_>>().join("<");
    parts.insert("word/fontTable.xml".into(), table.into_bytes());
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let mut zip = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    for (name, bytes) in
        parts.iter().filter(|(n, _)| *n == "[Content_Types].xml").chain(parts.iter().filter(|(n, _)| *n != "[Content_Types].xml"))
    {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    out.to_path_buf()
}

#[test]
fn headings_stay_whole_in_a_substitute_font() {
    let dir = TempDir::new("docx-fonts-substitute");
    let packs = build(&root(), "sources/london-safeguarding.toml", &dir.path.join("out"));
    let mut files = Vec::new();
    let mut words = Vec::new();
    for pack in &packs {
        files.push(without_fonts(&pack.path, &dir.path.join("bare").join(pack.path.file_name().unwrap())));
        words.push(heading_words(&plan_in(&root(), "sources/london-safeguarding.toml", &pack.pack)));
    }
    let pdfs = soffice_convert_without_our_fonts(&files, "pdf", &dir.path.join("pdf"));
    let mut problems = Vec::new();
    for (pdf, words) in pdfs.iter().zip(&words) {
        let fonts = pdffonts(pdf);
        assert!(fonts.iter().all(|f| !f.name.contains("Atkinson")), "{}: the brand font is still there: {fonts:?}", pdf.display());
        let broken = broken_headings(pdf, words);
        if !broken.is_empty() {
            problems.push(format!("{}: {broken:?} (fonts: {:?})", pdf.display(), fonts.iter().map(|f| &f.name).collect::<Vec<_>>()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_pack_that_embeds_both_families_is_valid_for_openxml_audit_and_the_schemas() {
    require_python_module("openxml_audit", "openxml-audit");
    let project = hostile_docx_project("docx-fonts-valid");
    let hostile = build(&project.path, "sources/hostile.toml", &project.path.join("out"));
    let pack = hostile.iter().find(|f| has_arabic(&entries(&std::fs::read(&f.path).unwrap()))).expect("a hostile pack with Arabic");
    assert_eq!(embedded(&entries(&std::fs::read(&pack.path).unwrap())).len(), 6, "both families embedded");
    let out = tool("openxml-audit", ["-o".as_ref(), "json".as_ref(), "-m".as_ref(), "0".as_ref(), pack.path.as_os_str()]);
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("openxml-audit printed no JSON ({e}):\n{}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!((&report[0]["errors"], &report[0]["valid"]), (&serde_json::json!([]), &Value::Bool(true)), "openxml-audit: {report:#}");
    let script = root().join("tests/clients/ooxml_schema.py");
    let report = python_json([script.as_os_str(), pack.path.as_os_str()]);
    assert_eq!(report["errors"], serde_json::json!({}), "xmllint --schema wml.xsd: {report:#}");
    assert_eq!(report["validated"], 6, "document, styles, numbering, settings, font table, footer: {report}");
}
