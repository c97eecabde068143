//! The missing-episode pages as practitioners meet them: reporting a child missing, grading,
//! the timeline, the return and the return home interview, the board and the worklist; what
//! the RHI provider and a school may see; bad input refused by field with nothing written.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[allow(dead_code, reason = "each test binary uses part of the shared harness")]
mod util;

use axum::http::StatusCode;
use chrono::{Duration, NaiveDate, Utc};
use haven_domain::agency::{Agency, AgencyCode, AgencyKind};
use haven_domain::audit::{AuditAction, AuditEvent, SubjectKind};
use haven_domain::ids::{AgencyId, AgreementId, PersonId, UserId};
use haven_domain::missing::MissingEpisode;
use haven_domain::missing::episode::{Consent, RISK_QUESTIONS};
use haven_domain::missing::record::GrabPack;
use haven_domain::sharing::{Agreement, Grant, RecordClass, Scope};
use haven_domain::uktime::format_uk;
use haven_domain::user::{Role, User, Username};
use util::{Browser, TestApp, esc, location, text};

fn system(action: AuditAction) -> AuditEvent {
    AuditEvent::system("test", action, "test setup", Utc::now())
}

/// A return home interview provider and a school, both under an agreement with the police that
/// shares everything; a practitioner in each.
async fn partners(app: &TestApp) -> (Browser, Browser) {
    partners_with(app, Agreement::share_everything()).await
}

/// The same partners under an agreement with these grants; returns their browsers and agency ids.
async fn partners_with(app: &TestApp, grants: Vec<Grant>) -> (Browser, Browser) {
    let mut members = vec![app.police];
    for (code, name, kind, user) in [
        ("PATHWAYS", "Pathways Home", AgencyKind::RhiProvider, "rhi.worker"),
        ("YSGOL", "Ysgol Bryn", AgencyKind::Education, "school.lead"),
    ] {
        let agency = Agency {
            id: AgencyId::new(),
            code: AgencyCode::parse(code).unwrap(),
            name: name.into(),
            kind,
            area_id: None,
        };
        app.store.create_agency(&agency, &system(AuditAction::AgencyCreate)).await.unwrap();
        let user = User {
            id: UserId::new(),
            username: Username::parse(user).unwrap(),
            display_name: user.into(),
            agency_id: agency.id,
            role: Role::Practitioner,
            disabled: false,
            identity: None,
        };
        app.store.create_user(&user, "not-used", &system(AuditAction::UserCreate)).await.unwrap();
        // A new account must change the password an administrator chose; this one has.
        app.store.set_password(user.id, "not-used", &system(AuditAction::UserPasswordSet)).await.unwrap();
        members.push(agency.id);
    }
    let agreement = Agreement {
        id: AgreementId::new(),
        name: "Missing children: return home interviews and schools".into(),
        purpose: "safeguarding".into(),
        members,
        grants,
        starts_on: util::today() - Duration::days(10),
        ends_on: None,
        review_on: None,
    };
    app.store.create_agreement(&agreement, &system(AuditAction::AgreementCreate)).await.unwrap();
    (app.browser("rhi.worker").await, app.browser("school.lead").await)
}

fn uk(hours_ago: i64) -> String {
    format_uk(Utc::now() - Duration::hours(hours_ago))
}

async fn episodes(app: &TestApp, person: PersonId) -> Vec<MissingEpisode> {
    app.store.person_episodes(person, &system(AuditAction::EpisodeList).person(person)).await.unwrap()
}

