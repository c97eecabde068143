//! The linkage pipeline on prepared records: blocking, training, scoring, clustering. Pure compute; the
//! explain output goes to a caller-supplied sink.

use crate::names::FastMap;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::compare::{self, EXACT, FIELDS, Gamma, Prepared, pattern_index};
use crate::model::{self, Histogram, Model};
use crate::names;
use crate::progress::Progress;
use crate::standardise::Date;

/// Tuning knobs. `Config::default()` is what the command line uses.
#[derive(Debug, Clone)]
pub struct Config {
    /// Link pairs whose match probability is at least this.
    pub threshold: f64,
    /// Random pairs drawn to estimate u.
    pub u_pairs: usize,
    /// EM iterations per training session.
    pub em_iterations: usize,
    /// Blocks larger than this are skipped (counted in the summary) to bound time and memory.
    pub max_block: usize,
    /// Most candidate pairs held at once (12 bytes each); the largest blocks are skipped beyond it.
    pub max_pairs: u64,
    /// Seed for u sampling.
    pub seed: u64,
    /// Components up to this size are re-clustered by average linkage on all their pairs (chain guard).
    pub max_refine: usize,
    /// Hard cap on cluster size for components too large to re-cluster.
    pub max_cluster: usize,
    /// Two groups in a component are merged when their mean pairwise match weight reaches this (or the
    /// threshold's weight, if lower).
    pub guard_weight: f64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            threshold: 0.9,
            u_pairs: 3_000_000,
            em_iterations: 40,
            max_block: 2_000,
            max_pairs: 100_000_000,
            seed: 42,
            max_refine: 400,
            max_cluster: 60,
            guard_weight: 0.0,
        }
    }
}

/// A blocking rule: records with equal non-zero keys are compared, when they also pass `also`.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub name: &'static str,
    /// Fields the rule blocks on (left out of its EM session).
    pub fields: &'static [usize],
    key: fn(&Prepared) -> u64,
    /// A further condition on the pair, checked before it is compared.
    also: Also,
    /// Which of the rule's blocks are compared.
    keep: Keep,
}

/// Which pairs of a rule's blocks are compared. A rule whose key is most records' key under an earlier rule as
/// well (the surname parts of a one-part surname are the surname) would otherwise go over those blocks again,
/// only to find every pair blocked before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    Every,
    /// Pairs whose names run different ways round (see [`names_either_way`]): one record on the rule's side
    /// (given name's code below the surname's), the other not.
    NamesBothWays,
    /// Pairs with a surname of two or more parts on at least one side.
    SurnameOfParts,
}

impl Keep {
    /// The bit of [`Blocked::sides`] that says a record is on the rule's side.
    fn bit(self) -> u8 {
        match self {
            Keep::Every => 0,
            Keep::NamesBothWays => 1,
            Keep::SurnameOfParts => 2,
        }
    }
}

/// The [`Keep`] sides a record is on, as bits.
fn sides(p: &Prepared) -> u8 {
    let mut s = 0;
    if p.first.dm.0 < p.sur.dm.0 {
        s |= Keep::NamesBothWays.bit();
    }
    if p.sur.tokens.len() > 1 {
        s |= Keep::SurnameOfParts.bit();
    }
    s
}

/// The sound codes of given name and surname taken in either order (a swap of the two has the same key); 0
/// unless both names are present.
fn names_either_way(p: &Prepared) -> u64 {
    let (f, s) = (p.first.dm.0, p.sur.dm.0);
    if f == 0 || s == 0 { 0 } else { names::mix(f.min(s), f.max(s)) }
}

/// A postcode not shaped like a UK one with its characters sorted, so that two digits swapped ("3147" and
/// "3174") give the same key; 0 for UK postcodes (their districts block them) and missing ones.
fn postcode_anagram(plain: u64) -> u64 {
    if plain == 0 {
        return 0;
    }
    let mut b = plain.to_le_bytes();
    b.sort_unstable();
    names::mix(u64::from_le_bytes(b), 0xa9a6)
}

/// The sound code of the first (`last` false) or last part of a surname of several parts, of the whole surname
/// otherwise.
fn surname_part(p: &Prepared, last: bool) -> u64 {
    match (p.sur.tokens.len() > 1, last) {
        (false, _) => p.sur.dm.0,
        (true, false) => p.sur.part_dm.0,
        (true, true) => p.sur.part_dm.1,
    }
}

/// A rule's further condition on a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Also {
    AnyPair,
    /// Dates of birth that could be one child's (see [`dob_compatible`]).
    DobCompatible,
}

/// Dates of birth that could be one child's: either is missing, or they are within a year of each other, or
/// they share day and month (a mistyped year).
/// The dates are [`packed_dob`]s.
fn dob_compatible(a: u32, b: u32) -> bool {
    // year above bit 9, month and day below: day and month agree when the low 9 bits do
    a == 0 || b == 0 || (a >> 9).abs_diff(b >> 9) <= 1 || a & 0x1ff == b & 0x1ff
}

/// A date of birth in 4 bytes (0 when missing): year, month and day in bits 9 and up, 5-8 and 0-4. Blocked
/// records are copied side by side for every block, so they are kept small.
fn packed_dob(d: Option<Date>) -> u32 {
    d.map_or(0, |d| (d.year.clamp(1, 1 << 20) as u32) << 9 | u32::from(d.month) << 5 | u32::from(d.day))
}

/// No block (a key of 0: a field the rule needs is missing).
const NO_BLOCK: u32 = u32::MAX;

