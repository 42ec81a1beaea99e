//! HTTP probes end to end against loopback servers with known behaviour:
//! a well-configured API (every check passes), a mediocre one (warnings), a
//! leaky one (failures), an OpenAPI inventory, an authorization matrix with a
//! broken object-level check, and the failure modes (bad certificate,
//! nothing listening). Every case also proves that no token reaches the
//! serialized evidence.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::http_support::{
    closed_port, distinctive_jwt, pki, serve, serve_tls, Handler, Req, Resp,
};
use apiassure::model::evidence::http::HttpObservation;
use apiassure::model::{CheckOutcome, CheckResult};
use apiassure::probe::http::{probe, HttpInput, HttpOptions};
use apiassure::probe::secret::Secret;
use apiassure::workspace::config::{AuthzEndpoint, AuthzMatrix, AuthzRole, Target};
use rustls::pki_types::CertificateDer;

use CheckOutcome::{Error, Fail, Info, Pass, Warn};

pub(crate) fn opts(active: bool, roots: Vec<CertificateDer<'static>>, burst: u32) -> HttpOptions {
    HttpOptions {
        timeout: Duration::from_secs(5),
        active,
        burst_limit: burst,
        extra_roots: Arc::new(roots),
        max_body_bytes: 64 * 1024,
        origin_cache: Arc::default(),
    }
}

pub(crate) fn input<'a>(
    target: &'a Target,
    token: Option<&str>,
    declared: &'a [Target],
) -> HttpInput<'a> {
    HttpInput {
        target,
        token: token.map(Secret::new),
        authz: Vec::new(),
        declared,
        declared_origins: None,
        workspace_root: Path::new("."),
        connect_to: None,
        identity: None,
        client_cert_requested: false,
        client_cert_required: false,
    }
}

pub(crate) fn get<'a>(rs: &'a [CheckResult], id: &str) -> &'a CheckResult {
    rs.iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no {id} result in {rs:#?}"))
}

/// Compare every listed outcome and report all mismatches at once.
pub(crate) fn expect(rs: &[CheckResult], want: &[(&str, CheckOutcome)]) {
    let wrong: Vec<String> = want
        .iter()
        .filter_map(|(id, o)| {
            let r = get(rs, id);
            (r.result != *o).then(|| {
                format!(
                    "{id}: want {o}, got {} ({})\n    {}",
                    r.result,
                    r.summary,
                    r.details.join("\n    ")
                )
            })
        })
        .collect();
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
    // Ids are typed (CheckId), so every result names a registered check.
    for r in rs {
        assert!(!r.summary.is_empty(), "{} has no summary", r.id);
    }
}

/// No secret, nor any JWT part of it, appears in the serialized evidence.
fn assert_no_secret(report: &HttpObservation, rs: &[CheckResult], secrets: &[&str]) {
    let text = format!(
        "{}\n{}",
        serde_json::to_string(report).unwrap(),
        serde_json::to_string(rs).unwrap()
    );
    for s in secrets {
        let mut forms = vec![s.to_string()];
        forms.extend(s.split('.').filter(|p| p.len() >= 16).map(str::to_string));
        for f in forms {
            assert!(!text.contains(&f), "secret part {f:?} leaked into:\n{text}");
        }
    }
    assert!(
        text.contains("[REDACTED]"),
        "credentials were sent but never shown redacted"
    );
}

// ---------------------------------------------------------------- servers

/// Security headers of the well-configured API.
fn hardened(r: Resp) -> Resp {
    r.header(
        "Strict-Transport-Security",
        "max-age=63072000; includeSubDomains",
    )
    .header("X-Content-Type-Options", "nosniff")
    .header("Cache-Control", "no-store")
    .header(
        "Content-Security-Policy",
        "default-src 'none'; frame-ancestors 'none'",
    )
    .header("Server", "api")
}

