//! Three years of missing episodes for the demo force, up to the demo's today, so that every
//! page has something true to show: the "missing now" board, a child's history and flags, the
//! RHI worklist, the morning brief.
//!
//! Shaped on what the seeds and DOMAIN.md describe: most children known to the partners never
//! go missing; a minority go missing once or twice; a small group (mostly children in
//! children's homes, placed out of area, or unaccompanied asylum-seeking children in hotels)
//! go missing again and again, in clusters. Most episodes last hours; some over a day; a few
//! children are found in another force's area. History before haven went live is imported,
//! with the legacy grades of its time. The demo's "now" is the start of its today (midnight,
//! UK time), so nothing is in the future whenever during the day the demo is loaded; around
//! it are children missing now (one at high risk), returns whose interview is due, and some
//! whose interview is overdue.

use super::{Gen, names};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use haven_domain::agency::{AgencyKind, AreaKind};
use haven_domain::ids::{AgencyId, AreaId, EpisodeId, EpisodeNoteId, LocationId, PersonId, UserId};
use haven_domain::location::{LocationKind, PlacementKind};
use haven_domain::missing::episode::{Answer, Consent, Grading, RISK_QUESTIONS, ReporterKind, RhiOutcome, RiskAnswer};
use haven_domain::missing::record::{
    EpisodeNote, GrabPack, MissingEpisode, NoteKind, Recipient, ReturnRecord, RhiRecord,
};
use haven_domain::missing::rules::ReviewKind;
use haven_domain::missing::{MissingRules, RiskGrade};
use haven_domain::person::{AgencyRecord, CareStatus, PersonKind, Sex, age_on};
use haven_domain::text::Reference;
use haven_domain::uktime::from_uk_naive;
use haven_domain::user::Role;
use haven_store::BulkLoad;
use rand::Rng;
use std::collections::BTreeMap;

/// How far back the history goes.
const HISTORY_DAYS: i64 = 3 * 365;

/// Episodes reported before this day came from the force's old system: imported, and graded
/// with the tiers of their time.
fn go_live() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// Before this day the old system's lowest tier was "no apparent risk (absent)"; after it
/// "very low".
fn very_low_from() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 10, 1).unwrap_or(NaiveDate::MIN)
}

/// The background history ends this long before now, leaving the last week to the episodes
/// placed on purpose (missing now, interviews due and overdue).
const RECENT_DAYS: i64 = 7;

/// The demo's now: the start of its today in the UK.
pub(super) fn demo_now(today: NaiveDate) -> DateTime<Utc> {
    let midnight = today.and_time(NaiveTime::MIN);
    from_uk_naive(midnight).unwrap_or_else(|_| midnight.and_utc())
}

/// A period the child lived somewhere.
#[derive(Debug, Clone)]
struct Stay {
    from: NaiveDate,
    to: Option<NaiveDate>,
    location: LocationId,
    kind: LocationKind,
    name: Option<String>,
    area: Option<AreaId>,
    care: bool,
}

#[derive(Debug, Clone)]
struct Child {
    index: usize,
    id: PersonId,
    given: String,
    sex: Sex,
    dob: NaiveDate,
    care_status: CareStatus,
    out_of_area: bool,
    home_council: Option<AgencyId>,
    stays: Vec<Stay>,
}

impl Child {
    fn stay_on(&self, day: NaiveDate) -> Option<&Stay> {
        self.stays.iter().rev().find(|s| s.from <= day && s.to.is_none_or(|to| day <= to)).or(self.stays.first())
    }

    fn current(&self) -> Option<&Stay> {
        self.stays.last()
    }

    fn pronoun(&self) -> &'static str {
        match self.sex {
            Sex::Female => "she",
            Sex::Male => "he",
            Sex::Unknown => "they",
        }
    }
}

/// What the generator needs to know of the force, read from the load once.
#[derive(Debug)]
struct World {
    now: DateTime<Utc>,
    rules: MissingRules,
    bcu_of: BTreeMap<AreaId, AreaId>,
    bcus: Vec<AreaId>,
    police: Option<AgencyId>,
    officers: Vec<UserId>,
    supervisors: Vec<UserId>,
    provider: Option<AgencyId>,
    workers: BTreeMap<AgencyId, UserId>,
    adults: Vec<PersonId>,
    premises: Vec<LocationId>,
    references: u32,
}

/// What becomes of the return home interview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Interview {
    /// Offered, and held or refused, as the history goes.
    AsUsual,
    /// Not yet recorded: the clock is running.
    Owed,
    /// Held since the return, before now.
    HeldRecently,
}

/// One episode to build.
#[derive(Debug, Clone, Copy)]
struct Plan {
    last_seen: DateTime<Utc>,
    /// How long after last seen the child came back; `None` while still missing.
    away: Option<Duration>,
    grade: Option<RiskGrade>,
    interview: Interview,
    /// A review skipped, so that one is overdue now.
    review_missed: bool,
}

fn between(g: &mut Gen, a: DateTime<Utc>, b: DateTime<Utc>) -> DateTime<Utc> {
    let span = (b - a).num_minutes();
    if span <= 0 { a } else { a + Duration::minutes(g.rng.random_range(0..=span)) }
}

fn minutes(g: &mut Gen, lo: i64, hi: i64) -> Duration {
    Duration::minutes(g.rng.random_range(lo..=hi.max(lo)))
}

/// Children go missing mostly in the afternoon, evening and night.
fn time_on(g: &mut Gen, day: NaiveDate) -> DateTime<Utc> {
    const HOURS: &[i64] =
        &[9, 11, 13, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20, 20, 21, 21, 22, 22, 23, 23, 0, 1, 2];
    let hour = *g.pick(HOURS);
    Gen::instant(day) + Duration::hours(hour) + minutes(g, 0, 59)
}

/// Mostly hours; a quarter half a day to a day; some over a day; a few most of a week.
fn time_away(g: &mut Gen) -> Duration {
    match g.rng.random_range(0..100) {
        0..=54 => minutes(g, 60, 12 * 60),
        55..=81 => minutes(g, 12 * 60, 24 * 60),
        82..=96 => minutes(g, 24 * 60, 72 * 60),
        _ => minutes(g, 72 * 60, 9 * 24 * 60),
    }
}

