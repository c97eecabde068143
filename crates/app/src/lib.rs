//! haven's application layer. Every adapter (the JSON API, the pages, the command line, the
//! import job) asks here, never the policy or the agreements directly: who the caller is and what
//! their agency may see today ([`Caller`]), whether they may do an action to a record (through
//! `haven_domain::policy::can`, the one policy function), and the refusal's audit event. A
//! record the caller may not see is answered as if it did not exist. Each write is here once
//! ([`missing`], [`people`]), with its authorisation, its checks and its audit event; the
//! adapters only translate.

pub mod access;
pub mod admin;
pub mod auth;
pub mod clock;
pub mod directory;
pub mod disruption;
pub mod failure;
pub mod figures;
pub mod linking;
pub mod mace;
pub mod markers;
pub mod missing;
pub mod network;
pub mod people;
pub mod places;
pub mod population;
pub mod priority;
pub mod reads;
pub mod references;
pub mod rules;
pub mod screening;
pub mod trails;
pub mod work;

pub use access::{Caller, EpisodeAccess, PersonAccess, Refusal, for_role};
pub use failure::Failure;
pub use linking::Unlinked;
pub use missing::{Report, Written};
pub use people::{NewPerson, PersonChange};
pub use reads::ChildEpisodes;
pub use screening::{Screened, ScreeningForm};
