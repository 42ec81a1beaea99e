//! History: each framework's score over the recorded snapshots, and what
//! changed between the last two, so progress (or regressions after a probe)
//! is visible at a glance.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::Span;
use ratatui::widgets::{Axis, Cell, Chart, Dataset, GraphType, Paragraph, Row, Table, Wrap};
use ratatui::Frame;

use crate::tui::app::App;
use crate::tui::strings;
use ratatui::text::Line;

use crate::period::PeriodReport;
use crate::tui::view::{fit, fmt_score, pane, safe, Theme};
use crate::workspace::WorkspaceError;

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, body: Rect) {
    // The audit period's exceptions on a timeline, below the scores.
    let body = match &app.period_view {
        Some(p) if body.height >= 20 => {
            let rows = (p.exceptions.len().max(1) as u16 + 3).min(body.height / 3);
            let [top, timeline] =
                Layout::vertical([Constraint::Min(10), Constraint::Length(rows)]).areas(body);
            draw_timeline(p, theme, frame, timeline);
            top
        }
        _ => body,
    };
    if app.history.is_empty() {
        frame.render_widget(
            Paragraph::new(strings::NO_HISTORY)
                .wrap(Wrap { trim: true })
                .block(pane(theme, "History", false)),
            body,
        );
        return;
    }
    let [chart_area, delta_area] = Layout::vertical([
        Constraint::Min(6),
        // Every framework, the answered and conflicts rows, header, borders.
        Constraint::Length((app.assessment.scope.len() as u16 + 5).min(body.height / 2)),
    ])
    .areas(body);
    let n = app.history.len();
    let series: Vec<(String, Vec<(f64, f64)>)> = app
        .assessment
        .scope
        .iter()
        .map(|fid| {
            let name = app
                .assessment
                .catalog
                .framework(fid)
                .map_or(fid.clone(), |f| {
                    if body.width < 110 {
                        f.label().to_string()
                    } else {
                        f.name.clone()
                    }
                });
            let points = app
                .history
                .iter()
                .enumerate()
                .filter_map(|(i, s)| {
                    s.frameworks
                        .iter()
                        .find(|p| &p.id == fid)
                        .and_then(|p| p.score)
                        .map(|v| (i as f64, v))
                })
                .collect();
            (name, points)
        })
        .collect();
    let markers = [
        Marker::Braille,
        Marker::Dot,
        Marker::Block,
        Marker::HalfBlock,
        Marker::Bar,
    ];
    let datasets: Vec<Dataset> = series
        .iter()
        .enumerate()
        .map(|(i, (name, points))| {
            Dataset::default()
                .name(name.clone())
                .marker(if theme.color {
                    Marker::Braille
                } else {
                    markers[i % markers.len()]
                })
                .graph_type(GraphType::Line)
                .style(theme.series(i))
                .data(points)
        })
        .collect();
    let first = app.history[0].at.format("%Y-%m-%d").to_string();
    let last = app.history[n - 1].at.format("%Y-%m-%d").to_string();
    let x_max = (n.max(2) - 1) as f64;
    let chart = Chart::new(datasets)
        .block(pane(theme, format!("Scores over {n} snapshots"), false))
        .x_axis(
            Axis::default()
                .title("snapshot")
                .bounds([0.0, x_max])
                .labels([Span::raw(first), Span::raw(last)])
                .style(theme.dim()),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, 100.0])
                .labels(["0", "50", "100"])
                .style(theme.dim()),
        )
        .hidden_legend_constraints((Constraint::Percentage(45), Constraint::Percentage(60)));
    frame.render_widget(chart, chart_area);

    if n < 2 {
        frame.render_widget(
            Paragraph::new(strings::ONE_SNAPSHOT).block(pane(theme, "Changes", false)),
            delta_area,
        );
        return;
    }
    let (before, after) = (&app.history[n - 2], &app.history[n - 1]);
    let rows: Vec<Row> = app
        .assessment
        .scope
        .iter()
        .map(|fid| {
            let name = app
                .assessment
                .catalog
                .framework(fid)
                .map_or(fid.clone(), |f| {
                    if body.width < 110 {
                        f.label().to_string()
                    } else {
                        f.name.clone()
                    }
                });
            let b = before.frameworks.iter().find(|p| &p.id == fid);
            let a = after.frameworks.iter().find(|p| &p.id == fid);
            let (bs, as_) = (b.and_then(|p| p.score), a.and_then(|p| p.score));
            let delta = match (bs, as_) {
                (Some(x), Some(y)) => {
                    let d = y - x;
                    let style = if d > 0.05 {
                        theme.good()
                    } else if d < -0.05 {
                        theme.bad()
                    } else {
                        theme.dim()
                    };
                    let arrow = if d > 0.05 {
                        "▲"
                    } else if d < -0.05 {
                        "▼"
                    } else {
                        "="
                    };
                    Span::styled(format!("{arrow} {d:+.1}"), style)
                }
                _ => Span::styled("n/a", theme.dim()),
            };
            let cov = match (b, a) {
                (Some(x), Some(y)) => format!("{:+.1}%", y.coverage - x.coverage),
                _ => "n/a".into(),
            };
            Row::new(vec![
                Cell::from(name),
                Cell::from(format!("{:>6}", fmt_score(bs))),
                Cell::from(format!("{:>6}", fmt_score(as_))),
                Cell::from(delta),
                Cell::from(cov),
            ])
        })
        .collect();
    let mut rows = rows;
    for (what, b, a) in [
        ("Questions answered", before.answered, after.answered),
        ("Conflicts", before.conflicts, after.conflicts),
    ] {
        let d = a as i64 - b as i64;
        rows.push(
            Row::new(vec![
                Cell::from(what),
                Cell::from(format!("{b:>6}")),
                Cell::from(format!("{a:>6}")),
                Cell::from(format!("  {d:+}")),
                Cell::from(""),
            ])
            .style(theme.dim()),
        );
    }
    let title = format!(
        "Changes {} ({}) → {} ({})",
        before.at.format("%Y-%m-%d %H:%M"),
        before.trigger,
        after.at.format("%Y-%m-%d %H:%M"),
        after.trigger,
    );
    let table = Table::new(
        rows,
        [
            Constraint::Length(if body.width < 110 { 20 } else { 30 }),
            Constraint::Length(8),
            Constraint::Length(8),
            Constraint::Length(10),
            Constraint::Length(10),
        ],
    )
    .header(
        Row::new(vec!["Framework", "Before", "After", "Change", "Coverage"]).style(theme.heading()),
    )
    .block(pane(theme, title, false));
    frame.render_widget(table, delta_area);
}

