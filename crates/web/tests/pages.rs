//! The pages as a user meets them: the real router on a fresh SQLite store, requests sent
//! in-process. One test binary; the harness is in `util/`.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

mod util;

use axum::http::StatusCode;
use haven_domain::audit::AuditAction;
use haven_domain::user::Role;
use haven_store::PersonQuery;
use util::{Browser, TestApp, cookie_pair, esc, location, set_cookie_line, text, without_tokens};

// ---------------------------------------------------------------------------------------------
// Signing in and out

#[tokio::test]
async fn signing_in_with_the_right_password_starts_a_session_cookie_that_opens_the_home_page() {
    let app = TestApp::new().await;
    let response = app.sign_in("Practitioner", util::PASSWORD, "").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/");
    let line = set_cookie_line(response.headers(), "haven_session").unwrap();
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(line.contains(attribute), "{line}");
    }
    assert!(!line.contains("Secure"), "plain http in tests: {line}");
    let cookie = cookie_pair(response.headers(), "haven_session").unwrap();
    assert!(cookie.len() > "haven_session=".len() + 40, "a long random secret: {cookie}");

    let home = app.get("/", Some(&Browser { cookie, csrf: String::new() })).await;
    assert_eq!(home.status(), StatusCode::OK);
    let html = text(home).await;
    assert!(html.contains("Welcome, Test practitioner"), "{html}");
    assert!(html.contains("action=\"/sign-out\""));
}

#[tokio::test]
async fn after_signing_in_the_user_returns_to_the_page_they_asked_for_on_this_site_only() {
    let app = TestApp::new().await;
    let person = format!("/people/{}", app.sian);
    let asked = app.get(&person, None).await;
    let form_url = location(&asked);
    let form = text(app.get(&form_url, None).await).await;
    assert!(form.contains(&format!("name=\"next\" value=\"{person}\"")), "{form}");

    let back = app.sign_in_with("practitioner", util::PASSWORD, &[("next", &person)]).await;
    assert_eq!(location(&back), person);
    for evil in ["//evil.example/x", "https://evil.example", "/\\evil.example"] {
        let response = app.sign_in_with("practitioner", util::PASSWORD, &[("next", evil)]).await;
        assert_eq!(location(&response), "/", "{evil}");
    }
}

#[tokio::test]
async fn a_new_account_must_change_its_password_before_anything_else() {
    let app = TestApp::new().await;
    let response = app.sign_in("new.starter", util::PASSWORD, "").await;
    assert_eq!(location(&response), "/account/password");
    let cookie = cookie_pair(response.headers(), "haven_session").unwrap();
    let b = Browser { cookie, csrf: String::new() };
    for path in ["/", "/people?name=Evans", &format!("/people/{}", app.sian)] {
        assert_eq!(location(&app.get(path, Some(&b)).await), "/account/password", "{path}");
    }
    let form = text(app.get("/account/password", Some(&b)).await).await;
    assert!(form.contains("data-testid=\"password-required\""));
    let csrf = form.split("name=\"csrf_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();

    let new = "a brand new passphrase";
    let mismatch = [
        ("csrf_token", csrf.as_str()),
        ("current_password", util::PASSWORD),
        ("new_password", new),
        ("confirm_password", "typo"),
    ];
    let refused = app.post("/account/password", &b.cookie, &mismatch).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(refused).await.contains("The passwords do not match"));
    let wrong = [
        ("csrf_token", csrf.as_str()),
        ("current_password", "not it at all"),
        ("new_password", new),
        ("confirm_password", new),
    ];
    let refused = app.post("/account/password", &b.cookie, &wrong).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert!(text(refused).await.contains("Your current password is not right"));

    // A password people use often is refused by name, before anything is checked or written.
    let common = [
        ("csrf_token", csrf.as_str()),
        ("current_password", util::PASSWORD),
        ("new_password", "password1234"),
        ("confirm_password", "password1234"),
    ];
    let refused = app.post("/account/password", &b.cookie, &common).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(refused).await.contains("one that people use often"));

    // Another session of the same user (a borrowed one) ends with the change; this one goes on.
    let elsewhere = app.browser("new.starter").await;
    assert_eq!(location(&app.get("/", Some(&elsewhere)).await), "/account/password", "signed in there too");
    let good = [
        ("csrf_token", csrf.as_str()),
        ("current_password", util::PASSWORD),
        ("new_password", new),
        ("confirm_password", new),
    ];
    let changed = app.post("/account/password", &b.cookie, &good).await;
    let ended = location(&app.get("/", Some(&elsewhere)).await);
    assert!(ended.starts_with("/sign-in"), "the other session ended: {ended}");
    assert_eq!(location(&changed), "/?password_changed=1");
    assert!(text(app.get("/?password_changed=1", Some(&b)).await).await.contains("Your password has been changed."));
    assert_eq!(app.get(&format!("/people/{}", app.sian), Some(&b)).await.status(), StatusCode::OK);
    assert_eq!(app.sign_in("new.starter", util::PASSWORD, "").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(location(&app.sign_in("new.starter", new, "").await), "/");
}

#[tokio::test]
async fn the_demo_banner_shows_only_on_a_demo_service() {
    let plain = TestApp::new().await;
    assert!(!text(plain.get("/sign-in", None).await).await.contains("govuk-phase-banner"));
    let demo = TestApp::with_config(haven_web::WebConfig { demo: true, ..Default::default() }).await;
    let html = text(demo.get("/sign-in", None).await).await;
    assert!(html.contains("govuk-phase-banner") && html.contains("demonstration data only"));
}

