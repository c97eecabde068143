//! Who is asking and what they may reach: the one place where a request meets the access policy.
//! A refusal is audited on the record's trail (who tried, what, why) before it is returned, so
//! that attempts to look are seen as well as looks.

use crate::clock::{now, uk_today};
use haven_domain::audit::{AuditAction, AuditEvent, Detail, SubjectKind};
use haven_domain::ids::{AgencyId, EpisodeId, PersonId};
use haven_domain::missing::{EpisodeView, MissingEpisode};
use haven_domain::policy::{Action, Decision, Target, can};
use haven_domain::sharing::Sharing;
use haven_domain::user::{Actor, User};
use haven_store::{EpisodeRow, PersonQuery, PersonSummary, Store, StoreError};
use std::collections::HashMap;

/// Why an action was not done.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// No such record, or one the caller may not see: the two are answered alike.
    #[error("not found")]
    NotFound,
    /// The caller sees the record (or the service) but may not do this; the reason is a policy key.
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for Refusal {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Refusal::NotFound,
            other => Refusal::Store(other),
        }
    }
}

/// The audit action a refusal of `action` is recorded under.
fn audit_action(action: Action) -> AuditAction {
    match action {
        Action::EditPerson => AuditAction::PersonUpdate,
        Action::ViewPersonAudit | Action::ViewAgencyAudit => AuditAction::AuditView,
        Action::ViewEpisodes => AuditAction::EpisodeView,
        Action::ReportMissing => AuditAction::EpisodeReport,
        Action::Regrade => AuditAction::EpisodeRegrade,
        Action::AddNote(_) => AuditAction::EpisodeNote,
        Action::RecordReturn => AuditAction::EpisodeReturn,
        Action::RecordRhi => AuditAction::EpisodeRhi,
        Action::EditGrabPack => AuditAction::GrabPackSave,
        Action::RaiseMarker => AuditAction::MarkerRaise,
        Action::ApproveMarker => AuditAction::MarkerApprove,
        Action::ReviewMarker => AuditAction::MarkerReview,
        Action::ViewMarkers => AuditAction::MarkerList,
        Action::ViewNrm => AuditAction::NrmList,
        Action::RecordNrm => AuditAction::NrmRefer,
        Action::ScreenChild => AuditAction::ScreeningCreate,
        Action::ViewScreenings => AuditAction::ScreeningList,
        Action::RecordDisruption => AuditAction::DisruptionRecord,
        Action::ViewDisruption => AuditAction::DisruptionList,
        _ => AuditAction::PersonView,
    }
}

/// Refuses an action that is not for the user's role at all (a search, a new record, the board):
/// the role alone decides, before anything is read. Not audited: nothing was reached.
pub fn for_role(actor: &Actor, action: Action) -> Result<(), Refusal> {
    match can(actor, action, Target::Service) {
        Decision::Allow => Ok(()),
        other => {
            let reason = other.reason().unwrap_or("refused");
            tracing::info!(?action, reason, "request refused by policy");
            Err(Refusal::Forbidden(reason))
        }
    }
}

/// What an allowed person check found: the holders, for further decisions on the same person.
#[derive(Debug, Clone)]
pub struct PersonAccess {
    pub id: PersonId,
    pub holders: Vec<AgencyId>,
}

/// What an allowed episode check found.
#[derive(Debug, Clone)]
pub struct EpisodeAccess {
    pub id: EpisodeId,
    pub person: PersonId,
    pub owner: AgencyId,
    pub holders: Vec<AgencyId>,
    /// How much of the episode the caller sees.
    pub view: EpisodeView,
}

/// A signed-in user with what their agency may see today.
#[derive(Debug)]
pub struct Caller<'a> {
    store: &'a dyn Store,
    user: &'a User,
    sharing: Sharing,
}

impl<'a> Caller<'a> {
    /// Reads the user's agency and the agreements in force today.
    pub async fn load(store: &'a dyn Store, user: &'a User) -> Result<Self, StoreError> {
        let agency = store.agency(user.agency_id).await?.ok_or(StoreError::Missing { field: "agency" })?;
        let agreements = store.agreements().await?;
        let sharing = Sharing::for_role(agency.id, agency.kind, user.role, &agreements, uk_today());
        Ok(Self { store, user, sharing })
    }

