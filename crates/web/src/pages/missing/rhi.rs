//! `GET|POST /missing/{id}/rhi`: the return home interview — held, declined or not possible
//! (with the reason), who held it and how, and what the child said: where they were and with
//! whom, what pushed and pulled them, disclosures, harm, signs of exploitation, what they want.
//! The quality measures are computed from what is recorded, never typed in.

use super::episode::person_name;
use super::{form_version, parse_time, ticked, time_value};
use crate::error::{AppError, Outcome};
use crate::pages::people::caller;
use crate::session::{CurrentSession, SignedIn};
use crate::state::AppState;
use crate::views::{Field, FieldKind, FormPage, PageCtx, attach_errors, render};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_domain::FieldError;
use haven_domain::ids::EpisodeId;
use haven_domain::missing::MissingEpisode;
use haven_domain::missing::episode::{Consent, RhiOutcome};
use haven_domain::missing::input::RhiInput;
use haven_domain::policy::Action;
use std::collections::HashMap;

/// The long-text fields of the interview, in the order a worker asks them.
const CONTENT: &[(&str, &str)] = &[
    ("where_and_with_whom", "rhi-where-and-with-whom"),
    ("push_factors", "rhi-push-factors"),
    ("pull_factors", "rhi-pull-factors"),
    ("disclosures", "rhi-disclosures"),
    ("harm", "rhi-harm"),
    ("exploitation_indicators", "rhi-exploitation-indicators"),
    ("child_wants", "rhi-child-wants"),
    ("follow_up_actions", "rhi-follow-up-actions"),
];

fn page(
    ctx: PageCtx,
    name: &str,
    episode: &MissingEpisode,
    posted: &HashMap<String, String>,
    errors: &[FieldError],
    version: i64,
) -> FormPage {
    let v = |name: &str| posted.get(name).cloned().unwrap_or_default();
    let outcomes: Vec<_> = RhiOutcome::ALL.iter().map(|o| (o.code(), ctx.label("rhi-outcome", o.code()))).collect();
    let yes_no = [("yes", ctx.label("answer", "yes")), ("no", ctx.label("answer", "no"))];
    let consents: Vec<_> = Consent::ALL.iter().map(|c| (c.code(), ctx.label("consent", c.code()))).collect();
    let mut fields = vec![
        Field::choose("outcome", ctx.t("rhi-outcome"), &v("outcome"), FieldKind::Radios, &outcomes),
        Field::text("offered_by", ctx.t("rhi-offered-by"), &v("offered_by"), "govuk-!-width-two-thirds")
            .hint(ctx.t("rhi-offered-by-hint")),
        Field::text("held_at", ctx.t("rhi-held-at"), &v("held_at"), "govuk-input--width-20")
            .hint(ctx.t("missing-time-hint")),
        Field::textarea("reason", ctx.t("rhi-reason"), &v("reason")).hint(ctx.t("rhi-reason-hint")),
        Field::checkbox("in_person", ctx.t("rhi-in-person"), ticked(&v("in_person"))),
        Field::checkbox(
            "non_uniformed_officer_present",
            ctx.t("rhi-non-uniformed-officer-present"),
            ticked(&v("non_uniformed_officer_present")),
        ),
        Field::choose(
            "interviewer_independent",
            ctx.t("rhi-interviewer-independent"),
            &v("interviewer_independent"),
            FieldKind::Radios,
            &yes_no,
        )
        .hint(ctx.t("rhi-interviewer-independent-hint")),
        Field::choose(
            "consent_to_share",
            ctx.t("rhi-consent-to-share"),
            &v("consent_to_share"),
            FieldKind::Radios,
            &consents,
        )
        .hint(ctx.t("rhi-consent-to-share-hint")),
    ];
    for (name, label) in CONTENT {
        fields.push(Field::textarea(name, ctx.t(label), &v(name)));
    }
    fields.push(Field::checkbox(
        "information_shared",
        ctx.t("rhi-information-shared"),
        ticked(&v("information_shared")),
    ));
    let errors = attach_errors(ctx.lang, &mut fields, errors);
    FormPage {
        title: ctx.lang.t_args("rhi-heading", &[("name", name.to_owned())]),
        button: ctx.t("rhi-button"),
        action: format!("/missing/{}/rhi", episode.id),
        back: format!("/missing/{}", episode.id),
        version: Some(version.to_string()),
        fields,
        errors,
        conflict: false,
        ctx,
    }
}

async fn episode(
    state: &AppState,
    session: &CurrentSession,
    raw: &str,
    purpose: &str,
) -> Result<MissingEpisode, AppError> {
    let id: EpisodeId = raw.parse().map_err(|_| AppError::NotFound)?;
    let caller = caller(state, session).await?;
    Ok(caller.read_episode_for(id, Action::RecordRhi, purpose).await?.0)
}

#[tracing::instrument(skip_all)]
pub async fn form(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let episode = episode(&state, &session, &raw, "GET /missing/{id}/rhi").await?;
    if episode.rhi.is_some() || episode.is_open() {
        return Ok(Redirect::to(&format!("/missing/{}", episode.id)).into_response());
    }
    let name = person_name(&state, &session, episode.person_id, "GET /missing/{id}/rhi").await?;
    let posted = HashMap::from([("held_at".to_owned(), time_value(super::now()))]);
    render(StatusCode::OK, &page(ctx, &name, &episode, &posted, &[], episode.version))
}

#[tracing::instrument(skip_all)]
pub async fn record(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let purpose = "POST /missing/{id}/rhi";
    let id: EpisodeId = raw.parse().map_err(|_| AppError::NotFound)?;
    let version = form_version(&posted)?;
    let v = |name: &str| posted.get(name).map(String::as_str).unwrap_or("");
    let input = RhiInput {
        outcome: v("outcome"),
        offered_by: v("offered_by"),
        interviewer_independent: match v("interviewer_independent") {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        },
        consent_to_share: v("consent_to_share"),
        reason: v("reason"),
        held_at: parse_time(v("held_at")),
        held_by: None,
        in_person: ticked(v("in_person")),
        non_uniformed_officer_present: ticked(v("non_uniformed_officer_present")),
        where_and_with_whom: v("where_and_with_whom"),
        push_factors: v("push_factors"),
        pull_factors: v("pull_factors"),
        disclosures: v("disclosures"),
        harm: v("harm"),
        exploitation_indicators: v("exploitation_indicators"),
        child_wants: v("child_wants"),
        information_shared_at: ticked(v("information_shared")).then_some(Ok(super::now())),
        follow_up_actions: v("follow_up_actions"),
    };
    let caller = caller(&state, &session).await?;
    let outcome =
        Outcome::of(caller.record_rhi(id, Some(version), &input, None, state.install_rules(), purpose).await)?;
    let (status, errors, conflict) = match outcome {
        Outcome::Done(_) => return Ok(Redirect::to(&format!("/missing/{id}")).into_response()),
        Outcome::Invalid(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors.0, false),
        Outcome::Conflict => (StatusCode::CONFLICT, Vec::new(), true),
    };
    // The form again, made from the episode as it is now.
    let episode = episode(&state, &session, &raw, purpose).await?;
    let name = person_name(&state, &session, episode.person_id, purpose).await?;
    let mut page = page(ctx, &name, &episode, &posted, &errors, if conflict { episode.version } else { version });
    page.conflict = conflict;
    render(status, &page)
}
