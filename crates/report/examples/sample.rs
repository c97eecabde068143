//! Writes sample MACE minutes as `minutes.pdf`, `minutes.xlsx` and `actions.csv` into the folder
//! named (default: the current one), to look at by eye; a second argument sets how many actions
//! (default 45): `cargo run -p haven-report --example sample -- /tmp/report 2000`.

use std::path::PathBuf;

use chrono::NaiveDate;
use haven_report::{Block, Cell, Document, Marking, Table, csv, pdf, xlsx};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    std::fs::create_dir_all(&dir)?;
    let rows: u32 = std::env::args().nth(2).map_or(Ok(45), |n| n.parse())?;
    let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).ok_or("date");
    let mut actions = Table::new(
        "Action register",
        vec!["Ref".into(), "Child".into(), "Action".into(), "Owner".into(), "Due".into(), "Missing episodes".into()],
    );
    let owners = ["Morlais Police", "Children's services", "Ysgol y Bryn", "Bwrdd Iechyd"];
    for n in 1..=rows {
        actions.rows.push(vec![
            Cell::Text(format!("A{n:03}")),
            Cell::Text(if n == 7 { "=HYPERLINK(\"http://x\",\"click\")".into() } else { format!("Child {n}") }),
            Cell::Text(format!(
                "Visit the address linked to item {n} with housing; refer the associates to the \
                 exploitation panel and report back{}",
                if n % 5 == 0 {
                    ". A longer note so that this row wraps over several lines in the PDF, as real minutes do."
                } else {
                    ""
                }
            )),
            Cell::Text(owners[(n as usize) % owners.len()].into()),
            Cell::Date(day(10 + n % 15)?),
            Cell::Number(f64::from(n % 7)),
        ]);
    }
    let doc = Document::new(
        "MACE minutes: Morlais, 3 December 2026",
        "en-GB",
        Marking::OfficialSensitive,
        "Morlais MACE — Morlais Police",
        day(3)?,
    )
    .with(Block::Heading { level: 2, text: "Meeting".into() })
    .with(Block::Facts(vec![
        ("Date".into(), "3 December 2026, 10:00 to 12:30".into()),
        ("Chair".into(), "DI Rhian Ŵyn (Morlais Police)".into()),
        (
            "Attendees".into(),
            "Morlais Police; Morlais Council children's services; Bwrdd Iechyd Morlais; Ysgol y \
             Bryn; Barnardo's (return home interviews)"
                .into(),
        ),
        ("Apologies".into(), "Youth Justice Service".into()),
    ]))
    .with(Block::Paragraph(
        "The panel reviewed the children on the agenda in priority order, then the places and \
         the adults of concern linked to them. Welsh: Mae'r ŵyl yn y tŷ; â'r plentyn i'r ysgol."
            .into(),
    ))
    .with(Block::Heading { level: 2, text: "Actions".into() })
    .with(Block::Table(actions.clone()));
    let started = std::time::Instant::now();
    std::fs::write(dir.join("minutes.pdf"), pdf::render(&doc)?)?;
    println!("PDF in {:?}", started.elapsed());
    std::fs::write(dir.join("minutes.xlsx"), xlsx::render(&doc)?)?;
    std::fs::write(dir.join("actions.csv"), csv::render(&actions, doc.marking)?)?;
    println!("wrote minutes.pdf, minutes.xlsx and actions.csv to {}", dir.display());
    Ok(())
}
