//! The demo's associations (issue 20): whom children were found with and where, and whom they
//! disclosed in their return home interview, as the police and the interviewer would record
//! them with the return and the interview. Drawn after the rest of the demo from a generator of
//! their own, so that everything else is as it was; consistent with what the episodes already
//! say (an adult the police linked to the episode is the one the child was found with, a
//! premises linked is where a child found at "a friend's address" was).

use haven_domain::ids::{AssociationId, LocationId, PersonId};
use haven_domain::location::LocationKind;
use haven_domain::missing::episode::RhiOutcome;
use haven_domain::missing::record::NoteKind;
use haven_domain::network::{Association, Node, Relation, Source};
use haven_domain::person::PersonKind;
use haven_store::BulkLoad;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;

/// The adults most children are found with: a few dozen, so that cohorts form around them.
const BUSY_ADULTS: usize = 40;

/// The associations of the demo's returned episodes. Their times are the return's or the
/// interview's, which the store takes when writing them.
pub fn generate(load: &BulkLoad, seed: u64) -> Vec<Association> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x006e_6574_776f_726b);
    let uuid = |rng: &mut ChaCha8Rng| AssociationId(uuid::Builder::from_random_bytes(rng.random()).into_uuid());
    let adults: Vec<PersonId> =
        load.people.iter().filter(|p| p.details.kind == PersonKind::Adult).map(|p| p.id).take(BUSY_ADULTS).collect();
    let area_of: HashMap<LocationId, Option<haven_domain::ids::AreaId>> =
        load.locations.iter().map(|l| (l.id, l.area_id)).collect();
    let public: Vec<(LocationId, Option<haven_domain::ids::AreaId>)> =
        load.locations.iter().filter(|l| l.kind == LocationKind::PublicPlace).map(|l| (l.id, l.area_id)).collect();
    let mut out = Vec::new();
    for e in &load.episodes {
        let Some(found) = &e.found else { continue };
        let noted_adult = e.notes.iter().find(|n| n.kind == NoteKind::LinkedPerson).and_then(|n| n.person_id);
        let noted_place = e.notes.iter().find(|n| n.kind == NoteKind::LinkedPlace).and_then(|n| n.location_id);
        let with_adults = ["older boyfriend", "Two adults"].iter().any(|w| found.with_whom.contains(w));
        let association = |relation, other, source, rng: &mut ChaCha8Rng| Association {
            id: uuid(rng),
            episode: e.id,
            relation,
            other,
            source,
            at: found.returned_at,
            recorded_by: found.recorded_by,
            recorded_at: found.recorded_at,
        };
        let adult = match noted_adult {
            Some(a) if with_adults => Some(a),
            _ if with_adults && rng.random_bool(0.6) => adults.choose(&mut rng).copied(),
            _ => None,
        };
        if let Some(a) = adult {
            out.push(association(Relation::FoundWith, Node::Person(a), Source::Return, &mut rng));
        }
        let place = match found.found_where.as_str() {
            "A friend's address" => noted_place,
            "Town centre" | "Bus station" => {
                let area = e.from_location.and_then(|l| area_of.get(&l).copied().flatten());
                let near: Vec<LocationId> = public.iter().filter(|(_, a)| *a == area).map(|(l, _)| *l).collect();
                near.choose(&mut rng).copied()
            }
            _ => None,
        };
        if let Some(p) = place {
            out.push(association(Relation::FoundAt, Node::Location(p), Source::Return, &mut rng));
        }
        // What the child said in the interview: the adult again, where there were signs.
        if let (Some(a), Some(rhi)) = (adult, &e.rhi)
            && rhi.outcome == RhiOutcome::Held
            && !rhi.exploitation_indicators.trim().is_empty()
            && rng.random_bool(0.5)
        {
            let mut said = association(Relation::Disclosed, Node::Person(a), Source::Rhi, &mut rng);
            said.at = rhi.held_at;
            said.recorded_by = rhi.recorded_by;
            said.recorded_at = rhi.recorded_at;
            out.push(said);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_finds_children_with_adults_and_at_places_and_hears_of_them_in_interviews() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let force = super::super::generate(super::super::DemoOptions { scale: 1, seed: 2026, today }, "");
        let all = generate(&force.load, 2026);
        let count = |r: Relation| all.iter().filter(|a| a.relation == r).count();
        assert!(count(Relation::FoundWith) >= 50, "found with: {}", count(Relation::FoundWith));
        assert!(count(Relation::FoundAt) >= 50, "found at: {}", count(Relation::FoundAt));
        assert!(count(Relation::Disclosed) >= 5, "disclosed: {}", count(Relation::Disclosed));
        // Each on a returned episode, of the kind of node its relation joins, and the same again
        // for the same seed.
        for a in &all {
            let e = force.load.episodes.iter().find(|e| e.id == a.episode).unwrap();
            assert!(e.found.is_some());
            assert_eq!(a.relation.recorded_with(), Some(a.source));
            assert!(a.source != Source::Rhi || e.rhi.is_some());
            match a.relation.to_person() {
                Some(true) => assert!(matches!(a.other, Node::Person(_))),
                Some(false) => assert!(matches!(a.other, Node::Location(_))),
                None => {}
            }
        }
        assert_eq!(generate(&force.load, 2026), all);
        // Cohorts: some adult was found with more than one child.
        let mut children: HashMap<Node, std::collections::BTreeSet<PersonId>> = HashMap::new();
        for a in all.iter().filter(|a| a.relation == Relation::FoundWith) {
            let e = force.load.episodes.iter().find(|e| e.id == a.episode).unwrap();
            children.entry(a.other).or_default().insert(e.person_id);
        }
        assert!(children.values().any(|c| c.len() >= 3));
    }
}
