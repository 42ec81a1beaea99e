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

use crate::model::evidence::ledger::Ledger;
use crate::model::journal::{Change, SourceFile};
use crate::model::{AnswerSet, Catalog, EvidenceRun};
use crate::scoring::{self, EvidenceInput, Policy, Scorecard, TargetInput, Worklist};
use crate::workspace::config::{Config, CONFIG_FILE};
use crate::workspace::evidence::{RunWriter, StoredRun};
use crate::workspace::history::{ControlPoint, FrameworkPoint, History, Snapshot};
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
    #[error("{config}: [[inherit]] workspace = \"{workspace}\": {message}")]
    Inherit {
        config: PathBuf,
        workspace: String,
        message: String,
    },
}

/// Controls taken from another workspace (`[[inherit]]`): its answers to
/// their questions and its targets' evidence, read-only, with the journal
/// head they were read at.
#[derive(Debug, Clone)]
pub struct InheritedSource {
    /// As written in `apiassure.toml`.
    pub workspace: String,
    pub organisation: String,
    pub system: String,
    /// The source's journal head(s) when read.
    pub heads: Vec<String>,
    pub controls: Vec<String>,
    /// The source's answers to the inherited controls' questions.
    pub answers: std::collections::BTreeMap<String, crate::model::Answer>,
    /// The source's declared targets, counting only for these controls.
    pub targets: Vec<crate::scoring::TargetInput>,
}

/// A workspace's assessment: its inputs and their scores.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub config: Config,
    pub catalog: Catalog,
    pub answers: AnswerSet,
    /// The ledger narrowed to the declared targets: what the scores use.
    pub evidence: EvidenceInput,
    /// The clock and freshness rules the scores were computed with.
    pub policy: Policy,
    pub card: Scorecard,
    /// Frameworks in scope (`[assessment].frameworks`), in config order.
    pub scope: Vec<String>,
    /// Runs dated after `policy.now` (a probe whose clock was wrong).
    pub future_runs: Vec<(String, DateTime<Utc>)>,
    /// Controls inherited from other workspaces (`[[inherit]]`).
    pub inherited: Vec<InheritedSource>,
}

impl Assessment {
    /// Read the workspace once and score it. A framework in scope that the
    /// catalog does not know is an error naming the config file.
    pub fn load(ws: &Workspace) -> Result<Assessment, AssessmentError> {
        Self::load_with(ws, ws.ledger()?)
    }

    /// [`Assessment::load`] without reading the evidence (scored as if no
    /// check had run): for a view that reads the ledger in the background
    /// and shows no score until it has ([`Assessment::set_ledger`]).
    pub fn load_without_evidence(ws: &Workspace) -> Result<Assessment, AssessmentError> {
        Self::load_with(ws, Ledger::default())
    }

