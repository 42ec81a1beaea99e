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
    match &card.evidence {
        Some(e) => outln!(
            "Evidence: run {} ({} targets, {} check results), finished {} ago",
            e.run_id,
            e.targets,
            e.check_results,
            age(e.finished_at)
        ),
        None => outln!("Evidence: none yet (run `apiassure probe` to add automated evidence)"),
    }
    outln!();
    outln!(
        "{}  {}  {:>6}  {:>8}  {}  {:>9}",
        cell("FRAMEWORK", 16),
        cell("NAME", 38),
        "SCORE",
        "COVERAGE",
        cell("STATUS", 10),
        "CONFLICTS"
    );
    for f in &card.frameworks {
        outln!(
            "{}  {}  {:>6}  {:>7.1}%  {}  {:>9}",
            cell(&f.id, 16),
            cell(&f.name, 38),
            fmt_score(f.score),
            f.coverage,
            cell(f.band.label(), 10),
            f.conflicts
        );
    }
    let total = catalog.questions().count();
    let unanswered = card.controls.iter().map(|c| c.not_assessed).sum::<usize>();
    outln!();
    outln!("Not assessed: {unanswered} of {total} questions (unanswered count 0).");
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
                        "      {} on {}: {} ({})",
                        k.check,
                        k.target,
                        k.result,
                        k.summary
                    );
                }
            }
        }
    }
    Ok(())
}
