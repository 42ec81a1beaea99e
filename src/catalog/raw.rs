//! The catalog files as written: TOML deserialized with spans, not yet checked.

use serde::Deserialize;
use serde_spanned::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestionnaire {
    pub schema_version: Spanned<u32>,
    pub domain: RawDomain,
    #[serde(default)]
    pub controls: Vec<RawControl>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDomain {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub order: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawControl {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub objective: Spanned<String>,
    pub guidance: Spanned<String>,
    #[serde(default)]
    pub evidence: Vec<String>,
    #[serde(default)]
    pub owasp: Vec<Spanned<String>>,
    #[serde(default)]
    pub checks: Vec<Spanned<String>>,
    #[serde(default)]
    pub questions: Vec<RawQuestion>,
    /// How often the control's practice recurs (access reviews, key
    /// rotation, penetration tests...): monthly, quarterly or yearly.
    #[serde(default)]
    pub frequency: Option<crate::model::catalog::Frequency>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: Spanned<String>,
    pub text: Spanned<String>,
    pub help: Spanned<String>,
    /// A `no` to this question is critical on its own: it caps the band of
    /// every framework mapping the control at "major gaps".
    #[serde(default)]
    pub critical: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFrameworkFile {
    pub schema_version: Spanned<u32>,
    pub framework: RawFrameworkMeta,
    /// Published mappings that requirement `provenance` values name.
    #[serde(default)]
    pub sources: Vec<RawSource>,
    #[serde(default)]
    pub requirements: Vec<RawRequirement>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub id: Spanned<String>,
    pub document: Spanned<String>,
    pub version: Spanned<String>,
    #[serde(default)]
    pub published: String,
    #[serde(default)]
    pub publisher: String,
    #[serde(default)]
    pub licence: String,
    #[serde(default)]
    pub url: String,
    /// What we changed or how we used it (licences such as CC BY ask for it).
    #[serde(default)]
    pub changes: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFrameworkMeta {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    /// A label of at most 12 characters for narrow views ("ISO 27001").
    #[serde(default)]
    pub short_name: Option<Spanned<String>>,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRequirement {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub summary: Spanned<String>,
    pub weight: Spanned<f64>,
    pub controls: Spanned<Vec<Spanned<String>>>,
    pub provenance: Spanned<String>,
    #[serde(default)]
    pub provenance_note: String,
}
