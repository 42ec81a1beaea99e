//! Assess: the questionnaire. Left, domains and controls with progress; right,
//! everything about the selected control an assessor needs to answer well:
//! objective, questions with answers and notes, guidance, what auditors expect,
//! the framework requirements and OWASP items it serves, and automated results.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;

use crate::checks;
use crate::scoring::Band;
use crate::tui::view::theme::{answer_badge, outcome_symbol};
use crate::tui::view::{fit, fmt_score, pane, safe, Theme};

/// The Assess filter after the frameworks: the controls you own, then the
/// controls with overdue questions (`f` cycles through them).
pub const FILTER_MINE: &str = "@mine";
pub const FILTER_OVERDUE: &str = "@overdue";
use chrono::{DateTime, Utc};

use crate::model::{AnswerSet, AnswerValue};
use crate::tui::app::{App, Level, Popup};
use crate::tui::strings;
use crate::tui::widgets::editor::TextEditor;
use crate::tui::widgets::ListCursor;

pub struct AssessLayout {
    pub tree: Rect,
    pub detail: Rect,
}

pub fn layout(body: Rect) -> AssessLayout {
    // 34 columns at 80 keep "AUTHN-01 Strong authenti… 4/4" readable; wider
    // terminals give the tree more, up to 60.
    let tree_w = (body.width * 38 / 100).clamp(34, 60).min(body.width);
    let [tree, detail] =
        Layout::horizontal([Constraint::Length(tree_w), Constraint::Min(20)]).areas(body);
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
                a + usize::from(
                    app.assessment.answers.get(&q.id).is_some()
                        || app
                            .assessment
                            .inherited_from(&q.id)
                            .is_some_and(|s| s.answers.contains_key(&q.id)),
                ),
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
                // Narrow: the score is in the detail pane; the title needs the room.
                let score_txt = if width >= 44 && app.evidence_pending() {
                    format!(" {:>5}", "…")
                } else if width >= 44 {
                    format!(" {:>5}", fmt_score(score))
                } else {
                    String::new()
                };
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
    match app.assess.filter.as_deref() {
        Some(FILTER_MINE) => title.push_str(" · mine"),
        Some(FILTER_OVERDUE) => title.push_str(" · overdue"),
        Some(f) => title.push_str(&format!(" · filter {f}")),
        None => {}
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

/// The detail lines, and the range of lines of the selected question (its
/// text, answer, note, links, who and when, history and help).
fn detail_lines<'a>(app: &'a App, theme: &Theme) -> (Vec<Line<'a>>, std::ops::Range<usize>) {
    let Some(control) = app.assessment.catalog.controls.get(app.assess.control) else {
        return (vec![Line::from("No controls in view.")], 0..0);
    };
    let score = app.assessment.card.control(&control.id);
    let mut lines: Vec<Line> = Vec::new();
    let heading = |s: &str| Line::from(Span::styled(s.to_string(), theme.heading()));
    lines.push(Line::from(Span::styled(
        format!("{} {}", control.id, control.title),
        theme.title(),
    )));
    lines.push(Line::from(vec![
        Span::styled("Objective ", theme.heading()),
        Span::raw(control.objective.as_str()),
    ]));
    lines.push(Line::default());
    let (a, t) = answered(app, std::iter::once(app.assess.control));
    lines.push(heading(&format!("Questions ({a}/{t} answered)")));
    let mut selected = 0..0;
    let focused = app.assess.focus == AssessFocus::Questions;
    let source = app
        .assessment
        .inherited
        .iter()
        .find(|s| s.controls.contains(&control.id));
    if let Some(src) = source {
        lines.push(Line::from(Span::styled(
            safe(&format!(
                "Inherited from {}: answered and evidenced there (read-only here)",
                src.workspace
            )),
            theme.info(),
        )));
    }
    for (qi, q) in control.questions.iter().enumerate() {
        let answer = match source {
            Some(src) => src.answers.get(&q.id),
            None => app.assessment.answers.get(&q.id),
        };
        let value = answer.map(|a| a.answer);
        let is_sel = qi == app.assess.question;
        if is_sel {
            selected.start = lines.len();
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
            let note_text = crate::sanitize::text(&ans.note);
            for (i, note) in note_text.lines().enumerate() {
                let label = if i == 0 { "note: " } else { "      " };
                lines.push(Line::from(vec![
                    Span::raw("            "),
                    Span::styled(label, theme.dim()),
                    Span::raw(safe(note)),
                ]));
            }
            for link in &ans.evidence {
                lines.push(Line::from(vec![
                    Span::raw("            "),
                    Span::styled("link: ", theme.dim()),
                    Span::styled(safe(link), theme.info()),
                ]));
            }
            for f in &ans.attachments {
                lines.push(Line::from(vec![
                    Span::raw("            "),
                    Span::styled("file: ", theme.dim()),
                    Span::styled(
                        format!(
                            "{} ({} bytes, SHA-256 {}…)",
                            safe(&f.name),
                            f.size,
                            &f.sha256[..12.min(f.sha256.len())]
                        ),
                        theme.info(),
                    ),
                ]));
            }
            let who = if ans.by.is_empty() {
                "(unknown)"
            } else {
                &ans.by
            };
            if !is_sel {
                // Every answer says who gave it and when; the selected one
                // adds the time and its history.
                lines.push(Line::from(vec![
                    Span::raw("            "),
                    Span::styled(
                        format!("by {who}, {}", ans.at.format("%Y-%m-%d")),
                        theme.dim(),
                    ),
                ]));
            }
            if is_sel {
                let mut text = format!("by {who}, {}", ans.at.format("%Y-%m-%d %H:%M UTC"));
                if ans.is_unjustified_na() {
                    text.push_str(" · n/a needs a reason (e): counts as not assessed");
                }
                lines.push(Line::from(vec![
                    Span::raw("            "),
                    Span::styled(text, theme.dim()),
                ]));
                // Earlier answers, newest last (the current one is the line above).
                if let Some(log) = app.answer_log.get(&q.id).filter(|l| l.len() > 1) {
                    for line in log.iter().rev().skip(1).take(3).rev() {
                        lines.push(Line::from(vec![
                            Span::raw("            "),
                            Span::styled(format!("was: {line}"), theme.dim()),
                        ]));
                    }
                }
            }
        }
        if is_sel && !q.help.is_empty() {
            lines.push(Line::from(vec![
                Span::raw("            "),
                Span::styled(format!("help: {}", q.help), theme.dim()),
            ]));
        }
        if is_sel {
            selected.end = lines.len();
        }
    }
    lines.push(Line::default());
    if app.evidence_pending() {
        lines.push(Line::from(vec![
            Span::styled("Score ", theme.heading()),
            Span::styled("… (reading the current evidence)", theme.dim()),
        ]));
    } else if let Some(s) = score {
        lines.push(Line::from(vec![
            Span::styled("Score ", theme.heading()),
            Span::styled(fmt_score(s.score), theme.band(Band::of(s.score))),
            Span::styled(format!(" · {}", s.explanation), theme.dim()),
        ]));
        if let Some(oldest) = s.evidence_oldest {
            let text = format!(
                "Evidence: {} of {} results current{}, oldest observed {} ago",
                s.evidence_current,
                s.evidence_expected,
                if s.evidence_stale > 0 {
                    format!(", {} stale", s.evidence_stale)
                } else {
                    String::new()
                },
                crate::scoring::fmt_age(app.now, oldest)
            );
            let style = if s.evidence_stale > 0 {
                theme.warn()
            } else {
                theme.dim()
            };
            lines.push(Line::from(Span::styled(text, style)));
        }
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
        lines.push(heading("Automated checks (current evidence)"));
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
                    Span::raw(safe(&format!("{} on {}: {}", r.check, r.target, r.summary))),
                ]));
            }
        }
    }
    (lines, selected)
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
            format!("{} · {}", c.id, domain)
        });
    let (lines, selected) = detail_lines(app, theme);
    // Scroll so the selected question with its answer and help is in view
    // (from its first line when it is taller than the pane).
    let scroll = app
        .assess
        .detail_scroll
        .max(crate::tui::view::scroll_to_show(&lines, selected, area));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(pane(theme, title, focused)),
        area,
    );
}

