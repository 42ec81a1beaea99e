//! Offline analysis of the operator's own JWT (RFC 7519, RFC 8725 "JWT Best
//! Current Practices") and the forged tokens the active auth test sends.
//!
//! Only header fields and a few registered claims (iss, aud, exp, iat, nbf)
//! reach the report: never the token, its signature or subject-identifying
//! claims.

use crate::probe::ProbeError;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};

use crate::checks::CheckId;
use crate::model::evidence::http::JwtSummary;
use crate::model::{CheckOutcome, CheckResult};

use super::worst;

/// Lifetimes above this are warned about (24 hours).
pub const MAX_LIFETIME_SECS: i64 = 24 * 3600;

/// A decoded JWT. The raw segments stay in memory only for forging.
#[derive(Debug, Clone)]
pub struct Jwt {
    pub header: Value,
    pub claims: Value,
    payload_b64: String,
    header_b64: String,
    signature_b64: String,
}

fn segment(s: &str) -> Result<Value, ProbeError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(s.trim_end_matches('='))
        .map_err(|e| ProbeError::Token(format!("not base64url: {e}")))?;
    serde_json::from_slice(&bytes).map_err(|e| ProbeError::Token(format!("not JSON: {e}")))
}

/// Decode a compact JWS. Errors say why it is not a JWT (opaque tokens are normal).
pub fn decode(token: &str) -> Result<Jwt, ProbeError> {
    let parts: Vec<&str> = token.trim().split('.').collect();
    if parts.len() != 3 {
        return Err(ProbeError::Token(format!(
            "not a compact JWT: {} dot-separated part(s), 3 expected",
            parts.len()
        )));
    }
    let header = segment(parts[0]).map_err(|e| ProbeError::Token(format!("JWT header {e}")))?;
    let claims = segment(parts[1]).map_err(|e| ProbeError::Token(format!("JWT payload {e}")))?;
    if !header.is_object() || !claims.is_object() {
        return Err(ProbeError::Token(
            "JWT header or payload is not a JSON object".into(),
        ));
    }
    Ok(Jwt {
        header,
        claims,
        header_b64: parts[0].to_string(),
        payload_b64: parts[1].to_string(),
        signature_b64: parts[2].to_string(),
    })
}

fn num(v: &Value, k: &str) -> Option<i64> {
    v.get(k)
        .and_then(|x| x.as_i64().or_else(|| x.as_f64().map(|f| f as i64)))
}

fn date(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|d| d.to_rfc3339())
        .unwrap_or_else(|| secs.to_string())
}

pub fn summarise(jwt: &Jwt, now: i64) -> JwtSummary {
    let h = &jwt.header;
    let c = &jwt.claims;
    let exp = num(c, "exp");
    let iat = num(c, "iat");
    let aud = match c.get("aud") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    JwtSummary {
        alg: h
            .get("alg")
            .and_then(Value::as_str)
            .unwrap_or("(missing)")
            .to_string(),
        typ: h.get("typ").and_then(Value::as_str).map(str::to_string),
        iss: c.get("iss").and_then(Value::as_str).map(str::to_string),
        aud,
        exp,
        iat,
        nbf: num(c, "nbf"),
        lifetime_secs: exp.map(|e| e.saturating_sub(iat.unwrap_or(now))),
        expired: exp.is_some_and(|e| e <= now),
    }
}

/// auth.jwt verdict from the summary (RFC 8725 2.1, 3.1, 3.2, 3.9).
pub fn verdict(s: &JwtSummary) -> CheckResult {
    let id = CheckId::AuthJwt;
    let mut outcome = CheckOutcome::Pass;
    let mut problems = Vec::new();
    let alg = s.alg.to_ascii_lowercase();
    if alg == "none" || alg == "(missing)" {
        outcome = CheckOutcome::Fail;
        problems.push(format!(
            "alg {} means the token is unsigned (RFC 8725 2.1, 3.1)",
            s.alg
        ));
    } else if alg.starts_with("hs") {
        outcome = worst(outcome, CheckOutcome::Warn);
        problems.push(format!(
            "{} is a shared-secret MAC: every party that verifies can also mint tokens; use an asymmetric alg for third parties (RFC 8725 3.5)",
            s.alg
        ));
    }
    match (s.exp, s.lifetime_secs) {
        (None, _) => {
            outcome = worst(outcome, CheckOutcome::Warn);
            problems.push("no exp claim: the token never expires (RFC 7519 4.1.4)".into());
        }
        (Some(_), Some(l)) if l > MAX_LIFETIME_SECS => {
            outcome = worst(outcome, CheckOutcome::Warn);
            problems.push(format!("lifetime {}h exceeds 24h", l / 3600));
        }
        _ => {}
    }
    let mut details = vec![format!(
        "alg: {}{}",
        s.alg,
        s.typ
            .as_deref()
            .map(|t| format!(", typ: {t}"))
            .unwrap_or_default()
    )];
    details.push(format!("iss: {}", s.iss.as_deref().unwrap_or("(none)")));
    details.push(if s.aud.is_empty() {
        "aud: (none): relying parties cannot tell tokens meant for them (RFC 8725 3.9)".into()
    } else {
        format!("aud: {}", s.aud.join(", "))
    });
    if let Some(i) = s.iat {
        details.push(format!("iat: {}", date(i)));
    }
    if let Some(e) = s.exp {
        details.push(format!(
            "exp: {}{}",
            date(e),
            if s.expired {
                " (already expired: authenticated checks may be meaningless)"
            } else {
                ""
            }
        ));
    }
    if let Some(l) = s.lifetime_secs {
        details.push(format!("lifetime: {l}s"));
    }
    let summary = if problems.is_empty() {
        format!(
            "Token is signed with {}, expires, and lives at most 24h (RFC 8725).",
            s.alg
        )
    } else {
        let mut t = problems.join("; ");
        t.push('.');
        let mut c = t.chars();
        match c.next() {
            Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
            None => t,
        }
    };
    CheckResult::new(id, outcome, summary).with_details(details)
}

