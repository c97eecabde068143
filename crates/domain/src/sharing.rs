//! Information-sharing agreements (in Wales, WASPI information sharing protocols), held as data:
//! which agencies share which classes of record with which kinds of agency, for how long, and
//! about whom.
//!
//! Every fact haven holds has an owning agency: an agency's record and reference of a person,
//! the episode the police recorded, the interview the RHI provider held. What a user sees of a
//! person is the facts their own agency owns plus the facts of agencies that share that class
//! with it under an agreement in force today. [`Sharing`] is that answer for one agency on one
//! day; the access policy ([`crate::policy`]) and every listing ask it, never the agreements.
//!
//! Holding a record is not access by itself: an agency sees a partner's facts about a person
//! only when a grant covers them. A grant's [`Scope`] says about whom: the whole cohort the
//! partner holds (a police force and a council's children's services share their caseloads) or
//! only people the receiving agency holds itself (a school sees that its own pupil went missing,
//! not every missing child in the force).

use crate::agency::AgencyKind;
use crate::code_enum;
use crate::error::Invalid;
use crate::ids::{AgencyId, AgreementId};
use crate::missing::{EpisodeView, MissingEpisode};
use crate::person::Person;
use crate::user::Role;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

code_enum!(
    /// A class of record, as agreements name them.
    RecordClass {
        /// Who a person is: names, date of birth, sex, the agency's reference.
        Identity => "identity",
        /// The police risk assessment and intelligence: gradings and their rationale, actions,
        /// enquiries, sightings, circumstances, the police reference, what was found on return.
        PoliceAssessment => "police_assessment",
        /// That a child went missing, when, and when they returned.
        EpisodeSummary => "episode_summary",
        /// What the child said in a return home interview.
        RhiContent => "rhi_content",
        Health => "health",
        Education => "education",
        /// Warning markers on people and places (county lines, at risk of CSE or CCE, a
        /// person of concern, a cuckooed address) with their reasons, approvals and reviews.
        WarningMarker => "warning_marker",
        /// National Referral Mechanism referrals of children and their decisions.
        Nrm => "nrm",
        /// Exploitation screenings: the answers, the score and tier, the practitioner's
        /// judgement and its reason.
        ExploitationScreening => "exploitation_screening",
        /// Disruption activity against persons of concern and places (a CAWN, an order, a
        /// closure, a visit), its outcome and the officer.
        Disruption => "disruption",
        /// MACE meetings: who attends, the agenda and its minutes (the children, people and
        /// places discussed), the action register. An agency attends a meeting only under an
        /// agreement that grants it this class.
        MaceMinutes => "mace_minutes",
    }
);

code_enum!(
    /// About whom a grant shares.
    Scope {
        /// Every person the sharing agency holds.
        Cohort => "cohort",
        /// Only people the receiving agency holds a record of itself.
        OwnCases => "own_cases",
    }
);

/// Which roles at the receiving agency a grant is for: every role, or only some (police
/// intelligence for a council's supervisors and MACE chair, say, not every practitioner).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Roles(u16);

impl Roles {
    /// Every role, including any added later.
    pub const ALL: Roles = Roles(u16::MAX);

    fn bit(role: Role) -> u16 {
        let i = Role::ALL.iter().position(|r| *r == role).unwrap_or(0);
        1 << i
    }

    /// Only these roles.
    pub fn only(roles: &[Role]) -> Self {
        Self(roles.iter().fold(0, |bits, r| bits | Self::bit(*r)))
    }

    pub fn allows(self, role: Role) -> bool {
        self.0 & Self::bit(role) != 0
    }

    pub fn is_empty(self) -> bool {
        Role::ALL.iter().all(|r| !self.allows(*r))
    }

    /// `all`, or the roles' codes joined by commas, as stored.
    pub fn code(self) -> String {
        if self == Self::ALL {
            return "all".to_owned();
        }
        Role::ALL.iter().filter(|r| self.allows(**r)).map(|r| r.code()).collect::<Vec<_>>().join(",")
    }

    /// Reads [`Roles::code`] back; an unknown role is `unknown-role`.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        match raw.trim() {
            "all" => Ok(Self::ALL),
            raw => {
                let roles = raw.split(',').map(|r| Role::parse(r.trim()).map_err(|_| "unknown-role"));
                let roles: Vec<Role> = roles.collect::<Result<_, _>>()?;
                Ok(Self::only(&roles))
            }
        }
    }
}

