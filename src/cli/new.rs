//! `framewright new NAME`: scaffold a framework project that passes `check`
//! and `build` as it is.
//!
//! The project carries its own copy of the templates and fonts because the
//! embedded Typst serves only files inside the project (so a source shared
//! with someone else cannot read their files). Those copies, and the
//! scaffold's source and README (`scaffold/`, kept as files so they are easy
//! to edit), are embedded in the binary at compile time by `build.rs`,
//! which says why it is a build script rather than a crate.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::{exit, fail_with};
use crate::embedded::EMBEDDED;
use crate::model::Id;
use crate::plan::naming::slug;
use crate::source::ProjectFolder;

/// Scaffold a new framework folder NAME/ with a commented example source, templates and fonts.
#[derive(clap::Args)]
pub struct Args {
    /// The folder to create in the current folder (letters, digits, `-`, `_`, `.`).
    name: OsString,
    /// The framework's title (default: from NAME).
    #[arg(long)]
    title: Option<String>,
    /// The framework id used in file names (default: from NAME).
    #[arg(long, value_name = "ID")]
    id: Option<String>,
}

/// The scaffold's own files in `EMBEDDED`.
const SOURCE_TEMPLATE: &str = "scaffold/source.toml.j2";
const README_TEMPLATE: &str = "scaffold/README.md.j2";
const LOGO: &str = "scaffold/logo.png";

/// Where the project keeps the schema the source's `#:schema` line names.
const SCHEMA_FILE: &str = "framewright.schema.json";

/// The longest folder name accepted (file systems allow 255 bytes; pack
/// file names grow from it).
const MAX_NAME: usize = 64;

pub fn run(args: Args) -> i32 {
    let scaffold = match Scaffold::from_args(args) {
        Ok(s) => s,
        Err(message) => return fail_with(message, exit::USAGE),
    };
    let target = PathBuf::from(&scaffold.name);
    if let Err(message) = check_target(&target) {
        return fail_with(message, exit::USAGE);
    }
    let files = match scaffold.files() {
        Ok(files) => files,
        Err(message) => return fail_with(message, exit::INVALID),
    };
    if let Err(message) = write_project(&target, &files) {
        return fail_with(message, exit::INVALID);
    }
    let name = &scaffold.name;
    let done = format!(
        "created {name}/ ({} files): framework `{}`, \"{}\"\nedit {name}/sources/{name}.toml, then run inside {name}/:\n  framewright check\n  framewright build\n",
        files.len(),
        scaffold.id,
        scaffold.title
    );
    // The project is written whether or not this note can be shown.
    let _ = super::write_stdout(done);
    exit::OK
}

/// What the scaffold is filled in with.
struct Scaffold {
    /// The folder name, also the source's file name.
    name: String,
    id: String,
    title: String,
    /// The publication date (today) and the review date (two years on).
    published: time::Date,
    review: time::Date,
}

impl Scaffold {
    fn from_args(args: Args) -> Result<Self, String> {
        let name = folder_name(&args.name)?;
        let id = match args.id {
            Some(id) => {
                if let Some(problem) = Id::problem(&id) {
                    return Err(format!("`--id {id}` is not a valid id: {problem}"));
                }
                if id.chars().any(|c| c.is_ascii_uppercase()) {
                    return Err(format!("`--id {id}` has capital letters; use lower case, e.g. `{}`", id.to_ascii_lowercase()));
                }
                id
            }
            None => id_from(&name),
        };
        let title = args.title.unwrap_or_else(|| title_from(&name));
        if title.trim().is_empty() || title.chars().any(char::is_control) {
            return Err("`--title` must be one line of text".into());
        }
        let published = today();
        let review = published.replace_year(published.year() + 2).unwrap_or_else(|_| {
            // 29 February two years on does not exist: use the 28th.
            published.replace_day(28).and_then(|d| d.replace_year(published.year() + 2)).unwrap_or(published)
        });
        Ok(Self { name, id, title, published, review })
    }

