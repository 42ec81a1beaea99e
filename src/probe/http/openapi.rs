//! inventory.openapi: the operator's OpenAPI 3.0/3.1 document as an API
//! inventory (OWASP API9:2023 Improper Inventory Management). It lists every
//! operation with the security requirement that applies after the global
//! `security` (OpenAPI 3.1 4.8.10: an operation's `security` replaces the
//! global one, `[]` removes it, `{}` makes it optional), flags operations
//! anyone may call, lists deprecated ones (probed with GET where safe), and
//! compares `servers` with the declared targets in both directions: a server
//! nobody declared is a shadow API candidate, a declared endpoint the
//! document does not describe is an undocumented one.

use crate::probe::ProbeError;
use reqwest::Url;
use serde_json::Value;

use crate::checks::CheckId;
use crate::model::evidence::http::{Inventory, Operation};
use crate::model::{CheckOutcome, CheckResult};
use crate::workspace::config::Target;

use super::client::origin;
use super::headers::capitalise;

pub use crate::design::lint::METHODS;

/// Deepest bracket nesting a document may have. Real API documents stay
/// well under 20; hostile ones nest thousands deep to make parsers slow.
pub const MAX_NESTING: usize = 64;

/// YAML (a superset of JSON) into a JSON value (`design::located`); mapping
/// keys become strings so that `200:` response keys survive. Documents over
/// [`crate::files::cap::OPENAPI`] bytes or nested deeper than
/// [`MAX_NESTING`] are refused before any parser sees them.
pub fn parse_document(text: &str) -> Result<Value, ProbeError> {
    parse_located(text).map(|d| d.value)
}

/// [`parse_document`] keeping each node's line and column (for the design review).
pub fn parse_located(text: &str) -> Result<crate::design::located::Located, ProbeError> {
    if text.len() as u64 > crate::files::cap::OPENAPI {
        return Err(ProbeError::Document(format!(
            "the document is {} bytes, over the {} byte limit",
            text.len(),
            crate::files::cap::OPENAPI
        )));
    }
    if let Some((line, column)) = too_deep(text, MAX_NESTING) {
        return Err(ProbeError::Document(format!(
            "brackets nest deeper than {MAX_NESTING} levels at line {line}, column {column}; the document is not parsed"
        )));
    }
    crate::design::located::parse(text)
        .map_err(|e| ProbeError::Document(format!("not valid YAML or JSON at {e}")))
}

