//! Real PDF clients: Poppler, qpdf, and the text and pixels of PDFs.

use std::path::Path;
use std::process::Command;

use super::*;

/// Runs an external program; fails with an install hint if it is missing.
pub fn tool<I, S>(program: &str, args: I) -> std::process::Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(program).args(args).output().unwrap_or_else(|e| {
        let package = match program {
            "qpdf" => "qpdf",
            "python3" => "python3",
            _ => "poppler-utils",
        };
        panic!("cannot run `{program}` ({e}): install {package} (apt-get install {package}; .ci/run does this)")
    })
}

/// Runs a program that must succeed and returns its stdout (lossy UTF-8).
pub fn tool_stdout<I, S>(program: &str, args: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(|a| a.as_ref().to_os_string()).collect();
    let out = tool(program, &args);
    assert!(
        out.status.success(),
        "`{program} {args:?}` failed ({})\n--- stdout:\n{}\n--- stderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `pdfinfo -isodates FILE` as key → value (keys as printed, e.g. "Page size").
pub fn pdfinfo(path: &Path) -> std::collections::BTreeMap<String, String> {
    let text = tool_stdout("pdfinfo", [std::ffi::OsStr::new("-isodates"), path.as_os_str()]);
    text.lines().filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect()
}

/// The size line of every page, from `pdfinfo -f 1 -l N` ("595.276 x 841.89 pts (A4)").
pub fn page_sizes(path: &Path, pages: usize) -> Vec<String> {
    let text =
        tool_stdout("pdfinfo", [std::ffi::OsStr::new("-f"), "1".as_ref(), "-l".as_ref(), pages.to_string().as_ref(), path.as_os_str()]);
    text.lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size:"))
        .map(|l| l.split_once(" size:").unwrap().1.trim().to_string())
        .collect()
}

/// One row of `pdffonts`.
#[derive(Debug)]
pub struct FontRow {
    /// The font name without the subset tag ("AtkinsonHyperlegibleNext-Bold").
    pub name: String,
    pub kind: String,
    pub embedded: bool,
}

/// The fonts `pdffonts` lists. Columns are read from the right, since a
/// long name pushes the others out of their columns.
pub fn pdffonts(path: &Path) -> Vec<FontRow> {
    let text = tool_stdout("pdffonts", [path]);
    let mut lines = text.lines();
    assert!(lines.next().is_some_and(|l| l.starts_with("name")), "pdffonts header:\n{text}");
    assert!(lines.next().is_some_and(|l| l.starts_with("---")), "pdffonts header:\n{text}");
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let t: Vec<&str> = l.split_whitespace().collect();
            assert!(t.len() >= 8, "unexpected pdffonts row `{l}`");
            let n = t.len();
            let name = t[0].split_once('+').map_or(t[0], |(_, rest)| rest).to_string();
            FontRow { name, kind: t[1..n - 6].join(" "), embedded: t[n - 5] == "yes" }
        })
        .collect()
}

/// The families of the fonts in `fonts/` as they are named in a PDF
/// ("AtkinsonHyperlegibleNext"), from the file names (`Family_400Regular.ttf`).
pub fn font_families() -> Vec<String> {
    let mut families = std::collections::BTreeSet::new();
    for dir in std::fs::read_dir(root().join("fonts")).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap() {
            let name = file.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".ttf") || name.ends_with(".otf") {
                families.insert(name.split('_').next().unwrap().to_string());
            }
        }
    }
    families.into_iter().collect()
}

