//! The OpenAPI rules: id, severity, the OWASP API Security Top 10 2023 item,
//! the check whose result they feed (and so the catalog controls they are
//! evidence for), and why, with a source. README's rule table is this list.

use crate::model::checks::CheckId;

/// How serious a finding is (SARIF `level`: error, warning, note).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }

    /// SARIF `properties.security-severity` (a CVSS-like 0-10 score that
    /// code-scanning dashboards sort by).
    pub fn security_severity(self) -> &'static str {
        match self {
            Severity::Error => "8.0",
            Severity::Warning => "5.0",
            Severity::Note => "2.0",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub owasp: &'static str,
    /// The check this rule's findings are summarised in.
    pub check: CheckId,
    pub title: &'static str,
    /// Why it matters and what to do, with the source.
    pub rationale: &'static str,
}

macro_rules! rules {
    ($($name:ident = $id:literal, $sev:ident, $owasp:literal, $check:ident, $title:literal, $why:literal;)*) => {
        $(pub const $name: &Rule = &Rule {
            id: $id,
            severity: Severity::$sev,
            owasp: $owasp,
            check: CheckId::$check,
            title: $title,
            rationale: $why,
        };)*
        /// Every rule, in report order.
        pub const RULES: &[&Rule] = &[$($name,)*];
    };
}

