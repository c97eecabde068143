//! The command line against a real embedded store: what an administrator types, what they get.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

use clap::Parser;
use haven::{Cli, run};
use haven_domain::agency::AgencyCode;
use haven_domain::user::Username;
use std::path::Path;

async fn haven(data: &Path, args: &[&str]) -> anyhow::Result<()> {
    let mut argv = vec!["haven", "--data", data.to_str().unwrap()];
    argv.extend_from_slice(args);
    run(Cli::try_parse_from(argv)?).await
}

async fn open(data: &Path) -> std::sync::Arc<dyn haven_store::Store> {
    haven::open::open(&haven::open::StoreArgs { data: data.to_owned(), database_url: None }).await.unwrap()
}

#[tokio::test]
async fn an_administrator_sets_up_an_agency_a_user_and_a_token() {
    let dir = tempfile::tempdir().unwrap();
    haven(dir.path(), &["admin", "create-agency", "--code", "swp", "--name", "South Wales Police", "--kind", "police"])
        .await
        .unwrap();
    haven(dir.path(), &["admin", "create-user", "--username", "J.Evans", "--agency", "SWP", "--role", "supervisor"])
        .await
        .unwrap();
    haven(dir.path(), &["admin", "issue-token", "--username", "j.evans"]).await.unwrap();

    let store = open(dir.path()).await;
    let agency = store.agency_by_code(&AgencyCode::parse("SWP").unwrap()).await.unwrap().unwrap();
    assert_eq!(agency.name, "South Wales Police");
    let (user, credentials) = store.user_with_credentials(&Username::parse("j.evans").unwrap()).await.unwrap().unwrap();
    assert_eq!((user.agency_id, user.role.code()), (agency.id, "supervisor"));
    assert!(credentials.password_hash.starts_with("$argon2id$"));
}

#[tokio::test]
async fn mistyped_flags_are_refused_by_name_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let err = haven(dir.path(), &["admin", "create-agency", "--code", "SWP", "--name", "X", "--kind", "army"])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("--kind"), "{err}");
    let err = haven(dir.path(), &["admin", "create-agency", "--code", "S W P", "--name", "X", "--kind", "police"])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("--code"), "{err}");
    let err = haven(dir.path(), &["admin", "create-user", "--username", "ann", "--agency", "NOPE", "--role", "admin"])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("--agency"), "{err}");
    assert!(open(dir.path()).await.agencies().await.unwrap().is_empty());

    haven(dir.path(), &["admin", "create-agency", "--code", "SWP", "--name", "X", "--kind", "police"]).await.unwrap();
    let err = haven(dir.path(), &["admin", "create-agency", "--code", "swp", "--name", "Y", "--kind", "health"])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
    let err = haven(dir.path(), &["admin", "create-user", "--username", "ann", "--agency", "SWP", "--role", "boss"])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("--role"), "{err}");
}

#[tokio::test]
async fn the_demo_force_loads_once_into_an_empty_store() {
    let dir = tempfile::tempdir().unwrap();
    haven(dir.path(), &["demo", "--seed", "5"]).await.unwrap();
    let store = open(dir.path()).await;
    assert_eq!(store.count_people().await.unwrap(), 2300);
    // Each local authority's partner directory: its teams and the pathways between them.
    for area in store.areas().await.unwrap().iter().filter(|a| a.kind == haven_domain::agency::AreaKind::LocalAuthority)
    {
        let directory = store.area_directory(area.id).await.unwrap();
        assert_eq!((directory.teams.len(), directory.pathways.len()), (8, 8), "{}", area.name);
    }
    // Each area's child population, so that the demo's figures show rates.
    for area in store.areas().await.unwrap() {
        let p = store.population(area.id).await.unwrap().unwrap_or_else(|| panic!("{} has none", area.name));
        assert_eq!(p.saved_by_label, "cli");
        let p = p.population;
        assert!((10_000..60_000).contains(&p.total), "{}: {}", area.name, p.total);
        assert_eq!(p.sex.values().sum::<u64>(), p.total, "{}", area.name);
        assert_eq!(p.age.values().sum::<u64>(), p.total, "{}", area.name);
        assert_eq!(p.ethnicity.values().sum::<u64>(), p.total, "{}", area.name);
    }
    let err = haven(dir.path(), &["demo"]).await.unwrap_err();
    assert!(err.to_string().contains("already holds data"), "{err}");
    assert_eq!(store.count_people().await.unwrap(), 2300);
}

