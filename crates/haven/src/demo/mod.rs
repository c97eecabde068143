//! The demo force: a fictional police force and its partners (three BCUs, four local
//! authorities, a health board, a return-home-interview provider, schools, a youth justice
//! service and the commissioner's office), with about 2,000 children, 300 adults of concern and
//! 400 locations at scale 1. Deterministic for a seed and a date, so that a bug seen on the
//! demo can be seen again; `--scale` multiplies the people and places for benchmarks.

pub mod directory;
mod disruption;
mod episodes;
mod mace;
mod markers;
mod names;
pub mod network;
pub mod population;
mod screenings;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use haven_domain::agency::{Agency, AgencyCode, AgencyKind, Area, AreaKind};
use haven_domain::ids::{AgencyId, AgreementId, AliasId, AreaId, LocationId, PersonId, PlacementId, UserId};
use haven_domain::location::{Coordinates, Location, LocationKind, Placement, PlacementKind, Postcode};
use haven_domain::person::{AgencyRecord, Alias, CareStatus, Ethnicity, Person, PersonDetails, PersonKind, Sex};
use haven_domain::sharing::{Agreement, Grant, RecordClass, Scope};
use haven_domain::text::{Name, Reference};
use haven_domain::user::{Role, User, Username};
use haven_store::BulkLoad;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

/// The password of every demo account. Demo data only: the banner on every page says so.
pub const DEMO_PASSWORD: &str = "demo-password-2026";

#[derive(Debug, Clone, Copy)]
pub struct DemoOptions {
    pub scale: u32,
    pub seed: u64,
    pub today: NaiveDate,
}

/// A demo account, as printed for whoever starts the demo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSignIn {
    pub username: String,
    pub role: Role,
    pub agency: String,
}

#[derive(Debug)]
pub struct DemoForce {
    pub load: BulkLoad,
    pub sign_ins: Vec<DemoSignIn>,
}

/// A fictional local authority: code, name, postcode districts, centre (lat, lon).
type DemoAuthority = (&'static str, &'static str, &'static [&'static str], (f64, f64));

/// The four local authorities.
const AUTHORITIES: &[DemoAuthority] = &[
    ("CAERWEN", "Caerwen County Council", &["CF31", "CF32", "CF33"], (51.51, -3.58)),
    ("LLANFOEL", "Llanfoel County Borough Council", &["NP22", "NP23", "NP24"], (51.77, -3.25)),
    ("BRYNCOED", "Bryncoed City Council", &["SA1", "SA2", "SA5"], (51.62, -3.94)),
    ("DINAS-EBRILL", "Dinas Ebrill Council", &["LL11", "LL12", "LL13"], (53.05, -3.0)),
];

/// Agencies other than the councils: code, name, kind.
const OTHER_AGENCIES: &[(&str, &str, AgencyKind)] = &[
    ("MOR-POL", "Morlais Police", AgencyKind::Police),
    ("MOR-HB", "Morlais University Health Board", AgencyKind::Health),
    ("PATHWAYS", "Pathways Home (return home interviews)", AgencyKind::RhiProvider),
    ("YSG-BRYNCOED", "Ysgol Gyfun Bryncoed", AgencyKind::Education),
    ("CAERWEN-HS", "Caerwen High School", AgencyKind::Education),
    ("COLEG-LLANFOEL", "Coleg Llanfoel", AgencyKind::Education),
    ("MOR-YJS", "Morlais Youth Justice Service", AgencyKind::YouthJustice),
    ("MOR-OPCC", "Office of the Police and Crime Commissioner for Morlais", AgencyKind::Commissioner),
];

const BCUS: &[(&str, &str)] =
    &[("MOR-N", "Morlais North BCU"), ("MOR-C", "Morlais Central BCU"), ("MOR-S", "Morlais South BCU")];

struct Gen {
    rng: ChaCha8Rng,
    today: NaiveDate,
}

