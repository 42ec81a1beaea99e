//! OpenAPI findings as SARIF 2.1.0 (OASIS), located in the OpenAPI file
//! itself so code scanning annotates the line of the pull request that
//! introduced the problem. Every rule is described (help, OWASP tag,
//! `security-severity`); every result has a `partialFingerprints` entry made
//! of the rule, file and JSON pointer (not the line), so a finding keeps its
//! identity when lines above it move.

use serde_json::{json, Value};

use super::{Finding, RULES};

/// The SARIF document for findings per file (`uri`: the path as given).
pub fn render(documents: &[(String, Vec<Finding>)]) -> Value {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            let owasp_tag = format!(
                "owasp-{}",
                r.owasp
                    .split(':')
                    .next()
                    .unwrap_or(r.owasp)
                    .to_ascii_lowercase()
            );
            json!({
                "id": r.id,
                "name": r.title,
                "shortDescription": {"text": r.title},
                "fullDescription": {"text": r.rationale},
                "help": {"text": r.rationale},
                "defaultConfiguration": {"level": r.severity.as_str()},
                "properties": {
                    "tags": ["security", "openapi", owasp_tag],
                    "security-severity": r.severity.security_severity(),
                    "precision": "high",
                },
            })
        })
        .collect();
    let mut results = Vec::new();
    for (file, findings) in documents {
        let uri = uri(file);
        for f in findings {
            let index = RULES.iter().position(|r| r.id == f.rule.id).unwrap_or(0);
            let fingerprint = crate::workspace::evidence::sha256_hex(
                format!("{}\n{}\n{}", f.rule.id, uri, f.pointer).as_bytes(),
            );
            results.push(json!({
                "ruleId": f.rule.id,
                "ruleIndex": index,
                "level": f.rule.severity.as_str(),
                "message": {"text": format!("{} ({})", f.message, f.rule.owasp)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": {"startLine": f.pos.line, "startColumn": f.pos.column},
                    },
                    "logicalLocations": [{"fullyQualifiedName": f.pointer, "kind": "member"}],
                }],
                "partialFingerprints": {"apiassureFinding/v1": fingerprint},
            }));
        }
    }
    let mut log = envelope(env!("CARGO_PKG_VERSION"), rules, results);
    log["runs"][0]["columnKind"] = json!("unicodeCodePoints");
    log
}

/// A SARIF 2.1.0 log with one run of apiassure: the one envelope both the
/// OpenAPI review and `report --format sarif` write.
pub fn envelope(tool_version: &str, rules: Vec<Value>, results: Vec<Value>) -> Value {
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "apiassure",
                "version": tool_version,
                "informationUri": "https://github.com/apiassure/apiassure",
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

/// A relative file path as a URI reference: forward slashes, and bytes
/// outside the unreserved set and `/` percent-encoded.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_escaped() {
        assert_eq!(
            super::uri("./api docs/open+api.yaml"),
            "api%20docs/open%2Bapi.yaml"
        );
    }
}