rules! {
    SECURITY_MISSING = "openapi.security.missing", Error, "API2:2023", OpenapiAuth,
        "Operation without a security requirement",
        "Anyone may call it: no global or operation `security`, or `security: []` removing the global one (OpenAPI 3.1 4.8.10). Declare the scheme, or document why it is public. OWASP API2:2023.";
    SECURITY_OPTIONAL = "openapi.security.optional", Warning, "API2:2023", OpenapiAuth,
        "Authentication is optional",
        "An empty requirement `{}` among the alternatives lets callers skip authentication (OpenAPI 3.1 4.8.30). OWASP API2:2023.";
    SECURITY_UNDEFINED = "openapi.security.undefined-scheme", Error, "API2:2023", OpenapiAuth,
        "Security requirement names no declared scheme",
        "A requirement must name a scheme in `components.securitySchemes` (OpenAPI 3.1 4.8.30); tools and gateways cannot enforce an undefined one.";
    AUTH_BASIC = "openapi.auth.basic", Warning, "API2:2023", OpenapiAuth,
        "HTTP Basic authentication",
        "Basic sends a reusable password with every request and has no expiry or scope (RFC 7617 4); prefer OAuth 2.0 tokens or mutual TLS. OWASP API2:2023.";
    AUTH_APIKEY_LOCATION = "openapi.auth.apikey-location", Warning, "API2:2023", OpenapiAuth,
        "API key in a query string or cookie",
        "Query strings land in logs, proxies and browser history; cookies are sent automatically (CSRF). Send keys in a header (OWASP REST Security Cheat Sheet). OWASP API2:2023.";
    PARAMS_CREDENTIAL_QUERY = "openapi.params.credential-in-query", Error, "API2:2023", OpenapiAuth,
        "Credential in a query parameter",
        "A key, token, password or client secret passed as a query parameter (and not declared as a security scheme) lands in server and proxy logs, browser history and Referer headers (RFC 6750 2.3, RFC 9700 4.3.2); send it in a header and declare the scheme. OWASP API2:2023.";
    OAUTH_LEGACY_FLOW = "openapi.oauth.legacy-flow", Error, "API2:2023", OpenapiAuth,
        "OAuth 2.0 implicit or password flow",
        "The implicit and resource owner password grants must not be used (OAuth 2.0 Security Best Current Practice, RFC 9700 2.1.2 and 2.4); use authorization code with PKCE, or client credentials. OWASP API2:2023.";
    AUTH_ERRORS = "openapi.responses.auth-errors", Warning, "API2:2023", OpenapiAuth,
        "Secured operation without 401 or 403",
        "A secured operation should declare 401 (no or bad credentials, RFC 9110 15.5.2) and, where scopes are required, 403, so clients and tests expect denials. OWASP API2:2023.";
    OAUTH_HTTP_URL = "openapi.oauth.http-url", Error, "API2:2023", OpenapiTransport,
        "OAuth or OpenID Connect URL over cleartext HTTP",
        "Authorization, token, refresh or discovery URLs on http:// expose credentials and tokens in transit (RFC 6749 3.1, 3.2 require TLS). OWASP API2:2023.";
    SERVERS_HTTP = "openapi.servers.http", Error, "API8:2023", OpenapiTransport,
        "Server reachable over cleartext HTTP",
        "A server URL (or a `{scheme}` variable allowing it) uses http:// off the loopback interface: tokens and data cross the network unencrypted. OWASP API8:2023.";
    PARAMS_NUMERIC_ID = "openapi.params.numeric-id", Warning, "API1:2023", OpenapiAuthz,
        "Sequential numeric identifier in a path",
        "Integer or digits-only ids are guessable, so object-level authorization is the only barrier; prefer UUIDs and check ownership on every access (OWASP API1:2023 prevention).";
    ADMIN_SAME_SECURITY = "openapi.security.admin-same", Warning, "API5:2023", OpenapiAuthz,
        "Admin operation secured like ordinary ones",
        "Admin, internal or management paths that need only what ordinary operations need invite broken function-level authorization: require a distinct scope or scheme (OWASP API5:2023).";
    SCHEMA_MASS_ASSIGNMENT = "openapi.schema.mass-assignment", Warning, "API3:2023", OpenapiData,
        "Request body accepts undeclared properties",
        "An object with `properties` but without `additionalProperties: false` (or `unevaluatedProperties: false`) lets clients send fields the server may bind, such as role or price (OWASP API3:2023, mass assignment).";
    SCHEMA_SENSITIVE_RESPONSE = "openapi.schema.sensitive-response", Error, "API3:2023", OpenapiData,
        "Sensitive property in a response",
        "A response exposes a password, secret, token, card number or national id that is not `writeOnly`; return only what the client needs (OWASP API3:2023, excessive data exposure). Operations that issue a credential may return it.";
    SCHEMA_UNBOUNDED_STRING = "openapi.schema.unbounded-string", Warning, "API4:2023", OpenapiResources,
        "String input without maxLength",
        "Unbounded strings let one request consume memory and storage; bound them with `maxLength`, an enum, a bounded format or an anchored fixed-length pattern (OWASP API4:2023).";
    SCHEMA_UNBOUNDED_ARRAY = "openapi.schema.unbounded-array", Warning, "API4:2023", OpenapiResources,
        "Array without maxItems",
        "Unbounded arrays in requests, or in responses without bounded pagination, let one call do unbounded work (OWASP API4:2023).";
    SCHEMA_UNBOUNDED_MAP = "openapi.schema.unbounded-map", Warning, "API4:2023", OpenapiResources,
        "Map without maxProperties",
        "A free-form map (`additionalProperties` schema) in a request should bound its size with `maxProperties` (OWASP API4:2023).";
    SCHEMA_UNBOUNDED_NUMBER = "openapi.schema.unbounded-number", Warning, "API4:2023", OpenapiResources,
        "Number input without a maximum",
        "Unbounded numbers (quantities, sizes, durations) let a client request unbounded work; set `maximum` (OWASP API4:2023).";
    PARAMS_UNBOUNDED_PAGINATION = "openapi.params.unbounded-pagination", Warning, "API4:2023", OpenapiResources,
        "Page size without a maximum",
        "A limit, page size or similar parameter without `maximum` lets one request return every record (OWASP API4:2023).";
    RATE_LIMIT = "openapi.responses.rate-limit", Warning, "API4:2023", OpenapiResources,
        "No 429 response or rate-limit headers",
        "Declare 429 Too Many Requests (RFC 6585 4) or RateLimit / Retry-After headers so clients back off and tests can verify limits (OWASP API4:2023).";
    ERROR_SCHEMA = "openapi.responses.error-schema", Warning, "API8:2023", OpenapiErrors,
        "Error response without a schema",
        "Errors without a declared body invite ad-hoc payloads such as stack traces; declare a schema, for example RFC 9457 problem details (OWASP API8:2023).";
    SERVERS_UNVERSIONED = "openapi.servers.unversioned", Warning, "API9:2023", OpenapiVersioning,
        "No version in the server URLs or paths",
        "Without a version in the URL, old and new APIs cannot run side by side and retired versions are hard to find (OWASP API9:2023).";
    SERVERS_INCONSISTENT = "openapi.servers.inconsistent-version", Warning, "API9:2023", OpenapiVersioning,
        "Servers or paths disagree on the version",
        "Servers (or path prefixes) carrying different versions in one document blur which API version is documented (OWASP API9:2023).";
    REFS_NOT_FOLLOWED = "openapi.refs.not-followed", Warning, "API9:2023", OpenapiVersioning,
        "Reference not followed: the review is partial",
        "A `$ref` to a remote URL, a file outside the document's folder tree, through a symbolic link, or to a file that cannot be read is not followed, so what it describes is not reviewed. Bundle the description, or keep its files beside it (OWASP API9:2023: documentation that cannot be read is inventory that cannot be checked).";
    DEPRECATED_NO_SUNSET = "openapi.deprecated.no-sunset", Warning, "API9:2023", OpenapiVersioning,
        "Deprecated operation without a sunset",
        "A deprecated operation should announce its retirement with a `Sunset` response header (RFC 8594) or an `x-sunset` date, so it is actually removed (OWASP API9:2023).";
}

pub fn by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.id == id)
}
