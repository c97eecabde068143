//! Figures for boards: the headline data of an area over a period, each figure defined once
//! here (its id names its title and definition in the web's Fluent files: `figure-{id}` and
//! `figure-{id}-definition`), with the same figure for the period before for the trend, and a
//! month-by-month series for the counts.
//!
//! Small numbers are suppressed for scrutiny ([`suppress`]): a count from 1 to one below the
//! threshold (5 unless configured) is shown as "fewer than 5", and in each table (a total and
//! its parts, or a total and its months) a second cell is suppressed wherever one alone would
//! be recoverable from the total; a mean, median or share is suppressed when the count it is
//! taken over is under the threshold.

pub mod compute;
pub mod inputs;
pub mod period;
pub mod population;

#[cfg(test)]
mod tests;

pub use compute::{Config, compute};
pub use inputs::Inputs;
pub use period::{MAX_YEARS, Period};
pub use population::{Population, PopulationVersion};

use serde::Serialize;

/// The default threshold: counts below it are not shown to scrutiny.
pub const DEFAULT_THRESHOLD: u64 = 5;

/// Which part of the board pack a figure belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Missing,
    Children,
    Grading,
    Rhi,
    Exploitation,
    Mace,
    /// The week's scrutiny of risk grading (the seven days that end the period).
    GradingWeek,
}

impl Section {
    pub const ALL: &'static [Section] = &[
        Section::Missing,
        Section::Children,
        Section::Grading,
        Section::Rhi,
        Section::Exploitation,
        Section::Mace,
        Section::GradingWeek,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Section::Missing => "missing",
            Section::Children => "children",
            Section::Grading => "grading",
            Section::Rhi => "rhi",
            Section::Exploitation => "exploitation",
            Section::Mace => "mace",
            Section::GradingWeek => "grading_week",
        }
    }
}

/// What a figure's number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Count,
    /// A ratio to two decimal places (episodes per child).
    Ratio,
    Hours,
    Days,
    /// A mean score out of five.
    Score,
}

/// One number as it may be shown.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Cell {
    Count(u64),
    Number(f64),
    /// Under the threshold: "fewer than 5".
    Suppressed,
    /// Not small itself, but hidden so that a small number beside it cannot be worked out from
    /// the total (secondary suppression).
    Hidden,
    /// Nothing to take a median or mean of.
    None,
}

impl Cell {
    /// Not shown: under the threshold, or hidden beside one that is.
    pub fn is_suppressed(self) -> bool {
        matches!(self, Cell::Suppressed | Cell::Hidden)
    }

    pub fn number(self) -> Option<f64> {
        match self {
            #[expect(clippy::cast_precision_loss, reason = "counts of records are far below 2^52")]
            Cell::Count(n) => Some(n as f64),
            Cell::Number(x) => Some(x),
            Cell::Suppressed | Cell::Hidden | Cell::None => None,
        }
    }

    fn count(self) -> Option<u64> {
        match self {
            Cell::Count(n) => Some(n),
            _ => None,
        }
    }
}

/// A figure's value now and in the period before.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Pair {
    pub value: Cell,
    pub previous: Cell,
}

impl Pair {
    /// The change since the period before; `None` when either side is not shown.
    pub fn change(&self) -> Option<f64> {
        Some(self.value.number()? - self.previous.number()?)
    }
}

/// One part of a figure's breakdown (`high` of the episodes by grade).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    pub key: &'static str,
    #[serde(flatten)]
    pub pair: Pair,
    /// The area's children of this group, where its population is configured and gives the
    /// group ([`population`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub population: Option<u64>,
    /// The part per 1,000 of `population`, now and before: shown only where the count is
    /// ([`suppress`]), since a rate beside a population gives the count back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<Pair>,
}

/// One month of a figure's series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthCell {
    pub month: String,
    pub value: Cell,
}

/// One figure: its id (which names its title and definition), its number now and before,
/// its breakdown and its months.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub id: &'static str,
    pub section: Section,
    pub unit: Unit,
    #[serde(flatten)]
    pub pair: Pair,
    /// The parts of the total, each counted the same way (a child in two groups is counted
    /// in both only where [`Figure::parts_overlap`] says so).
    pub parts: Vec<Part>,
    pub parts_overlap: bool,
    pub months: Vec<MonthCell>,
    /// For a number taken over a count (a median over returned episodes): that count, now and
    /// before, which decides whether the number is shown.
    #[serde(skip)]
    pub basis: Option<(u64, u64)>,
    /// The counts a number is worked out from (episodes per child: the episodes and the
    /// children), by figure id: where one is not shown, neither is the number.
    #[serde(skip)]
    pub derived_from: &'static [&'static str],
    /// For a figure taken against the area's child population: all its children aged 0–17.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub population: Option<u64>,
    /// The total per 1,000 of `population`, now and before (shown only where the total is).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<Pair>,
}

