//! Exposure checks: a documented list of well-known paths that should never
//! answer on a production API (version-control metadata, environment and
//! credential files, framework internals, consoles), recognised by their
//! content and never by the status alone (a single-page app answers 200 to
//! every path), plus `/.well-known/security.txt` (RFC 9116).
//!
//! Pure rules over (path, status, content type, the first bytes of the
//! body); `super` sends the requests. A secret file is evidence by its path
//! and the names of its keys: values are never read out of the body.

use crate::checks::CheckId;
use crate::model::evidence::http::{Exposed, SecurityTxt};
use crate::model::{CheckOutcome, CheckResult};

/// What a well-known path may serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    GitConfig,
    EnvFile,
    AwsCredentials,
    ActuatorIndex,
    ActuatorEnv,
    Heapdump,
    Pprof,
    Expvar,
    ServerStatus,
    NginxStatus,
    Metrics,
    PhpInfo,
    OpenApi,
    Console,
}

impl Kind {
    pub fn check(self) -> CheckId {
        match self {
            Kind::GitConfig | Kind::EnvFile | Kind::AwsCredentials => CheckId::ExposureFiles,
            Kind::OpenApi | Kind::Console => CheckId::ExposureDocs,
            _ => CheckId::ExposureInternals,
        }
    }
}

/// One well-known path, what it may serve, and how much of it is read.
#[derive(Debug, Clone, Copy)]
pub struct WellKnown {
    pub path: &'static str,
    pub kind: Kind,
    pub max_bytes: usize,
}

const SMALL: usize = 64 * 1024;

/// Every path the exposure checks request (GET, from the origin's root),
/// in the order they are reported. docs/guide/probing.md lists the same.
pub const PATHS: &[WellKnown] = &[
    WellKnown {
        path: "/.git/config",
        kind: Kind::GitConfig,
        max_bytes: SMALL,
    },
    WellKnown {
        path: "/.env",
        kind: Kind::EnvFile,
        max_bytes: SMALL,
    },
    WellKnown {
        path: "/.env.production",
        kind: Kind::EnvFile,
        max_bytes: SMALL,
    },
    WellKnown {
        path: "/.aws/credentials",
        kind: Kind::AwsCredentials,
        max_bytes: SMALL,
    },
    WellKnown {
        path: "/actuator",
        kind: Kind::ActuatorIndex,
        max_bytes: SMALL,
    },
    WellKnown {
        path: "/actuator/env",
        kind: Kind::ActuatorEnv,
        max_bytes: 256 * 1024,
    },
    WellKnown {
        path: "/actuator/heapdump",
        kind: Kind::Heapdump,
        max_bytes: 64,
    },
    WellKnown {
        path: "/env",
        kind: Kind::ActuatorEnv,
        max_bytes: 256 * 1024,
    },
    WellKnown {
        path: "/heapdump",
        kind: Kind::Heapdump,
        max_bytes: 64,
    },
    WellKnown {
        path: "/debug/pprof/",
        kind: Kind::Pprof,
        max_bytes: SMALL,
    },
    WellKnown {
        path: "/debug/vars",
        kind: Kind::Expvar,
        max_bytes: 256 * 1024,
    },
    WellKnown {
        path: "/server-status",
        kind: Kind::ServerStatus,
        max_bytes: SMALL,
    },
    WellKnown {
        path: "/nginx_status",
        kind: Kind::NginxStatus,
        max_bytes: 4096,
    },
    WellKnown {
        path: "/metrics",
        kind: Kind::Metrics,
        max_bytes: SMALL,
    },
    WellKnown {
        path: "/actuator/prometheus",
        kind: Kind::Metrics,
        max_bytes: SMALL,
    },
    WellKnown {
        path: "/phpinfo.php",
        kind: Kind::PhpInfo,
        max_bytes: SMALL,
    },
    WellKnown {
        path: "/openapi.json",
        kind: Kind::OpenApi,
        max_bytes: SMALL,
    },
    WellKnown {
        path: "/swagger.json",
        kind: Kind::OpenApi,
        max_bytes: SMALL,
    },
    WellKnown {
        path: "/v3/api-docs",
        kind: Kind::OpenApi,
        max_bytes: SMALL,
    },
    WellKnown {
        path: "/v2/api-docs",
        kind: Kind::OpenApi,
        max_bytes: SMALL,
    },
    WellKnown {
        path: "/swagger-ui/",
        kind: Kind::Console,
        max_bytes: SMALL,
    },
    WellKnown {
        path: "/swagger-ui.html",
        kind: Kind::Console,
        max_bytes: SMALL,
    },
    WellKnown {
        path: "/docs",
        kind: Kind::Console,
        max_bytes: SMALL,
    },
    WellKnown {
        path: "/redoc",
        kind: Kind::Console,
        max_bytes: SMALL,
    },
    WellKnown {
        path: "/graphiql",
        kind: Kind::Console,
        max_bytes: SMALL,
    },
    WellKnown {
        path: "/playground",
        kind: Kind::Console,
        max_bytes: SMALL,
    },
];

