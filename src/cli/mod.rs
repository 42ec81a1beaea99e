//! The command line: one module per subcommand, each with its own `Args` and
//! `run`. Commands return the exit code (0 ok, 1 problems found); errors
//! become exit status 2 in `main`.

pub mod answer;
pub mod approve;
pub mod assign;
pub mod catalog;
pub mod diff;
pub mod evidence;
pub mod gitrev;
pub mod history;
pub mod import;
pub mod init;
pub mod lint;
pub mod output;
pub mod period;
pub mod portfolio;
pub mod probe;
pub mod questions;
pub mod report;
pub mod resolve;
pub mod score;
pub mod soa;
pub mod traffic;
pub mod verify;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

use crate::workspace::Workspace;

/// A date argument that is not `YYYY-MM-DD`.
#[derive(Debug, thiserror::Error)]
#[error("'{given}' is not a date like 2027-03-31 ({source})")]
pub struct DateArgError {
    given: String,
    source: chrono::ParseError,
}

/// A `YYYY-MM-DD` argument (`--due`, `--review-by`, `--expires`).
pub fn parse_date(s: &str) -> std::result::Result<chrono::NaiveDate, DateArgError> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|source| DateArgError {
        given: s.to_string(),
        source,
    })
}

/// An error as one line for standard error: each cause once (an I/O error
/// that is both a message's tail and its source is not said twice), through
/// the sanitiser (a hostile server's text never steers the terminal).
pub fn error_message(err: &anyhow::Error) -> String {
    let mut msg = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if msg.ends_with(&text) || msg.contains(&format!("{text}: ")) {
            continue;
        }
        if !msg.is_empty() {
            msg.push_str(": ");
        }
        msg.push_str(&text);
    }
    crate::sanitize::line(&msg).into_owned()
}

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
    /// Workspace folder (default: the nearest folder holding apiassure.toml,
    /// from the current folder upwards, like git).
    #[arg(long, short = 'w', global = true, env = "APIASSURE_WORKSPACE")]
    pub workspace: Option<PathBuf>,

    /// Print only data asked for (JSON, CSV) and errors: no tables,
    /// confirmations or warnings. Exit codes are unchanged.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,

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
    /// Review OpenAPI documents for security design problems (works without a workspace).
    Lint(lint::Args),
    /// The API inventory from access logs: shadow, zombie and old-version endpoints.
    Traffic(traffic::Args),
    /// One view over many workspaces: scores, verification, trends; reports and Parquet.
    Portfolio(portfolio::Args),
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
    /// List or settle questions two git branches answered differently.
    Resolve(resolve::Args),
    /// Approve an answer as a second person (four eyes).
    Approve(approve::Args),
    /// Give a control an owner and a due date.
    Assign(assign::Args),
    /// Operating effectiveness over an audit period: exceptions, gaps, periodic practices.
    Period(period::Args),
    /// Record an occurrence of a control's periodic practice (an access review, a restore test).
    Activity(period::ActivityArgs),
    /// Record management's response to an exception of the audit period.
    Respond(period::RespondArgs),
    /// Decide a control's applicability (ISO 27001 Statement of Applicability), or list the statement.
    Soa(soa::Args),
    /// Import answers from a spreadsheet (CSV or XLSX, the `questions --format csv` layout).
    Import(import::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff; `apiassure man probe | man -l -`), or
    /// write every page to a folder (`--dir`).
    Man {
        /// The subcommand whose page to print (`evidence list`: `evidence-list`);
        /// default: the main page.
        #[arg(value_name = "SUBCOMMAND")]
        page: Option<String>,
        /// Write apiassure.1 and one apiassure-<subcommand>.1 per subcommand here.
        #[arg(long, value_name = "DIR", conflicts_with = "page")]
        dir: Option<PathBuf>,
    },
}

/// Every manual page: `(file stem, command)`, the main page first, then one
/// per subcommand and nested subcommand (`apiassure-evidence-list`), each
/// named as the main page's SEE ALSO section names it.
pub fn man_pages() -> Vec<(String, clap::Command)> {
    fn walk(prefix: &str, cmd: &clap::Command, out: &mut Vec<(String, clap::Command)>) {
        for sub in cmd.get_subcommands() {
            let stem = format!("{prefix}-{}", sub.get_name());
            out.push((stem.clone(), sub.clone().name(stem.clone())));
            walk(&stem, sub, out);
        }
    }
    let mut root = <Cli as clap::CommandFactory>::command();
    // Built as the pages render it, `help` subcommands included.
    root.build();
    let mut out = vec![("apiassure".to_string(), root.clone())];
    walk("apiassure", &root, &mut out);
    out
}

