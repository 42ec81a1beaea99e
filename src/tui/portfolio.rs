//! The portfolio screen (`apiassure portfolio DIR... --tui`): every
//! workspace with its scores, conflicts and whether it verifies; Enter
//! opens the selected workspace's own assessment, and leaving it comes
//! back here with that workspace read again.

use crossterm::event::{self, Event, KeyCode, KeyEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;

use crate::portfolio::{self, Member, Rollup, Summary};
use crate::tui::view::{fit, pane, safe, Theme};

/// What the screen shows.
pub struct PortfolioState {
    pub members: Vec<Member>,
    pub rows: Vec<Summary>,
    /// Per framework across the rows (recomputed when a row changes).
    pub spreads: Vec<portfolio::Spread>,
    pub selected: usize,
    pub trust: Vec<String>,
    pub color: bool,
}

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Stay,
    Open(usize),
    Quit,
}

impl PortfolioState {
    /// Read every workspace (one at a time).
    pub fn load(members: Vec<Member>, trust: Vec<String>) -> std::io::Result<PortfolioState> {
        let rows = portfolio::walk(&members, &trust, |_, _| Ok(()))?;
        Ok(PortfolioState {
            members,
            spreads: spreads(&rows),
            rows,
            selected: 0,
            trust,
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        })
    }

    pub fn on_key(&mut self, code: KeyCode) -> Step {
        match code {
            KeyCode::Char('q') | KeyCode::Esc => Step::Quit,
            KeyCode::Down | KeyCode::Char('j') => {
                self.selected = (self.selected + 1).min(self.rows.len().saturating_sub(1));
                Step::Stay
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.selected = self.selected.saturating_sub(1);
                Step::Stay
            }
            KeyCode::Home | KeyCode::Char('g') => {
                self.selected = 0;
                Step::Stay
            }
            KeyCode::End | KeyCode::Char('G') => {
                self.selected = self.rows.len().saturating_sub(1);
                Step::Stay
            }
            KeyCode::Enter if !self.rows.is_empty() => Step::Open(self.selected),
            _ => Step::Stay,
        }
    }

    /// Read one workspace again (after it was opened and maybe changed).
    pub fn reload(&mut self, i: usize) -> std::io::Result<()> {
        if let Some(m) = self.members.get(i) {
            let mut fresh = portfolio::walk(std::slice::from_ref(m), &self.trust, |_, _| Ok(()))?;
            if let Some(row) = fresh.pop() {
                self.rows[i] = row;
                self.spreads = spreads(&self.rows);
            }
        }
        Ok(())
    }
}

fn spreads(rows: &[Summary]) -> Vec<portfolio::Spread> {
    let mut rollup = Rollup::default();
    for r in rows {
        rollup.add(r, None);
    }
    rollup.spreads()
}

fn score(s: Option<f64>) -> String {
    s.map_or_else(|| "-".into(), |v| format!("{v:.1}"))
}

pub fn draw(state: &PortfolioState, frame: &mut Frame) {
    let theme = Theme::new(state.color);
    let area = frame.area();
    let [head, list, spread, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(state_spread_height(state)),
        Constraint::Length(1),
    ])
    .areas(area);
    let flagged = state.rows.iter().filter(|r| r.flagged()).count();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(" Portfolio ", theme.tab_active()),
            Span::raw(format!(
                " {} workspaces · {} need attention",
                state.rows.len(),
                flagged
            )),
        ])),
        head,
    );
    draw_list(state, &theme, frame, list);
    draw_spread(state, &theme, frame, spread);
    frame.render_widget(
        Paragraph::new(Span::styled(
            "↑↓ select · Enter open the workspace · q quit",
            theme.dim(),
        )),
        keys,
    );
}

fn state_spread_height(state: &PortfolioState) -> u16 {
    let fws = state
        .rows
        .iter()
        .map(|r| r.frameworks.len())
        .max()
        .unwrap_or(0);
    (fws as u16 + 2).min(9)
}

