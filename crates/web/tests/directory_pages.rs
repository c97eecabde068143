//! The partner directory in the pages, as partners meet it: a supervisor adds their force's
//! team and a pathway through the forms and finds them on `/directory` grouped by kind, with the
//! chart of who refers to whom (an SVG image with a title and a description) and the same
//! pathways as a table, in English and Welsh; bad input is named by field with nothing written;
//! a practitioner browses but is offered no change and is refused one; another agency's
//! supervisor cannot change the team; every change is on the trail.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[allow(dead_code, reason = "each test binary uses part of the shared harness")]
mod util;

use axum::http::StatusCode;
use haven_domain::agency::{AgencyCode, Area, AreaKind};
use haven_domain::audit::{AuditAction, AuditEvent};
use haven_domain::ids::{AreaId, UserId};
use haven_domain::user::{Role, User, Username};
use util::{TestApp, location, text};

const HOW: &str = "Phone 101 and ask for the missing persons coordinator, 8am to 8pm";

async fn area(app: &TestApp) -> Area {
    let area = Area {
        id: AreaId::new(),
        code: AgencyCode::parse("CARDIFF").unwrap(),
        name: "Cardiff".into(),
        kind: AreaKind::LocalAuthority,
    };
    let event = AuditEvent::system("test", AuditAction::AreaCreate, "test", chrono::Utc::now());
    app.store.create_area(&area, &event).await.unwrap();
    area
}

fn team_fields<'a>(csrf: &'a str, name: &'a str, kind: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf_token", csrf),
        ("name", name),
        ("kind", kind),
        ("what", "Coordinates the response to every child reported missing"),
        ("how_to_refer", HOW),
        ("email", "misper@example.police.uk"),
        ("phone", "01234 567890"),
    ]
}

#[tokio::test]
async fn a_supervisor_adds_a_team_and_a_pathway_and_everyone_sees_the_chart_and_the_table() {
    let app = TestApp::new().await;
    let cardiff = area(&app).await;
    let sgt = app.browser("supervisor").await;
    let new = "/directory/teams/new?area=CARDIFF";
    let form = text(app.get(new, Some(&sgt)).await).await;
    assert!(form.contains("Add a team to the Cardiff directory"), "the heading says what and where");
    for (name, kind) in
        [("Missing persons coordinator", "missing_persons_team"), ("Exploitation team", "exploitation_team")]
    {
        let made = app.post(new, &sgt.cookie, &team_fields(&sgt.csrf, name, kind)).await;
        assert_eq!(made.status(), StatusCode::SEE_OTHER);
        assert!(location(&made).starts_with("/directory?area=CARDIFF#team-"), "{}", location(&made));
    }
    let dir = app.store.area_directory(cardiff.id).await.unwrap();
    let (misper, cse) = (dir.teams[1].id, dir.teams[0].id);

    let new_pathway = "/directory/pathways/new?area=CARDIFF";
    let page = text(app.get(new_pathway, Some(&sgt)).await).await;
    assert!(page.contains("Add a referral pathway in Cardiff"));
    let (from, to) = (misper.to_string(), cse.to_string());
    let fields = [
        ("csrf_token", sgt.csrf.as_str()),
        ("from_team", from.as_str()),
        ("to_team", to.as_str()),
        ("when", "Third missing episode in 90 days"),
        ("how", "Exploitation screening referral the same day"),
    ];
    let made = app.post(new_pathway, &sgt.cookie, &fields).await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);

    // A practitioner browses: the teams by kind, the chart and the same as a table; no changes.
    let pc = app.browser("practitioner").await;
    let page = text(app.get("/directory?area=CARDIFF", Some(&pc)).await).await;
    assert!(page.contains("<h1 class=\"govuk-heading-l\">Partner directory: Cardiff</h1>"), "{page}");
    assert!(page.contains("Missing persons team") && page.contains("Exploitation team"));
    assert!(page.contains(&util::esc(HOW)), "how to refer is shown");
    assert!(page.contains("role=\"img\" aria-labelledby=\"chart-title chart-desc\""), "the chart is labelled");
    assert!(page.contains("<title id=\"chart-title\">Who refers to whom</title>"));
    assert!(page.contains("(teams: 2)") && page.contains("(pathways: 1)"), "{page}");
    assert_eq!(page.matches("marker-end=\"url(#arrow)\"").count(), 1, "one arrow");
    let table = &page[page.find("data-testid=\"pathways\"").unwrap()..];
    assert!(table.contains("<th scope=\"col\" class=\"govuk-table__header\">From</th>"));
    assert!(
        table.contains("Third missing episode in 90 days")
            && table.contains("Exploitation screening referral the same day")
    );
    assert!(
        !page.contains("/edit\"") && !page.contains("/remove\"") && !page.contains("add-team"),
        "no change offered"
    );
    assert_eq!(app.get(new, Some(&pc)).await.status(), StatusCode::FORBIDDEN);
    let refused = app.post(new, &pc.cookie, &team_fields(&pc.csrf, "Another", "other")).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.store.area_directory(cardiff.id).await.unwrap().teams.len(), 2);

    // In Welsh.
    let page = text(app.get("/directory?area=CARDIFF&lang=cy", Some(&pc)).await).await;
    assert!(
        page.contains("Cyfeirlyfr partneriaid: Cardiff") && page.contains(&util::esc("Pwy sy'n atgyfeirio at bwy")),
        "{page}"
    );
    assert!(page.contains("Tîm pobl ar goll"));
    // The home page leads to it.
    assert!(text(app.get("/", Some(&pc)).await).await.contains("href=\"/directory\""));

    // The supervisor changes their team (offered on the page) and removes the pathway.
    let page = text(app.get("/directory?area=CARDIFF", Some(&sgt)).await).await;
    let edit = format!("/directory/teams/{misper}/edit");
    assert!(page.contains(&format!("href=\"{edit}\"")));
    let form = text(app.get(&edit, Some(&sgt)).await).await;
    assert!(form.contains("Change Missing persons coordinator in the Cardiff directory"), "{form}");
    let mut fields = team_fields(&sgt.csrf, "Missing persons coordinator", "missing_persons_team");
    fields.push(("version", "1"));
    fields.push(("active", "yes"));
    fields[6] = ("phone", "0800 111 2222");
    let saved = app.post(&edit, &sgt.cookie, &fields).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let again = app.post(&edit, &sgt.cookie, &fields).await;
    assert_eq!(again.status(), StatusCode::CONFLICT, "saved from a version someone already changed");
    let start = page.find("action=\"/directory/pathways/").unwrap() + "action=\"".len();
    let remove = page[start..].split('"').next().unwrap().to_owned();
    let removed = app.post(&remove, &sgt.cookie, &[("csrf_token", sgt.csrf.as_str())]).await;
    assert_eq!(removed.status(), StatusCode::SEE_OTHER);
    assert!(app.store.area_directory(cardiff.id).await.unwrap().pathways.is_empty());

    // Every change on the trail of the police's users.
    let trail = app.store.agency_audit(app.police, 200).await.unwrap();
    let count = |action| trail.iter().filter(|e| e.action == action && !e.is_refusal()).count();
    assert_eq!(
        [
            count(AuditAction::TeamCreate),
            count(AuditAction::TeamUpdate),
            count(AuditAction::PathwayCreate),
            count(AuditAction::PathwayDelete)
        ],
        [2, 1, 1, 1]
    );
    assert!(
        trail
            .iter()
            .any(|e| e.action == AuditAction::TeamCreate && e.detail.as_deref() == Some("denied: role-not-permitted"))
    );
}

