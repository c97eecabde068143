//! `haven import` end to end on the embedded store: an agency's file becomes its source records, linked
//! to the people haven holds, waiting for review, or new people; unreadable rows are reported by number;
//! a job stopped part-way resumes to the state an uninterrupted run reaches; a rollback leaves the store
//! as it was; reviews are linked or rejected and records unlinked and linked again, with their trail.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

use chrono::{NaiveDate, Utc};
use clap::Parser;
use haven::import::{ImportOptions, Thresholds, import_people, resume};
use haven::{Cli, run};
use haven_domain::agency::{Agency, AgencyCode, AgencyKind};
use haven_domain::audit::{AuditAction, AuditEvent, SubjectKind};
use haven_domain::ids::{AgencyId, AgreementId, PersonId};
use haven_domain::import::{ImportStatus, person_details_from_source};
use haven_domain::person::{CareStatus, Ethnicity, Person, PersonDetails, PersonKind, Sex};
use haven_domain::sharing::Agreement;
use haven_domain::text::Name;
use haven_store::{PersonQuery, ReviewDecision, Store};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const HEADER: &str = "record_id,source,first_name,surname,dob,sex,postcode\n";

async fn open(data: &Path) -> Arc<dyn Store> {
    haven::open::open(&haven::open::StoreArgs { data: data.to_owned(), database_url: None }).await.unwrap()
}

