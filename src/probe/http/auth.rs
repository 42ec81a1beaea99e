//! Authentication verdicts: is a credential required (RFC 9110 11.6.1,
//! 15.5.2), are bad credentials refused the way RFC 6750 3.1 says, are
//! credentials ever asked for or taken over cleartext, and does the API take
//! tokens in the query string, where logs, proxies and Referer headers keep
//! them (RFC 6750 2.3, 5.3; OWASP REST Security Cheat Sheet).

use crate::checks::CheckId;
use crate::model::{CheckOutcome, CheckResult};
use crate::workspace::config::AuthScheme;

use super::worst;

/// One response to a request sent without credentials.
#[derive(Debug, Clone)]
pub struct AnonObs {
    pub url: String,
    pub status: u16,
    pub challenge: Option<String>,
    pub body_bytes: usize,
    /// Where the answer came from, when redirects were followed.
    pub final_url: Option<String>,
    /// Location of a redirect that was not followed (out of scope).
    pub location: Option<String>,
    /// The body is an interactive sign-in page, not data.
    pub login_page: bool,
    /// A 2xx whose body is only an error saying the caller is not
    /// authenticated (`{"error":"unauthorized","data":null}`): a refusal
    /// in the body, not data.
    pub soft_refusal: bool,
}

/// Words an error body uses to refuse an unauthenticated caller.
const REFUSALS: &[&str] = &[
    "unauthorized",
    "unauthorised",
    "unauthenticated",
    "not authenticated",
    "authentication required",
    "authentication failed",
    "login required",
    "not logged in",
    "missing token",
    "invalid token",
    "no token",
    "access denied",
    "forbidden",
    "permission denied",
];

/// Whether a 2xx JSON body is a refusal without data: a small object whose
/// error or message field (or status code field) says the caller is not
/// authenticated, and whose data fields are absent, null or empty.
pub fn is_soft_refusal(body: &[u8]) -> bool {
    if body.len() > 8 * 1024 {
        return false;
    }
    let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(body)
    else {
        return false;
    };
    let says = |v: &serde_json::Value| -> bool {
        let text = match v {
            serde_json::Value::String(s) => s.to_ascii_lowercase(),
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Object(_) | serde_json::Value::Array(_) => {
                v.to_string().to_ascii_lowercase()
            }
            _ => return false,
        };
        text == "401" || text == "403" || REFUSALS.iter().any(|w| text.contains(w))
    };
    let refusal_fields = [
        "error",
        "errors",
        "message",
        "msg",
        "error_description",
        "code",
        "status",
        "detail",
    ];
    let refused = map
        .iter()
        .any(|(k, v)| refusal_fields.contains(&k.to_ascii_lowercase().as_str()) && says(v));
    let empty = |v: &serde_json::Value| match v {
        serde_json::Value::Null => true,
        serde_json::Value::Array(a) => a.is_empty(),
        serde_json::Value::Object(o) => o.is_empty(),
        serde_json::Value::String(s) => s.is_empty(),
        _ => false,
    };
    // Anything that is not about the error must be empty: no data served.
    let no_data = map.iter().all(|(k, v)| {
        let k = k.to_ascii_lowercase();
        refusal_fields.contains(&k.as_str())
            || [
                "success",
                "ok",
                "timestamp",
                "path",
                "request_id",
                "requestid",
                "trace_id",
            ]
            .contains(&k.as_str())
            || empty(v)
    });
    refused && no_data
}

/// Path words of sign-in pages and identity providers.
const LOGIN_PATHS: &[&str] = &[
    "login",
    "signin",
    "sign-in",
    "sign_in",
    "logon",
    "/sso",
    "/oauth",
    "/authorize",
    "/auth/",
    "saml",
    "/cas/",
    "/idp/",
    "openid-connect",
];

/// Whether a URL is a sign-in page or an identity provider's authorization endpoint.
pub fn is_login_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let path = match lower.split_once("://") {
        Some((_, rest)) => rest.find('/').map(|i| &rest[i..]).unwrap_or(""),
        None => &lower,
    };
    LOGIN_PATHS.iter().any(|w| path.contains(w))
}

