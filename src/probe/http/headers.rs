//! Pure rules for the response-header checks: transport upgrade, HSTS,
//! content type, nosniff, caching, framing, banners, cookies and methods.
//! Each takes what was observed and returns one verdict with the reason, so
//! the rules are tested by tables without a network.
//!
//! Sources: RFC 6797 (HSTS), RFC 9110, OWASP Secure Headers Project, OWASP
//! REST Security Cheat Sheet, Mozilla Web Security guidelines.

use crate::checks::CheckId;
use crate::model::{CheckOutcome, CheckResult};

use super::worst;

/// One year: the HSTS floor of Mozilla's guidelines and the preload list.
pub const HSTS_PASS: u64 = 31_536_000;
/// Six months: the lowest value worth a warning rather than a failure.
pub const HSTS_WARN: u64 = 15_552_000;

/// What the cleartext port said.
#[derive(Debug, Clone)]
pub enum RedirectObs {
    /// Nothing listens (refused) or nothing answers (filtered).
    Closed(String),
    Answered {
        status: u16,
        location: Option<String>,
    },
}

/// http.redirect: the cleartext port must send clients to https on the same
/// host, permanently (RFC 9110 15.4.2 / 15.4.9), or not answer at all.
pub fn redirect(url: &str, host: &str, obs: &RedirectObs) -> CheckResult {
    let id = CheckId::HttpRedirect;
    match obs {
        RedirectObs::Closed(why) => CheckResult::new(
            id,
            CheckOutcome::Pass,
            format!(
                "Cleartext port closed: {url} does not answer, so nothing is served over http://."
            ),
        )
        .with_details(vec![format!("GET {url}: {why}")]),
        RedirectObs::Answered { status, location } => {
            let seen = vec![format!(
                "GET {url} -> {status}{}",
                location
                    .as_deref()
                    .map(|l| format!(", Location: {l}"))
                    .unwrap_or_default()
            )];
            let to_https_same_host = location
                .as_deref()
                .and_then(|l| reqwest::Url::parse(l).ok())
                .is_some_and(|l| {
                    l.scheme() == "https"
                        && l.host_str().is_some_and(|h| h.eq_ignore_ascii_case(host))
                });
            let (result, summary) = match (*status, to_https_same_host) {
                (301 | 308, true) => (
                    CheckOutcome::Pass,
                    format!("http:// redirects permanently ({status}) to https on the same host."),
                ),
                (302 | 303 | 307, true) => (
                    CheckOutcome::Warn,
                    format!("http:// redirects to https, but temporarily ({status}); use 301 or 308 so clients remember (RFC 9110 15.4)."),
                ),
                (300..=399, false) => (
                    CheckOutcome::Warn,
                    format!("http:// redirects ({status}) but not to https on the same host."),
                ),
                (200..=299, _) => (
                    CheckOutcome::Fail,
                    format!("The API is served in cleartext: http:// answered {status} with no redirect to https."),
                ),
                (401, _) => (
                    CheckOutcome::Fail,
                    "The API answers in cleartext: http:// asks for credentials (401) instead of redirecting to https.".to_string(),
                ),
                _ => (
                    CheckOutcome::Warn,
                    format!("http:// answers {status} without redirecting to https."),
                ),
            };
            CheckResult::new(id, result, summary).with_details(seen)
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hsts {
    pub max_age: Option<u64>,
    pub include_subdomains: bool,
    pub preload: bool,
}

/// Why a Strict-Transport-Security header is invalid (RFC 6797 6.1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HstsError {
    #[error("{0:?} is not a directive name")]
    BadName(String),
    #[error("the {0} directive appears more than once")]
    Repeated(String),
    #[error("the value of {0} is not a valid quoted string")]
    BadQuotedString(String),
    #[error("the value of {name} ({value:?}) is not a token or quoted string")]
    BadValue { name: String, value: String },
    #[error("max-age {0:?} is not a number of seconds")]
    BadMaxAge(String),
    #[error("there is no max-age directive")]
    NoMaxAge,
}

/// Parse Strict-Transport-Security strictly (RFC 6797 6.1): directives
/// split by `;`, names case-insensitive tokens, values a token or a quoted
/// string; each directive at most once and `max-age` required, as
/// delta-seconds (digits only). A header that breaks these rules is invalid
/// and browsers ignore it entirely (6.1, 8.1): the error says why.
pub fn parse_hsts(value: &str) -> Result<Hsts, HstsError> {
    let is_token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    let mut h = Hsts::default();
    let mut seen: Vec<String> = Vec::new();
    for d in value.split(';') {
        let d = d.trim_matches([' ', '\t']);
        if d.is_empty() {
            continue;
        }
        let (name, val) = match d.split_once('=') {
            Some((n, v)) => (
                n.trim_matches([' ', '\t']),
                Some(v.trim_matches([' ', '\t'])),
            ),
            None => (d, None),
        };
        if !is_token(name) {
            return Err(HstsError::BadName(name.to_string()));
        }
        let lname = name.to_ascii_lowercase();
        if seen.contains(&lname) {
            return Err(HstsError::Repeated(name.to_string()));
        }
        seen.push(lname.clone());
        let val = match val {
            None => None,
            Some(v) if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') => {
                let inner = &v[1..v.len() - 1];
                if inner.contains('"') && !inner.contains("\\\"") {
                    return Err(HstsError::BadQuotedString(name.to_string()));
                }
                Some(inner.replace("\\", ""))
            }
            Some(v) if is_token(v) => Some(v.to_string()),
            Some(v) => {
                return Err(HstsError::BadValue {
                    name: name.to_string(),
                    value: v.to_string(),
                })
            }
        };
        match lname.as_str() {
            "max-age" => {
                let v = val.unwrap_or_default();
                if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(HstsError::BadMaxAge(v));
                }
                h.max_age = Some(v.parse().unwrap_or(u64::MAX));
            }
            "includesubdomains" => h.include_subdomains = true,
            "preload" => h.preload = true,
            _ => {}
        }
    }
    if h.max_age.is_none() {
        return Err(HstsError::NoMaxAge);
    }
    Ok(h)
}

