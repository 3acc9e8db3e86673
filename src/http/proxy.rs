//! The client's address. The TCP peer, unless the peer is a proxy the operator trusts
//! (`--trusted-proxy CIDR`): then `X-Forwarded-For` is read from the right, skipping
//! trusted hops, and the first address not trusted is the client. Anything left of it
//! was written by the client and proves nothing.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::{Extensions, HeaderMap};
use ipnet::IpNet;

/// The client address of a request, as the limits and the sign-in lockout count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// The proxies whose `X-Forwarded-For` is believed. Empty: nobody's.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parses CIDRs (`10.0.0.0/8`) or single addresses (`127.0.0.1`).
    pub fn parse<S: AsRef<str>>(items: &[S]) -> Result<TrustedProxies, String> {
        items
            .iter()
            .map(|s| {
                let s = s.as_ref().trim();
                s.parse::<IpNet>()
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| {
                        format!("--trusted-proxy '{s}' is not an address or CIDR (10.0.0.0/8)")
                    })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client behind `peer`, given the request's headers.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        // Several X-Forwarded-For fields are one list, in order.
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            match parse_hop(hop) {
                Some(ip) if self.trusts(ip) => client = ip,
                Some(ip) => return ip,
                // Garbage where an address should be: the last trusted hop is all we know.
                None => return client,
            }
        }
        client
    }

    /// The client of a request from its connection info, if the server provides it.
    pub fn client_of(&self, ext: &Extensions, headers: &HeaderMap) -> Option<IpAddr> {
        ext.get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| self.client(addr.ip(), headers))
    }
}

/// An IPv4 address mapped into IPv6 is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// One X-Forwarded-For entry: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`, `[2001:db8::1]:80`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|s| s.ip()))
        .ok()
        .map(canonical)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client() {
        let t = TrustedProxies::default();
        assert_eq!(
            t.client(ip("10.0.0.1"), &xff(&["203.0.113.9"])),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        let t = TrustedProxies::parse(&["10.0.0.0/8", "192.168.1.1"]).unwrap();
        // The client forged the first entry; the proxies appended the real one.
        let h = xff(&["1.1.1.1, 203.0.113.9", "10.1.1.1"]);
        assert_eq!(t.client(ip("10.0.0.2"), &h), ip("203.0.113.9"));
        // An untrusted peer's header is ignored.
        assert_eq!(t.client(ip("198.51.100.1"), &h), ip("198.51.100.1"));
        // Every hop trusted: the leftmost is the closest we know.
        assert_eq!(
            t.client(ip("10.0.0.2"), &xff(&["10.9.9.9"])),
            ip("10.9.9.9")
        );
        // No header: the proxy itself.
        assert_eq!(t.client(ip("10.0.0.2"), &HeaderMap::new()), ip("10.0.0.2"));
        // Garbage stops the walk at the last trusted hop.
        assert_eq!(
            t.client(ip("10.0.0.2"), &xff(&["203.0.113.9, nonsense"])),
            ip("10.0.0.2")
        );
        assert_eq!(
            t.client(ip("::ffff:10.0.0.2"), &xff(&["[2001:db8::1]:443"])),
            ip("2001:db8::1")
        );
    }

    #[test]
    fn bad_cidrs_are_named() {
        let e = TrustedProxies::parse(&["10.0.0.0/33"]).unwrap_err();
        assert!(e.contains("10.0.0.0/33"), "{e}");
        assert!(TrustedProxies::parse(&["::1", "fd00::/8"]).is_ok());
    }
}
