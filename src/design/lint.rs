//! The OpenAPI security review: every rule of [`super::rules`] applied to a
//! parsed document, each finding located by JSON pointer, line and column.
//!
//! The rules judge what a value means, not how it is spelled: scheme, header
//! and media type names are case-insensitive, a digits-only string id is as
//! guessable as an integer, a `{scheme}` server variable that allows `http`
//! is an http server, `4XX` / `5XX` cover their codes, `writeOnly` fields are
//! never exposed, masked or derived fields (`cardLast4`,
//! `passwordChangedAt`) are not secrets, and `$ref`'d schemas are judged
//! where they are used (a component used only in responses is not a request
//! body). Each (rule, place) is reported once, however many operations use it.

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;

use super::located::{escape, Located, Pos};
use super::rules::{self, Rule};

/// One problem found in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: &'static Rule,
    pub message: String,
    /// RFC 6901 JSON pointer of the place in the document.
    pub pointer: String,
    pub pos: Pos,
}

/// Why a document is not reviewed at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LintError {
    #[error("{0}")]
    NotOpenapi(String),
}

pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Check the document's version and review it.
pub fn lint(doc: &Located) -> Result<Vec<Finding>, LintError> {
    let root = &doc.value;
    // `openapi: 3.1` in YAML is a number; it means the same.
    let version_text = match root.get("openapi") {
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::String(v)) => Some(v.clone()),
        _ => None,
    };
    let version = match version_text.as_deref() {
        Some(v) => v,
        None if root.get("swagger").is_some() => {
            let swagger = match root.get("swagger") {
                Some(Value::String(s)) => s.clone(),
                Some(v) => v.to_string(),
                None => String::new(),
            };
            if !swagger.starts_with('2') {
                return Err(LintError::NotOpenapi(format!(
                    "swagger {swagger:?} is not 2.0"
                )));
            }
            // Reviewed in the OpenAPI 3 shape, located in the original.
            let converted = super::swagger::convert(root);
            let shadow = Located::detached(converted.value.clone());
            let mut findings = lint(&shadow)?;
            for f in &mut findings {
                f.pointer = converted.original(&f.pointer);
                f.pos = doc.position(&f.pointer);
            }
            findings.sort_by(|a, b| {
                (a.pos.line, a.pos.column, a.rule.id).cmp(&(b.pos.line, b.pos.column, b.rule.id))
            });
            return Ok(findings);
        }
        None => {
            return Err(LintError::NotOpenapi(
                "no `openapi` field: not an OpenAPI 3.x document".into(),
            ))
        }
    };
    if !(version.starts_with("3.0") || version.starts_with("3.1")) {
        return Err(LintError::NotOpenapi(format!(
            "openapi {version:?} is not 3.0 or 3.1"
        )));
    }
    let mut l = Linter {
        doc,
        root,
        findings: Vec::new(),
        reported: HashSet::new(),
        walked: HashSet::new(),
        schemes_used: BTreeMap::new(),
        current: String::new(),
        no_auth_errors: Vec::new(),
        no_rate_limit: Vec::new(),
        in_param: false,
    };
    l.servers(root.get("servers"), "/servers");
    l.versioning();
    l.operations();
    l.outbound();
    l.schemes();
    l.findings.sort_by(|a, b| {
        (a.pos.line, a.pos.column, a.rule.id).cmp(&(b.pos.line, b.pos.column, b.rule.id))
    });
    Ok(l.findings)
}

/// Where a schema is used: what a client sends, or what it receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Dir {
    Request,
    /// `paged`: the operation bounds its page size, so result arrays are bounded.
    Response {
        paged: bool,
        issues_credential: bool,
    },
}

struct Linter<'a> {
    doc: &'a Located,
    root: &'a Value,
    findings: Vec<Finding>,
    reported: HashSet<(&'static str, String)>,
    /// Schemas already walked in a direction (shared components, cycles).
    walked: HashSet<(String, Dir, bool)>,
    /// Security scheme names used, with one operation using each.
    schemes_used: BTreeMap<String, String>,
    /// The operation being reviewed (`POST /orders`), for messages.
    current: String,
    /// Walking a parameter's schema (not a body's).
    in_param: bool,
    /// Secured operations declaring no 401 (or 403): one finding per document.
    no_auth_errors: Vec<String>,
    /// Operations with no 429 or rate-limit header: one finding per document.
    no_rate_limit: Vec<String>,
}

/// A schema place in words: `property reason`, `Order.total`, `schema Order`,
/// `items of lines`, from its pointer.
fn describe(ptr: &str) -> String {
    let segs: Vec<String> = ptr
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let component = match segs.as_slice() {
        [c, s, name, ..] if c == "components" && s == "schemas" => Some(name.as_str()),
        _ => None,
    };
    let last_prop = segs
        .iter()
        .enumerate()
        .rev()
        .find(|(i, s)| *s == "properties" && *i + 1 < segs.len())
        .map(|(i, _)| (i, segs[i + 1].as_str()));
    let items = segs.last().is_some_and(|s| s == "items");
    let base = match (last_prop, component) {
        (Some((_, name)), Some(c)) => format!("{c}.{name}"),
        (Some((_, name)), None) => format!("property {name}"),
        (None, Some(c)) => format!("schema {c}"),
        (None, None) if segs.iter().any(|s| s == "parameters") => "a parameter".to_string(),
        (None, None) => "the body".to_string(),
    };
    if items {
        format!("the items of {base}")
    } else {
        base
    }
}

/// The words of an identifier: `cardLast4` -> card, last, 4; `api_key` -> api, key.
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev: Option<char> = None;
    for c in name.chars() {
        let boundary = match prev {
            _ if !c.is_alphanumeric() => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                prev = None;
                continue;
            }
            Some(p) => {
                (p.is_lowercase() && c.is_uppercase())
                    || (p.is_alphabetic() && c.is_ascii_digit())
                    || (p.is_ascii_digit() && c.is_alphabetic())
            }
            None => false,
        };
        if boundary && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.extend(c.to_lowercase());
        prev = Some(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn types(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => {
            if schema.get("properties").is_some() {
                vec!["object"]
            } else if schema.get("items").is_some() {
                vec!["array"]
            } else {
                Vec::new()
            }
        }
    }
}

fn is_true(v: Option<&Value>) -> bool {
    v.and_then(Value::as_bool) == Some(true)
}

fn is_false(v: Option<&Value>) -> bool {
    v.and_then(Value::as_bool) == Some(false)
}

