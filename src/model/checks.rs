//! The registry of automated checks: every id a catalog control may cite and a
//! probe may emit. Rules are summarised here so that reports and the TUI can
//! say what a check means without reading the probe code. Ids are typed
//! ([`CheckId`]) so a probe cannot emit a check the registry does not know.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Families of checks: a run can be restricted to one, and a target that
/// misses its deadline gets an `error` for every check of the families it ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Family {
    /// Protocols, cipher suites, key exchange, certificates.
    Tls,
    /// Headers, CORS, authentication, rate limits, inventory, authorization.
    Http,
    /// The inventory from access logs (`apiassure traffic`), never probed.
    #[value(skip)]
    Traffic,
}

/// One automated check known to apiassure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckDef {
    pub id: CheckId,
    pub family: Family,
    pub title: &'static str,
    /// The rule in one line, with its source.
    pub rule: &'static str,
    /// Active checks send unusual traffic (bursts, forged tokens) and run only on opt-in.
    pub active: bool,
}

macro_rules! registry {
    ($($variant:ident => $id:literal, $family:ident, $active:literal, $title:literal, $rule:literal;)*) => {
        /// A check id. Stored and shown as its dotted name (`tls.protocols`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum CheckId {
            $($variant,)*
        }

        impl CheckId {
            /// The dotted name, e.g. `tls.protocols`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(CheckId::$variant => $id,)*
                }
            }
        }

        /// Every check, in report order.
        pub const CHECKS: &[CheckDef] = &[
            $(CheckDef {
                id: CheckId::$variant,
                family: Family::$family,
                title: $title,
                rule: $rule,
                active: $active,
            },)*
        ];
    };
}

