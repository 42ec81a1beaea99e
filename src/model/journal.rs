//! The journal: an append-only record of every change to a workspace. Each
//! entry names the hash of its parent(s), so the journal is a hash chain (a
//! DAG where branches merged). An entry's id is the SHA-256 of its canonical
//! body (everything but the id and the signature); changing any byte of an
//! entry, or of an entry it descends from, changes the ids below it.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::answers::{Answer, AnswerSet, ANSWERS_SCHEMA_VERSION};

/// Current version of journal entries.
pub const JOURNAL_SCHEMA_VERSION: u32 = 1;

/// One change. (The large variants are the answers, and most entries are
/// answers: boxing them would save nothing.)
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// An answer set, changed or cleared (`new` None), with its old value.
    Answer {
        question: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        old: Option<Answer>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        new: Option<Answer>,
    },
    /// A probe run stored: its file and the file's SHA-256.
    Probe {
        run_id: String,
        file: String,
        sha256: String,
        /// SHA-256 of `evidence/ledger.json` with this run folded in: the
        /// derived ledger is believed only when its hash is one the journal
        /// recorded (absent in entries from before this rule).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ledger_sha256: Option<String>,
        /// The files the run was computed from (`apiassure traffic`: the
        /// access logs), each with its size and SHA-256.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        sources: Vec<SourceFile>,
    },
    /// A score snapshot appended to the history: the line's SHA-256, and
    /// the line itself so an interrupted append can be completed.
    Snapshot {
        trigger: String,
        line_sha256: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        line: String,
    },
    /// `apiassure.toml` as the tool saw it: its SHA-256.
    Config { sha256: String },
    /// Ties several heads together (after a merge) without other change.
    Merge,
    /// A control assigned to an owner (with a due date), reassigned or
    /// unassigned (`new` None), with its old assignment.
    Assign {
        control: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        old: Option<crate::model::owners::Assignment>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        new: Option<crate::model::owners::Assignment>,
    },
    /// Answers imported from a spreadsheet: the file's name and SHA-256, and
    /// how many answers it changed (each follows as its own answer entry).
    Import {
        file: String,
        sha256: String,
        changed: usize,
    },
    /// Two branches answered a question differently: both sides, kept until
    /// someone resolves it (the question counts as not assessed meanwhile).
    Conflict {
        question: String,
        sides: Vec<Answer>,
    },
    /// The ledger rebuilt from the run files (after a merge whose runs no
    /// recorded ledger covers): its SHA-256 and how many runs it folds.
    Ledger { sha256: String, runs: usize },
    /// A Statement of Applicability decision made, changed or withdrawn
    /// (`new` None), with the decision it replaced.
    Soa {
        control: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        old: Option<crate::model::soa::SoaEntry>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        new: Option<crate::model::soa::SoaEntry>,
    },
    /// An audit pack written (`report --pack`): the document id of the state
    /// it describes, its version number among the packs, and the SHA-256 of
    /// its `SHA256SUMS`.
    Pack {
        document_id: String,
        version: u32,
        sums_sha256: String,
        files: usize,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        signed: bool,
    },
    /// An occurrence of a control's periodic practice (`apiassure
    /// activity`): the day it happened, what was done, the files that show it.
    Activity {
        control: String,
        on: chrono::NaiveDate,
        note: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        attachments: Vec<crate::model::answers::Attachment>,
    },
    /// Management's response to an exception of an audit period
    /// (`apiassure respond`).
    Response { exception: String, text: String },
    /// The scores that follow rest on controls inherited from another
    /// workspace (`[[inherit]]`), read at these journal heads.
    Inherit {
        workspace: String,
        heads: Vec<String>,
        controls: Vec<String>,
    },
    /// A report approved (`approve --report`): the document id approved, in
    /// which role, with a note.
    ReportApproval {
        document_id: String,
        role: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
}

/// A file an evidence run was computed from, as the journal names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFile {
    pub file: String,
    pub bytes: u64,
    pub sha256: String,
}

/// An Ed25519 signature over the entry id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// The public key, base64 (32 bytes).
    pub key: String,
    /// The signature of the id's bytes, base64.
    pub sig: String,
}

