//! References to other files (`$ref: schemas/user.yaml#/User`): followed
//! when they stay inside the document's folder tree and pass through no
//! symbolic link, so a multi-file description is reviewed whole. What is
//! not followed (a remote URL, a file outside the tree, through a link,
//! missing or unreadable) is named where it is referenced, and the review is
//! marked partial: a document with unread parts never reads like a clean one.
//!
//! Followed parts are bundled into the document under
//! `/x-apiassure-bundled/N` (their own local references rewritten to point
//! there), so the rules read them like local components; a finding inside a
//! bundled part is located at the `$ref` that brought it in and names the
//! file and place it comes from.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use super::lint::Finding;
use super::located::{escape, Located};
use super::rules;

pub const BUNDLED: &str = "x-apiassure-bundled";
/// Most files one document may pull in.
const MAX_FILES: usize = 500;

/// A followed part: where it came from and what referenced it first.
#[derive(Debug, Clone)]
struct Part {
    /// `file#/pointer` as written relative to the main document's folder.
    source: String,
    /// The pointer, in the main document, of the `$ref` that brought it in.
    site: String,
}

/// A reference not followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotFollowed {
    pub site: String,
    pub reference: String,
    pub why: String,
}

/// The document with its followed parts, and what was not followed.
pub struct Bundle {
    pub doc: Located,
    parts: Vec<Part>,
    pub not_followed: Vec<NotFollowed>,
}

struct Bundler {
    /// The main document's folder: nothing outside it is read.
    root: Option<PathBuf>,
    main: PathBuf,
    /// Parsed files by path.
    files: HashMap<PathBuf, Value>,
    /// Part index by (file, fragment).
    index: HashMap<(PathBuf, String), usize>,
    parts: Vec<Part>,
    values: Vec<Value>,
    not_followed: Vec<NotFollowed>,
    bytes: u64,
}

/// Follow the references of `doc`, read from `path` (None: the document
/// has no folder, e.g. fetched from a URL: nothing external is followed).
pub fn bundle(mut doc: Located, path: Option<&Path>) -> Bundle {
    let root = path.and_then(|p| p.parent()).map(|p| {
        if p.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            p.to_path_buf()
        }
    });
    let main = path.map(Path::to_path_buf).unwrap_or_default();
    let mut b = Bundler {
        root,
        main: main.clone(),
        files: HashMap::new(),
        index: HashMap::new(),
        parts: Vec::new(),
        values: Vec::new(),
        not_followed: Vec::new(),
        bytes: 0,
    };
    let mut value = std::mem::take(&mut doc.value);
    b.walk(&mut value, &main, true, "", None);
    if !b.values.is_empty() {
        if let Value::Object(o) = &mut value {
            o.insert(BUNDLED.into(), Value::Array(std::mem::take(&mut b.values)));
        }
    }
    doc.value = value;
    Bundle {
        doc,
        parts: b.parts,
        not_followed: b.not_followed,
    }
}

/// `a/./b/../c` as `a/c`; None when `..` climbs above the start.
fn normalize(p: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Normal(x) => out.push(x),
            _ => return None,
        }
    }
    Some(out)
}

