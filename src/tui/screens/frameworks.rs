//! Frameworks: each requirement of a framework with its score, band and
//! mapped controls; Enter drills down into why it scores what it does (the
//! scoring explanation tree down to answers and check results).

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, List, ListItem, ListState, Paragraph, Row, Table, TableState, Wrap};
use ratatui::Frame;

use crate::scoring::Band;
use crate::tui::app::App;
use crate::tui::view::theme::{answer_badge, outcome_symbol};
use crate::tui::view::{fit, fmt_score, pane, safe, Theme};
use crate::tui::widgets::ListCursor;

pub struct FrameworksLayout {
    pub list: Rect,
    pub requirements: Rect,
}

/// Below this width framework lists use the short labels.
const NARROW: u16 = 110;

pub fn layout(body: Rect) -> FrameworksLayout {
    let list_w = if body.width < NARROW { 20 } else { 38 };
    let [list, requirements] =
        Layout::horizontal([Constraint::Length(list_w), Constraint::Min(20)]).areas(body);
    FrameworksLayout { list, requirements }
}

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, body: Rect) {
    let l = layout(body);
    let focus = app.frameworks.focus;
    let narrow = body.width < NARROW;
    let name_w = l.list.width.saturating_sub(2 + 6) as usize;
    let items: Vec<ListItem> = app
        .assessment
        .scope
        .iter()
        .map(|id| {
            let f = app.assessment.card.framework(id);
            let name = match app.assessment.catalog.framework(id) {
                Some(fw) if narrow => fw.label(),
                Some(fw) => fw.name.as_str(),
                None => id.as_str(),
            };
            let score = f.and_then(|f| f.score);
            ListItem::new(Line::from(vec![
                Span::raw(fit(name, name_w)),
                Span::styled(
                    format!("{:>6}", fmt_score(score)),
                    theme.band(Band::of(score)),
                ),
            ]))
        })
        .collect();
    let mut state = ListState::default()
        .with_selected(Some(app.frameworks.list.selected))
        .with_offset(app.frameworks.list.offset);
    let list_focus = focus == FrameworksFocus::List && app.frameworks.drill.is_none();
    frame.render_stateful_widget(
        List::new(items)
            .block(pane(theme, "Frameworks", list_focus))
            .highlight_style(theme.selected(list_focus)),
        l.list,
        &mut state,
    );
    match &app.frameworks.drill {
        Some(d) => draw_drill(app, theme, frame, l.requirements, d),
        None => draw_requirements(
            app,
            theme,
            frame,
            l.requirements,
            focus == FrameworksFocus::Requirements,
        ),
    }
}

fn draw_requirements(app: &App, theme: &Theme, frame: &mut Frame, area: Rect, focused: bool) {
    let Some(fw) = app.selected_framework() else {
        frame.render_widget(
            Paragraph::new("No framework in scope.").block(pane(theme, "Requirements", focused)),
            area,
        );
        return;
    };
    let score = app.assessment.card.framework(&fw.id);
    let wide = area.width >= 100;
    let rows: Vec<Row> = fw
        .requirements
        .iter()
        .map(|r| {
            let rs = score.and_then(|s| s.requirements.iter().find(|x| x.id == r.id));
            let value = rs.and_then(|x| x.score);
            let band = Band::of(value);
            Row::new(vec![
                Cell::from(r.id.clone()),
                Cell::from(r.title.clone()),
                Cell::from(Span::styled(
                    format!("{:>6}", fmt_score(value)),
                    theme.band(band),
                )),
                Cell::from(Span::styled(band.label(), theme.band(band))),
                Cell::from(r.controls.join(", ")),
            ])
        })
        .collect();
    let name = if wide {
        fw.title()
    } else {
        fw.label().to_string()
    };
    let title = match score {
        Some(s) => format!(
            "{name} · score {} ({}) · {:.0}% answered",
            fmt_score(s.score),
            s.band.short_label(),
            s.coverage
        ),
        None => name,
    };
    let id_w = fw
        .requirements
        .iter()
        .map(|r| r.id.chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, 14) as u16;
    let controls = if wide {
        Constraint::Percentage(30)
    } else {
        Constraint::Length(0)
    };
    let table = Table::new(
        rows,
        [
            Constraint::Length(id_w),
            Constraint::Min(16),
            Constraint::Length(6),
            Constraint::Length(10),
            controls,
        ],
    )
    .header(
        Row::new(vec!["ID", "Requirement", " Score", "Status", "Controls"]).style(theme.heading()),
    )
    .block(pane(theme, title, focused))
    .row_highlight_style(theme.selected(focused));
    let mut state = TableState::default()
        .with_selected(Some(app.frameworks.requirements.selected))
        .with_offset(app.frameworks.requirements.offset);
    frame.render_stateful_widget(table, area, &mut state);
}

