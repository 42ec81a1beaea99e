//! Shared test fixtures: a temporary workspace and a runner for the real binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_apiassure");

pub struct TestContext {
    pub dir: tempfile::TempDir,
}

impl TestContext {
    /// An empty temp folder (no workspace yet).
    pub fn empty() -> TestContext {
        TestContext {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A temp folder with `apiassure init` run in it.
    pub fn workspace() -> TestContext {
        let ctx = TestContext::empty();
        let out = ctx.run(&["init", "--org", "Acme", "--system", "Payments API"]);
        assert!(out.status.success(), "init failed: {}", stderr(&out));
        ctx
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.file(rel)).expect("read file")
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.file(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env("APIASSURE_WORKSPACE", self.path())
            .env("APIASSURE_USER", "tester")
            .env("NO_COLOR", "1")
            .env_remove("RUST_LOG");
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().expect("run apiassure")
    }

    /// Run, expect success, return stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "apiassure {args:?} failed ({:?}): {}",
            out.status.code(),
            stderr(&out)
        );
        stdout(&out)
    }
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