#[tokio::test]
async fn an_install_is_set_up_from_nothing_areas_agencies_and_an_agreement() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    haven(d, &["admin", "create-area", "--code", "CARDIFF", "--name", "Cardiff", "--kind", "local_authority"])
        .await
        .unwrap();
    haven(d, &["admin", "create-area", "--code", "SW-CENTRAL", "--name", "Central BCU", "--kind", "bcu"])
        .await
        .unwrap();
    let police = ["--code", "SWP", "--name", "South Wales Police", "--kind", "police", "--area", "SW-CENTRAL"];
    haven(d, &[&["admin", "create-agency"][..], &police[..]].concat()).await.unwrap();
    let council = ["--code", "CARDIFF-CS", "--name", "Cardiff CS", "--kind", "local_authority", "--area", "cardiff"];
    haven(d, &[&["admin", "create-agency"][..], &council[..]].concat()).await.unwrap();
    let agreement = [
        "admin",
        "create-agreement",
        "--name",
        "Missing children ISP",
        "--purpose",
        "safeguarding",
        "--members",
        "SWP,CARDIFF-CS",
        "--classes",
        "identity,episode_summary,police_assessment",
        "--to",
        "police,local_authority",
        "--roles",
        "supervisor,mace_chair",
        "--starts",
        "2026-01-01",
        "--review",
        "2027-01-01",
    ];
    haven(d, &agreement).await.unwrap();

    let store = open(d).await;
    let areas = store.areas().await.unwrap();
    assert_eq!(areas.len(), 2);
    let swp = store.agency_by_code(&AgencyCode::parse("SWP").unwrap()).await.unwrap().unwrap();
    assert_eq!(swp.area_id, areas.iter().find(|a| a.code.as_str() == "SW-CENTRAL").map(|a| a.id));
    let agreements = store.agreements().await.unwrap();
    assert_eq!(agreements.len(), 1);
    let a = &agreements[0];
    assert_eq!((a.members.len(), a.grants.len(), a.ends_on), (2, 6, None));
    assert!(a.grants.iter().all(|g| g.roles.code() == "supervisor,mace_chair" && g.scope.code() == "cohort"));

    // Refused by flag, nothing written: backward dates, an overlap with the agreement above, an
    // unknown member, a class that does not exist, an agreement of one agency.
    for (change, flag) in [
        (&["--starts", "2027-06-01", "--ends", "2027-01-01"][..], "--ends: ends before it starts"),
        (&["--starts", "2026-06-01"][..], "--starts: these agencies already have an agreement"),
        (&["--members", "SWP,NOPE", "--starts", "2028-01-01"][..], "--members: no agency has this code"),
        (&["--classes", "gossip", "--starts", "2028-01-01"][..], "--classes: not one of the codes"),
        (&["--members", "SWP", "--starts", "2028-01-01"][..], "--members: an agreement needs at least two"),
        (&["--starts", "1/1/2028"][..], "--starts: use YYYY-MM-DD"),
    ] {
        let mut args: Vec<&str> = agreement.to_vec();
        for pair in change.chunks(2) {
            match args.iter().position(|a| *a == pair[0]) {
                Some(i) => args[i + 1] = pair[1],
                None => args.extend_from_slice(pair),
            }
        }
        let err = haven(d, &args).await.unwrap_err();
        assert!(err.to_string().contains(flag), "{flag}: {err}");
    }
    assert_eq!(store.agreements().await.unwrap().len(), 1, "nothing written");
}

