//! Measures what one change costs as the journal grows: a workspace with N
//! journal entries (answers changed N times, a chain as real use makes it),
//! then one `answer` as the command does it (lock, recover, journal, write).
//! The first change after the journal was written by someone else (a git
//! pull) rebuilds the local index once; every later change reads only the
//! index and the head entries.
//!
//! Run in release mode: `scripts/bench-journal.sh` or
//! `cargo run --release --example bench_journal -- 1000 100000`.

use std::time::{Duration, Instant};

use apiassure::model::journal::{answer_changes, Entry};
use apiassure::model::{AnswerSet, AnswerValue};
use apiassure::workspace::{render_answers, Workspace};

fn main() -> anyhow::Result<()> {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse())
        .collect::<Result<_, _>>()?;
    let sizes = if sizes.is_empty() {
        vec![1_000, 100_000]
    } else {
        sizes
    };
    println!(
        "entries   first change (index rebuilt)   later changes (median of 20)   journal on disk"
    );
    for n in sizes {
        let temp = tempfile::tempdir()?;
        let ws = Workspace::init(temp.path(), "Bench", "Bench API")?;
        let questions: Vec<String> = ws
            .catalog()?
            .questions()
            .map(|(_, q)| q.id.clone())
            .take(150)
            .collect();
        grow(&ws, n, &questions)?;
        let bytes: u64 = std::fs::read_dir(ws.path("journal"))?
            .filter_map(|e| e.ok()?.metadata().ok())
            .map(|m| m.len())
            .sum();
        let change = |i: usize| -> anyhow::Result<Duration> {
            let t = Instant::now();
            ws.update_answers(|set| {
                set.set(
                    &questions[i % questions.len()],
                    if i.is_multiple_of(2) {
                        AnswerValue::Partial
                    } else {
                        AnswerValue::No
                    },
                    "bench",
                    chrono::Utc::now(),
                );
            })?;
            Ok(t.elapsed())
        };
        let first = change(0)?;
        let mut later: Vec<Duration> = (1..=20).map(change).collect::<Result<_, _>>()?;
        later.sort();
        println!(
            "{n:>7}   {:>12.1} ms                {:>10.2} ms                   {:.1} MB",
            ms(first),
            ms(later[later.len() / 2]),
            bytes as f64 / 1e6
        );
        let report = apiassure::workspace::verify::verify(&ws, &Default::default())?;
        assert!(report.ok(), "the generated journal verifies");
    }
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Write `n` answer changes straight into the journal (no fsync per entry:
/// this only builds the fixture), as a chain, and the answers they lead to.
fn grow(ws: &Workspace, n: usize, questions: &[String]) -> anyhow::Result<()> {
    let dir = ws.path("journal");
    let mut head = apiassure::model::journal::heads(&ws.journal().entries()?);
    let mut set = ws.answers()?;
    let start = chrono::Utc::now() - chrono::Duration::days(365);
    for i in 0..n {
        let before: AnswerSet = set.clone();
        let at = start + chrono::Duration::milliseconds(i as i64 * 10);
        let value = [AnswerValue::Yes, AnswerValue::No, AnswerValue::Partial][i % 3];
        set.set(&questions[i % questions.len()], value, "bench", at);
        for change in answer_changes(&before, &set) {
            let e = Entry::new(head.clone(), at, "bench", false, change);
            let mut bytes = serde_json::to_vec_pretty(&e)?;
            bytes.push(b'\n');
            std::fs::write(dir.join(e.file_name()), bytes)?;
            head = vec![e.id];
        }
    }
    std::fs::write(ws.path("answers.toml"), render_answers(&set))?;
    Ok(())
}
