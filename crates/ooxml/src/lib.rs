//! A Word document written by docx-rs 0.4.22 made into a package Word,
//! LibreOffice and the ECMA-376 schemas accept, byte for byte the same for
//! the same input.
//!
//! Its one job is the package around a document's content: what docx-rs
//! leaves out or writes out of the schema's order ([`conform`], with
//! [`replace_counted`] and [`take_text`] for patches of one's own), the
//! theme part, embedded fonts obfuscated as the standard asks
//! ([`EmbeddedFont`]) and the reproducible zip ([`zip`],
//! [`zip_embedding`]). It is a crate of its own because two unrelated
//! writers share it (framewright's Word packs and the harvest's Word
//! report), it knows nothing of either, and an edit here recompiles only
//! this crate.
//!
//! Modules: `patch` (the schema's order, `patch/schema_order.rs`; the
//! theme, `patch/theme.rs`), `font` (embedded fonts), `package` (the zip,
//! and fonts compressed once for many packages).

mod font;
mod package;
mod patch;

pub use font::{Embedded, EmbeddedFont};
pub use package::{SharedParts, Stamp, zip, zip_embedding};
pub use patch::{conform, replace_counted, take_text};
