//! Welsh hyphenation (issue 27, part 3), from the CLI: the multi-agency
//! sample's level core, band primary, with its 23 statements in Welsh
//! (TEST DATA written for these tests, not checked by a qualified
//! translator), built with `build --lang cy --lang cy+en --lang en` and the
//! bilingual pack laid out in columns. In the self-assessment grid's narrow
//! statement column a long Welsh word breaks at a break point of the TeX
//! patterns `hyph-cy`, with a hyphen; `pdftotext` and pypdf still read every
//! statement whole (the hyphen at a break is a soft hyphen, which readers
//! drop, and an unused break point leaves nothing in the text); English
//! texts get no Welsh break points; PDF/UA and PDF/A still hold; the same
//! input gives the same bytes.

use hyphenation::{Hyphenator, Language, Load, Standard};

use crate::common::*;

const SOURCE: &str = "sources/semh.toml";

/// The heading above the grid in Welsh (`templates/strings.cy.toml`).
const GRID_HEADING: &str = "Eich sgorau";

/// The Welsh of every statement of the pack (TEST DATA).
const WELSH: [(&str, &str); 23] = [
    (
        "um-c-01",
        "Yn deall bod iechyd meddwl yn fusnes i bawb a bod gan bob oedolyn sy'n gweithio gyda phlant a phobl ifanc ran i'w chwarae wrth gefnogi eu llesiant.",
    ),
    (
        "um-c-02",
        "Yn gwybod bod iechyd meddwl a llesiant yn bodoli ar gontinwwm, ac y gall plentyn neu berson ifanc symud ar ei hyd mewn ymateb i'r hyn sy'n digwydd yn ei fywyd.",
    ),
    (
        "um-c-03",
        "Yn ymwybodol o ffactorau risg ac amddiffynnol cyffredin ar gyfer iechyd meddwl plant, gan gynnwys profiadau niweidiol yn ystod plentyndod, profedigaeth, tlodi, bwlio a pherthnasoedd cefnogol.",
    ),
    ("um-c-04", "Yn cydnabod bod ymddygiad yn fath o gyfathrebu ac y gall fod yn arwydd o angen heb ei ddiwallu yn hytrach na dewis."),
    (
        "um-c-pr-01",
        "Yn ymwybodol o'r cyfnodau pontio y mae plant oed cynradd yn aml yn eu cael yn anodd, megis dechrau'r ysgol, newid dosbarth a symud i'r ysgol uwchradd.",
    ),
    (
        "rr-c-01",
        "Yn sylwi ar newidiadau yn hwyliau, ymddygiad, presenoldeb, golwg neu gyfeillgarwch plentyn neu berson ifanc a allai ddynodi pryder am ei lesiant.",
    ),
    ("rr-c-02", "Yn gwrando'n bwyllog a heb farnu pan fydd plentyn neu berson ifanc yn rhannu pryder, ac nid yw'n addo cadw cyfrinach."),
    (
        "rr-c-03",
        "Yn gwybod pwy yw'r arweinydd diogelu dynodedig (ADD) a'r arweinydd iechyd meddwl yn eu lleoliad, a sut i drosglwyddo pryder ar yr un diwrnod.",
    ),
    (
        "rr-c-04",
        "Yn cofnodi'n ffeithiol yr hyn a welodd ac a glywodd, gan ddefnyddio geiriau'r plentyn ei hun lle bo modd, ac yn dilyn gweithdrefn gofnodi'r lleoliad.",
    ),
    (
        "rr-c-05",
        "Yn gwybod beth i'w wneud pan fydd plentyn neu berson ifanc mewn perygl uniongyrchol o niwed, gan gynnwys pryd i ffonio 999.",
    ),
    (
        "rr-c-pr-01",
        "Yn adnabod arwyddion y gallai plentyn fod yn poeni, megis poenau stumog mynych, amharodrwydd i ddod i'r ysgol neu newidiadau mewn cyfeillgarwch.",
    ),
    ("sc-c-01", "Yn trin pob plentyn a pherson ifanc â chynhesrwydd, parch ac amynedd, ac yn eu helpu i deimlo eu bod yn perthyn."),
    (
        "sc-c-02",
        "Yn defnyddio strategaethau syml, bob dydd i helpu plentyn neu berson ifanc i deimlo'n dawel ac yn ddiogel, megis lle tawel, trefn ragweladwy neu amser gydag oedolyn dibynadwy.",
    ),
    (
        "sc-c-03",
        "Yn gwybod at ble i gyfeirio plant, pobl ifanc a theuluoedd am wybodaeth a chymorth ynghylch llesiant, gan gynnwys cynnig y lleoliad ei hun, llinellau cymorth cenedlaethol a gwasanaethau lleol.",
    ),
    (
        "sc-c-04",
        "Yn parchu cyfrinachedd gan fod yn glir y bydd gwybodaeth am ddiogelwch plentyn yn cael ei rhannu â'r bobl y mae angen iddynt wybod.",
    ),
    ("sc-c-pr-01", "Yn cefnogi plant i ddefnyddio sesiynau gwirio emosiynol, blychau pryder neu barthau rheoleiddio'r lleoliad."),
    (
        "wt-c-01",
        "Yn gwybod ac yn dilyn polisi diogelu ac amddiffyn plant y lleoliad, ac yn deall y gall pryder am iechyd meddwl hefyd fod yn bryder diogelu.",
    ),
    (
        "wt-c-02",
        "Yn uwchgyfeirio pryder at yr ADD neu eu rheolwr llinell, ac yn mynd ar ei drywydd os ydynt yn teimlo na weithredwyd arno.",
    ),
    ("wt-c-03", "Yn gwybod terfynau eu rôl eu hunain ac nid yw'n ceisio rheoli pryder ar eu pen eu hunain."),
    (
        "wt-c-04",
        "Yn gwybod sut i rannu gwybodaeth yn gyfreithlon ac yn ddiogel, ac nad yw cyfraith diogelu data yn atal rhannu gwybodaeth i gadw plentyn yn ddiogel.",
    ),
    ("ly-c-01", "Yn cydnabod y gall cefnogi eraill fod yn heriol yn emosiynol, ac yn gofalu am eu llesiant eu hunain."),
    (
        "ly-c-02",
        "Yn gwybod sut i gael cymorth ar gyfer eu hiechyd meddwl eu hunain yn y gwaith, er enghraifft drwy eu rheolwr llinell, iechyd galwedigaethol neu raglen cymorth i weithwyr.",
    ),
    ("ly-c-03", "Yn cadw llygad am gydweithwyr ac yn eu hannog i ofyn am help pan fyddant yn cael trafferth."),
];

