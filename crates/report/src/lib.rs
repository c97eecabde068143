//! Accessible documents for haven — MACE minutes and action registers now, the board pack later —
//! as tagged PDF, XLSX and CSV, from one small document model.
//!
//! Pure: every renderer takes a [`Document`] (or a [`Table`]) and returns bytes. No store, no web,
//! no files (the fonts are compiled in).
//!
//! | format | function | what it guarantees |
//! |---|---|---|
//! | PDF | [`pdf::render`] | PDF/UA-1 checked by krilla's validator (export fails rather than writes a document that breaks its machine-checkable rules): tagged (H1–H6, P, L/LI/Lbl/LBody for facts, Table/THead/TBody/TR/TH/TD with column scope, Caption), title shown in the title bar, document language, an outline of the headings, DejaVu Sans embedded (Welsh letters render); A4 portrait; the protective marking as header and footer of every page and "Page N of M" (pagination artifacts, not content); tables that run over pages repeat their header row (as an artifact) |
//! | XLSX | [`xlsx::render`] | an "About" sheet (title, author, date, headings, paragraphs, facts) then one sheet per table; the marking as the first row of every sheet and in its printed header and footer; header row bold, frozen and repeated when printed, and with the rows an Excel table (headers announced by screen readers); numbers are numbers, dates real dates; text is always written as text (a cell that would look like a formula is quote-prefixed) |
//! | CSV | [`csv::render`] | UTF-8 with a byte-order mark; first and last lines the marking alone; the header row, then the rows; text that a spreadsheet would read as a formula gets a leading `'` |
//!
//! Every renderer first checks the document ([`Document::check`]): a language that is not a BCP 47
//! tag, a blank title or heading, a table with no columns, a row whose length differs from its
//! header, or a number that is not finite is refused with a [`ReportError`] naming what is wrong
//! (for tables: the table, row and column). Any text at all renders: characters the font lacks
//! are drawn as U+FFFD in the PDF and kept as they are in XLSX and CSV.
//!
//! See `README.md` beside this crate for the details of each format.

pub mod chart;
pub mod csv;
mod error;
mod model;
pub mod pdf;
mod text;
pub mod xlsx;

pub use error::ReportError;
pub use model::{Block, Cell, Document, Marking, Table};
