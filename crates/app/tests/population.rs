//! An area's child population as the install's administrator sets it and the figures meet it,
//! on a real store: only the system administrator (or the command line) sets it, each version
//! is kept with who saved it and audited, bad counts are named by field and write nothing, and
//! the figures carry rates only once it is set.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise")]

use haven_app::Failure;
use haven_app::admin::Operator;
use haven_app::figures::{FiguresAsk, FiguresSettings, system_figures};
use haven_app::population::PopulationChange;
use haven_domain::audit::AuditAction;
use haven_domain::figures::{Cell, Pair};
use haven_domain::missing::MissingRules;
use haven_domain::user::User;
use haven_store::{AgencyStore, AuditStore, PopulationStore, UserStore};
use haven_store_sqlite::SqliteStore;

struct Install {
    store: SqliteStore,
    _dir: tempfile::TempDir,
}

impl Install {
    async fn new() -> Install {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).await.unwrap();
        let cli = Operator::command_line(&store);
        cli.create_area("CARDIFF", "Cardiff BCU", "bcu", "test").await.unwrap();
        cli.create_area("BRISTOL", "Bristol BCU", "bcu", "test").await.unwrap();
        cli.create_agency("SWP", "South Wales Police", "police", "", "test").await.unwrap();
        cli.create_agency("CARDIFF-CS", "Cardiff CS", "local_authority", "CARDIFF", "test").await.unwrap();
        cli.create_user("swp.admin", "SWP", "admin", "", "test").await.unwrap();
        cli.create_user("council.admin", "CARDIFF-CS", "admin", "", "test").await.unwrap();
        cli.create_user("analyst", "SWP", "analyst", "", "test").await.unwrap();
        cli.create_user("root", "SWP", "system_admin", "", "test").await.unwrap();
        Install { store, _dir: dir }
    }

    async fn user(&self, name: &str) -> User {
        let name = haven_domain::user::Username::parse(name).unwrap();
        self.store.user_with_credentials(&name).await.unwrap().unwrap().0
    }
}