/// What the blocking rules need of a record, small and in one place: the number of its block under each rule
/// (equal numbers exactly when the keys are equal) and its date of birth.
#[derive(Debug, Clone, Copy)]
struct Blocked {
    block: [u32; R],
    /// See [`packed_dob`].
    dob: u32,
    /// The [`Keep`] sides the record is on.
    sides: u8,
}

/// The rules that block a pair, as a bit set (bit `r` for `RULES[r]`).
#[inline]
fn blocking_rules(a: &Blocked, b: &Blocked) -> u16 {
    blocking_rules_in(a, b, R)
}

/// The first `upto` rules that block a pair. Most pairs a rule's blocks offer were blocked by an earlier rule;
/// asking only about those first keeps the rules that come later from costing every pair.
#[inline]
fn blocking_rules_in(a: &Blocked, b: &Blocked, upto: usize) -> u16 {
    let mut mask = 0u16;
    for r in 0..upto {
        mask |= u16::from(a.block[r] != NO_BLOCK && a.block[r] == b.block[r]) << r;
    }
    if mask & DOB_RULES != 0 && !dob_compatible(a.dob, b.dob) {
        mask &= !DOB_RULES;
    }
    mask
}

/// The rules whose further condition is [`dob_compatible`].
const DOB_RULES: u16 = {
    let mut m = 0u16;
    let mut r = 0;
    while r < R {
        if matches!(RULES[r].also, Also::DobCompatible) {
            m |= 1 << r;
        }
        r += 1;
    }
    m
};

fn both(a: u64, b: u64) -> u64 {
    if a == 0 || b == 0 { 0 } else { names::mix(a, b) }
}

fn dob_key(p: &Prepared) -> u64 {
    p.dob.map_or(0, |_| names::mix(0x5eed, p.dob_days as u64))
}

/// The blocking rules, in order; a pair is scored once, under the first rule that blocks it.
///
/// Two rules were taken out, measured on the benchmark (3 seeds each at 100k, 200k and 1M records):
/// `postcode+first_name_variant` blocked only pairs that `first_name_variant+postcode_sector` blocks too (one
/// postcode lies in one sector), and `dob+first_initial` compared 27% of all candidate pairs at 1M to find
/// records lacking both surname and postcode whose given names differ in sound. Without them F1 fell by
/// 0.0001–0.0003 and the comparing took about a third less time.
///
/// A date of birth with a postcode from elsewhere (not UK-shaped) typed with two digits swapped comes next; for
/// UK postcodes its key is missing and it costs nothing.
///
/// Three rules come last, each comparing only a few blocks (see [`Keep`]): given name and surname swapped,
/// and a double-barrelled surname given in part ("Smith-Jones" and "Jones", "Smith-Jones" and "Smith"), with
/// the given name and a date of birth that could be the same child's.
pub const RULES: [Rule; 12] = [
    Rule {
        name: "surname_metaphone+dob",
        fields: &[1, 2],
        key: |p| both(p.sur.dm.0, dob_key(p)),
        also: Also::AnyPair,
        keep: Keep::Every,
    },
    Rule {
        name: "first_name_metaphone+dob",
        fields: &[0, 2],
        key: |p| both(p.first.dm.0, dob_key(p)),
        also: Also::AnyPair,
        keep: Keep::Every,
    },
    // Every "Oliver Smith" against every other grows with the square of the population; only pairs whose
    // dates of birth could be one child's are compared (dob is left out of the rule's EM session).
    Rule {
        name: "first_name_variant+surname_metaphone+dob_compatible",
        fields: &[0, 1, 2],
        key: |p| both(p.first.canon, p.sur.dm.0),
        also: Also::DobCompatible,
        keep: Keep::Every,
    },
    Rule {
        name: "dob+postcode_district",
        fields: &[2, 3],
        key: |p| both(dob_key(p), p.pc_district),
        also: Also::AnyPair,
        keep: Keep::Every,
    },
    Rule {
        name: "surname+postcode",
        fields: &[1, 3],
        key: |p| both(p.sur_hash, p.pc_unit),
        also: Also::AnyPair,
        keep: Keep::Every,
    },
    Rule {
        name: "surname_metaphone+first_name_3_letters+birth_year",
        fields: &[0, 1],
        key: |p| {
            let f = p.first.std.as_bytes();
            match (f.len() >= 3, p.dob) {
                (true, Some(d)) => both(p.sur.dm.0, names::mix(names::hash(&f[..3]), d.year as u64)),
                _ => 0,
            }
        },
        also: Also::AnyPair,
        keep: Keep::Every,
    },
    Rule {
        name: "first_name_variant+postcode_sector",
        fields: &[0, 3],
        key: |p| both(p.first.canon, p.pc_sector),
        also: Also::AnyPair,
        keep: Keep::Every,
    },
    Rule {
        name: "postcode+first_initial",
        fields: &[0, 3],
        key: |p| both(p.pc_unit, p.first.std.as_bytes().first().map_or(0, |&c| u64::from(c) + 1)),
        also: Also::AnyPair,
        keep: Keep::Every,
    },
    Rule {
        name: "dob+postcode_digits_any_order",
        fields: &[2, 3],
        key: |p| both(dob_key(p), postcode_anagram(p.pc_plain)),
        also: Also::AnyPair,
        keep: Keep::Every,
    },
    Rule {
        name: "names_either_way+dob_compatible",
        fields: &[0, 1, 2],
        key: names_either_way,
        also: Also::DobCompatible,
        keep: Keep::NamesBothWays,
    },
    Rule {
        name: "first_name_variant+surname_first_part+dob_compatible",
        fields: &[0, 1, 2],
        key: |p| both(p.first.canon, surname_part(p, false)),
        also: Also::DobCompatible,
        keep: Keep::SurnameOfParts,
    },
    Rule {
        name: "first_name_variant+surname_last_part+dob_compatible",
        fields: &[0, 1, 2],
        key: |p| both(p.first.canon, surname_part(p, true)),
        also: Also::DobCompatible,
        keep: Keep::SurnameOfParts,
    },
];
const R: usize = RULES.len();

