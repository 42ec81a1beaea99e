//! The OSCAL assessment plan the results import: what is reviewed (the
//! profile's requirements), against which subjects (the declared targets as
//! inventory items), by which methods, and who takes part (the answerers as
//! parties). There is no OSCAL system security plan: the system is the one
//! `apiassure.toml` describes, named in a back-matter resource.

use serde_json::{json, Value};

use super::{parties, subjects, token, ts, Ids, OSCAL_VERSION};
use crate::report::ReportData;

pub const PLAN_FILE: &str = "oscal-assessment-plan.json";

pub fn plan(data: &ReportData, ids: &Ids) -> Value {
    let include: Vec<Value> = data
        .frameworks
        .iter()
        .filter_map(|id| data.catalog.framework(id))
        .flat_map(|f| {
            f.requirements
                .iter()
                .map(move |r| json!({"control-id": token(&format!("{}_{}", f.id, r.id))}))
        })
        .collect();
    let system = ids.id("system");
    let mut plan = json!({
        "uuid": ids.id("assessment-plan"),
        "metadata": {
            "title": format!("Assessment plan: API security of {} ({})", data.system(), data.organisation()),
            "last-modified": ts(data.generated_at),
            "version": super::super::build::document_id(data),
            "oscal-version": OSCAL_VERSION,
            "parties": parties(data, ids),
        },
        "import-ssp": {"href": format!("#{system}")},
        "reviewed-controls": {
            "description": format!("The requirements of {} as the apiassure profile selects them ({}).", data.frameworks.join(", "), super::catalog::PROFILE_FILE),
            "control-selections": [{"include-controls": include}],
        },
        "terms-and-conditions": {"parts": [{
            "name": "method",
            "title": "Method",
            "prose": format!(
                "Questions answered by the organisation (INTERVIEW, EXAMINE where evidence is linked or attached) and automated probes of the declared targets (TEST): TLS, certificates, headers, CORS, authentication and rate limits. Answers are due for review after {} days; check results expire after {} days.",
                data.config.assessment.answer_review_days, data.policy.evidence_max_age_days
            ),
        }]},
        "back-matter": {"resources": [
            {
                "uuid": system,
                "title": format!("System: {}", data.system()),
                "description": format!(
                    "The system under assessment as apiassure.toml declares it (no OSCAL SSP). Scope: {}",
                    crate::report::non_empty(&data.config.system.scope, "not stated")
                ),
            },
            {
                "uuid": ids.id("profile-resource"),
                "title": "apiassure profile",
                "rlinks": [{"href": super::catalog::PROFILE_FILE}],
            },
        ]},
    });
    let (items, selection) = subjects(data, ids);
    if !items.is_empty() {
        plan["local-definitions"] = json!({"inventory-items": items});
        plan["assessment-subjects"] = json!([{
            "type": "inventory-item",
            "description": "The declared targets apiassure probes.",
            "include-subjects": selection,
        }]);
    }
    json!({"assessment-plan": plan})
}
