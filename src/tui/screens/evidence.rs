//! Evidence: stored probe runs, their targets, and per target the check
//! results and what was observed. Observations are rendered from their JSON
//! form as a key/value tree, so this screen shows whatever fields the TLS and
//! HTTP reports carry without depending on their exact shape.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;
use serde_json::Value;

use crate::model::{CheckOutcome, TargetEvidence};
use crate::tui::view::theme::outcome_symbol;
use crate::tui::view::{fit, pane, safe, Theme};
use std::sync::mpsc::{self, Receiver};

use tokio_util::sync::CancellationToken;

use crate::model::EvidenceRun;
use crate::probe::runner::{self, ProbeEvent, ProbeRequest};
use crate::tui::action::TaskError;
use crate::tui::app::{App, Level};
use crate::tui::widgets::ListCursor;
use crate::workspace::WorkspaceError;

/// How many evidence runs are kept in memory for the Evidence screen.
pub(crate) const MAX_RUNS: usize = 50;
use crate::tui::strings;

pub struct EvidenceLayout {
    pub runs: Rect,
    pub targets: Rect,
    pub progress: Option<Rect>,
    pub details: Rect,
}

pub fn layout(app: &App, body: Rect) -> EvidenceLayout {
    let left_w = (body.width * 34 / 100).clamp(32, 56).min(body.width);
    let [left, right] =
        Layout::horizontal([Constraint::Length(left_w), Constraint::Min(20)]).areas(body);
    let [runs, targets] =
        Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(left);
    match &app.probe {
        Some(p) => {
            let h = (p.targets.len() as u16 + 2).min(right.height / 2);
            let [progress, details] =
                Layout::vertical([Constraint::Length(h), Constraint::Min(3)]).areas(right);
            EvidenceLayout {
                runs,
                targets,
                progress: Some(progress),
                details,
            }
        }
        None => EvidenceLayout {
            runs,
            targets,
            progress: None,
            details: right,
        },
    }
}