impl Gen {
    fn uuid(&mut self) -> Uuid {
        uuid::Builder::from_random_bytes(self.rng.random()).into_uuid()
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        // The lists are constants and never empty; index 0 keeps the function total.
        items.choose(&mut self.rng).unwrap_or(&items[0])
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p.clamp(0.0, 1.0))
    }

    #[expect(clippy::expect_used, reason = "the name lists are constants, all checked by a test")]
    fn name(&mut self, list: &[&str]) -> Name {
        Name::parse(self.pick::<&str>(list)).expect("demo names are valid names")
    }

    fn days_ago(&mut self, max: i64) -> NaiveDate {
        self.today - Duration::days(self.rng.random_range(0..=max))
    }

    fn instant(day: NaiveDate) -> DateTime<Utc> {
        day.and_time(NaiveTime::MIN).and_utc()
    }

    fn postcode(&mut self, districts: &[&str]) -> Option<Postcode> {
        const INWARD_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
        let district = *self.pick(districts);
        let digit = self.rng.random_range(1..=9);
        let a = char::from(*self.pick(INWARD_LETTERS));
        let b = char::from(*self.pick(INWARD_LETTERS));
        Postcode::parse(&format!("{district} {digit}{a}{b}")).ok()
    }

    fn near(&mut self, (lat, lon): (f64, f64)) -> Option<Coordinates> {
        let dlat = self.rng.random_range(-0.08..0.08);
        let dlon = self.rng.random_range(-0.12..0.12);
        Coordinates::parse(lat + dlat, lon + dlon).ok()
    }
}

#[expect(clippy::expect_used, reason = "the codes are constants, all checked by a test")]
fn code(raw: &str) -> AgencyCode {
    AgencyCode::parse(raw).expect("demo codes are valid agency codes")
}

