//! Fillable PDF forms, checked with engines that are not ours: pypdf and
//! pikepdf (fields, widgets, structure tree), pdf.js (Firefox's engine),
//! PDFium (Chrome's engine), Poppler (rendering a filled form) and qpdf.
//! The scripts the tests drive live in `tests/clients/`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;
use serde_json::Value;

/// Runs `tests/clients/pdf_forms.py COMMAND ARGS…` and parses its JSON.
fn python_client(command: &str, args: &[&Path]) -> Value {
    let script = root().join("tests/clients/pdf_forms.py");
    let mut all: Vec<&std::ffi::OsStr> = vec![script.as_os_str(), command.as_ref()];
    all.extend(args.iter().map(|p| p.as_os_str()));
    let out = tool("python3", &all);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "pdf_forms.py {command} failed: {stderr}\n(needs pypdf, pikepdf and pypdfium2: pip install pypdf pikepdf pypdfium2; .ci/run does this)"
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("pdf_forms.py {command} printed no JSON ({e}): {stderr}"))
}

/// pdf.js's `getFieldObjects()` for each of `paths`.
fn pdfjs(paths: &[&Path]) -> Value {
    let clients = root().join("tests/clients");
    assert!(
        clients.join("node_modules/pdfjs-dist").is_dir(),
        "pdf.js is not installed: run `npm ci --prefix tests/clients` (.ci/run does this)"
    );
    let out = Command::new("node")
        .arg(clients.join("pdfjs_fields.mjs"))
        .args(paths)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node ({e}): install Node.js 20+ (apt-get install nodejs npm; .ci/run does this)"));
    assert!(out.status.success(), "pdf.js failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("pdf.js printed JSON")
}

/// A built pack and its plan.
struct Pack {
    id: String,
    path: PathBuf,
    plan: Value,
    fields: usize,
}

/// Builds every PDF pack of `source` into `dir`, with the field count each
/// file reported.
fn build_packs(dir: &TempDir, source: &str) -> Vec<Pack> {
    let out = dir.path.join("out");
    let r = run(["build", source, "--format", "pdf", "--out", out.to_str().unwrap(), "--message-format", "json"]);
    r.assert_code(0);
    r.stdout
        .lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).unwrap();
            let id = v["pack"].as_str().unwrap().to_string();
            Pack {
                plan: plan_in(&root(), source, &id),
                path: PathBuf::from(v["path"].as_str().unwrap()),
                fields: v["fields"].as_u64().unwrap() as usize,
                id,
            }
        })
        .collect()
}

/// The field names a pack's plan asks for, with their kinds: `radio` per
/// rating, `text` for everything else.
fn planned_fields(plan: &Value) -> BTreeMap<String, &'static str> {
    let a = &plan["assessment"];
    let mut fields = BTreeMap::new();
    for row in a["rows"].as_array().unwrap() {
        fields.insert(row["rating_field"].as_str().unwrap().to_string(), "radio");
        fields.insert(row["evidence_field"].as_str().unwrap().to_string(), "text");
        fields.insert(row["action_field"].as_str().unwrap().to_string(), "text");
    }
    for f in a["signoff"].as_array().unwrap() {
        fields.insert(f["field"].as_str().unwrap().to_string(), "text");
    }
    for r in a["action_plan"].as_array().unwrap() {
        for key in ["action_field", "support_field", "date_field"] {
            fields.insert(r[key].as_str().unwrap().to_string(), "text");
        }
    }
    fields
}

/// rows × (scale points + 2) + sign-off + action-plan cells.
fn expected_widgets(plan: &Value) -> usize {
    let a = &plan["assessment"];
    let len = |key: &str| a[key].as_array().unwrap().len();
    len("rows") * (len("scale") + 2) + len("signoff") + len("action_plan") * 3
}