pub(super) fn generate(g: &mut Gen, load: &mut BulkLoad, scale: usize) {
    let now = demo_now(g.today);
    let mut world = read_world(load, now);
    let children = read_children(load);
    if children.is_empty() || world.bcus.is_empty() {
        return;
    }
    // About three years, and always some months of the old system's history.
    let start = Gen::instant((g.today - Duration::days(HISTORY_DAYS)).min(go_live() - Duration::days(150)));
    let end = now - Duration::days(RECENT_DAYS);

    // Who goes missing, and how often.
    let mut plans: Vec<Vec<Plan>> = vec![Vec::new(); children.len()];
    let mut repeaters = Vec::new();
    for (i, child) in children.iter().enumerate() {
        let (repeat, occasional) = chances(child);
        let from = start.max(Gen::instant(child.dob + Duration::days(10 * 365)));
        if from >= end {
            continue;
        }
        if g.chance(repeat) {
            // The first repeat children are in a cluster now, so that someone is flagged this week.
            let active = repeaters.len() < 2 * scale;
            plans[i] = repeat_history(g, child, from, end, active);
            repeaters.push(i);
        } else if g.chance(occasional) {
            let n = match g.rng.random_range(0..100) {
                0..=64 => 1,
                65..=91 => 2,
                _ => 3,
            };
            let mut times: Vec<_> = (0..n).map(|_| between(g, from, end - Duration::days(1))).collect();
            times.sort();
            plans[i] = sequence(g, &times, end);
        }
    }

    // The last week, placed on purpose: children missing now, returns whose interview is due,
    // overdue, and held.
    let mut taken = vec![false; children.len()];
    let mut recent = Vec::new();
    for k in 0..scale {
        let hour = Duration::hours;
        let open = |grade, reported_ago: i64, review_missed| Plan {
            last_seen: now - hour(reported_ago) - Duration::minutes(50),
            away: None,
            grade: Some(grade),
            interview: Interview::AsUsual,
            review_missed,
        };
        let back = |away_h: i64, ago: i64, interview| Plan {
            last_seen: now - hour(ago) - hour(away_h),
            away: Some(hour(away_h)),
            grade: None,
            interview,
            review_missed: false,
        };
        let specs = [
            open(RiskGrade::High, 9, false),
            open(RiskGrade::Medium, 3, false),
            open(RiskGrade::Medium, 14, false),
            open(RiskGrade::Low, 30, true),
            open(RiskGrade::Low, 52, false),
            back(4, 5, Interview::Owed),
            back(12, 20, Interview::Owed),
            back(6, 40, Interview::Owed),
            back(9, 62, Interview::Owed),
            back(5, 80, Interview::Owed),
            back(14, 100, Interview::Owed),
            back(3, 140, Interview::Owed),
            back(7, 30, Interview::HeldRecently),
            back(16, 75, Interview::HeldRecently),
            back(5, 110, Interview::HeldRecently),
            back(20, 130, Interview::HeldRecently),
        ];
        for (n, spec) in specs.into_iter().enumerate() {
            // The high-risk child missing now and one returned today are repeat children in
            // an active cluster; the rest anyone, mostly children who have been missing before.
            let preferred = match n {
                0 => repeaters.get(2 * k).copied(),
                5 => repeaters.get(2 * k + 1).copied(),
                _ => None,
            };
            let pick = preferred.filter(|i| !taken[*i]).or_else(|| {
                (0..200).find_map(|_| {
                    let i = g.rng.random_range(0..children.len());
                    let known = !plans[i].is_empty() || g.chance(0.3);
                    (!taken[i] && known).then_some(i)
                })
            });
            if let Some(i) = pick {
                taken[i] = true;
                recent.push((i, spec));
            }
        }
    }
    for (i, spec) in recent {
        plans[i].push(spec);
    }

    for (i, child) in children.iter().enumerate() {
        let mut first_report = None;
        let mut provider_held = false;
        for plan in &plans[i] {
            let e = build(g, &mut world, child, plan);
            first_report = first_report.or(Some(e.reported_at));
            provider_held |= e.rhi.as_ref().is_some_and(|r| r.held_by.is_some() && r.held_by == world.provider);
            load.episodes.push(e);
        }
        // The police hold a record of every child reported missing; the RHI provider of every
        // child it has interviewed.
        if let (Some(at), Some(person)) = (first_report, load.people.get_mut(child.index)) {
            let mut hold = |agency: Option<AgencyId>, reference: String| {
                if let Some(agency) = agency
                    && !person.records.iter().any(|r| r.agency_id == agency)
                {
                    person.records.push(AgencyRecord {
                        agency_id: agency,
                        reference: Reference::parse(&reference).ok(),
                        recorded_at: at,
                    });
                }
            };
            hold(world.police, format!("MOR/{:07}", 2_000_000 + child.index));
            if provider_held {
                hold(world.provider, format!("PH-{:05}", 10_000 + child.index));
            }
        }
        if child.current().is_some_and(|s| s.care) {
            let pack = grab_pack(g, &world, child);
            // The questionnaires of reports made since the pack was written agree with it.
            let since = pack.updated_at.unwrap_or(world.now);
            for e in load.episodes.iter_mut().filter(|e| e.person_id == child.id && e.reported_at >= since) {
                for grading in &mut e.gradings {
                    agree_with_pack(grading, &pack);
                }
            }
            load.grab_packs.push(pack);
        }
    }
}

fn read_world(load: &BulkLoad, now: DateTime<Utc>) -> World {
    let bcus: Vec<AreaId> = load.areas.iter().filter(|a| a.kind == AreaKind::Bcu).map(|a| a.id).collect();
    let councils = load.areas.iter().filter(|a| a.kind == AreaKind::LocalAuthority);
    let bcu_of =
        councils.enumerate().filter_map(|(i, a)| bcus.get(i % bcus.len().max(1)).map(|b| (a.id, *b))).collect();
    let agency = |kind: AgencyKind| load.agencies.iter().find(|a| a.kind == kind).map(|a| a.id);
    let police = agency(AgencyKind::Police);
    let provider = agency(AgencyKind::RhiProvider);
    let users_of = |agency: Option<AgencyId>, role: Role| -> Vec<UserId> {
        load.users.iter().filter(|(u, _)| Some(u.agency_id) == agency && u.role == role).map(|(u, _)| u.id).collect()
    };
    let mut workers = BTreeMap::new();
    for a in load.agencies.iter().filter(|a| matches!(a.kind, AgencyKind::LocalAuthority | AgencyKind::RhiProvider)) {
        if let Some(u) = users_of(Some(a.id), Role::Practitioner).first() {
            workers.insert(a.id, *u);
        }
    }
    World {
        now,
        rules: MissingRules::default(),
        bcu_of,
        bcus,
        police,
        officers: users_of(police, Role::Practitioner),
        supervisors: users_of(police, Role::Supervisor),
        provider,
        workers,
        adults: load.people.iter().filter(|p| p.details.kind == PersonKind::Adult).map(|p| p.id).collect(),
        premises: load.locations.iter().filter(|l| l.kind == LocationKind::PremisesOfConcern).map(|l| l.id).collect(),
        references: 0,
    }
}