async fn haven(data: &Path, args: &[&str]) -> anyhow::Result<()> {
    let mut argv = vec!["haven", "--data", data.to_str().unwrap()];
    argv.extend_from_slice(args);
    run(Cli::try_parse_from(argv)?).await
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn event(action: AuditAction) -> AuditEvent {
    AuditEvent::system("test", action, "import test", Utc::now())
}

fn code(c: &str) -> AgencyCode {
    AgencyCode::parse(c).unwrap()
}

const FIRSTS: [&str; 10] = ["Sian", "Dafydd", "Megan", "Rhys", "Cerys", "Owain", "Ffion", "Iwan", "Nia", "Gethin"];
const SURS: [&str; 6] = ["Evans", "Jones", "Williams", "Davies", "Thomas", "Roberts"];

fn dob(i: usize, j: usize) -> NaiveDate {
    NaiveDate::from_ymd_opt(
        2008 + ((i + j) % 9) as i32,
        1 + ((i * 5 + j) % 12) as u32,
        1 + ((i * 7 + j * 3) % 28) as u32,
    )
    .unwrap()
}

/// A police force holding sixty children, and a council with none yet, sharing under an agreement.
async fn small_world(data: &Path) -> (Arc<dyn Store>, Agency, Agency) {
    let store = open(data).await;
    let police = Agency {
        id: AgencyId::new(),
        code: code("SWP"),
        name: "Police".into(),
        kind: AgencyKind::Police,
        area_id: None,
    };
    let council = Agency {
        id: AgencyId::new(),
        code: code("CDF-CS"),
        name: "Council".into(),
        kind: AgencyKind::LocalAuthority,
        area_id: None,
    };
    store.create_agency(&police, &event(AuditAction::AgencyCreate)).await.unwrap();
    store.create_agency(&council, &event(AuditAction::AgencyCreate)).await.unwrap();
    // The two share: the council's rows may be linked to the police's children.
    let agreement = Agreement {
        id: AgreementId::new(),
        name: "ISP".into(),
        purpose: "safeguarding".into(),
        members: vec![police.id, council.id],
        grants: Agreement::share_everything(),
        starts_on: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        ends_on: None,
        review_on: None,
    };
    store.create_agreement(&agreement, &event(AuditAction::AgreementCreate)).await.unwrap();
    for (i, f) in FIRSTS.iter().enumerate() {
        for (j, s) in SURS.iter().enumerate() {
            let d = PersonDetails {
                kind: PersonKind::Child,
                given_name: Name::parse(f).unwrap(),
                middle_names: None,
                family_name: Name::parse(s).unwrap(),
                date_of_birth: Some(dob(i, j)),
                sex: if i % 2 == 0 { Sex::Female } else { Sex::Male },
                gender: None,
                ethnicity: Ethnicity::NotStated,
                care_status: CareStatus::NotKnown,
                placing_authority: None,
                host_authority: None,
            };
            store
                .create_person(&Person::new(d, police.id, None, Utc::now()), &event(AuditAction::PersonCreate))
                .await
                .unwrap();
        }
    }
    (store, police, council)
}

/// A council file: twenty of the police's children (some spelled differently), eight children haven has
/// never seen, and two rows that cannot be read (rows 29 and 30).
fn council_file() -> String {
    let mut s = String::from(HEADER);
    for k in 0..20 {
        let (i, j) = (k % 10, (k * 7) % 6);
        let first = if k == 3 {
            "Rees".to_owned()
        } else if k % 4 == 0 {
            FIRSTS[i].to_uppercase()
        } else {
            FIRSTS[i].to_owned()
        };
        let sex = if i % 2 == 0 { "F" } else { "M" };
        s += &format!("CS-{k},council,{first},{},{},{sex},\n", SURS[j], dob(i, j));
    }
    let new = ["Zebedee", "Araminta", "Bartholomew", "Clementine", "Demetrius", "Euphemia", "Fitzgerald", "Gwendolyn"];
    for (k, n) in new.iter().enumerate() {
        s += &format!("CS-N{k},council,{n},Quartermaine{k},2014-0{}-1{k},M,LL57 2AB\n", k + 1);
    }
    s += "CS-E1,council,Broken,Date,2015-31-31,F,\n";
    s += "CS-E2,council,,Nameless,2015-01-01,F,\n";
    s
}

#[tokio::test]
async fn an_import_links_known_children_makes_new_ones_and_reports_bad_rows_and_a_reimport_duplicates_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = open(&data).await;
    haven::load_demo(&store, 1, 2026).await.unwrap();
    let before = store.count_people().await.unwrap();
    // A school's file: sixty of the demo force's people as haven holds them (in capitals, as exports
    // often are), ten new children, and a row with an impossible date.
    let known = store.linkage_records(None).await.unwrap();
    let mut text = String::from(HEADER);
    let mut n = 0;
    for r in known.iter().filter(|r| !r.fields.dob.is_empty()).step_by(37).take(60) {
        let f = &r.fields;
        text += &format!(
            "SCH-{n},school,{},{},{},{},\n",
            f.first_name.to_uppercase(),
            f.surname.to_uppercase(),
            f.dob,
            f.sex
        );
        n += 1;
    }
    assert_eq!(n, 60);
    // Ten different children (not one child's ten records: names and dates of birth differ).
    let new = [
        ("Zebedee", "Quartermaine"),
        ("Araminta", "Fortescue"),
        ("Bartholomew", "Ogunleye"),
        ("Clementine", "Villiers"),
        ("Demetrius", "Kowalczyk"),
        ("Euphemia", "Abernethy"),
        ("Fitzgerald", "Nakamura"),
        ("Gwendolyn", "Pemberton"),
        ("Hyacinth", "Zielinski"),
        ("Ignatius", "Rutherford"),
    ];
    for (k, (first, surname)) in new.iter().enumerate() {
        text += &format!("SCH-N{k},school,{first},{surname},201{}-0{}-1{k},M,ZZ1 {k}AB\n", k % 7, 1 + k % 9);
    }
    text += "SCH-BAD,school,Broken,Date,2015-31-31,F,\n";
    let file = write(dir.path(), "school.csv", &text);
    // Youth justice shares the force's whole cohort under the demo's protocol, so its rows may
    // link to any child; a school sees only its own pupils and could link to no one else.
    let school = store.agencies().await.unwrap().into_iter().find(|a| a.kind == AgencyKind::YouthJustice).unwrap();

    let first = import_people(&store, &school.code, &file, &ImportOptions::default()).await.unwrap();
    assert!(first.finished);
    assert_eq!(first.rows, 71);
    assert_eq!(first.errors.len(), 1);
    assert_eq!((first.errors[0].row, first.errors[0].reason.as_str()), (71, "dob: date-format"));
    assert!(first.linked >= 58, "{first:?}");
    assert_eq!(first.linked + first.created + first.queued, 70, "{first:?}");
    assert!(first.created >= 10, "{first:?}");
    let after_first = store.count_people().await.unwrap();
    assert_eq!(after_first, before + u64::from(first.created + first.queued));

    // The same file again links every readable row: nobody is duplicated.
    let second = import_people(&store, &school.code, &file, &ImportOptions::default()).await.unwrap();
    assert_eq!((second.linked, second.created, second.queued, second.errors.len()), (70, 0, 0, 1), "{second:?}");
    assert_eq!(store.count_people().await.unwrap(), after_first);

    // The command line does the same, and refuses what it cannot do by name.
    haven(&data, &["import", "people", "--agency", school.code.as_str(), "--file", file.to_str().unwrap()])
        .await
        .unwrap();
    assert_eq!(store.count_people().await.unwrap(), after_first);
    let err =
        haven(&data, &["import", "people", "--agency", "NOPE", "--file", file.to_str().unwrap()]).await.unwrap_err();
    assert!(err.to_string().contains("--agency"), "{err}");
    let no_column = write(dir.path(), "bad.csv", "record_id,first_name,surname\n1,A,B\n");
    let err =
        haven(&data, &["import", "people", "--agency", school.code.as_str(), "--file", no_column.to_str().unwrap()])
            .await
            .unwrap_err();
    assert!(format!("{err:#}").contains("`dob`"), "{err:#}");
    let err =
        haven(&data, &["import", "people", "--agency", "SWP", "--file", "x.csv", "--upper", "1.5"]).await.unwrap_err();
    assert!(err.to_string().contains("--upper"), "{err}");
}

