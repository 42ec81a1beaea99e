//! Loading and validating the catalog.
//!
//! The catalog ships inside the binary (see `build.rs`) and a workspace may add
//! frameworks or override controls from its own `frameworks/` and
//! `questionnaires/` folders. Files are deserialized into span-carrying raw
//! structures (`raw`), then validated into the typed [`Catalog`]; every problem
//! is reported as `file:line:column: message` quoting the bad value, all at once.

pub mod annex_a;
mod raw;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs;
use std::ops::Range;
use std::path::Path;

use crate::checks;
use crate::model::catalog::SourceRef;
use crate::model::{Catalog, Control, Domain, Framework, Question, Requirement};
use raw::{RawFrameworkFile, RawQuestionnaire};

/// Schema version of catalog files this build understands.
pub const CATALOG_SCHEMA_VERSION: u32 = 1;

/// Upper bound for a requirement weight: a weight of 10 already lets one
/// requirement outweigh nine others; more is almost certainly a typo.
pub const MAX_WEIGHT: f64 = 10.0;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_catalog.rs"));
}

/// A catalog problem at a position in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// Every problem found in a catalog, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogErrors(pub Vec<Diagnostic>);

impl fmt::Display for CatalogErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CatalogErrors {}

/// What a catalog file holds, from the folder it sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Framework,
    Questionnaire,
}

/// One catalog file's text and where it came from. Layer 0 is the embedded
/// catalog; a higher layer may override ids of a lower one, never its own.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    pub kind: FileKind,
    pub layer: u8,
}

/// The catalog compiled into the binary.
pub fn embedded_sources() -> Vec<SourceFile> {
    embedded::EMBEDDED_FILES
        .iter()
        .map(|(name, text)| SourceFile {
            name: format!("<embedded>/{name}"),
            text: (*text).to_string(),
            kind: if name.starts_with("frameworks/") {
                FileKind::Framework
            } else {
                FileKind::Questionnaire
            },
            layer: 0,
        })
        .collect()
}

/// Read `dir/frameworks/*.toml` and `dir/questionnaires/*.toml` as layer `layer`.
/// Missing folders are fine; an unreadable file is a diagnostic.
pub fn dir_sources(dir: &Path, layer: u8) -> Result<Vec<SourceFile>, CatalogErrors> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (sub, kind) in [
        ("frameworks", FileKind::Framework),
        ("questionnaires", FileKind::Questionnaire),
    ] {
        let folder = dir.join(sub);
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        let mut files: Vec<_> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        for path in files {
            let name = display_path(&path);
            match crate::files::read_text(&path, crate::files::cap::CATALOG) {
                Ok(text) => out.push(SourceFile {
                    name,
                    text,
                    kind,
                    layer,
                }),
                Err(e) => errors.push(Diagnostic {
                    file: name,
                    line: 1,
                    column: 1,
                    message: format!("cannot read the file: {e}"),
                }),
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(CatalogErrors(errors))
    }
}

fn display_path(path: &Path) -> String {
    let s = path.display().to_string();
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// The embedded catalog alone.
pub fn load_embedded() -> Result<Catalog, CatalogErrors> {
    load_sources(&embedded_sources())
}

/// The embedded catalog with the overlay of a workspace (or any folder).
pub fn load_with_overlay(dir: &Path) -> Result<Catalog, CatalogErrors> {
    let mut sources = embedded_sources();
    sources.extend(dir_sources(dir, 1)?);
    load_sources(&sources)
}

/// Only the files in `dir`, without the embedded catalog.
pub fn load_dir_only(dir: &Path) -> Result<Catalog, CatalogErrors> {
    load_sources(&dir_sources(dir, 0)?)
}

/// Byte offset to 1-based line and column (in characters).
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    crate::diagnostics::offset_to_line_col(text, offset)
}

/// Collects diagnostics for one file.
struct FileCtx<'a> {
    file: &'a SourceFile,
}

impl FileCtx<'_> {
    fn at(&self, span: Range<usize>, message: String) -> Diagnostic {
        let (line, column) = line_col(&self.file.text, span.start);
        Diagnostic {
            file: self.file.name.clone(),
            line,
            column,
            message,
        }
    }

    fn source(&self, span: Range<usize>) -> SourceRef {
        let (line, column) = line_col(&self.file.text, span.start);
        SourceRef {
            file: self.file.name.clone(),
            line,
            column,
        }
    }
}