/// Receives scored pairs in batches (for the explain file).
pub type ExplainSink<'a> = dyn FnMut(&[Scored]) -> Result<(), String> + 'a;

/// One scored pair for the explain file.
#[derive(Debug, Clone)]
pub struct Scored {
    pub a: u32,
    pub b: u32,
    pub rule: usize,
    pub gamma: Gamma,
    /// Per-field weights, including term-frequency adjustment on exact names.
    pub weights: [f64; FIELDS],
    pub prior: f64,
    pub total: f64,
    pub probability: f64,
}

/// Result of linking.
#[derive(Debug, Clone)]
pub struct Linkage {
    /// Cluster number of each record (dense, 0-based, numbered by first appearance).
    pub cluster: Vec<u32>,
    pub clusters: usize,
    pub candidate_pairs: u64,
    pub links: u64,
    pub oversized_blocks: u64,
    pub model: Model,
    /// Seconds spent in each stage.
    pub timings: Vec<(&'static str, f64)>,
}

/// A compared candidate pair: 12 bytes.
#[derive(Debug, Clone, Copy)]
struct Pair {
    a: u32,
    b: u32,
    pattern: u16,
    /// The rules that block the pair (bit `r` for `RULES[r]`); it is scored under the first.
    rules: u16,
}

impl Pair {
    fn rule(&self) -> usize {
        self.rules.trailing_zeros() as usize
    }
}

struct Blocks {
    order: Vec<u32>,
    ranges: Vec<(u32, u32)>,
    oversized: u64,
}

/// Groups the records by their keys under one rule (`keys` gives each record's, in record order): the blocks
/// to compare, and the number of each record's block written into `block` (records with equal keys get
/// equal numbers; [`NO_BLOCK`] for a key of 0).
fn make_blocks(keys: impl Iterator<Item = u64>, block: &mut [u32], max_block: usize) -> Blocks {
    let mut pairs: Vec<(u64, u32)> = keys.enumerate().filter(|&(_, k)| k != 0).map(|(i, k)| (k, i as u32)).collect();
    pairs.sort_unstable();
    let mut ranges = Vec::new();
    let mut oversized = 0;
    let mut s = 0usize;
    while s < pairs.len() {
        let mut e = s + 1;
        while e < pairs.len() && pairs[e].0 == pairs[s].0 {
            e += 1;
        }
        for &(_, i) in &pairs[s..e] {
            block[i as usize] = s as u32;
        }
        if e - s >= 2 {
            if e - s <= max_block {
                ranges.push((s as u32, e as u32));
            } else {
                oversized += 1;
            }
        }
        s = e;
    }
    Blocks { order: pairs.into_iter().map(|(_, i)| i).collect(), ranges, oversized }
}

/// Drops the largest blocks until the candidate pairs (counted with repeats across rules) fit `max_pairs`,
/// so memory stays bounded whatever the input. Returns the number of blocks skipped in all.
fn enforce_budget(blocks: &mut [Blocks], max_pairs: u64) -> u64 {
    let pairs_of = |(lo, hi): (u32, u32)| {
        let s = u64::from(hi - lo);
        s * (s - 1) / 2
    };
    let mut total: u64 = blocks.iter().flat_map(|b| b.ranges.iter()).map(|&r| pairs_of(r)).sum();
    if total > max_pairs {
        let mut sizes: Vec<u32> = blocks.iter().flat_map(|b| b.ranges.iter()).map(|&(lo, hi)| hi - lo).collect();
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        let mut cut = u32::MAX;
        for s in sizes {
            if total <= max_pairs {
                break;
            }
            total -= u64::from(s) * u64::from(s - 1) / 2;
            cut = s;
        }
        for b in blocks.iter_mut() {
            let before = b.ranges.len();
            b.ranges.retain(|&(lo, hi)| hi - lo < cut);
            b.oversized += (before - b.ranges.len()) as u64;
        }
    }
    blocks.iter().map(|b| b.oversized).sum()
}

struct Scorer<'a> {
    recs: &'a [Prepared],
    model: &'a Model,
    table: Vec<[f32; 3]>,
    prior: f64,
    log_u_first: f64,
    log_u_sur: f64,
    tf_first: Vec<f32>,
    tf_sur: Vec<f32>,
    /// log2 of the term frequencies, computed once per record rather than once per pair.
    log_tf_first: Vec<f32>,
    log_tf_sur: Vec<f32>,
    /// The comparison vector of every pattern index (a lookup instead of divisions per pair).
    gammas: Vec<Gamma>,
    /// The most any pair of each pattern can weigh: with its exact names the rarest there are (a rarer
    /// name is stronger evidence). Pairs of a pattern whose ceiling is under the threshold are not linked
    /// without working out their weight; a pattern agreeing exactly on neither name has no term frequency
    /// to adjust for, so its ceiling is the weight of every pair of it.
    ceiling: Vec<f64>,
}

