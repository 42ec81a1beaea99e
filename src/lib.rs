//! apiassure: API security as audit-ready compliance evidence.
//!
//! Data flows one way:
//!
//! ```text
//! catalog (frameworks/ + questionnaires/ TOML, embedded)
//!    -> workspace (apiassure.toml, answers.toml, evidence/, history)
//!    -> scoring (pure functions, explanation trees)
//!    -> views (cli, tui, report)
//! probe, traffic -> write evidence into the workspace
//! ```
//!
//! Module map:
//! - [`model`]: plain domain data (controls, frameworks, answers and their
//!   edits, check results, stored TLS/HTTP observations, the check registry
//!   [`checks`]); imports nothing above it.
//! - [`diagnostics`]: `file:line:column` positions for error messages.
//! - [`files`]: bounded reads of regular files (every file apiassure reads).
//! - [`sanitize`]: the one sanitiser for text people read (terminal, TUI,
//!   text reports): control and bidirectional characters become visible.
//! - [`catalog`]: load TOML (embedded and workspace overlays) and validate it.
//! - [`workspace`]: the assessment folder: config, answers, evidence; atomic writes and the lock.
//! - [`scoring`]: pure scoring with explanation trees and conflicts.
//! - [`assessment`]: loads a workspace once and scores it; what every view shows.
//! - [`probe`]: TLS and HTTP probes and the runner that drives them; returns
//!   an evidence run, which [`assessment::store_run`] stores.
//! - [`traffic`]: the API inventory from access logs (streaming readers,
//!   endpoint templates, reconciliation with the OpenAPI document).
//! - [`portfolio`]: many workspaces read one at a time: the organisation's
//!   view, its management report and the Parquet export.
//! - [`report`]: the audit report as PDF, Markdown, JSON or CSV.
//! - [`cli`]: one module per subcommand.
//! - [`tui`]: the interactive terminal UI (The Elm Architecture).

#![forbid(unsafe_code)]

/// `println!` that returns the write error (a closed pipe) instead of
/// panicking, so `apiassure questions | head` ends quietly. Every line goes
/// through the sanitiser: no control or bidirectional character a server or
/// a teammate wrote reaches the terminal.
macro_rules! outln {
    () => {
        outln!("")
    };
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let text = format!($($arg)*);
        writeln!(std::io::stdout().lock(), "{}", $crate::sanitize::text(&text))?
    }};
}

/// `eprintln!` through the sanitiser (warnings and notes on standard error).
macro_rules! errln {
    ($($arg:tt)*) => {{
        let text = format!($($arg)*);
        eprintln!("{}", $crate::sanitize::text(&text));
    }};
}

/// `outln!` for tables and confirmations: silent under `--quiet`.
macro_rules! sayln {
    ($($arg:tt)*) => {{
        if !$crate::cli::output::quiet() {
            outln!($($arg)*)
        }
    }};
}

pub mod assessment;
pub mod catalog;
pub mod cli;
pub mod design;
pub mod diagnostics;
pub mod files;
pub mod model;
pub mod period;
pub mod portfolio;
pub mod probe;
pub mod report;
pub mod sanitize;
pub mod scoring;
pub mod sheet;
pub mod traffic;
pub mod tui;
pub mod workspace;

/// The check registry lives with the plain data (`model::checks`); this is its short path.
pub use model::checks;
