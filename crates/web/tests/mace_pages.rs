//! MACE in the pages, as a chair runs a meeting: arranged with attendees typed one a line (an
//! agency outside the sharing agreement named by its line, nothing written), a theme added and
//! minuted, an action agreed (one due before the meeting refused by name), closed by its owner
//! only with a reason; the register lists it; another force's officer finds no such meeting,
//! scrutiny is refused, and the pages read in Welsh.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[allow(dead_code, reason = "each test binary uses part of the shared harness")]
mod util;

use axum::http::StatusCode;
use chrono::Duration;
use haven_domain::agency::{AgencyCode, Area, AreaKind};
use haven_domain::audit::{AuditAction, AuditEvent};
use haven_domain::ids::AreaId;
use util::{TestApp, location, text, today};

fn system(action: AuditAction) -> AuditEvent {
    AuditEvent::system("test", action, "test", chrono::Utc::now())
}

async fn with_area(app: &TestApp) {
    let area = Area {
        id: AreaId::new(),
        code: AgencyCode::parse("MOR-N").unwrap(),
        name: "Morlais North".into(),
        kind: AreaKind::Bcu,
    };
    app.store.create_area(&area, &system(AuditAction::AreaCreate)).await.unwrap();
}

async fn meetings(app: &TestApp) -> usize {
    app.store.meetings_of(app.police, None, &system(AuditAction::MaceMeetingList)).await.unwrap().len()
}

/// The first `href` or `action` in `page` that starts with `prefix`.
fn link(page: &str, prefix: &str) -> String {
    let start = page.find(prefix).unwrap();
    page[start..].split('"').next().unwrap().replace("&#x2f;", "/")
}

#[tokio::test]
async fn a_chair_runs_a_meeting_in_the_pages() {
    let app = TestApp::new().await;
    with_area(&app).await;
    let chair = app.browser("mace_chair").await;
    assert_eq!(app.get("/mace/new", Some(&chair)).await.status(), StatusCode::OK);
    let date = (today() + Duration::days(7)).format("%d/%m/%Y").to_string();
    let mut fields = vec![
        ("csrf_token", chair.csrf.as_str()),
        ("area", "MOR-N"),
        ("date", date.as_str()),
        ("time", "10:00"),
        ("chair_name", "DI Carys Morgan"),
        ("chair_agency", "SWP"),
        ("attendees", "PC Rhys Jones, South Wales Police\nDS Owen Price, DPP"),
        ("apologies", "SW Davies, cardiff-cs"),
    ];
    let refused = app.post("/mace/new", &chair.cookie, &fields).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(refused).await;
    assert!(page.contains("Line 2: This agency does not share with yours"), "{page}");
    assert_eq!(meetings(&app).await, 0, "nothing written");

    fields[6] = ("attendees", "PC Rhys Jones, South Wales Police");
    let made = app.post("/mace/new", &chair.cookie, &fields).await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    let meeting = location(&made);
    let page = text(app.get(&meeting, Some(&chair)).await).await;
    assert!(page.contains("MACE meeting, Morlais North") && page.contains("SW Davies, Cardiff Children"), "{page}");
    assert!(page.contains("OFFICIAL-SENSITIVE"));

    // A theme, then its discussion.
    let theme = format!("{meeting}/themes/new");
    let added = app
        .post(
            &theme,
            &chair.cookie,
            &[("csrf_token", chair.csrf.as_str()), ("theme", "County lines at the bus station"), ("reason", "")],
        )
        .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let page = text(app.get(&meeting, Some(&chair)).await).await;
    let item = link(&page, &format!("{meeting}/items/"));
    let form = text(app.get(&item, Some(&chair)).await).await;
    assert!(form.contains("Discussion of County lines at the bus station"), "the heading names the item");
    let minuted = app
        .post(
            &item,
            &chair.cookie,
            &[
                ("csrf_token", chair.csrf.as_str()),
                ("version", "1"),
                ("summary", "PCSOs report dealing"),
                ("decisions", "Joint patrols"),
                ("risk_after", "amber"),
            ],
        )
        .await;
    assert_eq!(minuted.status(), StatusCode::SEE_OTHER);

    // An action due before the meeting is refused by name; a good one is agreed.
    let new_action = format!("{meeting}/actions/new");
    let early = today().format("%d/%m/%Y").to_string();
    let mut action = vec![
        ("csrf_token", chair.csrf.as_str()),
        ("item", ""),
        ("text", "Safeguarding visits to the three children"),
        ("owner_name", "Test practitioner"),
        ("owner_agency", "SWP"),
        ("due_on", early.as_str()),
        ("four_p", "protect"),
    ];
    let refused = app.post(&new_action, &chair.cookie, &action).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(refused).await.contains("The due date must not be before the meeting"));
    let due = (today() + Duration::days(21)).format("%d/%m/%Y").to_string();
    action[5] = ("due_on", due.as_str());
    assert_eq!(app.post(&new_action, &chair.cookie, &action).await.status(), StatusCode::SEE_OTHER);

    // Its owner finds it in "my actions" and may close it only with a reason.
    let owner = app.browser("practitioner").await;
    let mine = text(app.get("/mace/actions?view=mine", Some(&owner)).await).await;
    assert!(mine.contains("Safeguarding visits to the three children"), "{mine}");
    let href = link(&mine, "/mace/actions/");
    let close = [("csrf_token", owner.csrf.as_str()), ("version", "1"), ("status", "closed"), ("note", "")];
    let refused = app.post(&href, &owner.cookie, &close).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(refused).await.contains("Give the reason for closing the action"));
    let close = [
        ("csrf_token", owner.csrf.as_str()),
        ("version", "1"),
        ("status", "closed"),
        ("note", "Children seen; plans in place"),
    ];
    assert_eq!(app.post(&href, &owner.cookie, &close).await.status(), StatusCode::SEE_OTHER);
    let page = text(app.get(&href, Some(&owner)).await).await;
    assert!(page.contains("Children seen; plans in place") && page.contains(">Closed<"), "{page}");

    // Outside the meeting's agencies, it does not exist; scrutiny never reads minutes.
    let outsider = app.browser("dpp.officer").await;
    assert_eq!(app.get(&meeting, Some(&outsider)).await.status(), StatusCode::NOT_FOUND);
    let scrutiny = app.browser("scrutiny").await;
    assert_eq!(app.get(&meeting, Some(&scrutiny)).await.status(), StatusCode::FORBIDDEN);
    let cy = text(app.get(&format!("{meeting}?lang=cy"), Some(&chair)).await).await;
    assert!(cy.contains("Cyfarfod MACE, Morlais North") && cy.contains("SWYDDOGOL-SENSITIF"), "{cy}");
}
