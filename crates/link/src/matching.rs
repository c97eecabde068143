//! Matching incoming records against records already held: for each incoming row, the existing person
//! it most likely is, with the match probability and every field's comparison level and weight (what a
//! review page draws as a waterfall). Used by imports: the engine is trained on existing and incoming
//! records together, and only pairs of one incoming and one existing record are kept.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::compare::{FIELD_NAMES, FIELDS, LEVEL_NAMES, Prepared, RawRecord};
use crate::engine::{self, Config, Scored};
use crate::error::LinkError;
use crate::names::Variants;
use crate::progress::Progress;

/// One field's part in a match: its comparison level and the weight (log2 Bayes factor) it adds.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldScore {
    /// `first_name`, `surname`, `dob`, `postcode` or `sex`.
    pub field: &'static str,
    /// The level's name (`exact`, `variant`, `day_month_swap`, `null`…).
    pub level: &'static str,
    /// The level's number (0 is null: missing on either side, weight 0).
    pub gamma: u8,
    pub weight: f64,
}

/// The best candidate for one incoming record.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate<K> {
    /// The key of the existing record's person (for an earlier record of the same file, its index in
    /// `incoming`).
    pub key: K,
    /// Which record matched best: an index into `existing` (into `incoming` for an earlier record).
    pub existing: usize,
    /// Match probability of the pair.
    pub probability: f64,
    /// The prior weight (log2 odds that two records are one person before comparing).
    pub prior: f64,
    /// The pair's total match weight (log2 posterior odds).
    pub total: f64,
    /// Every field's level and weight, in comparison order.
    pub fields: Vec<FieldScore>,
}

/// The best candidates for one incoming record of a file that may hold a child twice: among the
/// records held, and among the file's records before it. The caller decides between them (an earlier
/// record's person may not be settled yet).
#[derive(Debug, Clone, PartialEq)]
pub struct InFile<K> {
    pub held: Option<Candidate<K>>,
    pub earlier: Option<Candidate<usize>>,
}

fn field_scores(s: &Scored) -> Vec<FieldScore> {
    (0..FIELDS)
        .map(|f| {
            let gamma = s.gamma[f];
            FieldScore {
                field: FIELD_NAMES[f],
                level: LEVEL_NAMES[f].get(usize::from(gamma)).copied().unwrap_or("?"),
                gamma,
                weight: s.weights[f],
            }
        })
        .collect()
}

fn candidate<K>(key: K, index: usize, s: &Scored) -> Candidate<K> {
    Candidate {
        key,
        existing: index,
        probability: s.probability,
        prior: s.prior,
        total: s.total,
        fields: field_scores(s),
    }
}

/// For every incoming record, the best-scoring existing record among those the blocking rules make
/// candidates (`None` when no existing record is a candidate at all). `existing` pairs each record with
/// the key of the person it belongs to; a person may have several records. The engine is trained on
/// existing and incoming records together; record ids and keys play no part in the scores, and ties go
/// to the earlier existing record.
pub fn best_matches<K: Clone>(
    existing: &[(K, RawRecord)],
    incoming: &[RawRecord],
    cfg: &Config,
) -> Result<Vec<Option<Candidate<K>>>, LinkError> {
    if existing.is_empty() {
        return Ok(vec![None; incoming.len()]);
    }
    Ok(best(existing, incoming, cfg, false)?.into_iter().map(|c| c.held).collect())
}

/// As [`best_matches`], and for every incoming record also the best of the incoming records before it
/// (one agency's file holding the same child twice), ties going to the earliest.
pub fn best_matches_in_file<K: Clone>(
    existing: &[(K, RawRecord)],
    incoming: &[RawRecord],
    cfg: &Config,
) -> Result<Vec<InFile<K>>, LinkError> {
    best(existing, incoming, cfg, true)
}

/// A best pair so far: its total weight, the candidate's index, the pair.
type Best = HashMap<usize, (f64, usize, Scored)>;

fn keep(best: &mut Best, inc: usize, other: usize, s: &Scored) {
    let better = match best.get(&inc) {
        None => true,
        Some((w, o, _)) => s.total > *w || (s.total == *w && other < *o),
    };
    if better {
        best.insert(inc, (s.total, other, s.clone()));
    }
}