/// Reports Siân missing through the form; returns the episode's page path.
async fn report(app: &TestApp, b: &Browser, grade: &str) -> String {
    let (reported, seen) = (uk(2), uk(5));
    let fields = [
        ("csrf_token", b.csrf.as_str()),
        ("reported_at", &reported),
        ("last_seen_at", &seen),
        ("last_seen_where", "Leaving school at the bus stop"),
        ("reporter", "foster_carer"),
        ("circumstances", "Did not come home after school; phone off."),
        ("police_reference", "SWP-2611-0042"),
        ("risk_grade", grade),
        ("risk_rationale", "Seen with an older male known to police"),
        ("with_whom", "yes"),
        ("medical_needs", "no"),
    ];
    // The rest of the questionnaire (which a high grade needs) answered "not known".
    let mut fields = fields.to_vec();
    let rest = RISK_QUESTIONS.iter().filter(|q| !["with_whom", "medical_needs"].contains(q));
    fields.extend(rest.map(|q| (*q, "not_known")));
    let response = app.post(&format!("/people/{}/missing/new", app.sian), &b.cookie, &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", text(response).await);
    let path = location(&response);
    assert!(path.starts_with("/missing/"), "{path}");
    path
}

#[tokio::test]
async fn a_practitioner_reports_a_child_missing_and_the_episode_is_on_the_board_with_its_alert() {
    let app = TestApp::new().await;
    let b = app.browser("practitioner").await;
    let form = text(app.get(&format!("/people/{}/missing/new", app.sian), Some(&b)).await).await;
    assert!(form.contains("name=\"risk_rationale\""), "{form}");
    assert!(form.contains("name=\"out_of_character\""), "the risk questionnaire is on the form");

    let path = report(&app, &b, "high").await;
    let page = text(app.get(&path, Some(&b)).await).await;
    assert!(page.contains("data-testid=\"grade\">High"), "{page}");
    assert!(page.contains("the supervisor has been alerted"));
    assert!(page.contains("Seen with an older male known to police"), "the rationale is on the timeline");
    assert!(page.contains("Supervisor review"), "a high grade's reviews are due");
    assert!(page.contains("SWP-2611-0042"));

    let stored = episodes(&app, app.sian).await;
    assert_eq!(stored.len(), 1);
    let e = &stored[0];
    assert_eq!(e.gradings[0].answers.len(), RISK_QUESTIONS.len());
    assert!((Utc::now() - Duration::hours(2) - e.reported_at).num_minutes().abs() <= 1, "UK time stored as UTC");

    let board = text(app.get("/missing", Some(&b)).await).await;
    assert!(board.contains("1 child is missing now"), "{board}");
    assert!(!board.contains("High risk: supervisor alerts"), "the alerts are the supervisors' work");
    let supervisor = app.browser("supervisor").await;
    let board = text(app.get("/missing", Some(&supervisor)).await).await;
    assert!(board.contains("High risk: supervisor alerts"));
    assert!(board.contains(&esc("Siân Evans")));

    // Her page shows the flag at the top, with the warnings of her open markers.
    let person = text(app.get(&format!("/people/{}", app.sian), Some(&b)).await).await;
    let flags = person.split("data-testid=\"person-flags\"").nth(1).unwrap_or_default();
    assert!(flags.contains("Missing now"), "{person}");

    let history = text(app.get(&format!("/people/{}/missing", app.sian), Some(&b)).await).await;
    assert!(history.contains("data-testid=\"episodes-total\">1"), "{history}");
    assert!(history.contains("This child is missing now"));
    assert!(!history.contains("data-testid=\"report-missing\""), "no second report while missing");

    let trail: Vec<_> = app.trail(app.sian).await.into_iter().map(|e| e.action).collect();
    for action in [AuditAction::EpisodeReport, AuditAction::EpisodeView, AuditAction::EpisodeList] {
        assert!(trail.contains(&action), "{action:?} in {trail:?}");
    }
}

#[tokio::test]
async fn a_bad_report_names_every_field_keeps_what_was_typed_and_writes_nothing() {
    let app = TestApp::new().await;
    let b = app.browser("practitioner").await;
    let later = uk(1);
    let earlier = uk(3);
    let fields = [
        ("csrf_token", b.csrf.as_str()),
        ("reported_at", earlier.as_str()),
        ("last_seen_at", later.as_str()),
        ("last_seen_where", "Town centre"),
        ("reporter", "neighbour"),
        ("risk_grade", "very_low"),
        ("risk_rationale", "  "),
    ];
    let response = app.post(&format!("/people/{}/missing/new", app.sian), &b.cookie, &fields).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(response).await;
    for message in [
        "The child must have been last seen before they were reported missing",
        "Select one of the options",
        "This area does not use the very low grade",
        "Enter why you chose this grade",
    ] {
        assert!(html.contains(&esc(message)), "{message} in {html}");
    }
    assert!(html.contains("govuk-error-summary"));
    assert!(html.contains("value=\"Town centre\""), "what was typed is kept");
    assert!(episodes(&app, app.sian).await.is_empty());

    let skipped = [
        ("csrf_token", b.csrf.as_str()),
        ("reported_at", "29/03/2026 01:30"),
        ("last_seen_at", "29/03/2026 00:30"),
        ("last_seen_where", "Home"),
        ("reporter", "parent"),
        ("risk_grade", "low"),
        ("risk_rationale", "x"),
    ];
    let response = app.post(&format!("/people/{}/missing/new", app.sian), &b.cookie, &skipped).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(response).await.contains("the clocks went forward an hour that night"));

    report(&app, &b, "medium").await;
    let mut again = fields.to_vec();
    again.retain(|(k, _)| !matches!(*k, "last_seen_at" | "reporter" | "risk_grade" | "risk_rationale"));
    let seen = uk(4);
    again.extend([
        ("last_seen_at", seen.as_str()),
        ("reporter", "parent"),
        ("risk_grade", "low"),
        ("risk_rationale", "r"),
    ]);
    let response = app.post(&format!("/people/{}/missing/new", app.sian), &b.cookie, &again).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(response).await.contains("This child is already missing"));
    assert_eq!(episodes(&app, app.sian).await.len(), 1);
}

