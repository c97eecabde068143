//! One table as CSV.
//!
//! Layout (what a spreadsheet user sees when they open the file):
//!
//! ```text
//! OFFICIAL-SENSITIVE          <- line 1: the marking alone, in the first cell
//! Action,Owner,Due            <- line 2: the header row
//! Visit the child,Police,2026-12-10
//! …                           <- one line per row
//! OFFICIAL-SENSITIVE          <- last line: the marking alone again
//! ```
//!
//! CSV has no header or footer, so the marking is the first and the last line: it is seen on
//! opening the file and at the end of the data, and survives a sort of the rows in between only
//! if the user leaves those lines out of the sort. A program reading the file skips the first
//! and last line (the `csv` crate: `flexible(true)`, since those lines have one field).
//!
//! The file starts with a UTF-8 byte-order mark so that Excel reads Welsh letters (ŵ, ŷ)
//! correctly. Numbers are written plainly (`1234.5`), dates as ISO 8601 (`2026-12-03`).
//!
//! Formula injection: a text cell (header cells too) that starts with `=`, `+`, `-`, `@`, a tab
//! or a carriage return gets a leading `'`, so a hostile name such as `=HYPERLINK(…)` is shown
//! as text and never run as a formula.

use crate::text::looks_like_formula;
use crate::{Cell, Marking, ReportError, Table};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Renders `table` as CSV with `marking` as its first and last line. Refuses a table that
/// [`Table::check`] refuses.
pub fn render(table: &Table, marking: Marking) -> Result<Vec<u8>, ReportError> {
    table.check()?;
    let mut out = Vec::from(BOM);
    {
        let mut w = ::csv::WriterBuilder::new().flexible(true).from_writer(&mut out);
        w.write_record([marking.as_str()])?;
        w.write_record(table.header.iter().map(|h| guard(h)))?;
        for row in &table.rows {
            w.write_record(row.iter().map(field))?;
        }
        w.write_record([marking.as_str()])?;
        w.flush().map_err(::csv::Error::from)?;
    }
    Ok(out)
}

fn field(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => guard(t),
        Cell::Number(n) => format!("{n}"),
        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
    }
}

/// Text as it is safe to put in a CSV field: a leading `'` if it would start a formula.
fn guard(text: &str) -> String {
    if looks_like_formula(text) { format!("'{text}") } else { text.to_owned() }
}
