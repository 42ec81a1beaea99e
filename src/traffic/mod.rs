//! The API inventory from traffic: access logs (see [`logs`]) become
//! endpoint templates (see [`template`]) with counts, first and last seen
//! and status classes, reconciled with the OpenAPI document: shadow
//! endpoints, deprecated operations still called, undocumented versions
//! answering, documented operations never called. [`checks`] turns the
//! result into `inventory.*` check results.
//!
//! One pass, streaming: memory holds one line, the templates and a bounded
//! cache of recent paths, never the log. Nothing personal is kept: the
//! readers hand over method, path without query, status, time and host,
//! and value segments of paths become placeholders.

pub mod checks;
pub mod logs;
pub mod template;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, Read};
use std::path::Path;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::model::evidence::traffic::{
    Endpoint, EndpointKind, LogSource, StatusCounts, TrafficObservation,
};
use template::{Match, SpecIndex};

/// Distinct (method, template) pairs kept; requests beyond are counted as
/// overflow. Far above a real API (a few hundred), far below harm.
pub const MAX_TEMPLATES: usize = 50_000;
/// Recent paths remembered with their template (cleared when full).
const PATH_CACHE: usize = 100_000;
/// More distinct undocumented names than this under one parent become a
/// `{param}` (slugs, user names, file names).
const MAX_SIBLINGS: usize = 32;

/// A status that means "no such endpoint here".
fn served(status: u16) -> bool {
    !matches!(status, 0 | 404 | 405 | 410 | 501)
}

#[derive(Debug, Clone)]
struct Agg {
    method: String,
    template: String,
    op: Option<usize>,
    /// The document has the path, not this method.
    path_documented: bool,
    requests: u64,
    served: u64,
    first: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
    status: StatusCounts,
}

impl Agg {
    fn add(&mut self, status: u16, time: Option<DateTime<Utc>>) {
        self.requests += 1;
        if served(status) {
            self.served += 1;
        }
        self.status.add(status);
        widen(&mut self.first, &mut self.last, time);
    }

    fn merge(&mut self, o: &Agg) {
        self.requests += o.requests;
        self.served += o.served;
        self.status.merge(&o.status);
        widen(&mut self.first, &mut self.last, o.first);
        widen(&mut self.first, &mut self.last, o.last);
    }
}

fn widen(
    first: &mut Option<DateTime<Utc>>,
    last: &mut Option<DateTime<Utc>>,
    t: Option<DateTime<Utc>>,
) {
    let Some(t) = t else { return };
    if first.is_none_or(|f| t < f) {
        *first = Some(t);
    }
    if last.is_none_or(|l| t > l) {
        *last = Some(t);
    }
}

/// Builds the inventory from any number of logs, one record at a time.
pub struct Analyzer<'s> {
    spec: Option<&'s SpecIndex>,
    /// Only requests for this host count, when a record names its host.
    host: Option<String>,
    aggs: Vec<Agg>,
    keys: HashMap<(String, String), usize>,
    cache: HashMap<String, Option<usize>>,
    key_buf: String,
    requests: u64,
    status: StatusCounts,
    first: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
    overflow: u64,
    sources: Vec<LogSource>,
    other_hosts: u64,
}

