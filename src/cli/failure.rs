//! How a command ends badly: every error is printed here, the one way
//! (`error: ` and what to do), and each kind of error has its exit code
//! here, so the library's error types say what went wrong and the command
//! line alone decides what a script sees.

use std::fmt::Display;

use super::exit;
use crate::build::{BuildError, LockError};
use crate::harvest::HarvestError;
use crate::source::SourceError;

/// An error a command can end with.
pub trait Failure: Display {
    /// The exit code it calls for (see [`exit`]).
    fn exit_code(&self) -> i32;
}

/// Prints `error` on stderr.
pub fn print_error(error: &dyn Display) {
    eprintln!("error: {error}");
}

/// Prints `error` and returns its exit code.
pub fn fail(error: &impl Failure) -> i32 {
    print_error(error);
    error.exit_code()
}

/// Prints `message`, an error the library has no type for, and returns `code`.
pub fn fail_with(message: impl Display, code: i32) -> i32 {
    print_error(&message);
    code
}

impl Failure for SourceError {
    fn exit_code(&self) -> i32 {
        match self {
            Self::NoFolder(_) | Self::EmptyFolder | Self::Unusable(_) | Self::OtherFrameworks { .. } => exit::USAGE,
            Self::Invalid { .. } => exit::INVALID,
        }
    }
}

impl Failure for BuildError {
    fn exit_code(&self) -> i32 {
        match self {
            Self::Source(e) => e.exit_code(),
            Self::StaffNeedsOneSource | Self::NoStaffList(_) => exit::USAGE,
            Self::Output(LockError::Busy(_)) => exit::BUSY,
            Self::Output(LockError::Other(_))
            | Self::StaffList(_)
            | Self::BadRows { .. }
            | Self::Nobody(_)
            | Self::Framework { .. }
            | Self::DownloadPage(_) => exit::INVALID,
        }
    }
}

impl Failure for HarvestError {
    fn exit_code(&self) -> i32 {
        match self {
            Self::Source(e) => e.exit_code(),
            Self::Summary(_)
            | Self::NothingToMerge
            | Self::Inputs(_)
            | Self::Shards(_)
            | Self::StaffNeedsOneSource
            | Self::ExpectedNeedsOneSource
            | Self::Editions(_)
            | Self::Settings(_) => exit::USAGE,
            Self::Isolation(_) | Self::StaffList(_) | Self::Language(_) | Self::Write(_) => exit::INVALID,
        }
    }
}
