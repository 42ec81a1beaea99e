//! SoA: the ISO/IEC 27001:2022 Statement of Applicability as management
//! decides it. All 93 Annex A controls with their decision; the selected
//! one's justification, status, owner, who decided and when, what the
//! catalog proposes and what the assessment says, and any conflict. `a` and
//! `x` decide (a justification is asked for, and required), `s` steps the
//! status of an applicable control, `w` withdraws a decision. Each decision
//! is journaled and written to `soa.toml`, as `apiassure soa` does.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;

use crate::model::soa::{Soa, SoaEntry, SoaStatus};
use crate::report::soa::{statement_of, Inputs, SoaRow, Statement, NOT_DECIDED};
use crate::tui::app::{App, Level, Popup};
use crate::tui::view::{fit, pane, safe, Theme};
use crate::tui::widgets::editor::TextEditor;
use crate::tui::widgets::ListCursor;

#[derive(Debug, Clone, Default)]
pub struct SoaState {
    pub list: ListCursor,
    /// `soa.toml` as last read (on showing the screen and after a decision).
    pub soa: Option<Soa>,
}

impl App {
    /// The statement from the current assessment and decisions.
    pub fn soa_statement(&self) -> Option<Statement> {
        statement_of(&Inputs {
            catalog: &self.assessment.catalog,
            card: &self.assessment.card,
            answers: &self.assessment.answers,
            soa: self.soa_view.soa.as_ref(),
        })
    }

    /// Read `soa.toml` again.
    pub(crate) fn reload_soa(&mut self) {
        match self.ws.soa() {
            Ok(s) => self.soa_view.soa = s,
            Err(e) => self.set_status(Level::Error, e.to_string()),
        }
    }

    fn selected_soa_row(&self) -> Option<SoaRow> {
        self.soa_statement()?
            .rows
            .into_iter()
            .nth(self.soa_view.list.selected)
    }

    /// Ask for the justification of a decision (`a` applicable, `x` excluded).
    pub(crate) fn open_justify(&mut self, applicable: bool) {
        let Some(row) = self.selected_soa_row() else {
            return;
        };
        self.popup = Some(Popup::Justify {
            control: row.id.to_string(),
            applicable,
            editor: TextEditor::new(&row.justification, false),
        });
    }

    /// Record `entry` for `control` (None withdraws), journaled as the user.
    pub(crate) fn record_soa(&mut self, control: &str, entry: Option<SoaEntry>) {
        let Some(by) = self.user.clone() else {
            self.set_status(Level::Error, crate::workspace::NO_IDENTITY);
            return;
        };
        let shown = entry.as_ref().map(|e| {
            format!(
                "{}{}",
                if e.applicable {
                    "applicable"
                } else {
                    "excluded"
                },
                e.status.map(|s| format!(", {s}")).unwrap_or_default()
            )
        });
        match self.ws.decide_soa(control, entry, &by) {
            Ok(_) => {
                self.reload_soa();
                let conflict = self
                    .selected_soa_row()
                    .and_then(|r| r.conflict)
                    .map(|c| format!("; conflict: {c}"))
                    .unwrap_or_default();
                let text = match shown {
                    Some(s) => format!("{control}: {s}, decided by {by}{conflict}"),
                    None => format!("{control}: decision withdrawn, not decided now"),
                };
                self.set_status(
                    if conflict.is_empty() {
                        Level::Info
                    } else {
                        Level::Warn
                    },
                    text,
                );
            }
            Err(e) => self.set_status(Level::Error, e.to_string()),
        }
    }

    /// Save the justification typed in the popup as the decision.
    pub(crate) fn save_justification(&mut self, control: &str, applicable: bool, text: &str) {
        let existing = self
            .soa_view
            .soa
            .as_ref()
            .and_then(|s| s.get(control))
            .cloned()
            .unwrap_or_default();
        let entry = SoaEntry {
            applicable,
            justification: text.trim().to_string(),
            status: if applicable {
                existing.status.filter(|_| existing.applicable)
            } else {
                None
            },
            evidence: existing.evidence,
            owner: existing.owner,
            by: self.user.clone().unwrap_or_default(),
            at: Some(self.now),
        };
        self.record_soa(control, Some(entry));
    }