/// A project with the multi-agency sample as [`SOURCE`], bilingual packs
/// in columns, and [`WELSH`] as its Welsh translation (every other text
/// left to English), built as PDF in Welsh, both languages and English.
fn built(test: &str, out: &str) -> TempDir {
    let text = std::fs::read_to_string(root().join("sources/semh-multi-agency.toml")).unwrap();
    let dir = temp_project(test, &[("semh.toml", &replace_once(&text, "[packs]\n", "[packs]\nbilingual_layout = \"columns\"\n"))]);
    run_in(&dir.path, ["translate", "extract", SOURCE, "--lang", "cy", "--format", "po", "--out", "cy.po"]).assert_code(0);
    let mut po = std::fs::read_to_string(dir.path.join("cy.po")).unwrap();
    for (id, welsh) in WELSH {
        let entry = format!("msgctxt \"statement.{id}\"\n");
        let at = po.find(&entry).unwrap_or_else(|| panic!("no unit for statement {id}"));
        let empty = at + po[at..].find("msgstr \"\"").unwrap();
        po.replace_range(empty..empty + "msgstr \"\"".len(), &format!("msgstr \"{welsh}\""));
    }
    dir.write("cy-filled.po", po);
    run_in(&dir.path, ["translate", "import", "cy-filled.po"]).assert_code(0);
    build_into(&dir, out);
    dir
}

fn build_into(dir: &TempDir, out: &str) {
    let args = ["build", SOURCE, "--format", "pdf", "--level", "core", "--band", "primary", "--out", out];
    run_in(&dir.path, args.into_iter().chain(["--lang", "cy", "--lang", "cy+en", "--lang", "en"])).assert_code(0);
}

/// The pack in `language` (`cy`, `cy-en`, or `en` for the English one).
fn pdf(dir: &TempDir, out: &str, language: &str) -> std::path::PathBuf {
    let suffix = if language == "en" { String::new() } else { format!("-{language}") };
    dir.path.join(format!("{out}/semh-multi-agency-level-core-primary{suffix}.pdf"))
}

