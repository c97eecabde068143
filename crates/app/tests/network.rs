//! Associations and hotspots (issue 20) as the application gives them, on a real store: whom a
//! child was found with recorded on the return by the police only, and only a person the
//! officer sees; a network cut by need to know (an agency shared only who people are sees no
//! edge and no one behind it, the interviewer sees the return but not the police's notes, a
//! person nobody shares is shown unnamed and not gone through); depth refused past two before
//! anything is read; an area's hotspots for the areas an agency works in; the people and places
//! a MACE meeting linked, for the meeting's agencies only; every read audited.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise")]

use chrono::{Duration, Utc};
use haven_app::admin::{NewAgreement, Operator};
use haven_app::network::{HotspotsAsk, NodeLabel};
use haven_app::places::NewLocation;
use haven_app::{Caller, Failure, Report};
use haven_domain::audit::{AuditAction, AuditEvent};
use haven_domain::ids::{EpisodeId, LocationId, PersonId};
use haven_domain::missing::MissingRules;
use haven_domain::missing::episode::GradingInput;
use haven_domain::missing::input::{NoteInput, ReturnInput};
use haven_domain::network::{AssociationInput, Node, Relation, Source, connected_components};
use haven_domain::person::{Person, PersonForm};
use haven_domain::uktime::uk_date;
use haven_domain::user::{User, Username};
use haven_store::{AuditStore, PersonStore, Store, UserStore};
use haven_store_sqlite::SqliteStore;

struct Install {
    store: SqliteStore,
    /// Held by the police: two children who went missing from the same home and were each
    /// found with Kyle, an adult of concern.
    cerys: PersonId,
    dylan: PersonId,
    kyle: PersonId,
    /// An adult held only by an agency that shares with nobody.
    stranger: PersonId,
    home: LocationId,
    cerys_episode: EpisodeId,
    _dir: tempfile::TempDir,
}

fn today() -> chrono::NaiveDate {
    uk_date(Utc::now())
}

async fn person(store: &SqliteStore, given: &str, holder: haven_domain::ids::AgencyId, dob: &str) -> PersonId {
    let adult = dob < "2000";
    let form = PersonForm {
        kind: adult.then(|| "adult".to_owned()),
        given_name: given.into(),
        family_name: "Morgan".into(),
        date_of_birth: Some(dob.into()),
        sex: "female".into(),
        ..PersonForm::default()
    };
    let now = Utc::now();
    let person = Person::new(form.parse(today(), None, None).unwrap(), holder, None, now);
    let audit = AuditEvent::system("test", AuditAction::PersonCreate, "test", now).person(person.id);
    store.create_person(&person, &audit).await.unwrap();
    person.id
}

fn agreement<'a>(name: &'a str, members: Vec<&'a str>, classes: Vec<&'a str>, to: Vec<&'a str>) -> NewAgreement<'a> {
    NewAgreement {
        name,
        purpose: "safeguarding",
        members,
        classes,
        to,
        scope: "cohort",
        roles: "all",
        starts_on: "2020-01-01",
        ends_on: "",
        review_on: "",
    }
}

fn report(child: PersonId, from: Option<LocationId>, hours_ago: i64) -> Report<'static> {
    let now = Utc::now();
    Report {
        person: Some(child),
        reported_at: Ok(now - Duration::hours(hours_ago)),
        last_seen_at: Ok(now - Duration::hours(hours_ago + 1)),
        last_seen_where: "Home",
        reporter: "parent",
        from_location: from,
        area: Ok(None),
        circumstances: "",
        police_reference: "",
        officer_in_charge: "PC 1234 Jones",
        grading: GradingInput { grade: "medium", rationale: "Known to an older male", answers: &[], naira_reason: "" },
        refused: Default::default(),
    }
}

/// A report of `child` from `home` `hours_ago`, returned 20 hours later.
async fn returned_episode(pc: &Caller<'_>, child: PersonId, home: LocationId, hours_ago: i64) -> EpisodeId {
    let rules = MissingRules::default();
    let written = pc.report_missing(&report(child, Some(home), hours_ago), &rules, "test").await.unwrap();
    let back = ReturnInput {
        returned_at: Ok(Utc::now() - Duration::hours(hours_ago - 20)),
        found_where: "A flat in town",
        found_by: "police",
        with_whom: "an older male",
        harm_seen: "",
        disclosed: false,
        found_in_other_force_area: false,
        prevention_interview_at: None,
        prevention_interview_notes: "",
    };
    pc.record_return(written.episode.id, None, &back, &rules, "test").await.unwrap();
    written.episode.id
}