registry! {
    TlsProtocols => "tls.protocols", Tls, false, "TLS protocol versions",
        "pass: only TLS 1.2/1.3; warn: TLS 1.0/1.1 offered; fail: SSLv2/SSLv3 offered or no TLS 1.2+ (SSL Labs rating guide)";
    TlsCiphers => "tls.ciphers", Tls, false, "TLS cipher suites",
        "pass: Mozilla intermediate suites only; warn: CBC or static RSA; fail: NULL, anon, EXPORT, DES, RC4, 3DES or < 112-bit (Mozilla Server Side TLS)";
    TlsPreference => "tls.preference", Tls, false, "Server cipher preference",
        "info: whether the server enforces its own suite order, tested twice when a ChaCha20 suite leads (OpenSSL PrioritizeChaCha) (Mozilla: not required)";
    TlsKex => "tls.kex", Tls, false, "Key exchange groups",
        "pass: X25519, P-256, P-384, DH >= 2048; warn: DH 1024-2047; fail: DH < 1024; TLS <= 1.2 groups enumerated past an ECDSA certificate's curve (RFC 8422 5.1.1)";
    TlsCertChain => "tls.cert.chain", Tls, false, "Certificate chain and trust",
        "fail: untrusted, self-signed, expired, not yet valid, host name mismatch or incomplete chain (the missing issuer named); warn: misordered chain, expiry within 30 days; every certificate the server holds, the worst decides";
    TlsCertKey => "tls.cert.key", Tls, false, "Certificate key and signature",
        "pass: ECDSA P-256/P-384, Ed25519/Ed448, RSA or RSA-PSS >= 2048 with SHA-2; warn: RSA < 2048, DSA; fail: < 1024 bits, MD5 or SHA-1 signature; every certificate, the worst decides";
    TlsCertLifetime => "tls.cert.lifetime", Tls, false, "Certificate lifetime",
        "warn: lifetime over 398 days (CA/Browser Forum baseline)";
    TlsOcspStapling => "tls.ocsp_stapling", Tls, false, "OCSP stapling",
        "info: whether the server staples an OCSP response";
    TlsFallbackScsv => "tls.fallback_scsv", Tls, false, "TLS_FALLBACK_SCSV",
        "warn: a version below TLS 1.2 is accepted and the server ignores the fallback signal (RFC 7507)";
    TlsMozilla => "tls.mozilla", Tls, false, "Mozilla TLS profile",
        "pass: meets the intermediate or modern profile; warn/fail: names every deviation (Mozilla Server Side TLS 5.7)";
    TlsGrade => "tls.grade", Tls, false, "TLS grade",
        "SSL Labs-style letter: 0.3 protocol + 0.3 key exchange + 0.4 cipher, with caps (SSL Labs Server Rating Guide); the worst certificate's grade; no grade (error) when no certificate could be checked";
    AuthMtls => "auth.mtls", Tls, false, "Mutual TLS",
        "pass: the server refuses clients without a certificate (CertificateRequest, RFC 8446 4.3.2, RFC 5246 7.4.4); info: a certificate is optional or not requested, so authentication rests on OAuth 2.0 or API keys";
    HttpRedirect => "http.redirect", Http, false, "HTTP to HTTPS redirect",
        "pass: 301/308 to https on the same host, or port 80 closed; fail: API served in cleartext";
    HttpHsts => "http.hsts", Http, false, "Strict-Transport-Security",
        "pass: max-age >= 31536000; warn: 15552000 up to a year or no includeSubDomains; fail: missing, shorter, or invalid (repeated directive, bad max-age) and so ignored by browsers (RFC 6797 6.1; Mozilla, OWASP)";
    HttpContentType => "http.content_type", Http, false, "Content-Type",
        "fail: missing, or not matching the body (JSON labelled text/html)";
    HttpNosniff => "http.nosniff", Http, false, "X-Content-Type-Options",
        "fail unless nosniff (OWASP Secure Headers)";
    HttpCache => "http.cache", Http, false, "Cache-Control on authenticated data",
        "warn: authenticated response without no-store (OWASP REST Security Cheat Sheet)";
    HttpFraming => "http.framing", Http, false, "Framing protection",
        "warn: neither CSP frame-ancestors nor X-Frame-Options";
    HttpBanner => "http.banner", Http, false, "Version banners",
        "warn: Server, X-Powered-By or X-AspNet-Version reveal versions (OWASP Secure Headers)";
    HttpCookies => "http.cookies", Http, false, "Cookie attributes",
        "fail: session cookie without Secure or HttpOnly; warn: no SameSite; anti-CSRF token cookies need no HttpOnly (OWASP CSRF Prevention)";
    CorsOrigin => "cors.origin", Http, false, "CORS origin policy",
        "fail: a foreign, null, suffix-, prefix- or look-alike-matched origin allowed with credentials; warn: any subdomain or the http:// origin allowed with credentials, or * / a reflected origin on an authenticated endpoint (OWASP WSTG-CLNT-07)";
    AuthRequired => "auth.required", Http, false, "Authentication required",
        "pass: 401 with a challenge (RFC 9110 15.5.2); warn: 401 without challenge, 403, or an interactive sign-in page or redirect to one; fail: 2xx with data";
    AuthInvalid => "auth.invalid", Http, true, "Invalid tokens rejected",
        "pass: 401 (error=\"invalid_token\", RFC 6750 3.1) for garbage, expired and alg=none tokens; fail: any accepted";
    AuthCleartext => "auth.cleartext", Http, false, "Credentials over cleartext",
        "fail: Basic or Bearer challenge served over http://";
    AuthQueryToken => "auth.query_token", Http, false, "Tokens in query strings",
        "warn/fail: token accepted in ?access_token= or ?api_key= (leaks into logs)";
    AuthJwt => "auth.jwt", Http, false, "Operator token analysis",
        "fail: alg none; warn: HS256, no exp, lifetime over 24 h (RFC 8725)";
    AuthzMatrix => "authz.matrix", Http, false, "Authorization matrix",
        "fail: a role got access that must be denied (BOLA/BFLA, OWASP API1/API5)";
    RatelimitHeaders => "ratelimit.headers", Http, false, "Rate limit headers",
        "pass: RateLimit/RateLimit-Policy, X-RateLimit-* or Retry-After present; info: absent";
    RatelimitBurst => "ratelimit.burst", Http, true, "Rate limit under burst",
        "pass: 429 with Retry-After within a bounded burst; warn: 429 without Retry-After; info: not observed";
    HttpMethods => "http.methods", Http, false, "HTTP methods",
        "warn: TRACE enabled";
    HttpErrors => "http.errors", Http, true, "Error handling",
        "fail: stack trace or framework debug page on a malformed body";
    ExposureFiles => "exposure.files", Http, false, "Exposed source and secret files",
        "fail: version-control metadata (/.git/config), environment or credential files (/.env, /.aws/credentials) served, recognised by their content; found keys named, never their values";
    ExposureInternals => "exposure.internals", Http, false, "Exposed framework internals",
        "fail: Spring actuator env or heapdump, Go pprof or expvar, phpinfo served to anyone; warn: actuator index, server-status, Prometheus metrics (OWASP API8:2023)";
    ExposureDocs => "exposure.docs", Http, false, "API descriptions and consoles",
        "warn: an interactive console (Swagger UI, ReDoc, GraphiQL, Playground) served to anyone; info: an OpenAPI description served at a well-known path (OWASP API9:2023)";
    ExposureGraphql => "exposure.graphql", Http, true, "GraphQL introspection",
        "warn: the schema answers an introspection query without credentials (OWASP API8:2023)";
    HttpSecurityTxt => "http.security_txt", Http, false, "Vulnerability disclosure contact",
        "pass: /.well-known/security.txt with Contact and a future Expires (RFC 9116); warn: present but without Contact or Expires, or expired; info: absent";
    InventoryOpenapi => "inventory.openapi", Http, false, "OpenAPI inventory",
        "fail: operation without a security requirement; inventory of versions, deprecated operations, undeclared servers";
    InventoryShadow => "inventory.shadow", Traffic, false, "Shadow endpoints in traffic",
        "fail: an endpoint the OpenAPI document does not describe answered 2xx in the access logs; warn: answered otherwise (401/403, 3xx, 5xx); 404/405/410 is no endpoint (OWASP API9:2023)";
    InventoryZombie => "inventory.zombie", Traffic, false, "Deprecated operations in use",
        "fail: a deprecated operation still answers after its x-sunset date; warn: deprecated operations still answer (RFC 8594, OWASP API9:2023)";
    InventoryVersions => "inventory.versions", Traffic, false, "Undocumented API versions",
        "fail: a version the document does not describe (/v1 beside a documented /v2) answered 2xx; warn: answered otherwise (OWASP API9:2023)";
    InventoryUnused => "inventory.unused", Traffic, false, "Documented operations not called",
        "info: documented operations no request reached in the logs (retirement candidates)";
    InventoryMonitoring => "inventory.monitoring", Traffic, false, "Monitoring evidence in traffic",
        "pass: the logs show authentication failures (401/403) and rate limiting (429); info: either not observed; status-class shares per endpoint";
    OpenapiAuth => "openapi.auth", Http, false, "OpenAPI: authentication design",
        "fail: an operation without security, an undefined scheme, implicit or password flow; warn: optional auth, Basic, API key in query or cookie, no 401/403 (OWASP API2:2023, RFC 9700)";
    OpenapiTransport => "openapi.transport", Http, false, "OpenAPI: transport",
        "fail: a server URL or {scheme} variable allowing http:// off loopback (OWASP API8:2023)";
    OpenapiAuthz => "openapi.authz", Http, false, "OpenAPI: authorization design",
        "warn: sequential numeric ids in paths, admin paths secured like ordinary ones (OWASP API1:2023, API5:2023)";
    OpenapiData => "openapi.data", Http, false, "OpenAPI: data exposure",
        "fail: a password, secret, token, card number or national id in a response; warn: request bodies open to extra properties (OWASP API3:2023)";
    OpenapiResources => "openapi.resources", Http, false, "OpenAPI: resource limits",
        "warn: strings, arrays, maps, numbers or page sizes without bounds, no 429 or rate-limit headers (OWASP API4:2023)";
    OpenapiErrors => "openapi.errors", Http, false, "OpenAPI: error responses",
        "warn: 4xx/5xx responses without a schema (OWASP API8:2023, RFC 9457)";
    OpenapiVersioning => "openapi.versioning", Http, false, "OpenAPI: versioning and retirement",
        "warn: no or inconsistent version in servers or paths, deprecated operations without a sunset (OWASP API9:2023, RFC 8594)";
    OauthMetadata => "oauth.metadata", Http, false, "OAuth 2.0 / OIDC metadata",
        "fail: issuer mismatch, http:// endpoints, implicit or password grant, no PKCE S256, `none` token endpoint auth; warn: only plain PKCE, long token lifetimes (RFC 8414, RFC 9700, OIDC Discovery)";
    OauthJwks => "oauth.jwks", Http, false, "OAuth 2.0 signing keys",
        "fail: symmetric or `none` keys or algorithms, RSA under 2048 bits, unknown curves; warn: keys without kid or use (RFC 7517, RFC 7518, RFC 8725)";
}

