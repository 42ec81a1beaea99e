//! JUnit XML for CI test tabs (GitHub Actions reporters, GitLab's
//! `artifacts:reports:junit`, Jenkins): a probe run as one test suite per
//! target and one test case per check, and a scorecard as one suite per
//! framework and one case per requirement. A `fail` result (or a requirement
//! in the "major gaps" or "not ready" band) is a `<failure>`; an `error`
//! result is an `<error>`; a requirement with nothing to score is
//! `<skipped>`; warnings stay passing cases with their text in
//! `<system-out>`, so a CI tab shows them without failing the build.

use std::fmt::Write as _;

use crate::model::evidence::ledger::RunVerdicts;
use crate::model::CheckOutcome;
use crate::scoring::{Band, Scorecard};

/// Text safe in XML 1.0 content and attributes: markup escaped, and
/// characters XML cannot carry (C0 controls but tab and newline, and the
/// other dangerous characters of [`crate::sanitize`]) shown as escapes.
fn xml(s: &str) -> String {
    // The HTML escape (sanitiser included) is valid XML; line ends and tabs
    // become references so attribute values keep them.
    super::html::esc(s)
        .replace('\n', "&#10;")
        .replace('\t', "&#9;")
}

struct Case {
    class: String,
    name: String,
    outcome: Outcome,
    text: String,
}

enum Outcome {
    Pass,
    Failure,
    Error,
    Skipped,
}

fn suite(out: &mut String, name: &str, cases: &[Case]) {
    let count = |f: fn(&Outcome) -> bool| cases.iter().filter(|c| f(&c.outcome)).count();
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
        xml(name),
        cases.len(),
        count(|o| matches!(o, Outcome::Failure)),
        count(|o| matches!(o, Outcome::Error)),
        count(|o| matches!(o, Outcome::Skipped)),
    );
    for c in cases {
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\"",
            xml(&c.class),
            xml(&c.name)
        );
        let text = xml(&c.text);
        match c.outcome {
            Outcome::Pass if c.text.is_empty() => out.push_str("/>\n"),
            Outcome::Pass => {
                let _ = writeln!(out, "><system-out>{text}</system-out></testcase>");
            }
            Outcome::Failure => {
                let _ = writeln!(
                    out,
                    "><failure message=\"{text}\">{text}</failure></testcase>"
                );
            }
            Outcome::Error => {
                let _ = writeln!(out, "><error message=\"{text}\">{text}</error></testcase>");
            }
            Outcome::Skipped => {
                let _ = writeln!(out, "><skipped message=\"{text}\"/></testcase>");
            }
        }
    }
    out.push_str("  </testsuite>\n");
}

fn document(name: &str, suites: &[(String, Vec<Case>)]) -> String {
    let total: usize = suites.iter().map(|(_, c)| c.len()).sum();
    let failures: usize = suites
        .iter()
        .flat_map(|(_, c)| c)
        .filter(|c| matches!(c.outcome, Outcome::Failure))
        .count();
    let errors: usize = suites
        .iter()
        .flat_map(|(_, c)| c)
        .filter(|c| matches!(c.outcome, Outcome::Error))
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{total}\" failures=\"{failures}\" errors=\"{errors}\">",
        xml(name)
    );
    for (n, cases) in suites {
        suite(&mut out, n, cases);
    }
    out.push_str("</testsuites>\n");
    out
}

/// A probe run: a suite per target, a case per check.
pub fn probe(run: &RunVerdicts) -> String {
    let suites: Vec<(String, Vec<Case>)> = run
        .targets
        .iter()
        .map(|t| {
            let label = t.name.clone().unwrap_or_else(|| t.url.clone());
            let cases = t
                .checks
                .iter()
                .map(|c| Case {
                    class: format!("apiassure.probe.{label}"),
                    name: c.id.to_string(),
                    outcome: match c.result {
                        CheckOutcome::Fail => Outcome::Failure,
                        CheckOutcome::Error => Outcome::Error,
                        _ => Outcome::Pass,
                    },
                    text: match c.result {
                        CheckOutcome::Pass => String::new(),
                        r => format!("{r}: {}", c.summary),
                    },
                })
                .collect();
            (format!("{label} ({})", t.url), cases)
        })
        .collect();
    document(&format!("apiassure probe run {}", run.run_id), &suites)
}

/// A scorecard: a suite per framework, a case per requirement.
pub fn score(card: &Scorecard) -> String {
    let suites: Vec<(String, Vec<Case>)> = card
        .frameworks
        .iter()
        .map(|f| {
            let cases = f
                .requirements
                .iter()
                .map(|r| {
                    let score = r
                        .score
                        .map_or("not scored".to_string(), |s| format!("{s:.1}"));
                    Case {
                        class: format!("apiassure.score.{}", f.id),
                        name: format!("{} {}", r.id, r.title),
                        outcome: match r.band {
                            Band::MajorGaps | Band::NotReady => Outcome::Failure,
                            Band::NotApplicable => Outcome::Skipped,
                            _ => Outcome::Pass,
                        },
                        text: format!("{score} ({}): {}", r.band.label(), r.explanation),
                    }
                })
                .collect();
            (
                format!(
                    "{} ({})",
                    f.name,
                    f.score
                        .map_or("not scored".to_string(), |s| format!("{s:.1}"))
                ),
                cases,
            )
        })
        .collect();
    document("apiassure score", &suites)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_escapes_markup_and_controls() {
        assert_eq!(
            xml("a<b & \"c\"\u{1b}[2J\n"),
            "a&lt;b &amp; &quot;c&quot;\\x1b[2J&#10;"
        );
    }
}
