//! What the figures are counted from: plain rows, one per record, as the store reads them for
//! an area and a span of time. No names, no free text: only what a figure counts.

use crate::disruption::Tactic;
use crate::ids::PersonId;
use crate::location::LocationKind;
use crate::mace::FourP;
use crate::marker::MarkerType;
use crate::missing::RiskGrade;
use crate::missing::episode::RhiOutcome;
use crate::missing::rules::ReviewKind;
use crate::person::{Ethnicity, Sex};
use crate::screening::Tier;
use chrono::{DateTime, NaiveDate, Utc};

/// A missing episode of the area (its `area_id`).
#[derive(Debug, Clone, PartialEq)]
pub struct EpisodeFacts {
    pub person: PersonId,
    pub reported_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub returned_at: Option<DateTime<Utc>>,
    /// The kind of place the child went missing from, where recorded.
    pub from_kind: Option<LocationKind>,
    pub out_of_area: bool,
    /// Every grading, oldest first (the first is the grade at report).
    pub gradings: Vec<(RiskGrade, DateTime<Utc>)>,
    /// Supervisor and inspector reviews recorded on the episode.
    pub reviews: Vec<(ReviewKind, DateTime<Utc>)>,
    /// Harm seen on return was recorded.
    pub harm_on_return: bool,
    pub rhi: Option<RhiFacts>,
}

/// The return home interview of an episode: its outcome and its five quality measures' inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RhiFacts {
    pub outcome: RhiOutcome,
    /// When it was held, or the offer refused.
    pub at: DateTime<Utc>,
    pub in_person: bool,
    pub child_voice: bool,
    pub information_shared: bool,
    pub follow_up: bool,
    /// Harm was disclosed or recorded at the interview.
    pub harm: bool,
}

/// A child counted in the figures: the groups the figures are broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonFacts {
    pub id: PersonId,
    pub sex: Sex,
    pub ethnicity: Ethnicity,
    pub date_of_birth: Option<NaiveDate>,
}

/// An exploitation screening of a child of the area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScreeningFacts {
    pub person: PersonId,
    pub tier: Tier,
    pub at: DateTime<Utc>,
}

/// An NRM referral of a child of the area, with its decision dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NrmFacts {
    pub person: PersonId,
    pub referred_on: NaiveDate,
    pub reasonable_grounds_on: Option<NaiveDate>,
    pub conclusive_grounds_on: Option<NaiveDate>,
}

/// A disruption recorded in the area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisruptionFacts {
    pub four_p: FourP,
    pub tactic: Tactic,
    pub done_on: NaiveDate,
}

/// A MACE action of the area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionFacts {
    /// The date of the meeting that set it.
    pub set_on: NaiveDate,
    pub due_on: NaiveDate,
    /// When it was first marked done or closed, if it has been.
    pub closed_on: Option<NaiveDate>,
}

/// A warning marker on a child of the area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkerFacts {
    pub person: PersonId,
    pub marker_type: MarkerType,
    pub starts_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
}

/// Everything one area's figures are counted from, over the period asked and the one before.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inputs {
    pub episodes: Vec<EpisodeFacts>,
    /// The children the other rows are about.
    pub people: Vec<PersonFacts>,
    pub screenings: Vec<ScreeningFacts>,
    pub nrms: Vec<NrmFacts>,
    pub disruptions: Vec<DisruptionFacts>,
    pub actions: Vec<ActionFacts>,
    pub markers: Vec<MarkerFacts>,
}
