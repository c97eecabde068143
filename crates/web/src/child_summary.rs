//! A child's missing summary as the caller's agency sees it, for the history page and the API
//! alike: the domain's `summarise` over the episodes the view leaves, with the kinds of the
//! places the child went missing from and whether haven takes them to be an unaccompanied
//! asylum-seeking child, both looked up in the store.

use chrono::{DateTime, Utc};
use haven_domain::ids::{LocationId, PersonId};
use haven_domain::location::LocationKind;
use haven_domain::missing::flags::ChildFacts;
use haven_domain::missing::rules::RulesBook;
use haven_domain::missing::summary::{MissingSummary, summarise};
use haven_domain::missing::{EpisodeView, MissingEpisode};
use haven_domain::uktime::uk_date;
use haven_store::{Store, StoreResult};
use std::collections::{BTreeSet, HashMap};

/// Whether haven takes the child to be an unaccompanied asylum-seeking child: their current
/// placement (in force today, UK date) is at a location of kind `asylum_hotel`. haven records
/// no immigration status; the placement is what it knows.
async fn unaccompanied_asylum_seeking(store: &dyn Store, person: PersonId, now: DateTime<Utc>) -> StoreResult<bool> {
    let today = uk_date(now);
    let placements = store.placements(person).await?;
    let current = placements.iter().find(|p| p.placement.is_current_on(today));
    Ok(current.is_some_and(|p| p.location.kind == LocationKind::AsylumHotel))
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
    let child = ChildFacts {
        unaccompanied_asylum_seeking: view != EpisodeView::NoticeOnly
            && unaccompanied_asylum_seeking(store, person, now).await?,
    };
    Ok(summarise(episodes, &|place| kinds.get(&place).copied(), child, rules, now))
}
