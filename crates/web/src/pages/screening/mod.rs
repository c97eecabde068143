//! Exploitation screening pages: a child's screenings (`/people/{id}/screenings`), the form
//! grouped by theme with each indicator's guidance and what haven already knows beside it
//! (`/people/{id}/screenings/new`), and a screening's result with its reasons in words and what
//! it makes due (`/people/{id}/screenings/{screening}`). The application layer decides, checks
//! and audits; these pages translate.

mod list;
mod new;
mod show;

use crate::state::AppState;
use crate::views::PageCtx;
use axum::Router;
use axum::routing::get;
use haven_domain::screening::evidence::Source;
use haven_domain::screening::{Exploitation, Screening, Tier, Tool};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/people/{id}/screenings", get(list::show))
        .route("/people/{id}/screenings/new", get(new::form).post(new::save))
        .route("/people/{id}/screenings/{screening}", get(show::show))
}

/// The GOV.UK tag class of a tier.
pub fn tier_class(tier: Tier) -> &'static str {
    match tier {
        Tier::Green => "govuk-tag--green",
        Tier::Amber => "govuk-tag--orange",
        Tier::Red => "govuk-tag--red",
    }
}

fn welsh(ctx: &PageCtx) -> bool {
    ctx.lang == crate::i18n::Lang::Cy
}

/// A suggestion's source in words, with a link to the episode behind it where there is one.
pub fn source_words(ctx: &PageCtx, source: &Source) -> (String, Option<String>) {
    let episode = |id: &haven_domain::ids::EpisodeId| Some(format!("/missing/{id}"));
    match source {
        Source::RepeatMissing { count, episodes } => {
            (ctx.t1("screening-source-repeat", "count", &count.to_string()), episodes.last().and_then(episode))
        }
        Source::LongEpisode { episode: e, hours } => {
            (ctx.t1("screening-source-long", "hours", &hours.to_string()), episode(e))
        }
        Source::FoundOutOfArea { episode: e } => (ctx.t("screening-source-out-of-area"), episode(e)),
        Source::Disclosure { episode: e } => (ctx.t("screening-source-disclosure"), episode(e)),
        Source::FoundWith { episode: e, with_whom } => {
            (ctx.t1("screening-source-found-with", "who", with_whom), episode(e))
        }
        Source::LinkedPerson { episode: e, person } => {
            (ctx.t("screening-source-linked-person"), episode(e).or_else(|| Some(format!("/people/{person}"))))
        }
        Source::Marker { marker } => {
            (ctx.t1("screening-source-marker", "marker", &ctx.label("marker-type", marker)), None)
        }
    }
}

/// A screening's result in words: the reasons, the judgement, what is due.
#[derive(Debug)]
pub struct ResultView {
    pub id: String,
    pub at: String,
    pub by: String,
    pub score: u32,
    pub tier: String,
    pub tier_class: &'static str,
    pub computed: String,
    pub computed_class: &'static str,
    /// The practitioner's judgement, in words, when it changed the tool's tier.
    pub judgement: Option<String>,
    pub reason: Option<String>,
    pub floor: Option<String>,
    /// (theme, indicator, points, the practitioner's note).
    pub reasons: Vec<(String, String, u32, String)>,
    pub bands: String,
    pub strategy_discussion: bool,
    pub nrm: Option<String>,
}

impl ResultView {
    pub fn new(ctx: &PageCtx, s: &Screening, tool: Option<&Tool>) -> Self {
        let cy = welsh(ctx);
        let reasons = tool
            .map(|t| {
                s.present(t)
                    .into_iter()
                    .map(|i| {
                        let note = s.answers.get(i.code).map(|a| a.note.clone()).unwrap_or_default();
                        (ctx.label("screening-theme", i.theme.code()), i.label(cy).to_owned(), i.weight, note)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let outcomes = tool.map(|t| s.outcomes(t));
        let nrm = outcomes.as_ref().filter(|o| !o.nrm_prompt.is_empty()).map(|o| {
            let types: Vec<String> =
                o.nrm_prompt.iter().map(|e: &Exploitation| ctx.label("screening-type", e.code())).collect();
            ctx.t1("screening-nrm-prompt", "types", &types.join(", "))
        });
        let judgement = match s.judgement() {
            std::cmp::Ordering::Greater => Some(ctx.t("screening-judgement-raised")),
            std::cmp::Ordering::Less => Some(ctx.t("screening-judgement-lowered")),
            std::cmp::Ordering::Equal => None,
        };
        Self {
            id: s.id.to_string(),
            at: ctx.time(&s.at),
            by: s.by_label.clone(),
            score: s.assessment.score,
            tier: ctx.label("screening-tier", s.tier.code()),
            tier_class: tier_class(s.tier),
            computed: ctx.label("screening-tier", s.assessment.tier.code()),
            computed_class: tier_class(s.assessment.tier),
            judgement,
            reason: s.reason.clone(),
            floor: s.assessment.floor_applied.then(|| ctx.t("screening-floor-applied")),
            reasons,
            bands: tool
                .map(|t| {
                    ctx.lang.t_args(
                        "screening-bands",
                        &[("amber", t.amber_from.to_string()), ("red", t.red_from.to_string())],
                    )
                })
                .unwrap_or_default(),
            strategy_discussion: outcomes.as_ref().is_some_and(|o| o.strategy_discussion),
            nrm,
        }
    }
}
