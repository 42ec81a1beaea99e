//! apiassure: API security as audit-ready compliance evidence.
//!
//! Data flows one way:
//!
//! ```text
//! catalog (frameworks/ + questionnaires/ TOML, embedded)
//!    -> workspace (apiassure.toml, answers.toml, evidence/, history)
//!    -> scoring (pure functions, explanation trees)
//!    -> views (cli, tui, report)
//! probe -> writes evidence into the workspace
//! ```
//!
//! Module map:
//! - [`model`]: plain domain data (controls, frameworks, answers, check results).
//! - [`checks`]: the registry of automated check ids and their rules.
//! - [`catalog`]: load TOML (embedded and workspace overlays) and validate it.
//! - [`workspace`]: the assessment folder: config, answers, evidence; atomic writes and the lock.
//! - [`scoring`]: pure scoring with explanation trees and conflicts.
//! - [`assessment`]: loads a workspace once and scores it; what every view shows.
//! - [`probe`]: TLS and HTTP probes and the runner that drives them.
//! - [`report`]: the audit report as PDF, Markdown, JSON or CSV.
//! - [`cli`]: one module per subcommand.
//! - [`tui`]: the interactive terminal UI (The Elm Architecture).

#![forbid(unsafe_code)]

pub mod assessment;
pub mod catalog;
pub mod checks;
pub mod cli;
pub mod diagnostics;
pub mod model;
pub mod probe;
pub mod report;
pub mod scoring;
pub mod tui;
pub mod workspace;