    fn load_with(ws: &Workspace, ledger: Ledger) -> Result<Assessment, AssessmentError> {
        let catalog = ws.catalog()?;
        let config = ws.config()?;
        let answers = ws.answers()?;
        let inherited = inherited_sources(ws, &config, &catalog)?;
        let mut assessment = Assessment::from_parts(catalog, config, answers, ledger, Utc::now());
        if !inherited.is_empty() {
            assessment.inherited = inherited;
            let own = std::mem::take(&mut assessment.evidence);
            assessment.evidence = assessment.compose(own);
            assessment.rescore();
        }
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
    /// `now` is the clock freshness is judged by.
    pub fn from_parts(
        catalog: Catalog,
        config: Config,
        answers: AnswerSet,
        ledger: Ledger,
        now: DateTime<Utc>,
    ) -> Assessment {
        let scope = config
            .assessment
            .frameworks_in_scope()
            .into_iter()
            .filter(|id| catalog.framework(id).is_some())
            .collect();
        let policy = Policy {
            now,
            evidence_max_age_days: config.probe.evidence_max_age_days,
            answer_review_days: config.assessment.answer_review_days,
        };
        let future_runs = future_dated(&ledger, now);
        let evidence = declared_evidence(ledger, &config);
        let card = scoring::score(
            &catalog,
            &scored_answers(&answers, &config, &[]),
            &evidence,
            &policy,
        );
        Assessment {
            config,
            catalog,
            answers,
            evidence,
            policy,
            card,
            scope,
            future_runs,
            inherited: Vec::new(),
        }
    }

    /// Recompute the scores after the answers or the evidence changed
    /// (judged at the same time as before; [`Assessment::refresh`] moves it).
    pub fn rescore(&mut self) {
        self.card = scoring::score(
            &self.catalog,
            &scored_answers(&self.answers, &self.config, &self.inherited),
            &self.evidence,
            &self.policy,
        );
    }

    /// The declared targets' evidence with the inherited sources' targets
    /// added: own targets stop counting for inherited controls.
    fn compose(&self, mut evidence: EvidenceInput) -> EvidenceInput {
        if self.inherited.is_empty() {
            return evidence;
        }
        let taken: std::collections::BTreeSet<String> = self
            .inherited
            .iter()
            .flat_map(|s| s.controls.iter().cloned())
            .collect();
        let taken = std::sync::Arc::new(taken);
        for t in &mut evidence.targets {
            t.counts_for = scoring::ControlFilter::Except(taken.clone());
        }
        for s in &self.inherited {
            evidence.targets.extend(s.targets.iter().cloned());
        }
        evidence
    }

    /// The source a question's answer is inherited from, if any.
    pub fn inherited_from(&self, question: &str) -> Option<&InheritedSource> {
        let (control, _) = self.catalog.question(question)?;
        self.inherited
            .iter()
            .find(|s| s.controls.contains(&control.id))
    }

    /// Re-read the answers and the current evidence, and rescore. The
    /// catalog and the config stay as loaded.
    pub fn refresh(&mut self, ws: &Workspace) -> Result<(), AssessmentError> {
        let ledger = ws.ledger()?;
        self.refresh_with(ws, ledger)
    }

    /// [`Assessment::refresh`] with a ledger already in hand.
    fn refresh_with(&mut self, ws: &Workspace, ledger: Ledger) -> Result<(), AssessmentError> {
        self.answers = ws.answers()?;
        // Drop the old evidence first: only one copy is ever in memory.
        self.evidence = EvidenceInput::default();
        self.policy.now = Utc::now();
        self.future_runs = future_dated(&ledger, self.policy.now);
        let evidence = declared_evidence(ledger, &self.config);
        self.evidence = self.compose(evidence);
        self.rescore();
        Ok(())
    }

    /// Use this ledger as the current evidence (read elsewhere, e.g. on a
    /// background thread) and rescore; the answers stay as they are.
    pub fn set_ledger(&mut self, ledger: Ledger) {
        self.evidence = EvidenceInput::default();
        self.policy.now = Utc::now();
        self.future_runs = future_dated(&ledger, self.policy.now);
        let evidence = declared_evidence(ledger, &self.config);
        self.evidence = self.compose(evidence);
        self.rescore();
    }

    /// Free the evidence while a long probe runs (it is read again when
    /// the run is stored); the scores keep what they showed.
    pub fn release_evidence(&mut self) {
        self.evidence = EvidenceInput::default();
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

    /// What to answer next and what to fix next.
    pub fn worklist(&self) -> Worklist {
        Worklist::from_gaps(scoring::gaps(&self.catalog, &self.card, &self.scope))
    }

    /// The scores in scope as a history snapshot taken at `at`.
    pub fn snapshot(&self, trigger: &str, at: DateTime<Utc>) -> Snapshot {
        let card = &self.card;
        Snapshot {
            at,
            trigger: trigger.to_string(),
            evidence_run: card.evidence.latest_run.clone(),
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
                    evidence_coverage: f.evidence_coverage,
                    band: Some(f.band.label().to_string()),
                })
                .collect(),
            controls: card
                .controls
                .iter()
                .map(|c| ControlPoint {
                    id: c.id.clone(),
                    score: c.score,
                })
                .collect(),
            state: Some(self.state_sha256()),
        }
    }