fn draw_list(state: &PortfolioState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let inner = area.width.saturating_sub(4) as usize;
    // Framework columns that fit beside the name, conflicts and verify.
    let fws: Vec<&str> = state
        .rows
        .iter()
        .find(|r| !r.frameworks.is_empty())
        .map(|r| r.frameworks.iter().map(|f| f.id.as_str()).collect())
        .unwrap_or_default();
    let name_w = 24.min(inner / 3).max(10);
    // Mark, name, conflicts and the verify column ("12 problems").
    let fixed = name_w + 2 + 6 + 14;
    let room = inner.saturating_sub(fixed) / 7;
    let shown: Vec<&str> = fws.iter().copied().take(room.min(6)).collect();
    let mut header = format!("  {:<name_w$}", "WORKSPACE");
    for f in &shown {
        header.push_str(&format!(" {:>6}", fit(f, 6)));
    }
    header.push_str(&format!(" {:>5}  VERIFY", "CONFL"));
    let mut items: Vec<ListItem> = vec![ListItem::new(Line::from(Span::styled(
        fit(&header, inner),
        theme.title(),
    )))];
    for r in &state.rows {
        let mark = if r.flagged() {
            Span::styled("✗ ", theme.bad())
        } else {
            Span::styled("✓ ", theme.good())
        };
        let mut text = format!("{:<name_w$}", fit(&safe(&r.member.path), name_w));
        for f in &shown {
            let cell = r
                .frameworks
                .iter()
                .find(|x| x.id == *f)
                .map_or_else(|| "-".to_string(), |x| score(x.score));
            text.push_str(&format!(" {cell:>6}"));
        }
        let verify = match (&r.error, r.verify.ok) {
            (Some(_), _) => "unreadable".to_string(),
            (None, true) => "ok".to_string(),
            (None, false) if r.verify.problems == 1 => "1 problem".to_string(),
            (None, false) => format!("{} problems", r.verify.problems),
        };
        text.push_str(&format!(" {:>5}  {verify}", r.conflicts));
        items.push(ListItem::new(Line::from(vec![
            mark,
            Span::raw(fit(&text, inner.saturating_sub(2))),
        ])));
    }
    let mut ls = ListState::default().with_selected(Some(state.selected + 1));
    frame.render_stateful_widget(
        List::new(items)
            .block(pane(theme, "Workspaces", true))
            .highlight_style(theme.selected(true)),
        area,
        &mut ls,
    );
}

fn draw_spread(state: &PortfolioState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let lines: Vec<Line> = state
        .spreads
        .iter()
        .map(|s| {
            Line::from(vec![
                Span::styled(format!("{:<16}", fit(&s.framework, 16)), theme.title()),
                Span::raw(format!(
                    " mean {:>5}  worst {:>5}  ",
                    score(s.mean),
                    score(s.worst)
                )),
                Span::styled(
                    s.bands
                        .iter()
                        .map(|(b, n)| format!("{b} {n}"))
                        .collect::<Vec<_>>()
                        .join(" · "),
                    theme.dim(),
                ),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(pane(
            theme,
            "Across the organisation",
            false,
        )),
        area,
    );
}

/// Run the screen until `q`; Enter opens a workspace's own TUI.
pub fn run(members: Vec<Member>, trust: Vec<String>) -> anyhow::Result<()> {
    let mut state = PortfolioState::load(members, trust)?;
    loop {
        let step = {
            let mut terminal = super::setup()?;
            let _session = super::Session;
            let mut step = Step::Stay;
            while step == Step::Stay {
                terminal.draw(|f| draw(&state, f))?;
                if let Event::Key(k) = event::read()? {
                    if k.kind == KeyEventKind::Press {
                        step = state.on_key(k.code);
                    }
                }
            }
            step
        };
        match step {
            Step::Quit | Step::Stay => return Ok(()),
            Step::Open(i) => {
                let dir = state.members[i].dir.clone();
                super::run(&dir)?;
                state.reload(i)?;
            }
        }
    }
}
