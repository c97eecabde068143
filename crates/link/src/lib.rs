//! Record linkage for haven: the same child recorded by police, councils, health, schools and charities,
//! spelled differently, linked into one person.
//!
//! Pipeline: standardise ([`standardise`]) → block ([`engine::RULES`]) → compare field by field
//! ([`compare`]) → Fellegi–Sunter weights with u from random sampling and m by EM ([`model`]) with
//! term-frequency adjustment for names → cluster (connected components with an average-linkage chain
//! guard). Pure compute except [`csv_io`].
//!
//! Unparseable dates of birth do not fail a run: they are treated as missing and counted in
//! [`LinkSummary::dob_invalid`].

pub mod compare;
pub mod csv_io;
pub mod engine;
pub mod error;
pub mod eval;
pub mod matching;
pub mod model;
pub mod names;
pub mod progress;
pub mod standardise;
pub mod synth;

use std::fmt;
use std::path::Path;

use rayon::prelude::*;

pub use compare::RawRecord;
pub use engine::{Config, Linkage};
pub use error::LinkError;

use std::sync::Arc;

use names::FastMap;

use compare::{DobNote, NameParts, Prepared, RecordRef};
use names::Variants;
use progress::Progress;

/// What a linkage run did.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkSummary {
    pub records: usize,
    pub clusters: usize,
    /// Clusters holding two or more records.
    pub linked_clusters: usize,
    /// Records in those clusters.
    pub linked_records: usize,
    pub candidate_pairs: u64,
    /// Pairs at or above the threshold.
    pub links: u64,
    /// Dates of birth that could not be read and were treated as missing.
    pub dob_invalid: usize,
    /// The first [`MAX_DOB_PROBLEMS`] of those, with the line each is on (line 1 is the header).
    pub dob_problems: Vec<DobProblem>,
    /// Dates of birth read with day and month swapped (e.g. 2015-23-04).
    pub dob_swapped: usize,
    /// Blocks skipped as too large.
    pub oversized_blocks: u64,
    /// Estimated probability that two random records are the same person.
    pub prior: f64,
    /// Seconds per stage (reading, layout_and_u_sampling, blocking, comparing, training, scoring, clustering,
    /// writing).
    pub timings: Vec<(&'static str, f64)>,
}

impl fmt::Display for LinkSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} records -> {} clusters ({} records in {} multi-record clusters); {} candidate pairs, {} links; \
             {} unreadable dates of birth treated as missing, {} read with day/month swapped; {} oversized blocks skipped",
            self.records,
            self.clusters,
            self.linked_records,
            self.linked_clusters,
            self.candidate_pairs,
            self.links,
            self.dob_invalid,
            self.dob_swapped,
            self.oversized_blocks
        )?;
        if !self.timings.is_empty() {
            let parts: Vec<String> = self.timings.iter().map(|(n, s)| format!("{n} {s:.2}s")).collect();
            write!(f, "; {}", parts.join(", "))?;
        }
        Ok(())
    }
}

/// How many unreadable dates of birth a summary lists by line.
pub const MAX_DOB_PROBLEMS: usize = 100;

/// A date of birth that could not be read (treated as missing): where it is and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DobProblem {
    /// Line of the input file (line 1 is the header); 0 for records given in memory.
    pub line: u64,
    /// The value as written (at most 40 characters).
    pub value: String,
}

impl fmt::Display for DobProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}: date of birth `{}` is not a date (expected YYYY-MM-DD); treated as missing",
            self.line, self.value
        )
    }
}

/// Standardised names by spelling, kept across batches: names repeat a great deal, and encoding one
/// (metaphone, variant groups, near variants) costs far more than looking it up.
#[derive(Default)]
struct NameCache {
    first: Names,
    sur: Names,
}

/// One kind of name: each spelling's number, and the parts by number.
#[derive(Default)]
struct Names {
    number: FastMap<Box<str>, u32>,
    parts: Vec<Arc<NameParts>>,
}

