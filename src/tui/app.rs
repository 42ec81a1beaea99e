//! The TUI's whole state and its one `update` path.
//!
//! Everything the views show is loaded here (in [`App::load`] or after a save
//! or a probe), so rendering never touches disk or network. Answers are saved
//! at once through `Workspace::update_answers` (locked, atomic); when a save
//! fails the change stays in memory as *pending*, is retried with the next
//! change, and quitting asks before dropping it.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};

use chrono::{DateTime, Utc};
use tokio_util::sync::CancellationToken;

use super::action::{Action, Screen, TaskError};
use super::keymap::Mode;
use super::strings;
use super::view;
use super::widgets::editor::TextEditor;
use super::widgets::ListCursor;
use crate::assessment::{Assessment, AssessmentError};
use crate::model::{AnswerSet, AnswerValue, CheckOutcome, EvidenceRun};
use crate::probe::runner::{self, ProbeEvent, ProbeRequest};
use crate::scoring::Gap;
use crate::workspace::history::Snapshot;
use crate::workspace::{Workspace, WorkspaceError};

/// How many evidence runs are kept in memory for the Evidence screen.
const MAX_RUNS: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub level: Level,
    pub text: String,
}

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
    origin: (usize, usize),
}

#[derive(Debug, Clone)]
pub enum Popup {
    Help {
        scroll: u16,
    },
    Note {
        question: String,
        editor: TextEditor,
    },
    Link {
        question: String,
        editor: TextEditor,
    },
    Search(SearchState),
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
    pub targets: ListCursor,
    pub detail_scroll: u16,
}

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
    cancel: CancellationToken,
    events: Receiver<ProbeEvent>,
    done: Receiver<Result<EvidenceRun, TaskError>>,
}

#[derive(Debug, Clone, PartialEq)]
enum Change {
    Set(AnswerValue),
    Note(String),
    Link(String),
}

#[derive(Debug, Clone, PartialEq)]
struct Pending {
    question: String,
    change: Change,
}

pub struct App {
    pub ws: Workspace,
    /// Catalog, config, answers, current evidence and their scores.
    pub assessment: Assessment,
    /// Evidence runs for the Evidence screen, oldest first (the last `MAX_RUNS`).
    pub runs: Vec<EvidenceRun>,
    pub history: Vec<Snapshot>,
    pub gaps: Vec<Gap>,
    pub screen: Screen,
    pub size: (u16, u16),
    pub now: DateTime<Utc>,
    pub color: bool,
    pub status: Option<Status>,
    pub popup: Option<Popup>,
    pub dashboard: ListCursor,
    pub assess: AssessState,
    pub evidence: EvidenceState,
    pub frameworks: FrameworksState,
    pub probe: Option<ProbeState>,
    /// A report being written on a background thread: its path and SHA-256, or why not.
    export: Option<Receiver<Result<(PathBuf, String), TaskError>>>,
    /// Answers changed during this session (a history snapshot is due on quit).
    pub answers_changed: bool,
    pending: Vec<Pending>,
    confirm_quit: bool,
    pub quit: bool,
}

impl App {
    /// Load everything the screens need from the workspace.
    pub fn load(ws: Workspace, now: DateTime<Utc>) -> Result<App, AssessmentError> {
        let assessment = Assessment::load(&ws)?;
        let mut app = App::from_parts(ws, assessment, Vec::new(), Vec::new(), now);
        if let Err(e) = app.reload_evidence() {
            app.set_status(Level::Error, e.to_string());
        }
        if let Err(e) = app.reload_history() {
            app.set_status(Level::Error, e.to_string());
        }
        app.rescore();
        Ok(app)
    }