/// Where `[`/`{` nesting first exceeds `max`, outside quoted strings and
/// YAML comments; one linear pass, so it is safe on any input.
fn too_deep(text: &str, max: usize) -> Option<(usize, usize)> {
    let (mut depth, mut line, mut col) = (0usize, 1usize, 0usize);
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut comment = false;
    let mut prev = '\n';
    for c in text.chars() {
        col += 1;
        if c == '\n' {
            line += 1;
            col = 0;
            comment = false;
            prev = c;
            continue;
        }
        if comment {
            continue;
        }
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                // A quote opens a string only where a scalar can start (in
                // YAML, `don't` is plain text): anything else is counted.
                '"' | '\'' if prev.is_whitespace() || "[{,:".contains(prev) => quote = Some(c),
                '#' if prev.is_whitespace() => comment = true,
                '[' | '{' => {
                    depth += 1;
                    if depth > max {
                        return Some((line, col));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        prev = c;
    }
    None
}

/// Effective security: the operation's own list, else the global one.
/// Returns (descriptions, secured).
fn security(op: &Value, global: Option<&Value>) -> (Vec<String>, bool) {
    let Some(Value::Array(reqs)) = op.get("security").or(global) else {
        return (Vec::new(), false);
    };
    let mut out = Vec::new();
    let mut anonymous = reqs.is_empty();
    for r in reqs {
        match r.as_object() {
            Some(o) if !o.is_empty() => out.push(o.keys().cloned().collect::<Vec<_>>().join(" + ")),
            _ => {
                anonymous = true;
                out.push("(anonymous)".into());
            }
        }
    }
    (out, !anonymous)
}

/// Build the inventory. `base` resolves relative server URLs (the document's
/// URL, or the target's URL for a file); a document without `servers` means
/// `/` (OpenAPI 3.1 4.8.1).
pub fn inventory(doc: &Value, source: &str, base: &Url) -> Result<Inventory, ProbeError> {
    let version = doc.get("openapi").and_then(Value::as_str).ok_or_else(|| {
        ProbeError::Document(if doc.get("swagger").is_some() {
            "Swagger 2.0 document: convert it to OpenAPI 3.x".to_string()
        } else {
            "no `openapi` field: not an OpenAPI 3.x document".to_string()
        })
    })?;
    if !(version.starts_with("3.0") || version.starts_with("3.1")) {
        return Err(ProbeError::Document(format!(
            "openapi {version:?} is not 3.0 or 3.1"
        )));
    }
    let info = doc.get("info");
    let text = |v: Option<&Value>, k: &str| {
        v.and_then(|i| i.get(k))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let mut servers = Vec::new();
    if let Some(Value::Array(list)) = doc.get("servers") {
        for s in list {
            if let Some(u) = s.get("url").and_then(Value::as_str) {
                let u = crate::design::lint::substitute_defaults(u, s.get("variables"));
                match base.join(&u) {
                    Ok(url) => servers.push(url.to_string()),
                    Err(_) => servers.push(u),
                }
            }
        }
    }
    if servers.is_empty() {
        if let Ok(u) = base.join("/") {
            servers.push(u.to_string());
        }
    }
    let global = doc.get("security");
    let mut operations = Vec::new();
    if let Some(Value::Object(paths)) = doc.get("paths") {
        for (path, item) in paths {
            for m in METHODS {
                let Some(op) = item.get(*m) else { continue };
                let (security, secured) = security(op, global);
                operations.push(Operation {
                    method: m.to_ascii_uppercase(),
                    path: path.clone(),
                    operation_id: op
                        .get("operationId")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    security,
                    secured,
                    deprecated: op.get("deprecated").and_then(Value::as_bool) == Some(true),
                    probed: None,
                    still_served: None,
                });
            }
        }
    }
    Ok(Inventory {
        source: source.to_string(),
        openapi: version.to_string(),
        title: text(info, "title"),
        version: text(info, "version"),
        servers,
        operations,
        undeclared_servers: Vec::new(),
        undocumented: Vec::new(),
    })
}

/// Does a concrete path match a template (`/orders/{id}` vs `/orders/7`)?
pub fn path_matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.trim_end_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(a, b)| a == b || (a.starts_with('{') && a.ends_with('}') && !b.is_empty()))
}

/// Server URLs whose origin equals `url`'s, as parsed URLs.
fn servers_for<'a>(inv: &'a Inventory, url: &Url) -> impl Iterator<Item = Url> + 'a {
    let o = origin(url);
    inv.servers
        .iter()
        .filter_map(|s| Url::parse(s).ok())
        .filter(move |s| origin(s) == o)
}

/// Is this URL an operation of the document?
pub fn documents(inv: &Inventory, url: &Url) -> bool {
    servers_for(inv, url).any(|s| {
        let base = s.path().trim_end_matches('/');
        url.path()
            .strip_prefix(base)
            .filter(|rest| rest.is_empty() || rest.starts_with('/'))
            .is_some_and(|rest| {
                let rest = if rest.is_empty() { "/" } else { rest };
                inv.operations.iter().any(|op| path_matches(&op.path, rest))
            })
    })
}

/// Fill `undeclared_servers` and `undocumented`. `described` are the declared
/// targets that point at this document; `declared` is every target.
pub fn compare(inv: &mut Inventory, declared: &[Target], described: &[&Target]) {
    let declared_origins: Vec<String> = declared
        .iter()
        .filter_map(|t| Url::parse(&t.url).ok())
        .map(|u| origin(&u))
        .collect();
    inv.undeclared_servers = inv
        .servers
        .iter()
        .filter(|s| {
            Url::parse(s)
                .map(|u| !declared_origins.contains(&origin(&u)))
                .unwrap_or(true)
        })
        .cloned()
        .collect();
    let mut undocumented = Vec::new();
    for t in described {
        let Ok(url) = Url::parse(&t.url) else {
            continue;
        };
        let mut urls = vec![url.clone()];
        urls.extend(t.paths.iter().filter_map(|p| url.join(p).ok()));
        for u in urls {
            if servers_for(inv, &u).next().is_none() {
                undocumented.push(format!("{u}: origin not among the document's servers"));
            } else if !documents(inv, &u) {
                undocumented.push(format!("{u}: path not in the document"));
            }
        }
    }
    inv.undocumented = undocumented;
}