// ----- State and update ------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub control: usize,
    pub question: Option<usize>,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct SearchState {
    pub input: TextEditor,
    pub hits: Vec<SearchHit>,
    pub selected: usize,
    /// Where the selection was before the search, restored by Esc.
    pub(crate) origin: (usize, usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssessFocus {
    Tree,
    Questions,
}

#[derive(Debug, Clone)]
pub struct AssessState {
    pub focus: AssessFocus,
    /// Index into `catalog.controls`.
    pub control: usize,
    /// Index into the control's questions.
    pub question: usize,
    /// Framework id the tree is filtered by.
    pub filter: Option<String>,
    pub tree: ListCursor,
    pub detail_scroll: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TreeRow {
    Domain(usize),
    Control(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Change {
    Set(AnswerValue),
    Note(String),
    Link(String),
    Unlink(String),
    /// An evidence file, already stored by its hash.
    Attach(Box<crate::model::answers::Attachment>),
    /// Put back an earlier state of the answer (undo, clear).
    Restore(Option<Box<crate::model::Answer>>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pending {
    question: String,
    change: Change,
}

impl App {
    /// Controls shown in the Assess tree (after the framework filter).
    pub fn visible_controls(&self) -> Vec<usize> {
        let controls = &self.assessment.catalog.controls;
        match self.assess.filter.as_deref() {
            Some(FILTER_MINE) => {
                let me = self.user.as_deref().unwrap_or("");
                return (0..controls.len())
                    .filter(|&i| {
                        self.owners
                            .get(&controls[i].id)
                            .is_some_and(|a| a.owner.eq_ignore_ascii_case(me))
                    })
                    .collect();
            }
            Some(FILTER_OVERDUE) => {
                return (0..controls.len())
                    .filter(|&i| self.control_overdue(&controls[i]))
                    .collect();
            }
            _ => {}
        }
        let allowed: Option<Vec<&str>> = self.assess.filter.as_ref().and_then(|f| {
            self.assessment.catalog.framework(f).map(|fw| {
                fw.requirements
                    .iter()
                    .flat_map(|r| r.controls.iter().map(String::as_str))
                    .collect()
            })
        });
        (0..self.assessment.catalog.controls.len())
            .filter(|&i| {
                allowed
                    .as_ref()
                    .is_none_or(|a| a.contains(&self.assessment.catalog.controls[i].id.as_str()))
            })
            .collect()
    }

    /// Tree rows: `(Some(domain), None)` headers and `(None, Some(control))` leaves.
    pub fn tree_rows(&self) -> Vec<TreeRow> {
        let visible = self.visible_controls();
        let mut rows = Vec::new();
        for (di, d) in self.assessment.catalog.domains.iter().enumerate() {
            let controls: Vec<usize> = visible
                .iter()
                .copied()
                .filter(|&c| self.assessment.catalog.controls[c].domain == d.id)
                .collect();
            if controls.is_empty() {
                continue;
            }
            rows.push(TreeRow::Domain(di));
            rows.extend(controls.into_iter().map(TreeRow::Control));
        }
        rows
    }

    pub fn selected_question_id(&self) -> Option<&str> {
        self.assessment
            .catalog
            .controls
            .get(self.assess.control)
            .and_then(|c| c.questions.get(self.assess.question))
            .map(|q| q.id.as_str())
    }

    pub fn select_control(&mut self, control: usize, question: Option<usize>) {
        self.assess.control = control;
        self.assess.question = question.unwrap_or_else(|| {
            self.assessment.catalog.controls[control]
                .questions
                .iter()
                .position(|q| self.assessment.answers.get(&q.id).is_none())
                .unwrap_or(0)
        });
        self.assess.detail_scroll = 0;
        let rows = self.tree_rows();
        if let Some(pos) = rows.iter().position(|r| *r == TreeRow::Control(control)) {
            self.assess.tree.select(pos);
        }
    }

    /// Move to the first unanswered question in view, or the first control.
    pub(crate) fn select_first_unanswered(&mut self) {
        let visible = self.visible_controls();
        let first = visible.iter().find_map(|&c| {
            self.assessment.catalog.controls[c]
                .questions
                .iter()
                .position(|q| self.assessment.answers.get(&q.id).is_none())
                .map(|q| (c, q))
        });
        match (first, visible.first()) {
            (Some((c, q)), _) => self.select_control(c, Some(q)),
            (None, Some(&c)) => self.select_control(c, Some(0)),
            (None, None) => {}
        }
    }

    pub(crate) fn next_unanswered(&mut self) {
        let visible = self.visible_controls();
        let flat: Vec<(usize, usize)> = visible
            .iter()
            .flat_map(|&c| {
                (0..self.assessment.catalog.controls[c].questions.len()).map(move |q| (c, q))
            })
            .collect();
        let here = flat
            .iter()
            .position(|&p| p == (self.assess.control, self.assess.question))
            .unwrap_or(0);
        let found = (1..=flat.len())
            .map(|i| flat[(here + i) % flat.len()])
            .find(|&(c, q)| {
                self.assessment
                    .answers
                    .get(&self.assessment.catalog.controls[c].questions[q].id)
                    .is_none()
            });
        match found {
            Some((c, q)) => {
                self.select_control(c, Some(q));
                self.assess.focus = AssessFocus::Questions;
            }
            None => self.set_status(Level::Info, strings::ALL_ANSWERED),
        }
    }

    pub(crate) fn move_control(&mut self, delta: isize) {
        let visible = self.visible_controls();
        if visible.is_empty() {
            return;
        }
        let here = visible
            .iter()
            .position(|&c| c == self.assess.control)
            .unwrap_or(0) as isize;
        let next = (here + delta).clamp(0, visible.len() as isize - 1) as usize;
        self.select_control(visible[next], None);
    }

    pub(crate) fn move_question(&mut self, delta: isize) {
        let n = self
            .assessment
            .catalog
            .controls
            .get(self.assess.control)
            .map_or(0, |c| c.questions.len());
        let q = self.assess.question as isize + delta;
        let visible = self.visible_controls();
        let here = visible.iter().position(|&c| c == self.assess.control);
        if q < 0 {
            if let Some(prev) = here.and_then(|h| h.checked_sub(1)).map(|h| visible[h]) {
                let last = self.assessment.catalog.controls[prev]
                    .questions
                    .len()
                    .saturating_sub(1);
                self.select_control(prev, Some(last));
            }
        } else if q as usize >= n {
            if let Some(next) = here
                .map(|h| h + 1)
                .filter(|&h| h < visible.len())
                .map(|h| visible[h])
            {
                self.select_control(next, Some(0));
            }
        } else {
            self.assess.question = q as usize;
        }
    }

    pub(crate) fn cycle_filter(&mut self) {
        let next = match self.assess.filter.as_deref() {
            None => self.assessment.scope.first().cloned(),
            Some(FILTER_MINE) => Some(FILTER_OVERDUE.to_string()),
            Some(FILTER_OVERDUE) => None,
            Some(f) => {
                let pos = self.assessment.scope.iter().position(|s| s == f);
                pos.and_then(|p| self.assessment.scope.get(p + 1))
                    .cloned()
                    .or_else(|| Some(FILTER_MINE.to_string()))
            }
        };
        self.assess.filter = next;
        let label = match &self.assess.filter {
            Some(f) if f == FILTER_MINE => "filter: controls you own (f: overdue next)".to_string(),
            Some(f) if f == FILTER_OVERDUE => {
                "filter: controls with overdue questions (f: all controls next)".to_string()
            }
            Some(f) => format!(
                "filter: controls mapped by {} (f: next framework)",
                self.assessment
                    .catalog
                    .framework(f)
                    .map_or(f.as_str(), |fw| fw.name.as_str())
            ),
            None => "filter off: all controls".to_string(),
        };
        self.set_status(Level::Info, label);
        if !self.visible_controls().contains(&self.assess.control) {
            self.select_first_unanswered();
        } else {
            self.select_control(self.assess.control, Some(self.assess.question));
        }
    }

    pub(crate) fn change(&mut self, question: String, change: Change) {
        let Some(by) = self.user.clone() else {
            self.set_status(Level::Error, crate::workspace::NO_IDENTITY.to_string());
            return;
        };
        // Inherited controls are answered in their source workspace.
        if let Some(source) = self.assessment.inherited_from(&question) {
            let msg = format!(
                "{question} is inherited from {}: answer it in that workspace",
                source.workspace
            );
            self.set_status(Level::Warn, msg);
            return;
        }
        if !matches!(change, Change::Restore(_)) || !self.undoing {
            let before = self
                .assessment
                .answers
                .get(&question)
                .cloned()
                .map(Box::new);
            self.undo_stack.push((question.clone(), before));
        }
        let p = Pending { question, change };
        apply(&mut self.assessment.answers, &p, &by, self.now);
        self.pending.push(p);
        self.answers_changed = true;
        self.confirm_quit = false;
        self.flush();
        self.rescore();
    }

    /// Write every pending change under the lock; keep them on failure.
    pub(crate) fn flush(&mut self) {
        let Some(by) = self.user.clone() else {
            self.set_status(Level::Error, crate::workspace::NO_IDENTITY.to_string());
            return;
        };
        let now = self.now;
        let pending = self.pending.clone();
        match self.ws.update_answers(|set| {
            for p in &pending {
                apply(set, p, &by, now);
            }
        }) {
            Ok(set) => {
                self.assessment.answers = set;
                self.pending.clear();
                self.reload_answer_log();
                // Our own write is no change to reload.
                self.file_stamps = crate::tui::reload::stamps(self.ws.root());
            }
            Err(e) => self.set_status(Level::Error, strings::save_failed(&e.to_string())),
        }
    }

    pub fn unsaved(&self) -> usize {
        self.pending.len()
    }

    /// Clear the selected question's answer (`c`); `z` brings it back.
    pub(crate) fn clear_answer(&mut self) {
        let Some(qid) = self.selected_question_id().map(str::to_string) else {
            return;
        };
        if self.assessment.answers.get(&qid).is_none() {
            self.set_status(Level::Info, format!("{qid} has no answer to clear"));
            return;
        }
        self.change(qid.clone(), Change::Restore(None));
        if self.pending.is_empty() {
            self.set_status(Level::Info, format!("{qid}: answer cleared (z undoes)"));
        }
    }

    /// Undo the last change of this session (`z`).
    pub(crate) fn undo(&mut self) {
        let Some((qid, before)) = self.undo_stack.pop() else {
            self.set_status(Level::Info, "nothing to undo in this session".to_string());
            return;
        };
        self.undoing = true;
        self.change(qid.clone(), Change::Restore(before));
        self.undoing = false;
        // The cursor follows the undo to the question it changed.
        self.select_question_id(&qid);
        if self.pending.is_empty() {
            self.set_status(Level::Info, format!("{qid}: undone"));
        }
    }

    /// Select a question by id in the Assess tree (its control unfolded).
    pub(crate) fn select_question_id(&mut self, qid: &str) {
        let found = self
            .assessment
            .catalog
            .controls
            .iter()
            .enumerate()
            .find_map(|(c, k)| k.questions.iter().position(|q| q.id == qid).map(|q| (c, q)));
        if let Some((c, q)) = found {
            self.select_control(c, Some(q));
        }
    }

    pub(crate) fn answer(&mut self, value: AnswerValue) {
        let Some(qid) = self.selected_question_id().map(str::to_string) else {
            return;
        };
        self.change(qid.clone(), Change::Set(value));
        let saved = self.pending.is_empty() && self.assessment.answers.get(&qid).is_some();
        if saved
            && self
                .assessment
                .answers
                .get(&qid)
                .is_some_and(|a| a.is_unjustified_na())
        {
            // n/a needs a reason: ask for it now. The reason and the n/a are
            // one change for `z`.
            self.na_reason_for = Some(qid.clone());
            self.open_text_popup(false);
            self.set_status(
                Level::Warn,
                format!("{qid}: n/a needs a reason: type why it does not apply and save (until then it counts as not assessed)"),
            );
        } else if saved {
            self.set_status(Level::Info, format!("{qid}: {value} (saved)"));
        }
    }

    pub(crate) fn open_text_popup(&mut self, link: bool) {
        let Some(qid) = self.selected_question_id().map(str::to_string) else {
            return;
        };
        let Some(existing) = self.assessment.answers.get(&qid) else {
            self.set_status(Level::Warn, strings::ANSWER_FIRST);
            return;
        };
        self.popup = Some(if link {
            Popup::Link {
                question: qid,
                editor: TextEditor::new("", false),
            }
        } else {
            Popup::Note {
                editor: TextEditor::new(&existing.note, true),
                question: qid,
            }
        });
    }

    /// Ask for the path of a file to attach to the selected answer.
    pub(crate) fn open_attach_popup(&mut self) {
        let Some(qid) = self.selected_question_id().map(str::to_string) else {
            return;
        };
        if self.assessment.answers.get(&qid).is_none() {
            self.set_status(Level::Warn, strings::ANSWER_FIRST);
            return;
        }
        self.popup = Some(Popup::Attach {
            question: qid,
            editor: TextEditor::new("", false),
        });
    }

    /// Record `DATE NOTE` as an occurrence of `control`'s periodic practice.
    pub(crate) fn record_activity(&mut self, control: &str, text: &str) {
        let Some(by) = self.user.clone() else {
            self.set_status(Level::Error, crate::workspace::NO_IDENTITY);
            return;
        };
        let (day, note) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
        let Ok(on) = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d") else {
            self.set_status(
                Level::Warn,
                format!("'{day}' is not a date: type the day (YYYY-MM-DD), then what was done"),
            );
            return;
        };
        if note.trim().is_empty() || on > self.now.date_naive() {
            self.set_status(
                Level::Warn,
                "give a past or present day, then what was done (e.g. 2026-01-15 Q1 access review)",
            );
            return;
        }
        let change = crate::model::journal::Change::Activity {
            control: control.to_string(),
            on,
            note: note.trim().to_string(),
            attachments: Vec::new(),
        };
        match self.ws.record_one(change, &by) {
            Ok(()) => self.set_status(
                Level::Info,
                format!("{control}: activity on {on} recorded by {by} (attach files with `apiassure activity --attach`)"),
            ),
            Err(e) => self.set_status(Level::Error, e.to_string()),
        }
    }

    /// Store the file at `path` (relative to the workspace) and attach it.
    pub(crate) fn attach_file(&mut self, question: &str, path: &str) {
        let path = std::path::Path::new(path.trim());
        let full = if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.ws.root().join(path)
        };
        let cap = self.assessment.config.report.attachment_max_mib;
        match self.ws.store_attachment(&full, cap) {
            Ok(stored) => {
                let file = crate::model::answers::Attachment {
                    name: stored.name,
                    size: stored.size,
                    sha256: stored.sha256,
                    by: self.user.clone().unwrap_or_default(),
                    at: self.now,
                    covers: None,
                };
                let shown = format!(
                    "{question}: attached {} (SHA-256 {}…)",
                    file.name,
                    &file.sha256[..12]
                );
                self.change(question.to_string(), Change::Attach(Box::new(file)));
                if self.pending.is_empty() {
                    self.set_status(Level::Info, shown);
                }
            }
            Err(e) => self.set_status(Level::Error, e.to_string()),
        }
    }

    /// Open the chooser of the selected answer's links to remove one.
    pub(crate) fn open_unlink_popup(&mut self) {
        let Some(qid) = self.selected_question_id().map(str::to_string) else {
            return;
        };
        match self.assessment.answers.get(&qid) {
            None => self.set_status(Level::Warn, strings::ANSWER_FIRST),
            Some(a) if a.evidence.is_empty() => self.set_status(
                Level::Warn,
                format!("{qid} has no evidence links to remove"),
            ),
            Some(_) => {
                self.popup = Some(Popup::Unlink {
                    question: qid,
                    selected: 0,
                })
            }
        }
    }

    /// Search by words, case-insensitive, across control ids and titles,
    /// question ids, text and help, the ids and titles of the framework
    /// requirements a control maps to (`A.8.26`, `CC6.1`), OWASP ids
    /// (`API1`), and answer notes and evidence links. Every word must match
    /// somewhere; hits on ids rank first, then titles, then the rest.
    pub(crate) fn search_hits(&self, query: &str) -> Vec<SearchHit> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            return Vec::new();
        }
        let catalog = &self.assessment.catalog;
        // (field text, rank weight): lower weight ranks higher.
        let score = |fields: &[(String, u32)]| -> Option<u32> {
            let mut total = 0;
            for w in &words {
                let best = fields
                    .iter()
                    .filter(|(text, _)| text.contains(w.as_str()))
                    .map(|(_, weight)| *weight)
                    .min()?;
                total += best;
            }
            Some(total)
        };
        let mut hits: Vec<(u32, SearchHit)> = Vec::new();
        for c in self.visible_controls() {
            let control = &catalog.controls[c];
            let mut control_fields = vec![
                (control.id.to_lowercase(), 0),
                (control.title.to_lowercase(), 1),
                (control.objective.to_lowercase(), 3),
            ];
            control_fields.extend(control.owasp.iter().map(|o| (o.to_lowercase(), 0)));
            for f in &catalog.frameworks {
                for r in f
                    .requirements
                    .iter()
                    .filter(|r| r.controls.contains(&control.id))
                {
                    control_fields.push((r.id.to_lowercase(), 0));
                    control_fields.push((r.title.to_lowercase(), 2));
                }
            }
            if let Some(rank) = score(&control_fields) {
                hits.push((
                    rank,
                    SearchHit {
                        control: c,
                        question: None,
                        label: format!("{} {}", control.id, control.title),
                    },
                ));
            }
            for (qi, question) in control.questions.iter().enumerate() {
                let mut fields = vec![
                    (question.id.to_lowercase(), 0),
                    (question.text.to_lowercase(), 1),
                    (question.help.to_lowercase(), 3),
                ];
                if let Some(a) = self.assessment.answers.get(&question.id) {
                    fields.push((a.note.to_lowercase(), 2));
                    fields.extend(a.evidence.iter().map(|l| (l.to_lowercase(), 2)));
                }
                if let Some(rank) = score(&fields) {
                    hits.push((
                        rank,
                        SearchHit {
                            control: c,
                            question: Some(qi),
                            label: format!("{} {}", question.id, question.text),
                        },
                    ));
                }
            }
        }
        hits.sort_by_key(|(rank, _)| *rank);
        hits.into_iter().map(|(_, h)| h).collect()
    }

    pub(crate) fn preview_search(&mut self) {
        let Some(Popup::Search(s)) = &self.popup else {
            return;
        };
        if let Some(hit) = s.hits.get(s.selected).cloned() {
            self.select_control(hit.control, Some(hit.question.unwrap_or(0)));
        }
    }
}

fn apply(set: &mut AnswerSet, p: &Pending, by: &str, now: DateTime<Utc>) {
    match &p.change {
        Change::Set(v) => set.set(&p.question, *v, by, now),
        Change::Note(note) => {
            set.note(&p.question, note, by, now);
        }
        Change::Link(link) => {
            set.add_link(&p.question, link, by, now);
        }
        Change::Unlink(link) => {
            set.remove_link(&p.question, link, by, now);
        }
        Change::Attach(f) => {
            if let Some(a) = set.answers.get_mut(&p.question) {
                if !a.attachments.iter().any(|x| x.sha256 == f.sha256) {
                    a.attachments.push((**f).clone());
                    a.by = by.to_string();
                    a.at = now;
                }
            }
        }
        Change::Restore(Some(a)) => {
            set.answers.insert(p.question.clone(), (**a).clone());
        }
        Change::Restore(None) => {
            set.clear(&p.question);
        }
    }
}