impl<'s> Analyzer<'s> {
    pub fn new(spec: Option<&'s SpecIndex>, host: Option<&str>) -> Analyzer<'s> {
        Analyzer {
            spec,
            host: host.map(|h| h.to_ascii_lowercase()),
            aggs: Vec::new(),
            keys: HashMap::new(),
            cache: HashMap::new(),
            key_buf: String::new(),
            requests: 0,
            status: StatusCounts::default(),
            first: None,
            last: None,
            overflow: 0,
            sources: Vec::new(),
            other_hosts: 0,
        }
    }

    /// Count one request.
    pub fn hit(&mut self, h: logs::Hit<'_>) {
        if let (Some(want), Some(got)) = (&self.host, h.host) {
            let got = got
                .rsplit_once(':')
                .filter(|(_, p)| p.bytes().all(|b| b.is_ascii_digit()))
                .map_or(got, |(h, _)| h);
            if !got.eq_ignore_ascii_case(want) {
                self.other_hosts += 1;
                return;
            }
        }
        self.requests += 1;
        self.status.add(h.status);
        widen(&mut self.first, &mut self.last, h.time);
        self.key_buf.clear();
        self.key_buf.push_str(h.method);
        self.key_buf.push(' ');
        self.key_buf.push_str(h.path);
        let slot = match self.cache.get(self.key_buf.as_str()) {
            Some(slot) => *slot,
            None => {
                let slot = self.slot(h.method, h.path);
                if self.cache.len() >= PATH_CACHE {
                    self.cache.clear();
                }
                self.cache.insert(self.key_buf.clone(), slot);
                slot
            }
        };
        match slot {
            Some(i) => self.aggs[i].add(h.status, h.time),
            None => self.overflow += 1,
        }
    }

    /// The aggregate a (method, path) belongs to, made on first sight;
    /// `None` once [`MAX_TEMPLATES`] are kept.
    fn slot(&mut self, method: &str, path: &str) -> Option<usize> {
        let (template, op, path_documented) = match self.spec.map(|s| (s, s.matches(method, path)))
        {
            Some((s, Match::Operation(i))) => (s.ops[i].template.clone(), Some(i), true),
            Some((_, Match::PathOnly(t))) => (t, None, true),
            _ => (template::generalise(path), None, false),
        };
        let key = (method.to_string(), template);
        if let Some(i) = self.keys.get(&key) {
            return Some(*i);
        }
        if self.aggs.len() >= MAX_TEMPLATES {
            return None;
        }
        let i = self.aggs.len();
        self.aggs.push(Agg {
            method: key.0.clone(),
            template: key.1.clone(),
            op,
            path_documented,
            requests: 0,
            served: 0,
            first: None,
            last: None,
            status: StatusCounts::default(),
        });
        self.keys.insert(key, i);
        Some(i)
    }

    /// Read one log file (plain or gzip, any supported format), hashing it
    /// as it is read. `name` is how the file is named in the evidence.
    pub fn read_file(&mut self, path: &Path, name: &str) -> io::Result<()> {
        let meta = std::fs::metadata(path)?;
        if !meta.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a regular file: give the path of an access log (pipes and devices are not read)",
            ));
        }
        let file = std::fs::File::open(path)?;
        let hashing = HashingReader {
            inner: file,
            hasher: Sha256::new(),
            bytes: 0,
        };
        let shared = std::rc::Rc::new(std::cell::RefCell::new(hashing));
        let reader = SharedReader(shared.clone());
        let (input, gzip) = logs::open(Box::new(io::BufReader::with_capacity(256 * 1024, reader)))?;
        let before = self.other_hosts;
        let (format, counts) = logs::read(input, &mut |h| self.hit(h))?;
        // Whatever the reader left unread still belongs to the file's hash.
        let mut h = shared.borrow_mut();
        io::copy(&mut *h, &mut io::sink())?;
        let sha256 = hex::encode(std::mem::take(&mut h.hasher).finalize());
        self.sources.push(LogSource {
            file: name.to_string(),
            bytes: h.bytes,
            sha256,
            format: match format {
                // An empty file says nothing of its shape.
                logs::Format::Clf => counts.clf_shape.unwrap_or("combined").to_string(),
                logs::Format::JsonLines => "json".to_string(),
                logs::Format::Har => "har".to_string(),
            },
            gzip,
            records: counts.records,
            skipped: counts.skipped,
            other_hosts: self.other_hosts - before,
        });
        Ok(())
    }

    /// The inventory: templates classified and merged, most requested first.
    pub fn finish(self, openapi: Option<String>) -> TrafficObservation {
        let spec = self.spec;
        let documented_versions: BTreeSet<String> =
            spec.map(|s| s.versions.clone()).unwrap_or_default();
        let kind_of = |a: &Agg| -> EndpointKind {
            let Some(spec) = spec else {
                return if a.served > 0 {
                    EndpointKind::Unreconciled
                } else {
                    EndpointKind::NotServed
                };
            };
            if let Some(i) = a.op {
                return if spec.ops[i].deprecated {
                    EndpointKind::Deprecated
                } else {
                    EndpointKind::Documented
                };
            }
            // A CORS preflight on a documented path is the gateway's answer.
            if a.path_documented && a.method == "OPTIONS" {
                return EndpointKind::Documented;
            }
            if a.served == 0 {
                return EndpointKind::NotServed;
            }
            match template::version_of(&a.template) {
                Some(v) if !documented_versions.is_empty() && !documented_versions.contains(&v) => {
                    EndpointKind::UndocumentedVersion
                }
                _ => EndpointKind::Shadow,
            }
        };
        let mut kept: Vec<(EndpointKind, Agg)> = Vec::new();
        let mut not_served_requests = 0;
        let mut not_served: BTreeSet<(String, String)> = BTreeSet::new();
        for a in self.aggs {
            match kind_of(&a) {
                EndpointKind::NotServed => {
                    not_served_requests += a.requests;
                    not_served.insert((a.method, a.template));
                }
                k => kept.push((k, a)),
            }
        }
        let kept = collapse(kept);
        let documented_operations = spec.map_or(0, SpecIndex::operations);
        let mut seen_ops = vec![false; documented_operations];
        for (_, a) in &kept {
            if let (Some(i), Some(s)) = (a.op, spec) {
                seen_ops[s.ops[i].doc_op] = true;
            }
        }
        // Named by their first server's path, each once.
        let mut unused: Vec<String> = Vec::new();
        if let Some(s) = spec {
            let mut named = vec![false; documented_operations];
            for op in &s.ops {
                if !seen_ops[op.doc_op] && !named[op.doc_op] {
                    named[op.doc_op] = true;
                    unused.push(format!("{} {}", op.method, op.template));
                }
            }
        }
        let mut endpoints: Vec<Endpoint> = kept
            .into_iter()
            .map(|(kind, a)| Endpoint {
                version: template::version_of(&a.template),
                sunset: a
                    .op
                    .and_then(|i| spec.and_then(|s| s.ops[i].sunset.clone())),
                method: a.method,
                template: a.template,
                kind,
                requests: a.requests,
                served: a.served,
                first_seen: a.first,
                last_seen: a.last,
                status: a.status,
            })
            .collect();
        endpoints.sort_by(|a, b| {
            b.requests
                .cmp(&a.requests)
                .then_with(|| a.template.cmp(&b.template))
                .then_with(|| a.method.cmp(&b.method))
        });
        TrafficObservation {
            sources: self.sources,
            openapi,
            documented_versions: documented_versions.into_iter().collect(),
            documented_operations: documented_operations as u64,
            requests: self.requests,
            first_seen: self.first,
            last_seen: self.last,
            status: self.status,
            endpoints,
            not_served_requests,
            not_served_templates: not_served.len() as u64,
            unused,
            overflow: self.overflow,
        }
    }
}

