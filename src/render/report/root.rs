//! Where the report documents' templates and fonts are read: a project
//! that has them, else a temporary copy of the ones built into framewright
//! (removed when done), so a council officer holding only summary files
//! can still typeset the combined summary, and `diff --out` works on two
//! source files alone.

use std::path::{Path, PathBuf};

use crate::embedded::EMBEDDED;
use crate::model::Wording;
use crate::source::{Diagnostics, ProjectFolder, ProjectPaths, built_in_wording, load_wording};

/// The folder the reports are typeset in.
pub struct ReportRoot {
    pub path: PathBuf,
    temporary: bool,
}

/// The files a project needs in its templates folder to typeset the
/// report documents.
const REPORT_FILES: [&str; 12] = [
    "report.typ",
    "summary.typ",
    "report/style.typ",
    "parts/changes.typ",
    "html/parts/text.html",
    "layout.toml",
    "html/report.html",
    "html/summary.html",
    "html/report_head.html",
    "html/report_parts.html",
    "html/report.css",
    "html/style.css",
];

impl ReportRoot {
    pub fn new(project: &Path) -> Result<Self, String> {
        let templates = ProjectFolder::Templates.under(project);
        if REPORT_FILES.iter().all(|f| templates.join(f).is_file()) && ProjectFolder::Fonts.under(project).is_dir() {
            return Ok(Self { path: project.to_path_buf(), temporary: false });
        }
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let path = std::env::temp_dir().join(format!("framewright-reports-{}-{nanos}", std::process::id()));
        // A new folder of its own (not one that is already there).
        std::fs::create_dir(&path).map_err(|e| format!("cannot make {}: {e}", path.display()))?;
        let root = Self { path, temporary: true };
        for (name, bytes) in EMBEDDED.iter().filter(|(p, _)| ProjectFolder::ALL.iter().any(|folder| folder.holds(p))) {
            let target = root.path.join(name);
            let fail = |e: std::io::Error| format!("cannot write {}: {e}", target.display());
            std::fs::create_dir_all(target.parent().expect("a file in a folder")).map_err(fail)?;
            std::fs::write(&target, bytes).map_err(fail)?;
        }
        Ok(root)
    }

    /// The wording of the project's templates/strings.toml (framewright's
    /// own when it has none, or when it has mistakes: `check` shows them,
    /// and `note` hears that they were passed over).
    pub fn wording(&self, note: &mut dyn FnMut(&str)) -> Wording {
        let paths = ProjectPaths { source_dir: self.path.clone(), root: self.path.clone() };
        let mut diagnostics = Diagnostics::default();
        let wording = load_wording(&paths, None, &mut diagnostics);
        if !diagnostics.has_errors() {
            return wording;
        }
        note("templates/strings.toml has mistakes (`framewright check` shows them); framewright's own wording is used");
        built_in_wording()
    }
}

impl Drop for ReportRoot {
    fn drop(&mut self) {
        if self.temporary {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}
