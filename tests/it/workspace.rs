//! Workspace durability: atomic writes survive a killed writer, the lock
//! keeps two writers apart, damaged files are reported and never overwritten.

use std::fs;
use std::process::{Command, Stdio};
use std::time::Duration;

use apiassure::workspace::atomic::write_atomic;
use apiassure::workspace::{Workspace, WorkspaceLock};

use crate::common::{stderr, TestContext};

const SIZE: usize = 4 * 1024 * 1024;

/// Not a test on its own: the child process of `atomic_write_survives_kill`,
/// rewriting one file forever with alternating contents.
#[test]
#[ignore = "child process helper for atomic_write_survives_kill"]
fn killed_writer_child() {
    let Ok(path) = std::env::var("APIASSURE_TEST_KILL_PATH") else {
        return;
    };
    let a = vec![b'a'; SIZE];
    let b = vec![b'b'; SIZE];
    loop {
        write_atomic(path.as_ref(), &a).unwrap();
        write_atomic(path.as_ref(), &b).unwrap();
    }
}

#[test]
fn atomic_write_survives_kill() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("answers.toml");
    write_atomic(&path, &vec![b'a'; SIZE]).unwrap();
    for round in 0..12u64 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "workspace::killed_writer_child",
                "--ignored",
                "--nocapture",
            ])
            .env("APIASSURE_TEST_KILL_PATH", &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(40 + round * 17));
        child.kill().unwrap(); // SIGKILL: no destructor, no cleanup
        child.wait().unwrap();
        let bytes = fs::read(&path).unwrap();
        assert_eq!(bytes.len(), SIZE, "round {round}: torn file");
        assert!(
            bytes.iter().all(|&c| c == b'a') || bytes.iter().all(|&c| c == b'b'),
            "round {round}: mixed content"
        );
    }
}