/// The text of an HTML page's `<title>`, trimmed.
pub(crate) fn html_title(text: &str) -> Option<&str> {
    let lower = text.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    Some(text[start..end].trim())
}

/// Whether a response body is an interactive sign-in page: HTML with a
/// password field, or a form on a page whose URL or title says sign in.
pub fn is_login_page(content_type: Option<&str>, body: &[u8], url: &str) -> bool {
    let head = &body[..body.len().min(64 * 1024)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let html = content_type.is_some_and(|c| c.to_ascii_lowercase().contains("html"))
        || text.trim_start().starts_with('<');
    if !html {
        return false;
    }
    // A page whose only job is to send the browser to sign in: a meta
    // refresh or a script redirect to a sign-in URL.
    let sends_to_login = |marker: &str| {
        text.match_indices(marker).any(|(i, _)| {
            let mut end = text.len().min(i + 160);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let rest = &text[i..end];
            is_login_url(&format!("https://x/{}", rest.replace(['\'', '"'], "/")))
        })
    };
    if sends_to_login("http-equiv=\"refresh\"")
        || sends_to_login("http-equiv=refresh")
        || sends_to_login("location.href")
        || sends_to_login("location.replace(")
        || sends_to_login("window.location")
    {
        return true;
    }
    if !text.contains("<form") {
        return false;
    }
    let password = ["type=\"password\"", "type='password'", "type=password"]
        .iter()
        .any(|p| text.contains(p));
    let title = html_title(&text).unwrap_or("");
    let says = [
        "sign in",
        "log in",
        "login",
        "sign-in",
        "anmelden",
        "connexion",
    ]
    .iter()
    .any(|w| title.contains(w));
    password || says || is_login_url(url)
}

fn required_one(o: &AnonObs) -> (CheckOutcome, String) {
    let mut line = format!(
        "GET {} without credentials -> {}{}, {} body bytes",
        o.url,
        o.status,
        o.challenge
            .as_deref()
            .map(|c| format!(", WWW-Authenticate: {c}"))
            .unwrap_or_default(),
        o.body_bytes
    );
    if let Some(f) = &o.final_url {
        line.push_str(&format!(", answered at {f} after redirects"));
    }
    if let Some(l) = &o.location {
        line.push_str(&format!(", Location: {l}"));
    }
    if o.login_page {
        line.push_str(" (an interactive sign-in page)");
    }
    if o.soft_refusal && (200..300).contains(&o.status) {
        line.push_str(" (a JSON error saying the caller is not authenticated, and no data)");
    }
    let r = match o.status {
        401 if o.challenge.is_some() => CheckOutcome::Pass,
        401 | 403 => CheckOutcome::Warn,
        // A door, not data: a sign-in page for an API request.
        200..=299 if o.login_page => CheckOutcome::Warn,
        // A refusal in the body: no data, but the status says success.
        200..=299 if o.soft_refusal => CheckOutcome::Warn,
        200..=299 => CheckOutcome::Fail,
        404 | 405 | 500..=599 => CheckOutcome::Error,
        _ => CheckOutcome::Warn,
    };
    (r, line)
}

/// An answer that sends the caller to sign in interactively.
fn is_login_door(o: &AnonObs) -> bool {
    ((200..300).contains(&o.status) && o.login_page)
        || ((300..400).contains(&o.status) && o.location.as_deref().is_some_and(is_login_url))
}

/// auth.required over the target URL and its extra paths.
pub fn required(obs: &[AnonObs]) -> CheckResult {
    let id = CheckId::AuthRequired;
    let mut outcome = CheckOutcome::Pass;
    let mut details = Vec::new();
    for o in obs {
        let (r, line) = required_one(o);
        outcome = if outcome == CheckOutcome::Pass && r == CheckOutcome::Error {
            r
        } else {
            worst(outcome, r)
        };
        details.push(line);
    }
    let open: Vec<&str> = obs
        .iter()
        .filter(|o| (200..300).contains(&o.status) && !o.login_page && !o.soft_refusal)
        .map(|o| o.url.as_str())
        .collect();
    let doors = obs.iter().filter(|o| is_login_door(o)).count();
    let soft: Vec<&str> = obs
        .iter()
        .filter(|o| (200..300).contains(&o.status) && o.soft_refusal)
        .map(|o| o.url.as_str())
        .collect();
    let summary = match outcome {
        CheckOutcome::Fail => format!(
            "Data served without credentials: {} (OWASP API2:2023).",
            open.join(", ")
        ),
        CheckOutcome::Warn if !soft.is_empty() => format!(
            "No data without credentials, but {} answers 200 OK with an error body saying the caller is not authenticated: the refusal is in the body, not the status, so clients, caches and monitoring see success (RFC 9110 15.5.2: 401 with a WWW-Authenticate challenge).",
            soft.join(", ")
        ),
        CheckOutcome::Warn if doors > 0 => "No data without credentials, but API requests get an interactive sign-in page (or a redirect to one) instead of 401 with a WWW-Authenticate challenge, which API clients cannot act on (RFC 9110 15.5.2).".to_string(),
        CheckOutcome::Warn => "Unauthenticated requests are refused, but not with 401 and a WWW-Authenticate challenge (RFC 9110 15.5.2).".to_string(),
        CheckOutcome::Error => "Could not tell: an endpoint answered neither 2xx nor 401/403 without credentials.".to_string(),
        _ => "Unauthenticated requests get 401 with a WWW-Authenticate challenge (RFC 9110 15.5.2).".to_string(),
    };
    CheckResult::new(id, outcome, summary).with_details(details)
}

/// One response to a bad credential.
#[derive(Debug, Clone)]
pub struct InvalidObs {
    /// "garbage token", "expired token", "alg=none JWT".
    pub kind: String,
    pub status: Option<u16>,
    pub challenge: Option<String>,
}

/// Does a challenge carry `error="invalid_token"` (RFC 6750 3.1)?
pub fn has_invalid_token_error(challenge: &str) -> bool {
    let c = challenge.to_ascii_lowercase().replace(' ', "");
    c.contains("error=\"invalid_token\"") || c.contains("error=invalid_token")
}

/// auth.invalid. `skipped` lists the forged tokens not sent, each with why.
pub fn invalid(scheme: AuthScheme, obs: &[InvalidObs], skipped: &[&str]) -> CheckResult {
    let id = CheckId::AuthInvalid;
    let mut outcome = CheckOutcome::Pass;
    let mut details = Vec::new();
    let mut accepted = Vec::new();
    for o in obs {
        details.push(format!(
            "{} -> {}{}",
            o.kind,
            o.status
                .map(|s| s.to_string())
                .unwrap_or_else(|| "no answer".into()),
            o.challenge
                .as_deref()
                .map(|c| format!(", WWW-Authenticate: {c}"))
                .unwrap_or_default()
        ));
        let r = match o.status {
            Some(200..=299) => {
                accepted.push(o.kind.clone());
                CheckOutcome::Fail
            }
            Some(401) => {
                let ok = scheme != AuthScheme::Bearer
                    || o.challenge.as_deref().is_some_and(has_invalid_token_error);
                if ok {
                    CheckOutcome::Pass
                } else {
                    CheckOutcome::Warn
                }
            }
            Some(403) => CheckOutcome::Warn,
            // Throttled or broken: says nothing about the token.
            Some(429 | 500..=599) | None => CheckOutcome::Error,
            Some(_) => CheckOutcome::Warn,
        };
        outcome = worst(outcome, r);
    }
    if !skipped.is_empty() {
        details.push(format!("not sent: {}", skipped.join("; ")));
    }
    let summary = match outcome {
        CheckOutcome::Fail => format!(
            "Invalid credentials accepted: {} got 2xx (OWASP API2:2023).",
            accepted.join(", ")
        ),
        CheckOutcome::Warn => if scheme == AuthScheme::Bearer {
            "Invalid tokens are refused, but not with 401 and error=\"invalid_token\" (RFC 6750 3.1)."
        } else {
            "Invalid credentials are refused, but not with 401 (RFC 9110 15.5.2)."
        }
        .to_string(),
        CheckOutcome::Error => "Could not tell: a request with an invalid token got no answer, 429 or 5xx.".to_string(),
        _ if scheme == AuthScheme::Bearer => {
            "Invalid tokens get 401 with error=\"invalid_token\" (RFC 6750 3.1).".to_string()
        }
        _ => "Invalid credentials get 401 (RFC 9110 15.5.2).".to_string(),
    };
    CheckResult::new(id, outcome, summary).with_details(details)
}

/// A response seen over http:// that bears on cleartext credentials.
#[derive(Debug, Clone)]
pub struct CleartextObs {
    pub url: String,
    pub status: u16,
    pub challenge: Option<String>,
    /// The request carried the operator's credentials.
    pub sent_credentials: bool,
}

/// auth.cleartext: credentials must never be asked for or taken over http://
/// (RFC 7617 4, RFC 6750 5.3: "always use TLS").
pub fn cleartext(obs: &[CleartextObs]) -> CheckResult {
    let id = CheckId::AuthCleartext;
    let mut details = Vec::new();
    let mut problems = Vec::new();
    for o in obs {
        details.push(format!(
            "{} {} -> {}{}",
            if o.sent_credentials {
                "with credentials"
            } else {
                "without credentials"
            },
            o.url,
            o.status,
            o.challenge
                .as_deref()
                .map(|c| format!(", WWW-Authenticate: {c}"))
                .unwrap_or_default()
        ));
        if let Some(c) = &o.challenge {
            if o.status == 401 {
                let scheme = c.split_whitespace().next().unwrap_or(c);
                problems.push(format!(
                    "{} asks for {scheme} credentials over http://",
                    o.url
                ));
            }
        }
        if o.sent_credentials && (200..300).contains(&o.status) {
            problems.push(format!("{} accepts credentials over http://", o.url));
        }
    }
    if obs.is_empty() {
        return CheckResult::new(
            id,
            CheckOutcome::Pass,
            "Nothing answered over http://: credentials travel only over TLS.",
        );
    }
    if problems.is_empty() {
        CheckResult::new(
            id,
            CheckOutcome::Pass,
            "No credential challenge or accepted credential over http://.",
        )
        .with_details(details)
    } else {
        CheckResult::new(
            id,
            CheckOutcome::Fail,
            format!(
                "Credentials over cleartext: {} (RFC 7617 4, RFC 6750 5.3).",
                problems.join("; ")
            ),
        )
        .with_details(details)
    }
}

/// One try of the token in the query string.
#[derive(Debug, Clone)]
pub struct QueryObs {
    pub param: String,
    pub status: Option<u16>,
}

/// auth.query_token: accepted over https is a warning (RFC 6750 2.3 "SHOULD
/// NOT"), over http:// a failure (the token crosses the network in clear).
pub fn query_token(baseline: &str, https: bool, obs: &[QueryObs]) -> CheckResult {
    let id = CheckId::AuthQueryToken;
    let mut details = vec![format!("without credentials: {baseline}")];
    let mut accepted = Vec::new();
    for o in obs {
        details.push(format!(
            "?{}=[REDACTED] -> {}",
            o.param,
            o.status
                .map(|s| s.to_string())
                .unwrap_or_else(|| "no answer".into())
        ));
        if o.status.is_some_and(|s| (200..300).contains(&s)) {
            accepted.push(o.param.clone());
        }
    }
    // 429 and 5xx say nothing about whether the token would have been taken.
    let decided = obs
        .iter()
        .any(|o| o.status.is_some_and(|s| s < 500 && s != 429));
    if !decided {
        return CheckResult::new(
            id,
            CheckOutcome::Error,
            "Could not tell: no query-token request got a clear answer (none, 429 or 5xx).",
        )
        .with_details(details);
    }
    if accepted.is_empty() {
        CheckResult::new(
            id,
            CheckOutcome::Pass,
            "Tokens in the query string are refused.",
        )
        .with_details(details)
    } else {
        let result = if https {
            CheckOutcome::Warn
        } else {
            CheckOutcome::Fail
        };
        CheckResult::new(
            id,
            result,
            format!(
                "Token accepted in the query string ({}): it leaks into logs, proxies and Referer headers (RFC 6750 2.3, 5.3){}.",
                accepted.iter().map(|p| format!("?{p}=")).collect::<Vec<_>>().join(", "),
                if https { "" } else { ", here over cleartext http://" }
            ),
        )
        .with_details(details)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anon(status: u16, ch: Option<&str>) -> AnonObs {
        AnonObs {
            url: "https://a.test/x".into(),
            status,
            challenge: ch.map(str::to_string),
            body_bytes: 10,
            final_url: None,
            location: None,
            login_page: false,
            soft_refusal: false,
        }
    }

    #[test]
    fn sign_in_pages_are_a_door_not_data() {
        let refresh = b"<html><head><meta http-equiv=\"refresh\" content=\"0; url=/account/login?next=/v1\"></head></html>";
        assert!(is_login_page(
            Some("text/html"),
            refresh,
            "https://a.test/v1/orders"
        ));
        let script = b"<html><script>window.location.href = '/sso/start?r=' + encodeURIComponent(location.pathname)</script></html>";
        assert!(is_login_page(
            Some("text/html"),
            script,
            "https://a.test/v1/orders"
        ));
        let app =
            b"<html><script>window.location.hash = '#/orders'</script><div id=root></div></html>";
        assert!(!is_login_page(
            Some("text/html"),
            app,
            "https://a.test/v1/orders"
        ));
        // Multi-byte text right after a marker never splits a character.
        for cut in 0..4 {
            let body = format!(
                "<html><script>window.location{}{}</script></html>",
                " ".repeat(cut),
                "\u{ff}".repeat(100)
            );
            assert!(!is_login_page(
                Some("text/html"),
                body.as_bytes(),
                "https://a.test/v1"
            ));
        }
        let form = b"<!doctype html><html><head><title>Sign in - Acme</title></head><body><form method=post><input name=user><input type=\"password\" name=pw></form></body></html>";
        assert!(is_login_page(
            Some("text/html; charset=utf-8"),
            form,
            "https://a.test/x"
        ));
        // A form without a password field counts on a sign-in URL only.
        let search = b"<html><title>Orders</title><form><input name=q></form></html>";
        assert!(!is_login_page(
            Some("text/html"),
            search,
            "https://a.test/orders"
        ));
        assert!(is_login_page(
            Some("text/html"),
            search,
            "https://a.test/account/login?next=/"
        ));
        assert!(!is_login_page(
            Some("application/json"),
            br#"{"password":"type=password <form"}"#,
            "https://a.test/login"
        ));
        assert!(is_login_url(
            "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=x"
        ));
        assert!(is_login_url(
            "https://idp.test/realms/acme/protocol/openid-connect/auth"
        ));
        assert!(!is_login_url("https://a.test/v1/orders"));

        let login = AnonObs {
            login_page: true,
            ..anon(200, None)
        };
        let r = required(&[login]);
        assert_eq!(r.result, CheckOutcome::Warn);
        assert!(r.summary.contains("sign-in page"), "{}", r.summary);
        let redirect = AnonObs {
            location: Some("https://idp.test/oauth2/authorize?x=1".into()),
            ..anon(302, None)
        };
        let r = required(&[redirect]);
        assert_eq!(r.result, CheckOutcome::Warn);
        assert!(r.summary.contains("sign-in page"), "{}", r.summary);
        // A soft 401: 200 with an error body and no data.
        let soft = AnonObs {
            soft_refusal: is_soft_refusal(br#"{"error":"unauthorized","data":null}"#),
            ..anon(200, None)
        };
        let r = required(&[soft]);
        assert_eq!(r.result, CheckOutcome::Warn, "{r:?}");
        assert!(r.summary.contains("error body"), "{}", r.summary);
        assert!(!r.summary.contains("Data served"), "{}", r.summary);
        for (body, want) in [
            (&br#"{"error":"unauthorized","data":null}"#[..], true),
            (
                br#"{"status":401,"message":"Authentication required"}"#,
                true,
            ),
            (
                br#"{"errors":[{"code":"UNAUTHENTICATED"}],"data":{}}"#,
                true,
            ),
            (
                br#"{"success":false,"msg":"invalid token","result":[]}"#,
                true,
            ),
            (br#"{"error":"unauthorized","data":[{"id":1}]}"#, false),
            (br#"{"orders":[{"id":1}]}"#, false),
            (br#"{"message":"welcome"}"#, false),
            (b"not json", false),
        ] {
            assert_eq!(
                is_soft_refusal(body),
                want,
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        // JSON without credentials is data, and stays a failure.
        let r = required(&[
            AnonObs {
                login_page: true,
                ..anon(401, Some("Bearer"))
            },
            anon(200, None),
        ]);
        assert_eq!(r.result, CheckOutcome::Fail);
    }

    #[test]
    fn required_table() {
        let cases = [
            (
                vec![anon(401, Some("Bearer realm=\"api\""))],
                CheckOutcome::Pass,
            ),
            (vec![anon(401, None)], CheckOutcome::Warn),
            (vec![anon(403, None)], CheckOutcome::Warn),
            (vec![anon(200, None)], CheckOutcome::Fail),
            (
                vec![anon(401, Some("Bearer")), anon(200, None)],
                CheckOutcome::Fail,
            ),
            (vec![anon(404, None)], CheckOutcome::Error),
            (
                vec![anon(401, Some("Bearer")), anon(404, None)],
                CheckOutcome::Error,
            ),
            (vec![anon(403, None), anon(404, None)], CheckOutcome::Warn),
        ];
        for (o, want) in cases {
            assert_eq!(required(&o).result, want, "{o:?}");
        }
    }

    #[test]
    fn invalid_table() {
        let o = |s: Option<u16>, ch: Option<&str>| InvalidObs {
            kind: "garbage token".into(),
            status: s,
            challenge: ch.map(str::to_string),
        };
        let b = AuthScheme::Bearer;
        let cases = [
            (
                b,
                o(Some(401), Some("Bearer error=\"invalid_token\"")),
                CheckOutcome::Pass,
            ),
            (
                b,
                o(Some(401), Some("Bearer realm=\"x\", error=invalid_token")),
                CheckOutcome::Pass,
            ),
            (b, o(Some(401), Some("Bearer")), CheckOutcome::Warn),
            (b, o(Some(403), None), CheckOutcome::Warn),
            (b, o(Some(200), None), CheckOutcome::Fail),
            (b, o(None, None), CheckOutcome::Error),
            (b, o(Some(429), None), CheckOutcome::Error),
            (b, o(Some(502), None), CheckOutcome::Error),
            (b, o(Some(400), None), CheckOutcome::Warn),
            (AuthScheme::ApiKey, o(Some(401), None), CheckOutcome::Pass),
        ];
        for (scheme, obs, want) in cases {
            assert_eq!(
                invalid(scheme, std::slice::from_ref(&obs), &[]).result,
                want,
                "{obs:?}"
            );
        }
    }

    #[test]
    fn cleartext_table() {
        let o = |status, ch: Option<&str>, sent| CleartextObs {
            url: "http://a.test/".into(),
            status,
            challenge: ch.map(str::to_string),
            sent_credentials: sent,
        };
        assert_eq!(cleartext(&[]).result, CheckOutcome::Pass);
        assert_eq!(cleartext(&[o(308, None, false)]).result, CheckOutcome::Pass);
        assert_eq!(
            cleartext(&[o(401, Some("Basic realm=\"x\""), false)]).result,
            CheckOutcome::Fail
        );
        assert_eq!(cleartext(&[o(200, None, true)]).result, CheckOutcome::Fail);
        assert_eq!(cleartext(&[o(200, None, false)]).result, CheckOutcome::Pass);
    }

    #[test]
    fn query_token_table() {
        let q = |s| QueryObs {
            param: "access_token".into(),
            status: s,
        };
        assert_eq!(
            query_token("401", true, &[q(Some(401))]).result,
            CheckOutcome::Pass
        );
        assert_eq!(
            query_token("401", true, &[q(Some(200))]).result,
            CheckOutcome::Warn
        );
        assert_eq!(
            query_token("401", false, &[q(Some(200))]).result,
            CheckOutcome::Fail
        );
        assert_eq!(
            query_token("401", false, &[q(None)]).result,
            CheckOutcome::Error
        );
        assert_eq!(
            query_token("401", true, &[q(Some(429))]).result,
            CheckOutcome::Error
        );
        assert_eq!(
            query_token("401", true, &[q(Some(429)), q(Some(401))]).result,
            CheckOutcome::Pass
        );
    }
}
