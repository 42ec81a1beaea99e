//! Secrets and scope: a credential goes only to the exact origin (scheme,
//! host, port) of the target it belongs to, documents load only from
//! declared origins, and URLs carrying user:password are refused before
//! anything is contacted. Each test runs the real binary against loopback
//! listeners that record every connection and request.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::thread;

use crate::common::{stderr, stdout, TestContext};

const TOKEN: &str = "tok_scope_4c1d9e8f7a6b5c4d3e2f1a0b";
const ROLE_TOKEN: &str = "role_scope_Qw12Er34Ty56Ui78";

/// What a recording server saw: connections and raw request heads.
#[derive(Default)]
struct Seen {
    connections: usize,
    requests: Vec<String>,
}

/// An HTTP/1.1 server on loopback that records everything and answers
/// `/openapi.json` with `doc`, everything else 401 with a Bearer challenge.
fn recording_server(
    doc: impl Fn(u16) -> String + Send + Sync + 'static,
) -> (u16, Arc<Mutex<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Seen::default()));
    let log = seen.clone();
    let doc = Arc::new(doc);
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            log.lock().unwrap().connections += 1;
            let log = log.clone();
            let doc = doc.clone();
            thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                loop {
                    let mut head = String::new();
                    let mut content_length = 0usize;
                    loop {
                        let mut line = String::new();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                            content_length = v.trim().parse().unwrap_or(0);
                        }
                        let end = line == "\r\n";
                        head.push_str(&line);
                        if end {
                            break;
                        }
                    }
                    let mut body = vec![0; content_length];
                    let _ = reader.read_exact(&mut body);
                    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
                    log.lock().unwrap().requests.push(head);
                    let resp = if path.starts_with("/openapi.json") {
                        let d = doc(port);
                        format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{d}",
                            d.len()
                        )
                    } else {
                        "HTTP/1.1 401 Unauthorized\r\nwww-authenticate: Bearer\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}".to_string()
                    };
                    if stream.write_all(resp.as_bytes()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    (port, seen)
}

fn no_doc(_: u16) -> String {
    "{}".into()
}

fn probe(ctx: &TestContext) -> std::process::Output {
    ctx.cmd(&["probe", "--json", "--active", "--timeout", "5"])
        .env("APIASSURE_TOKEN_SCOPE", TOKEN)
        .env("APIASSURE_TOKEN_SCOPE_ROLE", ROLE_TOKEN)
        .output()
        .unwrap()
}

fn leaks(seen: &Seen) -> Vec<&String> {
    seen.requests
        .iter()
        .filter(|r| r.contains(TOKEN) || r.contains(ROLE_TOKEN))
        .collect()
}

#[test]
fn an_openapi_url_on_an_undeclared_origin_is_never_contacted() {
    let (a, seen_a) = recording_server(no_doc);
    // Same host, another port: another origin, declared by nobody.
    let (b, seen_b) = recording_server(no_doc);
    let ctx = TestContext::workspace();
    let cfg = ctx.read("apiassure.toml")
        + &format!(
            "\n[[targets]]\nname = \"a\"\nurl = \"http://127.0.0.1:{a}/v1\"\ntoken_env = \"APIASSURE_TOKEN_SCOPE\"\n\
             openapi = \"http://127.0.0.1:{b}/openapi.json\"\n"
        );
    ctx.write("apiassure.toml", &cfg);
    let out = probe(&ctx);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        !leaks(&seen_a.lock().unwrap()).is_empty(),
        "target a never got its token, so this test would prove nothing"
    );
    assert_eq!(
        seen_b.lock().unwrap().connections,
        0,
        "an undeclared origin was contacted"
    );
    let text = stdout(&out);
    assert!(text.contains("is not a declared target's origin"), "{text}");
}

