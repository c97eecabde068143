//! Audit events: who did or saw what, when, and why (the page or API call). Every write carries
//! its event into the store, which inserts both in one transaction; reads of a person's record
//! are audited too. Events hold identifiers and codes, never personal details, so that the
//! audit trail itself does not spread what it guards.

use crate::code_enum;
use crate::ids::{AuditId, PersonId};
use crate::missing::RiskGrade;
use crate::missing::episode::RhiOutcome;
use crate::missing::record::{EpisodeView, NoteKind};
use crate::user::Actor;
use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

code_enum!(
    /// What happened.
    AuditAction {
        PersonCreate => "person.create",
        PersonUpdate => "person.update",
        PersonView => "person.view",
        PersonSearch => "person.search",
        AliasAdd => "person.alias_add",
        RecordAdd => "person.record_add",
        PlacementAdd => "person.placement_add",
        PlacementEnd => "person.placement_end",
        LocationCreate => "location.create",
        AgencyCreate => "agency.create",
        AreaCreate => "area.create",
        AreaRulesSet => "area.rules_set",
        /// A version of an area's child population saved, for the figures' rates.
        AreaPopulationSet => "area.population_set",
        AgreementCreate => "agreement.create",
        UserCreate => "user.create",
        UserPasswordSet => "user.password_set",
        UserUpdate => "user.update",
        UserPasswordReset => "user.password_reset",
        TokenIssue => "token.issue",
        TokenRevoke => "token.revoke",
        SignIn => "session.sign_in",
        SignInFailed => "session.sign_in_failed",
        SignOut => "session.sign_out",
        AuditView => "audit.view",
        DemoLoad => "demo.load",
        EpisodeReport => "episode.report",
        EpisodeView => "episode.view",
        EpisodeRegrade => "episode.regrade",
        EpisodeNote => "episode.note",
        EpisodeReturn => "episode.return",
        EpisodeRhi => "episode.rhi",
        EpisodeList => "episode.list",
        GrabPackSave => "grab_pack.save",
        ScreeningCreate => "screening.create",
        ScreeningList => "screening.list",
        ReportView => "report.view",
        ImportStart => "import.start",
        ImportBatch => "import.batch",
        ImportRollback => "import.rollback",
        SourceImport => "source.import",
        SourceLink => "source.link",
        SourceUnlink => "source.unlink",
        ReviewList => "review.list",
        ReviewLink => "review.link",
        ReviewReject => "review.reject",
        MarkerRaise => "marker.raise",
        MarkerApprove => "marker.approve",
        MarkerReview => "marker.review",
        MarkerList => "marker.list",
        NrmRefer => "nrm.refer",
        NrmDecide => "nrm.decide",
        NrmList => "nrm.list",
        PriorityList => "priority.list",
        MaceMeetingCreate => "mace.meeting_create",
        MaceMeetingView => "mace.meeting_view",
        MaceMinutesExport => "mace.minutes_export",
        MaceMeetingList => "mace.meeting_list",
        MaceItemAdd => "mace.item_add",
        MaceItemUpdate => "mace.item_update",
        MaceItemRemove => "mace.item_remove",
        /// A person or a place linked to a MACE agenda item's subject.
        MaceItemLink => "mace.item_link",
        MaceActionAdd => "mace.action_add",
        MaceActionUpdate => "mace.action_update",
        MaceActionCarry => "mace.action_carry",
        MaceActionList => "mace.action_list",
        TeamCreate => "directory.team_create",
        TeamUpdate => "directory.team_update",
        PathwayCreate => "directory.pathway_create",
        PathwayDelete => "directory.pathway_delete",
        DisruptionRecord => "disruption.record",
        DisruptionUpdate => "disruption.update",
        DisruptionView => "disruption.view",
        DisruptionList => "disruption.list",
        /// An area's figures for boards read (the page, the API) or exported (the board pack).
        FiguresView => "figures.view",
        FiguresExport => "figures.export",
        /// An association recorded on an episode's return or interview (found with, found at,
        /// last seen at, disclosed).
        AssociationAdd => "episode.association_add",
        /// A person's network of associations read, to one or two steps.
        NetworkView => "network.view",
        /// An area's hotspots read.
        HotspotsView => "hotspots.view",
    }
);

