//! The morning brief: what the 08:00 meeting of police, children's services and the return
//! home interview provider goes through each day. Episodes opened since yesterday's brief,
//! children missing now at high risk, return home interviews due today and overdue, reviews
//! overdue, and children who became repeat missing this week.
//!
//! The brief for a date is a snapshot "as at" that morning's brief (or now, if the brief is
//! read before then): an episode is shown as it stood at that instant, so the brief for a past
//! date says what the meeting would have read, and two days' briefs never count the same
//! report twice. Rules (intervals, the repeat-missing rule) come from each area's [`crate::missing::rules::MissingRules`], through a [`RulesBook`].

use super::clocks::{ReviewDue, rhi_clock};
use super::flags::{ChildFacts, flags};
use super::grade::RiskGrade;
use super::record::{EpisodeView, MissingEpisode};
use super::rules::RulesBook;
use crate::ids::{AreaId, EpisodeId, PersonId};
use crate::uktime::{from_uk_naive, uk_date};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// The hour (UK local time) at which the daily brief is taken: the morning meeting at 08:00.
/// "Since yesterday's brief" means since this hour on the previous day; a local rule, not a
/// national one, so a force that meets at another hour changes it here.
pub const BRIEF_HOUR: u32 = 8;

/// "This week" for the repeat-missing section: the seven days up to the brief.
pub const REPEAT_WEEK_DAYS: i64 = 7;

/// How far back the store must be asked for episodes so that the repeat-missing section sees a
/// whole window of the repeat rules (90 days by default; the longest of any area's) before each
/// episode of the week.
pub fn history_days(rules: &RulesBook) -> i64 {
    rules.all().flat_map(|r| r.repeat.iter().map(|r| r.window_days)).max().unwrap_or(0) + REPEAT_WEEK_DAYS
}

/// An episode and the name of the child it is about, as the store lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct EpisodeOf {
    pub episode: MissingEpisode,
    pub person_name: String,
}

/// The instant of the brief of `date`: `BRIEF_HOUR` on that day, UK local time.
pub fn brief_instant(date: NaiveDate) -> DateTime<Utc> {
    let local = date.and_time(NaiveTime::from_hms_opt(BRIEF_HOUR, 0, 0).unwrap_or(NaiveTime::MIN));
    // The UK clocks change at 01:00 and 02:00, never at the hour of the brief; UTC is a fallback
    // that cannot be reached.
    from_uk_naive(local).unwrap_or_else(|_| local.and_utc())
}

/// From when the store must list episodes for the brief of `date` (open ones are listed too).
pub fn window_start(date: NaiveDate, rules: &RulesBook) -> DateTime<Utc> {
    brief_instant(date) - Duration::days(history_days(rules))
}

/// An episode in a section of the brief, cut to what the reader's agency may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BriefEpisode {
    pub episode_id: EpisodeId,
    pub person_id: PersonId,
    pub person_name: String,
    pub reported_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// Empty where the reader may not see it.
    pub last_seen_where: String,
    /// `None` where the reader may not see the grade (the RHI provider, a school).
    pub grade: Option<RiskGrade>,
    pub area_id: Option<AreaId>,
    pub out_of_area: bool,
    /// When the child returned, if they had by the time of the brief.
    pub returned_at: Option<DateTime<Utc>>,
    /// Minutes from last seen to return (or to the brief, while still missing).
    pub minutes_missing: i64,
}

/// A return home interview still owed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BriefRhi {
    pub episode_id: EpisodeId,
    pub person_id: PersonId,
    pub person_name: String,
    pub returned_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
}

/// An open episode with reviews overdue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BriefReview {
    pub episode_id: EpisodeId,
    pub person_id: PersonId,
    pub person_name: String,
    pub grade: Option<RiskGrade>,
    pub overdue: Vec<ReviewDue>,
}