#[tokio::test]
async fn bad_input_is_named_by_field_and_another_agencys_supervisor_cannot_change_the_team() {
    let app = TestApp::new().await;
    let cardiff = area(&app).await;
    let sgt = app.browser("supervisor").await;
    let new = "/directory/teams/new?area=CARDIFF";
    let bad = [
        ("csrf_token", sgt.csrf.as_str()),
        ("name", ""),
        ("kind", ""),
        ("what", "Coordinates"),
        ("how_to_refer", HOW),
        ("email", "misper at police"),
        ("phone", "ring me"),
    ];
    let refused = app.post(new, &sgt.cookie, &bad).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(refused).await;
    assert!(page.contains("govuk-error-summary"));
    for field in ["name", "kind", "email", "phone"] {
        assert!(page.contains(&format!("href=\"#{field}\"")), "{field} named in the summary");
    }
    assert!(page.contains("Enter an email address in the correct format"), "{page}");
    assert!(page.contains("Name of the team or service: Enter this information"), "{page}");
    assert!(app.store.area_directory(cardiff.id).await.unwrap().teams.is_empty(), "nothing written");

    // A team of the police; the council's supervisor (a partner, working in the area) may not change it.
    let made = app
        .post(new, &sgt.cookie, &team_fields(&sgt.csrf, "Missing persons coordinator", "missing_persons_team"))
        .await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    let team = app.store.area_directory(cardiff.id).await.unwrap().teams[0].id;
    let council = app.store.agency_by_code(&AgencyCode::parse("CARDIFF-CS").unwrap()).await.unwrap().unwrap();
    let user = User {
        id: UserId::new(),
        username: Username::parse("cardiff.supervisor").unwrap(),
        display_name: "Cardiff supervisor".into(),
        agency_id: council.id,
        role: Role::Supervisor,
        disabled: false,
        identity: None,
    };
    let event = AuditEvent::system("test", AuditAction::UserCreate, "test", chrono::Utc::now());
    app.store.create_user(&user, "x", &event).await.unwrap();
    // Past the first sign-in's password change.
    let set = AuditEvent::system("test", AuditAction::UserPasswordSet, "test", chrono::Utc::now());
    app.store.set_password(user.id, "x", &set).await.unwrap();
    let theirs = app.browser("cardiff.supervisor").await;
    let edit = format!("/directory/teams/{team}/edit");
    assert_eq!(app.get(&edit, Some(&theirs)).await.status(), StatusCode::FORBIDDEN);
    let mut fields = team_fields(&theirs.csrf, "Renamed", "other");
    fields.push(("version", "1"));
    assert_eq!(app.post(&edit, &theirs.cookie, &fields).await.status(), StatusCode::FORBIDDEN);
    let kept = app.store.team(team).await.unwrap().unwrap();
    assert_eq!((kept.version, kept.details.name.as_str()), (1, "Missing persons coordinator"));
    let refusals = app.store.agency_audit(council.id, 50).await.unwrap();
    assert!(
        refusals
            .iter()
            .any(|e| e.action == AuditAction::TeamUpdate && e.detail.as_deref() == Some("denied: not-your-team"))
    );

    // An unknown area is named on the page.
    let unknown = app.get("/directory?area=NOWHERE", Some(&sgt)).await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(unknown).await;
    assert!(page.contains("href=\"#area\"") && page.contains("id=\"area-error\""), "{page}");
}
