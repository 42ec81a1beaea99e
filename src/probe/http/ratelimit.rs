//! Rate-limit evidence (OWASP API4:2023 Unrestricted Resource Consumption).
//! Servers advertise limits in several dialects: the IETF httpapi draft
//! (`RateLimit` / `RateLimit-Policy` structured fields, and the older
//! `RateLimit-Limit/-Remaining/-Reset` trio), the de-facto `X-RateLimit-*`,
//! and `Retry-After` (RFC 9110 10.2.3) on 429 (RFC 6585 4). The burst itself
//! is sent by the probe (bounded, opt-in, stops at the first 429); this file
//! parses headers and judges.

use crate::checks::CheckId;
use crate::model::evidence::http::{BurstSummary, RateLimitInfo};
use crate::model::{CheckOutcome, CheckResult};

fn int(v: &str) -> Option<u64> {
    v.trim().trim_matches('"').parse().ok()
}

/// Parameters of a structured-field or comma list: `"default";r=50;t=30`,
/// `limit=10, remaining=5, reset=30`, `100;w=60`.
fn params(v: &str) -> Vec<(String, String)> {
    v.split([';', ','])
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect()
}

/// Parse rate-limit headers from (lowercase name, value) pairs.
pub fn parse(headers: &[(String, String)]) -> RateLimitInfo {
    let mut info = RateLimitInfo::default();
    let dialect = |d: &str, info: &mut RateLimitInfo| {
        if !info.dialects.iter().any(|x| x == d) {
            info.dialects.push(d.to_string());
        }
    };
    for (n, v) in headers {
        match n.as_str() {
            "ratelimit" => {
                dialect("ietf", &mut info);
                for (k, val) in params(v) {
                    match k.as_str() {
                        "r" | "remaining" => info.remaining = info.remaining.or(int(&val)),
                        "t" | "reset" => info.reset = info.reset.or(int(&val)),
                        "limit" | "q" => info.limit = info.limit.or(int(&val)),
                        _ => {}
                    }
                }
            }
            "ratelimit-policy" => {
                dialect("ietf", &mut info);
                let first = v.split([';', ',']).next().unwrap_or("");
                info.limit = info.limit.or(int(first));
                for (k, val) in params(v) {
                    match k.as_str() {
                        "q" => info.limit = info.limit.or(int(&val)),
                        "w" => info.window = info.window.or(int(&val)),
                        _ => {}
                    }
                }
            }
            "ratelimit-limit" | "ratelimit-remaining" | "ratelimit-reset" => {
                dialect("ietf-legacy", &mut info);
                let first = v.split([';', ',']).next().and_then(int);
                match n.as_str() {
                    "ratelimit-limit" => info.limit = info.limit.or(first),
                    "ratelimit-remaining" => info.remaining = info.remaining.or(first),
                    _ => info.reset = info.reset.or(first),
                }
            }
            "x-ratelimit-limit"
            | "x-ratelimit-remaining"
            | "x-ratelimit-reset"
            | "x-rate-limit-limit"
            | "x-rate-limit-remaining"
            | "x-rate-limit-reset" => {
                dialect("x-ratelimit", &mut info);
                let first = v.split([';', ',']).next().and_then(int);
                if n.ends_with("limit") {
                    info.limit = info.limit.or(first);
                } else if n.ends_with("remaining") {
                    info.remaining = info.remaining.or(first);
                } else {
                    info.reset = info.reset.or(first);
                }
            }
            "retry-after" => dialect("retry-after", &mut info),
            _ => continue,
        }
        info.headers.push(format!("{n}: {v}"));
    }
    info
}

/// Is a Retry-After value valid: delay-seconds or an HTTP-date (RFC 9110 10.2.3)?
pub fn valid_retry_after(v: &str) -> bool {
    let v = v.trim();
    v.parse::<u64>().is_ok() || chrono::DateTime::parse_from_rfc2822(v).is_ok()
}

/// ratelimit.headers
pub fn headers_verdict(info: &RateLimitInfo) -> CheckResult {
    let id = CheckId::RatelimitHeaders;
    if info.is_empty() {
        return CheckResult::new(
            id,
            CheckOutcome::Info,
            "No rate-limit headers (RateLimit, RateLimit-Policy, X-RateLimit-*, Retry-After): clients cannot see a limit; absence does not prove there is none.",
        );
    }
    let mut details = info.headers.clone();
    details.push(format!(
        "limit: {}, remaining: {}, reset: {}",
        opt(info.limit),
        opt(info.remaining),
        opt(info.reset)
    ));
    CheckResult::new(
        id,
        CheckOutcome::Pass,
        format!(
            "Rate limits are advertised ({}; IETF httpapi RateLimit draft).",
            info.dialects.join(", ")
        ),
    )
    .with_details(details)
}

fn opt(v: Option<u64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_else(|| "?".into())
}

