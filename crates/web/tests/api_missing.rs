//! The missing-episode API as a client meets it: report, read, regrade, notes, return, return
//! home interview and a child's missing summary; what each kind of agency may do and see; and
//! bad input refused with the field named and nothing written. The harness (`api_util`) is
//! shared with `tests/api.rs`; every test runs on SQLite and on PostgreSQL.
//!
//! Run: `HAVEN_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo test -p haven-web --test api_missing`

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[macro_use]
#[allow(dead_code, reason = "the harness is shared with tests/api.rs; each binary uses part of it")]
mod api_util;

use api_util::*;
use axum::http::{Method, StatusCode, header};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use haven_domain::agency::AgencyKind;
use haven_domain::audit::{AuditAction, SubjectKind};
use haven_domain::ids::{AgencyId, AgreementId, LocationId, PersonId, PlacementId};
use haven_domain::location::{Location, LocationKind, Placement, PlacementKind};
use haven_domain::missing::MissingEpisode;
use haven_domain::missing::episode::RISK_QUESTIONS;
use haven_domain::sharing::{Agreement, Grant, RecordClass, Roles, Scope};
use haven_domain::user::Role;
use serde_json::{Value, json};

/// The API harness with a return home interview provider and a school that share with the
/// police under an agreement in force, and a user of each.
struct World {
    api: Api,
    rhi_provider: AgencyId,
    /// A practitioner of the RHI provider.
    rhi_token: String,
    /// A practitioner of the school.
    school_token: String,
}

impl World {
    async fn new(backend: Backend) -> World {
        let api = Api::new(backend).await;
        let rhi = agency("Llwybrau Return Interviews", "LLWYBRAU-RHI", AgencyKind::RhiProvider);
        let school = agency("Ysgol Morlais", "YSGOL-MORLAIS", AgencyKind::Education);
        for a in [&rhi, &school] {
            api.store.create_agency(a, &system(AuditAction::AgencyCreate)).await.unwrap();
        }
        let agreement = Agreement {
            id: AgreementId::new(),
            name: "Missing children: return interviews and schools".into(),
            purpose: "safeguarding".into(),
            members: vec![api.police, rhi.id, school.id],
            grants: Agreement::share_everything(),
            starts_on: today() - Duration::days(30),
            ends_on: None,
            review_on: None,
        };
        api.store.create_agreement(&agreement, &system(AuditAction::AgreementCreate)).await.unwrap();
        let (_, rhi_token) = Api::user(&api.store, "rhi.worker", rhi.id, Role::Practitioner, false).await;
        let (_, school_token) = Api::user(&api.store, "school.dsl", school.id, Role::Practitioner, false).await;
        World { api, rhi_provider: rhi.id, rhi_token, school_token }
    }

    fn practitioner(&self) -> Option<&str> {
        Some(self.api.token(Role::Practitioner))
    }

    async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Reply {
        self.api.send_json(Method::POST, path, token, &body.to_string()).await
    }

    async fn report(&self, token: Option<&str>, body: &Value) -> Reply {
        self.post("/api/v1/missing-episodes", token, body).await
    }

    /// Reports `person` missing with the issue's minimal body, `hours_ago` hours ago (last seen
    /// two hours before), and returns the episode's id.
    async fn reported(&self, person: PersonId, hours_ago: i64) -> String {
        let reply = self.report(self.practitioner(), &minimal(person, hours_ago)).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
        reply.json["id"].as_str().unwrap().to_owned()
    }

    /// Records the return of episode `id`, `hours_ago` hours ago.
    async fn returned(&self, id: &str, hours_ago: i64) -> Reply {
        let body = json!({"returned_at": at(hours_ago)});
        let reply = self.post(&format!("/api/v1/missing-episodes/{id}/return"), self.practitioner(), &body).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
        reply
    }

    /// The person's episodes as the store holds them: what a refused request must leave alone.
    async fn episodes(&self, person: PersonId) -> Vec<MissingEpisode> {
        self.api.store.person_episodes(person, &system(AuditAction::EpisodeList).person(person)).await.unwrap()
    }

    async fn location(&self, kind: LocationKind, name: &str) -> LocationId {
        let location = Location {
            id: LocationId::new(),
            kind,
            name: Some(name.into()),
            address: "1 Heol y Coed, Pontypridd".into(),
            postcode: None,
            area_id: None,
            coordinates: None,
        };
        self.api.store.create_location(&location, &system(AuditAction::LocationCreate)).await.unwrap();
        location.id
    }

    async fn finish(self) {
        self.api.finish().await;
    }
}

/// A time `hours_ago` hours ago as a client sends it (RFC 3339, to the second, `Z`).
fn at(hours_ago: i64) -> String {
    rfc3339(Utc::now() - Duration::hours(hours_ago))
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn time(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap().with_timezone(&Utc)
}

/// The issue's minimal report: person, reported and last seen, grade and rationale, and (the
/// grade being high) the risk questionnaire answered.
fn minimal(person: PersonId, hours_ago: i64) -> Value {
    json!({
        "person_id": person.to_string(),
        "reported_at": at(hours_ago),
        "last_seen_at": at(hours_ago + 2),
        "risk_grade": "high",
        "risk_rationale": "Aged 14, out of character, believed to be with an older male",
        "answers": questionnaire(&[("with_whom", "yes")]),
    })
}

/// Every question of the risk questionnaire answered "not known", but for `answers`.
fn questionnaire(answers: &[(&str, &str)]) -> Value {
    let all: serde_json::Map<String, Value> = RISK_QUESTIONS
        .iter()
        .map(|q| {
            let answer = answers.iter().find(|(a, _)| a == q).map_or("not_known", |(_, v)| *v);
            ((*q).to_owned(), json!(answer))
        })
        .collect();
    Value::Object(all)
}

fn with(mut body: Value, changes: &Value) -> Value {
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            body.as_object_mut().unwrap().remove(k);
        } else {
            body[k] = v.clone();
        }
    }
    body
}