/// Each source record of a job as (row, record id, the name and date of birth of its person).
async fn shape(store: &Arc<dyn Store>, job: haven_domain::ids::ImportJobId) -> Vec<(i64, String, String)> {
    let mut out = Vec::new();
    for r in store.job_source_records(job).await.unwrap() {
        let p = store.person(r.person_id.unwrap(), &event(AuditAction::PersonView)).await.unwrap();
        out.push((
            r.row_number,
            r.fields.record_id,
            format!("{} {} {:?}", p.details.given_name, p.details.family_name, p.details.date_of_birth),
        ));
    }
    out
}

#[tokio::test]
async fn a_job_stopped_after_its_first_batch_resumes_to_the_state_of_an_uninterrupted_run() {
    let opts = ImportOptions { batch_rows: 10, ..ImportOptions::default() };
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let file = write(a.path(), "council.csv", &council_file());

    let (whole, _, council) = small_world(&a.path().join("data")).await;
    let straight = import_people(&whole, &council.code, &file, &opts).await.unwrap();
    assert!(straight.finished);
    assert_eq!(straight.errors.iter().map(|e| e.row).collect::<Vec<_>>(), vec![29, 30]);
    assert_eq!(straight.errors[1].reason, "first_name: required");

    let (store, _, council) = small_world(&b.path().join("data")).await;
    let stopped =
        import_people(&store, &council.code, &file, &ImportOptions { max_batches: Some(1), ..opts }).await.unwrap();
    assert!(!stopped.finished);
    let job = stopped.job.unwrap();
    let j = store.import_job(job).await.unwrap().unwrap();
    assert_eq!((j.rows_done, j.status), (10, ImportStatus::Running));
    assert_eq!(store.job_source_records(job).await.unwrap().len(), 10);
    let resumed = resume(&store, job, None, &opts).await.unwrap();
    assert!(resumed.finished);
    assert_eq!(resumed.skipped, 0);
    assert_eq!(store.import_job(job).await.unwrap().unwrap().status, ImportStatus::Finished);
    assert_eq!(store.count_people().await.unwrap(), whole.count_people().await.unwrap());
    assert_eq!(shape(&store, job).await, shape(&whole, straight.job.unwrap()).await);
    assert_eq!(
        stopped.linked + resumed.linked + stopped.created + resumed.created + stopped.queued + resumed.queued,
        straight.linked + straight.created + straight.queued
    );
    // A finished job has nothing to resume.
    let err = resume(&store, job, None, &opts).await.unwrap_err();
    assert!(err.to_string().contains("finished"), "{err}");
}

