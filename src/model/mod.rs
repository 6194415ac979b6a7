//! The validated framework: what a source says, with every reference checked
//! and every default filled in. `framewright dump` prints it as JSON, the
//! pack plan reads it, and its types also describe the source format as a
//! JSON Schema (`framewright schema`), so the format has one definition.
//! [`dates`] reads dates as people write them, for the source's messages
//! and the harvest's sign-off dates.

mod assessment;
pub mod changes;
mod content;
pub mod dates;
mod framework;
mod packs;
mod text;
mod training;
mod values;
mod wording;

pub use assessment::{Assessment, Columns, ScalePoint, SignoffField, SignoffKind};
pub use content::{Domain, Kind, Statement, Topic};
pub use framework::{Band, Framework, Level, Meta, Role, Scheme, primary_language, same_language, version_key};
pub use packs::{BilingualLayout, Branding, Format, Orientation, PackBuild, Packs, Paper, Registration, RegistrationField};
pub use text::{Block, Blocks, Inline, Span, Style};
pub use training::{Refresher, Training, TrainingFormat};
pub use values::{CaseId, Colour, Date, Id, IdMap, Interval, OneOrMany, Selection, Sp};
pub use wording::Wording;
