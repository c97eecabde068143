//! The demo force's exploitation screenings: most children with a missing history have been
//! screened by a police practitioner in the last two months. What haven knows of their episodes
//! (the same suggestions the form shows) is marked present, with a few other indicators seen by
//! the practitioner; now and then the practitioner raises the tier with a reason. So the latest
//! screening of a child, and a cohort ordered by it, are real in the demo.

use super::Gen;
use chrono::Duration;
use haven_domain::agency::AgencyKind;
use haven_domain::ids::{PersonId, ScreeningId};
use haven_domain::missing::MissingEpisode;
use haven_domain::person::age_on;
use haven_domain::screening::evidence::{Evidence, suggest};
use haven_domain::screening::{Answer, Answered, Answers, Screening, Tier, Tools, assess};
use haven_domain::user::Role;
use haven_store::BulkLoad;
use rand::Rng;
use std::collections::BTreeMap;

pub(super) fn generate(g: &mut Gen, load: &mut BulkLoad) {
    let tools = Tools::standard();
    let Some(tool) = tools.current() else { return };
    let Some(police) = load.agencies.iter().find(|a| a.kind == AgencyKind::Police).map(|a| a.id) else { return };
    let Some(officer) =
        load.users.iter().map(|(u, _)| u).find(|u| u.agency_id == police && u.role == Role::Practitioner).cloned()
    else {
        return;
    };
    let mut histories: BTreeMap<PersonId, Vec<MissingEpisode>> = BTreeMap::new();
    for e in &load.episodes {
        histories.entry(e.person_id).or_default().push(e.clone());
    }
    let dobs: BTreeMap<PersonId, Option<chrono::NaiveDate>> =
        load.people.iter().map(|p| (p.id, p.details.date_of_birth)).collect();
    let codes: Vec<&'static str> = tool.indicators.iter().map(|i| i.code).collect();
    for (person, episodes) in histories {
        if !g.chance(0.7) {
            continue;
        }
        let day = g.days_ago(60);
        let at = Gen::instant(day) + Duration::hours(g.rng.random_range(9..17));
        let evidence = Evidence { episodes: &episodes, markers: &[], long_episode_hours: 24, now: at };
        let mut answers = Answers::new();
        for s in suggest(tool, &evidence) {
            answers.insert(s.indicator.to_owned(), Answered { answer: Answer::Present, note: String::new() });
        }
        for code in &codes {
            if answers.contains_key(*code) {
                continue;
            }
            let answer = if g.chance(0.1) {
                Answer::Present
            } else if g.chance(0.5) {
                Answer::Absent
            } else {
                continue;
            };
            answers.insert((*code).to_owned(), Answered { answer, note: String::new() });
        }
        let age = dobs.get(&person).copied().flatten().map(|dob| age_on(dob, day));
        let assessment = assess(tool, &answers, age);
        let raised = assessment.tier < Tier::Red && g.chance(0.08);
        let tier = match (raised, assessment.tier) {
            (true, Tier::Green) => Tier::Amber,
            (true, _) => Tier::Red,
            (false, t) => t,
        };
        load.screenings.push(Screening {
            id: ScreeningId(g.uuid()),
            person_id: person,
            owner: police,
            tool_version: tool.version,
            answers,
            assessment,
            tier,
            reason: raised
                .then(|| "Professional judgement: seen with older males at the bus station (demo)".to_owned()),
            by: Some(officer.id),
            by_label: officer.username.as_str().to_owned(),
            at,
        });
    }
}
