//! The hotspot map, drawn on the server as SVG: the area's boundary (from the boundaries served
//! with haven, `assets/boundaries.json`, keyed by area code; no external tiles) and each place
//! as a circle sized by its episodes. An equirectangular projection scaled by the cosine of the
//! middle latitude is true enough at the scale of a county. The picture has a title and a
//! description; the table beside it on the page is the accessible version.

use serde::Deserialize;
use std::collections::HashMap;
use std::fmt::Write;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 480.0;
const MARGIN: f64 = 24.0;

/// A place on the map.
#[derive(Debug, Clone)]
pub struct Point {
    pub lat: f64,
    pub lon: f64,
    /// What sizes its circle (its episodes).
    pub weight: f64,
    /// Its tooltip: rank, name and episodes.
    pub title: String,
}

/// The boundaries file: an area's code and its outline as `[lat, lon]` pairs.
#[derive(Debug, Deserialize)]
struct Boundaries(HashMap<String, Vec<[f64; 2]>>);

/// The outline of area `code`, if the boundaries served with haven hold one.
pub fn boundary(code: &str) -> Option<Vec<(f64, f64)>> {
    let file = crate::assets::file("boundaries.json")?;
    let all: Boundaries = serde_json::from_slice(&file).ok()?;
    let ring = all.0.get(code)?;
    (ring.len() >= 3).then(|| ring.iter().map(|[lat, lon]| (*lat, *lon)).collect())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The map as an SVG element with `title` and `desc`.
pub fn svg(boundary: Option<&[(f64, f64)]>, points: &[Point], title: &str, desc: &str) -> String {
    let all: Vec<(f64, f64)> =
        boundary.unwrap_or_default().iter().copied().chain(points.iter().map(|p| (p.lat, p.lon))).collect();
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="haven-map" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="map-title map-desc" data-testid="hotspot-map"><title id="map-title">{}</title><desc id="map-desc">{}</desc>"#,
        escape(title),
        escape(desc)
    );
    let _ = write!(out, r#"<rect class="haven-map__sea" x="0" y="0" width="{WIDTH}" height="{HEIGHT}"/>"#);
    if all.is_empty() {
        out.push_str("</svg>");
        return out;
    }
    let (mut lat0, mut lat1, mut lon0, mut lon1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for (lat, lon) in &all {
        lat0 = lat0.min(*lat);
        lat1 = lat1.max(*lat);
        lon0 = lon0.min(*lon);
        lon1 = lon1.max(*lon);
    }
    // A single point, or points on a line, still get a window around them.
    let pad = 0.01;
    let (lat0, lat1, lon0, lon1) = (lat0 - pad, lat1 + pad, lon0 - pad, lon1 + pad);
    let k = ((lat0 + lat1) / 2.0).to_radians().cos();
    let (w, h) = ((lon1 - lon0) * k, lat1 - lat0);
    let scale = ((WIDTH - 2.0 * MARGIN) / w).min((HEIGHT - 2.0 * MARGIN) / h);
    let (ox, oy) = ((WIDTH - w * scale) / 2.0, (HEIGHT - h * scale) / 2.0);
    let project = |lat: f64, lon: f64| (ox + (lon - lon0) * k * scale, oy + (lat1 - lat) * scale);
    if let Some(ring) = boundary {
        let path: Vec<String> = ring
            .iter()
            .map(|(lat, lon)| {
                let (x, y) = project(*lat, *lon);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let _ = write!(out, r#"<polygon class="haven-map__area" points="{}"/>"#, path.join(" "));
    }
    let most = points.iter().map(|p| p.weight).fold(0.0_f64, f64::max).max(1.0);
    // Smallest drawn last, so that a big circle never hides a small one.
    let mut order: Vec<&Point> = points.iter().collect();
    order.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    for p in order {
        let (x, y) = project(p.lat, p.lon);
        let r = 5.0 + 15.0 * (p.weight / most).sqrt();
        let _ = write!(
            out,
            r#"<circle class="haven-map__place" cx="{x:.1}" cy="{y:.1}" r="{r:.1}"><title>{}</title></circle>"#,
            escape(&p.title)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(lat: f64, lon: f64, weight: f64) -> Point {
        Point { lat, lon, weight, title: format!("<{weight}>") }
    }

    #[test]
    fn places_are_drawn_inside_the_picture_sized_by_their_episodes_with_their_titles_escaped() {
        let ring = [(51.4, -3.7), (51.6, -3.7), (51.6, -3.4), (51.4, -3.4)];
        let svg = svg(Some(&ring), &[point(51.5, -3.5, 8.0), point(51.45, -3.6, 2.0)], "Map & key", "desc");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("<title id=\"map-title\">Map &amp; key</title>"));
        assert!(svg.contains("<polygon class=\"haven-map__area\""));
        assert!(svg.contains("<title>&lt;8&gt;</title>"));
        let radii: Vec<f64> = svg.split("r=\"").skip(1).filter_map(|s| s.split('"').next()?.parse().ok()).collect();
        assert_eq!(radii.len(), 2);
        assert!(radii[0] > radii[1], "the busiest place is the biggest circle, and drawn first");
        for coord in svg.split("cx=\"").skip(1).filter_map(|s| s.split('"').next()?.parse::<f64>().ok()) {
            assert!((0.0..=WIDTH).contains(&coord));
        }
    }

    #[test]
    fn a_map_with_nothing_to_draw_is_still_a_titled_picture() {
        let svg = svg(None, &[], "Map", "Nothing");
        assert!(svg.contains("role=\"img\"") && svg.ends_with("</svg>") && !svg.contains("<circle"));
    }

    #[test]
    fn the_demo_areas_have_boundaries_served_locally() {
        for code in ["CAERWEN", "LLANFOEL", "BRYNCOED", "DINAS-EBRILL"] {
            assert!(boundary(code).is_some_and(|b| b.len() >= 3), "{code}");
        }
        assert!(boundary("NOWHERE").is_none());
    }
}