/// The `(field, code)` pairs a refusal is expected to name, in order.
type Problems = Vec<(&'static str, &'static str)>;

fn codes(reply: &Reply) -> Vec<(String, String)> {
    reply.problems().into_iter().map(|(f, c)| (f.unwrap_or_default(), c)).collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(f, c)| ((*f).to_owned(), (*c).to_owned())).collect()
}

// ---------------------------------------------------------------------------------------------
// From report to return home interview

async fn the_provider_records_its_tries_at_the_interview_while_it_is_owed(backend: Backend) {
    let w = World::new(backend).await;
    let id = w.reported(w.api.sian, 30).await;
    let path = format!("/api/v1/missing-episodes/{id}/rhi-attempts");
    let call = json!({"step": "phone", "at": at(1), "worker": "Sam Price", "note": "No answer"});
    let early = w.post(&path, Some(&w.rhi_token), &call).await;
    assert_eq!(codes(&early.problem(StatusCode::UNPROCESSABLE_ENTITY)), pairs(&[("episode", "not-returned")]));
    w.returned(&id, 20).await;
    let bad = json!({"step": "pigeon", "at": at(25), "worker": " "});
    let refused = w.post(&path, Some(&w.rhi_token), &bad).await.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(codes(&refused), pairs(&[("step", "unknown-code"), ("at", "before-return"), ("worker", "required")]));
    let done = w.post(&path, Some(&w.rhi_token), &call).await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.json);
    assert_eq!((done.json["step"].as_str(), done.json["version"].clone()), (Some("phone"), json!(3)));
    // The police and a school do not record the interview; it is still owed.
    let police = w.post(&path, w.practitioner(), &call).await;
    assert!(police.problem(StatusCode::FORBIDDEN).has_problem(None, "forbidden"));
    let school = w.post(&path, Some(&w.school_token), &call).await;
    assert!(school.problem(StatusCode::FORBIDDEN).has_problem(None, "forbidden"));
    let e = w.api.get(&format!("/api/v1/missing-episodes/{id}"), Some(&w.rhi_token)).await;
    assert_eq!((e.json["rhi"].clone(), e.json["version"].clone()), (Value::Null, json!(3)));
    w.finish().await;
}

