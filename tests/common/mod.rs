//! Helpers shared by the integration tests, one module per concern:
//! running the binary ([`cli`]), the Chromium clients ([`browser`]), test sources and positions ([`sources`]),
//! diagnostics in the output ([`diagnostics`]), the seed text ([`seeds`]),
//! model and plan JSON ([`plans`]), projects and builds ([`projects`]),
//! PDF clients ([`pdf`]), LibreOffice ([`office`]), harvest's
//! outputs ([`harvested`]) and `framewright serve` run as a child
//! process on either database ([`serve`]). Tests `use crate::common::*`.

pub mod browser;
pub mod cli;
pub mod diagnostics;
pub mod harvested;
pub mod office;
pub mod pdf;
pub mod plans;
pub mod projects;
pub mod seeds;
pub mod serve;
pub mod sources;

pub use browser::*;
pub use cli::*;
pub use diagnostics::*;
pub use harvested::*;
pub use office::*;
pub use pdf::*;
pub use plans::*;
pub use projects::*;
pub use seeds::*;
pub use serve::*;
pub use sources::*;
