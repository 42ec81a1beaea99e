//! `apiassure score`: framework scores with their explanation, for people and CI.

use anyhow::Result;
use chrono::Utc;

use super::output;
use super::{cell, fmt_score};
use crate::assessment::{self, Assessment};
use crate::model::Catalog;
use crate::scoring::Scorecard;
use crate::workspace::Workspace;

#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// Only this framework (repeatable); default: the frameworks in scope.
    #[arg(long = "framework", value_name = "ID")]
    pub frameworks: Vec<String>,
    /// table, json (the full explanation tree; docs/schema/score.schema.json),
    /// csv (one row per framework) or junit (a test case per requirement,
    /// failing in the "major gaps" and "not ready" bands, for CI test tabs).
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "json")]
    pub format: Option<ScoreFormat>,
    /// Same as --format json.
    #[arg(long)]
    pub json: bool,
    /// Exit 1 when any framework shown scores under PCT (CI gate).
    #[arg(long, value_name = "PCT")]
    pub fail_under: Option<f64>,
    /// Show the explanation tree: requirements, controls, answers and checks.
    #[arg(long)]
    pub explain: bool,
    /// Also store this score in the workspace history.
    #[arg(long)]
    pub record: bool,
}

/// `score --format`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ScoreFormat {
    #[default]
    Table,
    Json,
    Csv,
    Junit,
}

impl Args {
    pub fn format(&self) -> ScoreFormat {
        match (self.format, self.json) {
            (Some(f), _) => f,
            (None, true) => ScoreFormat::Json,
            (None, false) => ScoreFormat::Table,
        }
    }
}

pub fn run(ws: &Workspace, args: Args) -> Result<u8> {
    if let Some(limit) = args.fail_under {
        if !(0.0..=100.0).contains(&limit) {
            anyhow::bail!("--fail-under {limit} is out of range: scores run from 0 to 100");
        }
    }
    let mut assessment = Assessment::load(ws)?;
    let selected = assessment.select_frameworks(&args.frameworks)?;
    if !output::quiet() {
        let conflicts = &assessment.answers.conflicts;
        if !conflicts.is_empty() {
            errln!(
                "warning: {} question(s) answered differently on two git branches count as not assessed until resolved: {} (`apiassure resolve` lists both sides)",
                conflicts.len(),
                conflicts.keys().cloned().collect::<Vec<_>>().join(", ")
            );
        }
        for (run, at) in &assessment.future_runs {
            errln!(
                "warning: run {run} is dated {}, after now: the clock of the machine that probed was wrong; its results count as stale and never outrank a later run",
                at.format("%Y-%m-%d %H:%M UTC")
            );
        }
    }
    let recorded =
        !args.record || assessment::record_snapshot(ws, &mut assessment, "score")?.is_some();
    if !recorded && !output::quiet() {
        errln!("nothing changed since the last snapshot (answers, current evidence and scores are the same): none recorded");
    }
    let Assessment {
        catalog, mut card, ..
    } = assessment;
    card.frameworks.retain(|f| selected.contains(&f.id));
    card.frameworks
        .sort_by_key(|f| selected.iter().position(|s| s == &f.id));

    match args.format() {
        ScoreFormat::Json => outln!("{}", crate::cli::output::json_text(&card)?),
        ScoreFormat::Csv => output::write(&csv(&card))?,
        ScoreFormat::Junit => output::write(&crate::report::junit::score(&card))?,
        ScoreFormat::Table => {
            if !output::quiet() {
                print_table(&catalog, &card)?;
                if args.explain {
                    print_explanation(&catalog, &card)?;
                }
            }
        }
    }

    if let Some(limit) = args.fail_under {
        let under: Vec<String> = card
            .frameworks
            .iter()
            .filter(|f| f.score.unwrap_or(0.0) < limit)
            .map(|f| format!("{} {}", f.id, fmt_score(f.score)))
            .collect();
        if !under.is_empty() {
            errln!("under {limit}: {}", under.join(", "));
            return Ok(1);
        }
    }
    Ok(0)
}

/// One row per framework: what the table shows, as numbers.
fn csv(card: &Scorecard) -> String {
    let num = |v: Option<f64>| v.map_or_else(String::new, |v| format!("{v:.2}"));
    output::csv(
        &[
            "framework_id",
            "framework",
            "score",
            "band",
            "band_reason",
            "answered_pct",
            "questions_assessed",
            "questions_total",
            "requirements_scored_pct",
            "evidence_coverage_pct",
            "conflicts",
        ],
        card.frameworks.iter().map(|f| {
            vec![
                f.id.clone(),
                f.name.clone(),
                num(f.score),
                f.band.label().to_string(),
                f.band_reason.clone(),
                format!("{:.2}", f.coverage),
                f.questions_assessed.to_string(),
                f.questions_total.to_string(),
                format!("{:.2}", f.requirements_scored),
                num(f.evidence_coverage),
                f.conflicts.to_string(),
            ]
        }),
    )
}

fn age(at: chrono::DateTime<Utc>) -> String {
    crate::scoring::fmt_age(Utc::now(), at)
}

