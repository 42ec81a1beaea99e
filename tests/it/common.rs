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
            .current_dir(self.path())
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

/// Whether an external tool a test needs runs here (`tool args...` exits 0).
///
/// A missing tool is never a silent pass: the test says it skipped, on the
/// terminal even though the harness captures output (counted in
/// `target/tmp/skipped-tests.txt`), and when `CI` is set the test fails,
/// because CI installs every tool (`.ci/run`).
pub fn tool_available(tool: &str, args: &[&str], install: &str) -> bool {
    let ok = Command::new(tool)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        return true;
    }
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        panic!("{test} needs `{tool}`, which is not installed; CI must install it ({install})");
    }
    let line = format!("SKIPPED {test}: needs `{tool}` ({install})\n");
    // Straight to the terminal: the harness captures eprintln! of passing tests.
    {
        use std::io::Write as _;
        let _ = std::io::stderr().write_all(line.as_bytes());
    }
    let log = Path::new(env!("CARGO_TARGET_TMPDIR")).join("skipped-tests.txt");
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
    {
        use std::io::Write as _;
        let _ = f.write_all(line.as_bytes());
    }
    false
}

/// Run git in `dir` with a fixed identity and no user or system config.
pub fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.test")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.test")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs")
}

/// Whether `tool` is on the PATH (no skip message: for choosing between
/// tools before [`tool_available`] decides).
pub fn on_path(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The small catalog in `tests/fixtures/catalog` (two domains, three
/// controls, frameworks `fw-a` and `fw-b`), loaded without the embedded one.
pub fn fixture_catalog() -> apiassure::model::Catalog {
    apiassure::catalog::load_dir_only(&fixture_catalog_dir()).expect("fixture catalog is valid")
}

pub fn fixture_catalog_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalog")
}

/// Panic with every violation unless `doc` is valid SARIF 2.1.0 (the OASIS
/// schema vendored in tests/fixtures/sarif/).
pub fn assert_valid_sarif(doc: &serde_json::Value) {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/sarif/sarif-schema-2.1.0.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// The probe run files in a workspace's `evidence/` folder, oldest first
/// (`<id>.json.gz`; `<id>.json` for runs stored before compression).
pub fn run_files(ws: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(ws.join("evidence"))
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| {
                    let n = p.file_name().unwrap().to_string_lossy().into_owned();
                    n.starts_with("20") && (n.ends_with(".json.gz") || n.ends_with(".json"))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// A run file's JSON text (decompressed when it is gzip).
pub fn read_run(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
            .unwrap();
        text
    } else {
        String::from_utf8(bytes).unwrap()
    }
}

/// Write a run file's JSON text as apiassure stores it (gzip for `.gz`).
pub fn write_run(path: &Path, text: &str) {
    if path.to_string_lossy().ends_with(".gz") {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut enc, text.as_bytes()).unwrap();
        std::fs::write(path, enc.finish().unwrap()).unwrap();
    } else {
        std::fs::write(path, text).unwrap();
    }
}
