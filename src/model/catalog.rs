//! The validated catalog: controls (what teams do) grouped into domains, and
//! frameworks whose requirements map onto those controls. Built only by
//! `crate::catalog`, which guarantees every cross-reference resolves.

use std::collections::HashMap;

use serde::Serialize;

/// Where a catalog item was defined, for messages and the explanation tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for SourceRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Domain {
    pub id: String,
    pub title: String,
    pub description: String,
    pub order: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub help: String,
    /// A `no` answer is a critical failure (caps bands at "major gaps").
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub critical: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Control {
    pub id: String,
    pub title: String,
    pub domain: String,
    pub objective: String,
    pub guidance: String,
    /// What an auditor expects to see as evidence.
    pub evidence: Vec<String>,
    /// OWASP API Security Top 10 2023 items addressed, e.g. `API2:2023`.
    pub owasp: Vec<String>,
    /// Automated check ids that give evidence for this control.
    pub checks: Vec<String>,
    pub questions: Vec<Question>,
    /// How often its practice must recur, when it is periodic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Frequency>,
    #[serde(skip)]
    pub source: SourceRef,
}

/// How often a periodic practice recurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    Monthly,
    Quarterly,
    Yearly,
}

impl Frequency {
    /// Months between occurrences.
    pub fn months(self) -> u32 {
        match self {
            Frequency::Monthly => 1,
            Frequency::Quarterly => 3,
            Frequency::Yearly => 12,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Yearly => "yearly",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Requirement {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub weight: f64,
    pub controls: Vec<String>,
    /// The published mapping this requirement's control links come from, or `editorial`.
    pub provenance: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub provenance_note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Framework {
    pub id: String,
    pub name: String,
    /// A label for narrow views; `label()` falls back to the name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub short_name: String,
    pub version: String,
    pub description: String,
    /// Published mappings the requirements' provenance names.
    #[serde(default)]
    pub sources: Vec<Source>,
    pub requirements: Vec<Requirement>,
    #[serde(skip)]
    pub source: SourceRef,
}

impl Framework {
    /// The short label when the catalog gives one, else the full name.
    pub fn label(&self) -> &str {
        if self.short_name.is_empty() {
            &self.name
        } else {
            &self.short_name
        }
    }

    /// Name and version, without repeating a version the name already holds
    /// ("ISO/IEC 27001:2022 Annex A", not "... 2022 2022").
    pub fn title(&self) -> String {
        if self.version.is_empty() || self.name.contains(&self.version) {
            self.name.clone()
        } else {
            format!("{} {}", self.name, self.version)
        }
    }
}

/// A published document a mapping follows. A requirement whose provenance
/// is a source id was linked in two steps: our control to an ISO 27001
/// control (editorial, always), then that ISO control to the requirement as
/// the source maps it.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Source {
    pub id: String,
    pub document: String,
    pub version: String,
    pub published: String,
    pub publisher: String,
    pub licence: String,
    pub url: String,
    pub changes: String,
}

/// The whole validated catalog with lookup indexes.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub domains: Vec<Domain>,
    pub controls: Vec<Control>,
    pub frameworks: Vec<Framework>,
    control_index: HashMap<String, usize>,
    question_index: HashMap<String, (usize, usize)>,
    framework_index: HashMap<String, usize>,
}

impl Catalog {
    /// Assemble from parts the loader has already validated; sorts domains by
    /// order and controls by domain order then id so every view agrees.
    pub fn from_parts(
        mut domains: Vec<Domain>,
        mut controls: Vec<Control>,
        frameworks: Vec<Framework>,
    ) -> Catalog {
        domains.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.id.cmp(&b.id)));
        let domain_pos: HashMap<&str, usize> = domains
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect();
        controls.sort_by(|a, b| {
            let da = domain_pos
                .get(a.domain.as_str())
                .copied()
                .unwrap_or(usize::MAX);
            let db = domain_pos
                .get(b.domain.as_str())
                .copied()
                .unwrap_or(usize::MAX);
            da.cmp(&db).then_with(|| a.id.cmp(&b.id))
        });
        let control_index = controls
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        let question_index = controls
            .iter()
            .enumerate()
            .flat_map(|(ci, c)| {
                c.questions
                    .iter()
                    .enumerate()
                    .map(move |(qi, q)| (q.id.clone(), (ci, qi)))
            })
            .collect();
        let framework_index = frameworks
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.clone(), i))
            .collect();
        Catalog {
            domains,
            controls,
            frameworks,
            control_index,
            question_index,
            framework_index,
        }
    }

    pub fn control(&self, id: &str) -> Option<&Control> {
        self.control_index.get(id).map(|&i| &self.controls[i])
    }

    pub fn framework(&self, id: &str) -> Option<&Framework> {
        self.framework_index.get(id).map(|&i| &self.frameworks[i])
    }

    pub fn domain(&self, id: &str) -> Option<&Domain> {
        self.domains.iter().find(|d| d.id == id)
    }

    /// The question and the control that owns it.
    pub fn question(&self, id: &str) -> Option<(&Control, &Question)> {
        self.question_index.get(id).map(|&(ci, qi)| {
            let c = &self.controls[ci];
            (c, &c.questions[qi])
        })
    }

    pub fn questions(&self) -> impl Iterator<Item = (&Control, &Question)> {
        self.controls
            .iter()
            .flat_map(|c| c.questions.iter().map(move |q| (c, q)))
    }

    pub fn controls_in_domain<'a>(&'a self, domain: &'a str) -> impl Iterator<Item = &'a Control> {
        self.controls.iter().filter(move |c| c.domain == domain)
    }

    /// Controls whose automated evidence includes `check_id`.
    pub fn controls_for_check(&self, check_id: &str) -> Vec<&str> {
        self.controls
            .iter()
            .filter(|c| c.checks.iter().any(|k| k == check_id))
            .map(|c| c.id.as_str())
            .collect()
    }

    /// Every (framework, requirement) pair that maps to `control_id`.
    pub fn requirements_for_control(&self, control_id: &str) -> Vec<(&Framework, &Requirement)> {
        self.frameworks
            .iter()
            .flat_map(|f| {
                f.requirements
                    .iter()
                    .filter(|r| r.controls.iter().any(|c| c == control_id))
                    .map(move |r| (f, r))
            })
            .collect()
    }
}
