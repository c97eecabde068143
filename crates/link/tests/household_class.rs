//! The household class on data with no households in it. `data/febrl3_em_input.txt` is what the engine hands
//! to the three-class EM on the public FEBRL 3 set (`bench/linkage/public.sh`): the number of blocked pairs of
//! each comparison pattern, the m that the per-rule sessions estimated and the u from random pairs (printed
//! by `HAVEN_LINK_EM_INPUT=1 havenlink records.csv out.csv 2>file`, the summary line left out). FEBRL 3
//! replaces many a duplicate's date of birth; it has no siblings.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] functions

use haven_link::compare::{FIELDS, Gamma, pattern_index};
use haven_link::model::{self, Histogram, LevelTable, MAX_LEVELS};

fn input() -> (Histogram, LevelTable, LevelTable, f64) {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/febrl3_em_input.txt")).unwrap();
    let mut union = model::histogram();
    let (mut m, mut u) = ([[0.0; MAX_LEVELS]; FIELDS], [[0.0; MAX_LEVELS]; FIELDS]);
    let mut total = 0.0;
    for line in text.lines() {
        let (kind, rest) = line.split_once(' ').unwrap();
        match kind {
            "total_pairs" => total = rest.parse().unwrap(),
            "m" | "u" => {
                let mut it = rest.split(' ');
                let f: usize = it.next().unwrap().parse().unwrap();
                let row: Vec<f64> = it.map(|v| v.parse().unwrap()).collect();
                let t = if kind == "m" { &mut m } else { &mut u };
                t[f].copy_from_slice(&row);
            }
            "pattern" => {
                let (g, c) = rest.rsplit_once(' ').unwrap();
                let levels: Vec<u8> = g.trim_matches(['[', ']']).split(", ").map(|v| v.parse().unwrap()).collect();
                let g: Gamma = levels.try_into().unwrap();
                union[pattern_index(&g)] = c.parse().unwrap();
            }
            _ => panic!("unexpected line {line}"),
        }
    }
    (union, m, u, total)
}

#[test]
fn matches_whose_date_of_birth_was_replaced_are_not_taken_for_siblings() {
    let (union, m, u, total) = input();
    let fitted = model::em_three_class(&union, &m, &u, total, 40);
    // Different children of one household do not share a given name.
    assert!(fitted.f[0][1] <= model::F_PRIOR[0][1] + 1e-12, "{:?}", fitted.f[0]);
    let logs = fitted.pattern_logs();
    let odds = |g: &Gamma| {
        let [m, f, u] = logs[pattern_index(g)].map(f64::from);
        m - (f.exp2() + u.exp2()).log2()
    };
    // Both names exact, the same postcode, the date of birth different: the same person in FEBRL 3. When EM
    // made the household class out of such pairs their odds (before term frequencies) were 1.6 to 1, under
    // the 9 to 1 of the default threshold.
    let changed = odds(&[1, 1, 5, 1, 0]);
    assert!(changed >= model::weight_of(0.9), "{changed}");
}
