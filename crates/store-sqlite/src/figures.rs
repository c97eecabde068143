//! The figures' inputs on SQLite: one area's plain rows over a span, in one transaction with
//! the read's audit event.

use crate::aggregates::{parse, time, uuid};
use crate::{SqliteStore, backend, id_set};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use haven_domain::audit::AuditEvent;
use haven_domain::figures::{Inputs, Period};
use haven_domain::ids::AreaId;
use haven_store::figures_rows::{
    ActionFactRow, DisruptionFactRow, EpisodeFactRow, FactRows, GradingFactRow, MarkerFactRow, NrmFactRow,
    PersonFactRow, ReviewFactRow, ScreeningFactRow, assemble,
};
use haven_store::{FiguresStore, StoreError, StoreResult};
use std::collections::HashMap;
use uuid::Uuid;

// The three largest reads (two years of an area's episodes, gradings and reviews: tens of
// thousands of rows at a force's scale) come back from SQLite as one JSON array each, built by
// `json_group_array`, rather than row by row through the driver: measured on the demo force at
// scale 100 (bench/figures), the driver's cost per row was most of the read's time.

fn flag(n: i64) -> bool {
    n != 0
}

/// An episode as the JSON read gives it: its row number (the key its gradings and reviews
/// name it by, which costs less to write and read than its id), then [`EpisodeFactRow`]'s
/// fields in order, flags as 0 or 1.
type EpisodeJson = (
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    i64,
    i64,
    Option<String>,
    Option<String>,
    Option<i64>,
    i64,
    i64,
    i64,
    i64,
);

/// The episodes' rows, and each one's id by its row number.
fn episode_rows(json: &str) -> StoreResult<(HashMap<i64, Uuid>, Vec<EpisodeFactRow>)> {
    let rows = parse::<EpisodeJson>(json, "episodes")?;
    let mut keys = HashMap::with_capacity(rows.len());
    let mut episodes = Vec::with_capacity(rows.len());
    for row in rows {
        let (key, id, person, reported, seen, returned, kind, out, harm, outcome, rhi_at, in_person) =
            (row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9, row.10, row.11);
        let id = uuid(&id)?;
        keys.insert(key, id);
        episodes.push(EpisodeFactRow {
            id,
            person_id: uuid(&person)?,
            reported_at: time(&reported)?,
            last_seen_at: time(&seen)?,
            returned_at: returned.as_deref().map(time).transpose()?,
            from_kind: kind,
            out_of_area: flag(out),
            harm_seen: flag(harm),
            rhi_outcome: outcome,
            rhi_at: rhi_at.as_deref().map(time).transpose()?,
            rhi_in_person: in_person.map(flag),
            rhi_child_voice: flag(row.12),
            rhi_shared: flag(row.13),
            rhi_follow_up: flag(row.14),
            rhi_harm: flag(row.15),
        });
    }
    Ok((keys, episodes))
}

/// The id of the episode read as row `key`.
fn keyed(keys: &HashMap<i64, Uuid>, key: i64) -> StoreResult<Uuid> {
    keys.get(&key).copied().ok_or_else(|| StoreError::Backend("a grading or review of an episode not read".into()))
}

