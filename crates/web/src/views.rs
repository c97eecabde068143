//! What every page template shares (the layout's data) and the small view models that the
//! GOV.UK form templates render: fields with their labels, hints, values and errors.

use crate::i18n::Lang;
use crate::session::CurrentSession;
use crate::state::AppState;
use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use haven_domain::FieldError;
use std::collections::HashMap;
use std::convert::Infallible;

/// The layout's data: language, the signed-in user, the CSRF token for forms, the banner.
#[derive(Debug, Clone)]
pub struct PageCtx {
    pub lang: Lang,
    /// The signed-in user's display name and role label.
    pub user: Option<(String, String)>,
    pub csrf_token: String,
    pub demo: bool,
    /// The current page in the other language.
    pub switch_href: String,
    pub can_search: bool,
    pub can_create: bool,
    pub can_view_missing: bool,
    pub can_audit_agency: bool,
    pub can_manage_users: bool,
    pub can_manage_install: bool,
}

impl PageCtx {
    pub fn new(lang: Lang, session: Option<&CurrentSession>, demo: bool, path: &str, query: Option<&str>) -> Self {
        use haven_domain::policy::{Action, Target, can};
        let allowed = |action| session.is_some_and(|s| can(&s.actor(), action, Target::Service).is_allowed());
        Self {
            lang,
            user: session.map(|s| (s.user.display_name.clone(), lang.label("role", s.user.role.code()))),
            csrf_token: session.map(|s| s.record.csrf_token.clone()).unwrap_or_default(),
            demo,
            switch_href: switch_href(lang.other(), path, query),
            can_search: allowed(Action::SearchPeople),
            can_create: allowed(Action::CreatePerson),
            can_view_missing: allowed(Action::ViewEpisodes),
            can_audit_agency: allowed(Action::ViewAgencyAudit),
            can_manage_users: allowed(Action::ManageUsers),
            can_manage_install: allowed(Action::ManageAgencies),
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// A message with one argument.
    pub fn t1(&self, key: &str, name: &'static str, value: &str) -> String {
        self.lang.t_args(key, &[(name, value.to_owned())])
    }

    /// A message with a count (Welsh has six plural forms: Fluent picks the right one).
    pub fn count(&self, key: &str, name: &'static str, n: impl std::borrow::Borrow<usize>) -> String {
        self.lang.t_count(key, name, *n.borrow())
    }

    pub fn label(&self, prefix: &str, code: &str) -> String {
        self.lang.label(prefix, code)
    }

    pub fn asset(&self, path: &str) -> String {
        crate::assets::url(path)
    }

    pub fn date(&self, d: &NaiveDate) -> String {
        d.format("%d/%m/%Y").to_string()
    }

    pub fn date_opt(&self, d: &Option<NaiveDate>) -> String {
        d.as_ref().map(|d| self.date(d)).unwrap_or_else(|| self.t("person-not-known"))
    }

    /// A time as shown in the UK.
    pub fn time(&self, t: &DateTime<Utc>) -> String {
        t.with_timezone(&chrono_tz::Europe::London).format("%d/%m/%Y %H:%M").to_string()
    }
}

/// The current URL with `lang` set to `lang`, other query parameters kept.
fn switch_href(lang: Lang, path: &str, query: Option<&str>) -> String {
    let mut pairs: Vec<(String, String)> =
        query.and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok()).unwrap_or_default();
    pairs.retain(|(k, _)| k != "lang");
    pairs.push(("lang".to_owned(), lang.code().to_owned()));
    format!("{path}?{}", serde_urlencoded::to_string(&pairs).unwrap_or_default())
}

impl FromRequestParts<AppState> for PageCtx {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = parts.extensions.get::<Lang>().copied().unwrap_or_default();
        let session = parts.extensions.get::<CurrentSession>();
        Ok(PageCtx::new(lang, session, state.config.demo, parts.uri.path(), parts.uri.query()))
    }
}