    /// Every file of the project: (path inside it, contents).
    fn files(&self) -> Result<Vec<(String, Vec<u8>)>, String> {
        let mut files: Vec<(String, Vec<u8>)> = EMBEDDED
            .iter()
            .filter(|(path, _)| ProjectFolder::ALL.iter().any(|folder| folder.holds(path)))
            .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
            .collect();
        files.push((format!("sources/{}.toml", self.name), self.render(SOURCE_TEMPLATE)?.into_bytes()));
        files.push(("README.md".into(), self.render(README_TEMPLATE)?.into_bytes()));
        files.push(("assets/logo.png".into(), embedded(LOGO)?.to_vec()));
        files.push((SCHEMA_FILE.into(), format!("{}\n", super::schema::schema_json()).into_bytes()));
        files.push(("output/.gitkeep".into(), Vec::new()));
        Ok(files)
    }

    /// Renders the embedded minijinja template `path`. Values that go into
    /// TOML strings pass through the `toml` filter, which quotes and escapes.
    fn render(&self, path: &str) -> Result<String, String> {
        let text = std::str::from_utf8(embedded(path)?).map_err(|e| format!("{path} is not UTF-8: {e}"))?;
        let mut env = minijinja::Environment::new();
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
        let syntax = minijinja::syntax::SyntaxConfig::builder().keep_trailing_newline(true).build().map_err(|e| e.to_string())?;
        env.set_syntax(syntax);
        env.add_filter("toml", |s: String| toml::Value::String(s).to_string());
        let template = env.template_from_named_str(path, text).map_err(|e| format!("{path}: {e}"))?;
        template
            .render(minijinja::context! {
                name => &self.name,
                id => &self.id,
                title => &self.title,
                published => self.published.to_string(),
                review => self.review.to_string(),
                year => self.published.year(),
            })
            .map_err(|e| format!("{path}: {e}"))
    }
}

fn embedded(path: &str) -> Result<&'static [u8], String> {
    EMBEDDED.iter().find(|(p, _)| *p == path).map(|(_, bytes)| *bytes).ok_or_else(|| format!("{path} is not built into this framewright"))
}

/// NAME as a plain folder name: it names a folder in the current folder and
/// the source file inside it, so it may not climb out (`..`), be absolute,
/// hold a separator, NUL or control characters, or be a name Windows refuses.
fn folder_name(given: &OsString) -> Result<String, String> {
    let shown = given.to_string_lossy();
    let name =
        given.to_str().ok_or_else(|| format!("`{shown}` is not valid UTF-8; choose a folder name of letters, digits, `-`, `_` and `.`"))?;
    let refuse = |why: &str| {
        Err(format!(
            "`{}` cannot be the name of a new framework folder: {why}; give a plain name such as `my-framework` \
             (framewright new creates it in the current folder: cd to where it should go first)",
            name.escape_debug()
        ))
    };
    if name.is_empty() {
        return refuse("it is empty");
    }
    if name == "." || name == ".." {
        return refuse("it names the current or the parent folder");
    }
    if Path::new(name).is_absolute() || name.starts_with('/') || name.starts_with('\\') {
        return refuse("it is an absolute path");
    }
    if name.contains(['/', '\\']) {
        return refuse("it holds a path separator");
    }
    if name.contains('\0') {
        return refuse("it holds a NUL character");
    }
    if name.chars().any(char::is_control) {
        return refuse("it holds a control character");
    }
    if name.chars().count() > MAX_NAME {
        return refuse(&format!("it is longer than {MAX_NAME} characters"));
    }
    if !name.chars().next().is_some_and(char::is_alphanumeric) {
        return refuse("it must start with a letter or a digit");
    }
    if let Some(c) = name.chars().find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))) {
        return refuse(&format!("`{}` is not allowed (only letters, digits, `-`, `_` and `.`)", c.escape_debug()));
    }
    if name.ends_with('.') {
        return refuse("it ends with a dot, which Windows drops");
    }
    if crate::plan::naming::is_windows_device(name) {
        return refuse("it is a device name Windows reserves");
    }
    Ok(name.to_string())
}

/// A framework id from the folder name: its [`slug`] (transliterated, every
/// run of other characters one `-`) in lower case, at most 64 characters.
fn id_from(name: &str) -> String {
    let id: String = slug(name, &['_']).to_lowercase().chars().take(64).collect();
    let id = id.trim_end_matches('-');
    if Id::problem(id).is_some() { "framework".into() } else { id.to_string() }
}