/// One journal entry, stored as `journal/<time>-<id prefix>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub schema_version: u32,
    pub id: String,
    pub parents: Vec<String>,
    pub at: DateTime<Utc>,
    pub by: String,
    /// Recorded when the journal started for a workspace that already had
    /// this content, not when it happened.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub imported: bool,
    pub change: Change,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
}

/// The hashed part of an entry, in a fixed field order.
#[derive(Serialize)]
struct Body<'a> {
    schema_version: u32,
    parents: &'a [String],
    at: &'a DateTime<Utc>,
    by: &'a str,
    imported: bool,
    change: &'a Change,
}

impl Entry {
    /// A new entry with its id computed.
    pub fn new(
        parents: Vec<String>,
        at: DateTime<Utc>,
        by: &str,
        imported: bool,
        change: Change,
    ) -> Entry {
        let mut e = Entry {
            schema_version: JOURNAL_SCHEMA_VERSION,
            id: String::new(),
            parents,
            at,
            by: by.to_string(),
            imported,
            change,
            signature: None,
        };
        e.id = e.computed_id();
        e
    }

    /// SHA-256 (hex) of the canonical body: what the id must be.
    pub fn computed_id(&self) -> String {
        let body = Body {
            schema_version: self.schema_version,
            parents: &self.parents,
            at: &self.at,
            by: &self.by,
            imported: self.imported,
            change: &self.change,
        };
        let bytes = serde_json::to_vec(&body).expect("an entry body serializes");
        hex::encode(Sha256::digest(bytes))
    }

    /// The file name this entry is stored under.
    pub fn file_name(&self) -> String {
        format!(
            "{}-{}.json",
            self.at.format("%Y%m%dT%H%M%S%.6fZ"),
            self.id
                .char_indices()
                .nth(16)
                .map_or(self.id.as_str(), |(i, _)| &self.id[..i])
        )
    }
}

/// Entries in a replay order: parents before children, then by time and id.
pub fn ordered(entries: &[Entry]) -> Vec<&Entry> {
    let by_id: BTreeMap<&str, &Entry> = entries.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut done: HashSet<&str> = HashSet::new();
    let mut out = Vec::with_capacity(entries.len());
    let mut pending: Vec<&Entry> = entries.iter().collect();
    pending.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
    // Kahn-style passes; a missing parent does not block (verify reports it).
    while !pending.is_empty() {
        let before = pending.len();
        pending.retain(|e| {
            let ready = e
                .parents
                .iter()
                .all(|p| done.contains(p.as_str()) || !by_id.contains_key(p.as_str()));
            if ready {
                done.insert(e.id.as_str());
                out.push(*e);
            }
            !ready
        });
        if pending.len() == before {
            // A cycle (only possible in forged files): take the rest by time.
            out.append(&mut pending);
        }
    }
    out
}

/// Entries no other entry names as a parent.
pub fn heads(entries: &[Entry]) -> Vec<String> {
    let parents: HashSet<&str> = entries
        .iter()
        .flat_map(|e| e.parents.iter().map(String::as_str))
        .collect();
    let mut out: BTreeSet<String> = BTreeSet::new();
    for e in entries {
        if !parents.contains(e.id.as_str()) {
            out.insert(e.id.clone());
        }
    }
    out.into_iter().collect()
}

/// The answers the journal says `answers.toml` holds: every answer entry
/// replayed in order.
pub fn replay_answers(entries: &[Entry]) -> AnswerSet {
    let mut set = AnswerSet {
        schema_version: ANSWERS_SCHEMA_VERSION,
        ..AnswerSet::default()
    };
    for e in ordered(entries) {
        apply_answer_change(&mut set, &e.change);
    }
    set
}

/// Apply one entry's change to a replayed answer set.
fn apply_answer_change(set: &mut AnswerSet, change: &Change) {
    match change {
        Change::Answer { question, new, .. } => {
            set.conflicts.remove(question);
            match new {
                Some(a) => {
                    set.answers.insert(question.clone(), a.clone());
                }
                None => {
                    set.answers.remove(question);
                }
            }
        }
        Change::Conflict { question, sides } => {
            set.answers.remove(question);
            set.conflicts.insert(question.clone(), sides.clone());
        }
        _ => {}
    }
}

