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
            "\n[[targets]]\nname = \"echo\"\nurl = \"{base}/v1/orders\"\ntoken_env = \"APIASSURE_TOKEN_TEST\"\n\
             paths = [\"/v1/customers\"]\n\n[[authz]]\ntarget = \"echo\"\n\
             roles = [{{ name = \"alice\", token_env = \"APIASSURE_TOKEN_TEST_ROLE\" }}]\n\
             endpoints = [{{ method = \"GET\", path = \"/v1/orders/1\", allow = [\"alice\"] }}]\n"
        );
    ctx.write("apiassure.toml", &cfg);
    let out = ctx
        .cmd(&["probe", "--json", "--active", "--timeout", "5"])
        .env("APIASSURE_TOKEN_TEST", TOKEN)
        .env("APIASSURE_TOKEN_TEST_ROLE", ROLE_TOKEN)
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

/// A token with `~`, `*`, spaces and non-ASCII characters.
const APIASSURE_TOKEN_HOSTILE: &str = "tök~en* with space ✓ 9f8e7d6c5b4a";

/// Every encoding a server or URL can give the token back in, built here
/// independently of the product's scrubber.
fn encodings(v: &str) -> Vec<(String, String)> {
    use base64::engine::general_purpose::{STANDARD, URL_SAFE, URL_SAFE_NO_PAD};
    use base64::Engine;
    let pct = |lower: bool, keep: &[u8], plus: bool| -> String {
        v.bytes()
            .map(|b| match b {
                b if b.is_ascii_alphanumeric() || keep.contains(&b) => (b as char).to_string(),
                b' ' if plus => "+".to_string(),
                b if lower => format!("%{b:02x}"),
                b => format!("%{b:02X}"),
            })
            .collect()
    };
    let json_u: String = v
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                let mut buf = [0u16; 2];
                c.encode_utf16(&mut buf)
                    .iter()
                    .map(|u| format!("\\u{u:04x}"))
                    .collect()
            }
        })
        .collect();
    let html: String = v
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("&#{};", c as u32)
            }
        })
        .collect();
    let header = format!("Bearer {v}");
    vec![
        ("raw".into(), v.to_string()),
        ("percent upper".into(), pct(false, b"-._~", false)),
        ("percent lower".into(), pct(true, b"-._~", false)),
        ("form upper".into(), pct(false, b"*-._", true)),
        ("form lower".into(), pct(true, b"*-._", true)),
        ("json \\u".into(), json_u),
        ("html entities".into(), html),
        ("base64 token".into(), STANDARD.encode(v)),
        ("base64url token".into(), URL_SAFE_NO_PAD.encode(v)),
        ("base64 header".into(), STANDARD.encode(&header)),
        ("base64url header".into(), URL_SAFE.encode(&header)),
    ]
}

