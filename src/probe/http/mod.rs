//! HTTP evidence: how a declared API behaves on the wire. One call to
//! [`probe`] sends a small, fixed set of requests to one target (its URL and
//! extra paths, never another host), keeps every exchange with credentials
//! redacted, and turns what it saw into check results whose rules live in
//! probes.md and `crate::checks`.
//!
//! Layout: `client` is the only code that sends requests (verification,
//! manual redirects within declared origins, bounded bodies, redaction);
//! `headers`, `cors`, `auth`, `jwt`, `ratelimit`, `errors`, `openapi` and
//! `authz` hold pure rules over observations, tested by tables; this file
//! sequences the requests and feeds the rules.
//!
//! Active tests (bursts, forged tokens, malformed bodies, unsafe methods in
//! the authorization matrix) run only with `HttpOptions::active`.

use crate::probe::ProbeError;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::{Method, Url};
use rustls::pki_types::CertificateDer;

use crate::checks::CheckId;
use crate::model::evidence::http::{
    AuthzAccess, AuthzCell, BurstSummary, Exchange, Header, HttpObservation, SentRequest,
};
use crate::model::{CheckOutcome, CheckResult};
use crate::probe::secret::Secret;
use crate::workspace::config::{AuthScheme, AuthzMatrix, Target};

pub mod auth;
pub mod authz;
mod client;
pub use client::origins_of;
pub mod cors;
pub mod errors;
pub mod exposure;
pub mod headers;
pub mod jwt;
pub mod openapi;
pub mod ratelimit;

use client::{Client, Credentials, FailKind, FetchError, Request, Response};

#[derive(Debug, Clone)]
pub struct HttpOptions {
    pub timeout: Duration,
    /// Run active tests (burst, forged tokens, malformed bodies).
    pub active: bool,
    /// Requests in the rate-limit burst (already capped by the runner).
    pub burst_limit: u32,
    pub extra_roots: Arc<Vec<CertificateDer<'static>>>,
    /// Response bodies are read up to this many bytes.
    pub max_body_bytes: usize,
    /// The exposure checks' results per origin in this run.
    pub origin_cache: Arc<exposure::OriginCache>,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            timeout: Duration::from_secs(10),
            active: false,
            burst_limit: 30,
            extra_roots: Arc::new(Vec::new()),
            max_body_bytes: 1024 * 1024,
            origin_cache: Arc::default(),
        }
    }
}

/// Each role's name and token.
pub type RoleTokens = Vec<(String, Option<Secret>)>;

/// One target and what the operator declared about it.
#[derive(Debug)]
pub struct HttpInput<'a> {
    pub target: &'a Target,
    /// The target's token, from the env var named by `token_env`.
    pub token: Option<Secret>,
    /// Authorization matrices for this target, with each role's token resolved.
    pub authz: Vec<(&'a AuthzMatrix, RoleTokens)>,
    /// Every declared target: redirects are followed only within these, and
    /// OpenAPI servers are compared with them.
    pub declared: &'a [Target],
    /// Their origins, when the caller computed them once for many targets
    /// (otherwise computed from `declared`).
    pub declared_origins: Option<Arc<HashSet<String>>>,
    /// Workspace folder, for OpenAPI files given by relative path.
    pub workspace_root: &'a Path,
    /// Connect to this address for the target's host (`connect_to`).
    pub connect_to: Option<std::net::SocketAddr>,
    /// Client certificate presented when a server asks (mutual TLS).
    pub identity: Option<Arc<crate::probe::identity::ClientIdentity>>,
    /// The TLS probe saw a CertificateRequest.
    pub client_cert_requested: bool,
    /// The TLS probe saw the server refuse clients without a certificate.
    pub client_cert_required: bool,
}

/// A 4xx page saying that a client certificate is missing: servers that
/// request a certificate in the handshake but enforce it in HTTP answer so
/// (nginx's `ssl_verify_client on`: `400 No required SSL certificate was
/// sent`; 495 and 496 are its own codes for it).
fn client_cert_refusal(r: &Response) -> Option<String> {
    if !(400..500).contains(&r.status) {
        return None;
    }
    let text = String::from_utf8_lossy(&r.body[..r.body.len().min(8192)]);
    let lower = text.to_ascii_lowercase();
    let says = lower.contains("ssl certificate")
        || lower.contains("client certificate")
        || matches!(r.status, 495 | 496);
    if !says {
        return None;
    }
    let title = auth::html_title(&text)
        .filter(|t| !t.is_empty() && t.len() <= 120)
        .map(|t| format!(" ({t:?})"))
        .unwrap_or_default();
    Some(format!(
        "HTTP {} without a client certificate{title}",
        r.status
    ))
}

/// Why HTTP could not be observed behind mutual TLS, and what to do.
fn client_cert_problem(input: &HttpInput, message: &str) -> String {
    match &input.identity {
        None => format!(
            "the server requires a client certificate (mutual TLS; auth.mtls reports it), so HTTP behaviour was not observed: set client_cert and client_key for this target: {message}"
        ),
        Some(id) => format!(
            "the server refused the client certificate {} (mutual TLS), so HTTP behaviour was not observed: check that it is issued by a CA the server accepts and not expired: {message}",
            id.label
        ),
    }
}

/// Checks that need the network, in report order.
const NO_OPENAPI: &str =
    "No OpenAPI document declared for this target (openapi = ...): inventory not compared.";
const NO_AUTHZ: &str =
    "No [[authz]] matrix declared for this target: object- and function-level authorization not tested.";

const NETWORK_CHECKS: &[CheckId] = &[
    CheckId::HttpHsts,
    CheckId::HttpContentType,
    CheckId::HttpNosniff,
    CheckId::HttpCache,
    CheckId::HttpFraming,
    CheckId::HttpBanner,
    CheckId::HttpCookies,
    CheckId::CorsOrigin,
    CheckId::AuthRequired,
    CheckId::AuthInvalid,
    CheckId::AuthCleartext,
    CheckId::AuthQueryToken,
    CheckId::RatelimitHeaders,
    CheckId::RatelimitBurst,
    CheckId::HttpMethods,
    CheckId::HttpErrors,
    CheckId::ExposureFiles,
    CheckId::ExposureInternals,
    CheckId::ExposureDocs,
    CheckId::ExposureGraphql,
    CheckId::HttpSecurityTxt,
];

pub(crate) const NOT_ACTIVE: &str = "not run: active tests are opt-in (--active)";

