//! Request paths to endpoint templates: first against the OpenAPI
//! document's paths (under each server's base path), then, for paths the
//! document does not know, by generalising the segments that are values:
//! numbers, UUIDs, hex, dates, e-mail addresses and opaque tokens.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

/// A document that cannot be indexed.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    #[error("neither `openapi` nor `swagger` at the top: not an OpenAPI or Swagger document")]
    NotADocument,
}

/// One documented operation.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecOp {
    pub method: String,
    /// The path with the server's base path in front (`/v2/pets/{id}`).
    pub template: String,
    pub deprecated: bool,
    /// `x-sunset` (or `x-sunset-date`), as written.
    pub sunset: Option<String>,
    /// The operation in the document: the same under every server.
    pub doc_op: usize,
}

#[derive(Debug, Default)]
struct Node {
    literal: HashMap<String, Node>,
    param: Option<Box<Node>>,
    /// Operations ending here: method -> index in `ops`.
    ops: Vec<(String, usize)>,
    /// A path item ends here (even without operations of a method).
    end: bool,
}

/// The document's operations as a segment tree.
#[derive(Debug, Default)]
pub struct SpecIndex {
    root: Node,
    pub ops: Vec<SpecOp>,
    /// Versions (`v2`) in the document's base paths and paths.
    pub versions: BTreeSet<String>,
}

/// What a request path is, against the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// An operation (index into `ops`).
    Operation(usize),
    /// A documented path, but not with this method: the path's template.
    PathOnly(String),
    None,
}

impl SpecIndex {
    /// Index an OpenAPI 3.x or Swagger 2.0 document (already parsed).
    pub fn from_document(doc: &Value) -> Result<SpecIndex, SpecError> {
        let mut bases: Vec<String> = Vec::new();
        if doc.get("openapi").and_then(Value::as_str).is_some() {
            if let Some(Value::Array(servers)) = doc.get("servers") {
                for s in servers {
                    if let Some(u) = s.get("url").and_then(Value::as_str) {
                        let u = crate::design::lint::substitute_defaults(u, s.get("variables"));
                        bases.push(base_path(&u));
                    }
                }
            }
        } else if doc.get("swagger").is_some() {
            if let Some(b) = doc.get("basePath").and_then(Value::as_str) {
                bases.push(base_path(b));
            }
        } else {
            return Err(SpecError::NotADocument);
        }
        if bases.is_empty() {
            bases.push(String::new());
        }
        bases.sort();
        bases.dedup();
        let mut index = SpecIndex::default();
        let Some(Value::Object(paths)) = doc.get("paths") else {
            return Ok(index);
        };
        let mut doc_ops = 0;
        for (path, item) in paths {
            if !path.starts_with('/') {
                continue;
            }
            // A path item may be a local reference (`$ref: '#/components/pathItems/x'`).
            let item = resolve_local(doc, item);
            let first_op = doc_ops;
            for base in &bases {
                let mut doc_op = first_op;
                let template = normalise(&format!("{base}{path}"));
                let node = index.insert(&template);
                node.end = true;
                let mut methods = Vec::new();
                for m in crate::design::lint::METHODS {
                    let Some(op) = item.get(*m) else { continue };
                    let flag = |k: &str| op.get(k).or_else(|| item.get(k));
                    methods.push(SpecOp {
                        method: m.to_ascii_uppercase(),
                        template: template.clone(),
                        deprecated: op.get("deprecated").and_then(Value::as_bool) == Some(true),
                        sunset: flag("x-sunset")
                            .or_else(|| flag("x-sunset-date"))
                            .and_then(Value::as_str)
                            .map(str::to_string),
                        doc_op,
                    });
                    doc_op += 1;
                    doc_ops = doc_ops.max(doc_op);
                }
                for op in methods {
                    let i = index.ops.len();
                    let node = index.insert(&template);
                    node.ops.push((op.method.clone(), i));
                    index.ops.push(op);
                }
                for seg in template.split('/') {
                    if is_version(seg) {
                        index.versions.insert(seg.to_ascii_lowercase());
                    }
                }
            }
        }
        Ok(index)
    }

    fn insert(&mut self, template: &str) -> &mut Node {
        let mut node = &mut self.root;
        for seg in segments(template) {
            node = if is_param(seg) {
                node.param.get_or_insert_with(Box::default)
            } else {
                node.literal.entry(seg.to_string()).or_default()
            };
        }
        node
    }

