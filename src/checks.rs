//! The registry of automated checks: every id a catalog control may cite and a
//! probe may emit. Rules are summarised here so that reports and the TUI can
//! say what a check means without reading the probe code.

/// One automated check known to apiassure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckDef {
    pub id: &'static str,
    pub title: &'static str,
    /// The rule in one line, with its source.
    pub rule: &'static str,
    /// Active checks send unusual traffic (bursts, forged tokens) and run only on opt-in.
    pub active: bool,
}

const fn def(id: &'static str, title: &'static str, rule: &'static str) -> CheckDef {
    CheckDef {
        id,
        title,
        rule,
        active: false,
    }
}

const fn active(id: &'static str, title: &'static str, rule: &'static str) -> CheckDef {
    CheckDef {
        id,
        title,
        rule,
        active: true,
    }
}

pub const CHECKS: &[CheckDef] = &[
    def("tls.protocols", "TLS protocol versions", "pass: only TLS 1.2/1.3; warn: TLS 1.0/1.1 offered; fail: SSLv2/SSLv3 offered or no TLS 1.2+ (SSL Labs rating guide)"),
    def("tls.ciphers", "TLS cipher suites", "pass: Mozilla intermediate suites only; warn: CBC or static RSA; fail: NULL, anon, EXPORT, DES, RC4, 3DES or < 112-bit (Mozilla Server Side TLS)"),
    def("tls.preference", "Server cipher preference", "info: whether the server enforces its own suite order (Mozilla: not required)"),
    def("tls.kex", "Key exchange groups", "pass: X25519, P-256, P-384, DH >= 2048; warn: DH 1024-2047; fail: DH < 1024"),
    def("tls.cert.chain", "Certificate chain and trust", "fail: untrusted, self-signed, expired, not yet valid or host name mismatch; warn: incomplete or misordered chain, expiry within 30 days"),
    def("tls.cert.key", "Certificate key and signature", "pass: ECDSA P-256/P-384 or RSA >= 2048 with SHA-2; warn: RSA < 2048; fail: < 1024 bits, MD5 or SHA-1 signature"),
    def("tls.cert.lifetime", "Certificate lifetime", "warn: lifetime over 398 days (CA/Browser Forum baseline)"),
    def("tls.ocsp_stapling", "OCSP stapling", "info: whether the server staples an OCSP response"),
    def("tls.fallback_scsv", "TLS_FALLBACK_SCSV", "warn: a version below TLS 1.2 is accepted and the server ignores the fallback signal (RFC 7507)"),
    def("tls.mozilla", "Mozilla TLS profile", "pass: meets the intermediate or modern profile; warn/fail: names every deviation (Mozilla Server Side TLS 5.7)"),
    def("tls.grade", "TLS grade", "SSL Labs-style letter: 0.3 protocol + 0.3 key exchange + 0.4 cipher, with caps (SSL Labs Server Rating Guide)"),
    def("http.redirect", "HTTP to HTTPS redirect", "pass: 301/308 to https on the same host, or port 80 closed; fail: API served in cleartext"),
    def("http.hsts", "Strict-Transport-Security", "pass: max-age >= 31536000; warn: 15552000 up to a year or no includeSubDomains; fail: missing or shorter (Mozilla, OWASP)"),
    def("http.content_type", "Content-Type", "fail: missing, or not matching the body (JSON labelled text/html)"),
    def("http.nosniff", "X-Content-Type-Options", "fail unless nosniff (OWASP Secure Headers)"),
    def("http.cache", "Cache-Control on authenticated data", "warn: authenticated response without no-store (OWASP REST Security Cheat Sheet)"),
    def("http.framing", "Framing protection", "warn: neither CSP frame-ancestors nor X-Frame-Options"),
    def("http.banner", "Version banners", "warn: Server, X-Powered-By or X-AspNet-Version reveal versions (OWASP Secure Headers)"),
    def("http.cookies", "Cookie attributes", "fail: session cookie without Secure or HttpOnly; warn: no SameSite"),
    def("cors.origin", "CORS origin policy", "fail: arbitrary or null origin reflected with credentials; warn: * on an authenticated endpoint"),
    def("auth.required", "Authentication required", "pass: 401 with a challenge (RFC 9110 15.5.2); warn: 401 without challenge or 403; fail: 2xx with data"),
    active("auth.invalid", "Invalid tokens rejected", "pass: 401 (error=\"invalid_token\", RFC 6750 3.1) for garbage, expired and alg=none tokens; fail: any accepted"),
    def("auth.cleartext", "Credentials over cleartext", "fail: Basic or Bearer challenge served over http://"),
    def("auth.query_token", "Tokens in query strings", "warn/fail: token accepted in ?access_token= or ?api_key= (leaks into logs)"),
    def("auth.jwt", "Operator token analysis", "fail: alg none; warn: HS256, no exp, lifetime over 24 h (RFC 8725)"),
    def("authz.matrix", "Authorization matrix", "fail: a role got access that must be denied (BOLA/BFLA, OWASP API1/API5)"),
    def("ratelimit.headers", "Rate limit headers", "pass: RateLimit/RateLimit-Policy, X-RateLimit-* or Retry-After present; info: absent"),
    active("ratelimit.burst", "Rate limit under burst", "pass: 429 with Retry-After within a bounded burst; warn: 429 without Retry-After; info: not observed"),
    def("http.methods", "HTTP methods", "warn: TRACE enabled"),
    active("http.errors", "Error handling", "fail: stack trace or framework debug page on a malformed body"),
    def("inventory.openapi", "OpenAPI inventory", "fail: operation without a security requirement; inventory of versions, deprecated operations, undeclared servers"),
];

/// Look up a check by id.
pub fn find(id: &str) -> Option<&'static CheckDef> {
    CHECKS.iter().find(|c| c.id == id)
}

pub fn is_known(id: &str) -> bool {
    find(id).is_some()
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
    fn ids_are_unique() {
        let mut ids: Vec<_> = CHECKS.iter().map(|c| c.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), CHECKS.len());
    }
}