/// A child whom the repeat-missing rule flagged this week, with the episodes that made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BriefRepeat {
    pub person_id: PersonId,
    pub person_name: String,
    /// The action the rule prompts (`strategy_discussion`).
    pub action: Option<String>,
    /// Episodes reported within the rule's window before the brief.
    pub episodes: Vec<EpisodeId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MorningBrief {
    /// The UK date of the brief.
    pub date: NaiveDate,
    /// Yesterday's brief: the start of "opened since".
    pub since: DateTime<Utc>,
    /// The instant the brief describes: this morning's brief, or now if that is still to come.
    pub as_at: DateTime<Utc>,
    pub rules_version: String,
    /// Episodes reported since yesterday's brief, oldest first.
    pub opened: Vec<BriefEpisode>,
    /// Children missing at the time of the brief at high risk, longest missing first.
    pub open_high_risk: Vec<BriefEpisode>,
    /// Interviews whose 72 hours end on the day of the brief (and have not yet ended).
    pub rhis_due_today: Vec<BriefRhi>,
    /// Interviews whose time has run out, longest overdue first.
    pub rhis_overdue: Vec<BriefRhi>,
    pub reviews_overdue: Vec<BriefReview>,
    pub repeat_missing: Vec<BriefRepeat>,
}

/// An episode as it stood at `at`: what happened later is left out. `None` if it had not yet
/// been reported.
fn as_it_stood(e: &MissingEpisode, at: DateTime<Utc>) -> Option<MissingEpisode> {
    if e.reported_at > at {
        return None;
    }
    let mut e = e.clone();
    let first = e.gradings.first().cloned();
    e.gradings.retain(|g| g.graded_at <= at);
    if e.gradings.is_empty() {
        e.gradings.extend(first);
    }
    e.notes.retain(|n| n.at <= at);
    if e.found.as_ref().is_some_and(|f| f.returned_at > at) {
        e.found = None;
        e.rhi = None;
    }
    if e.rhi.as_ref().is_some_and(|r| r.held_at > at) {
        e.rhi = None;
    }
    Some(e)
}

fn cut(view: EpisodeView, e: &MissingEpisode, name: &str, at: DateTime<Utc>) -> BriefEpisode {
    let e = view.redact(e.clone());
    BriefEpisode {
        episode_id: e.id,
        person_id: e.person_id,
        person_name: name.to_owned(),
        reported_at: e.reported_at,
        last_seen_at: e.last_seen_at,
        last_seen_where: e.last_seen_where.clone(),
        grade: e.grade(),
        area_id: e.area_id,
        out_of_area: e.out_of_area,
        returned_at: e.returned_at(),
        minutes_missing: e.time_missing(at).num_minutes(),
    }
}

