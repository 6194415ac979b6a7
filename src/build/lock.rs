//! One build at a time per output folder. Two builds writing the same
//! folder would race on the manifest; the second one waits for nothing and
//! says clearly that the folder is busy. The lock is an OS file lock, so it
//! goes away with the process, however it ends.

use std::fs::{File, TryLockError};
use std::path::Path;

/// The lock file inside the output folder.
pub const FILE_NAME: &str = ".framewright.lock";

/// Held for the whole build.
pub struct OutputLock {
    _file: File,
}

/// Why the output folder cannot be locked.
#[derive(Debug)]
pub enum LockError {
    /// Another build holds it.
    Busy(String),
    Other(String),
}

impl OutputLock {
    pub fn acquire(dir: &Path) -> Result<Self, LockError> {
        let path = dir.join(FILE_NAME);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| LockError::Other(format!("cannot create the lock file {}: {e}", path.display())))?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(TryLockError::WouldBlock) => Err(LockError::Busy(format!(
                "another framewright build is writing to {} (it holds {}); wait for it to finish, or build into another folder with --out",
                dir.display(),
                path.display()
            ))),
            Err(TryLockError::Error(e)) => Err(LockError::Other(format!("cannot lock {}: {e}", path.display()))),
        }
    }
}
