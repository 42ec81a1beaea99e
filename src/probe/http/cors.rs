//! CORS verdicts. A server that reflects any Origin (or `null`, which
//! sandboxed iframes and `file:` pages send) together with
//! `Access-Control-Allow-Credentials: true` lets every web page read its
//! users' data with their cookies (OWASP WSTG-CLNT-07, Fetch standard 3.2).
//! The probe sends a random `https://<random>.example` origin and `null`, on
//! a preflight and on a simple GET; this file judges what came back.

use crate::checks::CheckId;
use crate::model::{CheckOutcome, CheckResult};

use super::worst;

/// What an Origin sent by the probe stands for: which broken allow-list
/// would let it through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OriginKind {
    /// A random foreign origin: reflected means any origin is allowed.
    Foreign,
    /// `null`: sandboxed iframes, `file:` pages, some redirects.
    Null,
    /// `https://<random><domain>`: an allow-list that checks the end only.
    Suffix,
    /// `https://<host>.<random>.example`: one that checks the start only.
    Prefix,
    /// The host with its first dot replaced (`api-example.com`): a regular
    /// expression with an unescaped dot.
    LookAlike,
    /// `https://<random>.<domain>`: every subdomain is trusted.
    Subdomain,
    /// `http://<host>`: the cleartext origin of the host itself.
    Http,
}

impl OriginKind {
    /// What a page on such an origin is, for the summary.
    fn who(self, domain: &str, host: &str) -> String {
        match self {
            OriginKind::Foreign => "any web page (the origin is reflected whatever it is)".into(),
            OriginKind::Null => "a sandboxed iframe or local file (Origin: null)".into(),
            OriginKind::Suffix => format!(
                "a page on any domain ending in \"{domain}\", which anyone can register (the allow-list matches a suffix)"
            ),
            OriginKind::Prefix => format!(
                "a page on any domain starting with \"{host}\", which anyone can register (the allow-list matches a prefix)"
            ),
            OriginKind::LookAlike => format!(
                "a page on a look-alike domain such as \"{}\" (the allow-list is a pattern with an unescaped dot)",
                look_alike(host).unwrap_or_default()
            ),
            OriginKind::Subdomain => format!(
                "a page on any subdomain of \"{domain}\" (one taken over, or with a script injection, is enough)"
            ),
            OriginKind::Http => format!(
                "a page on http://{host} (anyone on the network path can inject it, as it is cleartext)"
            ),
        }
    }

    /// The verdict when such an origin is granted access with credentials:
    /// attacker-registrable origins fail; the site's own subdomains and its
    /// cleartext origin need an extra foothold, so they warn.
    fn with_credentials(self) -> CheckOutcome {
        match self {
            OriginKind::Subdomain | OriginKind::Http => CheckOutcome::Warn,
            _ => CheckOutcome::Fail,
        }
    }
}

/// The registrable domain, approximately: the last two labels, or three
/// under a two-letter country code with a short second level (`co.uk`).
pub fn registrable_domain(host: &str) -> String {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() <= 2 || host.parse::<std::net::IpAddr>().is_ok() {
        return host;
    }
    let n = labels.len();
    let keep = if labels[n - 1].len() == 2 && labels[n - 2].len() <= 3 && n >= 3 {
        3
    } else {
        2
    };
    labels[n - keep.min(n)..].join(".")
}

fn look_alike(host: &str) -> Option<String> {
    let i = host.find('.')?;
    Some(format!("{}-{}", &host[..i], &host[i + 1..]))
}

/// The origins to try for a target on `host`, each with what it stands for.
pub fn origins(host: &str, random: u64) -> Vec<(OriginKind, String)> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let tag = format!("apiassure{:08x}", random as u32);
    let ip = host.parse::<std::net::IpAddr>().ok();
    let mut out = vec![
        (OriginKind::Foreign, format!("https://{tag}.example")),
        (OriginKind::Null, "null".to_string()),
    ];
    match ip {
        Some(std::net::IpAddr::V6(_)) => {
            out.push((OriginKind::Http, format!("http://[{host}]")));
        }
        _ => {
            out.push((OriginKind::Prefix, format!("https://{host}.{tag}.example")));
            out.push((OriginKind::Http, format!("http://{host}")));
        }
    }
    if ip.is_none() {
        let domain = registrable_domain(&host);
        out.push((OriginKind::Suffix, format!("https://{tag}{domain}")));
        out.push((OriginKind::Subdomain, format!("https://{tag}.{domain}")));
        if let Some(l) = look_alike(&host) {
            out.push((OriginKind::LookAlike, format!("https://{l}")));
        }
    }
    out.sort_by_key(|(k, _)| *k);
    out
}

/// One CORS observation.
#[derive(Debug, Clone)]
pub struct CorsObs {
    /// "preflight OPTIONS", "GET" or "GET with credentials".
    pub request: String,
    pub kind: OriginKind,
    pub origin: String,
    pub status: Option<u16>,
    pub allow_origin: Option<String>,
    pub allow_credentials: Option<String>,
    /// Access-Control-Allow-Headers of a preflight.
    pub allow_headers: Option<String>,
}

