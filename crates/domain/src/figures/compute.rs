//! Each figure, defined once: what it counts, over which records of the period. The words a
//! board reads (title and definition) are in the web's Fluent files under the figure's id; the
//! comment above each figure here says the same thing for a developer.

use super::inputs::{EpisodeFacts, Inputs, PersonFacts};
use super::period::{Period, uk_midnight};
use super::population::{Dimension, Population};
use super::{Cell, Figure, Figures, MonthCell, Pair, Part, PopulationNote, Section, Unit};
use crate::ids::PersonId;
use crate::location::LocationKind;
use crate::mace::FourP;
use crate::missing::MissingRules;
use crate::missing::RiskGrade;
use crate::missing::episode::RhiOutcome;
use crate::missing::rules::{RulesVersion, in_force};
use crate::person::{Sex, age_on};
use crate::priority::bias::AgeBand;
use crate::screening::Tier;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::collections::{BTreeSet, HashMap};

/// How many episodes in the period make a child "repeat missing" in the figures.
pub const REPEAT_EPISODES: usize = 3;

/// What the figures are computed under: the area's missing rules (the RHI's hours, the
/// reviews each grade needs) as they stood when each thing counted happened. A review fell due
/// by the rules in force when the grading was made, and an interview was in time by the rules
/// in force when the child came back, so changing the rules today does not rewrite last
/// year's figures.
#[derive(Debug, Clone, Copy)]
pub struct Config<'a> {
    /// The rules before the area's first version: the install's default.
    pub rules: &'a MissingRules,
    /// Every version of the area's rules (any order).
    pub versions: &'a [RulesVersion],
    /// The area's child population, where it is configured: the figures by sex, age band and
    /// ethnic group then carry each group's population and a rate per 1,000 of it.
    pub population: Option<&'a Population>,
}

impl<'a> Config<'a> {
    /// The rules in force at `at`.
    pub fn rules_at(&self, at: DateTime<Utc>) -> &'a MissingRules {
        in_force(self.versions, at).map_or(self.rules, |v| &v.rules)
    }
}

/// The span of records the figures of `period` read: the period before it and the week
/// before the last week of it, up to its end.
pub fn span(period: Period) -> Period {
    let week_before = Period::week_to(period.to).previous();
    Period { from: period.previous().from.min(week_before.from), to: period.to }
}

struct Ctx<'a> {
    inputs: &'a Inputs,
    /// The UK date of each episode's report, worked out once (a time zone lookup is not free).
    reported_on: Vec<NaiveDate>,
    people: HashMap<PersonId, &'a PersonFacts>,
    config: Config<'a>,
}

fn episodes<'a>(ctx: &'a Ctx<'a>, p: Period) -> impl Iterator<Item = &'a EpisodeFacts> + 'a {
    ctx.inputs.episodes.iter().zip(&ctx.reported_on).filter(move |(_, d)| p.contains(**d)).map(|(e, _)| e)
}

fn children(ctx: &Ctx<'_>, p: Period) -> BTreeSet<PersonId> {
    episodes(ctx, p).map(|e| e.person).collect()
}

fn len<T>(it: impl Iterator<Item = T>) -> u64 {
    it.count() as u64
}

fn distinct<'a>(it: impl Iterator<Item = &'a EpisodeFacts>) -> u64 {
    it.map(|e| e.person).collect::<BTreeSet<_>>().len() as u64
}

/// A count figure from a function of the period, now and before.
fn count(id: &'static str, section: Section, now: Period, before: Period, f: impl Fn(Period) -> u64) -> Figure {
    Figure::count(id, section, f(now), f(before))
}

/// A count figure with its parts, each a function of the period; the total is `total`.
fn table(
    id: &'static str,
    section: Section,
    (now, before): (Period, Period),
    keys: &[&'static str],
    total: impl Fn(Period) -> u64,
    part: impl Fn(Period, &str) -> u64,
) -> Figure {
    let mut f = Figure::count(id, section, total(now), total(before));
    f.parts = keys
        .iter()
        .map(|k| Part {
            key: k,
            pair: Pair { value: Cell::Count(part(now, k)), previous: Cell::Count(part(before, k)) },
            population: None,
            rate: None,
        })
        .collect();
    f
}

fn with_months(mut f: Figure, now: Period, per: impl Fn(Period) -> u64) -> Figure {
    f.months = now
        .months()
        .into_iter()
        .map(|m| MonthCell { month: m.label.to_string(), value: Cell::Count(per(Period { from: m.from, to: m.to })) })
        .collect();
    f
}

fn round(x: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (x * scale).round() / scale
}

#[expect(clippy::cast_precision_loss, reason = "counts of records are far below 2^52")]
fn ratio(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| round(a as f64 / b as f64, 2))
}