code_enum!(
    /// What kind of record an event is about.
    SubjectKind {
        Person => "person",
        Location => "location",
        Agency => "agency",
        Area => "area",
        Agreement => "agreement",
        User => "user",
        Token => "token",
        Episode => "episode",
        Screening => "screening",
        ImportJob => "import_job",
        SourceRecord => "source_record",
        LinkReview => "link_review",
        Marker => "marker",
        Nrm => "nrm",
        Meeting => "meeting",
        Team => "team",
        Pathway => "pathway",
        Disruption => "disruption",
        System => "system",
    }
);

/// What an event's detail says. Typed, so that only codes, counts, ids and field names can go
/// on the trail, never a person's details or free text; kept as its text (below) so that the
/// trail reads the same in every store and tool.
#[derive(Debug, Clone, PartialEq)]
pub enum Detail {
    /// Refused by the access policy, with the policy's reason: `denied: not-shared`.
    Denied(&'static str),
    /// A risk grade given, and the one it replaced: `grade: medium -> high`.
    Grade { from: Option<RiskGrade>, to: Option<RiskGrade> },
    /// `note: sighting`.
    Note(NoteKind),
    /// The return home interview's outcome: `rhi: held`.
    Rhi(RhiOutcome),
    /// The fields a change changed or a search used: `fields: given_name,sex`.
    Fields(Vec<&'static str>),
    /// How much of an episode was shown: `view: rhi_work`.
    View(EpisodeView),
    /// A fixed code: `grab-pack`, `session-created`, a sign-in refusal's reason.
    Code(&'static str),
    /// How many of what were listed: `3 pending`.
    Count { n: usize, of: &'static str },
    /// The morning brief of a day: `morning brief 2026-12-02` (`, every agency` from the command
    /// line).
    Brief { date: NaiveDate, every_agency: bool },
    /// An agency's record moved from one person (if any) to another.
    Link { source: Uuid, from: Option<PersonId>, to: PersonId },
    /// A password change refused or made: `password-change: wrong-password`.
    PasswordChange(&'static str),
    /// A sign-in by a method other than the password, made or refused: `oidc: not-linked`.
    SignInWith { method: crate::signin::SignInMethod, code: &'static str },
    /// A possible link decided.
    Review { review: Uuid, source: Uuid, probability: f64 },
    /// An import started: its rows, its file's digest and its thresholds.
    ImportStart { rows: usize, sha256: String, upper: f64, lower: f64 },
    /// Rows `from`..=`to` of an import applied.
    Rows { from: usize, to: usize },
    /// What an import's row did to a person: `job … row 3: linked`.
    ImportRow { job: Uuid, row: i64, what: &'static str },
    /// A rollback detached an import's record from a person.
    Detached { job: Uuid },
    /// The demo force loaded.
    Demo { scale: u32, seed: u64, people: usize, locations: usize },
    /// A screening made: its tool version, score, the tool's tier and the tier given
    /// (`screening: v1 score 16 red -> amber`).
    Screening { tool_version: u32, score: u32, computed: crate::screening::Tier, tier: crate::screening::Tier },
    /// A version of an area's missing-episode rules saved: its number, from when it applies,
    /// and the settings it changed from the rules in force before it.
    Rules { number: i64, applies_from: DateTime<Utc>, changed: Vec<&'static str> },
    /// A version of an area's child population saved: its number, the date it is as of and
    /// its total (`population v2 as of 2024-06-30: 61234 children`).
    Population { number: i64, as_of: NaiveDate, total: u64 },
    /// A marker raised: its type, and whether it waits for a supervisor: `marker: county_lines, pending`.
    Marker { kind: crate::marker::MarkerType, pending: bool },
    /// A marker reviewed: `review: keep` or `review: end`.
    MarkerReview(crate::marker::ReviewOutcome),
    /// An NRM referral for a kind of exploitation: `nrm: cce`.
    Nrm(crate::nrm::ExploitationType),
    /// An NRM decision: `reasonable_grounds: positive`.
    NrmDecision { stage: crate::nrm::Stage, outcome: crate::nrm::DecisionOutcome },
    /// A disruption recorded or its outcome changed: `disruption: cawn, ongoing`.
    Disruption { tactic: crate::disruption::Tactic, outcome: crate::disruption::Outcome },
    /// Figures of a range of dates, exact or with small numbers hidden, and the export's format
    /// where one was made: `figures 2026-03-01..2026-03-31, suppressed below 5, pdf`.
    Figures { from: NaiveDate, to: NaiveDate, suppressed_below: Option<u64>, format: Option<&'static str> },
}

impl fmt::Display for Detail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let grade = |g: &Option<RiskGrade>| g.map_or("none", |g| g.code());
        match self {
            Self::Denied(reason) => write!(f, "denied: {reason}"),
            Self::Grade { from, to } => write!(f, "grade: {} -> {}", grade(from), grade(to)),
            Self::Note(kind) => write!(f, "note: {}", kind.code()),
            Self::Rhi(outcome) => write!(f, "rhi: {}", outcome.code()),
            Self::Fields(fields) => write!(f, "fields: {}", fields.join(",")),
            Self::View(view) => write!(f, "view: {}", view.code()),
            Self::Code(code) => f.write_str(code),
            Self::Count { n, of } => write!(f, "{n} {of}"),
            Self::Brief { date, every_agency } => {
                write!(f, "morning brief {date}{}", if *every_agency { ", every agency" } else { "" })
            }
            Self::Link { source, from, to } => match from {
                Some(from) => write!(f, "source: {source} from: {from} to: {to}"),
                None => write!(f, "source: {source} to: {to}"),
            },
            Self::PasswordChange(what) => write!(f, "password-change: {what}"),
            Self::SignInWith { method, code } => write!(f, "{method}: {code}"),
            Self::Review { review, source, probability } => {
                write!(f, "review: {review} source: {source} probability: {probability:.3}")
            }
            Self::ImportStart { rows, sha256, upper, lower } => {
                write!(f, "{rows} rows, SHA-256 {sha256}, linked at {upper} and reviewed at {lower}")
            }
            Self::Rows { from, to } => write!(f, "rows {from}-{to}"),
            Self::ImportRow { job, row, what } => write!(f, "job {job} row {row}: {what}"),
            Self::Detached { job } => write!(f, "job {job}: record detached"),
            Self::Demo { scale, seed, people, locations } => {
                write!(f, "scale {scale}, seed {seed}: {people} people, {locations} locations")
            }
            Self::Screening { tool_version, score, computed, tier } => {
                write!(f, "screening: v{tool_version} score {score} {computed}")?;
                if computed != tier { write!(f, " -> {tier}") } else { Ok(()) }
            }
            Self::Rules { number, applies_from, changed } => {
                let from = applies_from.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                write!(f, "rules v{number} from {from}; changed: ")?;
                f.write_str(if changed.is_empty() { "nothing" } else { "" })?;
                f.write_str(&changed.join(","))
            }
            Self::Population { number, as_of, total } => {
                write!(f, "population v{number} as of {as_of}: {total} children")
            }
            Self::Marker { kind, pending } => {
                write!(f, "marker: {kind}{}", if *pending { ", pending" } else { "" })
            }
            Self::MarkerReview(outcome) => write!(f, "review: {outcome}"),
            Self::Nrm(kind) => write!(f, "nrm: {kind}"),
            Self::NrmDecision { stage, outcome } => write!(f, "{stage}: {outcome}"),
            Self::Disruption { tactic, outcome } => write!(f, "disruption: {tactic}, {outcome}"),
            Self::Figures { from, to, suppressed_below, format } => {
                write!(f, "figures {from}..{to}")?;
                match suppressed_below {
                    Some(n) => write!(f, ", suppressed below {n}")?,
                    None => f.write_str(", exact")?,
                }
                format.map_or(Ok(()), |x| write!(f, ", {x}"))
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub id: AuditId,
    pub at: DateTime<Utc>,
    /// The signed-in user, or `None` for the system itself (the command line, the demo loader).
    pub actor: Option<Actor>,
    /// Who acted, for people reading the trail: a username or `cli`.
    pub actor_label: String,
    pub action: AuditAction,
    pub subject_kind: SubjectKind,
    pub subject_id: Option<Uuid>,
    /// The person whose record this is about, so that a person's whole trail is one query.
    pub person_id: Option<PersonId>,
    /// Why: the page or API call (`GET /people/{id}`) or the command.
    pub purpose: String,
    /// A short note without personal details (a field list, a count, a reason code).
    pub detail: Option<String>,
}

impl AuditEvent {
    /// An event by a signed-in user.
    pub fn by(actor: Actor, actor_label: &str, action: AuditAction, purpose: &str, at: DateTime<Utc>) -> Self {
        Self::new(Some(actor), actor_label, action, purpose, at)
    }

    /// An event by the system (the command line, the demo loader, a failed sign-in by nobody).
    pub fn system(actor_label: &str, action: AuditAction, purpose: &str, at: DateTime<Utc>) -> Self {
        Self::new(None, actor_label, action, purpose, at)
    }

    fn new(actor: Option<Actor>, actor_label: &str, action: AuditAction, purpose: &str, at: DateTime<Utc>) -> Self {
        Self {
            id: AuditId::new(),
            at,
            actor,
            actor_label: actor_label.to_owned(),
            action,
            subject_kind: SubjectKind::System,
            subject_id: None,
            person_id: None,
            purpose: purpose.to_owned(),
            detail: None,
        }
    }

    /// About a person's record.
    pub fn person(mut self, id: PersonId) -> Self {
        self.subject_kind = SubjectKind::Person;
        self.subject_id = Some(id.0);
        self.person_id = Some(id);
        self
    }

    /// About another record.
    pub fn subject(mut self, kind: SubjectKind, id: Uuid) -> Self {
        self.subject_kind = kind;
        self.subject_id = Some(id);
        self
    }

    pub fn detail(mut self, detail: Detail) -> Self {
        self.detail = Some(detail.to_string());
        self
    }

    /// Whether this event records a refusal by the access policy.
    pub fn is_refusal(&self) -> bool {
        self.detail.as_deref().is_some_and(|d| d.starts_with("denied:"))
    }

    /// This event about an episode as a reader who sees the episode as `view` may read it:
    /// a school (a notice) that the child was reported and returned, not that a grade changed
    /// or what it was; an RHI provider that too, and the interview's outcome. `None` when the
    /// event is not theirs to see at all.
    pub fn as_seen_in(mut self, view: EpisodeView) -> Option<Self> {
        let (shown, detail_kept) = match (view, self.action) {
            (EpisodeView::Full, _) => (true, true),
            (EpisodeView::RhiWork, AuditAction::EpisodeRhi) => (true, true),
            (_, AuditAction::EpisodeReport | AuditAction::EpisodeReturn) => (true, false),
            (EpisodeView::RhiWork, AuditAction::EpisodeView) => (true, false),
            _ => (false, false),
        };
        if !detail_kept {
            self.detail = None;
        }
        shown.then_some(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{AgencyId, UserId};
    use crate::user::Role;

    #[test]
    fn details_read_as_codes_and_ids_only() {
        use crate::missing::record::EpisodeView;
        let cases = [
            (Detail::Denied("not-shared"), "denied: not-shared"),
            (Detail::Grade { from: None, to: Some(RiskGrade::High) }, "grade: none -> high"),
            (Detail::Grade { from: Some(RiskGrade::High), to: Some(RiskGrade::Medium) }, "grade: high -> medium"),
            (Detail::Note(NoteKind::Sighting), "note: sighting"),
            (Detail::Rhi(RhiOutcome::Held), "rhi: held"),
            (Detail::Fields(vec!["given_name", "sex"]), "fields: given_name,sex"),
            (Detail::View(EpisodeView::RhiWork), "view: rhi_work"),
            (Detail::Count { n: 3, of: "pending" }, "3 pending"),
            (Detail::PasswordChange("wrong-password"), "password-change: wrong-password"),
            (Detail::Rows { from: 1, to: 500 }, "rows 1-500"),
            (
                Detail::Marker { kind: crate::marker::MarkerType::CountyLines, pending: true },
                "marker: county_lines, pending",
            ),
            (Detail::MarkerReview(crate::marker::ReviewOutcome::End), "review: end"),
            (
                Detail::NrmDecision {
                    stage: crate::nrm::Stage::ReasonableGrounds,
                    outcome: crate::nrm::DecisionOutcome::Positive,
                },
                "reasonable_grounds: positive",
            ),
            (
                Detail::Rules {
                    number: 3,
                    applies_from: DateTime::<Utc>::UNIX_EPOCH,
                    changed: vec!["rhi_term", "rhi_within_hours"],
                },
                "rules v3 from 1970-01-01T00:00:00Z; changed: rhi_term,rhi_within_hours",
            ),
            (
                Detail::Rules { number: 1, applies_from: DateTime::<Utc>::UNIX_EPOCH, changed: vec![] },
                "rules v1 from 1970-01-01T00:00:00Z; changed: nothing",
            ),
            (
                Detail::Population { number: 2, as_of: NaiveDate::from_ymd_opt(2024, 6, 30).unwrap(), total: 61_234 },
                "population v2 as of 2024-06-30: 61234 children",
            ),
        ];
        for (detail, text) in cases {
            assert_eq!(detail.to_string(), text);
        }
        let date = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert_eq!(Detail::Brief { date, every_agency: true }.to_string(), "morning brief 2026-12-02, every agency");
        // Denials are what the trail pages mark as refusals.
        assert!(Detail::Denied("x").to_string().starts_with("denied:"));
    }

    #[test]
    fn an_episode_event_is_cut_to_what_the_readers_view_of_the_episode_shows() {
        let actor = Actor { user_id: UserId::new(), agency_id: AgencyId::new(), role: Role::Practitioner };
        let event = |action, detail| {
            AuditEvent::by(actor, "pc.jones", action, "POST /missing/{id}/grade", Utc::now()).detail(detail)
        };
        let regrade = event(AuditAction::EpisodeRegrade, Detail::Grade { from: Some(RiskGrade::High), to: None });
        let report = event(AuditAction::EpisodeReport, Detail::Grade { from: None, to: Some(RiskGrade::High) });
        let rhi = event(AuditAction::EpisodeRhi, Detail::Rhi(RhiOutcome::Held));
        assert_eq!(regrade.clone().as_seen_in(EpisodeView::Full), Some(regrade.clone()));
        assert_eq!(regrade.clone().as_seen_in(EpisodeView::NoticeOnly), None, "a school is not told of a regrade");
        assert_eq!(regrade.as_seen_in(EpisodeView::RhiWork), None);
        let notice = report.clone().as_seen_in(EpisodeView::NoticeOnly).unwrap();
        assert_eq!((notice.action, notice.detail), (AuditAction::EpisodeReport, None), "reported, not how graded");
        assert_eq!(rhi.clone().as_seen_in(EpisodeView::RhiWork), Some(rhi.clone()));
        assert_eq!(rhi.as_seen_in(EpisodeView::NoticeOnly), None);
    }

    #[test]
    fn a_person_event_names_the_person_as_subject() {
        let actor = Actor { user_id: UserId::new(), agency_id: AgencyId::new(), role: Role::Practitioner };
        let id = PersonId::new();
        let e = AuditEvent::by(actor, "j.evans", AuditAction::PersonView, "GET /people/{id}", Utc::now()).person(id);
        assert_eq!((e.subject_kind, e.subject_id, e.person_id), (SubjectKind::Person, Some(id.0), Some(id)));
        assert_eq!(e.action.code(), "person.view");
    }
}
