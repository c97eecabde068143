//! Figures for boards, once for every adapter (the page, the API, the board pack from the page
//! and from the command line): an area's figures over a range of dates, checked, authorised and
//! audited here.
//!
//! Who sees what:
//! - `scrutiny` (a commissioner's office, an inspectorate) sees figures only, and always with
//!   small numbers hidden ([`haven_domain::figures::suppress`]); asking for exact figures is
//!   refused (`exact-figures-not-permitted`);
//! - the other roles that may see aggregates (`supervisor`, `inspector`, `mace_chair`,
//!   `analyst`) get the same hidden figures by default, what a board pack for a partnership
//!   board should hold, and may ask for exact figures for their own work: the figures count
//!   every agency's records in the area, so exact small numbers can point to a child, and such
//!   a pack is marked OFFICIAL-SENSITIVE;
//! - `practitioner`, `admin` and `system_admin` do not see figures.
//!
//! Every read is audited (`figures.view`, or `figures.export` with the format), the area as its
//! subject, the range and whether it was exact in its detail. The range is checked before
//! anything is read, every problem named by field; the figures cover exactly the range asked.

use crate::access::{Caller, for_role};
use crate::clock::uk_today;
use crate::failure::Failure;
use crate::references::resolve_area;
use haven_domain::Invalid;
use haven_domain::agency::Area;
use haven_domain::audit::{AuditAction, AuditEvent, Detail, SubjectKind};
use haven_domain::figures::compute::span;
use haven_domain::figures::{Config, DEFAULT_THRESHOLD, Figures, Period, compute, suppress};
use haven_domain::missing::MissingRules;
use haven_domain::policy::Action;
use haven_domain::user::Role;
use haven_store::Store;

/// The figures as asked for, as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct FiguresAsk<'a> {
    /// The area's code.
    pub area: &'a str,
    /// The first and last UK dates, `YYYY-MM-DD`, both included.
    pub from: &'a str,
    pub to: &'a str,
    /// Exact figures, small numbers shown (not for scrutiny).
    pub exact: bool,
    /// The export's format, for the audit trail; `None` for a page or API read.
    pub export: Option<&'static str>,
}

/// The government security classification a document of the figures carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marking {
    Official,
    OfficialSensitive,
}

impl Marking {
    pub fn label(self) -> &'static str {
        match self {
            Marking::Official => "OFFICIAL",
            Marking::OfficialSensitive => "OFFICIAL-SENSITIVE",
        }
    }
}

/// An area's figures with the marking they carry.
#[derive(Debug, Clone)]
pub struct AreaFigures {
    pub area: Area,
    pub figures: Figures,
    /// OFFICIAL with small numbers hidden; OFFICIAL-SENSITIVE when exact, small numbers being
    /// able to point to a child.
    pub marking: Marking,
}

/// The threshold under which counts are hidden, as the install configures it.
#[derive(Debug, Clone, Copy)]
pub struct FiguresSettings {
    pub threshold: u64,
}

impl Default for FiguresSettings {
    fn default() -> Self {
        Self { threshold: DEFAULT_THRESHOLD }
    }
}

/// Checks the ask: every problem named by field (`area: unknown-area`, `from: date-format`, `to:
/// before-from`, `to: range-too-long`, `to: date-in-future`).
async fn check(store: &dyn Store, ask: &FiguresAsk<'_>) -> Result<(Area, Period), Failure> {
    let mut e = Invalid::default();
    let area = resolve_area(store, "area", ask.area, &mut e).await?;
    let period = Period::parse(ask.from, ask.to, uk_today());
    if let Err(p) = &period {
        e.0.extend(p.0.iter().cloned());
    }
    e.into_result()?;
    match (area, period) {
        (Some(area), Ok(period)) => Ok((area, period)),
        _ => Err(Failure::Invalid(Invalid::one("area", "required"))),
    }
}

/// Reads and computes; `event` is the read's audit event, completed here.
async fn read(
    store: &dyn Store,
    install: &MissingRules,
    area: Area,
    period: Period,
    suppressed_below: Option<u64>,
    event: AuditEvent,
    export: Option<&'static str>,
) -> Result<AreaFigures, Failure> {
    // Every version of the area's rules: each thing counted by the rules of its time.
    let versions = store.rules_versions(area.id).await?;
    // The area's child population, where set: the rates of the children and markers by group.
    let population = store.population(area.id).await?.map(|v| v.population);
    let audit = event.subject(SubjectKind::Area, area.id.0).detail(Detail::Figures {
        from: period.from,
        to: period.to,
        suppressed_below,
        format: export,
    });
    let inputs = store.figure_inputs(area.id, span(period), &audit).await?;
    let exact =
        compute(&inputs, period, Config { rules: install, versions: &versions, population: population.as_ref() });
    let (figures, marking) = match suppressed_below {
        Some(threshold) => (suppress(exact, threshold), Marking::Official),
        None => (exact, Marking::OfficialSensitive),
    };
    Ok(AreaFigures { area, figures, marking })
}

fn action(export: Option<&'static str>) -> AuditAction {
    if export.is_some() { AuditAction::FiguresExport } else { AuditAction::FiguresView }
}

impl Caller<'_> {
    /// An area's figures over a range of dates, as this caller may see them. Refused for roles
    /// that do not see aggregates; exact figures refused for scrutiny.
    pub async fn figures(
        &self,
        ask: &FiguresAsk<'_>,
        install: &MissingRules,
        settings: FiguresSettings,
        purpose: &str,
    ) -> Result<AreaFigures, Failure> {
        for_role(&self.actor(), Action::ViewAggregates)?;
        if ask.exact && self.actor().role == Role::Scrutiny {
            return Err(Failure::Forbidden("exact-figures-not-permitted"));
        }
        let (area, period) = check(self.store(), ask).await?;
        let suppressed_below = (!ask.exact).then_some(settings.threshold);
        let event = self.event(action(ask.export), purpose);
        read(self.store(), install, area, period, suppressed_below, event, ask.export).await
    }
}

/// An area's figures for the install's owner at the command line (`haven report board-pack`),
/// audited as the system: exact only when asked.
pub async fn system_figures(
    store: &dyn Store,
    ask: &FiguresAsk<'_>,
    install: &MissingRules,
    settings: FiguresSettings,
    purpose: &str,
) -> Result<AreaFigures, Failure> {
    let (area, period) = check(store, ask).await?;
    let suppressed_below = (!ask.exact).then_some(settings.threshold);
    let event = AuditEvent::system("cli", action(ask.export), purpose, crate::clock::now());
    read(store, install, area, period, suppressed_below, event, ask.export).await
}
