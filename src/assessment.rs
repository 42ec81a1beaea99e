//! The assessment: everything the views show, loaded from a workspace once.
//!
//! Views (CLI, TUI, report) never read the workspace's files and score them
//! on their own: they ask this layer. [`Assessment::load`] reads the config,
//! the catalog, the answers and the current evidence once; scoring stays a
//! pure function of those parts ([`Assessment::rescore`]). The operations
//! that change what a score is based on and therefore record a history
//! snapshot (storing a probe run, `score --record`) live here too, so a
//! snapshot is always taken the same way.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::model::{AnswerSet, Catalog, EvidenceRun};
use crate::scoring::{self, Gap, Scorecard};
use crate::workspace::config::{Config, CONFIG_FILE};
use crate::workspace::history::{FrameworkPoint, Snapshot};
use crate::workspace::{Workspace, WorkspaceError};

#[derive(Debug, thiserror::Error)]
pub enum AssessmentError {
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    #[error("{config}: framework '{id}' in [assessment].frameworks is not in the catalog; known: {known}")]
    UnknownScopeFramework {
        config: PathBuf,
        id: String,
        known: String,
    },
    #[error("unknown framework '{id}'; known: {known}")]
    UnknownFramework { id: String, known: String },
}

/// A workspace's assessment: its inputs and their scores.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub config: Config,
    pub catalog: Catalog,
    pub answers: AnswerSet,
    /// The evidence the scores use.
    pub evidence: Option<EvidenceRun>,
    pub card: Scorecard,
    /// Frameworks in scope (`[assessment].frameworks`), in config order.
    pub scope: Vec<String>,
}

impl Assessment {
    /// Read the workspace once and score it. A framework in scope that the
    /// catalog does not know is an error naming the config file.
    pub fn load(ws: &Workspace) -> Result<Assessment, AssessmentError> {
        let catalog = ws.catalog()?;
        let config = ws.config()?;
        let answers = ws.answers()?;
        let evidence = current_evidence(ws)?;
        let assessment = Assessment::from_parts(catalog, config, answers, evidence);
        for id in assessment.config.assessment.frameworks_in_scope() {
            if assessment.catalog.framework(&id).is_none() {
                return Err(AssessmentError::UnknownScopeFramework {
                    config: ws.path(CONFIG_FILE),
                    id,
                    known: known_frameworks(&assessment.catalog),
                });
            }
        }
        Ok(assessment)
    }

    /// Score already loaded parts (pure; tests use it with fixture catalogs).
    /// Frameworks in scope that the catalog lacks are left out of `scope`.
    pub fn from_parts(
        catalog: Catalog,
        config: Config,
        answers: AnswerSet,
        evidence: Option<EvidenceRun>,
    ) -> Assessment {
        let scope = config
            .assessment
            .frameworks_in_scope()
            .into_iter()
            .filter(|id| catalog.framework(id).is_some())
            .collect();
        let card = scoring::score(&catalog, &answers, evidence.as_ref());
        Assessment {
            config,
            catalog,
            answers,
            evidence,
            card,
            scope,
        }
    }

    /// Recompute the scores after the answers or the evidence changed.
    pub fn rescore(&mut self) {
        self.card = scoring::score(&self.catalog, &self.answers, self.evidence.as_ref());
    }

    /// Re-read the answers and the current evidence, and rescore. The
    /// catalog and the config stay as loaded.
    pub fn refresh(&mut self, ws: &Workspace) -> Result<(), AssessmentError> {
        self.answers = ws.answers()?;
        self.evidence = current_evidence(ws)?;
        self.rescore();
        Ok(())
    }

    /// The frameworks a view covers: those asked for, checked against the
    /// catalog, or the frameworks in scope when none are asked for.
    pub fn select_frameworks(&self, requested: &[String]) -> Result<Vec<String>, AssessmentError> {
        if requested.is_empty() {
            return Ok(self.scope.clone());
        }
        for id in requested {
            if self.catalog.framework(id).is_none() {
                return Err(AssessmentError::UnknownFramework {
                    id: id.clone(),
                    known: known_frameworks(&self.catalog),
                });
            }
        }
        Ok(requested.to_vec())
    }

    /// Controls losing the most framework weight, worst first.
    pub fn gaps(&self) -> Vec<Gap> {
        scoring::gaps(&self.catalog, &self.card, &self.scope)
    }

    /// The scores in scope as a history snapshot taken at `at`.
    pub fn snapshot(&self, trigger: &str, at: DateTime<Utc>) -> Snapshot {
        let card = &self.card;
        Snapshot {
            at,
            trigger: trigger.to_string(),
            evidence_run: card.evidence.as_ref().map(|e| e.run_id.clone()),
            answered: self.answers.answers.len(),
            conflicts: card.conflicts.len(),
            frameworks: card
                .frameworks
                .iter()
                .filter(|f| self.scope.contains(&f.id))
                .map(|f| FrameworkPoint {
                    id: f.id.clone(),
                    score: f.score,
                    coverage: f.coverage,
                })
                .collect(),
        }
    }
}

/// Record a snapshot of the assessment now (`score --record`, leaving the
/// TUI). Holds the lock and re-reads the answers and evidence under it, so
/// the snapshot matches the files at that moment.
pub fn record_snapshot(
    ws: &Workspace,
    assessment: &mut Assessment,
    trigger: &str,
) -> Result<Snapshot, AssessmentError> {
    let _lock = ws.lock()?;
    assessment.refresh(ws)?;
    let snapshot = assessment.snapshot(trigger, Utc::now());
    ws.history().append(&snapshot)?;
    Ok(snapshot)
}

/// Store a probe run (evidence file and manifest entry), make it part of
/// `assessment` and record the snapshot it causes, all under one lock.
/// Returns the evidence file's path.
pub fn store_run(
    ws: &Workspace,
    assessment: &mut Assessment,
    run: &EvidenceRun,
) -> Result<PathBuf, AssessmentError> {
    let _lock = ws.lock()?;
    let path = ws.evidence().save_run(run)?;
    assessment.refresh(ws)?;
    let snapshot = assessment.snapshot("probe", Utc::now());
    ws.history().append(&snapshot)?;
    Ok(path)
}

/// The evidence scores are based on: the newest stored run.
fn current_evidence(ws: &Workspace) -> Result<Option<EvidenceRun>, WorkspaceError> {
    ws.evidence().latest()
}

fn known_frameworks(catalog: &Catalog) -> String {
    catalog
        .frameworks
        .iter()
        .map(|f| f.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
