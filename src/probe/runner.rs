//! The probe runner: turns a workspace's declared targets into one evidence
//! run. It resolves tokens from the environment, bounds how many targets are
//! probed at once, enforces a per-target deadline on top of the probes' own
//! timeouts, reports progress through events, honours cancellation, maps
//! every check result to the catalog controls it supports, scrubs secrets
//! from everything it keeps, and stores the run with its hash and a score
//! snapshot.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio_util::sync::CancellationToken;

use super::http::{self, HttpInput, HttpOptions};
use super::secret::{Scrubber, Secret};
use super::tls::{self, TlsOptions};
pub use super::ProbeError;
use crate::checks::CheckId;
use crate::model::evidence::http::HttpObservation;
use crate::model::evidence::EVIDENCE_SCHEMA_VERSION;
use crate::model::{Catalog, CheckOutcome, CheckResult, EvidenceRun, TargetEvidence};
use crate::workspace::config::{AuthzMatrix, Config, Target, MAX_BURST};
use crate::workspace::evidence::new_run_id;

/// Largest number of targets probed at once, whatever is asked.
pub const MAX_CONCURRENCY: usize = 256;
/// Largest per-request timeout accepted, seconds.
pub const MAX_TIMEOUT_SECS: f64 = 300.0;
/// Response bodies are read up to this size.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Progress of a run, for progress bars and the TUI.
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

/// What to probe and how; unset fields come from `[probe]` in apiassure.toml.
#[derive(Debug, Clone, Default)]
pub struct ProbeRequest {
    /// Explicit targets; empty means the workspace's declared targets.
    pub urls: Vec<String>,
    pub active: Option<bool>,
    pub concurrency: Option<usize>,
    pub timeout: Option<Duration>,
    pub ca_file: Option<PathBuf>,
    /// Restrict the run to one family of checks.
    pub only: Option<Family>,
    /// `--resolve host:port:addr`: connect there for that host and port.
    pub resolve: Vec<crate::probe::identity::Resolve>,
}

pub use crate::checks::Family;

/// A validated plan: every target parsed, every token resolved.
#[derive(Debug)]
pub struct Plan {
    pub targets: Vec<PlannedTarget>,
    pub authz: Vec<AuthzMatrix>,
    pub concurrency: usize,
    pub timeout: Duration,
    pub active: bool,
    pub burst_limit: u32,
    pub extra_roots: Arc<Vec<rustls::pki_types::CertificateDer<'static>>>,
    pub ca_file: Option<PathBuf>,
    pub only: Option<Family>,
    pub workspace_root: PathBuf,
    /// Problems that do not stop the run (a token variable not set).
    pub warnings: Vec<String>,
}

#[derive(Debug)]
pub struct PlannedTarget {
    pub target: Target,
    /// Given on the command line and not declared: never scored.
    pub adhoc: bool,
    pub scheme: String,
    pub host: String,
    pub port: u16,
    pub token: Option<Secret>,
    /// Role name and token for each authz matrix role of this target.
    pub roles: Vec<Vec<(String, Option<Secret>)>>,
    /// Address to connect to instead of resolving `host` (`connect_to`, `--resolve`).
    pub connect_to: Option<std::net::SocketAddr>,
    /// Client certificate for mutual TLS (`client_cert`, `client_key`).
    pub identity: Option<Arc<crate::probe::identity::ClientIdentity>>,
}

impl Plan {
    /// Every secret the run knows, for scrubbing.
    pub fn secrets(&self) -> Vec<Secret> {
        let mut out = Vec::new();
        for t in &self.targets {
            out.extend(t.token.clone());
            for roles in &t.roles {
                out.extend(roles.iter().filter_map(|(_, s)| s.clone()));
            }
        }
        out
    }
}

/// The prefix every variable a credential is read from must carry.
pub const SECRET_ENV_PREFIX: &str = "APIASSURE_TOKEN_";
/// Variables (comma-separated) set outside the workspace that may hold
/// credentials although they lack the prefix.
pub const SECRET_ENV_ALLOW: &str = "APIASSURE_SECRET_ENV_ALLOW";

