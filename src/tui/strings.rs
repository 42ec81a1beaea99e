//! User-facing sentences of the TUI in one place, so wording stays consistent
//! and can be reviewed (and one day translated) without reading view code.

pub const APP_NAME: &str = "apiassure";
pub const TOO_SMALL: &str = "The window is too small for apiassure.";
pub const TOO_SMALL_HINT: &str = "Enlarge it to at least 60 x 16 characters (q quits).";
pub const NO_EVIDENCE: &str =
    "no evidence yet: press r on Evidence (3) to probe the declared targets";
pub const NO_TARGETS: &str =
    "no targets declared: add [[targets]] with a url to apiassure.toml, then press r again";
pub const PROBE_RUNNING: &str = "a probe is already running (Esc cancels it)";
pub const PROBE_CANCELLING: &str = "cancelling the probe...";
pub const EXPORT_STARTED: &str = "writing the PDF report…";
pub const EXPORT_RUNNING: &str = "a report is already being written";
pub const ALL_ANSWERED: &str = "every question in view is answered";
pub const ANSWER_FIRST: &str = "answer the question first (y/p/n/a), then add a note or link";
pub const NO_CONFLICTS: &str =
    "No conflicts: no question answered yes is contradicted by a failed check.";
pub const NO_GAPS: &str =
    "Nothing to do: every question is answered and every mapped control scores 100.";
pub const ALL_ASSESSED: &str = "every mapped control is fully answered";
pub const NOTHING_TO_FIX: &str = "no answered control scores below 100";
pub const NO_RUNS: &str =
    "No probe runs yet. Declare targets in apiassure.toml ([[targets]] url = ...) and press r to probe them.";
pub const NO_HISTORY: &str = "No history yet. A snapshot of every framework score is recorded after each probe run, \
by `apiassure score --record`, and when you quit the TUI after changing answers. Come back after one of those.";
pub const ONE_SNAPSHOT: &str = "Only one snapshot so far: changes appear after the next one.";
pub const NOTE_HELP: &str = "Ctrl-S: save and close · Esc or Ctrl-C: cancel · Enter: new line";
pub const LINK_HELP: &str = "Enter: add · Esc: cancel";
pub const UNLINK_HELP: &str = "↑↓ choose · Enter: remove (z undoes) · Esc: cancel";
pub const SEARCH_HELP: &str = "type to search · ↑↓ choose · Enter jump · Esc cancel";

pub fn unsaved_quit(n: usize) -> String {
    format!("{n} change(s) could not be saved to answers.toml: press q again to quit and lose them")
}

pub fn save_failed(err: &str) -> String {
    format!("could not save answers.toml: {err} (kept in memory; retried with your next change)")
}

pub fn create_prompt(dir: &str) -> String {
    format!("No apiassure workspace in {dir}. Create one? [y/N]")
}

/// Under the Evidence screen's target filter.
pub const TARGET_FILTER_HELP: &str =
    "words of a name or URL, tag:NAME, result:fail|warn|error · Enter applies, empty clears";