fn outcome_span(theme: &Theme, o: Option<CheckOutcome>) -> Span<'static> {
    match o {
        Some(o) => Span::styled(format!("{} ", outcome_symbol(o)), theme.outcome(o)),
        None => Span::styled("· ", theme.dim()),
    }
}

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, body: Rect) {
    let l = layout(app, body);
    let focus = app.evidence.focus;

    let width = l.runs.width.saturating_sub(4) as usize;
    let runs: Vec<ListItem> = app
        .runs
        .iter()
        .rev()
        .map(|r| {
            let (w, text) = match &r.targets {
                Some(rows) => (
                    CheckOutcome::worst(rows.iter().filter_map(|t| t.worst)),
                    format!(
                        "{} · {} target{}",
                        r.finished_at.format("%Y-%m-%d %H:%M"),
                        rows.len(),
                        if rows.len() == 1 { "" } else { "s" }
                    ),
                ),
                // Not read yet: shown when selected.
                None => (None, r.started_at.format("%Y-%m-%d %H:%M").to_string()),
            };
            ListItem::new(Line::from(vec![
                outcome_span(theme, w),
                Span::raw(fit(&text, width)),
            ]))
        })
        .collect();
    let runs_block = pane(
        theme,
        format!("Probe runs ({}, UTC)", app.runs.len()),
        focus == EvidenceFocus::Runs,
    );
    let declared = &app.assessment.config.targets;
    if runs.is_empty() {
        let text = if declared.is_empty() {
            strings::NO_RUNS.to_string()
        } else {
            format!(
                "No probe runs yet: press r to probe the {} declared target{} listed under Targets.",
                declared.len(),
                if declared.len() == 1 { "" } else { "s" }
            )
        };
        frame.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .block(runs_block),
            l.runs,
        );
    } else {
        let mut state = ListState::default()
            .with_selected(Some(app.evidence.runs.selected))
            .with_offset(app.evidence.runs.offset);
        frame.render_stateful_widget(
            List::new(runs)
                .block(runs_block)
                .highlight_style(theme.selected(focus == EvidenceFocus::Runs)),
            l.runs,
            &mut state,
        );
    }

    let run = app.selected_run();
    // Before the first run, the declared targets: what `r` will contact.
    let not_probed: Vec<ListItem> = if app.runs.is_empty() {
        declared
            .iter()
            .map(|t| {
                ListItem::new(vec![
                    Line::from(vec![outcome_span(theme, None), Span::raw(safe(t.label()))]),
                    Line::from(Span::styled("  not probed yet", theme.dim())),
                ])
            })
            .collect()
    } else {
        Vec::new()
    };
    let visible = app.visible_targets();
    // Only the rows in view are built: a run of 10,000 targets lists fast.
    let first = app.evidence.targets.offset.min(visible.len());
    let rows_in_view = (l.targets.height as usize).saturating_sub(2).max(1);
    let targets: Vec<ListItem> = match run.and_then(|r| r.targets.as_ref()) {
        Some(rows) => visible[first..(first + rows_in_view).min(visible.len())]
            .iter()
            .map(|&i| {
                let t = &rows[i];
                ListItem::new(Line::from(vec![
                    outcome_span(theme, t.worst),
                    Span::raw(safe(t.label())),
                    Span::styled(format!("  {} checks", t.checks), theme.dim()),
                ]))
            })
            .collect(),
        None if run.is_some() => vec![ListItem::new(Line::from(Span::styled(
            "reading the run…",
            theme.dim(),
        )))],
        None => not_probed,
    };
    let targets_title = match (&app.evidence.filter, run.and_then(|r| r.targets.as_ref())) {
        (f, Some(rows)) if !f.is_empty() => {
            format!(
                "Targets {} of {} · / {}",
                visible.len(),
                rows.len(),
                safe(f)
            )
        }
        (_, Some(rows)) => format!("Targets ({}) · / finds", rows.len()),
        _ => "Targets".to_string(),
    };
    let mut state = ListState::default()
        .with_selected(Some(app.evidence.targets.selected.saturating_sub(first)))
        .with_offset(0);
    frame.render_stateful_widget(
        List::new(targets)
            .block(pane(theme, targets_title, focus == EvidenceFocus::Targets))
            .highlight_style(theme.selected(focus == EvidenceFocus::Targets)),
        l.targets,
        &mut state,
    );

    if let (Some(area), Some(p)) = (l.progress, &app.probe) {
        let lines: Vec<Line> = p
            .targets
            .iter()
            .map(|(name, state)| match state {
                TargetProgress::Pending => Line::from(vec![
                    Span::styled("  waiting  ", theme.dim()),
                    Span::raw(name.clone()),
                ]),
                TargetProgress::Running => Line::from(vec![
                    Span::styled("  probing… ", theme.warn()),
                    Span::raw(name.clone()),
                ]),
                TargetProgress::Done { worst, checks } => Line::from(vec![
                    Span::raw("  "),
                    outcome_span(theme, *worst),
                    Span::styled("done     ", theme.good()),
                    Span::raw(format!("{name} ({checks} checks)")),
                ]),
            })
            .collect();
        let title = if p.cancelling {
            "Probe: cancelling…".to_string()
        } else {
            "Probe running (Esc cancels)".to_string()
        };
        frame.render_widget(Paragraph::new(lines).block(pane(theme, title, true)), area);
    }

    let target = app.selected_target();
    let lines = match target {
        Some(t) => detail_lines(theme, t, l.details.width.saturating_sub(2)),
        None if run.is_some_and(|r| r.targets.as_ref().is_some_and(|t| !t.is_empty()))
            && visible.is_empty() =>
        {
            vec![Line::from(Span::styled(
                "No target matches the filter (/ changes it; an empty filter shows all).",
                theme.dim(),
            ))]
        }
        None if app.runs.is_empty() && !declared.is_empty() => {
            let mut lines = vec![Line::from(Span::styled(
                "What r contacts (the declared targets, nothing else)",
                theme.heading(),
            ))];
            for t in declared {
                lines.push(Line::default());
                lines.push(Line::from(Span::styled(safe(t.label()), theme.title())));
                lines.push(Line::from(format!("  {}", t.url)));
                if let Some(addr) = &t.connect_to {
                    lines.push(Line::from(format!("  connecting to {addr}")));
                }
                if let Some(cert) = &t.client_cert {
                    lines.push(Line::from(Span::styled(
                        format!("  client certificate {cert}"),
                        theme.dim(),
                    )));
                }
                if !t.tags.is_empty() {
                    lines.push(Line::from(Span::styled(
                        format!("  tags: {}", t.tags.join(", ")),
                        theme.dim(),
                    )));
                }
            }
            lines
        }
        None => vec![Line::from(Span::styled(
            "Select a run and a target.",
            theme.dim(),
        ))],
    };
    let title = match (run, target) {
        (Some(r), Some(t)) => format!("{} · run {}", label(t), r.run_id),
        _ if app.runs.is_empty() => "Targets to probe".to_string(),
        _ => "Details".to_string(),
    };
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((app.evidence.detail_scroll, 0))
            .block(pane(theme, title, focus == EvidenceFocus::Details)),
        l.details,
    );
}