    /// Step the status of the selected applicable control.
    pub(crate) fn cycle_soa_status(&mut self) {
        let Some(row) = self.selected_soa_row() else {
            return;
        };
        let Some(mut entry) = self
            .soa_view
            .soa
            .as_ref()
            .and_then(|s| s.get(row.id))
            .cloned()
            .filter(|e| e.applicable)
        else {
            self.set_status(
                Level::Warn,
                format!(
                    "{}: decide it applicable first (a), then set its status",
                    row.id
                ),
            );
            return;
        };
        let all = SoaStatus::ALL;
        entry.status = Some(match entry.status {
            None => all[0],
            Some(s) => all[(all.iter().position(|x| *x == s).unwrap_or(0) + 1) % all.len()],
        });
        entry.by = self.user.clone().unwrap_or_default();
        entry.at = Some(self.now);
        self.record_soa(row.id, Some(entry));
    }

    pub(crate) fn withdraw_soa(&mut self) {
        if let Some(row) = self.selected_soa_row() {
            if row.applicable == NOT_DECIDED {
                self.set_status(Level::Info, format!("{} is not decided", row.id));
            } else {
                self.record_soa(row.id, None);
            }
        }
    }
}

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, body: Rect) {
    let Some(st) = app.soa_statement() else {
        frame.render_widget(
            Paragraph::new(
                "ISO/IEC 27001 is not in this workspace's scope: add \"iso27001-2022\" to [assessment] frameworks to state applicability.",
            )
            .wrap(Wrap { trim: true })
            .block(pane(theme, "Statement of Applicability", false)),
            body,
        );
        return;
    };
    let [list_area, detail_area] = if body.width >= 100 {
        Layout::horizontal([Constraint::Length(46), Constraint::Min(30)]).areas(body)
    } else {
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body)
    };
    let w = list_area.width.saturating_sub(2) as usize;
    let items: Vec<ListItem> = st
        .rows
        .iter()
        .map(|r| {
            let (mark, style) = match (r.applicable, &r.conflict) {
                (_, Some(_)) => ("!", theme.warn()),
                ("yes", None) => ("+", theme.good()),
                ("no", None) => ("-", theme.dim()),
                _ => ("?", theme.warn()),
            };
            let text = format!("{:<7} {}", r.id, safe(r.title));
            ListItem::new(Line::from(vec![
                Span::styled(format!("{mark} "), style),
                Span::raw(fit(&text, w.saturating_sub(2))),
            ]))
        })
        .collect();
    let mut state = ListState::default()
        .with_selected(Some(app.soa_view.list.selected))
        .with_offset(app.soa_view.list.offset);
    let (yes, no, open) = (st.count("yes"), st.count("no"), st.undecided.len());
    let title = if list_area.width >= 46 {
        format!("SoA: {yes} applicable, {no} excluded, {open} open")
    } else {
        format!("SoA: {yes} in, {no} out, {open} open")
    };
    frame.render_stateful_widget(
        List::new(items)
            .block(pane(theme, title, true))
            .highlight_style(theme.selected(true)),
        list_area,
        &mut state,
    );
    let Some(r) = st.rows.get(app.soa_view.list.selected) else {
        return;
    };
    let mut lines = vec![
        Line::from(Span::styled(
            format!("{} {}", r.id, safe(r.title)),
            theme.title(),
        )),
        Line::from(format!("Theme: {}", r.theme)),
        Line::from(""),
    ];
    let decision = match r.applicable {
        "yes" => format!("applicable, {}", r.status),
        "no" => "excluded".into(),
        _ => "NOT DECIDED (a: applicable, x: excluded)".into(),
    };
    lines.push(Line::from(vec![
        Span::styled("Decision: ", theme.title()),
        Span::raw(decision),
    ]));
    if !r.justification.is_empty() {
        lines.push(Line::from(format!("Why: {}", safe(&r.justification))));
    }
    if !r.owner.is_empty() {
        lines.push(Line::from(format!("Owner: {}", safe(&r.owner))));
    }
    if !r.decided_by.is_empty() {
        lines.push(Line::from(format!(
            "Decided by {} {}",
            safe(&r.decided_by),
            r.decided_at.get(..10).unwrap_or("")
        )));
    }
    if let Some(c) = &r.conflict {
        lines.push(Line::from(Span::styled(
            format!("Conflict: {}", safe(c)),
            theme.warn(),
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(format!(
        "Catalog proposes: {}",
        safe(&r.proposal)
    )));
    if !r.assessment.is_empty() {
        lines.push(Line::from(format!("Assessment: {}", safe(&r.assessment))));
    }
    lines.push(Line::from(format!("Evidence: {}", safe(&r.evidence))));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(pane(theme, "Decision", false)),
        detail_area,
    );
}
