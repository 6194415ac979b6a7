//! Pack definitions: which packs to build, in which formats, under which
//! file names, with which branding.

use schemars::JsonSchema;
use serde::Serialize;

use super::{Colour, Selection, Sp};

/// `[packs]`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Packs {
    /// minijinja pattern for file names (no extension); variables: framework,
    /// version, pack, level, role, band, additional_needs, language (the
    /// pack's language when it is not the source's, else empty; a pattern
    /// without it gets `-LANG` added for such packs).
    #[serde(default = "Packs::default_file_name")]
    pub file_name: Sp<String>,
    #[serde(default = "Format::all")]
    pub formats: Vec<Format>,
    /// Also build the whole framework (all levels) as one more pack.
    #[serde(default = "yes")]
    pub full_edition: bool,
    /// Another Typst template, relative to the source file.
    #[serde(default)]
    pub template: Option<Sp<String>>,
    /// A file of wording (the shape of templates/strings.toml) whose entries
    /// replace the project's for this source's packs, relative to the source file.
    #[serde(default)]
    pub strings: Option<Sp<String>>,
    #[serde(default)]
    pub branding: Branding,
    /// The languages to build the packs in (`["en", "cy"]`): the
    /// source's own, and others from the translations kept beside it
    /// (`NAME.LANG.toml`). Empty: the source's language only.
    /// An entry `"cy+en"` builds bilingual packs: both languages in one
    /// pack, the first first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<Sp<String>>,
    /// How a bilingual pack sets out its two languages.
    #[serde(default, skip_serializing_if = "BilingualLayout::is_default")]
    pub bilingual_layout: BilingualLayout,
    /// Each entry builds levels (or roles) × bands.
    pub build: Vec<PackBuild>,
    /// Who `framewright serve`'s download page asks to register before it
    /// gives the files; without it, the files are free to download.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<Registration>,
}

fn yes() -> bool {
    true
}

impl Packs {
    pub const DEFAULT_FILE_NAME: &'static str = "{{ framework }}-{{ pack }}";

    /// The languages of a `languages` entry (or `build --lang`): one, or
    /// the two of a bilingual pack, first first (`"cy+en"`).
    pub fn edition_languages(entry: &str) -> Result<Vec<&str>, String> {
        let languages: Vec<&str> = entry.split('+').map(str::trim).collect();
        match languages.as_slice() {
            [_] => Ok(languages),
            [a, b] if a != b && !a.is_empty() && !b.is_empty() => Ok(languages),
            _ => Err(format!(
                "`{entry}` is neither a language nor a pair of two for bilingual packs (\"cy+en\", the language printed first first)"
            )),
        }
    }

    pub(crate) fn default_file_name() -> Sp<String> {
        Sp::new(Self::DEFAULT_FILE_NAME.into(), 0..0)
    }
}

/// An output format (also the command line's `--format` values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Docx,
    // A self-contained web page: the pack to read, and its self-assessment
    // as a form that works in the browser.
    Html,
}

impl Format {
    pub const ALL: [(&'static str, Format); 3] = [("pdf", Format::Pdf), ("docx", Format::Docx), ("html", Format::Html)];

    pub fn all() -> Vec<Format> {
        Self::ALL.iter().map(|(_, f)| *f).collect()
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Html => "html",
        }
    }
}

/// `[packs.registration]`: the details `framewright serve`'s download
/// page asks of each downloader (a council's page asks name, role,
/// organisation and email), to see who uses the framework and to send
/// them updated versions. Every field listed is required; the consent
/// text comes from the strings table (`[serve] register_consent`).
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    /// The fields to ask, in the order the form asks them.
    pub fields: Vec<Sp<RegistrationField>>,
}

/// A detail the download page may ask (`[packs.registration] fields`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationField {
    Name,
    Email,
    Organisation,
    /// One of the framework's `[[roles]]`, chosen from a list, so the
    /// council can count downloads by role.
    Role,
    JobTitle,
    /// The kind of setting the person works in (school, nursery, college …).
    SettingType,
}

impl RegistrationField {
    pub const ALL: [(&'static str, RegistrationField); 6] = [
        ("name", RegistrationField::Name),
        ("email", RegistrationField::Email),
        ("organisation", RegistrationField::Organisation),
        ("role", RegistrationField::Role),
        ("job_title", RegistrationField::JobTitle),
        ("setting_type", RegistrationField::SettingType),
    ];
}

/// `[packs.branding]`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Branding {
    #[serde(default = "Branding::default_primary")]
    pub primary: Colour,
    #[serde(default = "Branding::default_accent")]
    pub accent: Colour,
    /// A font family shipped in fonts/.
    #[serde(default = "Branding::default_font")]
    pub font: String,
    #[serde(default)]
    pub paper: Paper,
    /// The self-assessment grid's pages in the PDF: "portrait", or
    /// "landscape" for wide evidence and action columns (workbooks filled
    /// in by hand). Word packs keep portrait.
    #[serde(default)]
    pub grid: Orientation,
}

impl Branding {
    pub(crate) fn default_primary() -> Colour {
        Colour("#1d4f91".into())
    }
    pub(crate) fn default_accent() -> Colour {
        Colour("#b35900".into())
    }
    pub(crate) fn default_font() -> String {
        "Atkinson Hyperlegible Next".into()
    }
}

impl Default for Branding {
    fn default() -> Self {
        Self {
            primary: Self::default_primary(),
            accent: Self::default_accent(),
            font: Self::default_font(),
            paper: Paper::default(),
            grid: Orientation::default(),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Paper {
    #[default]
    A4,
    UsLetter,
}

impl Paper {
    pub const ALL: [(&'static str, Paper); 2] = [("a4", Paper::A4), ("us-letter", Paper::UsLetter)];
}

/// How a bilingual pack (`languages = ["cy+en"]`) sets out its two
/// languages: each part in the first language and then in the second
/// ("parts"), or the two side by side, the first on the left ("columns").
/// Either way the form (the self-assessment, action plan and sign-off) is
/// there once, every text of it in both languages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum BilingualLayout {
    #[default]
    Parts,
    Columns,
}

impl BilingualLayout {
    pub const ALL: [(&'static str, BilingualLayout); 2] = [("parts", BilingualLayout::Parts), ("columns", BilingualLayout::Columns)];

    fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// Which way a page is turned.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Orientation {
    #[default]
    Portrait,
    Landscape,
}

impl Orientation {
    pub const ALL: [(&'static str, Orientation); 2] = [("portrait", Orientation::Portrait), ("landscape", Orientation::Landscape)];
}

/// `[[packs.build]]`: levels (or roles) × bands.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PackBuild {
    /// Level ids, or "all". Give `levels` or `roles`, not both.
    #[serde(default)]
    pub levels: Option<Selection>,
    /// Role ids, or "all".
    #[serde(default)]
    pub roles: Option<Selection>,
    /// Band ids, or "all" (the default).
    #[serde(default)]
    pub bands: Option<Selection>,
    /// Include the additional-needs enhancements.
    #[serde(default)]
    pub additional_needs: bool,
    /// Self-assess the statements assumed from earlier levels too (as
    /// `[[levels]] assess_assumed`, for these packs only).
    #[serde(default)]
    pub assess_assumed: bool,
    /// Formats for these packs; default: `[packs] formats`.
    #[serde(default)]
    pub formats: Option<Vec<Format>>,
    /// Where this entry is in the source, for "this pack would be empty".
    #[serde(skip)]
    pub span: std::ops::Range<usize>,
}
