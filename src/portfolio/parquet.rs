//! `portfolio --export parquet -o DIR`: the portfolio as Apache Parquet
//! tables that DuckDB on a laptop and Spark or Trino at organisation scale
//! read alike. Rows are buffered per table and written as row groups of
//! [`ROW_GROUP`] rows, so memory holds one group per table, never the
//! portfolio. Column names avoid SQL keywords (`answered_at`, not `at`),
//! so every engine reads them unquoted. Names and types are stable, listed in
//! docs/guide/portfolio.md (and in [`TABLES`]); timestamps are UTC
//! microseconds, scores doubles from 0 to 100.
//!
//! Files are written as `NAME.parquet.part` and renamed when complete: a
//! reader never sees half a table.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use parquet::basic::Compression;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use super::{Opened, Summary, View};

/// Rows per row group.
pub const ROW_GROUP: usize = 64 * 1024;

/// Column types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// UTF-8 string.
    Str,
    /// 64-bit float.
    F64,
    /// 64-bit integer.
    I64,
    Bool,
    /// UTC timestamp, microseconds.
    Ts,
}

impl Kind {
    fn parquet(self) -> &'static str {
        match self {
            Kind::Str => "BYTE_ARRAY",
            Kind::F64 => "DOUBLE",
            Kind::I64 | Kind::Ts => "INT64",
            Kind::Bool => "BOOLEAN",
        }
    }

    fn annotation(self) -> &'static str {
        match self {
            Kind::Str => " (UTF8)",
            Kind::Ts => " (TIMESTAMP(MICROS,true))",
            _ => "",
        }
    }

    /// As the guide names it.
    pub fn sql(self) -> &'static str {
        match self {
            Kind::Str => "VARCHAR",
            Kind::F64 => "DOUBLE",
            Kind::I64 => "BIGINT",
            Kind::Bool => "BOOLEAN",
            Kind::Ts => "TIMESTAMP WITH TIME ZONE",
        }
    }
}

use Kind::{Bool, Str, Ts, F64, I64};

/// Every table and its columns, in file order.
pub const TABLES: &[(&str, &[(&str, Kind)])] = &[
    (
        "workspaces",
        &[
            ("workspace", Str),
            ("team", Str),
            ("owner", Str),
            ("tier", Str),
            ("organisation", Str),
            ("system", Str),
            ("conflicts", I64),
            ("overdue", I64),
            ("evidence_expected", I64),
            ("evidence_current", I64),
            ("evidence_stale", I64),
            ("evidence_latest", Ts),
            ("last_probe", Ts),
            ("verify_ok", Bool),
            ("verify_problems", I64),
            ("journal_entries", I64),
            ("inherits", Str),
            ("error", Str),
        ],
    ),
    (
        "frameworks",
        &[
            ("workspace", Str),
            ("framework", Str),
            ("name", Str),
            ("score", F64),
            ("band", Str),
            ("coverage", F64),
            ("evidence_coverage", F64),
            ("conflicts", I64),
        ],
    ),
    (
        "scores",
        &[
            ("workspace", Str),
            ("framework", Str),
            ("requirement", Str),
            ("title", Str),
            ("weight", F64),
            ("score", F64),
            ("band", Str),
        ],
    ),
    (
        "controls",
        &[
            ("workspace", Str),
            ("control", Str),
            ("title", Str),
            ("domain", Str),
            ("score", F64),
            ("attested", F64),
            ("automated", F64),
            ("limited_by_evidence", Bool),
            ("inherited_from", Str),
        ],
    ),
    (
        "answers",
        &[
            ("workspace", Str),
            ("question", Str),
            ("control", Str),
            ("answer", Str),
            ("note", Str),
            ("answered_by", Str),
            ("answered_at", Ts),
            ("evidence_links", I64),
            ("attachments", I64),
            ("inherited_from", Str),
        ],
    ),
    (
        "checks",
        &[
            ("workspace", Str),
            ("target", Str),
            ("url", Str),
            ("check_id", Str),
            ("result", Str),
            ("summary", Str),
            ("observed_at", Ts),
            ("run_id", Str),
            ("stale", Bool),
            ("last_failed_attempt", Str),
        ],
    ),
    (
        "history",
        &[
            ("workspace", Str),
            ("recorded_at", Ts),
            ("trigger", Str),
            ("framework", Str),
            ("score", F64),
            ("coverage", F64),
            ("band", Str),
        ],
    ),
    (
        "exceptions",
        &[
            ("workspace", Str),
            ("exception", Str),
            ("kind", Str),
            ("controls", Str),
            ("target", Str),
            ("check_id", Str),
            ("result", Str),
            ("started_at", Ts),
            ("ended_at", Ts),
            ("is_open", Bool),
            ("duration_days", F64),
            ("summary", Str),
        ],
    ),
];

