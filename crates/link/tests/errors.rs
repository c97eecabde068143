//! Bad input gives a clear error naming the line and the problem, never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] functions

use std::io::Write;
use std::path::{Path, PathBuf};

use haven_link::{LinkError, run_link_files};

const HEADER: &str = "record_id,source,first_name,surname,dob,sex,postcode\n";

fn file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    let mut f = std::fs::File::create(&p).unwrap();
    f.write_all(bytes).unwrap();
    p
}

fn run(bytes: &[u8]) -> (Result<haven_link::LinkSummary, LinkError>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let input = file(dir.path(), "in.csv", bytes);
    let out = dir.path().join("out.csv");
    (run_link_files(&input, &out, 0.9, None, false), dir)
}

#[test]
fn binary_file_is_not_csv() {
    let (r, _d) = run(&[0x89, b'P', b'N', b'G', 0xff, 0xfe, 0x00, b'\n', 0xc3, 0x28, b'\n']);
    let e = r.unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("line 1"), "{msg}");
    assert!(matches!(e, LinkError::Csv { .. } | LinkError::MissingColumn { .. }), "{msg}");
}

#[test]
fn json_is_rejected_for_its_missing_columns() {
    let (r, _d) = run(b"{\"records\": [1, 2, 3]}\n");
    let msg = r.unwrap_err().to_string();
    assert!(msg.contains("required column `record_id` is missing"), "{msg}");
}

#[test]
fn missing_column_is_named() {
    let (r, _d) = run(b"record_id,source,first_name,surname,sex,postcode\n1,a,b,c,M,CF10 1AA\n");
    let e = r.unwrap_err();
    assert!(matches!(e, LinkError::MissingColumn { column: "dob", .. }));
    assert!(e.to_string().contains("`dob`"));
}

#[test]
fn repeated_record_id_names_both_lines() {
    let (r, _d) =
        run(format!("{HEADER}a1,police,Siân,Jones,2015-01-02,F,CF10 1AA\na2,health,Sian,Jones,,,\na1,school,x,y,,,\n")
            .as_bytes());
    let e = r.unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("line 4") && msg.contains("`a1`") && msg.contains("line 2"), "{msg}");
}

#[test]
fn the_first_repeated_id_is_named_before_any_later_error() {
    let rows = "b1,police,A,B,,,\na1,police,A,B,,,\nb1,health,A,B,,,\na1,health,A,B,,,\na3,school,x\n";
    let (r, _d) = run(format!("{HEADER}{rows}").as_bytes());
    let e = r.unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, LinkError::DuplicateId { line: 4, first_line: 2, .. }), "{msg}");
    assert!(msg.contains("`b1`"), "{msg}");
    let rows = "a1,police,A,B,,,\n,health,A,B,,,\na1,school,A,B,,,\n";
    let (r, _d) = run(format!("{HEADER}{rows}").as_bytes());
    assert!(matches!(r.unwrap_err(), LinkError::EmptyId { line: 3, .. }));
}

#[test]
fn empty_record_id_is_an_error() {
    let (r, _d) =
        run(format!("{HEADER}a1,police,Siân,Jones,2015-01-02,F,CF10 1AA\n,health,Sian,Jones,,,\n").as_bytes());
    let msg = r.unwrap_err().to_string();
    assert!(msg.contains("line 3") && msg.contains("record_id is empty"), "{msg}");
}

#[test]
fn ragged_row_names_its_line() {
    let (r, _d) = run(format!("{HEADER}a1,police,Siân,Jones,2015-01-02,F,CF10 1AA\na2,health,Sian\n").as_bytes());
    let msg = r.unwrap_err().to_string();
    assert!(msg.contains("line 3") && msg.contains("3 fields where the header has 7"), "{msg}");
}

#[test]
fn unparseable_dates_become_missing_with_a_warning_count() {
    let (r, d) = run(format!(
        "{HEADER}a1,police,Siân,Jones,2015-02-30,F,CF10 1AA\na2,health,Sian,Jones,yesterday,F,CF10 1AA\na3,health,Sian,Jones,2015-23-04,F,CF10 1AA\n"
    )
    .as_bytes());
    let s = r.unwrap();
    assert_eq!(s.records, 3);
    assert_eq!(s.dob_invalid, 2);
    assert_eq!(s.dob_swapped, 1);
    let out = std::fs::read_to_string(d.path().join("out.csv")).unwrap();
    assert_eq!(out.lines().count(), 4);
}

#[test]
fn enormous_line_is_refused_without_reading_it_whole() {
    // Stands in for a 2 GB line: the reader stops at the first byte past the 1 MiB limit.
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(b"a1,police,");
    bytes.extend(std::iter::repeat_n(b'x', 3 << 20));
    bytes.extend_from_slice(b",Jones,,,\n");
    let (r, _d) = run(&bytes);
    let e = r.unwrap_err();
    assert!(matches!(e, LinkError::LineTooLong { line: 2, .. }), "{e}");
    assert!(e.to_string().contains("line 2"));
}