    /// SHA-256 of what the scores rest on: every answer (value, note, links,
    /// review date), every declared target's current check results, every
    /// framework and control score. Two snapshots with the same state say
    /// the same thing.
    pub fn state_sha256(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        for (q, a) in &self.answers.answers {
            h.update(format!(
                "a\0{q}\0{}\0{}\0{}\0{:?}\n",
                a.answer,
                a.note,
                a.evidence.join("\0"),
                a.review_by
            ));
        }
        for t in &self.evidence.targets {
            for (id, e) in &t.checks {
                if let Some(c) = &e.current {
                    h.update(format!("e\0{}\0{id}\0{}\n", t.url, c.result));
                }
            }
        }
        for f in &self.card.frameworks {
            h.update(format!("f\0{}\0{:?}\0{}\n", f.id, f.score, f.band.label()));
        }
        for c in &self.card.controls {
            h.update(format!("c\0{}\0{:?}\n", c.id, c.score));
        }
        hex::encode(h.finalize())
    }
}

/// Record a snapshot of the assessment now (`score --record`, leaving the
/// TUI). Holds the lock and re-reads the answers and evidence under it, so
/// the snapshot matches the files at that moment. Nothing is recorded when
/// the state is the last snapshot's (`Ok(None)`): the history holds changes,
/// not repetitions.
pub fn record_snapshot(
    ws: &Workspace,
    assessment: &mut Assessment,
    trigger: &str,
) -> Result<Option<Snapshot>, AssessmentError> {
    let _lock = ws.lock()?;
    assessment.refresh(ws)?;
    let snapshot = assessment.snapshot(trigger, Utc::now());
    Ok(append_snapshot(ws, assessment, &snapshot)?.then_some(snapshot))
}

/// Store a probe run collected in memory (evidence file, manifest entry,
/// ledger), make it part of `assessment` and record the snapshot it causes,
/// all under one lock. The run gets its final id. Returns the file's path.
pub fn store_run(
    ws: &Workspace,
    assessment: &mut Assessment,
    run: &mut EvidenceRun,
) -> Result<PathBuf, AssessmentError> {
    let _lock = ws.lock()?;
    let answers = assessment.answers.clone();
    let ledger = ws.ledger()?;
    let sources: Vec<SourceFile> = run
        .targets
        .iter()
        .filter_map(|t| t.traffic.as_ref())
        .flat_map(|t| &t.sources)
        .map(|s| SourceFile {
            file: s.file.clone(),
            bytes: s.bytes,
            sha256: s.sha256.clone(),
        })
        .collect();
    let stored =
        ws.evidence()
            .save_run_recorded(run, ledger, &mut |id, file, sha, ledger_sha| {
                journal_probe(ws, &answers, id, file, sha, ledger_sha, sources.clone())
            })?;
    assessment.refresh(ws)?;
    record_probe_snapshot(ws, assessment)?;
    Ok(stored.path)
}

/// Finish a run streamed to disk by a [`RunWriter`]: the same as
/// [`store_run`] for a run that was never whole in memory.
pub fn finish_run(
    ws: &Workspace,
    assessment: &mut Assessment,
    writer: RunWriter,
    finished_at: DateTime<Utc>,
) -> Result<StoredRun, AssessmentError> {
    let _lock = ws.lock()?;
    let answers = assessment.answers.clone();
    let ledger = ws.ledger()?;
    let mut stored =
        writer.finish_recorded(finished_at, ledger, &mut |id, file, sha, ledger_sha| {
            journal_probe(ws, &answers, id, file, sha, ledger_sha, Vec::new())
        })?;
    assessment.refresh_with(ws, std::mem::take(&mut stored.ledger))?;
    record_probe_snapshot(ws, assessment)?;
    Ok(stored)
}

