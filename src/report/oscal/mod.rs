//! `report --format oscal`: NIST OSCAL 1.2.1 assessment results, the format
//! GRC platforms import. One result for this assessment, whose reviewed
//! controls are the requirements of the frameworks in the report (control ids
//! `<framework>_<requirement>`, made OSCAL tokens); observations from the
//! answers (INTERVIEW, and EXAMINE when evidence links are given) and the
//! current check results (TEST), each with `collected` and an `expires` from
//! the freshness rules; and one finding per requirement, satisfied when its
//! score puts it in the ready band. UUIDs are version 5, derived from the
//! report's document id and the item, so the same report is the same file.

pub mod catalog;
pub mod plan;
pub mod poam;

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use super::ReportData;
use crate::model::CheckOutcome;
use crate::scoring::Band;

pub const OSCAL_VERSION: &str = "1.2.1";
/// The namespace of apiassure's own OSCAL props.
pub const NS: &str = "https://apiassure.dev/ns/oscal";

/// UUIDs of one document state: version 5, from the document id and the
/// item, so the same state always gives the same documents.
pub struct Ids {
    doc_id: String,
}

impl Ids {
    pub fn new(data: &ReportData) -> Ids {
        Ids {
            doc_id: super::build::document_id(data),
        }
    }

    pub fn id(&self, what: &str) -> String {
        uuid5(&format!("{}\n{what}", self.doc_id))
    }

    /// A person who answered, decided or approved.
    pub fn person(&self, name: &str) -> String {
        self.id(&format!("party:{name}"))
    }

    pub fn target(&self, url: &str) -> String {
        self.id(&format!("target:{url}"))
    }
}

/// The organisation and every person who answered, decided applicability
/// or approved, as OSCAL parties.
pub fn parties(data: &ReportData, ids: &Ids) -> Vec<Value> {
    let mut names = std::collections::BTreeSet::new();
    for a in data.answers.answers.values() {
        names.insert(a.by.clone());
        if let Some(p) = &a.approval {
            names.insert(p.by.clone());
        }
    }
    if let Some(soa) = &data.soa {
        names.extend(soa.controls.values().map(|d| d.by.clone()));
    }
    names.extend(data.report_approvals.iter().map(|a| a.by.clone()));
    names.remove("");
    let mut out = vec![json!({
        "uuid": ids.id("party:organisation"),
        "type": "organization",
        "name": data.organisation(),
    })];
    out.extend(
        names
            .into_iter()
            .map(|n| json!({"uuid": ids.person(&n), "type": "person", "name": n})),
    );
    out
}

/// The declared targets as inventory items, and their selection.
pub fn subjects(data: &ReportData, ids: &Ids) -> (Vec<Value>, Vec<Value>) {
    let items = data
        .config
        .targets
        .iter()
        .map(|t| {
            let mut props = vec![json!({"name": "asset-type", "value": "web-server"})];
            props.push(json!({"name": "uri", "ns": NS, "value": t.url}));
            if !t.name.is_empty() {
                props.push(json!({"name": "label", "ns": NS, "value": t.name}));
            }
            json!({
                "uuid": ids.target(&t.url),
                "description": format!("API endpoint {} ({})", t.label(), t.url),
                "props": props,
            })
        })
        .collect();
    let selection = data
        .config
        .targets
        .iter()
        .map(|t| json!({"subject-uuid": ids.target(&t.url), "type": "inventory-item"}))
        .collect();
    (items, selection)
}

/// An open risk: a current failing check on a declared target.
pub struct Risk {
    /// `check:url`, unique.
    pub key: String,
    /// The first control citing the check.
    pub control: String,
    pub value: Value,
}

