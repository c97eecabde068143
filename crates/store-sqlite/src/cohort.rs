//! An area's cohort of children, for the priority list.

use crate::rows::{PersonRow, person_row};
use crate::{SqliteStore, backend, id_set};
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use haven_domain::audit::AuditEvent;
use haven_domain::ids::{AgencyId, AreaId, PersonId};
use haven_store::{CohortChild, StoreResult};
use std::collections::BTreeMap;
use uuid::Uuid;

pub(crate) async fn area_children(
    store: &SqliteStore,
    area: AreaId,
    since: DateTime<Utc>,
    today: NaiveDate,
    visible_to: &[AgencyId],
    audit: &AuditEvent,
) -> StoreResult<Vec<CohortChild>> {
    let since = since.trunc_subsecs(6);
    let visible = id_set(visible_to.iter().map(|a| a.0));
    let mut tx = store.read().await?;
    // Held by one of the agencies (the store's own check beside the access policy), and in the
    // area by an episode, a current placement or an authority that serves it.
    let rows = sqlx::query!(
        r#"SELECT p.id AS "id: Uuid", p.kind, p.given_name, p.middle_names, p.family_name,
                  p.date_of_birth AS "date_of_birth: NaiveDate", p.sex, p.gender, p.ethnicity, p.care_status,
                  p.placing_authority AS "placing_authority: Uuid", p.host_authority AS "host_authority: Uuid",
                  p.version, p.created_at AS "created_at: DateTime<Utc>", p.updated_at AS "updated_at: DateTime<Utc>",
                  (EXISTS (SELECT 1 FROM placements pl JOIN locations l ON l.id = pl.location_id
                               WHERE pl.person_id = p.id AND l.area_id = ?2
                                 AND pl.started_on <= ?4 AND (pl.ended_on IS NULL OR pl.ended_on >= ?4))
                   OR EXISTS (SELECT 1 FROM agencies a
                               WHERE a.area_id = ?2 AND (a.id = p.placing_authority OR a.id = p.host_authority))) AS "settled!: bool"
             FROM people p
            WHERE p.kind = 'child'
              AND EXISTS (SELECT 1 FROM agency_records r
                           WHERE r.person_id = p.id AND r.agency_id IN (SELECT unhex(value) FROM json_each(?1)))
              AND (EXISTS (SELECT 1 FROM missing_episodes e
                            WHERE e.person_id = p.id AND e.area_id = ?2
                              AND (e.returned_at IS NULL OR e.reported_at >= ?3))
                   OR (EXISTS (SELECT 1 FROM placements pl JOIN locations l ON l.id = pl.location_id
                               WHERE pl.person_id = p.id AND l.area_id = ?2
                                 AND pl.started_on <= ?4 AND (pl.ended_on IS NULL OR pl.ended_on >= ?4))
                   OR EXISTS (SELECT 1 FROM agencies a
                               WHERE a.area_id = ?2 AND (a.id = p.placing_authority OR a.id = p.host_authority))))
            ORDER BY p.family_name, p.given_name, p.id"#,
        visible,
        area.0,
        since,
        today
    )
    .fetch_all(&mut *tx)
    .await
    .map_err(backend)?;
    let holders = sqlx::query!(
        r#"SELECT person_id AS "person_id: Uuid", agency_id AS "agency_id: Uuid" FROM agency_records
            WHERE person_id IN (SELECT unhex(value) FROM json_each(?))
            ORDER BY person_id, agency_id"#,
        id_set(rows.iter().map(|r| r.id))
    )
    .fetch_all(&mut *tx)
    .await
    .map_err(backend)?;
    store.audited(tx, audit).await?;
    let mut by_person: BTreeMap<Uuid, Vec<AgencyId>> = BTreeMap::new();
    for h in holders {
        by_person.entry(h.person_id).or_default().push(AgencyId(h.agency_id));
    }
    rows.into_iter()
        .map(|r| {
            let row = person_row!(r);
            Ok(CohortChild {
                id: PersonId(r.id),
                details: row.details()?,
                holders: by_person.remove(&r.id).unwrap_or_default(),
                by_episode_only: !r.settled,
            })
        })
        .collect()
}
