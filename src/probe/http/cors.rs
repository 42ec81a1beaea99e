//! CORS verdicts. A server that reflects any Origin (or `null`, which
//! sandboxed iframes and `file:` pages send) together with
//! `Access-Control-Allow-Credentials: true` lets every web page read its
//! users' data with their cookies (OWASP WSTG-CLNT-07, Fetch standard 3.2).
//! The probe sends a random `https://<random>.example` origin and `null`, on
//! a preflight and on a simple GET; this file judges what came back.

use crate::checks::CheckId;
use crate::model::{CheckOutcome, CheckResult};

use super::worst;

/// One CORS observation.
#[derive(Debug, Clone, Default)]
pub struct CorsObs {
    /// "preflight OPTIONS" or "GET".
    pub request: String,
    pub origin: String,
    pub status: Option<u16>,
    pub allow_origin: Option<String>,
    pub allow_credentials: Option<String>,
}

/// Judge one observation: outcome and a line for the details.
fn judge(o: &CorsObs, authenticated: bool) -> (CheckOutcome, String) {
    let acao = o.allow_origin.as_deref().map(str::trim);
    let creds = o
        .allow_credentials
        .as_deref()
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    let reflected = acao.is_some_and(|a| a.eq_ignore_ascii_case(&o.origin));
    let star = acao == Some("*");
    let line = format!(
        "{} Origin: {} -> {}, Access-Control-Allow-Origin: {}, Access-Control-Allow-Credentials: {}",
        o.request,
        o.origin,
        o.status
            .map(|s| s.to_string())
            .unwrap_or_else(|| "no answer".into()),
        acao.unwrap_or("(none)"),
        o.allow_credentials.as_deref().unwrap_or("(none)")
    );
    let outcome = if reflected && creds {
        CheckOutcome::Fail
    } else if (star || reflected) && authenticated {
        CheckOutcome::Warn
    } else {
        CheckOutcome::Pass
    };
    (outcome, line)
}

/// cors.origin over all observations. `authenticated`: the endpoint needs
/// credentials (a token is configured or anonymous requests are refused).
pub fn verdict(obs: &[CorsObs], authenticated: bool) -> CheckResult {
    let id = CheckId::CorsOrigin;
    if obs.iter().all(|o| o.status.is_none()) {
        return CheckResult::new(id, CheckOutcome::Error, "No CORS request got an answer.");
    }
    let mut outcome = CheckOutcome::Pass;
    let mut details = Vec::new();
    let mut worst_line = None;
    for o in obs {
        let (r, line) = judge(o, authenticated);
        if r > outcome {
            worst_line = Some(o.origin.clone());
        }
        outcome = worst(outcome, r);
        details.push(line);
    }
    let summary = match outcome {
        CheckOutcome::Fail => format!(
            "Origin {} is reflected with Access-Control-Allow-Credentials: true: any web page can read this API with its users' credentials (OWASP WSTG-CLNT-07).",
            worst_line.unwrap_or_default()
        ),
        CheckOutcome::Warn => "Any origin may read this authenticated endpoint (wildcard or reflected Access-Control-Allow-Origin); allow-list the web origins that need it (OWASP REST Security).".to_string(),
        _ => "Foreign and null origins are not granted cross-origin access.".to_string(),
    };
    CheckResult::new(id, outcome, summary).with_details(details)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(origin: &str, acao: Option<&str>, acac: Option<&str>) -> CorsObs {
        CorsObs {
            request: "GET".into(),
            origin: origin.into(),
            status: Some(200),
            allow_origin: acao.map(str::to_string),
            allow_credentials: acac.map(str::to_string),
        }
    }

    #[test]
    fn cors_table() {
        let r = "https://x1.example";
        let cases = [
            (obs(r, Some(r), Some("true")), true, CheckOutcome::Fail),
            (
                obs("null", Some("null"), Some("true")),
                false,
                CheckOutcome::Fail,
            ),
            (obs(r, Some(r), None), true, CheckOutcome::Warn),
            (obs(r, Some(r), None), false, CheckOutcome::Pass),
            (obs(r, Some("*"), None), true, CheckOutcome::Warn),
            (obs(r, Some("*"), None), false, CheckOutcome::Pass),
            (
                obs(r, Some("https://app.test"), Some("true")),
                true,
                CheckOutcome::Pass,
            ),
            (obs(r, None, None), true, CheckOutcome::Pass),
        ];
        for (o, auth, want) in cases {
            assert_eq!(
                verdict(std::slice::from_ref(&o), auth).result,
                want,
                "{o:?}"
            );
        }
        let none = CorsObs {
            status: None,
            ..obs(r, None, None)
        };
        assert_eq!(verdict(&[none], true).result, CheckOutcome::Error);
    }
}
