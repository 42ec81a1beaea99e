//! Scan host:port targets with the TLS engine and print one JSON document:
//! a stand-in for `apiassure probe --json` used by scripts/bench-tls.sh and
//! scripts/crosscheck.sh.
//!
//! Usage: tlsscan [--concurrency N] [--handshakes N] [--timeout SECS] [--ca-file PEM] [--checks] host:port...

use std::sync::Arc;
use std::time::Duration;

use apiassure::probe::tls::{self, TlsOptions};

fn main() {
    let mut args = std::env::args().skip(1);
    let mut targets = Vec::new();
    let mut concurrency = 32usize;
    let mut opts = TlsOptions::default();
    let mut with_checks = false;
    while let Some(a) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .unwrap_or_else(|| die(&format!("{name} needs a value")))
        };
        match a.as_str() {
            "--concurrency" => {
                concurrency = value("--concurrency")
                    .parse()
                    .unwrap_or_else(|_| die("bad --concurrency"))
            }
            "--handshakes" => {
                opts.handshake_concurrency = value("--handshakes")
                    .parse()
                    .unwrap_or_else(|_| die("bad --handshakes"))
            }
            "--timeout" => {
                opts.timeout = Duration::from_secs_f64(
                    value("--timeout")
                        .parse()
                        .unwrap_or_else(|_| die("bad --timeout")),
                )
            }
            "--ca-file" => {
                let path = value("--ca-file");
                opts.extra_roots = Arc::new(
                    tls::load_ca_file(std::path::Path::new(&path)).unwrap_or_else(|e| die(&e)),
                );
            }
            "--checks" => with_checks = true,
            t => targets.push(t.to_string()),
        }
    }
    if targets.is_empty() {
        die("usage: tlsscan [--concurrency N] [--handshakes N] [--timeout SECS] [--ca-file PEM] [--checks] host:port...");
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| die(&e.to_string()));
    let results = rt.block_on(async {
        let sem = Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
        let opts = Arc::new(opts);
        let mut tasks = Vec::new();
        for t in targets {
            let (host, port) = match t.rsplit_once(':') {
                Some((h, p)) => (h.to_string(), p.parse::<u16>().unwrap_or_else(|_| die(&format!("bad port in {t:?}")))),
                None => (t.clone(), 443),
            };
            let sem = sem.clone();
            let opts = opts.clone();
            tasks.push(tokio::spawn(async move {
                let _permit = sem.acquire_owned().await;
                let report = tls::scan(&host, port, &opts).await;
                let checks = if with_checks { tls::checks(&report) } else { Vec::new() };
                serde_json::json!({ "target": format!("{host}:{port}"), "tls": report, "checks": checks })
            }));
        }
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() })));
        }
        out
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&results).unwrap_or_default()
    );
}

fn die(msg: &str) -> ! {
    eprintln!("tlsscan: {msg}");
    std::process::exit(2);
}
