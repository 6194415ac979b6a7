//! framewright compiles one canonical competency-framework source (TOML)
//! into role- and age-specific packs.
//!
//! Data flows one way: [`source`] (read, parse, validate) → [`model`] (the
//! validated framework) → [`plan`] (what each pack contains) → [`render`] → files
//! ([`build`]). [`build::run`] and [`harvest::run`] own the order of the
//! steps of the two commands, for any front end; [`cli`] parses arguments,
//! calls them with a reporter, and prints their errors with exit codes.
//! [`editions`] compares two editions of a source by stable id, for
//! `diff`, `check` and harvest.

pub mod build;
pub mod cli;
pub mod digest;
pub mod editions;
pub mod embedded;
pub mod escape;
pub mod files;
pub mod harvest;
pub mod interop;
pub mod memory;
pub mod model;
pub mod plan;
pub mod render;
pub mod service;
pub mod source;
pub mod translate;
