//! Bounded reads of the files apiassure is handed. Every file it reads
//! (workspace files, catalog overlays, local OpenAPI documents, CA and key
//! files) goes through [`read`]: only regular files (a symlink is followed
//! to what it names), never more than a cap, and never blocking on a FIFO,
//! so `answers.toml -> /dev/zero` or a named pipe gets a clear error instead
//! of exhausting memory or hanging while the workspace lock is held.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// Caps per kind of file: far above any real file, far below harm.
pub mod cap {
    /// `apiassure.toml`.
    pub const CONFIG: u64 = 1 << 20;
    /// `answers.toml` (notes included).
    pub const ANSWERS: u64 = 16 << 20;
    /// `history/scores.jsonl`.
    pub const HISTORY: u64 = 64 << 20;
    /// One evidence run file.
    pub const EVIDENCE_RUN: u64 = 256 << 20;
    /// `evidence/ledger.json` (current evidence of every target).
    pub const LEDGER: u64 = 512 << 20;
    /// `evidence/MANIFEST.sha256`.
    pub const MANIFEST: u64 = 16 << 20;
    /// A catalog overlay file (framework or questionnaire).
    pub const CATALOG: u64 = 8 << 20;
    /// An OpenAPI document, local or fetched.
    pub const OPENAPI: u64 = 256 << 20;
    /// A PEM file (CA bundle, client certificate or key).
    pub const PEM: u64 = 4 << 20;
}

/// Read at most `cap` bytes of a regular file. Errors are `io::Error`s
/// whose message says what is wrong and what to do; callers add the path.
pub fn read(path: &Path, cap: u64) -> io::Result<Vec<u8>> {
    let meta = fs::metadata(path)?;
    check_kind(&meta)?;
    let file = open_nonblocking(path)?;
    // The file may have been swapped between the two looks: check what was opened.
    let meta = file.metadata()?;
    check_kind(&meta)?;
    if meta.len() > cap {
        return Err(too_large(meta.len(), cap));
    }
    let mut buf = Vec::with_capacity(meta.len() as usize);
    file.take(cap + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > cap {
        return Err(too_large(buf.len() as u64, cap));
    }
    Ok(buf)
}

/// [`read`] as UTF-8 text.
pub fn read_text(path: &Path, cap: u64) -> io::Result<String> {
    String::from_utf8(read(path, cap)?).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "not UTF-8 text (invalid byte at offset {}); save the file as UTF-8",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Make sure `dir` is a real folder apiassure may write into: created when
/// missing, refused when it is a symbolic link or not a folder. apiassure
/// never writes through a link it did not create: a workspace from a clone
/// may ship `evidence -> ~/.ssh`.
pub fn ensure_real_dir(dir: &Path) -> io::Result<()> {
    match fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "is a symbolic link; apiassure never writes through a link it did not create (it may have come with a clone): replace it with a folder",
        )),
        Ok(m) if m.is_dir() => Ok(()),
        Ok(m) => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "is {}, not a folder; move it aside so apiassure can write here",
                if m.is_file() { "a file" } else { kind_name(&m) }
            ),
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir_all(dir),
        Err(e) => Err(e),
    }
}

fn check_kind(meta: &fs::Metadata) -> io::Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    let kind = kind_name(meta);
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("is {kind}, not a regular file; apiassure reads only regular files (replace it with a file)"),
    ))
}

fn kind_name(meta: &fs::Metadata) -> &'static str {
    let ft = meta.file_type();
    if ft.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

fn too_large(len: u64, cap: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "is {} bytes, over the {} byte limit for this kind of file; it is not read (trim it or restore it from version control)",
            len, cap
        ),
    )
}

fn open_nonblocking(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    opts.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_read_within_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.toml");
        fs::write(&p, "hello").unwrap();
        assert_eq!(read_text(&p, 5).unwrap(), "hello");
        let e = read_text(&p, 4).unwrap_err();
        assert!(e.to_string().contains("over the 4 byte limit"), "{e}");
    }

    #[test]
    fn directories_devices_and_pipes_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(dir.path(), 10).unwrap_err();
        assert!(e.to_string().contains("a directory"), "{e}");
        #[cfg(unix)]
        {
            let link = dir.path().join("zero");
            std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
            let e = read(&link, 1 << 30).unwrap_err();
            assert!(e.to_string().contains("character device"), "{e}");
            let fifo = dir.path().join("fifo");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                let e = read(&fifo, 10).unwrap_err();
                assert!(e.to_string().contains("FIFO"), "{e}");
            }
        }
    }

    #[cfg(unix)]
    #[test]
    fn folders_written_into_are_never_links() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        let link = dir.path().join("evidence");
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        let e = ensure_real_dir(&link).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        let fresh = dir.path().join("journal");
        ensure_real_dir(&fresh).unwrap();
        assert!(fresh.is_dir());
        fs::write(dir.path().join("history"), "x").unwrap();
        assert!(ensure_real_dir(&dir.path().join("history")).is_err());
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b");
        fs::write(&p, b"ok\xff").unwrap();
        let e = read_text(&p, 10).unwrap_err();
        assert!(e.to_string().contains("offset 2"), "{e}");
    }
}
