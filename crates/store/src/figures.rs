//! What the figures for boards are counted from: one area's plain rows over a span of dates,
//! read in one go ([`haven_domain::figures::Inputs`]). No names and no free text leave the store
//! for this: only the facts a figure counts.

use crate::StoreResult;
use async_trait::async_trait;
use haven_domain::audit::AuditEvent;
use haven_domain::figures::{Inputs, Period};
use haven_domain::ids::AreaId;

#[async_trait]
pub trait FiguresStore {
    /// The rows of area `area` that the figures of `span` count, with the read's audit event
    /// (in the same transaction):
    /// - episodes with the area as theirs, reported before the span ends and not returned
    ///   before it began, each with its gradings, supervisor and inspector reviews, whether harm
    ///   was seen on return, and its RHI's outcome and quality measures;
    /// - the area's children: those episodes' children, children placed at a place in the area
    ///   during the span, and children whose placing or host authority serves the area, each
    ///   with sex, ethnicity and date of birth;
    /// - those children's screenings made, NRM referrals made and person markers in force in
    ///   the span;
    /// - disruption recorded in the area in the span, and the area's MACE actions set by its end
    ///   (each with the date it was first marked done or closed, if it is now).
    async fn figure_inputs(&self, area: AreaId, span: Period, audit: &AuditEvent) -> StoreResult<Inputs>;
}

/// The rows both adapters read for [`FiguresStore::figure_inputs`], and what they make: one
/// shape for SQLite and PostgreSQL, so that the same records count the same on either.
pub mod rows {
    use crate::{StoreError, StoreResult};
    use chrono::{DateTime, NaiveDate, Utc};
    use haven_domain::figures::inputs::{
        ActionFacts, DisruptionFacts, EpisodeFacts, Inputs, MarkerFacts, NrmFacts, PersonFacts, RhiFacts,
        ScreeningFacts,
    };
    use haven_domain::ids::PersonId;
    use haven_domain::location::LocationKind;
    use haven_domain::missing::RiskGrade;
    use haven_domain::missing::episode::RhiOutcome;
    use haven_domain::missing::record::NoteKind;
    use haven_domain::missing::rules::ReviewKind;
    use haven_domain::uktime::uk_date;
    use std::collections::HashMap;
    use uuid::Uuid;

    fn stored<T>(parsed: Result<T, &'static str>, column: &'static str) -> StoreResult<T> {
        parsed.map_err(|code| StoreError::Backend(format!("stored {column} is not valid ({code})")))
    }

    #[derive(Debug)]
    pub struct EpisodeFactRow {
        pub id: Uuid,
        pub person_id: Uuid,
        pub reported_at: DateTime<Utc>,
        pub last_seen_at: DateTime<Utc>,
        pub returned_at: Option<DateTime<Utc>>,
        pub from_kind: Option<String>,
        pub out_of_area: bool,
        /// Harm seen on return was recorded (not blank): worked out by the store's query, so
        /// that no free text is read for the figures.
        pub harm_seen: bool,
        pub rhi_outcome: Option<String>,
        pub rhi_at: Option<DateTime<Utc>>,
        pub rhi_in_person: Option<bool>,
        /// The RHI's child's wishes, information shared, follow-up actions and harm were
        /// recorded (not blank).
        pub rhi_child_voice: bool,
        pub rhi_shared: bool,
        pub rhi_follow_up: bool,
        pub rhi_harm: bool,
    }

    #[derive(Debug)]
    pub struct GradingFactRow {
        pub episode_id: Uuid,
        pub grade: String,
        pub graded_at: DateTime<Utc>,
    }

    #[derive(Debug)]
    pub struct ReviewFactRow {
        pub episode_id: Uuid,
        pub kind: String,
        pub at: DateTime<Utc>,
    }

    #[derive(Debug)]
    pub struct PersonFactRow {
        pub id: Uuid,
        pub sex: String,
        pub ethnicity: String,
        pub date_of_birth: Option<NaiveDate>,
    }

    #[derive(Debug)]
    pub struct ScreeningFactRow {
        pub person_id: Uuid,
        pub tier: String,
        pub screened_at: DateTime<Utc>,
    }

    #[derive(Debug)]
    pub struct NrmFactRow {
        pub person_id: Uuid,
        pub referred_on: NaiveDate,
        pub rg_on: Option<NaiveDate>,
        pub cg_on: Option<NaiveDate>,
    }

    #[derive(Debug)]
    pub struct DisruptionFactRow {
        pub four_p: String,
        pub tactic: String,
        pub done_on: NaiveDate,
    }

    #[derive(Debug)]
    pub struct ActionFactRow {
        pub set_at: DateTime<Utc>,
        pub due_on: NaiveDate,
        pub status: String,
        pub closed_at: Option<DateTime<Utc>>,
    }

    #[derive(Debug)]
    pub struct MarkerFactRow {
        pub person_id: Uuid,
        pub marker_type: String,
        pub starts_on: NaiveDate,
        pub ended_on: Option<NaiveDate>,
    }

