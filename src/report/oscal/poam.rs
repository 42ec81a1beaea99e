//! The OSCAL plan of action and milestones: one item per open risk (a
//! current failing check on a declared target), with the owner and due date
//! of its control when `apiassure assign` set them.

use serde_json::{json, Value};

use super::{risks, ts, Ids, OSCAL_VERSION};
use crate::report::ReportData;

pub const POAM_FILE: &str = "oscal-poam.json";

/// None when no risk is open (a POA&M needs at least one item).
pub fn poam(data: &ReportData, ids: &Ids) -> Option<Value> {
    let risks = risks(data, ids);
    if risks.is_empty() {
        return None;
    }
    let items: Vec<Value> = risks
        .iter()
        .map(|r| {
            let control = r.control.as_str();
            let owner = data
                .owners
                .get(control)
                .map(|a| {
                    format!(
                        " Owner: {}{}.",
                        a.owner,
                        a.due.map(|d| format!(", due {d}")).unwrap_or_default()
                    )
                })
                .unwrap_or_else(|| " No owner assigned.".into());
            json!({
                "uuid": ids.id(&format!("poam-item:{}", r.key)),
                "title": r.value["title"],
                "description": format!("Fix {} (control {control}).{owner}", r.value["title"].as_str().unwrap_or("")),
                "related-risks": [{"risk-uuid": r.value["uuid"]}],
            })
        })
        .collect();
    let mut doc = json!({
        "uuid": ids.id("poam"),
        "metadata": {
            "title": format!("Plan of action and milestones: API security of {}", data.system()),
            "last-modified": ts(data.generated_at),
            "version": super::super::build::document_id(data),
            "oscal-version": OSCAL_VERSION,
        },
        "system-id": {"identifier-type": "https://ietf.org/rfc/rfc4122", "id": ids.id("system")},
        "poam-items": items,
    });
    doc["risks"] = risks.into_iter().map(|r| r.value).collect();
    Some(json!({"plan-of-action-and-milestones": doc}))
}