#[test]
fn lock_stops_a_second_writer_with_a_clear_message() {
    let ctx = TestContext::workspace();
    let before = ctx.read("answers.toml");
    let lock = WorkspaceLock::acquire(ctx.path(), Duration::ZERO).unwrap();
    let out = ctx.run(&["answer", "AUTHN-01.1", "yes"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("the workspace is locked by another apiassure process (pid"),
        "{err}"
    );
    assert!(err.contains("wait for it to finish and try again"), "{err}");
    assert_eq!(ctx.read("answers.toml"), before);
    drop(lock);
    ctx.ok(&["answer", "AUTHN-01.1", "yes"]);
    assert!(ctx
        .read("answers.toml")
        .contains("[answers.\"AUTHN-01.1\"]"));
}

#[test]
fn lock_is_released_when_the_holder_is_killed() {
    let ctx = TestContext::workspace();
    // `sh` takes the lock through flock(1)-like semantics: use our own binary
    // holding the lock in a child that we kill.
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "workspace::lock_holder_child",
            "--ignored",
            "--nocapture",
        ])
        .env("APIASSURE_TEST_LOCK_DIR", ctx.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the child holds the lock.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        if WorkspaceLock::acquire(ctx.path(), Duration::ZERO).is_err() {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "child never took the lock"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    WorkspaceLock::acquire(ctx.path(), Duration::from_secs(2))
        .expect("lock free after the holder died");
}

#[test]
#[ignore = "child process helper for lock_is_released_when_the_holder_is_killed"]
fn lock_holder_child() {
    let Ok(dir) = std::env::var("APIASSURE_TEST_LOCK_DIR") else {
        return;
    };
    let _lock = WorkspaceLock::acquire(dir.as_ref(), Duration::from_secs(5)).unwrap();
    std::thread::sleep(Duration::from_secs(60));
}

#[test]
fn damaged_answers_file_is_reported_and_never_overwritten() {
    let ctx = TestContext::workspace();
    let broken = "schema_version = 1\n\n[answers.\"AUTHN-01.1\"]\nanswer = \"maybe\"\nat = 2026-01-01T00:00:00Z\n";
    ctx.write("answers.toml", broken);
    let out = ctx.run(&["answer", "AUTHN-01.2", "yes"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("answers.toml:4:10: unknown variant `maybe`"),
        "{err}"
    );
    assert!(err.contains("fix the file (it is left untouched)"), "{err}");
    assert_eq!(ctx.read("answers.toml"), broken);
    // score reports it the same way
    let out = ctx.run(&["score"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("answers.toml:4:10"));
}

#[test]
fn future_schema_version_is_refused() {
    let ctx = TestContext::workspace();
    ctx.write("answers.toml", "schema_version = 9\n");
    let out = ctx.run(&["answer", "AUTHN-01.1", "yes"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("schema_version 9 is not supported (this build reads 1)"));
    assert_eq!(ctx.read("answers.toml"), "schema_version = 9\n");
}

#[test]
fn damaged_config_is_reported_with_position() {
    let ctx = TestContext::workspace();
    let cfg = ctx
        .read("apiassure.toml")
        .replace("concurrency = 16", "concurrency = \"many\"");
    ctx.write("apiassure.toml", &cfg);
    let out = ctx.run(&["score"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("apiassure.toml:"), "{err}");
    assert!(err.contains("invalid type: string \"many\""), "{err}");
}

#[test]
fn init_refuses_to_overwrite_and_writes_a_usable_workspace() {
    let ctx = TestContext::workspace();
    let cfg = ctx.read("apiassure.toml");
    assert!(cfg.contains("name = \"Acme\""));
    let out = ctx.run(&["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("apiassure.toml already exists: apiassure will not overwrite it"));
    assert_eq!(ctx.read("apiassure.toml"), cfg);
    let ws = Workspace::open(ctx.path()).unwrap();
    assert!(ws.answers().unwrap().answers.is_empty());
}

#[test]
fn not_a_workspace_says_what_to_do() {
    let ctx = TestContext::empty();
    let out = ctx.run(&["score"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out)
        .contains("is not an apiassure workspace (no apiassure.toml): run `apiassure init"));
}

/// The README's own answers.toml example (a native TOML datetime) is read,
/// and the tool writes `at` the same way.
#[test]
fn the_readme_answers_example_is_read_and_written_back_in_its_form() {
    let ctx = crate::common::TestContext::workspace();
    ctx.write(
        "answers.toml",
        "schema_version = 1\n\n[answers.\"AUTHN-01.1\"]\nanswer = \"yes\"\n\
         note = \"All routes behind the gateway's OAuth 2.0 policy\"\n\
         evidence = [\"https://wiki.acme.example/gateway-policy\"]\nby = \"dana\"\n\
         at = 2026-11-27T21:04:11.512Z\n\n[answers.\"AUTHN-01.2\"]\nanswer = \"no\"\n\
         by = \"dana\"\nat = \"2026-11-27T21:05:00Z\"\n",
    );
    let listed = ctx.ok(&["questions", "--json"]);
    assert!(listed.contains("All routes behind the gateway"), "{listed}");
    ctx.ok(&["answer", "AUTHN-02.1", "partial"]);
    let text = ctx.read("answers.toml");
    assert!(text.contains("at = 2026-11-27T21:04:11.512Z\n"), "{text}");
    assert!(text.contains("at = 2026-11-27T21:05:00Z\n"), "{text}");
    assert!(!text.contains("at = \""), "{text}");
    ctx.ok(&["score"]);
}

/// An answers file far larger than any real one (a 17 MiB note) is refused
/// with a message naming it, instead of being read into memory.
#[test]
fn an_oversized_answers_file_is_refused_naming_it() {
    let ctx = crate::common::TestContext::workspace();
    let note = "x".repeat(17 << 20);
    ctx.write(
        "answers.toml",
        &format!("schema_version = 1\n[answers.\"AUTHN-01.1\"]\nanswer = \"yes\"\nnote = \"{note}\"\nat = 2026-11-27T21:04:11Z\n"),
    );
    let out = ctx.run(&["score"]);
    assert_eq!(out.status.code(), Some(2));
    let err = crate::common::stderr(&out);
    assert!(
        err.contains("answers.toml") && err.contains("byte limit"),
        "{err}"
    );
}
