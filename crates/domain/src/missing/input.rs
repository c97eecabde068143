//! What a page or an API call submits about an episode, checked whole into the record. The web
//! edge parses times (UK local time on pages, RFC 3339 in the API) and hands the result here,
//! so that both edges share one set of rules and every problem is named by its field.

use super::episode::{
    Consent, GradingContext, GradingInput, MAX_NARRATIVE, NairaConcerns, RISK_QUESTIONS, ReporterKind, RhiOutcome,
    Subject, check_episode_age, check_not_already_missing, check_report_times, check_return, check_rhi_time,
    parse_grading,
};
use super::grade::RiskGrade;
use super::record::{
    EpisodeNote, GrabPack, MissingEpisode, NoteKind, Recipient, ReturnRecord, RhiAttempt, RhiRecord, RhiStep,
};
use super::rules::MissingRules;
use crate::error::Invalid;
use crate::ids::{AgencyId, AreaId, EpisodeId, EpisodeNoteId, LocationId, PersonId, UserId};
use crate::text::clean;
use crate::uktime::uk_date;
use chrono::{DateTime, Utc};

/// A time as the edge parsed it: the value, or the code of what was wrong with it.
pub type TimeField = Result<DateTime<Utc>, &'static str>;

/// The longest short text (a place, a name, a reference).
pub const MAX_SHORT: usize = 200;

/// Who is acting, when, under which rules.
#[derive(Debug, Clone, Copy)]
pub struct Acting<'a> {
    pub now: DateTime<Utc>,
    pub by: Option<UserId>,
    pub rules: &'a MissingRules,
}

/// A new report.
#[derive(Debug, Clone)]
pub struct ReportInput<'a> {
    pub person_id: PersonId,
    /// Who the child is, as far as whose episodes the area keeps.
    pub subject: Subject,
    /// The reporting agency, whose episode it will be.
    pub owner: AgencyId,
    pub reported_at: TimeField,
    pub last_seen_at: TimeField,
    pub last_seen_where: &'a str,
    pub reporter: &'a str,
    pub from_location: Option<LocationId>,
    pub area_id: Option<AreaId>,
    pub circumstances: &'a str,
    pub police_reference: &'a str,
    /// The officer in charge of the investigation (name and collar number); may be left for later.
    pub officer_in_charge: &'a str,
    pub out_of_area: bool,
    pub grading: GradingInput<'a>,
    /// What weighs against a NAIRA grade for this child.
    pub concerns: NairaConcerns,
}

fn text(errors: &mut Invalid, field: &str, raw: &str, max: usize, required: bool) -> String {
    if !required && raw.trim().is_empty() {
        return String::new();
    }
    errors.check(field, clean(raw, max, true)).unwrap_or_default()
}

/// A high grade needs the risk questionnaire answered ("not known" is an answer): it is what
/// the supervisor reads to confirm the grade. Each question left unanswered is named
/// (`answers.with_whom: required-for-high`); an answer given at an earlier grading of the
/// episode counts. Other grades may leave questions for later.
fn check_questionnaire(input: &GradingInput<'_>, earlier: &[super::episode::Grading], errors: &mut Invalid) {
    if RiskGrade::parse(input.grade) != Ok(RiskGrade::High) {
        return;
    }
    for question in RISK_QUESTIONS {
        let now = input.answers.iter().any(|(q, a)| q == question && !a.trim().is_empty());
        let before = earlier.iter().flat_map(|g| &g.answers).any(|a| a.question == *question);
        if !now && !before {
            errors.push(format!("answers.{question}"), "required-for-high");
        }
    }
}

