//! The waterfall of a match: from the prior (how likely any two records are one person) each
//! field's weight adds or takes away, to the total. Drawn as SVG with attributes only (the CSP
//! allows no inline style), and given as a table as well for screen readers.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct FieldPart {
    pub field: String,
    pub level: String,
    pub weight: f64,
}

/// What the import wrote about a possible link.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct Explanation {
    #[serde(default)]
    pub prior: f64,
    #[serde(default)]
    pub total: f64,
    #[serde(default)]
    pub fields: Vec<FieldPart>,
}

/// One bar: where it starts and ends on the weight scale, drawn in SVG units.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub level: String,
    pub weight: String,
    pub x: i64,
    pub width: i64,
    pub y: i64,
    pub positive: bool,
}

/// The chart's bars and its size. Weights are log2 Bayes factors; the scale fits them all.
#[derive(Debug, Clone)]
pub struct Chart {
    pub bars: Vec<Bar>,
    pub height: i64,
    pub zero_x: i64,
}

pub const WIDTH: i64 = 600;
const LEFT: i64 = 10;
const ROW: i64 = 28;

/// Lays out the waterfall of `e`: the prior, then each field from the running total, then the total.
pub fn chart(e: &Explanation, label: &dyn Fn(&str) -> String) -> Chart {
    let mut steps: Vec<(String, String, f64, f64)> = Vec::new(); // label, level, from, to
    steps.push((label("prior"), String::new(), 0.0, e.prior));
    let mut running = e.prior;
    for f in &e.fields {
        steps.push((label(&f.field), f.level.clone(), running, running + f.weight));
        running += f.weight;
    }
    steps.push((label("total"), String::new(), 0.0, e.total));
    let lo = steps.iter().flat_map(|s| [s.2, s.3]).fold(0.0_f64, f64::min);
    let hi = steps.iter().flat_map(|s| [s.2, s.3]).fold(0.0_f64, f64::max);
    let span = (hi - lo).max(1.0);
    let scale = |w: f64| LEFT + ((w - lo) / span * (WIDTH - 2 * LEFT) as f64).round() as i64;
    let bars = steps
        .into_iter()
        .enumerate()
        .map(|(i, (label, level, from, to))| {
            let (a, b) = (scale(from.min(to)), scale(from.max(to)));
            Bar {
                label,
                level,
                weight: format!("{:+.1}", to - from),
                x: a,
                width: (b - a).max(1),
                y: i as i64 * ROW,
                positive: to >= from,
            }
        })
        .collect::<Vec<_>>();
    let height = bars.len() as i64 * ROW;
    Chart { bars, height, zero_x: scale(0.0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bars_run_from_the_prior_through_each_field_to_the_total() {
        let e = Explanation {
            prior: -10.0,
            total: 8.0,
            fields: vec![
                FieldPart { field: "first_name".into(), level: "exact".into(), weight: 9.0 },
                FieldPart { field: "dob".into(), level: "exact".into(), weight: 11.0 },
                FieldPart { field: "postcode".into(), level: "different".into(), weight: -2.0 },
            ],
        };
        let c = chart(&e, &|s| s.to_owned());
        let labels: Vec<_> = c.bars.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["prior", "first_name", "dob", "postcode", "total"]);
        assert_eq!(c.bars[3].weight, "-2.0");
        assert!(!c.bars[3].positive && c.bars[2].positive);
        // The first field's bar starts where the prior's ends.
        assert_eq!(c.bars[1].x, c.bars[0].x);
        assert!(c.bars.iter().all(|b| b.x >= LEFT && b.x + b.width <= WIDTH - LEFT + 1));
        assert_eq!(c.height, 5 * ROW);
    }
}
