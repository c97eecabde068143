//! The document as an XLSX workbook.
//!
//! - Sheet 1, "About" ("Amdani" in Welsh): the marking, the title, author and date, then the
//!   headings, paragraphs and facts in reading order, and for each table the name of its sheet.
//! - Then one sheet per table, named from its caption (at most 31 characters, without
//!   `[]:*?/\`, unique in the workbook): row 1 the marking, row 2 the header (bold, frozen, and
//!   repeated on every printed page), then one row per table row. Header and rows form an Excel
//!   table, so screen readers announce the column headers (column names made unique and never
//!   empty, as Excel requires); a table with no rows is a plain header row.
//! - Every sheet prints A4 with the marking in its header and footer and "Page N of M".
//! - Numbers are numbers, dates are real dates (shown `dd mmm yyyy`); text is always written as
//!   text, never as a formula, and text that would start a formula if retyped (`=`, `+`, `-`,
//!   `@`, tab, CR) is quote-prefixed as Excel does for `'=…`.
//! - Document properties: title, author, creation date; the language and the marking as
//!   custom properties `Language` and `Classification` (XLSX has no standard language property).

use std::collections::HashSet;

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, Table as ExcelTable, TableColumn, TableStyle, Workbook, Worksheet, XlsxError,
};

use chrono::{Datelike, NaiveDate};

use crate::text::{is_welsh, long_date, looks_like_formula};
use crate::{Block, Cell, Document, ReportError};

/// Excel's paper size code for A4.
const A4: u8 = 9;
/// Widest a column is made before its text wraps, in characters.
const MAX_COLUMN: usize = 60;

/// A text style, with its quote-prefixed twin for text that would read as a formula.
struct Style {
    plain: Format,
    quoted: Format,
}

impl Style {
    fn new(base: Format) -> Self {
        Style { quoted: base.clone().set_quote_prefix(), plain: base }
    }
}

struct Formats {
    marking: Format,
    bold: Style,
    title: Style,
    wrap: Style,
    header: Style,
    date: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            marking: Format::new().set_bold(),
            bold: Style::new(Format::new().set_bold()),
            title: Style::new(Format::new().set_bold().set_font_size(16)),
            wrap: Style::new(Format::new().set_text_wrap()),
            header: Style::new(Format::new().set_bold().set_text_wrap()),
            date: Format::new().set_num_format("dd mmm yyyy"),
        }
    }
}

