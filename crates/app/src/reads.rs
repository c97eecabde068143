//! Reading a person's record and a child's episodes, once for every adapter: decided on the
//! record (a hidden one is `NotFound`, audited), read with its audit event, and cut to what the
//! caller's agency may see before it leaves this crate.

use crate::access::{Caller, EpisodeAccess, PersonAccess, Refusal};
use haven_domain::audit::{AuditAction, Detail, SubjectKind};
use haven_domain::ids::{EpisodeId, PersonId};
use haven_domain::missing::{EpisodeView, MissingEpisode};
use haven_domain::person::Person;
use haven_domain::policy::Action;

/// A child's episodes as the caller sees them.
#[derive(Debug, Clone)]
pub struct ChildEpisodes {
    pub access: PersonAccess,
    /// Each cut to what the caller sees of it; those they may not see are left out.
    pub episodes: Vec<MissingEpisode>,
    /// The narrowest view among them.
    pub view: EpisodeView,
}

impl<'a> Caller<'a> {
    /// Person `id`'s record with only the agency records the caller may see.
    pub async fn read_person(&self, id: PersonId, purpose: &str) -> Result<(Person, PersonAccess), Refusal> {
        let access = self.person(id, Action::ViewPerson, purpose).await?;
        let person = self.store().person(id, &self.event(AuditAction::PersonView, purpose).person(id)).await?;
        Ok((self.sharing().cut_person(person, &access.holders), access))
    }

    /// Episode `id` cut to the caller's view.
    pub async fn read_episode(&self, id: EpisodeId, purpose: &str) -> Result<(MissingEpisode, EpisodeAccess), Refusal> {
        self.read_episode_for(id, Action::ViewEpisodes, purpose).await
    }

    /// Episode `id` cut to the caller's view, read for `action` (the form of a return or an
    /// interview asks whether the caller may record one, not only see the episode).
    pub async fn read_episode_for(
        &self,
        id: EpisodeId,
        action: Action,
        purpose: &str,
    ) -> Result<(MissingEpisode, EpisodeAccess), Refusal> {
        let access = self.episode(id, action, purpose).await?;
        let read = self
            .event(AuditAction::EpisodeView, purpose)
            .person(access.person)
            .subject(SubjectKind::Episode, id.0)
            .detail(Detail::View(access.view));
        let episode = access.view.redact(self.store().episode(id, &read).await?);
        Ok((episode, access))
    }

    /// Child `person`'s episodes as the caller sees them.
    pub async fn child_episodes(&self, person: PersonId, purpose: &str) -> Result<ChildEpisodes, Refusal> {
        let access = self.child(person, Action::ViewEpisodes, purpose).await?;
        let read = self.event(AuditAction::EpisodeList, purpose).person(person);
        let (episodes, view) =
            self.visible_episodes(&access.holders, self.store().person_episodes(person, &read).await?);
        Ok(ChildEpisodes { access, episodes, view })
    }
}