pub fn risks(data: &ReportData, ids: &Ids) -> Vec<Risk> {
    let mut out = Vec::new();
    for t in &data.evidence.targets {
        for (cid, e) in &t.checks {
            let Some(cur) = e
                .current
                .as_ref()
                .filter(|c| c.result == CheckOutcome::Fail)
            else {
                continue;
            };
            let control = data
                .catalog
                .controls
                .iter()
                .find(|c| c.checks.iter().any(|k| k == cid.as_str()))
                .map_or(String::new(), |c| c.id.clone());
            let key = format!("{}:{}", cid.as_str(), t.url);
            let value = json!({
                "uuid": ids.id(&format!("risk:{key}")),
                "title": format!("{} fails on {}", cid.as_str(), t.label),
                "description": format!("{} ({}): {}", cid.def().title, cid.as_str(), cur.summary),
                "statement": format!(
                    "Observed on {} at {} (run {}){}. Control {}.",
                    t.url,
                    ts(cur.at),
                    cur.run_id,
                    if cid.is_critical() { "; a critical failure" } else { "" },
                    if control.is_empty() { "none" } else { control.as_str() }
                ),
                "status": "open",
                "related-observations": [{"observation-uuid": ids.id(&format!("check:{}:{}", cid.as_str(), t.url))}],
            });
            out.push(Risk {
                key,
                control,
                value,
            });
        }
    }
    out
}