/// Checks a new report whole. `has_open_episode` comes from the store; the database refuses a
/// second open episode as well, should two reports race.
pub fn parse_report(
    input: &ReportInput<'_>,
    has_open_episode: bool,
    acting: Acting<'_>,
) -> Result<MissingEpisode, Invalid> {
    let mut errors = Invalid::default();
    check_not_already_missing(has_open_episode, &mut errors);
    let reported_at = errors.check("reported_at", input.reported_at);
    let last_seen_at = errors.check("last_seen_at", input.last_seen_at);
    if let (Some(r), Some(l)) = (reported_at, last_seen_at) {
        check_report_times(r, l, acting.now, &mut errors);
    }
    // Whose episode the area keeps is decided by the child's age when the episode began.
    let began = uk_date(last_seen_at.or(reported_at).unwrap_or(acting.now));
    let time_refused = errors.0.iter().any(|e| e.field == "last_seen_at");
    if let Some(dob) = input.subject.date_of_birth
        && !time_refused
        && last_seen_at.is_some_and(|l| uk_date(l) < dob)
    {
        errors.push("last_seen_at", "before-birth");
    } else if let Err(code) = check_episode_age(&input.subject, began, acting.rules.ages) {
        errors.push("person_id", code);
    }
    let last_seen_where = text(&mut errors, "last_seen_where", input.last_seen_where, MAX_SHORT, true);
    let reporter = errors.check("reporter", ReporterKind::parse(input.reporter));
    let circumstances = text(&mut errors, "circumstances", input.circumstances, MAX_NARRATIVE, false);
    let police_reference = text(&mut errors, "police_reference", input.police_reference, MAX_SHORT, false);
    let officer_in_charge = text(&mut errors, "officer_in_charge", input.officer_in_charge, MAX_SHORT, false);
    let context = GradingContext {
        graded_at: reported_at.unwrap_or(acting.now),
        graded_by: acting.by,
        imported: false,
        concerns: input.concerns,
    };
    let grading = parse_grading(&input.grading, acting.rules, context, &mut errors);
    check_questionnaire(&input.grading, &[], &mut errors);
    match (reported_at, last_seen_at, reporter, grading) {
        (Some(reported_at), Some(last_seen_at), Some(reporter), Some(grading)) if errors.is_empty() => {
            Ok(MissingEpisode {
                id: EpisodeId::new(),
                person_id: input.person_id,
                reported_at,
                last_seen_at,
                last_seen_where,
                reporter,
                from_location: input.from_location,
                area_id: input.area_id,
                circumstances,
                police_reference: (!police_reference.is_empty()).then_some(police_reference),
                officer_in_charge,
                out_of_area: input.out_of_area,
                gradings: vec![grading],
                notes: Vec::new(),
                found: None,
                rhi: None,
                recorded_by: acting.by,
                owner: input.owner,
                imported: false,
                version: 1,
            })
        }
        _ => Err(errors),
    }
}

/// Checks a regrade of an open episode. Every regrade needs its own rationale.
pub fn parse_regrade(
    episode: &MissingEpisode,
    input: &GradingInput<'_>,
    concerns: NairaConcerns,
    acting: Acting<'_>,
) -> Result<super::episode::Grading, Invalid> {
    let mut errors = Invalid::default();
    if !episode.is_open() {
        errors.push("episode", "already-returned");
    }
    let context = GradingContext { graded_at: acting.now, graded_by: acting.by, imported: false, concerns };
    let grading = parse_grading(input, acting.rules, context, &mut errors);
    check_questionnaire(input, &episode.gradings, &mut errors);
    // One hold per episode: once it has run out, the report cannot be held again.
    if grading.as_ref().is_some_and(|g| g.grade == RiskGrade::Naira)
        && super::clocks::naira_hold_spent(&episode.gradings, acting.rules, acting.now)
    {
        errors.push("risk_grade", "naira-hold-spent");
    }
    match grading {
        Some(g) if errors.is_empty() => Ok(g),
        _ => Err(errors),
    }
}

/// A note on an open episode.
#[derive(Debug, Clone)]
pub struct NoteInput<'a> {
    pub kind: &'a str,
    pub at: TimeField,
    pub text: &'a str,
    pub person_id: Option<PersonId>,
    pub location_id: Option<LocationId>,
    /// Required for a notification: who was told.
    pub recipient: &'a str,
    /// On a supervisor's or inspector's review: when the next review of that kind is due, if
    /// they set it rather than leave the area's interval; `None` when not given.
    pub next_review_at: Option<TimeField>,
}

/// The furthest ahead a reviewer may set the next review: past it the episode would drop out of
/// sight of the review clocks.
pub const MAX_NEXT_REVIEW_DAYS: i64 = 7;

pub fn parse_note(episode: &MissingEpisode, input: &NoteInput<'_>, acting: Acting<'_>) -> Result<EpisodeNote, Invalid> {
    let mut errors = Invalid::default();
    let kind = errors.check("kind", NoteKind::parse(input.kind));
    let at = errors.check("at", input.at);
    if let Some(at) = at {
        if at > acting.now + chrono::Duration::minutes(super::episode::CLOCK_SKEW_MINUTES) {
            errors.push("at", "in-future");
        } else if at < episode.last_seen_at {
            errors.push("at", "before-last-seen");
        }
    }
    let text = text(&mut errors, "text", input.text, MAX_NARRATIVE, true);
    let recipient = match (kind, input.recipient.trim()) {
        (Some(NoteKind::Notification), raw) => errors.check("recipient", Recipient::parse(raw)),
        (_, "") => None,
        (_, raw) => errors.check("recipient", Recipient::parse(raw)),
    };
    let next_review_at = match input.next_review_at {
        None => None,
        Some(_) if kind.is_some_and(|k| k.review_kind().is_none()) => {
            errors.push("next_review_at", "only-on-review");
            None
        }
        Some(next) => errors.check("next_review_at", next),
    };
    if let (Some(next), Some(at)) = (next_review_at, at) {
        if next <= at.max(acting.now) {
            errors.push("next_review_at", "not-after-review");
        } else if next > at.max(acting.now) + chrono::Duration::days(MAX_NEXT_REVIEW_DAYS) {
            errors.push("next_review_at", "over-a-week");
        }
    }
    match (kind, at) {
        (Some(kind), Some(at)) if errors.is_empty() => Ok(EpisodeNote {
            id: EpisodeNoteId::new(),
            kind,
            at,
            text,
            person_id: input.person_id,
            location_id: input.location_id,
            recipient,
            next_review_at,
            recorded_by: acting.by,
            recorded_at: acting.now,
        }),
        _ => Err(errors),
    }
}