/// The median of `values` (the mean of the middle two of an even number).
pub fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2.0),
    }
}

/// The 90th percentile by nearest rank: the smallest value with at least 90% of the values at
/// or below it.
pub fn p90(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        return None;
    }
    let rank = (n * 9).div_ceil(10).max(1);
    Some(values[rank - 1])
}

#[expect(clippy::cast_precision_loss, reason = "minutes missing are far below 2^52")]
fn hours(d: Duration) -> f64 {
    d.num_minutes() as f64 / 60.0
}

fn number_figure(
    id: &'static str,
    section: Section,
    unit: Unit,
    (now, before): (Period, Period),
    values: impl Fn(Period) -> Vec<f64>,
    summary: impl Fn(Vec<f64>) -> Option<f64>,
    places: i32,
) -> Figure {
    let (a, b) = (values(now), values(before));
    let basis = (a.len() as u64, b.len() as u64);
    let mut f =
        Figure::number(id, section, unit, summary(a).map(|x| round(x, places)), summary(b).map(|x| round(x, places)));
    f.basis = Some(basis);
    f
}

/// Episodes reported in the period whose child has come back by its end.
fn returned<'a>(ctx: &'a Ctx<'a>, p: Period) -> impl Iterator<Item = &'a EpisodeFacts> + 'a {
    let end = p.end();
    episodes(ctx, p).filter(move |e| e.returned_at.is_some_and(|r| r < end))
}

const PLACEMENTS: &[&str] = &["childrens_home", "foster_placement", "family_home", "other"];

fn placement_key(kind: Option<LocationKind>) -> &'static str {
    match kind {
        Some(LocationKind::ChildrensHome) => "childrens_home",
        Some(LocationKind::FosterPlacement) => "foster_placement",
        Some(LocationKind::FamilyHome) => "family_home",
        _ => "other",
    }
}

const GRADES: &[&str] = &["high", "medium", "low", "lower"];

/// High, medium, low, or one of the lower tiers (very low, no apparent risk, NAIRA).
fn grade_key(g: RiskGrade) -> &'static str {
    match g {
        RiskGrade::High => "high",
        RiskGrade::Medium => "medium",
        RiskGrade::Low => "low",
        RiskGrade::VeryLow | RiskGrade::NoApparentRisk | RiskGrade::Naira => "lower",
    }
}

pub(crate) const SEXES: &[&str] = &["female", "male", "unknown"];
pub(crate) const ETHNIC_GROUPS: &[&str] = &["asian", "black", "mixed", "white", "other", "not_stated"];

/// The broad ethnic group of a recorded ethnicity (the census's five groups and "not stated").
pub fn ethnic_group(e: crate::person::Ethnicity) -> &'static str {
    let code = e.code();
    ETHNIC_GROUPS.iter().copied().find(|g| code.starts_with(g)).unwrap_or("other")
}

fn age_key(person: Option<&&PersonFacts>, on: NaiveDate) -> &'static str {
    AgeBand::of(person.and_then(|p| p.date_of_birth).map(|dob| age_on(dob, on))).code()
}

fn age_keys() -> Vec<&'static str> {
    AgeBand::ALL.iter().map(|a| a.code()).collect()
}

/// Regradings made in the period: each grading after the first, up or down by the normalised
/// scale ([`RiskGrade::severity`]); one to a grade of the same severity is neither.
fn regrades(ctx: &Ctx<'_>, p: Period, key: &str) -> u64 {
    let mut n = 0;
    for e in &ctx.inputs.episodes {
        for w in e.gradings.windows(2) {
            let (before, after) = (w[0].0.severity(), w[1].0.severity());
            if !p.holds(w[1].1) || before == after {
                continue;
            }
            let up = after > before;
            if (key == "up") == up || key.is_empty() {
                n += 1;
            }
        }
    }
    n
}

