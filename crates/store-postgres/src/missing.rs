//! Missing episodes and grab packs on PostgreSQL. An episode is one row of `missing_episodes` (the
//! return on the same row, so that a partial unique index can allow one open episode per
//! person), its gradings and notes in their own tables in the order they were added, and the
//! return home interview in `episode_rhis`. Reads load a batch of episodes in three queries,
//! whatever its size; times are kept to the microsecond, as PostgreSQL keeps them.

use super::{PostgresStore, backend, commit, db_err, insert_audit, person_exists};
use crate::rows::{SummaryRow, stored};
use async_trait::async_trait;
use chrono::{DateTime, SubsecRound, Utc};
use haven_domain::audit::AuditEvent;
use haven_domain::ids::{AgencyId, AreaId, EpisodeId, EpisodeNoteId, LocationId, PersonId, UserId};
use haven_domain::missing::episode::{Consent, Grading, ReporterKind, RhiOutcome, RiskAnswer};
use haven_domain::missing::grade::RiskGrade;
use haven_domain::missing::record::{
    EpisodeNote, GrabPack, MissingEpisode, NoteKind, Recipient, ReturnRecord, RhiAttempt, RhiRecord, RhiStep,
};
use haven_store::{EpisodeRow, EpisodeWindow, MissingStore, PersonSummary, StoreError, StoreResult};
use sqlx::postgres::PgConnection;
use sqlx::types::Json;
use std::collections::HashMap;
use uuid::Uuid;

/// To the microsecond, as PostgreSQL keeps times: a value written to either store reads back
/// the same from both.
fn us(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(6)
}

// ---------------------------------------------------------------------------------------------
// Rows

#[derive(Debug)]
struct EpisodeDbRow {
    id: Uuid,
    person_id: Uuid,
    reported_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    last_seen_where: String,
    reporter: String,
    from_location: Option<Uuid>,
    area_id: Option<Uuid>,
    circumstances: String,
    police_reference: Option<String>,
    officer_in_charge: String,
    out_of_area: bool,
    recorded_by: Option<Uuid>,
    owner_agency: Uuid,
    imported: bool,
    version: i64,
    returned_at: Option<DateTime<Utc>>,
    found_where: Option<String>,
    found_by: Option<String>,
    with_whom: Option<String>,
    harm_seen: Option<String>,
    disclosed: Option<bool>,
    found_in_other_force_area: Option<bool>,
    prevention_interview_at: Option<DateTime<Utc>>,
    prevention_interview_notes: Option<String>,
    return_recorded_by: Option<Uuid>,
    return_recorded_at: Option<DateTime<Utc>>,
    rhi_outcome: Option<String>,
    rhi_offered_by: Option<String>,
    rhi_interviewer_independent: Option<bool>,
    rhi_consent_to_share: Option<String>,
    rhi_reason: Option<String>,
    rhi_held_at: Option<DateTime<Utc>>,
    rhi_held_by: Option<Uuid>,
    rhi_in_person: Option<bool>,
    rhi_non_uniformed_officer_present: Option<bool>,
    rhi_where_and_with_whom: Option<String>,
    rhi_push_factors: Option<String>,
    rhi_pull_factors: Option<String>,
    rhi_disclosures: Option<String>,
    rhi_harm: Option<String>,
    rhi_exploitation_indicators: Option<String>,
    rhi_child_wants: Option<String>,
    rhi_information_shared_at: Option<DateTime<Utc>>,
    rhi_follow_up_actions: Option<String>,
    rhi_recorded_by: Option<Uuid>,
    rhi_recorded_at: Option<DateTime<Utc>>,
}

impl EpisodeDbRow {
    fn into_episode(self, gradings: Vec<Grading>, notes: Vec<EpisodeNote>) -> StoreResult<MissingEpisode> {
        let found = match (self.returned_at, self.return_recorded_at) {
            (Some(returned_at), Some(recorded_at)) => Some(ReturnRecord {
                returned_at,
                found_where: self.found_where.unwrap_or_default(),
                found_by: self.found_by.unwrap_or_default(),
                with_whom: self.with_whom.unwrap_or_default(),
                harm_seen: self.harm_seen.unwrap_or_default(),
                disclosed: self.disclosed.unwrap_or_default(),
                found_in_other_force_area: self.found_in_other_force_area.unwrap_or_default(),
                prevention_interview_at: self.prevention_interview_at,
                prevention_interview_notes: self.prevention_interview_notes.unwrap_or_default(),
                recorded_by: self.return_recorded_by.map(UserId),
                recorded_at,
            }),
            _ => None,
        };
        let rhi = match (self.rhi_outcome, self.rhi_held_at, self.rhi_recorded_at) {
            (Some(outcome), Some(held_at), Some(recorded_at)) => Some(RhiRecord {
                outcome: stored(RhiOutcome::parse(&outcome), "episode_rhis.outcome")?,
                offered_by: self.rhi_offered_by.unwrap_or_default(),
                interviewer_independent: self.rhi_interviewer_independent,
                consent_to_share: self
                    .rhi_consent_to_share
                    .map(|c| stored(Consent::parse(&c), "episode_rhis.consent_to_share"))
                    .transpose()?,
                reason: self.rhi_reason.unwrap_or_default(),
                held_at,
                held_by: self.rhi_held_by.map(AgencyId),
                in_person: self.rhi_in_person.unwrap_or_default(),
                non_uniformed_officer_present: self.rhi_non_uniformed_officer_present.unwrap_or_default(),
                where_and_with_whom: self.rhi_where_and_with_whom.unwrap_or_default(),
                push_factors: self.rhi_push_factors.unwrap_or_default(),
                pull_factors: self.rhi_pull_factors.unwrap_or_default(),
                disclosures: self.rhi_disclosures.unwrap_or_default(),
                harm: self.rhi_harm.unwrap_or_default(),
                exploitation_indicators: self.rhi_exploitation_indicators.unwrap_or_default(),
                child_wants: self.rhi_child_wants.unwrap_or_default(),
                information_shared_at: self.rhi_information_shared_at,
                follow_up_actions: self.rhi_follow_up_actions.unwrap_or_default(),
                recorded_by: self.rhi_recorded_by.map(UserId),
                recorded_at,
            }),
            _ => None,
        };
        Ok(MissingEpisode {
            id: EpisodeId(self.id),
            person_id: PersonId(self.person_id),
            reported_at: self.reported_at,
            last_seen_at: self.last_seen_at,
            last_seen_where: self.last_seen_where,
            reporter: stored(ReporterKind::parse(&self.reporter), "missing_episodes.reporter")?,
            from_location: self.from_location.map(LocationId),
            area_id: self.area_id.map(AreaId),
            circumstances: self.circumstances,
            police_reference: self.police_reference,
            officer_in_charge: self.officer_in_charge,
            out_of_area: self.out_of_area,
            gradings,
            notes,
            found,
            rhi,
            recorded_by: self.recorded_by.map(UserId),
            owner: AgencyId(self.owner_agency),
            imported: self.imported,
            version: self.version,
        })
    }
}