/// Each exception of the period as a bar across the period's width: where
/// it started, how long it lasted, `▶` when still open at the end.
fn draw_timeline(p: &PeriodReport, theme: &Theme, frame: &mut Frame, area: Rect) {
    let inner_w = area.width.saturating_sub(2) as usize;
    let label_w = (inner_w / 3).clamp(16, 44);
    let bar_w = inner_w.saturating_sub(label_w + 1).max(4);
    let from = p.period.from();
    let span = (p.period.until() - from).num_seconds().max(1) as f64;
    let col = |t: chrono::DateTime<chrono::Utc>| {
        ((((t - from).num_seconds() as f64 / span) * bar_w as f64) as usize).min(bar_w - 1)
    };
    let mut lines: Vec<Line> = Vec::new();
    if p.exceptions.is_empty() {
        lines.push(Line::from(Span::styled(
            "No exceptions: nothing failed, warned or was missed in the period.",
            theme.good(),
        )));
    }
    for e in &p.exceptions {
        let what = match (&e.check, &e.target) {
            (Some(k), Some(t)) => format!("{} {k} {t}", e.id),
            _ => format!("{} {}", e.id, e.controls.join(",")),
        };
        let start = col(e.start);
        let end = match e.end {
            Some(t) if !e.open => col(t).max(start),
            _ => bar_w - 1,
        };
        let mut bar = String::with_capacity(bar_w * 3);
        for i in 0..bar_w {
            bar.push(if i < start || i > end {
                '·'
            } else if e.open && i == end {
                '▶'
            } else {
                '█'
            });
        }
        let style = match e.result.as_str() {
            "fail" | "missed" => theme.bad(),
            _ => theme.warn(),
        };
        lines.push(Line::from(vec![
            Span::raw(format!("{} ", fit(&safe(&what), label_w))),
            Span::styled(bar, style),
        ]));
    }
    let title = format!(
        "Exceptions, {} ({} · {} gaps)",
        p.period,
        p.exceptions.len(),
        p.gaps.len()
    );
    frame.render_widget(Paragraph::new(lines).block(pane(theme, title, false)), area);
}

// ----- State and update ------------------------------------------------------

impl App {
    pub(crate) fn reload_history(&mut self) -> Result<(), WorkspaceError> {
        self.history = self.ws.history().load()?;
        Ok(())
    }

    /// Analyse the audit period for the History screen's timeline: the
    /// declared `[audit] period`, else the 90 days up to today.
    pub(crate) fn reload_period(&mut self) {
        let declared = self
            .assessment
            .config
            .audit
            .period
            .as_deref()
            .and_then(|s| crate::period::Period::parse(s).ok());
        let today = self.now.date_naive();
        let p = declared.unwrap_or(crate::period::Period {
            start: today - chrono::Duration::days(89),
            end: today,
        });
        match crate::period::analyse(
            &self.ws,
            &self.assessment.catalog,
            &self.assessment.config,
            p,
            self.now,
        ) {
            Ok(r) => self.period_view = Some(r),
            Err(e) => self.set_status(crate::tui::app::Level::Error, e.to_string()),
        }
    }
}
