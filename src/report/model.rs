//! The format-neutral report: sections of headings, paragraphs, key-value
//! lists and tables. `build` fills it from workspace data; the PDF layout
//! and the Markdown renderer read it. Keeping it plain data lets tests check
//! what a report says without parsing PDF bytes.

/// A whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    /// Shown in every page header and footer: the organisation.
    pub organisation: String,
    /// Generation date shown in the page header.
    pub date: String,
    /// The classification marking on every page ("Confidential"); empty
    /// for none.
    pub classification: String,
    pub sections: Vec<Section>,
}

/// A top-level part of the report (cover, executive summary, one framework...).
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: String,
    /// Start the section on a fresh page in paged formats.
    pub new_page: bool,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A sub-heading; level 2 sits under the section title, 3 under that.
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(String),
    /// Label and value pairs, e.g. the cover's organisation and scope.
    KeyValue(Vec<(String, String)>),
    Bullets(Vec<String>),
    Table(Table),
    /// A bar or line chart of 0-100 values; formats without pictures show
    /// its table.
    Chart(Chart),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// One group of horizontal bars per label, one bar per series.
    Bars,
    /// One line per series over the labels (left to right).
    Lines,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub kind: ChartKind,
    /// What is plotted, shown above the chart.
    pub caption: String,
    pub series: Vec<String>,
    pub labels: Vec<String>,
    /// `values[label][series]`, 0-100; None where there is no value.
    pub values: Vec<Vec<Option<f64>>>,
}

impl Chart {
    /// The same numbers as a table (Markdown, HTML, plain text).
    pub fn table(&self) -> Table {
        let first = match self.kind {
            ChartKind::Bars => "",
            ChartKind::Lines => "When",
        };
        let mut cols: Vec<(&str, f32)> = vec![(first, 2.0)];
        cols.extend(self.series.iter().map(|s| (s.as_str(), 1.0)));
        let mut t = Table::new(&cols);
        for (label, vals) in self.labels.iter().zip(&self.values) {
            let mut row = vec![label.clone()];
            row.extend(
                vals.iter()
                    .map(|v| v.map_or_else(|| "n/a".to_string(), |v| format!("{v:.1}"))),
            );
            t.row(row);
        }
        t
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    /// Share of the text width, relative to the other columns.
    pub width: f32,
    /// Hashes and ids read better in a monospace face.
    pub mono: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with proportional columns given as `(title, width)`.
    pub fn new(columns: &[(&str, f32)]) -> Table {
        Table {
            columns: columns
                .iter()
                .map(|(title, width)| Column {
                    title: title.to_string(),
                    width: *width,
                    mono: false,
                })
                .collect(),
            rows: Vec::new(),
        }
    }

    /// Set column `index` in a monospace face.
    pub fn mono(mut self, index: usize) -> Table {
        if let Some(c) = self.columns.get_mut(index) {
            c.mono = true;
        }
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.columns.len(), "row width");
        self.rows.push(cells);
    }
}

impl Section {
    pub fn new(title: impl Into<String>, new_page: bool) -> Section {
        Section {
            title: title.into(),
            new_page,
            blocks: Vec::new(),
        }
    }

    pub fn heading(&mut self, level: u8, text: impl Into<String>) {
        self.blocks.push(Block::Heading {
            level,
            text: text.into(),
        });
    }

    pub fn paragraph(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph(text.into()));
    }

    pub fn key_values(&mut self, pairs: Vec<(&str, String)>) {
        self.blocks.push(Block::KeyValue(
            pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        ));
    }

    pub fn bullets(&mut self, items: Vec<String>) {
        if !items.is_empty() {
            self.blocks.push(Block::Bullets(items));
        }
    }

    pub fn table(&mut self, table: Table) {
        self.blocks.push(Block::Table(table));
    }

    pub fn chart(&mut self, chart: Chart) {
        self.blocks.push(Block::Chart(chart));
    }
}

impl Document {
    pub fn section(&self, title: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.title == title)
    }

    /// Every piece of text in order, for tests and search.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for s in &self.sections {
            out.push_str(&s.title);
            out.push('\n');
            for b in &s.blocks {
                match b {
                    Block::Heading { text, .. } | Block::Paragraph(text) => {
                        out.push_str(text);
                        out.push('\n');
                    }
                    Block::KeyValue(pairs) => {
                        for (k, v) in pairs {
                            out.push_str(&format!("{k}: {v}\n"));
                        }
                    }
                    Block::Bullets(items) => {
                        for i in items {
                            out.push_str(&format!("- {i}\n"));
                        }
                    }
                    Block::Chart(c) => {
                        let t = c.table();
                        out.push_str(&c.caption);
                        out.push('\n');
                        for r in &t.rows {
                            out.push_str(&r.join(" | "));
                            out.push('\n');
                        }
                    }
                    Block::Table(t) => {
                        let head: Vec<&str> = t.columns.iter().map(|c| c.title.as_str()).collect();
                        out.push_str(&head.join(" | "));
                        out.push('\n');
                        for r in &t.rows {
                            out.push_str(&r.join(" | "));
                            out.push('\n');
                        }
                    }
                }
            }
        }
        out
    }
}