/// The security.txt location (RFC 9116 3).
pub const SECURITY_TXT: &str = "/.well-known/security.txt";
/// Where introspection is tried with `--active`.
pub const GRAPHQL: &str = "/graphql";
/// The smallest introspection query: the name of the query type.
pub const INTROSPECTION: &str = r#"{"query":"query{__schema{queryType{name}}}"}"#;

/// What the well-known paths of one origin showed, shared by every target
/// on it: the paths are asked once per origin and run, whatever the number
/// of targets there.
#[derive(Debug, Clone)]
pub struct OriginOutcome {
    /// The target whose probe asked.
    pub asked_by: String,
    pub results: Vec<CheckResult>,
    pub exposure: Vec<Exposed>,
    pub security_txt: Option<SecurityTxt>,
}

/// Per-run memory of [`OriginOutcome`]s, keyed by origin, connect-to
/// address and client identity (what can change the answers).
#[derive(Debug, Default)]
pub struct OriginCache {
    cells: std::sync::Mutex<
        std::collections::HashMap<String, std::sync::Arc<tokio::sync::OnceCell<OriginOutcome>>>,
    >,
}

impl OriginCache {
    pub fn cell(&self, key: &str) -> std::sync::Arc<tokio::sync::OnceCell<OriginOutcome>> {
        self.cells
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(key.to_string())
            .or_default()
            .clone()
    }
}

/// What one response showed.
#[derive(Debug, Clone, PartialEq)]
pub struct Seen {
    pub path: String,
    pub status: Option<u16>,
    pub found: Option<Exposed>,
}

fn text(body: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(body)
}

/// A page rather than a file: the body starts with markup. The body
/// decides, not the content type: a misconfigured server serves `.env` as
/// text/html, and a catch-all page can be labelled anything.
fn is_html(body: &[u8]) -> bool {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let body = &body[start..];
    let body = body
        .strip_prefix(b"\xef\xbb\xbf".as_slice())
        .unwrap_or(body);
    body.first() == Some(&b'<')
}

/// `KEY=value` lines (dotenv, `export KEY=value`): the key names.
fn env_keys(body: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for line in body.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((k, _)) = line.split_once('=') else {
            return Vec::new();
        };
        let k = k.trim();
        let ok = !k.is_empty()
            && k.len() <= 128
            && k.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
            && !k.as_bytes()[0].is_ascii_digit();
        if !ok {
            return Vec::new();
        }
        keys.push(k.to_string());
    }
    keys
}

/// INI sections and keys (`[remote "origin"]`, `url = ...`) as
/// `section.key` names, values dropped.
fn ini_keys(body: &str) -> Vec<String> {
    let mut section = String::new();
    let mut keys = Vec::new();
    for line in body.lines() {
        let line = line.trim();
        if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = s.replace('"', "").replace(' ', ".");
        } else if let Some((k, _)) = line.split_once('=') {
            let k = k.trim();
            if !k.is_empty()
                && k.len() <= 64
                && k.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            {
                keys.push(if section.is_empty() {
                    k.to_string()
                } else {
                    format!("{section}.{k}")
                });
            }
        }
    }
    keys
}