/// A configuration alone never chooses which secret leaves the machine: a
/// pull request that sets `token_env = "CI_DEPLOY_SECRET"` must not send the
/// pipeline's deploy secret to the contributor's server. Credentials come
/// only from `APIASSURE_TOKEN_*` variables, or from variables the
/// environment (not the workspace) allows in `APIASSURE_SECRET_ENV_ALLOW`.
pub fn allowed_secret_var(var: &str, whose: &str) -> Result<(), ProbeError> {
    let prefixed = var.len() > SECRET_ENV_PREFIX.len()
        && var.starts_with(SECRET_ENV_PREFIX)
        && var.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let allowed = std::env::var(SECRET_ENV_ALLOW).is_ok_and(|list| {
        list.split(',')
            .map(str::trim)
            .any(|v| !v.is_empty() && v == var)
    });
    if prefixed || allowed {
        return Ok(());
    }
    let var = crate::sanitize::line(var);
    Err(ProbeError::BadInput(format!(
        "{whose}: token_env = \"{var}\" is not read: credentials come only from variables named {SECRET_ENV_PREFIX}* (so a change to apiassure.toml cannot pick another secret of the pipeline). \
         Rename it (export {SECRET_ENV_PREFIX}NAME=\"${var}\" and set token_env = \"{SECRET_ENV_PREFIX}NAME\"), or allow it outside the workspace with {SECRET_ENV_ALLOW}={var}"
    )))
}

/// Split a URL into scheme, host and port; the error says what is wrong.
pub fn parse_target_url(url: &str) -> Result<(String, String, u16), ProbeError> {
    let parsed = reqwest::Url::parse(url).map_err(|e| {
        ProbeError::BadInput(format!(
            "'{url}' is not a URL ({e}); write it as https://host[:port]/path"
        ))
    })?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        // Never echo the URL: its userinfo is a credential.
        let mut shown = parsed.clone();
        let _ = shown.set_username("");
        let _ = shown.set_password(None);
        return Err(ProbeError::BadInput(format!(
            "'{shown}' was given with a user name or password in the URL (user:password@host); \
             credentials never go in URLs: put the token in an environment variable and name it with token_env"
        )));
    }
    let scheme = parsed.scheme().to_string();
    if scheme != "https" && scheme != "http" {
        return Err(ProbeError::BadInput(format!(
            "'{url}': only http:// and https:// targets can be probed"
        )));
    }
    let host = match parsed.host() {
        Some(url::Host::Domain(d)) => d.to_string(),
        Some(url::Host::Ipv4(ip)) => ip.to_string(),
        Some(url::Host::Ipv6(ip)) => ip.to_string(),
        None => return Err(ProbeError::BadInput(format!("'{url}' has no host"))),
    };
    let port = parsed
        .port_or_known_default()
        .ok_or_else(|| ProbeError::BadInput(format!("'{url}' has no port")))?;
    Ok((scheme, host, port))
}

