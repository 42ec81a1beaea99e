//! Dashboard: one line per framework in scope (score gauge, coverage, band,
//! trend), the controls that cost the most score, conflicts between answers
//! and evidence, and how old the latest evidence is.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Sparkline, Wrap};
use ratatui::Frame;

use crate::scoring::Band;
use crate::tui::app::App;
use crate::tui::strings;
use crate::tui::view::{age, fit, fmt_score, pane, Theme};

pub struct DashboardLayout {
    pub frameworks: Rect,
    pub gaps: Rect,
    pub conflicts: Rect,
    pub evidence: Rect,
}

pub fn layout(app: &App, body: Rect) -> DashboardLayout {
    let fw_height = (app.assessment.scope.len() as u16 + 3)
        .min(body.height / 2)
        .max(4);
    let [frameworks, rest] =
        Layout::vertical([Constraint::Length(fw_height), Constraint::Min(3)]).areas(body);
    let [gaps, right] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(rest);
    let [evidence, conflicts] =
        Layout::vertical([Constraint::Length(6), Constraint::Min(3)]).areas(right);
    DashboardLayout {
        frameworks,
        gaps,
        conflicts,
        evidence,
    }
}

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, body: Rect) {
    let l = layout(app, body);
    draw_frameworks(app, theme, frame, l.frameworks);
    draw_gaps(app, theme, frame, l.gaps);
    draw_evidence(app, theme, frame, l.evidence);
    draw_conflicts(app, theme, frame, l.conflicts);
}

/// Frameworks table columns for an inner width: label, score, coverage,
/// status, conflicts, trend.
fn framework_columns(app: &App, width: u16) -> ([u16; 6], bool) {
    let narrow = width < 110;
    let label = app
        .assessment
        .scope
        .iter()
        .filter_map(|id| app.assessment.catalog.framework(id))
        .map(|f| {
            if narrow { f.label() } else { f.name.as_str() }
                .chars()
                .count()
        })
        .max()
        .unwrap_or(9)
        .clamp(9, 32) as u16;
    let trend = if narrow { 8 } else { 16 };
    let fixed = label + 10 + 9 + trend + 5;
    let rest = width.saturating_sub(fixed).max(20);
    let score = rest * 55 / 100;
    ([label, score, rest - score, 10, 9, trend], narrow)
}

