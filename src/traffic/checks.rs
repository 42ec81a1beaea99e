//! The `inventory.*` verdicts on an inventory built from traffic. Pure
//! functions over [`TrafficObservation`]; the rules are in the check
//! registry and in docs/guide/traffic.md.

use chrono::NaiveDate;

use crate::checks::CheckId;
use crate::model::evidence::traffic::{Endpoint, EndpointKind, TrafficObservation};
use crate::model::{CheckOutcome, CheckResult};

/// Endpoints listed in a result's details at most.
const LIST: usize = 40;

const NO_DOCUMENT: &str =
    "No OpenAPI document to compare with (--openapi, or `openapi` on the target)";

/// Every traffic check, in registry order.
pub fn evaluate(inv: &TrafficObservation, today: NaiveDate) -> Vec<CheckResult> {
    if inv.requests == 0 {
        let why = format!(
            "No request was read from {} (records skipped: {}): no inventory.",
            inv.sources
                .iter()
                .map(|s| s.file.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            inv.sources.iter().map(|s| s.skipped).sum::<u64>()
        );
        return CheckId::traffic()
            .map(|id| CheckResult::new(id, CheckOutcome::Error, why.clone()))
            .collect();
    }
    vec![
        shadow(inv),
        zombie(inv, today),
        versions(inv),
        unused(inv),
        monitoring(inv),
    ]
}

fn day(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "-".to_string())
}

/// `GET /admin/users/{id}: 42 requests (2xx 40, 401/403 2), 2026-10-01 to 2026-10-31`.
pub fn describe(e: &Endpoint) -> String {
    let s = &e.status;
    let mut classes = Vec::new();
    for (label, n) in [
        ("2xx", s.s2xx),
        ("3xx", s.s3xx),
        ("401/403", s.auth_failures()),
        ("429", s.s429),
        ("other 4xx", s.s4xx + s.s404),
        ("5xx", s.s5xx),
    ] {
        if n > 0 {
            classes.push(format!("{label} {n}"));
        }
    }
    format!(
        "{} {}: {} request{} ({}), {} to {}",
        e.method,
        e.template,
        e.requests,
        if e.requests == 1 { "" } else { "s" },
        classes.join(", "),
        day(e.first_seen),
        day(e.last_seen)
    )
}

fn listed<'a>(items: impl Iterator<Item = &'a Endpoint>) -> Vec<String> {
    let all: Vec<&Endpoint> = items.collect();
    let mut out: Vec<String> = all.iter().take(LIST).map(|e| describe(e)).collect();
    if all.len() > LIST {
        out.push(format!("... and {} more", all.len() - LIST));
    }
    out
}

fn of_kind(inv: &TrafficObservation, kind: EndpointKind) -> impl Iterator<Item = &Endpoint> {
    inv.endpoints.iter().filter(move |e| e.kind == kind)
}

fn shadow(inv: &TrafficObservation) -> CheckResult {
    let id = CheckId::InventoryShadow;
    if inv.openapi.is_none() {
        let n = of_kind(inv, EndpointKind::Unreconciled).count();
        return CheckResult::new(
            id,
            CheckOutcome::Info,
            format!(
                "{NO_DOCUMENT}: {n} endpoint(s) observed in {} requests, not reconciled.",
                inv.requests
            ),
        )
        .with_details(listed(of_kind(inv, EndpointKind::Unreconciled)));
    }
    let found: Vec<&Endpoint> = of_kind(inv, EndpointKind::Shadow).collect();
    if found.is_empty() {
        let documented = inv
            .endpoints
            .iter()
            .filter(|e| matches!(e.kind, EndpointKind::Documented | EndpointKind::Deprecated))
            .count();
        return CheckResult::new(
            id,
            CheckOutcome::Pass,
            format!(
                "Every endpoint that answered in {} requests is in the document ({documented} documented endpoint(s) seen).",
                inv.requests
            ),
        );
    }
    let with_data = found.iter().filter(|e| e.status.s2xx > 0).count();
    let requests: u64 = found.iter().map(|e| e.requests).sum();
    let (result, summary) = if with_data > 0 {
        (
            CheckOutcome::Fail,
            format!(
                "{} undocumented endpoint(s) answered ({requests} requests), {with_data} of them with 2xx: shadow APIs serving data outside the inventory (OWASP API9:2023).",
                found.len()
            ),
        )
    } else {
        (
            CheckOutcome::Warn,
            format!(
                "{} undocumented endpoint(s) answered ({requests} requests), none with 2xx (refused or redirected): endpoints outside the inventory.",
                found.len()
            ),
        )
    };
    CheckResult::new(id, result, summary).with_details(listed(found.into_iter()))
}