impl Install {
    async fn new() -> Install {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).await.unwrap();
        let cli = Operator::command_line(&store);
        cli.create_area("CARDIFF", "Cardiff", "local_authority", "test").await.unwrap();
        cli.create_area("BRIDGEND", "Bridgend", "local_authority", "test").await.unwrap();
        let police = cli.create_agency("SWP", "South Wales Police", "police", "", "test").await.unwrap();
        cli.create_agency("CARDIFF-CS", "Cardiff CS", "local_authority", "CARDIFF", "test").await.unwrap();
        cli.create_agency("BRIDGEND-CS", "Bridgend CS", "local_authority", "BRIDGEND", "test").await.unwrap();
        cli.create_agency("CHARITY", "Pathways", "rhi_provider", "", "test").await.unwrap();
        let loner = cli.create_agency("LONER", "A force of its own", "police", "", "test").await.unwrap();
        for (name, agency, role) in [
            ("pc.jones", "SWP", "practitioner"),
            ("di.morgan", "SWP", "mace_chair"),
            ("sw.davies", "CARDIFF-CS", "practitioner"),
            ("sw.bevan", "BRIDGEND-CS", "practitioner"),
            ("rhi.worker", "CHARITY", "practitioner"),
        ] {
            cli.create_user(name, agency, role, "", "test").await.unwrap();
        }
        // Cardiff is shared the police's whole episodes; Bridgend only who people are; the
        // charity the episodes as an interviewer sees them.
        let everything = vec!["identity", "police_assessment", "episode_summary", "rhi_content", "mace_minutes"];
        cli.create_agreement(
            &agreement("Cardiff ISP", vec!["SWP", "CARDIFF-CS"], everything, vec!["local_authority"]),
            "t",
        )
        .await
        .unwrap();
        cli.create_agreement(
            &agreement("Bridgend ISP", vec!["SWP", "BRIDGEND-CS"], vec!["identity"], vec!["local_authority"]),
            "t",
        )
        .await
        .unwrap();
        let rhi = vec!["identity", "episode_summary", "rhi_content"];
        cli.create_agreement(&agreement("RHI contract", vec!["SWP", "CHARITY"], rhi, vec!["rhi_provider"]), "t")
            .await
            .unwrap();
        let home = NewLocation {
            kind: "childrens_home",
            name: "Tŷ Coed",
            address: "1 Coed Road",
            area: "CARDIFF",
            latitude: "51.48",
            longitude: "-3.18",
            ..NewLocation::default()
        };
        let home = cli.create_location(&home, "test").await.unwrap().id;

        let cerys = person(&store, "Cerys", police.id, "2012-01-01").await;
        let dylan = person(&store, "Dylan", police.id, "2011-01-01").await;
        let kyle = person(&store, "Kyle", police.id, "1995-01-01").await;
        let stranger = person(&store, "Stranger", loner.id, "1990-01-01").await;

