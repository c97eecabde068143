//! The figures for boards in words, for the page, the board pack (from the page and the command
//! line) and the API's definitions: one place that turns a figure into its title, definition,
//! numbers as shown ("fewer than 5"), chart and data table, in English or Welsh.

use crate::i18n::Lang;
use haven_app::figures::{AreaFigures, Marking};
use haven_domain::figures::{Cell, Figure, Figures, Pair, Section, Unit};
use haven_report::chart::{Chart, ChartKind, Series};
use haven_report::{Block, Document, Table};

/// A figure's title.
pub fn title(lang: Lang, id: &str) -> String {
    lang.t(&format!("figure-{id}"))
}

/// A figure's definition.
pub fn definition(lang: Lang, id: &str) -> String {
    lang.t(&format!("figure-{id}-definition"))
}

/// The label of part `key` of figure `id`: the coded value's own label where haven has one.
pub fn part_label(lang: Lang, id: &str, key: &str) -> String {
    let prefix = match id {
        "children-by-age" | "markers-by-age" => "priority-age",
        "children-by-sex" => "sex",
        "screenings-by-tier" => "screening-tier",
        "disruption-by-4p" => "four-p",
        "disruption-by-tactic" => "disruption-tactic",
        _ => "figure-part",
    };
    lang.label(prefix, key)
}

fn number(x: f64, unit: Unit) -> String {
    match unit {
        Unit::Count => format!("{x:.0}"),
        Unit::Ratio | Unit::Score => format!("{x:.2}"),
        Unit::Hours | Unit::Days => format!("{x:.1}"),
    }
}

/// A cell as shown: the number, "fewer than 5", "not shown" or "none".
pub fn cell(lang: Lang, c: Cell, unit: Unit, threshold: Option<u64>) -> String {
    match c {
        Cell::Count(n) => n.to_string(),
        Cell::Number(x) => number(x, unit),
        Cell::Suppressed => lang.t_args("figures-fewer-than", &[("threshold", threshold.unwrap_or(5).to_string())]),
        Cell::Hidden => lang.t("figures-hidden"),
        Cell::None => lang.t("figures-none"),
    }
}

/// A rate per 1,000 as shown: one decimal place, "not shown" beside a count not shown, a dash
/// where there is none (no population for the group).
pub fn rate(lang: Lang, c: Option<Cell>, threshold: Option<u64>) -> String {
    match c {
        Some(Cell::Number(x)) => format!("{x:.1}"),
        Some(Cell::None) | None => lang.t("figures-no-change"),
        Some(other) => cell(lang, other, Unit::Count, threshold),
    }
}

/// A group's population as shown; a dash where the population does not give it.
pub fn population(lang: Lang, n: Option<u64>) -> String {
    n.map_or_else(|| lang.t("figures-no-change"), |n| n.to_string())
}

/// The note under the figures on where the rates' population comes from, or that there is
/// none.
pub fn population_note(lang: Lang, f: &Figures) -> String {
    match &f.population {
        Some(p) => lang.t_args(
            "figures-population-note",
            &[("source", p.source.clone()), ("as_of", p.as_of.format("%d/%m/%Y").to_string())],
        ),
        None => lang.t("figures-population-none"),
    }
}

/// The change since the period before, signed; a dash when either side is not shown.
pub fn change(lang: Lang, f: &haven_domain::figures::Pair, unit: Unit) -> String {
    match f.change() {
        Some(d) if d > 0.0 => format!("+{}", number(d, unit)),
        Some(d) => number(d, unit),
        None => lang.t("figures-no-change"),
    }
}

/// A figure's unit, after the number (hours, days, out of 5); empty for counts and ratios.
pub fn unit(lang: Lang, u: Unit) -> String {
    match u {
        Unit::Hours => lang.t("figures-unit-hours"),
        Unit::Days => lang.t("figures-unit-days"),
        Unit::Score => lang.t("figures-unit-score"),
        Unit::Count | Unit::Ratio => String::new(),
    }
}

