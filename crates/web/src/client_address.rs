//! Who is on the other end of a request, for throttling sign-ins by address. Behind a reverse
//! proxy every request comes from the proxy, so an attacker's failures would lock out everyone;
//! but `X-Forwarded-For` is whatever the sender wrote, so it is believed only as far as it was
//! written by proxies the install names (`--trusted-proxy`): walking it from the right, the first
//! address that is not a trusted proxy is the client. A request that did not come from a trusted
//! proxy is its own peer, whatever headers it carries.

use std::net::IpAddr;

pub fn client_address(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let Some(header) = forwarded_for else { return peer };
    let mut client = peer;
    for hop in header.rsplit(',').map(str::trim) {
        match hop.parse::<IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => client = ip,
            Ok(ip) => return ip,
            // A hop a trusted proxy would not write: stop believing the header there.
            Err(_) => return client,
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    #[test]
    fn the_header_is_believed_only_as_far_as_trusted_proxies_wrote_it() {
        let proxy = ip("10.0.0.5");
        let trusted = [proxy, ip("10.0.0.6")];
        // No proxy configured, or a request straight from the internet: the peer, whatever it says.
        assert_eq!(client_address(ip("203.0.113.9"), Some("198.51.100.1"), &[]), ip("203.0.113.9"));
        assert_eq!(client_address(ip("203.0.113.9"), Some("198.51.100.1"), &trusted), ip("203.0.113.9"));
        // Through the proxy: the address it saw.
        assert_eq!(client_address(proxy, Some("198.51.100.1"), &trusted), ip("198.51.100.1"));
        // A client that forges a header in front of the proxy's entry is still itself.
        assert_eq!(client_address(proxy, Some("1.2.3.4, 198.51.100.1"), &trusted), ip("198.51.100.1"));
        // Two proxies in a row.
        assert_eq!(client_address(proxy, Some("198.51.100.1, 10.0.0.6"), &trusted), ip("198.51.100.1"));
        // Nothing usable: the proxy itself (so its own failures count against it, not everyone's).
        assert_eq!(client_address(proxy, None, &trusted), proxy);
        assert_eq!(client_address(proxy, Some("garbage"), &trusted), proxy);
        assert_eq!(client_address(proxy, Some("2001:db8::1"), &trusted), ip("2001:db8::1"));
    }
}
