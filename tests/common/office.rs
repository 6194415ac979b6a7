//! LibreOffice.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::*;

/// Converts `files` with headless LibreOffice in one run (it takes about
/// 2 s to start, so files are batched) into `outdir`, with `filter` ("pdf",
/// or "docx:MS Word 2007 XML"). Each run has its own profile, so runs may
/// overlap. LibreOffice also sees the fonts of `fonts/` (as on the machine
/// of a reader who installed them), so what it prints does not depend on
/// the fonts of the machine running the tests. Fails, naming the file,
/// unless every file was converted.
pub fn soffice_convert(files: &[PathBuf], filter: &str, outdir: &Path) -> Vec<PathBuf> {
    convert(files, filter, outdir, true)
}

/// [`soffice_convert`] on a machine without framewright's fonts: LibreOffice
/// sees the system's fonts only, none of `fonts/`, and has a home folder of
/// its own, so no font a user installed either. What it shows in our fonts
/// comes from the document.
pub fn soffice_convert_without_our_fonts(files: &[PathBuf], filter: &str, outdir: &Path) -> Vec<PathBuf> {
    convert(files, filter, outdir, false)
}

/// The environment that gives fontconfig (and so LibreOffice) the system's
/// fonts and, if `ours`, those of `fonts/`, with its configuration, cache
/// and home folder in `dir`.
pub fn fontconfig_env(dir: &Path, ours: bool) -> Vec<(&'static str, PathBuf)> {
    std::fs::create_dir_all(dir.join("home")).unwrap();
    let fonts_conf = dir.join("fonts.conf");
    let project = if ours { format!("<dir>{}</dir>\n", root().join("fonts").display()) } else { String::new() };
    std::fs::write(
        &fonts_conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n\
             <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n{project}<cachedir>{}</cachedir>\n</fontconfig>\n",
            dir.join("fontconfig").display()
        ),
    )
    .unwrap();
    let home = dir.join("home");
    vec![
        ("FONTCONFIG_FILE", fonts_conf),
        ("XDG_DATA_HOME", home.join(".local/share")),
        ("XDG_CONFIG_HOME", home.join(".config")),
        ("HOME", home),
    ]
}

fn convert(files: &[PathBuf], filter: &str, outdir: &Path, our_fonts: bool) -> Vec<PathBuf> {
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let profile = std::env::temp_dir().join(format!("framewright-lo-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&profile).unwrap();
    let env = fontconfig_env(&profile, our_fonts);
    let mut args: Vec<std::ffi::OsString> = vec![
        "--headless".into(),
        format!("-env:UserInstallation=file://{}", profile.display()).into(),
        "--convert-to".into(),
        filter.into(),
        "--outdir".into(),
        outdir.as_os_str().into(),
    ];
    args.extend(files.iter().map(|f| f.as_os_str().to_os_string()));
    let out = Command::new("soffice").args(&args).envs(env).output().unwrap_or_else(|e| {
        panic!("cannot run `soffice` ({e}): install LibreOffice (apt-get install --no-install-recommends libreoffice-writer-nogui; .ci/run does this)")
    });
    let _ = std::fs::remove_dir_all(&profile);
    let extension = filter.split(':').next().unwrap_or(filter);
    files
        .iter()
        .map(|f| {
            let converted = outdir.join(f.file_stem().unwrap()).with_extension(extension);
            assert!(
                out.status.success() && converted.is_file(),
                "LibreOffice did not convert {} to {filter} ({}):\n{}{}",
                f.display(),
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            converted
        })
        .collect()
}

/// The text of part `name` of a zip package (a .docx).
pub fn zip_entry(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut text = String::new();
    archive.by_name(name).unwrap_or_else(|e| panic!("no {name}: {e}")).read_to_string(&mut text).unwrap();
    text
}

/// The paragraphs of a .docx as python-docx reads them (body and table
/// cells, in order), one per line.
pub fn docx_text(path: &Path) -> String {
    let paragraphs = python_json([root().join("tests/clients/docx_forms.py").to_str().unwrap(), "text", path.to_str().unwrap()]);
    paragraphs.as_array().expect("a list of paragraphs").iter().map(|p| p.as_str().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}
