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
    let date = (today() + Duration::days(1)).format("%d/%m/%Y").to_string();
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
    let soon = (today() + Duration::days(5)).format("%d/%m/%Y").to_string();
    let mut second = action.clone();
    second[2] = ("text", "Share the return home interview themes");
    second[5] = ("due_on", soon.as_str());
    assert_eq!(app.post(&new_action, &chair.cookie, &second).await.status(), StatusCode::SEE_OTHER);

    // The owner's morning brief reminds them of what falls due within the week, not later.
    let owner = app.browser("practitioner").await;
    let brief = text(app.get("/reports/morning-brief", Some(&owner)).await).await;
    let section = &brief[brief.find("id=\"mace-reminders\"").unwrap()..];
    assert!(section.contains("Share the return home interview themes"), "{section}");
    assert!(!section.contains("Safeguarding visits to the three children"), "due in three weeks");

    // Its owner finds it in "my actions" and may close it only with a reason.
    let mine = text(app.get("/mace/actions?view=mine", Some(&owner)).await).await;
    assert!(mine.contains("Safeguarding visits to the three children"), "{mine}");
    let href = link(&mine[mine.find("Safeguarding visits").unwrap() - 200..], "/mace/actions/");
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

    // The minutes and register as files, marked, to the meeting's agencies only.
    let pdf = app.get(&format!("{meeting}/minutes.pdf"), Some(&chair)).await;
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert_eq!(pdf.headers()["cache-control"], "no-store");
    assert!(
        pdf.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"mace-minutes-morlais-north-")
    );
    assert!(axum::body::to_bytes(pdf.into_body(), usize::MAX).await.unwrap().starts_with(b"%PDF-"));
    let xlsx = app.get(&format!("{meeting}/minutes.xlsx"), Some(&chair)).await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert!(axum::body::to_bytes(xlsx.into_body(), usize::MAX).await.unwrap().starts_with(b"PK"), "a zip");
    let csv = text(app.get(&format!("{meeting}/actions.csv"), Some(&chair)).await).await;
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!((lines[0], *lines.last().unwrap()), ("OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"));
    assert!(lines[2].contains("Safeguarding visits to the three children") && lines[2].contains("Closed"), "{csv}");
    let exports = app.store.agency_audit(app.police, 500).await.unwrap();
    let exported = exports.iter().filter(|e| e.action == AuditAction::MaceMinutesExport).count();
    assert_eq!(exported, 3, "each export on the trail");

    // Outside the meeting's agencies, it does not exist; scrutiny never reads minutes.
    let outsider = app.browser("dpp.officer").await;
    assert_eq!(app.get(&meeting, Some(&outsider)).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("{meeting}/minutes.pdf"), Some(&outsider)).await.status(), StatusCode::NOT_FOUND);
    let scrutiny = app.browser("scrutiny").await;
    assert_eq!(app.get(&meeting, Some(&scrutiny)).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get(&format!("{meeting}/actions.csv"), Some(&scrutiny)).await.status(), StatusCode::FORBIDDEN);
    let cy = text(app.get(&format!("{meeting}?lang=cy"), Some(&chair)).await).await;
    assert!(cy.contains("Cyfarfod MACE, Morlais North") && cy.contains("SWYDDOGOL-SENSITIF"), "{cy}");
}

#[tokio::test]
async fn a_chair_links_a_place_to_a_child_on_the_agenda_and_a_case_worker_reads_it() {
    use haven_domain::ids::{AgendaItemId, LocationId, MeetingId};
    use haven_domain::location::{Location, LocationKind};
    use haven_domain::mace::meeting::{AgendaItem, Attendee, ItemSubject, Meeting};
    let app = TestApp::new().await;
    with_area(&app).await;
    let area = app.store.areas().await.unwrap().into_iter().find(|a| a.code.as_str() == "MOR-N").unwrap();
    let m = Meeting {
        id: MeetingId::new(),
        area_id: area.id,
        starts_at: chrono::Utc::now() - Duration::days(1),
        chair: Attendee { name: "DI Carys Morgan".into(), agency: app.police },
        attendees: vec![],
        apologies: vec![],
        owner: app.police,
        created_by: None,
        created_at: chrono::Utc::now(),
        version: 1,
    };
    app.store.create_meeting(&m, &system(AuditAction::MaceMeetingCreate)).await.unwrap();
    let item = AgendaItem {
        id: AgendaItemId::new(),
        meeting_id: m.id,
        position: 1,
        subject: ItemSubject::Child(app.sian),
        reason: "Red screening".into(),
        summary: String::new(),
        decisions: String::new(),
        risk_after: None,
        version: 1,
    };
    app.store.add_item(&item, &system(AuditAction::MaceItemAdd)).await.unwrap();
    let flat = Location {
        id: LocationId::new(),
        kind: LocationKind::PremisesOfConcern,
        name: Some("Flat 3".into()),
        address: "3 Station Road".into(),
        postcode: None,
        area_id: Some(area.id),
        coordinates: None,
    };
    app.store.create_location(&flat, &system(AuditAction::LocationCreate)).await.unwrap();

    let chair = app.browser("mace_chair").await;
    let meeting = format!("/mace/meetings/{}", m.id);
    let page = text(app.get(&meeting, Some(&chair)).await).await;
    assert!(page.contains("People and places linked: 0") && page.contains("Take off the agenda"), "{page}");
    let links = link(&page, &format!("{meeting}/items/"));
    assert!(links.ends_with("/links"), "{links}");
    // Nothing chosen: named on the form, nothing written.
    let empty = app.post(&links, &chair.cookie, &[("csrf_token", chair.csrf.as_str())]).await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(empty).await.contains("href=\"#subject\""));
    // Found by its address, then chosen.
    let found = text(app.get(&format!("{links}?place=Station+Road"), Some(&chair)).await).await;
    assert!(found.contains("Flat 3, 3 Station Road") && found.contains("People and places linked to Siân"), "{found}");
    let flat_id = flat.id.to_string();
    let chosen = app
        .post(&links, &chair.cookie, &[("csrf_token", chair.csrf.as_str()), ("location_id", flat_id.as_str())])
        .await;
    assert_eq!(chosen.status(), StatusCode::SEE_OTHER);
    let listed = text(app.get(&links, Some(&chair)).await).await;
    assert!(listed.contains("data-testid=\"recorded-links\"") && listed.contains("Flat 3, 3 Station Road"));
    // The meeting counts it, and the item stays on the agenda.
    let page = text(app.get(&meeting, Some(&chair)).await).await;
    assert!(page.contains("People and places linked: 1") && !page.contains("Take off the agenda"), "{page}");
    // A case worker of the police reads the links, with no form; another force finds nothing.
    let pc = app.browser("practitioner").await;
    let read = app.get(&links, Some(&pc)).await;
    assert_eq!(read.status(), StatusCode::OK);
    let read = text(read).await;
    assert!(read.contains("Flat 3, 3 Station Road") && !read.contains("data-testid=\"association-form\""));
    let dpp = app.browser("dpp.officer").await;
    assert_eq!(app.get(&links, Some(&dpp)).await.status(), StatusCode::NOT_FOUND);
}