#[tokio::test]
async fn the_session_cookie_is_secure_when_the_service_runs_behind_https() {
    let config = haven_web::WebConfig { secure_cookies: true, ..Default::default() };
    let app = TestApp::with_config(config).await;
    let response = app.sign_in("practitioner", util::PASSWORD, "").await;
    assert!(set_cookie_line(response.headers(), "haven_session").unwrap().contains("Secure"));
    assert!(response.headers().contains_key("strict-transport-security"));
}

#[tokio::test]
async fn signing_in_again_replaces_the_old_session_id() {
    let app = TestApp::new().await;
    let old = app.browser("practitioner").await;
    let response = app.sign_in("practitioner", util::PASSWORD, &old.cookie).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let new = cookie_pair(response.headers(), "haven_session").unwrap();
    assert_ne!(new, old.cookie);
    assert_eq!(location(&app.get("/", Some(&old)).await), "/sign-in", "the old session id is dead");
    let new = Browser { cookie: new, csrf: String::new() };
    assert_eq!(app.get("/", Some(&new)).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_get_the_same_generic_error_and_no_session() {
    let app = TestApp::new().await;
    let mut pages = Vec::new();
    for (user, password) in [("practitioner", "not the password"), ("nobody.here", util::PASSWORD)] {
        let response = app.sign_in(user, password, "").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert!(cookie_pair(response.headers(), "haven_session").is_none());
        let html = text(response).await;
        assert!(html.contains("There is a problem"));
        assert!(html.contains("Enter a correct username and password"));
        assert!(!html.contains(util::PASSWORD), "the password is never echoed");
        pages.push(without_tokens(&html.replace(user, "USER")));
    }
    assert_eq!(pages[0], pages[1], "the pages must not tell which usernames exist");
    let (account, address) = app
        .store
        .recent_sign_in_failures(
            "practitioner",
            &app.address.ip().to_string(),
            chrono::Utc::now() - chrono::Duration::minutes(5),
        )
        .await
        .unwrap();
    assert_eq!((account, address), (1, 2), "every failed attempt is recorded");
}

#[tokio::test]
async fn after_five_failures_even_the_right_password_is_refused_for_a_while() {
    let app = TestApp::new().await;
    for _ in 0..5 {
        assert_eq!(app.sign_in("supervisor", "wrong password!!", "").await.status(), StatusCode::UNAUTHORIZED);
    }
    let response = app.sign_in("supervisor", util::PASSWORD, "").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers().get("retry-after").unwrap(), "900");
    assert!(cookie_pair(response.headers(), "haven_session").is_none());
    let html = text(response).await;
    assert!(html.contains("Too many attempts to sign in"), "{html}");
    // Another account from another address is not affected.
    assert_eq!(app.sign_in("analyst", util::PASSWORD, "").await.status(), StatusCode::SEE_OTHER);
}

/// A failed sign-in sent with `X-Forwarded-For: forwarded`; the failures then counted for
/// `address`.
async fn failures_counted_for(app: &TestApp, forwarded: &str, address: &str) -> u32 {
    let form = app.get("/sign-in", None).await;
    let cookie = cookie_pair(form.headers(), "haven_signin_csrf").unwrap();
    let token = cookie.split_once('=').unwrap().1.to_owned();
    let fields = [("csrf_token", token.as_str()), ("username", "mace_chair"), ("password", "not the password")];
    let headers = [("sec-fetch-site", "same-origin"), ("x-forwarded-for", forwarded)];
    assert_eq!(app.post_with("/sign-in", &cookie, &fields, &headers).await.status(), StatusCode::UNAUTHORIZED);
    let since = chrono::Utc::now() - chrono::Duration::minutes(5);
    app.store.recent_sign_in_failures("mace_chair", address, since).await.unwrap().1
}

#[tokio::test]
async fn the_client_address_comes_from_a_trusted_proxy_only() {
    // Without a trusted proxy, a forged header changes nothing: the failure is the peer's.
    let app = TestApp::new().await;
    let peer = app.address.ip().to_string();
    assert_eq!(failures_counted_for(&app, "198.51.100.7", &peer).await, 1);
    assert_eq!(
        app.store
            .recent_sign_in_failures("x", "198.51.100.7", chrono::Utc::now() - chrono::Duration::minutes(5))
            .await
            .unwrap()
            .1,
        0
    );
    // Behind a trusted proxy, each client is counted as itself, so that one attacker's failures
    // do not lock out everyone behind the proxy.
    let config = haven_web::WebConfig { trusted_proxies: vec![app.address.ip()], ..haven_web::WebConfig::default() };
    let proxied = TestApp::with_config(config).await;
    assert_eq!(failures_counted_for(&proxied, "1.2.3.4, 198.51.100.7", "198.51.100.7").await, 1);
    assert_eq!(
        proxied
            .store
            .recent_sign_in_failures("x", &peer, chrono::Utc::now() - chrono::Duration::minutes(5))
            .await
            .unwrap()
            .1,
        0
    );
}

#[tokio::test]
async fn an_attacker_elsewhere_cannot_lock_the_real_user_out() {
    let config = haven_web::WebConfig {
        trusted_proxies: vec![std::net::IpAddr::from([192, 0, 2, 10])],
        ..haven_web::WebConfig::default()
    };
    let app = TestApp::with_config(config).await;
    let sign_in = |from: &'static str, password: &'static str| {
        let app = &app;
        async move {
            let form = app.get("/sign-in", None).await;
            let cookie = cookie_pair(form.headers(), "haven_signin_csrf").unwrap();
            let token = cookie.split_once('=').unwrap().1.to_owned();
            let fields = [("csrf_token", token.as_str()), ("username", "supervisor"), ("password", password)];
            let headers = [("sec-fetch-site", "same-origin"), ("x-forwarded-for", from)];
            app.post_with("/sign-in", &cookie, &fields, &headers).await.status()
        }
    };
    for _ in 0..5 {
        assert_eq!(sign_in("198.51.100.66", "wrong password!!").await, StatusCode::UNAUTHORIZED);
    }
    // The attacker's address may not try this account any more, even with the right password…
    assert_eq!(sign_in("198.51.100.66", util::PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
    // …while the real user, at their own desk, signs in.
    assert_eq!(sign_in("203.0.113.20", util::PASSWORD).await, StatusCode::SEE_OTHER);
}

/// Guesses at one account spread over many addresses (a botnet) each stay under the
/// per-address limit; after ten, every further attempt from a browser the account never signed
/// in on waits, longer each time. The real user's own browser signs in straight away.
#[tokio::test]
async fn guesses_from_many_addresses_back_off_but_not_for_the_users_own_browser() {
    let config = haven_web::WebConfig {
        trusted_proxies: vec![std::net::IpAddr::from([192, 0, 2, 10])],
        ..haven_web::WebConfig::default()
    };
    let app = TestApp::with_config(config).await;
    let sign_in = |from: String, password: &'static str, device: String| {
        let app = &app;
        async move {
            let form = app.get("/sign-in", None).await;
            let csrf = cookie_pair(form.headers(), "haven_signin_csrf").unwrap();
            let token = csrf.split_once('=').unwrap().1.to_owned();
            let cookie = if device.is_empty() { csrf } else { format!("{csrf}; {device}") };
            let fields = [("csrf_token", token.as_str()), ("username", "inspector"), ("password", password)];
            let headers = [("sec-fetch-site", "same-origin"), ("x-forwarded-for", from.as_str())];
            app.post_with("/sign-in", &cookie, &fields, &headers).await
        }
    };
    // The real user signs in once at their desk: their browser keeps the device cookie.
    let first = sign_in("203.0.113.20".into(), util::PASSWORD, String::new()).await;
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    let device = cookie_pair(first.headers(), "haven_device").unwrap();
    assert!(device.starts_with("haven_device=inspector."), "{device}");

    for n in 0..10 {
        let guess = sign_in(format!("198.51.100.{n}"), "wrong password!!", String::new()).await;
        assert_eq!(guess.status(), StatusCode::UNAUTHORIZED, "guess {n}");
    }
    // Four more that waited their turn (written as the sign-in writes them, so that the test
    // need not sleep): the next wait is 16 seconds.
    for n in 10..14 {
        let event = haven_domain::audit::AuditEvent::system(
            "inspector",
            haven_domain::audit::AuditAction::SignInFailed,
            "POST /sign-in",
            chrono::Utc::now(),
        );
        app.store.record_sign_in("inspector", &format!("198.51.100.{n}"), false, &event).await.unwrap();
    }
    // The next address must wait, even with the right password, and is told how long.
    let waited = sign_in("198.51.100.99".into(), util::PASSWORD, String::new()).await;
    assert_eq!(waited.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: i64 = waited.headers().get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
    assert!((10..=16).contains(&retry), "{retry}");
    assert!(cookie_pair(waited.headers(), "haven_session").is_none());
    // A forged device cookie spares nothing.
    let forged = sign_in("198.51.100.98".into(), util::PASSWORD, "haven_device=inspector.00".into()).await;
    assert_eq!(forged.status(), StatusCode::TOO_MANY_REQUESTS);
    // The real user's browser, from a new address, signs in at once.
    let own = sign_in("203.0.113.21".into(), util::PASSWORD, device).await;
    assert_eq!(own.status(), StatusCode::SEE_OTHER);
    assert!(cookie_pair(own.headers(), "haven_session").is_some());
}

#[tokio::test]
async fn a_disabled_user_cannot_sign_in_even_with_the_right_password() {
    let app = TestApp::new().await;
    let response = app.sign_in("disabled.user", util::PASSWORD, "").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(cookie_pair(response.headers(), "haven_session").is_none());
    assert!(text(response).await.contains("Enter a correct username and password"));
}

#[tokio::test]
async fn signing_out_ends_the_session_in_the_store_and_clears_the_cookie() {
    let app = TestApp::new().await;
    let b = app.browser("practitioner").await;
    let response = app.post("/sign-out", &b.cookie, &[("csrf_token", &b.csrf)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/sign-in?signed_out=1");
    assert!(set_cookie_line(response.headers(), "haven_session").unwrap().contains("Max-Age=0"));
    let after = app.get("/", Some(&b)).await;
    assert_eq!(after.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&after), "/sign-in");
    let page = text(app.get("/sign-in?signed_out=1", None).await).await;
    assert!(page.contains("You have signed out."));
}

#[tokio::test]
async fn a_session_ends_after_the_idle_time_and_each_use_extends_it() {
    let app = TestApp::new().await;
    let ended = app.browser_expiring("practitioner", chrono::Duration::seconds(-1)).await;
    assert_eq!(location(&app.get("/", Some(&ended)).await), "/sign-in");

    let b = app.browser_expiring("practitioner", chrono::Duration::minutes(5)).await;
    assert_eq!(app.get("/", Some(&b)).await.status(), StatusCode::OK);
    let secret = b.cookie.trim_start_matches("haven_session=");
    let hash = haven_web::auth::token::hash_secret(secret);
    let (record, _) = app.store.session(&hash, chrono::Utc::now()).await.unwrap().unwrap();
    let left = record.expires_at - chrono::Utc::now();
    assert!(left > chrono::Duration::minutes(29), "extended to the idle time (30 minutes): {left}");
}

#[tokio::test]
async fn pages_need_a_session_and_send_others_to_sign_in() {
    let app = TestApp::new().await;
    assert_eq!(location(&app.get("/", None).await), "/sign-in");
    for path in ["/people?name=Evans", "/people/new", &format!("/people/{}", app.sian)] {
        let response = app.get(path, None).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        let back = serde_urlencoded::to_string([("next", path)]).unwrap();
        assert_eq!(location(&response), format!("/sign-in?{back}"), "{path}");
    }
    let refused = app.post("/people/new", "", &[("csrf_token", "x")]).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "a post without a session is refused");
    let forged = Browser { cookie: "haven_session=made-up".into(), csrf: String::new() };
    assert_eq!(location(&app.get("/", Some(&forged)).await), "/sign-in");
}

// ---------------------------------------------------------------------------------------------
// CSRF

fn valid_person() -> Vec<(&'static str, &'static str)> {
    vec![
        ("kind", "child"),
        ("given_name", "Megan"),
        ("family_name", "Price"),
        ("date_of_birth", "14/03/2013"),
        ("sex", "female"),
        ("ethnicity", "white_british"),
        ("care_status", "looked_after"),
    ]
}

async fn people_count(app: &TestApp) -> u64 {
    app.store.count_people().await.unwrap()
}

#[tokio::test]
async fn a_form_without_the_right_token_or_from_another_site_is_refused_and_writes_nothing() {
    let app = TestApp::new().await;
    let b = app.browser("practitioner").await;
    let before = people_count(&app).await;

    let missing = app.post("/people/new", &b.cookie, &valid_person()).await;
    assert_eq!(missing.status(), StatusCode::FORBIDDEN);
    assert!(text(missing).await.contains("did not come from this service"));

    let mut wrong = valid_person();
    wrong.push(("csrf_token", "not-the-token"));
    assert_eq!(app.post("/people/new", &b.cookie, &wrong).await.status(), StatusCode::FORBIDDEN);

    let mut right = valid_person();
    right.push(("csrf_token", &b.csrf));
    let cross_origin = app.post_with("/people/new", &b.cookie, &right, &[("origin", "https://evil.example")]).await;
    assert_eq!(cross_origin.status(), StatusCode::FORBIDDEN);
    let cross_site = app.post_with("/people/new", &b.cookie, &right, &[("sec-fetch-site", "cross-site")]).await;
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);

    // Another user's token does not work either.
    let other = app.browser("supervisor").await;
    let mut borrowed = valid_person();
    borrowed.push(("csrf_token", &other.csrf));
    assert_eq!(app.post("/people/new", &b.cookie, &borrowed).await.status(), StatusCode::FORBIDDEN);

    assert_eq!(people_count(&app).await, before);

    // The same form with the session's token, same-origin, works.
    let ok = app.post_with("/people/new", &b.cookie, &right, &[("origin", "http://haven.test")]).await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    assert_eq!(people_count(&app).await, before + 1);
}

#[tokio::test]
async fn the_sign_in_form_needs_its_double_submit_cookie() {
    let app = TestApp::new().await;
    let fields = [
        ("csrf_token", "a-token-with-no-cookie-aaaaaaaaaaaaaaaa"),
        ("username", "practitioner"),
        ("password", util::PASSWORD),
    ];
    let response = app.post("/sign-in", "", &fields).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(cookie_pair(response.headers(), "haven_session").is_none());
    let mismatched = app.post("/sign-in", "haven_signin_csrf=another-token-bbbbbbbbbbbbbbbbbbbbbbbbb", &fields).await;
    assert_eq!(mismatched.status(), StatusCode::FORBIDDEN);
    let b = app.browser("practitioner").await;
    let sign_out = app.post("/sign-out", &b.cookie, &[]).await;
    assert_eq!(sign_out.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get("/", Some(&b)).await.status(), StatusCode::OK, "a refused sign-out leaves the session");
}

#[tokio::test]
async fn a_body_over_the_limit_gets_a_clear_413_page() {
    let app = TestApp::new().await;
    let b = app.browser("practitioner").await;
    let huge = "x".repeat(2 * 1024 * 1024);
    let response = app.post("/people/new", &b.cookie, &[("csrf_token", &b.csrf), ("given_name", &huge)]).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(text(response).await.contains("What you sent is too large"));
}

// ---------------------------------------------------------------------------------------------
// Headers

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::new().await;
    let b = app.browser("practitioner").await;
    let responses = [
        ("/sign-in", app.get("/sign-in", None).await),
        ("/", app.get("/", Some(&b)).await),
        ("person", app.get(&format!("/people/{}", app.sian), Some(&b)).await),
        ("404", app.get("/no-such-page", Some(&b)).await),
        ("api", app.get("/api/v1/no-such-thing", None).await),
        ("asset", app.get("/assets/haven.css", None).await),
    ];
    for (name, r) in &responses {
        let h = r.headers();
        let csp = h.get("content-security-policy").map(|v| v.to_str().unwrap()).unwrap_or_default();
        assert!(csp.contains("default-src 'self'") && csp.contains("script-src 'self'"), "{name}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"), "{name}");
        assert!(!csp.contains("unsafe-inline"), "{name}");
        assert_eq!(h.get("x-frame-options").unwrap(), "DENY", "{name}");
        assert_eq!(h.get("referrer-policy").unwrap(), "no-referrer", "{name}");
        assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff", "{name}");
        assert_eq!(h.get("cross-origin-opener-policy").unwrap(), "same-origin", "{name}");
        assert!(h.get("permissions-policy").unwrap().to_str().unwrap().contains("camera=()"), "{name}");
    }
    for (name, r) in &responses[..5] {
        assert_eq!(r.headers().get("cache-control").unwrap(), "no-store", "{name}");
    }
    let asset = &responses[5].1;
    assert_eq!(asset.status(), StatusCode::OK);
    assert_eq!(asset.headers().get("content-type").unwrap(), "text/css");
    assert!(asset.headers().get("cache-control").unwrap().to_str().unwrap().contains("max-age=31536000"));
}