impl Scorer<'_> {
    /// log2 posterior odds of "same person" against "household member or unrelated".
    fn weight(&self, a: usize, _b: usize, g: &Gamma) -> f64 {
        self.weight_with(g, self.log_tf_first[a], self.log_tf_sur[a])
    }

    /// The weight of a pattern whose exact names have these (log2) term frequencies.
    fn weight_with(&self, g: &Gamma, log_tf_first: f32, log_tf_sur: f32) -> f64 {
        let [lm, lf, mut lu] = self.table[pattern_index(g)].map(f64::from);
        if g[0] == EXACT {
            lu += f64::from(log_tf_first) - self.log_u_first;
        }
        if g[1] == EXACT {
            lu += f64::from(log_tf_sur) - self.log_u_sur;
        }
        let hi = lf.max(lu);
        let denom = hi + ((lf - hi).exp2() + (lu - hi).exp2()).log2();
        let mut w = lm - denom;
        if is_exact_duplicate(g) {
            w = w.max(30.0);
        }
        w
    }

    fn score(&self, a: usize, b: usize) -> f64 {
        let g = compare::compare(&self.recs[a], &self.recs[b]);
        self.weight(a, b, &g)
    }

    fn explain(&self, a: usize, b: usize, rule: usize, g: Gamma) -> Scored {
        let mut weights = [0.0; FIELDS];
        for f in 0..FIELDS {
            weights[f] = self.model.field_weight(f, g[f]);
        }
        if g[0] == EXACT {
            weights[0] = self.model.tf_weight(0, f64::from(self.tf_first[a]));
        }
        if g[1] == EXACT {
            weights[1] = self.model.tf_weight(1, f64::from(self.tf_sur[a]));
        }
        let total = self.weight(a, b, &g);
        Scored {
            a: a as u32,
            b: b as u32,
            rule,
            gamma: g,
            weights,
            prior: self.prior,
            total,
            probability: model::probability(total),
        }
    }
}

/// Every field present on both sides agrees exactly, including the first name and at least two of surname,
/// date of birth and postcode (sex does not count): the same record entered twice.
fn is_exact_duplicate(g: &Gamma) -> bool {
    g.iter().all(|&l| l <= EXACT) && g[0] == EXACT && g[1..4].iter().filter(|&&l| l == EXACT).count() >= 2
}

fn term_frequencies(values: impl Iterator<Item = u64> + Clone, n: usize) -> Vec<f32> {
    let mut counts: FastMap<u64, u32> = FastMap::default();
    let mut present = 0usize;
    for v in values.clone() {
        if v != 0 {
            *counts.entry(v).or_default() += 1;
            present += 1;
        }
    }
    let denom = present.max(1) as f64;
    let floor = 1.0 / (n.max(2) as f64);
    values.map(|v| if v == 0 { 1.0 } else { (f64::from(counts[&v]) / denom).max(floor) as f32 }).collect()
}

/// The records whose every pair estimates u: all of them when their pairs number at most `cfg.u_pairs`,
/// otherwise a random sample of records with every pair within it, as Splink does (cache-friendly). `at(q)`
/// is the record at position `q` of the order the engine lays records out in, so the sample depends only on
/// the records' contents.
fn u_sample<'a>(n: usize, at: impl Fn(usize) -> &'a Prepared, cfg: &Config) -> Vec<Prepared> {
    let total = (n as u64) * (n as u64).saturating_sub(1) / 2;
    if total <= cfg.u_pairs as u64 {
        return (0..n).map(at).cloned().collect();
    }
    let k = ((1.0 + (1.0 + 8.0 * cfg.u_pairs as f64).sqrt()) / 2.0).ceil() as usize;
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
    rand::seq::index::sample(&mut rng, n, k.min(n)).into_iter().map(|q| at(q).clone()).collect()
}

/// The comparison patterns of every pair of the sample.
fn u_histogram(sample: &[Prepared]) -> Histogram {
    let m = sample.len();
    (0..m)
        .into_par_iter()
        .fold(model::histogram, |mut h, a| {
            for b in a + 1..m {
                h[pattern_index(&compare::compare(&sample[a], &sample[b]))] += 1;
            }
            h
        })
        .reduce(model::histogram, |mut x, y| {
            model::add_into(&mut x, &y);
            x
        })
}