/// A pattern that bounds a string's length: anchored at both ends with no
/// unbounded repetition (`^[A-Z]{3}$`, `^\d{4,6}$`).
fn bounding_pattern(p: &str) -> bool {
    if !(p.starts_with('^') && p.ends_with('$')) || p.ends_with("\\$") {
        return false;
    }
    let b = p.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'*' | b'+' => return false,
            b'{' => {
                let end = p[i..].find('}').map(|e| i + e);
                if let Some(end) = end {
                    let inner = &p[i + 1..end];
                    if inner.ends_with(',') {
                        return false;
                    }
                    i = end;
                }
            }
            _ => {}
        }
        i += 1;
    }
    true
}

/// Formats whose values have a bounded length by definition.
const BOUNDED_FORMATS: &[&str] = &[
    "date",
    "date-time",
    "time",
    "uuid",
    "ipv4",
    "ipv6",
    "duration",
    "int32",
    "int64",
    "ulid",
    "byte-length",
    "country",
    "currency",
    "language",
];

/// The strings of a JSON array (others skipped; not an array: none).
pub(crate) fn str_list(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Path parameters named like ids: `id`, `orderId`, `order_id`, `userID`.
fn is_id_name(name: &str) -> bool {
    words(name)
        .last()
        .is_some_and(|w| matches!(w.as_str(), "id" | "ids" | "number" | "num" | "no"))
}

/// Digits-only pattern: `^\d+$`, `^[0-9]{1,10}$`.
fn digits_only(p: &str) -> bool {
    let core = p.trim_start_matches('^').trim_end_matches('$');
    let core = core
        .replace("\\d", "D")
        .replace("[0-9]", "D")
        .replace("[[:digit:]]", "D");
    let mut rest = core.as_str();
    let mut any = false;
    while let Some(r) = rest.strip_prefix('D') {
        any = true;
        rest = r
            .trim_start_matches(['+', '*'])
            .trim_start_matches(|c: char| c == '{' || c.is_ascii_digit() || c == ',' || c == '}');
    }
    any && rest.is_empty()
}

const PAGINATION: &[&str] = &[
    "limit",
    "pagesize",
    "perpage",
    "size",
    "top",
    "first",
    "last",
    "count",
    "maxresults",
    "maxitems",
    "take",
    "pagelimit",
    "rows",
    "maxrecords",
    "batchsize",
    "chunksize",
];

fn is_pagination(name: &str) -> bool {
    let n: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    let n = n.trim_start_matches('$');
    PAGINATION.contains(&n)
}

/// Is a property name a secret, not a masked or derived value of one?
fn sensitive(name: &str, issues_credential: bool) -> Option<&'static str> {
    let w = words(name);
    let has = |s: &str| w.iter().any(|x| x == s);
    const DERIVED: &[&str] = &[
        "last",
        "last4",
        "4",
        "masked",
        "mask",
        "hash",
        "hashed",
        "hint",
        "changed",
        "updated",
        "created",
        "expires",
        "expiry",
        "expiration",
        "expired",
        "at",
        "date",
        "time",
        "length",
        "type",
        "count",
        "policy",
        "strength",
        "set",
        "present",
        "enabled",
        "required",
        "reset",
        "url",
        "uri",
        "name",
        "prefix",
        "suffix",
        "fingerprint",
        "brand",
        "issuer",
        "country",
        "format",
        "status",
        "rotated",
        "age",
        "digest",
        "salt",
        "algorithm",
        "scope",
        "scopes",
        "ttl",
        "lifetime",
        "version",
        "label",
        "ref",
        "reference",
        "page",
        "next",
        "continuation",
        "pagination",
        "cursor",
        "resume",
        "sync",
        "idempotency",
        "has",
        "is",
    ];
    if w.iter().any(|x| DERIVED.contains(&x.as_str())) {
        return None;
    }
    let joined = w.concat();
    if has("ssn")
        || (has("national") && (has("id") || has("number")))
        || joined.contains("socialsecurity")
        || (has("passport") && (has("number") || has("no")))
    {
        return Some("a national identifier");
    }
    // An id of a secret (tokenId, secretId) names it; it is not the secret.
    if has("id") {
        return None;
    }
    if has("password") || has("passwd") || has("pwd") || has("passphrase") || joined == "password" {
        return Some("a password");
    }
    if has("pin") && w.len() <= 2 {
        return Some("a PIN");
    }
    if has("cvv")
        || has("cvc")
        || has("pan")
        || (has("card") && has("number"))
        || joined == "ccnumber"
        || joined == "cardnumber"
    {
        return Some("a card number");
    }
    if issues_credential {
        return None;
    }
    if has("secret")
        || joined.contains("clientsecret")
        || joined == "privatekey"
        || (has("private") && has("key"))
    {
        return Some("a secret");
    }
    if has("token") || joined == "apikey" || (has("api") && has("key")) || joined.ends_with("token")
    {
        return Some("a token or key");
    }
    None
}

pub(crate) fn is_loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost")
        || h.ends_with(".localhost")
        || h.starts_with("127.")
        || h == "::1"
}

/// The version a URL or path carries: `v1` segment, `v2` host label, or `1.2`
/// after an `api` segment; None when there is none.
fn url_version(url: &str) -> Option<String> {
    let (host, path) = match url.split_once("://") {
        Some((_, rest)) => match rest.split_once('/') {
            Some((h, p)) => (h, p),
            None => (rest, ""),
        },
        None => ("", url),
    };
    let is_v = |s: &str| {
        let s = s.to_ascii_lowercase();
        s.strip_prefix('v').is_some_and(|n| {
            !n.is_empty()
                && n.split('.')
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        })
    };
    if let Some(label) = host.split('.').find(|l| is_v(l)) {
        return Some(label.to_ascii_lowercase());
    }
    // `version2` or `version-2` is a version; `/version/` alone (an
    // endpoint reporting the build) is not; nor is a `{version}` variable
    // without a value. Date versions (`/2024-01-15/`) are.
    let is_word_version = |s: &str| {
        let s = s.to_ascii_lowercase();
        s.strip_prefix("version")
            .map(|n| n.trim_start_matches(['-', '_']))
            .is_some_and(|n| {
                !n.is_empty()
                    && n.split('.')
                        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
            })
    };
    let is_date =
        |s: &str| s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok();
    path.split('/')
        .find(|s| is_v(s) || is_word_version(s) || is_date(s))
        .map(str::to_ascii_lowercase)
}

impl<'a> Linter<'a> {
    fn report(&mut self, rule: &'static Rule, pointer: String, message: String) {
        if self.reported.insert((rule.id, pointer.clone())) {
            let pos = self.doc.position(&pointer);
            self.findings.push(Finding {
                rule,
                message,
                pointer,
                pos,
            });
        }
    }