#[tokio::test]
async fn pages_have_no_inline_script_or_style_and_load_govuk_frontend_from_assets() {
    let app = TestApp::new().await;
    let b = app.browser("supervisor").await;
    let html = text(app.get(&format!("/people/{}", app.sian), Some(&b)).await).await;
    assert!(!html.contains("<script>") && !html.contains("style=") && !html.contains("<style"), "{html}");
    assert!(html.contains("<script type=\"module\" src=\"/assets/haven.js?v="));
    assert!(html.contains("/assets/vendor/govuk-frontend/govuk-frontend.min.css?v="));
    let js = app.get("/assets/vendor/govuk-frontend/govuk-frontend.min.js", None).await;
    assert_eq!(js.headers().get("content-type").unwrap(), "text/javascript");
    assert!(text(js).await.contains("initAll"));
    let font = app.get("/assets/vendor/govuk-frontend/fonts/bold-b542beb274-v2.woff2", None).await;
    assert_eq!(font.headers().get("content-type").unwrap(), "font/woff2");
    assert_eq!(app.get("/assets/../Cargo.toml", None).await.status(), StatusCode::NOT_FOUND);
}

// ---------------------------------------------------------------------------------------------
// Language

#[tokio::test]
async fn the_language_comes_from_the_query_then_the_cookie_then_the_browser() {
    let app = TestApp::new().await;
    let english = text(app.get("/sign-in", None).await).await;
    assert!(english.contains("<html lang=\"en\""));
    assert!(english.contains(">Sign in<") && english.contains("href=\"/sign-in?lang=cy\""));

    let mut r = axum::http::Request::get("/sign-in").header("accept-language", "cy-GB,cy;q=0.9,en;q=0.5");
    r = r.header("host", "haven.test");
    let welsh = text(app.send(r.body(axum::body::Body::empty()).unwrap()).await).await;
    assert!(welsh.contains("<html lang=\"cy\""));
    assert!(welsh.contains("Mewngofnodi"));

    let chosen = app.get("/sign-in?lang=cy", None).await;
    let lang_cookie = set_cookie_line(chosen.headers(), "haven_lang").unwrap();
    assert!(lang_cookie.starts_with("haven_lang=cy"));
    assert!(text(chosen).await.contains("<html lang=\"cy\""));

    let remembered = Browser { cookie: "haven_lang=cy".into(), csrf: String::new() };
    let html = text(app.get("/sign-in", Some(&remembered)).await).await;
    assert!(html.contains("<html lang=\"cy\"") && html.contains("English"));

    // The query wins over the cookie.
    let html = text(app.get("/sign-in?lang=en", Some(&remembered)).await).await;
    assert!(html.contains("<html lang=\"en\""));
}