fn draw_frameworks(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let block = pane(theme, "Frameworks in scope", false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 {
        return;
    }
    let (widths, narrow) = framework_columns(app, inner.width);
    let cols = |r: Rect| {
        Layout::horizontal(widths.map(Constraint::Length))
            .spacing(1)
            .split(r)
    };
    let header = cols(Rect { height: 1, ..inner });
    for (i, title) in [
        "Framework",
        "Score",
        "Answered",
        "Status",
        "Conflicts",
        "Trend",
    ]
    .iter()
    .enumerate()
    {
        frame.render_widget(
            Paragraph::new(Span::styled(*title, theme.heading())),
            header[i],
        );
    }
    for (row, fid) in app.assessment.scope.iter().enumerate() {
        let y = inner.y + 1 + row as u16;
        if y >= inner.bottom() {
            break;
        }
        let Some(f) = app.assessment.card.framework(fid) else {
            continue;
        };
        let name = match app.assessment.catalog.framework(fid) {
            Some(fw) if narrow => fw.label(),
            _ => f.name.as_str(),
        };
        let c = cols(Rect {
            y,
            height: 1,
            ..inner
        });
        frame.render_widget(Paragraph::new(fit(name, c[0].width as usize)), c[0]);
        let score_w = c[1].width.saturating_sub(6) as usize;
        // No score before the evidence is read: it would read better than it is.
        let pending = app.evidence_pending();
        let shown = if pending {
            "…".to_string()
        } else {
            fmt_score(f.score)
        };
        let mut spans = vec![Span::raw(format!("{shown:>5} "))];
        spans.extend(bar(
            theme,
            if pending {
                0.0
            } else {
                f.score.unwrap_or(0.0) / 100.0
            },
            score_w,
            theme.gauge(f.band),
        ));
        frame.render_widget(Paragraph::new(Line::from(spans)), c[1]);
        let mut spans = vec![Span::raw(format!("{:>4.0}% ", f.coverage))];
        let cov_w = c[2].width.saturating_sub(6) as usize;
        spans.extend(bar(theme, f.coverage / 100.0, cov_w, theme.info()));
        frame.render_widget(Paragraph::new(Line::from(spans)), c[2]);
        let band = if pending {
            Span::styled("reading…", theme.dim())
        } else {
            Span::styled(f.band.short_label(), theme.band(f.band))
        };
        frame.render_widget(Paragraph::new(band), c[3]);
        let conflicts = if f.conflicts > 0 {
            Span::styled(format!("{:>3} ✗", f.conflicts), theme.bad())
        } else {
            Span::styled("  0", theme.dim())
        };
        frame.render_widget(Paragraph::new(conflicts), c[4]);
        let trend: Vec<u64> = app
            .history
            .iter()
            .filter_map(|s| s.frameworks.iter().find(|p| &p.id == fid))
            .map(|p| p.score.unwrap_or(0.0).round() as u64)
            .collect();
        if trend.is_empty() {
            let text = if narrow { "none yet" } else { "no history" };
            frame.render_widget(Paragraph::new(Span::styled(text, theme.dim())), c[5]);
        } else {
            let start = trend.len().saturating_sub(c[5].width as usize);
            frame.render_widget(
                Sparkline::default()
                    .data(&trend[start..])
                    .max(100)
                    .style(theme.band(f.band)),
                c[5],
            );
        }
    }
}

/// One row of the worklist pane.
enum WorkRow {
    Heading(&'static str, &'static str, &'static str),
    Note(&'static str),
    Item(usize),
}

fn work_rows(app: &App) -> Vec<WorkRow> {
    let w = &app.worklist;
    let mut rows = vec![WorkRow::Heading(
        "Answer next (not assessed)",
        "Open",
        "Worth",
    )];
    if w.answer_next.is_empty() {
        rows.push(WorkRow::Note(strings::ALL_ASSESSED));
    }
    rows.extend((0..w.answer_next.len()).map(WorkRow::Item));
    rows.push(WorkRow::Heading(
        "Fix next (answered, weak)",
        "Score",
        "Gain",
    ));
    if w.fix_next.is_empty() {
        rows.push(WorkRow::Note(strings::NOTHING_TO_FIX));
    }
    rows.extend((0..w.fix_next.len()).map(|i| WorkRow::Item(w.answer_next.len() + i)));
    rows
}

/// First row shown, so that the selected item is in a viewport of `height`.
fn work_offset(rows: &[WorkRow], selected: usize, height: usize) -> usize {
    let row = rows
        .iter()
        .position(|r| matches!(r, WorkRow::Item(i) if *i == selected))
        .unwrap_or(0);
    // Keep the section heading above the first item of a section in view.
    let top = match row.checked_sub(1).map(|r| &rows[r]) {
        Some(WorkRow::Heading(..)) => row - 1,
        _ => row,
    };
    let height = height.max(1);
    if row + 1 > height {
        (row + 1 - height).min(top)
    } else {
        0
    }
}

/// The worklist item drawn `line` rows below the pane's top border.
pub fn item_at_line(app: &App, height: usize, line: usize) -> Option<usize> {
    let rows = work_rows(app);
    let offset = work_offset(&rows, app.dashboard.selected, height);
    match rows.get(offset + line) {
        Some(WorkRow::Item(i)) => Some(*i),
        _ => None,
    }
}

fn draw_gaps(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let block = pane(theme, "Worklist · Enter opens", true);
    if app.worklist.is_empty() {
        frame.render_widget(
            Paragraph::new(strings::NO_GAPS)
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    }
    let width = area.width.saturating_sub(2) as usize;
    let id_w = app
        .assessment
        .catalog
        .controls
        .iter()
        .map(|c| c.id.chars().count())
        .max()
        .unwrap_or(8)
        + 1;
    let title_w = width.saturating_sub(id_w + 6 + 7).max(8);
    let rows = work_rows(app);
    let selected_row = rows
        .iter()
        .position(|r| matches!(r, WorkRow::Item(i) if *i == app.dashboard.selected));
    let items: Vec<ListItem> = rows
        .iter()
        .map(|row| match row {
            WorkRow::Heading(title, a, b) => ListItem::new(Line::from(Span::styled(
                format!("{}{a:>6}{b:>7}", fit(title, width.saturating_sub(13))),
                theme.heading(),
            ))),
            WorkRow::Note(text) => {
                ListItem::new(Line::from(Span::styled(format!("  {text}"), theme.dim())))
            }
            WorkRow::Item(i) => {
                let Some(g) = app.worklist.get(*i) else {
                    return ListItem::new("");
                };
                let c = &app.assessment.catalog.controls[g.control];
                let (a, b) = if *i < app.worklist.answer_next.len() {
                    (
                        Span::styled(format!("{:>6}", g.open), theme.warn()),
                        Span::styled(format!("{:>7.1}", g.weight), theme.dim()),
                    )
                } else {
                    (
                        Span::styled(
                            format!("{:>6.1}", g.score),
                            theme.band(Band::of(Some(g.score))),
                        ),
                        Span::styled(format!("{:>7}", format!("+{:.1}", g.impact)), theme.dim()),
                    )
                };
                ListItem::new(Line::from(vec![
                    Span::styled(fit(&c.id, id_w), theme.title()),
                    Span::raw(fit(&c.title, title_w)),
                    a,
                    b,
                ]))
            }
        })
        .collect();
    let height = area.height.saturating_sub(2) as usize;
    let mut state = ListState::default()
        .with_selected(selected_row)
        .with_offset(work_offset(&rows, app.dashboard.selected, height));
    frame.render_stateful_widget(
        List::new(items)
            .block(block)
            .highlight_style(theme.selected(true)),
        area,
        &mut state,
    );
}

fn draw_evidence(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let total = app.assessment.catalog.questions().count();
    let answered = app
        .assessment
        .catalog
        .questions()
        .filter(|(_, q)| app.assessment.answers.get(&q.id).is_some())
        .count();
    let mut lines = vec![Line::from(vec![
        Span::styled("Answered: ", theme.heading()),
        Span::raw(format!("{answered} of {total} questions")),
    ])];
    match app.runs.last() {
        Some(run) => {
            lines.push(Line::from(vec![
                Span::styled("Last probe: ", theme.heading()),
                Span::raw(format!("{} ago", age(app.now, run.finished_at))),
            ]));
            let counts = run.targets.as_ref().map_or(String::new(), |rows| {
                format!(
                    " · {} targets · {} results",
                    rows.len(),
                    rows.iter().map(|t| t.checks).sum::<usize>()
                )
            });
            lines.push(Line::from(Span::styled(
                format!("run {}{counts}", run.run_id),
                theme.dim(),
            )));
        }
        None => lines.push(Line::from(Span::styled(strings::NO_EVIDENCE, theme.warn()))),
    }
    let e = &app.assessment.card.evidence;
    if e.expected > 0 {
        let style = if e.current == e.expected {
            theme.dim()
        } else {
            theme.warn()
        };
        lines.push(Line::from(vec![
            Span::styled("Evidence: ", theme.heading()),
            Span::styled(
                format!(
                    "{} of {} current · {} stale · {} not verified",
                    e.current, e.expected, e.stale, e.not_verified
                ),
                style,
            ),
        ]));
    }
    let card = &app.assessment.card;
    if !card.due_answers.is_empty() || !card.unjustified_na.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(
                "{} answers due for review · {} n/a without a reason",
                card.due_answers.len(),
                card.unjustified_na.len()
            ),
            theme.warn(),
        )));
    }
    let overdue = app.overdue_by_owner();
    if !overdue.is_empty() {
        let list: Vec<String> = overdue
            .iter()
            .map(|(who, n)| format!("{} {n}", crate::tui::view::safe(who)))
            .collect();
        lines.push(Line::from(vec![
            Span::styled("Overdue: ", theme.heading()),
            Span::styled(list.join(" · "), theme.warn()),
        ]));
    }
    if !app.assessment.card.orphan_answers.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(
                "{} answers to questions no longer in the catalog (kept)",
                app.assessment.card.orphan_answers.len()
            ),
            theme.dim(),
        )));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(pane(theme, "Status", false)),
        area,
    );
}

fn draw_conflicts(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let title = format!("Conflicts ({})", app.assessment.card.conflicts.len());
    let mut lines = Vec::new();
    if app.assessment.card.conflicts.is_empty() {
        lines.push(Line::from(Span::styled(strings::NO_CONFLICTS, theme.dim())));
    }
    for c in &app.assessment.card.conflicts {
        lines.push(Line::from(vec![
            Span::styled("✗ ", theme.bad()),
            Span::styled(c.control.clone(), theme.title()),
            Span::raw(format!(": {} answered yes", c.questions.join(", "))),
        ]));
        for e in &c.evidence {
            lines.push(Line::from(Span::styled(format!("  but {e}"), theme.dim())));
        }
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(pane(theme, title, false)),
        area,
    );
}

/// A horizontal bar of `width` cells, `ratio` of them filled. Block and shade
/// characters keep it readable without color and in text screenshots.
fn bar(theme: &Theme, ratio: f64, width: usize, filled: Style) -> [Span<'static>; 2] {
    let n = ((ratio.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    [
        Span::styled("█".repeat(n), filled),
        Span::styled("░".repeat(width - n), theme.dim()),
    ]
}
