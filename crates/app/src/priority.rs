//! The priority list of an area, once for every adapter: the area's children the caller may
//! see, each scored ([`haven_domain::priority::score`]) from what the caller's agency may see
//! of them (episodes as their view allows, screenings, markers and NRM referrals as their owners
//! share them), with the area's weights; in order, filtered, and with the list's make-up by
//! ethnicity, sex and age against the cohort. Reading it is audited on the trail
//! (`priority.list`, the area as subject), with the episode listing it reads.

use crate::access::{Caller, for_role};
use crate::clock::{now, uk_today};
use crate::failure::Failure;
use crate::references::{resolve_agency, resolve_area};
use crate::rules::for_area;
use chrono::Duration;
use haven_domain::Invalid;
use haven_domain::agency::Area;
use haven_domain::audit::{AuditAction, Detail, SubjectKind};
use haven_domain::ids::{AgencyId, PersonId};
use haven_domain::missing::{MissingEpisode, MissingRules};
use haven_domain::person::PersonDetails;
use haven_domain::policy::Action;
use haven_domain::priority::bias::{AgeBand, MakeUp, Member, make_up};
use haven_domain::priority::{ChildFacts, Ranked, Weights, rank, score};
use haven_domain::screening::Tier;
use haven_domain::sharing::RecordClass;
use haven_store::EpisodeWindow;
use std::collections::HashMap;

/// How far back an episode puts a child in an area's cohort.
pub const COHORT_DAYS: i64 = 365;
/// How many children the list shows by default, and at most.
pub const DEFAULT_SHOWN: usize = 50;
pub const MAX_SHOWN: usize = 500;
/// The top of the list whose make-up is compared with the cohort: a MACE agenda's worth.
pub const DEFAULT_TOP: usize = 20;

/// The list as asked for, as typed: codes and numbers, checked here.
#[derive(Debug, Clone, Copy, Default)]
pub struct PriorityAsk<'a> {
    /// The area's code. Blank: the area the caller's agency serves.
    pub area: &'a str,
    /// Only children whose record this agency (a team) holds; blank for all.
    pub agency: &'a str,
    /// `red`, `amber`, `green` or `none` (not screened); blank for all.
    pub tier: &'a str,
    /// How many to show (1–500); blank for 50.
    pub shown: &'a str,
    /// How many at the top make "the list" for the make-up (1–500); blank for 20.
    pub top: &'a str,
}

/// The tier filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TierFilter {
    Tier(Tier),
    NotScreened,
}

/// A child on the list: who, as the page shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub id: PersonId,
    pub name: String,
    pub age: Option<u32>,
    pub holders: Vec<AgencyId>,
}

/// The priority list of an area.
#[derive(Debug, Clone)]
pub struct PriorityList {
    pub area: Area,
    pub weights: Weights,
    /// The team (agency) filter, when given.
    pub agency: Option<AgencyId>,
    pub tier: Option<TierFilter>,
    /// Children in the cohort the caller may see, before the filters.
    pub cohort: usize,
    /// Children after the filters (of which `children` are the first `shown`).
    pub matching: usize,
    pub children: Vec<Ranked<Listed>>,
    /// The top `top` of the whole cohort's ranking against the cohort.
    pub top: usize,
    pub make_up: MakeUp,
}

fn count(raw: &str, field: &str, default: usize, e: &mut Invalid) -> usize {
    match raw.trim() {
        "" => default,
        raw => match raw.parse::<usize>() {
            Ok(n) if (1..=MAX_SHOWN).contains(&n) => n,
            Ok(_) => {
                e.push(field, "out-of-range");
                default
            }
            Err(_) => {
                e.push(field, "whole-number");
                default
            }
        },
    }
}

fn tier_filter(raw: &str) -> Result<Option<TierFilter>, &'static str> {
    match raw.trim() {
        "" => Ok(None),
        "none" => Ok(Some(TierFilter::NotScreened)),
        t => Tier::parse(t).map(|t| Some(TierFilter::Tier(t))),
    }
}