/// One cell.
#[derive(Debug, Clone)]
pub enum Value {
    Str(Option<String>),
    F64(Option<f64>),
    I64(Option<i64>),
    Bool(Option<bool>),
    Ts(Option<DateTime<Utc>>),
}

fn s(v: impl Into<String>) -> Value {
    let v = v.into();
    Value::Str((!v.is_empty()).then_some(v))
}

fn opt(v: Option<&str>) -> Value {
    Value::Str(v.filter(|x| !x.is_empty()).map(str::to_string))
}

fn n(v: usize) -> Value {
    Value::I64(Some(v as i64))
}

enum Buffer {
    Str(Vec<Option<String>>),
    F64(Vec<Option<f64>>),
    I64(Vec<Option<i64>>),
    Bool(Vec<Option<bool>>),
}

struct Table {
    name: &'static str,
    kinds: Vec<Kind>,
    buffers: Vec<Buffer>,
    writer: SerializedFileWriter<File>,
    part: PathBuf,
    rows: usize,
    buffered: usize,
}

fn perr(e: parquet::errors::ParquetError) -> std::io::Error {
    std::io::Error::other(format!("Parquet: {e}"))
}

impl Table {
    fn create(dir: &Path, name: &'static str, columns: &[(&str, Kind)]) -> std::io::Result<Table> {
        let fields: String = columns
            .iter()
            .map(|(c, k)| format!("  OPTIONAL {} {c}{};\n", k.parquet(), k.annotation()))
            .collect();
        let schema = parse_message_type(&format!("message {name} {{\n{fields}}}")).map_err(perr)?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(concat!("apiassure ", env!("CARGO_PKG_VERSION")).to_string())
            .build();
        let part = dir.join(format!("{name}.parquet.part"));
        let file = File::create(&part)?;
        let writer =
            SerializedFileWriter::new(file, Arc::new(schema), Arc::new(props)).map_err(perr)?;
        Ok(Table {
            name,
            kinds: columns.iter().map(|(_, k)| *k).collect(),
            buffers: columns
                .iter()
                .map(|(_, k)| match k {
                    Kind::Str => Buffer::Str(Vec::new()),
                    Kind::F64 => Buffer::F64(Vec::new()),
                    Kind::I64 | Kind::Ts => Buffer::I64(Vec::new()),
                    Kind::Bool => Buffer::Bool(Vec::new()),
                })
                .collect(),
            writer,
            part,
            rows: 0,
            buffered: 0,
        })
    }

