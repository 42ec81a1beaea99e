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

use super::action::{Action, Screen, TaskError};
use super::keymap::Mode;
use super::screens::assess::Pending;
use super::screens::dashboard;
pub use super::screens::{
    AssessFocus, AssessState, Drill, EvidenceFocus, EvidenceState, FrameworksFocus,
    FrameworksState, ProbeState, SearchHit, SearchState, TargetProgress, TreeRow,
};
use super::strings;
use super::view;
use super::widgets::editor::TextEditor;
use super::widgets::ListCursor;
use crate::assessment::{Assessment, AssessmentError};
use crate::model::EvidenceRun;
use crate::scoring::Worklist;
use crate::workspace::history::Snapshot;
use crate::workspace::Workspace;

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
    /// The Evidence screen's target filter (`/` there): words of the name
    /// or URL, `tag:NAME`, `result:fail|warn|error|pass|info`.
    TargetFilter {
        editor: TextEditor,
    },
    /// The justification of an SoA decision (required).
    Justify {
        control: String,
        applicable: bool,
        editor: TextEditor,
    },
    /// The path of an evidence file to attach to a question's answer.
    Attach {
        question: String,
        editor: TextEditor,
    },
    /// `DATE NOTE` of an occurrence of a control's periodic practice.
    Activity {
        control: String,
        editor: TextEditor,
    },
    /// Choosing one of a question's evidence links to remove.
    Unlink {
        question: String,
        selected: usize,
    },
}

pub struct App {
    pub ws: Workspace,
    /// Catalog, config, answers, current evidence and their scores.
    pub assessment: Assessment,
    /// Evidence runs for the Evidence screen, oldest first (the last
    /// `MAX_RUNS`): ids and times at first, each run's target index read
    /// when it is shown, one target's observations when it is opened.
    pub runs: Vec<crate::tui::screens::evidence::RunEntry>,
    pub history: Vec<Snapshot>,
    /// Changes of this session, newest last: (question, its answer before).
    pub(crate) undo_stack: Vec<(String, Option<Box<crate::model::Answer>>)>,
    /// The question whose n/a reason the note editor is asking for.
    pub(crate) na_reason_for: Option<String>,
    /// Who owns each control (`owners.toml`).
    pub owners: crate::model::owners::Assignments,
    /// The evidence being read at start-up: no score is shown until it is.
    pub(crate) evidence_loading:
        Option<mpsc::Receiver<Result<crate::model::evidence::ledger::Ledger, TaskError>>>,
    /// The watched workspace files as last read (see `reload.rs`).
    pub(crate) file_stamps: [crate::tui::reload::Stamp; 3],
    pub(crate) undoing: bool,
    /// Who is answering (resolved once at start; None: answers are refused
    /// with a message saying how to set it).
    pub user: Option<String>,
    /// Each question's recorded changes (from the journal), for the Assess screen.
    pub answer_log: std::collections::BTreeMap<String, Vec<String>>,
    /// Answer next / fix next, for the Dashboard.
    pub worklist: Worklist,
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
    pub soa_view: crate::tui::screens::soa::SoaState,
    /// The audit period's analysis for the History screen's timeline.
    pub period_view: Option<crate::period::PeriodReport>,
    pub probe: Option<ProbeState>,
    /// A report being written on a background thread: its path and SHA-256, or why not.
    pub(crate) export: Option<Receiver<Result<(PathBuf, String), TaskError>>>,
    /// Answers changed during this session (a history snapshot is due on quit).
    pub answers_changed: bool,
    pub(crate) pending: Vec<Pending>,
    pub(crate) confirm_quit: bool,
    pub quit: bool,
}

impl App {
    /// Load everything the screens need from the workspace.
    pub fn load(ws: Workspace, now: DateTime<Utc>) -> Result<App, AssessmentError> {
        let assessment = Assessment::load(&ws)?;
        let mut app = App::with_lists(ws, assessment, now);
        app.rescore();
        app.warn_conflicts();
        Ok(app)
    }

