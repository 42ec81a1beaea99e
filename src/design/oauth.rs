//! OAuth 2.0 authorization server metadata (RFC 8414) and OpenID Connect
//! Discovery, and the JSON Web Key Set they point at: pure verdicts on the
//! documents the probe fetched from declared origins.

use serde_json::Value;

use crate::model::checks::CheckId;
use crate::model::{CheckOutcome, CheckResult};

/// Endpoint fields of the metadata that must be https.
const ENDPOINTS: &[&str] = &[
    "authorization_endpoint",
    "token_endpoint",
    "jwks_uri",
    "userinfo_endpoint",
    "registration_endpoint",
    "revocation_endpoint",
    "introspection_endpoint",
    "end_session_endpoint",
    "device_authorization_endpoint",
    "pushed_authorization_request_endpoint",
    "backchannel_authentication_endpoint",
];

/// Longest access token lifetime advertised without a warning (one hour is
/// the common default; RFC 9700 4.10 asks for short-lived tokens).
const MAX_TOKEN_SECONDS: i64 = 3600;

fn strings<'a>(v: &'a Value, key: &str) -> Option<Vec<&'a str>> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
}

/// `http://` to the loopback interface crosses no network.
fn is_loopback_https_exempt(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.strip_prefix("http://").is_some_and(|rest| {
        super::lint::is_loopback(rest.split(['/', ':', '?']).next().unwrap_or(""))
    })
}