impl Caller<'_> {
    /// The area asked for, or the caller's agency's own; every problem named by field.
    async fn priority_area(&self, code: &str, e: &mut Invalid) -> Result<Option<Area>, Failure> {
        if !code.trim().is_empty() {
            return Ok(resolve_area(self.store(), "area", code, e).await?);
        }
        let own = self.store().agency(self.sharing().agency()).await?.and_then(|a| a.area_id);
        let found = match own {
            Some(id) => self.store().areas().await?.into_iter().find(|a| a.id == id),
            None => None,
        };
        if found.is_none() {
            e.push("area", "required");
        }
        Ok(found)
    }

    /// The priority list of an area as the caller may see it. Refused for a role that does not
    /// work with cases; bad filters are named by field (`area: unknown-area`, `tier:
    /// unknown-code`, `shown: out-of-range`) before anything is read.
    pub async fn priority_list(
        &self,
        ask: &PriorityAsk<'_>,
        install: &MissingRules,
        purpose: &str,
    ) -> Result<PriorityList, Failure> {
        for_role(&self.actor(), Action::ViewPriority)?;
        let mut e = Invalid::default();
        let area = self.priority_area(ask.area, &mut e).await?;
        let agency = resolve_agency(self.store(), "agency", ask.agency, &mut e).await?;
        let tier = e.check("tier", tier_filter(ask.tier)).flatten();
        let shown = count(ask.shown, "shown", DEFAULT_SHOWN, &mut e);
        let top = count(ask.top, "top", DEFAULT_TOP, &mut e);
        e.into_result()?;
        let Some(area) = area else { return Err(Failure::Invalid(Invalid::one("area", "required"))) };
        let weights = for_area(self.store(), install, Some(area.id)).await?.priority;

        let at = now();
        let today = uk_today();
        let listed = self.sharing().listing_filter();
        let audit = self
            .event(AuditAction::PriorityList, purpose)
            .subject(SubjectKind::Area, area.id.0)
            .detail(Detail::Code("priority"));
        let cohort_from = at - Duration::days(COHORT_DAYS);
        let in_store = self.store().area_children(area.id, cohort_from, today, &listed, &audit).await?;

        // The child's episodes as the caller sees them, back as far as the cohort looks (every
        // factor looks less far).
        let mut episodes: HashMap<PersonId, Vec<MissingEpisode>> = HashMap::new();
        if for_role(&self.actor(), Action::ViewEpisodes).is_ok() {
            let read = self.event(AuditAction::EpisodeList, purpose).detail(Detail::Code("priority"));
            let window = EpisodeWindow { since: cohort_from };
            let rows = self.store().episodes_in_window(window, &listed, &read).await?;
            for (row, view) in self.visible_rows(rows) {
                episodes.entry(row.episode.person_id).or_default().push(view.redact(row.episode));
            }
        }
        // A child in the area only by an episode there is in the caller's cohort only if the
        // caller sees that episode: else the list would say where a child went missing to an
        // agency that may not know they did.
        let seen_in_area = |id: &PersonId| {
            episodes.get(id).is_some_and(|eps| {
                eps.iter().any(|e| e.area_id == Some(area.id) && (e.is_open() || e.reported_at >= cohort_from))
            })
        };
        let cohort: Vec<_> = in_store
            .into_iter()
            .filter(|c| self.sharing().sees_person(&c.holders))
            .filter(|c| !c.by_episode_only || seen_in_area(&c.id))
            .collect();
        let people: Vec<(PersonId, Vec<AgencyId>)> = cohort.iter().map(|c| (c.id, c.holders.clone())).collect();
        let ids: Vec<PersonId> = people.iter().map(|(p, _)| *p).collect();
        let screenings = self.latest_screenings(&ids).await?;
        let markers = self.open_markers_of(&people).await?;
        let holders: HashMap<PersonId, &[AgencyId]> = people.iter().map(|(p, h)| (*p, h.as_slice())).collect();
        let mut nrm: HashMap<PersonId, Vec<_>> = HashMap::new();
        for r in self.store().nrm_of(&ids).await? {
            let h = holders.get(&r.person_id).copied().unwrap_or_default();
            if self.sharing().sees(RecordClass::Nrm, r.owner, h) {
                nrm.entry(r.person_id).or_default().push(r);
            }
        }

        let none = Vec::new();
        let scored: Vec<Ranked<(Listed, PersonDetails)>> = cohort
            .into_iter()
            .map(|c| {
                let facts = ChildFacts::of(&c.details, today).with(
                    screenings.get(&c.id),
                    episodes.get(&c.id).unwrap_or(&none),
                    markers.get(&c.id).map_or(&[][..], Vec::as_slice),
                    nrm.get(&c.id).map_or(&[][..], Vec::as_slice),
                );
                let priority = score(&facts, &weights, at);
                let listed = Listed { id: c.id, name: c.details.full_name(), age: facts.age, holders: c.holders };
                Ranked { child: (listed, c.details), priority }
            })
            .collect();
        let ranked =
            rank(scored, |(l, d)| (d.family_name.as_str().to_lowercase(), d.given_name.as_str().to_lowercase(), l.id));
        let members: Vec<Member> = ranked
            .iter()
            .enumerate()
            .map(|(i, r)| Member {
                ethnicity: r.child.1.ethnicity,
                sex: r.child.1.sex,
                age: AgeBand::of(r.child.0.age),
                listed: i < top,
            })
            .collect();
        let cohort_size = ranked.len();
        let matching: Vec<Ranked<Listed>> = ranked
            .into_iter()
            .filter(|r| agency.is_none_or(|a| r.child.0.holders.contains(&a)))
            .filter(|r| match tier {
                None => true,
                Some(TierFilter::NotScreened) => r.priority.tier.is_none(),
                Some(TierFilter::Tier(t)) => r.priority.tier == Some(t),
            })
            .map(|r| Ranked { child: r.child.0, priority: r.priority })
            .collect();
        Ok(PriorityList {
            area,
            weights,
            agency,
            tier,
            cohort: cohort_size,
            matching: matching.len(),
            children: matching.into_iter().take(shown).collect(),
            top: top.min(cohort_size),
            make_up: make_up(&members),
        })
    }
}
