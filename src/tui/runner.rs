//! Thin stand-in for `crate::probe::runner` while the lead writes it: the same
//! names and signature (`ProbeEvent`, `ProbeRequest`, `probe_and_store`), so
//! the merge only swaps this module for `crate::probe::runner`. It probes the
//! targets one after another with the TLS and HTTP probes and stores the run
//! and a history snapshot exactly as the real runner will.

use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, bail, Result};
use chrono::Utc;
use tokio_util::sync::CancellationToken;

use crate::model::evidence::EVIDENCE_SCHEMA_VERSION;
use crate::model::{CheckOutcome, EvidenceRun, TargetEvidence};
use crate::probe::{http, tls};
use crate::workspace::config::Target;
use crate::workspace::Workspace;

#[derive(Debug, Clone, PartialEq)]
pub enum ProbeEvent {
    Started {
        index: usize,
        total: usize,
        target: String,
    },
    Finished {
        index: usize,
        total: usize,
        target: String,
        worst: Option<CheckOutcome>,
        checks: usize,
    },
}

#[derive(Debug, Default)]
pub struct ProbeRequest {
    pub urls: Vec<String>,
    pub active: Option<bool>,
    pub concurrency: Option<usize>,
    pub timeout: Option<Duration>,
    pub ca_file: Option<std::path::PathBuf>,
}

/// Blocking; runs probes on its own tokio runtime and stores evidence + history.
/// Call it from a background std::thread.
pub fn probe_and_store(
    ws: &Workspace,
    req: ProbeRequest,
    events: Sender<ProbeEvent>,
    cancel: CancellationToken,
) -> Result<EvidenceRun> {
    let config = ws.config()?;
    let catalog = ws.catalog()?;
    let timeout = req
        .timeout
        .unwrap_or_else(|| Duration::from_secs_f64(config.probe.timeout_secs.max(0.1)));
    let active = req.active.unwrap_or(config.probe.active);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let started_at = Utc::now();
    let total = req.urls.len();
    let mut targets = Vec::with_capacity(total);
    for (index, url) in req.urls.iter().enumerate() {
        let target = config
            .targets
            .iter()
            .find(|t| &t.url == url)
            .cloned()
            .unwrap_or_else(|| Target {
                url: url.clone(),
                ..Target::default()
            });
        let label = target.label().to_string();
        let _ = events.send(ProbeEvent::Started {
            index,
            total,
            target: label.clone(),
        });
        let parsed = reqwest::Url::parse(url).map_err(|e| anyhow!("target '{url}': {e}"))?;
        let host = parsed.host_str().unwrap_or_default().to_string();
        let port = parsed.port_or_known_default().unwrap_or(443);
        let declared = config.targets.clone();
        let work = async {
            let tls_opts = tls::TlsOptions {
                timeout,
                extra_roots: Arc::new(Vec::new()),
                handshake_concurrency: 4,
            };
            let tls_report = if parsed.scheme() == "https" {
                Some(tls::scan(&host, port, &tls_opts).await)
            } else {
                None
            };
            let input = http::HttpInput {
                target: &target,
                token: target.token_env.as_deref().and_then(crate::probe::secret::Secret::from_env),
                authz: Vec::new(),
                declared: &declared,
                workspace_root: ws.root(),
            };
            let http_opts = http::HttpOptions {
                timeout,
                active,
                burst_limit: config.probe.burst_limit.min(crate::workspace::config::MAX_BURST),
                extra_roots: Arc::new(Vec::new()),
                max_body_bytes: 1 << 20,
            };
            let (http_report, http_checks) = http::probe(&input, &http_opts).await;
            (tls_report, http_report, http_checks)
        };
        let outcome = rt.block_on(async {
            tokio::select! {
                _ = cancel.cancelled() => None,
                r = work => Some(r),
            }
        });
        let Some((tls_report, http_report, http_checks)) = outcome else {
            bail!("probe cancelled; no evidence was stored");
        };
        let mut checks = tls_report.as_ref().map(tls::checks).unwrap_or_default();
        checks.extend(http_checks);
        for c in &mut checks {
            c.controls = catalog.controls_for_check(&c.id).into_iter().map(String::from).collect();
        }
        let worst = checks.iter().map(|c| c.result).max_by_key(|o| o.severity());
        let _ = events.send(ProbeEvent::Finished {
            index,
            total,
            target: label,
            worst,
            checks: checks.len(),
        });
        targets.push(TargetEvidence {
            url: url.clone(),
            name: (!target.name.is_empty()).then(|| target.name.clone()),
            tls: tls_report,
            http: Some(http_report),
            checks,
        });
    }
    let finished_at = Utc::now();
    let run = EvidenceRun {
        schema_version: EVIDENCE_SCHEMA_VERSION,
        run_id: crate::workspace::evidence::new_run_id(finished_at),
        tool: "apiassure".into(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        started_at,
        finished_at,
        settings: serde_json::json!({ "timeout_secs": timeout.as_secs_f64(), "active": active }),
        targets,
    };
    let _lock = ws.lock()?;
    ws.evidence().save_run(&run)?;
    let answers = ws.answers()?;
    let card = crate::scoring::score(&catalog, &answers, Some(&run));
    let scope = config.assessment.frameworks_in_scope();
    let snapshot = crate::cli::score::snapshot(&card, &scope, "probe", answers.answers.len());
    ws.history().append(&snapshot)?;
    Ok(run)
}