/// Builds the whole demo force. Every demo user gets `password_hash` (one hash of
/// [`DEMO_PASSWORD`], so that loading does not spend minutes hashing the same password).
pub fn generate(options: DemoOptions, password_hash: &str) -> DemoForce {
    let mut g = Gen { rng: ChaCha8Rng::seed_from_u64(options.seed), today: options.today };
    let scale = options.scale.max(1) as usize;
    let mut load = BulkLoad::default();
    let mut sign_ins = Vec::new();

    for (c, name) in BCUS {
        load.areas.push(Area { id: AreaId(g.uuid()), code: code(c), name: (*name).into(), kind: AreaKind::Bcu });
    }
    let mut councils = Vec::new();
    for (c, name, districts, centre) in AUTHORITIES {
        let area = Area {
            id: AreaId(g.uuid()),
            code: code(c),
            name: name
                .replace(" Council", "")
                .replace(" County Borough", "")
                .replace(" City", "")
                .replace(" County", ""),
            kind: AreaKind::LocalAuthority,
        };
        let agency = Agency {
            id: AgencyId(g.uuid()),
            code: code(&format!("{c}-CS")),
            name: format!("{name} children's services"),
            kind: AgencyKind::LocalAuthority,
            area_id: Some(area.id),
        };
        councils.push((agency.clone(), area.id, *districts, *centre));
        load.areas.push(area);
        load.agencies.push(agency);
    }
    for (c, name, kind) in OTHER_AGENCIES {
        load.agencies.push(Agency {
            id: AgencyId(g.uuid()),
            code: code(c),
            name: (*name).into(),
            kind: *kind,
            area_id: None,
        });
    }
    let by_code = |c: &str| load.agencies.iter().find(|a| a.code.as_str() == c).map(|a| a.id);
    let police = by_code("MOR-POL").unwrap_or_default();
    let health = by_code("MOR-HB").unwrap_or_default();
    let rhi = by_code("PATHWAYS").unwrap_or_default();
    let yjs = by_code("MOR-YJS").unwrap_or_default();
    let schools: Vec<AgencyId> =
        load.agencies.iter().filter(|a| a.kind == AgencyKind::Education).map(|a| a.id).collect();

    // Users: every agency has practitioners and supervisors; police and councils also MACE
    // chairs and analysts; the commissioner's office scrutiny and an analyst; one admin.
    for agency in &load.agencies {
        let roles: &[Role] = match agency.kind {
            AgencyKind::Police | AgencyKind::LocalAuthority => {
                &[Role::Practitioner, Role::Supervisor, Role::MaceChair, Role::Analyst]
            }
            AgencyKind::Commissioner => &[Role::Scrutiny, Role::Analyst],
            _ => &[Role::Practitioner, Role::Supervisor],
        };
        let mut roles = roles.to_vec();
        if agency.kind == AgencyKind::Police {
            roles.push(Role::Inspector);
            roles.push(Role::Admin);
        }
        for role in roles {
            let raw = format!("{}.{}", agency.code.as_str().to_lowercase(), role.code().replace('_', "-"));
            let Ok(username) = Username::parse(&raw) else { continue };
            let given = g.name(names::GIVEN_FEMALE);
            let family = g.name(names::FAMILY);
            load.users.push((
                User {
                    id: UserId(g.uuid()),
                    username: username.clone(),
                    display_name: format!("{given} {family}"),
                    agency_id: agency.id,
                    role,
                    disabled: false,
                    identity: None,
                },
                password_hash.to_owned(),
            ));
            sign_ins.push(DemoSignIn { username: username.to_string(), role, agency: agency.name.clone() });
        }
    }
    // The install's administrator (areas, agencies, agreements), at the force: made without the
    // generator, so that everything else is the same for a seed as before there was one.
    if let (Ok(username), Some(force)) =
        (Username::parse("mor-pol.system-admin"), load.agencies.iter().find(|a| a.id == police))
    {
        let user = User {
            id: UserId(uuid::Uuid::from_u128(u128::from(options.seed) ^ 0x5359_5354_454d_4144_4d49_4e00_0000_0001)),
            username: username.clone(),
            display_name: "System administrator".to_owned(),
            agency_id: police,
            role: Role::SystemAdmin,
            disabled: false,
            identity: None,
        };
        sign_ins.push(DemoSignIn {
            username: username.to_string(),
            role: Role::SystemAdmin,
            agency: force.name.clone(),
        });
        load.users.push((user, password_hash.to_owned()));
    }

    let members = |pred: &dyn Fn(&Agency) -> bool| load.agencies.iter().filter(|a| pred(a)).map(|a| a.id).collect();
    let core: Vec<AgencyId> = members(&|a| !matches!(a.kind, AgencyKind::Education | AgencyKind::Commissioner));
    let education: Vec<AgencyId> =
        members(&|a| matches!(a.kind, AgencyKind::Education | AgencyKind::LocalAuthority | AgencyKind::Police));
    load.agreements.push(Agreement {
        id: AgreementId(g.uuid()),
        name: "Morlais missing and exploited children information sharing protocol (WASPI)".into(),
        purpose: "Safeguarding children who go missing or are at risk of exploitation".into(),
        members: core,
        grants: core_grants(),
        starts_on: NaiveDate::from_ymd_opt(2024, 4, 1).unwrap_or(options.today),
        ends_on: None,
        review_on: NaiveDate::from_ymd_opt(2027, 3, 31),
    });
    load.agreements.push(Agreement {
        id: AgreementId(g.uuid()),
        name: "Schools and colleges safeguarding protocol".into(),
        purpose: "Telling schools when a pupil is missing or at risk".into(),
        members: education,
        grants: education_grants(),
        starts_on: NaiveDate::from_ymd_opt(2025, 9, 1).unwrap_or(options.today),
        ends_on: None,
        review_on: NaiveDate::from_ymd_opt(2026, 8, 31),
    });

    // Locations, in each council's area.
    let kinds: &[(LocationKind, usize)] = &[
        (LocationKind::ChildrensHome, 40),
        (LocationKind::AsylumHotel, 6),
        (LocationKind::FosterPlacement, 60),
        (LocationKind::SupportedLodging, 24),
        (LocationKind::FamilyHome, 150),
        (LocationKind::SchoolOrCollege, 30),
        (LocationKind::PremisesOfConcern, 50),
        (LocationKind::PublicPlace, 40),
    ];
    for (kind, count) in kinds {
        for _ in 0..count * scale {
            let (_, area, districts, centre) = g.pick(&councils).clone();
            let number = g.rng.random_range(1..=180);
            let street = *g.pick(names::STREETS);
            let name = match kind {
                LocationKind::ChildrensHome => Some(format!("{} children's home", g.pick(names::HOME_NAMES))),
                LocationKind::AsylumHotel => {
                    Some(format!("{} Hotel", g.pick(&["Bay View", "Station", "Castle", "Park"])))
                }
                LocationKind::SchoolOrCollege => Some(format!("Ysgol {}", g.pick(&["Gynradd", "Uwchradd", "y Cwm"]))),
                LocationKind::PublicPlace => Some(format!(
                    "{} {}",
                    g.pick(&["Bus station", "Retail park", "Skate park", "Beach car park"]),
                    number
                )),
                _ => None,
            };
            load.locations.push(Location {
                id: LocationId(g.uuid()),
                kind: *kind,
                name,
                address: format!("{number} {street}"),
                postcode: g.postcode(districts),
                area_id: Some(area),
                coordinates: g.near(centre),
            });
        }
    }
    let of_kind = |k: LocationKind| -> Vec<(LocationId, Option<AreaId>)> {
        load.locations.iter().filter(|l| l.kind == k).map(|l| (l.id, l.area_id)).collect()
    };
    let family_homes = of_kind(LocationKind::FamilyHome);
    let care_places: Vec<_> =
        [LocationKind::FosterPlacement, LocationKind::ChildrensHome, LocationKind::SupportedLodging]
            .into_iter()
            .flat_map(of_kind)
            .collect();
    let hotels = of_kind(LocationKind::AsylumHotel);

    // Children.
    for n in 0..2000 * scale {
        let sex = if g.chance(0.5) {
            Sex::Female
        } else if g.chance(0.98) {
            Sex::Male
        } else {
            Sex::Unknown
        };
        let given = g.name(if sex == Sex::Female { names::GIVEN_FEMALE } else { names::GIVEN_MALE });
        let family = g.name(names::FAMILY);
        let age = *g.pick(&[10, 11, 12, 13, 13, 14, 14, 14, 15, 15, 15, 15, 16, 16, 16, 17, 17]);
        let dob = g.today - Duration::days(age * 365 + g.rng.random_range(1..360));
        let ethnicity = if g.chance(0.76) { Ethnicity::WhiteBritish } else { *g.pick(Ethnicity::ALL) };
        let unaccompanied = g.chance(0.02);
        let care_status = if unaccompanied {
            CareStatus::LookedAfter
        } else {
            *g.pick(&[
                CareStatus::LookedAfter,
                CareStatus::LookedAfter,
                CareStatus::ChildInNeed,
                CareStatus::ChildProtectionPlan,
                CareStatus::NoInvolvement,
                CareStatus::NoInvolvement,
                CareStatus::NoInvolvement,
                CareStatus::NotKnown,
            ])
        };
        let home = g.pick(&councils).0.id;
        let looked_after = care_status == CareStatus::LookedAfter;
        let (placing, host) = if looked_after {
            let host = if g.chance(0.2) { g.pick(&councils).0.id } else { home };
            (Some(home), Some(host))
        } else {
            (None, None)
        };
        let since = g.days_ago(900);
        let at = Gen::instant(since);
        let mut records = vec![AgencyRecord {
            agency_id: home,
            reference: Reference::parse(&format!("CS-{:06}", 100_000 + n)).ok(),
            recorded_at: at,
        }];
        let mut hold = |g: &mut Gen, agency: AgencyId, p: f64, reference: String| {
            if g.chance(p) {
                records.push(AgencyRecord {
                    agency_id: agency,
                    reference: Reference::parse(&reference).ok(),
                    recorded_at: at,
                });
            }
        };
        hold(&mut g, police, 0.7, format!("MOR/{:07}", 2_000_000 + n));
        hold(&mut g, health, 0.4, format!("HB-{:06}", 500_000 + n));
        hold(&mut g, rhi, 0.2, format!("PH-{:05}", 10_000 + n));
        hold(&mut g, yjs, 0.08, format!("YJ-{:05}", 20_000 + n));
        let school = *g.pick(&schools);
        hold(&mut g, school, 0.5, format!("UPN-{:06}", 300_000 + n));
        let mut aliases = Vec::new();
        if g.chance(0.08) {
            aliases.push(Alias {
                id: AliasId(g.uuid()),
                given_name: Some(g.name(names::STREET_NAMES_OF_CONCERN)),
                family_name: None,
                note: Some("street name".into()),
            });
        }
        let person = Person {
            id: PersonId(g.uuid()),
            details: PersonDetails {
                kind: PersonKind::Child,
                given_name: given,
                middle_names: None,
                family_name: family,
                date_of_birth: Some(dob),
                sex,
                gender: None,
                ethnicity,
                care_status,
                placing_authority: placing,
                host_authority: host,
            },
            aliases,
            records,
            version: 1,
            created_at: at,
            updated_at: at,
        };
        // Where the child has lived: the family home, then (if looked after) a placement.
        let started = (dob + Duration::days(30)).max(g.today - Duration::days(3 * 365));
        let (home_place, _) = *g.pick(&family_homes);
        let moved = since.max(started);
        load.placements.push(Placement {
            id: PlacementId(g.uuid()),
            person_id: person.id,
            location_id: home_place,
            kind: PlacementKind::HomeAddress,
            started_on: started,
            ended_on: looked_after.then_some(moved),
            placing_authority: None,
        });
        if looked_after {
            let (place, _) = if unaccompanied { *g.pick(&hotels) } else { *g.pick(&care_places) };
            load.placements.push(Placement {
                id: PlacementId(g.uuid()),
                person_id: person.id,
                location_id: place,
                kind: PlacementKind::CarePlacement,
                started_on: moved,
                ended_on: None,
                placing_authority: placing,
            });
        }
        load.people.push(person);
    }

    // Adults of concern, held by the police.
    for n in 0..300 * scale {
        let sex = if g.chance(0.85) { Sex::Male } else { Sex::Female };
        let given = g.name(if sex == Sex::Female { names::GIVEN_FEMALE } else { names::GIVEN_MALE });
        let family = g.name(names::FAMILY);
        let dob = g.chance(0.85).then(|| g.today - Duration::days(g.rng.random_range(18 * 365 + 1..45 * 365)));
        let at = Gen::instant(g.days_ago(900));
        let aliases = if g.chance(0.4) {
            vec![Alias {
                id: AliasId(g.uuid()),
                given_name: Some(g.name(names::STREET_NAMES_OF_CONCERN)),
                family_name: None,
                note: Some("street name".into()),
            }]
        } else {
            Vec::new()
        };
        load.people.push(Person {
            id: PersonId(g.uuid()),
            details: PersonDetails {
                kind: PersonKind::Adult,
                given_name: given,
                middle_names: None,
                family_name: family,
                date_of_birth: dob,
                sex,
                gender: None,
                ethnicity: if g.chance(0.8) { Ethnicity::WhiteBritish } else { *g.pick(Ethnicity::ALL) },
                care_status: CareStatus::NotKnown,
                placing_authority: None,
                host_authority: None,
            },
            aliases,
            records: vec![AgencyRecord {
                agency_id: police,
                reference: Reference::parse(&format!("MOR/{:07}", 8_000_000 + n)).ok(),
                recorded_at: at,
            }],
            version: 1,
            created_at: at,
            updated_at: at,
        });
    }

    episodes::generate(&mut g, &mut load, scale);
    screenings::generate(&mut g, &mut load);
    markers::generate(&mut g, &mut load);
    mace::generate(&mut g, &mut load);
    disruption::generate(&mut g, &mut load);
    DemoForce { load, sign_ins }
}