/// http.hsts on the https response.
pub fn hsts(https: bool, value: Option<&str>) -> CheckResult {
    let id = CheckId::HttpHsts;
    if !https {
        return CheckResult::new(
            id,
            CheckOutcome::Fail,
            "Served over cleartext: browsers ignore Strict-Transport-Security on http:// (RFC 6797 8.1).",
        );
    }
    let Some(value) = value else {
        return CheckResult::new(
            id,
            CheckOutcome::Fail,
            "No Strict-Transport-Security header (Mozilla, OWASP Secure Headers: max-age >= 31536000).",
        );
    };
    let details = vec![format!("Strict-Transport-Security: {value}")];
    let h = match parse_hsts(value) {
        Ok(h) => h,
        Err(why) => {
            return CheckResult::new(
                id,
                CheckOutcome::Fail,
                format!(
                    "Strict-Transport-Security is invalid, so browsers ignore it: {why} (RFC 6797 6.1)."
                ),
            )
            .with_details(details)
        }
    };
    let (result, summary) = match h.max_age {
        None => (
            CheckOutcome::Fail,
            "Strict-Transport-Security has no valid max-age (RFC 6797 6.1.1).".to_string(),
        ),
        Some(age) if age < HSTS_WARN => (
            CheckOutcome::Fail,
            format!(
                "HSTS max-age {age}s is under six months (Mozilla: 63072000, at least 31536000)."
            ),
        ),
        Some(age) if age < HSTS_PASS => (
            CheckOutcome::Warn,
            format!("HSTS max-age {age}s is under one year (Mozilla, OWASP: at least 31536000)."),
        ),
        Some(age) if !h.include_subdomains => (
            CheckOutcome::Warn,
            format!("HSTS max-age {age}s but without includeSubDomains (OWASP HSTS Cheat Sheet)."),
        ),
        Some(age) => (
            CheckOutcome::Pass,
            format!("HSTS max-age {age}s with includeSubDomains."),
        ),
    };
    CheckResult::new(id, result, summary).with_details(details)
}