/// Links prepared records. `explain`, when given, receives every scored candidate pair (in batches).
///
/// The records are first laid out in memory by surname code, given-name group and date of birth, so that
/// the records a block compares sit side by side (the comparisons are bound by memory, not arithmetic);
/// the order depends only on the records' contents, and results come back in input order.
pub fn link(
    recs: Vec<Prepared>,
    cfg: &Config,
    progress: &Progress,
    explain: Option<&mut ExplainSink<'_>>,
) -> Result<Linkage, String> {
    let n = recs.len();
    if n > u32::MAX as usize - 1 {
        return Err(format!("too many records ({n})"));
    }
    let started = std::time::Instant::now();
    let mut sort_keys: Vec<(u64, u64, i32, u32)> =
        recs.par_iter().enumerate().map(|(i, p)| (p.sur.dm.0, p.first.canon, p.dob_days, i as u32)).collect();
    sort_keys.par_sort_unstable();
    let order: Vec<u32> = sort_keys.into_iter().map(|k| k.3).collect();
    // Moving the records into that order is one thread's work, bound by memory: the other compares the u
    // sample's pairs meanwhile.
    progress.stage("laying out records; estimating u by random sampling", 1);
    let sample = u_sample(n, |q| &recs[order[q] as usize], cfg);
    let (local, u_counts) = rayon::join(
        || {
            let mut slots: Vec<Option<Prepared>> = recs.into_iter().map(Some).collect();
            order.iter().map(|&i| slots[i as usize].take().unwrap_or_default()).collect::<Vec<Prepared>>()
        },
        || u_histogram(&sample),
    );
    drop(sample);
    progress.inc(1);
    let laid_out = started.elapsed().as_secs_f64();
    let mut remapped = explain.map(|sink| {
        let order = &order;
        move |rows: &[Scored]| -> Result<(), String> {
            let back: Vec<Scored> =
                rows.iter().map(|s| Scored { a: order[s.a as usize], b: order[s.b as usize], ..s.clone() }).collect();
            sink(&back)
        }
    });
    let sink: Option<&mut ExplainSink<'_>> = match remapped.as_mut() {
        Some(f) => Some(f),
        None => None,
    };
    let mut linkage = link_in_order(&local, &u_counts, cfg, progress, sink)?;
    linkage.timings.insert(0, ("layout_and_u_sampling", laid_out));
    // Back to input order, clusters numbered densely by first appearance there.
    let mut label = vec![0u32; n];
    for (pos, &orig) in order.iter().enumerate() {
        label[orig as usize] = linkage.cluster[pos];
    }
    let mut renum = vec![u32::MAX; linkage.clusters];
    let mut next = 0u32;
    for l in &mut label {
        let slot = &mut renum[*l as usize];
        if *slot == u32::MAX {
            *slot = next;
            next += 1;
        }
        *l = *slot;
    }
    linkage.cluster = label;
    Ok(linkage)
}

