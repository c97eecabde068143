//! The demo's partner directory: in each local authority's area, the teams a partnership there
//! has (the police's missing persons coordinator and child exploitation team, the council's MASH
//! and exploitation hub, the return home interview charity, the youth justice service, a
//! specialist CSE service the council commissions, school nursing) and the referral pathways
//! between them, as the boards' documents describe them.

use haven_domain::agency::{Agency, AgencyKind, Area, AreaKind};
use haven_domain::directory::{Pathway, PathwayInput, Team, TeamInput, new_pathway};
use haven_domain::ids::AgencyId;

/// Who runs a demo team: an agency of the force by code, or the area's own council.
#[derive(Clone, Copy)]
enum Runner {
    Agency(&'static str),
    Council,
}

/// A demo team: its key (for the pathways), who runs it, its name (`{area}` is the area's
/// name), kind, what it does, how to refer, email, phone.
type DemoTeam =
    (&'static str, Runner, &'static str, &'static str, &'static str, &'static str, &'static str, &'static str);

const TEAMS: &[DemoTeam] = &[
    (
        "misper",
        Runner::Agency("MOR-POL"),
        "Missing persons coordinator, {area}",
        "missing_persons_team",
        "Reviews every missing episode in the area each morning, makes sure the return home interview is offered and \
         spots children going missing again and again.",
        "Missing now: phone 999 or 101. Otherwise email the coordinator, Monday to Friday 8am to 6pm.",
        "misper.coordinator@morlais.police.example",
        "101",
    ),
    (
        "police-ce",
        Runner::Agency("MOR-POL"),
        "Child exploitation team, {area}",
        "exploitation_team",
        "Police officers who investigate the criminal and sexual exploitation of children and disrupt those who \
         exploit them: county lines, trap houses, online grooming.",
        "Intelligence: the partner intelligence form. A child at risk now: 999.",
        "child.exploitation@morlais.police.example",
        "101",
    ),
    (
        "mash",
        Runner::Council,
        "{area} MASH",
        "mash",
        "The multi-agency safeguarding hub: police, children's services, health and education screen every \
         safeguarding referral together and decide the next step the same day.",
        "Phone the MASH, then send the multi-agency referral form within 24 hours. Out of hours: the emergency duty team.",
        "mash@council.example.gov.uk",
        "01234 500100",
    ),
    (
        "hub",
        Runner::Council,
        "{area} exploitation hub",
        "exploitation_team",
        "Social workers and youth workers for children at risk of criminal or sexual exploitation: the screening, \
         the plan, and the MACE referral where the risk is high.",
        "Through the MASH, with the exploitation screening tool completed.",
        "exploitation.hub@council.example.gov.uk",
        "01234 500200",
    ),
    (
        "rhi",
        Runner::Agency("PATHWAYS"),
        "Pathways Home return interviews, {area}",
        "rhi_provider",
        "An independent charity that offers every child a return home interview within 72 hours of coming back, \
         away from the police and the placement.",
        "Referred automatically when the police record a return; for advice phone the team, 9am to 7pm, seven days.",
        "returns@pathwayshome.example.org",
        "0800 123 4567",
    ),
    (
        "yjs",
        Runner::Agency("MOR-YJS"),
        "Youth justice service, {area}",
        "youth_justice_service",
        "Works with children in the youth justice system, and with those at risk of entering it, including children \
         criminally exploited into drug supply.",
        "Referral form to the duty officer, Monday to Friday 9am to 5pm.",
        "yjs.duty@morlais-yjs.example.gov.uk",
        "01234 500300",
    ),
    (
        "cse",
        Runner::Council,
        "Seren specialist CSE service, {area}",
        "specialist_charity",
        "A specialist charity commissioned by the council: one-to-one work with children who are being sexually \
         exploited or at risk of it, and their families.",
        "Referral form from the exploitation hub; the charity contacts the child within 5 working days.",
        "referrals@seren-cse.example.org",
        "",
    ),
    (
        "nursing",
        Runner::Agency("MOR-HB"),
        "School nursing, {area}",
        "health_service",
        "School nurses see children in every secondary school: health, sexual health and emotional wellbeing, \
         and the signs of exploitation that come with them.",
        "Ask the school to contact its named school nurse, or phone the team in term time.",
        "",
        "01234 500400",
    ),
];

/// The pathways: from, to, when, how.
const PATHWAYS: &[(&str, &str, &str, &str)] = &[
    (
        "misper",
        "rhi",
        "Child returns from a missing episode",
        "Return recorded in haven; interview offered within 72 hours",
    ),
    (
        "misper",
        "mash",
        "Third missing episode in 90 days, or any high-risk episode",
        "Public protection notice the same day",
    ),
    ("mash", "hub", "Exploitation screening amber or red", "Screening and referral form within one working day"),
    (
        "rhi",
        "mash",
        "Disclosure of harm in a return home interview",
        "Phone the MASH at once, then the referral form within 24 hours",
    ),
    ("hub", "cse", "Child at risk of sexual exploitation", "Referral form; first contact within 5 working days"),
    ("hub", "police-ce", "Intelligence about exploiters or places of concern", "Partner intelligence form"),
    (
        "yjs",
        "hub",
        "Signs of criminal exploitation in a child the service works with",
        "Exploitation screening shared; discussed at MACE",
    ),
    (
        "nursing",
        "mash",
        "Safeguarding concern raised in school",
        "Phone the MASH, then the referral form within 24 hours",
    ),
];

/// The directory of every local authority area among `areas`, with the agencies that run its
/// teams found among `agencies` (a team whose agency is missing is left out).
pub fn generate(areas: &[Area], agencies: &[Agency]) -> (Vec<Team>, Vec<Pathway>) {
    let by_code = |code: &str| agencies.iter().find(|a| a.code.as_str() == code).map(|a| a.id);
    let mut teams = Vec::new();
    let mut pathways = Vec::new();
    for area in areas.iter().filter(|a| a.kind == AreaKind::LocalAuthority) {
        let council: Option<AgencyId> =
            agencies.iter().find(|a| a.kind == AgencyKind::LocalAuthority && a.area_id == Some(area.id)).map(|a| a.id);
        let mut here: Vec<(&str, Team)> = Vec::new();
        for (key, runner, name, kind, what, how, email, phone) in TEAMS {
            let agency = match runner {
                Runner::Agency(code) => by_code(code),
                Runner::Council => council,
            };
            let Some(agency) = agency else { continue };
            let name = name.replace("{area}", &area.name);
            let input = TeamInput { name: &name, kind, what, how_to_refer: how, email, phone, active: true };
            if let Ok(details) = input.parse() {
                here.push((key, Team::new(area.id, agency, details)));
            }
        }
        for (from, to, when, how) in PATHWAYS {
            let find = |key: &str| here.iter().find(|(k, _)| *k == key).map(|(_, t)| t);
            if let Ok(p) = new_pathway(find(from), find(to), &PathwayInput { when, how }) {
                pathways.push(p);
            }
        }
        teams.extend(here.into_iter().map(|(_, t)| t));
    }
    (teams, pathways)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoOptions, generate as force};

    #[test]
    fn every_local_authority_area_has_its_teams_and_pathways() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let demo = force(DemoOptions { scale: 1, seed: 7, today }, "");
        let (teams, pathways) = generate(&demo.load.areas, &demo.load.agencies);
        let areas = demo.load.areas.iter().filter(|a| a.kind == AreaKind::LocalAuthority).count();
        assert_eq!(areas, 4);
        assert_eq!(teams.len(), areas * TEAMS.len(), "every team parses and has its agency");
        assert_eq!(pathways.len(), areas * PATHWAYS.len(), "every pathway joins two teams of one area");
        for p in &pathways {
            let area = |id| teams.iter().find(|t| t.id == id).map(|t| t.area_id);
            assert_eq!(area(p.from_team), area(p.to_team));
        }
    }
}