/// Lines of an agreement: `classes` to agencies of each kind in `to`, about `scope`.
fn grants(classes: &[RecordClass], to: &[AgencyKind], scope: Scope) -> Vec<Grant> {
    classes.iter().flat_map(|class| to.iter().map(move |to| Grant::new(*class, *to, scope))).collect()
}

/// The missing and exploited children protocol: the force, the councils and youth justice share
/// their whole cohorts; health sees its own patients' episodes; the RHI provider the children
/// it works with, their episodes and interviews, but no police intelligence. Health and the RHI
/// provider attend MACE meetings (MACE minutes).
fn core_grants() -> Vec<Grant> {
    use RecordClass::*;
    let mut out = grants(
        RecordClass::ALL,
        &[AgencyKind::Police, AgencyKind::LocalAuthority, AgencyKind::YouthJustice],
        Scope::Cohort,
    );
    out.extend(grants(
        &[Identity, EpisodeSummary, PoliceAssessment, Health, MaceMinutes],
        &[AgencyKind::Health],
        Scope::OwnCases,
    ));
    out.extend(grants(
        &[Identity, EpisodeSummary, RhiContent, MaceMinutes],
        &[AgencyKind::RhiProvider],
        Scope::OwnCases,
    ));
    out
}

/// The schools protocol: a school learns that its own pupil went missing and returned; the
/// force and councils see what schools hold about attendance.
fn education_grants() -> Vec<Grant> {
    use RecordClass::*;
    let mut out = grants(&[Identity, EpisodeSummary, Education], &[AgencyKind::Education], Scope::OwnCases);
    out.extend(grants(&[Identity, Education], &[AgencyKind::Police, AgencyKind::LocalAuthority], Scope::Cohort));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(seed: u64) -> DemoOptions {
        DemoOptions { scale: 1, seed, today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap() }
    }

    #[test]
    fn the_demo_force_has_the_promised_shape() {
        let force = generate(options(7), "hash");
        let load = &force.load;
        let children = load.people.iter().filter(|p| p.details.kind == PersonKind::Child).count();
        assert_eq!(children, 2000);
        assert_eq!(load.people.len() - children, 300);
        assert_eq!(load.locations.len(), 400);
        assert_eq!(load.locations.iter().filter(|l| l.kind == LocationKind::ChildrensHome).count(), 40);
        assert!(load.locations.iter().any(|l| l.kind == LocationKind::AsylumHotel));
        assert_eq!(load.areas.iter().filter(|a| a.kind == AreaKind::Bcu).count(), 3);
        assert_eq!(load.areas.iter().filter(|a| a.kind == AreaKind::LocalAuthority).count(), 4);
        for kind in AgencyKind::ALL {
            assert!(load.agencies.iter().any(|a| a.kind == *kind), "{kind:?}");
        }
        for role in Role::ALL {
            assert!(force.sign_ins.iter().any(|s| s.role == *role), "{role:?}");
        }
    }

    #[test]
    fn most_children_with_a_missing_history_are_screened_with_every_tier_present() {
        use haven_domain::screening::Tier;
        let force = generate(options(7), "hash");
        let load = &force.load;
        let missing: std::collections::BTreeSet<_> = load.episodes.iter().map(|e| e.person_id).collect();
        let screened: std::collections::BTreeSet<_> = load.screenings.iter().map(|s| s.person_id).collect();
        assert!(screened.is_subset(&missing));
        assert!(screened.len() * 2 > missing.len(), "{} of {}", screened.len(), missing.len());
        for tier in Tier::ALL {
            assert!(load.screenings.iter().any(|s| s.tier == *tier), "{tier:?}");
        }
        for s in &load.screenings {
            assert!(s.tier >= s.assessment.tier, "demo judgement only raises");
            assert_eq!(s.reason.is_some(), s.tier != s.assessment.tier);
        }
    }

    #[test]
    fn every_area_has_a_live_cawn_and_an_expired_one_and_all_disruption_follows_the_rules() {
        use haven_domain::disruption::{Dates, DisruptionSubject, Tactic};
        let force = generate(options(7), "hash");
        let (load, today) = (&force.load, options(7).today);
        let bcus: Vec<_> = load.areas.iter().filter(|a| a.kind == AreaKind::Bcu).map(|a| a.id).collect();
        for area in &bcus {
            let cawns: Vec<_> =
                load.disruptions.iter().filter(|d| d.area_id == *area && d.tactic == Tactic::Cawn).collect();
            assert!(cawns.iter().any(|d| d.in_force_on(today)), "a live CAWN in every area");
            assert!(cawns.iter().any(|d| d.expired_on(today)), "an expired CAWN in every area");
        }
        let kind = |id| load.people.iter().find(|p| p.id == id).map(|p| p.details.kind);
        for d in &load.disruptions {
            assert!(d.done_on <= today);
            match d.subject {
                DisruptionSubject::Person(p) => assert!(d.tactic.for_people() && kind(p) == Some(PersonKind::Adult)),
                DisruptionSubject::Location(_) => assert!(d.tactic.for_places()),
            }
            assert_eq!(d.issued_on.is_some(), d.tactic.dates() != Dates::None);
            assert!(d.expires_on.is_none_or(|x| d.issued_on.is_some_and(|i| x > i)));
            if d.tactic == Tactic::Cawn {
                assert_eq!(d.child_id.and_then(kind), Some(PersonKind::Child));
            }
        }
    }

    #[test]
    fn markers_and_referrals_follow_the_rules_with_some_overdue_and_some_awaited() {
        use haven_domain::marker::{MarkerStatus, MarkerSubject, latest_child_review};
        let force = generate(options(7), "hash");
        let (load, today) = (&force.load, options(7).today);
        let children: std::collections::BTreeSet<_> = load.people.iter().map(|p| p.id).collect();
        let on_children: Vec<_> =
            load.markers.iter().filter(|m| matches!(m.subject, MarkerSubject::Person(_))).collect();
        assert!(!on_children.is_empty());
        for m in &on_children {
            let MarkerSubject::Person(p) = m.subject else { continue };
            assert!(children.contains(&p));
            assert!(!m.marker_type.is_offending(), "vulnerability markers only on children");
            assert!(m.review_on > m.starts_on && m.review_on <= latest_child_review(m.starts_on));
            assert!(m.starts_on <= today);
            if let Some(a) = &m.approval {
                assert!(Some(a.by) != m.raised_by && a.at > m.raised_at, "approved by another, afterwards");
            }
        }
        assert!(on_children.iter().any(|m| m.status() == MarkerStatus::Pending));
        assert!(on_children.iter().any(|m| m.is_overdue(today)));
        assert!(on_children.iter().any(|m| m.status() == MarkerStatus::Active && !m.is_overdue(today)));
        assert!(load.markers.iter().any(|m| matches!(m.subject, MarkerSubject::Location(_))));
        assert!(!load.nrm.is_empty());
        for r in &load.nrm {
            let rg = r.reasonable_grounds.map(|d| d.decided_on);
            let cg = r.conclusive_grounds.map(|d| d.decided_on);
            assert!(rg.is_none_or(|d| d >= r.referred_on && d <= today));
            assert!(cg.is_none_or(|c| rg.is_some_and(|r| c >= r) && c <= today));
        }
        assert!(load.nrm.iter().any(|r| r.reasonable_grounds.is_none()));
        assert!(load.nrm.iter().any(|r| r.reasonable_grounds.is_some()));
    }

    #[test]
    fn every_child_is_a_valid_child_held_by_some_agency() {
        let today = options(1).today;
        let force = generate(options(1), "hash");
        for p in &force.load.people {
            assert!(!p.records.is_empty());
            if p.details.kind == PersonKind::Child {
                let dob = p.details.date_of_birth.unwrap();
                assert!(haven_domain::person::age_on(dob, today) < 18);
                assert!(dob < today);
            }
        }
        assert!(force.load.people.iter().any(|p| p.details.placed_out_of_area()));
        let placements_end_after_start =
            force.load.placements.iter().all(|p| Placement::check_dates(p.started_on, p.ended_on).is_ok());
        assert!(placements_end_after_start);
        for agreement in &force.load.agreements {
            assert_eq!(agreement.check(), Ok(()), "{}", agreement.name);
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_force_and_another_seed_another() {
        let a = generate(options(42), "hash");
        let b = generate(options(42), "hash");
        let c = generate(options(43), "hash");
        assert_eq!(a.load.people, b.load.people);
        assert_ne!(a.load.people, c.load.people);
    }

    #[test]
    fn scale_multiplies_people_and_places() {
        let force = generate(DemoOptions { scale: 2, ..options(1) }, "hash");
        assert_eq!(force.load.people.len(), 4600);
        assert_eq!(force.load.locations.len(), 800);
    }

    #[test]
    fn every_constant_name_and_code_parses() {
        for list in [names::GIVEN_FEMALE, names::GIVEN_MALE, names::FAMILY, names::STREET_NAMES_OF_CONCERN] {
            for n in list {
                assert!(Name::parse(n).is_ok(), "{n}");
            }
        }
        let codes = BCUS.iter().map(|b| b.0.to_owned());
        let codes = codes.chain(AUTHORITIES.iter().flat_map(|a| [a.0.to_owned(), format!("{}-CS", a.0)]));
        for c in codes.chain(OTHER_AGENCIES.iter().map(|a| a.0.to_owned())) {
            assert!(AgencyCode::parse(&c).is_ok(), "{c}");
        }
    }

    #[test]
    fn references_are_unique_per_agency() {
        let force = generate(options(3), "hash");
        let mut seen = std::collections::HashSet::new();
        for p in &force.load.people {
            for r in &p.records {
                if let Some(reference) = &r.reference {
                    assert!(seen.insert((r.agency_id, reference.clone())), "{reference}");
                }
            }
        }
    }
}