fn record_probe_snapshot(
    ws: &Workspace,
    assessment: &mut Assessment,
) -> Result<(), AssessmentError> {
    let snapshot = assessment.snapshot("probe", Utc::now());
    append_snapshot(ws, assessment, &snapshot).map(|_| ())
}

/// Who the journal names for changes that are not answers.
fn actor(ws: &Workspace) -> String {
    crate::workspace::identity(None, ws.root()).unwrap_or_else(|| "unknown".to_string())
}

fn journal_probe(
    ws: &Workspace,
    answers: &AnswerSet,
    run_id: &str,
    file: &str,
    sha256: &str,
    ledger_sha256: &str,
    sources: Vec<SourceFile>,
) -> Result<(), WorkspaceError> {
    ws.record(
        vec![Change::Probe {
            run_id: run_id.to_string(),
            file: file.to_string(),
            sha256: sha256.to_string(),
            ledger_sha256: Some(ledger_sha256.to_string()),
            sources,
        }],
        &actor(ws),
        answers,
    )
    .map(|_| ())
}

/// Journal a snapshot, then append it to the history (the caller holds the
/// lock), unless the last snapshot records the same state. Returns whether
/// it was recorded.
fn append_snapshot(
    ws: &Workspace,
    assessment: &Assessment,
    snapshot: &Snapshot,
) -> Result<bool, AssessmentError> {
    if ws
        .history()
        .last()?
        .is_some_and(|last| last.same_state(snapshot))
    {
        return Ok(false);
    }
    let line = History::line(snapshot);
    // Which state of each inherited source the snapshot rests on.
    let mut changes: Vec<Change> = assessment
        .inherited
        .iter()
        .map(|s| Change::Inherit {
            workspace: s.workspace.clone(),
            heads: s.heads.clone(),
            controls: s.controls.clone(),
        })
        .collect();
    changes.push(Change::Snapshot {
        trigger: snapshot.trigger.clone(),
        line_sha256: crate::workspace::evidence::sha256_hex(line.as_bytes()),
        line: line.clone(),
    });
    ws.record(changes, &actor(ws), &assessment.answers)?;
    ws.history().append(snapshot)?;
    Ok(true)
}

/// The answers scoring counts: with `require_approval`, only those someone
/// other than the answerer approved (the others count as not assessed).
/// The answers the scores use: with `require_approval`, only approved ones;
/// inherited controls' questions answered by their source, whatever this
/// workspace's own file says.
fn scored_answers<'a>(
    answers: &'a AnswerSet,
    config: &Config,
    inherited: &[InheritedSource],
) -> std::borrow::Cow<'a, AnswerSet> {
    if !config.assessment.require_approval && inherited.is_empty() {
        return std::borrow::Cow::Borrowed(answers);
    }
    let mut set = answers.clone();
    if config.assessment.require_approval {
        set.answers
            .retain(|_, a| a.approval.as_ref().is_some_and(|p| p.by != a.by));
    }
    for s in inherited {
        for (q, a) in &s.answers {
            set.answers.insert(q.clone(), a.clone());
        }
    }
    std::borrow::Cow::Owned(set)
}