/// The more severe of two outcomes (fail > warn > error > info > pass).
pub(crate) fn worst(a: CheckOutcome, b: CheckOutcome) -> CheckOutcome {
    a.max(b)
}

fn error(id: CheckId, why: impl Into<String>) -> CheckResult {
    CheckResult::new(id, CheckOutcome::Error, why)
}

fn info(id: CheckId, why: impl Into<String>) -> CheckResult {
    CheckResult::new(id, CheckOutcome::Info, why)
}

fn status_of(r: &Result<Response, FetchError>) -> String {
    match r {
        Ok(r) => r.status.to_string(),
        Err(e) => format!("failed ({e})"),
    }
}

/// Probe one target over HTTP. Never panics; failures become `error` results.
pub async fn probe(
    input: &HttpInput<'_>,
    opts: &HttpOptions,
) -> (HttpObservation, Vec<CheckResult>) {
    use futures::FutureExt;
    // A bug in one rule must cost one target's HTTP evidence, not the run.
    match std::panic::AssertUnwindSafe(probe_inner(input, opts))
        .catch_unwind()
        .await
    {
        Ok(done) => done,
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let report = HttpObservation {
                url: input.target.url.clone(),
                active: opts.active,
                ..HttpObservation::default()
            };
            let secrets: Vec<Secret> = input.token.iter().cloned().collect();
            let why = crate::probe::secret::scrub(
                &format!("internal error in the HTTP probe (please report it): {msg}"),
                &secrets,
            );
            fail_all(
                report,
                vec![error(CheckId::AuthJwt, why.clone())],
                input,
                why,
            )
        }
    }
}

async fn probe_inner(
    input: &HttpInput<'_>,
    opts: &HttpOptions,
) -> (HttpObservation, Vec<CheckResult>) {
    let mut report = HttpObservation {
        url: input.target.url.clone(),
        active: opts.active,
        ..HttpObservation::default()
    };
    let now = chrono::Utc::now().timestamp();
    let token_jwt = input
        .token
        .as_ref()
        .filter(|_| input.target.auth_scheme == AuthScheme::Bearer)
        .and_then(|t| jwt::decode(t.expose()).ok());

    // Every value this probe may send as a credential, for scrubbing.
    let mut secrets: Vec<Secret> = input.token.iter().cloned().collect();
    let mut forged = Vec::new();
    if opts.active && input.target.auth_scheme == AuthScheme::Bearer {
        if let Some(j) = &token_jwt {
            forged.push((
                "expired token (operator's claims, exp in the past)",
                jwt::expired(j, now),
            ));
            forged.push((
                "alg=none JWT (operator's claims, empty signature)",
                jwt::alg_none(j),
            ));
        } else {
            forged.push((
                "expired token (unsigned HS256 JWT, exp in the past)",
                jwt::expired_standalone(now),
            ));
        }
    }
    secrets.extend(forged.iter().map(|(_, t)| Secret::new(t.clone())));
    for (_, roles) in &input.authz {
        secrets.extend(roles.iter().filter_map(|(_, s)| s.clone()));
    }

    let mut results = Vec::new();
    results.push(jwt_check(input, token_jwt.as_ref(), now, &mut report));

    let url = match Url::parse(&input.target.url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => u,
        Ok(u) => {
            return fail_all(
                report,
                results,
                input,
                format!("target URL {:?} is not http(s) with a host", u.as_str()),
            );
        }
        Err(e) => {
            return fail_all(
                report,
                results,
                input,
                format!("target URL {:?} is invalid: {e}", input.target.url),
            );
        }
    };
    let origins = input
        .declared_origins
        .clone()
        .unwrap_or_else(|| Arc::new(client::origins_of(input.declared)));
    let connect = input
        .connect_to
        .and_then(|a| url.host_str().map(|h| (h.to_string(), a)));
    let client = match Client::new(
        opts,
        origins.clone(),
        secrets.clone(),
        connect.clone(),
        input.identity.as_deref(),
    ) {
        Ok(c) => c,
        Err(e) => return fail_all(report, results, input, e.to_string()),
    };
    // With a client certificate configured, whether the server lets in a
    // client without one (TLS said "optional") takes one request without it.
    let mut bare_log = Vec::new();
    let mut bare_sent = Vec::new();
    if input.identity.is_some() && input.client_cert_requested && !input.client_cert_required {
        if let Ok(bare) = Client::new(opts, origins, secrets, connect, None) {
            let req = Request::get(url.clone(), "without a client certificate");
            match bare.send(&req).await {
                Ok(r) => report.client_cert_refusal = client_cert_refusal(&r),
                Err(e) if e.kind == FailKind::ClientCert => {
                    report.client_cert_refusal = Some(e.message.clone())
                }
                Err(_) => {}
            }
            bare_log = bare.take_log();
            bare_sent = bare.take_sent();
        }
    }
    let creds = input
        .token
        .clone()
        .map(|t| Credentials::new(input.target, t));
    let ctx = Ctx {
        client: &client,
        url,
        creds,
        opts,
        input,
    };
    results.extend(ctx.run(&mut report, &forged).await);
    report.exchanges = bare_log;
    report.exchanges.extend(client.take_log());
    report.requests = bare_sent;
    report.requests.extend(client.take_sent());
    for r in &mut results {
        r.summary = client.scrub(&r.summary);
        for d in &mut r.details {
            *d = client.scrub(d);
        }
    }
    order(&mut results);
    (report, results)
}

/// Report order follows the check registry.
fn order(results: &mut [CheckResult]) {
    results.sort_by_key(|r| r.id.rank());
}

/// The target cannot be probed at all: every network check is `error`.
fn fail_all(
    mut report: HttpObservation,
    mut results: Vec<CheckResult>,
    input: &HttpInput<'_>,
    why: String,
) -> (HttpObservation, Vec<CheckResult>) {
    results.push(error(CheckId::HttpRedirect, why.clone()));
    results.extend(NETWORK_CHECKS.iter().map(|&id| error(id, why.clone())));
    match input.target.openapi {
        Some(_) => {
            results.push(error(CheckId::InventoryOpenapi, why.clone()));
            results.extend(
                crate::design::checks()
                    .into_iter()
                    .map(|id| error(id, why.clone())),
            );
        }
        None => results.push(info(CheckId::InventoryOpenapi, NO_OPENAPI)),
    }
    if input.target.oauth_issuer.is_some() {
        results.push(error(CheckId::OauthMetadata, why.clone()));
        results.push(error(CheckId::OauthJwks, why.clone()));
    }
    results.push(if input.authz.is_empty() {
        info(CheckId::AuthzMatrix, NO_AUTHZ)
    } else {
        error(CheckId::AuthzMatrix, why.clone())
    });
    report.error = Some(why);
    order(&mut results);
    (report, results)
}

