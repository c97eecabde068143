//! Warning markers and NRM referrals as the application layer keeps them, on a real store: the
//! age and approval rules refused by field with nothing written, approval by a supervisor who is
//! not the raiser (of a partner agency too), reviews by the owner only, overdue listing cut to
//! what the caller sees, and decisions in order.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise")]

use chrono::{Duration, Months};
use haven_app::admin::{NewAgreement, Operator};
use haven_app::markers::{DecisionForm, MarkerForm, ReferralForm, ReviewForm};
use haven_app::{Caller, Failure};
use haven_domain::audit::{AuditAction, AuditEvent};
use haven_domain::ids::PersonId;
use haven_domain::marker::MarkerStatus;
use haven_domain::person::{Person, PersonForm};
use haven_domain::uktime::uk_date;
use haven_domain::user::{User, Username};
use haven_store::{AuditStore, MarkerStore, PersonStore, Store, UserStore};
use haven_store_sqlite::SqliteStore;

struct Install {
    store: SqliteStore,
    /// A 12-year-old held by the police; an 8-year-old held by the police; a child the council
    /// alone holds, with no agreement reaching the charity.
    twelve: PersonId,
    eight: PersonId,
    _dir: tempfile::TempDir,
}

fn today() -> chrono::NaiveDate {
    uk_date(chrono::Utc::now())
}

fn day(offset: i64) -> String {
    (today() + Duration::days(offset)).to_string()
}

impl Install {
    async fn new() -> Install {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).await.unwrap();
        let cli = Operator::command_line(&store);
        let police = cli.create_agency("SWP", "South Wales Police", "police", "", "test").await.unwrap();
        cli.create_agency("CARDIFF-CS", "Cardiff CS", "local_authority", "", "test").await.unwrap();
        cli.create_agency("CHARITY", "A charity", "rhi_provider", "", "test").await.unwrap();
        for (name, agency, role) in [
            ("pc.jones", "SWP", "practitioner"),
            ("sgt.evans", "SWP", "supervisor"),
            ("sw.davies", "CARDIFF-CS", "practitioner"),
            ("tm.rees", "CARDIFF-CS", "supervisor"),
            ("charity.lead", "CHARITY", "supervisor"),
        ] {
            cli.create_user(name, agency, role, "", "test").await.unwrap();
        }
        let agreement = NewAgreement {
            name: "Exploitation ISP",
            purpose: "safeguarding",
            members: vec!["SWP", "CARDIFF-CS"],
            classes: vec!["identity", "warning_marker", "nrm"],
            to: vec!["police", "local_authority"],
            scope: "cohort",
            roles: "all",
            starts_on: "2020-01-01",
            ends_on: "",
            review_on: "",
        };
        cli.create_agreement(&agreement, "test").await.unwrap();
        let child = |given: &str, years: u32| PersonForm {
            given_name: given.into(),
            family_name: "Morgan".into(),
            date_of_birth: Some((today() - Months::new(12 * years) - Duration::days(30)).to_string()),
            sex: "female".into(),
            ..PersonForm::default()
        };
        let mut ids = Vec::new();
        for (given, years) in [("Cerys", 12), ("Elin", 8)] {
            let now = chrono::Utc::now();
            let details = child(given, years).parse(today(), None, None).unwrap();
            let person = Person::new(details, police.id, None, now);
            let audit = AuditEvent::system("test", AuditAction::PersonCreate, "test", now).person(person.id);
            store.create_person(&person, &audit).await.unwrap();
            ids.push(person.id);
        }
        Install { store, twelve: ids[0], eight: ids[1], _dir: dir }
    }

    async fn user(&self, name: &str) -> User {
        let name = Username::parse(name).unwrap();
        self.store.user_with_credentials(&name).await.unwrap().unwrap().0
    }
}

async fn caller<'a>(store: &'a SqliteStore, user: &'a User) -> Caller<'a> {
    Caller::load(store as &dyn Store, user).await.unwrap()
}

fn problems(result: Result<impl std::fmt::Debug, Failure>) -> Vec<(String, &'static str)> {
    match result {
        Err(Failure::Invalid(e)) => e.0.into_iter().map(|p| (p.field, p.code)).collect(),
        other => panic!("expected field problems, got {other:?}"),
    }
}

