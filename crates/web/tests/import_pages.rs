//! Importing an agency's records from the browser: the file is uploaded, the job runs in the
//! background and its page shows the progress, then the rows that could not be read by number;
//! a possible link goes to the review queue. A bad file is refused by name, a forged upload
//! refused, and another agency learns nothing of the job.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[allow(dead_code, reason = "each test binary uses part of the shared harness")]
mod util;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::Utc;
use haven_domain::audit::{AuditAction, AuditEvent};
use haven_domain::ids::{ImportJobId, PersonId};
use haven_domain::import::ImportStatus;
use haven_domain::person::Person;
use haven_store::ImportJob;
use util::{Browser, TestApp, location, text};

const BOUNDARY: &str = "haven-test-boundary";

async fn upload(app: &TestApp, b: &Browser, token: &str, csv: &str) -> axum::http::Response<Body> {
    upload_to(app, b, "/imports", token, csv).await
}

async fn upload_to(app: &TestApp, b: &Browser, path: &str, token: &str, csv: &str) -> axum::http::Response<Body> {
    let body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\\\exports\\\\records.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{BOUNDARY}--\r\n"
    );
    let request = Request::post(format!("{path}?csrf_token={token}"))
        .header(header::HOST, "haven.test")
        .header(header::COOKIE, &b.cookie)
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(body))
        .unwrap();
    app.send(request).await
}

