//! Importing an agency's records from the browser: the file is uploaded, the job runs in the
//! background and its page shows the progress, then the rows that could not be read by number;
//! a possible link goes to the review queue. A bad file is refused by name, a forged upload
//! refused, and another agency learns nothing of the job.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[allow(dead_code, reason = "each test binary uses part of the shared harness")]
mod util;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use haven_domain::import::ImportStatus;
use util::{Browser, TestApp, location, text};

const BOUNDARY: &str = "haven-test-boundary";

async fn upload(app: &TestApp, b: &Browser, token: &str, csv: &str) -> axum::http::Response<Body> {
    let body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\\\exports\\\\records.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{BOUNDARY}--\r\n"
    );
    let request = Request::post(format!("/imports?csrf_token={token}"))
        .header(header::HOST, "haven.test")
        .header(header::COOKIE, &b.cookie)
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(body))
        .unwrap();
    app.send(request).await
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

    // The job runs in the background: wait for it, as the page's own refresh would.
    let mut job = app.store.import_job(job_id).await.unwrap().unwrap();
    for _ in 0..200 {
        if job.status != ImportStatus::Running {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        job = app.store.import_job(job_id).await.unwrap().unwrap();
    }
    assert_eq!((job.status, job.rows_done, job.total_rows), (ImportStatus::Finished, 3, 3));
    assert_eq!(job.file_name, "records.csv", "the name only, never the user's folders");

    let page = text(app.get(&page_path, Some(&b)).await).await;
    assert!(page.contains("3 of 3 rows written") && page.contains("Finished"), "{page}");
    assert!(page.contains("data-testid=\"import-errors\"") && page.contains("first_name: required"), "{page}");
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
    assert!(html.contains("the header has no `surname` column"), "{html}");

    let forged = upload(&app, &b, "not-the-token", "record_id,first_name,surname,dob,sex,postcode\n").await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let analyst = app.browser("analyst").await;
    assert_eq!(app.get("/imports/new", Some(&analyst)).await.status(), StatusCode::FORBIDDEN);
    assert!(app.store.pending_reviews(&[app.police], 10).await.unwrap().is_empty(), "nothing imported");
}
