//! Administration as a signed-in admin meets it, on a real store: an agency's admin manages
//! their own agency's users and nobody else's; only the install's administrator makes areas,
//! agencies, agreements and other system administrators.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise")]

use haven_app::Failure;
use haven_app::admin::{NewAgreement, Operator, UserChange};
use haven_domain::user::User;
use haven_store::{AgencyStore, AuditStore, UserStore};
use haven_store_sqlite::SqliteStore;

struct Install {
    store: SqliteStore,
    _dir: tempfile::TempDir,
}

impl Install {
    /// Two agencies, each with an admin, and a system administrator, made at the command line.
    async fn new() -> Install {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).await.unwrap();
        let cli = Operator::command_line(&store);
        cli.create_agency("SWP", "South Wales Police", "police", "", "test").await.unwrap();
        cli.create_agency("CARDIFF-CS", "Cardiff CS", "local_authority", "", "test").await.unwrap();
        cli.create_user("swp.admin", "SWP", "admin", "", "test").await.unwrap();
        cli.create_user("council.admin", "CARDIFF-CS", "admin", "", "test").await.unwrap();
        cli.create_user("council.sw", "CARDIFF-CS", "practitioner", "", "test").await.unwrap();
        cli.create_user("root", "SWP", "system_admin", "", "test").await.unwrap();
        Install { store, _dir: dir }
    }

    async fn user(&self, name: &str) -> User {
        let name = haven_domain::user::Username::parse(name).unwrap();
        self.store.user_with_credentials(&name).await.unwrap().unwrap().0
    }

    async fn as_user(&self, name: &str) -> Operator<'_> {
        Operator::user(&self.store, &self.user(name).await)
    }
}

fn field_problem(result: Result<impl std::fmt::Debug, Failure>) -> Vec<(String, &'static str)> {
    match result {
        Err(Failure::Invalid(e)) => e.0.into_iter().map(|p| (p.field, p.code)).collect(),
        other => panic!("expected field problems, got {other:?}"),
    }
}

#[tokio::test]
async fn an_agency_admin_manages_their_own_users_and_no_one_elses() {
    let install = Install::new().await;
    let admin = install.as_user("swp.admin").await;
    let made = admin.create_user("pc.jones", "SWP", "practitioner", "PC Jones", "test").await.unwrap();
    assert_eq!(made.one_time_password.len(), 20);
    let listed: Vec<String> = admin.users().await.unwrap().into_iter().map(|u| u.username.to_string()).collect();
    assert_eq!(listed, ["pc.jones", "root", "swp.admin"], "their own agency's users only");

    // Another agency's user is as unknown as nobody; another agency is not theirs to staff.
    let change = UserChange { disabled: Some(true), ..UserChange::default() };
    assert_eq!(
        field_problem(admin.change_user("council.sw", &change, "test").await),
        [("username".into(), "unknown-user")]
    );
    assert!(!install.user("council.sw").await.disabled, "nothing written");
    assert!(matches!(
        admin.create_user("mole", "CARDIFF-CS", "practitioner", "", "test").await,
        Err(Failure::Forbidden("not-your-agency"))
    ));
    assert!(matches!(admin.reset_password("council.sw", "test").await, Err(Failure::Invalid(_))));

    // No escalation: an agency admin makes no system administrator, and does not lock
    // themselves out.
    assert!(matches!(
        admin.create_user("boss", "SWP", "system_admin", "", "test").await,
        Err(Failure::Forbidden("role-not-permitted"))
    ));
    let promote = UserChange { role: Some("system_admin"), ..UserChange::default() };
    assert!(matches!(admin.change_user("pc.jones", &promote, "test").await, Err(Failure::Forbidden(_))));
    assert_eq!(
        field_problem(admin.change_user("swp.admin", &change, "test").await),
        [("username".into(), "cannot-change-yourself")]
    );

    // Nor the install's administrator, though in the same agency: a reset would hand them the
    // install, a disable would lock it.
    assert!(matches!(admin.reset_password("root", "test").await, Err(Failure::Forbidden("role-not-permitted"))));
    assert!(matches!(admin.change_user("root", &change, "test").await, Err(Failure::Forbidden(_))));
    assert!(matches!(admin.issue_token("root", "mine now", "", "test").await, Err(Failure::Forbidden(_))));
    assert!(!install.user("root").await.disabled, "nothing written");

    // Nor the install's own administration.
    assert!(matches!(admin.create_agency("X", "X", "health", "", "test").await, Err(Failure::Forbidden(_))));
    assert!(matches!(admin.create_area("X", "X", "bcu", "test").await, Err(Failure::Forbidden(_))));
    let isp = NewAgreement {
        name: "ISP",
        purpose: "safeguarding",
        members: vec!["SWP", "CARDIFF-CS"],
        classes: vec!["identity"],
        to: vec!["police"],
        scope: "cohort",
        roles: "all",
        starts_on: "2026-01-01",
        ..NewAgreement::default()
    };
    assert!(matches!(admin.create_agreement(&isp, "test").await, Err(Failure::Forbidden(_))));
    assert!(install.store.agreements().await.unwrap().is_empty());

    // The council's admin disables their practitioner; the install's administrator may too.
    let council = install.as_user("council.admin").await;
    council.change_user("council.sw", &change, "test").await.unwrap();
    assert!(install.user("council.sw").await.disabled);
    let root = install.as_user("root").await;
    root.change_user("council.sw", &UserChange { disabled: Some(false), ..UserChange::default() }, "test")
        .await
        .unwrap();
    root.create_agreement(&isp, "test").await.unwrap();
    assert_eq!(install.store.agreements().await.unwrap().len(), 1);
}

