//! English and Welsh. Every string a user reads comes from the Fluent files in `i18n/en` and
//! `i18n/cy` (compiled into the binary). The language of a request is chosen once, by
//! [`negotiate`], and travels with the request as a [`Lang`].

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use std::borrow::Cow;
use std::collections::HashMap;
use unic_langid::{LanguageIdentifier, langid};

static_loader! {
    static LOCALES = {
        locales: "./i18n",
        fallback_language: "en",
        // Placeables go into HTML, where Unicode isolation marks only get in the way.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The cookie that remembers a chosen language.
pub const LANG_COOKIE: &str = "haven_lang";

/// The languages haven speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Cy,
}

static EN: LanguageIdentifier = langid!("en");
static CY: LanguageIdentifier = langid!("cy");

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Cy => "cy",
        }
    }

    pub fn parse(raw: &str) -> Option<Lang> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "cy" => Some(Lang::Cy),
            _ => None,
        }
    }

    /// The other language: the one the header link switches to.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Cy,
            Lang::Cy => Lang::En,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::En => &EN,
            Lang::Cy => &CY,
        }
    }

    /// The message `key`; a missing key shows itself (and the unit tests refuse one).
    pub fn t(self, key: &str) -> String {
        LOCALES.try_lookup(self.id(), key).unwrap_or_else(|| key.to_owned())
    }

    /// The message `key` with named arguments.
    pub fn t_args(self, key: &str, args: &[(&'static str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> =
            args.iter().map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone()))).collect();
        LOCALES.try_lookup_with_args(self.id(), key, &args).unwrap_or_else(|| key.to_owned())
    }

    /// The message `key` with one named argument.
    pub fn t1(self, key: &str, name: &'static str, value: &str) -> String {
        self.t_args(key, &[(name, value.to_owned())])
    }

    /// The message `key` with a number, which selects the plural form.
    pub fn t_count(self, key: &str, name: &'static str, n: usize) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        args.insert(Cow::Borrowed(name), FluentValue::from(n));
        LOCALES.try_lookup_with_args(self.id(), key, &args).unwrap_or_else(|| key.to_owned())
    }

    /// Whether a message exists (in this language, without falling back).
    pub fn has(self, key: &str) -> bool {
        LOCALES.lookup_single_language::<&str>(self.id(), key, None).is_ok()
    }

    /// The message for a validation error `code` on `field`: a message written for that field
    /// (`error-date_of_birth-dob-in-future`) when there is one, else the code's own message.
    pub fn field_error(self, field: &str, code: &str) -> String {
        let specific = format!("error-{field}-{code}");
        if self.has(&specific) { self.t(&specific) } else { self.t(&format!("error-{code}")) }
    }

    /// The label of a coded value (`sex-female`, `role-supervisor`, `audit-person-view`).
    pub fn label(self, prefix: &str, code: &str) -> String {
        self.t(&format!("{prefix}-{}", code.replace(['.', '_'], "-")))
    }
}

/// Chooses the language: `?lang=` first, then the cookie, then the browser's
/// `Accept-Language`, else English.
pub fn negotiate(query_lang: Option<&str>, cookie: Option<&str>, accept_language: Option<&str>) -> Lang {
    query_lang
        .and_then(Lang::parse)
        .or_else(|| cookie.and_then(Lang::parse))
        .or_else(|| accept_language.and_then(from_accept_language))
        .unwrap_or_default()
}