async fn a_child_is_reported_graded_noted_returned_and_interviewed(backend: Backend) {
    let w = World::new(backend).await;
    let token = w.practitioner();
    let sian = w.api.sian;

    // The issue's minimal body is enough.
    let body = minimal(sian, 3);
    let created = w.report(token, &body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json);
    let e = &created.json;
    let id = e["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/missing-episodes/{id}");
    assert_eq!(created.headers.get(header::LOCATION).unwrap(), path.as_str());
    assert_eq!((e["version"].clone(), e["person_id"].clone()), (json!(1), json!(sian.to_string())));
    assert_eq!((e["view"].as_str(), e["status"].as_str()), (Some("full"), Some("missing")));
    assert_eq!(
        (e["reported_at"].clone(), e["last_seen_at"].clone()),
        (body["reported_at"].clone(), body["last_seen_at"].clone())
    );
    assert_eq!(e["risk_grade"], "high");
    assert_eq!(e["gradings"][0]["rationale"], body["risk_rationale"]);
    assert_eq!(e["gradings"][0]["rules_version"], "haven-default-2026-11");
    assert_eq!(e["gradings"][0]["graded_by"], json!(w.api.actors[&Role::Practitioner].user_id.to_string()));
    assert_eq!((e["last_seen_where"].as_str(), e["reporter"].as_str()), (Some("not recorded"), Some("other")));
    // Graded high three hours ago: the hourly supervisor review is overdue.
    let reviews = e["reviews_due"].as_array().unwrap();
    assert_eq!(reviews.len(), 2, "{}", e["reviews_due"]);
    assert_eq!((reviews[0]["kind"].as_str(), reviews[0]["overdue"].as_bool()), (Some("supervisor"), Some(true)));
    assert_eq!(
        (e["return"].clone(), e["rhi"].clone(), e["rhi_due_at"].clone()),
        (Value::Null, Value::Null, Value::Null)
    );

    // What was reported is what is read, and the read is audited on the child's trail.
    let read = w.api.get(&path, token).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.json);
    assert_eq!(read.json, created.json);
    let viewed = w.api.trail(sian).await.into_iter().any(|a| {
        a.action == AuditAction::EpisodeView
            && a.subject_kind == SubjectKind::Episode
            && a.subject_id.map(|s| s.to_string()) == Some(id.clone())
            && a.actor.is_some_and(|actor| actor.role == Role::Practitioner)
            && a.purpose == "GET /api/v1/missing-episodes/{id}"
    });
    assert!(viewed, "the read is on the child's audit trail");

    // A regrade with its rationale; one made from the old version is refused.
    let regrade = json!({"version": 1, "risk_grade": "medium", "risk_rationale": "Seen on CCTV with her sister",
        "answers": {"with_whom": "yes", "medical_needs": "no"}});
    let regraded = w.post(&format!("{path}/grade"), token, &regrade).await;
    assert_eq!(regraded.status, StatusCode::OK, "{}", regraded.json);
    assert_eq!((regraded.json["version"].clone(), regraded.json["risk_grade"].clone()), (json!(2), json!("medium")));
    let gradings = regraded.json["gradings"].as_array().unwrap();
    assert_eq!(gradings.iter().map(|g| g["grade"].as_str().unwrap()).collect::<Vec<_>>(), ["high", "medium"]);
    assert_eq!(gradings[1]["answers"], json!({"medical_needs": "no", "with_whom": "yes"}));
    let stale = w.post(&format!("{path}/grade"), token, &with(regrade.clone(), &json!({"risk_grade": "low"}))).await;
    assert!(stale.problem(StatusCode::CONFLICT).has_problem(Some("version"), "version-conflict"));
    assert_eq!(w.api.get(&path, token).await.json, regraded.json, "what the regrade returned is what is read");

    // A sighting.
    let sighting = json!({"kind": "sighting", "at": at(1), "text": "Seen at the bus station"});
    let noted = w.post(&format!("{path}/notes"), token, &sighting).await;
    assert_eq!(noted.status, StatusCode::CREATED, "{}", noted.json);
    assert_eq!(noted.json["version"], 3);
    assert_eq!(
        (noted.json["notes"][0]["kind"].as_str(), noted.json["notes"][0]["at"].clone()),
        (Some("sighting"), sighting["at"].clone())
    );

    // The return, with only `returned_at`: the RHI's 72-hour clock starts.
    let returned_at = at(0);
    let back = w.post(&format!("{path}/return"), token, &json!({"returned_at": returned_at})).await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.json);
    assert_eq!((back.json["version"].clone(), back.json["status"].as_str()), (json!(4), Some("returned")));
    assert_eq!(back.json["return"]["returned_at"], json!(returned_at));
    assert_eq!(time(&back.json["rhi_due_at"]), time(&json!(returned_at)) + Duration::hours(72));
    assert_eq!(back.json["reviews_due"], json!([]), "no reviews once the child is back");
    assert_eq!(w.api.get(&path, token).await.json, back.json);

    // The provider holds the interview and sees no police intelligence.
    let interview = json!({"outcome": "held", "offered_by": "Llwybrau duty worker", "interviewer_independent": true, "consent_to_share": "given", "held_at": returned_at, "in_person": true,
        "child_wants": "To see my sister more", "push_factors": "Rows at home", "version": 4});
    let rhi = w.post(&format!("{path}/rhi"), Some(&w.rhi_token), &interview).await;
    assert_eq!(rhi.status, StatusCode::OK, "{}", rhi.json);
    let r = &rhi.json;
    assert_eq!((r["view"].as_str(), r["version"].clone()), (Some("rhi_work"), json!(5)));
    assert_eq!((r["rhi"]["outcome"].as_str(), r["rhi"]["held_by"].as_str()), (Some("held"), Some("LLWYBRAU-RHI")));
    assert_eq!(r["rhi"]["child_wants"], "To see my sister more");
    assert_eq!(
        (
            r["rhi"]["offered_by"].as_str(),
            r["rhi"]["interviewer_independent"].clone(),
            r["rhi"]["consent_to_share"].as_str()
        ),
        (Some("Llwybrau duty worker"), json!(true), Some("given"))
    );
    assert_eq!(
        (r["risk_grade"].clone(), r["gradings"].clone(), r["notes"].clone()),
        (Value::Null, json!([]), json!([]))
    );
    assert_eq!((r["last_seen_where"].as_str(), r["police_reference"].clone()), (Some(""), Value::Null));
    assert_eq!(r["rhi_due_at"], Value::Null, "the interview is done");
    let stored = &w.episodes(sian).await[0];
    assert_eq!(stored.rhi.as_ref().unwrap().held_by, Some(w.rhi_provider));
    assert_eq!(stored.version, 5);

    let summary = w.api.get(&format!("/api/v1/people/{sian}/missing-summary"), token).await;
    assert_eq!(summary.status, StatusCode::OK, "{}", summary.json);
    let s = &summary.json;
    assert_eq!((s["episodes_total"].clone(), s["episodes_90d"].clone()), (json!(1), json!(1)));
    assert_eq!((s["currently_missing"].clone(), s["rhi_due_at"].clone()), (json!(false), Value::Null));
    assert_eq!((s["flags"].clone(), s["view"].as_str()), (json!([]), Some("full")));
    w.finish().await;
}

