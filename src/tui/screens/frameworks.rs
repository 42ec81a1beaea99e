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
use crate::tui::view::{fit, fmt_score, pane, Theme};
use crate::tui::widgets::ListCursor;

pub struct FrameworksLayout {
    pub list: Rect,
    pub requirements: Rect,
}

pub fn layout(body: Rect) -> FrameworksLayout {
    let [list, requirements] =
        Layout::horizontal([Constraint::Length(38), Constraint::Min(20)]).areas(body);
    FrameworksLayout { list, requirements }
}

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, body: Rect) {
    let l = layout(body);
    let focus = app.frameworks.focus;
    let items: Vec<ListItem> = app
        .assessment
        .scope
        .iter()
        .map(|id| {
            let f = app.assessment.card.framework(id);
            let name = f.map_or(id.as_str(), |f| f.name.as_str());
            let score = f.and_then(|f| f.score);
            ListItem::new(Line::from(vec![
                Span::raw(fit(name, 29)),
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
        Some(d) => draw_drill(app, theme, frame, l.requirements, d.requirement, d.scroll),
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
    let title = match score {
        Some(s) => format!(
            "{} {} · score {} ({}) · coverage {:.1}% · Enter: why",
            fw.name,
            fw.version,
            fmt_score(s.score),
            s.band.label(),
            s.coverage
        ),
        None => fw.name.clone(),
    };
    let table = Table::new(
        rows,
        [
            Constraint::Length(12),
            Constraint::Min(20),
            Constraint::Length(6),
            Constraint::Length(10),
            Constraint::Percentage(30),
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

fn draw_drill(
    app: &App,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    requirement: usize,
    scroll: u16,
) {
    let Some(fw) = app.selected_framework() else {
        return;
    };
    let Some(req) = fw.requirements.get(requirement) else {
        return;
    };
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
    for cid in &req.controls {
        lines.push(Line::default());
        let Some(cs) = app.assessment.card.control(cid) else {
            continue;
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{} {} = ", cs.id, cs.title), theme.title()),
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
                Span::raw(format!(" {} on {}: {}", k.check, k.target, k.summary)),
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
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(pane(
                theme,
                format!("Why {} scores what it does (Esc: back)", req.id),
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
