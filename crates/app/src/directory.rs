//! The partner directory, once for every adapter: browsing an area's teams and referral
//! pathways, adding and changing a team, adding and removing a pathway. Who may is
//! `haven_domain::directory::decide`'s to say; every change and every refused change is audited.
//!
//! Who browses which area (decided here, documented in the README): the directory describes
//! services, not children, so every role may browse it, `scrutiny` included; an agency browses
//! the areas it serves, the areas its partners under an agreement in force serve, and (an agency
//! with no area of its own: a force, a health board, a commissioner's office) every area. Browsing
//! is not audited: nothing about a person is read.

use crate::access::Caller;
use crate::clock::uk_today;
use crate::failure::{Failure, with_problems};
use crate::references::resolve_area;
use haven_domain::Invalid;
use haven_domain::agency::{Agency, Area, AreaKind};
use haven_domain::audit::{AuditAction, AuditEvent, Detail, SubjectKind};
use haven_domain::directory::{self, Pathway, PathwayInput, Right, Team, TeamInput};
use haven_domain::ids::{AgencyId, AreaId, PathwayId, TeamId};
use haven_domain::policy::Decision;
use haven_domain::user::{Actor, Role};
use haven_store::StoreError;
use std::collections::HashMap;

/// An area's directory as the caller may see it, with what they may change.
#[derive(Debug, Clone)]
pub struct Directory {
    pub area: Area,
    /// The areas the caller may browse, for choosing another.
    pub areas: Vec<Area>,
    pub teams: Vec<Team>,
    pub pathways: Vec<Pathway>,
    /// Every agency by id, for the names of those that run the teams.
    pub agencies: HashMap<AgencyId, Agency>,
    actor: Actor,
    /// Whether the caller's agency works in the area (changes are offered only there).
    works_in: bool,
}

impl Directory {
    /// Whether the caller may add a team of their agency to this area.
    pub fn may_add_team(&self) -> bool {
        directory::decide(&self.actor, self.works_in, Right::EditTeam { agency: self.actor.agency_id }).is_allowed()
    }

    /// Whether the caller may change `team`.
    pub fn may_edit(&self, team: &Team) -> bool {
        directory::decide(&self.actor, self.works_in, Right::EditTeam { agency: team.agency_id }).is_allowed()
    }

    /// Whether the caller may add a pathway from or to one of their agency's teams here.
    pub fn may_add_pathway(&self) -> bool {
        self.may_add_team() && self.teams.iter().any(|t| t.agency_id == self.actor.agency_id)
    }

    /// Whether the caller may remove `pathway`.
    pub fn may_remove(&self, pathway: &Pathway) -> bool {
        let agency = |id: TeamId| self.teams.iter().find(|t| t.id == id).map(|t| t.agency_id);
        match (agency(pathway.from_team), agency(pathway.to_team)) {
            (Some(from), Some(to)) => {
                directory::decide(&self.actor, self.works_in, Right::EditPathway { from, to }).is_allowed()
            }
            _ => false,
        }
    }

    /// A team of this area by id.
    pub fn team(&self, id: TeamId) -> Option<&Team> {
        self.teams.iter().find(|t| t.id == id)
    }

    /// The name of the agency that runs `team`.
    pub fn agency_name(&self, team: &Team) -> &str {
        self.agencies.get(&team.agency_id).map_or("", |a| a.name.as_str())
    }
}

/// A team as typed: every field of [`TeamInput`], and on a new team the area's code.
#[derive(Debug, Clone, Copy, Default)]
pub struct TeamForm<'a> {
    /// The area's code (a new team only: a team never moves area).
    pub area: &'a str,
    pub input: TeamInput<'a>,
}

/// A change to a team: each field given replaces the team's, each absent one is kept.
#[derive(Debug, Clone, Copy, Default)]
pub struct TeamPatch<'a> {
    pub name: Option<&'a str>,
    pub kind: Option<&'a str>,
    pub what: Option<&'a str>,
    pub how_to_refer: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub active: Option<bool>,
}

/// A pathway as typed: the two teams' ids, when and how.
#[derive(Debug, Clone, Copy, Default)]
pub struct PathwayForm<'a> {
    pub from_team: &'a str,
    pub to_team: &'a str,
    pub when: &'a str,
    pub how: &'a str,
}

