//! References a client gives by their codes, resolved against the store; an unknown one is its
//! field's problem, found with all the others.

use haven_domain::Invalid;
use haven_domain::agency::{AgencyCode, Area};
use haven_domain::ids::AgencyId;
use haven_store::{Store, StoreError};

/// The agency with code `raw` (trimmed; blank is none), or `field`'s problem: the code's own
/// (`too-long`, …) or `unknown-agency`.
pub async fn resolve_agency(
    store: &dyn Store,
    field: &str,
    raw: &str,
    problems: &mut Invalid,
) -> Result<Option<AgencyId>, StoreError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let Some(code) = problems.check(field, AgencyCode::parse(raw)) else { return Ok(None) };
    let found = store.agency_by_code(&code).await?.map(|a| a.id);
    if found.is_none() {
        problems.push(field, "unknown-agency");
    }
    Ok(found)
}

/// The area with code `raw` (trimmed; blank is `required`), or `field`'s problem: the code's own
/// or `unknown-area`.
pub async fn resolve_area(
    store: &dyn Store,
    field: &str,
    raw: &str,
    problems: &mut Invalid,
) -> Result<Option<Area>, StoreError> {
    let Some(code) = problems.check(field, AgencyCode::parse(raw)) else { return Ok(None) };
    let found = store.areas().await?.into_iter().find(|a| a.code == code);
    if found.is_none() {
        problems.push(field, "unknown-area");
    }
    Ok(found)
}