    /// Everything read, as the adapters read it.
    #[derive(Debug, Default)]
    pub struct FactRows {
        pub episodes: Vec<EpisodeFactRow>,
        pub gradings: Vec<GradingFactRow>,
        pub reviews: Vec<ReviewFactRow>,
        pub people: Vec<PersonFactRow>,
        pub screenings: Vec<ScreeningFactRow>,
        pub nrms: Vec<NrmFactRow>,
        pub disruptions: Vec<DisruptionFactRow>,
        pub actions: Vec<ActionFactRow>,
        pub markers: Vec<MarkerFactRow>,
    }

    fn rhi(r: &EpisodeFactRow) -> StoreResult<Option<RhiFacts>> {
        let (Some(outcome), Some(at)) = (r.rhi_outcome.as_deref(), r.rhi_at) else { return Ok(None) };
        Ok(Some(RhiFacts {
            outcome: stored(RhiOutcome::parse(outcome), "rhi outcome")?,
            at,
            in_person: r.rhi_in_person.unwrap_or(false),
            child_voice: r.rhi_child_voice,
            information_shared: r.rhi_shared,
            follow_up: r.rhi_follow_up,
            harm: r.rhi_harm,
        }))
    }

    /// The domain's inputs from the rows: codes parsed (a stored code that does not parse is a
    /// `Backend` error), gradings and reviews put on their episodes in order.
    pub fn assemble(rows: FactRows) -> StoreResult<Inputs> {
        let mut gradings: HashMap<Uuid, Vec<(RiskGrade, DateTime<Utc>)>> = HashMap::new();
        for g in rows.gradings {
            gradings.entry(g.episode_id).or_default().push((stored(RiskGrade::parse(&g.grade), "grade")?, g.graded_at));
        }
        let mut reviews: HashMap<Uuid, Vec<(ReviewKind, DateTime<Utc>)>> = HashMap::new();
        for r in rows.reviews {
            let kind = match stored(NoteKind::parse(&r.kind), "note kind")? {
                NoteKind::InspectorReview => ReviewKind::Inspector,
                _ => ReviewKind::Supervisor,
            };
            reviews.entry(r.episode_id).or_default().push((kind, r.at));
        }
        let episodes = rows
            .episodes
            .into_iter()
            .map(|r| {
                Ok(EpisodeFacts {
                    person: PersonId(r.person_id),
                    reported_at: r.reported_at,
                    last_seen_at: r.last_seen_at,
                    returned_at: r.returned_at,
                    from_kind: r
                        .from_kind
                        .as_deref()
                        .map(|k| stored(LocationKind::parse(k), "location kind"))
                        .transpose()?,
                    out_of_area: r.out_of_area,
                    gradings: gradings.remove(&r.id).unwrap_or_default(),
                    reviews: reviews.remove(&r.id).unwrap_or_default(),
                    harm_on_return: r.harm_seen,
                    rhi: rhi(&r)?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let people = rows
            .people
            .into_iter()
            .map(|p| {
                Ok(PersonFacts {
                    id: PersonId(p.id),
                    sex: stored(haven_domain::person::Sex::parse(&p.sex), "sex")?,
                    ethnicity: stored(haven_domain::person::Ethnicity::parse(&p.ethnicity), "ethnicity")?,
                    date_of_birth: p.date_of_birth,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let screenings = rows
            .screenings
            .into_iter()
            .map(|s| {
                Ok(ScreeningFacts {
                    person: PersonId(s.person_id),
                    tier: stored(haven_domain::screening::Tier::parse(&s.tier), "tier")?,
                    at: s.screened_at,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let nrms = rows
            .nrms
            .into_iter()
            .map(|n| NrmFacts {
                person: PersonId(n.person_id),
                referred_on: n.referred_on,
                reasonable_grounds_on: n.rg_on,
                conclusive_grounds_on: n.cg_on,
            })
            .collect();
        let disruptions = rows
            .disruptions
            .into_iter()
            .map(|d| {
                Ok(DisruptionFacts {
                    four_p: stored(haven_domain::mace::FourP::parse(&d.four_p), "four_p")?,
                    tactic: stored(haven_domain::disruption::Tactic::parse(&d.tactic), "tactic")?,
                    done_on: d.done_on,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let actions = rows
            .actions
            .into_iter()
            .map(|a| {
                let closed = matches!(a.status.as_str(), "done" | "closed");
                ActionFacts {
                    set_on: uk_date(a.set_at),
                    due_on: a.due_on,
                    // Done or closed with no update recorded: closed when it was set.
                    closed_on: closed.then(|| uk_date(a.closed_at.unwrap_or(a.set_at))),
                }
            })
            .collect();
        let markers = rows
            .markers
            .into_iter()
            .map(|m| {
                Ok(MarkerFacts {
                    person: PersonId(m.person_id),
                    marker_type: stored(haven_domain::marker::MarkerType::parse(&m.marker_type), "marker type")?,
                    starts_on: m.starts_on,
                    ended_on: m.ended_on,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Inputs { episodes, people, screenings, nrms, disruptions, actions, markers })
    }
}