fn print_table(catalog: &Catalog, card: &Scorecard) -> Result<()> {
    let e = &card.evidence;
    match e.latest {
        Some(latest) => sayln!(
            "Evidence: {} of {} expected check results current on {} declared targets ({} stale, {} not verified, {} newest attempts failed); {} runs, newest result {} ago",
            e.current,
            e.expected,
            e.targets,
            e.stale,
            e.not_verified,
            e.failed_attempts,
            e.runs,
            age(latest)
        ),
        None if e.targets == 0 => sayln!(
            "Evidence: no declared targets (add [[targets]] to apiassure.toml, then run `apiassure probe`)"
        ),
        None => sayln!(
            "Evidence: none yet for {} declared targets (run `apiassure probe`)",
            e.targets
        ),
    }
    sayln!();
    sayln!(
        "{}  {}  {:>6}  {:>8}  {:>8}  {}  {:>9}",
        cell("FRAMEWORK", 16),
        cell("NAME", 30),
        "SCORE",
        "ANSWERED",
        "EVIDENCE",
        cell("STATUS", 21),
        "CONFLICTS"
    );
    for f in &card.frameworks {
        sayln!(
            "{}  {}  {:>6}  {:>7.1}%  {:>8}  {}  {:>9}",
            cell(&f.id, 16),
            cell(&f.name, 30),
            fmt_score(f.score),
            f.coverage,
            f.evidence_coverage
                .map_or_else(|| "n/a".to_string(), |c| format!("{c:.1}%")),
            cell(f.band.label(), 21),
            f.conflicts
        );
    }
    for f in card.frameworks.iter().filter(|f| {
        matches!(f.band, crate::scoring::Band::InsufficientCoverage)
            || f.band_reason.starts_with("scores in the ready range")
    }) {
        sayln!("  {}: {}", f.id, f.band_reason);
    }
    let total = catalog.questions().count();
    let unanswered = card.controls.iter().map(|c| c.not_assessed).sum::<usize>();
    sayln!();
    sayln!("Not assessed: {unanswered} of {total} questions (each scores 0 until answered).");
    if !card.unjustified_na.is_empty() {
        sayln!(
            "n/a without a reason (counted as not assessed; add one with `apiassure answer ID na --note ...`): {}",
            card.unjustified_na.join(", ")
        );
    }
    if !card.due_answers.is_empty() {
        sayln!(
            "Due for review: {} answers past their review date (oldest: {} due {})",
            card.due_answers.len(),
            card.due_answers
                .iter()
                .min_by_key(|d| d.due)
                .map_or("", |d| d.question.as_str()),
            card.due_answers
                .iter()
                .map(|d| d.due)
                .min()
                .map_or_else(String::new, |d| d.to_string())
        );
    }
    if !card.conflicts.is_empty() {
        sayln!("Conflicts (answered yes, evidence failed; evidence wins):");
        for c in &card.conflicts {
            sayln!(
                "  {}: {} vs {}",
                c.control,
                c.questions.join(", "),
                c.evidence.join("; ")
            );
        }
    }
    if !card.orphan_answers.is_empty() {
        sayln!(
            "Kept but not scored: answers to questions no longer in the catalog: {}",
            card.orphan_answers.join(", ")
        );
    }
    Ok(())
}

fn print_explanation(catalog: &Catalog, card: &Scorecard) -> Result<()> {
    for f in &card.frameworks {
        sayln!(
            "\n{} {} = {} ({})",
            f.id,
            f.name,
            fmt_score(f.score),
            f.explanation
        );
        for r in &f.requirements {
            sayln!(
                "  {} {} = {} (weight {}, {}; mapping: {})",
                r.id,
                r.title,
                fmt_score(r.score),
                r.weight,
                r.explanation,
                r.provenance
            );
            for cid in &r.controls {
                let Some(c) = card.control(cid) else { continue };
                sayln!(
                    "    {} {} = {}: {}",
                    c.id,
                    c.title,
                    fmt_score(c.score),
                    c.explanation
                );
                for q in &c.questions {
                    let text = catalog.question(&q.id).map_or("", |(_, q)| q.text.as_str());
                    let answer = q.answer.map_or("not assessed", |a| a.as_str());
                    sayln!("      {} [{}] {}", q.id, answer, text);
                }
                for k in &c.checks {
                    sayln!(
                        "      {} on {}: {} ({}){}{}",
                        k.check,
                        k.target,
                        k.result,
                        k.summary,
                        k.at.map_or_else(String::new, |at| format!(
                            ", observed {}",
                            at.format("%Y-%m-%d")
                        )),
                        if k.stale { ", STALE" } else { "" }
                    );
                    if let Some(a) = &k.last_attempt {
                        sayln!("        last attempt failed: {a}");
                    }
                }
                if c.evidence_issue_count > 0 {
                    sayln!("      evidence gaps ({}):", c.evidence_issue_count);
                    for line in &c.evidence_issues {
                        sayln!("        {line}");
                    }
                    if c.evidence_issue_count > c.evidence_issues.len() {
                        sayln!(
                            "        and {} more",
                            c.evidence_issue_count - c.evidence_issues.len()
                        );
                    }
                }
            }
        }
    }
    Ok(())
}