fn mime(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn is_json_mime(m: &str) -> bool {
    m == "application/json" || m.ends_with("+json")
}

/// Does the body look like JSON? A truncated body only has to start like it.
pub fn looks_json(body: &[u8], truncated: bool) -> bool {
    let text = String::from_utf8_lossy(body);
    // A byte-order mark and leading whitespace do not change what it is.
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return false;
    }
    truncated || serde_json::from_str::<serde_json::Value>(t).is_ok()
}

/// http.content_type: the label must match the body, or browsers and
/// intermediaries guess (OWASP REST Security Cheat Sheet: "Send safe response
/// content types").
pub fn content_type(value: Option<&str>, body: &[u8], truncated: bool) -> CheckResult {
    let id = CheckId::HttpContentType;
    let json = looks_json(body, truncated);
    let details = vec![
        format!("Content-Type: {}", value.unwrap_or("(none)")),
        format!(
            "body: {} bytes{}{}",
            body.len(),
            if truncated { " (truncated)" } else { "" },
            if json { ", JSON" } else { "" }
        ),
    ];
    let (result, summary) = match value {
        None if body.is_empty() => (
            CheckOutcome::Info,
            "No body and no Content-Type: nothing to compare.".to_string(),
        ),
        None => (
            CheckOutcome::Fail,
            "Response has a body but no Content-Type: clients must guess (OWASP REST Security)."
                .to_string(),
        ),
        Some(ct) => {
            let m = mime(ct);
            if json && !is_json_mime(&m) {
                (
                    CheckOutcome::Fail,
                    format!("JSON body labelled {m}: a browser may render it as {m} (OWASP REST Security)."),
                )
            } else if m.is_empty() {
                (CheckOutcome::Fail, "Content-Type is empty.".to_string())
            } else {
                (
                    CheckOutcome::Pass,
                    format!("Content-Type {m} matches the body."),
                )
            }
        }
    };
    CheckResult::new(id, result, summary).with_details(details)
}

/// http.nosniff (OWASP Secure Headers: X-Content-Type-Options: nosniff).
pub fn nosniff(value: Option<&str>) -> CheckResult {
    let id = CheckId::HttpNosniff;
    match value {
        Some(v) if v.trim().eq_ignore_ascii_case("nosniff") => CheckResult::new(
            id,
            CheckOutcome::Pass,
            "X-Content-Type-Options: nosniff is set.",
        ),
        Some(v) => CheckResult::new(
            id,
            CheckOutcome::Fail,
            format!("X-Content-Type-Options is {v:?}, not nosniff (OWASP Secure Headers)."),
        ),
        None => CheckResult::new(
            id,
            CheckOutcome::Fail,
            "No X-Content-Type-Options: nosniff; browsers may sniff responses into HTML (OWASP Secure Headers).",
        ),
    }
}

/// http.cache on an authenticated response: shared caches and browsers must
/// not keep it (OWASP REST Security Cheat Sheet, RFC 9111 5.2.2.5).
pub fn cache(value: Option<&str>, status: u16) -> CheckResult {
    let id = CheckId::HttpCache;
    let details = vec![
        format!("authenticated GET -> {status}"),
        format!("Cache-Control: {}", value.unwrap_or("(none)")),
    ];
    let no_store = value.is_some_and(|v| {
        v.split(',')
            .any(|d| d.trim().eq_ignore_ascii_case("no-store"))
    });
    if no_store {
        CheckResult::new(
            id,
            CheckOutcome::Pass,
            "Authenticated response carries Cache-Control: no-store.",
        )
        .with_details(details)
    } else {
        CheckResult::new(
            id,
            CheckOutcome::Warn,
            "Authenticated response may be cached: no Cache-Control: no-store (OWASP REST Security Cheat Sheet).",
        )
        .with_details(details)
    }
}

