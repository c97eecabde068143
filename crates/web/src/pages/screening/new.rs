//! `GET|POST /people/{id}/screenings/new`: screening a child for exploitation. The form shows
//! the tool in force grouped by theme, each indicator with its guidance and, beside it, what
//! haven already knows that may bear on it, with its source. A suggestion is never an answer:
//! nothing is selected for the practitioner. The practitioner may give a tier of their own; a
//! lower one than the tool's needs a reason. Every problem is shown at once and nothing is
//! written until all is well; then the result page.

use super::source_words;
use crate::error::{AppError, Outcome};
use crate::pages::people::{caller, parse_id};
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{ErrorItem, PageCtx, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_app::ScreeningForm;
use haven_domain::FieldError;
use haven_domain::ids::PersonId;
use haven_domain::screening::{ScreeningInput, Tier};
use std::collections::HashMap;

#[derive(Debug)]
pub struct ItemView {
    pub code: String,
    pub label: String,
    pub guidance: String,
    pub points: u32,
    pub significant: bool,
    pub points_to: String,
    /// The answer as posted (`present`, `absent`, `not_known`), empty when none.
    pub answer: String,
    pub note: String,
    pub error: Option<String>,
    pub note_error: Option<String>,
    /// What haven knows: (words, link).
    pub suggestions: Vec<(String, Option<String>)>,
}

#[derive(Debug)]
pub struct ThemeView {
    pub label: String,
    pub items: Vec<ItemView>,
}

#[derive(Debug, Template)]
#[template(path = "screening/form.html")]
struct FormPage {
    ctx: PageCtx,
    person_id: String,
    person_name: String,
    tool_version: u32,
    tool_name: String,
    themes: Vec<ThemeView>,
    suggested: usize,
    /// (code, label) of the tiers the practitioner may give.
    tiers: Vec<(String, String)>,
    tier: String,
    tier_error: Option<String>,
    reason: String,
    reason_error: Option<String>,
    errors: Vec<ErrorItem>,
}

fn answers_field(code: &str) -> String {
    format!("answers.{code}")
}

fn page(ctx: PageCtx, form: &ScreeningForm, posted: &HashMap<String, String>, errors: &[FieldError]) -> FormPage {
    let cy = ctx.lang == crate::i18n::Lang::Cy;
    let message =
        |field: &str| errors.iter().find(|e| e.field == field).map(|e| ctx.lang.field_error(&e.field, e.code));
    let value = |field: &str| posted.get(field).cloned().unwrap_or_default();
    let themes = form
        .tool
        .by_theme()
        .into_iter()
        .map(|(theme, items)| ThemeView {
            label: ctx.label("screening-theme", theme.code()),
            items: items
                .into_iter()
                .map(|i| {
                    let field = answers_field(i.code);
                    ItemView {
                        code: i.code.to_owned(),
                        label: i.label(cy).to_owned(),
                        guidance: i.guidance(cy).to_owned(),
                        points: i.weight,
                        significant: i.significant,
                        points_to: i
                            .points_to
                            .iter()
                            .map(|e| ctx.label("screening-type", e.code()))
                            .collect::<Vec<_>>()
                            .join(", "),
                        answer: value(&field),
                        note: value(&format!("{field}.note")),
                        error: message(&field),
                        note_error: message(&format!("{field}.note")),
                        suggestions: form
                            .suggestions
                            .iter()
                            .filter(|s| s.indicator == i.code)
                            .map(|s| source_words(&ctx, &s.source))
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect();
    // The summary links to each problem's field, in the order the domain found them.
    let summary = errors
        .iter()
        .map(|e| {
            let anchor = match e.field.as_str() {
                "answers" => form.tool.indicators.first().map_or("tier".to_owned(), |i| answers_field(i.code)),
                other => other.to_owned(),
            };
            ErrorItem { field: anchor, message: ctx.lang.field_error(&e.field, e.code) }
        })
        .collect();
    FormPage {
        person_id: form.person.id.to_string(),
        person_name: form.person.details.full_name(),
        tool_version: form.tool.version,
        tool_name: form.tool.name.to_owned(),
        themes,
        suggested: form.suggestions.len(),
        tiers: Tier::ALL.iter().map(|t| (t.code().to_owned(), ctx.label("screening-tier", t.code()))).collect(),
        tier: value("tier"),
        tier_error: message("tier").or_else(|| message("tool_version")),
        reason: value("reason"),
        reason_error: message("reason"),
        errors: summary,
        ctx,
    }
}

async fn load(
    state: &AppState,
    caller: &haven_app::Caller<'_>,
    person: PersonId,
    purpose: &str,
) -> Result<ScreeningForm, AppError> {
    let tools = &state.config.screening_tools;
    Outcome::of(caller.screening_form(person, tools, state.install_rules(), purpose).await).and_then(|o| match o {
        Outcome::Done(form) => Ok(form),
        Outcome::Invalid(_) | Outcome::Conflict => Err(AppError::NotFound),
    })
}

#[tracing::instrument(skip_all)]
pub async fn form(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let person = parse_id(&raw)?;
    let caller = caller(&state, &session).await?;
    let form = load(&state, &caller, person, "GET /people/{id}/screenings/new").await?;
    render(StatusCode::OK, &page(ctx, &form, &HashMap::new(), &[]))
}

#[tracing::instrument(skip_all)]
pub async fn save(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let purpose = "POST /people/{id}/screenings/new";
    let person = parse_id(&raw)?;
    let caller = caller(&state, &session).await?;
    let tools = &state.config.screening_tools;
    // Every indicator the form offered that was answered or noted, in the tool's order; an
    // indicator of another version posted here is sent as it came, to be refused by name.
    let mut answered: Vec<(&str, &str, &str)> = Vec::new();
    for (key, answer) in &posted {
        let Some(code) = key.strip_prefix("answers.").filter(|c| !c.ends_with(".note")) else { continue };
        let note = posted.get(&format!("{key}.note")).map(String::as_str).unwrap_or("");
        answered.push((code, answer.as_str(), note));
    }
    for (key, note) in &posted {
        let Some(code) = key.strip_prefix("answers.").and_then(|c| c.strip_suffix(".note")) else { continue };
        if !note.trim().is_empty() && !posted.contains_key(&answers_field(code)) {
            answered.push((code, "", note.as_str()));
        }
    }
    let order = |code: &str| tools.current().and_then(|t| t.indicators.iter().position(|i| i.code == code));
    answered.sort_by_key(|(code, _, _)| (order(code).unwrap_or(usize::MAX), code.to_string()));
    let tool_version = match posted.get("tool_version").map(|v| v.trim().parse::<u32>()) {
        None => None,
        Some(Ok(v)) => Some(v),
        // A tampered version is no version haven knows.
        Some(Err(_)) => Some(0),
    };
    let input = ScreeningInput {
        tool_version,
        answers: answered,
        tier: posted.get("tier").map(String::as_str),
        reason: posted.get("reason").map(String::as_str).unwrap_or(""),
    };
    match Outcome::of(caller.screen_child(person, &input, tools, purpose).await)? {
        Outcome::Done(done) => {
            Ok(Redirect::to(&format!("/people/{person}/screenings/{}", done.screening.id)).into_response())
        }
        Outcome::Invalid(errors) => {
            let form = load(&state, &caller, person, purpose).await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page(ctx, &form, &posted, &errors.0))
        }
        Outcome::Conflict => Err(AppError::NotFound),
    }
}