#[tokio::test]
async fn a_high_grade_without_the_whole_questionnaire_is_refused_question_by_question() {
    let app = TestApp::new().await;
    let b = app.browser("practitioner").await;
    let (reported, seen) = (uk(2), uk(5));
    let fields = [
        ("csrf_token", b.csrf.as_str()),
        ("reported_at", &reported),
        ("last_seen_at", &seen),
        ("last_seen_where", "Bus station"),
        ("reporter", "foster_carer"),
        ("risk_grade", "high"),
        ("risk_rationale", "Seen with an older male known to police"),
        ("with_whom", "yes"),
    ];
    let response = app.post(&format!("/people/{}/missing/new", app.sian), &b.cookie, &fields).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(response).await;
    // Each unanswered question is linked from the summary to its own radios.
    for q in RISK_QUESTIONS.iter().filter(|q| **q != "with_whom") {
        assert!(html.contains(&format!("href=\"#{q}\"")), "{q} in {html}");
    }
    assert!(!html.contains("href=\"#with_whom\""), "an answered question is not in error");
    assert!(html.contains(&esc("a high grade needs the whole risk questionnaire")));
    assert!(episodes(&app, app.sian).await.is_empty(), "nothing written");
}

#[tokio::test]
async fn every_error_on_the_report_form_names_its_field() {
    let app = TestApp::new().await;
    let b = app.browser("practitioner").await;
    let empty = [("csrf_token", b.csrf.as_str())];
    let response = app.post(&format!("/people/{}/missing/new", app.sian), &b.cookie, &empty).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(response).await;
    assert!(html.contains("<a href=\"#reported_at\">Reported: Enter this information</a>"), "{html}");
    assert!(html.contains("<a href=\"#last_seen_at\">Last seen: Enter this information</a>"), "{html}");
    assert!(html.contains("<a href=\"#risk_grade\">Choose a risk grade</a>"), "its own message names it");
    assert!(!html.contains("\">Enter this information<"), "no error leaves its field unnamed: {html}");
}

#[tokio::test]
async fn a_regrade_to_high_asks_the_questions_still_unanswered() {
    let app = TestApp::new().await;
    let b = app.browser("supervisor").await;
    let (reported, seen) = (uk(2), uk(5));
    let medium = [
        ("csrf_token", b.csrf.as_str()),
        ("reported_at", &reported),
        ("last_seen_at", &seen),
        ("last_seen_where", "Bus station"),
        ("reporter", "parent"),
        ("risk_grade", "medium"),
        ("risk_rationale", "Usual pattern"),
        ("with_whom", "yes"),
    ];
    let response = app.post(&format!("/people/{}/missing/new", app.sian), &b.cookie, &medium).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", text(response).await);
    let path = location(&response);
    let page = text(app.get(&path, Some(&b)).await).await;
    assert!(page.contains("name=\"out_of_character\""), "an unanswered question is asked: {page}");
    assert!(!page.contains("name=\"with_whom\""), "an answered one is not");

    let high = |answers: &[(&'static str, &'static str)]| {
        let mut fields = vec![
            ("csrf_token", b.csrf.clone()),
            ("version", "1".to_owned()),
            ("risk_grade", "high".to_owned()),
            ("risk_rationale", "Seen in a car with two adults".to_owned()),
        ];
        fields.extend(answers.iter().map(|(q, a)| (*q, (*a).to_owned())));
        fields
    };
    let posted = high(&[]);
    let fields: Vec<(&str, &str)> = posted.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = app.post(&format!("{path}/grade"), &b.cookie, &fields).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(refused).await;
    assert!(html.contains("href=\"#out_of_character\""), "{html}");
    assert_eq!(episodes(&app, app.sian).await[0].gradings.len(), 1, "nothing written");

    let rest: Vec<(&str, &str)> =
        RISK_QUESTIONS.iter().filter(|q| **q != "with_whom").map(|q| (*q, "not_known")).collect();
    let posted = high(&rest);
    let fields: Vec<(&str, &str)> = posted.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.post(&format!("{path}/grade"), &b.cookie, &fields).await.status(), StatusCode::SEE_OTHER);
    let e = &episodes(&app, app.sian).await[0];
    assert_eq!((e.grade().map(|g| g.code()), e.gradings[1].answers.len()), (Some("high"), RISK_QUESTIONS.len() - 1));
}