    pub fn store(&self) -> &'a dyn Store {
        self.store
    }

    pub fn user(&self) -> &'a User {
        self.user
    }

    pub fn actor(&self) -> Actor {
        self.user.actor()
    }

    pub fn sharing(&self) -> &Sharing {
        &self.sharing
    }

    /// An audit event by this user, `purpose` being the page, API call or command.
    pub fn event(&self, action: AuditAction, purpose: &str) -> AuditEvent {
        AuditEvent::by(self.actor(), self.user.username.as_str(), action, purpose, now())
    }

    /// Whether the policy allows `action` on `target` (to offer a form or a link).
    pub fn may(&self, action: Action, target: Target<'_>) -> bool {
        can(&self.actor(), action, target).is_allowed()
    }

    /// Refuses, before anything is read, an episode action the caller could not do even on a
    /// child of their own agency (a school reporting a child missing).
    pub fn could(&self, action: Action) -> Result<(), Refusal> {
        let own = [self.sharing.agency()];
        let target = Target::Episode { holders: &own, owner: None, sharing: &self.sharing };
        match can(&self.actor(), action, target) {
            Decision::Allow => Ok(()),
            other => Err(Refusal::Forbidden(other.reason().unwrap_or("refused"))),
        }
    }

    /// Records a refusal on the trail and turns the decision into its answer.
    pub(crate) async fn refuse(&self, decision: Decision, action: Action, event: AuditEvent) -> Refusal {
        let reason = decision.reason().unwrap_or("refused");
        if let Err(e) = self.store.append_audit(&event.detail(Detail::Denied(reason))).await {
            // The refusal stands whether or not it could be recorded.
            tracing::error!(error = %e, "could not audit a refused request");
        }
        tracing::info!(?action, reason, "request refused by policy");
        match decision {
            Decision::Hidden => Refusal::NotFound,
            _ => Refusal::Forbidden(reason),
        }
    }

    /// Decides `action` on person `id`. An unknown person and one the caller may not see are
    /// both `NotFound`; the second is audited on the person's trail.
    pub async fn person(&self, id: PersonId, action: Action, purpose: &str) -> Result<PersonAccess, Refusal> {
        self.decide_on_person(id, action, purpose, |holders, sharing| Target::Person { holders, sharing }).await
    }

    /// Decides `action` on a child's episodes as a whole (their history, a new report, the
    /// grab pack).
    pub async fn child(&self, id: PersonId, action: Action, purpose: &str) -> Result<PersonAccess, Refusal> {
        self.decide_on_person(id, action, purpose, |holders, sharing| Target::Episode { holders, owner: None, sharing })
            .await
    }

    async fn decide_on_person(
        &self,
        id: PersonId,
        action: Action,
        purpose: &str,
        target: impl for<'t> Fn(&'t [AgencyId], &'t Sharing) -> Target<'t>,
    ) -> Result<PersonAccess, Refusal> {
        let holders = self.store.person_holders(id).await?;
        let decision = can(&self.actor(), action, target(&holders, &self.sharing));
        if decision.is_allowed() {
            return Ok(PersonAccess { id, holders });
        }
        let event = self.event(audit_action(action), purpose).person(id);
        Err(self.refuse(decision, action, event).await)
    }

    /// Decides `action` on one episode.
    pub async fn episode(&self, id: EpisodeId, action: Action, purpose: &str) -> Result<EpisodeAccess, Refusal> {
        let (person, owner) = self.store.episode_parties(id).await?.ok_or(Refusal::NotFound)?;
        let holders = self.store.person_holders(person).await?;
        let target = Target::Episode { holders: &holders, owner: Some(owner), sharing: &self.sharing };
        let decision = can(&self.actor(), action, target);
        match (decision, self.sharing.episode_view(owner, &holders)) {
            (Decision::Allow, Some(view)) => Ok(EpisodeAccess { id, person, owner, holders, view }),
            _ => {
                let event =
                    self.event(audit_action(action), purpose).person(person).subject(SubjectKind::Episode, id.0);
                Err(self.refuse(decision, action, event).await)
            }
        }
    }

    /// People matching `query` whom the caller may see, at most `limit`: the store keeps to the
    /// agencies that could share, then each person is decided on their holders.
    pub async fn search_people(
        &self,
        query: &PersonQuery,
        limit: u32,
        audit: &AuditEvent,
    ) -> Result<Vec<PersonSummary>, StoreError> {
        let found = self.store.search_people(query, &self.sharing.listing_filter(), limit, audit).await?;
        let ids: Vec<PersonId> = found.iter().map(|p| p.id).collect();
        let mut holders: HashMap<PersonId, Vec<AgencyId>> = HashMap::new();
        for (person, agency) in self.store.people_holders(&ids).await? {
            holders.entry(person).or_default().push(agency);
        }
        Ok(found.into_iter().filter(|p| holders.get(&p.id).is_some_and(|h| self.sharing.sees_person(h))).collect())
    }

    /// A listing's rows that the caller may see, each with how much of it: what the store
    /// returned for the agencies in [`Sharing::listing_filter`], decided row by row.
    pub fn visible_rows(&self, rows: Vec<EpisodeRow>) -> Vec<(EpisodeRow, EpisodeView)> {
        rows.into_iter()
            .filter_map(|row| {
                let view = self.sharing.episode_view(row.episode.owner, &row.holders)?;
                let target =
                    Target::Episode { holders: &row.holders, owner: Some(row.episode.owner), sharing: &self.sharing };
                can(&self.actor(), Action::ViewEpisodes, target).is_allowed().then_some((row, view))
            })
            .collect()
    }

    /// A child's episodes as the caller sees them ([`Sharing::visible_episodes`]).
    pub fn visible_episodes(
        &self,
        holders: &[AgencyId],
        episodes: Vec<MissingEpisode>,
    ) -> (Vec<MissingEpisode>, EpisodeView) {
        self.sharing.visible_episodes(holders, episodes)
    }
}
