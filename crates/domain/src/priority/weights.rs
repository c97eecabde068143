//! The points each priority factor gives: configuration, carried by an area's rules (each
//! version keeps the weights it was saved with) and set on the area's rules page, API and
//! command line as `priority.{factor}` settings.
//!
//! The defaults are haven's starting point, not a published scale (there is none for a
//! child-level priority; MoRiLE's scales are licensed and unverified, DOMAIN.md §5). They rank a
//! red screening above any one other fact, count a run of missing episodes about as much as an
//! amber screening, and keep the vulnerabilities (which alone are not risk) small. An area
//! changes them to its own practice, and every score shows the points it used.

use crate::code_enum;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

code_enum!(
    /// A factor of the priority score.
    Factor {
        ScreeningRed => "screening_red",
        ScreeningAmber => "screening_amber",
        ScreeningGreen => "screening_green",
        MissingNow => "missing_now",
        /// Each episode reported in the last 90 days (up to five).
        RecentEpisode => "recent_episode",
        MissingLast7Days => "missing_last_7_days",
        MissingLast30Days => "missing_last_30_days",
        RisingTrend => "rising_trend",
        /// Each episode in the last six months with harm seen or disclosed (up to three).
        Harm => "harm",
        HighRiskEpisode => "high_risk_episode",
        /// Each approved exploitation marker type (up to three).
        ExploitationMarker => "exploitation_marker",
        LookedAfter => "looked_after",
        PlacedOutOfArea => "placed_out_of_area",
        YoungChild => "young_child",
        NoProtectiveWork => "no_protective_work",
    }
);

/// Each factor's setting on the rules form, API and command line.
const SETTINGS: [(Factor, &str); 15] = [
    (Factor::ScreeningRed, "priority.screening_red"),
    (Factor::ScreeningAmber, "priority.screening_amber"),
    (Factor::ScreeningGreen, "priority.screening_green"),
    (Factor::MissingNow, "priority.missing_now"),
    (Factor::RecentEpisode, "priority.recent_episode"),
    (Factor::MissingLast7Days, "priority.missing_last_7_days"),
    (Factor::MissingLast30Days, "priority.missing_last_30_days"),
    (Factor::RisingTrend, "priority.rising_trend"),
    (Factor::Harm, "priority.harm"),
    (Factor::HighRiskEpisode, "priority.high_risk_episode"),
    (Factor::ExploitationMarker, "priority.exploitation_marker"),
    (Factor::LookedAfter, "priority.looked_after"),
    (Factor::PlacedOutOfArea, "priority.placed_out_of_area"),
    (Factor::YoungChild, "priority.young_child"),
    (Factor::NoProtectiveWork, "priority.no_protective_work"),
];

/// The most points one factor may give once (a typing slip of 4000 is refused, not obeyed).
pub const MAX_POINTS: u32 = 100;

/// Points by factor. A factor missing from a saved version (one saved before it existed) takes
/// its default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Weights(BTreeMap<Factor, u32>);

impl Default for Weights {
    fn default() -> Self {
        use Factor::*;
        Self(
            [
                (ScreeningRed, 40),
                (ScreeningAmber, 20),
                (ScreeningGreen, 5),
                (MissingNow, 15),
                (RecentEpisode, 5),
                (MissingLast7Days, 10),
                (MissingLast30Days, 5),
                (RisingTrend, 10),
                (Harm, 10),
                (HighRiskEpisode, 10),
                (ExploitationMarker, 10),
                (LookedAfter, 5),
                (PlacedOutOfArea, 5),
                (YoungChild, 5),
                (NoProtectiveWork, 15),
            ]
            .into_iter()
            .collect(),
        )
    }
}

impl Weights {
    pub fn points(&self, factor: Factor) -> u32 {
        self.0.get(&factor).copied().unwrap_or_else(|| Self::default().0.get(&factor).copied().unwrap_or(0))
    }

    /// The weights with `factor` at `points`.
    pub fn with(mut self, factor: Factor, points: u32) -> Self {
        self.0.insert(factor, points);
        self
    }

    /// Checks each weight is within 0..=[`MAX_POINTS`]; the problem named by the setting.
    pub fn check(&self) -> Result<(), (Factor, &'static str)> {
        match Factor::ALL.iter().find(|f| self.points(**f) > MAX_POINTS) {
            Some(f) => Err((*f, "too-large")),
            None => Ok(()),
        }
    }

    /// The setting name of a factor's weight on the rules form: `priority.{factor}`.
    pub fn setting(factor: Factor) -> &'static str {
        SETTINGS.iter().find(|(f, _)| *f == factor).map_or("priority", |(_, name)| name)
    }
}
