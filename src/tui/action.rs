//! Everything that can change the [`App`](super::app::App): keys (through the
//! keymap), mouse, paste, resize, the clock and background probe events. One
//! enum keeps every state change on the single `update` path.

use crossterm::event::KeyEvent;

use crate::model::AnswerValue;
use crate::probe::runner::ProbeEvent;

/// The six screens, in number-key order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    Dashboard,
    Assess,
    Evidence,
    Frameworks,
    History,
    Soa,
}

impl Screen {
    pub const ALL: [Screen; 6] = [
        Screen::Dashboard,
        Screen::Assess,
        Screen::Evidence,
        Screen::Frameworks,
        Screen::History,
        Screen::Soa,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Screen::Dashboard => "Dashboard",
            Screen::Assess => "Assess",
            Screen::Evidence => "Evidence",
            Screen::Frameworks => "Frameworks",
            Screen::History => "History",
            Screen::Soa => "SoA",
        }
    }

    pub fn index(self) -> usize {
        Screen::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Quit,
    ToggleHelp,
    Show(Screen),
    NextPane,
    PrevPane,
    Up,
    Down,
    Left,
    Right,
    Top,
    Bottom,
    PageUp,
    PageDown,
    /// Enter: open, drill down, confirm.
    Select,
    /// Esc or Backspace outside text input: close, go back, cancel.
    Back,
    Answer(AnswerValue),
    EditNote,
    AddLink,
    /// Attach an evidence file to the answer (a path is asked for).
    Attach,
    /// Record an occurrence of the selected control's periodic practice.
    RecordActivity,
    /// Decide the selected Annex A control applicable (true) or excluded.
    SoaDecide(bool),
    /// Step the status of the selected applicable control.
    SoaStatus,
    /// Withdraw the selected control's decision.
    SoaWithdraw,
    /// Choose one of the selected answer's evidence links to remove.
    RemoveLink,
    NextUnanswered,
    /// Remove the selected question's answer.
    ClearAnswer,
    /// Undo the last change made in this session.
    Undo,
    Search,
    CycleFilter,
    StartProbe,
    ExportReport,
    /// Text input popups: save (Ctrl-S) and discard (Ctrl-C).
    InputSave,
    InputDiscard,
    /// A key a text input popup handles itself (characters, cursor keys).
    Input(KeyEvent),
    Paste(String),
    /// Mouse wheel at a screen position; negative is up.
    Scroll {
        column: u16,
        row: u16,
        delta: i16,
    },
    Click {
        column: u16,
        row: u16,
    },
    Resize(u16, u16),
    /// The clock moved (ages on screen, status message expiry).
    Tick(chrono::DateTime<chrono::Utc>),
    Probe(ProbeEvent),
    /// The probe finished: the run to store, or why it stopped.
    ProbeDone(Result<Box<crate::model::EvidenceRun>, TaskError>),
    /// The report was written: its path and SHA-256, or why not.
    ExportDone(Result<(std::path::PathBuf, String), TaskError>),
    /// The current evidence, read on a background thread at start-up.
    EvidenceLoaded(Result<Box<crate::model::evidence::ledger::Ledger>, TaskError>),
}

/// Why a background task (probe, report) failed, as the status line shows it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TaskError(pub String);

impl From<crate::probe::ProbeError> for TaskError {
    fn from(e: crate::probe::ProbeError) -> Self {
        TaskError(e.to_string())
    }
}

impl From<crate::report::ReportError> for TaskError {
    fn from(e: crate::report::ReportError) -> Self {
        TaskError(e.to_string())
    }
}