#[tokio::test]
async fn error_pages_and_form_errors_are_in_welsh_too() {
    let app = TestApp::new().await;
    let mut b = app.browser("practitioner").await;
    b.cookie.push_str("; haven_lang=cy");
    let missing = text(app.get("/people/00000000-0000-7000-8000-000000000000", Some(&b)).await).await;
    assert!(missing.contains(&esc("Heb ddod o hyd i'r dudalen")), "{missing}");
    let mut fields = valid_person();
    fields.retain(|(k, _)| *k != "date_of_birth");
    fields.push(("date_of_birth", "2099-01-01"));
    fields.push(("csrf_token", &b.csrf));
    let response = app.post("/people/new", &b.cookie, &fields).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(response).await;
    assert!(html.contains("Mae problem"));
    assert!(html.contains(&esc("Rhaid i'r dyddiad geni fod yn y gorffennol")), "{html}");
    assert!(html.contains("<title>Gwall:"));
}

// ---------------------------------------------------------------------------------------------
// Search

#[tokio::test]
async fn search_finds_people_the_agency_holds_or_shares_and_not_another_agencys() {
    let app = TestApp::new().await;
    let b = app.browser("practitioner").await;
    let html = text(app.get("/people?name=evans", Some(&b)).await).await;
    assert!(html.contains(&format!("href=\"/people/{}\"", app.sian)), "{html}");
    assert!(html.contains("1 person found"));

    let shared = text(app.get("/people?name=Morgan", Some(&b)).await).await;
    assert!(shared.contains(&format!("/people/{}", app.cerys)), "held by a partner under the agreement");

    let hidden = text(app.get("/people?name=Jones", Some(&b)).await).await;
    assert!(!hidden.contains(&app.tomos.to_string()));
    assert!(hidden.contains("No people found"));

    let by_reference = text(app.get("/people?reference=DPP-77", Some(&b)).await).await;
    assert!(!by_reference.contains(&app.tomos.to_string()));

    // The other force sees its own person and not ours.
    let dpp = app.browser("dpp.officer").await;
    let theirs = text(app.get("/people?name=Jones", Some(&dpp)).await).await;
    assert!(theirs.contains(&app.tomos.to_string()));
    assert!(!text(app.get("/people?name=Evans", Some(&dpp)).await).await.contains(&app.sian.to_string()));
}