impl Caller<'_> {
    /// Every area, the caller's own first, then local authorities, then by name; and those the
    /// caller's agency works in: the one it serves, those its partners under an agreement in
    /// force serve, and every area for an agency with no area of its own.
    pub(crate) async fn directory_areas(&self) -> Result<(Vec<Area>, Vec<AreaId>), StoreError> {
        let store = self.store();
        let own = self.sharing().agency();
        let agencies = store.agencies().await?;
        let own_area = agencies.iter().find(|a| a.id == own).and_then(|a| a.area_id);
        let today = uk_today();
        let partners: Vec<AgencyId> = store
            .agreements()
            .await?
            .into_iter()
            .filter(|a| a.in_force_on(today) && a.members.contains(&own))
            .flat_map(|a| a.members)
            .collect();
        let served: Vec<AreaId> =
            agencies.iter().filter(|a| a.id == own || partners.contains(&a.id)).filter_map(|a| a.area_id).collect();
        let mut areas = store.areas().await?;
        areas.sort_by_key(|a| (Some(a.id) != own_area, a.kind != AreaKind::LocalAuthority, a.name.clone()));
        let worked = areas.iter().filter(|a| own_area.is_none() || served.contains(&a.id)).map(|a| a.id).collect();
        Ok((areas, worked))
    }

    /// The area a form or query names (`area: unknown-area`), or where none is named the
    /// caller's own (their agency's area, else the first they work in); the areas they may
    /// choose from; and whether they work in the area.
    async fn directory_area(&self, code: Option<&str>) -> Result<(Area, Vec<Area>, bool), Failure> {
        let (areas, worked) = self.directory_areas().await?;
        let every = self.actor().role == Role::SystemAdmin;
        let choices: Vec<Area> = areas.into_iter().filter(|a| every || worked.contains(&a.id)).collect();
        let area = match code.map(str::trim).filter(|c| !c.is_empty()) {
            Some(code) => {
                let mut e = Invalid::default();
                match resolve_area(self.store(), "area", code, &mut e).await? {
                    Some(area) => area,
                    None => return Err(Failure::Invalid(e)),
                }
            }
            None => match choices.first() {
                Some(area) => area.clone(),
                None => return Err(Failure::Invalid(Invalid::one("area", "required"))),
            },
        };
        let works_in = worked.contains(&area.id);
        Ok((area, choices, works_in))
    }

    /// The team with id `raw`, or `field`'s problem (`required`, `not-an-id`, `unknown-record`).
    async fn resolve_team(&self, field: &str, raw: &str, problems: &mut Invalid) -> Result<Option<Team>, StoreError> {
        let raw = raw.trim();
        if raw.is_empty() {
            problems.push(field, "required");
            return Ok(None);
        }
        let Some(id) = problems.check(field, raw.parse::<TeamId>()) else { return Ok(None) };
        let found = self.store().team(id).await?;
        if found.is_none() {
            problems.push(field, "unknown-record");
        }
        Ok(found)
    }

    /// The area of a team, and whether the caller works in it.
    async fn team_area(&self, team: &Team) -> Result<(Area, bool), Failure> {
        let (areas, worked) = self.directory_areas().await?;
        let works_in = worked.contains(&team.area_id);
        let area = areas.into_iter().find(|a| a.id == team.area_id).ok_or(Failure::NotFound)?;
        Ok((area, works_in))
    }

    /// Refuses, recording `event` with the reason, unless `right` is allowed.
    async fn directory_right(&self, works_in: bool, right: Right, event: AuditEvent) -> Result<(), Failure> {
        match directory::decide(&self.actor(), works_in, right) {
            Decision::Allow => Ok(()),
            decision => {
                let reason = decision.reason().unwrap_or("refused");
                if let Err(e) = self.store().append_audit(&event.detail(Detail::Denied(reason))).await {
                    tracing::error!(error = %e, "could not audit a refused request");
                }
                tracing::info!(reason, "directory change refused");
                Err(Failure::Forbidden(reason))
            }
        }
    }

    /// An area's directory (the caller's own area when `area` is `None` or blank): its teams
    /// by kind, its pathways, and what the caller may change. An unknown area is
    /// `area: unknown-area`; an area the caller does not work in is refused (`not-in-area`).
    pub async fn directory(&self, area: Option<&str>) -> Result<Directory, Failure> {
        let (area, areas, works_in) = self.directory_area(area).await?;
        if let Decision::Deny(reason) = directory::decide(&self.actor(), works_in, Right::Browse) {
            return Err(Failure::Forbidden(reason));
        }
        let found = self.store().area_directory(area.id).await?;
        let agencies = self.store().agencies().await?.into_iter().map(|a| (a.id, a)).collect();
        Ok(Directory {
            area,
            areas,
            teams: found.teams,
            pathways: found.pathways,
            agencies,
            actor: self.actor(),
            works_in,
        })
    }

    /// Adds a team run by the caller's agency to an area: every problem by field (`name:
    /// required`, `kind: unknown-code`, `email: format`, `area: unknown-area`, `name:
    /// duplicate`), nothing written unless all is well; audited (`directory.team_create`).
    pub async fn create_team(&self, form: &TeamForm<'_>, purpose: &str) -> Result<Team, Failure> {
        let own = Right::EditTeam { agency: self.sharing().agency() };
        let event = self.event(AuditAction::TeamCreate, purpose);
        // A role that may not keep the directory is refused before anything is read.
        self.directory_right(true, own, event.clone()).await?;
        let mut problems = Invalid::default();
        let area = resolve_area(self.store(), "area", form.area, &mut problems).await?;
        let details = with_problems(form.input.parse(), problems)?;
        let Some(area) = area else { return Err(Failure::Invalid(Invalid::one("area", "unknown-area"))) };
        let (_, _, works_in) = self.directory_area(Some(area.code.as_str())).await?;
        let team = Team::new(area.id, self.sharing().agency(), details);
        let event = event.subject(SubjectKind::Team, team.id.0);
        self.directory_right(works_in, own, event.clone()).await?;
        self.store().create_team(&team, &event.detail(Detail::Code(team.details.kind.code()))).await?;
        Ok(team)
    }

    /// A team for its edit form: refused unless the caller may change it.
    pub async fn team_for_edit(&self, id: TeamId, purpose: &str) -> Result<(Team, Area), Failure> {
        let team = self.store().team(id).await?.ok_or(Failure::NotFound)?;
        let (area, works_in) = self.team_area(&team).await?;
        let event = self.event(AuditAction::TeamUpdate, purpose).subject(SubjectKind::Team, team.id.0);
        self.directory_right(works_in, Right::EditTeam { agency: team.agency_id }, event).await?;
        Ok((team, area))
    }

    /// Changes a team the caller's agency runs, from the `version` read (`Conflict` when someone
    /// changed it since; `version: required` when none is sent): every problem by field,
    /// nothing written unless all is well; audited with the fields changed.
    pub async fn update_team(
        &self,
        id: TeamId,
        version: Option<i64>,
        patch: &TeamPatch<'_>,
        purpose: &str,
    ) -> Result<Team, Failure> {
        let (team, _) = self.team_for_edit(id, purpose).await?;
        let d = &team.details;
        let input = TeamInput {
            name: patch.name.unwrap_or(&d.name),
            kind: patch.kind.unwrap_or(d.kind.code()),
            what: patch.what.unwrap_or(&d.what),
            how_to_refer: patch.how_to_refer.unwrap_or(&d.how_to_refer),
            email: patch.email.unwrap_or(d.email.as_deref().unwrap_or("")),
            phone: patch.phone.unwrap_or(d.phone.as_deref().unwrap_or("")),
            active: patch.active.unwrap_or(d.active),
        };
        let details = input.parse();
        let problems = if version.is_none() { Invalid::one("version", "required") } else { Invalid::default() };
        let details = with_problems(details, problems)?;
        let Some(version) = version else { return Err(Failure::Invalid(Invalid::one("version", "required"))) };
        let changed = team.changed(&details);
        let updated = Team { details, version: version + 1, ..team };
        let event = self
            .event(AuditAction::TeamUpdate, purpose)
            .subject(SubjectKind::Team, updated.id.0)
            .detail(Detail::Fields(changed));
        self.store().update_team(&updated, version, &event).await?;
        Ok(updated)
    }

    /// Adds a pathway between two teams of one area, one of them run by the caller's agency:
    /// `from_team: unknown-record`, `to_team: same-as-from`, `to_team: other-area`, `when:
    /// required`…, nothing written unless all is well; audited (`directory.pathway_create`).
    pub async fn create_pathway(&self, form: &PathwayForm<'_>, purpose: &str) -> Result<Pathway, Failure> {
        // A role that may not keep the directory is refused before anything is read.
        let own = self.sharing().agency();
        let event = self.event(AuditAction::PathwayCreate, purpose);
        self.directory_right(true, Right::EditPathway { from: own, to: own }, event).await?;
        let mut problems = Invalid::default();
        let from = self.resolve_team("from_team", form.from_team, &mut problems).await?;
        let to = self.resolve_team("to_team", form.to_team, &mut problems).await?;
        let input = PathwayInput { when: form.when, how: form.how };
        let pathway = with_problems(directory::new_pathway(from.as_ref(), to.as_ref(), &input), problems)?;
        let (Some(from), Some(to)) = (from, to) else { return Err(Failure::NotFound) };
        let (_, works_in) = self.team_area(&from).await?;
        let event = self.event(AuditAction::PathwayCreate, purpose).subject(SubjectKind::Pathway, pathway.id.0);
        self.directory_right(works_in, Right::EditPathway { from: from.agency_id, to: to.agency_id }, event.clone())
            .await?;
        self.store().create_pathway(&pathway, &event).await?;
        Ok(pathway)
    }

    /// Removes a pathway from or to a team the caller's agency runs; an unknown or already
    /// removed one is `NotFound`. Audited (`directory.pathway_delete`).
    pub async fn remove_pathway(&self, id: PathwayId, purpose: &str) -> Result<Pathway, Failure> {
        let pathway = self.store().pathway(id).await?.ok_or(Failure::NotFound)?;
        let (from, to) = match (self.store().team(pathway.from_team).await?, self.store().team(pathway.to_team).await?)
        {
            (Some(from), Some(to)) => (from, to),
            _ => return Err(Failure::NotFound),
        };
        let (_, works_in) = self.team_area(&from).await?;
        let event = self.event(AuditAction::PathwayDelete, purpose).subject(SubjectKind::Pathway, pathway.id.0);
        self.directory_right(works_in, Right::EditPathway { from: from.agency_id, to: to.agency_id }, event.clone())
            .await?;
        self.store().remove_pathway(pathway.id, &event).await?;
        Ok(pathway)
    }
}
