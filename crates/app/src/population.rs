//! Each area's child population, for the rates of the figures for boards: one action to set it
//! (a new version, kept with who saved it and when, audited) for every adapter — the command
//! line's `haven admin set-population` and `PUT /api/v1/admin/areas/{code}/population` — and
//! its reading.
//!
//! Setting it is the install's administration, as the area's rules are: only the
//! `system_admin` (or the command line) does it. The population decides the rates every board
//! of the area reads, whichever agency's; no one agency's admin sets it for the others.

use crate::admin::Operator;
use crate::clock::{now, uk_today};
use crate::failure::Failure;
use haven_domain::agency::Area;
use haven_domain::audit::{AuditAction, Detail, SubjectKind};
use haven_domain::figures::{Population, PopulationVersion};

/// An area's population as the admin sees it.
#[derive(Debug, Clone)]
pub struct AreaPopulation {
    pub area: Area,
    /// Every version, the newest (the one in use) first; empty while none is set.
    pub versions: Vec<PopulationVersion>,
}

impl AreaPopulation {
    /// The version in use.
    pub fn current(&self) -> Option<&PopulationVersion> {
        self.versions.first()
    }
}

/// A population as typed: its source, the date it is as of (`YYYY-MM-DD`), and each count by
/// its group's name (`total`, `sex.female`, `age.13_to_15`, `ethnicity.white`).
#[derive(Debug, Clone, Copy)]
pub struct PopulationChange<'a> {
    pub source: &'a str,
    pub as_of: &'a str,
    pub counts: &'a [(String, String)],
}

impl Operator<'_> {
    /// An area's population, every version. An unknown area is `area: unknown-area`.
    pub async fn area_population(&self, area: &str) -> Result<AreaPopulation, Failure> {
        self.may_manage_install()?;
        let area = self.area_by_code(area).await?;
        let versions = self.store().population_versions(area.id).await?;
        Ok(AreaPopulation { area, versions })
    }

    /// Saves a new version of an area's child population, from which the figures' rates are
    /// taken at once. Every count is checked, each problem named by its group
    /// ([`Population::parse`]), before anything is written; audited with the version's number,
    /// its date and its total.
    pub async fn set_area_population(
        &self,
        area: &str,
        change: &PopulationChange<'_>,
        purpose: &str,
    ) -> Result<PopulationVersion, Failure> {
        self.may_manage_install()?;
        let area = self.area_by_code(area).await?;
        let current = self.store().population(area.id).await?;
        let population = Population::parse(change.source, change.as_of, uk_today(), change.counts)?;
        let number = current.map_or(0, |v| v.number) + 1;
        let (actor, label) = self.actor();
        let version = PopulationVersion {
            area_id: area.id,
            number,
            saved_at: now(),
            saved_by: actor.map(|a| a.user_id),
            saved_by_label: label.to_owned(),
            population,
        };
        let audit = self
            .event(AuditAction::AreaPopulationSet, purpose)
            .subject(SubjectKind::Area, area.id.0)
            .detail(Detail::Population { number, as_of: version.population.as_of, total: version.population.total });
        self.store().add_population_version(&version, &audit).await?;
        tracing::info!(area = %area.code, number, "area population saved");
        Ok(version)
    }
}
