//! Evidence from what haven already knows, offered as suggestions the practitioner confirms:
//! repeat missing, a long episode, found out of area, what the child disclosed on return, whom
//! they were found with or linked to, and (when markers exist) their warning markers. Each
//! suggestion names its source so the practitioner can judge it; none is an answer until they
//! confirm it, and the screening records only what they confirmed.
//!
//! The facts come from the child's episodes *as the practitioner sees them* (already cut by
//! sharing), so a suggestion never shows what the practitioner's agency may not see.

use super::tool::Tool;
use crate::ids::{EpisodeId, PersonId};
use crate::marker::{Marker, MarkerStatus, MarkerSubject, MarkerType};
use crate::missing::MissingEpisode;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// How many days back "repeat missing" counts, and how many episodes make it.
pub const REPEAT_WINDOW_DAYS: i64 = 90;
pub const REPEAT_EPISODES: usize = 2;
/// How far back an episode is "current" evidence: SERAF's six months.
pub const CURRENT_DAYS: i64 = 183;

/// Where a suggestion comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    /// `count` episodes reported in the last [`REPEAT_WINDOW_DAYS`] days.
    RepeatMissing { count: usize, episodes: Vec<EpisodeId> },
    /// An episode that lasted `hours` (the area's long-episode rule or longer).
    LongEpisode { episode: EpisodeId, hours: i64 },
    /// Found in another force's area.
    FoundOutOfArea { episode: EpisodeId },
    /// Disclosed harm on return, or in the return home interview.
    Disclosure { episode: EpisodeId },
    /// Found with someone.
    FoundWith { episode: EpisodeId, with_whom: String },
    /// A person linked to the episode (an associate).
    LinkedPerson { episode: EpisodeId, person: PersonId },
    /// An active warning marker on the child, by its type code.
    Marker { marker: String },
}

/// A suggested answer: indicator `indicator` may be present, because of `source`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub indicator: &'static str,
    pub source: Source,
}

/// A warning marker on the child, as screening reads it: the marker's type code and the
/// indicator it points to ([`marker_fact`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerFact {
    pub marker: String,
    pub indicator: &'static str,
}

/// The indicator an active marker on a child is evidence of, where it is evidence of one: a
/// county-lines or drug-supply marker of moving drugs or money for others (the Home Office
/// county lines definition), a weapons marker of carrying one, a CCE marker of offending with or
/// for older people. A CSE, trafficking, violence or person-of-concern marker names no single
/// indicator, so suggests none: the practitioner reads the marker itself on the child's page.
pub fn marker_fact(m: &Marker) -> Option<MarkerFact> {
    if m.status() != MarkerStatus::Active || !matches!(m.subject, MarkerSubject::Person(_)) {
        return None;
    }
    let indicator = match m.marker_type {
        MarkerType::CountyLines | MarkerType::DrugSupply => "offending-supply",
        MarkerType::Weapons => "offending-weapon",
        MarkerType::AtRiskOfCce => "offending-with-older",
        _ => return None,
    };
    Some(MarkerFact { marker: m.marker_type.code().to_owned(), indicator })
}

/// What haven knows of the child, as the practitioner sees it.
#[derive(Debug, Clone)]
pub struct Evidence<'a> {
    pub episodes: &'a [MissingEpisode],
    pub markers: &'a [MarkerFact],
    /// The area's long-episode rule, in hours.
    pub long_episode_hours: i64,
    pub now: DateTime<Utc>,
}

/// The suggestions `evidence` supports for `tool`'s indicators (only indicators the tool has).
pub fn suggest(tool: &Tool, evidence: &Evidence<'_>) -> Vec<Suggestion> {
    let mut out = Vec::new();
    let mut push = |indicator: &'static str, source: Source| {
        if let Some(i) = tool.indicator(indicator) {
            out.push(Suggestion { indicator: i.code, source });
        }
    };
    let since = |days| evidence.now - Duration::days(days);
    let mut recent: Vec<&MissingEpisode> =
        evidence.episodes.iter().filter(|e| e.reported_at >= since(REPEAT_WINDOW_DAYS)).collect();
    recent.sort_by_key(|e| e.reported_at);
    if recent.len() >= REPEAT_EPISODES {
        push(
            "missing-repeat",
            Source::RepeatMissing { count: recent.len(), episodes: recent.iter().map(|e| e.id).collect() },
        );
    }
    let mut current: Vec<&MissingEpisode> =
        evidence.episodes.iter().filter(|e| e.reported_at >= since(CURRENT_DAYS)).collect();
    current.sort_by_key(|e| std::cmp::Reverse(e.reported_at));
    for e in current {
        let end = e.found.as_ref().map_or(evidence.now, |f| f.returned_at);
        let hours = (end - e.last_seen_at).num_hours();
        if hours >= evidence.long_episode_hours {
            push("missing-overnight", Source::LongEpisode { episode: e.id, hours });
        }
        if let Some(found) = &e.found {
            if found.found_in_other_force_area {
                push("location-out-of-area", Source::FoundOutOfArea { episode: e.id });
            }
            if !found.with_whom.trim().is_empty() {
                push("rel-adults-of-concern", Source::FoundWith { episode: e.id, with_whom: found.with_whom.clone() });
            }
        }
        let disclosed_on_return = e.found.as_ref().is_some_and(|f| f.disclosed);
        let disclosed_in_rhi = e
            .rhi
            .as_ref()
            .is_some_and(|r| !r.disclosures.trim().is_empty() || !r.exploitation_indicators.trim().is_empty());
        if disclosed_on_return || disclosed_in_rhi {
            push("missing-disclosure", Source::Disclosure { episode: e.id });
        }
        for note in &e.notes {
            if let (crate::missing::record::NoteKind::LinkedPerson, Some(person)) = (note.kind, note.person_id) {
                push("rel-adults-of-concern", Source::LinkedPerson { episode: e.id, person });
            }
        }
    }
    for m in evidence.markers {
        push(m.indicator, Source::Marker { marker: m.marker.clone() });
    }
    out
}