impl Bundler {
    /// Walk `v` (part of the document read from `file`; `main`: the main
    /// document), rewriting references. `site`: the pointer in the main
    /// document of what is being walked (for a part: its first `$ref`).
    fn walk(
        &mut self,
        v: &mut Value,
        file: &Path,
        main: bool,
        site: &str,
        part_site: Option<&str>,
    ) {
        match v {
            Value::Object(o) => {
                if let Some(Value::String(r)) = o.get("$ref") {
                    let r = r.clone();
                    let at = part_site.unwrap_or(site).to_string();
                    if let Some(new) = self.reference(&r, file, main, &at) {
                        o.insert("$ref".into(), Value::String(new));
                    }
                }
                for (k, x) in o.iter_mut() {
                    if k == "$ref" {
                        continue;
                    }
                    let child = format!("{site}/{}", escape(k));
                    self.walk(x, file, main, &child, part_site);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter_mut().enumerate() {
                    let child = format!("{site}/{i}");
                    self.walk(x, file, main, &child, part_site);
                }
            }
            _ => {}
        }
    }

    /// The local reference that replaces `r`, or None to leave it as is.
    fn reference(&mut self, r: &str, file: &Path, main: bool, site: &str) -> Option<String> {
        if let Some(frag) = r.strip_prefix('#') {
            if main {
                return None;
            }
            return self.part(file, frag, r, site);
        }
        let lower = r.to_ascii_lowercase();
        if lower.contains("://") || r.starts_with("//") || lower.starts_with("urn:") {
            self.skip(
                site,
                r,
                "a remote reference: apiassure never fetches other documents",
            );
            return None;
        }
        let (path, frag) = r.split_once('#').unwrap_or((r, ""));
        let Some(root) = self.root.clone() else {
            self.skip(
                site,
                r,
                "the document was not read from a folder, so its other files cannot be",
            );
            return None;
        };
        let base = file.parent().unwrap_or(Path::new(""));
        let rel_base = base.strip_prefix(&root).unwrap_or(Path::new(""));
        let Some(rel) = normalize(&rel_base.join(path)) else {
            self.skip(site, r, "outside the document's folder tree: not read");
            return None;
        };
        // No symbolic link anywhere on the way.
        let mut at = root.clone();
        for c in rel.components() {
            at.push(c);
            match std::fs::symlink_metadata(&at) {
                Ok(m) if m.file_type().is_symlink() => {
                    self.skip(site, r, "through a symbolic link: not followed");
                    return None;
                }
                Ok(_) => {}
                Err(_) => {
                    self.skip(site, r, "the file does not exist");
                    return None;
                }
            }
        }
        self.part(&root.join(rel), frag, r, site)
    }

    fn skip(&mut self, site: &str, r: &str, why: &str) {
        self.not_followed.push(NotFollowed {
            site: site.to_string(),
            reference: r.to_string(),
            why: why.to_string(),
        });
    }

    /// The bundled part for `frag` of `path`, read and walked once.
    fn part(&mut self, path: &Path, frag: &str, r: &str, site: &str) -> Option<String> {
        if path == self.main {
            // A reference back into the main document.
            return Some(format!("#{frag}"));
        }
        let key = (path.to_path_buf(), frag.to_string());
        if let Some(n) = self.index.get(&key) {
            return Some(format!("#/{BUNDLED}/{n}"));
        }
        if !self.files.contains_key(path) {
            if self.files.len() >= MAX_FILES {
                self.skip(site, r, "more files than a review reads");
                return None;
            }
            let text = match crate::files::read_text(path, crate::files::cap::OPENAPI) {
                Ok(t) => t,
                Err(e) => {
                    self.skip(site, r, &format!("cannot be read: {e}"));
                    return None;
                }
            };
            self.bytes += text.len() as u64;
            if self.bytes > crate::files::cap::OPENAPI {
                self.skip(site, r, "the files together are over the size limit");
                return None;
            }
            match super::located::parse(&text) {
                Ok(l) => {
                    self.files.insert(path.to_path_buf(), l.value);
                }
                Err(e) => {
                    self.skip(site, r, &format!("not valid YAML or JSON ({e})"));
                    return None;
                }
            }
        }
        let target = if frag.is_empty() {
            self.files[path].clone()
        } else {
            match self.files[path].pointer(frag) {
                Some(v) => v.clone(),
                None => {
                    self.skip(site, r, "the place it names is not in that file");
                    return None;
                }
            }
        };
        let n = self.values.len();
        self.index.insert(key, n);
        let shown = self
            .root
            .as_ref()
            .and_then(|root| path.strip_prefix(root).ok())
            .unwrap_or(path)
            .display()
            .to_string();
        self.parts.push(Part {
            source: if frag.is_empty() {
                shown
            } else {
                format!("{shown}#{frag}")
            },
            site: site.to_string(),
        });
        self.values.push(Value::Null);
        let mut target = target;
        let part_ptr = format!("/{BUNDLED}/{n}");
        self.walk(&mut target, path, false, &part_ptr, Some(site));
        self.values[n] = target;
        Some(format!("#{part_ptr}"))
    }
}

impl Bundle {
    /// Locate findings inside bundled parts at the `$ref` that brought them
    /// in, naming their file, and add one finding per reference not followed.
    pub fn finish(&self, mut findings: Vec<Finding>) -> Vec<Finding> {
        let prefix = format!("/{BUNDLED}/");
        for f in &mut findings {
            let Some(rest) = f.pointer.strip_prefix(&prefix) else {
                continue;
            };
            let (n, inner) = rest.split_once('/').unwrap_or((rest, ""));
            let Some(part) = n.parse::<usize>().ok().and_then(|n| self.parts.get(n)) else {
                continue;
            };
            f.message = format!(
                "{} (in {}{})",
                f.message,
                part.source,
                if inner.is_empty() {
                    String::new()
                } else {
                    format!(", at /{inner}")
                }
            );
            f.pointer = part.site.clone();
            f.pos = self.doc.position(&part.site);
        }
        for nf in &self.not_followed {
            findings.push(Finding {
                rule: rules::REFS_NOT_FOLLOWED,
                message: format!(
                    "$ref {} not followed ({}): the review is partial",
                    nf.reference, nf.why
                ),
                pointer: nf.site.clone(),
                pos: self.doc.position(&nf.site),
            });
        }
        findings.sort_by(|a, b| {
            (a.pos.line, a.pos.column, a.rule.id).cmp(&(b.pos.line, b.pos.column, b.rule.id))
        });
        findings.dedup_by(|a, b| {
            a.rule.id == b.rule.id && a.pointer == b.pointer && a.message == b.message
        });
        findings
    }

    /// Whether the review left parts unread.
    pub fn partial(&self) -> bool {
        !self.not_followed.is_empty()
    }
}
