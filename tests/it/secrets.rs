//! Tokens never leak: a hostile server echoes every credential it receives
//! in headers and bodies, and still no token value may appear in evidence,
//! history, reports or any output.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

use crate::common::{stderr, stdout, TestContext};

const TOKEN: &str = "tok_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const ROLE_TOKEN: &str = "role_token_Zx81Qw72Er63Ty54Ui45";

/// Serve HTTP/1.1 on loopback; every response reflects the request's
/// headers (including Authorization) in a header and in the JSON body.
/// Returns the port and a counter of requests that carried a credential.
fn echo_server() -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let counter = counter.clone();
            thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                loop {
                    let mut head = Vec::new();
                    let mut content_length = 0usize;
                    loop {
                        let mut line = String::new();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        if line == "\r\n" {
                            break;
                        }
                        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                            content_length = v.trim().parse().unwrap_or(0);
                        }
                        head.push(line.trim_end().to_string());
                    }
                    let mut body = vec![0; content_length.min(1 << 20)];
                    let _ = reader.read_exact(&mut body);
                    let all = head.join(" | ");
                    if all.contains(TOKEN) || all.contains(ROLE_TOKEN) {
                        counter.fetch_add(1, Ordering::SeqCst);
                    }
                    let json = format!("{{\"echo\": {:?}}}", all);
                    let resp = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Echo: {}\r\nSet-Cookie: session={TOKEN}; Path=/\r\nContent-Length: {}\r\n\r\n{json}",
                        all.replace(['\r', '\n'], " "),
                        json.len()
                    );
                    if stream.write_all(resp.as_bytes()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    (port, seen)
}

#[test]
fn no_token_value_appears_anywhere() {
    let (port, seen) = echo_server();
    let ctx = TestContext::workspace();
    let base = format!("http://127.0.0.1:{port}");
    let cfg = ctx.read("apiassure.toml")
        + &format!(
            "\n[[targets]]\nname = \"echo\"\nurl = \"{base}/v1/orders\"\ntoken_env = \"APIASSURE_TEST_TOKEN\"\n\
             paths = [\"/v1/customers\"]\n\n[[authz]]\ntarget = \"echo\"\n\
             roles = [{{ name = \"alice\", token_env = \"APIASSURE_TEST_ROLE\" }}]\n\
             endpoints = [{{ method = \"GET\", path = \"/v1/orders/1\", allow = [\"alice\"] }}]\n"
        );
    ctx.write("apiassure.toml", &cfg);
    let out = ctx
        .cmd(&["probe", "--json", "--active", "--timeout", "5"])
        .env("APIASSURE_TEST_TOKEN", TOKEN)
        .env("APIASSURE_TEST_ROLE", ROLE_TOKEN)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        seen.load(Ordering::SeqCst) > 0,
        "the probes never sent the token, so this test would prove nothing"
    );
    let mut texts = vec![stdout(&out), stderr(&out)];
    texts.push(ctx.ok(&["score", "--json", "--explain"]));
    texts.push(ctx.ok(&["score", "--explain"]));
    texts.push(ctx.ok(&["evidence", "show"]));
    // Reports land in the workspace's reports/ folder, so the walk reads them;
    // the PDF's strings are hex-encoded, so read its text back as well.
    for format in ["md", "json", "csv", "pdf"] {
        texts.push(ctx.ok(&["report", "--format", format]));
    }
    let pdf = walk(&ctx.file("reports"))
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .expect("the PDF report");
    if crate::common::tool_available("pdftotext", &["-v"], "apt-get install poppler-utils") {
        let out = std::process::Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        assert!(
            out.status.success(),
            "pdftotext failed on {}",
            pdf.display()
        );
        texts.push(stdout(&out));
    }
    for entry in walk(ctx.path()) {
        texts.push(String::from_utf8_lossy(&std::fs::read(entry).unwrap()).into_owned());
    }
    for (i, text) in texts.iter().enumerate() {
        for secret in [TOKEN, ROLE_TOKEN] {
            assert!(!text.contains(secret), "text {i} leaks a token:\n{text}");
            let sig = &secret[secret.len() - 16..];
            assert!(
                !text.contains(sig),
                "text {i} leaks part of a token:\n{text}"
            );
        }
    }
    assert!(
        texts[0].contains("[REDACTED]"),
        "the echoed token should show as redacted"
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
