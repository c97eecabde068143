//! `GET /missing/{id}`: one episode and its whole timeline: the report and every grading with
//! its rationale, the notes made while the child was missing, the return and the return home
//! interview; the clocks (reviews due, the NAIRA hold, the RHI's 72 hours); the child's grab
//! pack; and, for those who may, the forms to regrade and to add a note. The read is audited.

use super::{Access, duration, event, grade_class};
use crate::error::AppError;
use crate::session::{CurrentSession, SignedIn};
use crate::state::AppState;
use crate::views::{ErrorItem, Field, FieldKind, PageCtx, attach_errors, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use haven_domain::FieldError;
use haven_domain::audit::AuditAction;
use haven_domain::ids::{EpisodeId, LocationId, UserId};
use haven_domain::missing::clocks::{naira_escalation, naira_expires_at, rhi_clock};
use haven_domain::missing::episode::{Answer, NairaConcerns, RISK_QUESTIONS};
use haven_domain::missing::record::{GrabPack, MissingEpisode, NoteKind, Recipient, RhiAttempt};
use haven_domain::missing::{EpisodeView, MissingRules, RiskGrade};
use haven_domain::person::age_on;
use haven_domain::policy::Action;
use haven_domain::uktime::uk_date;
use std::collections::HashMap;

/// One entry of the timeline: its narrative, and items (the questionnaire's answers, an
/// interview's facts) as a list.
#[derive(Debug)]
pub struct TimelineItem {
    pub at: String,
    pub title: String,
    pub text: String,
    pub list: Vec<String>,
    pub by: String,
}

#[derive(Debug, Template)]
#[template(path = "missing/episode.html")]
pub struct EpisodePage {
    pub ctx: PageCtx,
    pub id: EpisodeId,
    pub person_id: String,
    pub person_name: String,
    /// "Aged 14 · born 03/02/2012", or empty where no date of birth is recorded.
    pub person_line: String,
    pub open: bool,
    pub grade: String,
    pub grade_class: &'static str,
    pub alert: bool,
    pub time_missing: String,
    pub facts: Vec<(String, String)>,
    /// Review label, due time, overdue.
    pub reviews: Vec<(String, String, bool)>,
    pub naira: Option<String>,
    /// Due time, state label, tag class.
    pub rhi_clock: Option<(String, String, &'static str)>,
    pub timeline: Vec<TimelineItem>,
    /// The grab pack as it was when the child was reported and, when it has changed since, as
    /// it is now: each with its heading.
    pub grab_packs: Vec<(String, Vec<(String, String)>)>,
    pub rhi_quality: Option<String>,
    pub version: i64,
    /// The police's own forms: regrade and record the return.
    pub can_regrade: bool,
    /// The note form, offering the kinds of note the user's agency and role may add.
    pub can_note: bool,
    pub can_rhi: bool,
    /// Whom the child was found with or where (the police, on their return), or whom they
    /// disclosed (those who record the interview, once it is recorded).
    pub can_associate: bool,
    pub regrade_fields: Vec<Field>,
    pub note_fields: Vec<Field>,
    pub errors: Vec<ErrorItem>,
    pub conflict: bool,
}

/// What the user typed into one of the page's forms, to show again with its errors.
#[derive(Debug, Default)]
pub struct Posted {
    pub regrade: HashMap<String, String>,
    pub note: HashMap<String, String>,
    pub errors: Vec<FieldError>,
    pub conflict: bool,
}

#[tracing::instrument(skip_all)]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let page = page(&state, ctx, &session, &raw, "GET /missing/{id}", Posted::default()).await?;
    render(StatusCode::OK, &page)
}

/// Names of users and places, looked up once per page.
struct Names {
    users: HashMap<UserId, String>,
}

impl Names {
    async fn user(&mut self, state: &AppState, id: Option<UserId>, ctx: &PageCtx) -> Result<String, AppError> {
        let Some(id) = id else { return Ok(ctx.t("missing-by-system")) };
        if let Some(name) = self.users.get(&id) {
            return Ok(name.clone());
        }
        // Every entry says who, for which agency, in which role.
        let name = match state.store.user(id).await? {
            Some(u) => {
                let agency = state.store.agency(u.agency_id).await?.map(|a| a.name).unwrap_or_default();
                format!("{} ({}, {})", u.display_name, agency, ctx.label("role", u.role.code()))
            }
            None => id.to_string(),
        };
        self.users.insert(id, name.clone());
        Ok(name)
    }
}

async fn place(state: &AppState, id: Option<LocationId>) -> Result<Option<String>, AppError> {
    let Some(id) = id else { return Ok(None) };
    Ok(state.store.location(id).await?.map(|l| l.name.unwrap_or(l.address)))
}

/// The page, with a form's input and errors when a post was refused.
pub async fn page(
    state: &AppState,
    ctx: PageCtx,
    session: &CurrentSession,
    raw: &str,
    purpose: &str,
    posted: Posted,
) -> Result<EpisodePage, AppError> {
    let id: EpisodeId = raw.parse().map_err(|_| AppError::NotFound)?;
    let caller = super::super::people::caller(state, session).await?;
    let (episode, found) = caller.read_episode(id, purpose).await?;
    let (view, person_id) = (found.view, found.person);
    let access = Access::of(&caller, view, found.holders, Some(found.owner));
    let may = |action| access.may(session, action);
    let rules = state.rules_for(episode.area_id).await?;
    let now = super::now();
    let full = view == EpisodeView::Full;
    let read = event(session, AuditAction::PersonView, purpose).person(person_id);
    let child = state.store.person(person_id, &read).await?.details;
    let person_name = child.full_name();
    let person_line = match child.date_of_birth {
        Some(dob) => ctx
            .lang
            .t_args("missing-age-born", &[("age", age_on(dob, uk_date(now)).to_string()), ("born", ctx.date(&dob))]),
        None => String::new(),
    };

    let mut names = Names { users: HashMap::new() };
    let mut facts = vec![
        (ctx.t("missing-reported-at"), ctx.time(&episode.reported_at)),
        (ctx.t("missing-last-seen-at"), ctx.time(&episode.last_seen_at)),
    ];
    if full {
        facts.push((ctx.t("missing-last-seen-where"), episode.last_seen_where.clone()));
        facts.push((ctx.t("missing-reporter"), ctx.label("reporter", episode.reporter.code())));
        if let Some(place) = place(state, episode.from_location).await? {
            facts.push((ctx.t("missing-from"), place));
        }
        if episode.out_of_area {
            facts.push((ctx.t("missing-out-of-area"), ctx.t("yes")));
        }
        if let Some(r) = &episode.police_reference {
            facts.push((ctx.t("missing-police-reference"), r.clone()));
        }
        if !episode.officer_in_charge.is_empty() {
            facts.push((ctx.t("missing-officer-in-charge"), episode.officer_in_charge.clone()));
        }
        if !episode.circumstances.is_empty() {
            facts.push((ctx.t("missing-circumstances"), episode.circumstances.clone()));
        }
    }
    if let Some(found) = &episode.found {
        facts.push((ctx.t("missing-returned-at"), ctx.time(&found.returned_at)));
    }

    // The effective grade: a NAIRA hold that has run out is graded by the rules at once, even
    // before the background escalation writes it.
    let latest = episode.grading().cloned();
    let escalated = naira_escalation(&episode.gradings, &rules, episode.is_open(), now);
    let grade = escalated.as_ref().or(latest.as_ref()).map(|g| g.grade);
    let reviews = episode
        .reviews_due(&rules, now)
        .into_iter()
        .map(|r| (ctx.label("review", r.kind.code()), ctx.time(&r.due_at), r.overdue))
        .collect();
    let naira = naira_expires_at(&episode.gradings, &rules).filter(|_| episode.is_open());
    let rhi_clock = episode.returned_at().filter(|_| view.records_rhi()).map(|returned| {
        let clock = rhi_clock(returned, episode.rhi.as_ref().map(|r| r.held_at), &rules, now);
        let state = serde_json::to_value(clock.state).ok().and_then(|v| v.as_str().map(str::to_owned));
        let state = state.unwrap_or_default();
        let class = match state.as_str() {
            "overdue" | "done_late" => "govuk-tag--red",
            "due" => "govuk-tag--yellow",
            _ => "govuk-tag--green",
        };
        (ctx.time(&clock.due_at), ctx.label("rhi-state", &state), class)
    });
    let rhi_quality = match (&episode.rhi, episode.returned_at()) {
        (Some(rhi), Some(returned)) => {
            let q = rhi.quality(returned, rules.rhi_within_hours);
            Some(ctx.lang.t_args("missing-rhi-quality", &[("score", q.score().to_string())]))
        }
        _ => None,
    };

    // The steps towards the interview, for a view that sees the interview (read only then).
    let attempts =
        if view.records_rhi() { caller.rhi_attempts(&[id]).await?.remove(&id).unwrap_or_default() } else { Vec::new() };
    let timeline = timeline(state, &ctx, &episode, &attempts, &mut names, escalated.as_ref()).await?;
    let grab_packs = if full { grab_packs(state, &ctx, person_id, episode.reported_at).await? } else { Vec::new() };

    let open = episode.is_open();
    let can_regrade = full && open && may(Action::Regrade);
    let note_kinds: Vec<NoteKind> =
        NoteKind::ALL.iter().copied().filter(|k| full && open && may(Action::AddNote(*k))).collect();
    let can_note = !note_kinds.is_empty();
    let can_rhi = episode.returned_at().is_some() && episode.rhi.is_none() && may(Action::RecordRhi);
    let can_associate = episode.returned_at().is_some()
        && (may(Action::RecordReturn) || (episode.rhi.is_some() && may(Action::RecordRhi)));
    // The questions of the risk questionnaire not yet answered on the episode: a high grade
    // needs them, so the regrade form asks them.
    let unanswered: Vec<&str> = RISK_QUESTIONS
        .iter()
        .copied()
        .filter(|q| !episode.gradings.iter().flat_map(|g| &g.answers).any(|a| a.question == *q))
        .collect();
    // NAIRA on a regrade warns of the child's concerns, as the report form does.
    let concerns = if can_regrade && rules.naira.is_some() {
        caller.naira_concerns(person_id, &rules, 0, purpose).await?
    } else {
        NairaConcerns::default()
    };
    let mut regrade_fields = regrade_fields(&ctx, &posted.regrade, &rules, &unanswered, concerns);
    let mut note_fields = note_fields(&ctx, &posted.note, &note_kinds);
    // The domain names an answer `answers.<question>`; on the form each question is its own field.
    let posted_errors: Vec<_> = posted
        .errors
        .iter()
        .map(|e| {
            let mut e = e.clone();
            if let Some(q) = e.field.strip_prefix("answers.") {
                e.field = q.to_owned();
            }
            e
        })
        .collect();
    let mut errors = attach_errors(ctx.lang, &mut regrade_fields, &posted_errors);
    if errors.is_empty() {
        errors = attach_errors(ctx.lang, &mut note_fields, &posted_errors);
    }
    Ok(EpisodePage {
        id,
        person_id: person_id.to_string(),
        person_name,
        person_line,
        open,
        grade: grade.map(|g| ctx.label("grade", g.code())).unwrap_or_default(),
        grade_class: grade_class(grade),
        alert: open && grade == Some(RiskGrade::High),
        time_missing: duration(&ctx, episode.time_missing(now)),
        facts,
        reviews,
        naira: naira.map(|t| ctx.time(&t)),
        rhi_clock,
        timeline,
        grab_packs,
        rhi_quality,
        version: episode.version,
        can_regrade,
        can_note,
        can_rhi,
        can_associate,
        regrade_fields,
        note_fields,
        errors,
        conflict: posted.conflict,
        ctx,
    })
}

/// The child's name for the heading. Reading the person is audited like any other read.
pub(super) async fn person_name(
    state: &AppState,
    session: &CurrentSession,
    id: haven_domain::ids::PersonId,
    purpose: &str,
) -> Result<String, AppError> {
    let read = event(session, AuditAction::PersonView, purpose).person(id);
    Ok(state.store.person(id, &read).await?.details.full_name())
}

async fn timeline(
    state: &AppState,
    ctx: &PageCtx,
    e: &MissingEpisode,
    attempts: &[RhiAttempt],
    names: &mut Names,
    escalated: Option<&haven_domain::missing::episode::Grading>,
) -> Result<Vec<TimelineItem>, AppError> {
    let mut items: Vec<(chrono::DateTime<chrono::Utc>, TimelineItem)> = Vec::new();
    items.push((
        e.reported_at,
        TimelineItem {
            at: ctx.time(&e.reported_at),
            title: ctx.t("missing-event-reported"),
            text: String::new(),
            list: Vec::new(),
            by: names.user(state, e.recorded_by, ctx).await?,
        },
    ));
    for (n, g) in e.gradings.iter().chain(escalated).enumerate() {
        let title = if n == 0 { "missing-event-graded" } else { "missing-event-regraded" };
        let mut list: Vec<String> = g
            .answers
            .iter()
            .map(|a| format!("{}: {}", ctx.label("question", &a.question), ctx.label("answer", a.answer.code())))
            .collect();
        if let Some(reason) = &g.naira_reason {
            list.insert(0, format!("{}: {reason}", ctx.t("missing-naira-reason")));
        }
        items.push((
            g.graded_at,
            TimelineItem {
                at: ctx.time(&g.graded_at),
                title: format!("{} – {}", ctx.t(title), ctx.label("grade", g.grade.code())),
                text: g.rationale.clone(),
                list,
                by: names.user(state, g.graded_by, ctx).await?,
            },
        ));
    }
    for note in &e.notes {
        let mut title = ctx.label("note", note.kind.code());
        if let Some(r) = note.recipient {
            title = format!("{title} – {}", ctx.label("recipient", r.code()));
        }
        let mut text = note.text.clone();
        if let Some(place) = place(state, note.location_id).await? {
            text = format!("{text} ({place})");
        }
        let list =
            note.next_review_at.iter().map(|t| ctx.t1("missing-next-review-set", "time", &ctx.time(t))).collect();
        let by = names.user(state, note.recorded_by, ctx).await?;
        items.push((note.at, TimelineItem { at: ctx.time(&note.at), title, text, list, by }));
    }
    if let Some(f) = &e.found {
        let mut lines = Vec::new();
        for (key, value) in [
            ("missing-found-where", &f.found_where),
            ("missing-found-by", &f.found_by),
            ("missing-with-whom", &f.with_whom),
            ("missing-harm-seen", &f.harm_seen),
        ] {
            if !value.is_empty() {
                lines.push(format!("{}: {value}", ctx.t(key)));
            }
        }
        if f.disclosed {
            lines.push(ctx.t("missing-disclosed"));
        }
        if f.found_in_other_force_area {
            lines.push(ctx.t("missing-found-in-other-force-area"));
        }
        items.push((
            f.returned_at,
            TimelineItem {
                at: ctx.time(&f.returned_at),
                title: ctx.t("missing-event-returned"),
                text: String::new(),
                list: lines,
                by: names.user(state, f.recorded_by, ctx).await?,
            },
        ));
        if let Some(at) = f.prevention_interview_at {
            items.push((
                at,
                TimelineItem {
                    at: ctx.time(&at),
                    title: ctx.t("missing-event-prevention-interview"),
                    text: f.prevention_interview_notes.clone(),
                    list: Vec::new(),
                    by: names.user(state, f.recorded_by, ctx).await?,
                },
            ));
        }
    }
    for a in attempts {
        let title = format!("{} – {}", ctx.t("missing-event-rhi-step"), ctx.label("rhi-step", a.step.code()));
        let list = vec![format!("{}: {}", ctx.t("rhi-step-worker"), a.worker)];
        let by = names.user(state, a.recorded_by, ctx).await?;
        items.push((a.at, TimelineItem { at: ctx.time(&a.at), title, text: a.note.clone(), list, by }));
    }
    if let Some(r) = &e.rhi {
        let mut lines = Vec::new();
        if !r.offered_by.is_empty() {
            lines.push(format!("{}: {}", ctx.t("rhi-offered-by"), r.offered_by));
        }
        if let Some(independent) = r.interviewer_independent {
            let key = if independent { "rhi-independent-yes" } else { "rhi-independent-no" };
            lines.push(ctx.t(key));
        }
        if let Some(consent) = r.consent_to_share {
            lines.push(format!("{}: {}", ctx.t("rhi-consent-to-share"), ctx.label("consent", consent.code())));
        }
        if !r.reason.is_empty() {
            lines.push(format!("{}: {}", ctx.t("rhi-reason"), r.reason));
        }
        for (key, value) in [
            ("rhi-where-and-with-whom", &r.where_and_with_whom),
            ("rhi-push-factors", &r.push_factors),
            ("rhi-pull-factors", &r.pull_factors),
            ("rhi-disclosures", &r.disclosures),
            ("rhi-harm", &r.harm),
            ("rhi-exploitation-indicators", &r.exploitation_indicators),
            ("rhi-child-wants", &r.child_wants),
            ("rhi-follow-up-actions", &r.follow_up_actions),
        ] {
            if !value.is_empty() {
                lines.push(format!("{}: {value}", ctx.t(key)));
            }
        }
        if r.in_person {
            lines.push(ctx.t("rhi-in-person"));
        }
        if r.non_uniformed_officer_present {
            lines.push(ctx.t("rhi-non-uniformed-officer-present"));
        }
        items.push((
            r.held_at,
            TimelineItem {
                at: ctx.time(&r.held_at),
                title: format!("{} – {}", ctx.t("missing-event-rhi"), ctx.label("rhi-outcome", r.outcome.code())),
                text: String::new(),
                list: lines,
                by: names.user(state, r.recorded_by, ctx).await?,
            },
        ));
    }
    // Newest first, as a practitioner reads it at 3 a.m.: sorted oldest first (a stable sort
    // keeps the report before its first grading at the same time), then turned round.
    items.sort_by_key(|(at, _)| *at);
    Ok(items.into_iter().rev().map(|(_, item)| item).collect())
}

/// The pack as it was when the child was reported, and the latest where it changed since.
async fn grab_packs(
    state: &AppState,
    ctx: &PageCtx,
    person: haven_domain::ids::PersonId,
    reported_at: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<(String, Vec<(String, String)>)>, AppError> {
    let then = state.store.grab_pack_as_of(person, reported_at).await?;
    let now = state.store.grab_pack(person).await?;
    let heading = |key: &str, pack: &GrabPack| {
        let saved = pack.updated_at.map(|t| ctx.time(&t)).unwrap_or_default();
        ctx.lang.t_args(key, &[("version", pack.version.to_string()), ("saved", saved)])
    };
    let mut out = Vec::new();
    if let Some(then) = &then {
        out.push((heading("grab-when-reported", then), grab_pack_lines(ctx, then.clone())));
    }
    match now {
        Some(now) if then.as_ref().is_none_or(|t| t.version != now.version) => {
            out.push((heading("grab-latest", &now), grab_pack_lines(ctx, now)));
        }
        _ => {}
    }
    Ok(out)
}

fn grab_pack_lines(ctx: &PageCtx, pack: GrabPack) -> Vec<(String, String)> {
    [
        ("grab-description", pack.description),
        ("grab-distinguishing-features", pack.distinguishing_features),
        ("grab-places-frequented", pack.places_frequented),
        ("grab-associates", pack.associates),
        ("grab-phone-and-social-media", pack.phone_and_social_media),
        ("grab-health-and-medication", pack.health_and_medication),
        ("grab-risks", pack.risks),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| (ctx.t(k), v))
    .collect()
}

fn get<'a>(posted: &'a HashMap<String, String>, name: &str) -> &'a str {
    posted.get(name).map(String::as_str).unwrap_or("")
}

