//! Content controls (`w:sdt`): the fillable parts of a Word pack, and the
//! contents field's container. [`Sdts`] writes each control's `w:sdtPr`
//! and counts them.
//!
//! Choices, and why:
//!
//! - **Rating: one check box per scale point** (`w14:checkbox`), not a
//!   drop-down. The grid then has the PDF's columns and prints as tick
//!   boxes for people who fill it in by hand, and LibreOffice 7.4 keeps a
//!   check box's alias when it saves the file again, while it drops a
//!   drop-down's alias and tag. The price: Word does not make the boxes of
//!   a row exclusive, so a reader of returned forms must treat two ticks in
//!   a row as a mistake to report.
//! - **Keys.** `w:tag` is the plan's field name (`l1-01.evidence`,
//!   `signoff.name`); a rating box adds the scale value it stands for
//!   (`l1-01.rating=3`, the export value of the PDF's radio button).
//!   LibreOffice drops `w:tag` (and renumbers `w:id`) when it saves, so the
//!   alias ends with the same key in brackets, the **second key**:
//!   `Rating of l1-01: 3 Competent [l1-01.rating=3]`. A reader takes the
//!   tag, else the bracketed end of the alias.
//! - **Text and date controls are block-level** (the `w:sdt` wraps the
//!   cell's paragraph): LibreOffice 7.4 keeps the alias of a block-level
//!   date control but drops it from an inline one. Text is plain
//!   (`w:text`, multi-line), so what a person types comes back as text.
//! - Every control is `sdtLocked` (it cannot be deleted by mistake; its
//!   content can be edited) and starts empty (or pre-filled from a staff
//!   list), so a printed form has blank boxes rather than "Click here"
//!   prompts.

use std::sync::LazyLock;

use super::layout::{BOX_FONT, BOX_STYLE};
use super::text::run;
use super::wml::{Paragraph, Run, Sdt, escape};
use crate::plan::field::{Choice, ControlKey, FieldKey};

const UNCHECKED: &str = "\u{2610}";
const CHECKED_HEX: &str = "2612";
const UNCHECKED_HEX: &str = "2610";

/// The run properties and the type element of every check box (the same
/// for each of a pack's thousand and more: written once).
static CHECK_BOX: LazyLock<(String, String)> = LazyLock::new(|| {
    (
        format!(r#"<w:rPr><w:rStyle w:val="{BOX_STYLE}"/></w:rPr>"#),
        format!(
            r#"<w14:checkbox><w14:checked w14:val="0"/><w14:checkedState w14:val="{CHECKED_HEX}" w14:font="{BOX_FONT}"/><w14:uncheckedState w14:val="{UNCHECKED_HEX}" w14:font="{BOX_FONT}"/></w14:checkbox>"#
        ),
    )
});

/// What a text-like control holds.
pub enum Field {
    /// Multi-line plain text.
    Text,
    /// A date picker (ISO dates, like the rest of the pack).
    Date,
}

/// Numbers the content controls of a document.
#[derive(Default)]
pub struct Sdts {
    /// How many `w:sdt` have been made.
    created: usize,
    /// How many of them are controls a person fills (not the contents).
    pub fields: usize,
}

impl Sdts {
    fn sdt(&mut self, props: String) -> Sdt {
        self.created += 1;
        Sdt::new(props)
    }

    /// A control: `tag` is the key, `label` what a person reads (the alias
    /// is `label [tag]`); `run_props` and `kind` are its `w:rPr` and its
    /// type element.
    fn control(&mut self, key: &ControlKey, label: &str, run_props: &str, kind: &str) -> Sdt {
        self.fields += 1;
        let id = self.created + 1;
        let (alias, tag) = (key.alias(label), key.to_string());
        self.sdt(format!(
            r#"<w:sdtPr>{run_props}<w:alias w:val="{}"/><w:tag w:val="{}"/><w:id w:val="{id}"/><w:lock w:val="sdtLocked"/>{kind}</w:sdtPr>"#,
            escape(&alias),
            escape(&tag)
        ))
    }

    /// An unticked check box, inline in a paragraph.
    pub fn check_box(&mut self, choice: Choice, label: &str) -> Sdt {
        let glyph = Run::new().style(BOX_STYLE).text(UNCHECKED);
        let (run_props, kind) = &*CHECK_BOX;
        self.control(&ControlKey::Choice(choice), label, run_props, kind).add_run(glyph)
    }

    /// A text or date control holding one paragraph of `style`
    /// (block-level: it goes straight into a table cell), empty unless
    /// `value` pre-fills it (personalised packs); `language` is the date
    /// picker's locale.
    pub fn field(&mut self, field: Field, key: &FieldKey, label: &str, value: Option<&str>, language: &str, style: &str) -> Sdt {
        let kind = match field {
            Field::Text => r#"<w:text w:multiLine="1"/>"#.to_string(),
            Field::Date => format!(
                r#"<w:date><w:dateFormat w:val="yyyy-MM-dd"/><w:lid w:val="{}"/><w:storeMappedDataAs w:val="dateTime"/><w:calendar w:val="gregorian"/></w:date>"#,
                escape(language)
            ),
        };
        // A value comes from a staff list: clean it like all text.
        let paragraph = Paragraph::new().style(style).add_run(run(value.unwrap_or_default()));
        self.control(&ControlKey::Field(key.clone()), label, "", &kind).add_paragraph(paragraph)
    }

    /// The container of the contents field: marked as Word's "Table of
    /// Contents" building block, which LibreOffice needs to show the
    /// entries rather than the field code.
    pub fn contents(&mut self) -> Sdt {
        self.sdt(
            r#"<w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/></w:docPartObj></w:sdtPr>"#
                .to_string(),
        )
    }
}
