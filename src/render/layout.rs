//! [`Layout`]: the page margins and type sizes of every printed document,
//! from the project's `templates/layout.toml` (the file the Typst templates
//! read too; the HTML edition's print rules are written from it), else
//! framewright's own copy of it, for a project made before the file existed.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::source::ProjectFolder;

/// The file, in the templates folder.
const FILE: &str = "layout.toml";

/// framewright's own copy.
const BUILT_IN: &str = include_str!("../../templates/layout.toml");

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    pub margins: Margins,
    pub sizes: Sizes,
}

/// Page margins in millimetres, mirrored on facing pages.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    pub inside: f64,
    pub outside: f64,
    pub top: f64,
    pub bottom: f64,
}

/// Type sizes in points.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Sizes {
    pub body: f64,
    pub table: f64,
    pub footer: f64,
    /// Headings of levels 1 to 5.
    pub headings: [f64; 5],
}

impl Layout {
    /// The layout of the project at `root`.
    pub fn load(root: &Path) -> Result<Self, String> {
        let path = ProjectFolder::Templates.under(root).join(FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::parse(&text).map_err(|e| format!("{}: {e}(see framewright's templates/{FILE} for the keys)", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::built_in()),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    fn built_in() -> Self {
        Self::parse(BUILT_IN).expect("framewright's templates/layout.toml is checked by a unit test")
    }

    fn parse(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_layout_reads() {
        let layout = Layout::parse(BUILT_IN).unwrap();
        assert_eq!((layout.sizes.body, layout.margins.inside), (12.0, 25.0));
    }

    #[test]
    fn a_project_without_the_file_has_the_built_in_one_and_a_bad_file_is_named() {
        let dir = std::env::temp_dir().join(format!("framewright-layout-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("templates")).unwrap();
        assert_eq!(Layout::load(&dir), Ok(Layout::built_in()));
        std::fs::write(dir.join("templates/layout.toml"), "[margins]\ninside = 25\n").unwrap();
        let error = Layout::load(&dir).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(error.contains("layout.toml") && error.contains("outside"), "{error}");
    }
}