/// Renders the document as an XLSX workbook. Refuses a document that [`Document::check`]
/// refuses.
pub fn render(doc: &Document) -> Result<Vec<u8>, ReportError> {
    doc.check()?;
    let welsh = doc.is_welsh();
    let f = Formats::new();
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(doc.title.as_str())
            .set_author(doc.author.as_str())
            .set_creation_datetime(&excel_date(doc.created)?)
            .set_custom_property("Language", doc.language.as_str())
            .set_custom_property("Classification", doc.marking.as_str()),
    );

    let about_name = if welsh { "Amdani" } else { "About" };
    let mut names = SheetNames::default();
    names.claim(about_name);
    let table_sheets: Vec<String> =
        doc.tables().enumerate().map(|(i, t)| names.claim(&sheet_name(&t.caption, i + 1))).collect();

    let header = page_furniture(doc);
    let about = wb.add_worksheet();
    about.set_name(about_name)?;
    setup(about, &header)?;
    about.set_column_width(0, 30)?;
    about.set_column_width(1, 80)?;
    let mut row: u32 = 0;
    about.write_string_with_format(row, 0, doc.marking.as_str(), &f.marking)?;
    row += 1;
    write_text(about, row, 0, &doc.title, &f.title)?;
    row += 1;
    write_text(about, row, 0, &doc.author, &f.wrap)?;
    row += 1;
    about.write_string(row, 0, long_date(doc.created, welsh))?;
    row += 2;
    let mut tables = table_sheets.iter();
    for block in &doc.blocks {
        match block {
            Block::Heading { text, .. } => {
                write_text(about, row, 0, text, &f.bold)?;
                row += 1;
            }
            Block::Paragraph(text) => {
                write_text(about, row, 0, text, &f.wrap)?;
                row += 1;
            }
            Block::Facts(facts) => {
                for (label, value) in facts {
                    write_text(about, row, 0, label, &f.bold)?;
                    write_text(about, row, 1, value, &f.wrap)?;
                    row += 1;
                }
            }
            Block::Table(t) | Block::Chart(crate::chart::Chart { table: t, .. }) => {
                let sheet = tables.next().map(String::as_str).unwrap_or_default();
                let see = if welsh { "Gweler y daflen" } else { "See sheet" };
                write_text(about, row, 0, &t.caption, &f.bold)?;
                about.write_string(row, 1, format!("{see} \u{201c}{sheet}\u{201d}"))?;
                row += 1;
            }
        }
        row += 1;
    }

    for (table, name) in doc.tables().zip(&table_sheets) {
        let ws = wb.add_worksheet();
        ws.set_name(name.as_str())?;
        setup(ws, &header)?;
        ws.write_string_with_format(0, 0, doc.marking.as_str(), &f.marking)?;
        let mut widths: Vec<usize> = table.header.iter().map(|h| h.chars().count()).collect();
        let names = column_names(&table.header);
        if table.rows.is_empty() {
            // Excel has no table without a data row: a plain header row.
            for (c, h) in (0u16..).zip(&names) {
                write_text(ws, 1, c, h, &f.header)?;
            }
        } else {
            // An Excel table: screen readers announce its column headers, and it sorts and
            // filters. It writes the header row itself (names unique and not empty).
            let columns: Vec<TableColumn> = names
                .iter()
                .map(|n| {
                    let style = if looks_like_formula(n) { &f.header.quoted } else { &f.header.plain };
                    TableColumn::new().set_header(n.as_str()).set_header_format(style)
                })
                .collect();
            let last_row = u32::try_from(table.rows.len()).map_err(|_| XlsxError::RowColumnLimitError)? + 1;
            let last_col = u16::try_from(names.len().saturating_sub(1)).map_err(|_| XlsxError::RowColumnLimitError)?;
            ws.add_table(
                1,
                0,
                last_row,
                last_col,
                &ExcelTable::new().set_columns(&columns).set_style(TableStyle::Light1),
            )?;
        }
        for (r, cells) in (2u32..).zip(&table.rows) {
            for ((c, cell), width) in (0u16..).zip(cells).zip(widths.iter_mut()) {
                let shown = match cell {
                    Cell::Text(t) => {
                        write_text(ws, r, c, t, &f.wrap)?;
                        t.lines().map(|l| l.chars().count()).max().unwrap_or(0)
                    }
                    Cell::Number(n) => {
                        ws.write_number(r, c, *n)?;
                        format!("{n}").len()
                    }
                    Cell::Date(d) => {
                        ws.write_datetime_with_format(r, c, excel_date(*d)?, &f.date)?;
                        11
                    }
                };
                *width = (*width).max(shown);
            }
        }
        for (c, w) in (0u16..).zip(&widths) {
            let chars = (*w).clamp(6, MAX_COLUMN) + 2;
            ws.set_column_width(c, u32::try_from(chars).unwrap_or(62))?;
        }
        ws.set_freeze_panes(2, 0)?;
        ws.set_repeat_rows(1, 1)?;
    }
    Ok(wb.save_to_buffer()?)
}

/// A date as Excel holds it (a serial day number shown with a date format).
fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, ReportError> {
    let year = u16::try_from(d.year()).unwrap_or(0);
    let month = u8::try_from(d.month()).unwrap_or(0);
    let day = u8::try_from(d.day()).unwrap_or(0);
    Ok(ExcelDateTime::from_ymd(year, month, day)?)
}

/// The printed header and footer of every sheet: the marking centred in both, and the page
/// number on the right of the footer.
struct Furniture {
    header: String,
    footer: String,
}

fn page_furniture(doc: &Document) -> Furniture {
    let marking = doc.marking.as_str();
    let page = if is_welsh(&doc.language) { "Tudalen &P o &N" } else { "Page &P of &N" };
    Furniture { header: format!("&C&\"-,Bold\"{marking}"), footer: format!("&C&\"-,Bold\"{marking}&R{page}") }
}

