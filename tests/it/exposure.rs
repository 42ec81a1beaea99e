//! Exposure checks end to end: loopback servers that serve what a careless
//! deployment serves (version-control metadata, an environment file with
//! secrets, Spring actuator internals, a heap dump, metrics, consoles, an
//! expired security.txt, open GraphQL introspection), a single-page app
//! that answers 200 to every path (no finding may come of it), and the
//! record of every request the probe sent.

use std::sync::Arc;

use crate::http::{expect, get, input, opts};
use crate::http_support::{serve, Req, Resp};
use apiassure::probe::http::probe;
use apiassure::workspace::config::Target;

use apiassure::model::CheckOutcome::{Fail, Info, Pass, Warn};

const DB_PASSWORD: &str = "pg-very-secret-8841";
const AWS_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

fn careless() -> crate::http_support::Handler {
    Arc::new(|req: &Req| {
        match (req.method.as_str(), req.path()) {
        ("GET", "/.git/config") => Resp::new(200).header("Content-Type", "application/octet-stream").body(
            "[core]\n\trepositoryformatversion = 0\n\tbare = false\n[remote \"origin\"]\n\turl = https://deploy:ghp_token123@git.example.com/shop.git\n",
        ),
        ("GET", "/.env") => Resp::new(200)
            .header("Content-Type", "text/plain")
            .body(&format!("DATABASE_URL=postgres://app:{DB_PASSWORD}@db/shop\nAWS_SECRET_ACCESS_KEY={AWS_SECRET}\nDEBUG=false\n")),
        ("GET", "/actuator") => Resp::json(200, r#"{"_links":{"self":{"href":"/actuator"},"health":{"href":"/actuator/health"},"env":{"href":"/actuator/env"}}}"#),
        ("GET", "/actuator/env") => Resp::json(
            200,
            &format!(r#"{{"activeProfiles":["prod"],"propertySources":[{{"name":"systemEnvironment","properties":{{"DB_PASSWORD":{{"value":"{DB_PASSWORD}"}},"JAVA_HOME":{{"value":"/opt/java"}}}}}}]}}"#),
        ),
        ("GET", "/actuator/heapdump") => {
            let mut big = String::from("JAVA PROFILE 1.0.2\0");
            big.push_str(&"x".repeat(2_000_000));
            Resp::new(200).header("Content-Type", "application/octet-stream").body(&big)
        }
        ("GET", "/metrics") => Resp::new(200)
            .header("Content-Type", "text/plain; version=0.0.4")
            .body("# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\nhttp_requests_total{code=\"200\"} 1027\n"),
        ("GET", "/swagger-ui/") => Resp::new(200)
            .header("Content-Type", "text/html")
            .body("<!DOCTYPE html><html><head><link rel=\"stylesheet\" href=\"swagger-ui.css\"></head><body><div id=\"swagger-ui\"></div><script>SwaggerUIBundle({url: '/v3/api-docs'})</script></body></html>"),
        ("GET", "/v3/api-docs") => Resp::json(200, r#"{"openapi":"3.0.1","info":{"title":"shop","version":"1"},"paths":{"/orders":{}}}"#),
        ("GET", "/.well-known/security.txt") => Resp::new(200)
            .header("Content-Type", "text/plain")
            .body("Contact: mailto:security@shop.example\nExpires: 2024-01-01T00:00:00Z\n"),
        ("POST", "/graphql") => Resp::json(200, r#"{"data":{"__schema":{"queryType":{"name":"Query"}}}}"#),
        ("GET", "/") => Resp::json(200, r#"{"service":"shop"}"#),
        _ => Resp::json(404, r#"{"error":"not found"}"#),
    }
    })
}

/// Every path answers the same HTML shell, as a single-page app does.
fn single_page_app() -> crate::http_support::Handler {
    Arc::new(|_req: &Req| {
        Resp::new(200)
            .header("Content-Type", "text/html; charset=utf-8")
            .body("<!doctype html><html><head><title>Shop</title></head><body><div id=\"root\"></div><script src=\"/app.js\"></script></body></html>")
    })
}

#[tokio::test]
async fn a_careless_deployment_is_found_by_content_and_its_secrets_stay_out() {
    let addr = serve(careless()).await;
    let target = Target {
        url: format!("http://{addr}/"),
        ..Target::default()
    };
    let declared = vec![target.clone()];
    let (report, rs) = probe(&input(&target, None, &declared), &opts(true, Vec::new(), 5)).await;
    expect(
        &rs,
        &[
            ("exposure.files", Fail),
            ("exposure.internals", Fail),
            ("exposure.docs", Warn),
            ("exposure.graphql", Warn),
            ("http.security_txt", Warn),
        ],
    );
    let files = get(&rs, "exposure.files");
    assert!(
        files.summary.contains("/.git/config") && files.summary.contains("/.env"),
        "{files:#?}"
    );
    let env_line = files.details.iter().find(|d| d.contains("/.env")).unwrap();
    assert!(
        env_line.contains("DATABASE_URL") && env_line.contains("AWS_SECRET_ACCESS_KEY"),
        "keys are named: {env_line}"
    );
    let internals = get(&rs, "exposure.internals");
    for p in [
        "/actuator/env",
        "/actuator/heapdump",
        "/actuator ",
        "/metrics",
    ] {
        assert!(
            internals.details.iter().any(|d| d.contains(p)),
            "{p} missing from {internals:#?}"
        );
    }
    assert!(get(&rs, "http.security_txt").summary.contains("expired"));
    assert_eq!(
        report.security_txt.as_ref().unwrap().contacts,
        vec!["mailto:security@shop.example"]
    );

    // Nothing of any value, in any field of the evidence.
    let json = serde_json::to_string(&(&report, &rs)).unwrap();
    for secret in [DB_PASSWORD, AWS_SECRET, "ghp_token123", "deploy:"] {
        assert!(!json.contains(secret), "{secret} reached the evidence");
    }
    // The heap dump was not downloaded: at most its signature's bytes.
    let heap = report
        .exchanges
        .iter()
        .find(|e| e.url.ends_with("/actuator/heapdump"))
        .unwrap();
    assert!(heap.body_bytes <= 64, "{heap:?}");

    // The record of what the probe did: every well-known path, with its status.
    for w in apiassure::probe::http::exposure::PATHS {
        let line = report
            .requests
            .iter()
            .find(|r| r.method == "GET" && r.url.ends_with(w.path))
            .unwrap_or_else(|| panic!("{} not in the request record", w.path));
        assert!(line.status.is_some());
    }
    assert!(report
        .requests
        .iter()
        .any(|r| r.method == "POST" && r.url.ends_with("/graphql") && r.status == Some(200)));
    let sent: u32 = report.requests.iter().map(|r| r.count).sum();
    assert!(
        sent as usize >= report.exchanges.len(),
        "{sent} < {}",
        report.exchanges.len()
    );
}

#[tokio::test]
async fn a_single_page_app_answering_every_path_is_not_an_exposure() {
    let addr = serve(single_page_app()).await;
    let target = Target {
        url: format!("http://{addr}/"),
        ..Target::default()
    };
    let declared = vec![target.clone()];
    let (report, rs) = probe(
        &input(&target, None, &declared),
        &opts(false, Vec::new(), 5),
    )
    .await;
    expect(
        &rs,
        &[
            ("exposure.files", Pass),
            ("exposure.internals", Pass),
            ("exposure.docs", Pass),
            ("exposure.graphql", Info),
            ("http.security_txt", Info),
        ],
    );
    assert!(report.exposure.is_empty(), "{:#?}", report.exposure);
    // Without --active, nothing but GET and HEAD-like reads went out for exposure.
    assert!(!report
        .requests
        .iter()
        .any(|r| r.url.ends_with("/graphql") && r.method == "POST"));
}

#[tokio::test]
async fn the_well_known_paths_are_asked_once_per_origin() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = asked.clone();
    let addr = serve(Arc::new(move |req: &Req| {
        if req.path() == "/.env" {
            counter.fetch_add(1, Ordering::SeqCst);
        }
        Resp::json(404, r#"{"error":"not found"}"#)
    }))
    .await;
    let targets: Vec<Target> = ["/v1/orders", "/v1/users", "/v2/items"]
        .iter()
        .map(|p| Target {
            url: format!("http://{addr}{p}"),
            ..Target::default()
        })
        .collect();
    let options = opts(false, Vec::new(), 5);
    let mut shared = 0;
    for t in &targets {
        let (report, rs) = probe(&input(t, None, &targets), &options).await;
        let files = get(&rs, "exposure.files");
        assert_eq!(files.result, Pass);
        if files
            .details
            .iter()
            .any(|d| d.contains("asked once for the origin"))
        {
            shared += 1;
            // Only the probe that asked records those requests.
            assert!(!report.requests.iter().any(|r| r.url.ends_with("/.env")));
        }
    }
    assert_eq!(
        asked.load(Ordering::SeqCst),
        1,
        "/.env asked more than once"
    );
    assert_eq!(shared, 2);
}
