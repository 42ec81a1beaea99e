//! `apiassure traffic LOG...`: the API inventory from access logs,
//! reconciled with the OpenAPI document. Without `--target` it only
//! prints; with `--target NAME` the result is stored as that target's
//! evidence (`inventory.*` checks in the ledger, the logs' sizes and
//! SHA-256 in the journal). No workspace is needed to print.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use chrono::Utc;
use serde_json::json;

use crate::assessment::{self, Assessment};
use crate::model::evidence::traffic::TrafficObservation;
use crate::model::evidence::{EvidenceRun, TargetEvidence, EVIDENCE_SCHEMA_VERSION};
use crate::model::{Catalog, CheckResult};
use crate::traffic::template::SpecIndex;
use crate::traffic::{checks, Analyzer};
use crate::workspace::config::Target;
use crate::workspace::evidence::new_run_id;
use crate::workspace::Workspace;

/// Version of `traffic --json` (schema: docs/schema/traffic.schema.json).
pub const TRAFFIC_JSON_VERSION: u32 = 1;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Access logs: nginx/Apache combined or common, W3C extended (IIS),
    /// AWS ALB, JSON lines (nginx, Envoy, Kong, Caddy, Traefik), or HAR;
    /// plain or gzip.
    #[arg(required = true, value_name = "LOG")]
    pub files: Vec<PathBuf>,
    /// The OpenAPI 3.x or Swagger 2.0 document to reconcile against
    /// (default: the target's `openapi` file).
    #[arg(long, value_name = "FILE")]
    pub openapi: Option<PathBuf>,
    /// Store the inventory as this declared target's evidence.
    #[arg(long, value_name = "NAME")]
    pub target: Option<String>,
    /// Print JSON (docs/schema/traffic.schema.json).
    #[arg(long)]
    pub json: bool,
    /// Exit 1 when a check is at or above this result (for CI gates):
    /// `fail` (a shadow endpoint or old version serving data, a deprecated
    /// operation past its sunset) or `warn`.
    #[arg(long, value_enum, value_name = "RESULT")]
    pub fail_on: Option<FailOn>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Fail,
    Warn,
}

pub fn run(workspace: &Path, args: Args) -> Result<u8> {
    let started_at = Utc::now();
    let ws = match &args.target {
        Some(_) => Some(crate::cli::open(workspace)?),
        None => Workspace::open(workspace).ok(),
    };
    let catalog = match &ws {
        Some(ws) => ws.catalog()?,
        None => crate::catalog::load_embedded()?,
    };
    let target: Option<Target> = match (&args.target, &ws) {
        (Some(name), Some(ws)) => Some(find_target(ws, name)?),
        _ => None,
    };
    let spec_path: Option<(String, PathBuf)> = match (&args.openapi, &target, &ws) {
        (Some(p), _, _) => Some((p.display().to_string(), p.clone())),
        (None, Some(t), Some(ws)) => match &t.openapi {
            Some(doc) if doc.starts_with("http://") || doc.starts_with("https://") => bail!(
                "target '{}' declares its OpenAPI document by URL ({doc}); traffic reads local files: give --openapi FILE",
                t.name
            ),
            Some(doc) => Some((doc.clone(), ws.root().join(doc))),
            None => None,
        },
        _ => None,
    };
    let spec = match &spec_path {
        Some((shown, path)) => Some(
            load_spec(path)
                .with_context(|| format!("{shown}: cannot use it as the OpenAPI document"))?,
        ),
        None => None,
    };
    let host = target
        .as_ref()
        .and_then(|t| url::Url::parse(&t.url).ok())
        .and_then(|u| u.host_str().map(str::to_string));
    let mut analyzer = Analyzer::new(spec.as_ref(), host.as_deref());
    for file in &args.files {
        let name = file.display().to_string();
        analyzer
            .read_file(file, &name)
            .with_context(|| format!("{name}: cannot read it as an access log"))?;
    }
    let inventory = analyzer.finish(spec_path.map(|(shown, _)| shown));
    let mut results = checks::evaluate(&inventory, Utc::now().date_naive());
    fill_controls(&catalog, &mut results);

    let mut stored = None;
    if let (Some(ws), Some(t)) = (&ws, &target) {
        let mut assessment = Assessment::load(ws)?;
        let finished_at = Utc::now();
        let mut run = EvidenceRun {
            schema_version: EVIDENCE_SCHEMA_VERSION,
            run_id: new_run_id(started_at, 0),
            tool: "apiassure traffic".into(),
            tool_version: env!("CARGO_PKG_VERSION").into(),
            started_at,
            finished_at,
            settings: json!({
                "command": "traffic",
                "openapi": inventory.openapi,
                "logs": inventory.sources.iter().map(|s| &s.file).collect::<Vec<_>>(),
            }),
            targets: vec![TargetEvidence {
                url: t.url.clone(),
                name: (!t.name.is_empty()).then(|| t.name.clone()),
                tls: None,
                http: None,
                traffic: Some(inventory.clone()),
                checks: results.clone(),
                adhoc: false,
                probed_at: Some(finished_at),
            }],
        };
        let path = assessment::store_run(ws, &mut assessment, &mut run)?;
        stored = Some((run.run_id.clone(), path));
    }

    if args.json {
        outln!(
            "{}",
            crate::cli::output::json_text(&json!({
                "schema_version": TRAFFIC_JSON_VERSION,
                "target": target.as_ref().map(|t| &t.name),
                "run_id": stored.as_ref().map(|(id, _)| id),
                "inventory": inventory,
                "checks": results,
            }))?
        );
    } else if !crate::cli::output::quiet() {
        print_table(&inventory, &results)?;
        if let Some((id, path)) = &stored {
            outln!("stored as run {id} ({})", path.display());
        } else if args.target.is_none() {
            outln!("not stored: --target NAME keeps it as a target's evidence");
        }
    }
    let threshold = match args.fail_on {
        None => return Ok(0),
        Some(FailOn::Fail) => crate::model::CheckOutcome::Fail,
        Some(FailOn::Warn) => crate::model::CheckOutcome::Warn,
    };
    // Outcomes order pass < info < error < warn < fail.
    Ok(u8::from(results.iter().any(|r| r.result >= threshold)))
}

