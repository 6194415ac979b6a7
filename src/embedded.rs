//! The files built into framewright at compile time by `build.rs` (the
//! scaffold's templates, fonts, source and README): `new` copies them into
//! a project, and `harvest` typesets its reports with them when the project
//! has no templates of its own.

/// Every embedded file: (path from the crate root, contents).
pub const EMBEDDED: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/embedded_files.rs"));