    /// Follow a local `$ref` (`#/components/...`): the target's pointer and value.
    fn resolve(&self, pointer: String, node: &'a Value) -> (String, &'a Value) {
        let mut ptr = pointer;
        let mut node = node;
        for _ in 0..16 {
            let Some(r) = node.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let Some(target) = r.strip_prefix('#') else {
                break;
            };
            match self.root.pointer(target) {
                Some(v) => {
                    ptr = target.to_string();
                    node = v;
                }
                None => break,
            }
        }
        (ptr, node)
    }

    // ----- Servers and versions -----------------------------------------

    fn servers(&mut self, servers: Option<&'a Value>, base: &str) {
        let Some(Value::Array(list)) = servers else {
            return;
        };
        for (i, s) in list.iter().enumerate() {
            let Some(url) = s.get("url").and_then(Value::as_str) else {
                continue;
            };
            let ptr = format!("{base}/{i}/url");
            for candidate in expand(url, s.get("variables")) {
                let lower = candidate.to_ascii_lowercase();
                if let Some(rest) = lower.strip_prefix("http://") {
                    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
                    let hostport = authority.rsplit('@').next().unwrap_or("");
                    let host = match hostport.strip_prefix('[') {
                        Some(v6) => v6.split(']').next().unwrap_or(""),
                        None => hostport.split(':').next().unwrap_or(""),
                    };
                    if !is_loopback(host) {
                        let how = if candidate == url {
                            String::new()
                        } else {
                            format!(" (as {candidate})")
                        };
                        self.report(
                            rules::SERVERS_HTTP,
                            ptr.clone(),
                            format!("server {url}{how} is cleartext http://"),
                        );
                        break;
                    }
                }
            }
        }
    }

    /// Versioned by a header (`Api-Version`, `Accept-Version`), a query
    /// parameter (`api-version`) or the media type (`vnd.acme.v2+json`,
    /// `;version=2`), in any operation or shared parameter.
    fn versioned_otherwise(&self) -> bool {
        fn walk(v: &Value, depth: usize) -> bool {
            if depth > 12 {
                return false;
            }
            match v {
                Value::Object(o) => {
                    let named = o.get("name").and_then(Value::as_str).is_some_and(|n| {
                        let n = n.to_ascii_lowercase().replace('_', "-");
                        matches!(
                            n.as_str(),
                            "api-version"
                                | "x-api-version"
                                | "accept-version"
                                | "version"
                                | "x-version"
                        )
                    }) && o
                        .get("in")
                        .and_then(Value::as_str)
                        .is_some_and(|i| i == "header" || i == "query");
                    named
                        || o.keys().any(|k| {
                            let k = k.to_ascii_lowercase();
                            k.contains("/vnd.") && (k.contains(".v") || k.contains("version="))
                                || k.contains(";version=")
                        })
                        || o.values().any(|x| walk(x, depth + 1))
                }
                Value::Array(a) => a.iter().any(|x| walk(x, depth + 1)),
                _ => false,
            }
        }
        self.root.get("paths").is_some_and(|p| walk(p, 0))
            || self
                .root
                .get("components")
                .and_then(|c| c.get("parameters"))
                .is_some_and(|p| walk(p, 0))
    }

    fn versioning(&mut self) {
        let mut server_versions: Vec<(String, String)> = Vec::new();
        let mut unversioned_servers: Vec<String> = Vec::new();
        let mut any_server = false;
        if let Some(Value::Array(list)) = self.root.get("servers") {
            for (i, s) in list.iter().enumerate() {
                let Some(url) = s.get("url").and_then(Value::as_str) else {
                    continue;
                };
                any_server = true;
                let url = substitute_defaults(url, s.get("variables"));
                match url_version(&url) {
                    Some(v) => server_versions.push((v, format!("/servers/{i}/url"))),
                    None => unversioned_servers.push(url.clone()),
                }
            }
        }
        let paths: Vec<&String> = match self.root.get("paths") {
            Some(Value::Object(p)) => p.keys().collect(),
            _ => Vec::new(),
        };
        let path_versions: Vec<Option<String>> = paths.iter().map(|p| url_version(p)).collect();
        let all_paths_versioned = !paths.is_empty() && path_versions.iter().all(Option::is_some);
        if server_versions.is_empty() && !all_paths_versioned && !self.versioned_otherwise() {
            let (ptr, where_) = if any_server {
                ("/servers".to_string(), "the server URLs")
            } else {
                ("/paths".to_string(), "the paths (and there are no servers)")
            };
            self.report(
                rules::SERVERS_UNVERSIONED,
                ptr,
                format!("no API version in {where_}: add one such as /v1"),
            );
        }
        let major = |v: &str| {
            v.trim_start_matches(|c: char| !c.is_ascii_digit())
                .split('.')
                .next()
                .unwrap_or("")
                .to_string()
        };
        let distinct: HashSet<String> = server_versions.iter().map(|(v, _)| major(v)).collect();
        if !server_versions.is_empty() && !unversioned_servers.is_empty() && !all_paths_versioned {
            self.report(
                rules::SERVERS_INCONSISTENT,
                "/servers".into(),
                format!(
                    "some servers carry a version ({}) and some do not ({})",
                    server_versions
                        .iter()
                        .map(|(v, _)| v.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    unversioned_servers.join(", ")
                ),
            );
        }
        if distinct.len() > 1 {
            let list: Vec<&str> = server_versions.iter().map(|(v, _)| v.as_str()).collect();
            self.report(
                rules::SERVERS_INCONSISTENT,
                "/servers".into(),
                format!("servers carry different versions: {}", list.join(", ")),
            );
        }
        let path_majors: HashSet<String> =
            path_versions.iter().flatten().map(|v| major(v)).collect();
        if path_majors.len() > 1 {
            let mut list: Vec<&String> = path_majors.iter().collect();
            list.sort();
            self.report(
                rules::SERVERS_INCONSISTENT,
                "/paths".into(),
                format!(
                    "paths carry different major versions: v{}",
                    list.iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", v")
                ),
            );
        }
        if let (Some(sv), Some(pv)) = (distinct.iter().next(), path_majors.iter().next()) {
            if distinct.len() == 1 && path_majors.len() == 1 && sv != pv {
                self.report(
                    rules::SERVERS_INCONSISTENT,
                    "/paths".into(),
                    format!("servers say v{sv} but paths say v{pv}"),
                );
            }
        }
    }