/// Parse one file and check its schema version; `None` once the reason is recorded.
fn parse_file<T: serde::de::DeserializeOwned>(
    ctx: &FileCtx,
    errors: &mut Vec<Diagnostic>,
    version: impl Fn(&T) -> &serde_spanned::Spanned<u32>,
) -> Option<T> {
    let raw: T = match toml::from_str(&ctx.file.text) {
        Ok(r) => r,
        Err(e) => {
            errors.push(parse_error(ctx.file, e));
            return None;
        }
    };
    let v = version(&raw);
    if *v.get_ref() != CATALOG_SCHEMA_VERSION {
        errors.push(ctx.at(
            v.span(),
            format!(
                "schema_version {} is not supported: this build reads version {CATALOG_SCHEMA_VERSION}",
                v.get_ref()
            ),
        ));
        return None;
    }
    Some(raw)
}

fn parse_error(file: &SourceFile, err: toml::de::Error) -> Diagnostic {
    let (line, column) = err
        .span()
        .map(|s| line_col(&file.text, s.start))
        .unwrap_or((1, 1));
    Diagnostic {
        file: file.name.clone(),
        line,
        column,
        message: format!("{} (fix the TOML here)", err.message().trim()),
    }
}

struct ControlEntry {
    control: Control,
    layer: u8,
    /// Spans of every check and framework reference, for later diagnostics.
    file_index: usize,
    id_span: Range<usize>,
}

struct FrameworkEntry {
    framework: Framework,
    layer: u8,
    file_index: usize,
    /// Per requirement: the span of each mapped control id.
    control_spans: Vec<Vec<Range<usize>>>,
}

/// The longest `short_name` a framework may have (dashboard columns at 80x24).
pub const SHORT_NAME_MAX: usize = 12;

fn check_text(
    ctx: &FileCtx,
    errors: &mut Vec<Diagnostic>,
    what: &str,
    value: &serde_spanned::Spanned<String>,
) -> String {
    if value.get_ref().trim().is_empty() {
        errors.push(ctx.at(value.span(), format!("{what} is empty: write one")));
    }
    value.get_ref().clone()
}