#[tokio::test]
async fn tokens_are_named_expire_and_are_revoked_by_their_agencys_admin() {
    let install = Install::new().await;
    let admin = install.as_user("council.admin").await;
    assert_eq!(
        field_problem(admin.issue_token("council.sw", "", "2020-01-01", "test").await),
        [("name".into(), "required"), ("expires_on".into(), "in-the-past")]
    );
    let (token, secret) = admin.issue_token("council.sw", "case sync", "", "test").await.unwrap();
    let now = chrono::Utc::now();
    let hash = haven_app::auth::token::hash_secret(&secret);
    assert!(install.store.user_by_token(&hash, now).await.unwrap().is_some());
    // The police's admin does not see or revoke the council's tokens.
    let police = install.as_user("swp.admin").await;
    assert!(matches!(police.tokens("council.sw", "test").await, Err(Failure::Invalid(_))));
    assert!(matches!(police.revoke_token("council.sw", &token.id.to_string(), "test").await, Err(Failure::Invalid(_))));
    assert!(install.store.user_by_token(&hash, now).await.unwrap().is_some(), "still live");
    admin.revoke_token("council.sw", &token.id.to_string(), "test").await.unwrap();
    assert!(install.store.user_by_token(&hash, now).await.unwrap().is_none(), "revoked at once");
    assert!(admin.tokens("council.sw", "test").await.unwrap()[0].revoked);
}

#[tokio::test]
async fn an_admin_links_a_user_to_their_identity_at_the_provider_and_unlinks_them() {
    let install = Install::new().await;
    let council = install.as_user("council.admin").await;
    let link = |raw: &'static str| UserChange { identity: Some(raw), ..UserChange::default() };

    let linked = council.change_user("council.sw", &link(" 248289761001 "), "test").await.unwrap();
    assert_eq!(linked.identity.as_ref().map(|i| i.as_str()), Some("248289761001"));
    let identity = haven_domain::user::Identity::parse("248289761001").unwrap();
    assert_eq!(
        install.store.user_by_identity(&identity).await.unwrap().map(|u| u.username.to_string()).as_deref(),
        Some("council.sw")
    );
    // The audit says which field changed, never the value.
    let trail = install.store.agency_audit(install.user("council.sw").await.agency_id, 10).await.unwrap();
    assert!(trail.iter().any(|e| e.detail.as_deref() == Some("fields: identity")), "{trail:?}");

    // Bad values are named by their field, nothing written; one identity opens one user.
    assert_eq!(
        field_problem(council.change_user("council.sw", &link("two words"), "test").await),
        [("identity".into(), "identity-format")]
    );
    let long: &'static str = Box::leak("x".repeat(256).into_boxed_str());
    assert_eq!(
        field_problem(council.change_user("council.sw", &link(long), "test").await),
        [("identity".into(), "identity-too-long")]
    );
    let both = UserChange { role: Some("supervisor"), identity: Some("248289761001"), ..UserChange::default() };
    assert_eq!(
        field_problem(council.change_user("council.admin", &both, "test").await),
        [("username".into(), "cannot-change-yourself")]
    );
    let root = install.as_user("root").await;
    let taken = UserChange { role: Some("supervisor"), identity: Some("248289761001"), ..UserChange::default() };
    assert_eq!(
        field_problem(root.change_user("swp.admin", &taken, "test").await),
        [("identity".into(), "identity-taken")]
    );
    assert_eq!(install.user("swp.admin").await.role.code(), "admin", "nothing written with the refused identity");

    // Another agency's admin cannot link the council's user (as unknown as nobody).
    let police = install.as_user("swp.admin").await;
    assert_eq!(
        field_problem(police.change_user("council.sw", &link("somebody-else"), "test").await),
        [("username".into(), "unknown-user")]
    );

    // A change of name leaves the link; blank unlinks.
    let renamed = council
        .change_user("council.sw", &UserChange { display_name: Some("Sam Worker"), ..UserChange::default() }, "test")
        .await
        .unwrap();
    assert_eq!(renamed.identity, linked.identity);
    let unlinked = council.change_user("council.sw", &link(""), "test").await.unwrap();
    assert_eq!(unlinked.identity, None);
    assert_eq!(install.store.user_by_identity(&identity).await.unwrap(), None);
}