/// ratelimit.burst
pub fn burst_verdict(b: &BurstSummary) -> CheckResult {
    let id = CheckId::RatelimitBurst;
    let mut details = vec![format!(
        "sent {} of at most {} requests in {} ms; statuses: {}{}",
        b.sent,
        b.limit,
        b.elapsed_ms,
        b.statuses
            .iter()
            .map(|(k, v)| format!("{k}x{v}"))
            .collect::<Vec<_>>()
            .join(", "),
        if b.errors > 0 {
            format!("; {} failed", b.errors)
        } else {
            String::new()
        }
    )];
    match (b.first_429, &b.retry_after) {
        (Some(n), Some(ra)) => {
            details.push(format!("429 at request {n}, Retry-After: {ra}"));
            let valid = valid_retry_after(ra);
            CheckResult::new(
                id,
                if valid { CheckOutcome::Pass } else { CheckOutcome::Warn },
                if valid {
                    format!("Rate limit enforced: 429 with Retry-After after {n} requests (RFC 6585 4, OWASP API4:2023).")
                } else {
                    format!("429 after {n} requests, but Retry-After {ra:?} is neither seconds nor an HTTP-date (RFC 9110 10.2.3).")
                },
            )
            .with_details(details)
        }
        (Some(n), None) => {
            details.push(format!("429 at request {n}, no Retry-After"));
            CheckResult::new(
                id,
                CheckOutcome::Warn,
                format!("Rate limit enforced after {n} requests, but the 429 has no Retry-After (RFC 6585 4)."),
            )
            .with_details(details)
        }
        (None, _) if b.sent > 0 && b.errors == b.sent => CheckResult::new(
            id,
            CheckOutcome::Error,
            "Every burst request failed: could not tell.",
        )
        .with_details(details),
        (None, _) => CheckResult::new(
            id,
            CheckOutcome::Info,
            format!(
                "No 429 within {} requests: not observed (the limit may be higher than the operator's cap).",
                b.sent
            ),
        )
        .with_details(details),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parse_table() {
        let i = parse(&h(&[
            ("ratelimit-policy", "\"default\";q=100;w=60"),
            ("ratelimit", "\"default\";r=50;t=30"),
        ]));
        assert_eq!(
            (i.limit, i.remaining, i.reset, i.window),
            (Some(100), Some(50), Some(30), Some(60))
        );
        assert_eq!(i.dialects, vec!["ietf"]);

        let i = parse(&h(&[
            ("ratelimit", "limit=10, remaining=5, reset=7"),
            ("ratelimit-policy", "10;w=1"),
        ]));
        assert_eq!(
            (i.limit, i.remaining, i.reset, i.window),
            (Some(10), Some(5), Some(7), Some(1))
        );

        let i = parse(&h(&[
            ("ratelimit-limit", "100"),
            ("ratelimit-remaining", "99"),
            ("ratelimit-reset", "5"),
        ]));
        assert_eq!(i.dialects, vec!["ietf-legacy"]);
        assert_eq!(
            (i.limit, i.remaining, i.reset),
            (Some(100), Some(99), Some(5))
        );

        let i = parse(&h(&[
            ("x-ratelimit-limit", "60"),
            ("x-ratelimit-remaining", "0"),
            ("retry-after", "12"),
        ]));
        assert_eq!(i.dialects, vec!["x-ratelimit", "retry-after"]);
        assert_eq!((i.limit, i.remaining), (Some(60), Some(0)));

        let i = parse(&h(&[("content-type", "application/json")]));
        assert!(i.is_empty());
        assert_eq!(headers_verdict(&i).result, CheckOutcome::Info);
        assert_eq!(
            headers_verdict(&parse(&h(&[("retry-after", "5")]))).result,
            CheckOutcome::Pass
        );
    }

    #[test]
    fn burst_table() {
        let b = |first: Option<u32>, ra: Option<&str>, errors: u32| BurstSummary {
            sent: 5,
            limit: 10,
            first_429: first,
            retry_after: ra.map(str::to_string),
            errors,
            ..BurstSummary::default()
        };
        assert_eq!(
            burst_verdict(&b(Some(5), Some("30"), 0)).result,
            CheckOutcome::Pass
        );
        assert_eq!(
            burst_verdict(&b(Some(5), Some("Wed, 21 Oct 2015 07:28:00 GMT"), 0)).result,
            CheckOutcome::Pass
        );
        assert_eq!(
            burst_verdict(&b(Some(5), Some("soon"), 0)).result,
            CheckOutcome::Warn
        );
        assert_eq!(
            burst_verdict(&b(Some(5), None, 0)).result,
            CheckOutcome::Warn
        );
        assert_eq!(burst_verdict(&b(None, None, 0)).result, CheckOutcome::Info);
        assert_eq!(burst_verdict(&b(None, None, 5)).result, CheckOutcome::Error);
        assert!(valid_retry_after(" 120 "));
        assert!(!valid_retry_after("-1"));
    }
}