/// Validate a set of catalog files into a [`Catalog`].
pub fn load_sources(files: &[SourceFile]) -> Result<Catalog, CatalogErrors> {
    let mut errors = Vec::new();
    let mut domains: HashMap<String, (Domain, u8)> = HashMap::new();
    let mut controls: Vec<ControlEntry> = Vec::new();
    let mut frameworks: Vec<FrameworkEntry> = Vec::new();
    // Cross-references are only checked when every file parsed: a file that
    // failed would otherwise show up again as dozens of unknown ids.
    let mut unparsed = false;
    let owasp_ids: HashSet<&str> = checks::OWASP_API_2023.iter().map(|(id, _)| *id).collect();

    for (file_index, file) in files.iter().enumerate() {
        let ctx = FileCtx { file };
        match file.kind {
            FileKind::Questionnaire => {
                let Some(raw) =
                    parse_file::<RawQuestionnaire>(&ctx, &mut errors, |r| &r.schema_version)
                else {
                    unparsed = true;
                    continue;
                };
                let domain_id = raw.domain.id.get_ref().trim().to_string();
                if domain_id.is_empty() {
                    errors.push(ctx.at(raw.domain.id.span(), "domain id is empty".into()));
                }
                let title = check_text(&ctx, &mut errors, "domain title", &raw.domain.title);
                let domain = Domain {
                    id: domain_id.clone(),
                    title,
                    description: raw.domain.description.clone(),
                    order: raw.domain.order,
                };
                match domains.get(&domain_id) {
                    // Several files of one layer may add controls to one domain
                    // only if they agree on it; a higher layer may retitle it.
                    Some((_, layer)) if *layer > file.layer => {}
                    _ => {
                        domains.insert(domain_id.clone(), (domain, file.layer));
                    }
                }
                for rc in raw.controls {
                    let id = rc.id.get_ref().trim().to_string();
                    if id.is_empty() {
                        errors.push(ctx.at(rc.id.span(), "control id is empty".into()));
                        continue;
                    }
                    let mut questions = Vec::new();
                    if rc.questions.is_empty() {
                        errors.push(ctx.at(
                            rc.id.span(),
                            format!("control '{id}' has no questions: add at least one [[controls.questions]]"),
                        ));
                    }
                    for q in &rc.questions {
                        let qid = q.id.get_ref().trim().to_string();
                        if qid.is_empty() {
                            errors.push(ctx.at(q.id.span(), "question id is empty".into()));
                        }
                        questions.push(Question {
                            id: qid,
                            text: check_text(&ctx, &mut errors, "question text", &q.text),
                            help: check_text(&ctx, &mut errors, "question help", &q.help),
                            critical: q.critical,
                        });
                    }
                    for check in &rc.checks {
                        if !checks::is_known(check.get_ref()) {
                            errors.push(ctx.at(
                                check.span(),
                                format!(
                                    "control '{id}' cites unknown check '{}' (known checks: `apiassure catalog list` or README)",
                                    check.get_ref()
                                ),
                            ));
                        }
                    }
                    for item in &rc.owasp {
                        if !owasp_ids.contains(item.get_ref().as_str()) {
                            errors.push(ctx.at(
                                item.span(),
                                format!(
                                    "control '{id}' cites unknown OWASP item '{}': use API1:2023 .. API10:2023",
                                    item.get_ref()
                                ),
                            ));
                        }
                    }
                    let control = Control {
                        id: id.clone(),
                        title: check_text(&ctx, &mut errors, "control title", &rc.title),
                        domain: domain_id.clone(),
                        objective: check_text(
                            &ctx,
                            &mut errors,
                            "control objective",
                            &rc.objective,
                        ),
                        guidance: check_text(&ctx, &mut errors, "control guidance", &rc.guidance),
                        evidence: rc.evidence.clone(),
                        owasp: rc.owasp.iter().map(|s| s.get_ref().clone()).collect(),
                        checks: rc.checks.iter().map(|s| s.get_ref().clone()).collect(),
                        questions,
                        frequency: rc.frequency,
                        source: ctx.source(rc.id.span()),
                    };
                    controls.push(ControlEntry {
                        control,
                        layer: file.layer,
                        file_index,
                        id_span: rc.id.span(),
                    });
                }
            }
            FileKind::Framework => {
                let Some(raw) =
                    parse_file::<RawFrameworkFile>(&ctx, &mut errors, |r| &r.schema_version)
                else {
                    unparsed = true;
                    continue;
                };
                let fid = raw.framework.id.get_ref().trim().to_string();
                if fid.is_empty() {
                    errors.push(ctx.at(raw.framework.id.span(), "framework id is empty".into()));
                }
                if raw.requirements.is_empty() {
                    errors.push(ctx.at(
                        raw.framework.id.span(),
                        format!("framework '{fid}' has no [[requirements]]"),
                    ));
                }
                let mut requirements = Vec::new();
                let mut control_spans = Vec::new();
                let mut seen = HashMap::new();
                let mut sources = Vec::new();
                for rs in &raw.sources {
                    let sid = check_text(&ctx, &mut errors, "source id", &rs.id);
                    let document = check_text(&ctx, &mut errors, "source document", &rs.document);
                    let version = check_text(&ctx, &mut errors, "source version", &rs.version);
                    if sid == "editorial" {
                        errors.push(ctx.at(
                            rs.id.span(),
                            "'editorial' is not a source: it means no published mapping".into(),
                        ));
                    }
                    sources.push(crate::model::catalog::Source {
                        id: sid,
                        document,
                        version,
                        published: rs.published.clone(),
                        publisher: rs.publisher.clone(),
                        licence: rs.licence.clone(),
                        url: rs.url.clone(),
                        changes: rs.changes.clone(),
                    });
                }
                for rr in raw.requirements {
                    let rid = rr.id.get_ref().trim().to_string();
                    if rid.is_empty() {
                        errors.push(ctx.at(rr.id.span(), "requirement id is empty".into()));
                    }
                    if let Some(first) = seen.insert(rid.clone(), rr.id.span()) {
                        let (line, _) = line_col(&file.text, first.start);
                        errors.push(ctx.at(
                            rr.id.span(),
                            format!("requirement id '{rid}' is used twice in framework '{fid}' (first at line {line})"),
                        ));
                    }
                    let weight = *rr.weight.get_ref();
                    if !weight.is_finite() || weight <= 0.0 || weight > MAX_WEIGHT {
                        errors.push(ctx.at(
                            rr.weight.span(),
                            format!("requirement '{rid}' has weight '{weight}': use a number above 0 and at most {MAX_WEIGHT}"),
                        ));
                    }
                    if rr.controls.get_ref().is_empty() {
                        errors.push(ctx.at(
                            rr.controls.span(),
                            format!("requirement '{rid}' maps no controls: list at least one control id"),
                        ));
                    }
                    let provenance =
                        check_text(&ctx, &mut errors, "requirement provenance", &rr.provenance);
                    // Anything but `editorial` names a source declared in this
                    // file, with a document and a version an auditor can find.
                    if provenance != "editorial"
                        && !provenance.is_empty()
                        && !sources.iter().any(|s| s.id == provenance)
                    {
                        let known: Vec<&str> = sources.iter().map(|s| s.id.as_str()).collect();
                        errors.push(ctx.at(
                            rr.provenance.span(),
                            format!(
                                "requirement '{rid}' has provenance '{provenance}', which names no [[sources]] entry of this file (known: {}); use 'editorial' or declare the source with its document and version",
                                if known.is_empty() { "none".to_string() } else { known.join(", ") }
                            ),
                        ));
                    }
                    control_spans.push(rr.controls.get_ref().iter().map(|c| c.span()).collect());
                    requirements.push(Requirement {
                        id: rid,
                        title: check_text(&ctx, &mut errors, "requirement title", &rr.title),
                        summary: check_text(&ctx, &mut errors, "requirement summary", &rr.summary),
                        weight,
                        controls: rr
                            .controls
                            .get_ref()
                            .iter()
                            .map(|c| c.get_ref().trim().to_string())
                            .collect(),
                        provenance,
                        provenance_note: rr.provenance_note.clone(),
                    });
                }
                frameworks.push(FrameworkEntry {
                    framework: Framework {
                        id: fid,
                        name: check_text(&ctx, &mut errors, "framework name", &raw.framework.name),
                        short_name: match &raw.framework.short_name {
                            Some(short) => {
                                let text = check_text(&ctx, &mut errors, "framework short_name", short);
                                if text.chars().count() > SHORT_NAME_MAX {
                                    errors.push(ctx.at(
                                        short.span(),
                                        format!(
                                            "framework short_name {text:?} is longer than {SHORT_NAME_MAX} characters: shorten it (it labels narrow views)"
                                        ),
                                    ));
                                }
                                text
                            }
                            None => String::new(),
                        },
                        version: raw.framework.version.clone(),
                        description: raw.framework.description.clone(),
                        sources,
                        requirements,
                        source: ctx.source(raw.framework.id.span()),
                    },
                    layer: file.layer,
                    file_index,
                    control_spans,
                });
            }
        }
    }

    // Resolve overrides: a higher layer replaces a lower one's item with the
    // same id; the same id twice within one layer is an error.
    let controls = resolve_layers(
        controls,
        |c| c.control.id.clone(),
        |c| c.layer,
        |dup, first| {
            let file = &files[dup.file_index];
            let ctx = FileCtx { file };
            ctx.at(
                dup.id_span.clone(),
                format!(
                    "control id '{}' is defined twice (first at {})",
                    dup.control.id, first.control.source
                ),
            )
        },
        &mut errors,
    );
    let frameworks = resolve_layers(
        frameworks,
        |f| f.framework.id.clone(),
        |f| f.layer,
        |dup, first| Diagnostic {
            file: dup.framework.source.file.clone(),
            line: dup.framework.source.line,
            column: dup.framework.source.column,
            message: format!(
                "framework id '{}' is defined twice (first at {})",
                dup.framework.id, first.framework.source
            ),
        },
        &mut errors,
    );

    // Question ids are global: answers are keyed by them.
    let mut question_seen: HashMap<&str, &str> = HashMap::new();
    for entry in &controls {
        for q in &entry.control.questions {
            if let Some(other) = question_seen.insert(&q.id, &entry.control.id) {
                errors.push(Diagnostic {
                    file: entry.control.source.file.clone(),
                    line: entry.control.source.line,
                    column: entry.control.source.column,
                    message: format!(
                        "question id '{}' of control '{}' is already used by control '{other}'",
                        q.id, entry.control.id
                    ),
                });
            }
        }
    }

    if unparsed {
        return Err(finish(errors));
    }

    // Every mapping resolves; every control is reached.
    let control_ids: HashSet<&str> = controls.iter().map(|c| c.control.id.as_str()).collect();
    let mut reached: HashSet<&str> = HashSet::new();
    for fw in &frameworks {
        let ctx = FileCtx {
            file: &files[fw.file_index],
        };
        for (req, spans) in fw.framework.requirements.iter().zip(&fw.control_spans) {
            for (cid, span) in req.controls.iter().zip(spans) {
                if control_ids.contains(cid.as_str()) {
                    reached.insert(cid.as_str());
                } else {
                    errors.push(ctx.at(
                        span.clone(),
                        format!("requirement '{}' maps to unknown control '{cid}'", req.id),
                    ));
                }
            }
        }
    }
    for entry in &controls {
        if !reached.contains(entry.control.id.as_str()) {
            errors.push(Diagnostic {
                file: entry.control.source.file.clone(),
                line: entry.control.source.line,
                column: entry.control.source.column,
                message: format!(
                    "control '{}' is not mapped by any framework requirement: map it or remove it",
                    entry.control.id
                ),
            });
        }
    }
    // With ISO 27001 in the catalog, every control reaches one of its
    // requirements: the Statement of Applicability lists each control there.
    if let Some(iso) = frameworks.iter().find(|f| f.framework.id == ISO_FRAMEWORK) {
        let in_iso: HashSet<&str> = iso
            .framework
            .requirements
            .iter()
            .flat_map(|r| r.controls.iter().map(String::as_str))
            .collect();
        for entry in &controls {
            if !in_iso.contains(entry.control.id.as_str()) {
                errors.push(Diagnostic {
                    file: entry.control.source.file.clone(),
                    line: entry.control.source.line,
                    column: entry.control.source.column,
                    message: format!(
                        "control '{}' reaches no {ISO_FRAMEWORK} requirement: map it to the Annex A control it implements",
                        entry.control.id
                    ),
                });
            }
        }
    }
    let domain_list: Vec<Domain> = domains.into_values().map(|(d, _)| d).collect();

    if !errors.is_empty() {
        return Err(finish(errors));
    }
    Ok(Catalog::from_parts(
        domain_list,
        controls.into_iter().map(|c| c.control).collect(),
        frameworks.into_iter().map(|f| f.framework).collect(),
    ))
}

