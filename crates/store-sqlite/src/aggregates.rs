//! Reading back what SQLite's `json_group_array` built: a read whose rows come as one JSON
//! value instead of one at a time through the driver (each row a hand-over between the
//! connection's thread and the caller's). Ids come as `hex(id)`, times as stored.

use chrono::{DateTime, Utc};
use haven_store::{StoreError, StoreResult};
use uuid::Uuid;

/// The rows of a JSON array of `what`.
pub(crate) fn parse<T: serde::de::DeserializeOwned>(json: &str, what: &str) -> StoreResult<Vec<T>> {
    serde_json::from_str(json).map_err(|e| {
        tracing::error!(what, error = %e, "a stored aggregate does not read");
        StoreError::Backend(format!("the stored {what} did not read: {e}"))
    })
}

/// An id from `hex(id)`.
pub(crate) fn uuid(hex: &str) -> StoreResult<Uuid> {
    Uuid::parse_str(hex).map_err(|e| StoreError::Backend(format!("stored id is not valid: {e}")))
}

/// A time as SQLite holds it: RFC 3339 as haven writes it, or the forms sqlx also reads.
pub(crate) fn time(text: &str) -> StoreResult<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(t) = DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f%:z") {
        return Ok(t.with_timezone(&Utc));
    }
    ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(text, f).ok())
        .map(|t| t.and_utc())
        .ok_or_else(|| StoreError::Backend("stored time is not valid".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_read_in_every_form_the_driver_reads_and_nothing_else() {
        let at = Utc.with_ymd_and_hms(2026, 12, 4, 2, 30, 0).unwrap();
        for text in [
            "2026-12-04T02:30:00+00:00",
            "2026-12-04T03:30:00+01:00",
            "2026-12-04 02:30:00+00:00",
            "2026-12-04 02:30:00",
            "2026-12-04T02:30:00.000",
        ] {
            assert_eq!(time(text).unwrap(), at, "{text}");
        }
        for bad in ["", "04/12/2026 02:30", "2026-13-04T02:30:00Z"] {
            assert!(time(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ids_read_from_hex_and_a_bad_aggregate_names_what_it_was() {
        let id = Uuid::new_v4();
        assert_eq!(uuid(&id.simple().to_string().to_uppercase()).unwrap(), id);
        assert!(uuid("not-hex").is_err());
        let StoreError::Backend(message) = parse::<(String, String)>("[[\"a\"]]", "aliases").unwrap_err() else {
            panic!("a bad aggregate is a backend failure");
        };
        assert!(message.contains("aliases"), "{message}");
    }
}