fn shown(c: Cell) -> Option<f64> {
    c.number()
}

/// The chart of a figure: its parts, this period against the one before (bars); or, for a
/// figure with months and no parts, its months (a line). `None` for a single number.
pub fn chart(lang: Lang, f: &Figure, threshold: Option<u64>) -> Option<Chart> {
    let name = title(lang, f.id);
    let (now, before) = (lang.t("figures-now"), lang.t("figures-before"));
    if !f.parts.is_empty() {
        let categories: Vec<String> = f.parts.iter().map(|p| part_label(lang, f.id, p.key)).collect();
        let mut header = vec![lang.t("figures-part"), now.clone(), before.clone()];
        // Against the area's child population, where it is set: each group's children and its
        // rate per 1,000, and a last row for all of them.
        let rates = f.population.is_some();
        if rates {
            header.extend([lang.t("figures-population"), lang.t("figures-rate-now"), lang.t("figures-rate-before")]);
        }
        let mut table = Table::new(lang.t1("figures-data-of", "figure", &name), header);
        let row = |label: String, pair: &Pair, pop: Option<u64>, r: Option<Pair>| {
            let mut row = vec![
                label.into(),
                cell_value(lang, pair.value, f.unit, threshold),
                cell_value(lang, pair.previous, f.unit, threshold),
            ];
            if rates {
                row.extend([
                    pop.map_or_else(|| population(lang, None).into(), count_value),
                    rate_value(lang, r.map(|r| r.value), threshold),
                    rate_value(lang, r.map(|r| r.previous), threshold),
                ]);
            }
            row
        };
        for (p, label) in f.parts.iter().zip(&categories) {
            table.rows.push(row(label.clone(), &p.pair, p.population, p.rate));
        }
        if rates {
            table.rows.push(row(lang.t("figures-all"), &f.pair, f.population, f.rate));
        }
        return Some(Chart {
            title: lang.t1("figures-chart-of", "figure", &name),
            kind: ChartKind::Bar,
            categories,
            series: vec![
                Series { name: now, values: f.parts.iter().map(|p| shown(p.pair.value)).collect() },
                Series { name: before, values: f.parts.iter().map(|p| shown(p.pair.previous)).collect() },
            ],
            table,
        });
    }
    if f.months.len() > 1 {
        let categories: Vec<String> = f.months.iter().map(|m| m.month.clone()).collect();
        let mut table =
            Table::new(lang.t1("figures-data-of", "figure", &name), vec![lang.t("figures-month"), name.clone()]);
        for m in &f.months {
            table.rows.push(vec![m.month.clone().into(), cell_value(lang, m.value, f.unit, threshold)]);
        }
        return Some(Chart {
            title: lang.t1("figures-chart-of", "figure", &name),
            kind: ChartKind::Line,
            categories,
            series: vec![Series { name, values: f.months.iter().map(|m| shown(m.value)).collect() }],
            table,
        });
    }
    None
}

#[expect(clippy::cast_precision_loss, reason = "counts of children are far below 2^52")]
fn count_value(n: u64) -> haven_report::Cell {
    haven_report::Cell::Number(n as f64)
}

/// A rate for a document's table: a number where shown, its words otherwise.
fn rate_value(lang: Lang, c: Option<Cell>, threshold: Option<u64>) -> haven_report::Cell {
    match c {
        Some(Cell::Number(x)) => haven_report::Cell::Number(x),
        other => haven_report::Cell::Text(rate(lang, other, threshold)),
    }
}

/// A cell for a document's table: a number stays a number (a spreadsheet can sum it), a hidden
/// one is its words.
fn cell_value(lang: Lang, c: Cell, unit: Unit, threshold: Option<u64>) -> haven_report::Cell {
    match c {
        #[expect(clippy::cast_precision_loss, reason = "counts of records are far below 2^52")]
        Cell::Count(n) => haven_report::Cell::Number(n as f64),
        Cell::Number(x) => haven_report::Cell::Number(x),
        other => haven_report::Cell::Text(cell(lang, other, unit, threshold)),
    }
}