/// `qpdf --check FILE`: fails unless qpdf finds no error.
pub fn qpdf_check(path: &Path) -> Result<(), String> {
    let out = tool("qpdf", [std::ffi::OsStr::new("--check"), path.as_os_str()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    if out.status.success() && stdout.contains("No syntax or stream encoding errors found") {
        Ok(())
    } else {
        Err(format!("qpdf --check {} ({}):\n{stdout}{}", path.display(), out.status, String::from_utf8_lossy(&out.stderr)))
    }
}

/// An object of the PDF as qpdf prints it (`--show-object`); `stream`
/// prints a stream's decoded data instead.
pub fn qpdf_object(path: &Path, object: &str, stream: bool) -> String {
    let mut args = vec![format!("--show-object={object}")];
    if stream {
        args.push("--filtered-stream-data".into());
    }
    args.push(path.display().to_string());
    tool_stdout("qpdf", &args)
}

/// The object number `KEY N 0 R` refers to in a dictionary printed by qpdf.
pub fn object_ref(dict: &str, key: &str) -> Option<String> {
    let rest = dict.split_once(&format!("{key} "))?.1;
    let mut words = rest.split_whitespace();
    let (n, g, r) = (words.next()?, words.next()?, words.next()?);
    (r.starts_with('R') && n.parse::<u32>().is_ok()).then(|| format!("{n},{g}"))
}

/// The document catalog and the decoded XMP metadata stream.
pub fn catalog_and_xmp(path: &Path) -> (String, String) {
    let trailer = qpdf_object(path, "trailer", false);
    let root = object_ref(&trailer, "/Root").unwrap_or_else(|| panic!("no /Root in the trailer: {trailer}"));
    let catalog = qpdf_object(path, &root, false);
    let metadata = object_ref(&catalog, "/Metadata").unwrap_or_else(|| panic!("no /Metadata in the catalog: {catalog}"));
    (catalog.clone(), qpdf_object(path, &metadata, true))
}

/// The value of `/KEY (…)` (a literal string) in a dictionary printed by qpdf.
pub fn literal_value(dict: &str, key: &str) -> Option<String> {
    let rest = dict.split_once(&format!("{key} ("))?.1;
    Some(rest.split_once(')')?.0.to_string())
}

/// The text of an XMP element `<NAME>…</NAME>` (the first one).
pub fn xmp_value(xmp: &str, name: &str) -> Option<String> {
    let rest = xmp.split_once(&format!("<{name}>"))?.1;
    Some(rest.split_once(&format!("</{name}>"))?.0.to_string())
}

/// Plain `pdftotext FILE -` (not -layout): pages separated by form feeds.
pub fn pdftotext(path: &Path) -> String {
    tool_stdout("pdftotext", [path.as_os_str(), std::ffi::OsStr::new("-")])
}

/// `pdftotext -raw FILE -`, collapsed: text in content-stream order, in
/// which a table cell that wraps stays whole (plain mode reads a table row
/// line by line across the cells).
pub fn pdftotext_raw(path: &Path) -> String {
    collapse(&tool_stdout("pdftotext", [std::ffi::OsStr::new("-raw"), path.as_os_str(), "-".as_ref()]))
}

/// Characters removed before comparing: those that only mark a break
/// opportunity or join words (zero-width space, word joiner, soft hyphen),
/// and the direction marks pdftotext puts around right-to-left text.
pub const SOFT_BREAKS: [char; 10] =
    ['\u{200B}', '\u{2060}', '\u{00AD}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}'];

/// All whitespace collapsed to single spaces, soft breaks removed, trimmed.
pub fn collapse(text: &str) -> String {
    text.chars().filter(|c| !SOFT_BREAKS.contains(c)).collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Like [`collapse`], but a run of whitespace holding a line break becomes
/// one `\n`, so a match can tell a line wrap from a space.
pub fn squeeze(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending: Option<char> = None;
    for c in text.chars().filter(|c| !SOFT_BREAKS.contains(c)) {
        if c.is_whitespace() {
            let newline = c == '\n' || c == '\r' || c == '\u{c}';
            pending = Some(if newline || pending == Some('\n') { '\n' } else { ' ' });
        } else {
            if let Some(p) = pending.take()
                && !out.is_empty()
            {
                out.push(p);
            }
            out.push(c);
        }
    }
    out
}

/// Matches `needle` (collapsed) at `hay[start..]` (squeezed), allowing only
/// what a line wrap does to text: a space in the needle matches a space or a
/// line break; a line break in the text may stand for nothing (a wrap after
/// `/` or a dash); a hyphen of the needle inside a word may be missing
/// (pdftotext joins `self-` at a line end with the next line). Returns the
/// end of the match.
fn match_at(hay: &[char], needle: &[char], start: usize) -> Option<usize> {
    let (mut i, mut j) = (start, 0);
    while j < needle.len() {
        let n = needle[j];
        let h = *hay.get(i)?;
        if n == ' ' {
            if h != ' ' && h != '\n' {
                return None;
            }
            i += 1;
            j += 1;
        } else if h == n {
            i += 1;
            j += 1;
        } else if h == '\n' && j > 0 {
            i += 1;
        } else if n == '-' && j > 0 && needle[j - 1] != ' ' && needle.get(j + 1).is_some_and(|c| *c != ' ') {
            j += 1;
        } else {
            return None;
        }
    }
    Some(i)
}

/// How a text was found in a PDF.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// Exactly, once whitespace is collapsed on both sides.
    Exact,
    /// Only by letting a line wrap stand for nothing or drop a hyphen.
    AcrossWrap,
    Missing,
}

/// The text of a PDF, for looking statements up: pdftotext's plain output
/// with each page's footer (framework title, version, review date and
/// "Page X of Y") removed, so a statement that runs over a page break is
/// one run of text again.
#[derive(Debug)]
pub struct PdfText {
    /// Squeezed text of each page, footer removed.
    pub pages: Vec<String>,
    /// The pages joined by line breaks, as characters.
    chars: Vec<char>,
    /// The pages with all whitespace collapsed to spaces.
    pub flat: String,
}

impl PdfText {
    /// Reads `path`; `footer` is the footer's first two lines (title,
    /// version and review date). Every page must carry the footer and its
    /// "Page X of Y", else this returns an error naming the page.
    pub fn read(path: &Path, footer: &str) -> Result<Self, String> {
        Self::from_text(&pdftotext(path), footer).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn from_text(text: &str, footer: &str) -> Result<Self, String> {
        let mut raw: Vec<&str> = text.split('\u{c}').collect();
        if raw.last().is_some_and(|p| p.trim().is_empty()) {
            raw.pop();
        }
        let n = raw.len();
        let footer: Vec<char> = collapse(footer).chars().collect();
        let mut pages = Vec::with_capacity(n);
        for (i, page) in raw.iter().enumerate() {
            let mut chars: Vec<char> = squeeze(page).chars().collect();
            for part in [footer.clone(), format!("Page {} of {n}", i + 1).chars().collect()] {
                let found = (0..chars.len()).rev().find_map(|s| match_at(&chars, &part, s).map(|e| (s, e)));
                let Some((s, e)) = found else {
                    return Err(format!(
                        "page {} of {n} lacks the footer part `{}`:\n{}",
                        i + 1,
                        part.iter().collect::<String>(),
                        squeeze(page)
                    ));
                };
                chars.splice(s..e, ['\n']);
            }
            pages.push(squeeze(&chars.into_iter().collect::<String>()));
        }
        let joined = pages.join("\n");
        Ok(Self { flat: collapse(&joined), chars: joined.chars().collect(), pages })
    }

    /// Where `needle` is: exactly, across a line wrap, or not at all.
    pub fn find(&self, needle: &str) -> Found {
        let needle = collapse(needle);
        if self.flat.contains(&needle) {
            return Found::Exact;
        }
        let needle: Vec<char> = needle.chars().collect();
        let Some(&first) = needle.first() else { return Found::Exact };
        let found = (0..self.chars.len()).filter(|&s| self.chars[s] == first).any(|s| match_at(&self.chars, &needle, s).is_some());
        if found { Found::AcrossWrap } else { Found::Missing }
    }

    pub fn contains(&self, needle: &str) -> bool {
        self.find(needle) != Found::Missing
    }

    /// All the text with every whitespace and soft break removed.
    pub fn without_spaces(&self) -> String {
        self.flat.chars().filter(|c| !c.is_whitespace()).collect()
    }
}

/// The footer lines of a plan's packs: "TITLE Version V · Review date R".
pub fn footer_of(plan: &serde_json::Value) -> String {
    format!("{} {}", plan["framework"]["title"].as_str().unwrap(), plan["document"]["footer"]["version"].as_str().unwrap())
}

/// Words whose box leaves the text area: `pdftotext -bbox`, checked
/// against the page width minus the smaller side margin (`margin` pt) on
/// each side, with 1 pt for glyph overshoot. Returns "page N: word (xMin–xMax)".
pub fn words_outside_margins(path: &Path, margin: f64) -> Vec<String> {
    let html = tool_stdout("pdftotext", [std::ffi::OsStr::new("-bbox"), path.as_os_str(), "-".as_ref()]);
    let attr = |tag: &str, name: &str| -> f64 {
        let rest = tag.split_once(&format!("{name}=\"")).unwrap_or_else(|| panic!("no {name} in {tag}")).1;
        rest.split_once('"').unwrap().0.parse().unwrap()
    };
    let mut out = Vec::new();
    for (p, page) in html.split("<page ").skip(1).enumerate() {
        let width = attr(page, "width");
        for word in page.split("<word ").skip(1) {
            let (tag, rest) = word.split_once('>').unwrap();
            let text = rest.split_once("</word>").map_or(rest, |(t, _)| t);
            let (x0, x1) = (attr(tag, "xMin"), attr(tag, "xMax"));
            if x0 < margin - 1.0 || x1 > width - margin + 1.0 {
                out.push(format!("page {}: `{text}` ({x0:.1}–{x1:.1} of {width:.1})", p + 1));
            }
        }
    }
    out
}

/// Renders page `page` of `path` as an 8-bit grey image (`pdftoppm -gray`,
/// binary PGM) into `dir` and returns (width, height, pixels).
pub fn render_gray(path: &Path, page: usize, dpi: u32, dir: &Path) -> (usize, usize, Vec<u8>) {
    let prefix = dir.join(format!("page{page}"));
    let p = page.to_string();
    let d = dpi.to_string();
    tool_stdout(
        "pdftoppm",
        [
            std::ffi::OsStr::new("-gray"),
            "-r".as_ref(),
            d.as_ref(),
            "-f".as_ref(),
            p.as_ref(),
            "-l".as_ref(),
            p.as_ref(),
            path.as_os_str(),
            prefix.as_os_str(),
        ],
    );
    let stem = format!("page{page}-");
    let file = file_names(dir).into_iter().find(|n| n.starts_with(&stem) && n.ends_with(".pgm")).expect("pdftoppm wrote a .pgm");
    let bytes = std::fs::read(dir.join(file)).unwrap();
    parse_pgm(&bytes)
}

/// A binary PGM (P5, maxval < 256): (width, height, pixels).
pub fn parse_pgm(bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes[i] == b'#' {
            while bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P5", "not a binary PGM");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    assert!(fields[3].parse::<u32>().unwrap() < 256, "16-bit PGM");
    let pixels = bytes[i + 1..].to_vec();
    assert_eq!(pixels.len(), w * h, "PGM size");
    (w, h, pixels)
}

/// The stock Typst 0.15 CLI (`typst` on the PATH), or a loud failure
/// saying how to install it: the stock-Typst test must not be skipped.
pub fn require_typst_cli() -> &'static str {
    let install = "install it: cargo install --locked typst-cli@0.15.1 (.ci/run does this)";
    match Command::new("typst").arg("--version").output() {
        Ok(o) if o.status.success() => {
            let version = String::from_utf8_lossy(&o.stdout).to_string();
            assert!(version.starts_with("typst 0.15."), "the stock Typst CLI is {version}; framewright embeds 0.15: {install}");
            "typst"
        }
        _ => panic!("the stock Typst CLI (`typst`) is not on the PATH; {install}"),
    }
}

/// Fails loudly unless Python 3 can import `module` (installed with `pip
/// install PIP`); returns the installed version of its distribution. Tests
/// that need a Python client must not be skipped when it is missing.
pub fn require_python_module(module: &str, pip: &str) -> String {
    let dist = pip.split("==").next().unwrap_or(pip);
    let script = format!("import importlib.metadata, {module}; print(importlib.metadata.version('{dist}'))");
    match Command::new("python3").args(["-c", &script]).output() {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).trim().to_string(),
        Ok(o) => panic!(
            "the Python package `{dist}` is missing: pip install {pip} (.ci/run installs it)\n{}",
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => panic!("cannot run python3 ({e}): install Python 3, then pip install {pip} (.ci/run installs it)"),
    }
}

/// Runs `python3 SCRIPT ARGS…` (a file, or `-c` code), which must succeed
/// and print JSON.
pub fn python_json<I, S>(args: I) -> serde_json::Value
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = tool_stdout("python3", args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("python printed no JSON ({e}):\n{out}"))
}