/// Found and returned.
#[derive(Debug, Clone)]
pub struct ReturnInput<'a> {
    pub returned_at: TimeField,
    pub found_where: &'a str,
    pub found_by: &'a str,
    pub with_whom: &'a str,
    pub harm_seen: &'a str,
    pub disclosed: bool,
    pub found_in_other_force_area: bool,
    /// `None` when no prevention interview has been held yet.
    pub prevention_interview_at: Option<TimeField>,
    pub prevention_interview_notes: &'a str,
}

pub fn parse_return(
    episode: &MissingEpisode,
    input: &ReturnInput<'_>,
    acting: Acting<'_>,
) -> Result<ReturnRecord, Invalid> {
    let mut errors = Invalid::default();
    let returned_at = errors.check("returned_at", input.returned_at);
    if let Some(at) = returned_at {
        check_return(at, episode.reported_at, episode.last_seen_at, !episode.is_open(), acting.now, &mut errors);
    } else if !episode.is_open() {
        errors.push("returned_at", "already-returned");
    }
    let found_where = text(&mut errors, "found_where", input.found_where, MAX_SHORT, true);
    let found_by = text(&mut errors, "found_by", input.found_by, MAX_SHORT, false);
    let with_whom = text(&mut errors, "with_whom", input.with_whom, MAX_NARRATIVE, false);
    let harm_seen = text(&mut errors, "harm_seen", input.harm_seen, MAX_NARRATIVE, false);
    let prevention_interview_at = match input.prevention_interview_at {
        None => None,
        Some(parsed) => {
            let at = errors.check("prevention_interview_at", parsed);
            if let (Some(at), Some(returned)) = (at, returned_at) {
                if at < returned {
                    errors.push("prevention_interview_at", "before-return");
                } else if at > acting.now + chrono::Duration::minutes(super::episode::CLOCK_SKEW_MINUTES) {
                    errors.push("prevention_interview_at", "in-future");
                }
            }
            at
        }
    };
    let notes = text(&mut errors, "prevention_interview_notes", input.prevention_interview_notes, MAX_NARRATIVE, false);
    match returned_at {
        Some(returned_at) if errors.is_empty() => Ok(ReturnRecord {
            returned_at,
            found_where,
            found_by,
            with_whom,
            harm_seen,
            disclosed: input.disclosed,
            found_in_other_force_area: input.found_in_other_force_area,
            prevention_interview_at,
            prevention_interview_notes: notes,
            recorded_by: acting.by,
            recorded_at: acting.now,
        }),
        _ => Err(errors),
    }
}

/// The return home interview.
#[derive(Debug, Clone)]
pub struct RhiInput<'a> {
    pub outcome: &'a str,
    /// Who offered the interview: required, whatever became of the offer.
    pub offered_by: &'a str,
    /// Whether the interviewer was independent of the child's care and of the police; required
    /// when it was held.
    pub interviewer_independent: Option<bool>,
    /// The child's consent to share (a [`Consent`] code); required when it was held.
    pub consent_to_share: &'a str,
    pub reason: &'a str,
    pub held_at: TimeField,
    pub held_by: Option<AgencyId>,
    pub in_person: bool,
    pub non_uniformed_officer_present: bool,
    pub where_and_with_whom: &'a str,
    pub push_factors: &'a str,
    pub pull_factors: &'a str,
    pub disclosures: &'a str,
    pub harm: &'a str,
    pub exploitation_indicators: &'a str,
    pub child_wants: &'a str,
    pub information_shared_at: Option<TimeField>,
    pub follow_up_actions: &'a str,
}

