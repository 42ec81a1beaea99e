//! Assess: the questionnaire. Left, domains and controls with progress; right,
//! everything about the selected control an assessor needs to answer well:
//! objective, questions with answers and notes, guidance, what auditors expect,
//! the framework requirements and OWASP items it serves, and automated results.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;

use super::theme::{answer_badge, outcome_symbol};
use super::{fit, fmt_score, pane, Theme};
use crate::checks;
use crate::scoring::Band;
use crate::tui::app::{App, AssessFocus, TreeRow};

pub struct AssessLayout {
    pub tree: Rect,
    pub detail: Rect,
}

pub fn layout(body: Rect) -> AssessLayout {
    let [tree, detail] =
        Layout::horizontal([Constraint::Percentage(38), Constraint::Percentage(62)]).areas(body);
    AssessLayout { tree, detail }
}

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, body: Rect) {
    let l = layout(body);
    draw_tree(app, theme, frame, l.tree);
    draw_detail(app, theme, frame, l.detail);
}

fn answered(app: &App, ids: impl Iterator<Item = usize>) -> (usize, usize) {
    ids.flat_map(|c| app.assessment.catalog.controls[c].questions.iter())
        .fold((0, 0), |(a, t), q| {
            (
                a + usize::from(app.assessment.answers.get(&q.id).is_some()),
                t + 1,
            )
        })
}

fn draw_tree(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let rows = app.tree_rows();
    let visible = app.visible_controls();
    let width = area.width.saturating_sub(2) as usize;
    let items: Vec<ListItem> = rows
        .iter()
        .map(|row| match *row {
            TreeRow::Domain(d) => {
                let domain = &app.assessment.catalog.domains[d];
                let ids = visible
                    .iter()
                    .copied()
                    .filter(|&c| app.assessment.catalog.controls[c].domain == domain.id);
                let (a, t) = answered(app, ids);
                let progress = format!(" {a}/{t}");
                let mark = if a == t { "✓" } else { "▾" };
                ListItem::new(Line::from(vec![
                    Span::styled(
                        fit(
                            &format!("{mark} {}", domain.title),
                            width.saturating_sub(progress.len()),
                        ),
                        theme.heading(),
                    ),
                    Span::styled(progress, theme.heading()),
                ]))
            }
            TreeRow::Control(c) => {
                let control = &app.assessment.catalog.controls[c];
                let (a, t) = answered(app, std::iter::once(c));
                let score = app
                    .assessment
                    .card
                    .control(&control.id)
                    .and_then(|s| s.score);
                let conflict = app
                    .assessment
                    .card
                    .control(&control.id)
                    .is_some_and(|s| s.conflict.is_some());
                let progress = format!(" {a}/{t}");
                let score_txt = format!(" {:>5}", fmt_score(score));
                let mark = match (a == t, conflict) {
                    (_, true) => Span::styled("✗ ", theme.bad()),
                    (true, false) => Span::styled("✓ ", theme.good()),
                    (false, false) if a > 0 => Span::styled("◐ ", theme.warn()),
                    _ => Span::styled("○ ", theme.dim()),
                };
                let label_w = width.saturating_sub(2 + 2 + progress.len() + score_txt.len());
                ListItem::new(Line::from(vec![
                    Span::raw("  "),
                    mark,
                    Span::raw(fit(&format!("{} {}", control.id, control.title), label_w)),
                    Span::styled(progress, theme.dim()),
                    Span::styled(score_txt, theme.band(Band::of(score))),
                ]))
            }
        })
        .collect();
    let (a, t) = answered(app, visible.iter().copied());
    let mut title = format!("Controls {a}/{t} answered");
    if let Some(f) = &app.assess.filter {
        title.push_str(&format!(" · filter {f}"));
    }
    let focused = app.assess.focus == AssessFocus::Tree;
    let mut state = ListState::default()
        .with_selected(Some(app.assess.tree.selected))
        .with_offset(app.assess.tree.offset);
    frame.render_stateful_widget(
        List::new(items)
            .block(pane(theme, title, focused))
            .highlight_style(theme.selected(focused)),
        area,
        &mut state,
    );
}

