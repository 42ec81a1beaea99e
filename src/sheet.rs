//! Spreadsheets in: the rows of a CSV file (RFC 4180, as `questions --format
//! csv` writes it, UTF-8 with or without a byte-order mark) or of the first
//! worksheet of an XLSX workbook, as text cells under a header row. Cells the
//! CSV writer defused against formula injection (a leading `'` before `=`,
//! `+`, `-`, `@`, tab or CR) are read back as typed.

use std::path::Path;

/// A read spreadsheet: the header and the data rows (1-based row numbers as
/// the spreadsheet shows them).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Sheet {
    /// The index of a header column, matched without regard to case.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("{path}: {message}")]
    Bad { path: String, message: String },
    #[error("{path}: {source}")]
    Layout { path: String, source: LayoutError },
}

/// Why a sheet's text is not a table of rows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    #[error("the sheet is empty: it needs a header row (id, answer, note, ...)")]
    Empty,
    #[error("line {line}: a quoted field is not closed; fix the quotes or export the sheet again")]
    UnclosedQuote { line: usize },
}

fn layout(path: &Path, source: LayoutError) -> SheetError {
    SheetError::Layout {
        path: path.display().to_string(),
        source,
    }
}

fn bad(path: &Path, message: impl Into<String>) -> SheetError {
    SheetError::Bad {
        path: path.display().to_string(),
        message: message.into(),
    }
}

/// The biggest spreadsheet read (far above a questionnaire's few hundred rows).
pub const SHEET_CAP: u64 = 32 << 20;

/// Read a spreadsheet by its extension: `.xlsx` (or `.xlsm`) as a workbook,
/// anything else as CSV.
pub fn read(path: &Path) -> Result<(Sheet, Vec<u8>), SheetError> {
    let bytes = crate::files::read(path, SHEET_CAP).map_err(|e| bad(path, e.to_string()))?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let sheet = if ext == "xlsx" || ext == "xlsm" {
        xlsx(path, &bytes)?
    } else {
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            bad(
                path,
                format!(
                    "not UTF-8 text (byte {}); save the sheet as CSV UTF-8",
                    e.valid_up_to()
                ),
            )
        })?;
        csv(text).map_err(|e| layout(path, e))?
    };
    Ok((sheet, bytes))
}

fn undefuse(cell: String) -> String {
    match cell.strip_prefix('\'') {
        Some(rest)
            if rest
                .trim_start_matches([' ', '\u{a0}'])
                .starts_with(['=', '+', '-', '@', '\t', '\r', '\n']) =>
        {
            rest.to_string()
        }
        _ => cell,
    }
}

fn into_sheet(mut records: Vec<(usize, Vec<String>)>) -> Result<Sheet, LayoutError> {
    records.retain(|(_, r)| r.iter().any(|c| !c.trim().is_empty()));
    if records.is_empty() {
        return Err(LayoutError::Empty);
    }
    let (_, header) = records.remove(0);
    let rows = records
        .into_iter()
        .map(|(n, r)| (n, r.into_iter().map(undefuse).collect()))
        .collect();
    Ok(Sheet { header, rows })
}

/// Parse RFC 4180 CSV (quoted fields, `""` escapes, CRLF or LF line ends).
pub fn csv(text: &str) -> Result<Sheet, LayoutError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records: Vec<(usize, Vec<String>)> = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1usize;
    let mut start = 1usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push((start, std::mem::take(&mut record)));
                line += 1;
                start = line;
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(LayoutError::UnclosedQuote { line: start });
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push((start, record));
    }
    into_sheet(records)
}

fn xlsx(path: &Path, bytes: &[u8]) -> Result<Sheet, SheetError> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|e| bad(path, format!("not a readable XLSX workbook ({e})")))?;
    let Some(name) = book.sheet_names().first().cloned() else {
        return Err(bad(path, "the workbook has no worksheet"));
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| bad(path, format!("worksheet '{name}': {e}")))?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let records = range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            (
                first_row + i + 1,
                row.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
            )
        })
        .collect();
    into_sheet(records).map_err(|e| layout(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_reads_what_the_csv_writer_writes() {
        // As `questions --format csv` writes it: quoted fields, CRLF, and a
        // formula defused with a leading quote.
        let written = "id,answer,note\r\nA.1,yes,\"two\nlines, \"\"quoted\"\"\"\r\nA.2,no,\"'=HYPERLINK(\"\"x\"\")\"\r\n";
        let sheet = csv(&format!("\u{feff}{written}")).unwrap();
        assert_eq!(sheet.header, ["id", "answer", "note"]);
        assert_eq!(sheet.rows[0].1[2], "two\nlines, \"quoted\"");
        assert_eq!(
            sheet.rows[1].1[2], "=HYPERLINK(\"x\")",
            "the defusing is undone"
        );
        assert_eq!(sheet.rows[1].0, 4, "row numbers count lines");
        assert_eq!(
            csv("id,note\n\"open,x\n").unwrap_err(),
            LayoutError::UnclosedQuote { line: 2 }
        );
        assert_eq!(csv("\r\n,,\r\n").unwrap_err(), LayoutError::Empty);
    }
}