/// One line of an agreement: members share `class` with member agencies of kind `to`, about
/// `scope`, for the receiving agency's users in `roles`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Grant {
    pub class: RecordClass,
    pub to: AgencyKind,
    pub scope: Scope,
    pub roles: Roles,
}

impl Grant {
    /// A grant for every role of the receiving agency.
    pub fn new(class: RecordClass, to: AgencyKind, scope: Scope) -> Self {
        Self { class, to, scope, roles: Roles::ALL }
    }
}

/// An agreement among several agencies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub id: AgreementId,
    pub name: String,
    pub purpose: String,
    pub members: Vec<AgencyId>,
    /// What is shared, with whom: nothing is shared that no grant names.
    pub grants: Vec<Grant>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    /// When the members must next review the agreement.
    pub review_on: Option<NaiveDate>,
}

impl Agreement {
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.starts_on <= day && self.ends_on.is_none_or(|end| day <= end)
    }

    pub fn check_dates(starts_on: NaiveDate, ends_on: Option<NaiveDate>) -> Result<(), &'static str> {
        match ends_on {
            Some(end) if end < starts_on => Err("ends-before-start"),
            _ => Ok(()),
        }
    }

    /// Everything wrong with an agreement before it is written, by field.
    pub fn check(&self) -> Result<(), Invalid> {
        let mut e = Invalid::default();
        if self.name.trim().is_empty() {
            e.push("name", "required");
        }
        let mut members = self.members.clone();
        members.sort();
        members.dedup();
        if members.len() < 2 {
            e.push("members", "agreement-needs-two-members");
        } else if members.len() != self.members.len() {
            e.push("members", "repeated");
        }
        if self.grants.is_empty() {
            e.push("grants", "required");
        } else if self.grants.iter().any(|g| g.roles.is_empty()) {
            e.push("grants", "grant-for-no-role");
        }
        if let Err(code) = Self::check_dates(self.starts_on, self.ends_on) {
            e.push("ends_on", code);
        }
        if self.review_on.is_some_and(|r| r < self.starts_on) {
            e.push("review_on", "review-before-start");
        }
        e.into_result()
    }

    /// The agreement's meaning before grants were held as data (migration 0006): each member
    /// shared everything about its whole cohort with every other.
    pub fn share_everything() -> Vec<Grant> {
        let mut out = Vec::new();
        for class in RecordClass::ALL {
            for to in AgencyKind::ALL {
                out.push(Grant::new(*class, *to, Scope::Cohort));
            }
        }
        out
    }
}

/// What one agency may see of other agencies' facts on one day, from the agreements in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sharing {
    agency: AgencyId,
    kind: AgencyKind,
    /// For each class, the agencies that share it with this one, with the widest scope granted.
    sources: BTreeMap<RecordClass, BTreeMap<AgencyId, Scope>>,
}

impl Sharing {
    /// Sharing for `agency` (of `kind`) on `day`, whatever the user's role (for the agency's
    /// own jobs, such as an import's matching).
    pub fn for_agency(agency: AgencyId, kind: AgencyKind, agreements: &[Agreement], day: NaiveDate) -> Self {
        Self::made(agency, kind, None, agreements, day)
    }

    /// What a user of `role` at the agency sees: as [`Sharing::for_agency`], with only the grants
    /// made for their role.
    pub fn for_role(agency: AgencyId, kind: AgencyKind, role: Role, agreements: &[Agreement], day: NaiveDate) -> Self {
        Self::made(agency, kind, Some(role), agreements, day)
    }

    fn made(agency: AgencyId, kind: AgencyKind, role: Option<Role>, agreements: &[Agreement], day: NaiveDate) -> Self {
        let mut sources: BTreeMap<RecordClass, BTreeMap<AgencyId, Scope>> = BTreeMap::new();
        for a in agreements.iter().filter(|a| a.in_force_on(day) && a.members.contains(&agency)) {
            let for_role = |g: &&Grant| role.is_none_or(|r| g.roles.allows(r));
            for g in a.grants.iter().filter(|g| g.to == kind).filter(for_role) {
                let by_class = sources.entry(g.class).or_default();
                for member in a.members.iter().filter(|m| **m != agency) {
                    let scope = by_class.entry(*member).or_insert(g.scope);
                    if g.scope == Scope::Cohort {
                        *scope = Scope::Cohort;
                    }
                }
            }
        }
        Self { agency, kind, sources }
    }

    /// Sharing for an agency alone: its own facts and nobody else's.
    pub fn alone(agency: AgencyId, kind: AgencyKind) -> Self {
        Self { agency, kind, sources: BTreeMap::new() }
    }

