//! The workspace lock: an advisory lock on `.apiassure.lock` held while a
//! process reads, changes and writes workspace files (exclusive), or while
//! `verify` reads them (shared), so `verify` never sees a change half made.
//! The operating system drops it when the process dies, so a killed writer
//! never leaves a stale lock.
//!
//! A workspace can come from anyone (a git clone), so the lock file is
//! opened without following a symbolic link and only when it is a regular
//! file with one name: `.apiassure.lock -> ~/.bashrc` is refused, never
//! written through. The holder's name is written over the file's first
//! bytes in place (never truncated to nothing first), so a lock taken on a
//! full disk still names its holder.

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

/// Which kind of lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// One writer, no reader.
    Exclusive,
    /// Any number of readers (`verify`), no writer.
    Shared,
}

impl WorkspaceLock {
    /// Take the exclusive lock, waiting up to `wait` for another process.
    pub fn acquire(root: &Path, wait: Duration) -> Result<WorkspaceLock, WorkspaceError> {
        Self::take(root, wait, Mode::Exclusive)
    }

    /// Take a shared lock (readers that must see one consistent state),
    /// waiting up to `wait` for a writer to finish.
    pub fn acquire_shared(root: &Path, wait: Duration) -> Result<WorkspaceLock, WorkspaceError> {
        Self::take(root, wait, Mode::Shared)
    }

    fn take(root: &Path, wait: Duration, mode: Mode) -> Result<WorkspaceLock, WorkspaceError> {
        let path = root.join(LOCK_FILE);
        let io = |source| WorkspaceError::Io {
            path: path.clone(),
            source,
        };
        let mut file = open_lock_file(&path).map_err(io)?;
        let start = Instant::now();
        loop {
            let tried = match mode {
                Mode::Exclusive => file.try_lock(),
                Mode::Shared => file.try_lock_shared(),
            };
            match tried {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) => {
                    if start.elapsed() >= wait {
                        let mut holder = String::new();
                        let _ = file.seek(SeekFrom::Start(0));
                        let _ = file.read_to_string(&mut holder);
                        let holder = holder.trim_matches(|c: char| c.is_whitespace() || c == '\0');
                        let holder = if holder.is_empty() {
                            "its holder could not write its name: is the disk full?".to_string()
                        } else {
                            crate::sanitize::line(holder).into_owned()
                        };
                        return Err(WorkspaceError::Locked { path, holder });
                    }
                    std::thread::sleep(Duration::from_millis(25));
                }
                Err(std::fs::TryLockError::Error(source)) => return Err(io(source)),
            }
        }
        if mode == Mode::Exclusive {
            // Say who holds it, for the message another process will show.
            // Written over the old text and then cut to length: the first
            // block stays allocated, so this works on a full disk too.
            let text = format!(
                "pid {} ({}) since {}",
                std::process::id(),
                std::env::args().collect::<Vec<_>>().join(" "),
                chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ")
            );
            let text: String = text.chars().take(400).collect();
            let _ = file.seek(SeekFrom::Start(0));
            if file.write_all(text.as_bytes()).is_ok() {
                let _ = file.set_len(text.len() as u64);
            }
            let _ = file.flush();
        }
        Ok(WorkspaceLock { file, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Open (creating if need be) the lock file without following a link, and
/// only if it is a regular file with a single name.
fn open_lock_file(path: &Path) -> std::io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
        opts.mode(0o644);
    }
    let file = match opts.open(path) {
        Ok(f) => f,
        Err(e) if is_link_refusal(&e) => return Err(not_a_lock(path, "a symbolic link")),
        Err(e) => return Err(e),
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_a_lock(path, "not a regular file"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(not_a_lock(path, "a hard link to another file"));
        }
    }
    Ok(file)
}

/// `open(O_NOFOLLOW)` on a symbolic link fails with ELOOP.
pub(crate) fn is_link_refusal(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

fn not_a_lock(path: &Path, what: &str) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!(
            "is {what}; apiassure never writes through it (it may have come with a clone): remove {} and try again",
            path.display()
        ),
    )
}

impl Drop for WorkspaceLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_symlinked_or_hard_linked_lock_is_refused_and_its_target_kept() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("bashrc");
        std::fs::write(&victim, "export PATH=/usr/bin\n").unwrap();
        let ws = dir.path().join("ws");
        std::fs::create_dir(&ws).unwrap();
        std::os::unix::fs::symlink(&victim, ws.join(LOCK_FILE)).unwrap();
        let e = WorkspaceLock::acquire(&ws, Duration::ZERO).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        let e = WorkspaceLock::acquire_shared(&ws, Duration::ZERO).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        std::fs::remove_file(ws.join(LOCK_FILE)).unwrap();
        std::fs::hard_link(&victim, ws.join(LOCK_FILE)).unwrap();
        let e = WorkspaceLock::acquire(&ws, Duration::ZERO).unwrap_err();
        assert!(e.to_string().contains("hard link"), "{e}");
        assert_eq!(
            std::fs::read_to_string(&victim).unwrap(),
            "export PATH=/usr/bin\n"
        );
    }

    #[test]
    fn shared_locks_coexist_and_exclude_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let a = WorkspaceLock::acquire_shared(dir.path(), Duration::ZERO).unwrap();
        let _b = WorkspaceLock::acquire_shared(dir.path(), Duration::ZERO).unwrap();
        let e = WorkspaceLock::acquire(dir.path(), Duration::ZERO).unwrap_err();
        assert!(matches!(e, WorkspaceError::Locked { .. }), "{e}");
        drop(a);
        drop(_b);
        let w = WorkspaceLock::acquire(dir.path(), Duration::ZERO).unwrap();
        let e = WorkspaceLock::acquire_shared(dir.path(), Duration::ZERO).unwrap_err();
        assert!(e.to_string().contains("pid "), "names the holder: {e}");
        drop(w);
    }
}