async fn a_full_report_keeps_every_field_and_the_summary_flags_the_placement(backend: Backend) {
    let w = World::new(backend).await;
    let token = w.practitioner();
    let home = w.location(LocationKind::ChildrensHome, "Tŷ Gwyn").await;
    let body = with(
        minimal(w.api.sian, 1),
        &json!({
            "last_seen_where": "Outside the children's home",
            "reporter": "childrens_home_staff",
            "from_location_id": home.to_string(),
            "circumstances": "Left after an argument with staff",
            "police_reference": "MOR-2611-0042",
            "risk_grade": "medium",
            "answers": {"out_of_character": "yes", "with_whom": "not_known"},
        }),
    );
    let created = w.report(token, &body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json);
    let e = &created.json;
    for field in ["last_seen_where", "reporter", "circumstances", "police_reference"] {
        assert_eq!(e[field], body[field], "{field}");
    }
    // Siân's record names no placing and host authority: she is not placed out of area.
    assert_eq!(e["out_of_area"], json!(false));
    assert_eq!(e["from_location_id"], json!(home.to_string()));
    assert_eq!(e["gradings"][0]["answers"], json!({"out_of_character": "yes", "with_whom": "not_known"}));
    let id = e["id"].clone();

    let summary = w.api.get(&format!("/api/v1/people/{}/missing-summary", w.api.sian), token).await;
    assert_eq!(summary.status, StatusCode::OK, "{}", summary.json);
    let flags: Vec<(&str, &Value)> = summary.json["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["code"].as_str().unwrap(), &f["episodes"]))
        .collect();
    let one = json!([id]);
    assert_eq!(flags, [("currently_missing", &one), ("missing_from_childrens_home", &one)]);
    assert_eq!((summary.json["currently_missing"].clone(), summary.json["open_episode_id"].clone()), (json!(true), id));
    w.finish().await;
}

async fn the_summary_counts_flags_repeats_and_owes_the_rhi_of_the_last_return(backend: Backend) {
    let w = World::new(backend).await;
    let token = w.practitioner();
    let cerys = w.api.cerys;
    // Three episodes in 90 days: a long one 60 days ago, one 20 days ago, and one open now.
    let long = w.reported(cerys, 60 * 24).await;
    w.returned(&long, 60 * 24 - 30).await;
    let second = w.reported(cerys, 20 * 24).await;
    let back = w.returned(&second, 20 * 24 - 5).await;
    let open = w.reported(cerys, 2).await;
    // Cerys has lived in an asylum hotel for 30 days: the placement makes her an unaccompanied
    // asylum-seeking child in the episodes that began there, not in the one 60 days ago.
    let hotel = w.location(LocationKind::AsylumHotel, "Gwesty'r Orsaf").await;
    let placement = Placement {
        id: PlacementId::new(),
        person_id: cerys,
        location_id: hotel,
        kind: PlacementKind::CarePlacement,
        started_on: today() - Duration::days(30),
        ended_on: None,
        placing_authority: None,
    };
    w.api.store.add_placement(&placement, &system(AuditAction::PlacementAdd)).await.unwrap();

    let reply = w.api.get(&format!("/api/v1/people/{cerys}/missing-summary"), token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    let s = &reply.json;
    assert_eq!((s["episodes_total"].clone(), s["episodes_90d"].clone()), (json!(3), json!(3)));
    assert_eq!((s["currently_missing"].clone(), s["open_episode_id"].clone()), (json!(true), json!(open)));
    // The RHI owed is for the last return (the second episode), 72 hours after it.
    assert_eq!(time(&s["rhi_due_at"]), time(&back.json["return"]["returned_at"]) + Duration::hours(72));
    assert_eq!(s["rhi_overdue"], true);
    let all = json!([long, second, open]);
    let sorted = |v: &Value| {
        let mut ids: Vec<String> = v.as_array().unwrap().iter().map(|i| i.as_str().unwrap().to_owned()).collect();
        ids.sort();
        ids
    };
    let flags: Vec<(String, Value, Vec<String>)> = s["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["code"].as_str().unwrap().to_owned(), f["action"].clone(), sorted(&f["episodes"])))
        .collect();
    let expected = vec![
        ("currently_missing".to_owned(), Value::Null, sorted(&json!([open]))),
        ("repeat_missing".to_owned(), json!("strategy_discussion"), sorted(&all)),
        ("unaccompanied_asylum_seeking_child".to_owned(), Value::Null, sorted(&json!([second, open]))),
        ("long_episode".to_owned(), Value::Null, sorted(&json!([long]))),
    ];
    assert_eq!(flags, expected);

    // The summary is audited as a listing of the child's episodes.
    let listed = w
        .api
        .trail(cerys)
        .await
        .into_iter()
        .any(|a| a.action == AuditAction::EpisodeList && a.purpose == "GET /api/v1/people/{id}/missing-summary");
    assert!(listed);
    w.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Access

async fn each_agency_sees_and_does_what_the_policy_allows(backend: Backend) {
    let w = World::new(backend).await;
    let sian = w.api.sian;
    let id = w.reported(sian, 5).await;
    w.post(
        &format!("/api/v1/missing-episodes/{id}/notes"),
        w.practitioner(),
        &json!({"kind": "enquiry", "at": at(1), "text": "Called her friend's mother"}),
    )
    .await;
    w.returned(&id, 1).await;
    let path = format!("/api/v1/missing-episodes/{id}");
    let summary = format!("/api/v1/people/{sian}/missing-summary");
    let version = w.episodes(sian).await[0].version;

    // The RHI provider reads the episode without the police's grading, notes or intelligence,
    // and may neither grade nor return nor report.
    let seen = w.api.get(&path, Some(&w.rhi_token)).await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.json);
    assert_eq!(seen.json["view"], "rhi_work");
    assert_eq!((seen.json["gradings"].clone(), seen.json["notes"].clone()), (json!([]), json!([])));
    assert_eq!(seen.json["risk_grade"], Value::Null);
    assert!(seen.json["return"]["returned_at"].is_string(), "the provider sees when the child came back");
    assert!(seen.json["rhi_due_at"].is_string(), "and when the interview is due");
    let regrade = json!({"version": version, "risk_grade": "low", "risk_rationale": "Home"});
    let refused = [
        w.post(&format!("{path}/grade"), Some(&w.rhi_token), &regrade).await,
        w.post(&format!("{path}/return"), Some(&w.rhi_token), &json!({"returned_at": at(0)})).await,
        w.post(&format!("{path}/notes"), Some(&w.rhi_token), &json!({"kind": "action", "at": at(0), "text": "x"}))
            .await,
        w.report(Some(&w.rhi_token), &minimal(w.api.cerys, 1)).await,
    ];
    for reply in refused {
        assert!(reply.problem(StatusCode::FORBIDDEN).has_problem(None, "forbidden"));
    }

    // A school sees only that the pupil went missing and came back, and records nothing.
    let school = w.api.get(&path, Some(&w.school_token)).await;
    assert_eq!(school.status, StatusCode::OK, "{}", school.json);
    let e = &school.json;
    assert_eq!((e["view"].as_str(), e["status"].as_str()), (Some("notice_only"), Some("returned")));
    assert_eq!(
        (e["rhi"].clone(), e["rhi_due_at"].clone(), e["from_location_id"].clone()),
        (Value::Null, Value::Null, Value::Null)
    );
    assert_eq!((e["gradings"].clone(), e["circumstances"].as_str()), (json!([]), Some("")));
    let interview = json!({"outcome": "held", "offered_by": "Llwybrau duty worker", "interviewer_independent": true, "consent_to_share": "given", "held_at": at(0)});
    let rhi = w.post(&format!("{path}/rhi"), Some(&w.school_token), &interview).await;
    assert!(rhi.problem(StatusCode::FORBIDDEN).has_problem(None, "forbidden"));
    let s = w.api.get(&summary, Some(&w.school_token)).await;
    assert_eq!(s.status, StatusCode::OK, "{}", s.json);
    assert_eq!((s.json["view"].as_str(), s.json["episodes_total"].clone()), (Some("notice_only"), json!(1)));
    assert_eq!(s.json["rhi_due_at"], Value::Null, "a school does not see the RHI clock");

    // Another force, with no record of her and no agreement: answered as if nothing were
    // there, and the refusal audited.
    let dpp = Some(w.api.dpp_token.as_str());
    for reply in [
        w.api.get(&path, dpp).await,
        w.api.get(&summary, dpp).await,
        w.post(&format!("{path}/grade"), dpp, &regrade).await,
        w.post(&format!("{path}/rhi"), dpp, &interview).await,
    ] {
        assert!(reply.problem(StatusCode::NOT_FOUND).has_problem(None, "not-found"));
    }
    let refusals: Vec<_> = w
        .api
        .trail(sian)
        .await
        .into_iter()
        .filter(|a| a.actor.is_some_and(|actor| actor.agency_id == w.api.other_force))
        .map(|a| (a.action, a.detail.unwrap_or_default()))
        .collect();
    let mut refused: Vec<&str> = refusals.iter().map(|(a, _)| a.code()).collect();
    refused.sort_unstable();
    assert_eq!(refused, ["episode.regrade", "episode.rhi", "episode.view", "episode.view"]);
    assert_eq!(refusals.len(), 4, "{refusals:?}");
    assert!(refusals.iter().all(|(_, d)| d == "denied: not-shared"), "{refusals:?}");

    // Roles: an analyst reads but does not change; scrutiny and admin see no episode.
    assert_eq!(w.api.get(&path, Some(w.api.token(Role::Analyst))).await.status, StatusCode::OK);
    let analyst = w.post(&format!("{path}/grade"), Some(w.api.token(Role::Analyst)), &regrade).await;
    analyst.problem(StatusCode::FORBIDDEN);
    for role in [Role::Scrutiny, Role::Admin] {
        w.api.get(&path, Some(w.api.token(role))).await.problem(StatusCode::FORBIDDEN);
        w.api.get(&summary, Some(w.api.token(role))).await.problem(StatusCode::FORBIDDEN);
    }
    assert_eq!(w.episodes(sian).await[0].version, version, "no refused request wrote anything");

    // Without a token, every call is 401.
    let none = [
        w.api.get(&path, None).await,
        w.api.get(&summary, None).await,
        w.report(Some("haven_not-a-real-token"), &minimal(sian, 1)).await,
        w.post(&format!("{path}/return"), Some("haven_not-a-real-token"), &json!({"returned_at": at(0)})).await,
    ];
    for reply in none {
        reply.problem(StatusCode::UNAUTHORIZED);
    }
    w.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Bad input

async fn police_intelligence_granted_to_a_councils_supervisors_is_cut_for_its_practitioners(backend: Backend) {
    let w = World::new(backend).await;
    let council = agency("Bridgend Children's Services", "BRIDGEND-CS", AgencyKind::LocalAuthority);
    w.api.store.create_agency(&council, &system(AuditAction::AgencyCreate)).await.unwrap();
    let to_council = |class, roles| Grant { roles, ..Grant::new(class, AgencyKind::LocalAuthority, Scope::Cohort) };
    let agreement = Agreement {
        id: AgreementId::new(),
        name: "Exploitation ISP".into(),
        purpose: "safeguarding".into(),
        members: vec![w.api.police, council.id],
        grants: vec![
            to_council(RecordClass::Identity, Roles::ALL),
            to_council(RecordClass::EpisodeSummary, Roles::ALL),
            to_council(RecordClass::PoliceAssessment, Roles::only(&[Role::Supervisor, Role::MaceChair])),
        ],
        starts_on: today() - Duration::days(30),
        ends_on: None,
        review_on: None,
    };
    w.api.store.create_agreement(&agreement, &system(AuditAction::AgreementCreate)).await.unwrap();
    let (_, supervisor) = Api::user(&w.api.store, "bridgend.lead", council.id, Role::Supervisor, false).await;
    let (_, practitioner) = Api::user(&w.api.store, "bridgend.sw", council.id, Role::Practitioner, false).await;
    let id = w.reported(w.api.sian, 3).await;
    let path = format!("/api/v1/missing-episodes/{id}");

    let lead = w.api.get(&path, Some(&supervisor)).await;
    assert_eq!(lead.status, StatusCode::OK, "{}", lead.json);
    assert_eq!((lead.json["view"].as_str(), lead.json["risk_grade"].as_str()), (Some("full"), Some("high")));
    assert!(lead.json.to_string().contains("older male"), "the supervisor reads the rationale");
    let sw = w.api.get(&path, Some(&practitioner)).await;
    assert_eq!(sw.status, StatusCode::OK, "{}", sw.json);
    assert_eq!((sw.json["view"].as_str(), sw.json["risk_grade"].clone()), (Some("notice_only"), Value::Null));
    assert!(!sw.json.to_string().contains("older male"), "the grant is not for practitioners: {}", sw.json);
    w.finish().await;
}

async fn a_bad_report_names_every_field_and_writes_nothing(backend: Backend) {
    let w = World::new(backend).await;
    let token = w.practitioner();
    let sian = w.api.sian;
    let good = minimal(sian, 2);
    let unknown = PersonId::new().to_string();
    let cases: Vec<(Value, StatusCode, Problems)> = vec![
        (
            with(good.clone(), &json!({"last_seen_at": at(-3)})),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("last_seen_at", "in-future")],
        ),
        (
            with(good.clone(), &json!({"reported_at": at(-3)})),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("reported_at", "in-future")],
        ),
        (
            with(good.clone(), &json!({"last_seen_at": at(1)})),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("last_seen_at", "after-reported")],
        ),
        (
            with(good.clone(), &json!({"risk_rationale": null})),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("risk_rationale", "required")],
        ),
        (
            with(good.clone(), &json!({"risk_rationale": "  "})),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("risk_rationale", "required")],
        ),
        (
            with(good.clone(), &json!({"risk_grade": "very_low"})),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("risk_grade", "very-low-not-used")],
        ),
        (
            with(good.clone(), &json!({"risk_grade": "no_apparent_risk"})),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("risk_grade", "legacy-grade")],
        ),
        // 1996 typed for 2026.
        (
            with(good.clone(), &json!({"last_seen_at": rfc3339(Utc::now() - Duration::days(365 * 30))})),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("last_seen_at", "too-long-before-report")],
        ),
        // Out of area is haven's to work out, not the caller's to say.
        (
            with(good.clone(), &json!({"out_of_area": false})),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("out_of_area", "read-only")],
        ),
        (
            with(good.clone(), &json!({"risk_grade": "naira"})),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("risk_grade", "naira-not-enabled")],
        ),
        (
            with(good.clone(), &json!({"person_id": unknown})),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("person_id", "unknown-record")],
        ),
        (
            with(good.clone(), &json!({"person_id": null})),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("person_id", "required")],
        ),
        (
            with(good.clone(), &json!({"reported_at": "yesterday"})),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("reported_at", "not-a-time")],
        ),
        (
            with(good.clone(), &json!({"reporter": "neighbour"})),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("reporter", "unknown-code")],
        ),
        (
            with(
                good.clone(),
                &json!({"risk_grade": "medium", "answers": {"shoe_size": "yes", "with_whom": "perhaps"}}),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("answers.shoe_size", "unknown-code"), ("answers.with_whom", "unknown-code")],
        ),
        (
            with(good.clone(), &json!({"from_location_id": LocationId::new().to_string()})),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("from_location_id", "unknown-record")],
        ),
        (with(good.clone(), &json!({"shoe_size": 9})), StatusCode::BAD_REQUEST, vec![("shoe_size", "unknown-field")]),
        (
            with(good.clone(), &json!({"person_id": "not-an-id"})),
            StatusCode::BAD_REQUEST,
            vec![("person_id", "invalid-type")],
        ),
        (
            with(good.clone(), &json!({"out_of_area": "yes"})),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("out_of_area", "read-only")],
        ),
        // Everything wrong at once is named at once.
        (
            json!({"person_id": unknown, "reported_at": "yesterday", "last_seen_at": at(3), "reporter": "neighbour",
                "risk_grade": "very_low", "out_of_area": true}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![
                ("reported_at", "not-a-time"),
                ("reporter", "unknown-code"),
                ("risk_grade", "very-low-not-used"),
                ("risk_rationale", "required"),
                ("out_of_area", "read-only"),
                ("person_id", "unknown-record"),
            ],
        ),
    ];
    for (body, status, expected) in cases {
        let reply = w.report(token, &body).await.problem(status);
        assert_eq!(codes(&reply), pairs(&expected), "{body}");
    }
    // A high grade with questions left unanswered names each of them.
    let partial = with(good.clone(), &json!({"answers": {"out_of_character": "yes"}}));
    let reply = w.report(token, &partial).await.problem(StatusCode::UNPROCESSABLE_ENTITY);
    let unanswered: Vec<_> =
        RISK_QUESTIONS[1..].iter().map(|q| (format!("answers.{q}"), "required-for-high".to_owned())).collect();
    assert_eq!(codes(&reply), unanswered);
    assert!(w.episodes(sian).await.is_empty(), "nothing was written");

    // A second open episode for the same child.
    let first = w.reported(sian, 2).await;
    let second = w.report(token, &minimal(sian, 1)).await.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(codes(&second), pairs(&[("person_id", "already-missing")]));
    let held = w.episodes(sian).await;
    assert_eq!((held.len(), held[0].id.to_string()), (1, first));
    w.finish().await;
}