fn jwt_check(
    input: &HttpInput<'_>,
    token_jwt: Option<&jwt::Jwt>,
    now: i64,
    report: &mut HttpObservation,
) -> CheckResult {
    let id = CheckId::AuthJwt;
    if input.token.is_none() {
        return info(id, "No token configured (token_env): nothing to analyse.");
    }
    if input.target.auth_scheme != AuthScheme::Bearer {
        return info(
            id,
            "The target's credential is not a bearer token: no JWT to analyse.",
        );
    }
    match token_jwt {
        Some(j) => {
            let s = jwt::summarise(j, now);
            let r = jwt::verdict(&s);
            report.jwt = Some(s);
            r
        }
        None => info(
            id,
            "The token is opaque (not a JWT): nothing to analyse offline.",
        ),
    }
}

struct Ctx<'a> {
    client: &'a Client,
    url: Url,
    creds: Option<Credentials>,
    opts: &'a HttpOptions,
    input: &'a HttpInput<'a>,
}

/// Anonymous GET of one declared URL, following redirects in scope.
struct AnonFetch {
    url: Url,
    result: Result<Response, FetchError>,
}

impl Ctx<'_> {
    fn https(&self) -> bool {
        self.url.scheme() == "https"
    }

    fn urls(&self) -> Vec<Url> {
        let mut urls = vec![self.url.clone()];
        for p in &self.input.target.paths {
            if let Ok(u) = self.url.join(p) {
                if client::origin(&u) == client::origin(&self.url) && !urls.contains(&u) {
                    urls.push(u);
                }
            }
        }
        urls
    }

    async fn get_following(
        &self,
        url: &Url,
        creds: bool,
        purpose: &str,
    ) -> Result<Response, FetchError> {
        let req = Request::get(url.clone(), purpose).creds(if creds {
            self.creds.as_ref()
        } else {
            None
        });
        self.client.send_following(req).await.map(|(r, _)| r)
    }

    async fn run(
        &self,
        report: &mut HttpObservation,
        forged: &[(&str, String)],
    ) -> Vec<CheckResult> {
        let mut out = Vec::new();
        let (redirect, http_side) = self.redirect().await;
        out.push(redirect);

        let mut anon = Vec::new();
        for u in self.urls() {
            let result = self
                .get_following(&u, false, "baseline without credentials")
                .await;
            anon.push(AnonFetch { url: u, result });
        }
        // (why HTTP behaviour was not observed, whether the server is up)
        let unobserved = match &anon[0].result {
            Ok(r) if self.input.client_cert_requested && self.input.identity.is_none() => {
                client_cert_refusal(r).map(|seen| {
                    report.client_cert_refusal = Some(seen.clone());
                    (client_cert_problem(self.input, &seen), true)
                })
            }
            Ok(_) => None,
            Err(e) => Some(match e.kind {
                FailKind::ClientCert => (client_cert_problem(self.input, &e.message), true),
                FailKind::Tls
                    if self.input.client_cert_required && self.input.identity.is_none() =>
                {
                    (client_cert_problem(self.input, &e.message), true)
                }
                FailKind::Tls => (
                    format!(
                        "TLS verification failed, so HTTP behaviour was not observed (tls.cert.chain reports the certificate): {}",
                        e.message
                    ),
                    true,
                ),
                FailKind::Timeout => (
                    format!("no answer within {:?}: {}", self.opts.timeout, e.message),
                    false,
                ),
                _ => (
                    format!(
                        "could not reach {}: {}",
                        self.client.redact_url(&self.url),
                        e.message
                    ),
                    false,
                ),
            }),
        };
        if let Some((why, server_up)) = unobserved {
            report.error = Some(self.client.scrub(&why));
            // A closed cleartext port proves nothing when the whole target is
            // unreachable; with a TLS failure the server is up, so it still counts.
            if !server_up && out[0].result != CheckOutcome::Fail {
                out[0] = error(CheckId::HttpRedirect, why.clone());
            }
            out.extend(NETWORK_CHECKS.iter().map(|&id| error(id, why.clone())));
            // A document is read even when the API is down; its verdict stands.
            out.extend(self.openapi(report).await);
            out.extend(self.oauth(!server_up).await);
            out.push(if self.input.authz.is_empty() {
                info(CheckId::AuthzMatrix, NO_AUTHZ)
            } else {
                error(CheckId::AuthzMatrix, why.clone())
            });
            return out;
        }
        let base = match &anon[0].result {
            Ok(r) => r.clone(),
            Err(_) => unreachable!("an error is unobserved above"),
        };
        report.http_version = Some(base.version.clone());
        let authed = match &self.creds {
            Some(_) => Some(
                self.get_following(&self.url, true, "baseline with credentials")
                    .await,
            ),
            None => None,
        };
        let primary = match &authed {
            Some(Ok(r)) if r.is_success() => r,
            _ => &base,
        };

        out.push(headers::hsts(
            primary.url.scheme() == "https",
            primary.header("strict-transport-security"),
        ));
        out.push(headers::content_type(
            primary.header("content-type"),
            &primary.body,
            primary.truncated,
        ));
        out.push(headers::nosniff(primary.header("x-content-type-options")));
        out.push(match &authed {
            Some(Ok(r)) if r.is_success() => headers::cache(r.header("cache-control"), r.status),
            Some(r) => error(
                CheckId::HttpCache,
                format!(
                    "The authenticated request got {}: no authenticated data to check.",
                    status_of(r)
                ),
            ),
            None => info(
                CheckId::HttpCache,
                "No token configured (token_env): no authenticated response to check.",
            ),
        });
        out.push(headers::framing(
            primary.header("content-security-policy"),
            primary.header("x-frame-options"),
        ));

        let mut seen: Vec<&Response> = anon.iter().filter_map(|a| a.result.as_ref().ok()).collect();
        if let Some(Ok(r)) = &authed {
            seen.push(r);
        }
        let mut banner_headers: Vec<(String, String)> = Vec::new();
        for r in &seen {
            for h in &r.headers {
                if !banner_headers.contains(h) {
                    banner_headers.push(h.clone());
                }
            }
        }
        out.push(headers::banner(&banner_headers));
        let mut set_cookies: Vec<&str> = Vec::new();
        for r in &seen {
            for c in r.all("set-cookie") {
                if !set_cookies.contains(&c) {
                    set_cookies.push(c);
                }
            }
        }
        out.push(headers::cookies(&set_cookies));

        let authenticated = self.creds.is_some() || matches!(base.status, 401 | 403);
        out.push(self.cors(authenticated).await);

        let anon_obs: Vec<auth::AnonObs> = anon
            .iter()
            .filter_map(|a| {
                a.result.as_ref().ok().map(|r| {
                    let final_url = self.client.redact_url(&r.url);
                    auth::AnonObs {
                        url: self.client.redact_url(&a.url),
                        status: r.status,
                        challenge: r.header("www-authenticate").map(str::to_string),
                        body_bytes: r.body.len(),
                        // A sign-in page, or any page a redirect to a
                        // sign-in URL ended on (a script-rendered form).
                        login_page: auth::is_login_page(
                            r.header("content-type"),
                            &r.body,
                            r.url.as_str(),
                        ) || (r.url != a.url
                            && auth::is_login_url(r.url.as_str())
                            && !r.header("content-type").is_some_and(|c| c.contains("json"))),
                        soft_refusal: (200..300).contains(&r.status)
                            && auth::is_soft_refusal(&r.body),
                        location: (300..400)
                            .contains(&r.status)
                            .then(|| r.header("location").map(|l| self.client.scrub(l)))
                            .flatten(),
                        final_url: (r.url != a.url).then_some(final_url),
                    }
                })
            })
            .collect();
        out.push(auth::required(&anon_obs));

        // The endpoint for token tests: the first one that refuses anonymous calls.
        let protected = anon
            .iter()
            .find(|a| {
                a.result
                    .as_ref()
                    .is_ok_and(|r| matches!(r.status, 401 | 403))
            })
            .map(|a| (a.url.clone(), status_of(&a.result)));
        out.push(
            self.invalid(protected.as_ref().map(|(u, _)| u), forged)
                .await,
        );

        let mut clear = http_side;
        if !self.https() {
            for a in &anon {
                if let Ok(r) = &a.result {
                    clear.push(auth::CleartextObs {
                        url: self.client.redact_url(&a.url),
                        status: r.status,
                        challenge: r.header("www-authenticate").map(str::to_string),
                        sent_credentials: false,
                    });
                }
            }
            if let Some(Ok(r)) = &authed {
                clear.push(auth::CleartextObs {
                    url: self.client.redact_url(&self.url),
                    status: r.status,
                    challenge: r.header("www-authenticate").map(str::to_string),
                    sent_credentials: true,
                });
            }
        }
        out.push(auth::cleartext(&clear));
        out.push(self.query_token(protected.as_ref()).await);

        let mut rl_headers = primary.headers.clone();
        rl_headers.extend(base.headers.iter().cloned());
        let mut limits = ratelimit::parse(&rl_headers);
        limits.headers.dedup();
        out.push(ratelimit::headers_verdict(&limits));
        if !limits.is_empty() {
            report.rate_limit = Some(limits);
        }
        out.push(self.burst(report).await);
        out.push(self.methods().await);
        out.push(self.errors().await);
        out.extend(self.exposure(report).await);
        // Both are always reported, so a reader sees what was not declared.
        out.extend(self.openapi(report).await);
        out.extend(self.oauth(false).await);
        if self.input.authz.is_empty() {
            out.push(info(CheckId::AuthzMatrix, NO_AUTHZ));
        } else {
            out.push(self.authz(report).await);
        }
        out
    }

    /// http.redirect, plus what the cleartext side said for auth.cleartext.
    async fn redirect(&self) -> (CheckResult, Vec<auth::CleartextObs>) {
        let host = self.url.host_str().unwrap_or("").to_string();
        let mut http_url = self.url.clone();
        if self.https() {
            let port = self.input.target.http_port.unwrap_or(80);
            if http_url.set_scheme("http").is_err() || http_url.set_port(Some(port)).is_err() {
                return (
                    error(CheckId::HttpRedirect, "could not form the http:// URL"),
                    Vec::new(),
                );
            }
        }
        let shown = self.client.redact_url(&http_url);
        // Closed or filtered is decided by the TCP connect alone: a port
        // that accepts and then stalls, drips bytes or talks nonsense is
        // open and unexplained, so it is an error, never a pass.
        let addr = format!(
            "{}:{}",
            http_url.host_str().unwrap_or(""),
            http_url.port_or_known_default().unwrap_or(80)
        );
        match tokio::time::timeout(self.opts.timeout, tokio::net::TcpStream::connect(&addr)).await {
            Err(_) => {
                let why = "no answer to a TCP connect within the timeout (filtered)".to_string();
                return (
                    headers::redirect(&shown, &host, &headers::RedirectObs::Closed(why)),
                    Vec::new(),
                );
            }
            Ok(Err(e)) => {
                let why = format!("connection refused or unreachable ({e})");
                return (
                    headers::redirect(&shown, &host, &headers::RedirectObs::Closed(why)),
                    Vec::new(),
                );
            }
            Ok(Ok(stream)) => drop(stream),
        }
        let req = Request::get(http_url, "cleartext port: redirect to https?");
        match self.client.send(&req).await {
            Ok(r) => {
                let obs = headers::RedirectObs::Answered {
                    status: r.status,
                    location: r.header("location").map(|l| {
                        r.url
                            .join(l)
                            .map(|u| u.to_string())
                            .unwrap_or_else(|_| l.to_string())
                    }),
                };
                let clear = auth::CleartextObs {
                    url: shown.clone(),
                    status: r.status,
                    challenge: r.header("www-authenticate").map(str::to_string),
                    sent_credentials: false,
                };
                (
                    headers::redirect(&shown, &host, &obs),
                    if self.https() {
                        vec![clear]
                    } else {
                        Vec::new()
                    },
                )
            }
            Err(e) if e.kind == FailKind::Connect => {
                let why = format!("connection refused or unreachable ({})", e.message);
                (
                    headers::redirect(&shown, &host, &headers::RedirectObs::Closed(why)),
                    Vec::new(),
                )
            }
            Err(e) => {
                let what = if e.kind == FailKind::Timeout {
                    "accepted a connection but sent no complete HTTP response within the timeout"
                } else {
                    "accepted a connection but the HTTP exchange failed"
                };
                (
                    error(
                        CheckId::HttpRedirect,
                        format!("Cleartext port {what}: GET {shown}: {e}. Whether it redirects to https is unknown."),
                    ),
                    Vec::new(),
                )
            }
        }
    }

    async fn cors(&self, authenticated: bool) -> CheckResult {
        let host = self
            .url
            .host_str()
            .unwrap_or_default()
            .trim_matches(['[', ']']);
        let origins = cors::origins(host, rand::random());
        let req_headers = match &self.creds {
            Some(c) => c.header().0,
            None => "authorization".to_string(),
        };
        let mut obs = Vec::new();
        for (kind, origin) in &origins {
            let pre = Request::new(
                Method::OPTIONS,
                self.url.clone(),
                "CORS preflight from a foreign origin",
            )
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", &req_headers);
            let get = || {
                Request::get(
                    self.url.clone(),
                    "CORS simple request from a foreign origin",
                )
                .header("origin", origin)
            };
            let mut requests = vec![("preflight OPTIONS", pre), ("GET", get())];
            // A server may open up only to authenticated callers.
            if self.creds.is_some() {
                requests.push(("GET with credentials", get().creds(self.creds.as_ref())));
            }
            for (request, req) in requests {
                let r = self.client.send(&req).await.ok();
                obs.push(cors::CorsObs {
                    request: request.to_string(),
                    kind: *kind,
                    origin: origin.clone(),
                    status: r.as_ref().map(|r| r.status),
                    allow_origin: r
                        .as_ref()
                        .and_then(|r| r.header("access-control-allow-origin"))
                        .map(str::to_string),
                    allow_credentials: r
                        .as_ref()
                        .and_then(|r| r.header("access-control-allow-credentials"))
                        .map(str::to_string),
                    allow_headers: r
                        .as_ref()
                        .and_then(|r| r.header("access-control-allow-headers"))
                        .map(str::to_string),
                });
            }
        }
        cors::verdict(&obs, authenticated, host)
    }

    async fn invalid(&self, protected: Option<&Url>, forged: &[(&str, String)]) -> CheckResult {
        let id = CheckId::AuthInvalid;
        let Some(url) = protected else {
            return info(
                id,
                "Not applicable: no probed endpoint refuses anonymous requests (see auth.required).",
            );
        };
        let scheme = self.input.target.auth_scheme;
        let base = self
            .creds
            .clone()
            .unwrap_or_else(|| Credentials::new(self.input.target, Secret::new("")));
        let random: u128 = rand::random();
        let garbage = match scheme {
            AuthScheme::Basic => format!("apiassure:{random:032x}"),
            _ => format!("apiassure-invalid-{random:032x}"),
        };
        let mut tries = vec![("garbage token".to_string(), base.with_value(&garbage))];
        for (kind, token) in forged {
            tries.push((kind.to_string(), base.with_value(token)));
        }
        let mut skipped = Vec::new();
        if !self.opts.active {
            skipped.push("expired token and alg=none JWT (active tests are opt-in: --active)");
        } else if scheme != AuthScheme::Bearer {
            skipped.push("expired and alg=none JWTs (the target does not use bearer tokens)");
        } else if !forged.iter().any(|(k, _)| k.starts_with("alg=none")) {
            skipped.push("alg=none JWT (needs the operator's token to be a JWT)");
        }
        let mut obs = Vec::new();
        for (kind, c) in tries {
            let req =
                Request::get(url.clone(), format!("invalid credential: {kind}")).creds(Some(&c));
            let r = self.client.send(&req).await;
            obs.push(auth::InvalidObs {
                kind,
                status: r.as_ref().ok().map(|r| r.status),
                challenge: r
                    .as_ref()
                    .ok()
                    .and_then(|r| r.header("www-authenticate"))
                    .map(str::to_string),
            });
        }
        let mut r = auth::invalid(scheme, &obs, &skipped);
        r.details
            .insert(0, format!("endpoint: {}", self.client.redact_url(url)));
        r
    }

    async fn query_token(&self, protected: Option<&(Url, String)>) -> CheckResult {
        let id = CheckId::AuthQueryToken;
        let Some(creds) = &self.creds else {
            return info(
                id,
                "No token configured (token_env): query-string tokens not tried.",
            );
        };
        if creds.scheme == AuthScheme::Basic {
            return info(
                id,
                "Basic credentials have no query-string form: not tried.",
            );
        }
        let Some((url, baseline)) = protected else {
            return info(
                id,
                "Not applicable: no probed endpoint refuses anonymous requests (see auth.required).",
            );
        };
        let mut obs = Vec::new();
        for param in ["access_token", "api_key"] {
            let mut u = url.clone();
            u.query_pairs_mut()
                .append_pair(param, creds.secret.expose());
            let r = self
                .client
                .send(&Request::get(u, format!("token in ?{param}=")))
                .await;
            obs.push(auth::QueryObs {
                param: param.to_string(),
                status: r.ok().map(|r| r.status),
            });
        }
        auth::query_token(baseline, url.scheme() == "https", &obs)
    }

    async fn burst(&self, report: &mut HttpObservation) -> CheckResult {
        let id = CheckId::RatelimitBurst;
        if !self.opts.active {
            return info(id, NOT_ACTIVE);
        }
        let limit = self
            .opts
            .burst_limit
            .min(crate::workspace::config::MAX_BURST);
        let mut b = BurstSummary {
            limit,
            ..BurstSummary::default()
        };
        let started = Instant::now();
        let mut consecutive_errors = 0;
        for n in 1..=limit {
            let req = Request::get(self.url.clone(), format!("rate-limit burst request {n}"))
                .creds(self.creds.as_ref())
                .unrecorded();
            let t = Instant::now();
            let r = self.client.send(&req).await;
            b.sent = n;
            match &r {
                Ok(resp) => {
                    consecutive_errors = 0;
                    *b.statuses.entry(resp.status.to_string()).or_default() += 1;
                    if resp.status == 429 {
                        b.first_429 = Some(n);
                        b.retry_after = resp.header("retry-after").map(str::to_string);
                        self.client.record(&req, &r, t.elapsed().as_millis());
                        break;
                    }
                }
                Err(_) => {
                    b.errors += 1;
                    consecutive_errors += 1;
                    if consecutive_errors >= 3 {
                        self.client.record(&req, &r, t.elapsed().as_millis());
                        break;
                    }
                }
            }
        }
        b.elapsed_ms = started.elapsed().as_millis().min(u64::MAX as u128) as u64;
        let r = ratelimit::burst_verdict(&b);
        report.burst = Some(b);
        r
    }

    async fn methods(&self) -> CheckResult {
        let marker = format!("apiassure-trace-{:016x}", rand::random::<u64>());
        let opt = self
            .client
            .send(&Request::new(
                Method::OPTIONS,
                self.url.clone(),
                "allowed methods",
            ))
            .await;
        let trace = self
            .client
            .send(
                &Request::new(
                    Method::TRACE,
                    self.url.clone(),
                    "TRACE echo (cross-site tracing)",
                )
                .header("x-apiassure-trace", &marker),
            )
            .await;
        let obs = headers::MethodsObs {
            options_status: opt.as_ref().ok().map(|r| r.status),
            allow: opt
                .as_ref()
                .ok()
                .and_then(|r| r.header("allow"))
                .map(str::to_string),
            trace_status: trace.as_ref().ok().map(|r| r.status),
            trace_echo: trace
                .as_ref()
                .is_ok_and(|r| r.body_text().contains(&marker)),
        };
        headers::methods(&obs)
    }

    /// exposure.*, http.security_txt: the documented well-known paths,
    /// anonymously, four at a time, each body read only as far as its
    /// signature needs.
    async fn exposure(&self, report: &mut HttpObservation) -> Vec<CheckResult> {
        let key = format!(
            "{} {:?} {}",
            client::origin(&self.url),
            self.input.connect_to,
            self.input
                .identity
                .as_ref()
                .map_or("", |i| i.label.as_str())
        );
        let cell = self.opts.origin_cache.cell(&key);
        let outcome = cell
            .get_or_init(|| async {
                let mut own = HttpObservation::default();
                let results = self.exposure_once(&mut own).await;
                exposure::OriginOutcome {
                    asked_by: self.input.target.url.clone(),
                    results,
                    exposure: own.exposure,
                    security_txt: own.security_txt,
                }
            })
            .await;
        report.exposure = outcome.exposure.clone();
        report.security_txt = outcome.security_txt.clone();
        if outcome.asked_by == self.input.target.url {
            return outcome.results.clone();
        }
        // Another target on the same origin asked: its answers hold here.
        let shown = self.client.redact_url(&self.url);
        let by = outcome.asked_by.clone();
        outcome
            .results
            .iter()
            .cloned()
            .map(|mut r| {
                r.details.push(format!(
                    "asked once for the origin of {shown}, by the probe of {by} in this run"
                ));
                r
            })
            .collect()
    }

    /// The requests behind [`Ctx::exposure`], for the first target of an origin.
    async fn exposure_once(&self, report: &mut HttpObservation) -> Vec<CheckResult> {
        use futures::StreamExt;
        let root = |p: &str| self.url.join(p).ok();
        // What a path that cannot exist gets: a catch-all page is no finding.
        let nonce: u64 = rand::random();
        let baseline = match root(&format!("/apiassure-absent-{nonce:016x}")) {
            Some(u) => self
                .client
                .send(
                    &Request::get(u, "exposure: a path that cannot exist (catch-all baseline)")
                        .max_body(64 * 1024),
                )
                .await
                .ok()
                .filter(Response::is_success)
                .map(|r| r.body),
            None => None,
        };
        let baseline = baseline.as_deref();
        let mut seen: Vec<(usize, exposure::Seen)> =
            futures::stream::iter(exposure::PATHS.iter().enumerate())
                .map(|(i, w)| async move {
                    let mut seen = exposure::Seen {
                        path: w.path.to_string(),
                        status: None,
                        found: None,
                    };
                    if let Some(u) = root(w.path) {
                        let req =
                            Request::get(u, format!("exposure: {}", w.path)).max_body(w.max_bytes);
                        if let Ok(r) = self.client.send(&req).await {
                            seen.status = Some(r.status);
                            seen.found = exposure::recognise(w, r.status, &r.body, baseline);
                        }
                    }
                    (i, seen)
                })
                .buffer_unordered(4)
                .collect()
                .await;
        seen.sort_by_key(|(i, _)| *i);
        let seen: Vec<exposure::Seen> = seen.into_iter().map(|(_, s)| s).collect();
        report.exposure = seen.iter().filter_map(|s| s.found.clone()).collect();
        let mut out = exposure::verdicts(&seen);

        out.push(if self.opts.active {
            match root(exposure::GRAPHQL) {
                Some(u) => {
                    let req = Request::new(Method::POST, u, "exposure: GraphQL introspection")
                        .header("content-type", "application/json")
                        .body(exposure::INTROSPECTION.as_bytes())
                        .max_body(64 * 1024);
                    match self.client.send(&req).await {
                        Ok(r) => exposure::graphql_verdict(Some(r.status), &r.body),
                        Err(_) => exposure::graphql_verdict(None, b""),
                    }
                }
                None => error(CheckId::ExposureGraphql, "could not form the /graphql URL"),
            }
        } else {
            info(CheckId::ExposureGraphql, NOT_ACTIVE)
        });

        out.push(match root(exposure::SECURITY_TXT) {
            Some(u) => {
                let shown = self.client.redact_url(&u);
                let req =
                    Request::get(u, "vulnerability disclosure: security.txt").max_body(32 * 1024);
                match self.client.send_following(req).await {
                    Ok((r, _)) => {
                        let parsed = r
                            .is_success()
                            .then(|| exposure::parse_security_txt(&shown, &r.body_text()))
                            .flatten();
                        let verdict = exposure::security_txt_verdict(
                            Some(r.status),
                            r.header("content-type"),
                            parsed.as_ref(),
                            chrono::Utc::now(),
                        );
                        report.security_txt = parsed;
                        verdict
                    }
                    Err(_) => exposure::security_txt_verdict(None, None, None, chrono::Utc::now()),
                }
            }
            None => error(
                CheckId::HttpSecurityTxt,
                "could not form the security.txt URL",
            ),
        });
        out
    }

    async fn errors(&self) -> CheckResult {
        let id = CheckId::HttpErrors;
        if !self.opts.active {
            return info(id, NOT_ACTIVE);
        }
        let req = Request::new(Method::POST, self.url.clone(), "malformed JSON body")
            .header("content-type", "application/json")
            .creds(self.creds.as_ref())
            .body(b"{\"apiassure\": \"malformed\", ");
        match self.client.send(&req).await {
            Ok(r) => errors::verdict(r.status, &self.client.scrub(&r.body_text())),
            Err(e) => error(id, format!("POST with a malformed body failed: {e}")),
        }
    }

    /// The OpenAPI inventory and the design review of the same document
    /// (one parse): `inventory.openapi` plus one result per `openapi.*`
    /// family. Without a declared document, only the inventory's `info`.
    async fn openapi(&self, report: &mut HttpObservation) -> Vec<CheckResult> {
        let id = CheckId::InventoryOpenapi;
        let Some(source) = self.input.target.openapi.as_deref() else {
            return vec![info(id, NO_OPENAPI)];
        };
        let all_error = |why: String| {
            let mut out = vec![error(id, why.clone())];
            out.extend(
                crate::design::checks()
                    .into_iter()
                    .map(|d| error(d, why.clone())),
            );
            out
        };
        let (text, base) = match self.load_openapi(source).await {
            Ok(x) => x,
            Err(e) => return all_error(e.to_string()),
        };
        // A local file's references to files beside it are followed.
        let local = (!source.starts_with("http://") && !source.starts_with("https://"))
            .then(|| self.input.workspace_root.join(source));
        // Parsing is CPU work: it runs off the async threads so the
        // target's deadline still fires (the document is size- and
        // depth-capped, so the parse itself ends soon after).
        let parsed = tokio::task::spawn_blocking(move || {
            openapi::parse_located(&text).map(|doc| {
                let value = doc.value.clone();
                let review = crate::design::review_located(doc, local.as_deref());
                (value, review)
            })
        })
        .await;
        let (doc, review) = match parsed {
            Ok(Ok(d)) => d,
            Ok(Err(e)) => return all_error(format!("{source}: {e}")),
            Err(e) => return all_error(format!("{source}: parsing failed: {e}")),
        };
        let design = match review {
            Ok(findings) => crate::design::check_results(source, &findings),
            Err(e) => crate::design::checks()
                .into_iter()
                .map(|d| error(d, format!("{source}: {e}")))
                .collect(),
        };
        let mut inv = match openapi::inventory(&doc, source, &base) {
            Ok(i) => i,
            Err(e) => {
                let mut out = vec![error(id, format!("{source}: {e}"))];
                out.extend(design);
                return out;
            }
        };
        let described: Vec<&Target> = self
            .input
            .declared
            .iter()
            .filter(|t| t.openapi.as_deref() == Some(source))
            .collect();
        let described = if described.is_empty() {
            vec![self.input.target]
        } else {
            described
        };
        openapi::compare(&mut inv, self.input.declared, &described);
        for i in 0..inv.operations.len() {
            let op = &inv.operations[i];
            if !op.deprecated {
                continue;
            }
            // Only this target's own origin is contacted, with its credential.
            let own = client::origin(&self.url);
            let Some(u) = openapi::probe_url(&inv, op, |u| client::origin(u) == own) else {
                if openapi::probe_url(&inv, op, |_| true).is_some() {
                    inv.operations[i].probed =
                        Some("not contacted: its servers are not on this target's origin".into());
                }
                continue;
            };
            let shown = self.client.redact_url(&u);
            let r = self
                .client
                .send(
                    &Request::get(u, "deprecated operation still served?")
                        .creds(self.creds.as_ref()),
                )
                .await;
            let op = &mut inv.operations[i];
            match r {
                Ok(r) => {
                    op.probed = Some(format!("GET {shown} -> {}", r.status));
                    op.still_served = Some(!matches!(r.status, 404 | 410));
                }
                Err(e) => op.probed = Some(format!("GET {shown} failed: {e}")),
            }
        }
        let r = openapi::verdict(&inv);
        report.openapi = Some(inv);
        let mut out = vec![r];
        out.extend(design);
        out
    }

    /// OAuth 2.0 / OIDC metadata and signing keys: of the declared
    /// `oauth_issuer`, else looked for on the target's own origin (nothing
    /// is reported when none is found there). Only declared origins are
    /// contacted, without the target's credential (these are public).
    /// `origin_down`: the target's own origin just failed to answer, so its
    /// well-known URLs are not tried (a declared issuer still is).
    async fn oauth(&self, origin_down: bool) -> Vec<CheckResult> {
        use crate::design::oauth;
        use serde_json::Value;
        let declared = self.input.target.oauth_issuer.as_deref();
        if declared.is_none() && origin_down {
            return Vec::new();
        }
        let issuer = match declared {
            Some(i) => i.trim().to_string(),
            None => self.url.origin().ascii_serialization(),
        };
        let both = |why: String| {
            vec![
                error(CheckId::OauthMetadata, why.clone()),
                error(CheckId::OauthJwks, why),
            ]
        };
        let mut tried = Vec::new();
        let mut found: Option<(String, Value)> = None;
        for candidate in oauth::metadata_urls(&issuer) {
            let Ok(u) = Url::parse(&candidate) else {
                return both(format!("oauth_issuer {issuer:?} is not a URL"));
            };
            if !self.client.is_declared(&u) {
                return both(format!(
                    "oauth_issuer {issuer}: origin {} is not a declared target's origin, so it is not contacted; declare it as a target",
                    client::origin(&u)
                ));
            }
            match self
                .client
                .send(&Request::get(u.clone(), "OAuth / OIDC metadata"))
                .await
            {
                Ok(r) if r.is_success() && !r.truncated => {
                    match serde_json::from_slice::<Value>(&r.body) {
                        Ok(v) if v.is_object() => {
                            found = Some((self.client.redact_url(&u), v));
                            break;
                        }
                        _ => tried.push(format!(
                            "{}: {} but not a JSON object",
                            self.client.redact_url(&u),
                            r.status
                        )),
                    }
                }
                Ok(r) => tried.push(format!("{}: {}", self.client.redact_url(&u), r.status)),
                Err(e) => {
                    tried.push(format!("{}: {e}", self.client.redact_url(&u)));
                    // The next well-known URL is on the same origin: no
                    // point waiting for a second timeout.
                    if matches!(e.kind, FailKind::Timeout | FailKind::Connect) {
                        break;
                    }
                }
            }
        }
        let Some((source, meta)) = found else {
            return match declared {
                Some(_) => both(format!("no metadata for {issuer}: {}", tried.join("; "))),
                None => Vec::new(),
            };
        };
        let mut expected = issuer.clone();
        if meta
            .get("issuer")
            .and_then(Value::as_str)
            .map(|s| s.trim_end_matches('/'))
            == Some(issuer.trim_end_matches('/'))
        {
            // Only a trailing slash differs: the same issuer as typed.
            expected = meta["issuer"].as_str().unwrap_or_default().to_string();
        }
        let mut out = vec![oauth::metadata_verdict(&expected, &source, &meta)];
        let jwks = match meta.get("jwks_uri").and_then(Value::as_str) {
            None => info(CheckId::OauthJwks, "The metadata names no jwks_uri: no signing keys to check."),
            Some(j) => match Url::parse(j) {
                Err(_) => error(CheckId::OauthJwks, format!("jwks_uri {j:?} is not a URL")),
                Ok(u) if !self.client.is_declared(&u) => error(
                    CheckId::OauthJwks,
                    format!(
                        "jwks_uri {}: origin {} is not a declared target's origin, so the keys are not fetched; declare it as a target",
                        self.client.redact_url(&u),
                        client::origin(&u)
                    ),
                ),
                Ok(u) => match self.client.send(&Request::get(u.clone(), "JSON Web Key Set")).await {
                    Ok(r) if r.is_success() && !r.truncated => match serde_json::from_slice::<Value>(&r.body) {
                        Ok(v) => oauth::jwks_verdict(&self.client.redact_url(&u), &v, Some(&meta)),
                        Err(e) => error(CheckId::OauthJwks, format!("{}: not JSON: {e}", self.client.redact_url(&u))),
                    },
                    Ok(r) => error(CheckId::OauthJwks, format!("{}: status {}", self.client.redact_url(&u), r.status)),
                    Err(e) => error(CheckId::OauthJwks, format!("{}: {e}", self.client.redact_url(&u))),
                },
            },
        };
        out.push(jwks);
        out
    }

    /// The document's text and the URL relative servers resolve against.
    async fn load_openapi(&self, source: &str) -> Result<(String, Url), ProbeError> {
        if source.starts_with("http://") || source.starts_with("https://") {
            let u = Url::parse(source)
                .map_err(|e| ProbeError::Document(format!("openapi URL {source:?}: {e}")))?;
            // Documents load only from a declared origin (scheme, host and
            // port); the target's credential goes along only to its own.
            if !self.client.is_declared(&u) {
                return Err(ProbeError::Document(format!(
                    "openapi URL {}: origin {} is not a declared target's origin, so it is not fetched; declare it as a target or use a local file",
                    self.client.redact_url(&u),
                    client::origin(&u)
                )));
            }
            let same_origin = client::origin(&u) == client::origin(&self.url);
            let creds = self.creds.as_ref().filter(|_| same_origin);
            let r = self
                .client
                .send(&Request::get(u.clone(), "OpenAPI document").creds(creds))
                .await
                .map_err(|e| ProbeError::Document(format!("fetching {source}: {e}")))?;
            if !r.is_success() {
                return Err(ProbeError::Document(format!(
                    "fetching {source}: status {}",
                    r.status
                )));
            }
            if r.truncated {
                return Err(ProbeError::Document(format!(
                    "{source} is larger than max_body_bytes ({}): raise it or use a local file",
                    self.opts.max_body_bytes
                )));
            }
            Ok((r.body_text(), u))
        } else {
            let path = self.input.workspace_root.join(source);
            let text = crate::files::read_text(&path, crate::files::cap::OPENAPI)
                .map_err(|e| ProbeError::Document(format!("{}: {e}", path.display())))?;
            Ok((text, self.url.clone()))
        }
    }

    async fn authz(&self, report: &mut HttpObservation) -> CheckResult {
        let mut cells = Vec::new();
        for (matrix, tokens) in &self.input.authz {
            for ep in &matrix.endpoints {
                let method = ep.method.trim().to_ascii_uppercase();
                let safe = matches!(method.as_str(), "GET" | "HEAD");
                // Matrix requests go only to this target's own origin.
                let own = client::origin(&self.url);
                let url = self
                    .url
                    .join(&ep.path)
                    .ok()
                    .filter(|u| client::origin(u) == own);
                for role in &matrix.roles {
                    let token = tokens
                        .iter()
                        .find(|(n, _)| n == &role.name)
                        .and_then(|(_, s)| s.clone());
                    let mut cell = AuthzCell {
                        method: method.clone(),
                        path: ep.path.clone(),
                        role: role.name.clone(),
                        expect_allow: ep.allow.contains(&role.name),
                        status: None,
                        access: AuthzAccess::NotRun,
                        note: None,
                    };
                    let parsed = Method::from_bytes(method.as_bytes()).ok();
                    if url.is_none() {
                        cell.note = Some("path is not on this target's origin: not sent".into());
                    } else if parsed.is_none() {
                        cell.note = Some(format!("{method:?} is not an HTTP method"));
                    } else if !safe && !self.opts.active {
                        cell.note = Some(NOT_ACTIVE.into());
                    } else if role.token_env.is_some() && token.is_none() {
                        cell.note = Some(format!(
                            "token variable {} is unset",
                            role.token_env.as_deref().unwrap_or("")
                        ));
                    }
                    if cell.note.is_none() {
                        if let (Some(u), Some(m)) = (url.clone(), parsed) {
                            let creds = token.map(|t| Credentials::new(self.input.target, t));
                            let mut req = Request::new(
                                m,
                                u,
                                format!("authorization matrix: {} as {}", ep.path, role.name),
                            )
                            .creds(creds.as_ref());
                            if matches!(method.as_str(), "POST" | "PUT" | "PATCH") {
                                req = req.header("content-type", "application/json").body(b"{}");
                            }
                            match self.client.send(&req).await {
                                Ok(r) => {
                                    cell.status = Some(r.status);
                                    cell.access = authz::classify(r.status);
                                }
                                Err(e) => {
                                    cell.access = AuthzAccess::Failed;
                                    cell.note = Some(self.client.scrub(&e.message));
                                }
                            }
                        }
                    }
                    cells.push(cell);
                }
            }
        }
        let r = authz::verdict(&cells);
        report.authz = cells;
        r
    }
}