#[tokio::test]
async fn a_rollback_leaves_the_store_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (store, police, council) = small_world(&data).await;
    let people = store.count_people().await.unwrap();
    let file = write(dir.path(), "council.csv", &council_file());
    let report = import_people(&store, &council.code, &file, &ImportOptions::default()).await.unwrap();
    assert!(report.linked > 0 && report.created > 0, "{report:?}");
    let job = report.job.unwrap();
    let linked_to = store.job_source_records(job).await.unwrap().into_iter().find_map(|r| r.person_id).unwrap();
    assert!(store.count_people().await.unwrap() > people);

    haven(&data, &["import", "rollback", "--job", &job.to_string()]).await.unwrap();
    assert_eq!(store.count_people().await.unwrap(), people);
    assert_eq!(store.person_holders(linked_to).await.unwrap(), vec![police.id]);
    assert!(store.job_source_records(job).await.unwrap().iter().all(|r| r.person_id.is_none()));
    assert_eq!(store.import_job(job).await.unwrap().unwrap().status, ImportStatus::RolledBack);
    let err = haven(&data, &["import", "rollback", "--job", &job.to_string()]).await.unwrap_err();
    assert!(err.to_string().contains("already rolled back"), "{err}");
    let err = haven(&data, &["import", "resume", "--job", &job.to_string()]).await.unwrap_err();
    assert!(err.to_string().contains("rolled_back"), "{err}");
}

#[tokio::test]
async fn reviews_are_linked_or_rejected_and_records_unlinked_and_linked_again_with_their_trail() {
    let dir = tempfile::tempdir().unwrap();
    let (store, police, council) = small_world(&dir.path().join("data")).await;
    // Wide thresholds: anything short of certain waits for review.
    let opts =
        ImportOptions { thresholds: Thresholds { upper: 0.999_999_9, lower: 0.001 }, ..ImportOptions::default() };
    let d = dob(0, 0);
    let text = format!("{HEADER}CS-1,council,Siani,Evans,{d},F,\nCS-2,council,Sian,Evanson,{d},F,\n");
    let file = write(dir.path(), "few.csv", &text);
    let report = import_people(&store, &council.code, &file, &opts).await.unwrap();
    assert_eq!(report.queued, 2, "{report:?}");
    let pending = store.pending_reviews(&[council.id], 10).await.unwrap();
    assert_eq!(pending.len(), 2);
    assert!(store.pending_reviews(&[police.id], 10).await.unwrap().is_empty());
    let review = &pending[0];
    assert_eq!(review.explanation["fields"].as_array().unwrap().len(), 5);
    assert!(review.explanation["fields"][0]["weight"].is_number());
    let sian = review.candidate.id;
    let waiting_as = review.source.person_id.unwrap();
    let people = store.count_people().await.unwrap();

    let link = event(AuditAction::ReviewLink).subject(SubjectKind::LinkReview, review.id.0).person(sian);
    store.decide_review(review.id, ReviewDecision::Link, None, &link).await.unwrap();
    assert_eq!(store.source_record(review.source.id).await.unwrap().unwrap().person_id, Some(sian));
    assert_eq!(store.count_people().await.unwrap(), people - 1, "the person it waited as held nothing else");
    assert!(store.person_holders(waiting_as).await.is_err());
    store.decide_review(pending[1].id, ReviewDecision::Reject, None, &event(AuditAction::ReviewReject)).await.unwrap();
    assert!(store.pending_reviews(&[council.id], 10).await.unwrap().is_empty());

    // Unlink: the record gets a person of its own; link again and it is back, with nothing left over.
    let own = Person::new(
        person_details_from_source(&review.source.fields, haven::uk_today(), &|_| None).unwrap(),
        council.id,
        None,
        Utc::now(),
    );
    let own_id: PersonId = own.id;
    store.unlink_source_record(review.source.id, &own, &event(AuditAction::SourceUnlink).person(sian)).await.unwrap();
    assert_eq!(store.source_record(review.source.id).await.unwrap().unwrap().person_id, Some(own_id));
    assert_eq!(store.person_holders(sian).await.unwrap(), vec![police.id]);
    store.link_source_record(review.source.id, sian, &event(AuditAction::SourceLink).person(sian)).await.unwrap();
    assert_eq!(store.source_record(review.source.id).await.unwrap().unwrap().person_id, Some(sian));
    assert_eq!(store.count_people().await.unwrap(), people - 1);

    let trail: Vec<AuditAction> = store.person_audit(sian, 20).await.unwrap().into_iter().map(|e| e.action).collect();
    for action in [AuditAction::ReviewLink, AuditAction::SourceUnlink, AuditAction::SourceLink] {
        assert!(trail.contains(&action), "{action:?} missing from {trail:?}");
    }
}