#[tokio::test]
async fn an_administrator_changes_disables_resets_and_revokes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    haven(d, &["admin", "create-agency", "--code", "SWP", "--name", "South Wales Police", "--kind", "police"])
        .await
        .unwrap();
    haven(d, &["admin", "create-user", "--username", "pc.jones", "--agency", "SWP", "--role", "practitioner"])
        .await
        .unwrap();
    let store = open(d).await;
    let name = Username::parse("pc.jones").unwrap();
    let user = || async { store.user_with_credentials(&name).await.unwrap().unwrap() };

    haven(d, &["admin", "change-user", "--username", "pc.jones", "--role", "supervisor", "--display-name", "PC Jones"])
        .await
        .unwrap();
    let (u, _) = user().await;
    assert_eq!((u.role.code(), u.display_name.as_str()), ("supervisor", "PC Jones"));

    // A token that expired yesterday cannot be issued; one for next year can, and is listed.
    let err =
        haven(d, &["admin", "issue-token", "--username", "pc.jones", "--expires", "2020-01-01"]).await.unwrap_err();
    assert!(err.to_string().contains("--expires: the date has passed"), "{err}");
    haven(d, &["admin", "issue-token", "--username", "pc.jones", "--name", "sync"]).await.unwrap();
    let tokens = store.user_tokens(u.id).await.unwrap();
    assert_eq!(tokens.len(), 1);
    let expires = tokens[0].expires_at.unwrap();
    let days = (expires - chrono::Utc::now()).num_days();
    assert!((364..=366).contains(&days), "a year by default: {days} days");
    haven(d, &["admin", "revoke-token", "--username", "pc.jones", "--token", &tokens[0].id.to_string()]).await.unwrap();
    assert!(store.user_tokens(u.id).await.unwrap()[0].revoked);
    let err = haven(d, &["admin", "revoke-token", "--username", "pc.jones", "--token", "nonsense"]).await.unwrap_err();
    assert!(err.to_string().contains("--token"), "{err}");

    haven(d, &["admin", "disable-user", "--username", "pc.jones"]).await.unwrap();
    assert!(user().await.0.disabled);
    haven(d, &["admin", "enable-user", "--username", "pc.jones"]).await.unwrap();
    assert!(!user().await.0.disabled);
    let (_, before) = user().await;
    haven(d, &["admin", "reset-password", "--username", "pc.jones"]).await.unwrap();
    let (_, after) = user().await;
    assert_ne!(before.password_hash, after.password_hash);
    assert!(after.must_change_password, "the one-time password must be changed at sign-in");

    let err = haven(d, &["admin", "disable-user", "--username", "nobody"]).await.unwrap_err();
    assert!(err.to_string().contains("--username: no user is called this"), "{err}");
    let trail: Vec<String> =
        store.agency_audit(u.agency_id, 100).await.unwrap().into_iter().map(|e| e.action.code().to_owned()).collect();
    assert!(trail.is_empty(), "the command line is not a user of the agency: {trail:?}");
}

/// An install with a council (a local authority) and a police force, and a child the council
/// holds under `CS-114`: what places and placements are about.
async fn install_with_a_child(d: &Path) -> haven_domain::ids::PersonId {
    use haven_domain::audit::{AuditAction, AuditEvent};
    use haven_domain::person::{Person, PersonForm};
    use haven_domain::text::Reference;
    haven(d, &["admin", "create-area", "--code", "CARDIFF", "--name", "Cardiff", "--kind", "local_authority"])
        .await
        .unwrap();
    let council = ["--code", "CARDIFF-CS", "--name", "Cardiff CS", "--kind", "local_authority", "--area", "CARDIFF"];
    haven(d, &[&["admin", "create-agency"][..], &council[..]].concat()).await.unwrap();
    haven(d, &["admin", "create-agency", "--code", "SWP", "--name", "South Wales Police", "--kind", "police"])
        .await
        .unwrap();
    let store = open(d).await;
    let council = store.agency_by_code(&AgencyCode::parse("CARDIFF-CS").unwrap()).await.unwrap().unwrap();
    let form = PersonForm {
        given_name: "Cerys".into(),
        family_name: "Morgan".into(),
        date_of_birth: Some("2012-06-01".into()),
        sex: "female".into(),
        ..PersonForm::default()
    };
    let now = chrono::Utc::now();
    let details = form.parse(now.date_naive(), None, None).unwrap();
    let person = Person::new(details, council.id, Some(Reference::parse("CS-114").unwrap()), now);
    let audit = AuditEvent::system("test", AuditAction::PersonCreate, "test setup", now).person(person.id);
    store.create_person(&person, &audit).await.unwrap();
    person.id
}

