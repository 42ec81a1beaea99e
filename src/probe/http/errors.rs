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

/// Characters kept on each side of the marker in an excerpt.
const EXCERPT_CONTEXT: usize = 100;

/// The marker with a little of its line around it, for the evidence. The
/// caller scrubs known secrets from the body first; on top of that, values
/// that look like credentials the server leaked (`password=...`, long
/// random-looking strings) are cut, so an excerpt never carries a secret.
fn excerpt(body: &str, marker: &str) -> String {
    let Some(at) = body.find(marker) else {
        return String::new();
    };
    let line_start = body[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
    // Markers may span lines: the excerpt runs to the end of the marker's last line.
    let after_marker = at + marker.len();
    let line_end = body[after_marker..]
        .find('\n')
        .map(|i| after_marker + i)
        .unwrap_or(body.len());
    let before: String = {
        let head: Vec<char> = body[line_start..at]
            .chars()
            .rev()
            .take(EXCERPT_CONTEXT)
            .collect();
        head.into_iter().rev().collect()
    };
    let after: String = body[after_marker..line_end]
        .chars()
        .take(EXCERPT_CONTEXT)
        .collect();
    let text = format!("{before}{marker}{after}");
    redact_credential_like(text.trim())
}

/// Words that name a credential; a value after one of them is cut.
const CREDENTIAL_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "api-key",
    "access_key",
    "private_key",
    "authorization",
    "bearer",
    "credential",
    "session",
];

/// Cut values that look like credentials: the value after a credential
/// word (`SECRET_KEY = 'abc'`, `token: abc`, `Bearer abc`) and any run of 20
/// or more token characters that mixes letters and digits.
pub(crate) fn redact_credential_like(text: &str) -> String {
    let is_tok = |c: char| c.is_ascii_alphanumeric() || "+/=_-.~".contains(c);
    let mut out = String::with_capacity(text.len());
    let mut cut_next = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if is_tok(c) {
            let end = rest.find(|c: char| !is_tok(c)).unwrap_or(rest.len());
            let word = &rest[..end];
            let lower = word.to_ascii_lowercase();
            let random_looking = word.len() >= 20
                && word.chars().any(|c| c.is_ascii_digit())
                && word.chars().any(|c| c.is_ascii_alphabetic());
            if !word.chars().any(|c| c.is_ascii_alphanumeric()) {
                // `=`, `--`, `...`: punctuation, not a value.
                out.push_str(word);
            } else if cut_next || random_looking {
                out.push_str(crate::probe::secret::REDACTED);
                cut_next = false;
            } else {
                out.push_str(word);
                cut_next = CREDENTIAL_WORDS.iter().any(|w| lower.contains(w));
            }
            rest = &rest[end..];
        } else {
            // Separators between a credential word and its value keep the cut armed.
            if cut_next && !" \t:=\"'`(".contains(c) {
                cut_next = false;
            }
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
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

    #[test]
    fn excerpts_cut_leaked_credentials_and_long_lines() {
        let body = format!(
            "Traceback (most recent call last): SECRET_KEY = 'k3y-v4lue' api token: abc123 id=AKIA4EXAMPLE7KEY9Z2QX user=bob{}",
            "x".repeat(500)
        );
        let ex = excerpt(&body, "Traceback (most recent call last)");
        assert!(!ex.contains("k3y-v4lue") && !ex.contains("abc123"), "{ex}");
        assert!(!ex.contains("AKIA4EXAMPLE7KEY9Z2QX"), "{ex}");
        assert!(ex.contains("user=bob"), "{ex}");
        assert!(
            ex.chars().count() <= "Traceback (most recent call last)".len() + 2 * EXCERPT_CONTEXT
        );
    }

    #[test]
    fn every_marker_excerpts_without_panicking_wherever_it_sits() {
        for (m, _) in MARKERS {
            for body in [
                m.to_string(),
                format!("a\n{m}"),
                format!("{m}\nb"),
                format!("é{m}é"),
            ] {
                assert!(excerpt(&body, m).contains(m.trim()), "{m:?} in {body:?}");
            }
        }
    }
}
