//! http.errors: what a malformed JSON body brings back. Stack traces and
//! framework debug pages hand attackers file paths, versions and code
//! (OWASP WSTG-ERRH-01/02, OWASP API8:2023 Security Misconfiguration).
//! Markers are literal strings from common stacks, so a match is explainable.

use crate::checks::CheckId;
use crate::model::{CheckOutcome, CheckResult};

/// (marker, what it indicates). Matched case-sensitively: they are literal
/// runtime output, and case-folding would catch ordinary prose.
const MARKERS: &[(&str, &str)] = &[
    ("Traceback (most recent call last)", "Python traceback"),
    ("Werkzeug Debugger", "Flask/Werkzeug debugger"),
    (
        "You're seeing this error because you have <code>DEBUG = True</code>",
        "Django debug page",
    ),
    ("Exception in thread \"", "Java stack trace"),
    ("\tat java.", "Java stack trace"),
    ("\n    at java.", "Java stack trace"),
    ("at org.springframework.", "Spring stack trace"),
    ("Whitelabel Error Page", "Spring Boot error page"),
    ("   at System.", ".NET stack trace"),
    ("Server Error in '/' Application", "ASP.NET yellow screen"),
    ("Stack trace:\n#0 ", "PHP stack trace"),
    ("PHP Fatal error", "PHP fatal error"),
    ("<b>Fatal error</b>:", "PHP fatal error"),
    (
        "Whoops, looks like something went wrong",
        "Laravel debug page",
    ),
    ("Symfony\\Component\\", "Symfony exception"),
    ("ActionController::", "Rails exception"),
    ("/gems/", "Ruby stack trace"),
    ("    at Object.<anonymous>", "Node.js stack trace"),
    ("    at JSON.parse", "Node.js stack trace"),
    ("node_modules/", "Node.js stack trace"),
    ("goroutine 1 [running]", "Go panic"),
    ("panicked at", "Rust panic"),
    ("SQLSTATE[", "SQL error"),
];

/// The first marker found in the body.
pub fn find_marker(body: &str) -> Option<(&'static str, &'static str)> {
    MARKERS.iter().copied().find(|(m, _)| body.contains(m))
}

/// The line around a marker, shortened, for the evidence.
fn excerpt(body: &str, marker: &str) -> String {
    let Some(at) = body.find(marker) else {
        return String::new();
    };
    let start = body[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let end = body[at..].find('\n').map(|i| at + i).unwrap_or(body.len());
    body[start..end].trim().chars().take(160).collect()
}

/// Verdict on the response to a malformed body.
pub fn verdict(status: u16, body: &str) -> CheckResult {
    let id = CheckId::HttpErrors;
    let mut details = vec![format!(
        "POST malformed JSON -> {status}, {} body bytes",
        body.len()
    )];
    if let Some((marker, what)) = find_marker(body) {
        details.push(format!("matched {what}: {:?}", excerpt(body, marker)));
        return CheckResult::new(
            id,
            CheckOutcome::Fail,
            format!("A malformed body returns a {what}: internals leak to clients (OWASP WSTG-ERRH-02, API8:2023)."),
        )
        .with_details(details);
    }
    match status {
        401 | 403 | 405 | 415 => CheckResult::new(
            id,
            CheckOutcome::Info,
            format!("Not evaluated: the request was refused ({status}) before the body was parsed; configure token_env or a path that takes POST."),
        )
        .with_details(details),
        500..=599 => CheckResult::new(
            id,
            CheckOutcome::Warn,
            format!("A malformed body causes {status}: input is not validated before use (expected 400)."),
        )
        .with_details(details),
        _ => CheckResult::new(
            id,
            CheckOutcome::Pass,
            format!("A malformed body gets {status} without stack traces or debug pages."),
        )
        .with_details(details),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_table() {
        let cases = [
            (
                500,
                "Traceback (most recent call last):\n  File \"/app/x.py\"",
                CheckOutcome::Fail,
            ),
            (
                500,
                "java.lang.NullPointerException\n\tat java.base/java.util.Objects",
                CheckOutcome::Fail,
            ),
            (
                400,
                "SyntaxError: Unexpected token\n    at JSON.parse (<anonymous>)",
                CheckOutcome::Fail,
            ),
            (
                500,
                "<h1>Whoops, looks like something went wrong.</h1>",
                CheckOutcome::Fail,
            ),
            (500, "{\"error\":\"internal\"}", CheckOutcome::Warn),
            (400, "{\"error\":\"invalid JSON\"}", CheckOutcome::Pass),
            (422, "", CheckOutcome::Pass),
            (401, "{}", CheckOutcome::Info),
            (405, "", CheckOutcome::Info),
            (
                401,
                "Traceback (most recent call last):",
                CheckOutcome::Fail,
            ),
        ];
        for (status, body, want) in cases {
            assert_eq!(verdict(status, body).result, want, "{body}");
        }
        assert_eq!(
            excerpt("a\nb Traceback (most recent call last): x\nc", "Traceback"),
            "b Traceback (most recent call last): x"
        );
    }
}