fn link_in_order(
    recs: &[Prepared],
    u_counts: &Histogram,
    cfg: &Config,
    progress: &Progress,
    mut explain: Option<&mut ExplainSink<'_>>,
) -> Result<Linkage, String> {
    let n = recs.len();
    if n > u32::MAX as usize - 1 {
        return Err(format!("too many records ({n})"));
    }
    let mut timings = Vec::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |name: &'static str| {
        timings.push((name, clock.elapsed().as_secs_f64()));
        clock = std::time::Instant::now();
    };
    progress.stage("blocking", R as u64);
    // The rules' blocks are made side by side, each on one thread.
    let (mut blocks, numbers): (Vec<Blocks>, Vec<Vec<u32>>) = RULES
        .par_iter()
        .map(|rule| {
            let mut block = vec![NO_BLOCK; n];
            let made = if rule.keep == Keep::SurnameOfParts {
                // Only keys some surname of parts has: most records then have none, and are not sorted.
                let parts: FastMap<u64, ()> =
                    recs.iter().filter(|p| p.sur.tokens.len() > 1).map(|p| ((rule.key)(p), ())).collect();
                let keys = recs.iter().map(|p| (rule.key)(p)).map(|k| if parts.contains_key(&k) { k } else { 0 });
                make_blocks(keys, &mut block, cfg.max_block)
            } else {
                make_blocks(recs.iter().map(rule.key), &mut block, cfg.max_block)
            };
            progress.inc(1);
            (made, block)
        })
        .unzip();
    let blocked: Vec<Blocked> = recs
        .par_iter()
        .enumerate()
        .map(|(i, p)| Blocked {
            block: std::array::from_fn(|r| numbers[r][i]),
            dob: packed_dob(p.dob),
            sides: sides(p),
        })
        .collect();
    drop(numbers);
    let oversized = enforce_budget(&mut blocks, cfg.max_pairs);

    let u = model::estimate_u(u_counts);
    lap("blocking");
    progress.stage("comparing blocked pairs", R as u64);
    // One comparison per candidate pair (under the first rule that blocks it), kept compactly so training and
    // scoring need not compare again. The pair budget bounds this memory (see `enforce_budget`). Each rule's
    // pairs come in the pieces rayon folded them into (no copying into one vector).
    let mut pairs: Vec<Vec<Pair>> = Vec::new();
    let by_rule = std::env::var_os("HAVEN_LINK_TIMINGS").is_some();
    for (r, bl) in blocks.iter().enumerate() {
        let started = std::time::Instant::now();
        let keep = RULES[r].keep;
        let found: Vec<Vec<Pair>> = bl
            .ranges
            .par_iter()
            .fold(
                || (Vec::new(), Vec::new(), Vec::new()),
                |(mut out, mut members, mut sorted): (Vec<Pair>, Vec<Blocked>, Vec<u32>), &(lo, hi)| {
                    let mut ids = &bl.order[lo as usize..hi as usize];
                    // A rule comparing only some pairs (see `Keep`) has the records on its side first, `k` of
                    // them, and pairs each with those after it (`Keep::SurnameOfParts`) or with those not on
                    // its side (`Keep::NamesBothWays`).
                    let k = if keep == Keep::Every {
                        ids.len()
                    } else {
                        let on_side = |i: &u32| blocked[*i as usize].sides & keep.bit() != 0;
                        sorted.clear();
                        sorted.extend(ids.iter().copied().filter(on_side));
                        let k = sorted.len();
                        sorted.extend(ids.iter().copied().filter(|i| !on_side(i)));
                        ids = &sorted;
                        k
                    };
                    // The block's members side by side first: one fetch each from wherever they lie, not one
                    // per pair.
                    members.clear();
                    members.extend(ids.iter().map(|&i| blocked[i as usize]));
                    for i in 0..k {
                        let (a, ba) = (ids[i], &members[i]);
                        let from = if keep == Keep::NamesBothWays { k } else { i + 1 };
                        for (&b, bb) in ids[from..].iter().zip(&members[from..]) {
                            // Blocked here (the rule's further condition holds) and by no earlier rule.
                            if blocking_rules_in(ba, bb, r + 1) != 1 << r {
                                continue;
                            }
                            let rules = blocking_rules(ba, bb);
                            {
                                let (a, b) = (a.min(b), a.max(b));
                                let g = compare::compare(&recs[a as usize], &recs[b as usize]);
                                out.push(Pair { a, b, pattern: pattern_index(&g) as u16, rules });
                            }
                        }
                    }
                    (out, members, sorted)
                },
            )
            .map(|(out, _, _)| out)
            .filter(|v| !v.is_empty())
            .collect();
        if by_rule {
            let kept: usize = found.iter().map(Vec::len).sum();
            let offered: u64 = bl.ranges.iter().map(|&(lo, hi)| u64::from(hi - lo) * u64::from(hi - lo - 1) / 2).sum();
            eprintln!(
                "comparing {:<52} {offered:>9} pairs offered, {kept:>8} compared, {:.2}s",
                RULES[r].name,
                started.elapsed().as_secs_f64()
            );
        }
        pairs.extend(found);
        progress.inc(1);
    }
    drop(blocked);
    let candidate_pairs: u64 = pairs.iter().map(|v| v.len() as u64).sum();
    // Per-rule histograms count every pair the rule blocks (as Splink's EM sessions do); the union counts each
    // pair once.
    let (sessions, union) = pairs
        .par_iter()
        .fold(
            || (vec![model::histogram(); R], model::histogram()),
            |(mut s, mut un), piece| {
                for p in piece {
                    let pat = p.pattern as usize;
                    un[pat] += 1;
                    let mut rules = p.rules;
                    while rules != 0 {
                        s[rules.trailing_zeros() as usize][pat] += 1;
                        rules &= rules - 1;
                    }
                }
                (s, un)
            },
        )
        .reduce(
            || (vec![model::histogram(); R], model::histogram()),
            |(mut s1, mut u1), (s2, u2)| {
                for (x, y) in s1.iter_mut().zip(&s2) {
                    model::add_into(x, y);
                }
                model::add_into(&mut u1, &u2);
                (s1, u1)
            },
        );

    lap("comparing");
    progress.stage("training (EM)", 1);
    let fitted: Vec<(model::LevelTable, Vec<usize>)> = sessions
        .par_iter()
        .enumerate()
        .map(|(r, h)| (model::em_session(h, RULES[r].fields, &u, cfg.em_iterations), RULES[r].fields.to_vec()))
        .collect();
    let m = model::combine_sessions(&fitted);
    let total_pairs = (n as f64) * (n as f64 - 1.0) / 2.0;
    let model = model::em_three_class(&union, &m, &u, total_pairs, cfg.em_iterations);
    if std::env::var_os("HAVEN_LINK_EM_INPUT").is_some() {
        // What the three-class EM is given, for tests of the model (tests/household_class.rs).
        eprintln!("total_pairs {total_pairs}");
        for (name, t) in [("m", &m), ("u", &u)] {
            for (f, levels) in t.iter().enumerate() {
                let row: Vec<String> = levels.iter().map(|v| format!("{v:e}")).collect();
                eprintln!("{name} {f} {}", row.join(" "));
            }
        }
        for (i, c) in union.iter().enumerate().filter(|(_, c)| **c > 0) {
            eprintln!("pattern {:?} {c}", compare::pattern_gamma(i));
        }
    }
    progress.inc(1);

    let tf_first = term_frequencies(recs.iter().map(|p| p.first_hash), n);
    let tf_sur = term_frequencies(recs.iter().map(|p| p.sur_hash), n);
    let scorer = Scorer {
        recs,
        model: &model,
        table: model.pattern_logs(),
        prior: model.prior_weight(),
        log_u_first: model.u[0][EXACT as usize].log2(),
        log_u_sur: model.u[1][EXACT as usize].log2(),
        log_tf_first: tf_first.par_iter().map(|t| t.log2()).collect(),
        log_tf_sur: tf_sur.par_iter().map(|t| t.log2()).collect(),
        tf_first,
        tf_sur,
        gammas: (0..compare::PATTERNS).map(compare::pattern_gamma).collect(),
        ceiling: Vec::new(),
    };
    let rarest = |tf: &[f32]| tf.iter().copied().fold(f32::INFINITY, f32::min);
    let (rarest_first, rarest_sur) = (rarest(&scorer.log_tf_first), rarest(&scorer.log_tf_sur));
    let ceiling: Vec<f64> = scorer.gammas.iter().map(|g| scorer.weight_with(g, rarest_first, rarest_sur)).collect();
    let scorer = Scorer { ceiling, ..scorer };
    let threshold_w = model::weight_of(cfg.threshold);

    lap("training");
    progress.stage("scoring", 1);
    let edges: Vec<(u32, u32, f32)> = pairs
        .par_iter()
        .flat_map_iter(|v| v.iter())
        .filter_map(|p| {
            let pat = p.pattern as usize;
            if scorer.ceiling[pat] < threshold_w {
                return None;
            }
            let g = &scorer.gammas[pat];
            let w = if g[0] == EXACT || g[1] == EXACT {
                scorer.weight(p.a as usize, p.b as usize, g)
            } else {
                scorer.ceiling[pat]
            };
            (w >= threshold_w).then_some((p.a, p.b, w as f32))
        })
        .collect();
    if let Some(sink) = explain.as_mut() {
        for chunk in pairs.iter().flat_map(|v| v.chunks(1 << 20)) {
            let x: Vec<Scored> = chunk
                .par_iter()
                .map(|p| {
                    scorer.explain(p.a as usize, p.b as usize, p.rule(), compare::pattern_gamma(p.pattern as usize))
                })
                .collect();
            sink(&x)?;
        }
    }
    drop(pairs);
    progress.inc(1);
    let links = edges.len() as u64;

    lap("scoring");
    progress.stage("clustering", 1);
    let cluster = cluster(n, &edges, &scorer, threshold_w, cfg);
    progress.inc(1);
    progress.finish();
    lap("clustering");
    let clusters = cluster.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
    Ok(Linkage { cluster, clusters, candidate_pairs, links, oversized_blocks: oversized, model, timings })
}

struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind { parent: (0..n as u32).collect(), size: vec![1; n] }
    }
    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = p;
        }
        x
    }
    fn union(&mut self, a: u32, b: u32) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        let (big, small) = if self.size[ra as usize] >= self.size[rb as usize] { (ra, rb) } else { (rb, ra) };
        self.parent[small as usize] = big;
        self.size[big as usize] += self.size[small as usize];
        true
    }
}

/// Connected components of the links, then a chain guard: each component with three or more records is
/// re-clustered by average linkage over all its pairs (scored directly, blocked or not), so a single
/// doubtful link cannot join two otherwise separate people (e.g. twins). Components too large for that
/// are split greedily, strongest links first, with a cluster-size cap.
fn cluster(n: usize, edges: &[(u32, u32, f32)], scorer: &Scorer<'_>, threshold_w: f64, cfg: &Config) -> Vec<u32> {
    let mut uf = UnionFind::new(n);
    for &(a, b, _) in edges {
        uf.union(a, b);
    }
    let roots: Vec<u32> = (0..n as u32).map(|i| uf.find(i)).collect();
    // The records of each component of two or more, in index order: sorted by (root, index), then cut.
    let mut linked: Vec<(u32, u32)> =
        (0..n as u32).filter(|&i| uf.size[roots[i as usize] as usize] > 1).map(|i| (roots[i as usize], i)).collect();
    linked.par_sort_unstable();
    let members: Vec<u32> = linked.iter().map(|&(_, i)| i).collect();
    let mut comps: Vec<(u32, &[u32])> = Vec::new();
    let mut at = 0;
    for run in linked.chunk_by(|x, y| x.0 == y.0) {
        comps.push((run[0].0, &members[at..at + run.len()]));
        at += run.len();
    }
    let mut comp_edges: FastMap<u32, Vec<(u32, u32, f32)>> = FastMap::default();
    for &(a, b, w) in edges {
        let r = roots[a as usize];
        if uf.size[r as usize] as usize > cfg.max_refine {
            comp_edges.entry(r).or_default().push((a, b, w));
        }
    }
    // Each group is a final cluster (list of record indices).
    let groups: Vec<Vec<u32>> = comps
        .par_iter()
        .flat_map_iter(|&(root, c)| {
            if c.len() <= 2 {
                vec![c.to_vec()]
            } else if c.len() <= cfg.max_refine {
                average_linkage(c, scorer, cfg.guard_weight.min(threshold_w))
            } else {
                let mut es = comp_edges.get(&root).cloned().unwrap_or_default();
                capped_greedy(c, &mut es, cfg.max_cluster)
            }
        })
        .collect();
    let mut label = vec![u32::MAX; n];
    for (gid, g) in groups.iter().enumerate() {
        for &i in g {
            label[i as usize] = gid as u32;
        }
    }
    // Dense numbering by first appearance in input order; singletons get their own clusters.
    let mut renum = vec![u32::MAX; groups.len()];
    let mut next = 0u32;
    let mut out = vec![0u32; n];
    for i in 0..n {
        let l = label[i];
        out[i] = if l == u32::MAX {
            next += 1;
            next - 1
        } else {
            let slot = &mut renum[l as usize];
            if *slot == u32::MAX {
                *slot = next;
                next += 1;
            }
            *slot
        };
    }
    out
}

fn capped_greedy(c: &[u32], es: &mut [(u32, u32, f32)], max_cluster: usize) -> Vec<Vec<u32>> {
    es.sort_unstable_by(|x, y| y.2.total_cmp(&x.2).then(x.0.cmp(&y.0)).then(x.1.cmp(&y.1)));
    let index: FastMap<u32, u32> = c.iter().enumerate().map(|(i, &r)| (r, i as u32)).collect();
    let mut uf = UnionFind::new(c.len());
    for &(a, b, _) in es.iter() {
        let (Some(&ia), Some(&ib)) = (index.get(&a), index.get(&b)) else { continue };
        let (ra, rb) = (uf.find(ia), uf.find(ib));
        if ra != rb && (uf.size[ra as usize] + uf.size[rb as usize]) as usize <= max_cluster {
            uf.union(ra, rb);
        }
    }
    let mut groups: FastMap<u32, Vec<u32>> = FastMap::default();
    for (i, &r) in c.iter().enumerate() {
        groups.entry(uf.find(i as u32)).or_default().push(r);
    }
    groups.into_values().collect()
}