/// Read every `[[inherit]]` source: a workspace whose journal verifies,
/// its answers to the inherited controls' questions and its declared
/// targets' evidence. A missing, unreadable or tampered source is an error
/// naming it; a source that itself inherits is refused (one level only).
pub fn inherited_sources(
    ws: &Workspace,
    config: &Config,
    catalog: &Catalog,
) -> Result<Vec<InheritedSource>, AssessmentError> {
    let mut out = Vec::new();
    for i in &config.inherit {
        let fail = |message: String| AssessmentError::Inherit {
            config: ws.path(CONFIG_FILE),
            workspace: i.workspace.clone(),
            message,
        };
        for c in &i.controls {
            if catalog.control(c).is_none() {
                return Err(fail(format!("control '{c}' is not in the catalog")));
            }
        }
        if i.controls.is_empty() {
            return Err(fail(
                "lists no controls (controls = [\"GW-01\", ...])".into(),
            ));
        }
        let dir = ws.root().join(&i.workspace);
        let source = Workspace::open(&dir)
            .map_err(|e| fail(format!("cannot open it as a workspace: {e}")))?;
        let sconfig = source.config().map_err(|e| fail(e.to_string()))?;
        if !sconfig.inherit.is_empty() {
            return Err(fail(
                "it inherits from other workspaces itself: inherit from the source directly".into(),
            ));
        }
        let report = crate::workspace::verify::verify(
            &source,
            &crate::workspace::verify::VerifyOptions::default(),
        )
        .map_err(|e| fail(format!("cannot verify it: {e}")))?;
        if let Some(p) = report
            .findings
            .iter()
            .find(|f| f.severity == crate::workspace::verify::Severity::Problem)
        {
            return Err(fail(format!(
                "its journal does not verify ({}: {}); run `apiassure verify` there",
                p.subject, p.message
            )));
        }
        let sanswers = source.answers().map_err(|e| fail(e.to_string()))?;
        let questions: std::collections::BTreeSet<&str> = i
            .controls
            .iter()
            .filter_map(|c| catalog.control(c))
            .flat_map(|c| c.questions.iter().map(|q| q.id.as_str()))
            .collect();
        let answers = sanswers
            .answers
            .into_iter()
            .filter(|(q, _)| questions.contains(q.as_str()))
            .collect();
        let ledger = source.ledger().map_err(|e| fail(e.to_string()))?;
        let only = std::sync::Arc::new(i.controls.iter().cloned().collect());
        let label = if sconfig.system.name.is_empty() {
            i.workspace.clone()
        } else {
            sconfig.system.name.clone()
        };
        let targets = declared_evidence(ledger, &sconfig)
            .targets
            .into_iter()
            .map(|mut t| {
                t.label = format!("{label}: {} (inherited)", t.label);
                t.counts_for = scoring::ControlFilter::Only(std::sync::Arc::clone(&only));
                t
            })
            .collect();
        out.push(InheritedSource {
            workspace: i.workspace.clone(),
            organisation: sconfig.organisation.name.clone(),
            system: sconfig.system.name.clone(),
            heads: report.heads.clone(),
            controls: i.controls.clone(),
            answers,
            targets,
        });
    }
    Ok(out)
}

/// The runs the ledger folds whose id is dated after `now` (beyond clock skew).
fn future_dated(ledger: &Ledger, now: DateTime<Utc>) -> Vec<(String, DateTime<Utc>)> {
    let limit = now + chrono::Duration::minutes(crate::scoring::FUTURE_TOLERANCE_MINUTES);
    ledger
        .runs
        .iter()
        .filter_map(|id| {
            crate::model::evidence::run_id_time(id)
                .filter(|t| *t > limit)
                .map(|t| (id.clone(), t))
        })
        .collect()
}

/// The ledger narrowed to the targets declared in the config, in config
/// order: only these count. (Ad-hoc targets never enter the ledger.) The
/// ledger is consumed, so its entries are moved, not copied.
fn declared_evidence(mut ledger: Ledger, config: &Config) -> EvidenceInput {
    EvidenceInput {
        targets: config
            .targets
            .iter()
            .map(|t| TargetInput {
                label: t.label().to_string(),
                url: t.url.clone(),
                tls: t.url.to_ascii_lowercase().starts_with("https://"),
                openapi: t.openapi.is_some(),
                oauth: t.oauth_issuer.is_some(),
                checks: ledger
                    .targets
                    .remove(&t.url)
                    .map(|e| e.checks)
                    .unwrap_or_default(),
                counts_for: Default::default(),
            })
            .collect(),
        runs: ledger.runs.len(),
        latest_run: ledger.runs.last().cloned(),
    }
}

fn known_frameworks(catalog: &Catalog) -> String {
    catalog
        .frameworks
        .iter()
        .map(|f| f.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