pub fn parse_rhi(episode: &MissingEpisode, input: &RhiInput<'_>, acting: Acting<'_>) -> Result<RhiRecord, Invalid> {
    let mut errors = Invalid::default();
    if episode.rhi.is_some() {
        errors.push("episode", "rhi-already-recorded");
    }
    let outcome = errors.check("outcome", RhiOutcome::parse(input.outcome));
    let held_at = errors.check("held_at", input.held_at);
    if let Some(at) = held_at {
        check_rhi_time("held_at", at, episode.returned_at(), acting.now, &mut errors);
    } else if episode.returned_at().is_none() {
        errors.push("episode", "not-returned");
    }
    // A declined or impossible interview needs its reason: it is what a scrutiny board asks.
    let reason_required = matches!(outcome, Some(RhiOutcome::Declined | RhiOutcome::NotPossible));
    let reason = text(&mut errors, "reason", input.reason, MAX_NARRATIVE, reason_required);
    let mut long = |field: &str, raw: &str| text(&mut errors, field, raw, MAX_NARRATIVE, false);
    let where_and_with_whom = long("where_and_with_whom", input.where_and_with_whom);
    let push_factors = long("push_factors", input.push_factors);
    let pull_factors = long("pull_factors", input.pull_factors);
    let disclosures = long("disclosures", input.disclosures);
    let harm = long("harm", input.harm);
    let exploitation_indicators = long("exploitation_indicators", input.exploitation_indicators);
    let child_wants = long("child_wants", input.child_wants);
    let follow_up_actions = long("follow_up_actions", input.follow_up_actions);
    let information_shared_at = match input.information_shared_at {
        None => None,
        Some(parsed) => errors.check("information_shared_at", parsed),
    };
    let offered_by = text(&mut errors, "offered_by", input.offered_by, MAX_SHORT, true);
    // Held: who held it and what the child agreed to are part of the record a board reads.
    let held = outcome == Some(RhiOutcome::Held);
    if held && input.interviewer_independent.is_none() {
        errors.push("interviewer_independent", "required-when-held");
    }
    let consent_to_share = match input.consent_to_share.trim() {
        "" if held => {
            errors.push("consent_to_share", "required-when-held");
            None
        }
        "" => None,
        raw => errors.check("consent_to_share", Consent::parse(raw)),
    };
    match (outcome, held_at) {
        (Some(outcome), Some(held_at)) if errors.is_empty() => Ok(RhiRecord {
            outcome,
            offered_by,
            interviewer_independent: if held { input.interviewer_independent } else { None },
            consent_to_share,
            reason,
            held_at,
            held_by: input.held_by,
            in_person: outcome == RhiOutcome::Held && input.in_person,
            non_uniformed_officer_present: input.non_uniformed_officer_present,
            where_and_with_whom,
            push_factors,
            pull_factors,
            disclosures,
            harm,
            exploitation_indicators,
            child_wants,
            information_shared_at,
            follow_up_actions,
            recorded_by: acting.by,
            recorded_at: acting.now,
        }),
        _ => Err(errors),
    }
}

/// A step towards the interview, as typed.
#[derive(Debug, Clone)]
pub struct AttemptInput<'a> {
    pub step: &'a str,
    pub at: TimeField,
    pub worker: &'a str,
    pub note: &'a str,
}

/// Checks a step towards the interview: only after the return and before the interview is
/// recorded (it is owed until then), not in the future; the worker named.
pub fn parse_rhi_attempt(
    episode: &MissingEpisode,
    input: &AttemptInput<'_>,
    acting: Acting<'_>,
) -> Result<RhiAttempt, Invalid> {
    let mut errors = Invalid::default();
    if episode.rhi.is_some() {
        errors.push("episode", "rhi-already-recorded");
    }
    let step = errors.check("step", RhiStep::parse(input.step));
    let at = errors.check("at", input.at);
    if let Some(at) = at {
        check_rhi_time("at", at, episode.returned_at(), acting.now, &mut errors);
    } else if episode.returned_at().is_none() {
        errors.push("episode", "not-returned");
    }
    let worker = text(&mut errors, "worker", input.worker, MAX_SHORT, true);
    let note = text(&mut errors, "note", input.note, MAX_NARRATIVE, false);
    match (step, at) {
        (Some(step), Some(at)) if errors.is_empty() => {
            Ok(RhiAttempt { step, at, worker, note, recorded_by: acting.by, recorded_at: acting.now })
        }
        _ => Err(errors),
    }
}

/// The fields of a grab pack, by name, in the order the form shows them.
pub const GRAB_PACK_FIELDS: &[&str] = &[
    "description",
    "distinguishing_features",
    "places_frequented",
    "associates",
    "phone_and_social_media",
    "health_and_medication",
    "risks",
];

