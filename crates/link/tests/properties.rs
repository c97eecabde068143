//! Properties of the linker on arbitrary small inputs.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] functions

use std::collections::HashMap;

use haven_link::{Config, RawRecord, link_records};
use proptest::prelude::*;

fn field(choices: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(choices).prop_map(str::to_string),
        1 => "[A-Za-z]{3,9}",
        1 => Just(String::new()),
    ]
}

fn record() -> impl Strategy<Value = RawRecord> {
    (
        field(&["Dafydd", "David", "Siân", "Sian", "Jack", "Rhys", "Reece", "Elin"]),
        field(&["Jones", "Williams", "Smith-Jones", "O'Brien", "Evans"]),
        prop_oneof![
            3 => (2008i32..2012, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
            1 => Just(String::new()),
            1 => Just("not a date".to_string()),
        ],
        proptest::sample::select(&["M", "F", "", "Male", "female", "U"][..]).prop_map(str::to_string),
        field(&["CF10 1AA", "cf101ab", "SA1 2XY", "LL57 2DG"]),
    )
        .prop_map(|(first_name, surname, dob, sex, postcode)| RawRecord {
            record_id: String::new(),
            source: "test".into(),
            first_name,
            surname,
            dob,
            sex,
            postcode,
        })
}

fn records(max: usize) -> impl Strategy<Value = Vec<RawRecord>> {
    proptest::collection::vec(record(), 1..max).prop_map(|mut v| {
        for (i, r) in v.iter_mut().enumerate() {
            r.record_id = format!("r{i}");
        }
        v
    })
}

fn partition(labels: &[u32]) -> Vec<usize> {
    // canonical form: each record's label replaced by the index of the first record with that label
    let mut first: HashMap<u32, usize> = HashMap::new();
    labels.iter().enumerate().map(|(i, l)| *first.entry(*l).or_insert(i)).collect()
}

/// First name plus at least two of surname, date of birth and postcode: enough for a record entered twice to
/// be recognised as the same record.
fn identifiable(r: &RawRecord) -> bool {
    let dob_ok = matches!(haven_link::standardise::dob(&r.dob), haven_link::standardise::DobParse::Ok(_));
    let first_ok = !haven_link::standardise::name(&r.first_name).is_empty();
    let others = [!haven_link::standardise::name(&r.surname).is_empty(), dob_ok, !r.postcode.trim().is_empty()];
    first_ok && others.iter().filter(|x| **x).count() >= 2
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_record_always_links_to_itself(mut recs in records(30), pick in 0usize..30) {
        let k = pick % recs.len();
        prop_assume!(identifiable(&recs[k]));
        let mut copy = recs[k].clone();
        copy.record_id = "copy".into();
        recs.push(copy);
        let (labels, _) = link_records(&recs, &Config::default()).unwrap();
        prop_assert_eq!(labels[k], labels[recs.len() - 1]);
    }

    #[test]
    fn renaming_record_ids_changes_no_clustering(recs in records(40)) {
        let (before, _) = link_records(&recs, &Config::default()).unwrap();
        let renamed: Vec<RawRecord> = recs
            .iter()
            .enumerate()
            .map(|(i, r)| RawRecord { record_id: format!("zz-{}-{}", recs.len() - i, i * 7919), ..r.clone() })
            .collect();
        let (after, _) = link_records(&renamed, &Config::default()).unwrap();
        prop_assert_eq!(partition(&before), partition(&after));
    }

    #[test]
    fn output_has_every_record_exactly_once(recs in records(40)) {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.csv");
        let mut w = csv::Writer::from_path(&input).unwrap();
        w.write_record(["record_id", "source", "first_name", "surname", "dob", "sex", "postcode"]).unwrap();
        for r in &recs {
            w.write_record([&r.record_id, &r.source, &r.first_name, &r.surname, &r.dob, &r.sex, &r.postcode]).unwrap();
        }
        w.flush().unwrap();
        drop(w);
        let out = dir.path().join("out.csv");
        let summary = haven_link::run_link_files(&input, &out, 0.9, None, false).unwrap();
        prop_assert_eq!(summary.records, recs.len());
        let mut rdr = csv::Reader::from_path(&out).unwrap();
        let mut ids: Vec<String> = rdr.records().map(|r| r.unwrap()[0].to_string()).collect();
        ids.sort();
        let mut want: Vec<String> = recs.iter().map(|r| r.record_id.clone()).collect();
        want.sort();
        prop_assert_eq!(ids, want);
    }
}
