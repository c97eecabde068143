//! MACE meetings and the action register, once for every adapter: convening a meeting of an
//! area with attendees from the convener's agency and its partners under agreements in force,
//! reading it (its agencies only, audited), agreeing actions (numbered in the area's register),
//! updating them (their owning agency, or the meeting's chair), and carrying the live ones to
//! the next meeting. Who may is `haven_domain::mace::access`'s to decide; every refusal is
//! audited.

use crate::access::Caller;
use crate::admin::date;
use crate::clock::{now, uk_today};
use crate::failure::Failure;
use crate::references::{resolve_agency, resolve_area};
use chrono::NaiveTime;
use haven_domain::Invalid;
use haven_domain::audit::{AuditAction, AuditEvent, Detail};
use haven_domain::ids::{AgencyId, AgendaItemId, MaceActionId, MeetingId};
use haven_domain::mace::access::{Right, decide, may_convene};
use haven_domain::mace::action::{self, MaceAction, NewAction, UpdateInput};
use haven_domain::mace::meeting::{self, Convening, Meeting, NewMeeting, Typed};
use haven_domain::policy::Decision;
use haven_domain::uktime::from_uk_naive;
use haven_store::{ActionQuery, MeetingRecord, StoreError};

mod agenda;
mod minutes;

pub use agenda::DRAFT_CHILDREN;
pub use minutes::{Minutes, MinutesItem, SubjectShown};

/// A person as typed: a name and an agency code.
#[derive(Debug, Clone, Copy, Default)]
pub struct PersonForm<'a> {
    pub name: &'a str,
    pub agency: &'a str,
}

/// A meeting as typed.
#[derive(Debug, Clone, Default)]
pub struct MeetingForm<'a> {
    /// The area's code.
    pub area: &'a str,
    /// `YYYY-MM-DD` and `HH:MM` (UK time).
    pub date: &'a str,
    pub time: &'a str,
    pub chair: PersonForm<'a>,
    pub attendees: Vec<PersonForm<'a>>,
    pub apologies: Vec<PersonForm<'a>>,
}

/// An action as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct ActionForm<'a> {
    pub text: &'a str,
    pub owner_name: &'a str,
    /// The owner's agency code.
    pub owner_agency: &'a str,
    /// `YYYY-MM-DD`.
    pub due_on: &'a str,
    pub four_p: &'a str,
    /// The agenda item it arises from (its id), or empty.
    pub item: &'a str,
}

/// Which part of the register a view asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Register {
    /// The caller's agency's actions, live only or all.
    Agency { live_only: bool },
    /// Live actions past their due date, of the caller's agency.
    Overdue,
    /// Live actions of the caller's agency owned by the caller by name.
    Mine,
}

impl Register {
    /// The views as pages and the API name them.
    pub const CODES: [&'static str; 4] = ["mine", "agency", "overdue", "all"];

    /// The view a code names: `mine`, `agency` (live), `overdue` or `all` (done and closed too).
    pub fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "mine" => Self::Mine,
            "agency" => Self::Agency { live_only: true },
            "overdue" => Self::Overdue,
            "all" => Self::Agency { live_only: false },
            _ => return None,
        })
    }
}

/// How many times a lost race for an action's number is retried.
const NUMBER_TRIES: usize = 3;