/// Build the plan from the workspace configuration and the request.
pub fn plan(root: &Path, config: &Config, req: &ProbeRequest) -> Result<Plan, ProbeError> {
    let settings = &config.probe;
    let bad = |m: String| ProbeError::BadInput(m);
    // (target, ad hoc): a URL on the command line takes a declared target's
    // settings when it names the same URL or name; otherwise it is ad hoc
    // (probed and stored, never scored).
    let targets: Vec<(Target, bool)> = if req.urls.is_empty() {
        config.targets.iter().map(|t| (t.clone(), false)).collect()
    } else {
        req.urls
            .iter()
            .map(|u| {
                match config
                    .targets
                    .iter()
                    .find(|t| t.url == *u || (!t.name.is_empty() && t.name == *u))
                {
                    Some(t) => (t.clone(), false),
                    None => (
                        Target {
                            url: u.clone(),
                            ..Target::default()
                        },
                        true,
                    ),
                }
            })
            .collect()
    };
    if targets.is_empty() {
        return Err(bad(format!(
            "no targets: declare [[targets]] in {} or pass URLs to `apiassure probe`",
            root.join(crate::workspace::config::CONFIG_FILE).display()
        )));
    }

    let concurrency = req.concurrency.unwrap_or(settings.concurrency);
    if concurrency == 0 || concurrency > MAX_CONCURRENCY {
        return Err(bad(format!(
            "concurrency {concurrency} is out of range: use 1 to {MAX_CONCURRENCY}"
        )));
    }
    let timeout_secs = req
        .timeout
        .map_or(settings.timeout_secs, |d| d.as_secs_f64());
    if !(timeout_secs > 0.0 && timeout_secs <= MAX_TIMEOUT_SECS) {
        return Err(bad(format!(
            "timeout {timeout_secs} s is out of range: use more than 0 and at most {MAX_TIMEOUT_SECS} seconds"
        )));
    }
    let ca_file = req
        .ca_file
        .clone()
        .or_else(|| settings.ca_file.as_ref().map(|f| root.join(f)));
    let extra_roots = match &ca_file {
        Some(path) => tls::load_ca_file(path)?,
        None => Vec::new(),
    };

    let mut warnings = Vec::new();
    let mut planned = Vec::new();
    for (i, (t, adhoc)) in targets.iter().enumerate() {
        let (scheme, host, port) =
            parse_target_url(&t.url).map_err(|e| bad(format!("target {}: {e}", i + 1)))?;
        if let Some(doc) = t.openapi.as_deref().filter(|d| d.contains("://")) {
            parse_target_url(doc).map_err(|e| bad(format!("target {} (openapi): {e}", i + 1)))?;
        }
        let token = match &t.token_env {
            Some(var) => {
                allowed_secret_var(var, &format!("target {}", t.label()))?;
                let s = Secret::from_env(var);
                if s.is_none() {
                    warnings.push(format!(
                        "target {}: environment variable {var} (token_env) is not set; authenticated checks will be skipped",
                        t.label()
                    ));
                }
                s
            }
            None => None,
        };
        let roles = config
            .authz
            .iter()
            .filter(|m| m.applies_to(t))
            .map(|m| {
                m.roles
                    .iter()
                    .map(|r| {
                        if let Some(var) = r.token_env.as_deref() {
                            allowed_secret_var(
                                var,
                                &format!("authz role {} of target {}", r.name, t.label()),
                            )?;
                        }
                        let token = r.token_env.as_deref().and_then(|var| {
                            let s = Secret::from_env(var);
                            if s.is_none() {
                                warnings.push(format!(
                                    "authz role {} of target {}: environment variable {var} is not set",
                                    r.name,
                                    t.label()
                                ));
                            }
                            s
                        });
                        Ok((r.name.clone(), token))
                    })
                    .collect::<Result<Vec<_>, ProbeError>>()
            })
            .collect::<Result<Vec<_>, ProbeError>>()?;
        let label = t.label().to_string();
        let connect_to =
            match req.resolve.iter().find(|r| {
                r.host == host.trim_end_matches('.').to_ascii_lowercase() && r.port == port
            }) {
                Some(r) => Some(std::net::SocketAddr::new(r.addr, port)),
                None => match &t.connect_to {
                    Some(v) => Some(
                        crate::probe::identity::parse_connect_to(v, port)
                            .map_err(|e| bad(format!("target {label}: {e}")))?,
                    ),
                    None => None,
                },
            };
        let identity = match (&t.client_cert, &t.client_key) {
            (Some(c), Some(k)) => Some(Arc::new(crate::probe::identity::ClientIdentity::load(
                &root.join(c),
                &root.join(k),
            )?)),
            (None, None) => None,
            _ => {
                return Err(bad(format!(
                    "target {label}: client_cert and client_key go together; set both or neither"
                )))
            }
        };
        planned.push(PlannedTarget {
            target: t.clone(),
            adhoc: *adhoc,
            scheme,
            host,
            port,
            token,
            roles,
            connect_to,
            identity,
        });
    }
    for r in &req.resolve {
        if !planned
            .iter()
            .any(|p| p.host.trim_end_matches('.').eq_ignore_ascii_case(&r.host) && p.port == r.port)
        {
            warnings.push(format!(
                "--resolve {}:{}:{} matches no target (host and port must both match)",
                r.host, r.port, r.addr
            ));
        }
    }
    for m in &config.authz {
        if !targets.iter().any(|(t, _)| m.applies_to(t)) && req.urls.is_empty() {
            return Err(bad(format!(
                "[[authz]] names target '{}', which is not a declared target's name or url",
                m.target
            )));
        }
    }

    Ok(Plan {
        targets: planned,
        authz: config.authz.clone(),
        concurrency,
        timeout: Duration::from_secs_f64(timeout_secs),
        active: req.active.unwrap_or(settings.active),
        burst_limit: settings.burst_limit.min(MAX_BURST),
        extra_roots: Arc::new(extra_roots),
        ca_file,
        only: req.only,
        workspace_root: root.to_path_buf(),
        warnings,
    })
}