fn form<'a>(kind: &'a str, start: &'a str, review: &'a str) -> MarkerForm<'a> {
    MarkerForm {
        marker_type: kind,
        reason: "Seen with older males at the station.",
        source_agency: "",
        source_note: "MACE",
        starts_on: start,
        review_on: review,
    }
}

async fn markers_in_store(install: &Install) -> usize {
    let mut n = 0;
    for child in [install.twelve, install.eight] {
        let audit = AuditEvent::system("test", AuditAction::MarkerList, "test", chrono::Utc::now());
        n += install.store.person_markers(child, &audit).await.unwrap().len();
    }
    n
}

#[tokio::test]
async fn bad_markers_are_refused_by_field_and_nothing_is_written() {
    let install = Install::new().await;
    let pc = install.user("pc.jones").await;
    let pc = caller(&install.store, &pc).await;
    let (start, far) = (day(-1), day(400));
    let weapons = pc.raise_person_marker(install.eight, &form("weapons", &start, &day(30)), "test").await;
    assert_eq!(problems(weapons), [("marker_type".to_owned(), "under-age-of-criminal-responsibility")]);
    let far_review = pc.raise_person_marker(install.twelve, &form("at_risk_cce", &start, &far), "test").await;
    assert_eq!(problems(far_review), [("review_on".to_owned(), "review-more-than-12-months")]);
    let unknown = MarkerForm { source_agency: "NOBODY", ..form("at_risk_cse", &start, "soon") };
    assert_eq!(
        problems(pc.raise_person_marker(install.twelve, &unknown, "test").await),
        [("review_on".to_owned(), "date-format"), ("source_agency".to_owned(), "unknown-agency")]
    );
    assert_eq!(markers_in_store(&install).await, 0);
    // A 12-year-old may carry an offending marker, pending approval like any child's.
    let m = pc.raise_person_marker(install.twelve, &form("weapons", &start, &day(90)), "test").await.unwrap();
    assert_eq!(m.status(), MarkerStatus::Pending);
    assert_eq!(markers_in_store(&install).await, 1);
    let trail = install.store.person_audit(install.twelve, 10).await.unwrap();
    assert!(trail.iter().any(|e| e.detail.as_deref() == Some("marker: weapons, pending")));
}

#[tokio::test]
async fn a_childs_marker_is_approved_by_another_supervisor_and_reviewed_by_its_owner() {
    let install = Install::new().await;
    let (sgt, tm, sw, charity) = (
        install.user("sgt.evans").await,
        install.user("tm.rees").await,
        install.user("sw.davies").await,
        install.user("charity.lead").await,
    );
    let sgt = caller(&install.store, &sgt).await;
    let m = sgt.raise_person_marker(install.twelve, &form("county_lines", &day(-10), &day(60)), "test").await.unwrap();
    // The sergeant who raised it may not approve it.
    assert_eq!(problems(sgt.approve_marker(m.id, None, "test").await), [("marker".to_owned(), "approver-is-raiser")]);
    // A practitioner may not approve; a charity that sees nothing is told nothing.
    let sw = caller(&install.store, &sw).await;
    assert!(matches!(sw.approve_marker(m.id, None, "test").await, Err(Failure::Forbidden("role-not-permitted"))));
    let charity = caller(&install.store, &charity).await;
    assert!(matches!(charity.approve_marker(m.id, None, "test").await, Err(Failure::NotFound)));
    assert!(charity.person_markers(install.twelve, "test").await.is_err());
    // The council's team manager sees the child and approves; a stale version is a conflict.
    let tm = caller(&install.store, &tm).await;
    assert!(matches!(tm.approve_marker(m.id, Some(9), "test").await, Err(Failure::Conflict)));
    let approved = tm.approve_marker(m.id, Some(1), "test").await.unwrap();
    assert_eq!((approved.status(), approved.version), (MarkerStatus::Active, 2));
    // Only the police (its owner) review it.
    let keep = ReviewForm { outcome: "keep", reviewed_on: "", next_review_on: &day(200), note: "Still at risk." };
    assert!(matches!(
        tm.review_marker(m.id, None, &keep, "test").await,
        Err(Failure::Forbidden("owned-by-another-agency"))
    ));
    let too_far = ReviewForm { next_review_on: &day(400), ..keep };
    assert_eq!(
        problems(sgt.review_marker(m.id, None, &too_far, "test").await),
        [("next_review_on".to_owned(), "review-more-than-12-months")]
    );
    let kept = sgt.review_marker(m.id, Some(2), &keep, "test").await.unwrap();
    assert_eq!((kept.version, kept.reviews.len()), (3, 1));
    // The council sees it on the child's record.
    let seen = sw.person_markers(install.twelve, "test").await.unwrap();
    assert_eq!(seen.markers.iter().map(|m| m.id).collect::<Vec<_>>(), [m.id]);
}

