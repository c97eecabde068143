//! What can stop a document from being rendered.

/// Why a document could not be rendered. The shape errors name the table (by caption), the row
/// and the column, counted from 1 as a reader would.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The language must be a BCP 47 tag such as `en-GB` or `cy` (PDF/UA asks for one).
    #[error("language {0:?} is not a BCP 47 tag such as en-GB or cy")]
    Language(String),
    /// The title, and every heading, must have some text (PDF/UA: a document title, and a
    /// title for each heading). `what` is "title" or "heading N" (counted among the blocks).
    #[error("the {what} is blank")]
    Blank { what: String },
    /// A table must have at least one column.
    #[error("table {table:?} has no columns")]
    NoColumns { table: String },
    /// Every row must have as many cells as the header.
    #[error("table {table:?}: row {row} has {got} cells but the header has {expected}")]
    RaggedRow { table: String, row: usize, expected: usize, got: usize },
    /// Numbers must be finite (no NaN or infinity).
    #[error("table {table:?}: row {row}, column {column} is not a finite number")]
    NotFinite { table: String, row: usize, column: usize },
    /// The embedded font could not be read (a build problem, not the document's).
    #[error("the embedded font could not be read")]
    Font,
    /// krilla refused the PDF (for example a PDF/UA-1 validation failure).
    #[error("PDF: {0}")]
    Pdf(String),
    /// rust_xlsxwriter refused the workbook.
    #[error("XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// The CSV writer failed.
    #[error("CSV: {0}")]
    Csv(#[from] ::csv::Error),
}
