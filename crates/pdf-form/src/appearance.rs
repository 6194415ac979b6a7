//! Appearance streams: what a widget looks like in each state. PDF/A
//! forbids asking the viewer to draw fields itself (`NeedAppearances`), so
//! every state of every widget gets a stream. The box around a field is
//! drawn by the template, so an empty field's appearance is empty and the
//! form prints as a paper form; a ticked button adds a tick, a pre-filled
//! text field its text.

use std::collections::HashMap;

use pdf_writer::{Name, Rect, Ref};

use super::edit;
use super::font::{PackFont, RESOURCE};
use super::splice::Output;

/// The size text fields are typed and pre-filled at, in points.
pub const FONT_SIZE: f64 = 10.0;

/// Makes appearance streams. Buttons of the same size share their on and
/// off streams (a pack has hundreds of identical boxes); every text field
/// gets its own, because form fillers such as pypdf rewrite a text field's
/// appearance stream in place, which would show one field's text in all.
pub struct Appearances {
    font: Ref,
    shared: HashMap<(&'static str, [u32; 2]), Ref>,
}

impl Appearances {
    pub fn new(font: Ref) -> Self {
        Self { font, shared: HashMap::new() }
    }

    /// The appearance of an unticked button of `size`.
    pub fn unticked(&mut self, out: &mut Output, size: [f32; 2]) -> Ref {
        self.shared(out, "off", size, Vec::new())
    }

    /// The appearance of a blank text field of `size`.
    pub fn blank(&mut self, out: &mut Output, size: [f32; 2]) -> Ref {
        self.stream(out, size, b"/Tx BMC EMC")
    }

    /// The ticked appearance of a button of `size`: a heavy tick that prints
    /// clearly inside the drawn box.
    pub fn ticked(&mut self, out: &mut Output, size: [f32; 2]) -> Ref {
        let [w, h] = size.map(f64::from);
        let stroke = (w.min(h) * 0.14).max(1.0);
        let content = format!(
            "q 0 G {stroke:.2} w 1 J 1 j {:.2} {:.2} m {:.2} {:.2} l {:.2} {:.2} l S Q",
            w * 0.2,
            h * 0.52,
            w * 0.42,
            h * 0.25,
            w * 0.8,
            h * 0.78,
        );
        self.shared(out, "on", size, content.into_bytes())
    }

    /// A text field of `size` showing `value` on one line, clipped to the
    /// field, in the embedded field font.
    pub fn text(&mut self, out: &mut Output, font: &PackFont, size: [f32; 2], value: &str) -> Ref {
        let [w, h] = size.map(f64::from);
        let baseline = (h * 0.3).max(2.0);
        let mut content = format!(
            "/Tx BMC q 1 1 {:.2} {:.2} re W n BT /{RESOURCE} {FONT_SIZE} Tf 0 g 2 {baseline:.2} Td ",
            (w - 2.0).max(0.0),
            (h - 2.0).max(0.0),
        )
        .into_bytes();
        content.extend(edit::literal(&font.encode(value)));
        content.extend_from_slice(b" Tj ET Q EMC");
        self.stream(out, size, &content)
    }

    fn shared(&mut self, out: &mut Output, state: &'static str, size: [f32; 2], content: Vec<u8>) -> Ref {
        // Sizes are keyed in hundredths of a point: closer is the same box.
        let key = (state, size.map(|v| (v * 100.0).round() as u32));
        if let Some(&id) = self.shared.get(&key) {
            return id;
        }
        let id = self.stream(out, size, &content);
        self.shared.insert(key, id);
        id
    }

    /// A new form XObject of `size` whose resources hold the field font.
    fn stream(&self, out: &mut Output, size: [f32; 2], content: &[u8]) -> Ref {
        let id = out.alloc();
        let mut form = out.object(id).form_xobject(id, content);
        form.bbox(Rect::new(0.0, 0.0, size[0], size[1]));
        form.resources().fonts().pair(Name(RESOURCE.as_bytes()), self.font);
        id
    }
}