#[derive(Debug)]
struct GradingDbRow {
    episode_id: Uuid,
    grade: String,
    rationale: String,
    answers: Json<Vec<RiskAnswer>>,
    graded_at: DateTime<Utc>,
    graded_by: Option<Uuid>,
    rules_version: String,
    naira_reason: Option<String>,
}

impl TryFrom<GradingDbRow> for Grading {
    type Error = StoreError;
    fn try_from(r: GradingDbRow) -> StoreResult<Grading> {
        Ok(Grading {
            grade: stored(RiskGrade::parse(&r.grade), "episode_gradings.grade")?,
            rationale: r.rationale,
            answers: r.answers.0,
            graded_at: r.graded_at,
            graded_by: r.graded_by.map(UserId),
            rules_version: r.rules_version,
            naira_reason: r.naira_reason,
        })
    }
}

#[derive(Debug)]
struct NoteDbRow {
    id: Uuid,
    episode_id: Uuid,
    kind: String,
    at: DateTime<Utc>,
    text: String,
    person_id: Option<Uuid>,
    location_id: Option<Uuid>,
    recipient: Option<String>,
    next_review_at: Option<DateTime<Utc>>,
    recorded_by: Option<Uuid>,
    recorded_at: DateTime<Utc>,
}

impl TryFrom<NoteDbRow> for EpisodeNote {
    type Error = StoreError;
    fn try_from(r: NoteDbRow) -> StoreResult<EpisodeNote> {
        Ok(EpisodeNote {
            id: EpisodeNoteId(r.id),
            kind: stored(NoteKind::parse(&r.kind), "episode_notes.kind")?,
            at: r.at,
            text: r.text,
            person_id: r.person_id.map(PersonId),
            location_id: r.location_id.map(LocationId),
            recipient: r.recipient.map(|c| stored(Recipient::parse(&c), "episode_notes.recipient")).transpose()?,
            next_review_at: r.next_review_at,
            recorded_by: r.recorded_by.map(UserId),
            recorded_at: r.recorded_at,
        })
    }
}

#[derive(Debug)]
struct GrabPackDbRow {
    person_id: Uuid,
    description: String,
    distinguishing_features: String,
    places_frequented: String,
    associates: String,
    phone_and_social_media: String,
    health_and_medication: String,
    risks: String,
    updated_by: Option<Uuid>,
    updated_at: Option<DateTime<Utc>>,
    version: i64,
}