/// The answers after a git merge, from the journal alone (the merged
/// `answers.toml` may hold both sides of a question and not parse): each
/// head's history is replayed; a question both branches changed to
/// different answers, neither having seen the other's, is a conflict with
/// both sides; otherwise the side that changed it (or saw the other's
/// change) wins. `None` when the journal has a single head.
pub fn merged_answers(entries: &[Entry]) -> Option<AnswerSet> {
    let heads = heads(entries);
    if heads.len() < 2 {
        return None;
    }
    let by_id: BTreeMap<&str, &Entry> = entries.iter().map(|e| (e.id.as_str(), e)).collect();
    let order = ordered(entries);
    // Per head: its ancestry, its replayed answers, and which entry last
    // touched each question.
    struct Side<'a> {
        ancestry: HashSet<&'a str>,
        set: AnswerSet,
        setter: BTreeMap<String, &'a str>,
    }
    let sides: Vec<Side> = heads
        .iter()
        .map(|h| {
            let mut ancestry: HashSet<&str> = HashSet::new();
            let mut stack = vec![h.as_str()];
            while let Some(id) = stack.pop() {
                if let Some(e) = by_id.get(id) {
                    if ancestry.insert(e.id.as_str()) {
                        stack.extend(e.parents.iter().map(String::as_str));
                    }
                }
            }
            let mut set = AnswerSet::default();
            let mut setter = BTreeMap::new();
            for e in order.iter().filter(|e| ancestry.contains(e.id.as_str())) {
                apply_answer_change(&mut set, &e.change);
                match &e.change {
                    Change::Answer { question, .. } | Change::Conflict { question, .. } => {
                        setter.insert(question.clone(), e.id.as_str());
                    }
                    _ => {}
                }
            }
            Side {
                ancestry,
                set,
                setter,
            }
        })
        .collect();
    let questions: BTreeSet<String> = sides
        .iter()
        .flat_map(|s| s.set.answers.keys().chain(s.set.conflicts.keys()).cloned())
        .collect();
    let mut out = AnswerSet::default();
    for q in questions {
        // A side whose last change to q every other side has seen or lacks.
        let winner = sides.iter().find(|s| {
            sides.iter().all(|o| {
                std::ptr::eq(*s, o) || o.setter.get(&q).is_none_or(|id| s.ancestry.contains(id))
            })
        });
        if let Some(w) = winner {
            if let Some(a) = w.set.answers.get(&q) {
                out.answers.insert(q.clone(), a.clone());
            } else if let Some(c) = w.set.conflicts.get(&q) {
                out.conflicts.insert(q.clone(), c.clone());
            }
            continue;
        }
        // Changed on both sides without either seeing the other.
        let mut answers: Vec<Answer> = Vec::new();
        for s in &sides {
            let theirs = s
                .set
                .answers
                .get(&q)
                .into_iter()
                .chain(s.set.conflicts.get(&q).into_iter().flatten());
            for a in theirs {
                if !answers.iter().any(|x| x.same_substance(a)) {
                    answers.push(a.clone());
                }
            }
        }
        answers.sort_by_key(|a| a.at);
        match answers.len() {
            0 => {}
            // The same answer given on both branches: no conflict; the later stays.
            1 => {
                let newest = sides
                    .iter()
                    .filter_map(|s| s.set.answers.get(&q))
                    .max_by_key(|a| a.at)
                    .cloned()
                    .expect("one side holds it");
                out.answers.insert(q, newest);
            }
            _ => {
                out.conflicts.insert(q, answers);
            }
        }
    }
    Some(out)
}

/// Set `key` to `value`, or remove it for `None`: a recorded change of a
/// per-control file (owners, SoA decisions).
pub fn put<V>(map: &mut BTreeMap<String, V>, key: &str, value: Option<V>) {
    match value {
        Some(v) => {
            map.insert(key.to_string(), v);
        }
        None => {
            map.remove(key);
        }
    }
}

/// The assignments the journal says `owners.toml` holds, from its entries
/// in journal order ([`ordered`]).
pub fn replay_assignments(order: &[&Entry]) -> crate::model::owners::Assignments {
    let mut out = crate::model::owners::Assignments::default();
    for e in order {
        if let Change::Assign { control, new, .. } = &e.change {
            put(&mut out.controls, control, new.clone());
        }
    }
    out
}

