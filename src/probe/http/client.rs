//! The one way HTTP probes talk to a target: a reqwest client with proper
//! certificate verification (webpki roots plus the operator's internal CAs),
//! no automatic redirects, bounded bodies, and an evidence log of every
//! exchange with credentials redacted *before* it is stored.
//!
//! Redirects are followed by hand and only inside the origins the workspace
//! declares, so a probe can never be bounced to a host nobody agreed to test.

use crate::probe::ProbeError;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use base64::Engine;
use reqwest::{Method, Url};

use crate::probe::secret::{Scrubber, Secret, REDACTED};
use crate::workspace::config::{AuthScheme, Target};

use super::{Exchange, Header, HttpOptions, SentRequest};

/// Query parameters whose values are treated as credentials in evidence.
const SECRET_PARAMS: &[&str] = &[
    "access_token",
    "api_key",
    "apikey",
    "api-key",
    "key",
    "token",
    "id_token",
    "refresh_token",
    "auth",
    "password",
    "secret",
    "sig",
    "signature",
    "code",
];

/// Request headers whose values are credentials.
const SECRET_REQUEST_HEADERS: &[&str] = &["authorization", "proxy-authorization", "cookie"];

/// Response headers whose values may carry credentials.
const SECRET_RESPONSE_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "x-amzn-remapped-authorization",
    "x-api-key",
];

/// How a request failed, so that checks can tell "TLS broken" from "closed port".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FailKind {
    Tls,
    /// The server wants (another) client certificate: mutual TLS.
    ClientCert,
    Connect,
    Timeout,
    Other,
}

#[derive(Debug, Clone)]
pub(crate) struct FetchError {
    pub kind: FailKind,
    pub message: String,
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A response as the checks see it: raw (unredacted) headers, a bounded body.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    pub url: Url,
    pub status: u16,
    pub version: String,
    /// Lowercase names, in arrival order, repeated headers kept apart.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub truncated: bool,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Credentials for one target, ready to put on a request. They are bound to
/// the exact origin (scheme, host, port) of the target they belong to: the
/// client refuses to send them anywhere else (see [`Client::send`]).
#[derive(Clone)]
pub(crate) struct Credentials {
    pub scheme: AuthScheme,
    pub api_key_header: String,
    pub secret: Secret,
    /// The only origin these credentials are ever sent to.
    pub origin: String,
}

impl Credentials {
    pub fn new(target: &Target, secret: Secret) -> Credentials {
        Credentials {
            origin: Url::parse(&target.url)
                .map(|u| origin(&u))
                .unwrap_or_default(),
            scheme: target.auth_scheme,
            api_key_header: target
                .api_key_header
                .clone()
                .unwrap_or_else(|| "X-API-Key".to_string()),
            secret,
        }
    }

    /// The same scheme carrying another value (forged or garbage tokens).
    pub fn with_value(&self, value: &str) -> Credentials {
        Credentials {
            secret: Secret::new(value),
            ..self.clone()
        }
    }

    pub fn header(&self) -> (String, String) {
        let v = self.secret.expose();
        match self.scheme {
            AuthScheme::Bearer => ("authorization".into(), format!("Bearer {v}")),
            AuthScheme::Basic => (
                "authorization".into(),
                format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(v)
                ),
            ),
            AuthScheme::ApiKey => (self.api_key_header.to_ascii_lowercase(), v.to_string()),
        }
    }
}

/// One request to send.
pub(crate) struct Request {
    pub method: Method,
    pub url: Url,
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
    pub creds: Option<Credentials>,
    /// Why the request is sent, as shown in the evidence.
    pub purpose: String,
    /// Keep the exchange in the evidence log (bursts keep only a sample).
    pub record: bool,
    /// Read at most this much of the body (below the client's own cap).
    pub max_body: Option<usize>,
}

impl Request {
    pub fn new(method: Method, url: Url, purpose: impl Into<String>) -> Request {
        Request {
            method,
            url,
            headers: Vec::new(),
            body: None,
            creds: None,
            purpose: purpose.into(),
            record: true,
            max_body: None,
        }
    }

    pub fn get(url: Url, purpose: impl Into<String>) -> Request {
        Request::new(Method::GET, url, purpose)
    }

    pub fn header(mut self, name: &str, value: &str) -> Request {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_string()));
        self
    }

    pub fn creds(mut self, creds: Option<&Credentials>) -> Request {
        self.creds = creds.cloned();
        self
    }

    pub fn body(mut self, body: &[u8]) -> Request {
        self.body = Some(body.to_vec());
        self
    }

    pub fn unrecorded(mut self) -> Request {
        self.record = false;
        self
    }

    /// Read at most `bytes` of the response body.
    pub fn max_body(mut self, bytes: usize) -> Request {
        self.max_body = Some(bytes);
        self
    }
}

