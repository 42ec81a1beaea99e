//! The API inventory from traffic: per target whose access logs were read,
//! the logs (size and SHA-256, so the figures can be recomputed), the
//! endpoints with their kind and status classes, findings first, and the
//! documented operations nobody called.

use super::*;
use crate::model::evidence::traffic::{EndpointKind, TrafficObservation};

/// Endpoint rows shown per target; the JSON report and the run file have all.
const ROWS: usize = 60;

fn day(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "-".into())
}

pub(super) fn inventory(data: &ReportData) -> Option<Section> {
    if data.inventories.is_empty() {
        return None;
    }
    let mut s = Section::new(INVENTORY, true);
    s.paragraph(
        "Endpoints observed in the access logs each target's team supplied (apiassure traffic), \
         reconciled with the target's OpenAPI document: shadow endpoints (answered, not \
         documented), deprecated operations still called, API versions the document does not \
         describe, and documented operations nobody called (OWASP API9:2023). Paths are \
         templates: numbers, UUIDs, hex, dates, e-mail addresses and tokens are replaced by \
         placeholders. No client address, user agent, user or query-string value was stored. \
         Each log is listed with its SHA-256: running apiassure traffic on the same files and \
         document gives the same figures.",
    );
    for (url, inv) in &data.inventories {
        let label = data
            .evidence
            .targets
            .iter()
            .find(|t| &t.url == url)
            .map_or(url.as_str(), |t| t.label.as_str());
        s.heading(2, format!("Target: {label}"));
        target(&mut s, url, inv);
    }
    Some(s)
}

fn target(s: &mut Section, url: &str, inv: &TrafficObservation) {
    let count = |k: EndpointKind| inv.endpoints.iter().filter(|e| e.kind == k).count();
    s.key_values(vec![
        ("URL", url.to_string()),
        (
            "Requests",
            format!(
                "{} from {} to {}",
                inv.requests,
                day(inv.first_seen),
                day(inv.last_seen)
            ),
        ),
        (
            "OpenAPI document",
            match &inv.openapi {
                Some(d) => format!(
                    "{d} ({} operations; versions {})",
                    inv.documented_operations,
                    if inv.documented_versions.is_empty() {
                        "-".to_string()
                    } else {
                        inv.documented_versions.join(", ")
                    }
                ),
                None => "none: endpoints listed, not reconciled".to_string(),
            },
        ),
        (
            "Endpoints answering",
            format!(
                "{} ({} shadow, {} undocumented version, {} deprecated)",
                inv.endpoints.len(),
                count(EndpointKind::Shadow),
                count(EndpointKind::UndocumentedVersion),
                count(EndpointKind::Deprecated)
            ),
        ),
        (
            "Never served",
            format!(
                "{} requests to {} paths (404, 405, 410, 501)",
                inv.not_served_requests, inv.not_served_templates
            ),
        ),
    ]);
    let mut logs = Table::new(&[
        ("Log", 3.0),
        ("Format", 1.2),
        ("Records", 1.1),
        ("SHA-256", 6.0),
    ])
    .mono(3);
    for l in &inv.sources {
        logs.row(vec![
            format!("{} ({})", l.file, super::evidence::fmt_size(l.bytes)),
            format!("{}{}", l.format, if l.gzip { ", gzip" } else { "" }),
            format!("{} ({} skipped)", l.records, l.skipped),
            l.sha256.clone(),
        ]);
    }
    s.table(logs);
    let mut rows: Vec<_> = inv.endpoints.iter().collect();
    rows.sort_by_key(|e| e.kind.finding_rank());
    let mut t = Table::new(&[
        ("Kind", 1.6),
        ("Endpoint", 3.35),
        ("Requests", 1.25),
        ("2xx", 0.8),
        ("401/403", 0.9),
        ("429", 0.7),
        ("5xx", 0.7),
        ("Seen", 1.8),
    ])
    .mono(1);
    for e in rows.iter().take(ROWS) {
        t.row(vec![
            e.kind.as_str().to_string(),
            format!("{} {}", e.method, e.template),
            e.requests.to_string(),
            e.status.s2xx.to_string(),
            e.status.auth_failures().to_string(),
            e.status.s429.to_string(),
            e.status.s5xx.to_string(),
            format!("{} to {}", day(e.first_seen), day(e.last_seen)),
        ]);
    }
    s.table(t);
    if rows.len() > ROWS {
        s.paragraph(format!(
            "{} more endpoints are not shown here: the JSON report and the run file list every one.",
            rows.len() - ROWS
        ));
    }
    if !inv.unused.is_empty() {
        s.paragraph(format!(
            "Documented operations not called between {} and {} ({}):",
            day(inv.first_seen),
            day(inv.last_seen),
            inv.unused.len()
        ));
        s.bullets(inv.unused.iter().take(ROWS).cloned().collect());
    }
}
