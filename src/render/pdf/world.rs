//! The embedded Typst world: templates and fonts from the project, the pack
//! plan as a virtual JSON file, and nothing else.
//!
//! One [`Engine`] (library, fonts, parsed templates) is built per build and
//! shared by every pack and thread; each pack gets a light [`PackWorld`]
//! that adds its plan. The plan always lives at the same virtual path, so
//! the interned file ids (at most 2^16 per process) are reused across packs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// Where the plan is served inside the project; the template's default
/// for `sys.inputs.data`.
pub const PLAN_PATH: &str = "/plan.json";

/// Everything that stays the same across the packs of a build.
pub struct Engine {
    root: PathBuf,
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: FileId,
    plan: FileId,
    today: Datetime,
    /// Template sources and other files, read once and shared.
    sources: Mutex<HashMap<FileId, FileResult<Source>>>,
    files: Mutex<HashMap<FileId, FileResult<Bytes>>>,
}

impl Engine {
    /// `root` is the project folder, `main` the template's path inside it
    /// (e.g. "/templates/pack.typ"), `fonts` the faces from `fonts/`.
    pub fn new(root: &Path, main: &str, fonts: Vec<Font>, today: Datetime) -> Result<Self, String> {
        let main = project_file(main).ok_or_else(|| format!("`{main}` is not a valid template path"))?;
        let plan = project_file(PLAN_PATH).expect("the plan path is valid");
        Ok(Self {
            root: root.to_path_buf(),
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            main,
            plan,
            today,
            sources: Mutex::new(HashMap::new()),
            files: Mutex::new(HashMap::new()),
        })
    }

    /// The font faces of `fonts/`.
    pub fn fonts(&self) -> &[Font] {
        &self.fonts
    }

    /// A world that compiles one pack, whose plan is `plan_json`.
    pub fn world(&self, plan_json: Vec<u8>) -> PackWorld<'_> {
        PackWorld { engine: self, plan: Bytes::new(plan_json) }
    }

    /// The file on disk behind `id`, if it is a project file inside the root.
    pub fn disk_path(&self, id: FileId) -> FileResult<PathBuf> {
        let rooted = id.get();
        if let VirtualRoot::Package(spec) = rooted.root() {
            return Err(FileError::Other(Some(
                format!(
                    "package {spec} is not available: framewright builds offline and never downloads packages; \
                     copy what you need into templates/"
                )
                .into(),
            )));
        }
        let path = rooted.vpath().realize(&self.root).map_err(FileError::Realize)?;
        // Refuse anything that leaves the project, including through links.
        let real = path.canonicalize().map_err(|e| FileError::from_io(e, &path))?;
        let root = self.root.canonicalize().map_err(|e| FileError::from_io(e, &self.root))?;
        if !real.starts_with(&root) {
            return Err(FileError::AccessDenied);
        }
        Ok(real)
    }

    fn read(&self, id: FileId) -> FileResult<Bytes> {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files
            .entry(id)
            .or_insert_with(|| {
                let path = self.disk_path(id)?;
                if path.is_dir() {
                    return Err(FileError::IsDirectory);
                }
                std::fs::read(&path).map(Bytes::new).map_err(|e| FileError::from_io(e, &path))
            })
            .clone()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let mut sources = self.sources.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(cached) = sources.get(&id) {
            return cached.clone();
        }
        let result = self.read(id).and_then(|bytes| {
            let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
            Ok(Source::new(id, text.to_string()))
        });
        sources.insert(id, result.clone());
        result
    }

    /// Every project file the packs compiled so far have read (templates,
    /// images, data), including files that failed to load.
    pub fn files_read(&self) -> Vec<PathBuf> {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let mut paths: Vec<PathBuf> = files.keys().filter_map(|&id| self.disk_path(id).ok()).collect();
        paths.sort();
        paths
    }

    /// The text of a template file, for rendering diagnostics.
    pub fn source_text(&self, id: FileId) -> Option<(String, String)> {
        let source = self.source(id).ok()?;
        let path = id.get().vpath().get_without_slash().to_string();
        Some((path, source.text().to_string()))
    }
}

/// A path inside the project, as Typst identifies it.
fn project_file(path: &str) -> Option<FileId> {
    Some(RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).ok()?).intern())
}

/// The world one pack is compiled in.
pub struct PackWorld<'a> {
    engine: &'a Engine,
    plan: Bytes,
}

impl World for PackWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.engine.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.engine.plan {
            return Err(FileError::NotSource);
        }
        self.engine.source(id)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.engine.plan {
            return Ok(self.plan.clone());
        }
        self.engine.read(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index).cloned()
    }

    /// The build date, never the clock: output must not depend on when it is built.
    fn today(&self, _: Option<Duration>) -> Option<Datetime> {
        Some(self.engine.today)
    }
}