/// A target's name, or its URL when it has none.
pub fn label(t: &TargetEvidence) -> String {
    match &t.name {
        Some(n) if !n.is_empty() => n.clone(),
        _ => t.url.clone(),
    }
}

fn detail_lines<'a>(theme: &Theme, t: &'a TargetEvidence, width: u16) -> Vec<Line<'a>> {
    let mut lines = vec![Line::from(Span::styled(t.url.as_str(), theme.dim()))];
    lines.push(Line::from(Span::styled(
        format!("Check results ({})", t.checks.len()),
        theme.heading(),
    )));
    for c in &t.checks {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} {:<5} ", outcome_symbol(c.result), c.result),
                theme.outcome(c.result),
            ),
            Span::styled(format!("{:<18} ", c.id), theme.title()),
            Span::raw(safe(&c.summary)),
        ]));
        for d in &c.details {
            lines.push(Line::from(Span::styled(
                safe(&format!("        {d}")),
                theme.dim(),
            )));
        }
    }
    if let Some(inv) = &t.traffic {
        lines.extend(super::inventory::lines(theme, inv, width));
    }
    for (name, value) in [
        (
            "TLS",
            t.tls.as_ref().and_then(|r| serde_json::to_value(r).ok()),
        ),
        (
            "HTTP",
            t.http.as_ref().and_then(|r| serde_json::to_value(r).ok()),
        ),
    ] {
        let Some(value) = value else { continue };
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            format!("Observed: {name}"),
            theme.heading(),
        )));
        if value.as_object().is_some_and(|o| o.is_empty()) {
            lines.push(Line::from(Span::styled(
                "  (nothing recorded)",
                theme.dim(),
            )));
        }
        json_tree(theme, &value, 1, &mut lines);
    }
    lines
}

/// Keys shown first when present: what an auditor looks for first.
const FIRST_KEYS: &[&str] = &[
    "error",
    "protocols",
    "cipher_suites",
    "certificate",
    "headers",
];

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::Null => Some("-".into()),
        Value::Bool(b) => Some(if *b { "yes".into() } else { "no".into() }),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        Value::Array(a) if a.is_empty() => Some("(none)".into()),
        Value::Array(a) if a.iter().all(|x| !x.is_object() && !x.is_array()) => {
            let items: Vec<String> = a.iter().filter_map(scalar).collect();
            let joined = items.join(", ");
            (joined.chars().count() <= 100).then_some(joined)
        }
        Value::Object(o) if o.is_empty() => Some("(none)".into()),
        _ => None,
    }
}