fn zombie(inv: &TrafficObservation, today: NaiveDate) -> CheckResult {
    let id = CheckId::InventoryZombie;
    if inv.openapi.is_none() {
        return CheckResult::new(
            id,
            CheckOutcome::Info,
            format!("{NO_DOCUMENT}: deprecation unknown."),
        );
    }
    let used: Vec<&Endpoint> = of_kind(inv, EndpointKind::Deprecated)
        .filter(|e| e.served > 0)
        .collect();
    if used.is_empty() {
        let retired = of_kind(inv, EndpointKind::Deprecated).count();
        return CheckResult::new(
            id,
            CheckOutcome::Pass,
            if retired > 0 {
                format!(
                    "{retired} deprecated operation(s) were called but no longer answer (404/410)."
                )
            } else {
                "No deprecated operation was called.".to_string()
            },
        );
    }
    let past: Vec<&&Endpoint> = used
        .iter()
        .filter(|e| {
            e.sunset
                .as_deref()
                .and_then(|s| NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok())
                // Served after the sunset: the last request the log shows
                // (today when the log has no times).
                .is_some_and(|d| e.last_seen.map_or(today, |t| t.date_naive()) > d)
        })
        .collect();
    let requests: u64 = used.iter().map(|e| e.served).sum();
    let mut details = listed(used.iter().copied());
    for e in &past {
        details.push(format!(
            "{} {}: sunset {} has passed",
            e.method,
            e.template,
            e.sunset.as_deref().unwrap_or("")
        ));
    }
    if past.is_empty() {
        CheckResult::new(
            id,
            CheckOutcome::Warn,
            format!(
                "{} deprecated operation(s) still answered {requests} requests: zombie endpoints clients still depend on; plan their retirement (RFC 8594 Sunset).",
                used.len()
            ),
        )
        .with_details(details)
    } else {
        CheckResult::new(
            id,
            CheckOutcome::Fail,
            format!(
                "{} deprecated operation(s) still answer after their sunset date ({requests} requests in all): retire them or correct the document.",
                past.len()
            ),
        )
        .with_details(details)
    }
}

fn versions(inv: &TrafficObservation) -> CheckResult {
    let id = CheckId::InventoryVersions;
    let mut answering: Vec<String> = inv
        .endpoints
        .iter()
        .filter(|e| e.served > 0)
        .filter_map(|e| e.version.clone())
        .collect();
    answering.sort();
    answering.dedup();
    if inv.openapi.is_none() {
        return CheckResult::new(
            id,
            CheckOutcome::Info,
            format!(
                "{NO_DOCUMENT}; versions answering: {}.",
                if answering.is_empty() {
                    "none in the paths".to_string()
                } else {
                    answering.join(", ")
                }
            ),
        );
    }
    if inv.documented_versions.is_empty() {
        return CheckResult::new(
            id,
            CheckOutcome::Info,
            "The document's paths carry no version segment: versions in paths cannot be compared (undocumented ones count as shadow endpoints).",
        );
    }
    let old: Vec<&Endpoint> = of_kind(inv, EndpointKind::UndocumentedVersion).collect();
    if old.is_empty() {
        return CheckResult::new(
            id,
            CheckOutcome::Pass,
            format!(
                "Only the documented version(s) {} answered.",
                inv.documented_versions.join(", ")
            ),
        );
    }
    let mut undocumented: Vec<&str> = old.iter().filter_map(|e| e.version.as_deref()).collect();
    undocumented.sort();
    undocumented.dedup();
    let with_data = old.iter().any(|e| e.status.s2xx > 0);
    CheckResult::new(
        id,
        if with_data {
            CheckOutcome::Fail
        } else {
            CheckOutcome::Warn
        },
        format!(
            "Version(s) {} answer{} while the document describes {}: {} endpoint(s){} (OWASP API9:2023: old versions stay unpatched).",
            undocumented.join(", "),
            if undocumented.len() == 1 { "s" } else { "" },
            inv.documented_versions.join(", "),
            old.len(),
            if with_data { ", some with 2xx" } else { ", none with 2xx" }
        ),
    )
    .with_details(listed(old.into_iter()))
}