/// The operator's claims under `alg: none` with an empty signature: a server
/// that accepts it verifies nothing (RFC 8725 2.1).
pub fn alg_none(jwt: &Jwt) -> String {
    let header = json!({"alg": "none", "typ": "JWT"});
    format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        jwt.payload_b64
    )
}

/// The operator's token with exp moved an hour into the past and the original
/// signature kept: the server must reject it for expiry or for the broken
/// signature; accepting it means it checks neither.
pub fn expired(jwt: &Jwt, now: i64) -> String {
    let mut claims = jwt.claims.clone();
    if let Some(obj) = claims.as_object_mut() {
        obj.insert("exp".into(), json!(now - 3600));
        obj.insert("iat".into(), json!(now - 7200));
        obj.remove("nbf");
    }
    format!(
        "{}.{}.{}",
        jwt.header_b64,
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        jwt.signature_b64
    )
}

/// An expired HS256 token with a random signature, for opaque-token APIs.
pub fn expired_standalone(now: i64) -> String {
    let header = json!({"alg": "HS256", "typ": "JWT"});
    let claims = json!({"sub": "apiassure-probe", "iat": now - 7200, "exp": now - 3600});
    let sig: [u8; 32] = rand::random();
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        URL_SAFE_NO_PAD.encode(sig)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(header: Value, claims: Value) -> String {
        format!(
            "{}.{}.c2lnbmF0dXJl",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        )
    }

    const NOW: i64 = 1_700_000_000;

    #[test]
    fn jwt_table() {
        let cases = [
            (
                json!({"alg":"RS256"}),
                json!({"iss":"i","aud":"a","iat":NOW-60,"exp":NOW+3600}),
                CheckOutcome::Pass,
            ),
            (
                json!({"alg":"ES256"}),
                json!({"aud":["a","b"],"exp":NOW+600}),
                CheckOutcome::Pass,
            ),
            (
                json!({"alg":"none"}),
                json!({"exp":NOW+600}),
                CheckOutcome::Fail,
            ),
            (
                json!({"typ":"JWT"}),
                json!({"exp":NOW+600}),
                CheckOutcome::Fail,
            ),
            (
                json!({"alg":"HS256"}),
                json!({"iat":NOW,"exp":NOW+600}),
                CheckOutcome::Warn,
            ),
            (
                json!({"alg":"RS256"}),
                json!({"iat":NOW}),
                CheckOutcome::Warn,
            ),
            (
                json!({"alg":"RS256"}),
                json!({"iat":NOW,"exp":NOW+90000}),
                CheckOutcome::Warn,
            ),
            (
                json!({"alg":"RS256"}),
                json!({"exp":NOW+90000}),
                CheckOutcome::Warn,
            ),
        ];
        for (h, c, want) in cases {
            let jwt = decode(&token(h.clone(), c.clone())).unwrap();
            let s = summarise(&jwt, NOW);
            assert_eq!(verdict(&s).result, want, "{h} {c}");
        }
    }

    #[test]
    fn summary_fields() {
        let jwt = decode(&token(
            json!({"alg":"RS256","typ":"JWT"}),
            json!({"sub":"alice","iss":"https://idp","aud":"api","iat":NOW-100,"exp":NOW-10}),
        ))
        .unwrap();
        let s = summarise(&jwt, NOW);
        assert_eq!(s.lifetime_secs, Some(90));
        assert!(s.expired);
        assert_eq!(s.aud, vec!["api".to_string()]);
        assert!(!serde_json::to_string(&s).unwrap().contains("alice"));
    }

    #[test]
    fn not_jwts() {
        assert!(decode("opaque-token").is_err());
        assert!(decode("a.b.c").is_err());
        assert!(decode("e30.e30").is_err());
    }

    #[test]
    fn forged_tokens() {
        let t = token(json!({"alg":"RS256"}), json!({"sub":"alice","exp":NOW+60}));
        let jwt = decode(&t).unwrap();
        let none = alg_none(&jwt);
        assert!(none.ends_with('.'));
        let forged = decode(&format!("{none}x")).unwrap();
        assert_eq!(forged.header["alg"], "none");
        assert_eq!(forged.claims, jwt.claims);
        let exp = decode(&expired(&jwt, NOW)).unwrap();
        assert_eq!(exp.claims["exp"], NOW - 3600);
        assert_eq!(exp.claims["sub"], "alice");
        let s = decode(&expired_standalone(NOW)).unwrap();
        assert!(summarise(&s, NOW).expired);
    }
}
