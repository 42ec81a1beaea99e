//! The command line: one module per subcommand, each with its own `Args` and
//! `run`. Commands return the exit code (0 ok, 1 problems found); errors
//! become exit status 2 in `main`.

/// `println!` that returns the write error (a closed pipe) instead of
/// panicking, so `apiassure questions | head` ends quietly.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?
    }};
}

pub mod answer;
pub mod catalog;
pub mod diff;
pub mod evidence;
pub mod history;
pub mod init;
pub mod probe;
pub mod questions;
pub mod report;
pub mod score;
pub mod verify;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

use crate::workspace::Workspace;

#[derive(Debug, Parser)]
#[command(
    name = "apiassure",
    version,
    about = "API security as audit-ready compliance evidence",
    long_about = "apiassure walks a team through the API-security controls auditors ask about, \
probes live endpoints for evidence, and scores ISO 27001:2022, SOC 2, GDPR, NIS2, technology \
due diligence and the OWASP API Security Top 10 2023 transparently.\n\n\
Run without a subcommand in a terminal to open the interactive assessment."
)]
pub struct Cli {
    /// Workspace folder (default: the current folder).
    #[arg(
        long,
        short = 'w',
        global = true,
        env = "APIASSURE_WORKSPACE",
        default_value = "."
    )]
    pub workspace: PathBuf,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a workspace: a commented apiassure.toml and an empty answers file.
    Init(init::Args),
    /// Record an answer to a question.
    Answer(answer::Args),
    /// List the questions, with their answers.
    Questions(questions::Args),
    /// Score every framework in scope, with explanations.
    Score(score::Args),
    /// Validate or list the control catalog.
    #[command(subcommand)]
    Catalog(catalog::Command),
    /// Probe live endpoints (TLS, HTTP, auth, CORS, rate limits) and store the evidence.
    Probe(probe::Args),
    /// List and verify stored evidence runs.
    #[command(subcommand)]
    Evidence(evidence::Command),
    /// Open the interactive assessment (the default in a terminal).
    Tui,
    /// Write the audit report (PDF, Markdown, JSON or CSV) and print its SHA-256.
    Report(report::Args),
    /// Check the journal, answers, evidence and history for changes made outside apiassure.
    Verify(verify::Args),
    /// Make an Ed25519 key to sign journal entries and probe runs.
    Keygen(verify::KeygenArgs),
    /// Framework scores over time.
    History(history::Args),
    /// Who changed what, when: the journal, or one question's answers.
    Log(history::LogArgs),
    /// What moved between two score snapshots, and the answers and checks that moved it.
    Diff(diff::Args),
}

pub fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Some(Command::Init(args)) => init::run(&cli.workspace, args),
        Some(Command::Answer(args)) => answer::run(&open(&cli.workspace)?, args),
        Some(Command::Questions(args)) => questions::run(&open(&cli.workspace)?, args),
        Some(Command::Score(args)) => score::run(&open(&cli.workspace)?, args),
        Some(Command::Catalog(cmd)) => catalog::run(&cli.workspace, cmd),
        Some(Command::Probe(args)) => probe::run(&open(&cli.workspace)?, args),
        Some(Command::Evidence(cmd)) => evidence::run(&open(&cli.workspace)?, cmd),
        Some(Command::Tui) => Ok(crate::tui::run(&cli.workspace)?),
        None if std::io::IsTerminal::is_terminal(&std::io::stdout()) => {
            Ok(crate::tui::run(&cli.workspace)?)
        }
        Some(Command::Report(args)) => report::run(&open(&cli.workspace)?, args),
        Some(Command::Verify(args)) => verify::run(&open(&cli.workspace)?, args),
        Some(Command::Keygen(args)) => verify::keygen(args),
        Some(Command::History(args)) => history::run(&open(&cli.workspace)?, args),
        Some(Command::Log(args)) => history::log(&open(&cli.workspace)?, args),
        Some(Command::Diff(args)) => diff::run(&open(&cli.workspace)?, args),
        None => {
            let ws = open(&cli.workspace)?;
            score::run(&ws, score::Args::default())
        }
    }
}

pub(crate) fn open(dir: &std::path::Path) -> Result<Workspace> {
    Ok(Workspace::open(dir)?)
}

/// Pad or cut `s` to `width` characters.
pub(crate) fn cell(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n > width {
        let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
        out.push('…');
        out
    } else {
        format!("{s}{}", " ".repeat(width - n))
    }
}

pub(crate) use crate::scoring::fmt_score;