/// The sections in the order a board reads them.
pub fn sections(figures: &Figures) -> Vec<(Section, Vec<&Figure>)> {
    Section::ALL
        .iter()
        .map(|s| (*s, figures.in_section(*s).collect::<Vec<_>>()))
        .filter(|(_, f)| !f.is_empty())
        .collect()
}

pub fn section_title(lang: Lang, s: Section) -> String {
    lang.label("figures-section", s.code())
}

pub fn report_marking(m: Marking) -> haven_report::Marking {
    match m {
        Marking::Official => haven_report::Marking::Official,
        Marking::OfficialSensitive => haven_report::Marking::OfficialSensitive,
    }
}

/// The period line: "2026-03-01 to 2026-03-31, against …".
pub fn period_line(lang: Lang, f: &Figures, week: bool) -> String {
    let (now, before) = if week { (f.week, f.previous_week) } else { (f.period, f.previous) };
    lang.t_args(
        if week { "figures-week" } else { "figures-period" },
        &[
            ("from", now.from.to_string()),
            ("to", now.to.to_string()),
            ("prev_from", before.from.to_string()),
            ("prev_to", before.to.to_string()),
        ],
    )
}

/// The note on how small numbers were treated.
pub fn disclosure_note(lang: Lang, f: &Figures) -> String {
    match f.suppressed_below {
        Some(t) => lang.t_args("figures-suppressed-note", &[("threshold", t.to_string())]),
        None => lang.t("figures-exact-note"),
    }
}

/// The board pack as a document: for each section its figures (this period, before, change,
/// definition) as a table, then each figure's chart with its data table; marked OFFICIAL when
/// small numbers are hidden and OFFICIAL-SENSITIVE when exact.
pub fn board_pack(lang: Lang, af: &AreaFigures, created: chrono::NaiveDate) -> Document {
    let f = &af.figures;
    let t = f.suppressed_below;
    let pack_title = lang.t_args(
        "figures-board-pack-title",
        &[("area", af.area.name.clone()), ("from", f.period.from.to_string()), ("to", f.period.to.to_string())],
    );
    let language = if lang == Lang::Cy { "cy" } else { "en-GB" };
    let mut doc = Document::new(pack_title, language, report_marking(af.marking), "haven", created)
        .with(Block::Paragraph(period_line(lang, f, false)))
        .with(Block::Paragraph(disclosure_note(lang, f)))
        .with(Block::Paragraph(population_note(lang, f)));
    for (section, figures) in sections(f) {
        doc = doc.with(Block::Heading { level: 2, text: section_title(lang, section) });
        if section == Section::GradingWeek {
            doc = doc.with(Block::Paragraph(period_line(lang, f, true)));
        }
        let mut table = Table::new(
            section_title(lang, section),
            vec![
                lang.t("figures-figure"),
                lang.t("figures-now"),
                lang.t("figures-before"),
                lang.t("figures-change"),
                lang.t("figures-definition"),
            ],
        );
        for fig in &figures {
            let u = unit(lang, fig.unit);
            let name = if u.is_empty() { title(lang, fig.id) } else { format!("{} ({u})", title(lang, fig.id)) };
            table.rows.push(vec![
                name.into(),
                cell_value(lang, fig.pair.value, fig.unit, t),
                cell_value(lang, fig.pair.previous, fig.unit, t),
                change(lang, &fig.pair, fig.unit).into(),
                definition(lang, fig.id).into(),
            ]);
        }
        doc = doc.with(Block::Table(table));
        for fig in figures {
            if let Some(c) = chart(lang, fig, t) {
                doc = doc.with(Block::Heading { level: 3, text: title(lang, fig.id) });
                doc = doc.with(Block::Chart(c));
            }
        }
    }
    doc
}
