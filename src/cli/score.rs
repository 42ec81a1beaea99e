//! `apiassure score`: framework scores with their explanation, for people and CI.

use anyhow::{bail, Result};
use chrono::Utc;

use super::{cell, fmt_score};
use crate::model::Catalog;
use crate::scoring::{self, Scorecard};
use crate::workspace::history::{FrameworkPoint, Snapshot};
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

/// Everything a view needs: catalog, scores, and which frameworks are in scope.
pub struct Assessment {
    pub catalog: Catalog,
    pub card: Scorecard,
    pub scope: Vec<String>,
}

/// Load the workspace and score it with its latest evidence run.
pub fn assess(ws: &Workspace) -> Result<Assessment> {
    let catalog = ws.catalog()?;
    let config = ws.config()?;
    let answers = ws.answers()?;
    let evidence = ws.evidence().latest()?;
    let card = scoring::score(&catalog, &answers, evidence.as_ref());
    let scope = config.assessment.frameworks_in_scope();
    for id in &scope {
        if catalog.framework(id).is_none() {
            bail!(
                "{}: framework '{id}' in [assessment].frameworks is not in the catalog; known: {}",
                ws.path(crate::workspace::config::CONFIG_FILE).display(),
                known_frameworks(&catalog)
            );
        }
    }
    Ok(Assessment {
        catalog,
        card,
        scope,
    })
}

/// The frameworks a view covers: those asked for, checked against the
/// catalog, or the frameworks in scope when none are asked for.
pub fn select_frameworks(
    catalog: &Catalog,
    scope: &[String],
    requested: &[String],
) -> Result<Vec<String>> {
    if requested.is_empty() {
        return Ok(scope.to_vec());
    }
    for id in requested {
        if catalog.framework(id).is_none() {
            bail!(
                "unknown framework '{id}'; known: {}",
                known_frameworks(catalog)
            );
        }
    }
    Ok(requested.to_vec())
}

fn known_frameworks(catalog: &Catalog) -> String {
    catalog
        .frameworks
        .iter()
        .map(|f| f.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn snapshot(card: &Scorecard, scope: &[String], trigger: &str, answered: usize) -> Snapshot {
    Snapshot {
        at: Utc::now(),
        trigger: trigger.to_string(),
        evidence_run: card.evidence.as_ref().map(|e| e.run_id.clone()),
        answered,
        conflicts: card.conflicts.len(),
        frameworks: card
            .frameworks
            .iter()
            .filter(|f| scope.contains(&f.id))
            .map(|f| FrameworkPoint {
                id: f.id.clone(),
                score: f.score,
                coverage: f.coverage,
            })
            .collect(),
    }
}

pub fn run(ws: &Workspace, args: Args) -> Result<u8> {
    let Assessment {
        catalog,
        mut card,
        scope,
    } = assess(ws)?;
    let selected = select_frameworks(&catalog, &scope, &args.frameworks)?;
    if args.record {
        let _lock = ws.lock()?;
        let answered = ws.answers()?.answers.len();
        ws.history()
            .append(&snapshot(&card, &scope, "score", answered))?;
    }
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
    let secs = (Utc::now() - at).num_seconds().max(0);
    match secs {
        s if s < 120 => format!("{s} s"),
        s if s < 7200 => format!("{} min", s / 60),
        s if s < 172_800 => format!("{} h", s / 3600),
        s => format!("{} days", s / 86_400),
    }
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
