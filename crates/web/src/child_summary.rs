//! A child's missing summary as the caller's agency sees it, for the history page and the API
//! alike: the domain's `summarise` over the episodes the view leaves, with the kinds of the
//! places the child went missing from and of their placements over time (each episode's
//! children's-home and asylum-hotel flags come from where the child was placed when it began),
//! both looked up in the store.

use chrono::{DateTime, Utc};
use haven_domain::ids::{LocationId, PersonId};
use haven_domain::missing::flags::{ChildFacts, PlacedAt};
use haven_domain::missing::rules::RulesBook;
use haven_domain::missing::summary::{MissingSummary, summarise};
use haven_domain::missing::{EpisodeView, MissingEpisode};
use haven_store::{Store, StoreResult};
use std::collections::{BTreeSet, HashMap};

/// The child's placements over time, with the kind of each place.
async fn placements(store: &dyn Store, person: PersonId) -> StoreResult<ChildFacts> {
    let placements = store.placements(person).await?;
    let placements = placements
        .iter()
        .map(|p| PlacedAt { from: p.placement.started_on, to: p.placement.ended_on, kind: p.location.kind })
        .collect();
    Ok(ChildFacts { placements })
}

/// The summary of `episodes` (already cut to `view`) of `person`, by the rules of the area of
/// the child's latest report.
pub async fn child_summary(
    store: &dyn Store,
    person: PersonId,
    episodes: &[MissingEpisode],
    view: EpisodeView,
    book: &RulesBook,
    now: DateTime<Utc>,
) -> StoreResult<MissingSummary> {
    let rules = book.of(episodes.iter().max_by_key(|e| e.reported_at).and_then(|e| e.area_id));
    let places: BTreeSet<LocationId> = episodes.iter().filter_map(|e| e.from_location).collect();
    let mut kinds = HashMap::new();
    for place in places {
        if let Some(location) = store.location(place).await? {
            kinds.insert(place, location.kind);
        }
    }
    // A school sees only that the pupil went missing and returned: not the placement.
    let child = match view {
        EpisodeView::NoticeOnly => ChildFacts::default(),
        _ => placements(store, person).await?,
    };
    Ok(summarise(episodes, &|place| kinds.get(&place).copied(), &child, rules, now))
}
