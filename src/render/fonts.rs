//! Fonts come only from the project's `fonts/` folder: no system fonts, so
//! a pack looks the same on every machine and every face can be embedded
//! (in a PDF by Typst and the form fields, in a Word pack by
//! `docx::fonts`). Both renderers load them here and pick faces the same way.

use std::path::Path;

use typst::foundations::Bytes;
use typst::text::{Font, FontStyle, FontWeight};

/// Loads every `.ttf`, `.otf`, `.ttc` and `.otc` under `dir` (one level of
/// sub-folders, one per family), in a stable order.
pub fn load(dir: &Path) -> Result<Vec<Font>, String> {
    let mut files = Vec::new();
    collect(dir, 0, &mut files).map_err(|e| format!("cannot read the fonts folder {}: {e}", dir.display()))?;
    files.sort();
    let mut fonts = Vec::new();
    for path in files {
        let data = std::fs::read(&path).map_err(|e| format!("cannot read font {}: {e}", path.display()))?;
        let before = fonts.len();
        fonts.extend(Font::iter(Bytes::new(data)));
        if fonts.len() == before {
            return Err(format!("{} is not a font Typst can read; remove it or replace it", path.display()));
        }
    }
    if fonts.is_empty() {
        return Err(format!("no fonts in {}; framewright ships its fonts there", dir.display()));
    }
    Ok(fonts)
}

/// The faces of `family` (named as in the source, any case), in the
/// folder's order.
pub fn family<'a>(fonts: &'a [Font], family: &str) -> impl Iterator<Item = &'a Font> {
    fonts.iter().filter(move |f| f.info().family.eq_ignore_ascii_case(family))
}

/// The face of `family` in `style` whose weight is nearest `weight` (the
/// lighter of two equally near), if the family has that style.
pub fn face<'a>(fonts: &'a [Font], family: &str, weight: FontWeight, style: FontStyle) -> Option<&'a Font> {
    self::family(fonts, family)
        .filter(|f| f.info().variant.style == style)
        .min_by_key(|f| (f.info().variant.weight.distance(weight), f.info().variant.weight.to_number()))
}

fn collect(dir: &Path, depth: usize, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() && depth == 0 {
            collect(&path, depth + 1, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ["ttf", "otf", "ttc", "otc"].contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
    Ok(())
}