    pub fn agency(&self) -> AgencyId {
        self.agency
    }

    pub fn kind(&self) -> AgencyKind {
        self.kind
    }

    /// Whether facts of `class` owned by `owner`, about a person held by `holders`, are visible.
    pub fn sees(&self, class: RecordClass, owner: AgencyId, holders: &[AgencyId]) -> bool {
        if owner == self.agency {
            return true;
        }
        match self.sources.get(&class).and_then(|s| s.get(&owner)) {
            Some(Scope::Cohort) => true,
            Some(Scope::OwnCases) => holders.contains(&self.agency),
            None => false,
        }
    }

    /// Whether the person held by `holders` is visible at all: some holder's identity is.
    pub fn sees_person(&self, holders: &[AgencyId]) -> bool {
        holders.iter().any(|h| self.sees(RecordClass::Identity, *h, holders))
    }

    /// The holders whose own record (and reference) of the person is visible.
    pub fn visible_holders(&self, holders: &[AgencyId]) -> Vec<AgencyId> {
        holders.iter().copied().filter(|h| self.sees(RecordClass::Identity, *h, holders)).collect()
    }

    /// A person as this agency sees them: only the agency records (and references) it may see.
    pub fn cut_person(&self, mut person: Person, holders: &[AgencyId]) -> Person {
        person.records.retain(|r| self.sees(RecordClass::Identity, r.agency_id, holders));
        person
    }

    /// How much of an episode owned by `owner`, about a child held by `holders`, is visible:
    /// the most the owner shares, never more than this agency's kind may see.
    pub fn episode_view(&self, owner: AgencyId, holders: &[AgencyId]) -> Option<EpisodeView> {
        let ceiling = EpisodeView::for_agency(self.kind)?;
        let shared = if self.sees(RecordClass::PoliceAssessment, owner, holders) {
            EpisodeView::Full
        } else if self.sees(RecordClass::RhiContent, owner, holders) {
            EpisodeView::RhiWork
        } else if self.sees(RecordClass::EpisodeSummary, owner, holders) {
            EpisodeView::NoticeOnly
        } else {
            return None;
        };
        Some(ceiling.narrower(shared))
    }

    /// A child's episodes as this agency sees them: those whose owner shares them, each cut to
    /// its view; and the narrowest of those views (the agency kind's own ceiling when there are
    /// none), for what is said about the episodes together.
    pub fn visible_episodes(
        &self,
        holders: &[AgencyId],
        episodes: Vec<MissingEpisode>,
    ) -> (Vec<MissingEpisode>, EpisodeView) {
        let mut overall = EpisodeView::for_agency(self.kind).unwrap_or(EpisodeView::NoticeOnly);
        let seen = episodes
            .into_iter()
            .filter_map(|e| {
                let view = self.episode_view(e.owner, holders)?;
                overall = overall.narrower(view);
                Some(view.redact(e))
            })
            .collect();
        (seen, overall)
    }