impl From<GrabPackDbRow> for GrabPack {
    fn from(r: GrabPackDbRow) -> GrabPack {
        GrabPack {
            person_id: Some(PersonId(r.person_id)),
            description: r.description,
            distinguishing_features: r.distinguishing_features,
            places_frequented: r.places_frequented,
            associates: r.associates,
            phone_and_social_media: r.phone_and_social_media,
            health_and_medication: r.health_and_medication,
            risks: r.risks,
            updated_by: r.updated_by.map(UserId),
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Writes

async fn insert_grading(conn: &mut PgConnection, episode: Uuid, position: i64, g: &Grading) -> StoreResult<()> {
    let grade = g.grade.code();
    let graded_at = us(g.graded_at);
    let graded_by = g.graded_by.map(|u| u.0);
    let done = sqlx::query!(
        "INSERT INTO episode_gradings (episode_id, position, grade, rationale, answers, graded_at, graded_by,
             rules_version, naira_reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        episode,
        position,
        grade,
        g.rationale,
        Json(&g.answers) as _,
        graded_at,
        graded_by,
        g.rules_version,
        g.naira_reason
    )
    .execute(&mut *conn)
    .await;
    done.map_err(db_err)?;
    Ok(())
}

async fn insert_note(conn: &mut PgConnection, episode: Uuid, position: i64, n: &EpisodeNote) -> StoreResult<()> {
    let kind = n.kind.code();
    let (at, recorded_at) = (us(n.at), us(n.recorded_at));
    let (person, location) = (n.person_id.map(|p| p.0), n.location_id.map(|l| l.0));
    let recipient = n.recipient.map(Recipient::code);
    let next_review_at = n.next_review_at.map(us);
    let recorded_by = n.recorded_by.map(|u| u.0);
    let done = sqlx::query!(
        "INSERT INTO episode_notes (id, episode_id, position, kind, at, text, person_id, location_id, recipient,
             recorded_by, recorded_at, next_review_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        n.id.0,
        episode,
        position,
        kind,
        at,
        n.text,
        person,
        location,
        recipient,
        recorded_by,
        recorded_at,
        next_review_at
    )
    .execute(&mut *conn)
    .await;
    done.map_err(db_err)?;
    Ok(())
}

async fn insert_rhi(conn: &mut PgConnection, episode: Uuid, r: &RhiRecord) -> StoreResult<()> {
    let outcome = r.outcome.code();
    let (held_at, recorded_at) = (us(r.held_at), us(r.recorded_at));
    let shared_at = r.information_shared_at.map(us);
    let (held_by, recorded_by) = (r.held_by.map(|a| a.0), r.recorded_by.map(|u| u.0));
    let consent = r.consent_to_share.map(Consent::code);
    let done = sqlx::query!(
        "INSERT INTO episode_rhis (episode_id, outcome, reason, held_at, held_by, in_person,
             non_uniformed_officer_present, where_and_with_whom, push_factors, pull_factors, disclosures, harm,
             exploitation_indicators, child_wants, information_shared_at, follow_up_actions, recorded_by,
             recorded_at, offered_by, interviewer_independent, consent_to_share)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)",
        episode,
        outcome,
        r.reason,
        held_at,
        held_by,
        r.in_person,
        r.non_uniformed_officer_present,
        r.where_and_with_whom,
        r.push_factors,
        r.pull_factors,
        r.disclosures,
        r.harm,
        r.exploitation_indicators,
        r.child_wants,
        shared_at,
        r.follow_up_actions,
        recorded_by,
        recorded_at,
        r.offered_by,
        r.interviewer_independent,
        consent
    )
    .execute(&mut *conn)
    .await;
    done.map_err(db_err)?;
    Ok(())
}

/// Inserts an episode whole: the report, its return if any, every grading and note, the RHI.
pub(crate) async fn insert_episode(conn: &mut PgConnection, e: &MissingEpisode) -> StoreResult<()> {
    let (id, person) = (e.id.0, e.person_id.0);
    let (reported_at, last_seen_at) = (us(e.reported_at), us(e.last_seen_at));
    let reporter = e.reporter.code();
    let (from, area) = (e.from_location.map(|l| l.0), e.area_id.map(|a| a.0));
    let recorded_by = e.recorded_by.map(|u| u.0);
    let owner = e.owner.0;
    let f = e.found.as_ref();
    let returned_at = f.map(|f| us(f.returned_at));
    let found_where = f.map(|f| f.found_where.as_str());
    let found_by = f.map(|f| f.found_by.as_str());
    let with_whom = f.map(|f| f.with_whom.as_str());
    let harm_seen = f.map(|f| f.harm_seen.as_str());
    let disclosed = f.map(|f| f.disclosed);
    let other_force = f.map(|f| f.found_in_other_force_area);
    let prevention_at = f.and_then(|f| f.prevention_interview_at).map(us);
    let prevention_notes = f.map(|f| f.prevention_interview_notes.as_str());
    let return_by = f.and_then(|f| f.recorded_by).map(|u| u.0);
    let return_at = f.map(|f| us(f.recorded_at));
    let done = sqlx::query!(
        "INSERT INTO missing_episodes (id, person_id, reported_at, last_seen_at, last_seen_where, reporter,
             from_location, area_id, circumstances, police_reference, out_of_area, recorded_by, owner_agency, imported, version,
             returned_at, found_where, found_by, with_whom, harm_seen, disclosed, found_in_other_force_area,
             prevention_interview_at, prevention_interview_notes, return_recorded_by, return_recorded_at,
             officer_in_charge)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27)",
        id,
        person,
        reported_at,
        last_seen_at,
        e.last_seen_where,
        reporter,
        from,
        area,
        e.circumstances,
        e.police_reference,
        e.out_of_area,
        recorded_by,
        owner,
        e.imported,
        e.version,
        returned_at,
        found_where,
        found_by,
        with_whom,
        harm_seen,
        disclosed,
        other_force,
        prevention_at,
        prevention_notes,
        return_by,
        return_at,
        e.officer_in_charge
    )
    .execute(&mut *conn)
    .await;
    done.map_err(db_err)?;
    for (position, g) in (0_i64..).zip(&e.gradings) {
        insert_grading(&mut *conn, id, position, g).await?;
    }
    for (position, n) in (0_i64..).zip(&e.notes) {
        insert_note(&mut *conn, id, position, n).await?;
    }
    if let Some(rhi) = &e.rhi {
        insert_rhi(&mut *conn, id, rhi).await?;
    }
    Ok(())
}

/// Inserts a grab pack for its person, at its own version (at least 1).
pub(crate) async fn insert_grab_pack(conn: &mut PgConnection, pack: &GrabPack) -> StoreResult<()> {
    let Some(person) = pack.person_id else {
        return Err(StoreError::Missing { field: "person_id" });
    };
    let version = pack.version.max(1);
    write_grab_pack(conn, person.0, pack, version).await.map(|_| ())
}

/// Inserts a grab pack unless the person has one already; whether it was written.
async fn write_grab_pack(conn: &mut PgConnection, person: Uuid, p: &GrabPack, version: i64) -> StoreResult<bool> {
    let updated_by = p.updated_by.map(|u| u.0);
    let updated_at = p.updated_at.map(us);
    let done = sqlx::query!(
        "INSERT INTO grab_packs (person_id, description, distinguishing_features, places_frequented, associates,
             phone_and_social_media, health_and_medication, risks, updated_by, updated_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (person_id) DO NOTHING",
        person,
        p.description,
        p.distinguishing_features,
        p.places_frequented,
        p.associates,
        p.phone_and_social_media,
        p.health_and_medication,
        p.risks,
        updated_by,
        updated_at,
        version
    )
    .execute(&mut *conn)
    .await;
    let done = done.map_err(db_err)?;
    Ok(done.rows_affected() == 1)
}

async fn episode_exists(conn: &mut PgConnection, id: EpisodeId) -> StoreResult<bool> {
    let n = sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM missing_episodes WHERE id = $1"#, id.0)
        .fetch_one(conn)
        .await
        .map_err(backend)?;
    Ok(n > 0)
}

