//! Places as the application layer keeps them, on a real store: only the install's
//! administrator (or the command line) adds locations and placements, and a file of places is
//! checked whole, every problem named by row and column, before anything is written.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise")]

use haven_app::Failure;
use haven_app::admin::Operator;
use haven_app::places::{ImportSummary, NewLocation, NewPlacement};
use haven_domain::audit::{AuditAction, AuditEvent};
use haven_domain::ids::PersonId;
use haven_domain::person::{Person, PersonForm};
use haven_domain::text::Reference;
use haven_store::{AgencyStore, LocationStore, PersonStore, UserStore};
use haven_store_sqlite::SqliteStore;

struct Install {
    store: SqliteStore,
    child: PersonId,
    _dir: tempfile::TempDir,
}

impl Install {
    /// A council holding a child under `CS-114`, a police force, and an admin of each kind.
    async fn new() -> Install {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).await.unwrap();
        let cli = Operator::command_line(&store);
        cli.create_area("CARDIFF", "Cardiff", "local_authority", "test").await.unwrap();
        cli.create_agency("CARDIFF-CS", "Cardiff CS", "local_authority", "CARDIFF", "test").await.unwrap();
        cli.create_agency("SWP", "South Wales Police", "police", "", "test").await.unwrap();
        cli.create_user("council.admin", "CARDIFF-CS", "admin", "", "test").await.unwrap();
        cli.create_user("root", "SWP", "system_admin", "", "test").await.unwrap();
        let council = cli.create_agency("OTHER-CS", "Other", "local_authority", "", "test").await.unwrap();
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
        let audit = AuditEvent::system("test", AuditAction::PersonCreate, "test", now).person(person.id);
        store.create_person(&person, &audit).await.unwrap();
        Install { store, child: person.id, _dir: dir }
    }

    async fn as_user(&self, name: &str) -> Operator<'_> {
        let name = haven_domain::user::Username::parse(name).unwrap();
        let user = self.store.user_with_credentials(&name).await.unwrap().unwrap().0;
        Operator::user(&self.store, &user)
    }
}

fn problems(result: Result<impl std::fmt::Debug, Failure>) -> Vec<(String, &'static str)> {
    match result {
        Err(Failure::Invalid(e)) => e.0.into_iter().map(|p| (p.field, p.code)).collect(),
        other => panic!("expected field problems, got {other:?}"),
    }
}

fn pairs(expected: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
    expected.iter().map(|(f, c)| ((*f).to_owned(), *c)).collect()
}

const HOME: NewLocation<'static> = NewLocation {
    kind: "childrens_home",
    name: "Tŷ Gwyn",
    address: "1 Heol y Coed",
    postcode: "CF10 1AA",
    area: "CARDIFF",
    latitude: "",
    longitude: "",
};

#[tokio::test]
async fn only_the_install_administrator_adds_places() {
    let install = Install::new().await;
    let admin = install.as_user("council.admin").await;
    assert!(matches!(admin.create_location(&HOME, "test").await, Err(Failure::Forbidden(_))));
    let root = install.as_user("root").await;
    let home = root.create_location(&HOME, "test").await.unwrap();
    let location = home.id.to_string();
    let child = install.child.to_string();
    let new = NewPlacement {
        person: &child,
        location: &location,
        kind: "care_placement",
        started_on: "2026-01-05",
        ended_on: "",
        placing_authority: "CARDIFF-CS",
    };
    assert!(matches!(admin.add_placement(&new, "test").await, Err(Failure::Forbidden(_))));
    assert!(matches!(admin.import_places(b"record\n", "test").await, Err(Failure::Forbidden(_))));
    root.add_placement(&new, "test").await.unwrap();
    assert_eq!(install.store.placements(install.child).await.unwrap().len(), 1);
    assert_eq!(install.store.location(home.id).await.unwrap(), Some(home));
}

#[tokio::test]
async fn every_problem_of_a_file_is_named_by_row_and_column_and_nothing_is_written() {
    let install = Install::new().await;
    let cli = Operator::command_line(&install.store);
    let child = install.child;
    let file = format!(
        "Record,Key,Kind,Name,Address,Postcode,Latitude,Longitude,Person,Location,Started_On,Ended_On\n\
         location,gwyn,childrens_home,Tŷ Gwyn,1 Heol y Coed,,51.48,-3.18,,,,\n\
         location,gwyn,family_home,,2 Stryd Fawr,,51.48,,,,,\n\
         placement,,care_placement,,,,,,{child},gwyn,2026-02-01,2026-01-01\n\
         placement,,care_placement,,,,,,{child},nowhere,2026-01-01,\n\
         placement,,care_placement,Oak House,,,,,OTHER-CS:CS-114,gwyn,2026-01-01,\n\
         hotel,,,,,,,,,,,\n\
         placement,,care_placement\n"
    );
    let got = problems(cli.import_places(file.as_bytes(), "test").await);
    assert_eq!(
        got,
        pairs(&[
            ("row 2: key", "repeated"),
            ("row 2: longitude", "coordinates-need-both"),
            ("row 3: ended_on", "ends-before-start"),
            ("row 4: location", "unknown-record"),
            ("row 5: name", "not-used-by-this-record"),
            ("row 6: record", "unknown-code"),
            ("row 7: record", "wrong-number-of-fields"),
        ])
    );
    assert!(install.store.placements(child).await.unwrap().is_empty(), "nothing written");

    // The header, the first home, and the placement by reference that pointed at it.
    let lines: Vec<&str> = file.lines().collect();
    let good = [lines[0].to_owned(), lines[1].to_owned(), lines[5].replace("Oak House", "")].join("\n");
    let done = cli.import_places(good.as_bytes(), "test").await.unwrap();
    assert_eq!(done, ImportSummary { locations: 1, placements: 1 });
    let placed = install.store.placements(child).await.unwrap();
    assert_eq!(placed[0].location.name.as_deref(), Some("Tŷ Gwyn"));

    // A file that is not one of places at all.
    assert_eq!(problems(cli.import_places(b"", "test").await), pairs(&[("header: record", "required")]));
    assert_eq!(problems(cli.import_places(b"record,kind\n", "test").await), pairs(&[("file", "no-rows")]));
    assert_eq!(
        problems(cli.import_places(b"record,colour\nlocation,red\n", "test").await),
        pairs(&[("header: colour", "unknown-column")])
    );
    // Nothing else was written by the refusals.
    let agencies = install.store.agencies().await.unwrap().len();
    assert_eq!(agencies, 3);
}
