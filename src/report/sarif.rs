//! `report --format sarif`: the current check results as SARIF 2.1.0, for
//! code-scanning dashboards. One rule per check (with its rule text as help
//! and a `security-severity`), one result per failing or warning check per
//! declared target, located at that target's `[[targets]]` stanza in
//! `apiassure.toml`, with a `partialFingerprints` entry (check and target
//! URL) so a dashboard tracks the same finding across runs.

use serde_json::{json, Value};

use super::ReportData;
use crate::model::checks::CHECKS;
use crate::model::CheckOutcome;

/// The 1-based line of each target's `url = ...` in the config text.
pub fn target_lines(config_text: &str, urls: &[String]) -> Vec<u32> {
    let lines: Vec<&str> = config_text.lines().collect();
    urls.iter()
        .map(|url| {
            let quoted = [format!("\"{url}\""), format!("'{url}'")];
            lines
                .iter()
                .position(|l| {
                    let t = l.trim_start();
                    t.starts_with("url") && quoted.iter().any(|q| t.contains(q.as_str()))
                })
                .map_or(1, |i| i as u32 + 1)
        })
        .collect()
}

fn severity(rule: &str) -> &'static str {
    if rule.contains("fail") {
        "7.0"
    } else {
        "4.0"
    }
}

pub fn render(data: &ReportData) -> Value {
    let rules: Vec<Value> = CHECKS
        .iter()
        .map(|c| {
            json!({
                "id": c.id.as_str(),
                "name": c.title,
                "shortDescription": {"text": c.title},
                "fullDescription": {"text": c.rule},
                "help": {"text": format!("{}: {}", c.title, c.rule)},
                "properties": {
                    "tags": ["security", c.id.as_str().split('.').next().unwrap_or("check")],
                    "security-severity": severity(c.rule),
                },
            })
        })
        .collect();
    let urls: Vec<String> = data
        .evidence
        .targets
        .iter()
        .map(|t| t.url.clone())
        .collect();
    let lines = target_lines(&data.config_text, &urls);
    let mut results = Vec::new();
    for (t, line) in data.evidence.targets.iter().zip(lines) {
        for (id, entry) in &t.checks {
            let Some(cur) = &entry.current else { continue };
            let level = match cur.result {
                CheckOutcome::Fail => "error",
                CheckOutcome::Warn => "warning",
                _ => continue,
            };
            let index = CHECKS.iter().position(|c| c.id == *id).unwrap_or(0);
            let fingerprint = crate::workspace::evidence::sha256_hex(
                format!("{}\n{}", id.as_str(), t.url).as_bytes(),
            );
            results.push(json!({
                "ruleId": id.as_str(),
                "ruleIndex": index,
                "level": level,
                "message": {"text": format!("{} on {} ({}): {}", id.as_str(), t.label, t.url, cur.summary)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": "apiassure.toml"},
                        "region": {"startLine": line},
                    },
                    "logicalLocations": [{"name": t.label, "fullyQualifiedName": t.url, "kind": "resource"}],
                }],
                "partialFingerprints": {"apiassureCheck/v1": fingerprint},
                "properties": {"observed": cur.at.to_rfc3339(), "run": &*cur.run_id},
            }));
        }
    }
    let mut log = crate::design::sarif::envelope(&data.tool_version, rules, results);
    // Tie the file to the workspace state: `verify --head` checks the head.
    log["runs"][0]["properties"] = json!({
        "documentId": super::build::document_id(data),
        "journalHeads": data.journal_heads,
    });
    if let Some(p) = &data.period {
        log["runs"][0]["properties"]["auditPeriod"] =
            json!(format!("{}..{}", p.period.start, p.period.end));
    }
    log
}

#[cfg(test)]
mod tests {
    #[test]
    fn target_stanzas_are_found_by_url() {
        let cfg = "[[targets]]\nname = \"a\"\nurl = \"https://a.test/\"\n\n[[targets]]\nurl = 'https://b.test/v1'\n";
        assert_eq!(
            super::target_lines(
                cfg,
                &[
                    "https://a.test/".into(),
                    "https://b.test/v1".into(),
                    "https://c.test/".into()
                ]
            ),
            [3, 6, 1]
        );
    }
}
