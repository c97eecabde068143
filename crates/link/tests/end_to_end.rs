//! Generated data with ground truth, linked through the file entry point.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] functions

use haven_link::{csv_io, eval, run_link_files, synth};

/// The benchmark's correctness case, small enough for CI in a debug build: 2,000 records from linkgen's
/// generator (families, twins, nicknames and Welsh/English variants, typos, moved placements, missing
/// values), linked at the default threshold, scored pairwise against the ground truth. Two seeds, so a
/// change cannot pass by suiting one.
#[test]
fn two_thousand_generated_records_link_with_f1_at_least_0_95() {
    for seed in [11, 12] {
        link_generated(2_000, seed, 0.95);
    }
}

fn link_generated(records: usize, seed: u64, min_f1: f64) {
    let data = synth::generate(records, seed);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("records.csv");
    let rows = data.iter().map(|s| {
        let r = &s.record;
        [&r.record_id, &r.source, &r.first_name, &r.surname, &r.dob, &r.sex, &r.postcode]
    });
    csv_io::write_rows(&input, &csv_io::COLUMNS, rows).unwrap();
    let out = dir.path().join("clusters.csv");
    let summary = run_link_files(&input, &out, 0.9, None, false).unwrap();
    assert_eq!(summary.records, records);
    let clusters = csv_io::read_pairs(&out, "record_id", "cluster_id").unwrap();
    assert_eq!(clusters.len(), records);
    let truth: std::collections::HashMap<&str, &str> =
        data.iter().map(|s| (s.record.record_id.as_str(), s.person.as_str())).collect();
    let predicted: Vec<&str> = clusters.iter().map(|(_, c)| c.as_str()).collect();
    let actual: Vec<&str> = clusters.iter().map(|(r, _)| truth[r.as_str()]).collect();
    let s = eval::pairwise(&predicted, &actual);
    assert!(s.f1 >= min_f1, "seed {seed}: {s:?}");
}