/// The keys of a JSON document's property sources (Spring actuator env).
fn actuator_keys(v: &serde_json::Value) -> Vec<String> {
    let mut keys = Vec::new();
    if let Some(serde_json::Value::Array(sources)) = v.get("propertySources") {
        for s in sources {
            if let Some(serde_json::Value::Object(props)) = s.get("properties") {
                keys.extend(props.keys().cloned());
            }
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

fn limited(mut keys: Vec<String>) -> Vec<String> {
    const MAX: usize = 50;
    if keys.len() > MAX {
        let more = keys.len() - MAX;
        keys.truncate(MAX);
        keys.push(format!("... {more} more"));
    }
    keys
}

/// Recognise what a well-known path served. `soft404` is the body an
/// absent path gets (a catch-all page is never a finding).
pub fn recognise(
    w: &WellKnown,
    status: u16,
    body: &[u8],
    soft404: Option<&[u8]>,
) -> Option<Exposed> {
    if !(200..300).contains(&status) || body.is_empty() {
        return None;
    }
    if soft404.is_some_and(|b| !b.is_empty() && b == body) {
        return None;
    }
    let t = text(body);
    let html = is_html(body);
    let json = || serde_json::from_slice::<serde_json::Value>(body).ok();
    let found = |result: CheckOutcome, what: &str, keys: Vec<String>| {
        Some(Exposed {
            path: w.path.to_string(),
            status,
            what: what.to_string(),
            result,
            keys: limited(keys),
        })
    };
    match w.kind {
        Kind::GitConfig => {
            let yes = !html
                && t.contains("[core]")
                && (t.contains("repositoryformatversion") || t.contains("bare ="));
            if !yes {
                return None;
            }
            let mut keys = ini_keys(&t);
            if t.lines().any(|l| {
                l.trim_start().starts_with("url")
                    && l.contains("://")
                    && l.contains('@')
                    && l.split("://").nth(1).is_some_and(|r| {
                        r.split('/')
                            .next()
                            .is_some_and(|a| a.contains(':') && a.contains('@'))
                    })
            }) {
                keys.push("(a remote URL carries a user name and password)".to_string());
            }
            found(
                CheckOutcome::Fail,
                "Git repository metadata (the source tree may be downloadable)",
                keys,
            )
        }
        Kind::EnvFile => {
            if html {
                return None;
            }
            let keys = env_keys(&t);
            (keys.len() >= 2 || (keys.len() == 1 && t.lines().count() <= 2))
                .then_some(())
                .and_then(|_| {
                    found(
                        CheckOutcome::Fail,
                        "environment file with configuration and secrets",
                        keys,
                    )
                })
        }
        Kind::AwsCredentials => (!html && t.contains("aws_access_key_id"))
            .then_some(())
            .and_then(|_| found(CheckOutcome::Fail, "AWS credentials file", ini_keys(&t))),
        Kind::ActuatorIndex => {
            let v = json()?;
            let links = v.get("_links")?;
            (links.get("self").is_some()
                && (links.get("health").is_some()
                    || links.get("env").is_some()
                    || links.get("beans").is_some()))
            .then(|| {
                let mut names: Vec<String> = links
                    .as_object()
                    .map(|o| o.keys().cloned().collect())
                    .unwrap_or_default();
                names.retain(|n| n != "self");
                names
            })
            .and_then(|names| {
                found(
                    CheckOutcome::Warn,
                    "Spring Boot actuator index (its endpoints listed)",
                    names,
                )
            })
        }
        Kind::ActuatorEnv => {
            let v = json()?;
            (v.get("propertySources").is_some() || v.get("activeProfiles").is_some())
                .then(|| actuator_keys(&v))
                .and_then(|keys| {
                    found(
                        CheckOutcome::Fail,
                        "Spring Boot actuator env (configuration properties)",
                        keys,
                    )
                })
        }
        Kind::Heapdump => {
            let hprof = body.starts_with(b"JAVA PROFILE");
            let gz = body.starts_with(&[0x1f, 0x8b]) && !html;
            (hprof || gz).then_some(()).and_then(|_| {
                found(
                    CheckOutcome::Fail,
                    "Java heap dump (memory holds tokens and personal data)",
                    Vec::new(),
                )
            })
        }
        Kind::Pprof => (t.contains("/debug/pprof/") || t.contains("Types of profiles available"))
            .then_some(())
            .filter(|_| t.contains("goroutine") || t.contains("heap"))
            .and_then(|_| {
                found(
                    CheckOutcome::Fail,
                    "Go pprof profiling endpoints",
                    Vec::new(),
                )
            }),
        Kind::Expvar => {
            let v = json()?;
            (v.get("cmdline").is_some() && v.get("memstats").is_some())
                .then_some(())
                .and_then(|_| {
                    found(
                        CheckOutcome::Fail,
                        "Go expvar (command line and memory statistics)",
                        Vec::new(),
                    )
                })
        }
        Kind::ServerStatus => (t.contains("Apache Server Status")
            || (t.contains("Server Version:") && t.contains("Total Accesses")))
        .then_some(())
        .and_then(|_| {
            found(
                CheckOutcome::Warn,
                "Apache server-status (clients and requested URLs)",
                Vec::new(),
            )
        }),
        Kind::NginxStatus => (t.trim_start().starts_with("Active connections:")
            && t.contains("server accepts handled requests"))
        .then_some(())
        .and_then(|_| found(CheckOutcome::Warn, "nginx stub_status", Vec::new())),
        Kind::Metrics => (!html
            && t.lines().any(|l| l.starts_with("# HELP "))
            && t.lines().any(|l| l.starts_with("# TYPE ")))
        .then_some(())
        .and_then(|_| {
            found(
                CheckOutcome::Warn,
                "Prometheus metrics (internal names and volumes)",
                Vec::new(),
            )
        }),
        Kind::PhpInfo => (t.contains("phpinfo()")
            || (t.contains("PHP Version") && t.contains("PHP License")))
        .then_some(())
        .and_then(|_| {
            found(
                CheckOutcome::Fail,
                "phpinfo() page (configuration and environment)",
                Vec::new(),
            )
        }),
        Kind::OpenApi => {
            let v = json()?;
            ((v.get("openapi").is_some() || v.get("swagger").is_some()) && v.get("paths").is_some())
                .then_some(())
                .and_then(|_| found(CheckOutcome::Info, "OpenAPI description", Vec::new()))
        }
        Kind::Console => {
            if !html {
                return None;
            }
            let lower = t.to_ascii_lowercase();
            let what = if lower.contains("swagger-ui") || lower.contains("swaggeruibundle") {
                "Swagger UI console"
            } else if lower.contains("<redoc")
                || lower.contains("redoc.standalone")
                || lower.contains("redoc.init")
            {
                "ReDoc documentation"
            } else if lower.contains("graphiql") {
                "GraphiQL console"
            } else if lower.contains("graphql playground") || lower.contains("graphql-playground") {
                "GraphQL Playground console"
            } else {
                return None;
            };
            found(CheckOutcome::Warn, what, Vec::new())
        }
    }
}

fn verdict_of(id: CheckId, seen: &[Seen], none: &str, fail_word: &str) -> CheckResult {
    let mine: Vec<&Seen> = seen
        .iter()
        .filter(|s| {
            PATHS
                .iter()
                .any(|w| w.path == s.path && w.kind.check() == id)
        })
        .collect();
    let found: Vec<&Exposed> = mine.iter().filter_map(|s| s.found.as_ref()).collect();
    let asked = mine.len();
    let unanswered = mine.iter().filter(|s| s.status.is_none()).count();
    if found.is_empty() {
        if asked > 0 && unanswered == asked {
            return CheckResult::new(
                id,
                CheckOutcome::Error,
                format!("None of the {asked} well-known paths got an answer: exposure unknown."),
            );
        }
        let details = mine
            .iter()
            .map(|s| {
                format!(
                    "GET {} -> {}",
                    s.path,
                    s.status.map_or("no answer".to_string(), |c| c.to_string())
                )
            })
            .collect();
        return CheckResult::new(
            id,
            CheckOutcome::Pass,
            format!("{none} ({asked} well-known paths requested)."),
        )
        .with_details(details);
    }
    let result = CheckOutcome::worst(found.iter().map(|e| e.result)).unwrap_or(CheckOutcome::Info);
    let details = found
        .iter()
        .map(|e| {
            format!(
                "GET {} -> {}: {}{}",
                e.path,
                e.status,
                e.what,
                if e.keys.is_empty() {
                    String::new()
                } else {
                    format!("; keys: {}", e.keys.join(", "))
                }
            )
        })
        .collect();
    CheckResult::new(
        id,
        result,
        format!(
            "{} {fail_word}: {}.",
            found.len(),
            found
                .iter()
                .map(|e| format!("{} ({})", e.path, e.what))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    )
    .with_details(details)
}

/// exposure.files, exposure.internals and exposure.docs from what the
/// well-known paths answered.
pub fn verdicts(seen: &[Seen]) -> Vec<CheckResult> {
    vec![
        verdict_of(
            CheckId::ExposureFiles,
            seen,
            "No source-control or secret file is served",
            "source or secret file(s) served to anyone",
        ),
        verdict_of(
            CheckId::ExposureInternals,
            seen,
            "No framework internals are served",
            "framework internal(s) served to anyone",
        ),
        verdict_of(
            CheckId::ExposureDocs,
            seen,
            "No API console or description is served at a well-known path",
            "API console(s) or description(s) served to anyone",
        ),
    ]
}

/// Parse security.txt (RFC 9116 2.5): fields are `Name: value` lines.
pub fn parse_security_txt(url: &str, body: &str) -> Option<SecurityTxt> {
    let mut out = SecurityTxt {
        url: url.to_string(),
        ..SecurityTxt::default()
    };
    let mut any = false;
    for line in body.lines() {
        let line = line.trim();
        if line.starts_with('#') || line.starts_with("-----") {
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().chars().take(300).collect::<String>();
        match name.trim().to_ascii_lowercase().as_str() {
            "contact" => {
                out.contacts.push(value);
                any = true;
            }
            "expires" => {
                out.expires = Some(value);
                any = true;
            }
            "policy" => out.policy.push(value),
            _ => {}
        }
    }
    out.contacts.truncate(10);
    out.policy.truncate(10);
    any.then_some(out)
}

/// http.security_txt from what `/.well-known/security.txt` answered.
pub fn security_txt_verdict(
    status: Option<u16>,
    content_type: Option<&str>,
    parsed: Option<&SecurityTxt>,
    now: chrono::DateTime<chrono::Utc>,
) -> CheckResult {
    let id = CheckId::HttpSecurityTxt;
    let Some(status) = status else {
        return CheckResult::new(
            id,
            CheckOutcome::Error,
            format!("GET {SECURITY_TXT} got no answer."),
        );
    };
    let Some(txt) = parsed.filter(|_| (200..300).contains(&status)) else {
        return CheckResult::new(
            id,
            CheckOutcome::Info,
            format!("No security.txt (GET {SECURITY_TXT} -> {status}): no published vulnerability-disclosure contact (RFC 9116)."),
        );
    };
    let mut problems = Vec::new();
    if txt.contacts.is_empty() {
        problems.push("no Contact field".to_string());
    }
    match txt.expires.as_deref() {
        None => problems.push("no Expires field".to_string()),
        Some(e) => match chrono::DateTime::parse_from_rfc3339(e) {
            Ok(t) if t < now => problems.push(format!("expired on {e}")),
            Ok(_) => {}
            Err(_) => problems.push(format!("Expires {e:?} is not an RFC 3339 date")),
        },
    }
    if !content_type.is_some_and(|c| c.to_ascii_lowercase().starts_with("text/plain")) {
        problems.push(format!(
            "served as {} instead of text/plain",
            content_type.unwrap_or("no content type")
        ));
    }
    let mut details = vec![format!("Contact: {}", txt.contacts.join(", "))];
    if let Some(e) = &txt.expires {
        details.push(format!("Expires: {e}"));
    }
    if !txt.policy.is_empty() {
        details.push(format!("Policy: {}", txt.policy.join(", ")));
    }
    if problems.is_empty() {
        CheckResult::new(
            id,
            CheckOutcome::Pass,
            format!(
                "security.txt names the vulnerability-disclosure contact: {}.",
                txt.contacts.join(", ")
            ),
        )
        .with_details(details)
    } else {
        CheckResult::new(
            id,
            CheckOutcome::Warn,
            format!(
                "security.txt is served but {} (RFC 9116 2.5).",
                problems.join(", ")
            ),
        )
        .with_details(details)
    }
}

/// exposure.graphql from the introspection answer (`None`: not run).
pub fn graphql_verdict(status: Option<u16>, body: &[u8]) -> CheckResult {
    let id = CheckId::ExposureGraphql;
    let Some(status) = status else {
        return CheckResult::new(
            id,
            CheckOutcome::Error,
            format!("POST {GRAPHQL} got no answer."),
        );
    };
    let v = serde_json::from_slice::<serde_json::Value>(body).ok();
    let schema = v
        .as_ref()
        .and_then(|v| v.get("data"))
        .and_then(|d| d.get("__schema"))
        .is_some_and(|s| !s.is_null());
    if (200..300).contains(&status) && schema {
        return CheckResult::new(
            id,
            CheckOutcome::Warn,
            format!("POST {GRAPHQL} answered an introspection query without credentials: the whole schema is readable by anyone."),
        );
    }
    let graphql = v
        .as_ref()
        .is_some_and(|v| v.get("errors").is_some() || v.get("data").is_some());
    if graphql {
        return CheckResult::new(
            id,
            CheckOutcome::Pass,
            format!("POST {GRAPHQL} refused introspection (HTTP {status})."),
        );
    }
    CheckResult::new(
        id,
        CheckOutcome::Pass,
        format!("No GraphQL endpoint answered at {GRAPHQL} (HTTP {status})."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(path: &str) -> &'static WellKnown {
        PATHS.iter().find(|w| w.path == path).unwrap()
    }

    #[test]
    fn secret_files_are_named_by_their_keys_only() {
        let env = b"DB_PASSWORD=hunter2\nexport STRIPE_KEY=sk_live_abc\n# comment\n";
        let e = recognise(w("/.env"), 200, env, None).unwrap();
        assert_eq!(e.keys, vec!["DB_PASSWORD", "STRIPE_KEY"]);
        assert_eq!(e.result, CheckOutcome::Fail);
        assert!(!format!("{e:?}").contains("hunter2"));
        let git = b"[core]\n\trepositoryformatversion = 0\n[remote \"origin\"]\n\turl = https://bob:pw@git.example.com/x.git\n";
        let g = recognise(w("/.git/config"), 200, git, None).unwrap();
        assert!(
            g.keys.contains(&"remote.origin.url".to_string()),
            "{:?}",
            g.keys
        );
        assert!(g.keys.iter().any(|k| k.contains("user name and password")));
        assert!(!format!("{g:?}").contains("pw@"));
    }

    #[test]
    fn catch_all_pages_and_refusals_are_not_findings() {
        let spa = b"<!doctype html><html><body><div id=app></div></body></html>";
        for wk in PATHS {
            assert_eq!(recognise(wk, 200, spa, None), None, "{}", wk.path);
            assert_eq!(recognise(wk, 403, b"A=1\nB=2", None), None);
        }
        // A catch-all that answers every path with the same text.
        let same = b"OK=1\nSTATUS=2\n";
        assert_eq!(recognise(w("/.env"), 200, same, Some(same)), None);
    }

    #[test]
    fn internals_and_consoles() {
        let cases: &[(&str, &[u8], CheckOutcome)] = &[
            ("/actuator/env", br#"{"activeProfiles":[],"propertySources":[{"name":"x","properties":{"spring.datasource.password":{"value":"******"}}}]}"#, CheckOutcome::Fail),
            ("/actuator/heapdump", b"JAVA PROFILE 1.0.2\0", CheckOutcome::Fail),
            ("/debug/pprof/", b"<html>/debug/pprof/<br>Types of profiles available: goroutine heap</html>", CheckOutcome::Fail),
            ("/metrics", b"# HELP http_requests_total x\n# TYPE http_requests_total counter\nhttp_requests_total 3\n", CheckOutcome::Warn),
            ("/swagger-ui/", b"<html><div id=\"swagger-ui\"></div></html>", CheckOutcome::Warn),
            ("/openapi.json", br#"{"openapi":"3.1.0","paths":{}}"#, CheckOutcome::Info),
        ];
        for (path, body, want) in cases {
            let e = recognise(w(path), 200, body, None).unwrap_or_else(|| panic!("{path}"));
            assert_eq!(e.result, *want, "{path}");
        }
        let env = recognise(w("/actuator/env"), 200, cases[0].1, None).unwrap();
        assert_eq!(env.keys, vec!["spring.datasource.password"]);
    }

    #[test]
    fn security_txt_rules() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-01T00:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let good = parse_security_txt(
            "u",
            "Contact: mailto:security@example.com\nExpires: 2027-12-01T00:00:00Z\n",
        )
        .unwrap();
        assert_eq!(
            security_txt_verdict(
                Some(200),
                Some("text/plain; charset=utf-8"),
                Some(&good),
                now
            )
            .result,
            CheckOutcome::Pass
        );
        let old = parse_security_txt(
            "u",
            "Contact: https://example.com/cvd\nExpires: 2025-01-01T00:00:00Z\n",
        )
        .unwrap();
        let r = security_txt_verdict(Some(200), Some("text/plain"), Some(&old), now);
        assert_eq!(r.result, CheckOutcome::Warn);
        assert!(r.summary.contains("expired"), "{}", r.summary);
        assert_eq!(
            security_txt_verdict(Some(404), None, None, now).result,
            CheckOutcome::Info
        );
        assert_eq!(parse_security_txt("u", "<html>not found</html>"), None);
    }

    #[test]
    fn introspection() {
        assert_eq!(
            graphql_verdict(
                Some(200),
                br#"{"data":{"__schema":{"queryType":{"name":"Query"}}}}"#
            )
            .result,
            CheckOutcome::Warn
        );
        assert_eq!(
            graphql_verdict(
                Some(400),
                br#"{"errors":[{"message":"introspection is disabled"}]}"#
            )
            .result,
            CheckOutcome::Pass
        );
        assert_eq!(graphql_verdict(Some(404), b"").result, CheckOutcome::Pass);
    }
}
