//! Charts drawn on the server: a bar chart (groups of bars, one per series) or a line chart
//! (one line per series over the categories), as SVG for pages and as paths in the PDF, always
//! with the [`Table`] of their data beside them so that nothing is told by the picture alone.
//!
//! A value that is not shown (a suppressed count) is `None`: no bar or point is drawn for it,
//! and the table says why in words.

use crate::Table;
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Bar,
    Line,
}

/// One series: a name (shown in the legend) and a value per category.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// A chart and the table of its data.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The chart's accessible name (its `<title>`, the PDF figure's alternative text).
    pub title: String,
    pub kind: ChartKind,
    /// The categories along the bottom.
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// The same numbers as a table, shown after the chart.
    pub table: Table,
}

/// The drawing area, in SVG user units (and PDF points).
pub const WIDTH: f32 = 480.0;
pub const HEIGHT: f32 = 200.0;
const LEFT: f32 = 40.0;
const BOTTOM: f32 = 36.0;
const TOP: f32 = 24.0;
const RIGHT: f32 = 8.0;

/// Colours that keep apart for common colour blindness (Okabe–Ito), on white.
pub const COLOURS: &[(u8, u8, u8)] = &[(0, 114, 178), (230, 159, 0), (0, 158, 115), (204, 121, 167)];

/// A shape of the chart, in user units with y downwards: what both the SVG and the PDF draw.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A filled rectangle of series `series`.
    Bar { x: f32, y: f32, w: f32, h: f32, series: usize },
    /// A polyline of series `series` (a break where a value is not shown).
    Line { points: Vec<(f32, f32)>, series: usize },
    /// An axis or tick line, grey.
    Rule { x1: f32, y1: f32, x2: f32, y2: f32 },
    /// A label: its text, where it starts (or ends, for `end`), and its size.
    Label { x: f32, y: f32, text: String, end: bool },
}

fn nice_max(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * magnitude).find(|m| *m >= max).unwrap_or(max)
}

fn short(text: &str, room: f32) -> String {
    // About 4.6 units a character at the label size.
    let fits = (room / 4.6).max(3.0) as usize;
    if text.chars().count() <= fits { text.to_owned() } else { text.chars().take(fits - 1).collect::<String>() + "…" }
}

impl Chart {
    /// The largest value shown, rounded up to 1, 2 or 5 times a power of ten.
    pub fn scale(&self) -> f64 {
        nice_max(self.series.iter().flat_map(|s| s.values.iter().flatten()).copied().fold(0.0, f64::max))
    }

