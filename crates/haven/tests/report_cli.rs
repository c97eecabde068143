//! `haven report morning-brief` on the demo force: the brief is true to the demo's episodes,
//! prints as JSON or as a standalone HTML document, and the run is audited as the system.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

use chrono::{Duration, Utc};
use clap::Parser;
use haven::report::{BRIEF_PURPOSE, audit_event, html, morning_brief};
use haven::{Cli, run, uk_today};
use haven_domain::audit::AuditAction;
use haven_domain::missing::RiskGrade;
use std::path::Path;
use std::sync::Arc;

async fn haven(data: &Path, args: &[&str]) -> anyhow::Result<()> {
    let mut argv = vec!["haven", "--data", data.to_str().unwrap()];
    argv.extend_from_slice(args);
    run(Cli::try_parse_from(argv)?).await
}

async fn demo_store(dir: &Path) -> Arc<dyn haven_store::Store> {
    haven(dir, &["demo", "--seed", "11"]).await.unwrap();
    haven::open::open(&haven::open::StoreArgs { data: dir.to_owned(), database_url: None }).await.unwrap()
}

#[tokio::test]
async fn the_brief_of_the_demo_force_shows_what_the_demo_holds_and_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path()).await;
    let today = uk_today();
    let brief = morning_brief(&store, today, Utc::now()).await.unwrap();

    // The demo places one child missing at high risk, reported yesterday afternoon.
    assert_eq!(brief.open_high_risk.len(), 1, "{brief:#?}");
    assert_eq!(brief.open_high_risk[0].grade, Some(RiskGrade::High));
    assert!(brief.opened.iter().any(|o| o.episode_id == brief.open_high_risk[0].episode_id));
    assert!(brief.opened.iter().all(|o| o.reported_at >= brief.since && o.reported_at <= brief.as_at));
    // Three interviews overdue, and one falling due at 10:00 today.
    assert_eq!(brief.rhis_overdue.len(), 3);
    assert_eq!(brief.rhis_due_today.len(), 1);
    assert!(!brief.reviews_overdue.is_empty());
    assert!(!brief.repeat_missing.is_empty());
    assert!(brief.repeat_missing.iter().all(|r| r.episodes.len() >= 3));

    let document = html(&brief);
    assert!(document.starts_with("<!DOCTYPE html>"));
    assert!(document.contains("<html lang=\"en\">") && !document.contains("<script"));
    assert!(document.contains("Missing now at high risk (1)"));
    assert!(document.contains(&brief.open_high_risk[0].person_name));
}

#[test]
fn the_run_is_audited_as_the_system_with_its_purpose() {
    let event = audit_event(uk_today(), Utc::now());
    assert_eq!((event.action, event.purpose.as_str(), event.actor), (AuditAction::ReportView, BRIEF_PURPOSE, None));
    assert_eq!(event.actor_label, "cli");
}

#[tokio::test]
async fn the_command_prints_json_or_html_and_refuses_a_bad_date() {
    let dir = tempfile::tempdir().unwrap();
    let _store = demo_store(dir.path()).await;
    let yesterday = (uk_today() - Duration::days(1)).format("%Y-%m-%d").to_string();
    haven(dir.path(), &["report", "morning-brief", "--date", &yesterday]).await.unwrap();
    haven(dir.path(), &["report", "morning-brief", "--date", &yesterday, "--format", "html"]).await.unwrap();
    let err = haven(dir.path(), &["report", "morning-brief", "--date", "23/11/2026"]).await.unwrap_err();
    assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
    let err = haven(dir.path(), &["report", "morning-brief", "--format", "pdf"]).await.unwrap_err();
    assert!(err.to_string().contains("pdf"), "{err}");
}

/// `haven report board-pack`: each format written to its file, small numbers hidden and marked
/// OFFICIAL unless `--exact`; a backwards range, a range of ten
/// years and an unknown area refused by flag, and no file written.
#[tokio::test]
async fn the_board_pack_is_written_in_each_format_and_bad_input_is_refused_by_flag() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path()).await;
    let to = uk_today().to_string();
    let from = (uk_today() - Duration::days(364)).to_string();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    for format in ["pdf", "xlsx", "csv", "json"] {
        let file = out(&format!("pack.{format}"));
        let args = [
            "report",
            "board-pack",
            "--area",
            "MOR-N",
            "--from",
            &from,
            "--to",
            &to,
            "--format",
            format,
            "--out",
            &file,
        ];
        haven(dir.path(), &args).await.unwrap();
        assert!(std::fs::metadata(&file).unwrap().len() > 100, "{format}");
    }
    assert!(std::fs::read(out("pack.pdf")).unwrap().starts_with(b"%PDF"));
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(out("pack.json")).unwrap()).unwrap();
    assert_eq!((json["marking"].as_str(), json["suppressed_below"].as_u64()), (Some("OFFICIAL"), Some(5)));
    assert_eq!((json["from"].as_str(), json["to"].as_str()), (Some(from.as_str()), Some(to.as_str())));
    // The demo's areas have a child population: the children by group carry rates against it.
    assert!(json["population"]["source"].as_str().unwrap().starts_with("Demo estimates"), "{}", json["population"]);
    let by_sex = json["figures"].as_array().unwrap().iter().find(|f| f["id"] == "children-by-sex").unwrap();
    assert!(by_sex["population"].as_u64().unwrap() > 10_000);
    assert_eq!(by_sex["rate"]["value"]["kind"], "number", "{by_sex}");
    let csv = std::fs::read_to_string(out("pack.csv")).unwrap();
    assert!(csv.lines().next().unwrap().ends_with("OFFICIAL") && csv.contains("Missing episodes"));

    let exact = out("exact.json");
    let args = [
        "report",
        "board-pack",
        "--area",
        "MOR-N",
        "--from",
        &from,
        "--to",
        &to,
        "--format",
        "json",
        "--exact",
        "--out",
        &exact,
    ];
    haven(dir.path(), &args).await.unwrap();
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&exact).unwrap()).unwrap();
    assert_eq!(json["marking"], "OFFICIAL-SENSITIVE");
    assert!(json["suppressed_below"].is_null());

    let data = dir.path().to_owned();
    let refused = |args: Vec<String>| {
        let data = data.clone();
        async move {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            haven(&data, &args).await.unwrap_err().to_string()
        }
    };
    let never = out("never.pdf");
    let pack = |area: &str, from: &str, to: &str| {
        ["report", "board-pack", "--area", area, "--from", from, "--to", to, "--format", "pdf", "--out", &never]
            .map(str::to_owned)
            .to_vec()
    };
    let backwards = refused(pack("MOR-N", "2026-03-31", "2026-03-01")).await;
    assert_eq!(backwards, "--to: The end date must be the same as or after the start date");
    let both = refused(pack("NOWHERE", "2016-01-01", "2026-01-01")).await;
    assert_eq!(both, "--area: Choose an area from the list; --to: The range must be shorter than 10 years");
    assert!(!Path::new(&never).exists(), "nothing written");
    let format = Cli::try_parse_from([
        "haven",
        "report",
        "board-pack",
        "--area",
        "MOR-N",
        "--from",
        "2026-01-01",
        "--to",
        "2026-01-31",
        "--format",
        "docx",
    ]);
    assert!(format.unwrap_err().to_string().contains("invalid value 'docx' for '--format <FORMAT>'"));
    drop(store);
}