/// The `haven` binary's output, for a command whose printed id the next command needs.
fn printed(data: &Path, args: &[&str]) -> String {
    let out =
        std::process::Command::new(env!("CARGO_BIN_EXE_haven")).arg("--data").arg(data).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

#[tokio::test]
async fn an_administrator_adds_a_childrens_home_and_places_a_child_there() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let child = install_with_a_child(d).await;
    let home = [
        "admin",
        "create-location",
        "--kind",
        "childrens_home",
        "--name",
        "Tŷ Gwyn",
        "--address",
        "1 Heol y Coed, Cardiff",
        "--postcode",
        "cf101aa",
        "--area",
        "cardiff",
        "--latitude",
        "51.48",
        "--longitude",
        "-3.18",
    ];
    let home_id = printed(d, &home);
    let placement = [
        "admin",
        "add-placement",
        "--person",
        "CARDIFF-CS:CS-114",
        "--location",
        &home_id,
        "--started-on",
        "2026-01-05",
        "--placing-authority",
        "CARDIFF-CS",
    ];
    haven(d, &placement).await.unwrap();

    let store = open(d).await;
    let placed = store.placements(child).await.unwrap();
    assert_eq!(placed.len(), 1);
    let (p, l) = (&placed[0].placement, &placed[0].location);
    assert_eq!(l.id.to_string(), home_id);
    assert_eq!(
        (l.kind.code(), l.name.as_deref(), l.postcode.as_ref().map(|p| p.as_str())),
        ("childrens_home", Some("Tŷ Gwyn"), Some("CF10 1AA"))
    );
    assert_eq!(l.area_id, Some(store.areas().await.unwrap()[0].id));
    assert_eq!(
        (p.kind.code(), p.started_on.to_string(), p.ended_on),
        ("care_placement", "2026-01-05".to_owned(), None)
    );
    let council = store.agency_by_code(&AgencyCode::parse("CARDIFF-CS").unwrap()).await.unwrap().unwrap();
    assert_eq!(p.placing_authority, Some(council.id));
    let trail = store.person_audit(child, 50).await.unwrap();
    assert!(trail.iter().any(|a| a.action.code() == "person.placement_add"), "on the child's trail");

    // Each bad value named by its flag, and nothing written.
    for (change, flag) in [
        (&["--ended-on", "2026-01-01"][..], "--ended-on: ends before it starts"),
        (&["--placing-authority", "SWP"][..], "--placing-authority: this agency is not a local authority"),
        (&["--person", "CARDIFF-CS:CS-999"][..], "--person: no such record"),
        (&["--person", "NOPE:CS-114"][..], "--person: no agency has this code"),
        (&["--location", "00000000-0000-0000-0000-000000000000"][..], "--location: no such record"),
        (&["--kind", "hotel"][..], "--kind: not one of the codes"),
        (&["--started-on", "5/1/2026"][..], "--started-on: use YYYY-MM-DD"),
    ] {
        let mut args: Vec<&str> = placement.to_vec();
        for pair in change.chunks(2) {
            match args.iter().position(|a| *a == pair[0]) {
                Some(i) => args[i + 1] = pair[1],
                None => args.extend_from_slice(pair),
            }
        }
        let err = haven(d, &args).await.unwrap_err();
        assert!(err.to_string().contains(flag), "{flag}: {err}");
    }
    assert_eq!(store.placements(child).await.unwrap().len(), 1, "nothing written");

    // The home found by part of its postcode; the placement ended, by flag, once it is right.
    let listed = printed(d, &["admin", "list-locations", "--q", "cf10"]);
    assert!(listed.starts_with(&home_id) && listed.contains("Tŷ Gwyn"), "{listed}");
    assert_eq!(printed(d, &["admin", "list-locations", "--q", "nowhere"]), "");
    let placement_id = p.id.to_string();
    let end = |day: &'static str| ["admin", "end-placement", "--placement", placement_id.as_str(), "--ended-on", day];
    let err = haven(d, &end("2026-01-01")).await.unwrap_err();
    assert!(err.to_string().contains("--ended-on: ends before it starts"), "{err}");
    let err = haven(d, &["admin", "end-placement", "--placement", "x", "--ended-on", "2026-02-01"]).await.unwrap_err();
    assert!(err.to_string().contains("--placement: not an id"), "{err}");
    assert_eq!(store.placements(child).await.unwrap()[0].placement.ended_on, None, "nothing written");
    haven(d, &end("2026-03-31")).await.unwrap();
    let ended = store.placements(child).await.unwrap().remove(0).placement;
    assert_eq!(ended.ended_on.map(|e| e.to_string()).as_deref(), Some("2026-03-31"));

    for (change, flag) in [
        (&["--kind", "castle"][..], "--kind: not one of the codes"),
        (&["--address", " "][..], "--address: a value is needed"),
        (&["--postcode", "90210"][..], "--postcode: not a UK postcode"),
        (&["--area", "NOWHERE"][..], "--area: no area has this code"),
        (&["--latitude", "-3.18", "--longitude", "51.48"][..], "--latitude: outside the UK"),
        (&["--latitude", "north"][..], "--latitude: not a number"),
    ] {
        let mut args: Vec<&str> = home.to_vec();
        for pair in change.chunks(2) {
            match args.iter().position(|a| *a == pair[0]) {
                Some(i) => args[i + 1] = pair[1],
                None => args.extend_from_slice(pair),
            }
        }
        let err = haven(d, &args).await.unwrap_err();
        assert!(err.to_string().contains(flag), "{flag}: {err}");
    }
    // Only one coordinate: the missing one is named.
    let one: Vec<&str> = home[..home.len() - 2].to_vec();
    let err = haven(d, &one).await.unwrap_err();
    assert!(err.to_string().contains("--longitude: give both"), "{err}");
}