impl Figure {
    fn count(id: &'static str, section: Section, value: u64, previous: u64) -> Self {
        Self {
            id,
            section,
            unit: Unit::Count,
            pair: Pair { value: Cell::Count(value), previous: Cell::Count(previous) },
            parts: Vec::new(),
            parts_overlap: false,
            months: Vec::new(),
            basis: None,
            derived_from: &[],
            population: None,
            rate: None,
        }
    }

    fn number(id: &'static str, section: Section, unit: Unit, value: Option<f64>, previous: Option<f64>) -> Self {
        let cell = |x: Option<f64>| x.map_or(Cell::None, Cell::Number);
        Self {
            id,
            section,
            unit,
            pair: Pair { value: cell(value), previous: cell(previous) },
            parts: Vec::new(),
            parts_overlap: false,
            months: Vec::new(),
            basis: None,
            derived_from: &[],
            population: None,
            rate: None,
        }
    }

    /// The part `key`, for tests and for pages that pick one out.
    pub fn part(&self, key: &str) -> Option<&Pair> {
        self.parts.iter().find(|p| p.key == key).map(|p| &p.pair)
    }
}

/// An area's figures for a period, as computed (exact) or as suppressed for scrutiny.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub period: Period,
    pub previous: Period,
    /// The seven days that end the period: the grading scrutiny's week, and the week before.
    pub week: Period,
    pub previous_week: Period,
    pub figures: Vec<Figure>,
    /// Whether small numbers are hidden ([`suppress`]); when `None` the figures are exact.
    pub suppressed_below: Option<u64>,
    /// The child population the rates are taken against, where the area has one.
    pub population: Option<PopulationNote>,
}

/// Where the rates' population comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PopulationNote {
    pub source: String,
    pub as_of: chrono::NaiveDate,
}

impl Figures {
    pub fn get(&self, id: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.id == id)
    }

    pub fn in_section(&self, section: Section) -> impl Iterator<Item = &Figure> {
        self.figures.iter().filter(move |f| f.section == section)
    }
}

/// Whether a count must not be shown.
fn small(n: u64, threshold: u64) -> bool {
    n > 0 && n < threshold
}

/// Whether the small counts hidden in a table are safe from its total: `k` counts hidden as
/// small (each, as a reader knows, from 1 to `t - 1`), `m` others hidden beside them (each, as
/// a reader knows, 0 or at least `t`), and `rest` what the shown total less the shown cells
/// leaves for them all. Safe when the small counts could add up to two different sums, or to one
/// sum that several small counts could make in more than one way.
fn protected(k: u64, m: u64, rest: u64, t: u64) -> bool {
    if k == 0 {
        return true;
    }
    let (lo, hi) = (k, k * (t - 1));
    // The sums the small counts could make: all of `rest` (the others all zero), or `rest`
    // less at least `t` (some other at least `t`).
    let whole = (lo..=hi).contains(&rest);
    let range = if m > 0 && rest >= t + lo { hi.min(rest - t) - lo + 1 } else { 0 };
    match u64::from(whole) + range {
        0 => true, // not possible for true counts
        1 => {
            let v = if whole { rest } else { lo };
            k >= 2 && lo < v && v < hi
        }
        _ => true,
    }
}

/// Hides small numbers in one table: `total` and its `cells` (parts, or months). Primary: any
/// count from 1 to `threshold - 1` is [`Cell::Suppressed`]. Secondary: while the total less the
/// shown cells would tell a reader what a small count is (or narrow it to one value, knowing
/// the rule), the smallest shown cell is [`Cell::Hidden`] as well, zeros included; where no
/// cell is left to hide, the total is hidden ([`suppress`] then hides it in every figure).
pub(crate) fn suppress_table(total: &mut Cell, cells: &mut [&mut Cell], threshold: u64) {
    if threshold < 2 {
        return;
    }
    if total.count().is_some_and(|n| small(n, threshold)) {
        *total = Cell::Suppressed;
    }
    let mut small_sum = 0;
    for c in cells.iter_mut() {
        if let Some(n) = c.count().filter(|n| small(*n, threshold)) {
            small_sum += n;
            **c = Cell::Suppressed;
        }
    }
    if total.count().is_none() {
        return;
    }
    let k = cells.iter().filter(|c| ***c == Cell::Suppressed).count() as u64;
    let (mut m, mut hidden_sum) = (0u64, 0u64);
    while !protected(k, m, small_sum + hidden_sum, threshold) {
        let smallest = cells.iter_mut().filter_map(|c| c.count().map(|n| (n, c))).min_by_key(|(n, _)| *n);
        match smallest {
            Some((n, c)) => {
                **c = Cell::Hidden;
                m += 1;
                hidden_sum += n;
            }
            None => {
                *total = Cell::Hidden;
                return;
            }
        }
    }
}

