//! Evidence files kept with answers: `attachments/<sha256>`, stored by
//! content hash so the same file attached twice is stored once and any
//! change to a stored file is found by hashing it again. The answer records
//! the file's name, size, hash, who attached it and when; the journal
//! records the answer; `verify` rehashes every file an answer names.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{Workspace, WorkspaceError};

pub const ATTACHMENTS_DIR: &str = "attachments";

/// A file stored: what the answer records about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

/// Why a file cannot be attached.
#[derive(Debug, thiserror::Error)]
pub enum AttachError {
    #[error("{}: cannot read the file to attach: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("{}: not a regular file: attach a file, not a folder or a device", path.display())]
    NotAFile { path: PathBuf },
    #[error("{}: {size} bytes is over the {cap_mib} MiB attachment cap; attach a smaller extract, or raise [report] attachment_max_mib in apiassure.toml", path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        cap_mib: u64,
    },
    #[error("{}: the file changed while it was being attached: attach it again", path.display())]
    Changed { path: PathBuf },
    #[error("{}: cannot store the attachment: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
}

impl From<AttachError> for WorkspaceError {
    fn from(e: AttachError) -> Self {
        WorkspaceError::Invalid(e.to_string())
    }
}

/// What a stored attachment looks like now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    Ok,
    Missing,
    Changed { sha256: String },
}

impl Workspace {
    /// Where the attachment with this hash is stored.
    pub fn attachment_path(&self, sha256: &str) -> PathBuf {
        self.path(ATTACHMENTS_DIR).join(sha256)
    }

    /// Store `source` (at most `cap_mib` MiB) by its content hash; a file
    /// already stored is not written again.
    pub fn store_attachment(&self, source: &Path, cap_mib: u64) -> Result<Stored, AttachError> {
        let read_err = |e| AttachError::Read {
            path: source.to_path_buf(),
            source: e,
        };
        let meta = std::fs::metadata(source).map_err(read_err)?;
        if !meta.is_file() {
            return Err(AttachError::NotAFile {
                path: source.to_path_buf(),
            });
        }
        let cap = cap_mib.saturating_mul(1024 * 1024);
        if meta.len() > cap {
            return Err(AttachError::TooLarge {
                path: source.to_path_buf(),
                size: meta.len(),
                cap_mib,
            });
        }
        let (sha256, size) = hash_file(source, cap).map_err(read_err)?;
        if size > cap {
            return Err(AttachError::TooLarge {
                path: source.to_path_buf(),
                size,
                cap_mib,
            });
        }
        let dir = self.path(ATTACHMENTS_DIR);
        let write_err = |e| AttachError::Write {
            path: dir.clone(),
            source: e,
        };
        crate::files::ensure_real_dir(&dir).map_err(write_err)?;
        let dest = dir.join(&sha256);
        if self.attachment_state(&sha256) != State::Ok {
            // Copy while hashing again: what is stored is what was hashed.
            let mut copied = Sha256::new();
            let mut input = File::open(source).map_err(read_err)?;
            super::atomic::write_atomic_with(&dest, |out| {
                let mut buf = vec![0u8; 64 * 1024];
                let mut total = 0u64;
                loop {
                    let n = input.read(&mut buf)?;
                    if n == 0 {
                        break;
                    }
                    total += n as u64;
                    if total > cap {
                        return Err(io::Error::other("grew past the cap"));
                    }
                    copied.update(&buf[..n]);
                    out.write_all(&buf[..n])?;
                }
                if hex::encode(copied.clone().finalize()) != sha256 {
                    return Err(io::Error::other("changed"));
                }
                Ok(())
            })
            .map_err(|e| {
                if e.kind() == io::ErrorKind::Other {
                    AttachError::Changed {
                        path: source.to_path_buf(),
                    }
                } else {
                    write_err(e)
                }
            })?;
        }
        let name = source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "attachment".into());
        Ok(Stored { name, size, sha256 })
    }

    /// Whether the stored file still hashes to `sha256`.
    pub fn attachment_state(&self, sha256: &str) -> State {
        let path = self.attachment_path(sha256);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_file() => {}
            _ => return State::Missing,
        }
        match hash_file(&path, u64::MAX) {
            Ok((h, _)) if h == sha256 => State::Ok,
            Ok((h, _)) => State::Changed { sha256: h },
            Err(_) => State::Missing,
        }
    }
}

/// SHA-256 (hex) and size of a file, read in blocks; stops one block past `cap`.
pub fn hash_file(path: &Path, cap: u64) -> io::Result<(String, u64)> {
    let mut f = File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        total += n as u64;
        h.update(&buf[..n]);
        if total > cap {
            break;
        }
    }
    Ok((hex::encode(h.finalize()), total))
}