    fn push(&mut self, row: Vec<Value>) -> std::io::Result<()> {
        debug_assert_eq!(row.len(), self.kinds.len(), "{}: row width", self.name);
        for (buf, v) in self.buffers.iter_mut().zip(row) {
            match (buf, v) {
                (Buffer::Str(b), Value::Str(x)) => b.push(x),
                (Buffer::F64(b), Value::F64(x)) => b.push(x.filter(|f| f.is_finite())),
                (Buffer::I64(b), Value::I64(x)) => b.push(x),
                (Buffer::I64(b), Value::Ts(x)) => b.push(x.map(|t| t.timestamp_micros())),
                (Buffer::Bool(b), Value::Bool(x)) => b.push(x),
                _ => {
                    return Err(std::io::Error::other(format!(
                        "{}: a value of the wrong type (a bug)",
                        self.name
                    )))
                }
            }
        }
        self.rows += 1;
        self.buffered += 1;
        if self.buffered >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buffered == 0 {
            return Ok(());
        }
        let mut rg = self.writer.next_row_group().map_err(perr)?;
        for buf in &mut self.buffers {
            let mut col = rg
                .next_column()
                .map_err(perr)?
                .ok_or_else(|| std::io::Error::other("Parquet: fewer columns than the schema"))?;
            fn defs<T>(v: &[Option<T>]) -> Vec<i16> {
                v.iter().map(|x| i16::from(x.is_some())).collect()
            }
            match buf {
                Buffer::Str(v) => {
                    let values: Vec<ByteArray> = v
                        .iter()
                        .flatten()
                        .map(|s| ByteArray::from(s.as_str()))
                        .collect();
                    col.typed::<ByteArrayType>()
                        .write_batch(&values, Some(&defs(v)), None)
                        .map_err(perr)?;
                    v.clear();
                }
                Buffer::F64(v) => {
                    let values: Vec<f64> = v.iter().flatten().copied().collect();
                    col.typed::<DoubleType>()
                        .write_batch(&values, Some(&defs(v)), None)
                        .map_err(perr)?;
                    v.clear();
                }
                Buffer::I64(v) => {
                    let values: Vec<i64> = v.iter().flatten().copied().collect();
                    col.typed::<Int64Type>()
                        .write_batch(&values, Some(&defs(v)), None)
                        .map_err(perr)?;
                    v.clear();
                }
                Buffer::Bool(v) => {
                    let values: Vec<bool> = v.iter().flatten().copied().collect();
                    col.typed::<BoolType>()
                        .write_batch(&values, Some(&defs(v)), None)
                        .map_err(perr)?;
                    v.clear();
                }
            }
            col.close().map_err(perr)?;
        }
        rg.close().map_err(perr)?;
        self.buffered = 0;
        Ok(())
    }

    fn finish(mut self) -> std::io::Result<(String, usize)> {
        self.flush()?;
        self.writer.close().map_err(perr)?;
        let done = self.part.with_extension("");
        std::fs::rename(&self.part, &done)?;
        Ok((format!("{}.parquet", self.name), self.rows))
    }
}

/// Writes the tables while the portfolio is walked.
pub struct Exporter {
    tables: Vec<Table>,
}

impl Exporter {
    /// Create the folder (if needed) and every table's file.
    pub fn create(dir: &Path) -> std::io::Result<Exporter> {
        std::fs::create_dir_all(dir)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
        let tables = TABLES
            .iter()
            .map(|(name, cols)| Table::create(dir, name, cols))
            .collect::<std::io::Result<Vec<_>>>()
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
        Ok(Exporter { tables })
    }

    fn table(&mut self, name: &str) -> &mut Table {
        self.tables
            .iter_mut()
            .find(|t| t.name == name)
            .expect("every table is created")
    }

