//! `/admin/areas/{code}/rules`: an area's missing-episode rules, for the install's
//! administrator. The rules in force in words (placeholders marked), a form to save a new
//! version (filled from the rules in force, or from a preset with `?preset=england|wales`), and
//! every version with from when it applies. Saving is `haven_app::rules`' action, as the API's
//! and the command line's; each refused setting is named beside its field.

use super::operator;
use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{ErrorItem, Field, FieldKind, PageCtx, attach_errors, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_app::Failure;
use haven_app::rules::{AreaRules, RulesChange};
use haven_domain::FieldError;
use haven_domain::missing::MissingRules;
use haven_domain::missing::RiskGrade;
use haven_domain::missing::rules::{EpisodeAges, Preset, RepeatAction, RhiTerm, Setting};
use haven_domain::missing::rules_form::{self, REPEAT, REVIEWS, TO_SET_LOCALLY};
use haven_domain::priority::{Factor, Weights};
use std::collections::HashMap;

/// One line of the rules in words.
#[derive(Debug, Clone)]
pub struct RuleLine {
    pub key: String,
    pub values: Vec<String>,
    pub placeholder: bool,
}

/// One version in the history.
#[derive(Debug, Clone)]
pub struct VersionRow {
    pub version: String,
    pub applies_from: String,
    pub saved: String,
    pub by: String,
    /// `in-force`, `scheduled` or `past`.
    pub status: &'static str,
}

/// A group of the form's fields under one legend.
#[derive(Debug, Clone)]
pub struct Group {
    pub legend: String,
    pub hint: Option<String>,
    pub fields: Vec<Field>,
}

#[derive(Debug, Template)]
#[template(path = "admin/rules.html")]
struct RulesPage {
    ctx: PageCtx,
    code: String,
    area_name: String,
    /// The version in force, or the install's default.
    in_force: String,
    in_force_since: Option<String>,
    lines: Vec<RuleLine>,
    groups: Vec<Group>,
    errors: Vec<ErrorItem>,
    conflict: bool,
    made_from: i64,
    versions: Vec<VersionRow>,
}

#[derive(Debug, serde::Deserialize)]
pub struct RulesQuery {
    #[serde(default)]
    preset: Option<String>,
}

/// The rules in words, for people who did not write them.
fn lines(ctx: &PageCtx, r: &MissingRules) -> Vec<RuleLine> {
    let hours = |h: i64| ctx.count("rules-hours", "count", usize::try_from(h).unwrap_or_default());
    let line = |key: &str, values: Vec<String>, setting: Option<Setting>| RuleLine {
        key: ctx.t(key),
        values,
        placeholder: setting.is_some_and(|s| r.is_placeholder(s)),
    };
    let term = ctx.label("rules-term", r.rhi_term.code());
    let mut out = vec![line(
        "rules-interview",
        vec![ctx.lang.t_args("rules-interview-within", &[("term", term), ("hours", hours(r.rhi_within_hours))])],
        Some(Setting::RhiWithinHours),
    )];
    let reviews = r
        .grades_given()
        .into_iter()
        .map(|g| {
            let every = |kind| r.review_every(g, kind).map_or_else(|| ctx.t("rules-none"), hours);
            ctx.lang.t_args(
                "rules-review-line",
                &[
                    ("grade", ctx.label("grade", g.code())),
                    ("supervisor", every(haven_domain::missing::rules::ReviewKind::Supervisor)),
                    ("inspector", every(haven_domain::missing::rules::ReviewKind::Inspector)),
                ],
            )
        })
        .collect();
    out.push(line("rules-reviews", reviews, Some(Setting::Reviews)));
    let naira = match &r.naira {
        None => ctx.t("rules-naira-off"),
        Some(n) => ctx.lang.t_args(
            "rules-naira-on",
            &[("hours", hours(n.max_hold_hours)), ("grade", ctx.label("grade", n.escalate_to.code()))],
        ),
    };
    out.push(line("rules-naira", vec![naira], Some(Setting::Naira)));
    let repeat = if r.repeat.is_empty() {
        vec![ctx.t("rules-none")]
    } else {
        r.repeat
            .iter()
            .map(|x| {
                ctx.lang.t_args(
                    "rules-repeat-line",
                    &[
                        ("episodes", x.episodes.to_string()),
                        ("days", x.window_days.to_string()),
                        ("action", ctx.label("flag-action", &x.action)),
                    ],
                )
            })
            .collect()
    };
    out.push(line("rules-repeat", repeat, Some(Setting::Repeat)));
    out.push(line("rules-long", vec![hours(r.long_episode_hours)], Some(Setting::LongEpisodeHours)));
    out.push(line("rules-lowest", vec![ctx.label("rules-lowest", r.lowest_grade.code())], Some(Setting::LowestGrade)));
    out.push(line("rules-ages", vec![ctx.label("rules-ages", r.ages.code())], Some(Setting::Ages)));
    out
}

/// The form's fields in their groups, with `values` (the settings by name) and the problems.
fn groups(ctx: &PageCtx, values: &HashMap<String, String>, errors: &[FieldError]) -> (Vec<Group>, Vec<ErrorItem>) {
    let v = |name: &str| values.get(name).cloned().unwrap_or_default();
    let hours = |name: &'static str, label: String| Field::text(name, label, &v(name), "govuk-input--width-4");
    let terms: Vec<_> = RhiTerm::ALL.iter().map(|t| (t.code(), ctx.label("rules-term-choice", t.code()))).collect();
    let grades: Vec<_> = RiskGrade::CURRENT.iter().map(|g| (g.code(), ctx.label("grade", g.code()))).collect();
    let lowest: Vec<_> =
        [RiskGrade::Low, RiskGrade::VeryLow].iter().map(|g| (g.code(), ctx.label("rules-lowest", g.code()))).collect();
    let ages: Vec<_> = EpisodeAges::ALL.iter().map(|a| (a.code(), ctx.label("rules-ages", a.code()))).collect();
    let mut actions: Vec<(&str, String)> = vec![("", ctx.t("rules-repeat-no-rule"))];
    actions.extend(RepeatAction::ALL.iter().map(|a| (a.code(), ctx.label("flag-action", a.code()))));

    let mut all: Vec<(usize, Field)> = Vec::new();
    let mut push = |group: usize, field: Field| all.push((group, field));
    push(
        0,
        Field::choose(
            rules_form::RHI_TERM,
            ctx.t("rules-term-label"),
            &v(rules_form::RHI_TERM),
            FieldKind::Radios,
            &terms,
        ),
    );
    push(0, hours(rules_form::RHI_WITHIN_HOURS, ctx.t("rules-within-label")).hint(ctx.t("rules-within-hint")));
    for (grade, kind, name) in REVIEWS {
        let label = ctx.lang.t_args(
            "rules-review-label",
            &[("grade", ctx.label("grade", grade.code())), ("kind", ctx.label("rules-kind", kind.code()))],
        );
        push(1, hours(name, label));
    }
    push(2, Field::checkbox(rules_form::NAIRA, ctx.t("rules-naira-use"), v(rules_form::NAIRA) == "yes"));
    push(2, hours(rules_form::NAIRA_MAX_HOLD_HOURS, ctx.t("rules-naira-hold")).hint(ctx.t("rules-naira-hold-hint")));
    push(
        2,
        Field::choose(
            rules_form::NAIRA_ESCALATE_TO,
            ctx.t("rules-naira-escalate"),
            &v(rules_form::NAIRA_ESCALATE_TO),
            FieldKind::Radios,
            &grades,
        ),
    );
    for (row, names) in REPEAT.iter().enumerate() {
        let n = (row + 1).to_string();
        push(3, Field::text(names[0], ctx.t1("rules-repeat-episodes", "n", &n), &v(names[0]), "govuk-input--width-3"));
        push(3, Field::text(names[1], ctx.t1("rules-repeat-days", "n", &n), &v(names[1]), "govuk-input--width-4"));
        push(
            3,
            Field::choose(names[2], ctx.t1("rules-repeat-action", "n", &n), &v(names[2]), FieldKind::Select, &actions),
        );
    }
    push(4, hours(rules_form::LONG_EPISODE_HOURS, ctx.t("rules-long-label")));
    push(
        4,
        Field::choose(
            rules_form::LOWEST_GRADE,
            ctx.t("rules-lowest-label"),
            &v(rules_form::LOWEST_GRADE),
            FieldKind::Radios,
            &lowest,
        )
        .hint(ctx.t("rules-lowest-hint")),
    );
    push(4, Field::choose(rules_form::AGES, ctx.t("rules-ages-label"), &v(rules_form::AGES), FieldKind::Radios, &ages));
    for (setting, name) in TO_SET_LOCALLY {
        push(5, Field::checkbox(name, ctx.label("rules-setting", setting.code()), v(name) == "yes"));
    }
    for factor in Factor::ALL {
        let name = Weights::setting(*factor);
        push(6, Field::text(name, ctx.label("priority-factor", factor.code()), &v(name), "govuk-input--width-3"));
    }
    push(
        7,
        Field::text("applies_from", ctx.t("rules-applies-label"), &v("applies_from"), "govuk-input--width-10")
            .hint(ctx.t("rules-applies-hint")),
    );

    let (which, mut fields): (Vec<usize>, Vec<Field>) = all.into_iter().unzip();
    let mut summary = attach_errors(ctx.lang, &mut fields, errors);
    // A message names its field: several fields share a message ("must be more than 0").
    for item in &mut summary {
        if let Some(f) = fields.iter_mut().find(|f| f.name == item.field) {
            item.message = format!("{}: {}", f.label, item.message);
        }
    }
    let keys = [
        ("rules-group-interview", Some("rules-group-interview-hint")),
        ("rules-group-reviews", Some("rules-group-reviews-hint")),
        ("rules-group-naira", Some("rules-group-naira-hint")),
        ("rules-group-repeat", Some("rules-group-repeat-hint")),
        ("rules-group-scope", None),
        ("rules-group-placeholders", Some("rules-group-placeholders-hint")),
        ("rules-group-priority", Some("rules-group-priority-hint")),
        ("rules-group-applies", None),
    ];
    let mut out: Vec<Group> =
        keys.iter().map(|(k, h)| Group { legend: ctx.t(k), hint: h.map(|h| ctx.t(h)), fields: Vec::new() }).collect();
    for (group, field) in which.into_iter().zip(fields) {
        if let Some(g) = out.get_mut(group) {
            g.fields.push(field);
        }
    }
    (out, summary)
}

fn page(
    ctx: PageCtx,
    shown: &AreaRules,
    default: &MissingRules,
    values: &HashMap<String, String>,
    errors: &[FieldError],
    conflict: bool,
) -> RulesPage {
    let now = crate::clock::now();
    let (in_force, in_force_since, rules) = match &shown.in_force {
        Some(v) => (v.rules.version.clone(), Some(ctx.time(&v.applies_from)), &v.rules),
        None => (ctx.t1("rules-default", "version", &default.version), None, default),
    };
    let in_force_number = shown.in_force.as_ref().map(|v| v.number);
    let versions = shown
        .versions
        .iter()
        .map(|v| VersionRow {
            version: v.rules.version.clone(),
            applies_from: ctx.time(&v.applies_from),
            saved: ctx.time(&v.saved_at),
            by: v.saved_by_label.clone(),
            status: if Some(v.number) == in_force_number {
                "in-force"
            } else if v.applies_from > now {
                "scheduled"
            } else {
                "past"
            },
        })
        .collect();
    let (groups, errors) = groups(&ctx, values, errors);
    RulesPage {
        code: shown.area.code.to_string(),
        area_name: shown.area.name.clone(),
        in_force,
        in_force_since,
        lines: lines(&ctx, rules),
        groups,
        errors,
        conflict,
        made_from: shown.latest(),
        versions,
        ctx,
    }
}

/// An unknown area is a page that does not exist.
fn not_a_form(f: Failure) -> AppError {
    match f {
        Failure::Invalid(e) if e.0.iter().any(|p| p.field == "area") => AppError::NotFound,
        other => super::not_a_form(other),
    }
}

#[tracing::instrument(skip_all)]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(code): Path<String>,
    Query(q): Query<RulesQuery>,
) -> Result<Response, AppError> {
    let shown = operator(&state, &session).area_rules(&code).await.map_err(not_a_form)?;
    let start = match q.preset.as_deref().map(Preset::parse) {
        Some(Ok(preset)) => preset.rules(),
        Some(Err(_)) => return Err(AppError::BadRequest),
        None => shown.in_force.as_ref().map_or_else(|| state.install_rules().clone(), |v| v.rules.clone()),
    };
    let values: HashMap<String, String> = rules_form::values(&start).into_iter().collect();
    render(StatusCode::OK, &page(ctx, &shown, state.install_rules(), &values, &[], false))
}

#[tracing::instrument(skip_all)]
pub async fn save(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(code): Path<String>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let op = operator(&state, &session);
    let get = |name: &str| posted.get(name).cloned();
    let made_from = posted.get("made_from").and_then(|v| v.trim().parse::<i64>().ok());
    let change = RulesChange {
        settings: &get,
        applies_from: posted.get("applies_from").map_or("", String::as_str),
        made_from: Some(made_from.unwrap_or(-1)),
    };
    let outcome = op.set_area_rules(&code, &change, "POST /admin/areas/{code}/rules").await;
    let (status, errors, conflict) = match outcome {
        Ok(_) => return Ok(Redirect::to(&format!("/admin/areas/{code}/rules")).into_response()),
        Err(Failure::Conflict) => (StatusCode::CONFLICT, Vec::new(), true),
        Err(Failure::Invalid(e)) if !e.0.iter().any(|p| p.field == "area") => {
            (StatusCode::UNPROCESSABLE_ENTITY, e.0, false)
        }
        Err(other) => return Err(not_a_form(other)),
    };
    let shown = op.area_rules(&code).await.map_err(not_a_form)?;
    render(status, &page(ctx, &shown, state.install_rules(), &posted, &errors, conflict))
}