#[tokio::test]
async fn a_file_holding_one_child_twice_makes_one_person_of_her() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, council) = small_world(&dir.path().join("data")).await;
    let people = store.count_people().await.unwrap();
    // Two children haven has never seen, each twice in the council's own file (once with a typo and the
    // postcode missing), beside children it knows.
    let mut text = format!("{HEADER}CS-N1,council,Araminta,Quartermaine,2014-03-12,F,LL57 2AB\n");
    text += "CS-N2,council,Bartholomew,Fortescue,2013-09-30,M,SA1 1AA\n";
    for (k, (i, j)) in [(0usize, 0usize), (3, 2), (5, 4)].into_iter().enumerate() {
        text += &format!("CS-K{k},council,{},{},{},,\n", FIRSTS[i], SURS[j], dob(i, j));
    }
    text += "CS-N1b,council,Araminta,Quartermain,2014-03-12,F,\n";
    text += "CS-N2b,council,Bartholomew,Fortescue,2013-09-30,M,SA1 1AA\n";
    let file = write(dir.path(), "council.csv", &text);
    let report = import_people(&store, &council.code, &file, &ImportOptions::default()).await.unwrap();
    assert_eq!((report.created, report.linked, report.queued), (2, 5, 0), "{report:?}");
    assert_eq!(store.count_people().await.unwrap(), people + 2, "each new child once");
    let records = store.job_source_records(report.job.unwrap()).await.unwrap();
    let person_of = |id: &str| records.iter().find(|r| r.fields.record_id == id).unwrap().person_id.unwrap();
    assert_eq!(person_of("CS-N1"), person_of("CS-N1b"));
    assert_eq!(person_of("CS-N2"), person_of("CS-N2b"));
    assert_ne!(person_of("CS-N1"), person_of("CS-N2"));
}

