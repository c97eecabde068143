//! The document model: small on purpose, one variant per kind of block.

use chrono::NaiveDate;

use crate::ReportError;

/// A document to render: MACE minutes, an action register, a board pack.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Shown as the level-1 heading, in the PDF title bar and as the workbook's title.
    pub title: String,
    /// BCP 47 language tag of the text, e.g. `en-GB` or `cy`. Welsh (`cy…`) also switches the
    /// words the renderers add themselves ("Tudalen 1 o 3", month names).
    pub language: String,
    /// The Government Security Classifications marking, on every page and sheet.
    pub marking: Marking,
    /// Who produced it, e.g. "Morlais MACE — Morlais Police".
    pub author: String,
    /// The date it was produced.
    pub created: NaiveDate,
    /// The body, in reading order.
    pub blocks: Vec<Block>,
}

/// A protective marking (Government Security Classifications).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marking {
    Official,
    OfficialSensitive,
}

impl Marking {
    /// The marking as it is printed: `OFFICIAL` or `OFFICIAL-SENSITIVE` (never translated).
    pub fn as_str(self) -> &'static str {
        match self {
            Marking::Official => "OFFICIAL",
            Marking::OfficialSensitive => "OFFICIAL-SENSITIVE",
        }
    }
}

impl std::fmt::Display for Marking {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One block of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section heading. The document title is the only level-1 heading, so levels run 2–6;
    /// a level outside that range is clamped to it.
    Heading { level: u8, text: String },
    /// A paragraph; a `\n` inside it starts a new line.
    Paragraph(String),
    /// Labelled facts (a definition list), e.g. date, chair, attendees.
    Facts(Vec<(String, String)>),
    /// A table with a caption and one header row.
    Table(Table),
    /// A chart ([`crate::chart::Chart`]) and, after it, the table of its data, so that nothing is
    /// told by the picture alone: in the PDF a `Figure` drawn with paths, its title as the
    /// alternative text, then the `Table`; in XLSX and CSV only the table.
    Chart(crate::chart::Chart),
}

/// A table: a caption, one header row and rows of cells (each row as long as the header).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Names the table: the PDF caption, the XLSX sheet name (shortened to fit), error messages.
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A table cell. Numbers and dates keep their type in XLSX (a number is a number, a date a
/// date) and are right-aligned in the PDF.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::Text(text.to_owned())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::Text(text)
    }
}

impl From<f64> for Cell {
    fn from(n: f64) -> Self {
        Cell::Number(n)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        // Counts in haven are far below 2^53: exact as f64.
        Cell::Number(n as f64)
    }
}

impl From<NaiveDate> for Cell {
    fn from(d: NaiveDate) -> Self {
        Cell::Date(d)
    }
}

impl Document {
    /// A document with no blocks yet.
    pub fn new(
        title: impl Into<String>,
        language: impl Into<String>,
        marking: Marking,
        author: impl Into<String>,
        created: NaiveDate,
    ) -> Self {
        Document {
            title: title.into(),
            language: language.into(),
            marking,
            author: author.into(),
            created,
            blocks: Vec::new(),
        }
    }

    /// Adds a block (builder style).
    #[must_use]
    pub fn with(mut self, block: Block) -> Self {
        self.blocks.push(block);
        self
    }

    /// The tables, in order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Chart(c) => Some(&c.table),
            _ => None,
        })
    }

    /// Refuses a document that no renderer could show faithfully: a language that is not a
    /// BCP 47 tag (in form: letters first, then subtags of 1–8 letters or digits joined by `-`),
    /// a blank title or heading, or a table that [`Table::check`] refuses.
    pub fn check(&self) -> Result<(), ReportError> {
        let mut subtags = self.language.split('-');
        let primary_ok =
            subtags.next().is_some_and(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
        let rest_ok = subtags.all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()));
        if !(primary_ok && rest_ok) {
            return Err(ReportError::Language(self.language.clone()));
        }
        if self.title.trim().is_empty() {
            return Err(ReportError::Blank { what: "title".into() });
        }
        for (i, block) in self.blocks.iter().enumerate() {
            if let Block::Heading { text, .. } = block
                && text.trim().is_empty()
            {
                return Err(ReportError::Blank { what: format!("heading {}", i + 1) });
            }
        }
        self.tables().try_for_each(Table::check)
    }

    /// Whether the document is in Welsh (`cy`, `cy-GB`, …).
    pub(crate) fn is_welsh(&self) -> bool {
        crate::text::is_welsh(&self.language)
    }
}

