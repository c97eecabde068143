//! The person form, shared by "add a person" and "change details": what the browser sends,
//! how it becomes the domain's `PersonForm`, and the GOV.UK fields drawn from it.

use crate::views::{Field, FieldKind, PageCtx};
use haven_domain::person::{CareStatus, Ethnicity, PersonDetails, PersonForm, PersonKind, Sex};
use serde::Deserialize;

/// The form as posted. Every field is text, kept as typed so that a page with errors shows
/// the user what they entered.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PersonInput {
    pub kind: String,
    pub given_name: String,
    pub middle_names: String,
    pub family_name: String,
    pub date_of_birth: String,
    pub sex: String,
    pub gender: String,
    pub ethnicity: String,
    pub care_status: String,
    /// The user's agency's reference (add only).
    pub reference: String,
    /// The version the user opened (change only).
    pub version: String,
}

fn some(s: &str) -> Option<String> {
    Some(s.to_owned())
}

/// Accepts the UK's day/month/year (`28/02/2011`, `1/2/2011`) as well as `2011-02-28`, since
/// that is what people type; the domain checks the date itself.
pub fn normalise_date(raw: &str) -> String {
    let parts: Vec<&str> = raw.trim().split('/').map(str::trim).collect();
    match parts.as_slice() {
        [d, m, y]
            if y.len() == 4
                && (1..=2).contains(&d.len())
                && (1..=2).contains(&m.len())
                && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) =>
        {
            format!("{y}-{m:0>2}-{d:0>2}")
        }
        _ => raw.to_owned(),
    }
}

impl PersonInput {
    /// What the domain parses.
    pub fn to_person_form(&self) -> PersonForm {
        PersonForm {
            kind: some(&self.kind),
            given_name: self.given_name.clone(),
            middle_names: some(&self.middle_names),
            family_name: self.family_name.clone(),
            date_of_birth: Some(normalise_date(&self.date_of_birth)),
            sex: self.sex.clone(),
            gender: some(&self.gender),
            ethnicity: some(&self.ethnicity),
            care_status: some(&self.care_status),
        }
    }

    pub fn from_details(d: &PersonDetails, version: i64) -> Self {
        let f = PersonForm::from_details(d);
        Self {
            kind: f.kind.unwrap_or_default(),
            given_name: f.given_name,
            middle_names: f.middle_names.unwrap_or_default(),
            family_name: f.family_name,
            date_of_birth: f.date_of_birth.unwrap_or_default(),
            sex: f.sex,
            gender: f.gender.unwrap_or_default(),
            ethnicity: f.ethnicity.unwrap_or_default(),
            care_status: f.care_status.unwrap_or_default(),
            reference: String::new(),
            version: version.to_string(),
        }
    }

    /// The fields, in the order the domain checks them (so the error summary reads in order).
    pub fn fields(&self, ctx: &PageCtx, with_reference: bool) -> Vec<Field> {
        // Each choice's code with its label (`sex-female` → "Female").
        let labels = |prefix: &str, codes: &[&'static str]| -> Vec<(&'static str, String)> {
            codes.iter().map(|c| (*c, ctx.label(prefix, c))).collect()
        };
        let kinds: Vec<_> = PersonKind::ALL.iter().map(|k| k.code()).collect();
        let sexes: Vec<_> = Sex::ALL.iter().map(|k| k.code()).collect();
        let ethnicities: Vec<_> = Ethnicity::ALL.iter().map(|k| k.code()).collect();
        let statuses: Vec<_> = CareStatus::ALL.iter().map(|k| k.code()).collect();
        let or_default = |v: &str, d: &'static str| if v.trim().is_empty() { d.to_owned() } else { v.to_owned() };
        let mut fields = vec![
            Field::choose(
                "kind",
                ctx.t("person-kind"),
                &or_default(&self.kind, "child"),
                FieldKind::Radios,
                &labels("kind", &kinds),
            ),
            Field::text("given_name", ctx.t("person-given-name"), &self.given_name, "govuk-!-width-one-half"),
            Field::text("middle_names", ctx.t("person-middle-names"), &self.middle_names, "govuk-!-width-one-half"),
            Field::text("family_name", ctx.t("person-family-name"), &self.family_name, "govuk-!-width-one-half"),
            Field::text("date_of_birth", ctx.t("person-date-of-birth"), &self.date_of_birth, "govuk-input--width-10")
                .hint(ctx.t("person-date-of-birth-hint")),
            Field::choose("sex", ctx.t("person-sex"), &self.sex, FieldKind::Radios, &labels("sex", &sexes)),
            Field::text("gender", ctx.t("person-gender"), &self.gender, "govuk-!-width-one-half")
                .hint(ctx.t("person-gender-hint")),
            Field::choose(
                "ethnicity",
                ctx.t("person-ethnicity"),
                &or_default(&self.ethnicity, "not_stated"),
                FieldKind::Select,
                &labels("ethnicity", &ethnicities),
            ),
            Field::choose(
                "care_status",
                ctx.t("person-care-status"),
                &or_default(&self.care_status, "not_known"),
                FieldKind::Select,
                &labels("care-status", &statuses),
            ),
        ];
        if with_reference {
            fields.push(
                Field::text("reference", ctx.t("person-reference"), &self.reference, "govuk-input--width-20")
                    .hint(ctx.t("person-reference-hint")),
            );
        }
        fields
    }
}

pub use crate::views::FormPage;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uk_dates_become_iso_dates_and_anything_else_is_left_for_the_domain_to_judge() {
        assert_eq!(normalise_date("28/02/2011"), "2011-02-28");
        assert_eq!(normalise_date(" 1/2/2011 "), "2011-02-01");
        assert_eq!(normalise_date("2011-02-28"), "2011-02-28");
        assert_eq!(normalise_date("28/02/11"), "28/02/11");
        assert_eq!(normalise_date("aa/bb/cccc"), "aa/bb/cccc");
    }
}