#[tokio::test]
async fn a_search_with_a_bad_date_shows_the_error_and_keeps_what_was_typed() {
    let app = TestApp::new().await;
    let b = app.browser("practitioner").await;
    let response = app.get("/people?name=Evans&date_of_birth=31%2F02%2F2011", Some(&b)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(response).await;
    assert!(html.contains("govuk-error-summary") && html.contains("href=\"#date_of_birth\""));
    assert!(html.contains("value=\"31/02/2011\"") && html.contains("value=\"Evans\""));
}

// ---------------------------------------------------------------------------------------------
// The person page

#[tokio::test]
async fn viewing_a_person_is_audited_and_shows_their_agency_records() {
    let app = TestApp::new().await;
    let b = app.browser("practitioner").await;
    let before = app.trail(app.sian).await.len();
    let response = app.get(&format!("/people/{}", app.sian), Some(&b)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = text(response).await;
    assert!(html.contains("Siân Evans"));
    assert!(html.contains("South Wales Police") && html.contains("CRN-2026/0001"));
    assert!(!html.contains("data-testid=\"recent-access\""), "the trail is for supervisors");

    // The page reads the record, then the missing episodes behind its flags, the warning
    // markers and NRM referrals it shows, each audited (newest first on the trail).
    let trail = app.trail(app.sian).await;
    assert_eq!(trail.len(), before + 4);
    let actions: Vec<_> = trail.iter().take(4).map(|e| e.action).collect();
    assert_eq!(
        actions,
        [AuditAction::NrmList, AuditAction::MarkerList, AuditAction::EpisodeList, AuditAction::PersonView]
    );
    let view = &trail[3];
    assert_eq!(view.action, AuditAction::PersonView);
    assert_eq!(view.actor_label, "practitioner");
    assert_eq!(view.purpose, "GET /people/{id}");
    assert_eq!(view.actor.map(|a| a.role), Some(Role::Practitioner));
}

#[tokio::test]
async fn the_person_page_shows_other_names_and_where_the_child_has_lived_over_time() {
    use haven_domain::audit::AuditEvent;
    use haven_domain::ids::{AliasId, LocationId, PlacementId};
    use haven_domain::location::{Location, LocationKind, Placement, PlacementKind, Postcode};
    use haven_domain::person::Alias;
    use haven_domain::text::Name;
    let app = TestApp::new().await;
    let system = |action| AuditEvent::system("test", action, "test", chrono::Utc::now()).person(app.sian);
    let alias = Alias {
        id: AliasId::new(),
        given_name: Some(Name::parse("Shani").unwrap()),
        family_name: None,
        note: Some("street name".into()),
    };
    app.store.add_alias(app.sian, &alias, &system(AuditAction::AliasAdd)).await.unwrap();
    let home = Location {
        id: LocationId::new(),
        kind: LocationKind::ChildrensHome,
        name: Some("Tŷ Gwyn".into()),
        address: "1 Heol y Coed, Cardiff".into(),
        postcode: Some(Postcode::parse("cf10 1aa").unwrap()),
        area_id: None,
        coordinates: None,
    };
    app.store.create_location(&home, &system(AuditAction::LocationCreate)).await.unwrap();
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    for (started, ended, kind) in [
        (day(2024, 1, 5), Some(day(2025, 3, 1)), PlacementKind::HomeAddress),
        (day(2025, 3, 2), None, PlacementKind::CarePlacement),
    ] {
        let placement = Placement {
            id: PlacementId::new(),
            person_id: app.sian,
            location_id: home.id,
            kind,
            started_on: started,
            ended_on: ended,
            placing_authority: None,
        };
        app.store.add_placement(&placement, &system(AuditAction::PlacementAdd)).await.unwrap();
    }
    let b = app.browser("practitioner").await;
    let html = text(app.get(&format!("/people/{}", app.sian), Some(&b)).await).await;
    assert!(html.contains("Shani") && html.contains("(street name)"), "{html}");
    assert!(html.contains("Tŷ Gwyn, 1 Heol y Coed, Cardiff, CF10 1AA"));
    let newest = html.find("02/03/2025").unwrap();
    let oldest = html.find("05/01/2024").unwrap();
    assert!(newest < oldest, "newest placement first");
    assert!(html.contains("Care placement") && html.contains(">Current<") && html.contains("01/03/2025"));
}

#[tokio::test]
async fn a_supervisor_sees_who_recently_accessed_the_record_and_that_look_is_audited_too() {
    let app = TestApp::new().await;
    let p = app.browser("practitioner").await;
    app.get(&format!("/people/{}", app.sian), Some(&p)).await;
    let s = app.browser("supervisor").await;
    let html = text(app.get(&format!("/people/{}", app.sian), Some(&s)).await).await;
    assert!(html.contains("data-testid=\"recent-access\""));
    assert!(html.contains(">practitioner<") && html.contains("Viewed the record"));
    let actions: Vec<_> = app.trail(app.sian).await.iter().take(5).map(|e| e.action).collect();
    assert_eq!(
        actions,
        [
            AuditAction::AuditView,
            AuditAction::NrmList,
            AuditAction::MarkerList,
            AuditAction::EpisodeList,
            AuditAction::PersonView
        ]
    );
}

#[tokio::test]
async fn an_administrator_reads_neither_the_person_nor_their_trail() {
    // A child's trail shows that the child went missing: it is for supervisors who may see the
    // child, not for every agency's administrator.
    let app = TestApp::new().await;
    let admin = app.browser("admin").await;
    assert_eq!(app.get(&format!("/people/{}", app.sian), Some(&admin)).await.status(), StatusCode::FORBIDDEN);
    let response = app.get(&format!("/people/{}/audit", app.sian), Some(&admin)).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(!text(response).await.contains("Evans"));
}

#[tokio::test]
async fn an_administrator_reads_what_their_own_agencys_users_did_and_no_one_elses() {
    let app = TestApp::new().await;
    let practitioner = app.browser("practitioner").await;
    assert_eq!(app.get(&format!("/people/{}", app.sian), Some(&practitioner)).await.status(), StatusCode::OK);
    let other_force = app.browser("dpp.officer").await;
    assert_eq!(app.get(&format!("/people/{}", app.tomos), Some(&other_force)).await.status(), StatusCode::OK);

    let admin = app.browser("admin").await;
    let home = text(app.get("/", Some(&admin)).await).await;
    assert!(home.contains("href=\"/audit\""), "the admin's navigation offers the trail");
    let response = app.get("/audit", Some(&admin)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = text(response).await;
    assert!(html.contains("What your agency&#39;s users did") || html.contains("What your agency's users did"));
    assert!(html.contains("Viewed the record") && html.contains(&app.sian.to_string()), "{html}");
    // Another agency's users are not the admin's to watch, and no record's details are shown.
    assert!(!html.contains("dpp.officer") && !html.contains(&app.tomos.to_string()), "{html}");
    assert!(!html.contains("Evans") && !html.contains("Siân"));
    // Looking is itself recorded, on the agency's own trail.
    let again = text(app.get("/audit", Some(&admin)).await).await;
    assert!(again.contains("Viewed the access record"), "{again}");

    for user in ["practitioner", "supervisor", "inspector"] {
        let b = app.browser(user).await;
        assert_eq!(app.get("/audit", Some(&b)).await.status(), StatusCode::FORBIDDEN, "{user}");
        assert!(!text(app.get("/", Some(&b)).await).await.contains("href=\"/audit\""), "{user}");
    }
}

#[tokio::test]
async fn a_person_outside_any_agreement_is_refused_and_the_refusal_is_audited() {
    let app = TestApp::new().await;
    let b = app.browser("practitioner").await;
    let response = app.get(&format!("/people/{}", app.tomos), Some(&b)).await;
    // As if there were nobody there: the page of an id that does not exist.
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let html = text(response).await;
    assert!(html.contains("Page not found"));
    assert!(!html.contains("Tomos"));
    let nobody_id = haven_domain::ids::PersonId::new();
    let nobody = text(app.get(&format!("/people/{nobody_id}"), Some(&b)).await).await;
    // The same page but for the id in the language link.
    assert_eq!(nobody.replace(&nobody_id.to_string(), "ID"), html.replace(&app.tomos.to_string(), "ID"));
    let denial = &app.trail(app.tomos).await[0];
    assert_eq!(denial.actor_label, "practitioner");
    assert_eq!(denial.detail.as_deref(), Some("denied: not-shared"));
    let wrong_method = app.get("/sign-out", Some(&b)).await;
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(text(wrong_method).await.contains("<html lang=\"en\""), "a bare axum rejection still gets a page");
    let missing = app.get("/people/not-an-id", Some(&b)).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(text(missing).await.contains("Page not found"));
}

// ---------------------------------------------------------------------------------------------
// Adding and changing a person

#[tokio::test]
async fn bad_input_shows_the_error_summary_keeps_the_values_and_writes_nothing() {
    let app = TestApp::new().await;
    let b = app.browser("practitioner").await;
    let before = people_count(&app).await;
    let long_name = "a".repeat(500);
    let fields = [
        ("csrf_token", b.csrf.as_str()),
        ("kind", "child"),
        ("given_name", long_name.as_str()),
        ("family_name", "Price"),
        ("date_of_birth", "2099-01-01"),
        ("sex", "other"),
        ("gender", ""),
        ("reference", "<script>"),
    ];
    let response = app.post("/people/new", &b.cookie, &fields).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(response).await;
    assert!(html.contains("<title>Error: Add a person"));
    assert!(html.contains("class=\"govuk-error-summary\""));
    for (anchor, message) in [
        ("given_name", "First name must be 100 characters or fewer"),
        ("date_of_birth", "Date of birth must be in the past"),
        ("sex", "Select female, male or not known"),
        // A message written for any field is named by this one's label.
        ("reference", "Your agency&#39;s reference (optional): A reference can only include letters"),
    ] {
        assert!(html.contains(&format!("<a href=\"#{anchor}\">{message}")), "{anchor}: {html}");
        assert!(html.contains(&format!("id=\"{anchor}-error\"")), "{anchor} inline error");
    }
    assert!(html.contains("value=\"Price\"") && html.contains("value=\"2099-01-01\""));
    assert!(html.contains("value=\"&#60;script&#62;\""), "the value is kept, escaped");
    assert!(!html.contains("<script>"));
    assert_eq!(people_count(&app).await, before);
}

#[tokio::test]
async fn a_good_form_adds_the_person_under_the_users_agency_with_its_reference() {
    let app = TestApp::new().await;
    let b = app.browser("practitioner").await;
    let mut fields = valid_person();
    fields.push(("csrf_token", &b.csrf));
    fields.push(("reference", "CRN-2026/0099"));
    let response = app.post("/people/new", &b.cookie, &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let target = location(&response);
    let html = text(app.get(&target, Some(&b)).await).await;
    assert!(html.contains("Megan Price") && html.contains("CRN-2026/0099") && html.contains("14/03/2013"));
    let found = app
        .store
        .search_people(
            &PersonQuery { reference: Some("CRN-2026/0099".into()), ..Default::default() },
            &[app.police],
            10,
            &haven_domain::audit::AuditEvent::system("test", AuditAction::PersonSearch, "test", chrono::Utc::now()),
        )
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    // The same reference again is refused on the form, not with a 500.
    let again = app.post("/people/new", &b.cookie, &fields).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(again).await.contains("href=\"#reference\""));
}

#[tokio::test]
async fn editing_saves_with_the_current_version_and_a_stale_version_writes_nothing() {
    let app = TestApp::new().await;
    let b = app.browser("practitioner").await;
    let edit = text(app.get(&format!("/people/{}/edit", app.sian), Some(&b)).await).await;
    assert!(edit.contains("name=\"version\" value=\"1\"") && edit.contains("value=\"Siân\""));

    // Someone else saves first.
    let other = app.browser("supervisor").await;
    let fields = |given: &'static str, version: &'static str, csrf: &str| -> Vec<(String, String)> {
        [
            ("csrf_token", csrf),
            ("version", version),
            ("kind", "child"),
            ("given_name", given),
            ("family_name", "Evans"),
            ("date_of_birth", "2011-02-28"),
            ("sex", "female"),
            ("ethnicity", "not_stated"),
            ("care_status", "looked_after"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
    };
    let first = fields("Sian", "1", &other.csrf);
    let saved = app.post(&format!("/people/{}/edit", app.sian), &other.cookie, &as_refs(&first)).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.person(app.sian).await.version, 2);

    let stale = fields("Siani", "1", &b.csrf);
    let response = app.post(&format!("/people/{}/edit", app.sian), &b.cookie, &as_refs(&stale)).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let html = text(response).await;
    assert!(html.contains("Someone else changed this record since you opened it"));
    assert!(html.contains("value=\"Siani\""), "the user's input is kept");
    let person = app.person(app.sian).await;
    assert_eq!((person.version, person.details.given_name.as_str()), (2, "Sian"), "nothing written");
}

fn as_refs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

// ---------------------------------------------------------------------------------------------
// Every page route × every role

#[tokio::test]
async fn every_page_route_gives_each_role_what_the_policy_allows() {
    use StatusCode as S;
    let app = TestApp::new().await;
    const OK: S = S::OK;
    const NO: S = S::FORBIDDEN;
    const MOVED: S = S::SEE_OTHER;
    // A person the agency may not see, for any role: as if there were none.
    const GONE: S = S::NOT_FOUND;
    // home, search, search with a query, new form, create, view ours, view a partner's,
    // view another force's, edit form, save edit, our person's access record, another
    // force's person's access record, change my password.
    // Another force's person is not there for any role: hidden before the role is asked.
    let expected: &[(&str, [S; 13])] = &[
        ("practitioner", [OK, OK, OK, OK, MOVED, OK, OK, GONE, OK, MOVED, NO, GONE, OK]),
        ("supervisor", [OK, OK, OK, OK, MOVED, OK, OK, GONE, OK, MOVED, OK, GONE, OK]),
        ("inspector", [OK, OK, OK, OK, MOVED, OK, OK, GONE, OK, MOVED, OK, GONE, OK]),
        ("mace_chair", [OK, OK, OK, OK, MOVED, OK, OK, GONE, OK, MOVED, NO, GONE, OK]),
        ("analyst", [OK, OK, OK, NO, NO, OK, OK, GONE, NO, NO, NO, GONE, OK]),
        ("scrutiny", [OK, NO, NO, NO, NO, NO, NO, GONE, NO, NO, NO, GONE, OK]),
        ("admin", [OK, NO, NO, NO, NO, NO, NO, GONE, NO, NO, NO, GONE, OK]),
    ];
    for (role, statuses) in expected {
        let b = app.browser(role).await;
        let version = app.person(app.sian).await.version.to_string();
        let mut create = valid_person();
        create.push(("csrf_token", &b.csrf));
        let mut edit: Vec<(&str, &str)> = valid_person();
        edit.retain(|(k, _)| !matches!(*k, "given_name" | "family_name"));
        edit.extend([("given_name", "Siân"), ("family_name", "Evans"), ("csrf_token", &b.csrf), ("version", &version)]);
        let got = [
            app.get("/", Some(&b)).await.status(),
            app.get("/people", Some(&b)).await.status(),
            app.get("/people?name=Evans", Some(&b)).await.status(),
            app.get("/people/new", Some(&b)).await.status(),
            app.post("/people/new", &b.cookie, &create).await.status(),
            app.get(&format!("/people/{}", app.sian), Some(&b)).await.status(),
            app.get(&format!("/people/{}", app.cerys), Some(&b)).await.status(),
            app.get(&format!("/people/{}", app.tomos), Some(&b)).await.status(),
            app.get(&format!("/people/{}/edit", app.sian), Some(&b)).await.status(),
            app.post(&format!("/people/{}/edit", app.sian), &b.cookie, &edit).await.status(),
            app.get(&format!("/people/{}/audit", app.sian), Some(&b)).await.status(),
            app.get(&format!("/people/{}/audit", app.tomos), Some(&b)).await.status(),
            app.get("/account/password", Some(&b)).await.status(),
        ];
        assert_eq!(&got, statuses, "{role}");
    }
}

#[tokio::test]
async fn the_home_page_offers_each_role_only_what_it_may_do() {
    let app = TestApp::new().await;
    for (role, search, create) in
        [("practitioner", true, true), ("analyst", true, false), ("scrutiny", false, false), ("admin", false, false)]
    {
        let b = app.browser(role).await;
        let html = text(app.get("/", Some(&b)).await).await;
        assert_eq!(html.contains("href=\"/people\""), search, "{role} search link");
        assert_eq!(html.contains("href=\"/people/new\""), create, "{role} create link");
        // An admin lands on their own work: their agency's users and what they did.
        let admin = role == "admin";
        assert_eq!(
            html.contains("href=\"/admin/users\"") && html.contains("href=\"/audit\""),
            admin,
            "{role} admin links"
        );
        if !search && !admin {
            assert!(html.contains(&esc("Your role does not give access to people's records")), "{role}");
        }
    }
}
