//! The hotspot map, drawn on the server as SVG: the area's boundary (from the boundaries served
//! with haven, `assets/boundaries.json`, keyed by area code; no external tiles needed) and each
//! place as a circle sized by its episodes, in Web Mercator; under them, where the install
//! configures a tile server ([`TileSource`]), its tiles. The picture has a title and a
//! description; the table beside it on the page is the accessible version.

use crate::map_tiles::TileSource;
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

/// Web Mercator, as the world's width from 0 to 1 (x east, y south): the projection tiles are
/// drawn in, and true enough at the scale of a county without them.
fn mercator(lat: f64, lon: f64) -> (f64, f64) {
    let lat = lat.clamp(-85.05, 85.05).to_radians();
    ((lon + 180.0) / 360.0, (1.0 - lat.tan().asinh() / std::f64::consts::PI) / 2.0)
}

/// The map as an SVG element with `title` and `desc`; with `tiles`, the tile server's tiles
/// under the boundary and the places, and its credit.
pub fn svg(
    boundary: Option<&[(f64, f64)]>,
    points: &[Point],
    title: &str,
    desc: &str,
    tiles: Option<&TileSource>,
) -> String {
    let all: Vec<(f64, f64)> =
        boundary.unwrap_or_default().iter().copied().chain(points.iter().map(|p| (p.lat, p.lon))).collect();
    let mut out = String::new();
    let class = if tiles.is_some() { "haven-map haven-map--tiled" } else { "haven-map" };
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="{class}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="map-title map-desc" data-testid="hotspot-map"><title id="map-title">{}</title><desc id="map-desc">{}</desc>"#,
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
    let (x0, y0) = mercator(lat1 + pad, lon0 - pad);
    let (x1, y1) = mercator(lat0 - pad, lon1 + pad);
    let scale = ((WIDTH - 2.0 * MARGIN) / (x1 - x0)).min((HEIGHT - 2.0 * MARGIN) / (y1 - y0));
    let (ox, oy) = ((WIDTH - (x1 - x0) * scale) / 2.0, (HEIGHT - (y1 - y0) * scale) / 2.0);
    let project = |lat: f64, lon: f64| {
        let (x, y) = mercator(lat, lon);
        (ox + (x - x0) * scale, oy + (y - y0) * scale)
    };
    if let Some(tiles) = tiles {
        draw_tiles(&mut out, tiles, (x0 - ox / scale, y0 - oy / scale), scale);
    }
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
    if let Some(credit) = tiles.map(|t| t.attribution.as_str()).filter(|c| !c.is_empty()) {
        let (x, y) = (WIDTH - 4.0, HEIGHT - 4.0);
        let _ = write!(
            out,
            r#"<text class="haven-map__credit" x="{x}" y="{y}" text-anchor="end">{}</text>"#,
            escape(credit)
        );
    }
    out.push_str("</svg>");
    out
}

/// The tiles that cover the picture, whose top left is world point `origin`, at `scale`
/// pixels to the world's width: at the zoom whose tiles are drawn 256 to 512 pixels wide.
fn draw_tiles(out: &mut String, tiles: &TileSource, origin: (f64, f64), scale: f64) {
    #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "clamped to 0..=18 first")]
    let z = (scale / 256.0).log2().floor().clamp(0.0, 18.0) as u32;
    let n = f64::from(1_u32 << z);
    let size = scale / n;
    let index = |world: f64| (world * n).floor().clamp(0.0, n - 1.0);
    let (first_x, last_x) = (index(origin.0), index(origin.0 + WIDTH / scale));
    let (first_y, last_y) = (index(origin.1), index(origin.1 + HEIGHT / scale));
    let mut ty = first_y;
    while ty <= last_y {
        let mut tx = first_x;
        while tx <= last_x {
            let (x, y) = ((tx / n - origin.0) * scale, (ty / n - origin.1) * scale);
            #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "tile indexes below 2^18")]
            let href = tiles.url(z, tx as u32, ty as u32);
            let _ = write!(
                out,
                r#"<image class="haven-map__tile" href="{}" x="{x:.1}" y="{y:.1}" width="{size:.1}" height="{size:.1}" preserveAspectRatio="none"/>"#,
                escape(&href)
            );
            tx += 1.0;
        }
        ty += 1.0;
    }
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
        let svg = svg(Some(&ring), &[point(51.5, -3.5, 8.0), point(51.45, -3.6, 2.0)], "Map & key", "desc", None);
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
        let svg = svg(None, &[], "Map", "Nothing", None);
        assert!(svg.contains("role=\"img\"") && svg.ends_with("</svg>") && !svg.contains("<circle"));
    }

    /// The number in `attr="…"` after `from` in `s`.
    fn attr(s: &str, name: &str) -> f64 {
        s.split(&format!(" {name}=\"")).nth(1).and_then(|r| r.split('"').next()).unwrap().parse().unwrap()
    }

    #[test]
    fn a_configured_tile_server_draws_the_tiles_under_the_places_where_they_lie() {
        let tiles = TileSource::parse("https://tiles.example/{z}/{x}/{y}.png", "© Example").unwrap();
        // A place exactly on a tile's corner at zoom 10 (x 504, y 340: west Wales), with a
        // boundary around it.
        let n = 1024.0_f64;
        let lon = 504.0 / n * 360.0 - 180.0;
        let lat = (std::f64::consts::PI * (1.0 - 2.0 * 340.0 / n)).sinh().atan().to_degrees();
        let ring = [(lat - 0.1, lon - 0.15), (lat + 0.1, lon - 0.15), (lat + 0.1, lon + 0.15), (lat - 0.1, lon + 0.15)];
        let svg = svg(Some(&ring), &[point(lat, lon, 3.0)], "Map", "desc", Some(&tiles));
        let images: Vec<&str> = svg.split("<image ").skip(1).collect();
        assert!(images.len() >= 4, "the picture is covered: {}", images.len());
        let z: u32 = images[0].split("tiles.example/").nth(1).unwrap().split('/').next().unwrap().parse().unwrap();
        let k = f64::from(1_u32 << z) / n;
        // The tile whose top left corner is the place is drawn with its corner at the circle.
        let corner = format!("tiles.example/{z}/{}/{}.png", 504.0 * k, 340.0 * k);
        let tile = images.iter().find(|i| i.contains(&corner)).unwrap_or_else(|| panic!("{corner} in {svg}"));
        let circle = svg.split("<circle ").nth(1).unwrap();
        assert!((attr(tile, "x") - attr(circle, "cx")).abs() < 0.2, "{tile} / {circle}");
        assert!((attr(tile, "y") - attr(circle, "cy")).abs() < 0.2, "{tile} / {circle}");
        // Tiles first, then the boundary and the places over them, and the credit.
        assert!(svg.find("<image ").unwrap() < svg.find("<polygon").unwrap());
        assert!(svg.contains("haven-map--tiled") && svg.contains(">© Example</text>"));
        // Without a tile server, no image and no request anywhere.
        assert!(!super::svg(Some(&ring), &[point(lat, lon, 3.0)], "Map", "desc", None).contains("<image"));
    }

    #[test]
    fn the_demo_areas_have_boundaries_served_locally() {
        for code in ["CAERWEN", "LLANFOEL", "BRYNCOED", "DINAS-EBRILL"] {
            assert!(boundary(code).is_some_and(|b| b.len() >= 3), "{code}");
        }
        assert!(boundary("NOWHERE").is_none());
    }
}