/// The headers a request goes out with, credentials included.
fn wire_headers(req: &Request) -> Vec<(String, String)> {
    let mut headers = req.headers.clone();
    if let Some(c) = &req.creds {
        headers.push(c.header());
    }
    headers
}

/// The origins of the declared targets, computed once per run.
pub fn origins_of(declared: &[Target]) -> HashSet<String> {
    declared
        .iter()
        .filter_map(|t| Url::parse(&t.url).ok())
        .map(|u| origin(&u))
        .collect()
}

/// scheme, host, port: the unit of "declared".
pub(crate) fn origin(url: &Url) -> String {
    format!(
        "{}://{}:{}",
        url.scheme(),
        url.host_str().unwrap_or("").to_ascii_lowercase(),
        url.port_or_known_default().unwrap_or(0)
    )
}

pub(crate) struct Client {
    inner: reqwest::Client,
    scrubber: Scrubber,
    max_body: usize,
    declared_origins: Arc<HashSet<String>>,
    log: Mutex<Vec<Exchange>>,
    /// Every request sent, recorded or not: (method, redacted URL, status).
    sent: Mutex<Vec<SentRequest>>,
}

impl Client {
    /// Build the client. `secrets` are every token this probe may send; they
    /// are scrubbed from all evidence on top of the header and query redaction.
    pub fn new(
        opts: &HttpOptions,
        declared_origins: Arc<HashSet<String>>,
        secrets: Vec<Secret>,
        connect_to: Option<(String, std::net::SocketAddr)>,
        identity: Option<&crate::probe::identity::ClientIdentity>,
    ) -> Result<Client, ProbeError> {
        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        for (i, cert) in opts.extra_roots.iter().enumerate() {
            roots
                .add(cert.clone())
                .map_err(|e| ProbeError::Client(format!("extra CA certificate #{}: {e}", i + 1)))?;
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| ProbeError::Client(format!("TLS configuration: {e}")))?
            .with_root_certificates(roots);
        let mut tls = match identity {
            Some(id) => tls
                .with_client_auth_cert(id.certs.clone(), id.key())
                .map_err(|e| ProbeError::Client(format!("client certificate {}: {e}", id.label)))?,
            None => tls.with_no_client_auth(),
        };
        tls.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        let mut builder = reqwest::Client::builder();
        if let Some((host, addr)) = connect_to {
            builder = builder.resolve(&host, addr);
        }
        let inner = builder
            .use_preconfigured_tls(tls)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(opts.timeout)
            .connect_timeout(opts.timeout)
            .user_agent(concat!(
                "apiassure/",
                env!("CARGO_PKG_VERSION"),
                " (evidence probe)"
            ))
            .no_proxy()
            .build()
            .map_err(|e| ProbeError::Client(format!("HTTP client: {}", chain(&e))))?;
        Ok(Client {
            inner,
            scrubber: Scrubber::new(&secrets),
            max_body: opts.max_body_bytes,
            declared_origins,
            log: Mutex::new(Vec::new()),
            sent: Mutex::new(Vec::new()),
        })
    }

    pub fn is_declared(&self, url: &Url) -> bool {
        self.declared_origins.contains(&origin(url))
    }