/// A readable key/value tree of any JSON value.
pub fn json_tree(theme: &Theme, value: &Value, depth: usize, out: &mut Vec<Line<'_>>) {
    let indent = "  ".repeat(depth);
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by_key(|k| {
                FIRST_KEYS
                    .iter()
                    .position(|f| f == k)
                    .unwrap_or(FIRST_KEYS.len())
            });
            for k in keys {
                let v = &map[k];
                match scalar(v) {
                    Some(s) => out.push(Line::from(vec![
                        Span::raw(indent.clone()),
                        Span::styled(format!("{k}: "), theme.title()),
                        Span::raw(s),
                    ])),
                    None => {
                        out.push(Line::from(vec![
                            Span::raw(indent.clone()),
                            Span::styled(format!("{k}:"), theme.title()),
                        ]));
                        json_tree(theme, v, depth + 1, out);
                    }
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                match scalar(item) {
                    Some(s) => out.push(Line::from(format!("{indent}- {s}"))),
                    None => {
                        out.push(Line::from(format!("{indent}-")));
                        json_tree(theme, item, depth + 1, out);
                    }
                }
            }
        }
        other => out.push(Line::from(format!(
            "{indent}{}",
            scalar(other).unwrap_or_default()
        ))),
    }
}

// ----- State and update ------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceFocus {
    Runs,
    Targets,
    Details,
}

#[derive(Debug, Clone)]
pub struct EvidenceState {
    pub focus: EvidenceFocus,
    /// Runs are listed newest first; this indexes that order.
    pub runs: ListCursor,
    /// Indexes the targets the filter lets through.
    pub targets: ListCursor,
    pub detail_scroll: u16,
    /// The target filter (`/`): words, `tag:NAME`, `result:OUTCOME`.
    pub filter: String,
    /// The one target whose observations are in memory: (run, index, it).
    pub(crate) detail: Option<(String, usize, Box<TargetEvidence>)>,
}

/// A probe run on the Evidence screen. Its target index is read when the
/// run is first shown, and one target's observations when it is opened, so
/// memory does not grow with the runs or their targets.
#[derive(Debug, Clone)]
pub struct RunEntry {
    pub run_id: String,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub finished_at: chrono::DateTime<chrono::Utc>,
    pub targets: Option<Vec<crate::workspace::evidence::TargetRow>>,
    /// Whole targets held in memory (a run just probed in the TUI, tests).
    pub whole: Option<Vec<TargetEvidence>>,
}

impl RunEntry {
    /// A run known only by its id (read when shown).
    pub fn unread(run_id: String) -> RunEntry {
        let at = crate::model::evidence::run_id_time(&run_id).unwrap_or_default();
        RunEntry {
            run_id,
            started_at: at,
            finished_at: at,
            targets: None,
            whole: None,
        }
    }