/// Checks a grab pack as typed (`value` gives each of [`GRAB_PACK_FIELDS`]). A pack needs at
/// least a description: it is what an officer reads first at 3 a.m.
pub fn parse_grab_pack(
    person: PersonId,
    value: &dyn Fn(&str) -> String,
    version: i64,
    acting: Acting<'_>,
) -> Result<GrabPack, Invalid> {
    let mut errors = Invalid::default();
    let mut take = |field: &str| text(&mut errors, field, &value(field), MAX_NARRATIVE, field == "description");
    let pack = GrabPack {
        person_id: Some(person),
        description: take("description"),
        distinguishing_features: take("distinguishing_features"),
        places_frequented: take("places_frequented"),
        associates: take("associates"),
        phone_and_social_media: take("phone_and_social_media"),
        health_and_medication: take("health_and_medication"),
        risks: take("risks"),
        updated_by: acting.by,
        updated_at: Some(acting.now),
        version,
    };
    if errors.is_empty() { Ok(pack) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn t(h: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-10-10T20:00:00Z").unwrap().with_timezone(&Utc) + Duration::hours(h)
    }

    fn report<'a>(grade: &'a str, rationale: &'a str) -> ReportInput<'a> {
        ReportInput {
            person_id: PersonId::new(),
            subject: Subject {
                kind: crate::person::PersonKind::Child,
                date_of_birth: chrono::NaiveDate::from_ymd_opt(2012, 3, 4),
                care_status: crate::person::CareStatus::LookedAfter,
            },
            owner: AgencyId::default(),
            reported_at: Ok(t(0)),
            last_seen_at: Ok(t(-2)),
            last_seen_where: "Outside the children's home",
            reporter: "childrens_home_staff",
            from_location: None,
            area_id: None,
            circumstances: "Did not return after school",
            police_reference: "MOR-2610-0042",
            out_of_area: false,
            officer_in_charge: "PC 1234 Rhys Morgan",
            grading: GradingInput { grade, rationale, answers: &[], naira_reason: "" },
            concerns: NairaConcerns::default(),
        }
    }

    fn fields(e: &Invalid) -> Vec<(&str, &str)> {
        e.0.iter().map(|f| (f.field.as_str(), f.code)).collect()
    }

    /// Every question of the questionnaire answered, some "not known".
    fn all_answered() -> Vec<(String, String)> {
        RISK_QUESTIONS
            .iter()
            .enumerate()
            .map(|(i, q)| ((*q).to_owned(), if i % 3 == 0 { "not_known" } else { "yes" }.to_owned()))
            .collect()
    }

    #[test]
    fn a_good_report_becomes_an_open_episode_with_its_first_grading() {
        let rules = MissingRules::default();
        let acting = Acting { now: t(1), by: None, rules: &rules };
        let answers = all_answered();
        let mut input = report("high", "Known to an older male");
        input.grading.answers = &answers;
        let e = parse_report(&input, false, acting).unwrap();
        assert!(e.is_open());
        assert_eq!((e.gradings.len(), e.version, e.police_reference.as_deref()), (1, 1, Some("MOR-2610-0042")));
        assert_eq!(e.gradings[0].graded_at, t(0));
    }

    #[test]
    fn every_problem_of_a_report_is_named_at_once() {
        let rules = MissingRules::default();
        let acting = Acting { now: t(1), by: None, rules: &rules };
        let answers = all_answered();
        let mut input = report("high", "  ");
        input.grading.answers = &answers;
        input.last_seen_at = Ok(t(5));
        input.reporter = "neighbour";
        input.reported_at = Err("not-a-time");
        let err = parse_report(&input, true, acting).unwrap_err();
        assert_eq!(
            fields(&err),
            vec![
                ("person_id", "already-missing"),
                ("reported_at", "not-a-time"),
                ("reporter", "unknown-code"),
                ("risk_rationale", "required"),
            ]
        );
        let mut input = report("very_low", "x");
        input.last_seen_at = Ok(t(0) + Duration::minutes(30));
        let err = parse_report(&input, false, acting).unwrap_err();
        assert_eq!(fields(&err), vec![("last_seen_at", "after-reported"), ("risk_grade", "very-low-not-used")]);
    }

    #[test]
    fn a_high_grade_names_every_question_left_unanswered() {
        let rules = MissingRules::default();
        let acting = Acting { now: t(1), by: None, rules: &rules };
        let mut answers = all_answered();
        answers.retain(|(q, _)| q != "with_whom" && q != "self_harm_or_suicide");
        answers.retain(|(q, _)| q != "medical_needs");
        let mut input = report("high", "Out of character, with an older male");
        input.grading.answers = &answers;
        let err = parse_report(&input, false, acting).unwrap_err();
        assert_eq!(
            fields(&err),
            vec![
                ("answers.with_whom", "required-for-high"),
                ("answers.medical_needs", "required-for-high"),
                ("answers.self_harm_or_suicide", "required-for-high"),
            ]
        );
        // A lower grade may leave the questionnaire for later.
        assert!(parse_report(&report("medium", "Usual pattern"), false, acting).is_ok());
        // On a regrade, the answers given at the report count.
        let mut e = open_episode();
        let grading =
            GradingInput { grade: "high", rationale: "Seen with an older male", answers: &[], naira_reason: "" };
        assert_eq!(
            fields(&parse_regrade(&e, &grading, NairaConcerns::default(), acting).unwrap_err()).len(),
            RISK_QUESTIONS.len()
        );
        e.gradings[0].answers = super::super::episode::RiskAnswer::all_not_known();
        assert!(parse_regrade(&e, &grading, NairaConcerns::default(), acting).is_ok());
    }

    #[test]
    fn naira_cannot_be_chosen_again_once_the_episodes_hold_has_run_out() {
        let rules = MissingRules::default().with_naira_pilot();
        let report_acting = Acting { now: t(1), by: None, rules: &rules };
        let mut e = parse_report(&report("naira", "Often stays at a friend's"), false, report_acting).unwrap();
        let naira = GradingInput {
            grade: "naira",
            rationale: "Still believed at the friend's",
            answers: &[],
            naira_reason: "",
        };
        // Within the hold (reported at hour 0, 6 hours' hold): allowed, and the hold is not restarted.
        let within = Acting { now: t(4), ..report_acting };
        e.gradings.push(parse_regrade(&e, &naira, NairaConcerns::default(), within).unwrap());
        assert_eq!(super::super::clocks::naira_expires_at(&e.gradings, &rules), Some(t(6)));
        let after = Acting { now: t(7), ..report_acting };
        assert_eq!(
            fields(&parse_regrade(&e, &naira, NairaConcerns::default(), after).unwrap_err()),
            vec![("risk_grade", "naira-hold-spent")]
        );
    }

    #[test]
    fn a_last_seen_time_decades_before_the_report_is_refused_by_its_field() {
        let rules = MissingRules::default();
        let acting = Acting { now: t(1), by: None, rules: &rules };
        let mut input = report("medium", "Usual pattern");
        input.last_seen_at = Ok(t(0) - Duration::days(365 * 30));
        assert_eq!(
            fields(&parse_report(&input, false, acting).unwrap_err()),
            vec![("last_seen_at", "too-long-before-report")]
        );
        // Before the child was born: the date of birth or the time is wrong.
        input.subject.date_of_birth = chrono::NaiveDate::from_ymd_opt(2026, 6, 1);
        input.last_seen_at = Ok(t(0) - Duration::days(200));
        assert_eq!(fields(&parse_report(&input, false, acting).unwrap_err()), vec![("last_seen_at", "before-birth")]);
    }

    #[test]
    fn an_adult_is_refused_unless_a_care_leaver_where_the_area_keeps_them() {
        let england = MissingRules::default();
        let wales = super::super::rules::Preset::Wales.rules();
        let mut input = report("medium", "Did not come back to the flat");
        input.subject.kind = crate::person::PersonKind::Adult;
        input.subject.date_of_birth = chrono::NaiveDate::from_ymd_opt(2004, 1, 1);
        input.subject.care_status = crate::person::CareStatus::CareLeaver;
        let acting = |rules| Acting { now: t(1), by: None, rules };
        let err = parse_report(&input, false, acting(&england)).unwrap_err();
        assert_eq!(fields(&err), vec![("person_id", "not-a-child")]);
        assert!(parse_report(&input, false, acting(&wales)).is_ok(), "a care leaver of 22 in Wales");
        input.subject.care_status = crate::person::CareStatus::NoInvolvement;
        let err = parse_report(&input, false, acting(&wales)).unwrap_err();
        assert_eq!(fields(&err), vec![("person_id", "not-a-child-or-young-care-leaver")]);
    }

    fn open_episode() -> MissingEpisode {
        let rules = MissingRules::default();
        parse_report(&report("medium", "Usual pattern"), false, Acting { now: t(1), by: None, rules: &rules }).unwrap()
    }

    fn returned(at: TimeField) -> ReturnInput<'static> {
        ReturnInput {
            returned_at: at,
            found_where: "Bus station",
            found_by: "police",
            with_whom: "",
            harm_seen: "",
            disclosed: false,
            found_in_other_force_area: false,
            prevention_interview_at: None,
            prevention_interview_notes: "",
        }
    }

    #[test]
    fn a_return_must_follow_the_report_and_happen_once() {
        let rules = MissingRules::default();
        let acting = Acting { now: t(30), by: None, rules: &rules };
        let mut e = open_episode();
        let err = parse_return(&e, &returned(Ok(t(-1))), acting).unwrap_err();
        assert_eq!(fields(&err), vec![("returned_at", "before-reported")]);
        let err = parse_return(&e, &returned(Ok(t(40))), acting).unwrap_err();
        assert_eq!(fields(&err), vec![("returned_at", "in-future")]);
        e.found = Some(parse_return(&e, &returned(Ok(t(20))), acting).unwrap());
        let err = parse_return(&e, &returned(Ok(t(21))), acting).unwrap_err();
        assert_eq!(fields(&err), vec![("returned_at", "already-returned")]);
        let grading = GradingInput { grade: "low", rationale: "Back home", answers: &[], naira_reason: "" };
        assert_eq!(
            fields(&parse_regrade(&e, &grading, NairaConcerns::default(), acting).unwrap_err()),
            vec![("episode", "already-returned")]
        );
    }

    fn rhi(outcome: &'static str, reason: &'static str, held_at: TimeField) -> RhiInput<'static> {
        RhiInput {
            outcome,
            offered_by: "Sam Price, Pathways return interview worker",
            interviewer_independent: Some(true),
            consent_to_share: "given",
            reason,
            held_at,
            held_by: None,
            in_person: true,
            non_uniformed_officer_present: false,
            where_and_with_whom: "",
            push_factors: "",
            pull_factors: "",
            disclosures: "",
            harm: "",
            exploitation_indicators: "",
            child_wants: "To stay at school",
            information_shared_at: None,
            follow_up_actions: "",
        }
    }

    #[test]
    fn an_rhi_comes_after_the_return_and_a_refusal_needs_its_reason() {
        let rules = MissingRules::default();
        let acting = Acting { now: t(60), by: None, rules: &rules };
        let mut e = open_episode();
        let err = parse_rhi(&e, &rhi("held", "", Ok(t(10))), acting).unwrap_err();
        assert_eq!(fields(&err), vec![("episode", "not-returned")]);
        e.found = Some(parse_return(&e, &returned(Ok(t(20))), acting).unwrap());
        let err = parse_rhi(&e, &rhi("held", "", Ok(t(19))), acting).unwrap_err();
        assert_eq!(fields(&err), vec![("held_at", "before-return")]);
        let err = parse_rhi(&e, &rhi("declined", " ", Ok(t(30))), acting).unwrap_err();
        assert_eq!(fields(&err), vec![("reason", "required")]);
        let declined = parse_rhi(&e, &rhi("declined", "Did not want to talk", Ok(t(30))), acting).unwrap();
        assert!(!declined.in_person, "a declined interview was not held in person");
        e.rhi = Some(parse_rhi(&e, &rhi("held", "", Ok(t(30))), acting).unwrap());
        let err = parse_rhi(&e, &rhi("held", "", Ok(t(31))), acting).unwrap_err();
        assert_eq!(fields(&err), vec![("episode", "rhi-already-recorded")]);
    }

    #[test]
    fn an_rhi_records_who_offered_it_and_when_held_the_interviewers_independence_and_consent() {
        let rules = MissingRules::default();
        let acting = Acting { now: t(60), by: None, rules: &rules };
        let mut e = open_episode();
        e.found = Some(parse_return(&e, &returned(Ok(t(20))), acting).unwrap());
        let held = parse_rhi(&e, &rhi("held", "", Ok(t(30))), acting).unwrap();
        assert_eq!(held.offered_by, "Sam Price, Pathways return interview worker");
        assert_eq!((held.interviewer_independent, held.consent_to_share), (Some(true), Some(Consent::Given)));
        let bare = RhiInput {
            offered_by: " ",
            interviewer_independent: None,
            consent_to_share: "",
            ..rhi("held", "", Ok(t(30)))
        };
        assert_eq!(
            fields(&parse_rhi(&e, &bare, acting).unwrap_err()),
            vec![
                ("offered_by", "required"),
                ("interviewer_independent", "required-when-held"),
                ("consent_to_share", "required-when-held")
            ]
        );
        let odd = RhiInput { consent_to_share: "maybe", ..rhi("held", "", Ok(t(30))) };
        assert_eq!(fields(&parse_rhi(&e, &odd, acting).unwrap_err()), vec![("consent_to_share", "unknown-code")]);
        // Declined: who offered it is still asked; the interview's own facts are not.
        let declined = RhiInput {
            interviewer_independent: None,
            consent_to_share: "",
            ..rhi("declined", "Did not want to", Ok(t(30)))
        };
        let declined = parse_rhi(&e, &declined, acting).unwrap();
        assert_eq!((declined.interviewer_independent, declined.consent_to_share), (None, None));
    }

    #[test]
    fn steps_towards_the_interview_come_after_the_return_and_stop_once_it_is_recorded() {
        let rules = MissingRules::default();
        let acting = Acting { now: t(60), by: None, rules: &rules };
        let mut e = open_episode();
        let step = |step, at| AttemptInput { step, at, worker: "Sam Price", note: "No answer" };
        assert_eq!(
            fields(&parse_rhi_attempt(&e, &step("phone", Ok(t(30))), acting).unwrap_err()),
            vec![("episode", "not-returned")]
        );
        e.found = Some(parse_return(&e, &returned(Ok(t(20))), acting).unwrap());
        let tried = parse_rhi_attempt(&e, &step("phone", Ok(t(30))), acting).unwrap();
        assert_eq!((tried.step, tried.at, tried.worker.as_str()), (RhiStep::Phone, t(30), "Sam Price"));
        assert_eq!(
            fields(&parse_rhi_attempt(&e, &step("phone", Ok(t(19))), acting).unwrap_err()),
            vec![("at", "before-return")]
        );
        assert_eq!(
            fields(&parse_rhi_attempt(&e, &step("pigeon", Ok(t(30))), acting).unwrap_err()),
            vec![("step", "unknown-code")]
        );
        let nobody = AttemptInput { worker: " ", ..step("allocated", Ok(t(21))) };
        assert_eq!(fields(&parse_rhi_attempt(&e, &nobody, acting).unwrap_err()), vec![("worker", "required")]);
        e.rhi = Some(parse_rhi(&e, &rhi("held", "", Ok(t(40))), acting).unwrap());
        assert_eq!(
            fields(&parse_rhi_attempt(&e, &step("visit", Ok(t(50))), acting).unwrap_err()),
            vec![("episode", "rhi-already-recorded")]
        );
    }

    #[test]
    fn a_grab_pack_needs_a_description_and_keeps_to_the_length_limit() {
        let rules = MissingRules::default();
        let acting = Acting { now: t(0), by: None, rules: &rules };
        let person = PersonId::new();
        let empty = parse_grab_pack(person, &|_| String::new(), 0, acting).unwrap_err();
        assert_eq!(fields(&empty), vec![("description", "required")]);
        let long = "x".repeat(MAX_NARRATIVE + 1);
        let value = |f: &str| if f == "risks" { long.clone() } else { format!("{f} text") };
        assert_eq!(fields(&parse_grab_pack(person, &value, 0, acting).unwrap_err()), vec![("risks", "too-long")]);
        let ok = parse_grab_pack(person, &|f| format!("{f} text"), 3, acting).unwrap();
        assert_eq!((ok.description.as_str(), ok.version, ok.updated_at), ("description text", 3, Some(t(0))));
    }

    #[test]
    fn a_notification_names_who_was_told_and_notes_keep_to_the_episode() {
        let rules = MissingRules::default();
        let acting = Acting { now: t(5), by: None, rules: &rules };
        let e = open_episode();
        let input = NoteInput {
            kind: "notification",
            at: Ok(t(1)),
            text: "Emailed",
            person_id: None,
            location_id: None,
            recipient: "",
            next_review_at: None,
        };
        assert_eq!(fields(&parse_note(&e, &input, acting).unwrap_err()), vec![("recipient", "required")]);
        let input = NoteInput { recipient: "placing_authority", ..input };
        assert_eq!(parse_note(&e, &input, acting).unwrap().recipient, Some(Recipient::PlacingAuthority));
        let early = NoteInput { kind: "sighting", at: Ok(t(-10)), recipient: "", ..input };
        assert_eq!(fields(&parse_note(&e, &early, acting).unwrap_err()), vec![("at", "before-last-seen")]);
    }

    #[test]
    fn a_reviewer_sets_the_next_review_within_a_week_and_only_on_a_review() {
        let rules = MissingRules::default();
        let acting = Acting { now: t(5), by: None, rules: &rules };
        let e = open_episode();
        let review = |kind, next: DateTime<Utc>| NoteInput {
            kind,
            at: Ok(t(4)),
            text: "Reviewed: enquiries at the friend's address first",
            person_id: None,
            location_id: None,
            recipient: "",
            next_review_at: Some(Ok(next)),
        };
        let set = parse_note(&e, &review("supervisor_review", t(8)), acting).unwrap();
        assert_eq!(set.next_review_at, Some(t(8)));
        let problem = |kind, next| parse_note(&e, &review(kind, next), acting).unwrap_err();
        assert_eq!(fields(&problem("sighting", t(8))), vec![("next_review_at", "only-on-review")]);
        assert_eq!(fields(&problem("inspector_review", t(5))), vec![("next_review_at", "not-after-review")]);
        assert_eq!(fields(&problem("supervisor_review", t(5 + 24 * 8))), vec![("next_review_at", "over-a-week")]);
        let unreadable = NoteInput { next_review_at: Some(Err("invalid-time")), ..review("supervisor_review", t(8)) };
        assert_eq!(fields(&parse_note(&e, &unreadable, acting).unwrap_err()), vec![("next_review_at", "invalid-time")]);
    }
}