    // ----- Operations -----------------------------------------------------

    /// Whether `name` is declared as an `apiKey` scheme sent in the query
    /// (then the scheme rules judge it, not the parameter rule).
    fn query_key_scheme(&self, name: &str) -> bool {
        let Some(Value::Object(schemes)) = self
            .root
            .get("components")
            .and_then(|c| c.get("securitySchemes"))
        else {
            return false;
        };
        schemes.values().any(|s| {
            let s = match s.get("$ref").and_then(Value::as_str) {
                Some(r) => self
                    .doc
                    .value
                    .pointer(r.trim_start_matches('#'))
                    .unwrap_or(s),
                None => s,
            };
            s.get("type").and_then(Value::as_str) == Some("apiKey")
                && s.get("in").and_then(Value::as_str) == Some("query")
                && s.get("name")
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
    }

    /// Webhooks (OpenAPI 3.1) and callbacks: requests the API sends to its
    /// consumers. What they carry is data leaving the API, judged as a
    /// response is (sensitive properties); their credentials in the query are
    /// judged like any parameter.
    fn outbound(&mut self) {
        let mut items: Vec<(String, String, &'a Value)> = Vec::new();
        if let Some(Value::Object(hooks)) = self.root.get("webhooks") {
            for (name, item) in hooks {
                items.push((
                    format!("/webhooks/{}", escape(name)),
                    format!("webhook {name}"),
                    item,
                ));
            }
        }
        if let Some(Value::Object(paths)) = self.root.get("paths") {
            for (path, item) in paths {
                let item_ptr = format!("/paths/{}", escape(path));
                let (item_ptr, item) = self.resolve(item_ptr, item);
                for m in METHODS {
                    let Some(Value::Object(cbs)) = item.get(*m).and_then(|op| op.get("callbacks"))
                    else {
                        continue;
                    };
                    for (cb, expr) in cbs {
                        let (cb_ptr, expr) =
                            self.resolve(format!("{item_ptr}/{m}/callbacks/{}", escape(cb)), expr);
                        if let Value::Object(exprs) = expr {
                            for (e, it) in exprs {
                                items.push((
                                    format!("{cb_ptr}/{}", escape(e)),
                                    format!("callback {cb} of {} {path}", m.to_ascii_uppercase()),
                                    it,
                                ));
                            }
                        }
                    }
                }
            }
        }
        for (ptr, label, item) in items {
            let (item_ptr, item) = self.resolve(ptr, item);
            for m in METHODS {
                let Some(op) = item.get(*m) else { continue };
                let op_ptr = format!("{item_ptr}/{m}");
                self.current = format!("{label} ({} sent by the API)", m.to_ascii_uppercase());
                if let Some(body) = op.get("requestBody") {
                    let (bptr, body) = self.resolve(format!("{op_ptr}/requestBody"), body);
                    if let Some(Value::Object(content)) = body.get("content") {
                        for (media, mt) in content {
                            if let Some(schema) = mt.get("schema") {
                                let ptr = format!("{bptr}/content/{}/schema", escape(media));
                                // Outbound data, paged: its arrays are the API's own.
                                self.schema(
                                    ptr,
                                    schema,
                                    Dir::Response {
                                        paged: true,
                                        issues_credential: false,
                                    },
                                    false,
                                    0,
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    fn operations(&mut self) {
        let Some(Value::Object(paths)) = self.root.get("paths") else {
            return;
        };
        let global = self.root.get("security");
        // (pointer, path, method, security signature) of every operation, for the admin rule.
        let mut sigs: Vec<(String, String, String, Option<Vec<String>>)> = Vec::new();
        for (path, item) in paths {
            let item_ptr = format!("/paths/{}", escape(path));
            let (item_ptr, item) = self.resolve(item_ptr, item);
            self.servers(item.get("servers"), &format!("{item_ptr}/servers"));
            for m in METHODS {
                let Some(op) = item.get(*m) else { continue };
                let op_ptr = format!("{item_ptr}/{m}");
                let sig = self.operation(path, m, item, &item_ptr, op, &op_ptr, global);
                // Tagged or marked internal counts as admin too.
                let tagged = op.get("tags").and_then(Value::as_array).is_some_and(|t| {
                    t.iter().filter_map(Value::as_str).any(|t| {
                        let t = t.to_ascii_lowercase();
                        t == "admin" || t == "internal" || t == "administration"
                    })
                }) || is_true(op.get("x-internal"));
                let shown = if tagged {
                    format!("{path} (admin)")
                } else {
                    path.clone()
                };
                sigs.push((op_ptr, shown, m.to_ascii_uppercase(), sig));
            }
        }
        self.admin(&sigs);
        // Said once per document, with the operations listed: the same gap
        // repeated per operation would bury everything else.
        let list = |ops: &[String]| {
            const SHOWN: usize = 12;
            let mut s = ops
                .iter()
                .take(SHOWN)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            if ops.len() > SHOWN {
                s.push_str(&format!(" and {} more", ops.len() - SHOWN));
            }
            s
        };
        if !self.no_auth_errors.is_empty() {
            let ops = std::mem::take(&mut self.no_auth_errors);
            self.report(
                rules::AUTH_ERRORS,
                "/paths".into(),
                format!(
                    "{} secured operation{} declare{} no 401 or 403 response: {}",
                    ops.len(),
                    if ops.len() == 1 { "" } else { "s" },
                    if ops.len() == 1 { "s" } else { "" },
                    list(&ops)
                ),
            );
        }
        if !self.no_rate_limit.is_empty() {
            let ops = std::mem::take(&mut self.no_rate_limit);
            self.report(
                rules::RATE_LIMIT,
                "/paths".into(),
                format!(
                    "{} operation{} declare{} no 429 response and no RateLimit or Retry-After header: {}",
                    ops.len(),
                    if ops.len() == 1 { "" } else { "s" },
                    if ops.len() == 1 { "s" } else { "" },
                    list(&ops)
                ),
            );
        }
    }

    /// Review one operation; returns its security signature (None: unsecured).
    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        path: &str,
        method: &str,
        item: &'a Value,
        item_ptr: &str,
        op: &'a Value,
        op_ptr: &str,
        global: Option<&'a Value>,
    ) -> Option<Vec<String>> {
        let name = format!("{} {path}", method.to_ascii_uppercase());
        self.current = name.clone();
        self.servers(op.get("servers"), &format!("{op_ptr}/servers"));
        // Security: the operation's own list replaces the global one.
        let (sec, sec_ptr) = match op.get("security") {
            Some(s) => (Some(s), format!("{op_ptr}/security")),
            None => (global, "/security".to_string()),
        };
        let reqs: Vec<&Value> = match sec {
            Some(Value::Array(list)) => list.iter().collect(),
            _ => Vec::new(),
        };
        let anonymous = reqs
            .iter()
            .any(|r| r.as_object().is_none_or(|o| o.is_empty()));
        let secured = !reqs.is_empty() && !anonymous;
        let mut scoped = false;
        let mut sig = Vec::new();
        for (ri, r) in reqs.iter().enumerate() {
            let Some(o) = r.as_object() else { continue };
            let mut parts = Vec::new();
            for (scheme, scopes) in o {
                let scopes = str_list(Some(scopes));
                scoped |= !scopes.is_empty();
                let mut sorted = scopes.clone();
                sorted.sort();
                parts.push(format!("{scheme}[{}]", sorted.join(",")));
                self.schemes_used
                    .entry(scheme.clone())
                    .or_insert_with(|| format!("{sec_ptr}/{ri}/{}", escape(scheme)));
            }
            parts.sort();
            sig.push(parts.join("+"));
        }
        sig.sort();
        if reqs.is_empty() {
            let (ptr, msg) = match (op.get("security"), global) {
                (Some(_), Some(Value::Array(g))) if !g.is_empty() => (
                    format!("{op_ptr}/security"),
                    format!("{name}: `security: []` removes the global requirement, so anyone may call it"),
                ),
                _ => (
                    op_ptr.to_string(),
                    format!("{name} has no security requirement (none global, none on the operation)"),
                ),
            };
            self.report(rules::SECURITY_MISSING, ptr, msg);
        } else if anonymous {
            self.report(
                rules::SECURITY_OPTIONAL,
                sec_ptr.clone(),
                format!("{name}: an empty requirement {{}} makes authentication optional"),
            );
        }

        // Parameters: path-level ones, overridden by the operation's (by name and location).
        let mut params: Vec<(String, &'a Value)> = Vec::new();
        for (list, base) in [
            (item.get("parameters"), format!("{item_ptr}/parameters")),
            (op.get("parameters"), format!("{op_ptr}/parameters")),
        ] {
            if let Some(Value::Array(list)) = list {
                for (i, p) in list.iter().enumerate() {
                    let (ptr, p) = self.resolve(format!("{base}/{i}"), p);
                    let key = |v: &Value| {
                        (
                            v.get("name")
                                .and_then(Value::as_str)
                                .unwrap_or("")
                                .to_string(),
                            v.get("in")
                                .and_then(Value::as_str)
                                .unwrap_or("")
                                .to_ascii_lowercase(),
                        )
                    };
                    params.retain(|(_, q)| key(q) != key(p));
                    params.push((ptr, p));
                }
            }
        }
        let mut paged = false;
        for (ptr, p) in &params {
            let pname = p.get("name").and_then(Value::as_str).unwrap_or("");
            let location = p
                .get("in")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_ascii_lowercase();
            if location == "query" && is_credential_name(pname) && !self.query_key_scheme(pname) {
                self.report(
                    rules::PARAMS_CREDENTIAL_QUERY,
                    ptr.clone(),
                    format!(
                        "{name}: query parameter {pname} carries a credential in the URL, where logs and proxies keep it; send it in a header"
                    ),
                );
            }
            let Some(schema) = p.get("schema") else {
                continue;
            };
            let (sptr, schema) = self.resolve(format!("{ptr}/schema"), schema);
            if location == "path" && is_id_name(pname) {
                let t = types(schema);
                let fmt = schema.get("format").and_then(Value::as_str).unwrap_or("");
                let digits = schema
                    .get("pattern")
                    .and_then(Value::as_str)
                    .is_some_and(digits_only);
                if t.contains(&"integer")
                    || t.contains(&"number")
                    || (t.contains(&"string") && (digits || fmt == "int64" || fmt == "int32"))
                {
                    self.report(
                        rules::PARAMS_NUMERIC_ID,
                        ptr.clone(),
                        format!(
                            "{name}: path parameter {pname} is a sequential number, easy to guess"
                        ),
                    );
                }
            }
            if location == "query" && is_pagination(pname) && {
                let t = types(schema);
                t.contains(&"integer") || t.contains(&"number")
            } {
                if schema.get("maximum").is_none()
                    && schema.get("exclusiveMaximum").is_none()
                    && schema.get("enum").is_none()
                {
                    self.report(
                        rules::PARAMS_UNBOUNDED_PAGINATION,
                        sptr.clone(),
                        format!("{name}: page size parameter {pname} has no maximum"),
                    );
                } else {
                    paged = true;
                }
                continue;
            }
            // An identifier parameter is not a quantity.
            if is_id_name(pname) {
                continue;
            }
            self.in_param = true;
            self.schema(sptr, schema, Dir::Request, false, 0);
            self.in_param = false;
        }

        // Request body.
        if let Some(body) = op.get("requestBody") {
            let (bptr, body) = self.resolve(format!("{op_ptr}/requestBody"), body);
            if let Some(Value::Object(content)) = body.get("content") {
                for (media, mt) in content {
                    if let Some(schema) = mt.get("schema") {
                        let ptr = format!("{bptr}/content/{}/schema", escape(media));
                        self.schema(ptr, schema, Dir::Request, false, 0);
                    }
                }
            }
        }

        // Responses.
        let issues_credential = {
            let id = op.get("operationId").and_then(Value::as_str).unwrap_or("");
            let hay = format!("{path} {id}").to_ascii_lowercase();
            [
                "token",
                "login",
                "signin",
                "sign-in",
                "session",
                "oauth",
                "auth",
                "credential",
                "apikey",
                "api-key",
                "api_key",
                "keys",
                "secret",
            ]
            .iter()
            .any(|k| hay.contains(k))
        };
        let resp_dir = Dir::Response {
            paged,
            issues_credential,
        };
        let mut codes: Vec<String> = Vec::new();
        let mut limit_headers = false;
        let mut sunset = op.get("x-sunset").is_some() || op.get("x-sunset-date").is_some();
        if let Some(Value::Object(responses)) = op.get("responses") {
            for (code, resp) in responses {
                let code_u = code.to_ascii_uppercase();
                codes.push(code_u.clone());
                let rptr = format!("{op_ptr}/responses/{}", escape(code));
                let (rptr, resp) = self.resolve(rptr, resp);
                if let Some(Value::Object(headers)) = resp.get("headers") {
                    for h in headers.keys() {
                        let h = h.to_ascii_lowercase();
                        if h.starts_with("ratelimit")
                            || h.starts_with("x-ratelimit")
                            || h.starts_with("x-rate-limit")
                            || h == "retry-after"
                        {
                            limit_headers = true;
                        }
                        if h == "sunset" {
                            sunset = true;
                        }
                    }
                }
                let error =
                    code_u.starts_with('4') || code_u.starts_with('5') || code_u == "DEFAULT";
                let content = resp.get("content").and_then(Value::as_object);
                let has_schema =
                    content.is_some_and(|c| c.values().any(|mt| mt.get("schema").is_some()));
                if error && !has_schema && method != "head" {
                    self.report(
                        rules::ERROR_SCHEMA,
                        rptr.clone(),
                        format!("{name}: response {code} declares no body schema"),
                    );
                }
                // An error body's arrays (causes, details) do not grow with data.
                let dir = if error {
                    Dir::Response {
                        paged: true,
                        issues_credential,
                    }
                } else {
                    resp_dir
                };
                if let Some(content) = content {
                    for (media, mt) in content {
                        if let Some(schema) = mt.get("schema") {
                            let ptr = format!("{rptr}/content/{}/schema", escape(media));
                            self.schema(ptr, schema, dir, false, 0);
                        }
                    }
                }
            }
        }
        let has = |c: &str| {
            codes
                .iter()
                .any(|x| x == c || (x.len() == 3 && x.ends_with("XX") && c.starts_with(&x[..1])))
        };
        if secured {
            let mut missing = Vec::new();
            if !has("401") {
                missing.push("401");
            }
            if scoped && !has("403") {
                missing.push("403");
            }
            if !missing.is_empty() {
                self.no_auth_errors
                    .push(format!("{name} (no {})", missing.join(" or ")));
            }
        }
        if !has("429") && !limit_headers {
            self.no_rate_limit.push(name.clone());
        }
        if is_true(op.get("deprecated")) && !sunset {
            self.report(
                rules::DEPRECATED_NO_SUNSET,
                format!("{op_ptr}/deprecated"),
                format!("{name} is deprecated but announces no Sunset date"),
            );
        }
        secured.then_some(sig)
    }

    fn admin(&mut self, sigs: &[(String, String, String, Option<Vec<String>>)]) {
        const ADMIN: &[&str] = &[
            "admin",
            "admins",
            "administration",
            "internal",
            "management",
            "manage",
            "superuser",
            "sudo",
            "backoffice",
            "ops",
        ];
        let is_admin = |p: &str| {
            p.ends_with(" (admin)")
                || p.split('/').any(|seg| {
                    let s = seg.trim_matches(['{', '}']).to_ascii_lowercase();
                    ADMIN.contains(&s.as_str())
                        || s.starts_with("admin-")
                        || s.starts_with("admin_")
                })
        };
        let ordinary: Vec<&(String, String, String, Option<Vec<String>>)> =
            sigs.iter().filter(|(_, p, _, _)| !is_admin(p)).collect();
        for (ptr, path, method, sig) in sigs.iter().filter(|(_, p, _, _)| is_admin(p)) {
            let Some(sig) = sig else { continue };
            if let Some((_, op, m, _)) =
                ordinary.iter().find(|(_, _, _, s)| s.as_ref() == Some(sig))
            {
                self.report(
                    rules::ADMIN_SAME_SECURITY,
                    ptr.clone(),
                    format!(
                        "{method} {path} needs only what {m} {op} needs ({})",
                        sig.join(" or ")
                    ),
                );
            }
        }
    }

    fn schemes(&mut self) {
        let used = std::mem::take(&mut self.schemes_used);
        let defs = self
            .root
            .pointer("/components/securitySchemes")
            .and_then(Value::as_object);
        for (name, use_ptr) in used {
            let Some(def) = defs.and_then(|d| d.get(&name)) else {
                self.report(
                    rules::SECURITY_UNDEFINED,
                    use_ptr,
                    format!("security requirement names {name}, which components.securitySchemes does not define"),
                );
                continue;
            };
            let ptr = format!("/components/securitySchemes/{}", escape(&name));
            let (ptr, def) = self.resolve(ptr, def);
            let kind = def
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_ascii_lowercase();
            match kind.as_str() {
                "http"
                    if def
                        .get("scheme")
                        .and_then(Value::as_str)
                        .is_some_and(|s| s.eq_ignore_ascii_case("basic")) =>
                {
                    self.report(
                        rules::AUTH_BASIC,
                        format!("{ptr}/scheme"),
                        format!("scheme {name} is HTTP Basic"),
                    );
                }
                "apikey" => {
                    let loc = def
                        .get("in")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    if loc == "query" || loc == "cookie" {
                        self.report(
                            rules::AUTH_APIKEY_LOCATION,
                            format!("{ptr}/in"),
                            format!("scheme {name} takes the API key in a {loc}"),
                        );
                    }
                }
                "oauth2" | "openidconnect" => {
                    let mut urls: Vec<(String, &str)> = Vec::new();
                    if let Some(u) = def.get("openIdConnectUrl").and_then(Value::as_str) {
                        urls.push((format!("{ptr}/openIdConnectUrl"), u));
                    }
                    if let Some(Value::Object(flows)) = def.get("flows") {
                        for (flow, f) in flows {
                            for key in ["authorizationUrl", "tokenUrl", "refreshUrl"] {
                                if let Some(u) = f.get(key).and_then(Value::as_str) {
                                    urls.push((format!("{ptr}/flows/{}/{key}", escape(flow)), u));
                                }
                            }
                        }
                    }
                    for (uptr, u) in urls {
                        let lower = u.to_ascii_lowercase();
                        if let Some(rest) = lower.strip_prefix("http://") {
                            let host = rest.split(['/', ':', '?']).next().unwrap_or("");
                            if !is_loopback(host) {
                                self.report(
                                    rules::OAUTH_HTTP_URL,
                                    uptr,
                                    format!(
                                        "scheme {name} sends credentials to a cleartext URL: {u}"
                                    ),
                                );
                            }
                        }
                    }
                    if let Some(Value::Object(flows)) = def.get("flows") {
                        for flow in flows.keys() {
                            let f = flow.to_ascii_lowercase();
                            if f == "implicit" || f == "password" {
                                self.report(
                                    rules::OAUTH_LEGACY_FLOW,
                                    format!("{ptr}/flows/{}", escape(flow)),
                                    format!("scheme {name} offers the {flow} flow"),
                                );
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    // ----- Schemas ----------------------------------------------------------

    /// Review a schema used in `dir`. `closed`: an enclosing composition
    /// already forbids undeclared properties.
    fn schema(&mut self, ptr: String, node: &'a Value, dir: Dir, closed: bool, depth: usize) {
        if depth > 64 {
            return;
        }
        let (ptr, node) = self.resolve(ptr, node);
        if !node.is_object() || !self.walked.insert((ptr.clone(), dir, closed)) {
            return;
        }
        let t = types(node);
        let has_enum = node.get("enum").is_some() || node.get("const").is_some();
        let closed_here = is_false(node.get("additionalProperties"))
            || is_false(node.get("unevaluatedProperties"));
        match dir {
            Dir::Request => {
                // A parameter travels in the URL or a header, which servers
                // cap (8 KB is usual): its strings and lists cannot grow
                // without bound. A body can.
                let in_param = self.in_param;
                // An identifier is not a quantity: its size is no work.
                let named_id = ptr
                    .rsplit_once("/properties/")
                    .map(|(_, name)| name.split('/').next().unwrap_or(""))
                    .is_some_and(|n| is_id_name(&n.replace("~1", "/").replace("~0", "~")));
                if t.contains(&"string") && !has_enum && !in_param {
                    let fmt = node.get("format").and_then(Value::as_str).unwrap_or("");
                    let bounded = node.get("maxLength").is_some()
                        || BOUNDED_FORMATS.contains(&fmt)
                        || fmt == "binary"
                        || node
                            .get("pattern")
                            .and_then(Value::as_str)
                            .is_some_and(bounding_pattern);
                    if !bounded {
                        self.report(
                            rules::SCHEMA_UNBOUNDED_STRING,
                            ptr.clone(),
                            format!(
                                "{}: request {} is a string without maxLength",
                                self.current,
                                describe(&ptr)
                            ),
                        );
                    }
                }
                if (t.contains(&"integer") || t.contains(&"number"))
                    && !has_enum
                    && !named_id
                    && node.get("maximum").is_none()
                    && node.get("exclusiveMaximum").is_none()
                {
                    self.report(
                        rules::SCHEMA_UNBOUNDED_NUMBER,
                        ptr.clone(),
                        format!(
                            "{}: request {} is a number without maximum",
                            self.current,
                            describe(&ptr)
                        ),
                    );
                }
                if t.contains(&"array") && node.get("maxItems").is_none() && !in_param {
                    self.report(
                        rules::SCHEMA_UNBOUNDED_ARRAY,
                        ptr.clone(),
                        format!(
                            "{}: request {} is an array without maxItems",
                            self.current,
                            describe(&ptr)
                        ),
                    );
                }
                let has_props = node
                    .get("properties")
                    .and_then(Value::as_object)
                    .is_some_and(|p| !p.is_empty());
                if has_props && !closed && !closed_here {
                    self.report(
                        rules::SCHEMA_MASS_ASSIGNMENT,
                        ptr.clone(),
                        format!("{}: request {} accepts properties it does not declare (additionalProperties is not false)", self.current, describe(&ptr)),
                    );
                }
                if let Some(ap) = node.get("additionalProperties").filter(|v| v.is_object()) {
                    if !has_props
                        && node.get("maxProperties").is_none()
                        && ap.as_object().is_some_and(|o| !o.is_empty())
                    {
                        self.report(
                            rules::SCHEMA_UNBOUNDED_MAP,
                            ptr.clone(),
                            format!(
                                "{}: request {} is a map without maxProperties",
                                self.current,
                                describe(&ptr)
                            ),
                        );
                    }
                }
            }
            Dir::Response { paged, .. } => {
                // Only the collection a response returns (its root, or a
                // property of it such as `data`) grows with the data; nested
                // arrays (tags, error causes) and enumerations do not.
                let items = node
                    .get("items")
                    .map(|i| self.resolve(format!("{ptr}/items"), i).1);
                let enumerated = items.is_some_and(|i| {
                    i.get("enum").is_some()
                        || i.get("const").is_some()
                        || types(i).contains(&"boolean")
                });
                if t.contains(&"array")
                    && node.get("maxItems").is_none()
                    && !paged
                    && depth <= 1
                    && !enumerated
                {
                    self.report(
                        rules::SCHEMA_UNBOUNDED_ARRAY,
                        ptr.clone(),
                        format!("{}: response {} is an array without maxItems, and the operation has no bounded page size", self.current, describe(&ptr)),
                    );
                }
            }
        }
        // Recurse.
        if let Some(Value::Object(props)) = node.get("properties") {
            for (name, p) in props {
                let pptr = format!("{ptr}/properties/{}", escape(name));
                let (_, resolved) = self.resolve(pptr.clone(), p);
                match dir {
                    Dir::Request if is_true(resolved.get("readOnly")) => continue,
                    Dir::Response {
                        issues_credential, ..
                    } => {
                        if is_true(resolved.get("writeOnly")) || is_true(p.get("writeOnly")) {
                            continue;
                        }
                        // Booleans, numbers and structures are not secrets
                        // themselves (`hasPassword`); their parts are walked.
                        let t = types(resolved);
                        let scalar_text = t.is_empty() || t.contains(&"string");
                        if let Some(what) =
                            sensitive(name, issues_credential).filter(|_| scalar_text)
                        {
                            self.report(
                                rules::SCHEMA_SENSITIVE_RESPONSE,
                                pptr.clone(),
                                format!(
                                    "{}: response property {name} is {what} and is not writeOnly",
                                    self.current
                                ),
                            );
                        }
                    }
                    _ => {}
                }
                self.schema(pptr, p, dir, false, depth + 1);
            }
        }
        if let Some(items) = node.get("items").filter(|v| v.is_object()) {
            self.schema(format!("{ptr}/items"), items, dir, false, depth + 1);
        }
        if let Some(Value::Array(items)) = node.get("prefixItems") {
            for (i, it) in items.iter().enumerate() {
                self.schema(format!("{ptr}/prefixItems/{i}"), it, dir, false, depth + 1);
            }
        }
        if let Some(ap) = node.get("additionalProperties").filter(|v| v.is_object()) {
            self.schema(
                format!("{ptr}/additionalProperties"),
                ap,
                dir,
                false,
                depth + 1,
            );
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(parts)) = node.get(key) {
                // An allOf part cannot close itself without breaking the
                // composition; the composition closes it.
                let inner_closed = closed
                    || closed_here
                    || key == "allOf"
                        && parts.iter().any(|p| {
                            let (_, p) = self.resolve(String::new(), p);
                            is_false(p.get("unevaluatedProperties"))
                        });
                for (i, part) in parts.iter().enumerate() {
                    self.schema(
                        format!("{ptr}/{key}/{i}"),
                        part,
                        dir,
                        inner_closed,
                        depth + 1,
                    );
                }
            }
        }
    }
}

/// A server URL with each `{variable}` replaced by its default.
pub fn substitute_defaults(url: &str, vars: Option<&Value>) -> String {
    let mut s = url.to_string();
    if let Some(Value::Object(vars)) = vars {
        for (k, v) in vars {
            if let Some(d) = v.get("default").and_then(Value::as_str) {
                s = s.replace(&format!("{{{k}}}"), d);
            }
        }
    }
    s
}

/// Every URL a server can stand for: each variable over its enum (or its
/// default), at most 64 combinations.
fn expand(url: &str, vars: Option<&Value>) -> Vec<String> {
    let mut out = vec![url.to_string()];
    let Some(Value::Object(vars)) = vars else {
        return out;
    };
    for (k, v) in vars {
        let placeholder = format!("{{{k}}}");
        let mut values = str_list(v.get("enum"));
        if let Some(d) = v.get("default").and_then(Value::as_str) {
            if !values.iter().any(|x| x == d) {
                values.push(d.to_string());
            }
        }
        if values.is_empty() {
            continue;
        }
        let mut next = Vec::new();
        for u in &out {
            for val in &values {
                if next.len() < 64 {
                    next.push(u.replace(&placeholder, val));
                }
            }
        }
        out = next;
    }
    out
}

/// A parameter name that carries a credential (compared without case,
/// `-` or `_`): keys, tokens, passwords, client secrets, session ids.
/// Continuation and pagination tokens (`pageToken`, `nextToken`) are not.
pub fn is_credential_name(name: &str) -> bool {
    let n: String = name
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        n.as_str(),
        "key"
            | "apikey"
            | "apisecret"
            | "accesskey"
            | "secretkey"
            | "accesstoken"
            | "authtoken"
            | "idtoken"
            | "refreshtoken"
            | "privatetoken"
            | "token"
            | "jwt"
            | "bearer"
            | "auth"
            | "authorization"
            | "password"
            | "passwd"
            | "pwd"
            | "secret"
            | "clientsecret"
            | "sessionid"
            | "sessiontoken"
            | "sid"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_numbers_or_dates_not_the_word_alone() {
        assert_eq!(
            url_version("https://api.example.com/v2/x"),
            Some("v2".into())
        );
        assert_eq!(url_version("/version2/x"), Some("version2".into()));
        assert_eq!(
            url_version("/2024-01-15/charges"),
            Some("2024-01-15".into())
        );
        assert_eq!(url_version("/version"), None);
        assert_eq!(url_version("/versions/{id}"), None);
    }

    #[test]
    fn an_api_versioned_by_a_header_is_not_called_unversioned() {
        let rules_of = |text: &str| -> Vec<&'static str> {
            let doc = crate::design::located::parse(text).unwrap();
            lint(&doc).unwrap().iter().map(|f| f.rule.id).collect()
        };
        let base = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://api.example.com'}]\npaths:\n  /items:\n    get:\n      PARAMS\n      responses: {'200': {description: ok}}\n";
        let plain = rules_of(&base.replace("PARAMS", "operationId: list"));
        assert!(plain.contains(&"openapi.servers.unversioned"), "{plain:?}");
        let header = rules_of(&base.replace(
            "PARAMS",
            "parameters: [{name: Api-Version, in: header, required: true, schema: {type: string, enum: ['2024-01-01']}}]",
        ));
        assert!(
            !header.contains(&"openapi.servers.unversioned"),
            "{header:?}"
        );
    }

    #[test]
    fn a_numeric_openapi_version_is_read_as_written() {
        let doc = crate::design::located::parse(
            "openapi: 3.1\ninfo: {title: t, version: '1'}\npaths: {}\n",
        )
        .unwrap();
        assert!(lint(&doc).is_ok());
        let doc = crate::design::located::parse("openapi: 2.0\n").unwrap();
        assert!(lint(&doc)
            .unwrap_err()
            .to_string()
            .contains("not 3.0 or 3.1"));
    }

    #[test]
    fn words_split_every_convention() {
        assert_eq!(words("cardLast4"), ["card", "last", "4"]);
        assert_eq!(words("api_key"), ["api", "key"]);
        assert_eq!(words("userID"), ["user", "id"]);
        assert_eq!(words("X-RateLimit-Limit"), ["x", "rate", "limit", "limit"]);
        assert!(is_id_name("orderId") && is_id_name("order_id") && is_id_name("id"));
        assert!(!is_id_name("idempotency") && !is_id_name("paid"));
    }

    #[test]
    fn secrets_are_told_from_what_describes_them() {
        for s in [
            "password",
            "clientSecret",
            "accessToken",
            "api_key",
            "cardNumber",
            "ssn",
            "nationalId",
            "refresh_token",
        ] {
            assert!(sensitive(s, false).is_some(), "{s}");
        }
        for s in [
            "cardLast4",
            "passwordChangedAt",
            "tokenExpiresAt",
            "token_type",
            "secretName",
            "hasPassword_set",
            "cardBrand",
            "apiKeyPrefix",
        ] {
            assert!(sensitive(s, false).is_none(), "{s}");
        }
        assert!(
            sensitive("accessToken", true).is_none(),
            "a token endpoint returns its token"
        );
        assert!(sensitive("password", true).is_some(), "never a password");
    }

    #[test]
    fn patterns_and_versions() {
        assert!(bounding_pattern("^[A-Z]{3}$"));
        assert!(bounding_pattern("^\\d{4,6}$"));
        assert!(!bounding_pattern("^[a-z]+$"));
        assert!(!bounding_pattern("^[a-z]{2,}$"));
        assert!(!bounding_pattern("[A-Z]{3}"));
        assert!(digits_only("^\\d+$") && digits_only("^[0-9]{1,12}$"));
        assert!(!digits_only("^[0-9a-f]{32}$"));
        assert_eq!(
            url_version("https://api.example.com/v2").as_deref(),
            Some("v2")
        );
        assert_eq!(
            url_version("https://v1.api.example.com/").as_deref(),
            Some("v1")
        );
        assert_eq!(url_version("https://api.example.com/orders"), None);
        assert_eq!(url_version("/v1/orders").as_deref(), Some("v1"));
        assert_eq!(
            expand(
                "{scheme}://api.test",
                Some(
                    &serde_json::json!({"scheme": {"default": "https", "enum": ["https", "http"]}})
                )
            ),
            ["https://api.test", "http://api.test"]
        );
    }
}