fn read_children(load: &BulkLoad) -> Vec<Child> {
    let locations: BTreeMap<LocationId, _> = load.locations.iter().map(|l| (l.id, l)).collect();
    let mut stays: BTreeMap<PersonId, Vec<Stay>> = BTreeMap::new();
    for p in &load.placements {
        let Some(l) = locations.get(&p.location_id) else { continue };
        stays.entry(p.person_id).or_default().push(Stay {
            from: p.started_on,
            to: p.ended_on,
            location: l.id,
            kind: l.kind,
            name: l.name.clone(),
            area: l.area_id,
            care: p.kind == PlacementKind::CarePlacement,
        });
    }
    load.people
        .iter()
        .enumerate()
        .filter(|(_, p)| p.details.kind == PersonKind::Child)
        .filter_map(|(index, p)| {
            let mut stays = stays.remove(&p.id).unwrap_or_default();
            stays.sort_by_key(|s| s.from);
            Some(Child {
                index,
                id: p.id,
                given: p.details.given_name.to_string(),
                sex: p.details.sex,
                dob: p.details.date_of_birth?,
                care_status: p.details.care_status,
                out_of_area: p.details.placed_out_of_area(),
                home_council: p.details.placing_authority.or(p.records.first().map(|r| r.agency_id)),
                stays,
            })
        })
        .collect()
}

/// The chances that a child is one of the repeat group, or goes missing once or twice.
fn chances(child: &Child) -> (f64, f64) {
    let away = if child.out_of_area { 0.05 } else { 0.0 };
    match child.current().filter(|s| s.care).map(|s| s.kind) {
        Some(LocationKind::AsylumHotel) => (0.12, 0.35),
        Some(LocationKind::ChildrensHome) => (0.10 + away, 0.35),
        Some(_) => (0.02 + away, 0.15),
        None => match child.care_status {
            CareStatus::ChildInNeed | CareStatus::ChildProtectionPlan => (0.006, 0.12),
            _ => (0.0, 0.035),
        },
    }
}

/// Ten to thirty episodes in one to three clusters of weeks, mostly while in care.
fn repeat_history(g: &mut Gen, child: &Child, from: DateTime<Utc>, end: DateTime<Utc>, active: bool) -> Vec<Plan> {
    let care_from = child.current().filter(|s| s.care).map(|s| Gen::instant(s.from));
    let from = match care_from {
        Some(c) if c > from && end - c > Duration::days(120) => c,
        _ => from,
    };
    let total = g.rng.random_range(10..=30);
    let clusters = g.rng.random_range(1..=3);
    let mut times = Vec::new();
    for c in 0..clusters {
        let span = Duration::days(g.rng.random_range(40..=140));
        let centre = if active && c == 0 { end - span / 2 } else { between(g, from + span / 2, end - span / 2) };
        let n = if c + 1 == clusters { total - times.len() } else { total / clusters };
        for _ in 0..n {
            times.push(between(g, (centre - span / 2).max(from), (centre + span / 2).min(end)));
        }
    }
    times.sort();
    sequence(g, &times, end)
}

/// Turns start times into episodes that do not overlap and all end by `end`.
fn sequence(g: &mut Gen, times: &[DateTime<Utc>], end: DateTime<Utc>) -> Vec<Plan> {
    let mut plans = Vec::new();
    let mut free_from = DateTime::<Utc>::MIN_UTC;
    for t in times {
        let day = t.date_naive();
        let mut last_seen = time_on(g, day);
        if last_seen < free_from {
            last_seen = free_from + minutes(g, 6 * 60, 72 * 60);
        }
        let away = time_away(g);
        if last_seen + away + Duration::hours(6) > end {
            break;
        }
        free_from = last_seen + away + Duration::hours(4);
        plans.push(Plan {
            last_seen,
            away: Some(away),
            grade: None,
            interview: Interview::AsUsual,
            review_missed: false,
        });
    }
    plans
}

fn grade_for(g: &mut Gen, on: NaiveDate, imported: bool) -> RiskGrade {
    if imported && g.chance(0.45) {
        return if on < very_low_from() { RiskGrade::NoApparentRisk } else { RiskGrade::VeryLow };
    }
    match g.rng.random_range(0..100) {
        0..=9 => RiskGrade::High,
        10..=64 => RiskGrade::Medium,
        _ => RiskGrade::Low,
    }
}

fn rationale(g: &mut Gen, grade: RiskGrade, child: &Child, age: u32, from: LocationKind) -> String {
    let name = &child.given;
    let place = match from {
        LocationKind::ChildrensHome => "the children's home",
        LocationKind::FosterPlacement => "the foster placement",
        LocationKind::SupportedLodging => "supported lodgings",
        LocationKind::AsylumHotel => "the hotel where the council placed them",
        _ => "home",
    };
    let reason = match grade {
        RiskGrade::High => *g.pick(&[
            "known to associate with adults suspected of exploitation; phone switched off; out of character to stay away overnight",
            "disclosed self-harm last week and has no medication with them",
            "seen getting into a car with an unknown adult male; CSE markers on the file",
            "linked to county lines activity; found with cash and a second phone on the last return",
        ]),
        RiskGrade::Medium => *g.pick(&[
            "pattern of going missing and returning by morning, but recent contact with older peers of concern",
            "not answering the phone; thought to be with friends in town; no known medical needs",
            "left after an argument with staff; has gone to a friend's address before",
            "missing overnight is not usual; social worker concerned about a new older boyfriend",
        ]),
        RiskGrade::Low => *g.pick(&[
            "late back from a friend's; has made contact and said they are on the way",
            "usual pattern of coming back late; in contact with carers by text",
            "believed to be at a relative's address; no vulnerabilities beyond age",
        ]),
        RiskGrade::VeryLow | RiskGrade::NoApparentRisk | RiskGrade::Naira => *g.pick(&[
            "absent: not where they should be, no apparent risk; carers to keep trying contact",
            "known whereabouts expected shortly; no risk factors identified",
        ]),
    };
    format!("{name}, aged {age}, missing from {place}: {reason}.")
}

fn answers(g: &mut Gen, grade: RiskGrade, imported: bool) -> Vec<RiskAnswer> {
    if imported && g.chance(0.5) {
        return Vec::new();
    }
    let yes = match grade {
        RiskGrade::High => 0.45,
        RiskGrade::Medium => 0.22,
        RiskGrade::Low => 0.08,
        _ => 0.03,
    };
    RISK_QUESTIONS
        .iter()
        .map(|q| {
            let answer = if g.chance(yes) {
                Answer::Yes
            } else if g.chance(0.1) {
                Answer::NotKnown
            } else {
                Answer::No
            };
            RiskAnswer { question: (*q).to_owned(), answer }
        })
        .collect()
}

/// Sets a question's answer, where the questionnaire asked it.
fn set(answers: &mut [RiskAnswer], question: &str, answer: Answer) {
    if let Some(a) = answers.iter_mut().find(|a| a.question == question) {
        a.answer = answer;
    }
}