#[test]
fn empty_file_and_header_only() {
    let (r, _d) = run(b"");
    assert!(r.is_err());
    let (r, _d) = run(HEADER.as_bytes());
    let s = r.unwrap();
    assert_eq!(s.records, 0);
}

#[test]
fn missing_input_and_unwritable_output_are_io_errors() {
    let dir = tempfile::tempdir().unwrap();
    let e = run_link_files(&dir.path().join("nope.csv"), &dir.path().join("o.csv"), 0.9, None, false).unwrap_err();
    assert!(matches!(e, LinkError::Io { .. }));
    assert!(e.to_string().contains("nope.csv"));
    let input = file(dir.path(), "in.csv", format!("{HEADER}a,b,c,d,,,\n").as_bytes());
    let e = run_link_files(&input, &dir.path().join("no/such/dir/o.csv"), 0.9, None, false).unwrap_err();
    assert!(matches!(e, LinkError::Io { .. }), "{e}");
}

#[test]
fn threshold_must_be_a_probability() {
    let dir = tempfile::tempdir().unwrap();
    let input = file(dir.path(), "in.csv", format!("{HEADER}a,b,c,d,,,\n").as_bytes());
    for t in [0.0, 1.0, -1.0, f64::NAN, 2.0] {
        let e = run_link_files(&input, &dir.path().join("o.csv"), t, None, false).unwrap_err();
        assert!(matches!(e, LinkError::BadThreshold(_)));
    }
}

#[test]
fn extra_columns_reordered_columns_and_a_bom_are_fine() {
    let (r, d) = run(
        "\u{feff}postcode,extra,sex,dob,surname,first_name,source,record_id\nCF10 1AA,zz,F,2015-01-02,Jones,Siân,police,a1\ncf101aa,yy,Female,2015-01-02,JONES,Sian,health,a2\n"
            .as_bytes(),
    );
    let s = r.unwrap();
    assert_eq!(s.records, 2);
    assert_eq!(s.linked_clusters, 1, "{s}");
    let out = std::fs::read_to_string(d.path().join("out.csv")).unwrap();
    assert!(out.starts_with("record_id,cluster_id\n"));
}

#[test]
fn explain_file_lists_levels_and_weights() {
    let dir = tempfile::tempdir().unwrap();
    let input = file(
        dir.path(),
        "in.csv",
        format!("{HEADER}a1,police,Dafydd,Jones,2015-01-02,M,CF10 1AA\na2,health,David,Jones,2015-02-01,M,CF10 1AA\n")
            .as_bytes(),
    );
    let explain = dir.path().join("explain.csv");
    run_link_files(&input, &dir.path().join("o.csv"), 0.9, Some(&explain), true).unwrap();
    let text = std::fs::read_to_string(&explain).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("record_id_l,record_id_r,blocking_rule,first_name_level,first_name_weight"));
    let row = lines.next().unwrap();
    assert!(row.contains("a1") && row.contains("variant") && row.contains("day_month_swap"), "{row}");
}

#[test]
fn unreadable_dates_are_listed_by_line() {
    let (r, _d) = run(format!(
        "{HEADER}a1,police,Ann,Jones,2015-02-30,F,\na2,police,Bob,Jones,2015-01-02,M,\na3,health,Cy,Jones,soon,M,\n"
    )
    .as_bytes());
    let s = r.unwrap();
    assert_eq!(s.dob_invalid, 2);
    let lines: Vec<(u64, &str)> = s.dob_problems.iter().map(|p| (p.line, p.value.as_str())).collect();
    assert_eq!(lines, vec![(2, "2015-02-30"), (4, "soon")]);
    let msg = s.dob_problems[1].to_string();
    assert!(msg.contains("line 4") && msg.contains("`soon`") && msg.contains("not a date"), "{msg}");
}

#[test]
fn an_endless_line_is_refused_after_the_limit_without_reading_it_all() {
    // An infinite line stands in for a 2 GB one: the reader must stop at the limit or it would never return.
    let input = std::io::Read::chain(HEADER.as_bytes(), std::io::repeat(b'x'));
    let mut batches = 0;
    let r = haven_link::csv_io::read_records_from(input, Path::new("endless.csv"), 64 * 1024, 100, |_| batches += 1);
    let e = r.unwrap_err();
    assert!(matches!(e, LinkError::LineTooLong { line: 2, limit: 65_536, .. }), "{e}");
    assert!(e.to_string().contains("endless.csv line 2"), "{e}");
    assert_eq!(batches, 0);
}

#[test]
fn a_long_header_line_is_refused_too() {
    let mut bytes = b"record_id,".to_vec();
    bytes.extend(std::iter::repeat_n(b'y', 2 << 20));
    let (r, _d) = run(&bytes);
    let e = r.unwrap_err();
    assert!(matches!(e, LinkError::LineTooLong { line: 1, .. }), "{e}");
}
