//! The workspace lock: an advisory lock on `.apiassure.lock` held while a
//! process reads, changes and writes workspace files. The operating system
//! drops it when the process dies, so a killed writer never leaves a stale lock.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::WorkspaceError;

pub const LOCK_FILE: &str = ".apiassure.lock";

/// Held lock; released on drop.
#[derive(Debug)]
pub struct WorkspaceLock {
    file: File,
    path: PathBuf,
}

impl WorkspaceLock {
    /// Take the lock, waiting up to `wait` for another process to finish.
    pub fn acquire(root: &Path, wait: Duration) -> Result<WorkspaceLock, WorkspaceError> {
        let path = root.join(LOCK_FILE);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|source| WorkspaceError::Io {
                path: path.clone(),
                source,
            })?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) => {
                    if start.elapsed() >= wait {
                        let mut holder = String::new();
                        let _ = file.read_to_string(&mut holder);
                        return Err(WorkspaceError::Locked {
                            path,
                            holder: holder.trim().to_string(),
                        });
                    }
                    std::thread::sleep(Duration::from_millis(25));
                }
                Err(std::fs::TryLockError::Error(source)) => {
                    return Err(WorkspaceError::Io { path, source });
                }
            }
        }
        // Say who holds it, for the message another process will show.
        let _ = file.set_len(0);
        let _ = file.seek(SeekFrom::Start(0));
        let _ = write!(
            file,
            "pid {} ({}) since {}",
            std::process::id(),
            std::env::args().collect::<Vec<_>>().join(" "),
            chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ")
        );
        let _ = file.flush();
        Ok(WorkspaceLock { file, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for WorkspaceLock {
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}