pub fn run(cli: Cli) -> Result<u8> {
    output::set_quiet(cli.quiet);
    let explicit = cli.workspace.clone();
    let here = || explicit.clone().unwrap_or_else(|| PathBuf::from("."));
    let found = || explicit.clone().unwrap_or_else(discover);
    match cli.command {
        Some(Command::Init(args)) => init::run(&here(), args),
        Some(Command::Answer(args)) => answer::run(&open(&found())?, args),
        Some(Command::Resolve(args)) => resolve::run(&open(&found())?, args),
        Some(Command::Approve(args)) => approve::run(&open(&found())?, args),
        Some(Command::Assign(args)) => assign::run(&open(&found())?, args),
        Some(Command::Soa(args)) => soa::run(&open(&found())?, args),
        Some(Command::Period(args)) => period::run(&open(&found())?, args),
        Some(Command::Activity(args)) => period::activity(&open(&found())?, args),
        Some(Command::Respond(args)) => period::respond(&open(&found())?, args),
        Some(Command::Import(args)) => import::run(&open(&found())?, args),
        Some(Command::Questions(args)) => questions::run(&open(&found())?, args),
        Some(Command::Score(args)) => score::run(&open(&found())?, args),
        Some(Command::Catalog(cmd)) => catalog::run(&found(), cmd),
        Some(Command::Probe(args)) => probe::run(&open(&found())?, args),
        Some(Command::Lint(args)) => lint::run(Some(&found()), args),
        Some(Command::Traffic(args)) => traffic::run(&found(), args),
        Some(Command::Portfolio(args)) => portfolio::run(args),
        Some(Command::Evidence(cmd)) => evidence::run(&open(&found())?, cmd),
        Some(Command::Tui) => {
            use std::io::IsTerminal;
            if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
                anyhow::bail!(
                    "the interactive assessment needs a terminal (stdin and stdout are not one): run it in a terminal, or use `apiassure score` and `apiassure questions` in scripts"
                );
            }
            Ok(crate::tui::run(&found())?)
        }
        None if std::io::IsTerminal::is_terminal(&std::io::stdout())
            && std::io::IsTerminal::is_terminal(&std::io::stdin()) =>
        {
            Ok(crate::tui::run(&found())?)
        }
        Some(Command::Report(args)) => report::run(&open(&found())?, args),
        Some(Command::Verify(args)) => match args.pack.clone() {
            Some(dir) => verify::run_pack(&dir, &args),
            None => verify::run(&open(&found())?, args),
        },
        Some(Command::Keygen(args)) => verify::keygen(args),
        Some(Command::History(args)) => history::run(&open(&found())?, args),
        Some(Command::Log(args)) => history::log(&open(&found())?, args),
        Some(Command::Diff(args)) => diff::run(&open(&found())?, args),
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "apiassure", &mut std::io::stdout());
            Ok(0)
        }
        Some(Command::Man { page, dir }) => {
            let pages = man_pages();
            if let Some(dir) = dir {
                std::fs::create_dir_all(&dir)?;
                for (stem, cmd) in &pages {
                    let mut bytes = Vec::new();
                    clap_mangen::Man::new(cmd.clone()).render(&mut bytes)?;
                    let path = dir.join(format!("{stem}.1"));
                    crate::workspace::atomic::write_atomic(&path, &bytes)
                        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                }
                sayln!("{} manual pages written to {}", pages.len(), dir.display());
                return Ok(0);
            }
            let stem = match page {
                None => "apiassure".to_string(),
                Some(p) => format!("apiassure-{}", p.trim().replace(' ', "-")),
            };
            let Some((_, cmd)) = pages.iter().find(|(s, _)| *s == stem) else {
                anyhow::bail!(
                    "no manual page {stem}: pages are {}",
                    pages
                        .iter()
                        .map(|(s, _)| s.trim_start_matches("apiassure-"))
                        .filter(|s| *s != "apiassure")
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            };
            clap_mangen::Man::new(cmd.clone()).render(&mut std::io::stdout())?;
            Ok(0)
        }
        None => {
            let ws = open(&found())?;
            score::run(&ws, score::Args::default())
        }
    }
}

/// The nearest folder holding `apiassure.toml`, from the current folder
/// upwards; the current folder when there is none (commands then say it is
/// not a workspace).
pub fn discover() -> PathBuf {
    let Ok(cwd) = std::env::current_dir() else {
        return PathBuf::from(".");
    };
    let mut dir = cwd.as_path();
    loop {
        if dir.join(crate::workspace::config::CONFIG_FILE).is_file() {
            return if dir == cwd {
                PathBuf::from(".")
            } else {
                dir.to_path_buf()
            };
        }
        match dir.parent() {
            Some(p) => dir = p,
            None => return PathBuf::from("."),
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