fn unused(inv: &TrafficObservation) -> CheckResult {
    let id = CheckId::InventoryUnused;
    if inv.openapi.is_none() {
        return CheckResult::new(id, CheckOutcome::Info, format!("{NO_DOCUMENT}."));
    }
    let documented = inv.documented_operations;
    let mut details: Vec<String> = inv.unused.iter().take(LIST).cloned().collect();
    if inv.unused.len() > LIST {
        details.push(format!("... and {} more", inv.unused.len() - LIST));
    }
    CheckResult::new(
        id,
        CheckOutcome::Info,
        if inv.unused.is_empty() {
            format!("Every documented operation was called between {} and {}.", day(inv.first_seen), day(inv.last_seen))
        } else {
            format!(
                "{} of {documented} documented operation(s) were not called between {} and {}: candidates for retirement, or a log that does not cover them.",
                inv.unused.len(),
                day(inv.first_seen),
                day(inv.last_seen)
            )
        },
    )
    .with_details(details)
}

fn pct(n: u64, of: u64) -> String {
    if of == 0 {
        return "0%".to_string();
    }
    format!("{:.1}%", n as f64 * 100.0 / of as f64)
}

fn monitoring(inv: &TrafficObservation) -> CheckResult {
    let id = CheckId::InventoryMonitoring;
    let s = &inv.status;
    let total = inv.requests;
    let auth = s.auth_failures();
    let mut details = vec![format!(
        "{total} requests from {} to {}: 2xx {}, 3xx {}, 401/403 {}, 429 {}, other 4xx {}, 5xx {}",
        day(inv.first_seen),
        day(inv.last_seen),
        pct(s.s2xx, total),
        pct(s.s3xx, total),
        pct(auth, total),
        pct(s.s429, total),
        pct(s.s4xx + s.s404, total),
        pct(s.s5xx, total)
    )];
    // The endpoints whose refusals, throttling or errors stand out.
    let mut notable: Vec<&Endpoint> = inv
        .endpoints
        .iter()
        .filter(|e| e.status.auth_failures() + e.status.s429 + e.status.s5xx > 0)
        .collect();
    notable.sort_by(|a, b| {
        let k = |e: &Endpoint| e.status.auth_failures() + e.status.s429 + e.status.s5xx;
        k(b).cmp(&k(a)).then_with(|| a.template.cmp(&b.template))
    });
    for e in notable.iter().take(20) {
        details.push(format!(
            "{} {}: 401/403 {}, 429 {}, 5xx {} of {}",
            e.method,
            e.template,
            pct(e.status.auth_failures(), e.requests),
            pct(e.status.s429, e.requests),
            pct(e.status.s5xx, e.requests),
            e.requests
        ));
    }
    let seen = |n: u64, what: &str| {
        if n > 0 {
            format!("{what} visible ({n})")
        } else {
            format!("no {what} in this traffic")
        }
    };
    let summary = format!(
        "Access logs record method, path and status of {total} requests: {}; {}.",
        seen(auth, "authentication failures (401/403)"),
        seen(s.s429, "rate limiting (429)")
    );
    let result = if auth > 0 && s.s429 > 0 {
        CheckOutcome::Pass
    } else {
        CheckOutcome::Info
    };
    CheckResult::new(id, result, summary).with_details(details)
}
