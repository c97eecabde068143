//! The command line against a real embedded store: what an administrator types, what they get.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

use clap::Parser;
use haven::{Cli, run};
use haven_domain::agency::AgencyCode;
use haven_domain::user::Username;
use std::path::Path;

async fn haven(data: &Path, args: &[&str]) -> anyhow::Result<()> {
    let mut argv = vec!["haven", "--data", data.to_str().unwrap()];
    argv.extend_from_slice(args);
    run(Cli::try_parse_from(argv)?).await
}

async fn open(data: &Path) -> std::sync::Arc<dyn haven_store::Store> {
    haven::open::open(&haven::open::StoreArgs { data: data.to_owned(), database_url: None }).await.unwrap()
}

#[tokio::test]
async fn an_administrator_sets_up_an_agency_a_user_and_a_token() {
    let dir = tempfile::tempdir().unwrap();
    haven(dir.path(), &["admin", "create-agency", "--code", "swp", "--name", "South Wales Police", "--kind", "police"])
        .await
        .unwrap();
    haven(dir.path(), &["admin", "create-user", "--username", "J.Evans", "--agency", "SWP", "--role", "supervisor"])
        .await
        .unwrap();
    haven(dir.path(), &["admin", "issue-token", "--username", "j.evans"]).await.unwrap();

    let store = open(dir.path()).await;
    let agency = store.agency_by_code(&AgencyCode::parse("SWP").unwrap()).await.unwrap().unwrap();
    assert_eq!(agency.name, "South Wales Police");
    let (user, credentials) = store.user_with_credentials(&Username::parse("j.evans").unwrap()).await.unwrap().unwrap();
    assert_eq!((user.agency_id, user.role.code()), (agency.id, "supervisor"));
    assert!(credentials.password_hash.starts_with("$argon2id$"));
}

#[tokio::test]
async fn mistyped_flags_are_refused_by_name_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let err = haven(dir.path(), &["admin", "create-agency", "--code", "SWP", "--name", "X", "--kind", "army"])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("--kind"), "{err}");
    let err = haven(dir.path(), &["admin", "create-agency", "--code", "S W P", "--name", "X", "--kind", "police"])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("--code"), "{err}");
    let err = haven(dir.path(), &["admin", "create-user", "--username", "ann", "--agency", "NOPE", "--role", "admin"])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("--agency"), "{err}");
    assert!(open(dir.path()).await.agencies().await.unwrap().is_empty());

    haven(dir.path(), &["admin", "create-agency", "--code", "SWP", "--name", "X", "--kind", "police"]).await.unwrap();
    let err = haven(dir.path(), &["admin", "create-agency", "--code", "swp", "--name", "Y", "--kind", "health"])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
    let err = haven(dir.path(), &["admin", "create-user", "--username", "ann", "--agency", "SWP", "--role", "boss"])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("--role"), "{err}");
}

#[tokio::test]
async fn the_demo_force_loads_once_into_an_empty_store() {
    let dir = tempfile::tempdir().unwrap();
    haven(dir.path(), &["demo", "--seed", "5"]).await.unwrap();
    let store = open(dir.path()).await;
    assert_eq!(store.count_people().await.unwrap(), 2300);
    let err = haven(dir.path(), &["demo"]).await.unwrap_err();
    assert!(err.to_string().contains("already holds data"), "{err}");
    assert_eq!(store.count_people().await.unwrap(), 2300);
}