/// The URL a deprecated GET is probed at: the first server on a declared
/// origin. None when the path has parameters (no value to fill in) or no
/// server is declared.
pub fn probe_url(
    inv: &Inventory,
    op: &Operation,
    is_declared: impl Fn(&Url) -> bool,
) -> Option<Url> {
    if op.method != "GET" || op.path.contains('{') {
        return None;
    }
    inv.servers
        .iter()
        .filter_map(|s| Url::parse(s).ok())
        .find(|s| is_declared(s))
        .and_then(|s| {
            let base = s.as_str().trim_end_matches('/');
            Url::parse(&format!("{base}{}", op.path)).ok()
        })
}

pub fn verdict(inv: &Inventory) -> CheckResult {
    let id = CheckId::InventoryOpenapi;
    let ops = &inv.operations;
    let unsecured: Vec<String> = ops
        .iter()
        .filter(|o| !o.secured)
        .map(|o| format!("{} {}", o.method, o.path))
        .collect();
    let deprecated: Vec<&Operation> = ops.iter().filter(|o| o.deprecated).collect();
    let served: Vec<String> = deprecated
        .iter()
        .filter(|o| o.still_served == Some(true))
        .map(|o| format!("{} {}", o.method, o.path))
        .collect();
    let mut details = vec![format!(
        "{} {} (OpenAPI {}) from {}: {} operations, {} deprecated",
        if inv.title.is_empty() {
            "(untitled)"
        } else {
            &inv.title
        },
        inv.version,
        inv.openapi,
        inv.source,
        ops.len(),
        deprecated.len()
    )];
    details.push(format!("servers: {}", inv.servers.join(", ")));
    for o in ops.iter().filter(|o| !o.secured) {
        details.push(format!(
            "no security requirement: {} {}{}",
            o.method,
            o.path,
            o.operation_id
                .as_deref()
                .map(|i| format!(" ({i})"))
                .unwrap_or_default()
        ));
    }
    for o in &deprecated {
        details.push(format!(
            "deprecated: {} {}{}",
            o.method,
            o.path,
            o.probed
                .as_deref()
                .map(|p| format!(", probed {p}"))
                .unwrap_or_else(|| ", not probed".into())
        ));
    }
    for s in &inv.undeclared_servers {
        details.push(format!("server not declared as a target: {s}"));
    }
    for u in &inv.undocumented {
        details.push(format!("declared but undocumented: {u}"));
    }
    let mut problems = Vec::new();
    if !unsecured.is_empty() {
        problems.push(format!(
            "operations without a security requirement: {}",
            unsecured.join(", ")
        ));
    }
    if !served.is_empty() {
        problems.push(format!(
            "deprecated operations still served: {}",
            served.join(", ")
        ));
    }
    if !inv.undeclared_servers.is_empty() {
        problems.push(format!(
            "servers not declared as targets (shadow API candidates): {}",
            inv.undeclared_servers.join(", ")
        ));
    }
    if !inv.undocumented.is_empty() {
        problems.push(format!(
            "{} declared endpoint(s) not in the document",
            inv.undocumented.len()
        ));
    }
    let outcome = if !unsecured.is_empty() {
        CheckOutcome::Fail
    } else if problems.is_empty() {
        CheckOutcome::Pass
    } else {
        CheckOutcome::Warn
    };
    let summary = if problems.is_empty() {
        format!(
            "{} operations, all with a security requirement; servers and declared targets agree (OWASP API9:2023).",
            ops.len()
        )
    } else {
        format!(
            "{} (OWASP API9:2023, API2:2023).",
            capitalise(&problems.join("; "))
        )
    };
    CheckResult::new(id, outcome, summary).with_details(details)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_refused_before_parsing_and_quotes_do_not_hide_it() {
        let bomb = "[".repeat(250_000);
        let started = std::time::Instant::now();
        let e = parse_document(&bomb).unwrap_err().to_string();
        assert!(e.contains("deeper than 64"), "{e}");
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        let yaml = format!("a: don't\nb: {}", "[".repeat(100));
        assert!(parse_document(&yaml)
            .unwrap_err()
            .to_string()
            .contains("line 2"));
        let fine = format!("a: '{}'\nb: [1, {{c: 2}}]", "[".repeat(100));
        assert!(parse_document(&fine).is_ok());
        let big = format!(
            "{{\"a\": \"{}\"}}",
            "x".repeat((crate::files::cap::OPENAPI + 1) as usize)
        );
        assert!(parse_document(&big)
            .unwrap_err()
            .to_string()
            .contains("byte limit"));
    }

    const DOC: &str = r#"
openapi: 3.0.3
info: {title: Orders, version: "2.1"}
servers:
  - url: https://{env}.api.test/v1
    variables: {env: {default: prod}}
  - url: /v1
security:
  - bearerAuth: []
paths:
  /orders:
    get:
      operationId: listOrders
      responses:
        200: {description: ok}
    post:
      security: []
  /orders/{id}:
    get:
      security: [{}, {bearerAuth: []}]
    delete:
      deprecated: true
      security: [{bearerAuth: [], apiKey: []}]
  /legacy:
    get:
      deprecated: true
"#;

    fn inv() -> Inventory {
        let doc = parse_document(DOC).unwrap();
        inventory(
            &doc,
            "openapi.yaml",
            &Url::parse("https://api.test/v1/orders").unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn operations_and_effective_security() {
        let i = inv();
        assert_eq!(i.title, "Orders");
        assert_eq!(
            i.servers,
            vec!["https://prod.api.test/v1", "https://api.test/v1"]
        );
        let find = |m: &str, p: &str| {
            i.operations
                .iter()
                .find(|o| o.method == m && o.path == p)
                .unwrap()
                .clone()
        };
        let list = find("GET", "/orders");
        assert!(list.secured);
        assert_eq!(list.security, vec!["bearerAuth"]);
        assert_eq!(list.operation_id.as_deref(), Some("listOrders"));
        assert!(!find("POST", "/orders").secured);
        assert!(!find("GET", "/orders/{id}").secured);
        let del = find("DELETE", "/orders/{id}");
        assert!(del.secured && del.deprecated);
        assert_eq!(del.security, vec!["apiKey + bearerAuth"]);
        assert_eq!(verdict(&i).result, CheckOutcome::Fail);
    }

    #[test]
    fn no_global_security_means_unsecured() {
        let doc = parse_document(
            r#"{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{}}}}"#,
        )
        .unwrap();
        let i = inventory(&doc, "x.json", &Url::parse("https://h.test/a").unwrap()).unwrap();
        assert!(!i.operations[0].secured);
        assert_eq!(i.servers, vec!["https://h.test/"]);
    }

    #[test]
    fn rejects_other_documents() {
        let sw = parse_document("swagger: '2.0'\npaths: {}").unwrap();
        assert!(inventory(&sw, "s", &Url::parse("https://h.test/").unwrap())
            .unwrap_err()
            .to_string()
            .contains("Swagger"));
        assert!(parse_document("{not json").is_err());
    }

    #[test]
    fn compare_and_verdicts() {
        let mut i = inv();
        let t = Target {
            url: "https://api.test/v1/orders".into(),
            paths: vec!["/v1/orders/17".into(), "/v1/admin".into()],
            ..Target::default()
        };
        let declared = vec![t.clone()];
        compare(&mut i, &declared, &[&t]);
        assert_eq!(i.undeclared_servers, vec!["https://prod.api.test/v1"]);
        assert_eq!(i.undocumented.len(), 1, "{:?}", i.undocumented);
        assert!(i.undocumented[0].contains("/v1/admin"));
        assert!(path_matches("/orders/{id}", "/orders/17/"));
        assert!(!path_matches("/orders/{id}", "/orders"));

        let mut secure = i.clone();
        for o in &mut secure.operations {
            o.secured = true;
        }
        assert_eq!(verdict(&secure).result, CheckOutcome::Warn);
        secure.undeclared_servers.clear();
        secure.undocumented.clear();
        assert_eq!(verdict(&secure).result, CheckOutcome::Pass);
        secure.operations[0].deprecated = true;
        secure.operations[0].still_served = Some(true);
        assert_eq!(verdict(&secure).result, CheckOutcome::Warn);

        let legacy = i.operations.iter().find(|o| o.path == "/legacy").unwrap();
        let u = probe_url(&i, legacy, |u| u.host_str() == Some("api.test")).unwrap();
        assert_eq!(u.as_str(), "https://api.test/v1/legacy");
    }
}