    /// Operations in the document (each counted once, whatever its servers).
    pub fn operations(&self) -> usize {
        self.ops.iter().map(|o| o.doc_op + 1).max().unwrap_or(0)
    }

    /// Match a concrete request path (literal segments win over parameters).
    pub fn matches(&self, method: &str, path: &str) -> Match {
        let segs: Vec<&str> = segments(path).collect();
        let Some(node) = walk(&self.root, &segs) else {
            return Match::None;
        };
        let pick = |m: &str| node.ops.iter().find(|(om, _)| om == m).map(|(_, i)| *i);
        if let Some(i) = pick(method) {
            return Match::Operation(i);
        }
        // HEAD is answered by GET handlers (RFC 9110 9.3.2).
        if method == "HEAD" {
            if let Some(i) = pick("GET") {
                return Match::Operation(i);
            }
        }
        let template = node
            .ops
            .first()
            .map(|(_, i)| self.ops[*i].template.clone())
            .unwrap_or_else(|| generalise(path));
        Match::PathOnly(template)
    }
}

/// Follow `$ref`s that point into the same document (at most 16 hops); a
/// reference to another file is left as it is.
fn resolve_local<'a>(doc: &'a Value, mut v: &'a Value) -> &'a Value {
    for _ in 0..16 {
        let Some(r) = v.get("$ref").and_then(Value::as_str) else {
            return v;
        };
        let Some(pointer) = r.strip_prefix('#') else {
            return v;
        };
        match doc.pointer(pointer) {
            Some(target) => v = target,
            None => return v,
        }
    }
    v
}

fn walk<'n>(node: &'n Node, segs: &[&str]) -> Option<&'n Node> {
    let Some((first, rest)) = segs.split_first() else {
        return node.end.then_some(node);
    };
    if let Some(n) = node.literal.get(*first) {
        if let Some(found) = walk(n, rest) {
            return Some(found);
        }
    }
    match &node.param {
        Some(p) if !first.is_empty() => walk(p, rest),
        _ => None,
    }
}

fn is_param(seg: &str) -> bool {
    seg.starts_with('{') && seg.ends_with('}')
}

/// The path part of a server URL, without a trailing slash (`` for `/`).
fn base_path(url: &str) -> String {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .or_else(|| url.strip_prefix("//"))
        .map(|r| r.find('/').map_or("", |i| &r[i..]))
        .unwrap_or(url);
    rest.split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_end_matches('/')
        .to_string()
}