impl Default for CorsObs {
    fn default() -> Self {
        CorsObs {
            request: String::new(),
            kind: OriginKind::Foreign,
            origin: String::new(),
            status: None,
            allow_origin: None,
            allow_credentials: None,
            allow_headers: None,
        }
    }
}

impl CorsObs {
    fn reflected(&self) -> bool {
        self.allow_origin
            .as_deref()
            .is_some_and(|a| a.trim().eq_ignore_ascii_case(&self.origin))
    }

    /// Browsers honour only the exact token `true` (Fetch standard, CORS
    /// check: "If ... `Access-Control-Allow-Credentials` ... is not `true`,
    /// return failure"; the comparison is byte for byte): `True` or `1`
    /// block credentialed reads. Surrounding whitespace is stripped by the
    /// header parser, so it is allowed.
    fn credentials(&self) -> bool {
        self.allow_credentials
            .as_deref()
            .is_some_and(|v| v.trim_matches([' ', '\t']) == "true")
    }

    fn grants_authorization(&self) -> bool {
        self.allow_headers.as_deref().is_some_and(|h| {
            h.split(',')
                .any(|x| x.trim().eq_ignore_ascii_case("authorization") || x.trim() == "*")
        })
    }
}

/// Judge one observation: outcome and a line for the details.
fn judge(o: &CorsObs, authenticated: bool) -> (CheckOutcome, String) {
    let acao = o.allow_origin.as_deref().map(str::trim);
    let star = acao == Some("*");
    let mut line = format!(
        "{} Origin: {} -> {}, Access-Control-Allow-Origin: {}, Access-Control-Allow-Credentials: {}",
        o.request,
        o.origin,
        o.status
            .map(|s| s.to_string())
            .unwrap_or_else(|| "no answer".into()),
        acao.unwrap_or("(none)"),
        o.allow_credentials.as_deref().unwrap_or("(none)")
    );
    if let Some(h) = &o.allow_headers {
        line.push_str(&format!(", Access-Control-Allow-Headers: {h}"));
    }
    let outcome = if o.reflected() && o.credentials() {
        o.kind.with_credentials()
    } else if (star || o.reflected()) && authenticated {
        CheckOutcome::Warn
    } else {
        CheckOutcome::Pass
    };
    (outcome, line)
}