/// Deadline for all probes of one target: generous, but a hard stop.
fn target_deadline(timeout: Duration) -> Duration {
    (timeout * 30).max(Duration::from_secs(60))
}

/// The run's header: everything but its targets and finish time, known
/// before the first connection (the store gives it its final id).
pub fn run_header(plan: &Plan, started_at: chrono::DateTime<Utc>) -> EvidenceRun {
    EvidenceRun {
        schema_version: EVIDENCE_SCHEMA_VERSION,
        run_id: new_run_id(started_at, 0),
        tool: "apiassure".into(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        started_at,
        finished_at: started_at,
        settings: serde_json::json!({
            "concurrency": plan.concurrency,
            "timeout_secs": plan.timeout.as_secs_f64(),
            "active": plan.active,
            "burst_limit": plan.burst_limit,
            "ca_file": plan.ca_file.as_ref().map(|p| p.display().to_string()),
            "only": plan.only.map(|f| format!("{f:?}").to_lowercase()),
        }),
        targets: Vec::new(),
    }
}

/// Probe every planned target and collect the run in memory (the TUI and
/// tests; the CLI streams with [`execute_streaming`]).
pub async fn execute(
    plan: &Plan,
    catalog: &Catalog,
    events: &(dyn Fn(ProbeEvent) + Send + Sync),
    cancel: &CancellationToken,
) -> Result<EvidenceRun, ProbeError> {
    let mut run = run_header(plan, Utc::now());
    let mut targets = Vec::with_capacity(plan.targets.len());
    execute_streaming(plan, catalog, events, cancel, &mut |t| {
        targets.push(t);
        Ok(())
    })
    .await?;
    run.targets = targets;
    run.finished_at = Utc::now();
    Ok(run)
}

/// Probe every planned target, at most `plan.concurrency` at once, and hand
/// each target's evidence to `sink` as soon as it is done (in completion
/// order), so memory does not grow with the number of targets. Check
/// results get their catalog controls; secrets are scrubbed first.
pub async fn execute_streaming(
    plan: &Plan,
    catalog: &Catalog,
    events: &(dyn Fn(ProbeEvent) + Send + Sync),
    cancel: &CancellationToken,
    sink: &mut dyn FnMut(TargetEvidence) -> Result<(), ProbeError>,
) -> Result<(), ProbeError> {
    use futures::StreamExt;
    let total = plan.targets.len();
    let declared: Vec<Target> = plan.targets.iter().map(|t| t.target.clone()).collect();
    // Computed once: every target's client checks redirects against these.
    let origins = Arc::new(http::origins_of(&declared));
    let scrubber = Scrubber::new(&plan.secrets());

    let tls_opts = TlsOptions {
        timeout: plan.timeout,
        extra_roots: plan.extra_roots.clone(),
        handshake_concurrency: 8,
    };
    let http_opts = HttpOptions {
        timeout: plan.timeout,
        active: plan.active,
        burst_limit: plan.burst_limit,
        extra_roots: plan.extra_roots.clone(),
        max_body_bytes: MAX_BODY_BYTES,
        origin_cache: Default::default(),
    };

    let declared = &declared;
    let origins = &origins;
    let tls_opts = &tls_opts;
    let http_opts = &http_opts;
    let mut done = futures::stream::iter(plan.targets.iter().enumerate())
        .map(|(index, pt)| async move {
            if cancel.is_cancelled() {
                return None;
            }
            let label = pt.target.label().to_string();
            events(ProbeEvent::Started {
                index,
                total,
                target: label.clone(),
            });
            let work = probe_target(pt, plan, declared, origins, tls_opts, http_opts);
            let evidence = tokio::select! {
                _ = cancel.cancelled() => return None,
                r = tokio::time::timeout(target_deadline(plan.timeout), work) => match r {
                    Ok(ev) => ev,
                    Err(_) => deadline_missed(pt, plan),
                },
            };
            let worst = CheckOutcome::worst(evidence.checks.iter().map(|c| c.result));
            events(ProbeEvent::Finished {
                index,
                total,
                target: label,
                worst,
                checks: evidence.checks.len(),
            });
            Some(evidence)
        })
        .buffer_unordered(plan.concurrency);
    while let Some(ev) = done.next().await {
        let Some(mut ev) = ev else {
            return Err(ProbeError::Cancelled);
        };
        for check in &mut ev.checks {
            check.controls = catalog
                .controls_for_check(check.id.as_str())
                .into_iter()
                .map(String::from)
                .collect();
        }
        sink(scrub_evidence(ev, &scrubber))?;
    }
    if cancel.is_cancelled() {
        return Err(ProbeError::Cancelled);
    }
    Ok(())
}

/// The families of checks a run gives this target: TLS for https targets,
/// HTTP for all, narrowed by `--only`.
fn families(pt: &PlannedTarget, plan: &Plan) -> Vec<Family> {
    let mut out = Vec::new();
    if pt.scheme == "https" && plan.only != Some(Family::Http) {
        out.push(Family::Tls);
    }
    if plan.only != Some(Family::Tls) {
        out.push(Family::Http);
    }
    out
}

/// A target that missed its deadline: every check of the families it was
/// probed for is `error` with the reason, none silently missing.
fn deadline_missed(pt: &PlannedTarget, plan: &Plan) -> TargetEvidence {
    let why = format!(
        "no verdict: probing {} did not finish within its {} s deadline",
        pt.target.label(),
        target_deadline(plan.timeout).as_secs()
    );
    TargetEvidence {
        url: pt.target.url.clone(),
        name: (!pt.target.name.is_empty()).then(|| pt.target.name.clone()),
        tls: None,
        http: None,
        traffic: None,
        checks: families(pt, plan)
            .into_iter()
            .flat_map(CheckId::of_family)
            .map(|id| CheckResult::new(id, CheckOutcome::Error, why.clone()))
            .collect(),
        adhoc: pt.adhoc,
        probed_at: Some(Utc::now()),
    }
}

async fn probe_target(
    pt: &PlannedTarget,
    plan: &Plan,
    declared: &[Target],
    origins: &Arc<std::collections::HashSet<String>>,
    tls_opts: &TlsOptions,
    http_opts: &HttpOptions,
) -> TargetEvidence {
    let families = families(pt, plan);
    let tls_report = if families.contains(&Family::Tls) {
        Some(tls::scan_named(&pt.host, pt.port, None, pt.connect_to, tls_opts).await)
    } else {
        None
    };
    let authz = plan
        .authz
        .iter()
        .filter(|m| m.applies_to(&pt.target))
        .zip(pt.roles.iter().cloned())
        .collect();
    let input = HttpInput {
        target: &pt.target,
        token: pt.token.clone(),
        authz,
        declared,
        declared_origins: Some(origins.clone()),
        workspace_root: &plan.workspace_root,
        connect_to: pt.connect_to,
        identity: pt.identity.clone(),
        client_cert_requested: tls_report.as_ref().is_some_and(|r| r.client_auth.is_some()),
        client_cert_required: tls_report
            .as_ref()
            .and_then(|r| r.client_auth.as_ref())
            .is_some_and(|a| a.required == Some(true)),
    };
    let (http_report, http_checks) = if !families.contains(&Family::Http) {
        (None, Vec::new())
    } else {
        let (report, checks) = http::probe(&input, http_opts).await;
        (Some(report), checks)
    };
    let mut tls_report = tls_report;
    if let (Some(auth), Some(refusal)) = (
        tls_report.as_mut().and_then(|r| r.client_auth.as_mut()),
        http_report
            .as_ref()
            .and_then(|h| h.client_cert_refusal.clone()),
    ) {
        auth.refused_over_http = Some(refusal);
    }
    let mut checks = match &tls_report {
        Some(report) => tls::checks_with_hsts(report, http_report.as_ref().and_then(hsts_max_age)),
        None => Vec::new(),
    };
    checks.extend(http_checks);
    TargetEvidence {
        url: pt.target.url.clone(),
        name: (!pt.target.name.is_empty()).then(|| pt.target.name.clone()),
        tls: tls_report,
        http: http_report,
        traffic: None,
        checks,
        adhoc: pt.adhoc,
        probed_at: Some(Utc::now()),
    }
}

/// The HSTS max-age of the first https response, for the TLS grade's A+.
fn hsts_max_age(report: &HttpObservation) -> Option<u64> {
    report
        .exchanges
        .iter()
        .filter(|e| e.url.starts_with("https://") && e.status.is_some())
        .flat_map(|e| &e.response_headers)
        .find(|h| h.name.eq_ignore_ascii_case("strict-transport-security"))
        .and_then(|h| http::headers::parse_hsts(&h.value).ok()?.max_age)
}

/// Remove every secret from a target's evidence by scrubbing its JSON form
/// (the scrubber decodes JSON escapes, so a secret with quotes or
/// backslashes is found as serialized).
fn scrub_evidence(ev: TargetEvidence, scrubber: &Scrubber) -> TargetEvidence {
    if scrubber.is_empty() {
        return ev;
    }
    let json = serde_json::to_string(&ev).expect("evidence serializes");
    let clean = scrubber.scrub(&json);
    if clean == json {
        return ev;
    }
    match serde_json::from_str(&clean) {
        Ok(scrubbed) => scrubbed,
        // A secret that spans JSON syntax cannot be cut out of the tree:
        // keep only the verdicts, scrubbed one by one, never the raw evidence.
        Err(_) => TargetEvidence {
            tls: None,
            http: None,
            traffic: None,
            checks: ev
                .checks
                .into_iter()
                .map(|mut c| {
                    c.summary = scrubber.scrub(&c.summary);
                    c.details = c.details.iter().map(|d| scrubber.scrub(d)).collect();
                    c
                })
                .collect(),
            ..ev
        },
    }
}

/// Plan and probe on a fresh runtime with an already loaded config and
/// catalog, and return the run; storing it is the caller's
/// (`assessment::store_run`). Blocking: call it from a background thread.
pub fn probe(
    root: &Path,
    config: &Config,
    catalog: &Catalog,
    req: ProbeRequest,
    events: std::sync::mpsc::Sender<ProbeEvent>,
    cancel: CancellationToken,
) -> Result<EvidenceRun, ProbeError> {
    let plan = plan(root, config, &req)?;
    run_plan(
        &plan,
        catalog,
        &move |e| {
            let _ = events.send(e);
        },
        &cancel,
    )
}

/// The probe's runtime: two worker threads, timers and I/O.
fn runtime() -> Result<tokio::runtime::Runtime, ProbeError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ProbeError::Runtime)
}