async fn a_bad_regrade_note_return_or_rhi_names_the_field_and_writes_nothing(backend: Backend) {
    let w = World::new(backend).await;
    let token = w.practitioner();
    let sian = w.api.sian;
    let id = w.reported(sian, 4).await;
    let path = format!("/api/v1/missing-episodes/{id}");
    let before = w.episodes(sian).await;
    let reported_at = before[0].reported_at;

    // An RHI before the child has returned.
    let interview = json!({"outcome": "held", "offered_by": "Llwybrau duty worker", "interviewer_independent": true, "consent_to_share": "given", "held_at": at(0)});
    let early = w.post(&format!("{path}/rhi"), Some(&w.rhi_token), &interview).await;
    assert_eq!(codes(&early.problem(StatusCode::UNPROCESSABLE_ENTITY)), pairs(&[("episode", "not-returned")]));

    let cases: Vec<(&str, Value, StatusCode, Problems)> = vec![
        (
            "grade",
            json!({"version": 1, "risk_grade": "low"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("risk_rationale", "required")],
        ),
        (
            "grade",
            json!({"version": 1, "risk_grade": "", "risk_rationale": "r"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("risk_grade", "required")],
        ),
        (
            "grade",
            json!({"risk_grade": "low", "risk_rationale": "r"}),
            StatusCode::BAD_REQUEST,
            vec![("version", "required")],
        ),
        (
            "grade",
            json!({"version": 7, "risk_grade": "low", "risk_rationale": "r"}),
            StatusCode::CONFLICT,
            vec![("version", "version-conflict")],
        ),
        (
            "grade",
            json!({"version": 1, "risk_grade": "low", "risk_rationale": "r", "by": "me"}),
            StatusCode::BAD_REQUEST,
            vec![("by", "unknown-field")],
        ),
        (
            "notes",
            json!({"kind": "notification", "at": at(0), "text": "Emailed"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("recipient", "required")],
        ),
        (
            "notes",
            json!({"kind": "gossip", "at": at(0), "text": "x"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("kind", "unknown-code")],
        ),
        (
            "notes",
            json!({"kind": "sighting", "at": at(-2), "text": "x"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("at", "in-future")],
        ),
        (
            "notes",
            json!({"kind": "linked_person", "at": at(0), "text": "x", "person_id": PersonId::new().to_string()}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("person_id", "unknown-record")],
        ),
        // Returned between last seen and reported, before last seen, in the future.
        (
            "return",
            json!({"returned_at": rfc3339(reported_at - Duration::hours(1))}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("returned_at", "before-reported")],
        ),
        (
            "return",
            json!({"returned_at": at(10)}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("returned_at", "before-last-seen")],
        ),
        (
            "return",
            json!({"returned_at": at(-1)}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("returned_at", "in-future")],
        ),
        ("return", json!({}), StatusCode::UNPROCESSABLE_ENTITY, vec![("returned_at", "required")]),
        (
            "return",
            json!({"returned_at": at(0), "found_where": " "}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("found_where", "required")],
        ),
        (
            "return",
            json!({"returned_at": at(0), "version": 9}),
            StatusCode::CONFLICT,
            vec![("version", "version-conflict")],
        ),
        (
            "return",
            json!({"returned_at": at(0), "home": true}),
            StatusCode::BAD_REQUEST,
            vec![("home", "unknown-field")],
        ),
        (
            "return",
            json!({"returned_at": at(0), "disclosed": "no"}),
            StatusCode::BAD_REQUEST,
            vec![("disclosed", "invalid-type")],
        ),
    ];
    for (action, body, status, expected) in cases {
        let reply = w.post(&format!("{path}/{action}"), token, &body).await.problem(status);
        assert_eq!(codes(&reply), pairs(&expected), "{action} {body}");
    }
    assert_eq!(w.episodes(sian).await, before, "nothing was written");

    // Returned; now the interview's own checks.
    let back = w.returned(&id, 1).await;
    let returned_at = time(&back.json["return"]["returned_at"]);
    let after_return = w.episodes(sian).await;
    let cases: Vec<(Value, StatusCode, Problems)> = vec![
        (
            json!({"outcome": "held", "offered_by": "Llwybrau duty worker", "interviewer_independent": true, "consent_to_share": "given", "held_at": rfc3339(returned_at - Duration::minutes(30))}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("held_at", "before-return")],
        ),
        (
            json!({"outcome": "declined", "offered_by": "Llwybrau duty worker", "held_at": at(0)}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("reason", "required")],
        ),
        (
            json!({"outcome": "held", "offered_by": "Llwybrau duty worker", "interviewer_independent": true, "consent_to_share": "given", "held_at": at(0), "held_by": "NOWHERE"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("held_by", "unknown-agency")],
        ),
        (
            json!({"outcome": "held", "held_at": at(0), "consent_to_share": "maybe"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![
                ("offered_by", "required"),
                ("interviewer_independent", "required-when-held"),
                ("consent_to_share", "unknown-code"),
            ],
        ),
        (
            json!({"outcome": "chatted", "offered_by": "Llwybrau duty worker", "held_at": at(0)}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("outcome", "unknown-code")],
        ),
        (
            json!({"outcome": "held", "offered_by": "Llwybrau duty worker", "interviewer_independent": true, "consent_to_share": "given"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("held_at", "required")],
        ),
        (
            json!({"outcome": "held", "offered_by": "Llwybrau duty worker", "interviewer_independent": true, "consent_to_share": "given", "held_at": at(0), "version": 1}),
            StatusCode::CONFLICT,
            vec![("version", "version-conflict")],
        ),
        (
            json!({"outcome": "held", "offered_by": "Llwybrau duty worker", "interviewer_independent": true, "consent_to_share": "given", "held_at": at(0), "score": 5}),
            StatusCode::BAD_REQUEST,
            vec![("score", "unknown-field")],
        ),
    ];
    for (body, status, expected) in cases {
        let reply = w.post(&format!("{path}/rhi"), Some(&w.rhi_token), &body).await.problem(status);
        assert_eq!(codes(&reply), pairs(&expected), "rhi {body}");
    }
    // A second return, and a regrade of a returned episode.
    let again = w.post(&format!("{path}/return"), token, &json!({"returned_at": at(0)})).await;
    assert_eq!(codes(&again.problem(StatusCode::UNPROCESSABLE_ENTITY)), pairs(&[("returned_at", "already-returned")]));
    let version = after_return[0].version;
    let late = json!({"version": version, "risk_grade": "low", "risk_rationale": "Home"});
    let late = w.post(&format!("{path}/grade"), token, &late).await;
    assert_eq!(codes(&late.problem(StatusCode::UNPROCESSABLE_ENTITY)), pairs(&[("episode", "already-returned")]));
    assert_eq!(w.episodes(sian).await, after_return, "nothing was written");
    w.finish().await;
}

async fn ids_that_are_malformed_or_unknown_are_400_and_404(backend: Backend) {
    let w = World::new(backend).await;
    let token = w.practitioner();
    let unknown = uuid::Uuid::new_v4();
    for path in ["/api/v1/missing-episodes/not-an-id".to_owned(), "/api/v1/people/not-an-id/missing-summary".to_owned()]
    {
        let reply = w.api.get(&path, token).await.problem(StatusCode::BAD_REQUEST);
        assert!(reply.has_problem(Some("id"), "not-an-id"), "{path}");
    }
    let unknown_paths =
        [format!("/api/v1/missing-episodes/{unknown}"), format!("/api/v1/people/{unknown}/missing-summary")];
    for path in unknown_paths {
        w.api.get(&path, token).await.problem(StatusCode::NOT_FOUND);
    }
    let reply =
        w.post(&format!("/api/v1/missing-episodes/{unknown}/return"), token, &json!({"returned_at": at(0)})).await;
    reply.problem(StatusCode::NOT_FOUND);
    w.finish().await;
}

async fn the_openapi_document_describes_the_missing_episode_api(backend: Backend) {
    let w = World::new(backend).await;
    let doc = w.api.get("/api/v1/openapi.json", None).await.json;
    let schemas = &doc["components"]["schemas"];
    let required = |schema: &str| schemas[schema]["required"].clone();
    assert_eq!(
        required("ReportRequest"),
        json!(["person_id", "reported_at", "last_seen_at", "risk_grade", "risk_rationale"])
    );
    assert_eq!(required("ReturnRequest"), json!(["returned_at"]));
    assert_eq!(required("RegradeRequest"), json!(["version", "risk_grade", "risk_rationale"]));
    for schema in ["EpisodeResponse", "MissingSummaryResponse", "FlagResponse", "NoteRequest", "RhiRequest"] {
        assert!(schemas[schema].is_object(), "{schema}");
    }
    let summary = &schemas["MissingSummaryResponse"]["properties"];
    for field in ["episodes_total", "episodes_90d", "currently_missing", "flags", "rhi_due_at"] {
        assert!(summary[field].is_object(), "{field}");
    }
    assert_eq!(doc["paths"]["/api/v1/missing-episodes"]["post"]["tags"], json!(["missing"]));
    w.finish().await;
}

/// Out of area comes from the child's record (placing and host authority), as on the pages;
/// an adult is refused by name of the rule, not given an episode.
async fn haven_works_out_out_of_area_and_refuses_an_adult(backend: Backend) {
    let w = World::new(backend).await;
    let token = w.practitioner();
    let created = w.post("/api/v1/people", token, &new_person()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json);
    let megan: PersonId = created.json["id"].as_str().unwrap().parse().unwrap();
    let reported = w.report(token, &minimal(megan, 1)).await;
    assert_eq!(reported.status, StatusCode::CREATED, "{}", reported.json);
    assert_eq!(reported.json["out_of_area"], json!(true), "placed by Cardiff in Swansea");

    let adult = with(
        new_person(),
        &json!({"kind": "adult", "date_of_birth": "1990-05-05", "care_status": "no_involvement",
            "reference": "CRN-2026/0998", "placing_authority": null, "host_authority": null}),
    );
    let created = w.post("/api/v1/people", token, &adult).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json);
    let adult: PersonId = created.json["id"].as_str().unwrap().parse().unwrap();
    let refused = w.report(token, &minimal(adult, 1)).await.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(codes(&refused), pairs(&[("person_id", "not-a-child")]));
    assert!(w.episodes(adult).await.is_empty(), "nothing was written");
    w.finish().await;
}

on_both_stores!(
    haven_works_out_out_of_area_and_refuses_an_adult,
    a_child_is_reported_graded_noted_returned_and_interviewed,
    the_provider_records_its_tries_at_the_interview_while_it_is_owed,
    a_full_report_keeps_every_field_and_the_summary_flags_the_placement,
    the_summary_counts_flags_repeats_and_owes_the_rhi_of_the_last_return,
    each_agency_sees_and_does_what_the_policy_allows,
    police_intelligence_granted_to_a_councils_supervisors_is_cut_for_its_practitioners,
    a_bad_report_names_every_field_and_writes_nothing,
    a_bad_regrade_note_return_or_rhi_names_the_field_and_writes_nothing,
    ids_that_are_malformed_or_unknown_are_400_and_404,
    the_openapi_document_describes_the_missing_episode_api,
);