/// The preferred of English and Welsh in an `Accept-Language` header (`cy-GB,cy;q=0.9,en;q=0.8`).
fn from_accept_language(header: &str) -> Option<Lang> {
    let mut ranked: Vec<(f32, usize, Lang)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut bits = part.split(';');
            let tag = bits.next()?.trim();
            let primary = tag.split('-').next()?;
            let lang = Lang::parse(primary)?;
            let q = bits
                .filter_map(|b| b.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (q > 0.0).then_some((q, i, lang))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.first().map(|r| r.2)
}

/// Every validation or refusal code that the domain, the store or the web layer may show a
/// user. Each has a message in both languages (checked by a test).
pub const ERROR_CODES: &[&str] = &[
    "required",
    "too-long",
    "control-characters",
    "name-needs-letters",
    "date-format",
    "dob-in-future",
    "dob-too-early",
    "child-over-18",
    "unknown-code",
    "postcode-format",
    "reference-characters",
    "agency-code-format",
    "username-format",
    "coordinates-outside-uk",
    "ends-before-start",
    "not-an-id",
    "duplicate",
    "missing-record",
    "role-not-permitted",
    "no-sharing-agreement",
    "needs-a-record",
    "account-locked",
    "address-locked",
    "password-too-short",
    "password-too-long",
    "password-unchanged",
    "password-mismatch",
    "password-wrong",
    "unknown-area",
    "unknown-agency",
    "overlaps-agreement",
    "coordinates-need-both",
    "number-format",
    "whole-number",
    "id-format",
    "unknown-record",
    "not-a-local-authority",
    "agreement-needs-two-members",
    "grant-for-no-role",
    "review-before-start",
    "repeated",
    "out-of-range",
    "negative",
    "too-large",
    "outside-agreement",
    "not-at-the-meeting",
    "due-before-meeting",
    "closed-without-reason",
    "action-closed",
    "has-actions",
    "another-area",
    "format",
    "same-as-from",
    "other-area",
    "inactive",
    "not-in-area",
    "not-your-team",
    "date-in-future",
    "expires-before-issued",
    "required-for-tactic",
    "not-for-tactic",
    "tactic-for-places-only",
    "tactic-for-people-only",
    "cawn-needs-an-adult",
    "same-as-subject",
    "person-or-place",
    "not-yet-recorded",
    "not-of-meeting",
    "required-with-concerns",
    "only-on-review",
    "not-after-review",
    "over-a-week",
    "required-when-held",
    "before-from",
    "range-too-long",
    "needs-a-child",
    "no-subject-to-link",
    "has-links",
    "more-than-total",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The message identifiers defined in one language's files (terms and attributes aside).
    fn keys(lang: &str) -> BTreeSet<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("i18n").join(lang);
        let mut out = BTreeSet::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines() {
                if let Some((id, _)) = line.split_once('=') {
                    let id = id.trim_end();
                    if !line.starts_with([' ', '#', '-', '.']) && !id.is_empty() && !id.contains(' ') {
                        out.insert(id.to_owned());
                    }
                }
            }
        }
        out
    }

    #[test]
    fn english_and_welsh_define_the_same_messages() {
        let (en, cy) = (keys("en"), keys("cy"));
        assert!(en.len() > 100, "only {} English messages found", en.len());
        let only_en: Vec<_> = en.difference(&cy).collect();
        let only_cy: Vec<_> = cy.difference(&en).collect();
        assert!(only_en.is_empty(), "missing in Welsh: {only_en:?}");
        assert!(only_cy.is_empty(), "missing in English: {only_cy:?}");
    }

    #[test]
    fn every_error_code_has_a_message_in_both_languages() {
        for code in ERROR_CODES {
            for lang in [Lang::En, Lang::Cy] {
                assert!(lang.has(&format!("error-{code}")), "{code} in {lang:?}");
            }
        }
    }

    #[test]
    fn every_coded_value_the_forms_offer_has_a_label_in_both_languages() {
        use haven_domain::audit::AuditAction;
        use haven_domain::person::{CareStatus, Ethnicity, PersonKind, Sex};
        use haven_domain::user::Role;
        let mut wanted: Vec<String> = Vec::new();
        wanted.extend(Sex::ALL.iter().map(|v| format!("sex-{}", v.code().replace('_', "-"))));
        wanted.extend(PersonKind::ALL.iter().map(|v| format!("kind-{}", v.code().replace('_', "-"))));
        wanted.extend(Ethnicity::ALL.iter().map(|v| format!("ethnicity-{}", v.code().replace('_', "-"))));
        wanted.extend(CareStatus::ALL.iter().map(|v| format!("care-status-{}", v.code().replace('_', "-"))));
        wanted.extend(Role::ALL.iter().map(|v| format!("role-{}", v.code().replace('_', "-"))));
        wanted.extend(AuditAction::ALL.iter().map(|v| format!("audit-{}", v.code().replace(['.', '_'], "-"))));
        let label = |prefix: &str, code: &str| format!("{prefix}-{}", code.replace('_', "-"));
        use haven_domain::agency::{AgencyKind, AreaKind};
        use haven_domain::location::{LocationKind, PlacementKind};
        use haven_domain::sharing::{RecordClass, Scope};
        wanted.extend(AreaKind::ALL.iter().map(|v| label("area-kind", v.code())));
        wanted.extend(
            AgencyKind::ALL.iter().flat_map(|v| [label("agency-kind", v.code()), label("agency-type", v.code())]),
        );
        wanted.extend(LocationKind::ALL.iter().map(|v| label("location-kind", v.code())));
        wanted.extend(PlacementKind::ALL.iter().map(|v| label("placement-kind", v.code())));
        wanted.extend(RecordClass::ALL.iter().map(|v| label("record-class", v.code())));
        wanted.extend(Scope::ALL.iter().map(|v| label("scope", v.code())));
        use haven_domain::priority::Factor;
        use haven_domain::priority::bias::AgeBand;
        wanted.extend(Factor::ALL.iter().map(|v| label("priority-factor", v.code())));
        wanted.extend(AgeBand::ALL.iter().map(|v| label("priority-age", v.code())));
        use haven_domain::directory::TeamKind;
        wanted.extend(TeamKind::ALL.iter().map(|v| label("team-kind", v.code())));
        for key in wanted {
            assert!(Lang::En.has(&key) && Lang::Cy.has(&key), "{key}");
        }
    }

    #[test]
    fn welsh_uses_the_gov_uk_words() {
        assert_eq!(Lang::Cy.t("sign-in"), "Mewngofnodi");
        assert_eq!(Lang::Cy.t("sign-out"), "Allgofnodi");
        assert_eq!(Lang::Cy.t("error-summary-title"), "Mae problem");
        assert_eq!(Lang::En.t("sign-in"), "Sign in");
    }

    #[test]
    fn a_field_specific_message_wins_over_the_generic_one() {
        assert_eq!(Lang::En.field_error("date_of_birth", "dob-in-future"), "Date of birth must be in the past");
        assert_eq!(Lang::En.field_error("gender", "control-characters"), Lang::En.t("error-control-characters"));
    }

    #[test]
    fn counts_pick_the_plural_form_of_each_language() {
        assert_eq!(Lang::En.t_count("search-results-count", "count", 0), "No people found");
        assert_eq!(Lang::En.t_count("search-results-count", "count", 1), "1 person found");
        assert_eq!(Lang::En.t_count("search-results-count", "count", 7), "7 people found");
        assert_eq!(Lang::Cy.t_count("search-results-count", "count", 2), "Cafwyd hyd i 2 berson");
        assert_eq!(Lang::Cy.t_count("search-results-count", "count", 3), "Cafwyd hyd i 3 pherson");
    }

    #[test]
    fn language_is_chosen_by_query_then_cookie_then_browser() {
        assert_eq!(negotiate(Some("cy"), Some("en"), Some("en")), Lang::Cy);
        assert_eq!(negotiate(Some("fr"), Some("cy"), None), Lang::Cy);
        assert_eq!(negotiate(None, None, Some("cy-GB,cy;q=0.9,en;q=0.8")), Lang::Cy);
        assert_eq!(negotiate(None, None, Some("fr-FR, en;q=0.5, cy;q=0.7")), Lang::Cy);
        assert_eq!(negotiate(None, None, Some("en-GB,en;q=0.9,cy;q=0.8")), Lang::En);
        assert_eq!(negotiate(None, None, Some("cy;q=0")), Lang::En);
        assert_eq!(negotiate(None, None, None), Lang::En);
    }
}