    /// Build from already loaded parts (tests use this with a fixture catalog).
    pub fn from_parts(
        ws: Workspace,
        assessment: Assessment,
        runs: Vec<EvidenceRun>,
        history: Vec<Snapshot>,
        now: DateTime<Utc>,
    ) -> App {
        let mut app = App {
            ws,
            assessment,
            runs,
            history,
            gaps: Vec::new(),
            screen: Screen::Dashboard,
            size: (120, 40),
            now,
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            status: None,
            popup: None,
            dashboard: ListCursor::default(),
            assess: AssessState {
                focus: AssessFocus::Questions,
                control: 0,
                question: 0,
                filter: None,
                tree: ListCursor::default(),
                detail_scroll: 0,
            },
            evidence: EvidenceState {
                focus: EvidenceFocus::Runs,
                runs: ListCursor::default(),
                targets: ListCursor::default(),
                detail_scroll: 0,
            },
            frameworks: FrameworksState {
                focus: FrameworksFocus::Requirements,
                list: ListCursor::default(),
                requirements: ListCursor::default(),
                drill: None,
            },
            probe: None,
            export: None,
            answers_changed: false,
            pending: Vec::new(),
            confirm_quit: false,
            quit: false,
        };
        app.rescore();
        app.select_first_unanswered();
        app
    }