/// The figures as scrutiny may see them: every count under `threshold` hidden, with the
/// secondary hiding that keeps totals and differences from giving a hidden count away. A
/// threshold of 0 or 1 hides nothing.
pub fn suppress(mut figures: Figures, threshold: u64) -> Figures {
    let exact: Vec<[Cell; 2]> = figures.figures.iter().map(|f| [f.pair.value, f.pair.previous]).collect();
    for f in &mut figures.figures {
        match (f.unit, f.basis) {
            (Unit::Count, _) => {
                for side in [0, 1] {
                    let (total, cells) = side_cells(f, side);
                    suppress_table(total, &mut { cells }, threshold);
                }
                if !protect_months(f, threshold) {
                    // The months would give each other away from the total: it goes, here
                    // and (below) wherever else it is shown.
                    f.pair.value = Cell::Hidden;
                }
            }
            (_, Some((now, before))) => {
                if now < threshold {
                    f.pair.value = hide_number(f.pair.value);
                }
                if before < threshold {
                    f.pair.previous = hide_number(f.pair.previous);
                }
            }
            (_, None) => {}
        }
    }
    hide_totals_shown_elsewhere(&mut figures.figures, &exact, threshold);
    for side in [0, 1] {
        let hidden: Vec<&'static str> =
            figures.figures.iter().filter(|f| side_total(f, side).is_suppressed()).map(|f| f.id).collect();
        for f in &mut figures.figures {
            if f.derived_from.iter().any(|id| hidden.contains(id)) {
                let (total, _) = side_cells(f, side);
                *total = hide_number(*total);
            }
        }
    }
    for f in &mut figures.figures {
        hide_rates(f);
    }
    figures.suppressed_below = Some(threshold);
    figures
}

/// A rate beside a population is its count told another way: wherever the count is not shown
/// (fewer than the threshold, or hidden beside one that is), neither is its rate.
fn hide_rates(f: &mut Figure) {
    let hide = |rate: &mut Option<Pair>, count: Pair| {
        if let Some(r) = rate {
            if count.value.is_suppressed() {
                r.value = Cell::Hidden;
            }
            if count.previous.is_suppressed() {
                r.previous = Cell::Hidden;
            }
        }
    };
    hide(&mut f.rate, f.pair);
    for p in &mut f.parts {
        hide(&mut p.rate, p.pair);
    }
}

fn side_total(f: &Figure, side: usize) -> Cell {
    if side == 0 { f.pair.value } else { f.pair.previous }
}

/// A count figure's total and parts on one side: 0 the period, 1 the period before.
fn side_cells(f: &mut Figure, side: usize) -> (&mut Cell, Vec<&mut Cell>) {
    let (pair, parts) = (&mut f.pair, &mut f.parts);
    let total = if side == 0 { &mut pair.value } else { &mut pair.previous };
    let cells = parts.iter_mut().map(|p| if side == 0 { &mut p.pair.value } else { &mut p.pair.previous }).collect();
    (total, cells)
}

/// The months of the period add up to its total: a table of their own. False where they
/// could be protected only by hiding a total that is shown.
fn protect_months(f: &mut Figure, threshold: u64) -> bool {
    let shown = !f.pair.value.is_suppressed();
    let mut total = if shown { months_total(&f.months) } else { Cell::Hidden };
    let mut cells: Vec<&mut Cell> = f.months.iter_mut().map(|m| &mut m.value).collect();
    suppress_table(&mut total, &mut cells, threshold);
    if total.is_suppressed() {
        for m in &mut f.months {
            if let Some(n) = m.value.count().filter(|n| *n > 0) {
                m.value = if small(n, threshold) { Cell::Suppressed } else { Cell::Hidden };
            }
        }
    }
    !(shown && total.is_suppressed())
}

/// A total one table had to hide may be the total of another (the period's episodes head the
/// episodes by placement and by grade as well as their own figure): a reader who reads it there
/// could undo the first table's hiding. So wherever a count figure's total was hidden, every
/// count figure on the same side whose total is the same number hides its total and all its
/// cells (a figure that merely happens to have the same number loses it too: the safe side).
fn hide_totals_shown_elsewhere(figures: &mut [Figure], exact: &[[Cell; 2]], threshold: u64) {
    for side in [0, 1] {
        let hidden: Vec<u64> = figures
            .iter()
            .zip(exact)
            .filter(|(f, _)| f.unit == Unit::Count)
            .filter_map(|(f, e)| (side_total(f, side) == Cell::Hidden).then(|| e[side].count()).flatten())
            .collect();
        for (f, e) in figures.iter_mut().zip(exact) {
            if f.unit != Unit::Count || !e[side].count().is_some_and(|n| hidden.contains(&n)) {
                continue;
            }
            let (total, cells) = side_cells(f, side);
            *total = Cell::Hidden;
            for c in cells {
                if *c != Cell::Suppressed {
                    *c = Cell::Hidden;
                }
            }
            if side == 0 {
                protect_months(f, threshold);
            }
        }
    }
}

/// A number over too few records is hidden; one over none stays "none".
fn hide_number(c: Cell) -> Cell {
    if c == Cell::None { c } else { Cell::Suppressed }
}

fn months_total(months: &[MonthCell]) -> Cell {
    Cell::Count(months.iter().filter_map(|m| m.value.count()).sum())
}