    /// The chart as shapes, in reading order: axes, bars or lines, labels, legend.
    #[expect(clippy::cast_possible_truncation, reason = "chart coordinates are small")]
    pub fn shapes(&self) -> Vec<Shape> {
        let (plot_w, plot_h) = (WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
        let base = TOP + plot_h;
        let max = self.scale();
        let y_of = |v: f64| base - (v / max) as f32 * plot_h;
        let n = self.categories.len().max(1) as f32;
        let band = plot_w / n;
        let mut out = vec![
            Shape::Rule { x1: LEFT, y1: base, x2: WIDTH - RIGHT, y2: base },
            Shape::Rule { x1: LEFT, y1: TOP, x2: LEFT, y2: base },
            Shape::Label { x: LEFT - 4.0, y: TOP + 4.0, text: format_number(max), end: true },
            Shape::Label { x: LEFT - 4.0, y: base, text: "0".into(), end: true },
        ];
        match self.kind {
            ChartKind::Bar => {
                let k = self.series.len().max(1) as f32;
                let bar = band * 0.8 / k;
                for (i, _) in self.categories.iter().enumerate() {
                    for (s, series) in self.series.iter().enumerate() {
                        if let Some(Some(v)) = series.values.get(i) {
                            let x = LEFT + band * i as f32 + band * 0.1 + bar * s as f32;
                            let y = y_of(*v);
                            out.push(Shape::Bar { x, y, w: bar, h: base - y, series: s });
                        }
                    }
                }
            }
            ChartKind::Line => {
                for (s, series) in self.series.iter().enumerate() {
                    let mut run = Vec::new();
                    for (i, v) in series.values.iter().enumerate() {
                        match v {
                            Some(v) => run.push((LEFT + band * (i as f32 + 0.5), y_of(*v))),
                            None if !run.is_empty() => {
                                out.push(Shape::Line { points: std::mem::take(&mut run), series: s });
                            }
                            None => {}
                        }
                    }
                    if !run.is_empty() {
                        out.push(Shape::Line { points: run, series: s });
                    }
                }
            }
        }
        for (i, c) in self.categories.iter().enumerate() {
            out.push(Shape::Label {
                x: LEFT + band * i as f32 + 2.0,
                y: base + 14.0,
                text: short(c, band),
                end: false,
            });
        }
        let mut x = LEFT;
        for (s, series) in self.series.iter().enumerate() {
            out.push(Shape::Bar { x, y: 6.0, w: 10.0, h: 10.0, series: s });
            out.push(Shape::Label { x: x + 14.0, y: 15.0, text: series.name.clone(), end: false });
            x += 24.0 + 6.0 * series.name.chars().count() as f32;
        }
        out
    }

    /// The chart as an SVG element for a page: `role="img"` named by its `<title>`.
    pub fn svg(&self) -> String {
        let mut s = String::new();
        let id = format!("chart-{:x}", fxhash(&self.title));
        let _ = write!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="haven-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{id}"><title id="{id}">{}</title>"#,
            escape(&self.title)
        );
        for shape in self.shapes() {
            match shape {
                Shape::Bar { x, y, w, h, series } => {
                    let (r, g, b) = COLOURS[series % COLOURS.len()];
                    let _ = write!(
                        s,
                        r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="rgb({r},{g},{b})"/>"#
                    );
                }
                Shape::Line { points, series } => {
                    let (r, g, b) = COLOURS[series % COLOURS.len()];
                    let pts: Vec<String> = points.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
                    let _ = write!(
                        s,
                        r#"<polyline points="{}" fill="none" stroke="rgb({r},{g},{b})" stroke-width="2"/>"#,
                        pts.join(" ")
                    );
                    for (x, y) in points {
                        let _ = write!(s, r#"<circle cx="{x:.1}" cy="{y:.1}" r="3" fill="rgb({r},{g},{b})"/>"#);
                    }
                }
                Shape::Rule { x1, y1, x2, y2 } => {
                    let _ =
                        write!(s, r##"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="#505a5f"/>"##);
                }
                Shape::Label { x, y, text, end } => {
                    let anchor = if end { r#" text-anchor="end""# } else { "" };
                    let _ = write!(
                        s,
                        r##"<text x="{x:.1}" y="{y:.1}" font-size="9" font-family="sans-serif" fill="#0b0c0c"{anchor}>{}</text>"##,
                        escape(&text)
                    );
                }
            }
        }
        s.push_str("</svg>");
        s
    }
}

/// A short, stable id for the chart's title (two charts on a page get two ids).
fn fxhash(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 { format!("{n:.0}") } else { format!("{n}") }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(kind: ChartKind, values: Vec<Option<f64>>) -> Chart {
        Chart {
            title: "Episodes <by> grade".into(),
            kind,
            categories: vec!["High".into(), "Medium".into(), "Low".into()],
            series: vec![Series { name: "This period".into(), values }],
            table: Table::new("Episodes by grade", vec!["Grade".into(), "This period".into()]),
        }
    }

    #[test]
    fn a_bar_is_drawn_for_each_value_shown_and_none_for_one_hidden() {
        let c = chart(ChartKind::Bar, vec![Some(12.0), None, Some(6.0)]);
        assert_eq!(c.scale(), 20.0);
        let bars: Vec<f32> = c
            .shapes()
            .iter()
            .filter_map(|s| match s {
                Shape::Bar { h, y, .. } if *y > 20.0 => Some(*h),
                _ => None,
            })
            .collect();
        // The plot is 140 high: 12 of 20 is 84, 6 of 20 is 42.
        assert_eq!(bars, [84.0, 42.0]);
        let svg = c.svg();
        assert!(svg.starts_with("<svg") && svg.contains(r#"role="img""#));
        assert!(svg.contains("<title id=") && svg.contains("Episodes &lt;by&gt; grade"));
    }

    #[test]
    fn a_line_breaks_where_a_value_is_not_shown() {
        let c = chart(ChartKind::Line, vec![Some(1.0), None, Some(2.0)]);
        let lines = c.shapes().iter().filter(|s| matches!(s, Shape::Line { .. })).count();
        assert_eq!(lines, 2);
        assert_eq!(chart(ChartKind::Line, vec![None, None, None]).scale(), 1.0);
    }
}