impl CheckId {
    /// Checks whose `fail` is critical on its own, whatever the scores: data
    /// served without credentials, an authorization matrix breach,
    /// credentialed CORS reads from foreign origins, SSLv2/SSLv3 offered (or
    /// no TLS 1.2+), TLS grade F. A current critical failure caps the band
    /// of every framework mapping a control that cites it at "major gaps".
    pub const fn is_critical(self) -> bool {
        matches!(
            self,
            CheckId::AuthRequired
                | CheckId::AuthzMatrix
                | CheckId::CorsOrigin
                | CheckId::TlsProtocols
                | CheckId::TlsGrade
        )
    }

    /// The id a dotted name stands for, if any check has it.
    pub fn parse(name: &str) -> Option<CheckId> {
        CHECKS.iter().map(|c| c.id).find(|id| id.as_str() == name)
    }

    /// The check's registry entry.
    pub fn def(self) -> &'static CheckDef {
        CHECKS
            .iter()
            .find(|c| c.id == self)
            .expect("every CheckId has a registry entry")
    }

    pub fn family(self) -> Family {
        self.def().family
    }

    /// Position in report order.
    pub fn rank(self) -> usize {
        CHECKS
            .iter()
            .position(|c| c.id == self)
            .unwrap_or(usize::MAX)
    }

    /// Checks that judge a document the target declares (its OpenAPI
    /// document, its OAuth issuer): expected only of targets that declare
    /// one, or that produced a conclusive result.
    pub fn needs_declaration(self) -> bool {
        let s = self.as_str();
        s.starts_with("openapi.") || s.starts_with("oauth.")
    }

    /// The checks `apiassure traffic` gives, in report order.
    pub fn traffic() -> impl Iterator<Item = CheckId> {
        CheckId::of_family(Family::Traffic)
    }

    /// Every check of a family, in report order.
    pub fn of_family(family: Family) -> impl Iterator<Item = CheckId> {
        CHECKS
            .iter()
            .filter(move |c| c.family == family)
            .map(|c| c.id)
    }
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl AsRef<str> for CheckId {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for CheckId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for CheckId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for CheckId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CheckId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        CheckId::parse(&name).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown check id '{name}' (written by a newer apiassure?)"
            ))
        })
    }
}

