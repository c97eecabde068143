//! The chart of who refers to whom, laid out on the server: each team a box on an ellipse,
//! each pathway an arrow from the edge of one box to the edge of the other. The template draws
//! it as SVG (no script); the table beside it carries the same information for everyone.

use haven_domain::ids::TeamId;

/// A box's size.
pub const BOX_W: i32 = 200;
pub const BOX_H: i32 = 50;
/// The longest name shown whole in a box; longer ones end with an ellipsis (the table has them
/// whole).
const NAME_CHARS: usize = 26;

#[derive(Debug, Clone)]
pub struct ChartBox {
    /// The top-left corner.
    pub x: i32,
    pub y: i32,
    pub name: String,
    pub kind: String,
    pub active: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct ChartArrow {
    pub x1: i32,
    pub y1: i32,
    pub x2: i32,
    pub y2: i32,
}

#[derive(Debug, Clone, Default)]
pub struct Chart {
    pub width: i32,
    pub height: i32,
    pub boxes: Vec<ChartBox>,
    pub arrows: Vec<ChartArrow>,
}

/// A team as the chart shows it.
#[derive(Debug, Clone)]
pub struct ChartTeam {
    pub id: TeamId,
    pub name: String,
    pub kind: String,
    pub active: bool,
}

fn short(name: &str) -> String {
    if name.chars().count() <= NAME_CHARS {
        name.to_owned()
    } else {
        let mut s: String = name.chars().take(NAME_CHARS - 1).collect();
        s.push('…');
        s
    }
}

/// Where the segment from the centre `(cx, cy)` towards `(dx, dy)` leaves a box centred there.
fn edge(cx: f64, cy: f64, dx: f64, dy: f64) -> (f64, f64) {
    // A margin wider than the shift of a pair of arrows, so that no arrow ends inside a box.
    let (hw, hh) = (f64::from(BOX_W) / 2.0 + 8.0, f64::from(BOX_H) / 2.0 + 8.0);
    let tx = if dx.abs() > f64::EPSILON { hw / dx.abs() } else { f64::INFINITY };
    let ty = if dy.abs() > f64::EPSILON { hh / dy.abs() } else { f64::INFINITY };
    let t = tx.min(ty).min(1.0);
    (cx + dx * t, cy + dy * t)
}

/// Lays out `teams` (in the order given) and the pathways between them.
pub fn layout(teams: &[ChartTeam], pathways: &[(TeamId, TeamId)]) -> Chart {
    let n = teams.len();
    if n == 0 {
        return Chart::default();
    }
    // Far enough apart on the ellipse that neighbours never overlap: a first guess from the
    // number of teams, made larger until no two boxes touch.
    let step = (std::f64::consts::PI / n as f64).sin().max(0.05);
    let mut rx = (110.0 / step).max(360.0);
    // Nearly round, so that arrows between neighbours are long enough to see.
    let mut ry = (32.0 / step).max(0.7 * rx).max(110.0);
    let ring = |rx: f64, ry: f64| -> Vec<(f64, f64)> {
        (0..n)
            .map(|i| {
                let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n as f64;
                (rx * angle.cos(), ry * angle.sin())
            })
            .collect()
    };
    let apart = |c: &[(f64, f64)]| {
        c.iter().enumerate().all(|(i, a)| {
            c[i + 1..]
                .iter()
                .all(|b| (a.0 - b.0).abs() >= f64::from(BOX_W) + 10.0 || (a.1 - b.1).abs() >= f64::from(BOX_H) + 10.0)
        })
    };
    for _ in 0..40 {
        if apart(&ring(rx, ry)) {
            break;
        }
        (rx, ry) = (rx * 1.1, ry * 1.1);
    }
    let width = 2.0 * rx + f64::from(BOX_W) + 20.0;
    let height = 2.0 * ry + f64::from(BOX_H) + 40.0;
    let (ox, oy) = (width / 2.0, height / 2.0);
    let centres: Vec<(f64, f64)> = ring(rx, ry).into_iter().map(|(x, y)| (ox + x, oy + y)).collect();
    let at = |id: TeamId| teams.iter().position(|t| t.id == id).map(|i| centres[i]);
    let boxes = teams
        .iter()
        .zip(&centres)
        .map(|(t, (cx, cy))| ChartBox {
            x: (cx - f64::from(BOX_W) / 2.0).round() as i32,
            y: (cy - f64::from(BOX_H) / 2.0).round() as i32,
            name: short(&t.name),
            kind: short(&t.kind),
            active: t.active,
        })
        .collect();
    let arrows = pathways
        .iter()
        .filter_map(|(from, to)| {
            let ((ax, ay), (bx, by)) = (at(*from)?, at(*to)?);
            let (dx, dy) = (bx - ax, by - ay);
            let length = (dx * dx + dy * dy).sqrt().max(1.0);
            // A pathway each way between two teams: two arrows side by side, not on top of
            // each other.
            let both = pathways.iter().any(|(f, t)| f == to && t == from);
            let shift = if both { 5.0 } else { 0.0 };
            let (px, py) = (-dy / length * shift, dx / length * shift);
            let (x1, y1) = edge(ax + px, ay + py, dx, dy);
            let (x2, y2) = edge(bx + px, by + py, -dx, -dy);
            Some(ChartArrow {
                x1: x1.round() as i32,
                y1: y1.round() as i32,
                x2: x2.round() as i32,
                y2: y2.round() as i32,
            })
        })
        .collect();
    Chart { width: width as i32, height: height.round() as i32, boxes, arrows }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team(name: &str) -> ChartTeam {
        ChartTeam { id: TeamId::new(), name: name.to_owned(), kind: "MASH".to_owned(), active: true }
    }

    #[test]
    fn every_team_is_a_box_and_every_pathway_between_them_an_arrow_that_starts_and_ends_outside_the_boxes() {
        let teams: Vec<_> = ["A", "B", "C", "A very long name of a team that does not fit"].map(team).into();
        let pathways = [(teams[0].id, teams[1].id), (teams[1].id, teams[0].id), (teams[2].id, teams[3].id)];
        let chart = layout(&teams, &pathways);
        assert_eq!((chart.boxes.len(), chart.arrows.len()), (4, 3));
        assert!(chart.boxes[3].name.ends_with('…') && chart.boxes[3].name.chars().count() == NAME_CHARS);
        for b in &chart.boxes {
            assert!(b.x >= 0 && b.y >= 0 && b.x + BOX_W <= chart.width && b.y + BOX_H <= chart.height, "{b:?}");
        }
        let inside =
            |x: i32, y: i32| chart.boxes.iter().any(|b| x > b.x && x < b.x + BOX_W && y > b.y && y < b.y + BOX_H);
        for a in &chart.arrows {
            assert!(!inside(a.x1, a.y1) && !inside(a.x2, a.y2), "{a:?}");
        }
        // The two arrows between A and B do not lie on each other.
        let (ab, ba) = (chart.arrows[0], chart.arrows[1]);
        assert!((ab.x1, ab.y1) != (ba.x2, ba.y2));
        // A pathway to a team not shown is left out rather than drawn to nowhere.
        assert_eq!(layout(&teams[..1], &pathways).arrows.len(), 0);
        assert_eq!(layout(&[], &[]).boxes.len(), 0);
    }

    #[test]
    fn boxes_never_overlap_however_many_teams() {
        for n in 1..=24 {
            let teams: Vec<_> = (0..n).map(|i| team(&format!("Team {i}"))).collect();
            let chart = layout(&teams, &[]);
            for (i, a) in chart.boxes.iter().enumerate() {
                for b in &chart.boxes[i + 1..] {
                    let apart = (a.x - b.x).abs() >= BOX_W || (a.y - b.y).abs() >= BOX_H;
                    assert!(apart, "{n} teams: {a:?} and {b:?} overlap");
                }
            }
        }
    }
}