/// Text as a reader of the PDF takes it: `hyphen` (what the reader made
/// of the hyphen of a broken word) ending a line joins the word it broke,
/// whitespace collapsed.
fn read_as_words(text: &str, hyphen: char) -> String {
    text.replace(&format!("{hyphen}\n"), "").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every line of `pdftotext -layout` that ends in a hyphen Typst added,
/// with the word it broke: (before the break, after it).
fn broken_words(pdf: &std::path::Path) -> Vec<(String, String)> {
    let layout = tool_stdout("pdftotext", [std::ffi::OsStr::new("-layout"), pdf.as_os_str(), "-".as_ref()]);
    let lines: Vec<&str> = layout.lines().collect();
    let mut broken = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(head) = line.trim_end().strip_suffix('\u{ad}') else { continue };
        let before = head.rsplit(' ').next().unwrap_or_default();
        // The statement column is the grid's first: the word goes on at the
        // start of the next line.
        let after = lines.get(i + 1).and_then(|l| l.split_whitespace().next()).unwrap_or_default();
        broken.push((before.to_string(), after.to_string()));
    }
    broken
}

#[test]
fn welsh_words_in_the_grid_break_at_welsh_break_points_and_read_whole() {
    let dir = built("hyphenation", "out");
    let welsh_patterns = Standard::from_embedded(Language::Welsh).unwrap();
    let statements: Vec<&str> = WELSH.iter().map(|(_, w)| *w).collect();
    for language in ["cy", "cy-en"] {
        let pdf = pdf(&dir, "out", language);
        let broken = broken_words(&pdf);
        assert!(!broken.is_empty(), "the {language} pack's grid hyphenates no word");
        for (before, after) in &broken {
            let letters = |s: &str| s.chars().filter(|c| c.is_alphabetic()).collect::<String>();
            let (before, after) = (letters(before), letters(after));
            let word = format!("{before}{after}");
            assert!(statements.iter().any(|s| s.contains(&word)), "{language}: {before}-{after} is no word of the Welsh statements");
            let breaks = welsh_patterns.hyphenate(&word).breaks;
            assert!(breaks.contains(&before.len()), "{language}: {word} broken after {before:?}, where hyph-cy allows {breaks:?}");
        }

        // pdftotext and pypdf read every statement whole; a soft hyphen is
        // only ever the hyphen of a line that broke there. pdftotext reads
        // that hyphen's text (a soft hyphen, in the PDF's ActualText); pypdf
        // reads its glyph, a hyphen (the Welsh statements have no hyphens
        // of their own to be taken for one).
        let pages = python_json([root().join("tests/clients/pdf_text.py").as_os_str(), pdf.as_os_str()]);
        let pypdf: String = pages.as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect::<Vec<_>>().join("\n");
        assert!(statements.iter().all(|s| !s.contains('-')));
        for (reader, text, hyphen) in [("pdftotext", pdftotext(&pdf), '\u{ad}'), ("pypdf", pypdf, '-')] {
            let words = read_as_words(&text, hyphen);
            // The grid comes after its heading (the contents list it first).
            let grid = &words[words.rfind(GRID_HEADING).unwrap_or_else(|| panic!("{reader}: no grid in the {language} pack"))..];
            for statement in &statements {
                assert!(grid.contains(statement), "{reader} does not read {statement:?} whole in the {language} pack's grid:\n{grid}");
            }
            let stray = text.match_indices('\u{ad}').filter(|(i, _)| !text[i + 2..].starts_with('\n')).count();
            assert_eq!(stray, 0, "{reader}: a soft hyphen inside a line of the {language} pack");
        }
    }

    // English is not touched: no soft hyphen in the English pack, and
    // every English statement reads as written in the bilingual one.
    let english = pdf(&dir, "out", "en");
    assert!(!pdftotext(&english).contains('\u{ad}'), "the English pack has a soft hyphen");
    let bilingual = pdftotext(&pdf(&dir, "out", "cy-en")).split_whitespace().collect::<Vec<_>>().join(" ");
    let plan = plan_in(&dir.path, SOURCE, "level-core-primary");
    for row in plan["assessment"]["rows"].as_array().unwrap() {
        let statement = row["text"].as_str().unwrap();
        let grid = &bilingual[bilingual.rfind(GRID_HEADING).unwrap()..];
        assert!(grid.contains(statement), "the English {statement:?} is not read as written in the bilingual pack's grid");
    }

    let packs = [pdf(&dir, "out", "cy"), pdf(&dir, "out", "cy-en")];
    let verdicts = crate::conformance::validate(&packs);
    for pack in &packs {
        assert_eq!(verdicts[pack], Vec::<String>::new(), "{} conforms to PDF/UA-1 and PDF/A-2a", pack.display());
    }

    // The same input, built again elsewhere, gives the same bytes.
    build_into(&dir, "again");
    for language in ["cy", "cy-en"] {
        assert!(
            std::fs::read(pdf(&dir, "out", language)).unwrap() == std::fs::read(pdf(&dir, "again", language)).unwrap(),
            "the {language} pack is built the same twice"
        );
    }
}