#[tokio::test]
async fn overdue_reviews_are_listed_for_those_who_see_them() {
    let install = Install::new().await;
    let (pc, sw, charity) =
        (install.user("pc.jones").await, install.user("sw.davies").await, install.user("charity.lead").await);
    let pc = caller(&install.store, &pc).await;
    // Raised in the past with a review date that has passed (an adult-free world: children's
    // markers are pending, and pending ones are overdue too).
    let m = pc.raise_person_marker(install.twelve, &form("at_risk_cse", &day(-100), &day(-3)), "test").await.unwrap();
    pc.raise_person_marker(install.twelve, &form("at_risk_cce", &day(-100), &day(30)), "test").await.unwrap();
    let overdue = pc.overdue_markers("test").await.unwrap();
    assert_eq!(overdue.iter().map(|r| r.marker.id).collect::<Vec<_>>(), [m.id]);
    assert_eq!(overdue[0].label, "Cerys Morgan");
    let sw = caller(&install.store, &sw).await;
    assert_eq!(sw.overdue_markers("test").await.unwrap().len(), 1, "shared with the council");
    let charity = caller(&install.store, &charity).await;
    assert!(charity.overdue_markers("test").await.unwrap().is_empty(), "nothing shared with the charity");
    // The priority list's read of a cohort: the open markers of each child the caller sees.
    let holders = install.store.person_holders(install.twelve).await.unwrap();
    let open = sw.open_markers_of(&[(install.twelve, holders.clone())]).await.unwrap();
    assert_eq!(open.get(&install.twelve).map(Vec::len), Some(2));
    assert!(charity.open_markers_of(&[(install.twelve, holders)]).await.unwrap().is_empty());
}

#[tokio::test]
async fn nrm_referrals_and_decisions_are_refused_out_of_order() {
    let install = Install::new().await;
    let (sw, pc) = (install.user("sw.davies").await, install.user("pc.jones").await);
    let sw = caller(&install.store, &sw).await;
    let referral = ReferralForm {
        first_responder: "local_authority",
        first_responder_note: "",
        referred_on: &day(-50),
        exploitation: "cce",
    };
    let r = sw.refer_nrm(install.twelve, &referral, "test").await.unwrap();
    let before = DecisionForm { stage: "reasonable_grounds", outcome: "positive", decided_on: &day(-51) };
    assert_eq!(
        problems(sw.decide_nrm(r.id, None, &before, "test").await),
        [("decided_on".to_owned(), "decision-before-referral")]
    );
    let cg_first = DecisionForm { stage: "conclusive_grounds", outcome: "positive", decided_on: &day(-5) };
    assert_eq!(
        problems(sw.decide_nrm(r.id, None, &cg_first, "test").await),
        [("stage".to_owned(), "needs-reasonable-grounds")]
    );
    // The police see the referral but it is the council's to decide.
    let pc = caller(&install.store, &pc).await;
    let rg = DecisionForm { stage: "reasonable_grounds", outcome: "positive", decided_on: &day(-10) };
    assert!(matches!(pc.decide_nrm(r.id, None, &rg, "test").await, Err(Failure::Forbidden("owned-by-another-agency"))));
    let decided = sw.decide_nrm(r.id, Some(1), &rg, "test").await.unwrap();
    assert_eq!(decided.times(today()).rg_days, Some(40));
    let cg_early = DecisionForm { decided_on: &day(-11), ..cg_first };
    assert_eq!(
        problems(sw.decide_nrm(r.id, None, &cg_early, "test").await),
        [("decided_on".to_owned(), "conclusive-before-reasonable")]
    );
    sw.decide_nrm(r.id, Some(2), &cg_first, "test").await.unwrap();
    let (seen, may_refer) = pc.person_nrm(install.twelve, "test").await.unwrap();
    assert_eq!(seen.len(), 1);
    assert!(may_refer);
    assert!(seen[0].conclusive_grounds.is_some());
}
