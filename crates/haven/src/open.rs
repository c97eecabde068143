//! Choosing and opening the store: the embedded SQLite store in a data directory by default,
//! PostgreSQL when a `postgres://` URL is given.

use anyhow::Context;
use haven_store::Store;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone, clap::Args)]
pub struct StoreArgs {
    /// Directory of the embedded store (SQLite).
    #[arg(long, global = true, env = "HAVEN_DATA", default_value = "./haven-data")]
    pub data: PathBuf,
    /// PostgreSQL instead of the embedded store: postgres://user:password@host/db
    #[arg(long, global = true, env = "HAVEN_DATABASE_URL")]
    pub database_url: Option<DatabaseUrl>,
}

/// A database URL, whose password never reaches a log or an error message.
#[derive(Clone)]
pub struct DatabaseUrl(String);

impl std::str::FromStr for DatabaseUrl {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            Ok(Self(s.to_owned()))
        } else {
            Err("--database-url must start with postgres:// (leave it out for the embedded store)".into())
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(&self.0))
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.find(':') {
                Some(colon) => format!("{}{}:***{}", &url[..scheme + 3], &creds[..colon], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

pub async fn open(args: &StoreArgs) -> anyhow::Result<Arc<dyn Store>> {
    match &args.database_url {
        Some(url) => {
            let store = haven_store_postgres::PostgresStore::connect(&url.0)
                .await
                .with_context(|| format!("cannot open the PostgreSQL store at {}", redact(&url.0)))?;
            Ok(Arc::new(store))
        }
        None => {
            let store = haven_store_sqlite::SqliteStore::open(&args.data)
                .await
                .with_context(|| format!("cannot open the store in {}", args.data.display()))?;
            Ok(Arc::new(store))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted_from_database_urls() {
        assert_eq!(redact("postgres://haven:s3cret@db:5432/haven"), "postgres://haven:***@db:5432/haven");
        assert_eq!(redact("postgres://haven@db/haven"), "postgres://haven@db/haven");
        let url: DatabaseUrl = "postgres://a:b@c/d".parse().unwrap();
        assert!(!format!("{url:?}").contains(":b@"));
        assert!("mysql://x".parse::<DatabaseUrl>().is_err());
    }
}