    /// A run in memory.
    pub fn whole(run: EvidenceRun) -> RunEntry {
        RunEntry {
            targets: Some(
                run.targets
                    .iter()
                    .map(crate::workspace::evidence::TargetRow::of)
                    .collect(),
            ),
            run_id: run.run_id,
            started_at: run.started_at,
            finished_at: run.finished_at,
            whole: Some(run.targets),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TargetProgress {
    Pending,
    Running,
    Done {
        worst: Option<CheckOutcome>,
        checks: usize,
    },
}

pub struct ProbeState {
    pub targets: Vec<(String, TargetProgress)>,
    pub cancelling: bool,
    pub(crate) cancel: CancellationToken,
    pub(crate) events: Receiver<ProbeEvent>,
    pub(crate) done: Receiver<Result<EvidenceRun, TaskError>>,
}

impl App {
    /// The runs' ids (no file is read: runs are read when shown).
    pub(crate) fn reload_evidence(&mut self) -> Result<(), WorkspaceError> {
        let ids = self.ws.evidence().run_ids()?;
        let start = ids.len().saturating_sub(MAX_RUNS);
        self.runs = ids[start..]
            .iter()
            .map(|id| RunEntry::unread(id.clone()))
            .collect();
        self.evidence.runs.select(0);
        self.evidence.targets.select(0);
        self.evidence.detail = None;
        Ok(())
    }

    /// The run selected on the Evidence screen (the list shows newest first).
    pub fn selected_run(&self) -> Option<&RunEntry> {
        let n = self.runs.len();
        (self.evidence.runs.selected < n).then(|| &self.runs[n - 1 - self.evidence.runs.selected])
    }

    /// Indexes (into the selected run's targets) the filter lets through.
    pub fn visible_targets(&self) -> Vec<usize> {
        let Some(rows) = self.selected_run().and_then(|r| r.targets.as_ref()) else {
            return Vec::new();
        };
        let filter = self.evidence.filter.to_lowercase();
        let mut words = Vec::new();
        let mut tags = Vec::new();
        let mut results = Vec::new();
        for w in filter.split_whitespace() {
            if let Some(t) = w.strip_prefix("tag:") {
                tags.push(t.to_string());
            } else if let Some(r) = w.strip_prefix("result:") {
                results.push(r.to_string());
            } else {
                words.push(w.to_string());
            }
        }
        let declared = &self.assessment.config.targets;
        (0..rows.len())
            .filter(|&i| {
                let t = &rows[i];
                let text = format!("{} {}", t.name.as_deref().unwrap_or(""), t.url).to_lowercase();
                words.iter().all(|w| text.contains(w.as_str()))
                    && (tags.is_empty()
                        || declared.iter().find(|d| d.url == t.url).is_some_and(|d| {
                            tags.iter()
                                .all(|w| d.tags.iter().any(|g| g.eq_ignore_ascii_case(w)))
                        }))
                    && (results.is_empty()
                        || t.worst
                            .is_some_and(|o| results.iter().any(|r| r == o.as_str())))
            })
            .collect()
    }

    /// The target the Evidence screen shows, whole, if it is loaded.
    pub fn selected_target(&self) -> Option<&TargetEvidence> {
        let run = self.selected_run()?;
        let i = *self.visible_targets().get(self.evidence.targets.selected)?;
        if let Some(whole) = &run.whole {
            return whole.get(i);
        }
        match &self.evidence.detail {
            Some((id, at, t)) if *id == run.run_id && *at == i => Some(t),
            _ => None,
        }
    }

    /// Read what the Evidence screen is about to show: the selected run's
    /// target index, then the selected target's observations.
    pub(crate) fn ensure_evidence(&mut self) {
        let n = self.runs.len();
        if self.evidence.runs.selected >= n {
            return;
        }
        let pos = n - 1 - self.evidence.runs.selected;
        if self.runs[pos].targets.is_none() {
            let id = self.runs[pos].run_id.clone();
            match self.ws.evidence().run_index(&id) {
                Ok(index) => {
                    let entry = &mut self.runs[pos];
                    entry.started_at = index.started_at;
                    entry.finished_at = index.finished_at;
                    entry.targets = Some(index.targets);
                }
                Err(e) => {
                    self.runs[pos].targets = Some(Vec::new());
                    self.set_status(Level::Error, e.to_string());
                }
            }
        }
        if self.runs[pos].whole.is_some() {
            return;
        }
        let Some(&i) = self.visible_targets().get(self.evidence.targets.selected) else {
            return;
        };
        let id = self.runs[pos].run_id.clone();
        if self
            .evidence
            .detail
            .as_ref()
            .is_some_and(|(d, at, _)| *d == id && *at == i)
        {
            return;
        }
        match self.ws.evidence().run_target(&id, i) {
            Ok(Some(t)) => self.evidence.detail = Some((id, i, Box::new(t))),
            Ok(None) => self.evidence.detail = None,
            Err(e) => self.set_status(Level::Error, e.to_string()),
        }
    }

    pub(crate) fn start_probe(&mut self) {
        if self.probe.is_some() {
            self.set_status(Level::Warn, strings::PROBE_RUNNING);
            return;
        }
        let urls: Vec<String> = self
            .assessment
            .config
            .targets
            .iter()
            .map(|t| t.url.clone())
            .collect();
        if urls.is_empty() {
            self.set_status(Level::Warn, strings::NO_TARGETS);
            return;
        }
        let targets = self
            .assessment
            .config
            .targets
            .iter()
            .map(|t| (t.label().to_string(), TargetProgress::Pending))
            .collect();
        let (tx, events) = mpsc::channel();
        let (done_tx, done) = mpsc::channel();
        let cancel = CancellationToken::new();
        // The thread probes with the config and catalog already loaded.
        let root = self.ws.root().to_path_buf();
        let config = self.assessment.config.clone();
        let catalog = self.assessment.catalog.clone();
        let token = cancel.clone();
        let spawned = std::thread::Builder::new()
            .name("probe".into())
            .spawn(move || {
                let req = ProbeRequest {
                    urls,
                    ..ProbeRequest::default()
                };
                let result = runner::probe(&root, &config, &catalog, req, tx, token)
                    .map_err(TaskError::from);
                let _ = done_tx.send(result);
            });
        match spawned {
            Ok(_) => {
                self.probe = Some(ProbeState {
                    targets,
                    cancelling: false,
                    cancel,
                    events,
                    done,
                });
                self.set_status(Level::Info, "probing the declared targets (Esc cancels)");
            }
            Err(e) => self.set_status(Level::Error, format!("could not start the probe: {e}")),
        }
    }

    pub(crate) fn cancel_probe(&mut self) {
        if let Some(p) = &mut self.probe {
            p.cancel.cancel();
            p.cancelling = true;
            self.set_status(Level::Warn, strings::PROBE_CANCELLING);
        }
    }

    pub(crate) fn on_probe_event(&mut self, ev: ProbeEvent) {
        let Some(p) = &mut self.probe else { return };
        match ev {
            ProbeEvent::Started {
                index,
                total,
                target,
            } => {
                if p.targets.len() < total {
                    p.targets
                        .resize(total, (String::new(), TargetProgress::Pending));
                }
                p.targets[index] = (target, TargetProgress::Running);
            }
            ProbeEvent::Finished {
                index,
                total,
                target,
                worst,
                checks,
            } => {
                if p.targets.len() < total {
                    p.targets
                        .resize(total, (String::new(), TargetProgress::Pending));
                }
                p.targets[index] = (target, TargetProgress::Done { worst, checks });
            }
        }
    }

    pub(crate) fn on_probe_done(&mut self, result: Result<Box<EvidenceRun>, TaskError>) {
        self.probe = None;
        match result {
            Ok(mut run) => {
                if let Err(e) =
                    crate::assessment::store_run(&self.ws, &mut self.assessment, &mut run)
                {
                    self.set_status(
                        Level::Error,
                        format!("probe finished but the run could not be stored: {e}"),
                    );
                    return;
                }
                // store_run read the evidence: a start-up read is stale.
                self.evidence_loading = None;
                let run_id = run.run_id.clone();
                let targets = run.targets.len();
                let results = run.targets.iter().map(|t| t.checks.len()).sum::<usize>();
                let reload = self.reload_evidence().and_then(|_| self.reload_history());
                // The run just stored is in memory already: show it from there.
                if let Some(last) = self.runs.last_mut() {
                    if last.run_id == run_id {
                        *last = RunEntry::whole(*run);
                    }
                }
                self.rescore();
                let msg = format!("probe finished: run {run_id} with {targets} targets and {results} check results");
                match reload {
                    Ok(()) => self.set_status(Level::Info, msg),
                    Err(e) => {
                        self.set_status(Level::Error, format!("{msg}; reloading failed: {e}"))
                    }
                }
            }
            Err(e) => self.set_status(Level::Error, format!("probe stopped: {e}")),
        }
    }
}