#[async_trait]
impl FiguresStore for SqliteStore {
    #[expect(clippy::too_many_lines, reason = "one query per kind of record, read in one transaction")]
    async fn figure_inputs(&self, area: AreaId, span: Period, audit: &AuditEvent) -> StoreResult<Inputs> {
        let (start, end) = (span.start().trunc_subsecs(6), span.end().trunc_subsecs(6));
        let (from, to): (NaiveDate, NaiveDate) = (span.from, span.to);
        let area = area.0;
        // A read's snapshot, not the write lock: two years of an area's records take a moment
        // to read, and officers recording episodes meanwhile must not wait for a board pack.
        let mut tx = self.read().await?;
        // Episodes of the area reported before the end and not returned before the start.
        let json = sqlx::query_scalar!(
            r#"SELECT json_group_array(json_array(
                        e.rowid, hex(e.id), hex(e.person_id), e.reported_at, e.last_seen_at, e.returned_at, l.kind,
                        e.out_of_area, trim(coalesce(e.harm_seen, ''), ' ' || char(9, 10, 13)) <> '',
                        r.outcome, r.held_at, r.in_person,
                        trim(coalesce(r.child_wants, ''), ' ' || char(9, 10, 13)) <> '',
                        r.information_shared_at IS NOT NULL,
                        trim(coalesce(r.follow_up_actions, ''), ' ' || char(9, 10, 13)) <> '',
                        trim(coalesce(r.harm, ''), ' ' || char(9, 10, 13)) <> '')) AS "rows!: String"
                 FROM missing_episodes e
                 LEFT JOIN locations l ON l.id = e.from_location
                 LEFT JOIN episode_rhis r ON r.episode_id = e.id
                WHERE e.area_id = ?1 AND e.reported_at < ?3 AND (e.returned_at IS NULL OR e.returned_at >= ?2)"#,
            area,
            start,
            end
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        let (keys, episodes) = episode_rows(&json)?;
        let json = sqlx::query_scalar!(
            r#"SELECT json_group_array(json_array(e.rowid, g.position, g.grade, g.graded_at)) AS "rows!: String"
                 FROM episode_gradings g JOIN missing_episodes e ON e.id = g.episode_id
                WHERE e.area_id = ?1 AND e.reported_at < ?3 AND (e.returned_at IS NULL OR e.returned_at >= ?2)"#,
            area,
            start,
            end
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        // Put in order of position within each episode: the first is the grade at report.
        let mut gradings = parse::<(i64, i64, String, String)>(&json, "gradings")?;
        gradings.sort_unstable_by_key(|g| (g.0, g.1));
        let gradings = gradings
            .into_iter()
            .map(|(key, _, grade, at)| {
                Ok(GradingFactRow { episode_id: keyed(&keys, key)?, grade, graded_at: time(&at)? })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let json = sqlx::query_scalar!(
            r#"SELECT json_group_array(json_array(e.rowid, n.kind, n.at)) AS "rows!: String"
                 FROM episode_notes n JOIN missing_episodes e ON e.id = n.episode_id
                WHERE n.kind IN ('supervisor_review', 'inspector_review')
                  AND e.area_id = ?1 AND e.reported_at < ?3 AND (e.returned_at IS NULL OR e.returned_at >= ?2)"#,
            area,
            start,
            end
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        let reviews = parse::<(i64, String, String)>(&json, "reviews")?
            .into_iter()
            .map(|(key, kind, at)| Ok(ReviewFactRow { episode_id: keyed(&keys, key)?, kind, at: time(&at)? }))
            .collect::<StoreResult<Vec<_>>>()?;
        // The area's children: by those episodes, a placement in the area during the span, or
        // an authority of the area.
        let children = sqlx::query_scalar!(
            r#"SELECT e.person_id AS "id!: Uuid" FROM missing_episodes e
                WHERE e.area_id = ?1 AND e.reported_at < ?3 AND (e.returned_at IS NULL OR e.returned_at >= ?2)
               UNION
               SELECT pl.person_id FROM locations l
                 JOIN placements pl ON pl.location_id = l.id JOIN people p ON p.id = pl.person_id
                WHERE p.kind = 'child' AND l.area_id = ?1 AND pl.started_on <= ?5
                  AND (pl.ended_on IS NULL OR pl.ended_on >= ?4)
               UNION
               SELECT p.id FROM people p
                WHERE p.kind = 'child'
                  AND (p.placing_authority IN (SELECT a.id FROM agencies a WHERE a.area_id = ?1)
                       OR p.host_authority IN (SELECT a.id FROM agencies a WHERE a.area_id = ?1))"#,
            area,
            start,
            end,
            from,
            to
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let children = id_set(children);
        let people = sqlx::query_as!(
            PersonFactRow,
            r#"SELECT id AS "id!: Uuid", sex AS "sex!", ethnicity AS "ethnicity!",
                      date_of_birth AS "date_of_birth?: NaiveDate"
                 FROM people WHERE id IN (SELECT unhex(value) FROM json_each(?1))"#,
            children
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let screenings = sqlx::query_as!(
            ScreeningFactRow,
            r#"SELECT person_id AS "person_id!: Uuid", tier AS "tier!", screened_at AS "screened_at!: DateTime<Utc>"
                 FROM screenings
                WHERE person_id IN (SELECT unhex(value) FROM json_each(?1)) AND screened_at >= ?2 AND screened_at < ?3"#,
            children,
            start,
            end
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let nrms = sqlx::query_as!(
            NrmFactRow,
            r#"SELECT person_id AS "person_id!: Uuid", referred_on AS "referred_on!: NaiveDate",
                      rg_on AS "rg_on?: NaiveDate", cg_on AS "cg_on?: NaiveDate"
                 FROM nrm_referrals
                WHERE person_id IN (SELECT unhex(value) FROM json_each(?1)) AND referred_on >= ?2 AND referred_on <= ?3"#,
            children,
            from,
            to
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let markers = sqlx::query_as!(
            MarkerFactRow,
            r#"SELECT person_id AS "person_id!: Uuid", marker_type AS "marker_type!",
                      starts_on AS "starts_on!: NaiveDate", ended_on AS "ended_on?: NaiveDate"
                 FROM markers
                WHERE person_id IN (SELECT unhex(value) FROM json_each(?1))
                  AND starts_on <= ?3 AND (ended_on IS NULL OR ended_on >= ?2)"#,
            children,
            from,
            to
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let disruptions = sqlx::query_as!(
            DisruptionFactRow,
            r#"SELECT four_p AS "four_p!", tactic AS "tactic!", done_on AS "done_on!: NaiveDate"
                 FROM disruptions WHERE area_id = ?1 AND done_on >= ?2 AND done_on <= ?3"#,
            area,
            from,
            to
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let actions = sqlx::query_as!(
            ActionFactRow,
            r#"SELECT m.starts_at AS "set_at!: DateTime<Utc>", a.due_on AS "due_on!: NaiveDate", a.status AS "status!",
                      (SELECT MIN(u.updated_at) FROM mace_action_updates u
                        WHERE u.action_id = a.id AND u.status IN ('done', 'closed')) AS "closed_at?: DateTime<Utc>"
                 FROM mace_actions a JOIN mace_meetings m ON m.id = a.meeting_id
                WHERE a.area_id = ?1 AND m.starts_at < ?2"#,
            area,
            end
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        self.audited(tx, audit).await?;
        assemble(FactRows { episodes, gradings, reviews, people, screenings, nrms, disruptions, actions, markers })
    }
}