impl Table {
    pub fn new(caption: impl Into<String>, header: Vec<String>) -> Self {
        Table { caption: caption.into(), header, rows: Vec::new() }
    }

    /// Refuses a table with no columns, a row of another length than the header, or a number
    /// that is not finite.
    pub fn check(&self) -> Result<(), ReportError> {
        if self.header.is_empty() {
            return Err(ReportError::NoColumns { table: self.caption.clone() });
        }
        for (r, row) in self.rows.iter().enumerate() {
            if row.len() != self.header.len() {
                return Err(ReportError::RaggedRow {
                    table: self.caption.clone(),
                    row: r + 1,
                    expected: self.header.len(),
                    got: row.len(),
                });
            }
            for (c, cell) in row.iter().enumerate() {
                if let Cell::Number(n) = cell
                    && !n.is_finite()
                {
                    return Err(ReportError::NotFinite { table: self.caption.clone(), row: r + 1, column: c + 1 });
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default()
    }

    #[test]
    fn marking_prints_as_the_classification_scheme_spells_it() {
        assert_eq!(Marking::Official.to_string(), "OFFICIAL");
        assert_eq!(Marking::OfficialSensitive.to_string(), "OFFICIAL-SENSITIVE");
    }

    #[test]
    fn a_row_shorter_than_the_header_is_refused_by_row_and_count() {
        let mut t = Table::new("Actions", vec!["Action".into(), "Owner".into()]);
        t.rows.push(vec!["Visit".into(), "Police".into()]);
        t.rows.push(vec!["Call".into()]);
        let doc = Document::new("Minutes", "en-GB", Marking::Official, "MACE", date()).with(Block::Table(t));
        let err = doc.check().err();
        assert!(matches!(&err, Some(ReportError::RaggedRow { row: 2, expected: 2, got: 1, .. })), "{err:?}");
    }

    #[test]
    fn the_language_must_be_a_bcp47_tag() {
        for ok in ["en-GB", "cy", "cy-GB", "en"] {
            let doc = Document::new("T", ok, Marking::Official, "A", date());
            assert!(doc.check().is_ok(), "{ok}");
        }
        for bad in ["", "e", "en_GB", "en-", "english language", "-GB"] {
            let doc = Document::new("T", bad, Marking::Official, "A", date());
            assert!(matches!(doc.check(), Err(ReportError::Language(_))), "{bad:?}");
        }
    }

    #[test]
    fn a_blank_title_or_heading_is_refused() {
        let blank = Document::new(" ", "en-GB", Marking::Official, "A", date());
        assert!(matches!(blank.check(), Err(ReportError::Blank { what }) if what == "title"));
        let heading = Document::new("T", "en-GB", Marking::Official, "A", date())
            .with(Block::Paragraph(String::new()))
            .with(Block::Heading { level: 2, text: "\n".into() });
        assert!(matches!(heading.check(), Err(ReportError::Blank { what }) if what == "heading 2"));
    }

    #[test]
    fn a_table_without_columns_or_with_nan_is_refused() {
        let empty = Table::new("Nothing", vec![]);
        assert!(matches!(empty.check(), Err(ReportError::NoColumns { .. })));
        let mut nan = Table::new("Figures", vec!["n".into()]);
        nan.rows.push(vec![Cell::Number(f64::NAN)]);
        assert!(matches!(nan.check(), Err(ReportError::NotFinite { row: 1, column: 1, .. })));
    }
}