/// The regrade form: the grades the area's rules give, the rationale, and the questions of the
/// risk questionnaire still `unanswered` on the episode (a high grade needs them).
fn regrade_fields(
    ctx: &PageCtx,
    posted: &HashMap<String, String>,
    rules: &MissingRules,
    unanswered: &[&'static str],
    concerns: NairaConcerns,
) -> Vec<Field> {
    let grades: Vec<_> = rules
        .grades_given()
        .into_iter()
        .chain(rules.naira.is_some().then_some(RiskGrade::Naira))
        .map(|g| (g.code(), ctx.label("grade", g.code())))
        .collect();
    let mut fields = vec![
        Field::choose("risk_grade", ctx.t("missing-new-grade"), get(posted, "risk_grade"), FieldKind::Radios, &grades),
        Field::textarea("risk_rationale", ctx.t("missing-risk-rationale"), get(posted, "risk_rationale"))
            .hint(ctx.t("missing-risk-rationale-hint")),
    ];
    if rules.naira.is_some() {
        fields.push(super::report::naira_reason_field(ctx, get(posted, "naira_reason"), concerns));
    }
    let answers: Vec<_> = Answer::ALL.iter().map(|a| (a.code(), ctx.label("answer", a.code()))).collect();
    for q in unanswered {
        fields.push(Field::choose(q, ctx.label("question", q), get(posted, q), FieldKind::Radios, &answers));
    }
    fields
}

fn note_fields(ctx: &PageCtx, posted: &HashMap<String, String>, allowed: &[NoteKind]) -> Vec<Field> {
    let kinds: Vec<_> = allowed.iter().map(|k| (k.code(), ctx.label("note", k.code()))).collect();
    let mut recipients = vec![("", ctx.t("missing-recipient-none"))];
    recipients.extend(Recipient::ALL.iter().map(|r| (r.code(), ctx.label("recipient", r.code()))));
    let at = match get(posted, "at") {
        "" => super::time_value(super::now()),
        at => at.to_owned(),
    };
    let mut fields = vec![
        Field::choose("kind", ctx.t("missing-note-kind"), get(posted, "kind"), FieldKind::Select, &kinds),
        Field::text("at", ctx.t("missing-note-at"), &at, "govuk-input--width-20").hint(ctx.t("missing-time-hint")),
        Field::textarea("text", ctx.t("missing-note-text"), get(posted, "text")),
        Field::choose(
            "recipient",
            ctx.t("missing-recipient"),
            get(posted, "recipient"),
            FieldKind::Select,
            &recipients,
        ),
    ];
    // A supervisor's or inspector's review may set when the next one is due.
    if allowed.iter().any(|k| k.review_kind().is_some()) {
        fields.push(
            Field::text(
                "next_review_at",
                ctx.t("missing-next-review-at"),
                get(posted, "next_review_at"),
                "govuk-input--width-20",
            )
            .hint(ctx.t("missing-next-review-at-hint")),
        );
    }
    fields
}