#[test]
fn a_token_never_reaches_another_declared_target() {
    let (a, seen_a) = recording_server(no_doc);
    // b is declared (without a credential) and serves a's OpenAPI document,
    // whose servers list both origins and a deprecated operation.
    let (b, seen_b) = recording_server(move |b| {
        format!(
            r#"{{"openapi":"3.0.3","info":{{"title":"t","version":"1"}},
            "servers":[{{"url":"http://127.0.0.1:{b}/v1"}},{{"url":"http://127.0.0.1:{a}/v1"}}],
            "security":[{{"bearer":[]}}],
            "paths":{{"/old":{{"get":{{"deprecated":true,"responses":{{"200":{{"description":"ok"}}}}}}}}}}}}"#
        )
    });
    let ctx = TestContext::workspace();
    let cfg = ctx.read("apiassure.toml")
        + &format!(
            "\n[[targets]]\nname = \"a\"\nurl = \"http://127.0.0.1:{a}/v1\"\ntoken_env = \"APIASSURE_TOKEN_SCOPE\"\n\
             openapi = \"http://127.0.0.1:{b}/openapi.json\"\n\
             \n[[targets]]\nname = \"b\"\nurl = \"http://127.0.0.1:{b}/v1\"\n\
             \n[[authz]]\ntarget = \"a\"\n\
             roles = [{{ name = \"alice\", token_env = \"APIASSURE_TOKEN_SCOPE_ROLE\" }}]\n\
             endpoints = [{{ method = \"DELETE\", path = \"http://127.0.0.1:{b}/v1/admin\", allow = [] }},\
             {{ method = \"GET\", path = \"/v1/orders/1\", allow = [\"alice\"] }}]\n"
        );
    ctx.write("apiassure.toml", &cfg);
    let out = probe(&ctx);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let a_seen = seen_a.lock().unwrap();
    assert!(
        a_seen.requests.iter().any(|r| r.contains(TOKEN))
            && a_seen.requests.iter().any(|r| r.contains(ROLE_TOKEN)),
        "a never got its token and role token, so this test would prove nothing"
    );
    let b_seen = seen_b.lock().unwrap();
    assert!(
        b_seen
            .requests
            .iter()
            .any(|r| r.starts_with("GET /openapi.json")),
        "b's document was not fetched: {:?}",
        b_seen.requests
    );
    assert!(
        leaks(&b_seen).is_empty(),
        "a's credentials reached b: {:?}",
        leaks(&b_seen)
    );
    assert!(
        !b_seen.requests.iter().any(|r| r.starts_with("DELETE")),
        "a's matrix sent a DELETE to b: {:?}",
        b_seen.requests
    );
    let text = stdout(&out);
    assert!(text.contains("not on this target's origin"), "{text}");
}

#[test]
fn urls_with_user_and_password_are_refused_before_any_contact() {
    let (port, seen) = recording_server(no_doc);
    let secret = "pw-s3cr3t-Zq9";
    let ctx = TestContext::workspace();
    let url = format!("http://dana:{secret}@127.0.0.1:{port}/v1");
    let out = ctx.run(&["probe", &url]);
    assert_eq!(out.status.code(), Some(2));
    let (so, se) = (stdout(&out), stderr(&out));
    assert!(se.contains("token_env"), "{se}");
    assert!(!so.contains(secret) && !se.contains(secret), "{so}{se}");

    let cfg =
        ctx.read("apiassure.toml") + &format!("\n[[targets]]\nname = \"a\"\nurl = \"{url}\"\n");
    ctx.write("apiassure.toml", &cfg);
    let out = ctx.run(&["probe"]);
    assert_eq!(out.status.code(), Some(2));
    let (so, se) = (stdout(&out), stderr(&out));
    assert!(se.contains("token_env"), "{se}");
    assert!(!so.contains(secret) && !se.contains(secret), "{so}{se}");
    assert_eq!(seen.lock().unwrap().connections, 0);
    assert!(
        !ctx.file("evidence").exists()
            || std::fs::read_dir(ctx.file("evidence")).unwrap().count() == 0
    );
}

/// A damaged workspace stops `probe` before the first connection: exit 2,
/// a message naming the file, and a listener that saw nothing. Covers
/// unparsable files, a symlink to /dev/zero and a FIFO (which must neither
/// hang nor be read).
#[test]
fn a_damaged_workspace_stops_probe_before_any_connection() {
    let (port, seen) = recording_server(|_| String::new());
    type Damage = fn(&TestContext);
    let cases: Vec<(&str, &str, Damage)> = vec![
        ("answers.toml", "answers.toml", |c| {
            c.write("answers.toml", "[q\n")
        }),
        ("history", "scores.jsonl", |c| {
            std::fs::create_dir_all(c.file("history")).unwrap();
            c.write("history/scores.jsonl", "{not json\n");
        }),
        ("manifest", "MANIFEST.sha256", |c| {
            std::fs::create_dir_all(c.file("evidence")).unwrap();
            c.write("evidence/MANIFEST.sha256", "garbage line\n");
        }),
        ("answers -> /dev/zero", "character device", |c| {
            std::fs::remove_file(c.file("answers.toml")).unwrap();
            std::os::unix::fs::symlink("/dev/zero", c.file("answers.toml")).unwrap();
        }),
        ("answers is a FIFO", "FIFO", |c| {
            std::fs::remove_file(c.file("answers.toml")).unwrap();
            let ok = std::process::Command::new("mkfifo")
                .arg(c.file("answers.toml"))
                .status()
                .unwrap();
            assert!(ok.success());
        }),
    ];
    for (what, named, damage) in cases {
        let ctx = TestContext::workspace();
        let cfg = ctx.read("apiassure.toml")
            + &format!("\n[[targets]]\nname = \"api\"\nurl = \"http://127.0.0.1:{port}/v1\"\n");
        ctx.write("apiassure.toml", &cfg);
        damage(&ctx);
        let started = std::time::Instant::now();
        let out = ctx.cmd(&["probe", "--timeout", "2"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{what}: {}", stderr(&out));
        assert!(stderr(&out).contains(named), "{what}: {}", stderr(&out));
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{what}"
        );
        assert_eq!(
            seen.lock().unwrap().connections,
            0,
            "{what}: the target was contacted"
        );
    }
}