#[tokio::test]
async fn a_file_of_places_is_imported_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let child = install_with_a_child(d).await;
    let good = format!(
        "record,key,kind,name,address,postcode,area,person,location,started_on,ended_on,placing_authority\n\
         location,gwyn,childrens_home,Tŷ Gwyn,1 Heol y Coed,CF10 1AA,CARDIFF,,,,,\n\
         location,,family_home,,2 Stryd Fawr,,,,,,,\n\
         placement,,care_placement,,,,,{child},gwyn,2026-01-05,,CARDIFF-CS\n\
         placement,,home_address,,,,,CARDIFF-CS:CS-114,gwyn,2025-01-01,2026-01-04,\n"
    );
    // One bad row among good ones: the problems by row and column, nothing written.
    let bad = good.replace("2026-01-05,,CARDIFF-CS", "2026-01-05,,SWP").replace("2 Stryd Fawr,,", "2 Stryd Fawr,XX,");
    let file = d.join("places.csv");
    std::fs::write(&file, &bad).unwrap();
    let err = haven(d, &["admin", "import-places", "--file", file.to_str().unwrap()]).await.unwrap_err();
    let err = err.to_string();
    assert!(err.contains("row 2: postcode: not a UK postcode"), "{err}");
    assert!(err.contains("row 3: placing_authority: this agency is not a local authority"), "{err}");
    assert_eq!(err.lines().count(), 2, "{err}");
    let store = open(d).await;
    assert!(store.placements(child).await.unwrap().is_empty(), "nothing written");

    // A column haven does not know refuses the file.
    std::fs::write(&file, "record,kind,adress\nlocation,family_home,1 High St\n").unwrap();
    let err = haven(d, &["admin", "import-places", "--file", file.to_str().unwrap()]).await.unwrap_err();
    assert!(err.to_string().contains("header: adress: not a column haven knows"), "{err}");

    std::fs::write(&file, &good).unwrap();
    haven(d, &["admin", "import-places", "--file", file.to_str().unwrap()]).await.unwrap();
    let placed = store.placements(child).await.unwrap();
    let summary: Vec<(&str, &str, String)> = placed
        .iter()
        .map(|p| (p.placement.kind.code(), p.location.kind.code(), p.placement.started_on.to_string()))
        .collect();
    assert_eq!(
        summary,
        [
            ("care_placement", "childrens_home", "2026-01-05".to_owned()),
            ("home_address", "childrens_home", "2025-01-01".to_owned())
        ]
    );
    assert_eq!(placed[0].location.id, placed[1].location.id, "both rows point at the file's one home");
}