/// Of each grading of an episode reported in the period, the first review of each kind its
/// grade needs, where it fell due while that grading stood and the child was still missing
/// (before the period ended): `on_time` if done by then, `late` if done after, `not_done` if
/// not done before the grading ended (the child came back, the episode was regraded, or the
/// period ended).
fn reviews(ctx: &Ctx<'_>, p: Period) -> [u64; 3] {
    let mut out = [0; 3];
    let end = p.end();
    for e in episodes(ctx, p) {
        for (i, (grade, at)) in e.gradings.iter().enumerate() {
            let next = e.gradings.get(i + 1).map(|g| g.1);
            let stood_until = [next, e.returned_at, Some(end)].into_iter().flatten().min().unwrap_or(end);
            for rule in ctx.config.rules_at(*at).reviews.iter().filter(|r| r.grade == *grade) {
                let due = *at + Duration::hours(rule.every_hours);
                if due >= stood_until {
                    continue;
                }
                let done = e.reviews.iter().filter(|(k, t)| *k == rule.kind && *t >= *at).map(|(_, t)| *t).min();
                match done {
                    Some(t) if t <= due => out[0] += 1,
                    Some(t) if t < stood_until => out[1] += 1,
                    _ => out[2] += 1,
                }
            }
        }
    }
    out
}

/// Reviews overdue at the end of the period on episodes still open then: for the grade that
/// stood then, each review its rules need that was due (after the grading or the last review
/// of that kind) before the end and not done.
fn reviews_overdue(ctx: &Ctx<'_>, p: Period) -> u64 {
    let end = p.end();
    let mut n = 0;
    for e in &ctx.inputs.episodes {
        if e.reported_at >= end || e.returned_at.is_some_and(|r| r < end) {
            continue;
        }
        let Some((grade, at)) = e.gradings.iter().rev().find(|g| g.1 < end).copied() else { continue };
        for rule in ctx.config.rules_at(at).reviews.iter().filter(|r| r.grade == grade) {
            let last = e
                .reviews
                .iter()
                .filter(|(k, t)| *k == rule.kind && *t >= at && *t < end)
                .map(|(_, t)| *t)
                .max()
                .unwrap_or(at);
            if last + Duration::hours(rule.every_hours) < end {
                n += 1;
            }
        }
    }
    n
}

fn rhi_in_time(e: &EpisodeFacts, config: Config<'_>) -> Option<bool> {
    let (returned, rhi) = (e.returned_at?, e.rhi?);
    Some(rhi.at <= returned + config.rules_at(returned).rhi_within())
}

/// The five quality measures of a held RHI, in the order of [`RHI_MEASURES`].
fn rhi_measures(e: &EpisodeFacts, config: Config<'_>) -> Option<[bool; 5]> {
    let rhi = e.rhi.filter(|r| r.outcome == RhiOutcome::Held)?;
    Some([rhi_in_time(e, config) == Some(true), rhi.in_person, rhi.child_voice, rhi.information_shared, rhi.follow_up])
}

const RHI_MEASURES: &[&str] = &["within_time", "in_person", "child_voice", "information_shared", "follow_up"];