/// The detail lines, and the line index of the selected question.
fn detail_lines<'a>(app: &'a App, theme: &Theme) -> (Vec<Line<'a>>, usize) {
    let Some(control) = app.assessment.catalog.controls.get(app.assess.control) else {
        return (vec![Line::from("No controls in view.")], 0);
    };
    let score = app.assessment.card.control(&control.id);
    let mut lines: Vec<Line> = Vec::new();
    let heading = |s: &str| Line::from(Span::styled(s.to_string(), theme.heading()));
    lines.push(Line::from(vec![
        Span::styled("Objective ", theme.heading()),
        Span::raw(control.objective.as_str()),
    ]));
    lines.push(Line::default());
    let (a, t) = answered(app, std::iter::once(app.assess.control));
    lines.push(heading(&format!("Questions ({a}/{t} answered)")));
    let mut selected_line = 0;
    let focused = app.assess.focus == AssessFocus::Questions;
    for (qi, q) in control.questions.iter().enumerate() {
        let answer = app.assessment.answers.get(&q.id);
        let value = answer.map(|a| a.answer);
        let is_sel = qi == app.assess.question;
        if is_sel {
            selected_line = lines.len();
        }
        let marker = if is_sel { "▶ " } else { "  " };
        let text_style = if is_sel {
            theme.selected(focused)
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(marker, theme.title()),
            Span::styled(answer_badge(value), theme.answer(value)),
            Span::raw(" "),
            Span::styled(format!("{} {}", q.id, q.text), text_style),
        ]));
        if let Some(ans) = answer {
            for (i, note) in ans.note.lines().enumerate() {
                let label = if i == 0 { "note: " } else { "      " };
                lines.push(Line::from(vec![
                    Span::raw("            "),
                    Span::styled(label, theme.dim()),
                    Span::raw(note),
                ]));
            }
            for link in &ans.evidence {
                lines.push(Line::from(vec![
                    Span::raw("            "),
                    Span::styled("link: ", theme.dim()),
                    Span::styled(link.as_str(), theme.info()),
                ]));
            }
        }
        if is_sel && !q.help.is_empty() {
            lines.push(Line::from(vec![
                Span::raw("            "),
                Span::styled(format!("help: {}", q.help), theme.dim()),
            ]));
        }
    }
    lines.push(Line::default());
    if let Some(s) = score {
        lines.push(Line::from(vec![
            Span::styled("Score ", theme.heading()),
            Span::styled(fmt_score(s.score), theme.band(Band::of(s.score))),
            Span::styled(format!(" · {}", s.explanation), theme.dim()),
        ]));
        lines.push(Line::default());
    }
    lines.push(heading("Guidance"));
    for para in control.guidance.split("\n\n") {
        lines.push(Line::from(para.trim().replace('\n', " ")));
    }
    lines.push(Line::default());
    lines.push(heading("What auditors expect"));
    for e in &control.evidence {
        lines.push(Line::from(format!("• {e}")));
    }
    lines.push(Line::default());
    lines.push(heading("Frameworks"));
    let reqs = app.assessment.catalog.requirements_for_control(&control.id);
    let mut any = false;
    for fid in &app.assessment.scope {
        let ids: Vec<&str> = reqs
            .iter()
            .filter(|(f, _)| &f.id == fid)
            .map(|(_, r)| r.id.as_str())
            .collect();
        if ids.is_empty() {
            continue;
        }
        any = true;
        let name = app
            .assessment
            .catalog
            .framework(fid)
            .map_or(fid.as_str(), |f| f.name.as_str());
        lines.push(Line::from(vec![
            Span::styled(format!("{name}: "), theme.title()),
            Span::raw(ids.join(", ")),
        ]));
    }
    if !any {
        lines.push(Line::from(Span::styled(
            "no framework in scope maps this control",
            theme.dim(),
        )));
    }
    if !control.owasp.is_empty() {
        let items: Vec<String> = control
            .owasp
            .iter()
            .map(|id| {
                checks::OWASP_API_2023
                    .iter()
                    .find(|(k, _)| k == id)
                    .map_or(id.clone(), |(k, title)| format!("{k} {title}"))
            })
            .collect();
        lines.push(Line::from(vec![
            Span::styled("OWASP API Top 10: ", theme.title()),
            Span::raw(items.join("; ")),
        ]));
    }
    if !control.checks.is_empty() {
        lines.push(Line::default());
        lines.push(heading("Automated checks (latest evidence)"));
        for check in &control.checks {
            let results: Vec<_> = score
                .map(|s| s.checks.iter().filter(|c| &c.check == check).collect())
                .unwrap_or_default();
            if results.is_empty() {
                lines.push(Line::from(vec![
                    Span::styled("· ", theme.dim()),
                    Span::raw(check.as_str()),
                    Span::styled(": no evidence yet", theme.dim()),
                ]));
            }
            for r in results {
                lines.push(Line::from(vec![
                    Span::styled(
                        format!("{} {:<5} ", outcome_symbol(r.result), r.result),
                        theme.outcome(r.result),
                    ),
                    Span::raw(format!("{} on {}: {}", r.check, r.target, r.summary)),
                ]));
            }
        }
    }
    (lines, selected_line)
}

fn draw_detail(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = app.assess.focus == AssessFocus::Questions;
    let title = app
        .assessment
        .catalog
        .controls
        .get(app.assess.control)
        .map_or(String::new(), |c| {
            let domain = app
                .assessment
                .catalog
                .domain(&c.domain)
                .map_or("", |d| d.title.as_str());
            format!("{} {} · {}", c.id, c.title, domain)
        });
    let (lines, selected) = detail_lines(app, theme);
    let inner_w = area.width.saturating_sub(2).max(1) as usize;
    let height = area.height.saturating_sub(2) as usize;
    // Rows the lines above the selected question take once wrapped (an
    // estimate: word wrapping may add a row), so the question stays in view.
    let rows_before: usize = lines[..selected]
        .iter()
        .map(|l| l.width().div_ceil(inner_w).max(1))
        .sum();
    let auto = (rows_before + 4).saturating_sub(height) as u16;
    let scroll = app.assess.detail_scroll.max(auto);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(pane(theme, title, focused)),
        area,
    );
}