    /// The agencies whose facts of `class` this agency may see about someone (its own and those
    /// sharing the class with it): a first filter for a listing of such facts by owner. Sorted,
    /// without repeats.
    pub fn owners_shared(&self, class: RecordClass) -> Vec<AgencyId> {
        let mut out: Vec<AgencyId> = self
            .sources
            .get(&class)
            .into_iter()
            .flat_map(|s| s.keys().copied())
            .chain(std::iter::once(self.agency))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The agencies a store listing may keep to, as a first filter (defence in depth): any
    /// agency whose holding could make a person visible. Sorted, without repeats.
    pub fn listing_filter(&self) -> Vec<AgencyId> {
        let mut out: Vec<AgencyId> = self
            .sources
            .get(&RecordClass::Identity)
            .into_iter()
            .flat_map(|s| s.keys().copied())
            .chain(std::iter::once(self.agency))
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn grants(classes: &[RecordClass], to: &[AgencyKind], scope: Scope) -> Vec<Grant> {
        classes.iter().flat_map(|c| to.iter().map(move |k| Grant::new(*c, *k, scope))).collect()
    }

    fn agreement(members: Vec<AgencyId>, grants: Vec<Grant>, ends_on: Option<NaiveDate>) -> Agreement {
        Agreement {
            id: AgreementId::new(),
            name: "Missing children ISP".into(),
            purpose: "safeguarding".into(),
            members,
            grants,
            starts_on: day(1),
            ends_on,
            review_on: None,
        }
    }

    #[test]
    fn a_partner_shares_only_the_classes_granted_to_the_receiving_kind() {
        let (police, council, school) = (AgencyId::new(), AgencyId::new(), AgencyId::new());
        let mut g = grants(
            &[RecordClass::Identity, RecordClass::PoliceAssessment, RecordClass::EpisodeSummary],
            &[AgencyKind::Police, AgencyKind::LocalAuthority],
            Scope::Cohort,
        );
        g.extend(grants(
            &[RecordClass::Identity, RecordClass::EpisodeSummary],
            &[AgencyKind::Education],
            Scope::OwnCases,
        ));
        let isp = agreement(vec![police, council, school], g, Some(day(20)));
        let at_council = Sharing::for_agency(council, AgencyKind::LocalAuthority, std::slice::from_ref(&isp), day(10));
        let at_school = Sharing::for_agency(school, AgencyKind::Education, std::slice::from_ref(&isp), day(10));
        let police_only = [police];
        let pupil = [police, school];
        assert!(at_council.sees_person(&police_only));
        assert_eq!(at_council.episode_view(police, &police_only), Some(EpisodeView::Full));
        // The school sees its own pupil's episode as a notice, and nobody else's child.
        assert!(!at_school.sees_person(&police_only));
        assert_eq!(at_school.episode_view(police, &police_only), None);
        assert!(at_school.sees_person(&pupil));
        assert_eq!(at_school.episode_view(police, &pupil), Some(EpisodeView::NoticeOnly));
        assert_eq!(at_school.visible_holders(&pupil), vec![police, school]);
        // Expired: nothing.
        let later = Sharing::for_agency(council, AgencyKind::LocalAuthority, &[isp], day(21));
        assert!(!later.sees_person(&police_only));
        assert_eq!(later.listing_filter(), vec![council]);
    }

    #[test]
    fn a_grant_for_some_roles_reaches_only_users_in_those_roles() {
        let (police, council) = (AgencyId::new(), AgencyId::new());
        let mut g =
            grants(&[RecordClass::Identity, RecordClass::EpisodeSummary], &[AgencyKind::LocalAuthority], Scope::Cohort);
        g.push(Grant {
            roles: Roles::only(&[Role::Supervisor, Role::MaceChair]),
            ..Grant::new(RecordClass::PoliceAssessment, AgencyKind::LocalAuthority, Scope::Cohort)
        });
        let isp = [agreement(vec![police, council], g, None)];
        let child = [police];
        let sees = |role| Sharing::for_role(council, AgencyKind::LocalAuthority, role, &isp, day(10));
        assert!(sees(Role::Supervisor).sees(RecordClass::PoliceAssessment, police, &child));
        assert!(sees(Role::MaceChair).sees(RecordClass::PoliceAssessment, police, &child));
        assert!(!sees(Role::Practitioner).sees(RecordClass::PoliceAssessment, police, &child));
        assert!(sees(Role::Practitioner).sees(RecordClass::Identity, police, &child), "other grants stand");
        // What the council sees as an agency (its import's matching) is every role's.
        let agency = Sharing::for_agency(council, AgencyKind::LocalAuthority, &isp, day(10));
        assert!(agency.sees(RecordClass::PoliceAssessment, police, &child));
    }

    #[test]
    fn roles_read_back_as_stored_and_a_grant_for_no_role_is_refused() {
        let some = Roles::only(&[Role::Supervisor, Role::Inspector]);
        assert_eq!(some.code(), "supervisor,inspector");
        assert_eq!(Roles::parse(&some.code()), Ok(some));
        assert_eq!(Roles::parse("all"), Ok(Roles::ALL));
        assert_eq!(Roles::parse("supervisor,chief"), Err("unknown-role"));
        let none =
            Grant { roles: Roles::only(&[]), ..Grant::new(RecordClass::Identity, AgencyKind::Police, Scope::Cohort) };
        let a = agreement(vec![AgencyId::new(), AgencyId::new()], vec![none], None);
        assert_eq!(a.check(), Err(Invalid::one("grants", "grant-for-no-role")));
    }

    #[test]
    fn a_holder_linked_without_an_agreement_sees_only_its_own_facts() {
        let (police, charity) = (AgencyId::new(), AgencyId::new());
        let at_charity = Sharing::alone(charity, AgencyKind::RhiProvider);
        let both = [police, charity];
        assert!(at_charity.sees_person(&both));
        assert_eq!(at_charity.visible_holders(&both), vec![charity]);
        assert_eq!(at_charity.episode_view(police, &both), None);
        let at_police = Sharing::alone(police, AgencyKind::Police);
        assert_eq!(at_police.visible_holders(&both), vec![police]);
        assert_eq!(at_police.episode_view(police, &both), Some(EpisodeView::Full));
    }

    #[test]
    fn agreements_are_checked_field_by_field() {
        let a = AgencyId::new();
        let mut bad = agreement(vec![a, a], Vec::new(), Some(day(1) - chrono::Duration::days(1)));
        bad.name = " ".into();
        bad.review_on = Some(day(1) - chrono::Duration::days(3));
        let fields: Vec<_> = bad.check().unwrap_err().0.into_iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(
            fields,
            [
                ("name".to_owned(), "required"),
                ("members".to_owned(), "agreement-needs-two-members"),
                ("grants".to_owned(), "required"),
                ("ends_on".to_owned(), "ends-before-start"),
                ("review_on".to_owned(), "review-before-start"),
            ]
        );
        assert!(agreement(vec![a, AgencyId::new()], Agreement::share_everything(), None).check().is_ok());
    }

    fn kind() -> impl Strategy<Value = AgencyKind> {
        proptest::sample::select(AgencyKind::ALL)
    }
    fn class() -> impl Strategy<Value = RecordClass> {
        proptest::sample::select(RecordClass::ALL)
    }
    fn scope() -> impl Strategy<Value = Scope> {
        proptest::sample::select(Scope::ALL)
    }
    fn roles() -> impl Strategy<Value = Roles> {
        prop_oneof![Just(Roles::ALL), proptest::sample::subsequence(Role::ALL, 1..3).prop_map(|r| Roles::only(&r))]
    }

    proptest! {
        /// Whatever the agreements, an agency sees another's facts only when an agreement in force
        /// that both belong to grants that class to its kind, about a person within the scope;
        /// and its own facts always.
        #[test]
        fn sharing_never_reaches_further_than_a_grant(
            kinds in proptest::collection::vec(kind(), 4),
            raw in proptest::collection::vec(
                (proptest::collection::vec(0usize..4, 0..4),
                 proptest::collection::vec((class(), kind(), scope(), roles()), 0..6),
                 1u32..25, proptest::option::of(1u32..28)),
                0..4),
            holders_mask in 0u8..16,
            today in 1u32..29,
            role in proptest::sample::select(Role::ALL),
        ) {
            let ids: Vec<AgencyId> = (0..4).map(|_| AgencyId::new()).collect();
            let agreements: Vec<Agreement> = raw.iter().map(|(m, g, start, end)| Agreement {
                id: AgreementId::new(),
                name: "x".into(),
                purpose: String::new(),
                members: m.iter().map(|i| ids[*i]).collect(),
                grants: g.iter().map(|(class, to, scope, roles)| Grant { class: *class, to: *to, scope: *scope, roles: *roles }).collect(),
                starts_on: day(*start),
                ends_on: end.map(day),
                review_on: None,
            }).collect();
            let holders: Vec<AgencyId> = (0..4).filter(|i| holders_mask & (1 << i) != 0).map(|i| ids[i]).collect();
            for (v, viewer) in ids.iter().enumerate() {
                let s = Sharing::for_role(*viewer, kinds[v], role, &agreements, day(today));
                let agency_wide = Sharing::for_agency(*viewer, kinds[v], &agreements, day(today));
                for owner in &ids {
                    for class in RecordClass::ALL {
                        let granted = |for_role: bool| owner == viewer || agreements.iter().any(|a| {
                            a.in_force_on(day(today)) && a.members.contains(viewer) && a.members.contains(owner)
                                && a.grants.iter().any(|g| g.class == *class && g.to == kinds[v]
                                    && (!for_role || g.roles.allows(role))
                                    && (g.scope == Scope::Cohort || holders.contains(viewer)))
                        });
                        prop_assert_eq!(s.sees(*class, *owner, &holders), granted(true));
                        prop_assert_eq!(agency_wide.sees(*class, *owner, &holders), granted(false));
                    }
                    if let Some(view) = s.episode_view(*owner, &holders) {
                        let ceiling = EpisodeView::for_agency(kinds[v]);
                        prop_assert!(ceiling.is_some_and(|c| c.narrower(view) == view));
                    }
                }
                prop_assert_eq!(s.sees_person(&holders), !s.visible_holders(&holders).is_empty());
                for h in s.visible_holders(&holders) {
                    prop_assert!(s.listing_filter().contains(&h));
                }
            }
        }
    }
}
