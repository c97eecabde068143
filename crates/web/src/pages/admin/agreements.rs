//! `GET /admin/agreements`: every sharing agreement, in force or not, for the install's
//! administrator: who shares what with whom, about whom, for which roles, and when it ends and
//! is next reviewed. Agreements are made with `haven admin create-agreement` or the API.

use super::{not_a_form, operator};
use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use haven_domain::ids::AgencyId;
use std::collections::HashMap;

/// One agreement as the page shows it.
#[derive(Debug)]
pub struct AgreementRow {
    pub name: String,
    pub members: String,
    /// One line per grant: class, to whom, about whom, for which roles.
    pub grants: Vec<String>,
    pub dates: String,
    pub review: String,
    pub in_force: bool,
}

#[derive(Debug, Template)]
#[template(path = "admin/agreements.html")]
struct AgreementsPage {
    ctx: PageCtx,
    rows: Vec<AgreementRow>,
}

#[tracing::instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
) -> Result<Response, AppError> {
    let agreements = operator(&state, &session).agreements().await.map_err(not_a_form)?;
    let names: HashMap<AgencyId, String> = state.store.agencies().await?.into_iter().map(|a| (a.id, a.name)).collect();
    let today = crate::clock::uk_today();
    let rows = agreements
        .into_iter()
        .map(|a| AgreementRow {
            members: a.members.iter().map(|m| names.get(m).cloned().unwrap_or_default()).collect::<Vec<_>>().join(", "),
            grants: a
                .grants
                .iter()
                .map(|g| {
                    let roles = if g.roles == haven_domain::sharing::Roles::ALL {
                        ctx.t("admin-every-role")
                    } else {
                        g.roles.code().split(',').map(|r| ctx.label("role", r)).collect::<Vec<_>>().join(", ")
                    };
                    ctx.lang.t_args(
                        "admin-grant",
                        &[
                            ("class", ctx.label("record-class", g.class.code())),
                            ("to", ctx.label("agency-kind", g.to.code())),
                            ("scope", ctx.label("scope", g.scope.code())),
                            ("roles", roles),
                        ],
                    )
                })
                .collect(),
            dates: match a.ends_on {
                Some(end) => format!("{} – {}", ctx.date(&a.starts_on), ctx.date(&end)),
                None => ctx.t1("admin-from", "date", &ctx.date(&a.starts_on)),
            },
            review: a.review_on.map(|r| ctx.date(&r)).unwrap_or_default(),
            in_force: a.in_force_on(today),
            name: a.name,
        })
        .collect();
    render(StatusCode::OK, &AgreementsPage { ctx, rows })
}