/// Makes the questionnaire say what the rationale and the circumstances say, so that a reader
/// of the demo does not meet a child "seen getting into a car with an unknown adult male"
/// answered "not with anyone". Draws nothing from the generator: the rest of the demo is as it was.
fn agree(answers: &mut [RiskAnswer], said: &str) {
    let has = |words: &[&str]| words.iter().any(|w| said.contains(w));
    if has(&["self-harm"]) {
        set(answers, "self_harm_or_suicide", Answer::Yes);
    }
    if has(&["adult male", "older boyfriend", "adults suspected", "older peers", "Picked up by a car"]) {
        set(answers, "with_whom", Answer::Yes);
    }
    if has(&["CSE", "exploitation"]) {
        set(answers, "abuse_or_sexual_exploitation", Answer::Yes);
    }
    if has(&["county lines"]) {
        set(answers, "risk_of_harm_or_crime", Answer::Yes);
    }
    if has(&["no medication"]) {
        set(answers, "medical_needs", Answer::Yes);
    }
    if has(&["no known medical needs"]) {
        set(answers, "medical_needs", Answer::No);
    }
    if has(&["out of character"]) {
        set(answers, "out_of_character", Answer::Yes);
    }
    if has(&["usual pattern", "pattern of going missing"]) {
        set(answers, "out_of_character", Answer::No);
    }
}

/// Makes the medical question (and the rationale) agree with the grab pack in force: a
/// condition on the pack is a medical need; "None." is none, unless the rationale says
/// medication was left behind.
fn agree_with_pack(grading: &mut Grading, pack: &GrabPack) {
    if pack.health_and_medication == "None." {
        if !grading.rationale.contains("medication") {
            set(&mut grading.answers, "medical_needs", Answer::No);
        }
    } else {
        grading.rationale = grading.rationale.replace("no known medical needs", "medical needs as on the grab pack");
        set(&mut grading.answers, "medical_needs", Answer::Yes);
    }
}