/// Undocumented templates that differ only in one segment with more than
/// [`MAX_SIBLINGS`] distinct names under the same parent (slugs, user
/// names) become one template with `{param}` there.
fn collapse(kept: Vec<(EndpointKind, Agg)>) -> Vec<(EndpointKind, Agg)> {
    let undocumented = |k: EndpointKind| {
        matches!(
            k,
            EndpointKind::Shadow | EndpointKind::UndocumentedVersion | EndpointKind::Unreconciled
        )
    };
    let mut templates: Vec<Vec<String>> = kept
        .iter()
        .map(|(_, a)| {
            template::segments(&a.template)
                .map(str::to_string)
                .collect()
        })
        .collect();
    let depth = templates.iter().map(Vec::len).max().unwrap_or(0);
    for pos in 0..depth {
        // (parent segments, segment count) -> distinct names at `pos`.
        let mut names: HashMap<(String, usize), BTreeSet<&str>> = HashMap::new();
        for ((k, _), segs) in kept.iter().zip(&templates) {
            if !undocumented(*k) || segs.len() <= pos {
                continue;
            }
            let s = segs[pos].as_str();
            if s.starts_with('{') || template::is_version(s) {
                continue;
            }
            names
                .entry((segs[..pos].join("/"), segs.len()))
                .or_default()
                .insert(s);
        }
        let wide: BTreeSet<(String, usize)> = names
            .into_iter()
            .filter(|(_, n)| n.len() > MAX_SIBLINGS)
            .map(|(k, _)| k)
            .collect();
        if wide.is_empty() {
            continue;
        }
        for ((k, _), segs) in kept.iter().zip(templates.iter_mut()) {
            if undocumented(*k)
                && segs.len() > pos
                && !segs[pos].starts_with('{')
                && wide.contains(&(segs[..pos].join("/"), segs.len()))
            {
                segs[pos] = "{param}".to_string();
            }
        }
    }
    let mut merged: BTreeMap<(String, String), (EndpointKind, Agg)> = BTreeMap::new();
    for ((kind, mut a), segs) in kept.into_iter().zip(templates) {
        if undocumented(kind) {
            a.template = format!("/{}", segs.join("/"));
        }
        match merged.get_mut(&(a.method.clone(), a.template.clone())) {
            Some((k, m)) => {
                m.merge(&a);
                *k = (*k).min(kind);
            }
            None => {
                merged.insert((a.method.clone(), a.template.clone()), (kind, a));
            }
        }
    }
    merged.into_values().collect()
}