    /// Every exchange so far, in order.
    pub fn take_log(&self) -> Vec<Exchange> {
        std::mem::take(&mut *self.log.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Every request sent so far, in order, repeats in a row as one line.
    pub fn take_sent(&self) -> Vec<SentRequest> {
        std::mem::take(&mut *self.sent.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Send one request, no redirects followed.
    pub async fn send(&self, req: &Request) -> Result<Response, FetchError> {
        let started = Instant::now();
        let result = self.exchange(req).await;
        if req.record {
            self.record(req, &result, started.elapsed().as_millis());
        }
        let line = SentRequest {
            method: req.method.as_str().to_string(),
            url: self.redact_url(&req.url),
            status: result.as_ref().ok().map(|r| r.status),
            count: 1,
        };
        let mut sent = self.sent.lock().unwrap_or_else(|e| e.into_inner());
        match sent.last_mut() {
            Some(last)
                if last.method == line.method
                    && last.url == line.url
                    && last.status == line.status =>
            {
                last.count += 1
            }
            _ => sent.push(line),
        }
        result
    }

    /// Put an exchange in the evidence log (for requests sent unrecorded,
    /// such as the one burst request that got 429).
    pub fn record(&self, req: &Request, result: &Result<Response, FetchError>, elapsed_ms: u128) {
        let ex = self.evidence(req, &wire_headers(req), result, elapsed_ms);
        self.log.lock().unwrap_or_else(|e| e.into_inner()).push(ex);
    }

    async fn exchange(&self, req: &Request) -> Result<Response, FetchError> {
        // The one rule for secrets: a credential goes only to the exact
        // origin of the target it belongs to. Nothing is sent otherwise.
        if let Some(c) = &req.creds {
            let to = origin(&req.url);
            if c.origin.is_empty() || to != c.origin {
                return Err(FetchError {
                    kind: FailKind::Other,
                    message: format!(
                        "not sent: the credential of {} is never sent to another origin ({to})",
                        if c.origin.is_empty() {
                            "this target"
                        } else {
                            &c.origin
                        }
                    ),
                });
            }
        }
        let mut builder = self.inner.request(req.method.clone(), req.url.clone());
        for (n, v) in wire_headers(req) {
            builder = builder.header(n, v);
        }
        if let Some(b) = &req.body {
            builder = builder.body(b.clone());
        }
        let mut resp = builder.send().await.map_err(classify)?;
        let status = resp.status().as_u16();
        let version = format!("{:?}", resp.version());
        let url = resp.url().clone();
        let headers: Vec<(String, String)> = resp
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let mut body = Vec::new();
        let mut truncated = false;
        if req.method != Method::HEAD {
            while let Some(chunk) = resp.chunk().await.map_err(classify)? {
                let cap = req.max_body.map_or(self.max_body, |m| m.min(self.max_body));
                let room = cap.saturating_sub(body.len());
                if chunk.len() > room {
                    body.extend_from_slice(&chunk[..room]);
                    truncated = true;
                    break;
                }
                body.extend_from_slice(&chunk);
            }
        }
        Ok(Response {
            url,
            status,
            version,
            headers,
            body,
            truncated,
        })
    }

    /// Send, following redirects by hand while they stay within declared
    /// origins (at most five hops). Credentials go along only while the
    /// origin stays the same. Returns the last response and the hops taken.
    pub async fn send_following(
        &self,
        mut req: Request,
    ) -> Result<(Response, Vec<String>), FetchError> {
        let mut hops = Vec::new();
        for _ in 0..=5 {
            let resp = self.send(&req).await?;
            let next = match (resp.status, resp.header("location")) {
                (301 | 302 | 303 | 307 | 308, Some(loc)) => resp.url.join(loc).ok(),
                _ => None,
            };
            let Some(next) = next else {
                return Ok((resp, hops));
            };
            if !self.is_declared(&next) || hops.len() == 5 {
                return Ok((resp, hops));
            }
            hops.push(format!("{} -> {}", resp.status, self.redact_url(&next)));
            if origin(&next) != origin(&req.url) {
                req.creds = None;
            }
            if resp.status == 303 {
                req.method = Method::GET;
                req.body = None;
            }
            req.url = next;
        }
        Err(FetchError {
            kind: FailKind::Other,
            message: "too many redirects".into(),
        })
    }

    /// The URL as evidence may show it: credential-looking query values
    /// replaced, and every known secret scrubbed.
    pub fn redact_url(&self, url: &Url) -> String {
        let mut out = url.clone();
        if url.query().is_some() {
            let pairs: Vec<String> = url
                .query_pairs()
                .map(|(k, v)| {
                    if SECRET_PARAMS.contains(&k.to_ascii_lowercase().as_str()) {
                        format!("{k}={REDACTED}")
                    } else {
                        format!("{k}={v}")
                    }
                })
                .collect();
            out.set_query(None);
            let mut s = out.to_string();
            s.push('?');
            s.push_str(&pairs.join("&"));
            return self.scrub(&s);
        }
        self.scrub(out.as_str())
    }

    pub fn scrub(&self, text: &str) -> String {
        self.scrubber.scrub(text)
    }

    fn evidence(
        &self,
        req: &Request,
        sent: &[(String, String)],
        result: &Result<Response, FetchError>,
        elapsed_ms: u128,
    ) -> Exchange {
        let api_key = req
            .creds
            .as_ref()
            .filter(|c| c.scheme == AuthScheme::ApiKey)
            .map(|c| c.api_key_header.to_ascii_lowercase());
        let request_headers = sent
            .iter()
            .map(|(n, v)| {
                let value = if SECRET_REQUEST_HEADERS.contains(&n.as_str())
                    || api_key.as_deref() == Some(n.as_str())
                {
                    redact_credential(v)
                } else {
                    self.scrub(v)
                };
                Header {
                    name: n.clone(),
                    value,
                }
            })
            .collect();
        let mut ex = Exchange {
            purpose: req.purpose.clone(),
            method: req.method.to_string(),
            url: self.redact_url(&req.url),
            request_headers,
            elapsed_ms: elapsed_ms.min(u64::MAX as u128) as u64,
            ..Exchange::default()
        };
        match result {
            Ok(r) => {
                ex.status = Some(r.status);
                ex.version = Some(r.version.clone());
                ex.response_headers = r
                    .headers
                    .iter()
                    .map(|(n, v)| Header {
                        name: n.clone(),
                        value: self.redact_response_header(n, v),
                    })
                    .collect();
                ex.body_bytes = r.body.len();
                ex.body_truncated = r.truncated;
            }
            Err(e) => ex.error = Some(self.scrub(&e.message)),
        }
        ex
    }

    fn redact_response_header(&self, name: &str, value: &str) -> String {
        if name == "set-cookie" {
            return self.scrub(&redact_set_cookie(value));
        }
        if SECRET_RESPONSE_HEADERS.contains(&name) {
            return redact_credential(value);
        }
        self.scrub(value)
    }
}

/// `Bearer abc` -> `Bearer [REDACTED]`; a bare value -> `[REDACTED]`.
pub(crate) fn redact_credential(value: &str) -> String {
    match value.trim().split_once(' ') {
        Some((scheme, _))
            if scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-') =>
        {
            format!("{scheme} {REDACTED}")
        }
        _ => REDACTED.to_string(),
    }
}

/// Keep the cookie's name and attributes, drop its value.
pub(crate) fn redact_set_cookie(value: &str) -> String {
    let mut parts = value.splitn(2, ';');
    let pair = parts.next().unwrap_or("");
    let name = pair.split_once('=').map(|(n, _)| n).unwrap_or(pair).trim();
    match parts.next() {
        Some(attrs) => format!("{name}={REDACTED};{attrs}"),
        None => format!("{name}={REDACTED}"),
    }
}

/// The whole error chain in one line: reqwest hides the useful part (the
/// rustls reason) in its sources.
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut src = e.source();
    while let Some(s) = src {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        src = s.source();
    }
    parts.join(": ")
}

fn classify(e: reqwest::Error) -> FetchError {
    let message = chain(&e);
    let mut tls = false;
    let mut src: Option<&dyn std::error::Error> = Some(&e);
    while let Some(s) = src {
        if s.downcast_ref::<rustls::Error>().is_some() {
            tls = true;
        }
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            if io
                .get_ref()
                .is_some_and(|inner| inner.downcast_ref::<rustls::Error>().is_some())
            {
                tls = true;
            }
        }
        src = s.source();
    }
    let lower = message.to_ascii_lowercase();
    let kind = if lower.contains("certificaterequired")
        || lower.contains("certificate required")
        || (tls
            && (lower.contains("alert: badcertificate")
                || lower.contains("alert: unknownca")
                || lower.contains("alert: certificateunknown")))
    {
        FailKind::ClientCert
    } else if tls || lower.contains("invalid peer certificate") || lower.contains("tls handshake") {
        FailKind::Tls
    } else if e.is_timeout() {
        FailKind::Timeout
    } else if e.is_connect() {
        FailKind::Connect
    } else {
        FailKind::Other
    };
    FetchError { kind, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_cookie_keeps_name_and_attributes() {
        assert_eq!(
            redact_set_cookie("sid=abc123; Path=/; HttpOnly"),
            "sid=[REDACTED]; Path=/; HttpOnly"
        );
        assert_eq!(redact_set_cookie("theme=dark"), "theme=[REDACTED]");
    }

    #[test]
    fn credentials_keep_the_scheme_only() {
        assert_eq!(redact_credential("Bearer abc.def"), "Bearer [REDACTED]");
        assert_eq!(redact_credential("raw-key-value"), "[REDACTED]");
    }

    #[test]
    fn credentials_per_scheme() {
        let mut t = Target::default();
        let c = |t: &Target, v: &str| Credentials::new(t, Secret::new(v)).header();
        assert_eq!(c(&t, "abc"), ("authorization".into(), "Bearer abc".into()));
        t.auth_scheme = AuthScheme::Basic;
        assert_eq!(
            c(&t, "user:pa ss"),
            ("authorization".into(), "Basic dXNlcjpwYSBzcw==".into())
        );
        t.auth_scheme = AuthScheme::ApiKey;
        assert_eq!(c(&t, "k1"), ("x-api-key".into(), "k1".into()));
        t.api_key_header = Some("Api-Key".into());
        assert_eq!(c(&t, "k1"), ("api-key".into(), "k1".into()));
    }

    #[test]
    fn query_tokens_are_redacted() {
        let opts = HttpOptions::default();
        let c = Client::new(
            &opts,
            Arc::default(),
            vec![Secret::new("tok-12345")],
            None,
            None,
        )
        .unwrap();
        let u =
            Url::parse("https://h.example/p?access_token=tok-12345&page=2&api_key=zzz").unwrap();
        let s = c.redact_url(&u);
        assert_eq!(
            s,
            "https://h.example/p?access_token=[REDACTED]&page=2&api_key=[REDACTED]"
        );
    }
}
