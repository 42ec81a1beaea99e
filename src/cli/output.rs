//! How commands print: the `--format` choice shared by the listing commands,
//! CSV rows (RFC 4180, formulas defused, as in the CSV report), and the
//! global `--quiet` switch.
//!
//! Data a caller asked for (JSON, CSV, `evidence show`, completions) is
//! always printed; tables and confirmations are not under `--quiet`. Errors
//! and the reason for a failing gate always go to standard error.

use std::sync::atomic::{AtomicBool, Ordering};

static QUIET: AtomicBool = AtomicBool::new(false);

pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned text for people.
    #[default]
    Table,
    /// JSON with `schema_version` (schemas in docs/schema/).
    Json,
    /// RFC 4180 CSV with a header row.
    Csv,
}

/// `--format table|json|csv`, with `--json` kept as a short form.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FormatArgs {
    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "json")]
    pub format: Option<Format>,
    /// Same as --format json.
    #[arg(long)]
    pub json: bool,
}

impl FormatArgs {
    pub fn format(&self) -> Format {
        match (self.format, self.json) {
            (Some(f), _) => f,
            (None, true) => Format::Json,
            (None, false) => Format::Table,
        }
    }

    pub fn json() -> FormatArgs {
        FormatArgs {
            format: Some(Format::Json),
            json: false,
        }
    }
}

/// Write data to standard output as is (the caller's `?` turns a closed
/// pipe into a quiet exit, as with `outln!`).
pub fn write(data: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    out.write_all(crate::sanitize::data(data).as_bytes())?;
    out.flush()
}

/// A value as pretty JSON that is safe to print on a terminal: the
/// characters JSON leaves raw (DEL, C1, bidirectional controls) escaped as
/// `\uXXXX`, so the value read back is unchanged.
pub fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    Ok(crate::sanitize::json(&serde_json::to_string_pretty(value)?).into_owned())
}

/// A CSV document: the header, then one line per row, CRLF line ends.
pub fn csv<I, R>(header: &[&str], rows: I) -> String
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = String>,
{
    let mut out = String::new();
    line(&mut out, header.iter().map(|h| h.to_string()));
    for row in rows {
        line(&mut out, row);
    }
    out
}

fn line(out: &mut String, cells: impl IntoIterator<Item = String>) {
    let cells: Vec<String> = cells
        .into_iter()
        .map(|c| crate::report::csv::quote(&c))
        .collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_a_header_and_quotes_cells() {
        let out = csv(&["a", "b"], [vec!["x, y".to_string(), "=1+1".to_string()]]);
        assert_eq!(out, "a,b\r\n\"x, y\",'=1+1\r\n");
    }
}