/// Look up a check by its dotted name.
pub fn find(id: &str) -> Option<&'static CheckDef> {
    CheckId::parse(id).map(CheckId::def)
}

pub fn is_known(id: &str) -> bool {
    CheckId::parse(id).is_some()
}

/// OWASP API Security Top 10 2023 ids and titles.
pub const OWASP_API_2023: &[(&str, &str)] = &[
    ("API1:2023", "Broken Object Level Authorization"),
    ("API2:2023", "Broken Authentication"),
    ("API3:2023", "Broken Object Property Level Authorization"),
    ("API4:2023", "Unrestricted Resource Consumption"),
    ("API5:2023", "Broken Function Level Authorization"),
    (
        "API6:2023",
        "Unrestricted Access to Sensitive Business Flows",
    ),
    ("API7:2023", "Server Side Request Forgery"),
    ("API8:2023", "Security Misconfiguration"),
    ("API9:2023", "Improper Inventory Management"),
    ("API10:2023", "Unsafe Consumption of APIs"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_round_trip() {
        let mut names: Vec<_> = CHECKS.iter().map(|c| c.id.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), CHECKS.len());
        for c in CHECKS {
            assert_eq!(CheckId::parse(c.id.as_str()), Some(c.id));
            assert_eq!(c.id.def(), c);
            let json = serde_json::to_string(&c.id).unwrap();
            assert_eq!(serde_json::from_str::<CheckId>(&json).unwrap(), c.id);
        }
        assert!(serde_json::from_str::<CheckId>("\"tls.nope\"").is_err());
    }

    #[test]
    fn families_follow_the_id_prefix() {
        for c in CHECKS {
            // auth.mtls is authentication evidence that only a handshake shows.
            assert_eq!(
                c.family == Family::Tls,
                c.id.as_str().starts_with("tls.") || c.id == CheckId::AuthMtls,
                "{}",
                c.id
            );
            if c.family == Family::Traffic {
                assert!(c.id.as_str().starts_with("inventory."), "{}", c.id);
            }
        }
    }
}
