//! Plain domain data shared by every layer: the catalog's shape, answers and
//! automated check results. No I/O lives here; loading and validation are in
//! `catalog` and `workspace`, arithmetic is in `scoring`.

pub mod answers;
pub mod catalog;
pub mod checks;
pub mod evidence;
pub mod journal;
pub mod owners;
pub mod soa;

pub use answers::{Answer, AnswerSet, AnswerValue};
pub use catalog::{Catalog, Control, Domain, Framework, Question, Requirement};
pub use evidence::{CheckOutcome, CheckResult, EvidenceRun, TargetEvidence};