#[tokio::test]
async fn a_file_with_ethnicity_care_status_and_placing_authority_brings_them_to_the_children_it_makes() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, council) = small_world(&dir.path().join("data")).await;
    // The optional columns, in any order among the others, in the codes a council's system
    // exports (DfE census ethnicity, CLA) or haven's own; a bad code refuses its row by column.
    let mut text = "ethnicity,record_id,first_name,surname,dob,sex,postcode,care_status,placing_authority\n".to_owned();
    text += "MWBC,CS-E1,Araminta,Quartermaine,2014-03-12,F,LL57 2AB,CLA,cdf-cs\n";
    text += "black_african,CS-E2,Bartholomew,Fortescue,2013-09-30,M,SA1 1AA,child_in_need,\n";
    text += ",CS-E3,Clementine,Ashworth-Vane,2012-01-05,F,,,\n";
    text += "purple,CS-E4,Dorothea,Pemberton,2012-02-06,F,,LAC,NOWHERE\n";
    let file = write(dir.path(), "council.csv", &text);
    let report = import_people(&store, &council.code, &file, &ImportOptions::default()).await.unwrap();
    assert_eq!((report.created, report.errors.len()), (3, 1), "{report:?}");
    assert_eq!(
        (report.errors[0].row, report.errors[0].reason.as_str()),
        (4, "ethnicity: unknown-code; placing_authority: unknown-agency")
    );
    let records = store.job_source_records(report.job.unwrap()).await.unwrap();
    let details = async |id: &str| {
        let r = records.iter().find(|r| r.fields.record_id == id).unwrap();
        let person = store.person(r.person_id.unwrap(), &event(AuditAction::PersonView)).await.unwrap();
        (r.fields.clone(), person.details)
    };
    let (fields, d) = details("CS-E1").await;
    assert_eq!((fields.ethnicity.as_str(), fields.care_status.as_str()), ("MWBC", "CLA"), "kept as written");
    assert_eq!(
        (d.ethnicity, d.care_status, d.placing_authority),
        (Ethnicity::MixedWhiteBlackCaribbean, CareStatus::LookedAfter, Some(council.id))
    );
    let (_, d) = details("CS-E2").await;
    assert_eq!(
        (d.ethnicity, d.care_status, d.placing_authority),
        (Ethnicity::BlackAfrican, CareStatus::ChildInNeed, None)
    );
    let (_, d) = details("CS-E3").await;
    assert_eq!((d.ethnicity, d.care_status), (Ethnicity::NotStated, CareStatus::NotKnown));
}

#[tokio::test]
async fn a_job_resumes_only_from_its_own_file_and_by_the_thresholds_it_started_with() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (store, _, council) = small_world(&data).await;
    let file = write(dir.path(), "council.csv", &council_file());
    // Wide thresholds: all but the certain wait for review.
    let wide = Thresholds { upper: 0.999_999_9, lower: 0.001 };
    let opts = ImportOptions { thresholds: wide, batch_rows: 10, max_batches: Some(1) };
    let stopped = import_people(&store, &council.code, &file, &opts).await.unwrap();
    let job = stopped.job.unwrap();
    let j = store.import_job(job).await.unwrap().unwrap();
    assert_eq!(j.thresholds, wide);
    assert_eq!(j.file_sha256.len(), 64);

    // Another file with as many rows is not this job's.
    let other = write(dir.path(), "other.csv", &council_file().replace("Quartermaine", "Quartermayne"));
    let err = resume(&store, job, Some(&other), &ImportOptions::default()).await.unwrap_err();
    assert!(err.to_string().contains("SHA-256"), "{err}");
    assert_eq!(store.import_job(job).await.unwrap().unwrap().rows_done, 10, "nothing written");

    // Resumed with the default options, it still decides by the thresholds it started with: the same
    // as one uninterrupted run with them.
    let resumed = resume(&store, job, None, &ImportOptions::default()).await.unwrap();
    assert!(resumed.finished);
    let whole_dir = tempfile::tempdir().unwrap();
    let (whole, _, council2) = small_world(&whole_dir.path().join("data")).await;
    let straight =
        import_people(&whole, &council2.code, &file, &ImportOptions { thresholds: wide, ..ImportOptions::default() })
            .await
            .unwrap();
    assert_eq!((stopped.queued + resumed.queued, stopped.linked + resumed.linked), (straight.queued, straight.linked));
    assert!(straight.queued > 0);
    // `haven import resume` takes no thresholds: they are the job's.
    let err = haven(&data, &["import", "resume", "--job", &job.to_string(), "--upper", "0.5"]).await.unwrap_err();
    assert!(err.to_string().contains("--upper"), "{err}");
}

