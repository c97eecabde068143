//! The figures' inputs on PostgreSQL: one area's plain rows over a span, in one transaction with
//! the read's audit event.

use crate::{PostgresStore, backend, commit, insert_audit};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use haven_domain::audit::AuditEvent;
use haven_domain::figures::{Inputs, Period};
use haven_domain::ids::AreaId;
use haven_store::figures_rows::{
    ActionFactRow, DisruptionFactRow, EpisodeFactRow, FactRows, GradingFactRow, MarkerFactRow, NrmFactRow,
    PersonFactRow, ReviewFactRow, ScreeningFactRow, assemble,
};
use haven_store::{FiguresStore, StoreResult};
use uuid::Uuid;

#[async_trait]
impl FiguresStore for PostgresStore {
    #[expect(clippy::too_many_lines, reason = "one query per kind of record, read in one transaction")]
    async fn figure_inputs(&self, area: AreaId, span: Period, audit: &AuditEvent) -> StoreResult<Inputs> {
        let (start, end) = (span.start().trunc_subsecs(6), span.end().trunc_subsecs(6));
        let (from, to): (NaiveDate, NaiveDate) = (span.from, span.to);
        let area = area.0;
        let mut tx = self.write().await?;
        insert_audit(&mut tx, audit).await?;
        // Episodes of the area reported before the end and not returned before the start.
        let episodes = sqlx::query_as!(
            EpisodeFactRow,
            r#"SELECT e.id AS "id!: Uuid", e.person_id AS "person_id!: Uuid",
                      e.reported_at AS "reported_at!: DateTime<Utc>", e.last_seen_at AS "last_seen_at!: DateTime<Utc>",
                      e.returned_at AS "returned_at?: DateTime<Utc>", l.kind AS "from_kind?: String",
                      e.out_of_area AS "out_of_area!: bool",
                      coalesce(btrim(e.harm_seen, E' \t\r\n'), '') <> '' AS "harm_seen!: bool",
                      r.outcome AS "rhi_outcome?: String", r.held_at AS "rhi_at?: DateTime<Utc>",
                      r.in_person AS "rhi_in_person?: bool",
                      coalesce(btrim(r.child_wants, E' \t\r\n'), '') <> '' AS "rhi_child_voice!: bool",
                      r.information_shared_at IS NOT NULL AS "rhi_shared!: bool",
                      coalesce(btrim(r.follow_up_actions, E' \t\r\n'), '') <> '' AS "rhi_follow_up!: bool",
                      coalesce(btrim(r.harm, E' \t\r\n'), '') <> '' AS "rhi_harm!: bool"
                 FROM missing_episodes e
                 LEFT JOIN locations l ON l.id = e.from_location
                 LEFT JOIN episode_rhis r ON r.episode_id = e.id
                WHERE e.area_id = $1 AND e.reported_at < $3 AND (e.returned_at IS NULL OR e.returned_at >= $2)
                ORDER BY e.reported_at, e.id"#,
            area,
            start,
            end
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let gradings = sqlx::query_as!(
            GradingFactRow,
            r#"SELECT g.episode_id AS "episode_id!: Uuid", g.grade AS "grade!", g.graded_at AS "graded_at!: DateTime<Utc>"
                 FROM episode_gradings g JOIN missing_episodes e ON e.id = g.episode_id
                WHERE e.area_id = $1 AND e.reported_at < $3 AND (e.returned_at IS NULL OR e.returned_at >= $2)
                ORDER BY g.episode_id, g.position"#,
            area,
            start,
            end
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let reviews = sqlx::query_as!(
            ReviewFactRow,
            r#"SELECT n.episode_id AS "episode_id!: Uuid", n.kind AS "kind!", n.at AS "at!: DateTime<Utc>"
                 FROM episode_notes n JOIN missing_episodes e ON e.id = n.episode_id
                WHERE n.kind IN ('supervisor_review', 'inspector_review')
                  AND e.area_id = $1 AND e.reported_at < $3 AND (e.returned_at IS NULL OR e.returned_at >= $2)
                ORDER BY n.episode_id, n.position"#,
            area,
            start,
            end
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        // The area's children: by those episodes, a placement in the area during the span, or
        // an authority of the area.
        let children = sqlx::query_scalar!(
            r#"SELECT e.person_id AS "id!: Uuid" FROM missing_episodes e
                WHERE e.area_id = $1 AND e.reported_at < $3 AND (e.returned_at IS NULL OR e.returned_at >= $2)
               UNION
               SELECT pl.person_id FROM locations l
                 JOIN placements pl ON pl.location_id = l.id JOIN people p ON p.id = pl.person_id
                WHERE p.kind = 'child' AND l.area_id = $1 AND pl.started_on <= $5
                  AND (pl.ended_on IS NULL OR pl.ended_on >= $4)
               UNION
               SELECT p.id FROM people p
                WHERE p.kind = 'child'
                  AND (p.placing_authority IN (SELECT a.id FROM agencies a WHERE a.area_id = $1)
                       OR p.host_authority IN (SELECT a.id FROM agencies a WHERE a.area_id = $1))"#,
            area,
            start,
            end,
            from,
            to
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let children: Vec<Uuid> = children;
        let people = sqlx::query_as!(
            PersonFactRow,
            r#"SELECT id AS "id!: Uuid", sex AS "sex!", ethnicity AS "ethnicity!",
                      date_of_birth AS "date_of_birth?: NaiveDate"
                 FROM people WHERE id = ANY($1::uuid[])"#,
            &children
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let screenings = sqlx::query_as!(
            ScreeningFactRow,
            r#"SELECT person_id AS "person_id!: Uuid", tier AS "tier!", screened_at AS "screened_at!: DateTime<Utc>"
                 FROM screenings
                WHERE person_id = ANY($1::uuid[]) AND screened_at >= $2 AND screened_at < $3"#,
            &children,
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
                WHERE person_id = ANY($1::uuid[]) AND referred_on >= $2 AND referred_on <= $3"#,
            &children,
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
                WHERE person_id = ANY($1::uuid[])
                  AND starts_on <= $3 AND (ended_on IS NULL OR ended_on >= $2)"#,
            &children,
            from,
            to
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let disruptions = sqlx::query_as!(
            DisruptionFactRow,
            r#"SELECT four_p AS "four_p!", tactic AS "tactic!", done_on AS "done_on!: NaiveDate"
                 FROM disruptions WHERE area_id = $1 AND done_on >= $2 AND done_on <= $3"#,
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
                WHERE a.area_id = $1 AND m.starts_at < $2"#,
            area,
            end
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        commit(tx).await?;
        assemble(FactRows { episodes, gradings, reviews, people, screenings, nrms, disruptions, actions, markers })
    }
}