fn find_target(ws: &Workspace, name: &str) -> Result<Target> {
    let config = ws.config()?;
    let names: Vec<String> = config
        .targets
        .iter()
        .map(|t| t.label().to_string())
        .collect();
    config
        .targets
        .into_iter()
        .find(|t| t.name == name || t.url == name)
        .with_context(|| {
            format!(
                "no target named '{name}' in {}: declared targets are {}",
                ws.root().join("apiassure.toml").display(),
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            )
        })
}

/// Parse and index an OpenAPI or Swagger document, with the parts it
/// references in other files of its folder tree (as `lint` reads them).
pub fn load_spec(path: &Path) -> Result<SpecIndex> {
    let text = crate::files::read_text(path, crate::files::cap::OPENAPI)?;
    let located = crate::probe::http::openapi::parse_located(&text)?;
    let bundle = crate::design::refs::bundle(located, Some(path));
    if !bundle.not_followed.is_empty() && !crate::cli::output::quiet() {
        errln!(
            "note: {}: {} reference(s) not followed (first: {} at {}: {}); operations behind them count as undocumented",
            path.display(),
            bundle.not_followed.len(),
            bundle.not_followed[0].reference,
            bundle.not_followed[0].site,
            bundle.not_followed[0].why
        );
    }
    Ok(SpecIndex::from_document(&bundle.doc.value)?)
}

fn fill_controls(catalog: &Catalog, results: &mut [CheckResult]) {
    for r in results {
        r.controls = catalog
            .controls_for_check(r.id.as_str())
            .into_iter()
            .map(String::from)
            .collect();
    }
}

fn print_table(inv: &TrafficObservation, results: &[CheckResult]) -> Result<()> {
    for s in &inv.sources {
        outln!(
            "{}: {}{}, {} records ({} skipped{}), {} bytes, SHA-256 {}",
            s.file,
            s.format,
            if s.gzip { " (gzip)" } else { "" },
            s.records,
            s.skipped,
            if s.other_hosts > 0 {
                format!(", {} for other hosts", s.other_hosts)
            } else {
                String::new()
            },
            s.bytes,
            s.sha256
        );
    }
    outln!(
        "{} requests{}; {} endpoint(s) answered, {} request(s) to {} path(s) never served{}",
        inv.requests,
        match (inv.first_seen, inv.last_seen) {
            (Some(a), Some(b)) => format!(
                " from {} to {}",
                a.format("%Y-%m-%d %H:%M"),
                b.format("%Y-%m-%d %H:%M")
            ),
            _ => String::new(),
        },
        inv.endpoints.len(),
        inv.not_served_requests,
        inv.not_served_templates,
        if inv.overflow > 0 {
            format!(
                "; {} request(s) over the template limit not classified",
                inv.overflow
            )
        } else {
            String::new()
        }
    );
    outln!();
    outln!(
        "{:<22} {:>9} {:>7} {:>7} {:>7} {:>6}  ENDPOINT",
        "KIND",
        "REQUESTS",
        "2XX",
        "401/403",
        "429",
        "5XX"
    );
    let mut rows: Vec<_> = inv.endpoints.iter().collect();
    // The findings first, then the documented endpoints by traffic.
    rows.sort_by_key(|e| e.kind.finding_rank());
    const SHOWN: usize = 60;
    for e in rows.iter().take(SHOWN) {
        outln!(
            "{:<22} {:>9} {:>7} {:>7} {:>7} {:>6}  {} {}",
            e.kind.as_str(),
            e.requests,
            e.status.s2xx,
            e.status.auth_failures(),
            e.status.s429,
            e.status.s5xx,
            e.method,
            e.template
        );
    }
    if rows.len() > SHOWN {
        outln!(
            "... and {} more endpoint(s) (--json lists all)",
            rows.len() - SHOWN
        );
    }
    outln!();
    for r in results {
        outln!(
            "{:<6} {:<22} {}",
            r.result.as_str(),
            r.id.as_str(),
            r.summary
        );
        for d in r.details.iter().take(10) {
            outln!("         {d}");
        }
        if r.details.len() > 10 {
            outln!("         ... {} more (--json)", r.details.len() - 10);
        }
    }
    Ok(())
}