    /// Load for the first frame at once: the catalog, configuration and
    /// answers now, the evidence (the ledger of every target) on a
    /// background thread. Until it arrives no score is shown
    /// ([`App::evidence_pending`]): a score without its evidence would read
    /// better than it is.
    pub fn load_in_background(ws: Workspace, now: DateTime<Utc>) -> Result<App, AssessmentError> {
        let assessment = Assessment::load_without_evidence(&ws)?;
        let mut app = App::with_lists(ws, assessment, now);
        let (tx, rx) = mpsc::channel();
        let ws = app.ws.clone();
        let spawned = std::thread::Builder::new()
            .name("apiassure-evidence".into())
            .spawn(move || {
                let _ = tx.send(ws.ledger().map_err(|e| TaskError(e.to_string())));
            });
        match spawned {
            Ok(_) => {
                app.evidence_loading = Some(rx);
                let n = app.assessment.config.targets.len();
                app.set_status(
                    Level::Info,
                    format!("reading the current evidence of {n} declared target(s)…"),
                );
            }
            // No thread: read it here.
            Err(_) => match app.ws.ledger() {
                Ok(l) => app.assessment.set_ledger(l),
                Err(e) => app.set_status(Level::Error, e.to_string()),
            },
        }
        app.worklist = app.assessment.worklist();
        app.warn_conflicts();
        Ok(app)
    }

    /// An app over `assessment` with the lists every start reads: owners,
    /// run ids, history.
    fn with_lists(ws: Workspace, assessment: Assessment, now: DateTime<Utc>) -> App {
        let mut app = App::from_parts(ws, assessment, Vec::new(), Vec::new(), now);
        match app.ws.assignments() {
            Ok(o) => app.owners = o,
            Err(e) => app.set_status(Level::Error, e.to_string()),
        }
        if let Err(e) = app.reload_evidence() {
            app.set_status(Level::Error, e.to_string());
        }
        if let Err(e) = app.reload_history() {
            app.set_status(Level::Error, e.to_string());
        }
        app
    }

    /// Say on the status line which answers a merge left in conflict.
    fn warn_conflicts(&mut self) {
        let conflicts = &self.assessment.answers.conflicts;
        if conflicts.is_empty() {
            return;
        }
        let list: Vec<&str> = conflicts.keys().map(String::as_str).collect();
        let text = format!(
            "{} answer(s) differ between two git branches and count as not assessed: {}. Answer each again here, or run `apiassure resolve`.",
            list.len(),
            list.join(", ")
        );
        self.set_status(Level::Warn, text);
    }

    /// Whether the evidence is still being read (scores are not shown yet).
    pub fn evidence_pending(&self) -> bool {
        self.evidence_loading.is_some()
    }

