//! The OSCAL catalog and profile the assessment results refer to: the
//! apiassure API controls (grouped by domain, with their objective,
//! guidance and questions) and one group per framework whose controls are
//! the framework's requirements, each linking the API controls mapped to
//! it. The texts are apiassure's own words (titles and summaries), never a
//! standard's text. The profile selects the requirements of the frameworks
//! the report covers.

use serde_json::{json, Value};

use super::{token, ts, Ids, OSCAL_VERSION};
use crate::report::ReportData;

pub const CATALOG_FILE: &str = "oscal-catalog.json";
pub const PROFILE_FILE: &str = "oscal-profile.json";

fn metadata(data: &ReportData, title: String) -> Value {
    json!({
        "title": title,
        "last-modified": ts(data.generated_at),
        "version": format!("apiassure {}", data.tool_version),
        "oscal-version": OSCAL_VERSION,
    })
}

pub fn catalog(data: &ReportData, ids: &Ids) -> Value {
    let mut domains = Vec::new();
    for d in &data.catalog.domains {
        let controls: Vec<Value> = data
            .catalog
            .controls
            .iter()
            .filter(|c| c.domain == d.id)
            .map(|c| {
                let id = token(&c.id);
                let mut parts = vec![
                    json!({"id": format!("{id}_smt"), "name": "statement", "prose": c.objective}),
                    json!({"id": format!("{id}_gdn"), "name": "guidance", "prose": c.guidance}),
                ];
                if !c.questions.is_empty() {
                    parts.push(json!({
                        "id": format!("{id}_obj"),
                        "name": "assessment-objective",
                        "parts": c.questions.iter().map(|q| json!({
                            "id": format!("{}_obj", token(&q.id)),
                            "name": "assessment-objective",
                            "props": [{"name": "label", "value": q.id}],
                            "prose": q.text,
                        })).collect::<Vec<_>>(),
                    }));
                }
                let mut props = vec![json!({"name": "label", "value": c.id})];
                for check in &c.checks {
                    props.push(json!({"name": "automated-check", "ns": super::NS, "value": check}));
                }
                json!({"id": id, "title": c.title, "props": props, "parts": parts})
            })
            .collect();
        if !controls.is_empty() {
            domains.push(json!({
                "id": token(&format!("domain_{}", d.id)),
                "title": d.title,
                "controls": controls,
            }));
        }
    }
    let mut groups = vec![json!({
        "id": "apiassure",
        "title": "apiassure API security controls",
        "groups": domains,
    })];
    for f in &data.catalog.frameworks {
        let controls: Vec<Value> = f
            .requirements
            .iter()
            .map(|r| {
                let id = token(&format!("{}_{}", f.id, r.id));
                let mut c = json!({
                    "id": id,
                    "title": r.title,
                    "props": [
                        {"name": "label", "value": r.id},
                        {"name": "mapping-provenance", "ns": super::NS, "value": r.provenance},
                    ],
                    "links": r.controls.iter().map(|c| json!({"href": format!("#{}", token(c)), "rel": "related"})).collect::<Vec<_>>(),
                });
                if !r.summary.trim().is_empty() {
                    c["parts"] = json!([{"id": format!("{id}_smt"), "name": "statement", "prose": r.summary}]);
                }
                c
            })
            .collect();
        if !controls.is_empty() {
            groups.push(json!({
                "id": token(&format!("framework_{}", f.id)),
                "title": format!("{} ({})", f.name, f.version),
                "controls": controls,
            }));
        }
    }
    json!({"catalog": {
        "uuid": ids.id("catalog"),
        "metadata": metadata(data, "apiassure control catalog with framework requirements".into()),
        "groups": groups,
    }})
}

/// The requirements of the frameworks the report covers.
pub fn profile(data: &ReportData, ids: &Ids) -> Value {
    let with_ids: Vec<String> = data
        .frameworks
        .iter()
        .filter_map(|id| data.catalog.framework(id))
        .flat_map(|f| {
            f.requirements
                .iter()
                .map(move |r| token(&format!("{}_{}", f.id, r.id)))
        })
        .collect();
    json!({"profile": {
        "uuid": ids.id("profile"),
        "metadata": metadata(
            data,
            format!("apiassure profile: {}", data.frameworks.join(", ")),
        ),
        "imports": [{"href": CATALOG_FILE, "include-controls": [{"with-ids": with_ids}]}],
        "merge": {"as-is": true},
    }})
}