/// http.framing: CSP frame-ancestors or X-Frame-Options stops clickjacking of
/// anything an API serves as HTML (OWASP REST Security, Secure Headers).
pub fn framing(csp: Option<&str>, xfo: Option<&str>) -> CheckResult {
    let id = CheckId::HttpFraming;
    let details = vec![
        format!("Content-Security-Policy: {}", csp.unwrap_or("(none)")),
        format!("X-Frame-Options: {}", xfo.unwrap_or("(none)")),
    ];
    let fa = csp.and_then(|c| {
        c.split(';')
            .map(str::trim)
            .find(|d| d.to_ascii_lowercase().starts_with("frame-ancestors"))
    });
    let xfo_ok = xfo.is_some_and(|x| {
        let x = x.trim().to_ascii_lowercase();
        x == "deny" || x == "sameorigin"
    });
    let (result, summary) = if let Some(d) = fa {
        (
            CheckOutcome::Pass,
            format!("Framing restricted by CSP {d}."),
        )
    } else if xfo_ok {
        (
            CheckOutcome::Pass,
            format!(
                "Framing restricted by X-Frame-Options: {}.",
                xfo.unwrap_or("").trim()
            ),
        )
    } else if xfo.is_some() {
        (
            CheckOutcome::Warn,
            "X-Frame-Options has a value browsers ignore (use DENY or CSP frame-ancestors 'none')."
                .to_string(),
        )
    } else {
        (
            CheckOutcome::Warn,
            "Neither CSP frame-ancestors nor X-Frame-Options: responses can be framed (OWASP REST Security: frame-ancestors 'none').".to_string(),
        )
    };
    CheckResult::new(id, result, summary).with_details(details)
}

/// Headers that name software (OWASP Secure Headers: remove or blank them).
pub const BANNER_HEADERS: &[&str] = &[
    "server",
    "x-powered-by",
    "x-aspnet-version",
    "x-aspnetmvc-version",
    "x-generator",
];

/// True when a banner carries a version: a digit right after `/`, a space or
/// at the start, e.g. `nginx/1.18.0`, `PHP/7.4.3`, `4.0.30319`.
pub fn has_version(value: &str) -> bool {
    let b = value.as_bytes();
    b.iter().enumerate().any(|(i, c)| {
        c.is_ascii_digit() && (i == 0 || matches!(b[i - 1], b'/' | b' ' | b'(' | b'v' | b'V'))
    })
}

