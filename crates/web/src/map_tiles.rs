//! A tile server for the hotspot map's backdrop, when the install configures one (an
//! organisation's own, or a public one it has agreed to use): a URL template with `{z}`, `{x}`
//! and `{y}` (the usual "slippy map" scheme in Web Mercator), served over HTTPS. Without one the
//! map draws only the boundaries served with haven. The user's browser fetches the tiles, so
//! the tile server learns which part of the map is looked at (never who or what is on it):
//! the reason it is off unless configured. The content security policy allows images from the
//! tile server's origin only when one is configured.

/// A configured tile server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TileSource {
    template: String,
    /// `https://host[:port]`, for the content security policy.
    origin: String,
    /// Who to credit, as the tile server's terms ask ("© OpenStreetMap contributors").
    pub attribution: String,
}

impl TileSource {
    /// Checks a template: ASCII, `https://`, a host, and each of `{z}`, `{x}` and `{y}`; no
    /// characters that would need escaping in an attribute or a policy header (quotes, spaces,
    /// `<`, `>`, `;`, `,`). Refused with what is wrong.
    pub fn parse(template: &str, attribution: &str) -> Result<Self, String> {
        let t = template.trim();
        let Some(rest) = t.strip_prefix("https://") else {
            return Err("the map tile URL must start with https://".into());
        };
        if !t.is_ascii() {
            return Err("the map tile URL must be ASCII (write a host name in its xn-- form)".into());
        }
        if let Some(c) = t.chars().find(|c| c.is_whitespace() || c.is_control() || "\"'<>;,\\`".contains(*c)) {
            return Err(format!("the map tile URL may not contain {c:?}"));
        }
        for part in ["{z}", "{x}", "{y}"] {
            if !t.contains(part) {
                return Err(format!("the map tile URL needs {part}"));
            }
        }
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if host.is_empty() || host.contains(['{', '}', '@']) {
            return Err("the map tile URL needs a plain host name after https://".into());
        }
        Ok(Self {
            template: t.to_owned(),
            origin: format!("https://{host}"),
            attribution: attribution.trim().to_owned(),
        })
    }

    /// The tile at zoom `z`, column `x`, row `y`.
    pub fn url(&self, z: u32, x: u32, y: u32) -> String {
        self.template.replace("{z}", &z.to_string()).replace("{x}", &x.to_string()).replace("{y}", &y.to_string())
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_is_https_with_a_host_and_all_three_placeholders() {
        let t = TileSource::parse(" https://tiles.example.gov.uk:8443/os/{z}/{x}/{y}.png ", " © OS ").unwrap();
        assert_eq!(t.origin(), "https://tiles.example.gov.uk:8443");
        assert_eq!(t.url(12, 2010, 1360), "https://tiles.example.gov.uk:8443/os/12/2010/1360.png");
        assert_eq!(t.attribution, "© OS");
        for bad in [
            "http://tiles.example/{z}/{x}/{y}.png",
            "https://tiles.example/{z}/{x}.png",
            "https://tiles.example/{z}/{x}/{y}.png\" onload=\"x",
            "https://tiles.example/{z}/{x}/{y}.png; script-src *",
            "https:///{z}/{x}/{y}.png",
            "https://{z}.tiles.example/{x}/{y}.png",
            "https://user@tiles.example/{z}/{x}/{y}.png",
            "https://teils.enghraifft.cymru/{z}/{x}/{y}.png?ŵ",
        ] {
            assert!(TileSource::parse(bad, "").is_err(), "{bad}");
        }
    }
}
