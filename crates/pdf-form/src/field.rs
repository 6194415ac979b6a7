//! The fields a caller asks for: what each is and where its widgets go.

/// The start of a placeholder figure's alt text; the field's description
/// follows. The caller's layout marks each widget's place with an image
/// whose alt text starts so; [`crate::finish`] finds the placeholders'
/// structure elements by it and takes it out of the page content.
pub const PREFIX: &str = "FIELD:";

/// One fillable field: a text field, or a radio group with one button per
/// choice.
#[derive(Debug)]
pub struct Field {
    /// The stable name a completed form is read back by.
    pub name: String,
    /// The accessible name (`/TU`), read out by screen readers.
    pub label: String,
    pub kind: Kind,
    /// Pre-filled value: the text, or the chosen button's export value.
    pub value: Option<String>,
    pub widgets: Vec<Widget>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Radio,
    Text { multiline: bool },
}

/// Where one widget of a field goes.
#[derive(Debug)]
pub struct Widget {
    /// Zero-based page index.
    pub page: usize,
    /// `[left, bottom, right, top]` in PDF points (y up).
    pub rect: [f32; 4],
    /// `name`, or `name=export` for a radio button: unique in a pack.
    pub key: String,
    /// The placeholder's alt text after [`PREFIX`], which finds its
    /// structure element.
    pub alt: String,
    /// A radio button's value (its appearance state name).
    pub export: Option<String>,
    /// What a radio button means, e.g. "3 Confident".
    pub option: Option<String>,
}