fn check_source(test: &str, source: &str) {
    let dir = TempDir::new(test);
    let packs = build_packs(&dir, source);
    let paths: Vec<&Path> = packs.iter().map(|p| p.path.as_path()).collect();
    let inspected = python_client("inspect", &paths);
    let seen_by_pdfjs = pdfjs(&paths);
    let pdfium = python_client("pdfium", &paths);
    let mut problems = Vec::new();
    let mut total = 0;
    for (i, pack) in packs.iter().enumerate() {
        let who = format!("{source} {}", pack.id);
        let planned = planned_fields(&pack.plan);
        let widgets = expected_widgets(&pack.plan);
        total += widgets;
        let report = &inspected[i];
        for p in report["problems"].as_array().unwrap() {
            problems.push(format!("{who}: {}", p.as_str().unwrap()));
        }
        if let Err(e) = qpdf_check(&pack.path) {
            problems.push(format!("{who}: qpdf --check: {e}"));
        }
        if pack.fields != widgets {
            problems.push(format!("{who}: build reported {} fields, expected {widgets}", pack.fields));
        }

        // pypdf: the names, kinds and accessible names.
        let fields = report["fields"].as_object().unwrap();
        let names: BTreeSet<&str> = fields.keys().map(String::as_str).collect();
        let expected: BTreeSet<&str> = planned.keys().map(String::as_str).collect();
        if names != expected {
            problems.push(format!(
                "{who}: pypdf field names differ from the plan: {:?}",
                names.symmetric_difference(&expected).take(5).collect::<Vec<_>>()
            ));
        }
        let scale: Vec<String> = pack.plan["assessment"]["scale"].as_array().unwrap().iter().map(|s| format!("/{}", s["value"])).collect();
        for (name, kind) in &planned {
            let Some(f) = fields.get(name) else { continue };
            let (ft, states) = match *kind {
                "radio" => ("/Btn", scale.clone()),
                _ => ("/Tx", Vec::new()),
            };
            if f["type"] != ft {
                problems.push(format!("{who}: {name} is {} not {ft}", f["type"]));
            }
            let mut got: Vec<String> = f["states"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect();
            got.retain(|s| s != "/Off");
            let mut want = states;
            want.sort();
            if got != want {
                problems.push(format!("{who}: {name} has states {got:?}, expected {want:?}"));
            }
        }
        for row in pack.plan["assessment"]["rows"].as_array().unwrap() {
            let (name, id) = (row["rating_field"].as_str().unwrap(), row["statement"].as_str().unwrap());
            if !fields
                .get(name)
                .and_then(|f| f["tu"].as_str())
                .is_some_and(|tu| tu.contains(id) && tu.contains(row["text"].as_str().unwrap()))
            {
                problems.push(format!("{who}: the accessible name of {name} does not name statement {id} and its text"));
            }
        }
        let widget_list = report["widgets"].as_array().unwrap();
        if widget_list.len() != widgets || report["forms"].as_u64() != Some(widgets as u64) {
            problems.push(format!("{who}: {} widgets and {} /Form elements, expected {widgets}", widget_list.len(), report["forms"]));
        }
        if report["claims"]["pdfua"] != "1" || report["claims"]["pdfa"] != "2A" {
            problems.push(format!("{who}: the file no longer claims PDF/UA-1 and PDF/A-2a: {}", report["claims"]));
        }

        // pdf.js: every field with the right type; radio groups have one
        // radio button per scale point.
        let js = seen_by_pdfjs[i]["fields"].as_object().unwrap();
        let js_names: BTreeSet<&str> = js.keys().map(String::as_str).collect();
        if js_names != expected {
            problems.push(format!("{who}: pdf.js field names differ from the plan"));
        }
        for (name, kind) in &planned {
            let Some(f) = js.get(name) else { continue };
            let types: Vec<&str> = f["types"].as_array().unwrap().iter().filter_map(|t| t.as_str()).filter(|t| !t.is_empty()).collect();
            let want = if *kind == "radio" { "radiobutton" } else { "text" };
            if types != [want] {
                problems.push(format!("{who}: pdf.js sees {name} as {types:?}, expected {want}"));
            }
            if *kind == "radio" && f["exports"].as_array().unwrap().len() != scale.len() {
                problems.push(format!(
                    "{who}: pdf.js sees {} buttons in {name}, expected {}",
                    f["exports"].as_array().unwrap().len(),
                    scale.len()
                ));
            }
        }

        // PDFium: the form environment loads, every widget is there and
        // every page renders with ink on it.
        let p = &pdfium[i];
        if p["acroform"] != (widgets > 0) || p["widgets"].as_u64() != Some(widgets as u64) || p["inked_pages"] != p["pages"] {
            problems.push(format!("{who}: PDFium: {p}"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems, first ones:\n{}",
        problems.len(),
        problems.iter().take(25).cloned().collect::<Vec<_>>().join("\n")
    );
    assert!(total > 0, "{source}: no fields at all");
}

#[test]
fn london_safeguarding_forms() {
    check_source("forms-london", "sources/london-safeguarding.toml");
}

#[test]
fn school_staff_forms() {
    check_source("forms-school", "sources/school-staff-mental-health.toml");
}

#[test]
fn semh_forms() {
    check_source("forms-semh", "sources/semh-multi-agency.toml");
}

#[test]
fn yorkshire_forms() {
    check_source("forms-yorkshire", "sources/yorkshire-humber-pcf.toml");
}

/// The full edition is for reading: it has no self-assessment and no fields.
#[test]
fn full_edition_has_no_fields() {
    let dir = TempDir::new("forms-full");
    let packs = build_packs(&dir, "sources/london-safeguarding.toml");
    let full = packs.iter().find(|p| p.id == "full").expect("a full edition");
    assert_eq!(full.fields, 0);
    let report = &python_client("inspect", &[&full.path])[0];
    assert_eq!(report["fields"].as_object().unwrap().len(), 0);
    assert_eq!(report["widgets"].as_array().unwrap().len(), 0);
}

/// pypdf fills every field of every London and school pack (ratings, a
/// Welsh and an Arabic sentence, a 2,000-character evidence text), saves,
/// reopens and reads every value back; qpdf still passes.
#[test]
fn filled_forms_read_back_and_stay_valid() {
    let dir = TempDir::new("forms-fill");
    let mut packs = build_packs(&dir, "sources/london-safeguarding.toml");
    packs.extend(build_packs(&dir, "sources/school-staff-mental-health.toml"));
    packs.retain(|p| p.fields > 0);
    let filled: Vec<PathBuf> = packs
        .iter()
        .map(|p| dir.path.join(format!("filled-{}-{}.pdf", p.plan["identity"]["framework_id"].as_str().unwrap(), p.id)))
        .collect();
    let pairs: Vec<&Path> = packs.iter().zip(&filled).flat_map(|(p, f)| [p.path.as_path(), f.as_path()]).collect();
    let written = python_client("fill", &pairs);
    let read = python_client("read", &filled.iter().map(PathBuf::as_path).collect::<Vec<_>>());
    let (mut welsh, mut arabic, mut long) = (0, 0, 0);
    for (i, pack) in packs.iter().enumerate() {
        let written = written[i].as_object().unwrap();
        assert_eq!(written.len(), planned_fields(&pack.plan).len(), "{}: every field was filled", pack.id);
        for (name, value) in written {
            assert_eq!(&read[i][name], value, "{}: {name} reads back as written", pack.id);
            let v = value.as_str().unwrap();
            welsh += usize::from(v.contains('ŵ'));
            arabic += usize::from(v.contains("الأطفال"));
            long += usize::from(v.chars().count() == 2000);
        }
        qpdf_check(&filled[i]).unwrap_or_else(|e| panic!("{}: qpdf --check after filling: {e}", pack.id));
    }
    assert!(welsh > 0 && arabic > 0 && long > 0, "the fill covered Welsh ({welsh}), Arabic ({arabic}) and 2,000 characters ({long})");
}

/// Mean grey level (0 black, 255 white) of `rect` (PDF points, y up) on a
/// page rendered at `dpi`, a little inside the rectangle so the drawn box
/// outline does not count.
fn mean_grey(image: &(usize, usize, Vec<u8>), page_height: f64, rect: &[f64], dpi: f64) -> f64 {
    let (w, _, pixels) = image;
    let s = dpi / 72.0;
    let inset = (rect[2] - rect[0]) * 0.2;
    let (x0, x1) = (((rect[0] + inset) * s) as usize, ((rect[2] - inset) * s) as usize);
    let (y0, y1) = (((page_height - rect[3] + inset) * s) as usize, ((page_height - rect[1] - inset) * s) as usize);
    let mut sum = 0u64;
    let mut n = 0u64;
    for y in y0..y1 {
        for x in x0..x1 {
            sum += u64::from(pixels[y * w + x]);
            n += 1;
        }
    }
    sum as f64 / n as f64
}

/// Poppler prints what was filled in: a ticked box is darker than an empty
/// one, and the empty boxes still print as boxes.
#[test]
fn filled_form_prints_its_ticks() {
    let dir = TempDir::new("forms-print");
    let packs = build_packs(&dir, "sources/london-safeguarding.toml");
    let pack = packs.iter().find(|p| p.id == "level-2").unwrap();
    let filled = dir.path.join("filled.pdf");
    let written = &python_client("fill", &[&pack.path, &filled])[0];
    let report = &python_client("inspect", &[&filled])[0];
    let widgets = report["widgets"].as_array().unwrap();
    // The first rating group: one button is chosen, the others are not.
    let first = pack.plan["assessment"]["rows"][0]["rating_field"].as_str().unwrap();
    let chosen = written[first].as_str().unwrap();
    let buttons: Vec<&Value> = widgets.iter().filter(|w| w["name"] == first).collect();
    assert_eq!(buttons.len(), pack.plan["assessment"]["scale"].as_array().unwrap().len());
    let page = buttons[0]["page"].as_u64().unwrap() as usize;
    let dpi = 100.0;
    let image = render_gray(&filled, page + 1, dpi as u32, &dir.path);
    let page_height = image.1 as f64 * 72.0 / dpi;
    let mut ticked = Vec::new();
    let mut empty = Vec::new();
    for b in &buttons {
        let rect: Vec<f64> = b["rect"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
        let grey = mean_grey(&image, page_height, &rect, dpi);
        let states: Vec<&str> = b["states"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
        if states.contains(&chosen) { ticked.push(grey) } else { empty.push(grey) }
    }
    assert_eq!(ticked.len(), 1, "one button of {first} is {chosen}");
    let lightest_empty = empty.iter().cloned().fold(0.0, f64::max);
    assert!(ticked[0] < 200.0 && lightest_empty > 245.0, "ticked box grey {:.0}, empty boxes {empty:?}", ticked[0]);

    // The unfilled pack prints the same boxes with nothing in them, and the
    // box outlines (drawn by the template) are there in both.
    let blank = render_gray(&pack.path, page + 1, dpi as u32, &TempDir::new("forms-print-blank").path);
    for b in &buttons {
        let rect: Vec<f64> = b["rect"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
        assert!(mean_grey(&blank, page_height, &rect, dpi) > 245.0, "an unfilled box is empty");
        let outline = [rect[0] - 1.0, rect[1] - 1.0, rect[0] + 1.0, rect[3] + 1.0];
        let (w, _, pixels) = &blank;
        let s = dpi / 72.0;
        let darkest = (((page_height - outline[3]) * s) as usize..((page_height - outline[1]) * s) as usize)
            .flat_map(|y| ((outline[0] * s) as usize..=(outline[2] * s) as usize).map(move |x| (x, y)))
            .map(|(x, y)| pixels[y * w + x])
            .min()
            .unwrap();
        assert!(darkest < 100, "the box outline under {first} prints (darkest {darkest})");
    }
}

/// The darkest grey (0 black) inside `rect`, as for [`mean_grey`].
fn darkest(image: &(usize, usize, Vec<u8>), page_height: f64, rect: &[f64], dpi: f64) -> u8 {
    let (w, _, pixels) = image;
    let s = dpi / 72.0;
    let inset = 3.0;
    let (x0, x1) = (((rect[0] + inset) * s) as usize, ((rect[2] - inset) * s) as usize);
    let (y0, y1) = (((page_height - rect[3] + inset) * s) as usize, ((page_height - rect[1] - inset) * s) as usize);
    (y0..y1).flat_map(|y| (x0..x1).map(move |x| (x, y))).map(|(x, y)| pixels[y * w + x]).min().unwrap()
}

/// A filler that asks viewers to redraw the fields (pypdf with its
/// defaults sets NeedAppearances) loses no tick and no text: Poppler and
/// PDFium draw each chosen button from its `/MK` caption (a ZapfDingbats
/// check) and `/DA`, and each text field from its `/DA` in the embedded
/// field font.
#[test]
fn a_form_the_viewer_redraws_keeps_its_ticks_and_text() {
    let dir = TempDir::new("forms-redraw");
    let packs = build_packs(&dir, "sources/london-safeguarding.toml");
    let pack = packs.iter().find(|p| p.id == "level-2").unwrap();
    let filled = dir.path.join("filled.pdf");
    let written = &python_client("fill-redraw", &[&pack.path, &filled])[0];
    let report = &python_client("inspect", &[&filled])[0];
    assert!(report["problems"].as_array().unwrap().iter().any(|p| p == "AcroForm sets NeedAppearances"), "pypdf asks viewers to redraw");
    // pypdf writes a radio group's /V as a string (py-pdf/pypdf#3549);
    // Poppler takes a button's choice only from a name, as ISO 32000 has it,
    // and would show no choice whatever the file says. Poppler gets the file
    // with the value written as a name; PDFium reads pypdf's file as it is.
    let named = dir.path.join("named.pdf");
    python_client("name-values", &[&filled, &named]);

    let rows = &pack.plan["assessment"]["rows"];
    let first = rows[0]["rating_field"].as_str().unwrap();
    let evidence = rows[0]["evidence_field"].as_str().unwrap();
    let chosen = written[first].as_str().unwrap();
    let widgets = report["widgets"].as_array().unwrap();
    let buttons: Vec<&Value> = widgets.iter().filter(|w| w["name"] == first).collect();
    let text_box = widgets.iter().find(|w| w["name"] == evidence).unwrap();
    assert_eq!(buttons.len(), pack.plan["assessment"]["scale"].as_array().unwrap().len());
    let page = buttons[0]["page"].as_u64().unwrap() as usize;
    let dpi = 100.0;
    let poppler = render_gray(&named, page + 1, dpi as u32, &dir.path);
    let pgm = dir.path.join("pdfium.pgm");
    python_client("pdfium-pgm", &[&filled, Path::new(&(page + 1).to_string()), Path::new("100"), &pgm]);
    let pdfium = parse_pgm(&std::fs::read(&pgm).unwrap());
    let rect = |w: &Value| -> Vec<f64> { w["rect"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect() };
    for (engine, image) in [("Poppler", &poppler), ("PDFium", &pdfium)] {
        let page_height = image.1 as f64 * 72.0 / dpi;
        let mut ticked = Vec::new();
        let mut empty = Vec::new();
        for b in &buttons {
            let grey = mean_grey(image, page_height, &rect(b), dpi);
            let states: Vec<&str> = b["states"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
            if states.contains(&chosen) { ticked.push(grey) } else { empty.push(grey) }
        }
        assert_eq!(ticked.len(), 1, "{engine}: one button of {first} is {chosen}");
        let lightest_empty = empty.iter().cloned().fold(0.0, f64::max);
        assert!(ticked[0] < 225.0 && lightest_empty > 250.0, "{engine}: ticked box grey {:.0}, empty boxes {empty:?}", ticked[0]);
        let ink = darkest(image, page_height, &rect(text_box), dpi);
        assert!(ink < 100, "{engine}: the evidence text is drawn (darkest grey {ink})");
    }
    // Why Poppler gets the value as a name (README, "Fillable forms"): in
    // pypdf's own file it shows no choice. When this fails, pypdf or Poppler
    // has changed, and the `name-values` step and that paragraph can go.
    let as_filled = render_gray(&filled, page + 1, dpi as u32, &dir.path);
    let page_height = as_filled.1 as f64 * 72.0 / dpi;
    let on = |b: &&&Value| b["states"].as_array().unwrap().iter().any(|s| s == chosen);
    let chosen_box = buttons.iter().find(on).unwrap();
    let grey = mean_grey(&as_filled, page_height, &rect(chosen_box), dpi);
    assert!(grey > 250.0, "Poppler now shows the choice in pypdf's file (grey {grey:.0}): see README, Fillable forms");
}

/// Fields follow the template: widening the rating columns moves the
/// buttons, and each button keeps the size of the box drawn around it.
#[test]
fn fields_follow_the_template_layout() {
    let source = std::fs::read_to_string(root().join("sources/london-safeguarding.toml")).unwrap();
    let rects = |test: &str, from: &str, to: &str| {
        let dir = temp_project(test, &[("london.toml", &source)]);
        let template = dir.path.join("templates/parts/assessment.typ");
        let text = std::fs::read_to_string(&template).unwrap();
        std::fs::write(&template, replace_once(&text, from, to)).unwrap();
        let files = build_json(&dir.path, &["sources/london.toml", "--level", "2", "--out", "out"], &[]);
        let pdf = files.iter().find(|f| f.path.extension().is_some_and(|e| e == "pdf")).unwrap();
        let report = python_client("inspect", &[&pdf.path]).as_array().unwrap()[0].clone();
        let widgets: Vec<Vec<f64>> = report["widgets"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w["name"].as_str().unwrap().ends_with(".rating"))
            .map(|w| w["rect"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect())
            .collect();
        (dir, widgets)
    };
    let (_a, narrow) = rects("forms-move-a", "(9mm,) * n", "(9mm,) * n");
    let (_b, wide) = rects("forms-move-b", "(9mm,) * n", "(15mm,) * n");
    assert_eq!(narrow.len(), wide.len());
    assert!(!narrow.is_empty());
    let mm = 72.0 / 25.4;
    for (n, w) in narrow.iter().zip(&wide) {
        assert!((n[2] - n[0] - 5.0 * mm).abs() < 0.01 && (w[2] - w[0] - 5.0 * mm).abs() < 0.01, "buttons stay 5 mm wide");
    }
    // The second button of a row moves right by at least the first
    // column's 6 mm of extra width (the text column shrinks to make room).
    let shift = wide[1][0] - narrow[1][0];
    assert!(
        wide[1][0] - wide[0][0] > narrow[1][0] - narrow[0][0] + 5.9 * mm,
        "buttons spread out with their columns (shift {shift:.1} pt)"
    );
}

#[test]
fn a_prefilled_button_is_chosen_and_checked() {
    // A template may pre-fill a rating: that button's state is on, its
    // group's value is it, and its /Form element's PrintField attribute
    // says /Checked /on (PDF/UA readers announce it); the others are off.
    let source = std::fs::read_to_string(root().join("sources/london-safeguarding.toml")).unwrap();
    let dir = temp_project("forms-prefilled-button", &[("london.toml", &source)]);
    let template = dir.path.join("templates/parts/assessment.typ");
    let text = std::fs::read_to_string(&template).unwrap();
    std::fs::write(&template, replace_once(&text, "outline: 0.9pt, radius: 0.5mm,", "outline: 0.9pt, radius: 0.5mm, value: \"2\","))
        .unwrap();
    let files = build_json(&dir.path, &["sources/london.toml", "--level", "2", "--out", "out"], &[]);
    let pdf = files.iter().find(|f| f.path.extension().is_some_and(|e| e == "pdf")).unwrap();
    const SCRIPT: &str = r#"
import json, sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
found, stack = [], [pdf.Root.StructTreeRoot]
while stack:
    elem = stack.pop()
    kids = elem.get("/K")
    kids = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR" and elem.get("/S") == "/Form":
            widget = kid.Obj
            attrs = elem.get("/A")
            attrs = attrs if isinstance(attrs, pikepdf.Array) else [attrs]
            checked = [str(a.get("/Checked")) for a in attrs if a.get("/O") == "/PrintField" and a.get("/Role") == "/rb"]
            if checked:
                found.append({"state": str(widget.get("/AS")), "checked": checked[0], "value": str(widget.Parent.get("/V"))})
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            stack.append(kid)
print(json.dumps(found))
"#;
    let buttons = python_json(["-c", SCRIPT, pdf.path.to_str().unwrap()]);
    let buttons = buttons.as_array().unwrap();
    assert!(buttons.len() >= 8, "radio buttons found: {}", buttons.len());
    let mut chosen = 0;
    for b in buttons {
        assert_eq!(b["value"], "/2", "every group holds the pre-filled rating: {b}");
        let on = b["state"] == "/2";
        chosen += usize::from(on);
        assert_eq!(b["checked"], if on { "/on" } else { "/off" }, "{b}");
    }
    assert_eq!(chosen * 4, buttons.len(), "one button of every four-point group is chosen");
}
