//! The missing-episode rules of each area: which rules decide an episode, and their
//! administration.
//!
//! Every missing-episode action and read asks [`for_area`] (one episode) or [`book`] (a listing)
//! which rules decide: the version in force now for the episode's area, or the install's
//! default (`haven serve`'s, the England preset with NAIRA as its flag sets) where the area has
//! none or the episode has no area.
//!
//! Setting an area's rules is the install's administration, as creating the area is: only the
//! `system_admin` (or the command line) does it. An agency names at most one area it serves, and
//! the rules decide the police's grading and reviews for every agency working in that area; a
//! council's admin changing the force's review clocks for the council's area would be one
//! partner deciding for all, so no agency admin may.

use crate::admin::{Operator, date};
use crate::clock::{now, uk_today};
use crate::failure::Failure;
use chrono::{DateTime, Utc};
use haven_domain::Invalid;
use haven_domain::agency::{AgencyCode, Area};
use haven_domain::audit::{AuditAction, Detail, SubjectKind};
use haven_domain::ids::AreaId;
use haven_domain::missing::rules::{MissingRules, Preset, RulesBook, RulesVersion, in_force};
use haven_domain::missing::rules_form;
use haven_store::{Store, StoreError};

/// The rules deciding an episode of `area` now: its area's version in force, else `install`.
pub async fn for_area(
    store: &dyn Store,
    install: &MissingRules,
    area: Option<AreaId>,
) -> Result<MissingRules, StoreError> {
    let Some(area) = area else { return Ok(install.clone()) };
    Ok(store.rules_at(area, now()).await?.map_or_else(|| install.clone(), |v| v.rules))
}

/// The rules deciding every area's episodes now, for a listing.
pub async fn book(store: &dyn Store, install: &MissingRules) -> Result<RulesBook, StoreError> {
    Ok(RulesBook::new(install.clone(), store.rules_in_force(now()).await?))
}

/// An area's rules as the admin sees them.
#[derive(Debug, Clone)]
pub struct AreaRules {
    pub area: Area,
    /// The version in force now; `None` while the install's default decides.
    pub in_force: Option<RulesVersion>,
    /// Every version, the newest number first.
    pub versions: Vec<RulesVersion>,
}

impl AreaRules {
    /// The number of the latest version (0 before the first): a change is made from it.
    pub fn latest(&self) -> i64 {
        self.versions.first().map_or(0, |v| v.number)
    }
}

/// A new version of an area's rules, as typed.
pub struct RulesChange<'a> {
    /// Each setting by name ([`rules_form`]); absent is blank.
    pub settings: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// `YYYY-MM-DD` (UK); blank, or today, for at once. Never a day gone.
    pub applies_from: &'a str,
    /// The latest version number the change was made from, when the client says: a change from
    /// an older one (someone saved meanwhile) is refused as a conflict.
    pub made_from: Option<i64>,
}

impl std::fmt::Debug for RulesChange<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RulesChange")
            .field("applies_from", &self.applies_from)
            .field("made_from", &self.made_from)
            .finish_non_exhaustive()
    }
}

impl Operator<'_> {
    /// The area named by its code (`area: unknown-area`, or the code's format problem).
    pub(crate) async fn area_by_code(&self, code: &str) -> Result<Area, Failure> {
        let code = AgencyCode::parse(code).map_err(|c| Invalid::one("area", c))?;
        let found = self.store().areas().await?.into_iter().find(|a| a.code == code);
        found.ok_or_else(|| Failure::Invalid(Invalid::one("area", "unknown-area")))
    }

    /// An area's rules: the version in force and every version. An unknown area is
    /// `area: unknown-area`.
    pub async fn area_rules(&self, area: &str) -> Result<AreaRules, Failure> {
        self.may_manage_install()?;
        let area = self.area_by_code(area).await?;
        let versions = self.store().rules_versions(area.id).await?;
        let in_force = in_force(&versions, now()).cloned();
        Ok(AreaRules { area, in_force, versions })
    }

    /// Saves a new version of an area's rules, applying from the day given (at once for today).
    /// Every setting is checked, each problem named, before anything is written; the audit
    /// event names the settings that differ from the rules that applied before it.
    pub async fn set_area_rules(
        &self,
        area: &str,
        change: &RulesChange<'_>,
        purpose: &str,
    ) -> Result<RulesVersion, Failure> {
        self.may_manage_install()?;
        let current = self.area_rules(area).await?;
        let number = current.latest() + 1;
        let label = RulesVersion::label(current.area.code.as_str(), number);
        let mut problems = Invalid::default();
        let applies_from = problems.check("applies_from", applies_from(change.applies_from));
        let rules = match rules_form::parse(&label, change.settings) {
            Ok(rules) => Some(rules),
            Err(e) => {
                problems.0.extend(e.0);
                None
            }
        };
        let (Some(applies_from), Some(rules), true) = (applies_from, rules, problems.is_empty()) else {
            return Err(Failure::Invalid(problems));
        };
        if change.made_from.is_some_and(|from| from != current.latest()) {
            return Err(Failure::Conflict);
        }
        let before =
            in_force(&current.versions, applies_from).map_or_else(|| Preset::England.rules(), |v| v.rules.clone());
        let (actor, saved_by_label) = self.actor();
        let version = RulesVersion {
            area_id: current.area.id,
            number,
            applies_from,
            saved_at: now(),
            saved_by: actor.map(|a| a.user_id),
            saved_by_label: saved_by_label.to_owned(),
            rules,
        };
        let audit = self
            .event(AuditAction::AreaRulesSet, purpose)
            .subject(SubjectKind::Area, current.area.id.0)
            .detail(Detail::Rules { number, applies_from, changed: version.rules.changed_from(&before) });
        self.store().add_rules_version(&version, &audit).await?;
        tracing::info!(area = %current.area.code, number, "area rules saved");
        Ok(version)
    }
}

/// From when a version applies: blank or today is now; a later day from its start (UK time).
fn applies_from(raw: &str) -> Result<DateTime<Utc>, &'static str> {
    if raw.trim().is_empty() {
        return Ok(now());
    }
    let day = date(raw)?;
    let today = uk_today();
    if day < today {
        return Err("in-the-past");
    }
    if day == today {
        return Ok(now());
    }
    haven_domain::uktime::parse_uk(&day.format("%Y-%m-%d").to_string(), "00:00").map_err(|_| "date-format")
}