/// The job once it is no longer running: it runs in the background, so wait for it, as the page's own
/// refresh would.
async fn finished(app: &TestApp, id: ImportJobId) -> ImportJob {
    let mut job = app.store.import_job(id).await.unwrap().unwrap();
    for _ in 0..400 {
        if job.status != ImportStatus::Running {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        job = app.store.import_job(id).await.unwrap().unwrap();
    }
    job
}

#[tokio::test]
async fn an_upload_runs_as_a_job_whose_page_shows_progress_errors_and_the_way_to_review() {
    let app = TestApp::new().await;
    let b = app.browser("practitioner").await;
    let form = text(app.get("/imports/new", Some(&b)).await).await;
    assert!(form.contains("enctype=\"multipart/form-data\"") && form.contains("South Wales Police"), "{form}");

    let csv = "record_id,source,first_name,surname,dob,sex,postcode\n\
               P-1,niche,Siân,Evans,2011-02-28,F,CF10 1AA\n\
               P-2,niche,Gethin,Pugh,2013-07-09,M,CF11 9LJ\n\
               P-3,niche,,Price,2012-01-01,F,\n";
    let response = upload(&app, &b, &b.csrf, csv).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let page_path = location(&response);
    assert!(page_path.starts_with("/imports/"), "{page_path}");
    let job_id = page_path.trim_start_matches("/imports/").parse().unwrap();
    let job = finished(&app, job_id).await;
    assert_eq!((job.status, job.rows_done, job.total_rows), (ImportStatus::Finished, 3, 3));
    assert_eq!(job.file_name, "records.csv", "the name only, never the user's folders");

    let page = text(app.get(&page_path, Some(&b)).await).await;
    assert!(page.contains("3 of 3 rows written") && page.contains("Finished"), "{page}");
    assert!(
        page.contains("data-testid=\"import-errors\"") && page.contains("first_name: Enter a first name"),
        "{page}"
    );
    let welsh = text(app.get(&format!("{page_path}?lang=cy"), Some(&b)).await).await;
    assert!(welsh.contains("first_name: Rhowch enw cyntaf"), "the reason in Welsh: {welsh}");
    assert!(!page.contains("http-equiv=\"refresh\""), "a finished job's page stops refreshing");
    // Siân's record came in under the police: it is hers, or waits for review against her.
    let sources = app.store.job_source_records(job_id).await.unwrap();
    assert_eq!(sources.len(), 2);
    let trail: Vec<_> = app.trail(app.sian).await.into_iter().map(|e| e.action.code()).collect();
    assert!(trail.iter().any(|a| a.starts_with("import.") || a.starts_with("source.")), "{trail:?}");

    let other = app.browser("dpp.officer").await;
    assert_eq!(app.get(&page_path, Some(&other)).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_bad_file_is_refused_by_name_and_a_forged_upload_is_refused() {
    let app = TestApp::new().await;
    let b = app.browser("practitioner").await;
    let response = upload(&app, &b, &b.csrf, "record_id,first_name,dob,sex,postcode\nP-1,Siân,2011-02-28,F,\n").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(response).await;
    assert!(html.contains("The header has no surname column"), "{html}");

    let forged = upload(&app, &b, "not-the-token", "record_id,first_name,surname,dob,sex,postcode\n").await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let analyst = app.browser("analyst").await;
    assert_eq!(app.get("/imports/new", Some(&analyst)).await.status(), StatusCode::FORBIDDEN);
    assert!(app.store.pending_reviews(&[app.police], 10).await.unwrap().is_empty(), "nothing imported");
}

const FIRSTS: [&str; 10] = ["Sian", "Dafydd", "Megan", "Rhys", "Cerys", "Owain", "Ffion", "Iwan", "Nia", "Gethin"];
const SURS: [&str; 6] = ["Evans", "Jones", "Williams", "Davies", "Thomas", "Roberts"];

fn dob(i: usize, j: usize) -> String {
    format!("{}-{:02}-{:02}", 2010 + (i + j) % 8, 1 + (i * 5 + j) % 12, 1 + (i * 7 + j * 3) % 28)
}

/// Sixty children the police hold (beside the harness's own), so that the matching has a population.
async fn sixty_children(app: &TestApp) -> Vec<PersonId> {
    let mut ids = Vec::new();
    for (i, f) in FIRSTS.iter().enumerate() {
        for (j, s) in SURS.iter().enumerate() {
            let sex = if i % 2 == 0 { "female" } else { "male" };
            let details = util::person_form(f, s, &dob(i, j), sex).parse(util::today(), None, None).unwrap();
            let p = Person::new(details, app.police, None, Utc::now());
            let audit = AuditEvent::system("test", AuditAction::PersonCreate, "test", Utc::now()).person(p.id);
            app.store.create_person(&p, &audit).await.unwrap();
            ids.push(p.id);
        }
    }
    ids
}

fn police_file() -> String {
    format!(
        "record_id,source,first_name,surname,dob,sex,postcode\n\
         N-1,niche,DAFYDD,JONES,{},M,\n\
         N-2,niche,Sioned,Evans,{},F,\n\
         N-3,niche,Zebedee,Quartermaine,2014-05-06,M,LL57 2AB\n\
         N-4,niche,Broken,Date,2015-31-31,F,\n",
        dob(1, 1),
        dob(0, 0)
    )
}

/// The whole journey through the pages, with the real matching: a file is uploaded; the row that is
/// surely a child haven holds joins her, the new child becomes a person, the unreadable row is listed,
/// and the row that may be a child haven holds waits in the queue; the practitioner links it, unlinks
/// it, and links it back; every step is in the child's audit trail in the practitioner's name; then the
/// import is rolled back from its page and the store is as it was, the agency's records kept.
#[tokio::test]
async fn import_then_review_link_unlink_and_roll_back_end_to_end_with_the_audit_trail() {
    let app = TestApp::new().await;
    let children = sixty_children(&app).await;
    let (dafydd, sian) = (children[7], children[0]);
    let people = app.store.count_people().await.unwrap();
    let b = app.browser("practitioner").await;

    let response = upload(&app, &b, &b.csrf, &police_file()).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let page_path = location(&response);
    let job_id: ImportJobId = page_path.trim_start_matches("/imports/").parse().unwrap();
    let job = finished(&app, job_id).await;
    assert_eq!((job.status, job.rows_done), (ImportStatus::Finished, 4));
    let page = text(app.get(&page_path, Some(&b)).await).await;
    assert!(page.contains("95%") && page.contains("60%"), "the thresholds it used: {page}");
    assert!(
        page.contains("Linked to people haven holds: 1. New people: 1. Sent for review: 1. Could not be read: 1."),
        "what the rows became: {page}"
    );
    assert!(page.contains("data-testid=\"import-errors\""), "{page}");
    let list = text(app.get("/imports", Some(&b)).await).await;
    assert!(list.contains(&format!("href=\"/imports/{job_id}\"")) && list.contains("records.csv"), "{list}");
    assert!(list.contains("Sent for review: 1."), "the list says what each import did: {list}");

    // N-1 is Dafydd (in capitals, as exports are); N-3 is new; N-2 may be Siân.
    let records = app.store.job_source_records(job_id).await.unwrap();
    let person_of = |id: &str| records.iter().find(|r| r.fields.record_id == id).unwrap().person_id.unwrap();
    assert_eq!(person_of("N-1"), dafydd);
    assert!(!children.contains(&person_of("N-3")));
    assert_eq!(app.store.count_people().await.unwrap(), people + 2, "the new child, and N-2 while it waits");

    let queue = text(app.get("/link/reviews", Some(&b)).await).await;
    assert!(queue.contains("Sioned Evans"), "{queue}");
    let review = queue.split("href=\"/link/reviews/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let path = format!("/link/reviews/{review}");
    let shown = text(app.get(&path, Some(&b)).await).await;
    assert!(shown.contains("Sioned") && shown.contains("<svg class=\"haven-waterfall\""), "{shown}");
    let link = app.post(&path, &b.cookie, &[("csrf_token", b.csrf.as_str()), ("decision", "link")]).await;
    assert_eq!(location(&link), format!("/people/{sian}/source-records"));
    assert_eq!(person_of_now(&app, job_id, "N-2").await, sian);
    assert_eq!(app.store.count_people().await.unwrap(), people + 1, "the person N-2 waited as is gone");

    // Unlink: the record becomes a person of its own; link back: nothing is lost either way.
    let n2 = records.iter().find(|r| r.fields.record_id == "N-2").unwrap().id;
    let unlink = app.post(&format!("/source-records/{n2}/unlink"), &b.cookie, &[("csrf_token", &b.csrf)]).await;
    assert_eq!(unlink.status(), StatusCode::SEE_OTHER);
    let own = person_of_now(&app, job_id, "N-2").await;
    assert_ne!(own, sian);
    let back = [("csrf_token", b.csrf.as_str()), ("person_id", &sian.to_string())];
    let relinked = app.post(&format!("/source-records/{n2}/link"), &b.cookie, &back).await;
    assert_eq!(relinked.status(), StatusCode::SEE_OTHER);
    assert_eq!(person_of_now(&app, job_id, "N-2").await, sian);
    assert_eq!(app.store.count_people().await.unwrap(), people + 1);

    let trail = app.trail(sian).await;
    let actions: Vec<AuditAction> = trail.iter().map(|e| e.action).collect();
    for action in [AuditAction::ReviewLink, AuditAction::SourceUnlink, AuditAction::SourceLink] {
        assert!(actions.contains(&action), "{action:?} in {actions:?}");
    }
    assert!(trail.iter().filter(|e| e.action != AuditAction::PersonCreate).all(|e| e.actor_label == "practitioner"));
    let dafydd_trail = app.trail(dafydd).await;
    let imported = dafydd_trail.iter().find(|e| e.action == AuditAction::SourceImport).unwrap();
    assert_eq!((imported.actor_label.as_str(), imported.purpose.as_str()), ("practitioner", "POST /imports"));

    // Roll the import back from its page: the people it made go, its records are kept, detached.
    let rollback = app.post(&format!("{page_path}/rollback"), &b.cookie, &[("csrf_token", &b.csrf)]).await;
    assert_eq!(location(&rollback), page_path);
    assert_eq!(finished(&app, job_id).await.status, ImportStatus::RolledBack);
    assert_eq!(app.store.count_people().await.unwrap(), people);
    let kept = app.store.job_source_records(job_id).await.unwrap();
    assert_eq!(kept.len(), 3);
    assert!(kept.iter().all(|r| r.person_id.is_none()));
    let page = text(app.get(&page_path, Some(&b)).await).await;
    assert!(page.contains("Rolled back") && !page.contains("data-testid=\"import-rollback\""), "{page}");
    let again = app.post(&format!("{page_path}/rollback"), &b.cookie, &[("csrf_token", &b.csrf)]).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let other = app.browser("dpp.officer").await;
    let foreign = app.post(&format!("{page_path}/rollback"), &other.cookie, &[("csrf_token", &other.csrf)]).await;
    assert_eq!(foreign.status(), StatusCode::NOT_FOUND, "another agency cannot touch the job");
}

async fn person_of_now(app: &TestApp, job: ImportJobId, record_id: &str) -> PersonId {
    let records = app.store.job_source_records(job).await.unwrap();
    records.into_iter().find(|r| r.fields.record_id == record_id).unwrap().person_id.unwrap()
}

/// A job whose run wrote its first batch of five rows, then stopped (as a killed process leaves one),
/// and the file it came from.
async fn stopped_job(app: &TestApp) -> (ImportJobId, String) {
    let mut csv = String::from("record_id,source,first_name,surname,dob,sex,postcode\n");
    for k in 0..12 {
        csv += &format!("R-{k},niche,Child{k},Newname{k},2014-0{}-1{},F,\n", 1 + k % 9, k % 10);
    }
    let file = haven_import::read_csv(csv.as_bytes(), "restart.csv").unwrap();
    let who = haven_import::Who::cli("test");
    let opts = haven_import::ImportOptions { batch_rows: 5, max_batches: Some(1), ..Default::default() };
    let stopped = haven_import::import_rows(&app.store, app.police, "restart.csv", file, &opts, &who).await.unwrap();
    (stopped.job.unwrap(), csv)
}

/// A job that another process wrote a batch of moments ago runs elsewhere: its page says so and
/// refreshes, and neither a resume nor a rollback may start beside it.
#[tokio::test]
async fn an_import_running_elsewhere_is_neither_resumed_nor_rolled_back_beside_it() {
    let app = TestApp::new().await;
    let (job, csv) = stopped_job(&app).await;
    let b = app.browser("practitioner").await;
    let page_path = format!("/imports/{job}");
    let page = text(app.get(&page_path, Some(&b)).await).await;
    assert!(page.contains("data-testid=\"import-elsewhere\"") && page.contains("http-equiv=\"refresh\""), "{page}");
    assert!(!page.contains("data-testid=\"import-resume\"") && !page.contains("data-testid=\"import-rollback\""));
    let resume = upload_to(&app, &b, &format!("{page_path}/resume"), &b.csrf, &csv).await;
    assert_eq!(resume.status(), StatusCode::CONFLICT);
    let rollback = app.post(&format!("{page_path}/rollback"), &b.cookie, &[("csrf_token", &b.csrf)]).await;
    assert_eq!(rollback.status(), StatusCode::CONFLICT);
    let j = app.store.import_job(job).await.unwrap().unwrap();
    assert_eq!((j.status, j.rows_done), (ImportStatus::Running, 5), "left to the process running it");
}

/// A job that stopped part-way (no batch for longer than the configured quiet time) shows so on its
/// page, refuses another file, and resumes from the same one to the end.
#[tokio::test]
async fn a_stopped_import_is_resumed_from_its_page_with_the_same_file_only() {
    let config = haven_web::WebConfig { import_stalled_after_minutes: 0, ..Default::default() };
    let app = TestApp::with_config(config).await;
    sixty_children(&app).await;
    let (job, csv) = stopped_job(&app).await;
    let b = app.browser("practitioner").await;
    let page_path = format!("/imports/{job}");
    let page = text(app.get(&page_path, Some(&b)).await).await;
    assert!(page.contains("Stopped part-way") && page.contains("data-testid=\"import-resume\""), "{page}");
    assert!(!page.contains("http-equiv=\"refresh\""));

    let wrong = upload_to(&app, &b, &format!("{page_path}/resume"), &b.csrf, &csv.replace("Child3", "Child33")).await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(wrong).await.contains("This is not the file the import started from"));
    assert_eq!(app.store.import_job(job).await.unwrap().unwrap().rows_done, 5);

    let resumed = upload_to(&app, &b, &format!("{page_path}/resume"), &b.csrf, &csv).await;
    assert_eq!(location(&resumed), page_path);
    let done = finished(&app, job).await;
    assert_eq!((done.status, done.rows_done), (ImportStatus::Finished, 12));
    assert_eq!(app.store.job_source_records(job).await.unwrap().len(), 12, "each row once");
    let finished_page = text(app.get(&page_path, Some(&b)).await).await;
    assert!(!finished_page.contains("data-testid=\"import-resume\""), "nothing left to resume");
}