fn draw_drill(app: &App, theme: &Theme, frame: &mut Frame, area: Rect, drill: &Drill) {
    let Some(fw) = app.selected_framework() else {
        return;
    };
    let Some(req) = fw.requirements.get(drill.requirement) else {
        return;
    };
    let mut selected = 0..0;
    let rs = app
        .assessment
        .card
        .framework(&fw.id)
        .and_then(|s| s.requirements.iter().find(|x| x.id == req.id));
    let mut lines: Vec<Line> = Vec::new();
    let value = rs.and_then(|r| r.score);
    lines.push(Line::from(vec![
        Span::styled(format!("{} {} = ", req.id, req.title), theme.heading()),
        Span::styled(fmt_score(value), theme.band(Band::of(value))),
        Span::raw(format!(
            " ({}), weight {}",
            Band::of(value).label(),
            req.weight
        )),
    ]));
    lines.push(Line::from(req.summary.as_str()));
    if let Some(rs) = rs {
        lines.push(Line::from(vec![
            Span::styled("Why: ", theme.title()),
            Span::raw(rs.explanation.clone()),
        ]));
    }
    let mut provenance = format!("Mapping: {}", req.provenance);
    if !req.provenance_note.is_empty() {
        provenance.push_str(&format!(" ({})", req.provenance_note));
    }
    lines.push(Line::from(Span::styled(provenance, theme.dim())));
    for (i, cid) in req.controls.iter().enumerate() {
        lines.push(Line::default());
        let Some(cs) = app.assessment.card.control(cid) else {
            continue;
        };
        let is_sel = i == drill.control;
        if is_sel {
            selected.start = lines.len();
        }
        let marker = if is_sel { "▶ " } else { "  " };
        let style = if is_sel {
            theme.selected(true)
        } else {
            theme.title()
        };
        lines.push(Line::from(vec![
            Span::styled(marker, theme.title()),
            Span::styled(format!("{} {} = ", cs.id, cs.title), style),
            Span::styled(fmt_score(cs.score), theme.band(Band::of(cs.score))),
        ]));
        lines.push(Line::from(Span::styled(
            format!("  {}", cs.explanation),
            theme.dim(),
        )));
        for q in &cs.questions {
            let text = app
                .assessment
                .catalog
                .question(&q.id)
                .map_or("", |(_, q)| q.text.as_str());
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(answer_badge(q.answer), theme.answer(q.answer)),
                Span::raw(format!(" {} {text}", q.id)),
            ]));
        }
        for k in &cs.checks {
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(
                    format!("{} {:<5}", outcome_symbol(k.result), k.result),
                    theme.outcome(k.result),
                ),
                Span::raw(safe(&format!(
                    " {} on {}: {}",
                    k.check, k.target, k.summary
                ))),
            ]));
        }
        if let Some(c) = &cs.conflict {
            lines.push(Line::from(Span::styled(
                format!(
                    "  ✗ conflict: {} answered yes, but {}",
                    c.questions.join(", "),
                    c.evidence.join("; ")
                ),
                theme.bad(),
            )));
        }
        if is_sel {
            selected.end = lines.len();
        }
    }
    // Keep the selected control's block in view, as in Assess.
    let auto = crate::tui::view::scroll_to_show(&lines, selected, area);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((drill.scroll.max(auto), 0))
            .block(pane(
                theme,
                format!(
                    "Why {} scores what it does (Esc back · Enter opens)",
                    req.id
                ),
                true,
            )),
        area,
    );
}

// ----- State and update ------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameworksFocus {
    List,
    Requirements,
}

#[derive(Debug, Clone)]
pub struct Drill {
    pub requirement: usize,
    /// The selected control among the requirement's (Enter opens it in Assess).
    pub control: usize,
    pub scroll: u16,
}

#[derive(Debug, Clone)]
pub struct FrameworksState {
    pub focus: FrameworksFocus,
    /// Indexes `App::scope`.
    pub list: ListCursor,
    pub requirements: ListCursor,
    pub drill: Option<Drill>,
}

impl App {
    pub fn selected_framework(&self) -> Option<&crate::model::Framework> {
        self.assessment
            .scope
            .get(self.frameworks.list.selected)
            .and_then(|id| self.assessment.catalog.framework(id))
    }
}