/// Non-empty segments of a path (`//` and a trailing `/` do not count).
pub fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// `/a//b/` as `/a/b`; the empty path as `/`.
fn normalise(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for s in segments(path) {
        out.push('/');
        out.push_str(s);
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// `v1`, `v2`, `v1.2`, `V3`.
pub fn is_version(seg: &str) -> bool {
    let b = seg.as_bytes();
    b.len() >= 2
        && b.len() <= 8
        && (b[0] == b'v' || b[0] == b'V')
        && b[1].is_ascii_digit()
        && b[1..].iter().all(|c| c.is_ascii_digit() || *c == b'.')
}

/// The version segment of a template, if any (the first one).
pub fn version_of(template: &str) -> Option<String> {
    segments(template)
        .find(|s| is_version(s))
        .map(str::to_ascii_lowercase)
}

/// A request path with its value segments replaced by placeholders.
pub fn generalise(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for s in segments(path) {
        out.push('/');
        match placeholder(s) {
            Some(p) => out.push_str(p),
            None => out.push_str(s),
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// The placeholder for a segment that is a value, `None` for a name.
pub fn placeholder(seg: &str) -> Option<&'static str> {
    let b = seg.as_bytes();
    if is_version(seg) {
        return None;
    }
    if b.iter().all(u8::is_ascii_digit) {
        return Some("{id}");
    }
    if is_uuid(b) {
        return Some("{uuid}");
    }
    if seg.contains('@') || seg.contains("%40") {
        return Some("{email}");
    }
    if is_date(b) {
        return Some("{date}");
    }
    let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
    let letters = b.iter().filter(|c| c.is_ascii_alphabetic()).count();
    if b.len() >= 8 && digits > 0 && b.iter().all(u8::is_ascii_hexdigit) {
        return Some("{hex}");
    }
    // Percent-encoded text, spaces, or anything beyond a plain name.
    if !b
        .iter()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~'))
    {
        return Some("{param}");
    }
    // Numbers with separators (`2026-0042`, `12.5`), ids with a prefix
    // (`ord_8842017`, `INV20260042`), and long opaque tokens.
    if digits > 0 && letters == 0 {
        return Some("{id}");
    }
    if b.len() >= 20 && digits > 0 && letters > 0 {
        return Some("{token}");
    }
    if digits >= 4 {
        return Some("{id}");
    }
    if b.len() > 40 {
        return Some("{param}");
    }
    None
}

fn is_uuid(b: &[u8]) -> bool {
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn is_date(b: &[u8]) -> bool {
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_become_placeholders_names_stay() {
        let cases = [
            ("/users/123", "/users/{id}"),
            ("/users/9f1c2a7b44e0", "/users/{hex}"),
            (
                "/users/5f1b0c9a-3c2e-4b1a-9c3d-1e2f3a4b5c6d/orders",
                "/users/{uuid}/orders",
            ),
            ("/users/jane.doe@example.com", "/users/{email}"),
            ("/search/hello%20world", "/search/{param}"),
            ("/reports/2026-10-01", "/reports/{date}"),
            ("/orders/ord_8842017", "/orders/{id}"),
            ("/files/aGVsbG8gd29ybGQgdGhpcyBpcyBsb25n1", "/files/{token}"),
            ("/v1/oauth2/token", "/v1/oauth2/token"),
            ("/api/v2.1/health-check/", "/api/v2.1/health-check"),
            ("/", "/"),
            ("", "/"),
        ];
        for (path, want) in cases {
            assert_eq!(generalise(path), want, "{path}");
        }
    }

    #[test]
    fn document_paths_match_under_each_base() {
        let doc = serde_json::json!({
            "openapi": "3.0.3",
            "servers": [{"url": "https://api.example.com/v2"}, {"url": "/internal/v2"}],
            "paths": {
                "/pets": {"get": {}, "post": {}},
                "/pets/{petId}": {"get": {}, "delete": {"deprecated": true, "x-sunset": "2026-01-01"}},
                "/pets/mine": {"get": {}}
            }
        });
        let ix = SpecIndex::from_document(&doc).unwrap();
        assert_eq!(ix.versions.iter().collect::<Vec<_>>(), vec!["v2"]);
        let op = |m: &str, p: &str| match ix.matches(m, p) {
            Match::Operation(i) => Some(ix.ops[i].template.clone()),
            _ => None,
        };
        assert_eq!(op("GET", "/v2/pets/7").as_deref(), Some("/v2/pets/{petId}"));
        assert_eq!(op("GET", "/v2/pets/mine").as_deref(), Some("/v2/pets/mine"));
        assert_eq!(
            op("HEAD", "/internal/v2/pets").as_deref(),
            Some("/internal/v2/pets")
        );
        assert_eq!(
            ix.matches("PATCH", "/v2/pets/7"),
            Match::PathOnly("/v2/pets/{petId}".into())
        );
        assert_eq!(ix.matches("GET", "/v1/pets/7"), Match::None);
        // A trailing or doubled slash is the same path.
        assert_eq!(op("GET", "/v2//pets/").as_deref(), Some("/v2/pets"));
    }

    #[test]
    fn path_items_by_local_reference() {
        let doc = serde_json::json!({
            "openapi": "3.1.0",
            "paths": {"/orders/{id}": {"$ref": "#/components/pathItems/order"}},
            "components": {"pathItems": {"order": {"get": {}, "delete": {"deprecated": true}}}}
        });
        let ix = SpecIndex::from_document(&doc).unwrap();
        assert!(matches!(
            ix.matches("GET", "/orders/7"),
            Match::Operation(_)
        ));
        match ix.matches("DELETE", "/orders/7") {
            Match::Operation(i) => assert!(ix.ops[i].deprecated),
            m => panic!("{m:?}"),
        }
    }

    #[test]
    fn swagger_base_path() {
        let doc = serde_json::json!({"swagger": "2.0", "basePath": "/api/v1", "paths": {"/x/{id}": {"get": {"deprecated": true}}}});
        let ix = SpecIndex::from_document(&doc).unwrap();
        match ix.matches("GET", "/api/v1/x/3") {
            Match::Operation(i) => assert!(ix.ops[i].deprecated),
            m => panic!("{m:?}"),
        }
    }
}
