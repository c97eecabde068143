//! Each demo area's child population, so that the demo's figures show rates: made-up numbers of
//! the size of the Welsh councils and police areas they stand for (a council of 15,000 to
//! 46,000 children), split by sex, age band and ethnic group in about the shares of Wales's
//! mid-year estimates and census, and multiplied by `--scale` as the children are.

use haven_domain::agency::Area;

/// Children aged 0–17 at scale 1, by area code; an area not named gets 30,000.
const TOTALS: &[(&str, u64)] = &[
    ("CAERWEN", 28_400),
    ("LLANFOEL", 14_900),
    ("BRYNCOED", 46_200),
    ("DINAS-EBRILL", 27_300),
    ("MOR-N", 36_100),
    ("MOR-C", 41_800),
    ("MOR-S", 38_900),
];

/// Each group's share in thousandths; the last group of each breakdown takes what is left.
const SHARES: &[(&str, &[(&str, u64)])] = &[
    ("sex", &[("female", 487), ("male", 0)]),
    ("age", &[("under_10", 548), ("10_to_12", 172), ("13_to_15", 168), ("16_to_17", 0)]),
    ("ethnicity", &[("asian", 34), ("black", 12), ("mixed", 36), ("other", 17), ("white", 0)]),
];

/// The source the demo's population names.
pub const SOURCE: &str = "Demo estimates (fictional), mid-year";

/// Each area's counts by group, as the command line's file gives them.
pub fn counts(area: &Area, scale: u32) -> Vec<(String, String)> {
    let code = area.code.as_str();
    let total = TOTALS.iter().find(|(c, _)| *c == code).map_or(30_000, |(_, n)| *n) * u64::from(scale.max(1));
    let mut out = vec![("total".to_owned(), total.to_string())];
    for (dimension, groups) in SHARES {
        let mut left = total;
        for (i, (group, share)) in groups.iter().enumerate() {
            let n = if i + 1 == groups.len() { left } else { total * share / 1000 };
            left -= n;
            out.push((format!("{dimension}.{group}"), n.to_string()));
        }
    }
    out
}