fn setup(ws: &mut Worksheet, furniture: &Furniture) -> Result<(), ReportError> {
    ws.set_header(furniture.header.as_str());
    ws.set_footer(furniture.footer.as_str());
    ws.set_paper_size(A4);
    ws.set_portrait();
    Ok(())
}

/// Writes text as a string cell, never a formula; text that would read as a formula if retyped
/// gets Excel's quote prefix (shown without the quote, kept as text on edit).
fn write_text(ws: &mut Worksheet, row: u32, col: u16, text: &str, style: &Style) -> Result<(), ReportError> {
    let format = if looks_like_formula(text) { &style.quoted } else { &style.plain };
    ws.write_string_with_format(row, col, text, format)?;
    Ok(())
}

/// Column names for an Excel table: unique ignoring case (a repeat gets " (2)"), and
/// "Column N" for an empty one, as Excel itself would make them.
fn column_names(header: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let base = if h.trim().is_empty() { format!("Column {}", i + 1) } else { h.clone() };
            let mut name = base.clone();
            let mut n = 2;
            while !seen.insert(name.to_lowercase()) {
                name = format!("{base} ({n})");
                n += 1;
            }
            name
        })
        .collect()
}

/// A sheet name from a caption: forbidden characters dropped, at most 31 characters, no
/// leading or trailing apostrophe; `Table N` if nothing is left.
fn sheet_name(caption: &str, n: usize) -> String {
    let cleaned: String =
        caption.chars().filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') && !c.is_control()).collect();
    let trimmed = fit(cleaned.trim().trim_matches('\'').trim(), 31);
    let trimmed = trimmed.trim_end().trim_end_matches('\'').to_owned();
    if trimmed.is_empty() { format!("Table {n}") } else { trimmed }
}

/// The longest start of `text` that is at most `max` UTF-16 code units long (Excel counts an
/// emoji as two).
fn fit(text: &str, max: usize) -> String {
    let mut used = 0;
    text.chars()
        .take_while(|c| {
            used += c.len_utf16();
            used <= max
        })
        .collect()
}

/// Sheet names already used, compared as Excel does (case-insensitively). "History" is
/// reserved by Excel.
#[derive(Default)]
struct SheetNames(HashSet<String>);

impl SheetNames {
    fn claim(&mut self, wanted: &str) -> String {
        self.0.insert("history".to_owned());
        let mut candidate = wanted.to_owned();
        let mut n = 2;
        while self.0.contains(&candidate.to_lowercase()) {
            let suffix = format!(" ({n})");
            let base = fit(wanted, 31 - suffix.len());
            candidate = format!("{}{suffix}", base.trim_end());
            n += 1;
        }
        self.0.insert(candidate.to_lowercase());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_drop_forbidden_characters_and_fit_31() {
        assert_eq!(sheet_name("Actions: open/closed [all]?", 1), "Actions openclosed all");
        let long = sheet_name("Action register for the Morlais MACE meeting of December", 1);
        assert_eq!(long.chars().count(), 31);
        assert_eq!(sheet_name("'quoted'", 1), "quoted");
        assert_eq!(sheet_name("***", 3), "Table 3");
        let emoji = sheet_name(&"\u{1F600}".repeat(20), 1);
        assert_eq!(emoji.encode_utf16().count(), 30, "an emoji counts twice");
    }

    #[test]
    fn table_column_names_are_unique_and_never_empty() {
        let names = column_names(&["Name".into(), "name".into(), "".into(), "Name".into()]);
        assert_eq!(names, ["Name", "name (2)", "Column 3", "Name (3)"]);
    }

    #[test]
    fn sheet_names_are_unique_ignoring_case() {
        let mut names = SheetNames::default();
        assert_eq!(names.claim("About"), "About");
        assert_eq!(names.claim("about"), "about (2)");
        assert_eq!(names.claim("History"), "History (2)");
        let long = "A".repeat(31);
        assert_eq!(names.claim(&long), long);
        let second = names.claim(&long);
        assert_eq!(second.chars().count(), 31);
        assert!(second.ends_with(" (2)"));
    }
}
