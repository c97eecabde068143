//! The administration pages as an agency's admin meets them: add a user and see their one-time
//! password once, change their role, disable them (their session ends at once), issue and revoke
//! a token; another agency's user is a page that does not exist; no one else gets the pages.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[allow(dead_code, reason = "each test binary uses part of the shared harness")]
mod util;

use axum::http::StatusCode;
use haven_domain::user::Username;
use util::{TestApp, text};

fn secret(html: &str) -> String {
    let start = html.find("data-testid=\"secret\"").unwrap();
    let rest = &html[start..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest.find("</code>").unwrap();
    rest[open..close].trim().to_owned()
}

#[tokio::test]
async fn an_admin_adds_changes_disables_and_issues_a_token_for_a_user() {
    let app = TestApp::new().await;
    let admin = app.browser("admin").await;
    let list = text(app.get("/admin/users", Some(&admin)).await).await;
    assert!(list.contains("practitioner") && !list.contains("dpp.officer"), "their own agency's users only");
    assert!(text(app.get("/", Some(&admin)).await).await.contains("href=\"/admin/users\""), "the admin's navigation");

    // A bad form names its fields and writes nothing.
    let bad = app
        .post(
            "/admin/users/new",
            &admin.cookie,
            &[("csrf_token", &admin.csrf), ("username", "x"), ("agency", "SWP"), ("role", "")],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(bad).await;
    assert!(html.contains("href=\"#username\"") && html.contains("href=\"#role\""), "{html}");

    let made = app
        .post(
            "/admin/users/new",
            &admin.cookie,
            &[
                ("csrf_token", &admin.csrf),
                ("username", "pc.jones"),
                ("display_name", "PC Jones"),
                ("agency", "SWP"),
                ("role", "practitioner"),
            ],
        )
        .await;
    assert_eq!(made.status(), StatusCode::CREATED);
    let password = secret(&text(made).await);
    assert_eq!(password.len(), 20);
    let name = Username::parse("pc.jones").unwrap();
    let (user, credentials) = app.store.user_with_credentials(&name).await.unwrap().unwrap();
    assert!(
        credentials.must_change_password && haven_web::auth::password::verify(&password, &credentials.password_hash)
    );

    // Change the role; disable: the user's session ends at once. (They chose their own password.)
    let chosen = haven_web::auth::password::hash("a passphrase of their own").unwrap();
    let event = haven_domain::audit::AuditEvent::system(
        "test",
        haven_domain::audit::AuditAction::UserPasswordSet,
        "test",
        chrono::Utc::now(),
    );
    app.store.set_password(user.id, &chosen, &event).await.unwrap();
    let jones = app.browser("pc.jones").await;
    assert_eq!(app.get("/people", Some(&jones)).await.status(), StatusCode::OK);
    let promote = [("csrf_token", admin.csrf.as_str()), ("display_name", "PC Jones"), ("role", "supervisor")];
    assert_eq!(app.post("/admin/users/pc.jones", &admin.cookie, &promote).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.store.user(user.id).await.unwrap().unwrap().role.code(), "supervisor");
    let disable = [("csrf_token", admin.csrf.as_str()), ("action", "disable")];
    assert_eq!(app.post("/admin/users/pc.jones", &admin.cookie, &disable).await.status(), StatusCode::SEE_OTHER);
    assert!(app.store.user(user.id).await.unwrap().unwrap().disabled);
    assert_ne!(app.get("/people", Some(&jones)).await.status(), StatusCode::OK, "signed out at once");

    // A token: shown once, listed without its secret, revoked.
    let issued = app
        .post("/admin/users/pc.jones/tokens", &admin.cookie, &[("csrf_token", &admin.csrf), ("name", "case sync")])
        .await;
    assert_eq!(issued.status(), StatusCode::CREATED);
    let token = secret(&text(issued).await);
    assert!(token.starts_with("haven_"));
    let page = text(app.get("/admin/users/pc.jones", Some(&admin)).await).await;
    assert!(page.contains("case sync") && !page.contains(&token), "listed without its secret");
    let id = app.store.user_tokens(user.id).await.unwrap()[0].id;
    let revoke = format!("/admin/users/pc.jones/tokens/{id}/revoke");
    assert_eq!(app.post(&revoke, &admin.cookie, &[("csrf_token", &admin.csrf)]).await.status(), StatusCode::SEE_OTHER);
    assert!(app.store.user_tokens(user.id).await.unwrap()[0].revoked);
    let past = app
        .post(
            "/admin/users/pc.jones/tokens",
            &admin.cookie,
            &[("csrf_token", &admin.csrf), ("name", "x"), ("expires_on", "2020-01-01")],
        )
        .await;
    assert_eq!(past.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(past).await.contains("The last day must be after today"));

    // Another agency's user is not there; the admin does not disable themselves.
    assert_eq!(app.get("/admin/users/dpp.officer", Some(&admin)).await.status(), StatusCode::NOT_FOUND);
    let theirs = app.post("/admin/users/dpp.officer", &admin.cookie, &disable).await;
    assert_eq!(theirs.status(), StatusCode::NOT_FOUND);
    let own = app.post("/admin/users/admin", &admin.cookie, &disable).await;
    assert_eq!(own.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(own).await.contains("You cannot disable yourself"));
}

#[tokio::test]
async fn the_install_administrator_reads_every_agreement_and_who_it_shares_with() {
    let app = TestApp::new().await;
    let root = app.browser("system_admin").await;
    assert!(text(app.get("/", Some(&root)).await).await.contains("href=\"/admin/agreements\""));
    let response = app.get("/admin/agreements", Some(&root)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = text(response).await;
    // The harness's agreement: the police and the council, sharing everything, in force.
    assert!(html.contains("Missing children ISP") && html.contains("South Wales Police"), "{html}");
    assert!(
        html.contains(
            "Police assessment and intelligence with local authorities (about everyone the sharer holds; every role)"
        ),
        "{html}"
    );
    assert!(html.contains("In force"));
    let welsh = text(app.get("/admin/agreements?lang=cy", Some(&root)).await).await;
    assert!(welsh.contains("Cytundebau rhannu") && welsh.contains("Asesiad a gwybodaeth yr heddlu"));
    for user in ["admin", "supervisor"] {
        let b = app.browser(user).await;
        assert_eq!(app.get("/admin/agreements", Some(&b)).await.status(), StatusCode::FORBIDDEN, "{user}");
    }
}

#[tokio::test]
async fn only_admins_get_the_administration_pages() {
    let app = TestApp::new().await;
    for user in ["practitioner", "supervisor", "scrutiny"] {
        let b = app.browser(user).await;
        assert_eq!(app.get("/admin/users", Some(&b)).await.status(), StatusCode::FORBIDDEN, "{user}");
        assert_eq!(app.get("/admin/users/new", Some(&b)).await.status(), StatusCode::FORBIDDEN, "{user}");
        assert!(!text(app.get("/", Some(&b)).await).await.contains("href=\"/admin/users\""), "{user}");
    }
}

#[tokio::test]
async fn the_install_administrator_sets_an_areas_rules_from_a_preset_and_each_bad_field_is_named() {
    use haven_domain::missing::rules::Preset;
    use haven_domain::missing::rules_form;
    let app = TestApp::new().await;
    haven_app::admin::Operator::command_line(app.store.as_ref())
        .create_area("CARDIFF", "Cardiff BCU", "bcu", "test")
        .await
        .unwrap();
    let root = app.browser("system_admin").await;
    assert!(text(app.get("/admin/areas", Some(&root)).await).await.contains("href=\"/admin/areas/CARDIFF/rules\""));
    let page = "/admin/areas/CARDIFF/rules";
    let html = text(app.get(page, Some(&root)).await).await;
    assert!(html.contains("The install&#39;s default rules") || html.contains("The install's default rules"), "{html}");
    assert!(html.contains("Return home interview within 72 hours of return"), "{html}");
    let wales = text(app.get(&format!("{page}?preset=wales"), Some(&root)).await).await;
    assert!(wales.contains("value=\"debrief\" checked"), "the form starts from the Welsh preset");

    let mut values = rules_form::values(&Preset::Wales.rules());
    let form = |values: &std::collections::BTreeMap<String, String>, made_from: &str| {
        let mut f: Vec<(String, String)> = values.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        f.push(("csrf_token".into(), root.csrf.clone()));
        f.push(("made_from".into(), made_from.into()));
        f
    };
    let post = |f: Vec<(String, String)>| {
        let app = &app;
        let cookie = root.cookie.clone();
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.post(page, &cookie, &pairs).await
        }
    };
    values.insert("rhi_within_hours".into(), "0".into());
    values.insert("reviews.high.supervisor".into(), "soon".into());
    let bad = post(form(&values, "0")).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(bad).await;
    assert!(
        html.contains("href=\"#reviews.high.supervisor\"")
            && html.contains("High: supervisor review: Enter a whole number"),
        "{html}"
    );
    assert!(!html.contains("href=\"#rhi_within_hours\""), "checked once every value reads");
    values.insert("reviews.high.supervisor".into(), "1".into());
    let bad = post(form(&values, "0")).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(bad).await;
    assert!(
        html.contains("href=\"#rhi_within_hours\"")
            && html.contains("Hours from return within which it is due: Enter a whole number greater than 0"),
        "{html}"
    );
    let area = app.store.areas().await.unwrap().remove(0);
    assert!(app.store.rules_versions(area.id).await.unwrap().is_empty(), "nothing written");

    values.insert("rhi_within_hours".into(), "120".into());
    values.insert("to_set_locally.rhi_within_hours".into(), String::new());
    let saved = post(form(&values, "0")).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let html = text(app.get(page, Some(&root)).await).await;
    assert!(html.contains("CARDIFF v1") && html.contains("Debrief within 120 hours of return"), "{html}");
    assert!(html.contains("care-experienced young adults up to 25"), "{html}");
    let welsh = text(app.get(&format!("{page}?lang=cy"), Some(&root)).await).await;
    assert!(welsh.contains("Ôl-drafodaeth o fewn 120 awr i ddychwelyd"), "{welsh}");
    // A form made before that save is stale.
    assert_eq!(post(form(&values, "0")).await.status(), StatusCode::CONFLICT);
    assert_eq!(app.store.rules_versions(area.id).await.unwrap().len(), 1);

    for user in ["admin", "supervisor"] {
        let b = app.browser(user).await;
        assert_eq!(app.get(page, Some(&b)).await.status(), StatusCode::FORBIDDEN, "{user}");
    }
    assert_eq!(app.get("/admin/areas/NOWHERE/rules", Some(&root)).await.status(), StatusCode::NOT_FOUND);
}