        let officer = Self::find(&store, "pc.jones").await;
        let pc = Caller::load(&store, &officer).await.unwrap();
        let cerys_episode = returned_episode(&pc, cerys, home, 48).await;
        let dylan_episode = returned_episode(&pc, dylan, home, 200).await;
        let with_kyle = AssociationInput { relation: "found_with", person: &kyle.to_string(), location: "" };
        pc.record_association(cerys_episode, &with_kyle, "test").await.unwrap();
        pc.record_association(dylan_episode, &with_kyle, "test").await.unwrap();
        // Cerys is missing again now, and the police noted Kyle on it (their intelligence).
        let rules = MissingRules::default();
        let open = pc.report_missing(&report(cerys, None, 2), &rules, "test").await.unwrap().episode.id;
        let note = NoteInput {
            kind: "linked_person",
            at: Ok(Utc::now() - Duration::hours(1)),
            text: "Seen with her",
            person_id: Some(kyle),
            location_id: None,
            recipient: "",
            next_review_at: None,
        };
        pc.add_note(open, &note, &rules, "test").await.unwrap();
        let install = Install { store, cerys, dylan, kyle, stranger, home, cerys_episode, _dir: dir };
        // The stranger, held by an agency that shares with nobody, on Cerys's return: written
        // through the store (the application refuses a person the officer may not see).
        install.found_with_stranger().await;
        install
    }

    async fn found_with_stranger(&self) {
        use haven_domain::network::Association;
        let a = Association {
            id: haven_domain::ids::AssociationId::new(),
            episode: self.cerys_episode,
            relation: Relation::FoundWith,
            other: Node::Person(self.stranger),
            source: Source::Return,
            at: Utc::now(),
            recorded_by: None,
            recorded_at: Utc::now(),
        };
        let audit = AuditEvent::system("test", AuditAction::AssociationAdd, "test", Utc::now());
        haven_store::NetworkStore::add_association(&self.store, &a, &audit).await.unwrap();
    }

    async fn find(store: &SqliteStore, name: &str) -> User {
        store.user_with_credentials(&Username::parse(name).unwrap()).await.unwrap().unwrap().0
    }

    async fn user(&self, name: &str) -> User {
        Self::find(&self.store, name).await
    }

    async fn trail(&self, person: PersonId) -> usize {
        self.store.person_audit(person, 10_000).await.unwrap().len()
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

#[tokio::test]
async fn the_police_see_the_whole_network_to_two_steps_with_each_edges_source() {
    let install = Install::new().await;
    let officer = install.user("pc.jones").await;
    let pc = caller(&install.store, &officer).await;
    let before = install.trail(install.cerys).await;
    let net = pc.network(install.cerys, "2", "test").await.unwrap();
    assert_eq!(install.trail(install.cerys).await, before + 1, "the network's read is on her trail");

    let step = |n: Node| net.nodes.iter().find(|x| x.node == n).map(|x| x.step);
    assert_eq!(step(Node::Person(install.cerys)), Some(0));
    assert_eq!(step(Node::Person(install.kyle)), Some(1));
    assert_eq!(step(Node::Location(install.home)), Some(1));
    // Dylan is two steps away, through Kyle and through the home.
    assert_eq!(step(Node::Person(install.dylan)), Some(2));
    assert!(
        matches!(net.label(Node::Person(install.kyle)), Some(NodeLabel::Person { name, .. }) if name == "Kyle Morgan")
    );
    // The stranger is on Cerys's return, but no one shares them with the police: not named.
    assert_eq!(net.label(Node::Person(install.stranger)), Some(&NodeLabel::Hidden));
    let relations: Vec<(Relation, Source)> =
        net.edges.iter().filter(|l| l.child == install.cerys).map(|l| (l.relation, l.source)).collect();
    assert!(relations.contains(&(Relation::FoundWith, Source::Return)));
    assert!(relations.contains(&(Relation::MissingFrom, Source::Episode)));
    assert!(relations.contains(&(Relation::LinkedPerson, Source::Note)));
    // Each named person has the network on their own trail too.
    assert!(install.trail(install.kyle).await > 0);

    // One step: Dylan is not reached.
    let near = pc.network(install.cerys, "1", "test").await.unwrap();
    assert!(near.nodes.iter().all(|n| n.step <= 1));
    assert!(!near.nodes.iter().any(|n| n.node == Node::Person(install.dylan)));
}

#[tokio::test]
async fn a_depth_past_two_or_an_unknown_person_is_refused_and_nothing_is_read() {
    let install = Install::new().await;
    let officer = install.user("pc.jones").await;
    let pc = caller(&install.store, &officer).await;
    let before = install.trail(install.cerys).await;
    assert_eq!(problems(pc.network(install.cerys, "3", "test").await), [("depth".to_owned(), "too-large")]);
    assert_eq!(problems(pc.network(install.cerys, "x", "test").await), [("depth".to_owned(), "whole-number")]);
    assert_eq!(install.trail(install.cerys).await, before, "nothing read, nothing audited");
    assert!(matches!(pc.network(PersonId::new(), "1", "test").await, Err(Failure::NotFound)));
}

#[tokio::test]
async fn an_agency_shared_only_who_people_are_sees_no_edge_and_no_one_behind_it() {
    let install = Install::new().await;
    let worker = install.user("sw.bevan").await;
    let bridgend = caller(&install.store, &worker).await;
    let net = bridgend.network(install.cerys, "2", "test").await.unwrap();
    assert!(net.edges.is_empty());
    assert_eq!(net.nodes.len(), 1, "only Cerys herself: {:?}", net.nodes);
    // Kyle is shared with Bridgend as a person, but not the episodes that link him.
    let kyle = bridgend.network(install.kyle, "2", "test").await.unwrap();
    assert!(kyle.edges.is_empty() && kyle.nodes.len() == 1);
    // An agency that sees the episodes sees the links.
    let cardiff_user = install.user("sw.davies").await;
    let cardiff = caller(&install.store, &cardiff_user).await;
    assert!(cardiff.network(install.cerys, "2", "test").await.unwrap().nodes.len() >= 4);
}

#[tokio::test]
async fn the_interviewer_sees_whom_she_was_found_with_but_not_the_police_notes() {
    let install = Install::new().await;
    let worker = install.user("rhi.worker").await;
    let charity = caller(&install.store, &worker).await;
    let net = charity.network(install.cerys, "1", "test").await.unwrap();
    assert!(net.edges.iter().any(|l| l.relation == Relation::FoundWith && l.other == Node::Person(install.kyle)));
    assert!(net.edges.iter().all(|l| l.source != Source::Note));
}

#[tokio::test]
async fn only_the_police_record_the_returns_associations_and_only_of_people_they_see() {
    let install = Install::new().await;
    let officer = install.user("pc.jones").await;
    let pc = caller(&install.store, &officer).await;
    let stranger = install.stranger.to_string();
    let with_stranger = AssociationInput { relation: "found_with", person: &stranger, location: "" };
    assert_eq!(
        problems(pc.record_association(install.cerys_episode, &with_stranger, "test").await),
        [("person_id".to_owned(), "unknown-record")]
    );
    let nowhere = AssociationInput { relation: "found_at", person: "", location: "" };
    assert_eq!(
        problems(pc.record_association(install.cerys_episode, &nowhere, "test").await),
        [("location_id".to_owned(), "required")]
    );
    let home = install.home.to_string();
    let at_home = AssociationInput { relation: "found_at", person: "", location: &home };
    let found = pc.record_association(install.cerys_episode, &at_home, "test").await.unwrap();
    assert_eq!((found.relation, found.source), (Relation::FoundAt, Source::Return));
    // A council worker sees the episode but does not record the police's return.
    let worker = install.user("sw.davies").await;
    let cardiff = caller(&install.store, &worker).await;
    assert!(matches!(
        cardiff.record_association(install.cerys_episode, &at_home, "test").await,
        Err(Failure::Forbidden(_))
    ));
    // Bridgend does not see the episode at all.
    let other = install.user("sw.bevan").await;
    let bridgend = caller(&install.store, &other).await;
    assert!(matches!(
        bridgend.record_association(install.cerys_episode, &at_home, "test").await,
        Err(Failure::NotFound)
    ));
}

#[tokio::test]
async fn hotspots_rank_an_areas_places_for_the_areas_an_agency_works_in() {
    let install = Install::new().await;
    let officer = install.user("pc.jones").await;
    let pc = caller(&install.store, &officer).await;
    let ask = HotspotsAsk { area: "CARDIFF", from: "", to: "" };
    let spots = pc.hotspots(&ask, "test").await.unwrap();
    assert_eq!(spots.ranked.len(), 1);
    let (top, place) = &spots.ranked[0];
    assert_eq!((place.id, top.missing_from, top.children), (install.home, 2, 2));
    // Bridgend sees no episode, and works in its own area only.
    let worker = install.user("sw.bevan").await;
    let bridgend = caller(&install.store, &worker).await;
    let own = bridgend.hotspots(&HotspotsAsk { area: "BRIDGEND", from: "", to: "" }, "test").await.unwrap();
    assert!(own.ranked.is_empty());
    assert_eq!(problems(bridgend.hotspots(&ask, "test").await), [("area".to_owned(), "unknown-area")]);
    assert_eq!(
        problems(pc.hotspots(&HotspotsAsk { area: "NOWHERE", from: "", to: "" }, "test").await),
        [("area".to_owned(), "unknown-area")]
    );
    let backwards = HotspotsAsk { area: "CARDIFF", from: "2026-03-02", to: "2026-03-01" };
    assert_eq!(problems(pc.hotspots(&backwards, "test").await), [("to".to_owned(), "before-from")]);
    // The groups behind the seam: both children, Kyle and the home are one cohort.
    let groups = pc.area_groups(&ask, connected_components, "test").await.unwrap();
    assert!(groups[0].contains(&Node::Person(install.kyle)) && groups[0].contains(&Node::Person(install.dylan)));
    // Community detection on the same edges: Cerys, Kyle who she was found with, and the adult
    // the police may not see (unnamed) are one group; Dylan and the home, a pair, are too small
    // to show. Connected components put them all in one.
    let groups = pc.groups(&ask, "test").await.unwrap();
    assert_eq!(groups.len(), 1);
    let nodes: Vec<Node> = groups[0].members.iter().map(|m| m.node).collect();
    assert!(nodes.contains(&Node::Person(install.kyle)) && nodes.contains(&Node::Person(install.cerys)));
    assert!(!nodes.contains(&Node::Person(install.dylan)));
    assert_eq!(groups[0].counts(), [1, 1, 1, 0], "a child, an adult, one not named");
    assert_eq!(problems(bridgend.groups(&ask, "test").await), [("area".to_owned(), "unknown-area")]);
}

/// A MACE meeting of Cardiff convened by the police (the council attending) yesterday, with
/// Rhys (an adult of concern whom no episode links to anyone), Cerys and a theme on its agenda.
async fn mace_meeting(
    install: &Install,
    chair: &Caller<'_>,
) -> (haven_domain::ids::MeetingId, [haven_domain::ids::AgendaItemId; 3], PersonId) {
    use haven_app::mace::{MeetingForm, PersonForm};
    use haven_domain::mace::meeting::{AgendaItem, ItemSubject};
    use haven_store::MaceStore;
    let date = (today() - Duration::days(1)).to_string();
    let form = MeetingForm {
        area: "CARDIFF",
        date: &date,
        time: "10:00",
        chair: PersonForm { name: "DI Morgan", agency: "SWP" },
        attendees: vec![PersonForm { name: "Sara Davies", agency: "CARDIFF-CS" }],
        apologies: vec![],
    };
    let meeting = chair.convene_meeting(&form, "test").await.unwrap();
    let police = meeting.owner;
    let rhys = person(&install.store, "Rhys", police, "1990-05-05").await;
    let subjects =
        [ItemSubject::PersonOfConcern(rhys), ItemSubject::Child(install.cerys), ItemSubject::Theme("Vapes".into())];
    let mut items = [haven_domain::ids::AgendaItemId::new(); 3];
    for (i, subject) in subjects.into_iter().enumerate() {
        let item = AgendaItem {
            id: haven_domain::ids::AgendaItemId::new(),
            meeting_id: meeting.id,
            position: i64::try_from(i).unwrap() + 1,
            subject,
            reason: "raised".into(),
            summary: String::new(),
            decisions: String::new(),
            risk_after: None,
            version: 1,
        };
        let audit = AuditEvent::system("test", AuditAction::MaceItemAdd, "test", Utc::now());
        install.store.add_item(&item, &audit).await.unwrap();
        items[i] = item.id;
    }
    (meeting.id, items, rhys)
}

#[tokio::test]
async fn a_mace_meetings_links_join_the_network_for_its_agencies_only() {
    use haven_domain::network::MaceLinkInput;
    let install = Install::new().await;
    let chair_user = install.user("di.morgan").await;
    let chair = caller(&install.store, &chair_user).await;
    let (meeting, [rhys_item, cerys_item, theme_item], rhys) = mace_meeting(&install, &chair).await;
    let (cerys, kyle, home) = (install.cerys.to_string(), install.kyle.to_string(), install.home.to_string());

    // The meeting links Cerys to Rhys (on his item): the edge has the child first.
    let before = install.trail(install.cerys).await;
    let edge =
        chair.link_item(meeting, rhys_item, &MaceLinkInput { person: &cerys, location: "" }, "test").await.unwrap();
    assert_eq!((edge.child, edge.other), (install.cerys, Node::Person(rhys)));
    assert_eq!(
        (edge.relation, edge.source, edge.meeting, edge.episode),
        (Relation::LinkedAtMace, Source::Mace, Some(meeting), None)
    );
    assert!(install.trail(install.cerys).await > before, "the link is on the child's trail");
    // And the home to Cerys (on her item).
    chair.link_item(meeting, cerys_item, &MaceLinkInput { person: "", location: &home }, "test").await.unwrap();

    // Refused by field, nothing written.
    let on = async |item, person: &str, location: &str| {
        problems(chair.link_item(meeting, item, &MaceLinkInput { person, location }, "test").await)
    };
    assert_eq!(on(rhys_item, &kyle, "").await, [("person_id".to_owned(), "needs-a-child")]);
    assert_eq!(on(rhys_item, &cerys, "").await, [("person_id".to_owned(), "duplicate")]);
    assert_eq!(on(cerys_item, &cerys, "").await, [("person_id".to_owned(), "same-as-subject")]);
    assert_eq!(on(theme_item, &cerys, "").await, [("item".to_owned(), "no-subject-to-link")]);
    assert_eq!(on(cerys_item, "", "").await, [("subject".to_owned(), "required")]);
    assert_eq!(on(cerys_item, &install.stranger.to_string(), "").await, [("person_id".to_owned(), "unknown-record")]);
    assert_eq!(on(cerys_item, &PersonId::new().to_string(), "").await, [("person_id".to_owned(), "unknown-record")]);
    // An item with links stays on the agenda.
    assert_eq!(problems(chair.remove_item(meeting, rhys_item, 1, "test").await), [("item".to_owned(), "has-links")]);
    // A case worker of the meeting's agency reads the links but does not run the meeting;
    // an agency not at the meeting is told there is no such meeting.
    let officer = install.user("pc.jones").await;
    let pc = caller(&install.store, &officer).await;
    assert!(matches!(
        pc.link_item(meeting, cerys_item, &MaceLinkInput { person: &kyle, location: "" }, "test").await,
        Err(Failure::Forbidden(_))
    ));
    let (item, runs, labels) = pc.item_links(meeting, rhys_item, "test").await.unwrap();
    assert_eq!((item.links.len(), runs), (1, false));
    assert!(matches!(&labels[..], [NodeLabel::Person { name, .. }] if name == "Cerys Morgan"));
    let worker = install.user("rhi.worker").await;
    let charity = caller(&install.store, &worker).await;
    assert!(matches!(charity.item_links(meeting, rhys_item, "test").await, Err(Failure::NotFound)));

    // The police (who convened) and the council (who attended) see the edge in Cerys's network,
    // and Rhys through it; the charity, not at the meeting, sees her return but not the meeting.
    let mace_edge = |net: &haven_app::network::Network| {
        net.edges.iter().any(|l| l.source == Source::Mace && l.other == Node::Person(rhys))
    };
    let net = pc.network(install.cerys, "1", "test").await.unwrap();
    assert!(mace_edge(&net));
    assert!(net.nodes.iter().any(|n| n.node == Node::Person(rhys)));
    let council_user = install.user("sw.davies").await;
    let council = caller(&install.store, &council_user).await;
    assert!(mace_edge(&council.network(install.cerys, "1", "test").await.unwrap()));
    let seen_by_charity = charity.network(install.cerys, "1", "test").await.unwrap();
    assert!(!mace_edge(&seen_by_charity));
    assert!(seen_by_charity.edges.iter().all(|l| l.source != Source::Mace));
    assert!(!seen_by_charity.nodes.iter().any(|n| n.node == Node::Person(rhys)));
    // From Rhys's side the link reaches Cerys (the network starts at the adult).
    let from_rhys = pc.network(rhys, "1", "test").await.unwrap();
    assert!(from_rhys.nodes.iter().any(|n| n.node == Node::Person(install.cerys)));

    // The area's groups take the meeting's links in: Rhys is in Cerys's group.
    let ask = HotspotsAsk { area: "CARDIFF", from: "", to: "" };
    let groups = pc.area_groups(&ask, connected_components, "test").await.unwrap();
    let with_cerys = groups.iter().find(|g| g.contains(&Node::Person(install.cerys))).unwrap();
    assert!(with_cerys.contains(&Node::Person(rhys)));
}