/// Every figure of an area over `period`, exact: each with the period before it for the
/// trend; the grading-scrutiny figures over the seven days that end the period and the seven
/// before. `inputs` must hold the records of [`span`] of the period.
#[expect(clippy::too_many_lines, reason = "one list of every figure, each defined in a few lines")]
pub fn compute(inputs: &Inputs, period: Period, config: Config<'_>) -> Figures {
    let ctx = Ctx {
        inputs,
        reported_on: inputs.episodes.iter().map(|e| crate::uktime::uk_date(e.reported_at)).collect(),
        people: inputs.people.iter().map(|p| (p.id, p)).collect(),
        config,
    };
    let ctx = &ctx;
    let pair = (period, period.previous());
    let (now, before) = pair;
    let week = Period::week_to(period.to);
    let weeks = (week, week.previous());
    let mut out = Vec::new();
    use Section::*;

    // Missing episodes reported in the period (by the UK date of the report).
    out.push(with_months(count("missing-episodes", Missing, now, before, |p| len(episodes(ctx, p))), now, |p| {
        len(episodes(ctx, p))
    }));
    // Children with at least one episode reported in the period.
    out.push(with_months(count("children-missing", Missing, now, before, |p| distinct(episodes(ctx, p))), now, |p| {
        distinct(episodes(ctx, p))
    }));
    // Episodes per child missing, over the children of the period.
    let mut f = Figure::number(
        "episodes-per-child",
        Missing,
        Unit::Ratio,
        ratio(len(episodes(ctx, now)), distinct(episodes(ctx, now))),
        ratio(len(episodes(ctx, before)), distinct(episodes(ctx, before))),
    );
    f.basis = Some((distinct(episodes(ctx, now)), distinct(episodes(ctx, before))));
    f.derived_from = &["missing-episodes", "children-missing"];
    out.push(f);
    // Children with three or more episodes reported in the period.
    out.push(count("repeat-missing-children", Missing, now, before, |p| {
        let mut per: HashMap<PersonId, usize> = HashMap::new();
        for e in episodes(ctx, p) {
            *per.entry(e.person).or_default() += 1;
        }
        per.values().filter(|n| **n >= REPEAT_EPISODES).count() as u64
    }));
    // Episodes by the kind of place the child went missing from.
    out.push(table(
        "episodes-by-placement",
        Missing,
        pair,
        PLACEMENTS,
        |p| len(episodes(ctx, p)),
        |p, k| len(episodes(ctx, p).filter(|e| placement_key(e.from_kind) == k)),
    ));
    // Children placed out of their home authority's area who went missing in the period.
    out.push(count("out-of-area-children", Missing, now, before, |p| {
        distinct(episodes(ctx, p).filter(|e| e.out_of_area))
    }));
    // Children who went missing from an asylum hotel (haven records no immigration status).
    out.push(count("uasc-children", Missing, now, before, |p| {
        distinct(episodes(ctx, p).filter(|e| e.from_kind == Some(LocationKind::AsylumHotel)))
    }));
    // Time missing, from last seen to return, of episodes reported in the period and returned
    // by its end: the median and the 90th percentile, in hours.
    let hours_missing =
        |p: Period| returned(ctx, p).filter_map(|e| Some(hours(e.returned_at? - e.last_seen_at))).collect();
    out.push(number_figure("hours-missing-median", Missing, Unit::Hours, pair, hours_missing, median, 1));
    out.push(number_figure("hours-missing-p90", Missing, Unit::Hours, pair, hours_missing, p90, 1));

    // The children missing by sex, age band (at the end of the period) and ethnic group.
    let person = |id: &PersonId| ctx.people.get(id);
    out.push(table(
        "children-by-sex",
        Children,
        pair,
        SEXES,
        |p| children(ctx, p).len() as u64,
        |p, k| len(children(ctx, p).iter().filter(|c| person(c).map_or(Sex::Unknown, |x| x.sex).code() == k)),
    ));
    out.push(table(
        "children-by-age",
        Children,
        pair,
        &age_keys(),
        |p| children(ctx, p).len() as u64,
        |p, k| len(children(ctx, p).iter().filter(|c| age_key(person(c), p.to) == k)),
    ));
    out.push(table(
        "children-by-ethnicity",
        Children,
        pair,
        ETHNIC_GROUPS,
        |p| children(ctx, p).len() as u64,
        |p, k| {
            len(children(ctx, p).iter().filter(|c| person(c).map_or("not_stated", |x| ethnic_group(x.ethnicity)) == k))
        },
    ));

    // Episodes of the period by the grade given at report.
    let first_grade = |e: &EpisodeFacts| e.gradings.first().map(|g| grade_key(g.0));
    let by_grade = |id, section, pair| {
        table(
            id,
            section,
            pair,
            GRADES,
            |p| len(episodes(ctx, p).filter(|e| first_grade(e).is_some())),
            |p, k| len(episodes(ctx, p).filter(|e| first_grade(e) == Some(k))),
        )
    };
    out.push(by_grade("episodes-by-grade", Grading, pair));
    // Regradings made in the period, up and down.
    out.push(table("regrades", Grading, pair, &["up", "down"], |p| regrades(ctx, p, ""), |p, k| regrades(ctx, p, k)));
    // Reviews that fell due on the period's episodes, done on time, late or not done.
    out.push(table(
        "reviews",
        Grading,
        pair,
        &["on_time", "late", "not_done"],
        |p| reviews(ctx, p).iter().sum(),
        |p, k| reviews(ctx, p)[["on_time", "late", "not_done"].iter().position(|x| *x == k).unwrap_or(0)],
    ));

    // Return home interviews of the episodes reported in the period and returned by its end.
    out.push(table(
        "rhi-outcomes",
        Rhi,
        pair,
        &["held", "declined", "not_possible", "not_recorded"],
        |p| len(returned(ctx, p)),
        |p, k| len(returned(ctx, p).filter(|e| e.rhi.map_or("not_recorded", |r| r.outcome.code()) == k)),
    ));
    out.push(table(
        "rhi-offered-in-time",
        Rhi,
        pair,
        &["in_time", "late", "not_recorded"],
        |p| len(returned(ctx, p)),
        |p, k| {
            len(returned(ctx, p).filter(|e| match rhi_in_time(e, ctx.config) {
                Some(true) => k == "in_time",
                Some(false) => k == "late",
                None => k == "not_recorded",
            }))
        },
    ));
    // Of the interviews held, how many met each quality measure, and the mean out of five.
    let mut f = table(
        "rhi-quality-measures",
        Rhi,
        pair,
        RHI_MEASURES,
        |p| len(returned(ctx, p).filter_map(|e| rhi_measures(e, ctx.config))),
        |p, k| {
            let i = RHI_MEASURES.iter().position(|x| *x == k).unwrap_or(0);
            len(returned(ctx, p).filter_map(|e| rhi_measures(e, ctx.config)).filter(|m| m[i]))
        },
    );
    f.parts_overlap = true;
    out.push(f);
    let scores = |p: Period| {
        returned(ctx, p)
            .filter_map(|e| rhi_measures(e, ctx.config))
            .map(|m| f64::from(m.iter().map(|b| u8::from(*b)).sum::<u8>()))
            .collect::<Vec<_>>()
    };
    #[expect(clippy::cast_precision_loss, reason = "a handful of interviews")]
    let mean = |v: Vec<f64>| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
    out.push(number_figure("rhi-quality-score", Rhi, Unit::Score, pair, scores, mean, 2));

    // Exploitation screenings of the area's children made in the period, by tier.
    let tiers: Vec<&'static str> = [Tier::Red, Tier::Amber, Tier::Green].iter().map(|t| t.code()).collect();
    let screenings = |p: Period| ctx.inputs.screenings.iter().filter(move |s| p.holds(s.at));
    out.push(with_months(
        table(
            "screenings-by-tier",
            Exploitation,
            pair,
            &tiers,
            |p| len(screenings(p)),
            |p, k| len(screenings(p).filter(|s| s.tier.code() == k)),
        ),
        now,
        |p| len(screenings(p)),
    ));
    // NRM referrals of the area's children made in the period, and the median days to each
    // decision of those referrals that have one.
    let nrms = |p: Period| ctx.inputs.nrms.iter().filter(move |n| p.contains(n.referred_on));
    out.push(count("nrm-referrals", Exploitation, now, before, |p| len(nrms(p))));
    #[expect(clippy::cast_precision_loss, reason = "days")]
    let days = |from: NaiveDate, to: NaiveDate| (to - from).num_days() as f64;
    out.push(number_figure(
        "nrm-reasonable-grounds-days",
        Exploitation,
        Unit::Days,
        pair,
        |p| nrms(p).filter_map(|n| Some(days(n.referred_on, n.reasonable_grounds_on?))).collect(),
        median,
        1,
    ));
    out.push(number_figure(
        "nrm-conclusive-grounds-days",
        Exploitation,
        Unit::Days,
        pair,
        |p| nrms(p).filter_map(|n| Some(days(n.referred_on, n.conclusive_grounds_on?))).collect(),
        median,
        1,
    ));
    // Disruption in the area done in the period, by the 4Ps and by tactic.
    let disruptions = |p: Period| ctx.inputs.disruptions.iter().filter(move |d| p.contains(d.done_on));
    let four_ps: Vec<&'static str> = FourP::ALL.iter().map(|f| f.code()).collect();
    out.push(with_months(
        table(
            "disruption-by-4p",
            Exploitation,
            pair,
            &four_ps,
            |p| len(disruptions(p)),
            |p, k| len(disruptions(p).filter(|d| d.four_p.code() == k)),
        ),
        now,
        |p| len(disruptions(p)),
    ));
    let used: BTreeSet<&'static str> = disruptions(now).chain(disruptions(before)).map(|d| d.tactic.code()).collect();
    let tactics: Vec<&'static str> =
        crate::disruption::Tactic::ALL.iter().map(|t| t.code()).filter(|c| used.contains(c)).collect();
    out.push(table(
        "disruption-by-tactic",
        Exploitation,
        pair,
        &tactics,
        |p| len(disruptions(p)),
        |p, k| len(disruptions(p).filter(|d| d.tactic.code() == k)),
    ));
    // Warning markers on the area's children in force at any time in the period, by the
    // child's age band at its end.
    let markers = |p: Period| {
        ctx.inputs.markers.iter().filter(move |m| m.starts_on <= p.to && m.ended_on.is_none_or(|e| e >= p.from))
    };
    out.push(table(
        "markers-by-age",
        Exploitation,
        pair,
        &age_keys(),
        |p| len(markers(p)),
        |p, k| len(markers(p).filter(|m| age_key(ctx.people.get(&m.person), p.to) == k)),
    ));

    // MACE actions live in the period (set by its end, not closed before it began): closed in
    // the period on time or late, or still open at its end, overdue or not.
    let actions = |p: Period| {
        ctx.inputs.actions.iter().filter(move |a| a.set_on <= p.to && a.closed_on.is_none_or(|c| c >= p.from))
    };
    let action_key = |a: &super::inputs::ActionFacts, p: Period| match a.closed_on.filter(|c| *c <= p.to) {
        Some(c) if c <= a.due_on => "closed_on_time",
        Some(_) => "closed_late",
        None if a.due_on < p.to => "open_overdue",
        None => "open",
    };
    out.push(table(
        "mace-actions",
        Mace,
        pair,
        &["closed_on_time", "closed_late", "open_overdue", "open"],
        |p| len(actions(p)),
        |p, k| len(actions(p).filter(|a| action_key(a, p) == k)),
    ));

    // The week's scrutiny of grading: share at each grade at report, regrades, children graded
    // low or lower at report who came to harm (recorded on return or at the interview), and
    // reviews overdue at the week's end.
    out.push(by_grade("week-grades", GradingWeek, weeks));
    out.push(table(
        "week-regrades",
        GradingWeek,
        weeks,
        &["up", "down"],
        |p| regrades(ctx, p, ""),
        |p, k| regrades(ctx, p, k),
    ));
    out.push(count("week-low-risk-harmed", GradingWeek, weeks.0, weeks.1, |p| {
        distinct(episodes(ctx, p).filter(|e| {
            e.gradings.first().is_some_and(|g| g.0.severity() <= RiskGrade::Low.severity())
                && (e.harm_on_return || e.rhi.is_some_and(|r| r.harm))
        }))
    }));
    out.push(count("week-reviews-overdue", GradingWeek, weeks.0, weeks.1, |p| reviews_overdue(ctx, p)));

    // Against the area's child population, where it is configured: the children (and the
    // markers) of each group per 1,000 of the area's children of that group, now and before
    // (one population for both), and the total per 1,000 of all its children aged 0–17.
    if let Some(pop) = config.population {
        for f in &mut out {
            if let Some(d) = Dimension::of_figure(f.id) {
                against(f, pop, d);
            }
        }
    }
    let population = config.population.map(|p| PopulationNote { source: p.source.clone(), as_of: p.as_of });
    Figures { period, previous: before, week, previous_week: weeks.1, figures: out, suppressed_below: None, population }
}

/// A count as a rate per 1,000 of `population`: none where there is no population to take it
/// over (and never for a count that is not a number).
fn rate_of(c: Cell, population: u64) -> Cell {
    match c {
        Cell::Count(n) => Population::rate(n, population).map_or(Cell::None, Cell::Number),
        _ => Cell::None,
    }
}

fn rate_pair(pair: Pair, population: u64) -> Pair {
    Pair { value: rate_of(pair.value, population), previous: rate_of(pair.previous, population) }
}

/// Puts a figure against the population's breakdown `d`: each part its group's children and
/// rate (none for a group the population does not give), the total all the children and the
/// overall rate.
pub(crate) fn against(f: &mut Figure, pop: &Population, d: Dimension) {
    for p in &mut f.parts {
        let n = pop.of(d, p.key);
        p.population = n;
        p.rate = n.map(|n| rate_pair(p.pair, n));
    }
    f.population = Some(pop.total);
    f.rate = Some(rate_pair(f.pair, pop.total));
}

/// The instant a UK date begins, for callers that build inputs by date.
pub fn day_start(d: NaiveDate) -> DateTime<Utc> {
    uk_midnight(d)
}
