//! `apiassure score`: framework scores with their explanation, for people and CI.

use anyhow::Result;
use chrono::Utc;

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
    /// Print JSON with the full explanation tree.
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

pub fn run(ws: &Workspace, args: Args) -> Result<u8> {
    if let Some(limit) = args.fail_under {
        if !(0.0..=100.0).contains(&limit) {
            anyhow::bail!("--fail-under {limit} is out of range: scores run from 0 to 100");
        }
    }
    let mut assessment = Assessment::load(ws)?;
    let selected = assessment.select_frameworks(&args.frameworks)?;
    if args.record {
        assessment::record_snapshot(ws, &mut assessment, "score")?;
    }
    let Assessment {
        catalog, mut card, ..
    } = assessment;
    card.frameworks.retain(|f| selected.contains(&f.id));
    card.frameworks
        .sort_by_key(|f| selected.iter().position(|s| s == &f.id));

    if args.json {
        outln!("{}", serde_json::to_string_pretty(&card)?);
    } else {
        print_table(&catalog, &card)?;
        if args.explain {
            print_explanation(&catalog, &card)?;
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
            eprintln!("under {limit}: {}", under.join(", "));
            return Ok(1);
        }
    }
    Ok(0)
}

fn age(at: chrono::DateTime<Utc>) -> String {
    crate::scoring::fmt_age(Utc::now(), at)
}

fn print_table(catalog: &Catalog, card: &Scorecard) -> Result<()> {
    let e = &card.evidence;
    match e.latest {
        Some(latest) => outln!(
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
        None if e.targets == 0 => outln!(
            "Evidence: no declared targets (add [[targets]] to apiassure.toml, then run `apiassure probe`)"
        ),
        None => outln!(
            "Evidence: none yet for {} declared targets (run `apiassure probe`)",
            e.targets
        ),
    }
    outln!();
    outln!(
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
        outln!(
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
        outln!("  {}: {}", f.id, f.band_reason);
    }
    let total = catalog.questions().count();
    let unanswered = card.controls.iter().map(|c| c.not_assessed).sum::<usize>();
    outln!();
    outln!("Not assessed: {unanswered} of {total} questions (each scores 0 until answered).");
    if !card.unjustified_na.is_empty() {
        outln!(
            "n/a without a reason (counted as not assessed; add one with `apiassure answer ID na --note ...`): {}",
            card.unjustified_na.join(", ")
        );
    }
    if !card.due_answers.is_empty() {
        outln!(
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
        outln!("Conflicts (answered yes, evidence failed; evidence wins):");
        for c in &card.conflicts {
            outln!(
                "  {}: {} vs {}",
                c.control,
                c.questions.join(", "),
                c.evidence.join("; ")
            );
        }
    }
    if !card.orphan_answers.is_empty() {
        outln!(
            "Kept but not scored: answers to questions no longer in the catalog: {}",
            card.orphan_answers.join(", ")
        );
    }
    Ok(())
}

fn print_explanation(catalog: &Catalog, card: &Scorecard) -> Result<()> {
    for f in &card.frameworks {
        outln!(
            "\n{} {} = {} ({})",
            f.id,
            f.name,
            fmt_score(f.score),
            f.explanation
        );
        for r in &f.requirements {
            outln!(
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
                outln!(
                    "    {} {} = {}: {}",
                    c.id,
                    c.title,
                    fmt_score(c.score),
                    c.explanation
                );
                for q in &c.questions {
                    let text = catalog.question(&q.id).map_or("", |(_, q)| q.text.as_str());
                    let answer = q.answer.map_or("not assessed", |a| a.as_str());
                    outln!("      {} [{}] {}", q.id, answer, text);
                }
                for k in &c.checks {
                    outln!(
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
                        outln!("        last attempt failed: {a}");
                    }
                }
                if c.evidence_issue_count > 0 {
                    outln!("      evidence gaps ({}):", c.evidence_issue_count);
                    for line in &c.evidence_issues {
                        outln!("        {line}");
                    }
                    if c.evidence_issue_count > c.evidence_issues.len() {
                        outln!(
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