/// Composes the brief of `date` from `rows` (every episode the store listed for the window
/// [`window_start`], of children the reader may see, whole), for a reader whose agency sees
/// episodes as `view`. A reader who may not see grades sees no high-risk or review section;
/// a school sees no return home interviews either. Each episode is judged by its area's rules
/// (`book`); a child's repeat missing by the rules of the area of the episode that counts.
pub fn compose(
    rows: &[EpisodeOf],
    date: NaiveDate,
    view: EpisodeView,
    book: &RulesBook,
    now: DateTime<Utc>,
) -> MorningBrief {
    let until = brief_instant(date);
    let since = brief_instant(date - Duration::days(1));
    let at = until.min(now);
    let stood: Vec<(MissingEpisode, &str)> =
        rows.iter().filter_map(|r| as_it_stood(&r.episode, at).map(|e| (e, r.person_name.as_str()))).collect();
    let full = view == EpisodeView::Full;

    let mut opened: Vec<_> =
        stood.iter().filter(|(e, _)| e.reported_at >= since).map(|(e, n)| cut(view, e, n, at)).collect();
    opened.sort_by_key(|b| (b.reported_at, b.episode_id));

    let mut open_high_risk: Vec<_> = stood
        .iter()
        .filter(|(e, _)| full && e.is_open() && e.grade() == Some(RiskGrade::High))
        .map(|(e, n)| cut(view, e, n, at))
        .collect();
    open_high_risk.sort_by_key(|b| (b.last_seen_at, b.episode_id));

    let mut by_person: BTreeMap<PersonId, Vec<&(MissingEpisode, &str)>> = BTreeMap::new();
    for row in &stood {
        by_person.entry(row.0.person_id).or_default().push(row);
    }

    // The interview owed is the one for the child's last return (as in the child's summary);
    // an older one missed is a quality figure, not today's work.
    let mut rhis_due_today = Vec::new();
    let mut rhis_overdue = Vec::new();
    if view.records_rhi() {
        for episodes in by_person.values() {
            let last = episodes.iter().filter(|(e, _)| e.returned_at().is_some()).max_by_key(|(e, _)| e.returned_at());
            let Some((e, name)) = last else { continue };
            let Some(returned_at) = e.returned_at() else { continue };
            if e.rhi.is_some() {
                continue;
            }
            let clock = rhi_clock(returned_at, None, book.of(e.area_id), at);
            let row = BriefRhi {
                episode_id: e.id,
                person_id: e.person_id,
                person_name: (*name).to_owned(),
                returned_at,
                due_at: clock.due_at,
            };
            if clock.due_at <= at {
                rhis_overdue.push(row);
            } else if uk_date(clock.due_at) == date {
                rhis_due_today.push(row);
            }
        }
    }
    rhis_due_today.sort_by_key(|r| (r.due_at, r.episode_id));
    rhis_overdue.sort_by_key(|r| (r.due_at, r.episode_id));

    let mut reviews_overdue: Vec<_> = stood
        .iter()
        .filter(|_| full)
        .filter_map(|(e, n)| {
            let overdue: Vec<_> = e.reviews_due(book.of(e.area_id), at).into_iter().filter(|r| r.overdue).collect();
            (!overdue.is_empty()).then(|| BriefReview {
                episode_id: e.id,
                person_id: e.person_id,
                person_name: (*n).to_owned(),
                grade: e.grade(),
                overdue,
            })
        })
        .collect();
    reviews_overdue.sort_by_key(|r| (r.overdue.iter().map(|d| d.due_at).min(), r.episode_id));

    // Flagged this week: an episode reported in the seven days to the brief brought the child
    // to the repeat rule's count within its window (the flag as it stood when that report came).
    let week = at - Duration::days(REPEAT_WEEK_DAYS);
    let mut repeat_missing = Vec::new();
    for episodes in by_person.values() {
        let facts: Vec<_> = episodes.iter().map(|(e, _)| e.facts(None)).collect();
        let repeat_at = |e: &MissingEpisode, when| {
            flags(&facts, &ChildFacts::default(), book.of(e.area_id), when)
                .into_iter()
                .find(|f| f.code == "repeat_missing")
        };
        let flagged_this_week =
            episodes.iter().any(|(e, _)| e.reported_at > week && repeat_at(e, e.reported_at).is_some());
        if !flagged_this_week {
            continue;
        }
        // Today's count by the rules of the area of the child's latest report.
        let latest = episodes.iter().max_by_key(|(e, _)| e.reported_at).map(|(e, _)| e);
        let now_flag = latest.and_then(|e| repeat_at(e, at));
        let (e, name) = (&episodes[0].0, episodes[0].1);
        let mut ids: Vec<_> = episodes
            .iter()
            .filter(|(x, _)| now_flag.as_ref().is_some_and(|f| f.episodes.contains(&x.id.0)))
            .map(|(x, _)| (x.reported_at, x.id))
            .collect();
        ids.sort();
        repeat_missing.push(BriefRepeat {
            person_id: e.person_id,
            person_name: name.to_owned(),
            action: now_flag.and_then(|f| f.action),
            episodes: ids.into_iter().map(|(_, id)| id).collect(),
        });
    }
    repeat_missing.sort_by(|a, b| b.episodes.len().cmp(&a.episodes.len()).then(a.person_name.cmp(&b.person_name)));

    MorningBrief {
        date,
        since,
        as_at: at,
        rules_version: versions(book, &stood),
        opened,
        open_high_risk,
        rhis_due_today,
        rhis_overdue,
        reviews_overdue,
        repeat_missing,
    }
}

