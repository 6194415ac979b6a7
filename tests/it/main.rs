//! The integration tests, one binary: each module drives framewright's
//! command line as a user would and checks what it writes with the real
//! clients of `tests/clients/` (see docs/architecture.md, "Tests"). One
//! binary links once, and its tests share the helpers of `tests/common/`.
//! Run one module with `cargo test --release --test it NAME::`.

#[path = "../common/mod.rs"]
mod common;

mod architecture;
mod archive;
mod bad_input;
mod bilingual;
mod bilingual_returns;
mod build;
mod completeness;
mod conformance;
mod diff;
mod docx;
mod docx_fonts;
mod editions;
mod errors;
mod forms;
mod fuzz;
mod harvest;
mod html;
mod hyphenation;
mod interop;
mod pdf;
mod pdf_errors;
mod plan;
mod print;
mod samples;
mod scaffold;
mod schema;
mod serve_access;
mod serve_api;
mod serve_browser;
mod serve_crash;
mod serve_notices;
mod serve_privacy;
mod serve_register;
mod serve_schema;
mod staff;
mod translate;
mod watch;
mod welsh;
mod whatchanged;
mod wording;
