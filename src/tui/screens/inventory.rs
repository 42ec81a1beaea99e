//! The API inventory from traffic, as the Evidence screen shows it for a
//! target whose access logs were read (`apiassure traffic --target`): the
//! logs, then every endpoint with its kind and status classes, findings
//! (shadow, old version, deprecated) first.

use ratatui::text::{Line, Span};

use crate::model::evidence::traffic::{EndpointKind, TrafficObservation};
use crate::tui::view::theme::Theme;

/// Endpoints listed at most (the JSON and the reports have them all).
const SHOWN: usize = 200;

/// The section for a pane `width` columns wide: a table when it fits,
/// one compact line per endpoint when it does not.
pub fn lines<'a>(theme: &Theme, inv: &'a TrafficObservation, width: u16) -> Vec<Line<'a>> {
    let wide = width >= 90;
    let safe = crate::sanitize::line;
    let mut out = vec![
        Line::default(),
        Line::from(Span::styled("API inventory from traffic", theme.heading())),
    ];
    for s in &inv.sources {
        out.push(Line::from(Span::styled(
            safe(&format!(
                "  {} ({}{}, {} records, {} skipped, SHA-256 {})",
                s.file,
                s.format,
                if s.gzip { ", gzip" } else { "" },
                s.records,
                s.skipped,
                s.sha256.get(..12).unwrap_or(&s.sha256)
            ))
            .into_owned(),
            theme.dim(),
        )));
    }
    let period = match (inv.first_seen, inv.last_seen) {
        (Some(a), Some(b)) => format!(
            " from {} to {}",
            a.format("%Y-%m-%d %H:%M"),
            b.format("%Y-%m-%d %H:%M")
        ),
        _ => String::new(),
    };
    out.push(Line::from(format!(
        "  {} requests{period}; {} endpoints answered; {} requests to {} paths never served",
        inv.requests,
        inv.endpoints.len(),
        inv.not_served_requests,
        inv.not_served_templates
    )));
    out.push(Line::from(Span::styled(
        format!(
            "  {} · document versions: {}",
            inv.openapi
                .as_deref()
                .map(|d| format!("reconciled with {}", safe(d)))
                .unwrap_or_else(|| "no OpenAPI document: not reconciled".to_string()),
            if inv.documented_versions.is_empty() {
                "-".to_string()
            } else {
                inv.documented_versions.join(", ")
            }
        ),
        theme.dim(),
    )));
    if wide {
        out.push(Line::from(Span::styled(
            format!(
                "  {:<21} {:>8} {:>7} {:>7} {:>5} {:>5}  ENDPOINT",
                "KIND", "REQUESTS", "2XX", "401/403", "429", "5XX"
            ),
            theme.title(),
        )));
    }
    let mut rows: Vec<_> = inv.endpoints.iter().collect();
    rows.sort_by_key(|e| e.kind.finding_rank());
    for e in rows.iter().take(SHOWN) {
        let style = match e.kind {
            EndpointKind::Shadow | EndpointKind::UndocumentedVersion => {
                theme.outcome(crate::model::CheckOutcome::Fail)
            }
            EndpointKind::Deprecated => theme.outcome(crate::model::CheckOutcome::Warn),
            _ => ratatui::style::Style::default(),
        };
        let endpoint = safe(&format!("{} {}", e.method, e.template)).into_owned();
        if wide {
            out.push(Line::from(vec![
                Span::styled(format!("  {:<21}", e.kind.as_str()), style),
                Span::raw(format!(
                    " {:>8} {:>7} {:>7} {:>5} {:>5}  ",
                    e.requests,
                    e.status.s2xx,
                    e.status.auth_failures(),
                    e.status.s429,
                    e.status.s5xx
                )),
                Span::raw(endpoint),
            ]));
        } else {
            out.push(Line::from(vec![
                Span::styled(format!("  {} ", e.kind.as_str()), style),
                Span::raw(endpoint),
                Span::styled(
                    format!(
                        " {} req, 2xx {}, 401/403 {}",
                        e.requests,
                        e.status.s2xx,
                        e.status.auth_failures()
                    ),
                    theme.dim(),
                ),
            ]));
        }
    }
    if rows.len() > SHOWN {
        out.push(Line::from(Span::styled(
            format!("  ... and {} more endpoints", rows.len() - SHOWN),
            theme.dim(),
        )));
    }
    if !inv.unused.is_empty() {
        out.push(Line::from(Span::styled(
            format!("  Documented, never called ({}):", inv.unused.len()),
            theme.title(),
        )));
        for u in inv.unused.iter().take(SHOWN) {
            out.push(Line::from(Span::styled(
                safe(&format!("    {u}")).into_owned(),
                theme.dim(),
            )));
        }
    }
    out
}