/// The metadata's verdict. `expected_issuer`: the issuer the metadata was
/// looked up for (RFC 8414 3.3: the `issuer` value must be identical).
pub fn metadata_verdict(expected_issuer: &str, source: &str, meta: &Value) -> CheckResult {
    let id = CheckId::OauthMetadata;
    let mut fails: Vec<String> = Vec::new();
    let mut warns: Vec<String> = Vec::new();
    let mut details = vec![format!("metadata: {source}")];
    match meta.get("issuer").and_then(Value::as_str) {
        Some(iss) if iss == expected_issuer => details.push(format!("issuer: {iss}")),
        Some(iss) => fails.push(format!(
            "issuer {iss:?} is not the issuer it was looked up for ({expected_issuer:?}; RFC 8414 3.3)"
        )),
        None => fails.push("no issuer field (RFC 8414 2)".into()),
    }
    for key in ENDPOINTS {
        if let Some(url) = meta.get(*key).and_then(Value::as_str) {
            details.push(format!("{key}: {url}"));
            if !url.to_ascii_lowercase().starts_with("https://") && !is_loopback_https_exempt(url) {
                fails.push(format!("endpoint {key} is not https: {url}"));
            }
        }
    }
    let grants = strings(meta, "grant_types_supported");
    if let Some(g) = &grants {
        details.push(format!("grant_types_supported: {}", g.join(", ")));
        for legacy in ["implicit", "password"] {
            if g.iter().any(|x| x.eq_ignore_ascii_case(legacy)) {
                fails.push(format!(
                    "the {legacy} grant is advertised (RFC 9700 2.1.2, 2.4: must not be used)"
                ));
            }
        }
    }
    if let Some(rt) = strings(meta, "response_types_supported") {
        details.push(format!("response_types_supported: {}", rt.join(", ")));
        let implicit: Vec<&&str> = rt
            .iter()
            .filter(|t| t.split_whitespace().any(|p| p == "token"))
            .collect();
        if !implicit.is_empty() {
            fails.push(format!(
                "response types issuing tokens from the authorization endpoint (implicit): {}",
                implicit
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    let code_flow = meta.get("authorization_endpoint").is_some()
        || grants
            .as_ref()
            .is_some_and(|g| g.contains(&"authorization_code"));
    let pkce = strings(meta, "code_challenge_methods_supported");
    match (&pkce, code_flow) {
        (Some(m), _) if m.contains(&"S256") => details.push(format!(
            "code_challenge_methods_supported: {}",
            m.join(", ")
        )),
        (Some(m), true) => fails.push(format!(
            "PKCE S256 is not supported (only {}; RFC 7636 4.2, RFC 9700 2.1.1)",
            if m.is_empty() {
                "none".to_string()
            } else {
                m.join(", ")
            }
        )),
        (None, true) => warns.push(
            "PKCE support is not advertised (code_challenge_methods_supported; RFC 8414 2)".into(),
        ),
        _ => {}
    }
    if let Some(m) = strings(meta, "token_endpoint_auth_methods_supported") {
        details.push(format!(
            "token_endpoint_auth_methods_supported: {}",
            m.join(", ")
        ));
        if m.iter().all(|x| *x == "none") && !m.is_empty() {
            fails.push(
                "the token endpoint authenticates no client (only `none`): confidential clients cannot prove who they are".into(),
            );
        } else if m.contains(&"none") && !pkce.as_ref().is_some_and(|p| p.contains(&"S256")) {
            fails.push("`none` client authentication without PKCE S256 (RFC 9700 2.1.1)".into());
        }
    }
    if let Value::Object(o) = meta {
        for (k, v) in o {
            let key = k.to_ascii_lowercase();
            let about_access = key.contains("access_token") || key.starts_with("token_");
            let about_time =
                key.contains("lifetime") || key.contains("ttl") || key.contains("expires");
            if about_access && about_time {
                if let Some(secs) = v.as_i64() {
                    details.push(format!("{k}: {secs} s"));
                    if secs > MAX_TOKEN_SECONDS {
                        warns.push(format!(
                            "access tokens live {secs} s, over {MAX_TOKEN_SECONDS} s (RFC 9700 4.10: short-lived)"
                        ));
                    }
                }
            }
        }
    }
    verdict(id, fails, warns, details, "Authorization server metadata follows RFC 8414 and RFC 9700: https endpoints, no implicit or password grant, PKCE S256.")
}

fn verdict(
    id: CheckId,
    fails: Vec<String>,
    warns: Vec<String>,
    details: Vec<String>,
    ok: &str,
) -> CheckResult {
    let outcome = if !fails.is_empty() {
        CheckOutcome::Fail
    } else if !warns.is_empty() {
        CheckOutcome::Warn
    } else {
        CheckOutcome::Pass
    };
    let summary = if fails.is_empty() && warns.is_empty() {
        format!("{ok} (OWASP API2:2023)")
    } else {
        let mut all = fails;
        all.extend(warns);
        let mut s = all.join("; ");
        if let Some(first) = s.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        format!("{s} (OWASP API2:2023).")
    };
    CheckResult::new(id, outcome, summary).with_details(details)
}

/// Significant bits of a base64url big-endian integer.
fn bits(b64: &str) -> Option<usize> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(b64.trim_end_matches('='))
        .ok()?;
    let first = bytes.iter().position(|b| *b != 0)?;
    Some((bytes.len() - first) * 8 - bytes[first].leading_zeros() as usize)
}

/// The key set's verdict, with the signing algorithms the metadata
/// advertises for ID tokens.
pub fn jwks_verdict(source: &str, jwks: &Value, meta: Option<&Value>) -> CheckResult {
    let id = CheckId::OauthJwks;
    let mut fails: Vec<String> = Vec::new();
    let mut warns: Vec<String> = Vec::new();
    let mut details = vec![format!("jwks: {source}")];
    let keys = jwks.get("keys").and_then(Value::as_array);
    match keys {
        None => fails.push("no `keys` array (RFC 7517 5)".into()),
        Some(k) if k.is_empty() => fails.push("the key set is empty".into()),
        Some(keys) => {
            for (i, k) in keys.iter().enumerate() {
                let kid = k
                    .get("kid")
                    .and_then(Value::as_str)
                    .map_or_else(|| format!("key {i}"), |s| format!("kid {s}"));
                let kty = k.get("kty").and_then(Value::as_str).unwrap_or("");
                let alg = k.get("alg").and_then(Value::as_str).unwrap_or("");
                let mut line = format!("{kid}: kty {kty}");
                if !alg.is_empty() {
                    line.push_str(&format!(", alg {alg}"));
                }
                if ["d", "p", "q", "dp", "dq", "qi", "k"]
                    .iter()
                    .any(|f| k.get(*f).is_some())
                    && kty != "oct"
                {
                    fails.push(format!("{kid} publishes private key material (RFC 7517 4)"));
                }
                match kty {
                    "oct" => {
                        fails.push(format!("{kid} is a symmetric key published in the key set"))
                    }
                    "RSA" => match k.get("n").and_then(Value::as_str).and_then(bits) {
                        Some(n) => {
                            line.push_str(&format!(", {n} bits"));
                            if n < 2048 {
                                fails.push(format!(
                                    "{kid} is RSA {n} bits, under 2048 (RFC 7518 3.3)"
                                ));
                            }
                        }
                        None => fails.push(format!("{kid}: RSA key without a readable modulus")),
                    },
                    "EC" => {
                        let crv = k.get("crv").and_then(Value::as_str).unwrap_or("");
                        line.push_str(&format!(", crv {crv}"));
                        if !["P-256", "P-384", "P-521"].contains(&crv) {
                            fails.push(format!("{kid} uses curve {crv:?}, not P-256, P-384 or P-521 (RFC 7518 6.2.1.1)"));
                        }
                    }
                    "OKP" => {
                        let crv = k.get("crv").and_then(Value::as_str).unwrap_or("");
                        line.push_str(&format!(", crv {crv}"));
                        if !["Ed25519", "Ed448", "X25519", "X448"].contains(&crv) {
                            fails.push(format!("{kid} uses curve {crv:?} (RFC 8037)"));
                        }
                    }
                    other => fails.push(format!("{kid} has an unknown key type {other:?}")),
                }
                if alg.eq_ignore_ascii_case("none") || alg.to_ascii_uppercase().starts_with("HS") {
                    fails.push(format!(
                        "{kid} is for {alg}, a symmetric or unsigned algorithm"
                    ));
                }
                if k.get("kid").is_none() && keys.len() > 1 {
                    warns.push(format!(
                        "key {i} has no kid: clients cannot pick it during rotation"
                    ));
                }
                details.push(line);
            }
        }
    }
    if let Some(algs) = meta.and_then(|m| strings(m, "id_token_signing_alg_values_supported")) {
        details.push(format!(
            "id_token_signing_alg_values_supported: {}",
            algs.join(", ")
        ));
        let weak: Vec<&&str> = algs
            .iter()
            .filter(|a| a.eq_ignore_ascii_case("none") || a.to_ascii_uppercase().starts_with("HS"))
            .collect();
        if !weak.is_empty() {
            fails.push(format!(
                "ID tokens may be signed with {} (RFC 8725 3.1, 3.2)",
                weak.iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    verdict(id, fails, warns, details, "Signing keys are asymmetric and strong (RSA >= 2048, P-256/P-384/P-521, Ed25519), with no private parts.")
}

/// Where the metadata of `issuer` may be: OpenID Connect Discovery appends
/// `/.well-known/openid-configuration`; RFC 8414 3.1 inserts
/// `/.well-known/oauth-authorization-server` before the issuer's path.
pub fn metadata_urls(issuer: &str) -> Vec<String> {
    let trimmed = issuer.trim_end_matches('/');
    let mut out = vec![format!("{trimmed}/.well-known/openid-configuration")];
    if let Some((scheme, rest)) = trimmed.split_once("://") {
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        out.push(format!(
            "{scheme}://{host}/.well-known/oauth-authorization-server{path}"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn good() -> Value {
        json!({
            "issuer": "https://id.example.com",
            "authorization_endpoint": "https://id.example.com/authorize",
            "token_endpoint": "https://id.example.com/token",
            "jwks_uri": "https://id.example.com/jwks",
            "grant_types_supported": ["authorization_code", "client_credentials", "refresh_token"],
            "response_types_supported": ["code"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["private_key_jwt", "client_secret_basic"],
            "id_token_signing_alg_values_supported": ["RS256", "ES256"]
        })
    }

    #[test]
    fn good_metadata_passes_and_each_problem_fails() {
        let r = metadata_verdict("https://id.example.com", "m", &good());
        assert_eq!(r.result, CheckOutcome::Pass, "{}", r.summary);
        let bad = |f: &dyn Fn(&mut Value)| {
            let mut m = good();
            f(&mut m);
            metadata_verdict("https://id.example.com", "m", &m)
        };
        type Edit = Box<dyn Fn(&mut Value)>;
        let cases: Vec<(Edit, CheckOutcome, &str)> = vec![
            (
                Box::new(|m| m["issuer"] = json!("https://evil.example")),
                CheckOutcome::Fail,
                "not the issuer",
            ),
            (
                Box::new(|m| m["token_endpoint"] = json!("http://id.example.com/token")),
                CheckOutcome::Fail,
                "token_endpoint is not https",
            ),
            (
                Box::new(|m| {
                    m["grant_types_supported"] = json!(["authorization_code", "password"])
                }),
                CheckOutcome::Fail,
                "password grant",
            ),
            (
                Box::new(|m| m["response_types_supported"] = json!(["code", "id_token token"])),
                CheckOutcome::Fail,
                "implicit",
            ),
            (
                Box::new(|m| m["code_challenge_methods_supported"] = json!(["plain"])),
                CheckOutcome::Fail,
                "S256 is not supported",
            ),
            (
                Box::new(|m| {
                    m.as_object_mut()
                        .unwrap()
                        .remove("code_challenge_methods_supported");
                }),
                CheckOutcome::Warn,
                "not advertised",
            ),
            (
                Box::new(|m| m["token_endpoint_auth_methods_supported"] = json!(["none"])),
                CheckOutcome::Fail,
                "only `none`",
            ),
            (
                Box::new(|m| m["access_token_lifetime"] = json!(86400)),
                CheckOutcome::Warn,
                "86400 s",
            ),
        ];
        for (f, outcome, needle) in cases {
            let r = bad(&*f);
            assert_eq!(r.result, outcome, "{}", r.summary);
            assert!(r.summary.contains(needle), "{needle}: {}", r.summary);
        }
        // Public clients with PKCE may use `none` beside other methods.
        let r = bad(&|m| {
            m["token_endpoint_auth_methods_supported"] = json!(["none", "private_key_jwt"])
        });
        assert_eq!(r.result, CheckOutcome::Pass, "{}", r.summary);
    }

    #[test]
    fn keys_are_judged_by_type_size_and_curve() {
        use base64::Engine as _;
        let n = |bits: usize| {
            let mut v = vec![0xffu8; bits / 8];
            v[0] = 0x80 | 0x01;
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v)
        };
        let ok = json!({"keys": [
            {"kty": "RSA", "kid": "r1", "alg": "RS256", "n": n(2048), "e": "AQAB"},
            {"kty": "EC", "kid": "e1", "crv": "P-256", "x": "a", "y": "b"},
            {"kty": "OKP", "kid": "o1", "crv": "Ed25519", "x": "a"}
        ]});
        let r = jwks_verdict("j", &ok, Some(&good()));
        assert_eq!(r.result, CheckOutcome::Pass, "{}", r.summary);
        assert!(
            r.details.iter().any(|d| d.contains("2048 bits")),
            "{:?}",
            r.details
        );
        for (keys, needle) in [
            (
                json!([{"kty": "RSA", "kid": "w", "n": n(1024), "e": "AQAB"}]),
                "under 2048",
            ),
            (
                json!([{"kty": "oct", "kid": "s", "k": "c2VjcmV0"}]),
                "symmetric key",
            ),
            (
                json!([{"kty": "EC", "kid": "k", "crv": "secp256k1"}]),
                "secp256k1",
            ),
            (
                json!([{"kty": "RSA", "kid": "p", "n": n(2048), "e": "AQAB", "d": "x"}]),
                "private key material",
            ),
            (
                json!([{"kty": "EC", "kid": "h", "crv": "P-256", "alg": "HS256"}]),
                "symmetric or unsigned",
            ),
        ] {
            let r = jwks_verdict("j", &json!({"keys": keys}), None);
            assert_eq!(r.result, CheckOutcome::Fail, "{needle}");
            assert!(r.summary.contains(needle), "{needle}: {}", r.summary);
        }
        let mut meta = good();
        meta["id_token_signing_alg_values_supported"] = json!(["RS256", "none"]);
        let r = jwks_verdict("j", &ok, Some(&meta));
        assert_eq!(r.result, CheckOutcome::Fail);
    }

    #[test]
    fn metadata_locations() {
        assert_eq!(
            metadata_urls("https://id.example.com/tenant1"),
            [
                "https://id.example.com/tenant1/.well-known/openid-configuration",
                "https://id.example.com/.well-known/oauth-authorization-server/tenant1"
            ]
        );
        assert_eq!(
            metadata_urls("https://id.example.com/")[1],
            "https://id.example.com/.well-known/oauth-authorization-server"
        );
    }
}