#[tokio::test]
async fn an_areas_rules_are_set_from_a_preset_and_bad_values_refused_by_flag() {
    use haven_domain::missing::rules::{RhiTerm, Setting};
    let dir = tempfile::tempdir().unwrap();
    haven(dir.path(), &["admin", "create-area", "--code", "CARDIFF", "--name", "Cardiff", "--kind", "bcu"])
        .await
        .unwrap();
    let err = haven(dir.path(), &["admin", "set-rules", "--area", "CARDIFF", "--preset", "wales", "--rhi-hours", "0"])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("--rhi-hours"), "{err}");
    let err = haven(dir.path(), &["admin", "set-rules", "--area", "CARDIFF", "--set", "reviews.high.supervisor=soon"])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("--set reviews.high.supervisor: not a whole number"), "{err}");
    let err =
        haven(dir.path(), &["admin", "set-rules", "--area", "CARDIFF", "--naira-hold-hours", "30"]).await.unwrap_err();
    assert!(err.to_string().contains("--naira-hold-hours"), "{err}");
    let err = haven(dir.path(), &["admin", "set-rules", "--area", "NOWHERE", "--preset", "wales"]).await.unwrap_err();
    assert!(err.to_string().contains("--area"), "{err}");
    let store = open(dir.path()).await;
    let area = store.areas().await.unwrap().remove(0);
    assert!(store.rules_versions(area.id).await.unwrap().is_empty(), "nothing written");

    haven(dir.path(), &["admin", "set-rules", "--area", "cardiff", "--preset", "wales", "--rhi-hours", "96"])
        .await
        .unwrap();
    // Without a preset: the rules in force, with one setting changed.
    haven(dir.path(), &["admin", "set-rules", "--area", "CARDIFF", "--set", "repeat.0.window_days=30"]).await.unwrap();
    haven(dir.path(), &["admin", "show-rules", "--area", "CARDIFF"]).await.unwrap();
    let versions = store.rules_versions(area.id).await.unwrap();
    assert_eq!(versions.len(), 2);
    let rules = &versions[0].rules;
    assert_eq!((rules.version.as_str(), rules.rhi_term, rules.rhi_within_hours), ("CARDIFF v2", RhiTerm::Debrief, 96));
    assert_eq!(rules.repeat[0].window_days, 30);
    assert!(!rules.is_placeholder(Setting::RhiWithinHours), "typed at the command line: set locally");
    assert!(rules.is_placeholder(Setting::Reviews));
}

#[tokio::test]
async fn an_areas_child_population_is_set_from_a_file_and_bad_counts_refused_by_group() {
    let dir = tempfile::tempdir().unwrap();
    haven(dir.path(), &["admin", "create-area", "--code", "CARDIFF", "--name", "Cardiff", "--kind", "bcu"])
        .await
        .unwrap();
    let file = dir.path().join("population.csv");
    let file_arg = file.to_str().unwrap().to_owned();
    let set = |extra: &'static [&'static str]| {
        let mut args = vec!["admin", "set-population", "--area", "CARDIFF", "--file", file_arg.as_str()];
        args.extend_from_slice(extra);
        args.into_iter().map(str::to_owned).collect::<Vec<String>>()
    };
    let run = |args: Vec<String>| {
        let data = dir.path().to_owned();
        async move {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            haven(&data, &args).await
        }
    };
    let flags: &'static [&'static str] = &["--source", "ONS mid-2024 estimates", "--as-of", "2024-06-30"];

    std::fs::write(&file, "group,children\ntotal,61234\nsex.female,-3\nsex.male,lots\nage.adult,5\n").unwrap();
    let err = run(set(flags)).await.unwrap_err().to_string();
    assert!(err.contains("group sex.female: must not be negative"), "{err}");
    assert!(err.contains("group sex.male: not a number"), "{err}");
    assert!(err.contains("group age.adult: not one of the codes"), "{err}");
    std::fs::write(&file, "children,kind\n5,total\n").unwrap();
    let err = run(set(flags)).await.unwrap_err().to_string();
    assert!(err.contains("`group` column"), "{err}");
    std::fs::write(&file, "group,children\ntotal,100\n").unwrap();
    let err = run(set(&["--source", "", "--as-of", "30/06/2024"])).await.unwrap_err().to_string();
    assert!(err.contains("--source: a value is needed") && err.contains("--as-of: use YYYY-MM-DD"), "{err}");
    let store = open(dir.path()).await;
    let area = store.areas().await.unwrap().remove(0);
    assert_eq!(store.population(area.id).await.unwrap(), None, "nothing written");

    std::fs::write(
        &file,
        "\u{feff}group,children\ntotal,\"61,234\"\nsex.female,29800\nsex.male,31434\nethnicity.white,52000\n\n",
    )
    .unwrap();
    run(set(flags)).await.unwrap();
    haven(dir.path(), &["admin", "show-population", "--area", "CARDIFF"]).await.unwrap();
    let v = store.population(area.id).await.unwrap().unwrap();
    assert_eq!((v.number, v.saved_by_label.as_str()), (1, "cli"));
    let p = v.population;
    assert_eq!(
        (p.source.as_str(), p.as_of.to_string().as_str(), p.total),
        ("ONS mid-2024 estimates", "2024-06-30", 61_234)
    );
    assert_eq!(p.ethnicity.get("white"), Some(&52_000));
    assert!(p.age.is_empty(), "a group left out has no population, and so no rate");
}
