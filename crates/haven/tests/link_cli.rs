//! `haven link` end to end: a CSV of agencies' records in, one cluster per person out; bad input gives an
//! error naming the line and the problem, never a panic.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

use clap::Parser;
use haven::{Cli, run};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const HEADER: &str = "record_id,source,first_name,surname,dob,sex,postcode\n";

/// Three children recorded by several agencies, spelled differently, and a sibling who must stay apart.
const RECORDS: &str = "\
POL-1,police,DAFYDD,JONES,2015-01-02,M,CF10 1AA
CSC-7,council,David,Jones,2015-01-02,Male,cf101aa
HLT-3,health,Dafydd,Jones,2015-02-01,M,CF10 1AA
EDU-9,school,Dafydd,Jones,,M,CF10 1AA
POL-2,police,SIÂN,EVANS,2012-07-30,F,SA1 1AA
HLT-4,health,Sian,Evans,2012-07-30,Female,SA11AA
RHI-5,charity,Siani,Evans,2012-07-30,F,
POL-3,police,Ffion,Jones,2017-05-09,F,CF10 1AA
EDU-4,school,Oliver,Smith,2018-03-03,M,LL57 2AB
CSC-8,council,Amelia,Hughes,2010-11-11,F,NP20 4XY
";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Runs `haven --data <unused dir> link ARGS…`.
async fn haven_link(dir: &Path, args: &[&str]) -> anyhow::Result<()> {
    let data = dir.join("no-store-here");
    let mut argv = vec!["haven", "--data", data.to_str().unwrap(), "link"];
    argv.extend_from_slice(args);
    let result = run(Cli::try_parse_from(argv)?).await;
    assert!(!data.exists(), "haven link must not open or create a store");
    result
}

fn read_clusters(path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("record_id,cluster_id"));
    lines
        .map(|l| {
            let (id, c) = l.split_once(',').unwrap();
            (id.to_owned(), c.to_owned())
        })
        .collect()
}

#[tokio::test]
async fn agencies_records_of_one_child_land_in_one_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "records.csv", &format!("{HEADER}{RECORDS}"));
    let output = dir.path().join("clusters.csv");
    let explain = dir.path().join("pairs.csv");
    haven_link(
        dir.path(),
        &[
            "--input",
            input.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
            "--threshold",
            "0.9",
            "--explain",
            explain.to_str().unwrap(),
        ],
    )
    .await
    .unwrap();

    let clusters = read_clusters(&output);
    let ids: Vec<&str> = clusters.iter().map(|(id, _)| id.as_str()).collect();
    let want: Vec<&str> = RECORDS.lines().map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(ids, want, "every input record exactly once, in input order");
    let of: HashMap<&str, &str> = clusters.iter().map(|(id, c)| (id.as_str(), c.as_str())).collect();
    for (a, b) in [("POL-1", "CSC-7"), ("POL-1", "HLT-3"), ("POL-1", "EDU-9"), ("POL-2", "HLT-4"), ("POL-2", "RHI-5")] {
        assert_eq!(of[a], of[b], "{a} and {b} are the same child");
    }
    for (a, b) in [("POL-1", "POL-3"), ("POL-1", "POL-2"), ("EDU-4", "CSC-8"), ("POL-1", "EDU-4")] {
        assert_ne!(of[a], of[b], "{a} and {b} are different children");
    }

    // The explain file: each scored pair with every field's comparison level and weight.
    let text = std::fs::read_to_string(&explain).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    for f in ["first_name", "surname", "dob", "postcode", "sex"] {
        assert!(header.contains(&format!("{f}_level").as_str()), "{header:?}");
        assert!(header.contains(&format!("{f}_weight").as_str()), "{header:?}");
    }
    assert!(header.contains(&"match_probability"));
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let pair = rows
        .iter()
        .find(|r| {
            let ends = [r[col("record_id_l")], r[col("record_id_r")]];
            ends.contains(&"POL-1") && ends.contains(&"CSC-7")
        })
        .unwrap();
    assert_eq!(pair[col("first_name_level")], "variant", "Dafydd and David are one name in Welsh and English");
    assert_eq!(pair[col("dob_level")], "exact");
    assert_eq!(pair[col("postcode_level")], "unit");
    assert!(pair[col("dob_weight")].parse::<f64>().unwrap() > 0.0);
    assert!(pair[col("match_probability")].parse::<f64>().unwrap() >= 0.9);
}

async fn link_error(dir: &Path, csv: &[u8]) -> String {
    let input = dir.join("bad.csv");
    std::fs::write(&input, csv).unwrap();
    let output = dir.join("out.csv");
    let err =
        haven_link(dir, &["--input", input.to_str().unwrap(), "--output", output.to_str().unwrap()]).await.unwrap_err();
    format!("{err:#}")
}

#[tokio::test]
async fn a_file_that_is_not_csv_is_refused_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let msg = link_error(dir.path(), b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe\n").await;
    assert!(msg.contains("bad.csv line 1"), "{msg}");
}

#[tokio::test]
async fn a_missing_required_column_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let msg =
        link_error(dir.path(), b"record_id,source,first_name,surname,sex,postcode\na1,police,Ann,Jones,F,\n").await;
    assert!(msg.contains("line 1") && msg.contains("`dob`"), "{msg}");
}

#[tokio::test]
async fn a_repeated_record_id_names_both_lines() {
    let dir = tempfile::tempdir().unwrap();
    let csv = format!("{HEADER}a1,police,Ann,Jones,,F,\na2,police,Bob,Jones,,M,\na1,health,Ann,Jones,,F,\n");
    let msg = link_error(dir.path(), csv.as_bytes()).await;
    assert!(msg.contains("line 4") && msg.contains("`a1`") && msg.contains("line 2"), "{msg}");
}

#[tokio::test]
async fn a_row_with_too_many_fields_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let csv = format!("{HEADER}a1,police,Ann,Jones,,F,\na2,police,Bob,Jones,,M,,surplus\n");
    let msg = link_error(dir.path(), csv.as_bytes()).await;
    assert!(msg.contains("line 3") && msg.contains("8 fields where the header has 7"), "{msg}");
}

#[tokio::test]
async fn an_unparseable_date_is_reported_by_line_and_treated_as_missing() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "records.csv",
        &format!("{HEADER}a1,police,Ann,Jones,2015-02-30,F,\na2,health,Ann,Jones,last spring,F,\n"),
    );
    let args = haven::link::LinkArgs { input, output: dir.path().join("out.csv"), threshold: 0.9, explain: None };
    let summary = haven::link::run(&args).unwrap();
    assert_eq!(summary.records, 2);
    let problems: Vec<String> = summary.dob_problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 2);
    assert!(problems[0].starts_with("line 2: date of birth `2015-02-30` is not a date"), "{problems:?}");
    assert!(problems[1].starts_with("line 3: date of birth `last spring`"), "{problems:?}");
    assert_eq!(read_clusters(&args.output).len(), 2);
}

#[tokio::test]
async fn a_threshold_outside_zero_to_one_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["1.5", "0", "1", "-0.2", "often"].map(|t| format!("--threshold={t}")) {
        let err = Cli::try_parse_from(["haven", "link", "--input", "in.csv", "--output", "out.csv", &bad]).unwrap_err();
        assert!(err.to_string().contains("probability"), "{bad}: {err}");
    }
    let msg = link_error(dir.path(), b"").await;
    assert!(msg.contains("empty file"), "{msg}");
}