#[tokio::test]
async fn a_regrade_keeps_the_old_grade_and_a_stale_one_writes_nothing() {
    let app = TestApp::new().await;
    let b = app.browser("supervisor").await;
    let path = report(&app, &b, "medium").await;
    let grade = |version: &'static str, rationale: &'static str| {
        vec![
            ("csrf_token", b.csrf.clone()),
            ("version", version.to_owned()),
            ("risk_grade", "high".to_owned()),
            ("risk_rationale", rationale.to_owned()),
        ]
    };
    let refs = |v: &Vec<(&'static str, String)>| v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let posted = refs(&grade("1", ""));
    let fields: Vec<(&str, &str)> = posted.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = app.post(&format!("{path}/grade"), &b.cookie, &fields).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(response).await.contains("Enter why you chose this grade"));

    let posted = refs(&grade("1", "New intelligence: seen in a car with two adults"));
    let fields: Vec<(&str, &str)> = posted.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.post(&format!("{path}/grade"), &b.cookie, &fields).await.status(), StatusCode::SEE_OTHER);
    let response = app.post(&format!("{path}/grade"), &b.cookie, &fields).await;
    assert_eq!(response.status(), StatusCode::CONFLICT, "the form was made from version 1");
    assert!(text(response).await.contains("Someone else changed this episode"));

    let e = &episodes(&app, app.sian).await[0];
    let grades: Vec<_> = e.gradings.iter().map(|g| g.grade.code()).collect();
    assert_eq!(grades, ["medium", "high"], "every grade kept, the stale one not added");
    let page = text(app.get(&path, Some(&b)).await).await;
    assert!(page.contains("Regraded – High"), "{page}");
    // The regrade's audit event is the application layer's, as for the API: typed, on the episode.
    let trail = app.trail(app.sian).await;
    let regraded: Vec<_> = trail.iter().filter(|a| a.action == AuditAction::EpisodeRegrade).collect();
    assert_eq!(regraded.len(), 1, "the refused and stale forms wrote no event: {regraded:?}");
    assert_eq!(regraded[0].detail.as_deref(), Some("grade: medium -> high"));
    assert_eq!((regraded[0].subject_kind, regraded[0].subject_id), (SubjectKind::Episode, Some(e.id.0)));
}

#[tokio::test]
async fn return_then_rhi_by_the_provider_who_never_sees_police_intelligence() {
    let app = TestApp::new().await;
    let (rhi, school) = partners(&app).await;
    let b = app.browser("practitioner").await;
    let path = report(&app, &b, "medium").await;

    // A note: a notification to the placing authority, with when it was sent.
    let sent = uk(1);
    let note = [
        ("csrf_token", b.csrf.as_str()),
        ("kind", "notification"),
        ("at", sent.as_str()),
        ("text", "Emailed the placing authority's duty team"),
        ("recipient", "placing_authority"),
    ];
    assert_eq!(app.post(&format!("{path}/notes"), &b.cookie, &note).await.status(), StatusCode::SEE_OTHER);

    let too_early = uk(10);
    let back = uk(0);
    let version = episodes(&app, app.sian).await[0].version.to_string();
    let mut found = vec![
        ("csrf_token", b.csrf.as_str()),
        ("version", version.as_str()),
        ("returned_at", too_early.as_str()),
        ("found_where", "A flat on Heol y Frenhines"),
        ("with_whom", "Two older males"),
        ("disclosed", "yes"),
    ];
    let response = app.post(&format!("{path}/return"), &b.cookie, &found).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(response).await.contains("This must be after the child was last seen"));
    assert!(episodes(&app, app.sian).await[0].is_open());
    found[2] = ("returned_at", back.as_str());
    assert_eq!(app.post(&format!("{path}/return"), &b.cookie, &found).await.status(), StatusCode::SEE_OTHER);

    let page = text(app.get(&path, Some(&b)).await).await;
    assert!(page.contains("data-testid=\"rhi-state\">Due"), "{page}");
    assert!(page.contains("Notification – Placing authority"));

    // The provider sees the return and the clock, where and with whom the child was found (what
    // the interview starts from), not the grading or the circumstances.
    let seen = text(app.get(&path, Some(&rhi)).await).await;
    assert!(seen.contains("Record the return home interview"), "{seen}");
    assert!(seen.contains("Two older males"), "{seen}");
    for secret in ["older male known to police", "Did not come home", "Placing authority"] {
        assert!(!seen.contains(secret), "{secret} shown to the RHI provider: {seen}");
    }
    let regrade = [("csrf_token", rhi.csrf.as_str()), ("version", "3"), ("risk_grade", "low"), ("risk_rationale", "x")];
    assert_eq!(app.post(&format!("{path}/grade"), &rhi.cookie, &regrade).await.status(), StatusCode::FORBIDDEN);
    let worklist = text(app.get("/rhi", Some(&rhi)).await).await;
    assert!(worklist.contains("data-testid=\"worklist-due\""), "{worklist}");

    let version = episodes(&app, app.sian).await[0].version.to_string();
    let held = uk(0);
    let declined_without_reason = [
        ("csrf_token", rhi.csrf.as_str()),
        ("version", version.as_str()),
        ("outcome", "declined"),
        ("held_at", held.as_str()),
    ];
    let response = app.post(&format!("{path}/rhi"), &rhi.cookie, &declined_without_reason).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(response).await.contains("Enter why the interview was declined or not possible"));
    let interview = [
        ("csrf_token", rhi.csrf.as_str()),
        ("version", version.as_str()),
        ("outcome", "held"),
        ("offered_by", "Llwybrau duty worker"),
        ("interviewer_independent", "yes"),
        ("consent_to_share", "given"),
        ("held_at", held.as_str()),
        ("in_person", "yes"),
        ("pull_factors", "Older friends with money and cars"),
        ("child_wants", "To move back nearer my sister"),
        ("information_shared", "yes"),
    ];
    assert_eq!(app.post(&format!("{path}/rhi"), &rhi.cookie, &interview).await.status(), StatusCode::SEE_OTHER);
    let e = &episodes(&app, app.sian).await[0];
    let recorded = e.rhi.as_ref().unwrap();
    assert_eq!(recorded.quality(e.returned_at().unwrap(), 72).score(), 4);
    assert_eq!((recorded.interviewer_independent, recorded.consent_to_share), (Some(true), Some(Consent::Given)));
    let page = text(app.get(&path, Some(&b)).await).await;
    assert!(page.contains("Quality: 4 of 5 measures met"), "{page}");
    assert!(page.contains("Who offered the interview: Llwybrau duty worker"), "{page}");

    // The school sees that the pupil went missing and returned: nothing of the interview.
    let seen = text(app.get(&path, Some(&school)).await).await;
    assert!(seen.contains("Returned"), "{seen}");
    assert!(!seen.contains("Older friends") && !seen.contains("Quality:") && !seen.contains("Due by"), "{seen}");
    assert_eq!(app.get("/rhi", Some(&school)).await.status(), StatusCode::FORBIDDEN);
}