/// cors.origin over all observations. `authenticated`: the endpoint needs
/// credentials (a token is configured or anonymous requests are refused).
/// `host` is the target's, for saying which pages could read it.
pub fn verdict(obs: &[CorsObs], authenticated: bool, host: &str) -> CheckResult {
    let id = CheckId::CorsOrigin;
    if obs.iter().all(|o| o.status.is_none()) {
        return CheckResult::new(id, CheckOutcome::Error, "No CORS request got an answer.");
    }
    let mut outcome = CheckOutcome::Pass;
    let mut details = Vec::new();
    for o in obs {
        let (r, line) = judge(o, authenticated);
        outcome = worst(outcome, r);
        details.push(line);
    }
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let domain = registrable_domain(&host);
    // Which kinds of page may read with credentials (an answer to a GET
    // grants them), which may only send (a preflight grants them), and
    // whether a preflight lets them send the Authorization header.
    let kinds = |f: &dyn Fn(&CorsObs) -> bool| {
        let mut k: Vec<OriginKind> = obs
            .iter()
            .filter(|o| o.reflected() && o.credentials() && f(o))
            .map(|o| o.kind)
            .collect();
        k.sort();
        k.dedup();
        k
    };
    let read = kinds(&|o| !o.request.starts_with("preflight"));
    let send: Vec<OriginKind> = kinds(&|o| o.request.starts_with("preflight"))
        .into_iter()
        .filter(|k| !read.contains(k))
        .collect();
    let headers = |ks: &[OriginKind]| {
        ks.iter().any(|k| {
            obs.iter().any(|o| {
                o.kind == *k
                    && o.request.starts_with("preflight")
                    && o.reflected()
                    && o.grants_authorization()
            })
        })
    };
    let who = |ks: &[OriginKind]| {
        ks.iter()
            .map(|k| k.who(&domain, &host))
            .collect::<Vec<_>>()
            .join("; and to ")
    };
    let summary = if !read.is_empty() || !send.is_empty() {
        let mut parts = Vec::new();
        if !read.is_empty() {
            parts.push(format!(
                "Cross-origin reads with the user's credentials (Access-Control-Allow-Credentials: true) are granted to {}: such a page can read this API's responses as the signed-in user{}",
                who(&read),
                if headers(&read) {
                    ", and send it requests carrying an Authorization header"
                } else {
                    ""
                }
            ));
        }
        if !send.is_empty() {
            parts.push(format!(
                "{} preflights with credentials are allowed for {}: such a page can send this API requests a form cannot (JSON bodies, PUT, DELETE{}) as the signed-in user, though it cannot read the answers",
                if read.is_empty() { "Cross-origin" } else { "also," },
                who(&send),
                if headers(&send) {
                    ", an Authorization header"
                } else {
                    ""
                }
            ));
        }
        format!("{} (OWASP WSTG-CLNT-07).", parts.join("; "))
    } else if outcome == CheckOutcome::Warn {
        let reflected: Vec<String> = {
            let mut k: Vec<OriginKind> = obs
                .iter()
                .filter(|o| o.reflected())
                .map(|o| o.kind)
                .collect();
            k.sort();
            k.dedup();
            k.iter().map(|k| k.who(&domain, &host)).collect()
        };
        if reflected.is_empty() {
            "Any origin may read this authenticated endpoint (Access-Control-Allow-Origin: *), without credentials; allow-list the web origins that need it (OWASP REST Security).".to_string()
        } else {
            format!(
                "This authenticated endpoint grants cross-origin reads, without credentials, to {}; allow-list the web origins that need it (OWASP REST Security).",
                reflected.join("; and to ")
            )
        }
    } else {
        "Foreign, null and look-alike origins (suffix, prefix, subdomain, http://) are not granted cross-origin access.".to_string()
    };
    CheckResult::new(id, outcome, summary).with_details(details)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(origin: &str, acao: Option<&str>, acac: Option<&str>) -> CorsObs {
        CorsObs {
            request: "GET".into(),
            kind: if origin == "null" {
                OriginKind::Null
            } else {
                OriginKind::Foreign
            },
            origin: origin.into(),
            status: Some(200),
            allow_origin: acao.map(str::to_string),
            allow_credentials: acac.map(str::to_string),
            allow_headers: None,
        }
    }

    #[test]
    fn only_the_exact_token_true_allows_credentials() {
        let r = "https://x1.example";
        assert!(obs(r, Some(r), Some("true")).credentials());
        assert!(obs(r, Some(r), Some(" true ")).credentials());
        for v in ["True", "TRUE", "1", "yes", "true, true", ""] {
            assert!(!obs(r, Some(r), Some(v)).credentials(), "{v:?}");
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
                verdict(std::slice::from_ref(&o), auth, "api.example.com").result,
                want,
                "{o:?}"
            );
        }
        let none = CorsObs {
            status: None,
            ..obs(r, None, None)
        };
        assert_eq!(verdict(&[none], true, "h").result, CheckOutcome::Error);
    }

    #[test]
    fn derived_origins() {
        let o = origins("api.shop.example.co.uk", 0xAB);
        let get = |k| o.iter().find(|(x, _)| *x == k).map(|(_, v)| v.as_str());
        assert_eq!(
            get(OriginKind::Suffix),
            Some("https://apiassure000000abexample.co.uk")
        );
        assert_eq!(
            get(OriginKind::Subdomain),
            Some("https://apiassure000000ab.example.co.uk")
        );
        assert_eq!(
            get(OriginKind::Prefix),
            Some("https://api.shop.example.co.uk.apiassure000000ab.example")
        );
        assert_eq!(
            get(OriginKind::LookAlike),
            Some("https://api-shop.example.co.uk")
        );
        assert_eq!(get(OriginKind::Http), Some("http://api.shop.example.co.uk"));
        assert_eq!(registrable_domain("api.example.com"), "example.com");
        let o = origins("::1", 1);
        assert!(o
            .iter()
            .any(|(k, v)| *k == OriginKind::Http && v == "http://[::1]"));
        // An address has no domain to derive from.
        let o = origins("10.0.0.5", 1);
        assert!(o.iter().all(|(k, _)| !matches!(
            k,
            OriginKind::Suffix | OriginKind::Subdomain | OriginKind::LookAlike
        )));
    }

    #[test]
    fn summary_says_who_can_read() {
        let mk = |kind, origin: &str, request: &str, headers: Option<&str>| CorsObs {
            request: request.into(),
            kind,
            origin: origin.into(),
            status: Some(200),
            allow_origin: Some(origin.into()),
            allow_credentials: Some("true".into()),
            allow_headers: headers.map(str::to_string),
        };
        let r = verdict(
            &[
                mk(OriginKind::Suffix, "https://xexample.com", "GET", None),
                mk(
                    OriginKind::Suffix,
                    "https://xexample.com",
                    "preflight OPTIONS",
                    Some("Authorization, Content-Type"),
                ),
            ],
            true,
            "api.example.com",
        );
        assert_eq!(r.result, CheckOutcome::Fail);
        assert!(
            r.summary.contains("ending in \"example.com\"")
                && r.summary.contains("Authorization header"),
            "{}",
            r.summary
        );
        let r = verdict(
            &[mk(
                OriginKind::Subdomain,
                "https://x.example.com",
                "GET",
                None,
            )],
            true,
            "api.example.com",
        );
        assert_eq!(r.result, CheckOutcome::Warn);
        assert!(
            r.summary.contains("any subdomain of \"example.com\""),
            "{}",
            r.summary
        );
    }
}
