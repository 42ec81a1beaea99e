//! The workspace as committed at a git revision, for `diff REV`: resolve the
//! revision in the repository holding the workspace, and extract the
//! workspace's folder at that commit into a temporary folder (`git archive`,
//! read-only: the repository, its index and the working tree are untouched).

use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

fn git(root: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C").arg(root).stdin(Stdio::null());
    c
}

/// The commit `rev` names in the repository holding `root`, if any.
pub fn resolve(root: &Path, rev: &str) -> Option<String> {
    if rev.starts_with('-') || rev.is_empty() {
        return None;
    }
    let out = git(root)
        .args(["rev-parse", "--verify", "--quiet", "--end-of-options"])
        .arg(format!("{rev}^{{commit}}"))
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let sha = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && sha.len() >= 40 && sha.bytes().all(|b| b.is_ascii_hexdigit()))
        .then_some(sha)
}

/// The workspace folder (`root` inside its repository) as committed at
/// `commit`, extracted into a temporary folder.
pub fn checkout_workspace(root: &Path, commit: &str) -> Result<tempfile::TempDir> {
    let prefix = git(root)
        .args(["rev-parse", "--show-prefix"])
        .output()
        .context("running git")?;
    if !prefix.status.success() {
        bail!("{} is not inside a git repository", root.display());
    }
    let prefix = String::from_utf8_lossy(&prefix.stdout).trim().to_string();
    // From a sub-folder git archives only that folder, relative to it: run
    // it at the top of the repository with the prefix in the tree name.
    let top = git(root)
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .context("running git")?;
    let top = std::path::PathBuf::from(String::from_utf8_lossy(&top.stdout).trim());
    let tree = if prefix.is_empty() {
        commit.to_string()
    } else {
        format!("{commit}:{}", prefix.trim_end_matches('/'))
    };
    let dir = tempfile::tempdir().context("creating a temporary folder")?;
    let mut archive = git(&top)
        .args(["archive", "--format=tar", &tree])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("running git archive")?;
    let stdout = archive.stdout.take().expect("piped");
    let tar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(dir.path())
        .stdin(stdout)
        .stderr(Stdio::piped())
        .output()
        .context("running tar to unpack the committed workspace (install tar)")?;
    let archived = archive.wait_with_output().context("running git archive")?;
    if !archived.status.success() {
        bail!(
            "git archive {tree}: {}",
            String::from_utf8_lossy(&archived.stderr).trim()
        );
    }
    if !tar.status.success() {
        bail!("tar: {}", String::from_utf8_lossy(&tar.stderr).trim());
    }
    Ok(dir)
}