    /// Add one workspace's rows.
    pub fn add(&mut self, w: &Summary, opened: Option<&Opened<'_>>) -> std::io::Result<()> {
        let ws = w.member.path.clone();
        let id = || s(ws.clone());
        self.table("workspaces").push(vec![
            id(),
            opt(w.member.team.as_deref()),
            opt(w.member.owner.as_deref()),
            opt(w.member.tier.as_deref()),
            s(w.organisation.clone()),
            s(w.system.clone()),
            n(w.conflicts),
            n(w.overdue),
            n(w.evidence_expected),
            n(w.evidence_current),
            n(w.evidence_stale),
            Value::Ts(w.evidence_latest),
            Value::Ts(w.last_probe),
            Value::Bool(w.error.is_none().then_some(w.verify.ok)),
            n(w.verify.problems),
            n(w.verify.entries),
            s(w.inherits.join(", ")),
            opt(w.error.as_deref()),
        ])?;
        for f in &w.frameworks {
            self.table("frameworks").push(vec![
                id(),
                s(f.id.clone()),
                s(f.name.clone()),
                Value::F64(f.score),
                s(f.band.clone()),
                Value::F64(Some(f.coverage)),
                Value::F64(f.evidence_coverage),
                n(f.conflicts),
            ])?;
        }
        let Some(o) = opened else { return Ok(()) };
        let a = o.assessment;
        for f in a.scope.iter().filter_map(|id| a.card.framework(id)) {
            for r in &f.requirements {
                self.table("scores").push(vec![
                    id(),
                    s(f.id.clone()),
                    s(r.id.clone()),
                    s(r.title.clone()),
                    Value::F64(Some(r.weight)),
                    Value::F64(r.score),
                    s(r.band.label()),
                ])?;
            }
        }
        for c in &a.card.controls {
            let source = a
                .inherited
                .iter()
                .find(|s| s.controls.contains(&c.id))
                .map(|s| s.workspace.as_str());
            self.table("controls").push(vec![
                id(),
                s(c.id.clone()),
                s(c.title.clone()),
                s(c.domain.clone()),
                Value::F64(c.score),
                Value::F64(c.attested),
                Value::F64(c.automated),
                Value::Bool(Some(c.limited_by_evidence)),
                opt(source),
            ])?;
        }
        // Own answers, then the inherited ones with their source.
        let mut rows: Vec<(String, &crate::model::Answer, Option<&str>)> = Vec::new();
        for (q, ans) in &a.answers.answers {
            if a.inherited_from(q).is_none() {
                rows.push((q.clone(), ans, None));
            }
        }
        for src in &a.inherited {
            for (q, ans) in &src.answers {
                rows.push((q.clone(), ans, Some(src.workspace.as_str())));
            }
        }
        for (q, ans, source) in rows {
            let control = a.catalog.question(&q).map(|(c, _)| c.id.clone());
            self.table("answers").push(vec![
                id(),
                s(q),
                opt(control.as_deref()),
                s(ans.answer.as_str()),
                s(ans.note.clone()),
                s(ans.by.clone()),
                Value::Ts(Some(ans.at)),
                n(ans.evidence.len()),
                n(ans.attachments.len()),
                opt(source),
            ])?;
        }
        for t in &a.evidence.targets {
            for (check, e) in &t.checks {
                let Some(cur) = &e.current else { continue };
                self.table("checks").push(vec![
                    id(),
                    s(t.label.clone()),
                    s(t.url.clone()),
                    s(check.as_str()),
                    s(cur.result.as_str()),
                    s(cur.summary.to_string()),
                    Value::Ts(Some(cur.at)),
                    s(cur.run_id.to_string()),
                    Value::Bool(Some(a.policy.is_stale(cur.at))),
                    opt(e.attempt.as_ref().map(|x| &*x.summary)),
                ])?;
            }
        }
        for snap in o.history {
            for f in &snap.frameworks {
                self.table("history").push(vec![
                    id(),
                    Value::Ts(Some(snap.at)),
                    s(snap.trigger.clone()),
                    s(f.id.clone()),
                    Value::F64(f.score),
                    Value::F64(Some(f.coverage)),
                    opt(f.band.as_deref()),
                ])?;
            }
        }
        if let Some(p) = &a.config.audit.period {
            if let Ok(period) = crate::period::Period::parse(p) {
                if let Ok(report) =
                    crate::period::analyse(o.ws, &a.catalog, &a.config, period, a.policy.now)
                {
                    for ex in &report.exceptions {
                        self.table("exceptions").push(vec![
                            id(),
                            s(ex.id.clone()),
                            s(match ex.kind {
                                crate::period::ExceptionKind::Check => "check",
                                crate::period::ExceptionKind::MissedActivity => "missed-activity",
                            }),
                            s(ex.controls.join(", ")),
                            opt(ex.target.as_deref()),
                            opt(ex.check.as_deref()),
                            s(ex.result.clone()),
                            Value::Ts(Some(ex.start)),
                            Value::Ts(ex.end),
                            Value::Bool(Some(ex.open)),
                            Value::F64(Some(ex.duration_days)),
                            s(ex.summary.clone()),
                        ])?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Close every table; returns (file, rows) per table.
    pub fn finish(self, _view: &View) -> std::io::Result<Vec<(String, usize)>> {
        self.tables.into_iter().map(Table::finish).collect()
    }
}