fn best<K: Clone>(
    existing: &[(K, RawRecord)],
    incoming: &[RawRecord],
    cfg: &Config,
    within: bool,
) -> Result<Vec<InFile<K>>, LinkError> {
    let mut out: Vec<InFile<K>> = vec![InFile { held: None, earlier: None }; incoming.len()];
    if incoming.is_empty() || (existing.is_empty() && (!within || incoming.len() < 2)) {
        return Ok(out);
    }
    let n_existing = existing.len();
    let variants = Variants::builtin();
    let all: Vec<&RawRecord> = existing.iter().map(|(_, r)| r).chain(incoming.iter()).collect();
    let recs: Vec<Prepared> = all.par_iter().map(|r| Prepared::new(r, variants).0).collect();
    let (mut held, mut earlier) = (Best::new(), Best::new());
    {
        let mut sink = |rows: &[Scored]| -> Result<(), String> {
            for s in rows {
                let (a, b) = (s.a as usize, s.b as usize);
                match (a < n_existing, b < n_existing) {
                    (true, false) => keep(&mut held, b - n_existing, a, s),
                    (false, true) => keep(&mut held, a - n_existing, b, s),
                    (false, false) if within => keep(&mut earlier, a.max(b) - n_existing, a.min(b) - n_existing, s),
                    _ => {}
                }
            }
            Ok(())
        };
        let sink_ref: &mut engine::ExplainSink<'_> = &mut sink;
        engine::link(recs, cfg, &Progress::hidden(), Some(sink_ref)).map_err(LinkError::Internal)?;
    }
    for (inc, (_, ex, s)) in held {
        if let (Some(slot), Some((key, _))) = (out.get_mut(inc), existing.get(ex)) {
            slot.held = Some(candidate(key.clone(), ex, &s));
        }
    }
    for (inc, (_, j, s)) in earlier {
        if let Some(slot) = out.get_mut(inc) {
            slot.earlier = Some(candidate(j, j, &s));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: &str, first: &str, sur: &str, dob: &str, sex: &str, pc: &str) -> RawRecord {
        RawRecord {
            record_id: id.into(),
            source: "test".into(),
            first_name: first.into(),
            surname: sur.into(),
            dob: dob.into(),
            sex: sex.into(),
            postcode: pc.into(),
        }
    }

    /// A small population of distinct children, as existing records with person keys.
    fn existing() -> Vec<(u32, RawRecord)> {
        let firsts = ["Sian", "Dafydd", "Megan", "Rhys", "Cerys", "Owain", "Ffion", "Iwan", "Nia", "Gethin"];
        let surs = ["Evans", "Jones", "Williams", "Davies", "Thomas", "Roberts", "Hughes", "Lewis"];
        let mut out = Vec::new();
        let mut k = 0u32;
        for (i, f) in firsts.iter().enumerate() {
            for (j, s) in surs.iter().enumerate() {
                let dob =
                    format!("20{:02}-{:02}-{:02}", 8 + (i + j) % 8, 1 + (i * 3 + j) % 12, 1 + (i * 7 + j * 3) % 28);
                let sex = if i % 2 == 0 { "F" } else { "M" };
                let pc = format!("CF{} {}AB", 10 + j, i);
                out.push((k, rec(&format!("E{k}"), f, s, &dob, sex, &pc)));
                k += 1;
            }
        }
        out
    }

    #[test]
    fn an_identical_row_matches_its_record_with_high_probability() {
        let ex = existing();
        let target = ex[17].1.clone();
        let incoming = vec![RawRecord { record_id: "NEW1".into(), ..target }];
        let found = best_matches(&ex, &incoming, &Config::default()).unwrap_or_default();
        let c = found[0].as_ref().unwrap_or_else(|| panic!("no candidate"));
        assert_eq!(c.key, ex[17].0);
        assert!(c.probability > 0.95, "probability {}", c.probability);
        assert_eq!(c.fields.len(), FIELDS);
        assert!(c.fields.iter().all(|f| f.level == "exact" || f.level == "unit" || f.level == "equal"), "{c:?}");
    }

    #[test]
    fn a_spelling_variant_still_finds_its_person() {
        let ex = existing();
        let mut r = ex[9].1.clone(); // Dafydd Jones
        r.first_name = "David".into();
        r.record_id = "X".into();
        let found = best_matches(&ex, &[r], &Config::default()).unwrap_or_default();
        let c = found[0].as_ref().unwrap_or_else(|| panic!("no candidate"));
        assert_eq!(c.key, ex[9].0);
        assert_eq!(c.fields[0].level, "variant");
    }

    #[test]
    fn a_clearly_different_row_gets_no_candidate_or_a_low_one() {
        let ex = existing();
        let incoming = vec![rec("Z1", "Zebedee", "Quartermaine", "1971-06-30", "M", "ZE2 9XX")];
        let found = best_matches(&ex, &incoming, &Config::default()).unwrap_or_default();
        if let Some(c) = &found[0] {
            assert!(c.probability < 0.5, "probability {}", c.probability);
        }
    }

    #[test]
    fn renaming_ids_and_keys_changes_nothing() {
        let ex = existing();
        let incoming: Vec<RawRecord> = vec![
            RawRecord { record_id: "A".into(), ..ex[3].1.clone() },
            rec("B", "Meg", "Wiliams", "2010-03-05", "F", "CF12 2AB"),
            rec("C", "Zebedee", "Quartermaine", "1971-06-30", "M", "ZE2 9XX"),
        ];
        let first = best_matches(&ex, &incoming, &Config::default()).unwrap_or_default();
        let renamed_ex: Vec<(u32, RawRecord)> = ex
            .iter()
            .map(|(k, r)| (k + 1000, RawRecord { record_id: format!("other-{}", r.record_id), ..r.clone() }))
            .collect();
        let renamed_in: Vec<RawRecord> =
            incoming.iter().map(|r| RawRecord { record_id: format!("zz{}", r.record_id), ..r.clone() }).collect();
        let second = best_matches(&renamed_ex, &renamed_in, &Config::default()).unwrap_or_default();
        assert_eq!(first.len(), second.len());
        for (a, b) in first.iter().zip(&second) {
            match (a, b) {
                (None, None) => {}
                (Some(a), Some(b)) => {
                    assert_eq!(a.key + 1000, b.key);
                    assert_eq!((a.existing, a.probability, &a.fields), (b.existing, b.probability, &b.fields));
                }
                _ => panic!("{a:?} vs {b:?}"),
            }
        }
    }

    #[test]
    fn in_a_file_a_record_may_match_an_earlier_one_but_never_itself_or_a_later_one() {
        let ex = existing();
        let megan = ex[17].1.clone();
        let incoming = vec![
            rec("F1", "Zebedee", "Quartermaine", "2009-06-30", "M", "ZE2 9XX"),
            RawRecord { record_id: "F2".into(), ..megan.clone() },
            rec("F3", "Zebedee", "Quartermaine", "2009-06-30", "M", "ZE2 9XX"),
        ];
        let found = best_matches_in_file(&ex, &incoming, &Config::default()).unwrap_or_default();
        // The first Zebedee has nobody before him; the second is the first.
        assert!(found[0].earlier.is_none());
        assert!(found[0].held.as_ref().is_none_or(|c| c.probability < 0.5), "{:?}", found[0]);
        let second = found[2].earlier.as_ref().unwrap_or_else(|| panic!("no candidate"));
        assert_eq!((second.key, second.existing), (0, 0));
        assert!(second.probability > 0.95, "probability {}", second.probability);
        // Megan is held already.
        let c = found[1].held.as_ref().unwrap_or_else(|| panic!("no candidate"));
        assert_eq!(c.key, ex[17].0);
        assert!(found[1].earlier.as_ref().is_none_or(|c| c.probability < 0.5));
        // Across files, the same rows find only held records.
        let across = best_matches(&ex, &incoming, &Config::default()).unwrap_or_default();
        assert!(across[2].as_ref().is_none_or(|c| c.probability < 0.5), "{:?}", across[2]);
    }

    #[test]
    fn a_file_alone_links_its_own_repeats() {
        let incoming: Vec<RawRecord> = existing().into_iter().map(|(_, r)| r).collect();
        let mut with_repeat = incoming.clone();
        with_repeat.push(RawRecord { record_id: "again".into(), first_name: "Cerys".into(), ..incoming[37].clone() });
        let found = best_matches_in_file::<u32>(&[], &with_repeat, &Config::default()).unwrap_or_default();
        let last = found.last().and_then(|f| f.earlier.as_ref()).unwrap_or_else(|| panic!("no candidate"));
        assert_eq!(last.key, 37);
        assert!(found.iter().all(|f| f.held.is_none()));
        let alone = best_matches_in_file::<u32>(&[], &with_repeat[..1], &Config::default()).unwrap_or_default();
        assert!(alone.iter().all(|f| f.held.is_none() && f.earlier.is_none()));
    }

    #[test]
    fn nothing_existing_or_nothing_incoming_is_no_candidates() {
        let ex = existing();
        assert_eq!(best_matches::<u32>(&[], &[ex[0].1.clone()], &Config::default()).unwrap_or_default(), vec![None]);
        assert!(best_matches(&ex, &[], &Config::default()).unwrap_or_default().is_empty());
    }
}