/// The versions of the rules the brief's episodes ran under, sorted, once each.
fn versions(book: &RulesBook, stood: &[(MissingEpisode, &str)]) -> String {
    let mut v: Vec<&str> = stood.iter().map(|(e, _)| book.of(e.area_id).version.as_str()).collect();
    if v.is_empty() {
        v.push(book.of(None).version.as_str());
    }
    v.sort_unstable();
    v.dedup();
    v.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::EpisodeNoteId;
    use crate::missing::episode::{Grading, ReporterKind, RhiOutcome};
    use crate::missing::record::{EpisodeNote, NoteKind, ReturnRecord, RhiRecord};
    use crate::missing::rules::ReviewKind;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn grading(grade: RiskGrade, at: DateTime<Utc>) -> Grading {
        Grading {
            grade,
            rationale: "r".into(),
            answers: vec![],
            graded_at: at,
            graded_by: None,
            rules_version: "v".into(),
            naira_reason: None,
        }
    }

    fn episode(person: PersonId, reported: DateTime<Utc>, grade: RiskGrade) -> MissingEpisode {
        MissingEpisode {
            id: EpisodeId::new(),
            person_id: person,
            reported_at: reported,
            last_seen_at: reported - Duration::hours(1),
            last_seen_where: "Bus station".into(),
            reporter: ReporterKind::ChildrensHomeStaff,
            from_location: None,
            area_id: None,
            circumstances: "Left after tea".into(),
            police_reference: None,
            officer_in_charge: String::new(),
            out_of_area: false,
            gradings: vec![grading(grade, reported)],
            notes: vec![],
            found: None,
            rhi: None,
            recorded_by: None,
            owner: crate::ids::AgencyId::default(),
            imported: false,
            version: 1,
        }
    }

    fn returned(mut e: MissingEpisode, at: DateTime<Utc>) -> MissingEpisode {
        e.found = Some(ReturnRecord {
            returned_at: at,
            found_where: "Town".into(),
            found_by: "police".into(),
            with_whom: String::new(),
            harm_seen: String::new(),
            disclosed: false,
            found_in_other_force_area: false,
            prevention_interview_at: None,
            prevention_interview_notes: String::new(),
            recorded_by: None,
            recorded_at: at,
        });
        e
    }

    fn with_rhi(mut e: MissingEpisode, at: DateTime<Utc>) -> MissingEpisode {
        e.rhi = Some(RhiRecord {
            outcome: RhiOutcome::Held,
            offered_by: String::new(),
            interviewer_independent: None,
            consent_to_share: None,
            reason: String::new(),
            held_at: at,
            held_by: None,
            in_person: true,
            non_uniformed_officer_present: false,
            where_and_with_whom: String::new(),
            push_factors: String::new(),
            pull_factors: String::new(),
            disclosures: String::new(),
            harm: String::new(),
            exploitation_indicators: String::new(),
            child_wants: String::new(),
            information_shared_at: None,
            follow_up_actions: String::new(),
            recorded_by: None,
            recorded_at: at,
        });
        e
    }

    fn row(episode: MissingEpisode, name: &str) -> EpisodeOf {
        EpisodeOf { episode, person_name: name.into() }
    }

    #[test]
    fn yesterdays_brief_is_at_eight_uk_time_across_the_clock_change() {
        // Clocks went back at 02:00 BST on Sunday 25 October 2026.
        assert_eq!(brief_instant(day("2026-10-24")), utc("2026-10-24T07:00:00Z"));
        assert_eq!(brief_instant(day("2026-10-25")), utc("2026-10-25T08:00:00Z"));
        // The brief of the Sunday covers 25 hours; Monday's 24.
        let rules = RulesBook::default();
        let sunday = compose(&[], day("2026-10-25"), EpisodeView::Full, &rules, utc("2026-10-26T12:00:00Z"));
        assert_eq!((sunday.since, sunday.as_at), (utc("2026-10-24T07:00:00Z"), utc("2026-10-25T08:00:00Z")));
        // Clocks went forward at 01:00 GMT on Sunday 29 March 2026: a 23-hour day.
        assert_eq!(brief_instant(day("2026-03-28")), utc("2026-03-28T08:00:00Z"));
        assert_eq!(brief_instant(day("2026-03-29")), utc("2026-03-29T07:00:00Z"));
        assert_eq!(window_start(day("2026-03-29"), &rules), utc("2026-03-29T07:00:00Z") - Duration::days(97));
    }

    #[test]
    fn a_report_at_half_past_seven_gmt_on_the_sunday_of_the_change_is_in_that_days_brief() {
        let rules = RulesBook::default();
        let p = PersonId::new();
        // 07:30 GMT on 25 October is after 08:00 BST on the 24th (07:00 GMT) and before 08:00 GMT.
        let early = episode(p, utc("2026-10-25T07:30:00Z"), RiskGrade::Medium);
        // 07:30 GMT on the 24th was 08:30 BST: after the 24th's brief, so in the 25th's too.
        let saturday = episode(PersonId::new(), utc("2026-10-24T07:30:00Z"), RiskGrade::Low);
        // 06:30 GMT on the 24th was 07:30 BST: in the 24th's brief, not the 25th's.
        let before = episode(PersonId::new(), utc("2026-10-24T06:30:00Z"), RiskGrade::Low);
        let rows = [row(early.clone(), "A"), row(saturday.clone(), "B"), row(before.clone(), "C")];
        let b = compose(&rows, day("2026-10-25"), EpisodeView::Full, &rules, utc("2026-10-26T12:00:00Z"));
        let ids: Vec<_> = b.opened.iter().map(|o| o.episode_id).collect();
        assert_eq!(ids, [saturday.id, early.id]);
        let prior = compose(&rows, day("2026-10-24"), EpisodeView::Full, &rules, utc("2026-10-26T12:00:00Z"));
        assert_eq!(prior.opened.iter().map(|o| o.episode_id).collect::<Vec<_>>(), [before.id]);
    }

    #[test]
    fn the_brief_shows_opened_high_risk_rhis_and_overdue_reviews_as_at_eight() {
        let rules = RulesBook::default();
        let date = day("2026-11-24");
        let eight = utc("2026-11-24T08:00:00Z");
        let now = utc("2026-11-24T10:00:00Z");
        let (a, b, c, d, e) = (PersonId::new(), PersonId::new(), PersonId::new(), PersonId::new(), PersonId::new());
        // Missing since last night at high risk; one supervisor review at 02:00, so overdue.
        let mut high = episode(a, eight - Duration::hours(10), RiskGrade::High);
        high.notes.push(EpisodeNote {
            id: EpisodeNoteId::new(),
            kind: NoteKind::SupervisorReview,
            at: eight - Duration::hours(6),
            text: "Reviewed".into(),
            person_id: None,
            location_id: None,
            recipient: None,
            next_review_at: None,
            recorded_by: None,
            recorded_at: eight - Duration::hours(6),
        });
        // Returned 60 hours before the brief: interview due at 20:00 today.
        let due = returned(episode(b, eight - Duration::hours(70), RiskGrade::Low), eight - Duration::hours(60));
        // Returned four days ago, no interview: overdue.
        let late = returned(episode(c, eight - Duration::days(5), RiskGrade::Medium), eight - Duration::days(4));
        // Interviewed in time: owes nothing.
        let done = with_rhi(
            returned(episode(d, eight - Duration::days(3), RiskGrade::Medium), eight - Duration::hours(70)),
            eight - Duration::hours(20),
        );
        // Reported after the brief: tomorrow's business.
        let after = episode(e, eight + Duration::hours(1), RiskGrade::High);
        let rows: Vec<_> = [&high, &due, &late, &done, &after].iter().map(|e| row((*e).clone(), "x")).collect();
        let brief = compose(&rows, date, EpisodeView::Full, &rules, now);
        assert_eq!(brief.as_at, eight);
        assert_eq!(brief.opened.iter().map(|o| o.episode_id).collect::<Vec<_>>(), [high.id]);
        assert_eq!(brief.open_high_risk.len(), 1);
        assert_eq!(brief.open_high_risk[0].minutes_missing, 11 * 60);
        assert_eq!(brief.rhis_due_today.iter().map(|r| r.episode_id).collect::<Vec<_>>(), [due.id]);
        assert_eq!(brief.rhis_due_today[0].due_at, eight + Duration::hours(12));
        assert_eq!(brief.rhis_overdue.iter().map(|r| r.episode_id).collect::<Vec<_>>(), [late.id]);
        assert_eq!(brief.reviews_overdue.len(), 1);
        let kinds: Vec<_> = brief.reviews_overdue[0].overdue.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, [ReviewKind::Supervisor, ReviewKind::Inspector]);
        assert!(brief.repeat_missing.is_empty());
        // Read before eight, the brief is as at now.
        let early = compose(&rows, date, EpisodeView::Full, &rules, eight - Duration::hours(1));
        assert_eq!(early.as_at, eight - Duration::hours(1));
    }

    #[test]
    fn a_past_brief_shows_episodes_as_they_stood_that_morning() {
        let rules = RulesBook::default();
        let eight = utc("2026-11-24T08:00:00Z");
        let p = PersonId::new();
        // Reported last night, came home at noon: at the brief the child was still missing.
        let e = returned(episode(p, eight - Duration::hours(12), RiskGrade::High), eight + Duration::hours(4));
        let brief = compose(&[row(e, "x")], day("2026-11-24"), EpisodeView::Full, &rules, eight + Duration::days(3));
        assert_eq!(brief.open_high_risk.len(), 1);
        assert_eq!(brief.opened[0].returned_at, None);
        assert!(brief.rhis_due_today.is_empty() && brief.rhis_overdue.is_empty());
    }

    #[test]
    fn a_child_flagged_repeat_missing_this_week_is_listed_with_the_episodes() {
        let rules = RulesBook::default();
        let eight = utc("2026-11-24T08:00:00Z");
        let (p, q) = (PersonId::new(), PersonId::new());
        let at = |d: i64| eight - Duration::days(d);
        let history = [
            // p: the third in 90 days came two days ago.
            returned(episode(p, at(80), RiskGrade::Low), at(80) + Duration::hours(3)),
            returned(episode(p, at(40), RiskGrade::Low), at(40) + Duration::hours(3)),
            returned(episode(p, at(2), RiskGrade::Medium), at(2) + Duration::hours(3)),
            // q: three in 90 days, but none this week: flagged long ago, not news today.
            returned(episode(q, at(60), RiskGrade::Low), at(60) + Duration::hours(3)),
            returned(episode(q, at(30), RiskGrade::Low), at(30) + Duration::hours(3)),
            returned(episode(q, at(20), RiskGrade::Low), at(20) + Duration::hours(3)),
        ];
        let rows: Vec<_> = history.iter().map(|e| row(e.clone(), "x")).collect();
        let brief = compose(&rows, day("2026-11-24"), EpisodeView::Full, &rules, eight);
        assert_eq!(brief.repeat_missing.len(), 1);
        let r = &brief.repeat_missing[0];
        assert_eq!(r.person_id, p);
        assert_eq!(r.action.as_deref(), Some("strategy_discussion"));
        assert_eq!(r.episodes, history[..3].iter().map(|e| e.id).collect::<Vec<_>>());
    }

    #[test]
    fn what_each_kind_of_agency_sees_of_the_brief() {
        let rules = RulesBook::default();
        let eight = utc("2026-11-24T08:00:00Z");
        let high = episode(PersonId::new(), eight - Duration::hours(3), RiskGrade::High);
        let owed = returned(
            episode(PersonId::new(), eight - Duration::hours(20), RiskGrade::Low),
            eight - Duration::hours(10),
        );
        let rows = [row(high, "A"), row(owed, "B")];
        let full = compose(&rows, day("2026-11-24"), EpisodeView::Full, &rules, eight);
        assert_eq!((full.opened.len(), full.open_high_risk.len(), full.rhis_due_today.len()), (2, 1, 0));
        assert_eq!(full.opened[1].last_seen_where, "Bus station");
        let rhi = compose(&rows, day("2026-11-24"), EpisodeView::RhiWork, &rules, eight);
        assert_eq!(rhi.opened.len(), 2);
        assert!(rhi.opened.iter().all(|o| o.grade.is_none() && o.last_seen_where.is_empty()));
        assert!(rhi.open_high_risk.is_empty() && rhi.reviews_overdue.is_empty());
        // Due 72 hours after 22:00 on the 23rd: the 26th, not today.
        assert!(rhi.rhis_due_today.is_empty() && rhi.rhis_overdue.is_empty());
        let school = compose(&rows, day("2026-11-26"), EpisodeView::NoticeOnly, &rules, eight + Duration::days(2));
        assert!(school.rhis_due_today.is_empty() && school.open_high_risk.is_empty());
        let rhi_later = compose(&rows, day("2026-11-26"), EpisodeView::RhiWork, &rules, eight + Duration::days(2));
        assert_eq!(rhi_later.rhis_due_today.len(), 1);
        let json = serde_json::to_value(&full).unwrap();
        assert_eq!(json["date"], "2026-11-24");
        assert_eq!(json["open_high_risk"][0]["grade"], "high");
    }
}