/// Average-linkage agglomeration inside one component: repeatedly merge the two clusters with the highest
/// mean pairwise weight while that mean reaches `guard_w` (by default 0: on average the members are more
/// likely the same person than not).
fn average_linkage(c: &[u32], scorer: &Scorer<'_>, guard_w: f64) -> Vec<Vec<u32>> {
    let k = c.len();
    // A pair counts against a merge by at most 5 bits: two records that share little (missing fields) are
    // weak evidence of different people, and must not outvote the links that found them.
    let clamp = |w: f64| w.clamp(-5.0, 20.0);
    // sum[i][j]: total weight between clusters i and j; alive clusters only.
    let mut sum = vec![0f64; k * k];
    for i in 0..k {
        for j in i + 1..k {
            let w = clamp(scorer.score(c[i] as usize, c[j] as usize));
            sum[i * k + j] = w;
            sum[j * k + i] = w;
        }
    }
    let mut size = vec![1usize; k];
    let mut alive = vec![true; k];
    let mut members: Vec<Vec<u32>> = c.iter().map(|&r| vec![r]).collect();
    loop {
        let mut best = (f64::NEG_INFINITY, 0, 0);
        for i in 0..k {
            if !alive[i] {
                continue;
            }
            for j in i + 1..k {
                if !alive[j] {
                    continue;
                }
                let mean = sum[i * k + j] / (size[i] * size[j]) as f64;
                if mean > best.0 {
                    best = (mean, i, j);
                }
            }
        }
        let (mean, i, j) = best;
        if mean < guard_w {
            break;
        }
        alive[j] = false;
        size[i] += size[j];
        let moved = std::mem::take(&mut members[j]);
        members[i].extend(moved);
        for x in 0..k {
            if alive[x] && x != i {
                let v = sum[i * k + x] + sum[j * k + x];
                sum[i * k + x] = v;
                sum[x * k + i] = v;
            }
        }
    }
    members.into_iter().zip(alive).filter(|(_, a)| *a).map(|(m, _)| m).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(sizes: &[u32]) -> Blocks {
        let mut ranges = Vec::new();
        let mut at = 0;
        for &s in sizes {
            ranges.push((at, at + s));
            at += s;
        }
        Blocks { order: (0..at).collect(), ranges, oversized: 0 }
    }

    #[test]
    fn budget_drops_largest_blocks_first() {
        let mut bs = vec![blocks(&[2, 3, 100]), blocks(&[50, 4])];
        // pairs: 1 + 3 + 4950 + 1225 + 6 = 6185
        assert_eq!(enforce_budget(&mut bs, 10_000), 0);
        assert_eq!(enforce_budget(&mut bs, 2_000), 1);
        assert_eq!(bs[0].ranges.len(), 2);
        assert_eq!(enforce_budget(&mut bs, 5), 3);
        assert_eq!(bs[0].ranges, vec![(0, 2), (2, 5)]);
        assert!(bs[1].ranges.is_empty());
    }

    #[test]
    fn exact_duplicates_need_first_name_and_two_more() {
        assert!(is_exact_duplicate(&[1, 1, 1, 0, 0]));
        assert!(is_exact_duplicate(&[1, 0, 1, 1, 1]));
        assert!(!is_exact_duplicate(&[1, 1, 0, 0, 1]));
        assert!(!is_exact_duplicate(&[0, 1, 1, 1, 1]));
        assert!(!is_exact_duplicate(&[1, 1, 1, 1, 2]));
    }

    /// Skipping pairs whose pattern's ceiling is under the threshold must link exactly the pairs that
    /// weighing every pair would: the explain output weighs every pair in full.
    #[test]
    fn the_ceiling_skips_no_pair_that_reaches_the_threshold() {
        let variants = names::Variants::builtin();
        let recs: Vec<Prepared> =
            crate::synth::generate(3_000, 5).iter().map(|s| Prepared::new(&s.record, variants).0).collect();
        let cfg = Config::default();
        let threshold_w = model::weight_of(cfg.threshold);
        let (mut scored, mut reaching) = (0u64, 0u64);
        let mut sink = |rows: &[Scored]| -> Result<(), String> {
            scored += rows.len() as u64;
            reaching += rows.iter().filter(|s| s.total >= threshold_w).count() as u64;
            Ok(())
        };
        let linkage = link(recs, &cfg, &Progress::hidden(), Some(&mut sink)).expect("links");
        assert_eq!(scored, linkage.candidate_pairs);
        assert!(linkage.links > 1_000, "{} links", linkage.links);
        assert_eq!(reaching, linkage.links);
    }

    #[test]
    fn union_find_joins() {
        let mut uf = UnionFind::new(4);
        assert!(uf.union(0, 1));
        assert!(uf.union(2, 3));
        assert!(!uf.union(1, 0));
        assert_ne!(uf.find(0), uf.find(2));
        assert!(uf.union(1, 3));
        assert_eq!(uf.find(0), uf.find(2));
    }

    #[test]
    fn capped_greedy_respects_cap() {
        let c = [10, 11, 12, 13];
        let mut es = vec![(10, 11, 9.0), (11, 12, 8.0), (12, 13, 7.0)];
        let groups = capped_greedy(&c, &mut es, 2);
        assert!(groups.iter().all(|g| g.len() <= 2));
        assert_eq!(groups.iter().map(Vec::len).sum::<usize>(), 4);
    }
}