impl Caller<'_> {
    fn mace_event(&self, action: AuditAction, purpose: &str, meeting: MeetingId) -> AuditEvent {
        self.event(action, purpose).subject(haven_domain::audit::SubjectKind::Meeting, meeting.0)
    }

    /// Meeting `id` whole, its read audited, once the caller's right to it has been decided.
    async fn read_record(&self, id: MeetingId, purpose: &str) -> Result<MeetingRecord, StoreError> {
        self.store().meeting_record(id, &self.mace_event(AuditAction::MaceMeetingView, purpose, id)).await
    }

    /// Refuses (audited) unless `right` is allowed on `meeting`.
    async fn mace_right(
        &self,
        meeting: &Meeting,
        right: Right,
        action: AuditAction,
        purpose: &str,
    ) -> Result<(), Failure> {
        match decide(&self.actor(), &meeting.agencies(), right) {
            Decision::Allow => Ok(()),
            decision => {
                let event = self
                    .mace_event(action, purpose, meeting.id)
                    .detail(Detail::Denied(decision.reason().unwrap_or("refused")));
                if let Err(e) = self.store().append_audit(&event).await {
                    tracing::error!(error = %e, "could not audit a refused request");
                }
                Err(match decision {
                    Decision::Hidden => Failure::NotFound,
                    _ => Failure::Forbidden(decision.reason().unwrap_or("refused")),
                })
            }
        }
    }

    /// Refuses a caller who may not convene meetings at all (before any form is shown).
    pub fn may_convene(&self) -> Result<(), Failure> {
        match may_convene(&self.actor()) {
            Decision::Deny(reason) => Err(Failure::Forbidden(reason)),
            _ => Ok(()),
        }
    }

    /// The agencies a meeting convened by the caller's agency may invite besides its own.
    pub async fn mace_partners(&self) -> Result<Vec<AgencyId>, Failure> {
        Ok(self.partners().await?)
    }

    /// The agencies a meeting of the caller's agency may have at it: those it shares with under
    /// an agreement in force today that grants MACE minutes to agencies of their kind.
    async fn partners(&self) -> Result<Vec<AgencyId>, StoreError> {
        use haven_domain::sharing::RecordClass;
        let own = self.sharing().agency();
        let today = uk_today();
        let kinds: std::collections::HashMap<AgencyId, haven_domain::agency::AgencyKind> =
            self.store().agencies().await?.into_iter().map(|a| (a.id, a.kind)).collect();
        let mut out: Vec<AgencyId> = Vec::new();
        for a in self.store().agreements().await? {
            if !a.in_force_on(today) || !a.members.contains(&own) {
                continue;
            }
            let granted = |m: &AgencyId| {
                kinds.get(m).is_some_and(|k| a.grants.iter().any(|g| g.class == RecordClass::MaceMinutes && g.to == *k))
            };
            out.extend(a.members.iter().filter(|m| **m != own && granted(m)));
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// Convenes a meeting of an area for the caller's agency: every problem named by field
    /// (`area: unknown-area`, `attendees.1.agency: outside-agreement`), nothing written unless
    /// all is well; audited.
    pub async fn convene_meeting<'a>(&self, form: &MeetingForm<'a>, purpose: &str) -> Result<Meeting, Failure> {
        self.may_convene()?;
        let mut e = Invalid::default();
        let area = resolve_area(self.store(), "area", form.area, &mut e).await?;
        let starts_at = match (date(form.date), form.time.trim()) {
            (Err(c), _) => Err(c),
            (Ok(_), "") => Err("required"),
            (Ok(d), t) => NaiveTime::parse_from_str(t, "%H:%M")
                .map_err(|_| "time-format")
                .and_then(|t| from_uk_naive(d.and_time(t))),
        };
        let typed = |p: &PersonForm<'a>| (p.name, if p.agency.trim().is_empty() { None } else { Some(p.agency) });
        let mut people = vec![typed(&form.chair)];
        people.extend(form.attendees.iter().map(typed));
        people.extend(form.apologies.iter().map(typed));
        // Agency codes to ids; an unknown code is left to the domain's `unknown-agency`.
        let mut ids: Vec<Option<AgencyId>> = Vec::new();
        for (_, code) in &people {
            let mut scratch = Invalid::default();
            let id = match code {
                Some(code) => resolve_agency(self.store(), "agency", code, &mut scratch).await?,
                None => None,
            };
            ids.push(id);
        }
        let as_typed = |k: usize| Typed { name: people[k].0, agency: ids[k] };
        let n_att = form.attendees.len();
        let new = NewMeeting {
            starts_at,
            chair: as_typed(0),
            attendees: (1..=n_att).map(as_typed).collect(),
            apologies: (n_att + 1..people.len()).map(as_typed).collect(),
        };
        let partners = self.partners().await?;
        let Some(area) = area else {
            return Err(Failure::Invalid(merge(e, meeting::convene(&new, &convening(&partners, self, None)).err())));
        };
        let c = convening(&partners, self, Some(area.id));
        let m = match meeting::convene(&new, &c) {
            Ok(m) if e.is_empty() => m,
            Ok(_) => return Err(Failure::Invalid(e)),
            Err(domain) => return Err(Failure::Invalid(merge(e, Some(domain)))),
        };
        let audit = self.mace_event(AuditAction::MaceMeetingCreate, purpose, m.id);
        self.store().create_meeting(&m, &audit).await?;
        tracing::info!(meeting_id = %m.id, "MACE meeting convened");
        Ok(m)
    }

    /// A meeting whole (its agenda and the actions on its register), for its agencies only:
    /// any other is not found (the attempt audited); the read audited.
    pub async fn meeting_record(&self, id: MeetingId, purpose: &str) -> Result<MeetingRecord, Failure> {
        let m = self.store().meeting(id).await?.ok_or(Failure::NotFound)?;
        self.mace_right(&m, Right::See, AuditAction::MaceMeetingView, purpose).await?;
        let audit = self.mace_event(AuditAction::MaceMeetingView, purpose, id);
        Ok(self.store().meeting_record(id, &audit).await?)
    }

    /// Agrees an action at meeting `id`: numbered next in the area's register (a lost race
    /// takes the next number), refused by field with nothing written; audited.
    pub async fn agree_action(
        &self,
        id: MeetingId,
        form: &ActionForm<'_>,
        purpose: &str,
    ) -> Result<MaceAction, Failure> {
        let m = self.store().meeting(id).await?.ok_or(Failure::NotFound)?;
        self.mace_right(&m, Right::Run, AuditAction::MaceActionAdd, purpose).await?;
        let mut e = Invalid::default();
        let owner = resolve_agency(self.store(), "owner_agency", form.owner_agency, &mut e).await?;
        let item_id = match form.item.trim() {
            "" => None,
            raw => {
                let items = self.read_record(m.id, purpose).await?.items;
                let found = raw.parse::<AgendaItemId>().ok().filter(|id| items.iter().any(|i| i.id == *id));
                if found.is_none() {
                    e.push("item", "unknown-record");
                }
                found
            }
        };
        let new = NewAction {
            text: form.text,
            owner_name: form.owner_name,
            owner_agency: owner,
            due_on: date(form.due_on),
            four_p: form.four_p,
            item_id,
        };
        for _ in 0..NUMBER_TRIES {
            let number = self.store().next_action_number(m.area_id).await?;
            let a = match action::agree(&m, &new, number) {
                Ok(a) if e.is_empty() => a,
                Ok(_) => return Err(Failure::Invalid(e)),
                Err(domain) => {
                    // An unknown owner code is named once, by its resolver.
                    let mut domain = domain;
                    if !e.is_empty() {
                        domain.0.retain(|p| p.field != "owner_agency");
                    }
                    return Err(Failure::Invalid(merge(e, Some(domain))));
                }
            };
            let audit = self.mace_event(AuditAction::MaceActionAdd, purpose, m.id);
            match self.store().add_action(m.area_id, &a, &audit).await {
                Ok(()) => return Ok(a),
                Err(StoreError::Duplicate { field: "number" }) => continue,
                Err(other) => return Err(other.into()),
            }
        }
        Err(Failure::Conflict)
    }

    /// Updates action `id` (its owning agency, or the meeting's runners): refused by field
    /// (`note: closed-without-reason`, `status: action-closed`); `version`, when sent, must be
    /// the action's; audited.
    pub async fn update_mace_action(
        &self,
        id: MaceActionId,
        version: Option<i64>,
        input: &UpdateInput<'_>,
        purpose: &str,
    ) -> Result<MaceAction, Failure> {
        let a = self.store().mace_action(id).await?.ok_or(Failure::NotFound)?;
        let m = self.store().meeting(a.current_meeting).await?.ok_or(Failure::NotFound)?;
        self.mace_right(&m, Right::Update { owner: a.owner_agency }, AuditAction::MaceActionUpdate, purpose).await?;
        if version.is_some_and(|v| v != a.version) {
            return Err(Failure::Conflict);
        }
        let mut next = action::update(&a, input, Some(self.actor().user_id), now())?;
        let audit = self.mace_event(AuditAction::MaceActionUpdate, purpose, m.id);
        next.version = self.store().update_action(&next, a.version, &audit).await?;
        Ok(next)
    }

    /// One action with its meeting, for its meeting's agencies only (others: not found, the
    /// attempt audited), and whether the caller may update it; the read audited.
    pub async fn mace_action_view(
        &self,
        id: MaceActionId,
        purpose: &str,
    ) -> Result<(MaceAction, Meeting, bool), Failure> {
        let a = self.store().mace_action(id).await?.ok_or(Failure::NotFound)?;
        let m = self.store().meeting(a.current_meeting).await?.ok_or(Failure::NotFound)?;
        self.mace_right(&m, Right::See, AuditAction::MaceActionList, purpose).await?;
        self.store().append_audit(&self.mace_event(AuditAction::MaceActionList, purpose, m.id)).await?;
        let may_update = decide(&self.actor(), &m.agencies(), Right::Update { owner: a.owner_agency })
            == Decision::Allow
            && a.status != action::ActionStatus::Closed;
        Ok((a, m, may_update))
    }

    /// Carries the live actions of meeting `from` onto meeting `to` (one click): both meetings
    /// the caller runs, of one area; returns how many moved.
    pub async fn carry_actions(&self, from: MeetingId, to: MeetingId, purpose: &str) -> Result<usize, Failure> {
        let source = self.store().meeting(from).await?.ok_or(Failure::NotFound)?;
        let target = self.store().meeting(to).await?.ok_or(Failure::NotFound)?;
        self.mace_right(&source, Right::Run, AuditAction::MaceActionCarry, purpose).await?;
        self.mace_right(&target, Right::Run, AuditAction::MaceActionCarry, purpose).await?;
        if source.area_id != target.area_id {
            return Err(Failure::Invalid(Invalid::one("meeting", "another-area")));
        }
        let read = self.mace_event(AuditAction::MaceActionList, purpose, from);
        let register =
            self.store().mace_actions(&ActionQuery { meeting: Some(from), ..ActionQuery::default() }, &read).await?;
        let carried = action::carry_forward(&register, to);
        let audit = self
            .mace_event(AuditAction::MaceActionCarry, purpose, to)
            .detail(Detail::Count { n: carried.len(), of: "actions" });
        Ok(self.store().carry_actions(&carried, &audit).await?)
    }

    /// The caller's agency's part of the register, by number (the listing audited).
    pub async fn mace_register(&self, view: Register, purpose: &str) -> Result<Vec<MaceAction>, Failure> {
        let own = [self.sharing().agency()];
        if decide(&self.actor(), &own, Right::See) != Decision::Allow {
            return Err(Failure::Forbidden("role-not-permitted"));
        }
        let live_only = match view {
            Register::Agency { live_only } => live_only,
            Register::Overdue | Register::Mine => true,
        };
        let q = ActionQuery { owner_agency: Some(own[0]), live_only, ..ActionQuery::default() };
        let audit = self.event(AuditAction::MaceActionList, purpose);
        let mut actions = self.store().mace_actions(&q, &audit).await?;
        if view == Register::Overdue {
            let today = uk_today();
            actions.retain(|a| a.is_overdue(today));
        }
        if view == Register::Mine {
            let me = self.user().display_name.trim().to_lowercase();
            actions.retain(|a| a.owner_name.trim().to_lowercase() == me);
        }
        Ok(actions)
    }
}

fn convening<'a>(
    partners: &'a [AgencyId],
    caller: &Caller<'_>,
    area: Option<haven_domain::ids::AreaId>,
) -> Convening<'a> {
    Convening {
        area_id: area.unwrap_or_default(),
        owner: caller.sharing().agency(),
        partners,
        by: Some(caller.actor().user_id),
        at: now(),
    }
}

/// Problems of the adapter's own checks and of the domain's, together.
fn merge(mut e: Invalid, more: Option<Invalid>) -> Invalid {
    if let Some(more) = more {
        e.0.extend(more.0);
    }
    e
}

#[cfg(test)]
mod tests {
    use super::Register;

    #[test]
    fn every_register_view_offered_is_one_that_is_answered() {
        for code in Register::CODES {
            assert!(Register::parse(code).is_some(), "{code}");
        }
        assert_eq!(Register::parse("agency"), Some(Register::Agency { live_only: true }));
        assert!(Register::parse("everyone's").is_none());
    }
}