/// A title from the folder name: separators become spaces, the first letter
/// a capital ("my-framework" → "My framework").
fn title_from(name: &str) -> String {
    let spaced: String = name.chars().map(|c| if matches!(c, '-' | '_' | '.') { ' ' } else { c }).collect();
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let joined = words.join(" ");
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "New framework".into(),
    }
}

/// Today (UTC), or the day of `SOURCE_DATE_EPOCH` when set, so a scaffold
/// can be made reproducibly, as a build can.
fn today() -> time::Date {
    let from_env = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok());
    from_env.and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok()).unwrap_or_else(time::OffsetDateTime::now_utc).date()
}

/// The project may go where nothing is, or into an empty folder.
fn check_target(target: &Path) -> Result<(), String> {
    let shown = target.display();
    match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("cannot look at `{shown}`: {e}")),
        Ok(meta) if !meta.is_dir() => Err(format!("`{shown}` already exists and is not a folder; choose another name")),
        Ok(_) => match std::fs::read_dir(target) {
            Err(e) => Err(format!("cannot read the folder `{shown}`: {e}")),
            Ok(mut entries) => match entries.next() {
                Some(_) => Err(format!(
                    "the folder `{shown}` already exists and is not empty; nothing was written (choose another name, or empty it first)"
                )),
                None => Ok(()),
            },
        },
    }
}

/// Writes the files into a hidden staging folder beside `target`, then
/// renames it into place, so a failure part-way leaves nothing behind.
fn write_project(target: &Path, files: &[(String, Vec<u8>)]) -> Result<(), String> {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let staging = target.with_file_name(format!(".{name}.framewright-new-{}", std::process::id()));
    let write_all = || -> Result<(), String> {
        std::fs::create_dir(&staging).map_err(|e| format!("cannot create a folder here ({}): {e}", staging.display()))?;
        for (path, bytes) in files {
            let path = staging.join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            std::fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        // An empty folder of that name was allowed: it is replaced.
        if target.is_dir() {
            std::fs::remove_dir(target).map_err(|e| format!("cannot replace the empty folder {}: {e}", target.display()))?;
        }
        std::fs::rename(&staging, target).map_err(|e| format!("cannot move the new project to {}: {e}", target.display()))
    };
    let result = write_all();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_are_refused() {
        for bad in ["", ".", "..", "/tmp/x", "a/b", "a\\b", "a\0b", "a\nb", "-x", ".hidden", "a b", "x.", "CON", "nul.txt", "com1", "a:b"] {
            assert!(folder_name(&OsString::from(bad)).is_err(), "`{}` was accepted", bad.escape_debug());
        }
        let long = "a".repeat(MAX_NAME + 1);
        assert!(folder_name(&OsString::from(long)).is_err());
    }

    #[test]
    fn names_that_are_accepted() {
        for good in ["my-framework", "semh_2025", "v1.2", "Fframwaith-ŵyr", "console", "com10"] {
            assert_eq!(folder_name(&OsString::from(good)).as_deref(), Ok(good));
        }
    }

    #[test]
    fn ids_and_titles_from_names() {
        assert_eq!(id_from("My-Framework"), "my-framework");
        assert_eq!(id_from("v1.2"), "v1-2");
        // Transliterated like every name: ŵ is w, not dropped.
        assert_eq!(id_from("Fframwaith-ŵyr"), "fframwaith-wyr");
        assert_eq!(id_from("ŵŵ"), "ww");
        assert_eq!(id_from("—·—"), "framework");
        assert_eq!(title_from("my-framework"), "My framework");
        assert_eq!(title_from("semh_2025"), "Semh 2025");
    }

    #[test]
    fn the_scaffold_is_built_in() {
        for path in [SOURCE_TEMPLATE, README_TEMPLATE, LOGO, "templates/pack.typ", "fonts/README.md"] {
            assert!(embedded(path).is_ok(), "{path} is not embedded");
        }
        assert!(EMBEDDED.iter().any(|(p, _)| p.starts_with("fonts/") && p.ends_with("OFL.txt")), "font licences are embedded");
    }
}