struct HashingReader {
    inner: std::fs::File,
    hasher: Sha256,
    bytes: u64,
}

impl Read for HashingReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// Lets the hash be finished after the log reader is done with the file.
struct SharedReader(std::rc::Rc<std::cell::RefCell<HashingReader>>);

impl Read for SharedReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.borrow_mut().read(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(a: &mut Analyzer, method: &str, path: &str, status: u16) {
        a.hit(logs::Hit {
            method,
            path,
            status,
            time: None,
            host: None,
        });
    }

    #[test]
    fn reconciles_shadow_zombie_versions_and_unused() {
        let doc = serde_json::json!({
            "openapi": "3.0.3",
            "servers": [{"url": "/v2"}],
            "paths": {
                "/pets/{id}": {"get": {}, "delete": {"deprecated": true}},
                "/pets": {"get": {}},
                "/stores": {"get": {}}
            }
        });
        let spec = SpecIndex::from_document(&doc).unwrap();
        let mut a = Analyzer::new(Some(&spec), None);
        for i in 0..10 {
            hit(&mut a, "GET", &format!("/v2/pets/{i}"), 200);
        }
        hit(&mut a, "DELETE", "/v2/pets/3", 204);
        hit(&mut a, "GET", "/v1/pets/3", 200);
        hit(&mut a, "GET", "/v2/admin/users/77", 200);
        hit(&mut a, "PUT", "/v2/pets/3", 401);
        hit(&mut a, "GET", "/wp-login.php", 404);
        hit(&mut a, "GET", "/.env", 404);
        let inv = a.finish(Some("openapi.yaml".into()));
        let kinds: Vec<(String, EndpointKind, u64)> = inv
            .endpoints
            .iter()
            .map(|e| (format!("{} {}", e.method, e.template), e.kind, e.requests))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("GET /v2/pets/{id}".into(), EndpointKind::Documented, 10),
                (
                    "GET /v1/pets/{id}".into(),
                    EndpointKind::UndocumentedVersion,
                    1
                ),
                ("GET /v2/admin/users/{id}".into(), EndpointKind::Shadow, 1),
                ("DELETE /v2/pets/{id}".into(), EndpointKind::Deprecated, 1),
                ("PUT /v2/pets/{id}".into(), EndpointKind::Shadow, 1),
            ]
        );
        assert_eq!((inv.not_served_requests, inv.not_served_templates), (2, 2));
        assert_eq!(
            inv.unused,
            vec!["GET /v2/pets".to_string(), "GET /v2/stores".to_string()]
        );
        assert_eq!(inv.requests, 16);
    }

    #[test]
    fn many_names_under_one_parent_become_a_parameter() {
        let mut a = Analyzer::new(None, None);
        for i in 0..40 {
            let word: String = [b'a' + (i / 26) as u8, b'a' + (i % 26) as u8]
                .iter()
                .map(|&c| c as char)
                .collect();
            let name = format!("post-title-{word}");
            hit(&mut a, "GET", &format!("/blog/{name}"), 200);
        }
        hit(&mut a, "GET", "/health", 200);
        let inv = a.finish(None);
        let t: Vec<&str> = inv.endpoints.iter().map(|e| e.template.as_str()).collect();
        assert_eq!(t, vec!["/blog/{param}", "/health"]);
        assert_eq!(inv.endpoints[0].requests, 40);
    }

    #[test]
    fn other_hosts_are_left_out() {
        let mut a = Analyzer::new(None, Some("api.example.com"));
        for host in ["api.example.com:443", "API.example.com", "www.example.com"] {
            a.hit(logs::Hit {
                method: "GET",
                path: "/x",
                status: 200,
                time: None,
                host: Some(host),
            });
        }
        assert_eq!((a.requests, a.other_hosts), (2, 1));
    }
}