/// Renders a template as an HTML response with `status`.
pub fn render<T: Template>(status: StatusCode, template: &T) -> Result<Response, crate::error::AppError> {
    Ok((status, Html(template.render()?)).into_response())
}

/// One entry of the GOV.UK error summary: a link to the field and its message.
#[derive(Debug, Clone)]
pub struct ErrorItem {
    pub field: String,
    pub message: String,
}

/// How a field is drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    Text {
        width: &'static str,
        autocomplete: &'static str,
    },
    /// A password input; `autocomplete` is `current-password` or `new-password`.
    Password {
        autocomplete: &'static str,
    },
    Radios,
    Select,
    /// A multi-line text box for narrative (circumstances, rationale, what the child said).
    Textarea,
    /// One yes/no checkbox; `value` is `yes` when ticked.
    Checkbox,
    /// Several of a list; `value` holds the ticked codes joined by commas, as [`form_values`]
    /// gives a repeated form field.
    Checkboxes,
}

#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A form field ready to draw: `name` is the form field name and the element id.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: &'static str,
    pub label: String,
    pub hint: Option<String>,
    pub value: String,
    pub error: Option<String>,
    pub kind: FieldKind,
    pub choices: Vec<Choice>,
}

impl Field {
    pub fn text(name: &'static str, label: String, value: &str, width: &'static str) -> Self {
        Self {
            name,
            label,
            hint: None,
            value: value.to_owned(),
            error: None,
            kind: FieldKind::Text { width, autocomplete: "off" },
            choices: Vec::new(),
        }
    }

    pub fn hint(mut self, hint: String) -> Self {
        self.hint = Some(hint);
        self
    }

    pub fn autocomplete(mut self, value: &'static str) -> Self {
        if let FieldKind::Text { autocomplete, .. } = &mut self.kind {
            *autocomplete = value;
        }
        self
    }

    /// A password input (never pre-filled).
    pub fn password(mut self, autocomplete: &'static str) -> Self {
        self.kind = FieldKind::Password { autocomplete };
        self.value = String::new();
        self
    }

    /// Radios or a select from coded values, labelled by `prefix-code` messages.
    pub fn choose(name: &'static str, label: String, value: &str, kind: FieldKind, codes: &[(&str, String)]) -> Self {
        let choices = codes
            .iter()
            .map(|(code, label)| Choice { value: (*code).to_owned(), label: label.clone(), selected: *code == value })
            .collect();
        Self { name, label, hint: None, value: value.to_owned(), error: None, kind, choices }
    }

    /// The ids of the hint and the error, for `aria-describedby`.
    pub fn describedby(&self) -> String {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("{}-hint", self.name));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.name));
        }
        ids.join(" ")
    }

    pub fn is_text(&self) -> bool {
        matches!(self.kind, FieldKind::Text { .. })
    }

    pub fn width(&self) -> &'static str {
        match self.kind {
            FieldKind::Text { width, .. } => width,
            _ => "",
        }
    }

    pub fn autocomplete_value(&self) -> &'static str {
        match self.kind {
            FieldKind::Text { autocomplete, .. } | FieldKind::Password { autocomplete } => autocomplete,
            _ => "off",
        }
    }

    pub fn is_password(&self) -> bool {
        matches!(self.kind, FieldKind::Password { .. })
    }

    pub fn is_radios(&self) -> bool {
        self.kind == FieldKind::Radios
    }

    pub fn is_select(&self) -> bool {
        self.kind == FieldKind::Select
    }

    pub fn is_textarea(&self) -> bool {
        self.kind == FieldKind::Textarea
    }

    pub fn is_checkbox(&self) -> bool {
        self.kind == FieldKind::Checkbox
    }

    pub fn is_checkboxes(&self) -> bool {
        self.kind == FieldKind::Checkboxes
    }

    /// Checkboxes for coded values; `ticked` is the codes joined by commas.
    pub fn checkboxes(name: &'static str, label: String, ticked: &str, codes: &[(&str, String)]) -> Self {
        let on: Vec<&str> = ticked.split(',').map(str::trim).collect();
        let choices = codes
            .iter()
            .map(|(code, label)| Choice {
                value: (*code).to_owned(),
                label: label.clone(),
                selected: on.contains(code),
            })
            .collect();
        Self { choices, kind: FieldKind::Checkboxes, ..Self::text(name, label, ticked, "") }
    }

    /// A multi-line text box.
    pub fn textarea(name: &'static str, label: String, value: &str) -> Self {
        Self { kind: FieldKind::Textarea, ..Self::text(name, label, value, "") }
    }

    /// One checkbox, ticked when `checked`.
    pub fn checkbox(name: &'static str, label: String, checked: bool) -> Self {
        Self { kind: FieldKind::Checkbox, ..Self::text(name, label, if checked { "yes" } else { "" }, "") }
    }
}