/// A name-based (version 5, SHA-1) UUID in apiassure's namespace.
fn uuid5(name: &str) -> String {
    // The namespace: a fixed random UUID for apiassure.
    const NS: [u8; 16] = [
        0x6b, 0x1e, 0x4f, 0x2a, 0x93, 0x0c, 0x4d, 0x51, 0x8a, 0x77, 0x1f, 0x3e, 0xc2, 0x90, 0x5d,
        0x4b,
    ];
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY);
    ctx.update(&NS);
    ctx.update(name.as_bytes());
    let d = ctx.finish();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d.as_ref()[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

/// An OSCAL token: a letter or `_` first, then letters, digits, `.`, `-`, `_`.
fn token(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    while out.contains("__") {
        out = out.replace("__", "_");
    }
    let out = out.trim_end_matches('_').to_string();
    if out.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        out
    } else {
        format!("_{out}")
    }
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub fn render(data: &ReportData) -> Value {
    let doc_id = super::build::document_id(data);
    let ids = Ids::new(data);
    let id = |what: &str| ids.id(what);
    let period = super::build::period(data);
    let max_age = Duration::days(i64::from(data.policy.evidence_max_age_days));

    let mut observations = Vec::new();
    let mut obs_of_control: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for c in &data.catalog.controls {
        for q in &c.questions {
            let Some(a) = data.answers.get(&q.id) else {
                continue;
            };
            let uuid = id(&format!("answer:{}", q.id));
            let mut methods = vec!["INTERVIEW"];
            if !a.evidence.is_empty() || !a.attachments.is_empty() {
                methods.push("EXAMINE");
            }
            let review = a.review_date(data.config.assessment.answer_review_days);
            let mut obs = json!({
                "uuid": uuid,
                "title": format!("{}: answered {}", q.id, a.answer),
                "description": format!(
                    "{} {} Answer: {}{}{}",
                    q.id,
                    q.text,
                    a.answer,
                    if a.note.is_empty() { String::new() } else { format!(". Note: {}", a.note) },
                    if a.by.is_empty() { String::new() } else { format!(". By {}.", a.by) }
                ),
                "methods": methods,
                "types": ["control-objective"],
                "collected": ts(a.at),
                "expires": format!("{}T00:00:00Z", review.format("%Y-%m-%d")),
                "props": [
                    {"name": "answer", "ns": "https://apiassure.dev/ns/oscal", "value": a.answer.as_str()},
                    {"name": "control", "ns": "https://apiassure.dev/ns/oscal", "value": token(&c.id)},
                ],
            });
            let mut evidence: Vec<Value> = a
                .evidence
                .iter()
                .map(|l| json!({"href": l, "description": format!("Evidence linked to {}", q.id)}))
                .collect();
            evidence.extend(a.attachments.iter().map(|f| {
                json!({
                    "href": format!("attachments/{}", super::pack::pack_name(&f.sha256, &f.name)),
                    "description": format!(
                        "{} attached to {} by {} on {} ({} bytes, SHA-256 {}){}",
                        f.name,
                        q.id,
                        f.by,
                        ts(f.at),
                        f.size,
                        f.sha256,
                        f.covers.as_ref().map(|c| format!(", covers {c}")).unwrap_or_default()
                    ),
                })
            }));
            if !evidence.is_empty() {
                obs["relevant-evidence"] = Value::Array(evidence);
            }
            if !a.by.is_empty() {
                obs["origins"] =
                    json!([{"actors": [{"type": "party", "actor-uuid": ids.person(&a.by)}]}]);
            }
            observations.push(obs);
            obs_of_control.entry(c.id.clone()).or_default().push(uuid);
        }
        for t in &data.evidence.targets {
            for check in &c.checks {
                let Some(cid) = crate::model::checks::CheckId::parse(check) else {
                    continue;
                };
                let Some(cur) = t.checks.get(&cid).and_then(|e| e.current.as_ref()) else {
                    continue;
                };
                let uuid = id(&format!("check:{}:{}", cid.as_str(), t.url));
                if !observations.iter().any(|o| o["uuid"] == uuid) {
                    observations.push(json!({
                        "uuid": uuid,
                        "title": format!("{} on {}: {}", cid.as_str(), t.label, cur.result),
                        "description": format!("{} on {} ({}): {} (run {})", cid.as_str(), t.label, t.url, cur.summary, cur.run_id),
                        "methods": ["TEST"],
                        "types": ["finding"],
                        "collected": ts(cur.at),
                        "expires": ts(cur.at + max_age),
                        "props": [
                            {"name": "result", "ns": "https://apiassure.dev/ns/oscal", "value": cur.result.to_string()},
                        ],
                        "subjects": [{"subject-uuid": ids.target(&t.url), "type": "inventory-item"}],
                    }));
                }
                obs_of_control.entry(c.id.clone()).or_default().push(uuid);
            }
        }
    }

    let all_risks = risks(data, &ids);
    let mut include = Vec::new();
    let mut findings = Vec::new();
    for fid in &data.frameworks {
        let Some(f) = data.card.framework(fid) else {
            continue;
        };
        for r in &f.requirements {
            let control_id = token(&format!("{fid}_{}", r.id));
            include.push(json!({"control-id": control_id}));
            let satisfied = r.band == Band::Ready;
            let mut related: Vec<String> = r
                .controls
                .iter()
                .flat_map(|c| obs_of_control.get(c).cloned().unwrap_or_default())
                .collect();
            related.sort();
            related.dedup();
            let mut finding = json!({
                "uuid": id(&format!("finding:{fid}:{}", r.id)),
                "title": format!("{} {} {}", f.name, r.id, r.title),
                "description": format!(
                    "Score {} ({}): {}. Mapped controls: {}. Mapping: {}.",
                    crate::scoring::fmt_score(r.score),
                    r.band.label(),
                    r.explanation,
                    r.controls.join(", "),
                    r.provenance
                ),
                "target": {
                    "type": "objective-id",
                    "target-id": control_id,
                    "status": {"state": if satisfied { "satisfied" } else { "not-satisfied" }},
                },
            });
            if !related.is_empty() {
                finding["related-observations"] = related
                    .iter()
                    .map(|u| json!({"observation-uuid": u}))
                    .collect();
            }
            let related_risks: Vec<Value> = all_risks
                .iter()
                .filter(|k| r.controls.contains(&k.control))
                .map(|k| json!({"risk-uuid": k.value["uuid"]}))
                .collect();
            if !related_risks.is_empty() {
                finding["related-risks"] = Value::Array(related_risks);
            }
            findings.push(finding);
        }
    }

    let plan = id("assessment-plan-resource");
    let mut result = json!({
        "uuid": id("result"),
        "title": format!("apiassure assessment {}", doc_id),
        "description": "A self-assessment with automated evidence: answers to the apiassure catalog's questions and live probe results of the declared targets, scored per framework requirement. Not an audit opinion.",
        "start": ts(period.from),
        "end": ts(period.to),
        "reviewed-controls": {"control-selections": [{"include-controls": include}]},
        "observations": observations,
        "findings": findings,
    });
    let (items, _) = subjects(data, &ids);
    if !items.is_empty() {
        result["local-definitions"] = json!({"inventory-items": items});
    }
    if !all_risks.is_empty() {
        result["risks"] = all_risks.iter().map(|r| r.value.clone()).collect();
    }
    if let Some(soa) = soa_attestation(data) {
        result["attestations"] = json!([soa]);
    }
    json!({
        "assessment-results": {
            "uuid": id("assessment-results"),
            "metadata": {
                "title": format!("API security assessment of {} ({})", data.system(), data.organisation()),
                "last-modified": ts(data.generated_at),
                "version": doc_id,
                "oscal-version": OSCAL_VERSION,
                "parties": parties(data, &ids),
                "props": [
                    {"name": "tool", "ns": "https://apiassure.dev/ns/oscal", "value": format!("apiassure {}", data.tool_version)},
                    {"name": "journal-head", "ns": "https://apiassure.dev/ns/oscal", "value": data.journal_heads.join(" ")},
                ],
            },
            "import-ap": {"href": if data.pack_version.is_some() { plan::PLAN_FILE.to_string() } else { format!("#{plan}") }},
            "results": [result],
            "back-matter": {"resources": [{
                "uuid": plan,
                "title": "Assessment plan: the apiassure catalog and the declared targets",
                "rlinks": [{"href": plan::PLAN_FILE}],
                "description": format!(
                    "Frameworks: {}. Targets: {}. Answers are reviewed after {} days; check results expire after {} days.",
                    data.frameworks.join(", "),
                    data.config.targets.iter().map(|t| t.url.as_str()).collect::<Vec<_>>().join(", "),
                    data.config.assessment.answer_review_days,
                    data.policy.evidence_max_age_days
                ),
            }]},
        }
    })
}

/// The Statement of Applicability as an attestation: one part per Annex A
/// control with management's decision (or "not decided").
fn soa_attestation(data: &ReportData) -> Option<Value> {
    let st = super::soa::statement(data)?;
    let parts: Vec<Value> = st
        .rows
        .iter()
        .map(|r| {
            let mut props = vec![json!({"name": "applicable", "ns": NS, "value": r.applicable})];
            props.push(json!({"name": "status", "ns": NS, "value": r.status}));
            if !r.decided_by.is_empty() {
                props.push(json!({"name": "decided-by", "ns": NS, "value": r.decided_by}));
            }
            if let Some(c) = &r.conflict {
                props.push(json!({"name": "conflict", "ns": NS, "value": c}));
            }
            let prose = if r.justification.is_empty() {
                format!("Not decided. {}", r.proposal)
            } else {
                r.justification.clone()
            };
            json!({
                "name": "soa-decision",
                "ns": NS,
                "title": format!("{} {}", r.id, r.title),
                "props": props,
                "prose": prose,
            })
        })
        .collect();
    let a = json!({"parts": [{
        "name": "statement-of-applicability",
        "ns": NS,
        "title": format!(
            "ISO/IEC 27001:2022 Statement of Applicability: {} applicable, {} excluded, {} not decided",
            st.count("yes"),
            st.count("no"),
            st.undecided.len()
        ),
        "parts": parts,
    }]});
    Some(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_version_5_and_stable() {
        let a = uuid5("x");
        assert_eq!(a, uuid5("x"));
        assert_ne!(a, uuid5("y"));
        assert_eq!(&a[14..15], "5");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
    }

    #[test]
    fn tokens_are_valid() {
        assert_eq!(token("gdpr_Art.32(1)(b)"), "gdpr_art.32_1_b");
        assert_eq!(token("soc2_CC6.1"), "soc2_cc6.1");
        assert_eq!(token("9x"), "_9x");
    }
}