fn note(
    g: &mut Gen,
    kind: NoteKind,
    at: DateTime<Utc>,
    text: String,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> EpisodeNote {
    EpisodeNote {
        id: EpisodeNoteId(g.uuid()),
        kind,
        at,
        text,
        person_id: None,
        location_id: None,
        recipient: None,
        next_review_at: None,
        recorded_by: by,
        recorded_at: (at + Duration::minutes(10)).min(now).max(at),
    }
}

/// Reviews at the rules' intervals from `from` while the episode is open (to `until`), at most
/// six of each kind (a long episode's later reviews are the same review again).
fn reviews(
    g: &mut Gen,
    w: &World,
    grade: RiskGrade,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    miss_last: bool,
) -> Vec<EpisodeNote> {
    let mut notes = Vec::new();
    for rule in w.rules.reviews.iter().filter(|r| r.grade == grade) {
        let every = Duration::hours(rule.every_hours);
        let mut at = from + every - minutes(g, 5, 40);
        let mut done = Vec::new();
        while at <= until && done.len() < 6 {
            done.push(at);
            at = at + every - minutes(g, 0, 30).min(every / 2);
        }
        if miss_last && rule.kind == ReviewKind::Supervisor {
            done.pop();
        }
        for at in done {
            let (kind, text, by) = match rule.kind {
                ReviewKind::Supervisor => (
                    NoteKind::SupervisorReview,
                    *g.pick(&[
                        "Supervisor review: grade remains appropriate; enquiries as set.",
                        "Supervisor review: actions progressing; keep trying the child's phone.",
                        "Supervisor review: grading reviewed and agreed; next review as scheduled.",
                    ]),
                    w.supervisors.first().copied(),
                ),
                ReviewKind::Inspector => (
                    NoteKind::InspectorReview,
                    *g.pick(&[
                        "Inspector review: grade and rationale reviewed; search strategy agreed.",
                        "Inspector review: grade confirmed; consider media appeal if not found by the morning.",
                    ]),
                    w.supervisors.last().copied(),
                ),
            };
            notes.push(note(g, kind, at, text.into(), by, w.now));
        }
    }
    notes
}

fn build(g: &mut Gen, w: &mut World, child: &Child, plan: &Plan) -> MissingEpisode {
    let now = w.now;
    let day = plan.last_seen.date_naive();
    let stay = child.stay_on(day).cloned();
    let kind = stay.as_ref().map(|s| s.kind).unwrap_or(LocationKind::FamilyHome);
    let in_care = stay.as_ref().is_some_and(|s| s.care);
    let officer = w.officers.first().copied();
    let age = age_on(child.dob, day);

    let reported_at = (plan.last_seen + minutes(g, 20, 240)).min(now);
    let imported = reported_at < Gen::instant(go_live());
    let returned_at = plan.away.map(|a| (plan.last_seen + a).max(reported_at + Duration::minutes(20)).min(now));
    let end = returned_at.unwrap_or(now);

    let reporter = match kind {
        LocationKind::ChildrensHome => ReporterKind::ChildrensHomeStaff,
        LocationKind::FosterPlacement => ReporterKind::FosterCarer,
        LocationKind::SupportedLodging | LocationKind::AsylumHotel => ReporterKind::Other,
        _ => *g.pick(&[
            ReporterKind::Parent,
            ReporterKind::Parent,
            ReporterKind::Parent,
            ReporterKind::Parent,
            ReporterKind::School,
            ReporterKind::Hospital,
            ReporterKind::Other,
        ]),
    };
    let place = stay.as_ref().and_then(|s| s.name.clone()).unwrap_or_else(|| "the family home".into());
    let street = *g.pick(names::STREETS);
    let last_seen_where = match kind {
        LocationKind::ChildrensHome | LocationKind::AsylumHotel => {
            format!("{} {place}", g.pick(&["Leaving", "Outside", "In the grounds of", "Walking away from"]))
        }
        _ => (*g.pick(&[
            "Leaving home after tea",
            "At the school gates at home time",
            "Town centre bus station",
            "Skate park",
            "Retail park car park",
            "Railway station",
        ]))
        .to_owned(),
    };
    let they = child.pronoun();
    let circumstances = (*g.pick(&[
        "Did not come back at the agreed time; phone goes to voicemail.",
        "Left after an argument about phone use; took a coat and no money.",
        "Went to the shop and did not return.",
        "Climbed out of a bedroom window during the night; bed empty at the 02:00 check.",
        "Told friends of a party in another town; not seen since.",
        "Picked up by a car outside; staff did not recognise the driver.",
    ]))
    .to_owned()
        + &format!(" Last contact: {they} texted a friend from {street}.");

    let grade = plan.grade.unwrap_or_else(|| grade_for(g, reported_at.date_naive(), imported));
    // Drawn in the order they always were (the rationale, then the answers), then made to agree.
    let first_rationale = rationale(g, grade, child, age, kind);
    let mut first_answers = answers(g, grade, imported);
    agree(&mut first_answers, &format!("{first_rationale} {circumstances}"));
    let mut gradings = vec![Grading {
        grade,
        rationale: first_rationale,
        answers: first_answers,
        graded_at: reported_at,
        graded_by: officer,
        rules_version: if imported { "imported".into() } else { w.rules.version.clone() },
        naira_reason: None,
    }];
    // Some episodes are regraded as what is known changes.
    let open_for = end - reported_at;
    if !imported && plan.grade.is_none() && open_for > Duration::hours(6) && g.chance(0.12) {
        let at = between(g, reported_at + Duration::hours(2), end - Duration::hours(1));
        let (to, why) = match grade {
            RiskGrade::High => {
                (RiskGrade::Medium, "Contact made by phone; says they are safe at a friend's. Regraded medium.")
            }
            RiskGrade::Medium if g.chance(0.5) => {
                (RiskGrade::High, "Sighting with an adult male of concern at a known address. Regraded high.")
            }
            _ => (RiskGrade::Low, "Carers have spoken to the child, who is on the way back. Regraded low."),
        };
        gradings.push(Grading {
            grade: to,
            rationale: why.into(),
            answers: Vec::new(),
            graded_at: at,
            graded_by: w.supervisors.first().copied(),
            rules_version: w.rules.version.clone(),
            naira_reason: None,
        });
    }

    let mut notes = Vec::new();
    let soon = |g: &mut Gen, lo: i64, hi: i64| (reported_at + minutes(g, lo, hi)).min(end);
    // Who must be told.
    if in_care || matches!(child.care_status, CareStatus::ChildInNeed | CareStatus::ChildProtectionPlan) {
        let at = soon(g, 20, 90);
        let mut n = note(g, NoteKind::Notification, at, "Emergency duty team told by phone.".into(), officer, now);
        n.recipient = Some(Recipient::ChildrensServices);
        notes.push(n);
    }
    if in_care && child.out_of_area {
        for (recipient, text) in [
            (Recipient::PlacingAuthority, "Placing authority's emergency duty team told by phone and email."),
            (Recipient::HostAuthority, "Host authority's missing children coordinator told by email."),
        ] {
            let at = soon(g, 30, 180);
            let mut n = note(g, NoteKind::Notification, at, text.into(), officer, now);
            n.recipient = Some(recipient);
            notes.push(n);
        }
    }
    if g.chance(0.3) {
        let at = soon(g, 60, 16 * 60);
        let mut n =
            note(g, NoteKind::Notification, at, "School's designated safeguarding lead told.".into(), officer, now);
        n.recipient = Some(Recipient::School);
        notes.push(n);
    }
    for _ in 0..g.rng.random_range(1..=3) {
        let text = *g.pick(&[
            "Called the child's mobile: switched off.",
            "Checked Snapchat and Instagram for recent activity.",
            "Area search of the park and the bus station.",
            "Circulated as missing on PNC.",
            "Bedroom searched with carers; phone charger and coat gone.",
            "Hospitals checked: no admission.",
        ]);
        let at = soon(g, 10, 8 * 60);
        notes.push(note(g, NoteKind::Action, at, text.into(), officer, now));
    }
    if open_for > Duration::hours(3) {
        for _ in 0..g.rng.random_range(0..=2) {
            let text = g
                .pick(&[
                    format!("Visited a friend's address on {street}: not there, not seen since yesterday."),
                    "Enquiries with the taxi firm the child has used before.".to_owned(),
                    "Spoke to the child's sister: has had messages but no location.".to_owned(),
                    "CCTV requested from the railway station.".to_owned(),
                ])
                .clone();
            let at = soon(g, 60, 20 * 60);
            notes.push(note(g, NoteKind::Enquiry, at, text, officer, now));
        }
    }
    if open_for > Duration::hours(5) && g.chance(0.3) {
        let at = between(g, reported_at, end);
        let text = format!(
            "Reported seen {}.",
            g.pick(&["at the retail park with two older males", "getting off a train", "outside a takeaway in town"])
        );
        notes.push(note(g, NoteKind::Sighting, at, text, officer, now));
        if g.chance(0.4)
            && let Some(adult) = w.adults.get(g.rng.random_range(0..w.adults.len().max(1)))
        {
            let mut n =
                note(g, NoteKind::LinkedPerson, at, "Adult believed to be with the child.".into(), officer, now);
            n.person_id = Some(*adult);
            notes.push(n);
        }
        if g.chance(0.3)
            && let Some(premises) = w.premises.get(g.rng.random_range(0..w.premises.len().max(1)))
        {
            let mut n =
                note(g, NoteKind::LinkedPlace, at, "Address linked to the child's associates.".into(), officer, now);
            n.location_id = Some(*premises);
            notes.push(n);
        }
    }
    for (i, grading) in gradings.iter().enumerate() {
        let until = gradings.get(i + 1).map(|next| next.graded_at).unwrap_or(end);
        let last = i + 1 == gradings.len();
        notes.extend(reviews(g, w, grading.grade, grading.graded_at, until, plan.review_missed && last));
    }
    notes.sort_by_key(|n| n.at);

    let found = returned_at.map(|returned_at| {
        let away = returned_at - plan.last_seen;
        let other_force = g.chance(if away > Duration::hours(24) { 0.25 } else { 0.03 });
        let (found_where, found_by) = if other_force {
            (
                format!(
                    "{} city centre",
                    g.pick(&["Cardiff", "Birmingham", "Bristol", "Liverpool", "Swansea", "Manchester"])
                ),
                (*g.pick(&[
                    "South Wales Police",
                    "West Midlands Police",
                    "Avon and Somerset Police",
                    "British Transport Police",
                ]))
                .to_owned(),
            )
        } else {
            (
                (*g.pick(&[
                    "Came back to the placement by themself",
                    "A friend's address",
                    "Town centre",
                    "Bus station",
                    "A relative's house",
                ]))
                .to_owned(),
                (*g.pick(&["Returned by self", "Police", "Carers", "Parent"])).to_owned(),
            )
        };
        let interviewed = g.chance(0.85);
        let interview_at = (returned_at + minutes(g, 30, 6 * 60)).min(now);
        ReturnRecord {
            returned_at,
            found_where,
            found_by,
            with_whom: (*g.pick(&[
                "Alone",
                "Friends of the same age",
                "An older boyfriend",
                "Two adults not known to carers",
                "A cousin",
            ]))
            .to_owned(),
            harm_seen: if g.chance(0.06) {
                (*g.pick(&["Appeared under the influence of alcohol", "Cut to the hand", "Bruising to the arm"]))
                    .to_owned()
            } else {
                String::new()
            },
            disclosed: g.chance(0.06),
            found_in_other_force_area: other_force,
            prevention_interview_at: interviewed.then_some(interview_at),
            prevention_interview_notes: if interviewed {
                (*g.pick(&[
                    "Safe and well check done; says stayed with friends; no harm disclosed.",
                    "Would not say where they had been; no injuries seen; RHI offered.",
                    "Spoke of pressure from older boys to carry things; referred for exploitation screening.",
                ]))
                .to_owned()
            } else {
                String::new()
            },
            recorded_by: officer,
            recorded_at: returned_at.max(reported_at).min(now),
        }
    });

    let rhi = returned_at.and_then(|returned| match plan.interview {
        Interview::Owed => None,
        Interview::AsUsual => Some(interview(g, w, child, returned, None)),
        Interview::HeldRecently => Some(interview(g, w, child, returned, Some(now))),
    });

    w.references += 1;
    let area = stay.as_ref().and_then(|s| s.area).and_then(|a| w.bcu_of.get(&a).copied());
    let version = gradings.len() + notes.len() + usize::from(found.is_some()) + usize::from(rhi.is_some());
    MissingEpisode {
        id: EpisodeId(g.uuid()),
        person_id: child.id,
        reported_at,
        last_seen_at: plan.last_seen,
        last_seen_where,
        reporter,
        from_location: stay.as_ref().map(|s| s.location),
        area_id: area.or_else(|| w.bcus.first().copied()),
        circumstances,
        police_reference: Some(format!("MOR-{}-{:05}", reported_at.year(), w.references)),
        // Drawn from the reference, not the generator, so that the rest of the demo stays as it was.
        officer_in_charge: if imported {
            String::new()
        } else {
            OFFICERS[w.references as usize % OFFICERS.len()].to_owned()
        },
        out_of_area: in_care && child.out_of_area,
        gradings,
        notes,
        found,
        rhi,
        recorded_by: officer,
        // The force's episode: without a force (an empty demo) nobody's.
        owner: w.police.unwrap_or_default(),
        imported,
        version: i64::try_from(version).unwrap_or(i64::MAX),
    }
}

/// Officers in charge of missing investigations, by name and collar number.
const OFFICERS: &[&str] = &[
    "DC 4410 Nia Hughes",
    "PC 2211 Dafydd Rees",
    "DS 3187 Gareth Lloyd",
    "PC 5092 Megan Price",
    "DC 1876 Owain Jenkins",
    "PC 6634 Ffion Roberts",
];

/// A return home interview: the provider holds most, the child's council some. The provider
/// is better at holding them in time, in person, with the child's own words recorded.
fn interview(
    g: &mut Gen,
    w: &World,
    child: &Child,
    returned: DateTime<Utc>,
    held_before: Option<DateTime<Utc>>,
) -> RhiRecord {
    let by_provider = g.chance(0.7) || child.home_council.is_none();
    let held_by = if by_provider { w.provider } else { child.home_council };
    // (in time, in person, child's voice, shared back, follow-up actions)
    let q = if by_provider { (0.88, 0.93, 0.9, 0.9, 0.75) } else { (0.62, 0.7, 0.55, 0.6, 0.4) };
    let outcome = match g.rng.random_range(0..100) {
        0..=83 => RhiOutcome::Held,
        84..=93 => RhiOutcome::Declined,
        _ => RhiOutcome::NotPossible,
    };
    let mut held_at = match outcome {
        RhiOutcome::Held if g.chance(q.0) => returned + minutes(g, 12 * 60, 70 * 60),
        RhiOutcome::Held => returned + minutes(g, 73 * 60, 150 * 60),
        _ => returned + minutes(g, 6 * 60, 60 * 60),
    };
    if let Some(limit) = held_before {
        held_at = held_at.min(between(g, returned + Duration::hours(1), limit - Duration::hours(1)).max(returned));
    }
    let held = outcome == RhiOutcome::Held;
    let reason = match outcome {
        RhiOutcome::Held => String::new(),
        RhiOutcome::Declined => (*g.pick(&[
            "Said they did not want to talk about it; agreed their social worker could check in instead.",
            "Declined at the door; carer present. Offer left open.",
            "Does not want to see 'another worker'; information leaflet left.",
        ]))
        .to_owned(),
        RhiOutcome::NotPossible => (*g.pick(&[
            "Moved placement out of the area before contact could be made.",
            "Three visits arranged; not at home on any of them.",
            "Went missing again before the interview.",
        ]))
        .to_owned(),
    };
    let text = |g: &mut Gen, p: f64, options: &[&str]| {
        if held && g.chance(p) { (*g.pick(options)).to_owned() } else { String::new() }
    };
    let shared = held && g.chance(q.3);
    let shared_at = (held_at + minutes(g, 60, 48 * 60)).min(held_before.unwrap_or(w.now)).max(held_at);
    RhiRecord {
        outcome,
        // Who offered it, and whether the interviewer was independent: the commissioned provider
        // is; a council social worker who knows the child is not.
        offered_by: if by_provider {
            "Return interview worker (independent provider)".to_owned()
        } else {
            "Duty social worker (children's services)".to_owned()
        },
        interviewer_independent: held.then_some(by_provider),
        consent_to_share: held.then_some(if shared { Consent::Given } else { Consent::NotAsked }),
        reason,
        held_at,
        held_by,
        in_person: held && g.chance(q.1),
        non_uniformed_officer_present: held && g.chance(0.08),
        where_and_with_whom: text(
            g,
            0.85,
            &[
                "At a friend's flat in town with older friends.",
                "Stayed at an older boyfriend's house.",
                "Sleeping at a party house; did not know the adults there.",
                "With a cousin in another town.",
            ],
        ),
        push_factors: text(
            g,
            0.8,
            &[
                "Rows with staff about rules and phone time.",
                "Does not feel listened to at the placement.",
                "Misses family; placement far from home.",
            ],
        ),
        pull_factors: text(
            g,
            0.75,
            &[
                "Friends in town; gifts and lifts from older boys.",
                "Wants to see mum and siblings.",
                "Parties with free alcohol.",
            ],
        ),
        disclosures: text(g, 0.15, &["Was asked to carry a bag for someone.", "Was given cannabis."]),
        harm: text(g, 0.1, &["Was hit during an argument.", "Slept outside one night."]),
        exploitation_indicators: text(
            g,
            0.25,
            &[
                "New phone and clothes without explanation.",
                "Older associates; travel out of area.",
                "Unexplained money; talk of 'owing' someone.",
            ],
        ),
        child_wants: text(
            g,
            q.2,
            &[
                "To live closer to my mum.",
                "For staff to stop taking my phone.",
                "To go back to my old school.",
                "Someone to talk to who isn't police.",
            ],
        ),
        information_shared_at: shared.then_some(shared_at),
        follow_up_actions: text(
            g,
            q.4,
            &[
                "Referral for exploitation screening; social worker to review contact arrangements.",
                "Placement meeting to discuss the child's wishes.",
                "Youth worker to meet weekly for six weeks.",
            ],
        ),
        recorded_by: held_by.and_then(|a| w.workers.get(&a).copied()),
        recorded_at: (held_at + minutes(g, 30, 24 * 60)).min(held_before.unwrap_or(w.now)).max(held_at),
    }
}

fn grab_pack(g: &mut Gen, w: &World, child: &Child) -> GrabPack {
    let updated_at = child.current().map(|s| (Gen::instant(s.from) + Duration::days(2)).min(w.now));
    let hair = *g.pick(&["short brown", "long dark", "shoulder-length blonde", "black curly", "dyed red"]);
    let build = *g.pick(&["slim", "medium", "stocky", "tall and slim"]);
    let height = g.rng.random_range(145..=182);
    GrabPack {
        person_id: Some(child.id),
        description: format!(
            "About {height} cm, {build} build, {hair} hair. Usually wears a black hoodie and trainers."
        ),
        distinguishing_features: (*g.pick(&[
            "Small scar above the left eyebrow.",
            "Pierced ears; wears glasses for reading.",
            "Tattoo of initials on the right wrist.",
            "None known.",
        ]))
        .to_owned(),
        places_frequented: (*g.pick(&[
            "Town centre bus station; the retail park; McDonald's on the high street.",
            "The skate park; a friend's address on Heol Ddu.",
            "Railway station; the beach car park in summer.",
        ]))
        .to_owned(),
        associates: (*g.pick(&[
            "School friends; an older male known as 'Snoop'.",
            "Cousin in Swansea; friends from the previous placement.",
            "Not known.",
        ]))
        .to_owned(),
        phone_and_social_media: "Mobile number held by the placement; Snapchat and TikTok accounts.".into(),
        health_and_medication: (*g.pick(&["None.", "Asthma: carries an inhaler.", "ADHD: daily medication."]))
            .to_owned(),
        risks: (*g.pick(&[
            "Risk of child sexual exploitation.",
            "Risk of criminal exploitation (county lines).",
            "Self-harm when distressed.",
            "None recorded beyond going missing.",
        ]))
        .to_owned(),
        updated_by: child.home_council.and_then(|a| w.workers.get(&a).copied()),
        updated_at,
        version: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{DemoOptions, generate as generate_force};
    use super::*;
    use haven_domain::Invalid;
    use haven_domain::missing::clocks::{RhiState, rhi_clock};
    use haven_domain::missing::episode::{
        GradingContext, GradingInput, check_report_times, check_return, check_rhi_time, parse_grading,
    };
    use std::collections::HashSet;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn force(seed: u64) -> BulkLoad {
        generate_force(DemoOptions { scale: 1, seed, today: today() }, "hash").load
    }

    /// Every check a page or the API would make of the episode, had it been entered by hand.
    fn check(e: &MissingEpisode, now: DateTime<Utc>) -> Invalid {
        let rules = MissingRules::default();
        let mut errors = Invalid::default();
        check_report_times(e.reported_at, e.last_seen_at, now, &mut errors);
        assert!(!e.gradings.is_empty());
        for grading in &e.gradings {
            let answers: Vec<_> =
                grading.answers.iter().map(|a| (a.question.clone(), a.answer.code().to_owned())).collect();
            let input = GradingInput {
                grade: grading.grade.code(),
                rationale: &grading.rationale,
                answers: &answers,
                naira_reason: "",
            };
            let context = GradingContext {
                graded_at: grading.graded_at,
                graded_by: None,
                imported: e.imported,
                concerns: Default::default(),
            };
            parse_grading(&input, &rules, context, &mut errors);
            assert!(grading.graded_at >= e.reported_at && grading.graded_at <= now);
        }
        for n in &e.notes {
            assert!(n.at >= e.last_seen_at && n.at <= e.returned_at().unwrap_or(now), "{n:?}");
            assert_eq!(n.kind == NoteKind::Notification, n.recipient.is_some());
        }
        if let Some(found) = &e.found {
            check_return(found.returned_at, e.reported_at, e.last_seen_at, false, now, &mut errors);
            if let Some(at) = found.prevention_interview_at {
                assert!(at >= found.returned_at && at <= now);
            }
        }
        if let Some(rhi) = &e.rhi {
            check_rhi_time("held_at", rhi.held_at, e.returned_at(), now, &mut errors);
            if rhi.outcome != RhiOutcome::Held {
                assert!(!rhi.reason.trim().is_empty(), "a refused interview needs its reason");
            }
        }
        errors
    }

    #[test]
    fn every_episode_passes_the_checks_made_of_one_entered_by_hand() {
        let load = force(2026);
        let now = demo_now(today());
        for e in &load.episodes {
            assert_eq!(check(e, now), Invalid::default(), "{e:#?}");
            assert_eq!(e.imported, e.reported_at < Gen::instant(go_live()));
            assert!(e.imported || !e.grade().is_some_and(RiskGrade::is_legacy));
            assert!(e.area_id.is_some_and(|a| load.areas.iter().any(|b| b.id == a && b.kind == AreaKind::Bcu)));
        }
    }

    #[test]
    fn a_childs_episodes_never_overlap_and_only_one_is_open() {
        let load = force(7);
        let mut by_child: BTreeMap<PersonId, Vec<&MissingEpisode>> = BTreeMap::new();
        for e in &load.episodes {
            by_child.entry(e.person_id).or_default().push(e);
        }
        let now = demo_now(today());
        for episodes in by_child.values_mut() {
            episodes.sort_by_key(|e| e.last_seen_at);
            assert!(episodes.iter().filter(|e| e.is_open()).count() <= 1);
            for pair in episodes.windows(2) {
                assert!(pair[0].returned_at().unwrap_or(now) < pair[1].last_seen_at, "{pair:#?}");
            }
        }
        let ids: HashSet<_> = load.episodes.iter().map(|e| e.id).collect();
        assert_eq!(ids.len(), load.episodes.len());
    }

    #[test]
    fn the_same_seed_gives_the_same_episodes() {
        let (a, b, c) = (force(42), force(42), force(43));
        assert_eq!(a.episodes.len(), b.episodes.len());
        let key = |l: &BulkLoad| l.episodes.iter().map(|e| (e.id, e.person_id, e.reported_at)).collect::<Vec<_>>();
        assert_eq!(key(&a), key(&b));
        assert_eq!(a.episodes, b.episodes);
        assert_ne!(key(&a), key(&c));
        assert_eq!(a.grab_packs, b.grab_packs);
    }

    #[test]
    fn the_history_has_the_shape_of_a_real_force() {
        let load = force(2026);
        let now = demo_now(today());
        let children = load.people.iter().filter(|p| p.details.kind == PersonKind::Child).count();
        let mut per_child: BTreeMap<PersonId, usize> = BTreeMap::new();
        for e in &load.episodes {
            *per_child.entry(e.person_id).or_default() += 1;
        }
        let total = load.episodes.len();
        assert!((500..=2000).contains(&total), "{total} episodes");
        assert!(per_child.len() * 4 < children, "most children never go missing: {}", per_child.len());
        let repeat = per_child.values().filter(|n| **n >= 10).count();
        assert!((10..=80).contains(&repeat), "{repeat} repeat children");
        assert!(per_child.values().filter(|n| **n <= 2).count() > repeat * 3);
        assert!(per_child.values().all(|n| *n <= 31));

        let location = |id: Option<LocationId>| load.locations.iter().find(|l| Some(l.id) == id).map(|l| l.kind);
        let from = |kind| load.episodes.iter().filter(|e| location(e.from_location) == Some(kind)).count();
        assert!(from(LocationKind::ChildrensHome) > total / 5);
        assert!(from(LocationKind::AsylumHotel) > 0);
        assert!(load.episodes.iter().filter(|e| e.out_of_area).count() > 10);

        let grades = |g: RiskGrade| load.episodes.iter().filter(|e| e.grade() == Some(g)).count();
        assert!(grades(RiskGrade::Medium) > grades(RiskGrade::High));
        assert!(grades(RiskGrade::Low) > grades(RiskGrade::High));
        assert!(grades(RiskGrade::High) > 0);
        assert!(grades(RiskGrade::VeryLow) + grades(RiskGrade::NoApparentRisk) > 0);
        assert!(load.episodes.iter().any(|e| e.imported) && load.episodes.iter().any(|e| !e.imported));

        let hours = |e: &MissingEpisode| e.time_missing(now).num_hours();
        let returned: Vec<_> = load.episodes.iter().filter(|e| !e.is_open()).collect();
        assert!(returned.iter().filter(|e| hours(e) < 24).count() * 4 > returned.len() * 3);
        assert!(returned.iter().any(|e| hours(e) > 24));
        assert!(returned.iter().any(|e| e.found.as_ref().is_some_and(|f| f.found_in_other_force_area)));
        for kind in NoteKind::ALL {
            assert!(load.episodes.iter().any(|e| e.notes.iter().any(|n| n.kind == *kind)), "{kind:?}");
        }
        let rhis: Vec<_> = load.episodes.iter().filter_map(|e| e.rhi.as_ref().map(|r| (e, r))).collect();
        let held = rhis.iter().filter(|(_, r)| r.outcome == RhiOutcome::Held).count();
        assert!(held * 10 > rhis.len() * 7, "mostly held");
        assert!(rhis.iter().any(|(_, r)| r.outcome == RhiOutcome::Declined));
        assert!(rhis.iter().any(|(_, r)| r.outcome == RhiOutcome::NotPossible));
        let late = rhis
            .iter()
            .filter(|(e, r)| {
                e.returned_at().is_some_and(|ret| {
                    rhi_clock(ret, Some(r.held_at), &MissingRules::default(), now).state == RhiState::DoneLate
                })
            })
            .count();
        assert!(late > 0 && late * 3 < held);
        assert!(!load.grab_packs.is_empty());
        assert!(load.grab_packs.iter().all(|p| p.person_id.is_some() && p.version == 1));
    }

    #[test]
    fn the_questionnaire_agrees_with_the_rationale_the_circumstances_and_the_grab_pack() {
        let load = force(2026);
        let answer = |g: &Grading, q: &str| g.answers.iter().find(|a| a.question == q).map(|a| a.answer);
        let mut checked = 0;
        for e in &load.episodes {
            let g = &e.gradings[0];
            let said = format!("{} {}", g.rationale, e.circumstances);
            if g.answers.is_empty() {
                continue;
            }
            if said.contains("adult male") || said.contains("Picked up by a car") {
                assert_eq!(answer(g, "with_whom"), Some(Answer::Yes), "{said}");
                checked += 1;
            }
            if said.contains("self-harm") {
                assert_eq!(answer(g, "self_harm_or_suicide"), Some(Answer::Yes), "{said}");
            }
            if said.contains("usual pattern") {
                assert_eq!(answer(g, "out_of_character"), Some(Answer::No), "{said}");
            }
            let pack = load.grab_packs.iter().find(|p| p.person_id == Some(e.person_id));
            if let Some(pack) = pack.filter(|p| p.updated_at.is_some_and(|u| e.reported_at >= u)) {
                let needs = pack.health_and_medication != "None." || g.rationale.contains("medication");
                assert!(!(needs && g.rationale.contains("no known medical needs")), "{said}");
                let expected = if needs { Answer::Yes } else { Answer::No };
                assert_eq!(answer(g, "medical_needs"), Some(expected), "{said} / {}", pack.health_and_medication);
                checked += 1;
            }
        }
        assert!(checked > 50, "enough episodes to mean something: {checked}");
    }

    #[test]
    fn some_children_are_missing_now_and_some_interviews_are_due_and_overdue() {
        let load = force(2026);
        let now = demo_now(today());
        let rules = MissingRules::default();
        let open: Vec<_> = load.episodes.iter().filter(|e| e.is_open()).collect();
        assert_eq!(open.len(), 5);
        assert_eq!(open.iter().filter(|e| e.grade() == Some(RiskGrade::High)).count(), 1);
        let reviews: Vec<_> = open.iter().flat_map(|e| e.reviews_due(&rules, now)).collect();
        assert!(reviews.iter().any(|r| !r.overdue), "reviews due");
        assert!(reviews.iter().any(|r| r.overdue), "a review overdue");
        let owed: Vec<_> = load
            .episodes
            .iter()
            .filter(|e| e.rhi.is_none())
            .filter_map(|e| e.returned_at())
            .map(|ret| rhi_clock(ret, None, &rules, now).state)
            .collect();
        assert_eq!(owed.iter().filter(|s| **s == RhiState::Due).count(), 4);
        assert_eq!(owed.iter().filter(|s| **s == RhiState::Overdue).count(), 3);
        // Someone's third episode in 90 days came this week.
        let week = now - Duration::days(7);
        let flagged = load.episodes.iter().filter(|e| e.reported_at > week).any(|e| {
            let n = load
                .episodes
                .iter()
                .filter(|x| x.person_id == e.person_id && x.reported_at > e.reported_at - Duration::days(90))
                .count();
            n >= 3
        });
        assert!(flagged);
        // The police hold a record of every child reported missing.
        let police = load.agencies.iter().find(|a| a.kind == AgencyKind::Police).map(|a| a.id);
        for e in &load.episodes {
            let person = load.people.iter().find(|p| p.id == e.person_id).unwrap();
            assert!(person.records.iter().any(|r| Some(r.agency_id) == police));
        }
    }
}
