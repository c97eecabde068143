//! Picking a person or a place from haven's own records, as the association form and a MACE
//! item's links do: a search by name (people the user may see, audited as a search) or by
//! address (places), then a choice among what it found, never free text.

use crate::error::AppError;
use crate::state::AppState;
use crate::views::{ErrorItem, Field, FieldKind, PageCtx};
use askama::Template;
use haven_app::Caller;
use haven_domain::audit::AuditAction;
use haven_domain::ids::PersonId;
use haven_store::PersonQuery;
use serde::Deserialize;

/// What the search form carries.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Search {
    /// A person's name.
    pub q: String,
    /// A place's name, address or postcode.
    pub place: String,
}

impl Search {
    pub fn is_empty(&self) -> bool {
        self.q.trim().is_empty() && self.place.trim().is_empty()
    }
}

/// A page that searches, then records the choice.
#[derive(Debug, Template)]
#[template(path = "network/pick.html")]
pub struct PickPage {
    pub ctx: PageCtx,
    pub title: String,
    pub intro: String,
    pub back_href: String,
    pub action: String,
    pub button: String,
    pub q: String,
    pub place: String,
    pub fields: Vec<Field>,
    pub errors: Vec<ErrorItem>,
    /// Whether a search found nothing to choose from.
    pub nothing_found: bool,
    /// What is already recorded (a MACE item's links), each as a line; empty for none.
    pub recorded_heading: String,
    pub recorded: Vec<String>,
    /// Whether the user may record here (else the page only shows what is recorded).
    pub runs: bool,
}

/// The people (but `exclude`) and places `search` found, as radio fields named `person_id` and
/// `location_id` with `chosen` selected; a field only where the search found something.
pub async fn choices(
    state: &AppState,
    caller: &Caller<'_>,
    ctx: &PageCtx,
    search: &Search,
    exclude: Option<PersonId>,
    chosen: (&str, &str),
    purpose: &str,
) -> Result<Vec<Field>, AppError> {
    let people = if search.q.trim().is_empty() {
        Vec::new()
    } else {
        let query = PersonQuery { name: Some(search.q.trim().to_owned()), ..PersonQuery::default() };
        let audit = caller.event(AuditAction::PersonSearch, purpose);
        caller.search_people(&query, 20, &audit).await?
    };
    let people: Vec<(String, String)> = people
        .into_iter()
        .filter(|p| Some(p.id) != exclude)
        .map(|p| {
            let born = p.date_of_birth.map(|d| format!(" ({})", ctx.date(&d))).unwrap_or_default();
            (p.id.to_string(), format!("{} {}{born}", p.given_name, p.family_name))
        })
        .collect();
    let places = if search.place.trim().is_empty() {
        Vec::new()
    } else {
        state.store.locations(search.place.trim(), 20).await?
    };
    let places: Vec<(String, String)> = places
        .into_iter()
        .map(|l| {
            let label = match &l.name {
                Some(name) => format!("{name}, {}", l.address),
                None => l.address.clone(),
            };
            (l.id.to_string(), label)
        })
        .collect();
    let mut fields = Vec::new();
    if !people.is_empty() {
        let label = ctx.t("association-person");
        fields.push(Field::choose("person_id", label, chosen.0, FieldKind::Radios, &borrowed(&people)));
    }
    if !places.is_empty() {
        let label = ctx.t("association-place");
        fields.push(Field::choose("location_id", label, chosen.1, FieldKind::Radios, &borrowed(&places)));
    }
    Ok(fields)
}

/// Choices borrowed from owned pairs, as a field takes them.
fn borrowed(v: &[(String, String)]) -> Vec<(&str, String)> {
    v.iter().map(|(a, b)| (a.as_str(), b.clone())).collect()
}