fn rows(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

fn good() -> Vec<(String, String)> {
    rows(&[("total", "20000"), ("sex.female", "9800"), ("sex.male", "10200"), ("age.13_to_15", "3500")])
}

async fn set(op: &Operator<'_>, area: &str, counts: &[(String, String)]) -> Result<i64, Failure> {
    let change = PopulationChange { source: "ONS mid-2024 estimates", as_of: "2024-06-30", counts };
    op.set_area_population(area, &change, "test").await.map(|v| v.number)
}

fn problems(result: Result<impl std::fmt::Debug, Failure>) -> Vec<(String, &'static str)> {
    match result {
        Err(Failure::Invalid(e)) => e.0.into_iter().map(|p| (p.field, p.code)).collect(),
        other => panic!("expected field problems, got {other:?}"),
    }
}

async fn versions(install: &Install, code: &str) -> usize {
    let area = install.store.areas().await.unwrap().into_iter().find(|a| a.code.as_str() == code).unwrap();
    install.store.population_versions(area.id).await.unwrap().len()
}

#[tokio::test]
async fn only_the_install_administrator_sets_an_areas_population() {
    let install = Install::new().await;
    // The population decides the rates on every agency's board: no agency's admin sets it.
    for name in ["council.admin", "swp.admin", "analyst"] {
        let op = Operator::user(&install.store, &install.user(name).await);
        assert!(matches!(set(&op, "CARDIFF", &good()).await, Err(Failure::Forbidden(_))), "{name}");
        assert!(matches!(op.area_population("CARDIFF").await, Err(Failure::Forbidden(_))), "{name}");
    }
    assert_eq!(versions(&install, "CARDIFF").await, 0, "nothing written");

    let root_user = install.user("root").await;
    let root = Operator::user(&install.store, &root_user);
    assert_eq!(set(&root, "CARDIFF", &good()).await.unwrap(), 1);
    assert_eq!(set(&root, "CARDIFF", &rows(&[("total", "20500")])).await.unwrap(), 2);
    assert_eq!(set(&Operator::command_line(&install.store), "CARDIFF", &good()).await.unwrap(), 3);
    let shown = root.area_population("CARDIFF").await.unwrap();
    let by: Vec<(i64, &str, u64)> =
        shown.versions.iter().map(|v| (v.number, v.saved_by_label.as_str(), v.population.total)).collect();
    assert_eq!(by, [(3, "cli", 20_000), (2, "root", 20_500), (1, "root", 20_000)], "every version kept");
    assert_eq!(problems(set(&root, "NOWHERE", &good()).await), [("area".into(), "unknown-area")]);

    let trail = install.store.agency_audit(root_user.agency_id, 100).await.unwrap();
    let details: Vec<String> =
        trail.iter().filter(|e| e.action == AuditAction::AreaPopulationSet).filter_map(|e| e.detail.clone()).collect();
    assert!(details.contains(&"population v2 as of 2024-06-30: 20500 children".to_owned()), "{details:?}");
    assert!(details.contains(&"population v1 as of 2024-06-30: 20000 children".to_owned()), "{details:?}");
}

#[tokio::test]
async fn bad_counts_are_named_by_field_and_nothing_is_written() {
    let install = Install::new().await;
    let root = Operator::user(&install.store, &install.user("root").await);
    let bad = rows(&[
        ("total", "1000"),
        ("sex.female", "-5"),
        ("sex.male", "lots"),
        ("age.16_to_17", "1001"),
        ("age.adult", "10"),
    ]);
    assert_eq!(
        problems(set(&root, "CARDIFF", &bad).await),
        [
            ("sex.female".into(), "negative"),
            ("sex.male".into(), "number-format"),
            ("age.adult".into(), "unknown-code"),
            ("age.16_to_17".into(), "more-than-total"),
        ]
    );
    let over = rows(&[("total", "1000"), ("sex.female", "600"), ("sex.male", "500")]);
    assert_eq!(problems(set(&root, "CARDIFF", &over).await), [("sex".into(), "more-than-total")]);
    let change = PopulationChange { source: " ", as_of: "2099-01-01", counts: &good() };
    assert_eq!(
        problems(root.set_area_population("CARDIFF", &change, "test").await),
        [("source".into(), "required"), ("as_of".into(), "date-in-future")]
    );
    assert_eq!(versions(&install, "CARDIFF").await, 0, "nothing written");
}

#[tokio::test]
async fn the_figures_carry_rates_only_where_the_population_is_set() {
    let install = Install::new().await;
    let root = Operator::user(&install.store, &install.user("root").await);
    set(&root, "CARDIFF", &good()).await.unwrap();
    let rules = MissingRules::default();
    let ask = |area| FiguresAsk { area, from: "2026-01-01", to: "2026-01-31", exact: true, export: None };
    let settings = FiguresSettings::default();

    let cardiff = system_figures(&install.store, &ask("CARDIFF"), &rules, settings, "test").await.unwrap();
    let note = cardiff.figures.population.as_ref().unwrap();
    assert_eq!((note.source.as_str(), note.as_of.to_string().as_str()), ("ONS mid-2024 estimates", "2024-06-30"));
    let by_sex = cardiff.figures.get("children-by-sex").unwrap();
    // No child went missing: 0 per 1,000 of the 20,000, and of the 9,800 girls.
    let zero = Pair { value: Cell::Number(0.0), previous: Cell::Number(0.0) };
    assert_eq!((by_sex.population, by_sex.rate), (Some(20_000), Some(zero)));
    assert_eq!(by_sex.parts[0].population, Some(9_800));
    assert_eq!(by_sex.parts[0].rate, Some(zero));
    // The population gives no age band but 13–15.
    let by_age = cardiff.figures.get("children-by-age").unwrap();
    let given: Vec<&str> = by_age.parts.iter().filter(|p| p.rate.is_some()).map(|p| p.key).collect();
    assert_eq!(given, ["13_to_15"]);

    // Bristol has none: no rate anywhere, none made up.
    let bristol = system_figures(&install.store, &ask("BRISTOL"), &rules, settings, "test").await.unwrap();
    assert_eq!(bristol.figures.population, None);
    for f in &bristol.figures.figures {
        assert!(f.rate.is_none() && f.parts.iter().all(|p| p.rate.is_none() && p.population.is_none()), "{}", f.id);
    }
}