/// Execute a plan on a fresh runtime, handing each target to `sink` as it
/// finishes (see [`execute_streaming`]).
pub fn run_plan_streaming(
    plan: &Plan,
    catalog: &Catalog,
    events: &(dyn Fn(ProbeEvent) + Send + Sync),
    cancel: &CancellationToken,
    sink: &mut dyn FnMut(TargetEvidence) -> Result<(), ProbeError>,
) -> Result<(), ProbeError> {
    let runtime = runtime()?;
    runtime.block_on(execute_streaming(plan, catalog, events, cancel, sink))
}

/// Execute a plan on a fresh runtime.
pub fn run_plan(
    plan: &Plan,
    catalog: &Catalog,
    events: &(dyn Fn(ProbeEvent) + Send + Sync),
    cancel: &CancellationToken,
) -> Result<EvidenceRun, ProbeError> {
    let runtime = runtime()?;
    runtime.block_on(execute(plan, catalog, events, cancel))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(text: &str) -> TargetEvidence {
        TargetEvidence {
            url: "https://api.example".into(),
            name: None,
            tls: None,
            http: None,
            traffic: None,
            checks: vec![CheckResult::new(CheckId::AuthJwt, CheckOutcome::Info, text)
                .with_details(vec![text.to_string()])],
            adhoc: false,
            probed_at: None,
        }
    }

    #[test]
    fn a_missed_deadline_is_an_error_for_every_check_of_the_families_run() {
        let config: Config = toml::from_str(
            "schema_version = 1\n[[targets]]\nname = \"api\"\nurl = \"https://127.0.0.1:1/v1\"\n",
        )
        .unwrap();
        let root = Path::new(".");
        let ids = |only| {
            let req = ProbeRequest {
                only,
                ..ProbeRequest::default()
            };
            let plan = plan(root, &config, &req).unwrap();
            let ev = deadline_missed(&plan.targets[0], &plan);
            assert!(ev
                .checks
                .iter()
                .all(|c| c.result == CheckOutcome::Error && c.summary.contains("deadline")));
            ev.checks.iter().map(|c| c.id).collect::<Vec<_>>()
        };
        // Every probed check; traffic checks come from logs, never a probe.
        let all: Vec<CheckId> = crate::checks::CHECKS
            .iter()
            .filter(|c| c.family != Family::Traffic)
            .map(|c| c.id)
            .collect();
        assert_eq!(ids(None), all);
        assert_eq!(
            ids(Some(Family::Tls)),
            CheckId::of_family(Family::Tls).collect::<Vec<_>>()
        );
        assert_eq!(
            ids(Some(Family::Http)),
            CheckId::of_family(Family::Http).collect::<Vec<_>>()
        );
    }

    #[test]
    fn secrets_with_json_escapes_are_scrubbed() {
        let secret = Secret::new(r#"pa"ss\word-2024"#);
        let ev = scrub_evidence(
            evidence(r#"saw pa"ss\word-2024 here"#),
            &Scrubber::new(&[secret]),
        );
        let json = serde_json::to_string(&ev).unwrap();
        assert!(!json.contains("word-2024"), "{json}");
        assert_eq!(ev.checks[0].summary, "saw [REDACTED] here");
    }

    #[test]
    fn a_secret_spanning_json_syntax_keeps_only_scrubbed_verdicts() {
        // Serialized, the summary ends `...tail"` and details begin `["tail`:
        // a secret `tail","details":["` would straddle JSON structure.
        let secret = Secret::new(r#"","details":[""#);
        let mut ev = evidence("x");
        ev.http = Some(Default::default());
        let ev = scrub_evidence(ev, &Scrubber::new(&[secret]));
        assert!(ev.http.is_none(), "raw observations are dropped");
        assert_eq!(ev.checks.len(), 1);
        assert_eq!(
            (
                ev.checks[0].summary.as_str(),
                ev.checks[0].details.as_slice()
            ),
            ("x", &["x".to_string()][..])
        );
    }
}