/// After an update that matched no row: someone else changed the episode, or there is none.
async fn conflict_or_missing(conn: &mut PgConnection, id: EpisodeId) -> StoreError {
    match episode_exists(conn, id).await {
        Ok(true) => StoreError::Conflict,
        Ok(false) => StoreError::NotFound,
        Err(e) => e,
    }
}

// ---------------------------------------------------------------------------------------------
// Reads

/// Loads the episodes with these ids, whole, in the order given (ids without an episode are
/// left out): one query for the episodes, one for their gradings, one for their notes.
async fn load_episodes(conn: &mut PgConnection, ids: &[Uuid]) -> StoreResult<Vec<MissingEpisode>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let set = ids.to_vec();
    let rows = sqlx::query_as!(
        EpisodeDbRow,
        r#"SELECT e.id AS "id!: Uuid", e.person_id AS "person_id!: Uuid", e.reported_at AS "reported_at!: DateTime<Utc>",
               e.last_seen_at AS "last_seen_at!: DateTime<Utc>", e.last_seen_where AS "last_seen_where!",
               e.reporter AS "reporter!",
               e.from_location AS "from_location: Uuid", e.area_id AS "area_id: Uuid", e.circumstances AS "circumstances!",
               e.police_reference, e.officer_in_charge AS "officer_in_charge!", e.out_of_area AS "out_of_area!: bool", e.recorded_by AS "recorded_by: Uuid",
               e.owner_agency AS "owner_agency!: Uuid",
               e.imported AS "imported!: bool", e.version AS "version!",
               e.returned_at AS "returned_at: DateTime<Utc>", e.found_where, e.found_by, e.with_whom, e.harm_seen,
               e.disclosed AS "disclosed: bool", e.found_in_other_force_area AS "found_in_other_force_area: bool",
               e.prevention_interview_at AS "prevention_interview_at: DateTime<Utc>", e.prevention_interview_notes,
               e.return_recorded_by AS "return_recorded_by: Uuid",
               e.return_recorded_at AS "return_recorded_at: DateTime<Utc>",
               r.outcome AS "rhi_outcome?", r.offered_by AS "rhi_offered_by?",
               r.interviewer_independent AS "rhi_interviewer_independent?: bool",
               r.consent_to_share AS "rhi_consent_to_share?", r.reason AS "rhi_reason?", r.held_at AS "rhi_held_at?: DateTime<Utc>",
               r.held_by AS "rhi_held_by?: Uuid", r.in_person AS "rhi_in_person?: bool",
               r.non_uniformed_officer_present AS "rhi_non_uniformed_officer_present?: bool",
               r.where_and_with_whom AS "rhi_where_and_with_whom?", r.push_factors AS "rhi_push_factors?",
               r.pull_factors AS "rhi_pull_factors?", r.disclosures AS "rhi_disclosures?", r.harm AS "rhi_harm?",
               r.exploitation_indicators AS "rhi_exploitation_indicators?", r.child_wants AS "rhi_child_wants?",
               r.information_shared_at AS "rhi_information_shared_at?: DateTime<Utc>",
               r.follow_up_actions AS "rhi_follow_up_actions?", r.recorded_by AS "rhi_recorded_by?: Uuid",
               r.recorded_at AS "rhi_recorded_at?: DateTime<Utc>"
           FROM missing_episodes e LEFT JOIN episode_rhis r ON r.episode_id = e.id
           WHERE e.id = ANY($1::uuid[])"#,
        &set
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(backend)?;
    let gradings = sqlx::query_as!(
        GradingDbRow,
        r#"SELECT episode_id AS "episode_id: Uuid", grade, rationale, answers AS "answers: Json<Vec<RiskAnswer>>",
               graded_at AS "graded_at: DateTime<Utc>", graded_by AS "graded_by: Uuid", rules_version, naira_reason
           FROM episode_gradings WHERE episode_id = ANY($1::uuid[])
           ORDER BY episode_id, position"#,
        &set
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(backend)?;
    let notes = sqlx::query_as!(
        NoteDbRow,
        r#"SELECT id AS "id: Uuid", episode_id AS "episode_id: Uuid", kind, at AS "at: DateTime<Utc>", text,
               person_id AS "person_id: Uuid", location_id AS "location_id: Uuid", recipient,
               next_review_at AS "next_review_at: DateTime<Utc>",
               recorded_by AS "recorded_by: Uuid", recorded_at AS "recorded_at: DateTime<Utc>"
           FROM episode_notes WHERE episode_id = ANY($1::uuid[])
           ORDER BY episode_id, position"#,
        &set
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(backend)?;
    assemble(ids, rows, gradings, notes)
}

/// Puts episodes together with their gradings and notes, in the order of `ids`.
fn assemble(
    ids: &[Uuid],
    rows: Vec<EpisodeDbRow>,
    gradings: Vec<GradingDbRow>,
    notes: Vec<NoteDbRow>,
) -> StoreResult<Vec<MissingEpisode>> {
    let mut gradings_of: HashMap<Uuid, Vec<Grading>> = HashMap::new();
    for g in gradings {
        gradings_of.entry(g.episode_id).or_default().push(Grading::try_from(g)?);
    }
    let mut notes_of: HashMap<Uuid, Vec<EpisodeNote>> = HashMap::new();
    for n in notes {
        notes_of.entry(n.episode_id).or_default().push(EpisodeNote::try_from(n)?);
    }
    let mut rows: HashMap<Uuid, EpisodeDbRow> = rows.into_iter().map(|r| (r.id, r)).collect();
    ids.iter()
        .filter_map(|id| rows.remove(id))
        .map(|row| {
            let id = row.id;
            row.into_episode(gradings_of.remove(&id).unwrap_or_default(), notes_of.remove(&id).unwrap_or_default())
        })
        .collect()
}

#[async_trait]
impl MissingStore for PostgresStore {
    async fn report_episode(&self, episode: &MissingEpisode, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        if !person_exists(&mut tx, episode.person_id).await? {
            return Err(StoreError::Missing { field: "person_id" });
        }
        insert_episode(&mut tx, episode).await?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn episode_parties(&self, id: EpisodeId) -> StoreResult<Option<(PersonId, AgencyId)>> {
        let row = sqlx::query!(
            r#"SELECT person_id AS "person_id: Uuid", owner_agency AS "owner_agency!: Uuid"
               FROM missing_episodes WHERE id = $1"#,
            id.0
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        Ok(row.map(|r| (PersonId(r.person_id), AgencyId(r.owner_agency))))
    }

    async fn episode(&self, id: EpisodeId, audit: &AuditEvent) -> StoreResult<MissingEpisode> {
        // The read and its audit event commit together: no read without its trail.
        let mut tx = self.write().await?;
        insert_audit(&mut tx, audit).await?;
        let Some(episode) = load_episodes(&mut tx, &[id.0]).await?.pop() else {
            return Err(StoreError::NotFound);
        };
        commit(tx).await?;
        Ok(episode)
    }

    async fn person_episodes(&self, person: PersonId, audit: &AuditEvent) -> StoreResult<Vec<MissingEpisode>> {
        let mut tx = self.write().await?;
        insert_audit(&mut tx, audit).await?;
        let ids = sqlx::query_scalar!(
            r#"SELECT id AS "id: Uuid" FROM missing_episodes WHERE person_id = $1 ORDER BY reported_at DESC, id DESC"#,
            person.0
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let episodes = load_episodes(&mut tx, &ids).await?;
        commit(tx).await?;
        Ok(episodes)
    }

    async fn regrade(
        &self,
        id: EpisodeId,
        expected_version: i64,
        grading: &Grading,
        audit: &AuditEvent,
    ) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let done = sqlx::query!(
            "UPDATE missing_episodes SET version = version + 1 WHERE id = $1 AND version = $2",
            id.0,
            expected_version
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(conflict_or_missing(&mut tx, id).await);
        }
        let position = sqlx::query_scalar!(
            r#"SELECT COALESCE(MAX(position) + 1, 0) AS "n!: i64" FROM episode_gradings WHERE episode_id = $1"#,
            id.0
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        insert_grading(&mut tx, id.0, position, grading).await?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await?;
        Ok(expected_version + 1)
    }

    async fn add_episode_note(&self, id: EpisodeId, note: &EpisodeNote, audit: &AuditEvent) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let Some(version) = sqlx::query_scalar!(
            "UPDATE missing_episodes SET version = version + 1 WHERE id = $1 RETURNING version",
            id.0
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        else {
            return Err(StoreError::NotFound);
        };
        let position = sqlx::query_scalar!(
            r#"SELECT COALESCE(MAX(position) + 1, 0) AS "n!: i64" FROM episode_notes WHERE episode_id = $1"#,
            id.0
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        insert_note(&mut tx, id.0, position, note).await?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await?;
        Ok(version)
    }

    async fn record_return(
        &self,
        id: EpisodeId,
        expected_version: i64,
        found: &ReturnRecord,
        audit: &AuditEvent,
    ) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let (returned_at, recorded_at) = (us(found.returned_at), us(found.recorded_at));
        let prevention_at = found.prevention_interview_at.map(us);
        let recorded_by = found.recorded_by.map(|u| u.0);
        let done = sqlx::query!(
            "UPDATE missing_episodes SET returned_at = $1, found_where = $2, found_by = $3, with_whom = $4, harm_seen = $5,
                 disclosed = $6, found_in_other_force_area = $7, prevention_interview_at = $8,
                 prevention_interview_notes = $9, return_recorded_by = $10, return_recorded_at = $11, version = version + 1
             WHERE id = $12 AND version = $13 AND returned_at IS NULL",
            returned_at,
            found.found_where,
            found.found_by,
            found.with_whom,
            found.harm_seen,
            found.disclosed,
            found.found_in_other_force_area,
            prevention_at,
            found.prevention_interview_notes,
            recorded_by,
            recorded_at,
            id.0,
            expected_version
        )
        .execute(&mut *tx)
        .await;
        let done = done.map_err(db_err)?;
        if done.rows_affected() == 0 {
            return Err(conflict_or_missing(&mut tx, id).await);
        }
        insert_audit(&mut tx, audit).await?;
        commit(tx).await?;
        Ok(expected_version + 1)
    }

    async fn record_rhi(
        &self,
        id: EpisodeId,
        expected_version: i64,
        rhi: &RhiRecord,
        audit: &AuditEvent,
    ) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let done = sqlx::query!(
            "UPDATE missing_episodes SET version = version + 1
             WHERE id = $1 AND version = $2 AND returned_at IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM episode_rhis WHERE episode_id = $1)",
            id.0,
            expected_version
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(conflict_or_missing(&mut tx, id).await);
        }
        insert_rhi(&mut tx, id.0, rhi).await?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await?;
        Ok(expected_version + 1)
    }

    async fn add_rhi_attempt(&self, id: EpisodeId, attempt: &RhiAttempt, audit: &AuditEvent) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let Some(version) = sqlx::query_scalar!(
            "UPDATE missing_episodes SET version = version + 1
             WHERE id = $1 AND returned_at IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM episode_rhis WHERE episode_id = $1)
             RETURNING version",
            id.0
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        else {
            return Err(conflict_or_missing(&mut tx, id).await);
        };
        let position = sqlx::query_scalar!(
            r#"SELECT COALESCE(MAX(position) + 1, 0) AS "n!: i64" FROM episode_rhi_attempts WHERE episode_id = $1"#,
            id.0
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        let step = attempt.step.code();
        let (at, recorded_at) = (us(attempt.at), us(attempt.recorded_at));
        let recorded_by = attempt.recorded_by.map(|u| u.0);
        sqlx::query!(
            "INSERT INTO episode_rhi_attempts (episode_id, position, step, at, worker, note, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            id.0,
            position,
            step,
            at,
            attempt.worker,
            attempt.note,
            recorded_by,
            recorded_at
        )
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await?;
        Ok(version)
    }

    async fn rhi_attempts(&self, ids: &[EpisodeId]) -> StoreResult<Vec<(EpisodeId, RhiAttempt)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let set = ids.iter().map(|i| i.0).collect::<Vec<_>>();
        let rows = sqlx::query!(
            r#"SELECT episode_id AS "episode_id: Uuid", step, at AS "at: DateTime<Utc>", worker, note,
                   recorded_by AS "recorded_by: Uuid", recorded_at AS "recorded_at: DateTime<Utc>"
               FROM episode_rhi_attempts WHERE episode_id = ANY($1::uuid[])
               ORDER BY episode_id, position"#,
            &set
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|r| {
                let step = stored(RhiStep::parse(&r.step), "episode_rhi_attempts.step")?;
                let attempt = RhiAttempt {
                    step,
                    at: r.at,
                    worker: r.worker,
                    note: r.note,
                    recorded_by: r.recorded_by.map(UserId),
                    recorded_at: r.recorded_at,
                };
                Ok((EpisodeId(r.episode_id), attempt))
            })
            .collect()
    }

    async fn episodes_in_window(
        &self,
        window: EpisodeWindow,
        visible_to: &[AgencyId],
        audit: &AuditEvent,
    ) -> StoreResult<Vec<EpisodeRow>> {
        let since = us(window.since);
        let visible: Vec<Uuid> = visible_to.iter().map(|a| a.0).collect();
        let mut tx = self.write().await?;
        insert_audit(&mut tx, audit).await?;
        // Open now, reported since or returned since (each an index), of people that one of
        // the agencies holds: the store's own check beside the web's access policy.
        let listed = sqlx::query!(
            r#"SELECT e.id AS "episode_id: Uuid", p.id AS "id: Uuid", p.kind, p.given_name, p.family_name,
                   p.date_of_birth AS "date_of_birth: chrono::NaiveDate", p.sex
               FROM missing_episodes e JOIN people p ON p.id = e.person_id
               WHERE (e.returned_at IS NULL OR e.reported_at >= $1 OR e.returned_at >= $1)
                 AND EXISTS (SELECT 1 FROM agency_records r
                              WHERE r.person_id = e.person_id
                                AND r.agency_id = ANY($2::uuid[]))
               ORDER BY e.reported_at, e.id"#,
            since,
            &visible
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let ids: Vec<Uuid> = listed.iter().map(|r| r.episode_id).collect();
        let mut people: Vec<Uuid> = listed.iter().map(|r| r.id).collect();
        people.sort_unstable();
        people.dedup();
        let episodes = load_episodes(&mut tx, &ids).await?;
        let holders = sqlx::query!(
            r#"SELECT person_id AS "person_id: Uuid", agency_id AS "agency_id: Uuid" FROM agency_records
               WHERE person_id = ANY($1::uuid[])
               ORDER BY person_id, agency_id"#,
            &people
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        commit(tx).await?;
        let mut holders_of: HashMap<Uuid, Vec<AgencyId>> = HashMap::new();
        for h in holders {
            holders_of.entry(h.person_id).or_default().push(AgencyId(h.agency_id));
        }
        let mut summaries: HashMap<Uuid, PersonSummary> = HashMap::new();
        for r in listed {
            let summary = PersonSummary::try_from(SummaryRow {
                id: r.id,
                kind: r.kind,
                given_name: r.given_name,
                family_name: r.family_name,
                date_of_birth: r.date_of_birth,
                sex: r.sex,
            })?;
            summaries.insert(r.id, summary);
        }
        episodes
            .into_iter()
            .map(|episode| {
                let person = episode.person_id.0;
                let Some(summary) = summaries.get(&person) else {
                    return Err(StoreError::Backend("an episode's person went missing from the listing".into()));
                };
                Ok(EpisodeRow {
                    person: summary.clone(),
                    holders: holders_of.get(&person).cloned().unwrap_or_default(),
                    episode,
                })
            })
            .collect()
    }

    async fn grab_pack(&self, person: PersonId) -> StoreResult<Option<GrabPack>> {
        let row = sqlx::query_as!(
            GrabPackDbRow,
            r#"SELECT person_id AS "person_id: Uuid", description, distinguishing_features, places_frequented,
                   associates, phone_and_social_media, health_and_medication, risks,
                   updated_by AS "updated_by: Uuid", updated_at AS "updated_at: DateTime<Utc>", version
               FROM grab_packs WHERE person_id = $1"#,
            person.0
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        Ok(row.map(GrabPack::from))
    }

    async fn grab_pack_as_of(&self, person: PersonId, at: DateTime<Utc>) -> StoreResult<Option<GrabPack>> {
        let at = us(at);
        let row = sqlx::query_as!(
            GrabPackDbRow,
            r#"SELECT person_id AS "person_id: Uuid", description, distinguishing_features, places_frequented,
                   associates, phone_and_social_media, health_and_medication, risks,
                   updated_by AS "updated_by: Uuid", updated_at AS "updated_at: DateTime<Utc>", version
               FROM grab_pack_versions WHERE person_id = $1 AND (updated_at IS NULL OR updated_at <= $2)
               ORDER BY version DESC LIMIT 1"#,
            person.0,
            at
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        Ok(row.map(GrabPack::from))
    }

    async fn save_grab_pack(
        &self,
        person: PersonId,
        expected_version: i64,
        pack: &GrabPack,
        audit: &AuditEvent,
    ) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        if expected_version == 0 {
            // A new pack: someone else creating it first is a conflict, not a duplicate.
            if !write_grab_pack(&mut tx, person.0, pack, 1).await? {
                return Err(StoreError::Conflict);
            }
        } else {
            let updated_by = pack.updated_by.map(|u| u.0);
            let updated_at = pack.updated_at.map(us);
            let done = sqlx::query!(
                "UPDATE grab_packs SET description = $1, distinguishing_features = $2, places_frequented = $3,
                     associates = $4, phone_and_social_media = $5, health_and_medication = $6, risks = $7,
                     updated_by = $8, updated_at = $9, version = version + 1
                 WHERE person_id = $10 AND version = $11",
                pack.description,
                pack.distinguishing_features,
                pack.places_frequented,
                pack.associates,
                pack.phone_and_social_media,
                pack.health_and_medication,
                pack.risks,
                updated_by,
                updated_at,
                person.0,
                expected_version
            )
            .execute(&mut *tx)
            .await;
            let done = done.map_err(db_err)?;
            if done.rows_affected() == 0 {
                let n = sqlx::query_scalar!(
                    r#"SELECT COUNT(*) AS "n!: i64" FROM grab_packs WHERE person_id = $1"#,
                    person.0
                )
                .fetch_one(&mut *tx)
                .await
                .map_err(backend)?;
                return Err(if n > 0 { StoreError::Conflict } else { StoreError::NotFound });
            }
        }
        insert_audit(&mut tx, audit).await?;
        commit(tx).await?;
        Ok(expected_version + 1)
    }
}

// ---------------------------------------------------------------------------------------------
// Bulk

/// Episodes per statement in a bulk load.
const BULK_CHUNK: usize = 2_000;

/// Inserts many episodes whole (a bulk load): each table takes a chunk of rows in one statement
/// from arrays, rather than a round trip per row; return home interviews, which are fewer and
/// wide, go one by one. Constraint failures name their field as single inserts do.
pub(crate) async fn insert_episodes(conn: &mut PgConnection, episodes: &[MissingEpisode]) -> StoreResult<()> {
    for chunk in episodes.chunks(BULK_CHUNK) {
        insert_episode_rows(&mut *conn, chunk).await?;
        insert_grading_rows(&mut *conn, chunk).await?;
        insert_note_rows(&mut *conn, chunk).await?;
        for e in chunk {
            if let Some(rhi) = &e.rhi {
                insert_rhi(&mut *conn, e.id.0, rhi).await?;
            }
        }
    }
    Ok(())
}

async fn insert_episode_rows(conn: &mut PgConnection, chunk: &[MissingEpisode]) -> StoreResult<()> {
    let col = |f: fn(&MissingEpisode) -> Option<Uuid>| chunk.iter().map(f).collect::<Vec<_>>();
    let id: Vec<Uuid> = chunk.iter().map(|e| e.id.0).collect();
    let person: Vec<Uuid> = chunk.iter().map(|e| e.person_id.0).collect();
    let reported_at: Vec<DateTime<Utc>> = chunk.iter().map(|e| us(e.reported_at)).collect();
    let last_seen_at: Vec<DateTime<Utc>> = chunk.iter().map(|e| us(e.last_seen_at)).collect();
    let last_seen_where: Vec<&str> = chunk.iter().map(|e| e.last_seen_where.as_str()).collect();
    let reporter: Vec<&str> = chunk.iter().map(|e| e.reporter.code()).collect();
    let from = col(|e| e.from_location.map(|l| l.0));
    let area = col(|e| e.area_id.map(|a| a.0));
    let circumstances: Vec<&str> = chunk.iter().map(|e| e.circumstances.as_str()).collect();
    let police_reference: Vec<Option<&str>> = chunk.iter().map(|e| e.police_reference.as_deref()).collect();
    let officer_in_charge: Vec<&str> = chunk.iter().map(|e| e.officer_in_charge.as_str()).collect();
    let out_of_area: Vec<bool> = chunk.iter().map(|e| e.out_of_area).collect();
    let recorded_by = col(|e| e.recorded_by.map(|u| u.0));
    let owner: Vec<Uuid> = chunk.iter().map(|e| e.owner.0).collect();
    let imported: Vec<bool> = chunk.iter().map(|e| e.imported).collect();
    let version: Vec<i64> = chunk.iter().map(|e| e.version).collect();
    let found: Vec<Option<&ReturnRecord>> = chunk.iter().map(|e| e.found.as_ref()).collect();
    let returned_at: Vec<Option<DateTime<Utc>>> = found.iter().map(|f| f.map(|f| us(f.returned_at))).collect();
    let text = |g: fn(&ReturnRecord) -> &str| found.iter().map(|f| f.map(g)).collect::<Vec<Option<&str>>>();
    let found_where = text(|f| f.found_where.as_str());
    let found_by = text(|f| f.found_by.as_str());
    let with_whom = text(|f| f.with_whom.as_str());
    let harm_seen = text(|f| f.harm_seen.as_str());
    let prevention_notes = text(|f| f.prevention_interview_notes.as_str());
    let disclosed: Vec<Option<bool>> = found.iter().map(|f| f.map(|f| f.disclosed)).collect();
    let other_force: Vec<Option<bool>> = found.iter().map(|f| f.map(|f| f.found_in_other_force_area)).collect();
    let prevention_at: Vec<Option<DateTime<Utc>>> =
        found.iter().map(|f| f.and_then(|f| f.prevention_interview_at).map(us)).collect();
    let return_by: Vec<Option<Uuid>> = found.iter().map(|f| f.and_then(|f| f.recorded_by).map(|u| u.0)).collect();
    let return_at: Vec<Option<DateTime<Utc>>> = found.iter().map(|f| f.map(|f| us(f.recorded_at))).collect();
    sqlx::query!(
        "INSERT INTO missing_episodes (id, person_id, reported_at, last_seen_at, last_seen_where, reporter,
             from_location, area_id, circumstances, police_reference, out_of_area, recorded_by, owner_agency, imported, version,
             returned_at, found_where, found_by, with_whom, harm_seen, disclosed, found_in_other_force_area,
             prevention_interview_at, prevention_interview_notes, return_recorded_by, return_recorded_at,
             officer_in_charge)
         SELECT * FROM UNNEST($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::text[],
             $7::uuid[], $8::uuid[], $9::text[], $10::text[], $11::boolean[], $12::uuid[], $26::uuid[], $13::boolean[],
             $14::bigint[], $15::timestamptz[], $16::text[], $17::text[], $18::text[], $19::text[],
             $20::boolean[], $21::boolean[], $22::timestamptz[], $23::text[], $24::uuid[], $25::timestamptz[],
             $27::text[])",
        &id,
        &person,
        &reported_at,
        &last_seen_at,
        &last_seen_where as _,
        &reporter as _,
        &from as _,
        &area as _,
        &circumstances as _,
        &police_reference as _,
        &out_of_area,
        &recorded_by as _,
        &imported,
        &version,
        &returned_at as _,
        &found_where as _,
        &found_by as _,
        &with_whom as _,
        &harm_seen as _,
        &disclosed as _,
        &other_force as _,
        &prevention_at as _,
        &prevention_notes as _,
        &return_by as _,
        &return_at as _,
        &owner,
        &officer_in_charge as _
    )
    .execute(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(())
}

async fn insert_grading_rows(conn: &mut PgConnection, chunk: &[MissingEpisode]) -> StoreResult<()> {
    let rows: Vec<(Uuid, i64, &Grading)> =
        chunk.iter().flat_map(|e| (0_i64..).zip(&e.gradings).map(move |(i, g)| (e.id.0, i, g))).collect();
    if rows.is_empty() {
        return Ok(());
    }
    let episode: Vec<Uuid> = rows.iter().map(|r| r.0).collect();
    let position: Vec<i64> = rows.iter().map(|r| r.1).collect();
    let grade: Vec<&str> = rows.iter().map(|r| r.2.grade.code()).collect();
    let rationale: Vec<&str> = rows.iter().map(|r| r.2.rationale.as_str()).collect();
    let answers: Vec<Json<&Vec<RiskAnswer>>> = rows.iter().map(|r| Json(&r.2.answers)).collect();
    let graded_at: Vec<DateTime<Utc>> = rows.iter().map(|r| us(r.2.graded_at)).collect();
    let graded_by: Vec<Option<Uuid>> = rows.iter().map(|r| r.2.graded_by.map(|u| u.0)).collect();
    let rules_version: Vec<&str> = rows.iter().map(|r| r.2.rules_version.as_str()).collect();
    let naira_reason: Vec<Option<&str>> = rows.iter().map(|r| r.2.naira_reason.as_deref()).collect();
    sqlx::query!(
        "INSERT INTO episode_gradings (episode_id, position, grade, rationale, answers, graded_at, graded_by,
             rules_version, naira_reason)
         SELECT * FROM UNNEST($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::jsonb[], $6::timestamptz[],
             $7::uuid[], $8::text[], $9::text[])",
        &episode,
        &position,
        &grade as _,
        &rationale as _,
        &answers as _,
        &graded_at,
        &graded_by as _,
        &rules_version as _,
        &naira_reason as _
    )
    .execute(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(())
}

async fn insert_note_rows(conn: &mut PgConnection, chunk: &[MissingEpisode]) -> StoreResult<()> {
    let rows: Vec<(Uuid, i64, &EpisodeNote)> =
        chunk.iter().flat_map(|e| (0_i64..).zip(&e.notes).map(move |(i, n)| (e.id.0, i, n))).collect();
    if rows.is_empty() {
        return Ok(());
    }
    let id: Vec<Uuid> = rows.iter().map(|r| r.2.id.0).collect();
    let episode: Vec<Uuid> = rows.iter().map(|r| r.0).collect();
    let position: Vec<i64> = rows.iter().map(|r| r.1).collect();
    let kind: Vec<&str> = rows.iter().map(|r| r.2.kind.code()).collect();
    let at: Vec<DateTime<Utc>> = rows.iter().map(|r| us(r.2.at)).collect();
    let text: Vec<&str> = rows.iter().map(|r| r.2.text.as_str()).collect();
    let person: Vec<Option<Uuid>> = rows.iter().map(|r| r.2.person_id.map(|p| p.0)).collect();
    let location: Vec<Option<Uuid>> = rows.iter().map(|r| r.2.location_id.map(|l| l.0)).collect();
    let recipient: Vec<Option<&str>> = rows.iter().map(|r| r.2.recipient.map(Recipient::code)).collect();
    let recorded_by: Vec<Option<Uuid>> = rows.iter().map(|r| r.2.recorded_by.map(|u| u.0)).collect();
    let recorded_at: Vec<DateTime<Utc>> = rows.iter().map(|r| us(r.2.recorded_at)).collect();
    let next_review_at: Vec<Option<DateTime<Utc>>> = rows.iter().map(|r| r.2.next_review_at.map(us)).collect();
    sqlx::query!(
        "INSERT INTO episode_notes (id, episode_id, position, kind, at, text, person_id, location_id, recipient,
             recorded_by, recorded_at, next_review_at)
         SELECT * FROM UNNEST($1::uuid[], $2::uuid[], $3::bigint[], $4::text[], $5::timestamptz[], $6::text[],
             $7::uuid[], $8::uuid[], $9::text[], $10::uuid[], $11::timestamptz[], $12::timestamptz[])",
        &id,
        &episode,
        &position,
        &kind as _,
        &at,
        &text as _,
        &person as _,
        &location as _,
        &recipient as _,
        &recorded_by as _,
        &recorded_at,
        &next_review_at as _
    )
    .execute(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(())
}