/// Under a protocol that shares only about their own cases, a school and an RHI provider see
/// nothing of a child they do not hold: not on the board, the worklist, the brief or in search,
/// and her episode is a page that does not exist. Once the school holds her, it sees that she
/// went missing, and no more.
#[tokio::test]
async fn partners_sharing_own_cases_see_only_children_they_hold() {
    let app = TestApp::new().await;
    let own_cases = |classes: &[RecordClass], to: AgencyKind| -> Vec<Grant> {
        classes.iter().map(|class| Grant::new(*class, to, Scope::OwnCases)).collect()
    };
    let mut grants = own_cases(&[RecordClass::Identity, RecordClass::EpisodeSummary], AgencyKind::Education);
    grants.extend(own_cases(
        &[RecordClass::Identity, RecordClass::EpisodeSummary, RecordClass::RhiContent],
        AgencyKind::RhiProvider,
    ));
    let (rhi, school) = partners_with(&app, grants).await;
    let path = report(&app, &app.browser("practitioner").await, "high").await;
    for b in [&rhi, &school] {
        assert_eq!(app.get(&path, Some(b)).await.status(), StatusCode::NOT_FOUND);
        let board = text(app.get("/missing", Some(b)).await).await;
        assert!(!board.contains(&path) && !board.contains("Evans"), "{board}");
        let brief = text(app.get("/reports/morning-brief", Some(b)).await).await;
        assert!(!brief.contains("Evans"), "{brief}");
        let search = text(app.get("/people?name=Evans", Some(b)).await).await;
        assert!(!search.contains(&app.sian.to_string()), "{search}");
    }
    let worklist = text(app.get("/rhi", Some(&rhi)).await).await;
    assert!(!worklist.contains("Evans"), "{worklist}");

    let ysgol = app.store.agency_by_code(&AgencyCode::parse("YSGOL").unwrap()).await.unwrap().unwrap();
    let pupil = haven_domain::person::AgencyRecord { agency_id: ysgol.id, reference: None, recorded_at: Utc::now() };
    app.store.add_agency_record(app.sian, &pupil, &system(AuditAction::RecordAdd).person(app.sian)).await.unwrap();
    let seen = app.get(&path, Some(&school)).await;
    assert_eq!(seen.status(), StatusCode::OK);
    let seen = text(seen).await;
    assert!(!seen.contains("Seen with an older male") && !seen.contains("SWP-2611-0042"), "{seen}");
    assert!(text(app.get("/missing", Some(&school)).await).await.contains(&path));
    assert!(text(app.get("/people?name=Evans", Some(&school)).await).await.contains(&app.sian.to_string()));
    // The RHI provider still holds no record of her.
    assert_eq!(app.get(&path, Some(&rhi)).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn every_missing_route_gives_each_role_what_the_policy_allows() {
    use StatusCode as S;
    let app = TestApp::new().await;
    let path = report(&app, &app.browser("practitioner").await, "low").await;
    // board, worklist, episode, history of ours, history of another force's child (as if there
    // were none), report form.
    let expected: &[(&str, [S; 6])] = &[
        ("practitioner", [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::OK]),
        ("supervisor", [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::OK]),
        ("inspector", [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::OK]),
        ("analyst", [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::FORBIDDEN]),
        // Another force's child is hidden from every role alike: a 403 would say she exists.
        ("scrutiny", [S::FORBIDDEN, S::FORBIDDEN, S::FORBIDDEN, S::FORBIDDEN, S::NOT_FOUND, S::FORBIDDEN]),
        ("admin", [S::FORBIDDEN, S::FORBIDDEN, S::FORBIDDEN, S::FORBIDDEN, S::NOT_FOUND, S::FORBIDDEN]),
    ];
    for (role, statuses) in expected {
        let b = app.browser(role).await;
        let got = [
            app.get("/missing", Some(&b)).await.status(),
            app.get("/rhi", Some(&b)).await.status(),
            app.get(&path, Some(&b)).await.status(),
            app.get(&format!("/people/{}/missing", app.sian), Some(&b)).await.status(),
            app.get(&format!("/people/{}/missing", app.tomos), Some(&b)).await.status(),
            app.get(&format!("/people/{}/missing/new", app.cerys), Some(&b)).await.status(),
        ];
        assert_eq!(&got, statuses, "{role}");
    }
    let refused = app.trail(app.tomos).await;
    assert!(refused.iter().any(|e| e.detail.as_deref().is_some_and(|d| d.starts_with("denied:"))));
}

#[tokio::test]
async fn the_board_puts_the_highest_risk_first_then_the_longest_missing_with_age_and_place() {
    let app = TestApp::new().await;
    let b = app.browser("practitioner").await;
    // Cerys, medium, missing for 10 hours; Siân, high, missing for 5 (from `report`).
    let (reported, seen) = (uk(9), uk(10));
    let cerys = [
        ("csrf_token", b.csrf.as_str()),
        ("reported_at", &reported),
        ("last_seen_at", &seen),
        ("last_seen_where", "Outside the library"),
        ("reporter", "parent"),
        ("risk_grade", "medium"),
        ("risk_rationale", "Stays out late; known friends' addresses"),
    ];
    let response = app.post(&format!("/people/{}/missing/new", app.cerys), &b.cookie, &cerys).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", text(response).await);
    report(&app, &b, "high").await;
    let board = text(app.get("/missing", Some(&b)).await).await;
    let (sian, cerys) = (board.find(&esc("Siân Evans")).unwrap(), board.find("Cerys Morgan").unwrap());
    assert!(sian < cerys, "high before medium, however long the medium has been missing: {board}");
    // Their ages today (born 28/02/2011 and 01/06/2012).
    let age = |dob: NaiveDate| haven_domain::person::age_on(dob, util::today()).to_string();
    for (name, dob) in
        [("Evans", NaiveDate::from_ymd_opt(2011, 2, 28)), ("Morgan", NaiveDate::from_ymd_opt(2012, 6, 1))]
    {
        let at = board.find(name).unwrap();
        let cell = format!("<td class=\"govuk-table__cell\">{}</td>", age(dob.unwrap()));
        assert!(board[at..].contains(&cell), "{name}'s age in {board}");
    }
    assert!(board.contains("scope=\"col\" class=\"govuk-table__header\">Missing from<"), "{board}");
}

#[tokio::test]
async fn report_missing_is_a_button_on_the_childs_page_for_those_who_may_report() {
    let app = TestApp::new().await;
    let (rhi, _) = partners(&app).await;
    let b = app.browser("practitioner").await;
    let page = text(app.get(&format!("/people/{}", app.sian), Some(&b)).await).await;
    let button = format!(
        "<a class=\"govuk-button\" href=\"/people/{}/missing/new\" data-testid=\"person-report-missing\">Report missing</a>",
        app.sian
    );
    assert!(page.contains(&button), "{page}");
    // The return home interview provider does not report children missing.
    let page = app.get(&format!("/people/{}", app.sian), Some(&rhi)).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(!text(page).await.contains("person-report-missing"));
}

#[tokio::test]
async fn every_missing_form_names_the_child_in_its_heading() {
    let app = TestApp::new().await;
    let (rhi, _) = partners(&app).await;
    let b = app.browser("practitioner").await;
    let heading = |html: &str, text: &str| {
        let h1 = format!("<h1 class=\"govuk-heading-l\">{}</h1>", esc(text));
        assert!(html.contains(&h1), "{h1} in {html}");
    };
    let form = text(app.get(&format!("/people/{}/missing/new", app.sian), Some(&b)).await).await;
    heading(&form, "Report Siân Evans missing");
    let pack = text(app.get(&format!("/people/{}/grab-pack", app.sian), Some(&b)).await).await;
    heading(&pack, "Grab pack: Siân Evans");
    let cy = text(app.get(&format!("/people/{}/grab-pack?lang=cy", app.sian), Some(&b)).await).await;
    heading(&cy, "Pecyn cydio: Siân Evans");

    let path = report(&app, &b, "medium").await;
    let form = text(app.get(&format!("{path}/return"), Some(&b)).await).await;
    heading(&form, "Siân Evans: found and returned");
    // A refused form keeps its heading.
    let version = episodes(&app, app.sian).await[0].version.to_string();
    let back = uk(0);
    let found = [("csrf_token", b.csrf.as_str()), ("version", version.as_str()), ("returned_at", back.as_str())];
    let refused = app.post(&format!("{path}/return"), &b.cookie, &found).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    heading(&text(refused).await, "Siân Evans: found and returned");
    let found = [
        ("csrf_token", b.csrf.as_str()),
        ("version", version.as_str()),
        ("returned_at", back.as_str()),
        ("found_where", "Bus station"),
    ];
    assert_eq!(app.post(&format!("{path}/return"), &b.cookie, &found).await.status(), StatusCode::SEE_OTHER);
    let form = text(app.get(&format!("{path}/rhi"), Some(&rhi)).await).await;
    heading(&form, "Return home interview: Siân Evans");
}

#[tokio::test]
async fn the_board_and_the_episode_speak_welsh() {
    let app = TestApp::new().await;
    let b = app.browser("practitioner").await;
    let path = report(&app, &b, "high").await;
    let board = text(app.get("/missing?lang=cy", Some(&b)).await).await;
    assert!(board.contains("Mae 1 plentyn ar goll nawr"), "{board}");
    let page = text(app.get(&format!("{path}?lang=cy"), Some(&b)).await).await;
    assert!(page.contains("Llinell amser") && page.contains("Uchel"), "{page}");
}

#[tokio::test]
async fn the_grab_pack_is_kept_versioned_and_shown_with_the_report() {
    let app = TestApp::new().await;
    let b = app.browser("practitioner").await;
    let pack = format!("/people/{}/grab-pack", app.sian);
    let form = text(app.get(&pack, Some(&b)).await).await;
    assert!(form.contains("name=\"version\" value=\"0\""), "a new pack starts at version 0: {form}");

    let empty = [("csrf_token", b.csrf.as_str()), ("version", "0"), ("risks", "Known to older males")];
    let response = app.post(&pack, &b.cookie, &empty).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app.store.grab_pack(app.sian).await.unwrap().is_none(), "nothing written");

    let first = [
        ("csrf_token", b.csrf.as_str()),
        ("version", "0"),
        ("description", "Slim, 5ft 4, long dark hair, often in a grey hoodie"),
        ("places_frequented", "Bus station; the retail park"),
    ];
    assert_eq!(app.post(&pack, &b.cookie, &first).await.status(), StatusCode::SEE_OTHER);
    let stale = [("csrf_token", b.csrf.as_str()), ("version", "0"), ("description", "Another description")];
    assert_eq!(app.post(&pack, &b.cookie, &stale).await.status(), StatusCode::CONFLICT);
    let kept = app.store.grab_pack(app.sian).await.unwrap().unwrap();
    assert_eq!((kept.version, kept.places_frequented.as_str()), (1, "Bus station; the retail park"));

    let episode = report(&app, &b, "medium").await;
    let page = text(app.get(&episode, Some(&b)).await).await;
    assert!(page.contains("Grab pack") && page.contains("often in a grey hoodie"), "{page}");
    let trail: Vec<_> = app.trail(app.sian).await.into_iter().map(|e| e.action).collect();
    assert!(trail.contains(&AuditAction::GrabPackSave));
}

#[tokio::test]
async fn the_naira_grade_is_offered_only_where_the_force_has_switched_it_on() {
    let plain = TestApp::new().await;
    let b = plain.browser("practitioner").await;
    let form = text(plain.get(&format!("/people/{}/missing/new", plain.sian), Some(&b)).await).await;
    assert!(!form.contains("value=\"naira\""));
    let (reported, seen) = (uk(1), uk(2));
    let naira = [
        ("csrf_token", b.csrf.as_str()),
        ("reported_at", &reported),
        ("last_seen_at", &seen),
        ("last_seen_where", "Home"),
        ("reporter", "parent"),
        ("risk_grade", "naira"),
        ("risk_rationale", "Known to stay with an aunt"),
    ];
    let response = plain.post(&format!("/people/{}/missing/new", plain.sian), &b.cookie, &naira).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(response).await.contains("This force does not use the NAIRA grade"));

    let config = haven_web::WebConfig {
        missing_rules: haven_domain::missing::MissingRules::default().with_naira_pilot(),
        ..haven_web::WebConfig::default()
    };
    let pilot = TestApp::with_config(config).await;
    let b = pilot.browser("practitioner").await;
    let form = text(pilot.get(&format!("/people/{}/missing/new", pilot.sian), Some(&b)).await).await;
    assert!(form.contains("value=\"naira\""), "{form}");
    let mut fields = naira.to_vec();
    fields[0] = ("csrf_token", b.csrf.as_str());
    let response = pilot.post(&format!("/people/{}/missing/new", pilot.sian), &b.cookie, &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let page = text(pilot.get(&location(&response), Some(&b)).await).await;
    assert!(page.contains("NAIRA hold ends"), "{page}");

    // Cerys has an exploitation marker: the form warns, and NAIRA without a reason is refused by
    // field with nothing written; with one, it is kept and shown on the timeline.
    let (start, review) = (util::today().to_string(), (util::today() + Duration::days(90)).to_string());
    let marker = [
        ("csrf_token", b.csrf.as_str()),
        ("marker_type", "at_risk_cce"),
        ("reason", "Found at a county lines address"),
        ("source_note", "Police intelligence"),
        ("starts_on", start.as_str()),
        ("review_on", review.as_str()),
    ];
    let made = pilot.post(&format!("/people/{}/markers/new", pilot.cerys), &b.cookie, &marker).await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    let person = text(pilot.get(&format!("/people/{}", pilot.cerys), Some(&b)).await).await;
    let flags = person.split("data-testid=\"person-flags\"").nth(1).unwrap_or_default();
    assert!(flags.contains("At risk of child criminal exploitation"), "the warning at the top: {person}");
    let form = text(pilot.get(&format!("/people/{}/missing/new", pilot.cerys), Some(&b)).await).await;
    assert!(form.contains("Warning: this child has exploitation concerns"), "{form}");
    let response = pilot.post(&format!("/people/{}/missing/new", pilot.cerys), &b.cookie, &fields).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(response).await.contains("say why NAIRA is safe"));
    assert!(episodes(&pilot, pilot.cerys).await.is_empty(), "nothing written");
    fields.push(("naira_reason", "Her aunt phoned: she is there and will bring her home"));
    let response = pilot.post(&format!("/people/{}/missing/new", pilot.cerys), &b.cookie, &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", text(response).await);
    let page = text(pilot.get(&location(&response), Some(&b)).await).await;
    assert!(page.contains("Why NAIRA is safe for this child: Her aunt phoned"), "{page}");
}

#[tokio::test]
async fn the_board_names_the_officer_and_the_worklist_says_where_found_and_how_late() {
    let app = TestApp::new().await;
    let (rhi, _) = partners(&app).await;
    let b = app.browser("practitioner").await;
    let (reported, seen) = (uk(100), uk(101));
    let fields = [
        ("csrf_token", b.csrf.as_str()),
        ("reported_at", &reported),
        ("last_seen_at", &seen),
        ("last_seen_where", "Home"),
        ("reporter", "parent"),
        ("officer_in_charge", "DC 4410 Nia Hughes"),
        ("risk_grade", "medium"),
        ("risk_rationale", "Out of character"),
    ];
    let response = app.post(&format!("/people/{}/missing/new", app.sian), &b.cookie, &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", text(response).await);
    let path = location(&response);
    let board = text(app.get("/missing", Some(&b)).await).await;
    assert!(board.contains("data-testid=\"board-officer\">DC 4410 Nia Hughes"), "{board}");
    let page = text(app.get(&path, Some(&b)).await).await;
    assert!(page.contains("DC 4410 Nia Hughes"), "{page}");

    // Back 99 hours ago: the interview was due 72 hours after, so it is a day overdue.
    let back = [
        ("csrf_token", b.csrf.as_str()),
        ("version", "1"),
        ("returned_at", &uk(99)),
        ("found_where", "Cardiff bus station"),
        ("found_by", "Police patrol"),
        ("with_whom", "An older boyfriend"),
    ];
    let response = app.post(&format!("{path}/return"), &b.cookie, &back).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", text(response).await);
    let worklist = text(app.get("/rhi", Some(&rhi)).await).await;
    assert!(worklist.contains("data-testid=\"days-overdue\">1 day"), "{worklist}");
    assert!(worklist.contains("Cardiff bus station – An older boyfriend"), "{worklist}");
}

#[tokio::test]
async fn the_episode_shows_the_grab_pack_as_it_was_when_reported_and_as_it_is_now() {
    let app = TestApp::new().await;
    let b = app.browser("practitioner").await;
    let old = GrabPack {
        person_id: Some(app.sian),
        description: "Long dark hair, grey hoodie".into(),
        updated_at: Some(Utc::now() - Duration::hours(3)),
        version: 1,
        ..GrabPack::default()
    };
    app.store.save_grab_pack(app.sian, 0, &old, &system(AuditAction::GrabPackSave)).await.unwrap();
    let episode = report(&app, &b, "medium").await;
    let page = text(app.get(&episode, Some(&b)).await).await;
    assert!(page.contains("Grab pack when the child was reported (version 1"), "{page}");
    assert!(!page.contains("Grab pack now"), "unchanged since: shown once");

    let pack = format!("/people/{}/grab-pack", app.sian);
    let second = [("csrf_token", b.csrf.as_str()), ("version", "1"), ("description", "Hair cut short and dyed red")];
    assert_eq!(app.post(&pack, &b.cookie, &second).await.status(), StatusCode::SEE_OTHER);
    let page = text(app.get(&episode, Some(&b)).await).await;
    assert!(
        page.contains("Grab pack when the child was reported (version 1") && page.contains("grey hoodie"),
        "{page}"
    );
    assert!(page.contains("Grab pack now (version 2") && page.contains("dyed red"), "{page}");
}