/// A posted form as name → value, a field sent more than once (checkboxes) with its values
/// joined by commas in the order sent.
pub fn form_values(pairs: Vec<(String, String)>) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = HashMap::new();
    for (name, value) in pairs {
        out.entry(name)
            .and_modify(|v| {
                v.push(',');
                v.push_str(&value);
            })
            .or_insert(value);
    }
    out
}

/// Attaches translated errors to the fields they belong to, and returns the summary list in
/// the order of the fields on the page.
/// The message of an error on a field labelled `label`: the message written for that field
/// where there is one (it names the field itself: "Enter where the child was last seen"), else
/// the code's own message, named by the field's label unless it already says it ("Where last
/// seen: Enter this information"; "Date of birth must be in the past" as it is), so that no
/// error in the summary leaves the user guessing which field it is.
pub fn named_error(lang: Lang, label: &str, field: &str, code: &str) -> String {
    let message = lang.field_error(field, code);
    if lang.has(&format!("error-{field}-{code}")) || message.to_lowercase().contains(&label.to_lowercase()) {
        message
    } else {
        lang.t_args("error-named", &[("field", label.to_owned()), ("message", message)])
    }
}

pub fn attach_errors(lang: Lang, fields: &mut [Field], errors: &[FieldError]) -> Vec<ErrorItem> {
    let mut summary = Vec::new();
    for field in fields.iter_mut() {
        if let Some(e) = errors.iter().find(|e| e.field == field.name) {
            let message = named_error(lang, &field.label, &e.field, e.code);
            field.error = Some(message.clone());
            summary.push(ErrorItem { field: field.name.to_owned(), message });
        }
    }
    // Errors about fields not on the page still reach the user.
    for e in errors.iter().filter(|e| !fields.iter().any(|f| f.name == e.field)) {
        summary.push(ErrorItem { field: e.field.clone(), message: lang.field_error(&e.field, e.code) });
    }
    summary
}

/// A page with one form: the error summary, the fields, a button; with the "changed by someone
/// else" message when a save was refused as stale.
#[derive(Debug, Template)]
#[template(path = "people/form.html")]
pub struct FormPage {
    pub ctx: PageCtx,
    pub title: String,
    pub button: String,
    pub action: String,
    pub back: String,
    pub version: Option<String>,
    pub fields: Vec<Field>,
    pub errors: Vec<ErrorItem>,
    pub conflict: bool,
}

/// The error pages (403, 404, 413, 429, 500…).
#[derive(Debug, Template)]
#[template(path = "error.html")]
pub struct ErrorTemplate {
    pub ctx: PageCtx,
    pub title: String,
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_link_keeps_the_search_and_replaces_the_language() {
        assert_eq!(switch_href(Lang::Cy, "/people", Some("name=Ann&lang=en")), "/people?name=Ann&lang=cy");
        assert_eq!(switch_href(Lang::En, "/", None), "/?lang=en");
    }
}