impl Names {
    /// The number of each spelling (one lookup each), encoding the spellings not seen before.
    fn numbers<'a>(
        &mut self,
        spellings: impl Iterator<Item = &'a str>,
        encode: impl Fn(&str) -> NameParts,
    ) -> Vec<u32> {
        let mut new: Vec<&str> = Vec::new();
        let known = self.parts.len();
        let numbers = spellings
            .map(|n| match self.number.get(n) {
                Some(&k) => k,
                None => {
                    let k = (known + new.len()) as u32;
                    self.number.insert(n.into(), k);
                    new.push(n);
                    k
                }
            })
            .collect();
        // On this thread: while a file is read, the parsing thread shares the cores with rayon's, so a parallel
        // pass over the few thousand new names of a batch waited on whichever half was descheduled (measured:
        // reading 1M records took 0.52-0.58 s against 0.60-0.73 s in parallel).
        let encoded: Vec<Arc<NameParts>> = new.iter().map(|n| Arc::new(encode(n))).collect();
        self.parts.extend(encoded);
        numbers
    }
}

fn prepare_batch(batch: &[RecordRef<'_>], variants: &Variants, cache: &mut NameCache) -> Vec<(Prepared, DobNote)> {
    let firsts = cache.first.numbers(batch.iter().map(|r| r.first_name), |n| NameParts::given(n, variants));
    let surs = cache.sur.numbers(batch.iter().map(|r| r.surname), NameParts::family);
    // The shared parts are counted here, on one thread: two threads counting the same popular name's
    // references would pass its cache line back and forth.
    let (fp, sp) = (&cache.first.parts, &cache.sur.parts);
    let names: Vec<(Arc<NameParts>, Arc<NameParts>)> =
        firsts.iter().zip(&surs).map(|(&f, &s)| (fp[f as usize].clone(), sp[s as usize].clone())).collect();
    batch.par_iter().zip(names).map(|(r, (f, s))| Prepared::from_parts(*r, f, s)).collect()
}

fn summarise(link: &Linkage, records: usize, notes: (usize, usize)) -> LinkSummary {
    let mut sizes = vec![0u32; link.clusters];
    for &c in &link.cluster {
        sizes[c as usize] += 1;
    }
    LinkSummary {
        records,
        clusters: link.clusters,
        linked_clusters: sizes.iter().filter(|&&s| s > 1).count(),
        linked_records: sizes.iter().filter(|&&s| s > 1).map(|&s| s as usize).sum(),
        candidate_pairs: link.candidate_pairs,
        links: link.links,
        dob_invalid: notes.0,
        dob_problems: Vec::new(),
        dob_swapped: notes.1,
        oversized_blocks: link.oversized_blocks,
        prior: link.model.lambda,
        timings: link.timings.clone(),
    }
}

/// Links records held in memory; returns the cluster number of each record (dense, by first appearance).
pub fn link_records(records: &[RawRecord], cfg: &Config) -> Result<(Vec<u32>, LinkSummary), LinkError> {
    check_threshold(cfg.threshold)?;
    let variants = Variants::builtin();
    let views: Vec<RecordRef<'_>> = records.iter().map(RawRecord::view).collect();
    let prepared = prepare_batch(&views, variants, &mut NameCache::default());
    let notes = count_notes(prepared.iter().map(|(_, n)| *n));
    let recs: Vec<Prepared> = prepared.into_iter().map(|(p, _)| p).collect();
    let link = engine::link(recs, cfg, &Progress::hidden(), None).map_err(LinkError::Internal)?;
    let summary = summarise(&link, records.len(), notes);
    Ok((link.cluster, summary))
}

fn count_notes(notes: impl Iterator<Item = DobNote>) -> (usize, usize) {
    notes.fold((0, 0), |(i, s), n| match n {
        DobNote::Invalid => (i + 1, s),
        DobNote::Swapped => (i, s + 1),
        DobNote::Fine => (i, s),
    })
}

fn check_threshold(t: f64) -> Result<(), LinkError> {
    if t.is_finite() && t > 0.0 && t < 1.0 { Ok(()) } else { Err(LinkError::BadThreshold(t)) }
}

/// Reads `input` (CSV with header `record_id,source,first_name,surname,dob,sex,postcode`, extra columns
/// ignored), links the records, and writes `record_id,cluster_id` to `output` with every input record once.
/// `threshold` is the match probability at which a pair is linked (0.9 is a sound default). When `explain`
/// is given, every scored candidate pair is written there with each field's comparison level and weight.
pub fn run_link_files(
    input: &Path,
    output: &Path,
    threshold: f64,
    explain: Option<&Path>,
    progress: bool,
) -> Result<LinkSummary, LinkError> {
    let cfg = Config { threshold, ..Config::default() };
    run_link_files_with(input, output, &cfg, explain, progress)
}

/// [`run_link_files`] with explicit tuning.
pub fn run_link_files_with(
    input: &Path,
    output: &Path,
    cfg: &Config,
    explain: Option<&Path>,
    progress: bool,
) -> Result<LinkSummary, LinkError> {
    check_threshold(cfg.threshold)?;
    let started = std::time::Instant::now();
    let variants = Variants::builtin();
    let mut recs: Vec<Prepared> = Vec::new();
    let mut notes = (0usize, 0usize);
    // (record index, value) of the first unreadable dates; lines are known once the file is read.
    let mut bad_dobs: Vec<(usize, String)> = Vec::new();
    let mut names = NameCache::default();
    let read = csv_io::read_records(input, 65_536, |batch| {
        let views: Vec<RecordRef<'_>> = (0..batch.len()).map(|i| batch.get(i)).collect();
        let prepared = prepare_batch(&views, variants, &mut names);
        let (i, s) = count_notes(prepared.iter().map(|(_, n)| *n));
        notes.0 += i;
        notes.1 += s;
        for (k, (_, note)) in prepared.iter().enumerate() {
            if *note == DobNote::Invalid && bad_dobs.len() < MAX_DOB_PROBLEMS {
                bad_dobs.push((recs.len() + k, views[k].dob.chars().take(40).collect()));
            }
        }
        recs.extend(prepared.into_iter().map(|(p, _)| p));
    })?;
    let ids = read.ids;
    let read_secs = started.elapsed().as_secs_f64();
    let mut writer = match explain {
        Some(p) => Some(csv_io::ExplainWriter::create(p)?),
        None => None,
    };
    let bar = Progress::new(progress);
    let link = {
        let mut sink = |rows: &[engine::Scored]| match writer.as_mut() {
            Some(w) => w.write(&ids, rows),
            None => Ok(()),
        };
        let sink_ref: Option<&mut engine::ExplainSink<'_>> = if explain.is_some() { Some(&mut sink) } else { None };
        engine::link(recs, cfg, &bar, sink_ref)
    };
    let link = link.map_err(|m| match explain {
        Some(p) => LinkError::Io { path: p.to_path_buf(), message: m },
        None => LinkError::Internal(m),
    })?;
    if let (Some(w), Some(p)) = (writer, explain) {
        w.finish().map_err(|m| LinkError::Io { path: p.to_path_buf(), message: m })?;
    }
    let t = std::time::Instant::now();
    csv_io::write_clusters(output, &ids, &link.cluster)?;
    let mut summary = summarise(&link, ids.len(), notes);
    summary.dob_problems = bad_dobs
        .into_iter()
        .map(|(i, value)| DobProblem { line: read.lines.get(i).copied().unwrap_or(0), value })
        .collect();
    summary.timings.insert(0, ("reading", read_secs));
    summary.timings.push(("writing", t.elapsed().as_secs_f64()));
    Ok(summary)
}