    /// Build from already loaded parts (tests use this with a fixture catalog).
    pub fn from_parts(
        ws: Workspace,
        assessment: Assessment,
        runs: Vec<EvidenceRun>,
        history: Vec<Snapshot>,
        now: DateTime<Utc>,
    ) -> App {
        let file_stamps = crate::tui::reload::stamps(ws.root());
        let mut app = App {
            ws,
            assessment,
            runs: runs
                .into_iter()
                .map(crate::tui::screens::evidence::RunEntry::whole)
                .collect(),
            history,
            answer_log: Default::default(),
            undo_stack: Vec::new(),
            na_reason_for: None,
            file_stamps,
            owners: crate::model::owners::Assignments::default(),
            evidence_loading: None,
            undoing: false,
            user: None,
            worklist: Worklist::default(),
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
                filter: String::new(),
                detail: None,
            },
            frameworks: FrameworksState {
                focus: FrameworksFocus::Requirements,
                list: ListCursor::default(),
                requirements: ListCursor::default(),
                drill: None,
            },
            soa_view: Default::default(),
            period_view: None,
            probe: None,
            export: None,
            answers_changed: false,
            pending: Vec::new(),
            confirm_quit: false,
            quit: false,
        };
        app.user = crate::workspace::identity(None, app.ws.root());
        app.reload_answer_log();
        app.rescore();
        app.select_first_unanswered();
        app
    }

    /// Re-read each question's history from the journal.
    pub fn reload_answer_log(&mut self) {
        if let Ok(entries) = self.ws.journal().entries() {
            self.answer_log = crate::model::journal::answer_history(&entries);
        }
    }

    /// Questions overdue on `today`, per owner of their control: not
    /// assessed past the control's due date, or past their review date.
    pub fn overdue_by_owner(&self) -> Vec<(String, usize)> {
        let today = self.now.date_naive();
        let review_days = self.assessment.config.assessment.answer_review_days;
        let mut by: std::collections::BTreeMap<String, usize> = Default::default();
        for (c, q) in self.assessment.catalog.questions() {
            let overdue = match self.assessment.answers.get(&q.id) {
                Some(a) if a.is_assessed(today) => a.review_date(review_days) < today,
                _ => self.owners.past_due(&c.id, today),
            };
            if overdue {
                let owner = self
                    .owners
                    .get(&c.id)
                    .map_or("(no owner)".to_string(), |a| a.owner.clone());
                *by.entry(owner).or_default() += 1;
            }
        }
        let mut out: Vec<(String, usize)> = by.into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    /// Whether a control has an overdue question (see [`App::overdue_by_owner`]).
    pub fn control_overdue(&self, control: &crate::model::Control) -> bool {
        let today = self.now.date_naive();
        let review_days = self.assessment.config.assessment.answer_review_days;
        control
            .questions
            .iter()
            .any(|q| match self.assessment.answers.get(&q.id) {
                Some(a) if a.is_assessed(today) => a.review_date(review_days) < today,
                _ => self.owners.past_due(&control.id, today),
            })
    }

    /// Recompute scores and the derived gap list; cheap enough for every change.
    pub fn rescore(&mut self) {
        self.assessment.rescore();
        self.worklist = self.assessment.worklist();
    }

    pub fn mode(&self) -> Mode {
        match &self.popup {
            None => Mode::Normal(self.screen),
            Some(Popup::Help { .. }) => Mode::Help,
            Some(Popup::Note { .. }) => Mode::Editor,
            Some(Popup::Link { .. })
            | Some(Popup::TargetFilter { .. })
            | Some(Popup::Justify { .. })
            | Some(Popup::Attach { .. })
            | Some(Popup::Activity { .. }) => Mode::LineInput,
            Some(Popup::Search(_)) => Mode::Search,
            Some(Popup::Unlink { .. }) => Mode::Help,
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
        if let Some(rx) = &self.evidence_loading {
            match rx.try_recv() {
                Ok(result) => out.push(Action::EvidenceLoaded(result.map(Box::new))),
                Err(mpsc::TryRecvError::Disconnected) => out.push(Action::EvidenceLoaded(Err(
                    TaskError("the thread reading the evidence stopped unexpectedly".into()),
                ))),
                Err(mpsc::TryRecvError::Empty) => {}
            }
        }
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
                let result = crate::report::export_frameworks(
                    &ws,
                    crate::report::Format::Pdf,
                    None,
                    &[],
                    None,
                )
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
                format!("report written: {} (SHA-256 {sha})", path.display()),
            ),
            Err(e) => self.set_status(Level::Error, format!("report failed: {e}")),
        }
    }

    /// The question of control `c` to open from the worklist: the first one
    /// not assessed, else the first answered less than yes, else the first.
    fn question_to_work_on(&self, c: usize) -> usize {
        let Some(control) = self.assessment.catalog.controls.get(c) else {
            return 0;
        };
        let answer = |q: &crate::model::Question| self.assessment.answers.get(&q.id);
        control
            .questions
            .iter()
            .position(|q| answer(q).is_none_or(|a| a.is_unjustified_na()))
            .or_else(|| {
                control.questions.iter().position(|q| {
                    answer(q).is_some_and(|a| {
                        matches!(
                            a.answer,
                            crate::model::AnswerValue::No | crate::model::AnswerValue::Partial
                        )
                    })
                })
            })
            .unwrap_or(0)
    }

    /// Append a history snapshot (trigger `tui`) if answers changed this session.
    pub fn on_quit(&mut self) -> Result<(), AssessmentError> {
        if !self.answers_changed {
            return Ok(());
        }
        crate::assessment::record_snapshot(&self.ws, &mut self.assessment, "tui").map(|_| ())
    }

    // ----- Assess helpers -------------------------------------------------

    // ----- Saving answers ----------------------------------------------------

    // ----- Search -------------------------------------------------------------

    // ----- Frameworks ---------------------------------------------------------

    // ----- Evidence -----------------------------------------------------------

    // ----- Navigation ----------------------------------------------------------

    fn vertical(&mut self, delta: isize) {
        match self.screen {
            Screen::Dashboard => self.dashboard.move_by(delta, self.worklist.len()),
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
                    let n = self.visible_targets().len();
                    self.evidence.targets.move_by(delta, n);
                    self.evidence.detail_scroll = 0;
                }
                EvidenceFocus::Details => scroll(&mut self.evidence.detail_scroll, delta),
            },
            Screen::Frameworks => match (&mut self.frameworks.drill, self.frameworks.focus) {
                (Some(d), _) => {
                    let n = self
                        .assessment
                        .scope
                        .get(self.frameworks.list.selected)
                        .and_then(|id| self.assessment.catalog.framework(id))
                        .and_then(|f| f.requirements.get(d.requirement))
                        .map_or(0, |r| r.controls.len());
                    d.control =
                        (d.control as isize + delta).clamp(0, n.max(1) as isize - 1) as usize;
                    d.scroll = 0;
                }
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
            Screen::Soa => self.soa_view.list.move_by(delta, 93),
        }
    }

    pub(crate) fn page(&self) -> isize {
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
            Screen::Dashboard | Screen::History | Screen::Soa => {}
        }
    }

    fn select(&mut self) {
        match self.screen {
            Screen::Dashboard => {
                if let Some(gap) = self.worklist.get(self.dashboard.selected) {
                    let c = gap.control;
                    let question = self.question_to_work_on(c);
                    self.assess.filter = None;
                    self.select_control(c, Some(question));
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
                        control: 0,
                        scroll: 0,
                    });
                }
            }
            Screen::Frameworks => {
                // In the "why" view Enter opens the selected control in Assess.
                let target = self.frameworks.drill.as_ref().and_then(|d| {
                    let req = self.selected_framework()?.requirements.get(d.requirement)?;
                    let id = req.controls.get(d.control)?;
                    self.assessment
                        .catalog
                        .controls
                        .iter()
                        .position(|c| &c.id == id)
                });
                if let Some(c) = target {
                    let question = self.question_to_work_on(c);
                    self.assess.filter = None;
                    self.select_control(c, Some(question));
                    self.assess.focus = AssessFocus::Questions;
                    self.screen = Screen::Assess;
                }
            }
            Screen::History | Screen::Soa => {}
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
                    Some(d) => self.dashboard.move_by(d as isize, self.worklist.len()),
                    None => {
                        let height = rect.height.saturating_sub(2) as usize;
                        if let Some(i) = dashboard::item_at_line(self, height, line) {
                            self.dashboard.select(i);
                        }
                    }
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
                let n = self.visible_targets().len();
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
        self.update_inner(action);
        if self.screen == Screen::Evidence {
            self.ensure_evidence();
        }
    }

    fn update_inner(&mut self, action: Action) {
        match action {
            Action::Tick(now) => {
                self.now = now;
                if self.probe.is_none() {
                    self.reload_changed_files();
                }
                return;
            }
            Action::Resize(w, h) => self.size = (w, h),
            Action::Probe(ev) => self.on_probe_event(ev),
            Action::ProbeDone(result) => self.on_probe_done(result),
            Action::ExportDone(result) => self.on_export_done(result),
            Action::EvidenceLoaded(result) => {
                // Stale when something read the evidence since (a probe, a reload).
                if self.evidence_loading.take().is_some() {
                    match result {
                        Ok(ledger) => {
                            self.assessment.set_ledger(*ledger);
                            self.worklist = self.assessment.worklist();
                            // The "reading…" note goes; the key hints come back.
                            if self
                                .status
                                .as_ref()
                                .is_some_and(|s| s.text.starts_with("reading the current evidence"))
                            {
                                self.status = None;
                            }
                        }
                        Err(e) => self.set_status(
                            Level::Error,
                            format!("the evidence could not be read: {}", e.0),
                        ),
                    }
                }
            }
            other
                if changes_data(&other)
                    && crate::tui::view::too_small(ratatui::layout::Rect::new(
                        0,
                        0,
                        self.size.0,
                        self.size.1,
                    )) =>
            {
                // Nothing that changes data happens while the screen cannot show it.
                self.set_status(Level::Warn, strings::TOO_SMALL.to_string());
            }
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
        self.update_normal_inner(action)
    }

    fn update_normal_inner(&mut self, action: Action) {
        if action != Action::Quit {
            self.confirm_quit = false;
        }
        match action {
            Action::Quit => {
                // Unsaved changes are retried first (the disk may have room
                // again): only what still cannot be saved is at stake.
                if !self.pending.is_empty() {
                    self.flush();
                }
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
                if s == Screen::Soa {
                    self.reload_soa();
                }
                if s == Screen::History {
                    self.reload_period();
                }
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
            Action::RemoveLink if self.screen == Screen::Assess => self.open_unlink_popup(),
            Action::Attach if self.screen == Screen::Assess => self.open_attach_popup(),
            Action::RecordActivity if self.screen == Screen::Assess => {
                if let Some(c) = self.assessment.catalog.controls.get(self.assess.control) {
                    self.popup = Some(Popup::Activity {
                        control: c.id.clone(),
                        editor: TextEditor::new(
                            &format!("{} ", self.now.format("%Y-%m-%d")),
                            false,
                        ),
                    });
                }
            }
            Action::SoaDecide(applicable) if self.screen == Screen::Soa => {
                self.open_justify(applicable)
            }
            Action::SoaStatus if self.screen == Screen::Soa => self.cycle_soa_status(),
            Action::SoaWithdraw if self.screen == Screen::Soa => self.withdraw_soa(),
            Action::ClearAnswer if self.screen == Screen::Assess => self.clear_answer(),
            Action::Undo if self.screen == Screen::Assess => self.undo(),
            Action::NextUnanswered if self.screen == Screen::Assess => self.next_unanswered(),
            Action::Search if self.screen == Screen::Assess => {
                self.popup = Some(Popup::Search(SearchState {
                    input: TextEditor::new("", false),
                    hits: Vec::new(),
                    selected: 0,
                    origin: (self.assess.control, self.assess.question),
                }))
            }
            Action::Search if self.screen == Screen::Evidence => {
                self.popup = Some(Popup::TargetFilter {
                    editor: TextEditor::new(&self.evidence.filter, false),
                })
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
            Screen::Frameworks if self.frameworks.drill.is_some() => {
                if let Some(d) = &mut self.frameworks.drill {
                    scroll(&mut d.scroll, delta)
                }
            }
            _ => self.vertical(delta),
        }
    }
}

pub(crate) fn scroll(value: &mut u16, delta: isize) {
    *value = (*value as isize + delta).clamp(0, u16::MAX as isize) as u16;
}

/// Actions that change the workspace (refused while the window is too small).
fn changes_data(action: &Action) -> bool {
    matches!(
        action,
        Action::Answer(_)
            | Action::EditNote
            | Action::AddLink
            | Action::RemoveLink
            | Action::Attach
            | Action::RecordActivity
            | Action::SoaDecide(_)
            | Action::SoaStatus
            | Action::SoaWithdraw
            | Action::ClearAnswer
            | Action::Undo
            | Action::InputSave
            | Action::StartProbe
            | Action::ExportReport
    )
}