/// (1) A well-configured API: 401 + Bearer challenge, invalid_token errors,
/// RateLimit headers and 429 + Retry-After after `limit` authorised GETs.
pub(crate) fn good_api(token: String, limit: usize) -> Handler {
    let served = Arc::new(AtomicUsize::new(0));
    Arc::new(move |req: &Req| {
        let r = match (req.method.as_str(), req.path()) {
            ("OPTIONS", _) => Resp::new(204).header("Allow", "GET, POST, OPTIONS"),
            ("TRACE", _) => Resp::json(405, r#"{"error":"method not allowed"}"#),
            ("GET", "/.well-known/security.txt") => Resp::new(200)
                .header("Content-Type", "text/plain; charset=utf-8")
                .body("Contact: mailto:security@example.com\nExpires: 2099-12-31T23:00:00Z\nPolicy: https://example.com/cvd\n"),
            (_, "/v1/orders") | (_, "/v1/legacy") | (_, "/v1/health") => match req.bearer() {
                None => Resp::json(401, r#"{"error":"unauthorized"}"#)
                    .header("WWW-Authenticate", "Bearer realm=\"orders\""),
                Some(t) if t != token => Resp::json(401, r#"{"error":"invalid_token"}"#).header(
                    "WWW-Authenticate",
                    "Bearer realm=\"orders\", error=\"invalid_token\"",
                ),
                Some(_) if req.method == "POST" => {
                    Resp::json(400, r#"{"error":"request body is not valid JSON"}"#)
                }
                Some(_) => {
                    let n = served.fetch_add(1, Ordering::SeqCst) + 1;
                    let left = limit.saturating_sub(n);
                    let r = if n > limit {
                        Resp::json(429, r#"{"error":"too many requests"}"#)
                            .header("Retry-After", "30")
                    } else {
                        Resp::json(200, r#"{"orders":[{"id":1001,"total":12.5}]}"#)
                    };
                    r.header("RateLimit-Policy", &format!("\"default\";q={limit};w=60"))
                        .header("RateLimit", &format!("\"default\";r={left};t=60"))
                }
            },
            _ => Resp::json(404, r#"{"error":"not found"}"#),
        };
        hardened(r)
    })
}

/// The cleartext port of the well-configured API: 308 to https.
pub(crate) fn redirector(tls_port: u16, status: u16) -> Handler {
    Arc::new(move |req: &Req| {
        Resp::new(status).header(
            "Location",
            &format!("https://127.0.0.1:{tls_port}{}", req.target),
        )
    })
}

/// A middling API: everything works, nothing is quite right.
fn mediocre_api(token: String, limit: usize) -> Handler {
    let served = Arc::new(AtomicUsize::new(0));
    Arc::new(move |req: &Req| {
        let base = |r: Resp| {
            r.header("Strict-Transport-Security", "max-age=31536000")
                .header("X-Content-Type-Options", "nosniff")
                .header("Access-Control-Allow-Origin", "*")
                .header("Set-Cookie", "theme=dark; Path=/; Secure")
                .header("Server", "Apache")
        };
        let authorised = req.bearer() == Some(token.as_str())
            || req.query("access_token").as_deref() == Some(token.as_str());
        let r = match (req.method.as_str(), req.bearer()) {
            ("OPTIONS", _) => Resp::new(204).header("Allow", "GET, OPTIONS"),
            ("TRACE", _) => Resp::new(200)
                .header("Content-Type", "message/http")
                .body(&req.head),
            ("POST", _) if authorised => Resp::json(500, r#"{"error":"internal error"}"#),
            (_, None) if !authorised => Resp::json(403, r#"{"error":"forbidden"}"#),
            (_, Some(_)) if !authorised => {
                Resp::json(401, r#"{"error":"bad token"}"#).header("WWW-Authenticate", "Bearer")
            }
            _ => {
                let n = served.fetch_add(1, Ordering::SeqCst) + 1;
                if n > limit {
                    Resp::json(429, r#"{"error":"slow down"}"#)
                } else {
                    Resp::json(200, r#"{"orders":[]}"#)
                        .header("X-RateLimit-Limit", &limit.to_string())
                }
            }
        };
        base(r)
    })
}

/// (2) A leaky API over plain HTTP. `posts` counts POSTs, to prove passive
/// runs send none.
pub(crate) fn leaky_api(token: String, posts: Arc<AtomicUsize>) -> Handler {
    Arc::new(move |req: &Req| {
        let banners = |r: Resp| {
            let r = r
                .header("Server", "nginx/1.18.0")
                .header("X-Powered-By", "PHP/7.4.3")
                .header("Set-Cookie", "PHPSESSID=9d8c7b6a5f4e; path=/");
            match req.header("origin") {
                Some(o) => r
                    .header("Access-Control-Allow-Origin", o)
                    .header("Access-Control-Allow-Credentials", "true"),
                None => r,
            }
        };
        let data = r#"{"users":[{"id":1,"email":"a@example.test"}]}"#;
        let r = match (req.method.as_str(), req.path()) {
            ("TRACE", _) => Resp::new(200)
                .header("Content-Type", "message/http")
                .body(&req.head),
            ("OPTIONS", _) => {
                Resp::new(200).header("Allow", "GET, POST, PUT, DELETE, TRACE, OPTIONS")
            }
            ("POST", _) => {
                posts.fetch_add(1, Ordering::SeqCst);
                Resp::new(500).header("Content-Type", "text/html").body(
                    "<b>Fatal error</b>: Uncaught JsonException: Syntax error in /var/www/html/api.php:12\nStack trace:\n#0 /var/www/html/api.php(12): json_decode()\n#1 {main}",
                )
            }
            ("GET", "/api/data") => Resp::new(200)
                .header("Content-Type", "text/html")
                .body(data),
            ("GET", "/api/private") => {
                let any_bearer = req.bearer().is_some();
                let in_query = req.query("access_token").as_deref() == Some(token.as_str());
                if any_bearer || in_query {
                    Resp::new(200)
                        .header("Content-Type", "text/html")
                        .body(data)
                } else {
                    Resp::new(401)
                        .header("WWW-Authenticate", "Basic realm=\"leaky\"")
                        .header("Content-Type", "text/html")
                        .body("<h1>401</h1>")
                }
            }
            _ => Resp::new(404).body("not found"),
        };
        banners(r)
    })
}

// ---------------------------------------------------------------- cases

const WELL: &[(&str, CheckOutcome)] = &[
    ("http.redirect", Pass),
    ("http.hsts", Pass),
    ("http.content_type", Pass),
    ("http.nosniff", Pass),
    ("http.cache", Pass),
    ("http.framing", Pass),
    ("http.banner", Pass),
    ("http.cookies", Pass),
    ("cors.origin", Pass),
    ("auth.required", Pass),
    ("auth.invalid", Pass),
    ("auth.cleartext", Pass),
    ("auth.query_token", Pass),
    ("auth.jwt", Pass),
    ("ratelimit.headers", Pass),
    ("ratelimit.burst", Pass),
    ("http.methods", Pass),
    ("http.errors", Pass),
    ("exposure.files", Pass),
    ("exposure.internals", Pass),
    ("exposure.docs", Pass),
    ("exposure.graphql", Pass),
    ("http.security_txt", Pass),
    ("inventory.openapi", Info),
    ("authz.matrix", Info),
];

/// The same well-configured API served over HTTP/2 only: every check still
/// passes and the report records the protocol.
#[tokio::test]
async fn well_configured_api_over_http2() {
    let token = distinctive_jwt(3600);
    let pki = pki();
    let tls = crate::http_support::serve_h2(good_api(token.clone(), 20), &pki).await;
    let http = serve(redirector(tls.port(), 308)).await;
    let target = Target {
        url: format!("https://127.0.0.1:{}/v1/orders", tls.port()),
        http_port: Some(http.port()),
        ..Target::default()
    };
    let declared = vec![target.clone()];
    let (report, rs) = probe(
        &input(&target, Some(&token), &declared),
        &opts(true, vec![pki.ca.clone()], 40),
    )
    .await;
    expect(&rs, WELL);
    assert_eq!(report.http_version.as_deref(), Some("HTTP/2.0"));
    let https: Vec<_> = report
        .exchanges
        .iter()
        .filter(|e| e.url.starts_with("https://"))
        .collect();
    assert!(!https.is_empty());
    assert!(
        https
            .iter()
            .all(|e| e.version.as_deref() == Some("HTTP/2.0")),
        "{https:#?}"
    );
}

#[tokio::test]
async fn well_configured_api_passes_every_check() {
    let token = distinctive_jwt(3600);
    let pki = pki();
    let tls = serve_tls(good_api(token.clone(), 20), &pki).await;
    let http = serve(redirector(tls.port(), 308)).await;
    let target = Target {
        url: format!("https://127.0.0.1:{}/v1/orders", tls.port()),
        http_port: Some(http.port()),
        ..Target::default()
    };
    let declared = vec![target.clone()];
    let (report, rs) = probe(
        &input(&target, Some(&token), &declared),
        &opts(true, vec![pki.ca.clone()], 40),
    )
    .await;
    expect(&rs, WELL);
    assert_eq!(rs.len(), WELL.len(), "{rs:#?}");
    assert!(report.error.is_none());
    assert_eq!(report.http_version.as_deref(), Some("HTTP/1.1"));
    let burst = report.burst.as_ref().unwrap();
    assert!(burst.first_429.is_some_and(|n| n <= 20), "{burst:?}");
    assert!(
        burst.sent < 40,
        "the burst must stop at the first 429: {burst:?}"
    );
    assert_eq!(report.rate_limit.as_ref().unwrap().limit, Some(20));
    let jwt = report.jwt.as_ref().unwrap();
    assert_eq!((jwt.alg.as_str(), jwt.lifetime_secs), ("RS256", Some(3660)));
    // Forged tokens were all refused, and said so.
    let invalid = get(&rs, "auth.invalid");
    assert_eq!(invalid.details.len(), 4, "{invalid:#?}");
    assert!(invalid.details[1..].iter().all(|d| d.contains("401")));
    // Evidence: request lines, statuses and headers with credentials redacted.
    let authed = report
        .exchanges
        .iter()
        .find(|e| e.purpose == "baseline with credentials")
        .unwrap();
    assert_eq!(authed.status, Some(200));
    assert!(authed
        .request_headers
        .iter()
        .any(|h| h.name == "authorization" && h.value == "Bearer [REDACTED]"));
    assert!(authed
        .response_headers
        .iter()
        .any(|h| h.name == "ratelimit-policy"));
    assert!(report
        .exchanges
        .iter()
        .any(|e| e.url.contains("access_token=[REDACTED]")));
    assert_no_secret(&report, &rs, &[&token]);
}

#[tokio::test]
async fn mediocre_api_warns() {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    let now = chrono::Utc::now().timestamp();
    let token = format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(format!(
            r#"{{"sub":"mediocre-user-0001","iat":{now},"exp":{}}}"#,
            now + 7 * 86400
        )),
        "HmacSignature_Mediocre_Distinct_88a1"
    );
    let pki = pki();
    let tls = serve_tls(mediocre_api(token.clone(), 6), &pki).await;
    let http = serve(redirector(tls.port(), 302)).await;
    let target = Target {
        url: format!("https://127.0.0.1:{}/v1/orders", tls.port()),
        http_port: Some(http.port()),
        ..Target::default()
    };
    let declared = vec![target.clone()];
    let (report, rs) = probe(
        &input(&target, Some(&token), &declared),
        &opts(true, vec![pki.ca.clone()], 10),
    )
    .await;
    expect(
        &rs,
        &[
            ("http.redirect", Warn),
            ("http.hsts", Warn),
            ("http.content_type", Pass),
            ("http.cache", Warn),
            ("http.framing", Warn),
            ("http.banner", Pass),
            ("http.cookies", Warn),
            ("cors.origin", Warn),
            ("auth.required", Warn),
            ("auth.invalid", Warn),
            ("auth.query_token", Warn),
            ("auth.jwt", Warn),
            ("ratelimit.headers", Pass),
            ("ratelimit.burst", Warn),
            ("http.methods", Warn),
            ("http.errors", Warn),
        ],
    );
    assert_no_secret(&report, &rs, &[&token]);
}

const LEAKY_TOKEN: &str = "leaky-0pAqUe-T0ken-9f8e7d6c5b4a3921";

async fn leaky(active: bool) -> (HttpObservation, Vec<CheckResult>, Arc<AtomicUsize>) {
    let posts = Arc::new(AtomicUsize::new(0));
    let addr = serve(leaky_api(LEAKY_TOKEN.into(), posts.clone())).await;
    let target = Target {
        url: format!("http://127.0.0.1:{}/api/data", addr.port()),
        paths: vec!["/api/private".into()],
        ..Target::default()
    };
    let declared = vec![target.clone()];
    let (report, rs) = probe(
        &input(&target, Some(LEAKY_TOKEN), &declared),
        &opts(active, Vec::new(), 5),
    )
    .await;
    (report, rs, posts)
}

#[tokio::test]
async fn leaky_api_fails() {
    let (report, rs, posts) = leaky(true).await;
    expect(
        &rs,
        &[
            ("http.redirect", Fail),
            ("http.hsts", Fail),
            ("http.content_type", Fail),
            ("http.nosniff", Fail),
            ("http.cache", Warn),
            ("http.framing", Warn),
            ("http.banner", Warn),
            ("http.cookies", Fail),
            ("cors.origin", Fail),
            ("auth.required", Fail),
            ("auth.invalid", Fail),
            ("auth.cleartext", Fail),
            ("auth.query_token", Fail),
            ("auth.jwt", Info),
            ("ratelimit.headers", Info),
            ("ratelimit.burst", Info),
            ("http.methods", Warn),
            ("http.errors", Fail),
        ],
    );
    assert!(posts.load(Ordering::SeqCst) >= 1);
    let banner = get(&rs, "http.banner");
    assert!(banner.summary.contains("nginx/1.18.0") && banner.summary.contains("PHP/7.4.3"));
    assert!(get(&rs, "auth.cleartext").summary.contains("Basic"));
    assert!(get(&rs, "http.errors")
        .details
        .iter()
        .any(|d| d.contains("PHP")));
    // The burst is bounded and reported as not observed.
    assert_eq!(report.burst.as_ref().unwrap().sent, 5);
    // Set-Cookie keeps the name and attributes, never the value.
    let cookies: Vec<&str> = report
        .exchanges
        .iter()
        .flat_map(|e| &e.response_headers)
        .filter(|h| h.name == "set-cookie")
        .map(|h| h.value.as_str())
        .collect();
    assert!(!cookies.is_empty());
    assert!(
        cookies.iter().all(|c| *c == "PHPSESSID=[REDACTED]; path=/"),
        "{cookies:?}"
    );
    assert_no_secret(&report, &rs, &[LEAKY_TOKEN, "9d8c7b6a5f4e"]);
}

#[tokio::test]
async fn passive_run_sends_no_active_traffic() {
    let (report, rs, posts) = leaky(false).await;
    assert_eq!(
        posts.load(Ordering::SeqCst),
        0,
        "a passive run sent a malformed body"
    );
    for id in ["ratelimit.burst", "http.errors"] {
        let r = get(&rs, id);
        assert_eq!(r.result, Info, "{r:?}");
        assert!(r.summary.contains("--active"), "{r:?}");
    }
    assert!(report.burst.is_none());
    // Garbage tokens are still tried; forged ones are listed as not sent.
    let invalid = get(&rs, "auth.invalid");
    assert_eq!(invalid.result, Fail);
    assert!(invalid.details.iter().any(|d| d.contains("not sent")));
    assert!(!report
        .exchanges
        .iter()
        .any(|e| e.purpose.contains("expired") || e.purpose.contains("alg=none")));
    assert_no_secret(&report, &rs, &[LEAKY_TOKEN]);
}

#[tokio::test]
async fn untrusted_certificate_makes_http_checks_error() {
    let token = distinctive_jwt(600);
    let pki = pki();
    let tls = serve_tls(good_api(token.clone(), 20), &pki).await;
    let target = Target {
        url: format!("https://127.0.0.1:{}/v1/orders", tls.port()),
        http_port: Some(closed_port()),
        ..Target::default()
    };
    let declared = vec![target.clone()];
    // No extra root: the test CA is unknown, so verification must fail.
    let (report, rs) = probe(
        &input(&target, Some(&token), &declared),
        &opts(true, Vec::new(), 5),
    )
    .await;
    let why = report.error.as_deref().unwrap();
    assert!(why.contains("TLS verification failed"), "{why}");
    for id in [
        "http.hsts",
        "auth.required",
        "cors.origin",
        "ratelimit.burst",
        "http.errors",
    ] {
        let r = get(&rs, id);
        assert_eq!(r.result, Error, "{r:?}");
        assert!(
            r.summary.contains("certificate") || r.summary.contains("UnknownIssuer"),
            "{r:?}"
        );
    }
    // The closed cleartext port is still a pass, and the offline JWT check runs.
    expect(&rs, &[("http.redirect", Pass), ("auth.jwt", Pass)]);
    assert!(!rs
        .iter()
        .any(|r| r.result == Pass && r.id.as_str().starts_with("auth.") && r.id != "auth.jwt"));
}

#[tokio::test]
async fn unreachable_target_is_error_never_pass() {
    let port = closed_port();
    let target = Target {
        url: format!("http://127.0.0.1:{port}/v1"),
        ..Target::default()
    };
    let declared = vec![target.clone()];
    let (report, rs) = probe(
        &input(&target, None, &declared),
        &opts(false, Vec::new(), 5),
    )
    .await;
    assert!(report.error.is_some());
    // Nothing answered, so nothing can pass: not even "cleartext port closed".
    assert!(rs.len() > 10);
    for r in &rs {
        let expected = match r.id.as_str() {
            "inventory.openapi" | "authz.matrix" => Info,
            "auth.jwt" => continue,
            _ => Error,
        };
        assert_eq!(r.result, expected, "{r:?}");
    }
}

#[tokio::test]
async fn invalid_target_url_is_error() {
    let target = Target {
        url: "ftp://127.0.0.1/x".into(),
        ..Target::default()
    };
    let declared = vec![target.clone()];
    let (report, rs) = probe(&input(&target, None, &declared), &HttpOptions::default()).await;
    assert!(report.error.unwrap().contains("not http(s)"));
    for r in &rs {
        let expected = match r.id.as_str() {
            // Nothing declared: said so, not an observation that failed.
            "inventory.openapi" | "authz.matrix" => Info,
            "auth.jwt" => continue,
            _ => Error,
        };
        assert_eq!(r.result, expected, "{r:?}");
    }
}

// ---------------------------------------------------------------- OpenAPI

const OPENAPI: &str = r#"
openapi: 3.1.0
info:
  title: Orders API
  version: "1.4.0"
servers:
  - url: https://127.0.0.1:{port}/v1
    variables:
      port: {default: "PORT"}
  - url: https://staging-orders.internal.test/v1
security:
  - bearerAuth: []
paths:
  /orders:
    get:
      operationId: listOrders
      responses:
        "200": {description: ok}
  /health:
    get:
      operationId: health
      security: []
      responses:
        200: {description: ok}
  /legacy:
    get:
      operationId: legacyOrders
      deprecated: true
  /orders/{id}:
    delete:
      operationId: deleteOrder
      deprecated: true
components:
  securitySchemes:
    bearerAuth: {type: http, scheme: bearer}
"#;

#[tokio::test]
async fn openapi_inventory_flags_unsecured_deprecated_and_shadow_servers() {
    let token = distinctive_jwt(600);
    let pki = pki();
    let tls = serve_tls(good_api(token.clone(), 1000), &pki).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("openapi.yaml"),
        OPENAPI.replace("PORT", &tls.port().to_string()),
    )
    .unwrap();
    let target = Target {
        url: format!("https://127.0.0.1:{}/v1/orders", tls.port()),
        paths: vec!["/v1/admin/export".into()],
        http_port: Some(closed_port()),
        openapi: Some("openapi.yaml".into()),
        ..Target::default()
    };
    let declared = vec![target.clone()];
    let mut inp = input(&target, Some(&token), &declared);
    inp.workspace_root = dir.path();
    let (report, rs) = probe(&inp, &opts(false, vec![pki.ca.clone()], 5)).await;
    let r = get(&rs, "inventory.openapi");
    assert_eq!(r.result, Fail, "{r:#?}");
    assert!(r.summary.contains("GET /health"), "{r:#?}");
    let inv = report.openapi.as_ref().unwrap();
    assert_eq!(
        (
            inv.title.as_str(),
            inv.version.as_str(),
            inv.openapi.as_str()
        ),
        ("Orders API", "1.4.0", "3.1.0")
    );
    assert_eq!(inv.operations.len(), 4);
    let op = |id: &str| {
        inv.operations
            .iter()
            .find(|o| o.operation_id.as_deref() == Some(id))
            .unwrap()
    };
    assert!(op("listOrders").secured && op("listOrders").security == vec!["bearerAuth"]);
    assert!(!op("health").secured);
    // The deprecated GET is probed on the declared server and is still served;
    // the deprecated DELETE is only listed.
    assert_eq!(
        op("legacyOrders").still_served,
        Some(true),
        "{:?}",
        op("legacyOrders")
    );
    assert!(op("legacyOrders")
        .probed
        .as_deref()
        .unwrap()
        .contains("-> 200"));
    assert!(op("deleteOrder").probed.is_none());
    assert_eq!(
        inv.undeclared_servers,
        vec!["https://staging-orders.internal.test/v1"]
    );
    assert_eq!(inv.undocumented.len(), 1, "{:?}", inv.undocumented);
    assert!(inv.undocumented[0].contains("/v1/admin/export"));
    assert!(!report
        .exchanges
        .iter()
        .any(|e| e.url.contains("internal.test")));
    assert_no_secret(&report, &rs, &[&token]);
}

#[tokio::test]
async fn openapi_url_is_fetched_only_from_declared_hosts() {
    let doc = r#"{"openapi":"3.0.3","info":{"title":"t","version":"1"},"security":[{"k":[]}],
                  "paths":{"/api/data":{"get":{"operationId":"data"}}}}"#;
    let served = Arc::new(AtomicUsize::new(0));
    let s = served.clone();
    let addr = serve(Arc::new(move |req: &Req| {
        s.fetch_add(1, Ordering::SeqCst);
        match req.path() {
            "/openapi.json" => Resp::json(200, doc),
            _ => Resp::json(401, "{}").header("WWW-Authenticate", "Bearer"),
        }
    }))
    .await;
    let base = format!("http://127.0.0.1:{}", addr.port());
    let target = Target {
        url: format!("{base}/api/data"),
        openapi: Some(format!("{base}/openapi.json")),
        ..Target::default()
    };
    let declared = vec![target.clone()];
    let (report, rs) = probe(
        &input(&target, None, &declared),
        &opts(false, Vec::new(), 5),
    )
    .await;
    let r = get(&rs, "inventory.openapi");
    assert_eq!(r.result, Pass, "{r:#?}");
    assert_eq!(report.openapi.unwrap().operations.len(), 1);

    let outside = Target {
        url: format!("{base}/api/data"),
        openapi: Some("https://docs.elsewhere.test/openapi.json".into()),
        ..Target::default()
    };
    let declared = vec![outside.clone()];
    let (_, rs) = probe(
        &input(&outside, None, &declared),
        &opts(false, Vec::new(), 5),
    )
    .await;
    let r = get(&rs, "inventory.openapi");
    assert_eq!(r.result, Error);
    assert!(
        r.summary.contains("not a declared target's origin"),
        "{r:?}"
    );
}

// ---------------------------------------------------------------- authz

/// (4) Users own objects: /users/1 is alice's, /users/2 bob's. The object
/// check on /users/1 is missing: any valid token reads it (BOLA).
fn users_api(alice: String, bob: String, admin: String) -> Handler {
    Arc::new(move |req: &Req| {
        let who = match req.bearer() {
            Some(t) if t == alice => "alice",
            Some(t) if t == bob => "bob",
            Some(t) if t == admin => "admin",
            Some(_) => {
                return Resp::json(401, "{}")
                    .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
            }
            None => return Resp::json(401, "{}").header("WWW-Authenticate", "Bearer"),
        };
        match (req.method.as_str(), req.path(), who) {
            ("GET", "/users/1", _) => Resp::json(200, r#"{"id":1,"owner":"alice"}"#),
            ("GET", "/users/2", "bob") => Resp::json(200, r#"{"id":2,"owner":"bob"}"#),
            ("GET", "/users/2", _) => Resp::json(404, "{}"),
            ("GET", "/admin/users", "admin") => Resp::json(200, "[]"),
            ("GET", "/admin/users", _) => Resp::json(403, "{}"),
            ("DELETE", _, _) => Resp::json(204, ""),
            _ => Resp::json(404, "{}"),
        }
    })
}

#[tokio::test]
async fn authz_matrix_finds_broken_object_level_authorization() {
    let (alice, bob, admin) = (
        "alice-tok-Distinct-11aa22bb33cc".to_string(),
        "bob-tok-Distinct-44dd55ee66ff".to_string(),
        "admin-tok-Distinct-77aa88bb99cc".to_string(),
    );
    let addr = serve(users_api(alice.clone(), bob.clone(), admin.clone())).await;
    let target = Target {
        name: "users".into(),
        url: format!("http://127.0.0.1:{}/users/1", addr.port()),
        ..Target::default()
    };
    let ep = |method: &str, path: &str, allow: &[&str]| AuthzEndpoint {
        method: method.into(),
        path: path.into(),
        allow: allow.iter().map(|s| s.to_string()).collect(),
    };
    let matrix = AuthzMatrix {
        target: "users".into(),
        roles: ["alice", "bob", "admin"]
            .iter()
            .map(|n| AuthzRole {
                name: n.to_string(),
                token_env: Some(format!("APIASSURE_TOKEN_{}", n.to_uppercase())),
            })
            .chain(std::iter::once(AuthzRole {
                name: "anonymous".into(),
                token_env: None,
            }))
            .collect(),
        endpoints: vec![
            ep("GET", "/users/1", &["alice"]),
            ep("GET", "/users/2", &["bob", "admin"]),
            ep("GET", "/admin/users", &["admin"]),
            ep("DELETE", "/users/2", &["admin"]),
        ],
    };
    let declared = vec![target.clone()];
    let mut inp = input(&target, Some(&alice), &declared);
    inp.authz = vec![(
        &matrix,
        vec![
            ("alice".into(), Some(Secret::new(&alice))),
            ("bob".into(), Some(Secret::new(&bob))),
            ("admin".into(), Some(Secret::new(&admin))),
            ("anonymous".into(), None),
        ],
    )];
    let (report, rs) = probe(&inp, &opts(false, Vec::new(), 5)).await;
    let r = get(&rs, "authz.matrix");
    assert_eq!(r.result, Fail, "{r:#?}");
    assert!(r.summary.contains("GET /users/1 as bob"), "{r:#?}");
    assert!(r.summary.contains("GET /users/1 as admin"), "{r:#?}");
    assert!(!r.summary.contains("anonymous"), "{r:#?}");
    let cell = |path: &str, role: &str, method: &str| {
        report
            .authz
            .iter()
            .find(|c| c.path == path && c.role == role && c.method == method)
            .unwrap()
    };
    use apiassure::model::evidence::http::AuthzAccess as Access;
    assert_eq!(cell("/users/1", "bob", "GET").access, Access::Allowed);
    assert_eq!(cell("/users/1", "bob", "GET").outcome(), Fail);
    assert_eq!(cell("/users/2", "alice", "GET").access, Access::Denied);
    assert_eq!(cell("/users/2", "admin", "GET").outcome(), Warn);
    assert_eq!(cell("/admin/users", "bob", "GET").status, Some(403));
    assert_eq!(cell("/users/1", "anonymous", "GET").status, Some(401));
    // Unsafe methods wait for --active.
    let del = cell("/users/2", "admin", "DELETE");
    assert_eq!((del.access, del.status), (Access::NotRun, None));
    assert_eq!(report.authz.len(), 16);
    assert_no_secret(&report, &rs, &[&alice, &bob, &admin]);

    // With --active the DELETE is sent and judged too.
    let (report, _) = probe(&inp, &opts(true, Vec::new(), 3)).await;
    let del = report
        .authz
        .iter()
        .find(|c| c.method == "DELETE" && c.role == "bob")
        .unwrap();
    assert_eq!((del.access, del.status), (Access::Allowed, Some(204)));
}

// ---------------------------------------------------------------- API keys

#[tokio::test]
async fn api_key_scheme_is_sent_in_its_header_and_redacted() {
    const KEY: &str = "ak_live_Distinct_5c4b3a2918f7e6d5";
    let pki = pki();
    let tls = serve_tls(
        Arc::new(|req: &Req| {
            let key = req
                .header("api-key")
                .map(str::to_string)
                .or_else(|| req.query("api_key"));
            hardened(match key.as_deref() {
                Some(KEY) => Resp::json(200, r#"{"items":[]}"#),
                Some(_) => Resp::json(401, r#"{"error":"bad key"}"#),
                None => Resp::json(401, r#"{"error":"key required"}"#),
            })
        }),
        &pki,
    )
    .await;
    let target = Target {
        url: format!("https://127.0.0.1:{}/items", tls.port()),
        auth_scheme: apiassure::workspace::config::AuthScheme::ApiKey,
        api_key_header: Some("Api-Key".into()),
        http_port: Some(closed_port()),
        ..Target::default()
    };
    let declared = vec![target.clone()];
    let (report, rs) = probe(
        &input(&target, Some(KEY), &declared),
        &opts(true, vec![pki.ca.clone()], 3),
    )
    .await;
    expect(
        &rs,
        &[
            // 401 without WWW-Authenticate: refused, but not by the book.
            ("auth.required", Warn),
            ("auth.invalid", Pass),
            ("auth.query_token", Warn),
            ("auth.jwt", Info),
            ("http.cache", Pass),
        ],
    );
    let invalid = get(&rs, "auth.invalid");
    assert!(invalid
        .details
        .iter()
        .any(|d| d.contains("does not use bearer tokens")));
    let sent = report
        .exchanges
        .iter()
        .find(|e| e.purpose == "baseline with credentials")
        .unwrap();
    assert!(sent
        .request_headers
        .iter()
        .any(|h| h.name == "api-key" && h.value == "[REDACTED]"));
    assert_no_secret(&report, &rs, &[KEY]);
}

/// A cleartext port that accepts and then stalls, drips bytes or hangs up
/// has not shown that it redirects: `http.redirect` is `error`, never
/// `pass`; a port nobody listens on stays a pass.
#[tokio::test]
async fn a_cleartext_port_that_accepts_then_stalls_or_drips_is_error() {
    use crate::tls_support::{hang_up, stay_silent, RawServer};
    fn drip(mut s: std::net::TcpStream) {
        use std::io::Write;
        for b in b"HTTP/1.1 301 Moved Permanently\r\nLocation: https://x/\r\n" {
            if s.write_all(&[*b]).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(150));
        }
    }
    let token = distinctive_jwt(3600);
    let pki = pki();
    let tls = serve_tls(good_api(token.clone(), 20), &pki).await;
    for (what, handle) in [
        ("silent", stay_silent as fn(std::net::TcpStream)),
        ("dripping", drip),
        ("hang-up", hang_up),
    ] {
        let clear = RawServer::start(handle);
        let target = Target {
            url: format!("https://127.0.0.1:{}/v1/orders", tls.port()),
            http_port: Some(clear.port),
            ..Target::default()
        };
        let declared = vec![target.clone()];
        let mut o = opts(false, vec![pki.ca.clone()], 0);
        o.timeout = Duration::from_secs(2);
        let started = std::time::Instant::now();
        let (_, rs) = probe(&input(&target, Some(&token), &declared), &o).await;
        let r = get(&rs, "http.redirect");
        assert_eq!(r.result, Error, "{what}: {r:?}");
        assert!(r.summary.contains("accepted a connection"), "{what}: {r:?}");
        assert!(started.elapsed() < Duration::from_secs(20), "{what}");
    }
}

/// Hostile OpenAPI documents: 250 KB of nested brackets (served and local)
/// and a local file that is a symlink to /dev/zero. Each is an `error`
/// naming the cause, reached quickly, never a stalled probe.
#[tokio::test]
async fn hostile_openapi_documents_are_refused_quickly() {
    let bomb = "[".repeat(250_000);
    let served = bomb.clone();
    let api = serve(Arc::new(move |req: &Req| match req.path() {
        "/openapi.json" => Resp::json(200, &served),
        _ => Resp::json(200, "{}"),
    }))
    .await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bomb.yaml"), format!("openapi: {bomb}")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.yaml")).unwrap();
    let base = format!("http://127.0.0.1:{}", api.port());
    for (source, want) in [
        (format!("{base}/openapi.json"), "deeper than 64"),
        ("bomb.yaml".to_string(), "deeper than 64"),
        ("zero.yaml".to_string(), "character device"),
    ] {
        let target = Target {
            url: format!("{base}/v1/orders"),
            openapi: Some(source.clone()),
            ..Target::default()
        };
        let declared = vec![target.clone()];
        let mut o = opts(false, Vec::new(), 0);
        o.max_body_bytes = 1 << 20;
        let input = HttpInput {
            workspace_root: dir.path(),
            ..input(&target, None, &declared)
        };
        let started = std::time::Instant::now();
        let (_, rs) = probe(&input, &o).await;
        let r = get(&rs, "inventory.openapi");
        assert_eq!(r.result, Error, "{source}: {r:?}");
        assert!(r.summary.contains(want), "{source}: {r:?}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{source} took {:?}",
            started.elapsed()
        );
    }
}

// ---------------------------------------------------------------- oauth

/// An authorization server on loopback: metadata (OIDC Discovery path or
/// RFC 8414 path) and a key set, with the problems a test asks for.
fn auth_server(meta: serde_json::Value, jwks: serde_json::Value, rfc8414_only: bool) -> Handler {
    Arc::new(move |req: &Req| match req.path() {
        "/.well-known/openid-configuration" if !rfc8414_only => Resp::json(200, &meta.to_string()),
        p if p.starts_with("/.well-known/oauth-authorization-server") => {
            Resp::json(200, &meta.to_string())
        }
        "/jwks" => Resp::json(200, &jwks.to_string()),
        _ => Resp::json(401, "{}").header("WWW-Authenticate", "Bearer"),
    })
}

fn rsa_n(bits: usize) -> String {
    use base64::Engine as _;
    let mut v = vec![0xa5u8; bits / 8];
    v[0] = 0xc3;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v)
}

#[tokio::test]
async fn oauth_metadata_and_keys_are_checked_on_declared_origins_only() {
    // Port first, so the metadata can name its own origin.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let base = format!("http://127.0.0.1:{port}");
    let good = serde_json::json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/authorize"),
        "token_endpoint": format!("{base}/token"),
        "jwks_uri": format!("{base}/jwks"),
        "grant_types_supported": ["authorization_code", "client_credentials"],
        "response_types_supported": ["code"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        "id_token_signing_alg_values_supported": ["RS256"],
    });
    let keys = serde_json::json!({"keys": [{"kty": "RSA", "kid": "k1", "alg": "RS256", "n": rsa_n(2048), "e": "AQAB"}]});

    // Discovered on the target's own origin (no oauth_issuer declared).
    let addr =
        crate::http_support::serve_on(port, auth_server(good.clone(), keys.clone(), false)).await;
    let target = Target {
        url: format!("http://127.0.0.1:{}/api", addr.port()),
        ..Target::default()
    };
    let declared = vec![target.clone()];
    let (_, rs) = probe(
        &input(&target, None, &declared),
        &opts(false, Vec::new(), 5),
    )
    .await;
    expect(&rs, &[("oauth.metadata", Pass), ("oauth.jwks", Pass)]);
    assert!(get(&rs, "oauth.jwks")
        .details
        .iter()
        .any(|d| d.contains("2048 bits")));

    // Declared issuer, RFC 8414 path only, with a password grant and a 1024-bit key.
    let port2 = closed_port();
    let base2 = format!("http://127.0.0.1:{port2}/tenant");
    let mut bad = good.clone();
    bad["issuer"] = serde_json::json!(base2);
    bad["jwks_uri"] = serde_json::json!(format!("http://127.0.0.1:{port2}/jwks"));
    bad["grant_types_supported"] = serde_json::json!(["authorization_code", "password"]);
    let weak =
        serde_json::json!({"keys": [{"kty": "RSA", "kid": "w", "n": rsa_n(1024), "e": "AQAB"}]});
    crate::http_support::serve_on(port2, auth_server(bad, weak, true)).await;
    let issuer_target = Target {
        url: format!("http://127.0.0.1:{port2}/"),
        name: "idp".into(),
        ..Target::default()
    };
    let api = Target {
        url: format!("http://127.0.0.1:{}/api", addr.port()),
        oauth_issuer: Some(base2.clone()),
        ..Target::default()
    };
    let declared = vec![api.clone(), issuer_target];
    let (report, rs) = probe(&input(&api, None, &declared), &opts(false, Vec::new(), 5)).await;
    let m = get(&rs, "oauth.metadata");
    assert_eq!(m.result, Fail, "{m:#?}");
    assert!(m.summary.contains("password grant"), "{}", m.summary);
    let j = get(&rs, "oauth.jwks");
    assert_eq!(j.result, Fail);
    assert!(j.summary.contains("1024 bits, under 2048"), "{}", j.summary);
    assert!(report.exchanges.iter().any(|e| e
        .url
        .contains("/.well-known/oauth-authorization-server/tenant")));

    // An issuer on an origin nobody declared is not contacted.
    let api = Target {
        url: format!("http://127.0.0.1:{}/api", addr.port()),
        oauth_issuer: Some("https://id.elsewhere.test".into()),
        ..Target::default()
    };
    let declared = vec![api.clone()];
    let (report, rs) = probe(&input(&api, None, &declared), &opts(false, Vec::new(), 5)).await;
    let m = get(&rs, "oauth.metadata");
    assert_eq!(m.result, Error);
    assert!(
        m.summary.contains("not a declared target's origin"),
        "{}",
        m.summary
    );
    assert!(!report.exchanges.iter().any(|e| e.url.contains("elsewhere")));

    // No metadata on the target's origin and none declared: nothing to report.
    let plain = serve(Arc::new(|_: &Req| Resp::json(404, "{}"))).await;
    let target = Target {
        url: format!("http://127.0.0.1:{}/api", plain.port()),
        ..Target::default()
    };
    let declared = vec![target.clone()];
    let (_, rs) = probe(
        &input(&target, None, &declared),
        &opts(false, Vec::new(), 5),
    )
    .await;
    assert!(
        !rs.iter().any(|r| r.id.as_str().starts_with("oauth.")),
        "{rs:#?}"
    );
}

/// Broken CORS allow-lists as they are written in real code, each behind
/// the host name api.example.test: what the probe reports and says a hostile
/// page could do.
#[tokio::test]
async fn cors_allow_lists_that_match_too_much() {
    type Rule = fn(&str, bool) -> bool;
    let cases: &[(&str, Rule, CheckOutcome, &str)] = &[
        (
            "exact list",
            |o, _| o == "https://app.example.test",
            Pass,
            "are not granted",
        ),
        (
            "suffix match",
            |o, _| o.ends_with("example.test"),
            Fail,
            "ending in \"example.test\"",
        ),
        (
            "prefix match",
            |o, _| o.starts_with("https://api.example.test"),
            Fail,
            "starting with \"api.example.test\"",
        ),
        (
            "unescaped dot",
            |o, _| {
                // ^https://api.example.test$ with `.` left as "any character"
                let (want, got) = ("https://api.example.test".as_bytes(), o.as_bytes());
                want.len() == got.len() && want.iter().zip(got).all(|(w, g)| *w == b'.' || w == g)
            },
            Fail,
            "look-alike domain such as \"api-example.test\"",
        ),
        (
            "every subdomain",
            |o, _| o.ends_with(".example.test"),
            Warn,
            "any subdomain of \"example.test\"",
        ),
        (
            "both schemes",
            |o, _| o == "https://api.example.test" || o == "http://api.example.test",
            Warn,
            "http://api.example.test",
        ),
        ("null allowed", |o, _| o == "null", Fail, "Origin: null"),
        (
            "reflected for signed-in callers",
            |_, authed| authed,
            Fail,
            "any web page",
        ),
    ];
    for (name, rule, want, says) in cases {
        let rule = *rule;
        let handler: Handler = Arc::new(move |req: &Req| {
            let authed = req.bearer().is_some();
            let mut resp = if req.method == "OPTIONS" {
                Resp::new(204)
            } else if authed {
                Resp::json(200, r#"{"orders":[]}"#)
            } else {
                Resp::json(401, r#"{"error":"unauthorized"}"#)
                    .header("WWW-Authenticate", "Bearer realm=\"api\"")
            };
            if let Some(o) = req.header("origin") {
                if rule(o, authed) {
                    resp = resp
                        .header("Access-Control-Allow-Origin", o)
                        .header("Access-Control-Allow-Credentials", "true")
                        .header(
                            "Access-Control-Allow-Headers",
                            "Authorization, Content-Type",
                        )
                        .header("Vary", "Origin");
                }
            }
            resp
        });
        let addr = serve(handler).await;
        let target = Target {
            url: format!("http://api.example.test:{}/v1/orders", addr.port()),
            http_port: Some(closed_port()),
            ..Target::default()
        };
        let declared = vec![target.clone()];
        let input = HttpInput {
            connect_to: Some(addr),
            ..input(&target, Some("tok-cors-test"), &declared)
        };
        let (_, rs) = probe(&input, &opts(false, Vec::new(), 0)).await;
        let r = get(&rs, "cors.origin");
        assert_eq!(r.result, *want, "{name}: {r:#?}");
        assert!(r.summary.contains(says), "{name}: {}", r.summary);
        if *want == Fail && *name != "reflected for signed-in callers" {
            assert!(
                r.summary.contains("Authorization header"),
                "{name}: {}",
                r.summary
            );
        }
    }
}

/// An API that sends anonymous callers to sign in: a door, not data.
#[tokio::test]
async fn sign_in_pages_and_redirects_are_not_data_served() {
    let page = "<!DOCTYPE html><html><head><title>Sign in</title></head><body><form method=\"post\" action=\"/login\"><input name=\"username\"><input type=\"password\" name=\"password\"><button>Sign in</button></form></body></html>";
    let cases: &[(&str, CheckOutcome, &str)] = &[
        ("local", Warn, "sign-in page"),
        ("spa", Warn, "sign-in page"),
        ("idp", Warn, "sign-in page"),
        ("page", Warn, "sign-in page"),
        ("json", Fail, "Data served without credentials"),
    ];
    for (shape, want, says) in cases {
        let shape = shape.to_string();
        let handler: Handler = Arc::new(move |req: &Req| match (shape.as_str(), req.path()) {
            ("local", "/login") | ("page", _) => Resp::new(200)
                .header("Content-Type", "text/html; charset=utf-8")
                .body(page),
            ("local", _) => Resp::new(302).header("Location", "/login?next=%2Fv1%2Forders"),
            // A script-rendered sign-in route: no form in the HTML.
            ("spa", "/auth/login") => Resp::new(200)
                .header("Content-Type", "text/html")
                .body("<!doctype html><div id=\"app\"></div><script src=\"/app.js\"></script>"),
            ("spa", _) => Resp::new(302).header("Location", "/auth/login"),
            ("idp", _) => Resp::new(302).header(
                "Location",
                "https://login.idp.example/oauth2/v2.0/authorize?client_id=web&response_type=code",
            ),
            _ => Resp::json(200, r#"{"orders":[{"id":1}]}"#),
        });
        let addr = serve(handler).await;
        let target = Target {
            url: format!("http://127.0.0.1:{}/v1/orders", addr.port()),
            http_port: Some(closed_port()),
            ..Target::default()
        };
        let declared = vec![target.clone()];
        let (_, rs) = probe(
            &input(&target, None, &declared),
            &opts(false, Vec::new(), 0),
        )
        .await;
        let r = get(&rs, "auth.required");
        assert_eq!(r.result, *want, "{r:#?}");
        assert!(r.summary.contains(says), "{}", r.summary);
    }
}

/// Header shapes seen on real servers, over HTTPS on loopback: a repeated
/// HSTS directive (ignored by browsers), a quoted max-age (valid), an
/// anti-CSRF cookie scripts must read beside a proper session cookie, and
/// JSON behind a byte-order mark and whitespace.
#[tokio::test]
async fn header_shapes_that_must_not_cry_wolf() {
    let pki = pki();
    type Case = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        CheckOutcome,
    );
    let cases: &[Case] = &[
        // (check, HSTS, Set-Cookie list joined by |, body, expected)
        ("http.hsts", "max-age=31536000; max-age=31536000; includeSubDomains", "", "{}", Fail),
        ("http.hsts", "max-age=\"31536000\"; includeSubDomains", "", "{}", Pass),
        ("http.hsts", "max-age=31536000; includeSubDomains; preload", "", "{}", Pass),
        ("http.hsts", "max-age=1e7; includeSubDomains", "", "{}", Fail),
        (
            "http.cookies",
            "max-age=31536000",
            "XSRF-TOKEN=4f1c; Path=/; Secure; SameSite=Strict|sid=9a8b7c; Path=/; Secure; HttpOnly; SameSite=Lax",
            "{}",
            Pass,
        ),
        (
            "http.cookies",
            "max-age=31536000",
            "sid=9a8b7c; Path=/; Secure; SameSite=Lax",
            "{}",
            Fail,
        ),
        ("http.content_type", "max-age=31536000", "", "\u{feff}\r\n  {\"orders\": []}", Pass),
    ];
    for (id, hsts, cookies, body, want) in cases {
        let (hsts, cookies, body) = (hsts.to_string(), cookies.to_string(), body.to_string());
        let handler: Handler = Arc::new(move |_req: &Req| {
            let mut r = Resp::new(200)
                .header("Content-Type", "application/json")
                .header("Strict-Transport-Security", &hsts)
                .header("X-Content-Type-Options", "nosniff")
                .body(&body);
            for c in cookies.split('|').filter(|c| !c.is_empty()) {
                r = r.header("Set-Cookie", c);
            }
            r
        });
        let addr = serve_tls(handler, &pki).await;
        let target = Target {
            url: format!("https://127.0.0.1:{}/v1/orders", addr.port()),
            http_port: Some(closed_port()),
            ..Target::default()
        };
        let declared = vec![target.clone()];
        let (_, rs) = probe(
            &input(&target, None, &declared),
            &opts(false, vec![pki.ca.clone()], 0),
        )
        .await;
        let r = get(&rs, id);
        assert_eq!(
            r.result,
            *want,
            "{id} {cases:?}: {r:#?}",
            cases = (&r.details)
        );
    }
}

/// Three server shapes whose headers or bodies say less than they seem:
/// `Access-Control-Allow-Credentials: True` (browsers honour only `true`),
/// a cookie deletion on a 401, and a soft 401 (200 with an error body).
#[tokio::test]
async fn header_tokens_cookie_deletions_and_soft_401s_are_read_as_the_spec_says() {
    let handler: Handler = Arc::new(|req: &Req| {
        let authed = req.bearer().is_some();
        let mut resp = if req.method == "OPTIONS" {
            Resp::new(204)
        } else if authed {
            Resp::json(200, r#"{"orders":[{"id":1}]}"#)
        } else {
            Resp::json(200, r#"{"error":"unauthorized","data":null}"#)
                .header("Set-Cookie", "sid=; Max-Age=0; Path=/")
        };
        if let Some(o) = req.header("origin") {
            resp = resp
                .header("Access-Control-Allow-Origin", o)
                .header("Access-Control-Allow-Credentials", "True")
                .header("Vary", "Origin");
        }
        resp
    });
    let addr = serve(handler).await;
    let target = Target {
        url: format!("http://127.0.0.1:{}/v1/orders", addr.port()),
        http_port: Some(closed_port()),
        ..Target::default()
    };
    let declared = vec![target.clone()];
    let (_, rs) = probe(
        &input(&target, Some("tok-shape-test"), &declared),
        &opts(false, Vec::new(), 0),
    )
    .await;
    let cors = get(&rs, "cors.origin");
    assert_ne!(
        cors.result, Fail,
        "`True` does not allow credentials: {cors:#?}"
    );
    let cookies = get(&rs, "http.cookies");
    assert_eq!(
        cookies.result, Pass,
        "a deletion carries no credential: {cookies:#?}"
    );
    let auth = get(&rs, "auth.required");
    assert_eq!(auth.result, Warn, "{auth:#?}");
    assert!(!auth.summary.contains("Data served"), "{}", auth.summary);
    assert!(auth.summary.contains("error body"), "{}", auth.summary);
}
