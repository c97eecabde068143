//! `GET|POST /mace/new`: convene a MACE meeting of an area: when, the chair, who attends and who
//! sent apologies, one per line as "name, agency" (the agency by name or code). Refused by field
//! with nothing written; an attendee from an agency outside the convener's sharing agreements
//! is named by their line.

use super::{agency_code, agency_label};
use crate::error::{AppError, Outcome};
use crate::pages::people::{caller, normalise_date};
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{Field, FieldKind, FormPage, PageCtx, attach_errors, render};
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_app::mace::{MeetingForm, PersonForm};
use haven_domain::FieldError;
use haven_domain::agency::{Agency, Area};
use std::collections::HashMap;

/// The lines of a list field as people: "name, agency", split at the last comma.
fn people(raw: &str) -> Vec<(String, String)> {
    raw.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| match l.rsplit_once(',') {
            Some((name, agency)) => (name.trim().to_owned(), agency.trim().to_owned()),
            None => (l.trim().to_owned(), String::new()),
        })
        .collect()
}

/// The application's fields as the page's: `attendees.2.agency` is the attendees box, its
/// message naming line 3.
fn on_page(lang: crate::i18n::Lang, fields: &mut [Field], errors: &[FieldError]) -> Vec<crate::views::ErrorItem> {
    let mut simple = Vec::new();
    let mut lines: Vec<(&'static str, usize, &FieldError)> = Vec::new();
    for e in errors {
        let mapped = match e.field.as_str() {
            "starts_at" if e.code == "time-format" => "time",
            "starts_at" => "date",
            "chair.name" => "chair_name",
            "chair.agency" => "chair_agency",
            f => {
                let mut parts = f.split('.');
                match (parts.next(), parts.next().and_then(|n| n.parse::<usize>().ok())) {
                    (Some("attendees"), Some(n)) => {
                        lines.push(("attendees", n, e));
                        continue;
                    }
                    (Some("apologies"), Some(n)) => {
                        lines.push(("apologies", n, e));
                        continue;
                    }
                    _ => f,
                }
            }
        };
        simple.push(FieldError { field: mapped.to_owned(), code: e.code });
    }
    for (field, _, e) in &lines {
        if !simple.iter().any(|s| s.field == *field) {
            simple.push(FieldError { field: (*field).to_owned(), code: e.code });
        }
    }
    let mut summary = attach_errors(lang, fields, &simple);
    // The first problem of each list names its line.
    for item in summary.iter_mut() {
        if let Some((_, n, e)) = lines.iter().find(|(f, _, _)| *f == item.field) {
            let what = e.field.rsplit('.').next().unwrap_or("");
            let message = lang.t_args(
                "mace-line-error",
                &[("line", (n + 1).to_string()), ("message", lang.field_error(&format!("attendee-{what}"), e.code))],
            );
            item.message = message.clone();
            if let Some(f) = fields.iter_mut().find(|f| f.name == item.field) {
                f.error = Some(message);
            }
        }
    }
    summary
}

fn page(
    ctx: PageCtx,
    areas: &[Area],
    agencies: &[Agency],
    posted: &HashMap<String, String>,
    errors: &[FieldError],
) -> FormPage {
    let v = |name: &str| posted.get(name).cloned().unwrap_or_default();
    let area_codes: Vec<(String, String)> = areas.iter().map(|a| (a.code.to_string(), a.name.clone())).collect();
    let mut area_choices: Vec<(&str, String)> = vec![("", ctx.t("mace-choose"))];
    area_choices.extend(area_codes.iter().map(|(c, n)| (c.as_str(), n.clone())));
    let agency_codes: Vec<(String, String)> = agencies.iter().map(|a| (a.code.to_string(), agency_label(a))).collect();
    let mut agency_choices: Vec<(&str, String)> = vec![("", ctx.t("mace-choose"))];
    agency_choices.extend(agency_codes.iter().map(|(c, n)| (c.as_str(), n.clone())));
    let names: Vec<String> = agencies.iter().map(agency_label).collect();
    let list_hint = ctx.t1("mace-people-hint", "agencies", &names.join("; "));
    let mut fields = vec![
        Field::choose("area", ctx.t("mace-area"), &v("area"), FieldKind::Select, &area_choices),
        Field::text("date", ctx.t("mace-date"), &v("date"), "govuk-input--width-10").hint(ctx.t("mace-date-hint")),
        Field::text("time", ctx.t("mace-time"), &v("time"), "govuk-input--width-5").hint(ctx.t("mace-time-hint")),
        Field::text("chair_name", ctx.t("mace-chair-name"), &v("chair_name"), "govuk-input--width-20"),
        Field::choose(
            "chair_agency",
            ctx.t("mace-chair-agency"),
            &v("chair_agency"),
            FieldKind::Select,
            &agency_choices,
        ),
        Field::textarea("attendees", ctx.t("mace-attendees"), &v("attendees")).hint(list_hint.clone()),
        Field::textarea("apologies", ctx.t("mace-apologies"), &v("apologies")).hint(list_hint),
    ];
    let errors = on_page(ctx.lang, &mut fields, errors);
    FormPage {
        title: ctx.t("mace-convene"),
        button: ctx.t("mace-convene-button"),
        action: "/mace/new".to_owned(),
        back: "/mace".to_owned(),
        version: None,
        fields,
        errors,
        conflict: false,
        ctx,
    }
}

/// The agencies a convener may invite: their own and those they share with today.
async fn invitable(state: &AppState, caller: &haven_app::Caller<'_>) -> Result<Vec<Agency>, AppError> {
    let partners = caller.mace_partners().await?;
    let own = caller.sharing().agency();
    let mut out: Vec<Agency> =
        state.store.agencies().await?.into_iter().filter(|a| a.id == own || partners.contains(&a.id)).collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

#[tracing::instrument(skip_all)]
pub async fn form(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
) -> Result<Response, AppError> {
    let caller = caller(&state, &session).await?;
    caller.may_convene()?;
    let agencies = invitable(&state, &caller).await?;
    let areas = state.store.areas().await?;
    let mut posted = HashMap::new();
    if let Some(own) = agencies.iter().find(|a| a.id == caller.sharing().agency()) {
        posted.insert("chair_agency".to_owned(), own.code.to_string());
        if let Some(area) = own.area_id.and_then(|id| areas.iter().find(|a| a.id == id)) {
            posted.insert("area".to_owned(), area.code.to_string());
        }
    }
    render(StatusCode::OK, &page(ctx, &areas, &agencies, &posted, &[]))
}

#[tracing::instrument(skip_all)]
pub async fn convene(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let caller = caller(&state, &session).await?;
    let agencies = invitable(&state, &caller).await?;
    let v = |name: &str| posted.get(name).map(String::as_str).unwrap_or("");
    let typed = |raw: &str| -> Vec<(String, String)> {
        people(raw).into_iter().map(|(name, agency)| (name, agency_code(&agencies, &agency))).collect()
    };
    let (attendees, apologies) = (typed(v("attendees")), typed(v("apologies")));
    let date = normalise_date(v("date"));
    let form = MeetingForm {
        area: v("area"),
        date: &date,
        time: v("time"),
        chair: PersonForm { name: v("chair_name"), agency: v("chair_agency") },
        attendees: attendees.iter().map(|(n, a)| PersonForm { name: n, agency: a }).collect(),
        apologies: apologies.iter().map(|(n, a)| PersonForm { name: n, agency: a }).collect(),
    };
    match Outcome::of(caller.convene_meeting(&form, "POST /mace/new").await)? {
        Outcome::Done(m) => Ok(Redirect::to(&format!("/mace/meetings/{}", m.id)).into_response()),
        Outcome::Invalid(e) => {
            let areas = state.store.areas().await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page(ctx, &areas, &agencies, &posted, &e.0))
        }
        Outcome::Conflict => Err(AppError::BadRequest),
    }
}

#[cfg(test)]
mod tests {
    use super::people;

    #[test]
    fn each_line_is_a_name_and_the_agency_after_its_last_comma() {
        let got = people("DS Jo Rees, MOR-POL\n\n  Sam Hughes, Jr, Morlais Council \nNo agency here");
        assert_eq!(
            got,
            vec![
                ("DS Jo Rees".to_owned(), "MOR-POL".to_owned()),
                ("Sam Hughes, Jr".to_owned(), "Morlais Council".to_owned()),
                ("No agency here".to_owned(), String::new()),
            ]
        );
    }
}
