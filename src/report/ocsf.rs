//! `report --format ocsf`: OCSF Compliance Findings (class 2003, schema
//! 1.1) as JSON lines, for GRC platforms and security data lakes that import
//! OCSF: one per framework requirement result (timed at the report), then
//! one per current check result on each declared target, timed when it was
//! observed. The organisation is named in labels and `unmapped`, never as a
//! user: it owns no account.

use serde_json::json;

use super::ReportData;
use crate::scoring::Band;

pub fn render(data: &ReportData) -> String {
    let time = data.generated_at.timestamp_millis();
    let document_id = super::build::document_id(data);
    let journal_labels: Vec<String> = data
        .journal_heads
        .iter()
        .map(|h| format!("apiassure-journal-head:{h}"))
        .chain(data.period.as_ref().map(|p| {
            format!(
                "apiassure-audit-period:{}..{}",
                p.period.start, p.period.end
            )
        }))
        .collect();
    let mut out = String::new();
    for fid in &data.frameworks {
        let Some(f) = data.card.framework(fid) else {
            continue;
        };
        for r in &f.requirements {
            // OCSF compliance status: 1 Pass, 2 Warning, 3 Fail, 99 Other (not scored).
            let (status, status_id, severity_id, severity) = match (r.score, r.band) {
                (None, _) => ("Other", 99, 1, "Informational"),
                (Some(_), Band::Ready) => ("Pass", 1, 1, "Informational"),
                (Some(_), Band::MinorGaps) => ("Warning", 2, 2, "Low"),
                (Some(_), Band::MajorGaps) => ("Warning", 2, 3, "Medium"),
                (Some(_), _) => ("Fail", 3, 4, "High"),
            };
            let uid = crate::workspace::evidence::sha256_hex(
                format!(
                    "{}\n{}\n{}\n{}",
                    data.config.organisation.name, data.config.system.name, f.id, r.id
                )
                .as_bytes(),
            );
            let mut event = envelope(
                data,
                time,
                (severity_id, severity),
                format!("{} {} {}: {}", f.name, r.id, r.title, r.explanation),
                "apiassure assessment",
                &document_id,
                &journal_labels,
            );
            let rest = json!({
                "finding_info": {
                    "uid": &uid[..32],
                    "title": format!("{} {}: {}", f.id, r.id, r.title),
                    "desc": r.explanation,
                    "created_time": time,
                    "types": ["Compliance"],
                },
                "compliance": {
                    "standards": [f.name],
                    "requirements": [r.id],
                    "control": r.id,
                    "status": status,
                    "status_id": status_id,
                    "status_detail": match r.score {
                        Some(s) => format!("score {s:.1} ({}); mapped controls {}", r.band.label(), r.controls.join(", ")),
                        None => format!("not scored: every mapped control is n/a ({})", r.controls.join(", ")),
                    },
                },
                "resources": [{
                    "name": data.config.system.name,
                    "type": "API",
                    "labels": [format!("organisation:{}", data.config.organisation.name)],
                }],
                "unmapped": {
                    "apiassure_score": r.score,
                    "apiassure_band": r.band.label(),
                    "provenance": r.provenance,
                    "organisation": data.config.organisation.name,
                },
            });
            merge(&mut event, rest);
            out.push_str(&event.to_string());
            out.push('\n');
        }
    }
    checks(data, &document_id, &journal_labels, &mut out);
    out
}

/// One finding per current check result on each declared target, at the
/// time it was observed.
fn checks(data: &ReportData, document_id: &str, labels: &[String], out: &mut String) {
    use crate::model::CheckOutcome;
    for t in &data.evidence.targets {
        for (cid, e) in &t.checks {
            let Some(cur) = &e.current else { continue };
            let at = cur.at.timestamp_millis();
            let (status, status_id) = match cur.result {
                CheckOutcome::Pass => ("Pass", 1),
                CheckOutcome::Warn => ("Warning", 2),
                CheckOutcome::Fail => ("Fail", 3),
                _ => ("Other", 99),
            };
            let (severity_id, severity) = match cur.result {
                CheckOutcome::Fail if cid.is_critical() => (5, "Critical"),
                CheckOutcome::Fail => (3, "Medium"),
                CheckOutcome::Warn => (2, "Low"),
                _ => (1, "Informational"),
            };
            let controls: Vec<&str> = data
                .catalog
                .controls
                .iter()
                .filter(|c| c.checks.iter().any(|k| k == cid.as_str()))
                .map(|c| c.id.as_str())
                .collect();
            let uid = crate::workspace::evidence::sha256_hex(
                format!("{}\n{}\n{}", t.url, cid.as_str(), cur.run_id).as_bytes(),
            );
            let mut event = envelope(
                data,
                at,
                (severity_id, severity),
                format!(
                    "{} on {}: {} ({})",
                    cid.as_str(),
                    t.label,
                    cur.result,
                    cur.summary
                ),
                "apiassure probe",
                document_id,
                labels,
            );
            let rest = json!({
                "finding_info": {
                    "uid": &uid[..32],
                    "title": format!("{} on {}", cid.as_str(), t.label),
                    "desc": &*cur.summary,
                    "created_time": at,
                    "first_seen_time": at,
                    "last_seen_time": at,
                    "types": ["Compliance", "apiassure automated check"],
                },
                "compliance": {
                    "standards": ["apiassure automated checks"],
                    "control": controls.join(", "),
                    "requirements": [cid.as_str()],
                    "status": status,
                    "status_id": status_id,
                    "checks": [{
                        "uid": cid.as_str(),
                        "name": cid.def().title,
                        "desc": cid.def().rule,
                        "status": status,
                        "status_id": status_id,
                    }],
                },
                "resources": [{
                    "name": t.label,
                    "type": "API endpoint",
                    "uid": t.url,
                    "labels": [format!("organisation:{}", data.config.organisation.name)],
                }],
                "unmapped": {
                    "run_id": &*cur.run_id,
                    "stale": data.policy_is_stale(cur.at),
                    "organisation": data.config.organisation.name,
                },
            });
            merge(&mut event, rest);
            out.push_str(&event.to_string());
            out.push('\n');
        }
    }
}

/// The fields every Compliance Finding event shares.
fn envelope(
    data: &ReportData,
    time: i64,
    (severity_id, severity): (u8, &str),
    message: String,
    log_name: &str,
    document_id: &str,
    labels: &[String],
) -> serde_json::Value {
    json!({
        "class_uid": 2003,
        "class_name": "Compliance Finding",
        "category_uid": 2,
        "category_name": "Findings",
        "activity_id": 1,
        "activity_name": "Create",
        "type_uid": 200301,
        "type_name": "Compliance Finding: Create",
        "time": time,
        "severity_id": severity_id,
        "severity": severity,
        "status_id": 1,
        "status": "New",
        "message": message,
        "metadata": {
            "version": "1.1.0",
            "product": {"name": "apiassure", "vendor_name": "apiassure", "version": data.tool_version},
            "log_name": log_name,
            "correlation_uid": document_id,
            "labels": labels,
        },
    })
}

/// Add `rest`'s fields to `event`.
fn merge(event: &mut serde_json::Value, rest: serde_json::Value) {
    if let (Some(e), serde_json::Value::Object(r)) = (event.as_object_mut(), rest) {
        e.extend(r);
    }
}