/// The framework every control must reach when it is in the catalog.
pub const ISO_FRAMEWORK: &str = "iso27001-2022";

fn finish(mut errors: Vec<Diagnostic>) -> CatalogErrors {
    errors.sort_by(|a, b| {
        (a.file.as_str(), a.line, a.column).cmp(&(b.file.as_str(), b.line, b.column))
    });
    errors.dedup();
    CatalogErrors(errors)
}

/// Keep, for each id, the entry of the highest layer; report duplicates within a layer.
fn resolve_layers<T>(
    items: Vec<T>,
    id: impl Fn(&T) -> String,
    layer: impl Fn(&T) -> u8,
    duplicate: impl Fn(&T, &T) -> Diagnostic,
    errors: &mut Vec<Diagnostic>,
) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for item in items {
        let key = id(&item);
        match index.get(&key) {
            None => {
                index.insert(key, out.len());
                out.push(item);
            }
            Some(&i) => {
                if layer(&out[i]) == layer(&item) {
                    errors.push(duplicate(&item, &out[i]));
                } else if layer(&item) > layer(&out[i]) {
                    out[i] = item;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "a = 1\nbé = \"x\"\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        let idx = text.find('"').unwrap();
        assert_eq!(line_col(text, idx), (2, 6));
    }
}