/// Answers every request by echoing the Authorization value it received in
/// each encoding: headers, a redirect `Location`, JSON and HTML bodies, and
/// a stack trace quoting a 19-character prefix of the token.
fn hostile_echo_server() -> (u16, Arc<AtomicUsize>) {
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
                    let mut request_line = String::new();
                    let mut auth = String::new();
                    let mut content_length = 0usize;
                    loop {
                        let mut line = String::new();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        if line == "\r\n" {
                            break;
                        }
                        if request_line.is_empty() {
                            request_line = line.clone();
                        }
                        let lower = line.to_ascii_lowercase();
                        if let Some(v) = lower.strip_prefix("content-length:") {
                            content_length = v.trim().parse().unwrap_or(0);
                        }
                        if lower.starts_with("authorization:") {
                            auth = line["authorization:".len()..].trim().to_string();
                        }
                    }
                    let mut body = vec![0; content_length.min(1 << 20)];
                    let _ = reader.read_exact(&mut body);
                    let token = auth.strip_prefix("Bearer ").unwrap_or("").to_string();
                    if token == APIASSURE_TOKEN_HOSTILE {
                        counter.fetch_add(1, Ordering::SeqCst);
                    }
                    let forms = encodings(&token);
                    let mut headers = String::new();
                    for (i, (_, f)) in forms.iter().enumerate() {
                        // Header values are bytes; the non-ASCII forms go raw.
                        headers.push_str(&format!("X-Echo-{i}: {f}\r\n"));
                    }
                    let form = &forms[4].1;
                    let (status, content_type, text) = if request_line.starts_with("POST") {
                        let prefix: String = token.chars().take(19).collect();
                        (
                            500,
                            "text/plain",
                            format!("Traceback (most recent call last):\n  File \"app.py\", line 3, in handler key={prefix}\nValueError"),
                        )
                    } else if request_line.contains("/v1/customers") {
                        headers.push_str(&format!("Location: /v1/orders?next={form}\r\n"));
                        (
                            302,
                            "text/html",
                            format!("<a href=\"/v1/orders?next={form}\">{}</a>", forms[6].1),
                        )
                    } else {
                        let json: String = forms
                            .iter()
                            .map(|(n, f)| format!("{n:?}: {:?}", f))
                            .collect::<Vec<_>>()
                            .join(", ");
                        (200, "application/json", format!("{{{json}}}"))
                    };
                    let resp = format!(
                        "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\n{headers}Content-Length: {}\r\n\r\n{text}",
                        text.len()
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

/// The token with `~ * space` and non-ASCII, echoed in every encoding, is
/// found in none of them, nor as a fragment, anywhere: the workspace's files,
/// every report format, stdout and stderr.
#[test]
fn a_hostile_token_is_found_in_no_encoding_anywhere() {
    let (port, seen) = hostile_echo_server();
    let ctx = TestContext::workspace();
    let base = format!("http://127.0.0.1:{port}");
    let cfg = ctx.read("apiassure.toml")
        + &format!(
            "\n[[targets]]\nname = \"echo\"\nurl = \"{base}/v1/orders\"\ntoken_env = \"APIASSURE_TOKEN_TEST\"\n\
             paths = [\"/v1/customers\"]\n"
        );
    ctx.write("apiassure.toml", &cfg);
    let out = ctx
        .cmd(&["probe", "--active", "--timeout", "5"])
        .env("APIASSURE_TOKEN_TEST", APIASSURE_TOKEN_HOSTILE)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        seen.load(Ordering::SeqCst) > 0,
        "the probes never sent the token, so this test would prove nothing"
    );
    let mut texts = vec![
        ("probe stdout".to_string(), stdout(&out)),
        ("probe stderr".to_string(), stderr(&out)),
    ];
    let json = ctx
        .cmd(&["probe", "--json", "--active", "--timeout", "5"])
        .env("APIASSURE_TOKEN_TEST", APIASSURE_TOKEN_HOSTILE)
        .output()
        .unwrap();
    texts.push(("probe --json stdout".into(), stdout(&json)));
    texts.push(("probe --json stderr".into(), stderr(&json)));
    for args in [
        &["score", "--json", "--explain"][..],
        &["score", "--explain"],
        &["evidence", "show"],
    ] {
        let out = ctx.run(args);
        texts.push((format!("{args:?} stdout"), stdout(&out)));
        texts.push((format!("{args:?} stderr"), stderr(&out)));
    }
    for format in ["md", "json", "csv", "pdf"] {
        let out = ctx.run(&["report", "--format", format, "-o", "-"]);
        assert!(out.status.success(), "{}", stderr(&out));
        texts.push((
            format!("report {format}"),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        ));
        texts.push((format!("report {format} stderr"), stderr(&out)));
    }
    let pdf = ctx.file("report.pdf");
    assert!(ctx
        .run(&["report", "--format", "pdf", "-o", pdf.to_str().unwrap()])
        .status
        .success());
    if crate::common::tool_available("pdftotext", &["-v"], "apt-get install poppler-utils") {
        let out = std::process::Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        texts.push(("pdf text".into(), stdout(&out)));
    }
    for entry in walk(ctx.path()) {
        texts.push((
            entry.display().to_string(),
            String::from_utf8_lossy(&std::fs::read(&entry).unwrap()).into_owned(),
        ));
    }
    let forms = encodings(APIASSURE_TOKEN_HOSTILE);
    let mut leaks = Vec::new();
    for (where_, text) in &texts {
        for (name, form) in &forms {
            // The whole form, and a fragment from its middle.
            let chars: Vec<char> = form.chars().collect();
            let mid: String = chars[chars.len() / 3..chars.len() / 3 + 10]
                .iter()
                .collect();
            for (what, needle) in [("whole", form.as_str()), ("fragment", mid.as_str())] {
                if text.contains(needle) {
                    leaks.push(format!("{where_}: {name} ({what}) {needle:?}"));
                }
            }
        }
        let prefix: String = APIASSURE_TOKEN_HOSTILE.chars().take(12).collect();
        if text.contains(&prefix) {
            leaks.push(format!("{where_}: a 12-character prefix"));
        }
    }
    assert!(leaks.is_empty(), "the token leaked:\n{}", leaks.join("\n"));
    let stored = ctx.ok(&["evidence", "show"]);
    assert!(
        stored.contains("[REDACTED]"),
        "the echoes should show as redacted"
    );
}