    fn reload_evidence(&mut self) -> Result<(), WorkspaceError> {
        let store = self.ws.evidence();
        let ids = store.run_ids()?;
        let start = ids.len().saturating_sub(MAX_RUNS);
        let mut runs = Vec::new();
        let mut errors = Vec::new();
        for id in &ids[start..] {
            match store.load(id) {
                Ok(run) => runs.push(run),
                Err(e) => errors.push(e),
            }
        }
        self.runs = runs;
        self.evidence.runs.select(0);
        self.evidence.targets.select(0);
        match errors.into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn reload_history(&mut self) -> Result<(), WorkspaceError> {
        self.history = self.ws.history().load()?;
        Ok(())
    }

    /// Recompute scores and the derived gap list; cheap enough for every change.
    pub fn rescore(&mut self) {
        self.assessment.rescore();
        self.gaps = self.assessment.gaps();
    }

    pub fn mode(&self) -> Mode {
        match &self.popup {
            None => Mode::Normal(self.screen),
            Some(Popup::Help { .. }) => Mode::Help,
            Some(Popup::Note { .. }) => Mode::Editor,
            Some(Popup::Link { .. }) => Mode::LineInput,
            Some(Popup::Search(_)) => Mode::Search,
        }
    }

    pub fn set_status(&mut self, level: Level, text: impl Into<String>) {
        self.status = Some(Status {
            level,
            text: text.into(),
        });
    }

    /// Messages from a running probe, as actions for `update`.
    pub fn poll_background(&mut self) -> Vec<Action> {
        let mut out = Vec::new();
        if let Some(p) = &self.probe {
            while let Ok(ev) = p.events.try_recv() {
                out.push(Action::Probe(ev));
            }
            match p.done.try_recv() {
                Ok(result) => out.push(Action::ProbeDone(result.map(Box::new))),
                Err(mpsc::TryRecvError::Disconnected) => out.push(Action::ProbeDone(Err(
                    TaskError("the probe thread stopped unexpectedly".into()),
                ))),
                Err(mpsc::TryRecvError::Empty) => {}
            }
        }
        if let Some(rx) = &self.export {
            match rx.try_recv() {
                Ok(result) => out.push(Action::ExportDone(result)),
                Err(mpsc::TryRecvError::Disconnected) => out.push(Action::ExportDone(Err(
                    TaskError("the report thread stopped unexpectedly".into()),
                ))),
                Err(mpsc::TryRecvError::Empty) => {}
            }
        }
        out
    }

    /// Write the PDF report on a background thread; the UI stays responsive.
    fn start_export(&mut self) {
        if self.export.is_some() {
            self.set_status(Level::Warn, strings::EXPORT_RUNNING);
            return;
        }
        let (tx, rx) = mpsc::channel();
        let ws = self.ws.clone();
        let spawned = std::thread::Builder::new()
            .name("report".into())
            .spawn(move || {
                let result =
                    crate::report::export_frameworks(&ws, crate::report::Format::Pdf, None, &[])
                        .map_err(TaskError::from);
                let _ = tx.send(result);
            });
        match spawned {
            Ok(_) => {
                self.export = Some(rx);
                self.set_status(Level::Info, strings::EXPORT_STARTED);
            }
            Err(e) => self.set_status(Level::Error, format!("could not start the report: {e}")),
        }
    }

    fn on_export_done(&mut self, result: Result<(PathBuf, String), TaskError>) {
        self.export = None;
        match result {
            Ok((path, sha)) => self.set_status(
                Level::Info,
                format!(
                    "report written: {} (SHA-256 {})",
                    path.display(),
                    &sha[..sha.len().min(16)]
                ),
            ),
            Err(e) => self.set_status(Level::Error, format!("report failed: {e}")),
        }
    }

    /// Append a history snapshot (trigger `tui`) if answers changed this session.
    pub fn on_quit(&mut self) -> Result<(), AssessmentError> {
        if !self.answers_changed {
            return Ok(());
        }
        crate::assessment::record_snapshot(&self.ws, &mut self.assessment, "tui").map(|_| ())
    }

    // ----- Assess helpers -------------------------------------------------

    /// Controls shown in the Assess tree (after the framework filter).
    pub fn visible_controls(&self) -> Vec<usize> {
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

    fn select_control(&mut self, control: usize, question: Option<usize>) {
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
    fn select_first_unanswered(&mut self) {
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

    fn next_unanswered(&mut self) {
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

    fn move_control(&mut self, delta: isize) {
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

    fn move_question(&mut self, delta: isize) {
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

    fn cycle_filter(&mut self) {
        let next = match &self.assess.filter {
            None => self.assessment.scope.first().cloned(),
            Some(f) => {
                let pos = self.assessment.scope.iter().position(|s| s == f);
                pos.and_then(|p| self.assessment.scope.get(p + 1)).cloned()
            }
        };
        self.assess.filter = next;
        let label = match &self.assess.filter {
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

    // ----- Saving answers ----------------------------------------------------

    fn change(&mut self, question: String, change: Change) {
        let p = Pending { question, change };
        let by = crate::workspace::current_user();
        apply(&mut self.assessment.answers, &p, &by, self.now);
        self.pending.push(p);
        self.answers_changed = true;
        self.confirm_quit = false;
        self.flush();
        self.rescore();
    }

    /// Write every pending change under the lock; keep them on failure.
    fn flush(&mut self) {
        let by = crate::workspace::current_user();
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
            }
            Err(e) => self.set_status(Level::Error, strings::save_failed(&e.to_string())),
        }
    }

    pub fn unsaved(&self) -> usize {
        self.pending.len()
    }

    fn answer(&mut self, value: AnswerValue) {
        let Some(qid) = self.selected_question_id().map(str::to_string) else {
            return;
        };
        self.change(qid.clone(), Change::Set(value));
        if self.pending.is_empty() {
            self.set_status(Level::Info, format!("{qid}: {value} (saved)"));
        }
    }

    fn open_text_popup(&mut self, link: bool) {
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

    // ----- Search -------------------------------------------------------------

    fn search_hits(&self, query: &str) -> Vec<SearchHit> {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return Vec::new();
        }
        let mut hits = Vec::new();
        for c in self.visible_controls() {
            let control = &self.assessment.catalog.controls[c];
            if control.id.to_lowercase().contains(&q) || control.title.to_lowercase().contains(&q) {
                hits.push(SearchHit {
                    control: c,
                    question: None,
                    label: format!("{} {}", control.id, control.title),
                });
            }
            for (qi, question) in control.questions.iter().enumerate() {
                if question.id.to_lowercase().contains(&q)
                    || question.text.to_lowercase().contains(&q)
                {
                    hits.push(SearchHit {
                        control: c,
                        question: Some(qi),
                        label: format!("{} {}", question.id, question.text),
                    });
                }
            }
        }
        hits
    }

    fn preview_search(&mut self) {
        let Some(Popup::Search(s)) = &self.popup else {
            return;
        };
        if let Some(hit) = s.hits.get(s.selected).cloned() {
            self.select_control(hit.control, Some(hit.question.unwrap_or(0)));
        }
    }

    // ----- Frameworks ---------------------------------------------------------

    pub fn selected_framework(&self) -> Option<&crate::model::Framework> {
        self.assessment
            .scope
            .get(self.frameworks.list.selected)
            .and_then(|id| self.assessment.catalog.framework(id))
    }

    // ----- Evidence -----------------------------------------------------------

    /// The run selected on the Evidence screen (the list shows newest first).
    pub fn selected_run(&self) -> Option<&EvidenceRun> {
        let n = self.runs.len();
        (self.evidence.runs.selected < n).then(|| &self.runs[n - 1 - self.evidence.runs.selected])
    }

    fn start_probe(&mut self) {
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
        let ws = self.ws.clone();
        let token = cancel.clone();
        let spawned = std::thread::Builder::new()
            .name("probe".into())
            .spawn(move || {
                let req = ProbeRequest {
                    urls,
                    ..ProbeRequest::default()
                };
                let result = runner::probe(&ws, req, tx, token).map_err(TaskError::from);
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

    fn cancel_probe(&mut self) {
        if let Some(p) = &mut self.probe {
            p.cancel.cancel();
            p.cancelling = true;
            self.set_status(Level::Warn, strings::PROBE_CANCELLING);
        }
    }

    // ----- Navigation ----------------------------------------------------------

    fn vertical(&mut self, delta: isize) {
        match self.screen {
            Screen::Dashboard => self.dashboard.move_by(delta, self.gaps.len()),
            Screen::Assess => match self.assess.focus {
                AssessFocus::Tree => self.move_control(delta),
                AssessFocus::Questions => self.move_question(delta),
            },
            Screen::Evidence => match self.evidence.focus {
                EvidenceFocus::Runs => {
                    self.evidence.runs.move_by(delta, self.runs.len());
                    self.evidence.targets.select(0);
                    self.evidence.detail_scroll = 0;
                }
                EvidenceFocus::Targets => {
                    let n = self.selected_run().map_or(0, |r| r.targets.len());
                    self.evidence.targets.move_by(delta, n);
                    self.evidence.detail_scroll = 0;
                }
                EvidenceFocus::Details => scroll(&mut self.evidence.detail_scroll, delta),
            },
            Screen::Frameworks => match (&mut self.frameworks.drill, self.frameworks.focus) {
                (Some(d), _) => scroll(&mut d.scroll, delta),
                (None, FrameworksFocus::List) => {
                    self.frameworks
                        .list
                        .move_by(delta, self.assessment.scope.len());
                    self.frameworks.requirements.select(0);
                }
                (None, FrameworksFocus::Requirements) => {
                    let n = self
                        .selected_framework()
                        .map_or(0, |f| f.requirements.len());
                    self.frameworks.requirements.move_by(delta, n);
                }
            },
            Screen::History => {}
        }
    }

    fn page(&self) -> isize {
        (self.size.1 as isize - 8).max(1)
    }

    fn pane(&mut self, forward: bool) {
        match self.screen {
            Screen::Assess => {
                self.assess.focus = match self.assess.focus {
                    AssessFocus::Tree => AssessFocus::Questions,
                    AssessFocus::Questions => AssessFocus::Tree,
                }
            }
            Screen::Evidence => {
                use EvidenceFocus::*;
                let order = [Runs, Targets, Details];
                let i = order
                    .iter()
                    .position(|f| *f == self.evidence.focus)
                    .unwrap_or(0);
                self.evidence.focus = order[(i + if forward { 1 } else { 2 }) % 3];
            }
            Screen::Frameworks => {
                self.frameworks.focus = match self.frameworks.focus {
                    FrameworksFocus::List => FrameworksFocus::Requirements,
                    FrameworksFocus::Requirements => FrameworksFocus::List,
                }
            }
            Screen::Dashboard | Screen::History => {}
        }
    }

    fn select(&mut self) {
        match self.screen {
            Screen::Dashboard => {
                if let Some(gap) = self.gaps.get(self.dashboard.selected) {
                    let c = gap.control;
                    self.assess.filter = None;
                    self.select_control(c, None);
                    self.assess.focus = AssessFocus::Questions;
                    self.screen = Screen::Assess;
                }
            }
            Screen::Assess => self.pane(true),
            Screen::Evidence => self.pane(true),
            Screen::Frameworks if self.frameworks.drill.is_none() => {
                if self.frameworks.focus == FrameworksFocus::List {
                    self.frameworks.focus = FrameworksFocus::Requirements;
                } else if self
                    .selected_framework()
                    .is_some_and(|f| self.frameworks.requirements.selected < f.requirements.len())
                {
                    self.frameworks.drill = Some(Drill {
                        requirement: self.frameworks.requirements.selected,
                        scroll: 0,
                    });
                }
            }
            Screen::Frameworks => {}
            Screen::History => {}
        }
    }

    fn back(&mut self) {
        match self.screen {
            Screen::Frameworks if self.frameworks.drill.is_some() => self.frameworks.drill = None,
            Screen::Evidence if self.probe.is_some() => {
                self.cancel_probe();
            }
            _ => self.status = None,
        }
    }

    fn click(&mut self, column: u16, row: u16, delta: Option<i16>) {
        let regions = view::regions(self);
        let Some((region, rect)) = regions.hit(column, row) else {
            return;
        };
        let line = (row.saturating_sub(rect.y + 1)) as usize;
        use view::Region;
        match region {
            Region::DashboardGaps => {
                self.screen = Screen::Dashboard;
                match delta {
                    Some(d) => self.dashboard.move_by(d as isize, self.gaps.len()),
                    None => self.dashboard.click(line, self.gaps.len()),
                }
            }
            Region::AssessTree => {
                self.assess.focus = AssessFocus::Tree;
                if let Some(d) = delta {
                    return self.move_control(d as isize);
                }
                let rows = self.tree_rows();
                let idx = self.assess.tree.offset + line;
                if let Some(TreeRow::Control(c)) = rows.get(idx) {
                    self.select_control(*c, None);
                }
            }
            Region::AssessDetail => {
                self.assess.focus = AssessFocus::Questions;
                if let Some(d) = delta {
                    scroll(&mut self.assess.detail_scroll, d as isize);
                }
            }
            Region::EvidenceRuns => {
                self.evidence.focus = EvidenceFocus::Runs;
                match delta {
                    Some(d) => self.evidence.runs.move_by(d as isize, self.runs.len()),
                    None => self.evidence.runs.click(line, self.runs.len()),
                }
                self.evidence.targets.select(0);
            }
            Region::EvidenceTargets => {
                self.evidence.focus = EvidenceFocus::Targets;
                let n = self.selected_run().map_or(0, |r| r.targets.len());
                match delta {
                    Some(d) => self.evidence.targets.move_by(d as isize, n),
                    None => self.evidence.targets.click(line, n),
                }
            }
            Region::EvidenceDetails => {
                self.evidence.focus = EvidenceFocus::Details;
                if let Some(d) = delta {
                    scroll(&mut self.evidence.detail_scroll, d as isize);
                }
            }
            Region::FrameworkList => {
                self.frameworks.focus = FrameworksFocus::List;
                self.frameworks.drill = None;
                match delta {
                    Some(d) => self
                        .frameworks
                        .list
                        .move_by(d as isize, self.assessment.scope.len()),
                    None => self
                        .frameworks
                        .list
                        .click(line, self.assessment.scope.len()),
                }
            }
            Region::FrameworkRequirements => {
                self.frameworks.focus = FrameworksFocus::Requirements;
                if let Some(drill) = &mut self.frameworks.drill {
                    if let Some(d) = delta {
                        scroll(&mut drill.scroll, d as isize);
                    }
                    return;
                }
                let n = self
                    .selected_framework()
                    .map_or(0, |f| f.requirements.len());
                // The requirements table has a header row under the border.
                match delta {
                    Some(d) => self.frameworks.requirements.move_by(d as isize, n),
                    None if line >= 1 => self.frameworks.requirements.click(line - 1, n),
                    None => {}
                }
            }
            Region::Tabs => {
                if delta.is_none() {
                    if let Some(s) = view::tab_at(column) {
                        self.screen = s;
                    }
                }
            }
        }
    }

    /// Keep every list's selection inside its viewport after a change.
    fn fix_offsets(&mut self) {
        let regions = view::regions(self);
        let height = |r: view::Region| {
            regions
                .get(r)
                .map_or(10, |rect| rect.height.saturating_sub(2) as usize)
        };
        self.dashboard.fit(height(view::Region::DashboardGaps));
        self.assess.tree.fit(height(view::Region::AssessTree));
        // Show a domain's header along with its first control.
        let sel = self.assess.tree.selected;
        if sel > 0 && self.assess.tree.offset == sel {
            if let Some(TreeRow::Domain(_)) = self.tree_rows().get(sel - 1) {
                self.assess.tree.offset -= 1;
            }
        }
        self.evidence.runs.fit(height(view::Region::EvidenceRuns));
        self.evidence
            .targets
            .fit(height(view::Region::EvidenceTargets));
        self.frameworks
            .list
            .fit(height(view::Region::FrameworkList));
        self.frameworks
            .requirements
            .fit(height(view::Region::FrameworkRequirements).saturating_sub(1));
    }

    // ----- The one update path -------------------------------------------------

    pub fn update(&mut self, action: Action) {
        match action {
            Action::Tick(now) => {
                self.now = now;
                return;
            }
            Action::Resize(w, h) => self.size = (w, h),
            Action::Probe(ev) => self.on_probe_event(ev),
            Action::ProbeDone(result) => self.on_probe_done(result),
            Action::ExportDone(result) => self.on_export_done(result),
            other => {
                if self.popup.is_some() {
                    self.update_popup(other);
                } else {
                    self.update_normal(other);
                }
            }
        }
        self.fix_offsets();
    }

    fn update_normal(&mut self, action: Action) {
        if action != Action::Quit {
            self.confirm_quit = false;
        }
        match action {
            Action::Quit => {
                if self.pending.is_empty() || self.confirm_quit {
                    if let Some(p) = &self.probe {
                        p.cancel.cancel();
                    }
                    self.quit = true;
                } else {
                    self.confirm_quit = true;
                    self.set_status(Level::Warn, strings::unsaved_quit(self.pending.len()));
                }
            }
            Action::ToggleHelp => self.popup = Some(Popup::Help { scroll: 0 }),
            Action::Show(s) => {
                self.screen = s;
                self.status = None;
            }
            Action::NextPane | Action::Right => self.pane(true),
            Action::PrevPane | Action::Left => self.pane(false),
            Action::Up => self.vertical(-1),
            Action::Down => self.vertical(1),
            Action::PageUp => {
                let p = self.page();
                self.page_scroll(-p)
            }
            Action::PageDown => {
                let p = self.page();
                self.page_scroll(p)
            }
            Action::Top | Action::Bottom
                if self.screen == Screen::Assess && self.assess.focus == AssessFocus::Questions =>
            {
                let n = self
                    .assessment
                    .catalog
                    .controls
                    .get(self.assess.control)
                    .map_or(0, |c| c.questions.len());
                self.assess.question = if action == Action::Top {
                    0
                } else {
                    n.saturating_sub(1)
                };
            }
            Action::Top => self.vertical(-100_000),
            Action::Bottom => self.vertical(100_000),
            Action::Select => self.select(),
            Action::Back => self.back(),
            Action::Answer(v) if self.screen == Screen::Assess => self.answer(v),
            Action::EditNote if self.screen == Screen::Assess => self.open_text_popup(false),
            Action::AddLink if self.screen == Screen::Assess => self.open_text_popup(true),
            Action::NextUnanswered if self.screen == Screen::Assess => self.next_unanswered(),
            Action::Search if self.screen == Screen::Assess => {
                self.popup = Some(Popup::Search(SearchState {
                    input: TextEditor::new("", false),
                    hits: Vec::new(),
                    selected: 0,
                    origin: (self.assess.control, self.assess.question),
                }))
            }
            Action::CycleFilter if self.screen == Screen::Assess => self.cycle_filter(),
            Action::CycleFilter if self.screen == Screen::Frameworks => {
                let n = self.assessment.scope.len().max(1);
                self.frameworks
                    .list
                    .select((self.frameworks.list.selected + 1) % n);
                self.frameworks.requirements.select(0);
                self.frameworks.drill = None;
            }
            Action::StartProbe if self.screen == Screen::Evidence => self.start_probe(),
            Action::ExportReport => self.start_export(),
            Action::Scroll { column, row, delta } => self.click(column, row, Some(delta)),
            Action::Click { column, row } => self.click(column, row, None),
            _ => {}
        }
    }

    fn page_scroll(&mut self, delta: isize) {
        match self.screen {
            Screen::Assess => scroll(&mut self.assess.detail_scroll, delta),
            _ => self.vertical(delta),
        }
    }

    fn update_popup(&mut self, action: Action) {
        let Some(popup) = self.popup.take() else {
            return;
        };
        match popup {
            Popup::Help { scroll: s } => {
                let mut s = s;
                match action {
                    Action::Up => scroll(&mut s, -1),
                    Action::Down => scroll(&mut s, 1),
                    Action::PageUp => scroll(&mut s, -self.page()),
                    Action::PageDown => scroll(&mut s, self.page()),
                    Action::Top => s = 0,
                    Action::ToggleHelp | Action::Back | Action::Quit => return,
                    Action::Scroll { delta, .. } => scroll(&mut s, delta as isize),
                    _ => {}
                }
                self.popup = Some(Popup::Help { scroll: s });
            }
            Popup::Note {
                question,
                mut editor,
            } => match action {
                Action::InputSave => {
                    let text = editor.text().trim_end().to_string();
                    if self
                        .assessment
                        .answers
                        .get(&question)
                        .map(|a| a.note.as_str())
                        != Some(text.as_str())
                    {
                        self.change(question.clone(), Change::Note(text));
                        if self.pending.is_empty() {
                            self.set_status(Level::Info, format!("{question}: note saved"));
                        }
                    }
                }
                Action::InputDiscard => self.set_status(Level::Info, "note not changed"),
                Action::Input(key) => {
                    editor.handle_key(key);
                    self.popup = Some(Popup::Note { question, editor });
                }
                Action::Paste(text) => {
                    editor.insert_str(&text);
                    self.popup = Some(Popup::Note { question, editor });
                }
                _ => self.popup = Some(Popup::Note { question, editor }),
            },
            Popup::Link {
                question,
                mut editor,
            } => match action {
                Action::InputSave => {
                    let link = editor.text().trim().to_string();
                    if !link.is_empty() {
                        self.change(question.clone(), Change::Link(link));
                        if self.pending.is_empty() {
                            self.set_status(
                                Level::Info,
                                format!("{question}: evidence link added"),
                            );
                        }
                    }
                }
                Action::InputDiscard => {}
                Action::Input(key) => {
                    editor.handle_key(key);
                    self.popup = Some(Popup::Link { question, editor });
                }
                Action::Paste(text) => {
                    editor.insert_str(&text);
                    self.popup = Some(Popup::Link { question, editor });
                }
                _ => self.popup = Some(Popup::Link { question, editor }),
            },
            Popup::Search(mut s) => match action {
                Action::Back => {
                    let (c, q) = s.origin;
                    self.select_control(c, Some(q));
                }
                Action::Select => {
                    if let Some(hit) = s.hits.get(s.selected) {
                        if hit.question.is_some() {
                            self.assess.focus = AssessFocus::Questions;
                        }
                        let label = hit.label.clone();
                        self.set_status(Level::Info, format!("jumped to {label}"));
                    }
                }
                Action::Up | Action::Down => {
                    let n = s.hits.len();
                    if n > 0 {
                        s.selected = if action == Action::Up {
                            (s.selected + n - 1) % n
                        } else {
                            (s.selected + 1) % n
                        };
                    }
                    self.popup = Some(Popup::Search(s));
                    self.preview_search();
                }
                Action::Input(key) => {
                    s.input.handle_key(key);
                    s.hits = self.search_hits(&s.input.text());
                    s.selected = 0;
                    self.popup = Some(Popup::Search(s));
                    self.preview_search();
                }
                Action::Paste(text) => {
                    s.input.insert_str(&text);
                    s.hits = self.search_hits(&s.input.text());
                    s.selected = 0;
                    self.popup = Some(Popup::Search(s));
                    self.preview_search();
                }
                _ => self.popup = Some(Popup::Search(s)),
            },
        }
    }

    fn on_probe_event(&mut self, ev: ProbeEvent) {
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

    fn on_probe_done(&mut self, result: Result<Box<EvidenceRun>, TaskError>) {
        self.probe = None;
        match result {
            Ok(run) => {
                let run_id = run.run_id.clone();
                if let Err(e) = crate::assessment::store_run(&self.ws, &mut self.assessment, &run) {
                    self.set_status(
                        Level::Error,
                        format!("probe finished but the run could not be stored: {e}"),
                    );
                    return;
                }
                let reload = self.reload_evidence().and_then(|_| self.reload_history());
                self.rescore();
                let (targets, results) = self.runs.last().map_or((0, 0), |r| {
                    (
                        r.targets.len(),
                        r.targets.iter().map(|t| t.checks.len()).sum::<usize>(),
                    )
                });
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TreeRow {
    Domain(usize),
    Control(usize),
}

fn scroll(value: &mut u16, delta: isize) {
    *value = (*value as isize + delta).clamp(0, u16::MAX as isize) as u16;
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
    }
}