/// The Statement of Applicability the journal's decisions add up to, from
/// its entries in journal order.
pub fn replay_soa(order: &[&Entry]) -> crate::model::soa::Soa {
    let mut out = crate::model::soa::Soa {
        schema_version: crate::model::soa::SOA_SCHEMA_VERSION,
        ..Default::default()
    };
    for e in order {
        if let Change::Soa { control, new, .. } = &e.change {
            put(&mut out.controls, control, new.clone());
        }
    }
    out
}

/// Each question's recorded changes, oldest first, one line each:
/// "no -> yes by dana, 2026-11-30 (note: ...)".
pub fn answer_history(entries: &[Entry]) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in ordered(entries) {
        if let Change::Answer { question, old, new } = &e.change {
            if let (Some(o), Some(n)) = (old, new) {
                if o.same_substance(n) && o.approval != n.approval {
                    if let Some(p) = &n.approval {
                        out.entry(question.clone()).or_default().push(format!(
                            "approved by {}, {}",
                            p.by,
                            p.at.format("%Y-%m-%d")
                        ));
                        continue;
                    }
                }
            }
            let v = |a: &Option<Answer>| {
                a.as_ref()
                    .map_or("(none)".to_string(), |a| a.answer.to_string())
            };
            let note = match new {
                Some(n) if !n.note.is_empty() && old.as_ref().is_none_or(|o| o.note != n.note) => {
                    format!(" (note: {})", n.note.lines().next().unwrap_or(""))
                }
                _ => String::new(),
            };
            out.entry(question.clone()).or_default().push(format!(
                "{} -> {} by {}, {}{note}{}",
                v(old),
                v(new),
                e.by,
                e.at.format("%Y-%m-%d"),
                if e.imported { " (imported)" } else { "" }
            ));
        }
    }
    out
}

/// The journal entries that turn `before` into `after`, one per question.
pub fn answer_changes(before: &AnswerSet, after: &AnswerSet) -> Vec<Change> {
    let ids: BTreeSet<&String> = before.answers.keys().chain(after.answers.keys()).collect();
    ids.into_iter()
        .filter_map(|q| {
            let old = before.answers.get(q);
            let new = after.answers.get(q);
            (old != new).then(|| Change::Answer {
                question: q.clone(),
                old: old.cloned(),
                new: new.cloned(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AnswerValue;

    fn t(s: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + s, 0).unwrap()
    }

    #[test]
    fn ids_cover_every_field_but_the_signature() {
        let e = Entry::new(vec![], t(0), "dana", false, Change::Merge);
        assert_eq!(e.id, e.computed_id());
        let mut edited = e.clone();
        edited.by = "eve".into();
        assert_ne!(edited.computed_id(), e.id);
        let mut signed = e.clone();
        signed.signature = Some(Signature {
            key: "k".into(),
            sig: "s".into(),
        });
        assert_eq!(signed.computed_id(), e.id);
    }

    #[test]
    fn replay_follows_parents_and_heads_are_the_tips() {
        let mut before = AnswerSet::default();
        let mut after = before.clone();
        after.set("Q.1", AnswerValue::Yes, "dana", t(1));
        let c1 = answer_changes(&before, &after);
        let e1 = Entry::new(vec![], t(1), "dana", false, c1[0].clone());
        before = after.clone();
        after.set("Q.1", AnswerValue::No, "lee", t(2));
        let c2 = answer_changes(&before, &after);
        let e2 = Entry::new(vec![e1.id.clone()], t(2), "lee", false, c2[0].clone());
        // A branch from e1 answering another question.
        let mut other = before.clone();
        other.set("Q.2", AnswerValue::Partial, "sam", t(3));
        let c3 = answer_changes(&before, &other);
        let e3 = Entry::new(vec![e1.id.clone()], t(3), "sam", false, c3[0].clone());
        let all = vec![e3.clone(), e2.clone(), e1.clone()];
        let mut h = heads(&all);
        h.sort();
        let mut want = vec![e2.id.clone(), e3.id.clone()];
        want.sort();
        assert_eq!(h, want);
        let set = replay_answers(&all);
        assert_eq!(set.get("Q.1").unwrap().answer, AnswerValue::No);
        assert_eq!(set.get("Q.2").unwrap().answer, AnswerValue::Partial);
    }
}
