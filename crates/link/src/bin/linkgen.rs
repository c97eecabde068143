//! Generates synthetic person records with ground truth.
//! `linkgen --records N --seed S --out records.csv --truth truth.csv`

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut records = 10_000usize;
    let mut seed = 1u64;
    let mut out = PathBuf::from("records.csv");
    let mut truth = PathBuf::from("truth.csv");
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let val = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--records" => records = val.parse().unwrap_or(records),
            "--seed" => seed = val.parse().unwrap_or(seed),
            "--out" => out = PathBuf::from(val),
            "--truth" => truth = PathBuf::from(val),
            other => {
                eprintln!("unknown argument {other}; usage: linkgen --records N --seed S --out F --truth T");
                return ExitCode::from(2);
            }
        }
        i += 2;
    }
    let data = haven_link::synth::generate(records, seed);
    let header = haven_link::csv_io::COLUMNS;
    let rows = data.iter().map(|s| {
        let r = &s.record;
        [&r.record_id, &r.source, &r.first_name, &r.surname, &r.dob, &r.sex, &r.postcode]
    });
    if let Err(e) = haven_link::csv_io::write_rows(&out, &header, rows) {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    let truth_rows = data.iter().map(|s| [&s.record.record_id, &s.person]);
    if let Err(e) = haven_link::csv_io::write_rows(&truth, &["record_id", "person_id"], truth_rows) {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    let persons: std::collections::HashSet<&str> = data.iter().map(|s| s.person.as_str()).collect();
    eprintln!("wrote {} records of {} people to {}", data.len(), persons.len(), out.display());
    ExitCode::SUCCESS
}