#[tokio::test]
async fn an_enormous_line_is_refused_by_row_without_reading_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, council) = small_world(&dir.path().join("data")).await;
    let mut text = format!("{HEADER}CS-1,council,Sian,Evans,2011-02-28,F,\nCS-2,council,");
    text.push_str(&"x".repeat(haven_import::MAX_ROW_BYTES + 10));
    text.push_str(",Evans,2011-02-28,F,\n");
    let file = write(dir.path(), "huge.csv", &text);
    let people = store.count_people().await.unwrap();
    let err = import_people(&store, &council.code, &file, &ImportOptions::default()).await.unwrap_err();
    assert!(format!("{err:#}").contains("row 2 is longer than"), "{err:#}");
    assert_eq!(store.count_people().await.unwrap(), people, "nothing imported");
}

#[tokio::test]
async fn a_child_twice_either_side_of_a_stop_is_still_one_person_after_resuming() {
    // Rows 1 and 12 are one new child; the job stops after the first batch of ten.
    let mut text = format!("{HEADER}CS-A,council,Araminta,Fortescue,2014-03-12,F,LL57 2AB\n");
    for k in 0..10 {
        let (i, j) = (k % 10, (k * 5) % 6);
        text += &format!("CS-K{k},council,{},{},{},,\n", FIRSTS[i], SURS[j], dob(i, j));
    }
    text += "CS-A2,council,Araminta,Fortescue,2014-03-12,F,\n";
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let file = write(a.path(), "council.csv", &text);
    let opts = ImportOptions { batch_rows: 10, ..ImportOptions::default() };

    let (whole, _, council) = small_world(&a.path().join("data")).await;
    let straight = import_people(&whole, &council.code, &file, &opts).await.unwrap();
    let (store, _, council) = small_world(&b.path().join("data")).await;
    let stopped =
        import_people(&store, &council.code, &file, &ImportOptions { max_batches: Some(1), ..opts }).await.unwrap();
    let job = stopped.job.unwrap();
    let resumed = resume(&store, job, None, &opts).await.unwrap();
    assert!(resumed.finished);

    let records = store.job_source_records(job).await.unwrap();
    let person_of = |id: &str| records.iter().find(|r| r.fields.record_id == id).unwrap().person_id.unwrap();
    assert_eq!(person_of("CS-A"), person_of("CS-A2"), "row 12 joins the child row 1 made before the stop");
    assert_eq!(shape(&store, job).await, shape(&whole, straight.job.unwrap()).await);
    assert_eq!(store.count_people().await.unwrap(), whole.count_people().await.unwrap());
}

/// The import bypass: an agency in no agreement imports a row naming a police child exactly. It
/// must not become a holder of the police's child (and so see the police's record and episodes):
/// the row makes a person of its own, and the police's child keeps the police as its only holder.
#[tokio::test]
async fn an_agency_in_no_agreement_cannot_link_its_way_into_another_agencys_child() {
    let dir = tempfile::tempdir().unwrap();
    let (store, police, _) = small_world(dir.path()).await;
    let outsider = Agency {
        id: AgencyId::new(),
        code: code("NOBODY"),
        name: "A charity in no agreement".into(),
        kind: AgencyKind::RhiProvider,
        area_id: None,
    };
    store.create_agency(&outsider, &event(AuditAction::AgencyCreate)).await.unwrap();
    let child = format!("{},{},{}", FIRSTS[0], SURS[0], dob(0, 0));
    let file = write(dir.path(), "one.csv", &format!("{HEADER}X-1,charity,{child},F,\n"));
    haven(dir.path(), &["import", "people", "--agency", "NOBODY", "--file", file.to_str().unwrap()]).await.unwrap();

    let query = PersonQuery { name: Some(FIRSTS[0].into()), ..PersonQuery::default() };
    let found =
        store.search_people(&query, &[police.id, outsider.id], 10, &event(AuditAction::PersonSearch)).await.unwrap();
    let same: Vec<_> =
        found.iter().filter(|p| p.family_name == SURS[0] && p.date_of_birth == Some(dob(0, 0))).collect();
    assert_eq!(same.len(), 2, "the charity's row is a person of its own: {found:?}");
    for p in same {
        let holders = store.person_holders(p.id).await.unwrap();
        assert_eq!(holders.len(), 1, "nobody holds both: {holders:?}");
    }
}
