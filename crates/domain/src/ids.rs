//! Typed identifiers, so that a person's id can never be passed where an agency's is expected.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new id, ordered by creation time (UUID v7) so that indexes stay compact.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = &'static str;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim()).map(Self).map_err(|_| "not-an-id")
            }
        }
    };
}

id_type!(/// A person: a child or an adult of concern.
    PersonId);
id_type!(/// An agency: a police force, a council's children's services, a health board…
    AgencyId);
id_type!(/// An area: a police BCU or a local authority.
    AreaId);
id_type!(/// A user account.
    UserId);
id_type!(/// A location: an address, a placement, a place of concern.
    LocationId);
id_type!(/// A placement or address of a person over a period.
    PlacementId);
id_type!(/// An alias of a person.
    AliasId);
id_type!(/// An information-sharing agreement between agencies.
    AgreementId);
id_type!(/// An audit event.
    AuditId);
id_type!(/// A missing episode.
    EpisodeId);
id_type!(/// A note on a missing episode: an action, an enquiry, a sighting, a notification…
    EpisodeNoteId);
id_type!(/// An API token (the id, never the secret).
    TokenId);
id_type!(/// An association recorded on a missing episode's return or interview: whom the child
    /// was found with, where they were found or last seen, whom or what they disclosed.
    AssociationId);
id_type!(/// An import job: one agency's file of people, imported in batches.
    ImportJobId);
id_type!(/// An agency's own record of a person, as imported (never deleted).
    SourceRecordId);
id_type!(/// A possible link between a source record and a person, waiting for a practitioner.
    LinkReviewId);
id_type!(/// A warning marker on a person or a place.
    MarkerId);
id_type!(/// A National Referral Mechanism referral of a child.
    NrmId);
id_type!(/// An exploitation screening of a child.
    ScreeningId);
id_type!(/// A multi-agency child exploitation (MACE) meeting.
    MeetingId);
id_type!(/// An item on a MACE meeting's agenda: a child, a person of concern, a place or a theme.
    AgendaItemId);
id_type!(/// An action in the MACE action register.
    MaceActionId);
id_type!(/// A person or place a MACE meeting linked to an agenda item's subject.
    MaceLinkId);
id_type!(/// A team or service in the partner directory (a MASH, an exploitation hub, an RHI provider).
    TeamId);
id_type!(/// A referral pathway from one team of the partner directory to another.
    PathwayId);
id_type!(/// A disruption: a tactic used against a person of concern or a place, under one of the 4Ps.
    DisruptionId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text_and_reject_rubbish() {
        let id = PersonId::new();
        assert_eq!(id.to_string().parse::<PersonId>(), Ok(id));
        assert_eq!("not a uuid".parse::<PersonId>(), Err("not-an-id"));
    }

    #[test]
    fn new_ids_are_ordered_by_creation() {
        let a = PersonId::new();
        let b = PersonId::new();
        assert!(a < b);
    }
}