/// http.banner over (lowercase name, value) pairs.
pub fn banner(headers: &[(String, String)]) -> CheckResult {
    let id = CheckId::HttpBanner;
    let seen: Vec<&(String, String)> = headers
        .iter()
        .filter(|(n, _)| BANNER_HEADERS.contains(&n.as_str()))
        .collect();
    let details: Vec<String> = seen.iter().map(|(n, v)| format!("{n}: {v}")).collect();
    let versioned: Vec<String> = seen
        .iter()
        .filter(|(n, v)| n == "x-aspnet-version" || n == "x-aspnetmvc-version" || has_version(v))
        .map(|(n, v)| format!("{n}: {v}"))
        .collect();
    if !versioned.is_empty() {
        CheckResult::new(
            id,
            CheckOutcome::Warn,
            format!(
                "Version banners reveal the software stack: {} (OWASP Secure Headers).",
                versioned.join(", ")
            ),
        )
        .with_details(details)
    } else if details.is_empty() {
        CheckResult::new(id, CheckOutcome::Pass, "No software banners.")
    } else {
        CheckResult::new(
            id,
            CheckOutcome::Pass,
            "Banners name software but no version.",
        )
        .with_details(details)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cookie {
    pub name: String,
    pub secure: bool,
    pub http_only: bool,
    pub same_site: Option<String>,
    /// The header deletes the cookie (empty value, `Max-Age` zero or
    /// negative, or `Expires` in the past): it carries no credential.
    pub deletion: bool,
}

/// Parse one Set-Cookie value (RFC 6265 4.1): the name and the attributes,
/// never the value.
pub fn parse_set_cookie(v: &str) -> Cookie {
    let mut parts = v.split(';');
    let first = parts.next().unwrap_or("");
    let (name, value) = first.split_once('=').unwrap_or((first, ""));
    let mut c = Cookie {
        name: name.trim().to_string(),
        deletion: value.trim().trim_matches('"').is_empty(),
        ..Cookie::default()
    };
    for attr in parts {
        let (n, val) = match attr.split_once('=') {
            Some((n, v)) => (n.trim(), Some(v.trim())),
            None => (attr.trim(), None),
        };
        match n.to_ascii_lowercase().as_str() {
            "secure" => c.secure = true,
            "httponly" => c.http_only = true,
            "samesite" => c.same_site = val.map(str::to_string),
            "max-age" => {
                c.deletion |= val
                    .and_then(|v| v.parse::<i64>().ok())
                    .is_some_and(|s| s <= 0)
            }
            "expires" => {
                c.deletion |= val
                    .and_then(|v| chrono::DateTime::parse_from_rfc2822(&v.replace('-', " ")).ok())
                    .is_some_and(|t| t < chrono::Utc::now())
            }
            _ => {}
        }
    }
    c
}

/// Cookie names that usually carry a login session.
pub fn is_session_cookie(name: &str) -> bool {
    if is_csrf_cookie(name) {
        return false;
    }
    let n = name.to_ascii_lowercase();
    [
        "sess", "sid", "auth", "token", "jwt", "login", "remember", "connect.",
    ]
    .iter()
    .any(|k| n.contains(k))
        || n.starts_with("__host-")
        || n.starts_with("__secure-")
}

/// An anti-CSRF token cookie (XSRF-TOKEN, csrftoken, _csrf...): the page's
/// scripts must read it to echo it in a header (double submit), so it is
/// not HttpOnly by design and is not a session identifier (OWASP CSRF
/// Prevention Cheat Sheet).
pub fn is_csrf_cookie(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.contains("csrf") || n.contains("xsrf")
}

/// http.cookies over every Set-Cookie seen.
pub fn cookies(set_cookies: &[&str]) -> CheckResult {
    let id = CheckId::HttpCookies;
    if set_cookies.is_empty() {
        return CheckResult::new(id, CheckOutcome::Pass, "No cookies set.");
    }
    let mut outcome = CheckOutcome::Pass;
    let mut problems = Vec::new();
    let mut details = Vec::new();
    for raw in set_cookies {
        let c = parse_set_cookie(raw);
        if c.deletion {
            // `sid=; Max-Age=0` on a 401 logs out: no credential travels.
            details.push(format!("{}: deleted (no value carried)", c.name));
            continue;
        }
        let session = is_session_cookie(&c.name);
        details.push(format!(
            "{}{}: Secure={} HttpOnly={} SameSite={}",
            c.name,
            if session {
                " (session)"
            } else if is_csrf_cookie(&c.name) {
                " (CSRF token: read by scripts by design)"
            } else {
                ""
            },
            c.secure,
            c.http_only,
            c.same_site.as_deref().unwrap_or("(none)")
        ));
        let mut missing = Vec::new();
        if !c.secure {
            missing.push("Secure");
        }
        if !c.http_only {
            missing.push("HttpOnly");
        }
        if session && !missing.is_empty() {
            outcome = worst(outcome, CheckOutcome::Fail);
            problems.push(format!(
                "session cookie {} lacks {}",
                c.name,
                missing.join(" and ")
            ));
        } else if !c.secure {
            outcome = worst(outcome, CheckOutcome::Warn);
            problems.push(format!("cookie {} lacks Secure", c.name));
        }
        if c.same_site.is_none() {
            outcome = worst(outcome, CheckOutcome::Warn);
            problems.push(format!("cookie {} has no SameSite", c.name));
        }
    }
    let deleted_only = set_cookies.iter().all(|raw| parse_set_cookie(raw).deletion);
    let summary = if deleted_only {
        "Only cookie deletions (a logout or a refused request): no cookie value is carried."
            .to_string()
    } else if problems.is_empty() {
        "Cookies are Secure, HttpOnly where they hold a session, and SameSite.".to_string()
    } else {
        format!(
            "{} (RFC 6265 4.1.2, OWASP Session Management).",
            capitalise(&problems.join("; "))
        )
    };
    CheckResult::new(id, outcome, summary).with_details(details)
}

/// First letter upper case, for summaries assembled from fragments.
pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// What OPTIONS and TRACE said.
#[derive(Debug, Clone, Default)]
pub struct MethodsObs {
    pub options_status: Option<u16>,
    pub allow: Option<String>,
    pub trace_status: Option<u16>,
    /// The TRACE response body echoed the request (the marker header).
    pub trace_echo: bool,
}

/// http.methods: TRACE enables cross-site tracing (OWASP WSTG-CONF-06).
pub fn methods(obs: &MethodsObs) -> CheckResult {
    let id = CheckId::HttpMethods;
    let mut details = vec![format!(
        "OPTIONS -> {}, Allow: {}",
        obs.options_status
            .map(|s| s.to_string())
            .unwrap_or_else(|| "no answer".into()),
        obs.allow.as_deref().unwrap_or("(none)")
    )];
    details.push(format!(
        "TRACE -> {}{}",
        obs.trace_status
            .map(|s| s.to_string())
            .unwrap_or_else(|| "no answer".into()),
        if obs.trace_echo {
            ", request echoed"
        } else {
            ""
        }
    ));
    let trace_ok = obs.trace_status.is_some_and(|s| (200..300).contains(&s));
    if obs.trace_echo || trace_ok {
        CheckResult::new(
            id,
            CheckOutcome::Warn,
            "TRACE is enabled: the server echoes requests, headers included (cross-site tracing, OWASP WSTG-CONF-06).",
        )
        .with_details(details)
    } else if obs.trace_status.is_none() && obs.options_status.is_none() {
        CheckResult::new(
            id,
            CheckOutcome::Error,
            "Neither OPTIONS nor TRACE got an answer.",
        )
        .with_details(details)
    } else {
        CheckResult::new(id, CheckOutcome::Pass, "TRACE is refused.").with_details(details)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_deletions_carry_no_credential() {
        for raw in [
            "sid=; Max-Age=0; Path=/",
            "session=deleted; Max-Age=-1",
            "sid=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
            "sid=x; expires=Thu, 01-Jan-1970 00:00:00 GMT; path=/",
            "sid=\"\"",
        ] {
            assert!(parse_set_cookie(raw).deletion, "{raw}");
        }
        let r = cookies(&["sid=; Max-Age=0"]);
        assert_eq!(r.result, CheckOutcome::Pass, "{r:?}");
        assert!(r.summary.contains("deletions"), "{}", r.summary);
        // A real session cookie beside a deletion is still judged.
        let r = cookies(&["old=; Max-Age=0", "sid=abc123; Path=/"]);
        assert_eq!(r.result, CheckOutcome::Fail, "{r:?}");
        assert!(!parse_set_cookie("sid=abc; Max-Age=3600").deletion);
    }

    #[test]
    fn hsts_table() {
        let cases: &[(Option<&str>, CheckOutcome)] = &[
            (
                Some("max-age=63072000; includeSubDomains; preload"),
                CheckOutcome::Pass,
            ),
            (
                Some("max-age=\"31536000\"; INCLUDESUBDOMAINS"),
                CheckOutcome::Pass,
            ),
            (Some("max-age=31536000"), CheckOutcome::Warn),
            (
                Some("max-age=15552000; includeSubDomains"),
                CheckOutcome::Warn,
            ),
            (Some("max-age=86400; includeSubDomains"), CheckOutcome::Fail),
            (Some("max-age=abc"), CheckOutcome::Fail),
            (Some("includeSubDomains"), CheckOutcome::Fail),
            // Invalid headers are ignored by browsers, whatever they say.
            (
                Some("max-age=63072000; includeSubDomains; max-age=63072000"),
                CheckOutcome::Fail,
            ),
            (
                Some("max-age=63072000, includeSubDomains"),
                CheckOutcome::Fail,
            ),
            (Some("max-age=-1; includeSubDomains"), CheckOutcome::Fail),
            (
                Some("max-age=63072000; includeSubDomains; includesubdomains"),
                CheckOutcome::Fail,
            ),
            (
                Some("max age=63072000; includeSubDomains"),
                CheckOutcome::Fail,
            ),
            // Empty directives and unknown ones are allowed.
            (
                Some("max-age=63072000;; includeSubDomains; foo=\"bar\""),
                CheckOutcome::Pass,
            ),
            (None, CheckOutcome::Fail),
        ];
        for (v, want) in cases {
            assert_eq!(hsts(true, *v).result, *want, "{v:?}");
        }
        assert_eq!(
            hsts(false, Some("max-age=63072000; includeSubDomains")).result,
            CheckOutcome::Fail
        );
        assert_eq!(
            parse_hsts(" max-age = 10 ;preload"),
            Ok(Hsts {
                max_age: Some(10),
                include_subdomains: false,
                preload: true
            })
        );
        assert_eq!(
            parse_hsts("max-age=1; Max-Age=2"),
            Err(HstsError::Repeated("Max-Age".into()))
        );
        assert_eq!(parse_hsts("preload"), Err(HstsError::NoMaxAge));
        let r = hsts(
            true,
            Some("max-age=63072000; max-age=63072000; includeSubDomains"),
        );
        assert!(
            r.summary.contains("appears more than once"),
            "{}",
            r.summary
        );
    }

    #[test]
    fn redirect_table() {
        let ans = |status, loc: Option<&str>| RedirectObs::Answered {
            status,
            location: loc.map(str::to_string),
        };
        let cases = [
            (ans(308, Some("https://api.test/v1")), CheckOutcome::Pass),
            (ans(301, Some("https://API.test:8443/")), CheckOutcome::Pass),
            (ans(302, Some("https://api.test/")), CheckOutcome::Warn),
            (ans(301, Some("https://other.test/")), CheckOutcome::Warn),
            (ans(301, Some("http://api.test/")), CheckOutcome::Warn),
            (ans(200, None), CheckOutcome::Fail),
            (ans(401, None), CheckOutcome::Fail),
            (ans(403, None), CheckOutcome::Warn),
            (RedirectObs::Closed("refused".into()), CheckOutcome::Pass),
        ];
        for (obs, want) in cases {
            assert_eq!(
                redirect("http://api.test/", "api.test", &obs).result,
                want,
                "{obs:?}"
            );
        }
    }

    #[test]
    fn content_type_table() {
        let cases: &[(Option<&str>, &[u8], CheckOutcome)] = &[
            (
                Some("application/json; charset=utf-8"),
                b"{\"a\":1}",
                CheckOutcome::Pass,
            ),
            (
                Some("application/problem+json"),
                b"{\"a\":1}",
                CheckOutcome::Pass,
            ),
            (Some("text/html"), b"{\"a\":1}", CheckOutcome::Fail),
            (Some("text/plain"), b"[1,2]", CheckOutcome::Fail),
            (Some("text/html"), b"<html></html>", CheckOutcome::Pass),
            (
                Some("application/json"),
                b"\xEF\xBB\xBF \r\n {\"a\": 1}",
                CheckOutcome::Pass,
            ),
            (None, b"{}", CheckOutcome::Fail),
            (None, b"", CheckOutcome::Info),
            (Some(""), b"x", CheckOutcome::Fail),
        ];
        for (ct, body, want) in cases {
            assert_eq!(
                content_type(*ct, body, false).result,
                *want,
                "{ct:?} {body:?}"
            );
        }
        assert!(looks_json(b"  {\"trunc", true));
        assert!(!looks_json(b"{not json", false));
    }

    #[test]
    fn nosniff_cache_framing() {
        assert_eq!(nosniff(Some(" NoSniff ")).result, CheckOutcome::Pass);
        assert_eq!(nosniff(Some("sniff")).result, CheckOutcome::Fail);
        assert_eq!(nosniff(None).result, CheckOutcome::Fail);
        assert_eq!(
            cache(Some("private, no-store"), 200).result,
            CheckOutcome::Pass
        );
        assert_eq!(
            cache(Some("private, max-age=60"), 200).result,
            CheckOutcome::Warn
        );
        assert_eq!(cache(None, 200).result, CheckOutcome::Warn);
        assert_eq!(
            framing(Some("default-src 'none'; frame-ancestors 'none'"), None).result,
            CheckOutcome::Pass
        );
        assert_eq!(framing(None, Some("DENY")).result, CheckOutcome::Pass);
        assert_eq!(
            framing(None, Some("ALLOW-FROM https://x")).result,
            CheckOutcome::Warn
        );
        assert_eq!(
            framing(Some("default-src 'self'"), None).result,
            CheckOutcome::Warn
        );
    }

    #[test]
    fn banner_table() {
        let h = |n: &str, v: &str| (n.to_string(), v.to_string());
        let cases = [
            (vec![h("server", "nginx/1.18.0")], CheckOutcome::Warn),
            (vec![h("x-powered-by", "PHP/7.4.3")], CheckOutcome::Warn),
            (vec![h("x-aspnet-version", "4.0.30319")], CheckOutcome::Warn),
            (
                vec![h("server", "Apache/2.4.41 (Ubuntu)")],
                CheckOutcome::Warn,
            ),
            (vec![h("server", "nginx")], CheckOutcome::Pass),
            (
                vec![h("server", "cloudflare"), h("x-powered-by", "Express")],
                CheckOutcome::Pass,
            ),
            (vec![h("content-type", "text/html 5")], CheckOutcome::Pass),
            (vec![], CheckOutcome::Pass),
        ];
        for (hs, want) in cases {
            assert_eq!(banner(&hs).result, want, "{hs:?}");
        }
    }

    #[test]
    fn cookie_table() {
        assert_eq!(
            parse_set_cookie("SID=x; Path=/; Secure; HttpOnly; SameSite=Strict"),
            Cookie {
                name: "SID".into(),
                secure: true,
                http_only: true,
                same_site: Some("Strict".into()),
                deletion: false,
            }
        );
        let cases: &[(&[&str], CheckOutcome)] = &[
            (
                &["session=abc; Secure; HttpOnly; SameSite=Lax"],
                CheckOutcome::Pass,
            ),
            (&["session=abc; HttpOnly; SameSite=Lax"], CheckOutcome::Fail),
            (&["PHPSESSID=abc; Secure; SameSite=Lax"], CheckOutcome::Fail),
            (&["session=abc; Secure; HttpOnly"], CheckOutcome::Warn),
            (&["theme=dark; SameSite=Lax"], CheckOutcome::Warn),
            (&["theme=dark; Secure; SameSite=Lax"], CheckOutcome::Pass),
            // Anti-CSRF tokens are read by scripts: no HttpOnly by design.
            (
                &["XSRF-TOKEN=abc; Secure; SameSite=Strict"],
                CheckOutcome::Pass,
            ),
            (&["csrftoken=abc; Secure; SameSite=Lax"], CheckOutcome::Pass),
            (
                &["__Host-csrf=abc; Secure; Path=/; SameSite=Strict"],
                CheckOutcome::Pass,
            ),
            (&["XSRF-TOKEN=abc; SameSite=Strict"], CheckOutcome::Warn),
            (
                &["__Host-session=abc; Secure; Path=/; SameSite=Strict"],
                CheckOutcome::Fail,
            ),
            (&[], CheckOutcome::Pass),
        ];
        for (set, want) in cases {
            assert_eq!(cookies(set).result, *want, "{set:?}");
        }
    }

    #[test]
    fn methods_table() {
        let m = |t: Option<u16>, echo: bool| MethodsObs {
            options_status: Some(204),
            allow: Some("GET, OPTIONS".into()),
            trace_status: t,
            trace_echo: echo,
        };
        assert_eq!(methods(&m(Some(405), false)).result, CheckOutcome::Pass);
        assert_eq!(methods(&m(Some(200), true)).result, CheckOutcome::Warn);
        assert_eq!(methods(&m(Some(200), false)).result, CheckOutcome::Warn);
        assert_eq!(methods(&MethodsObs::default()).result, CheckOutcome::Error);
    }
}
