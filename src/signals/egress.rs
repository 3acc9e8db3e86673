//! Where pushes may go. A stream's `endpoint_url` is chosen by a tenant's receiver, so a
//! push is a request Roster makes on a tenant's behalf (server-side request forgery is
//! the risk). Roster never follows redirects, keeps only 200 characters of an answer (in
//! the operator's `roster events status`, never shown to the tenant), and never connects
//! to an address no receiver lives at: link-local ones (169.254.0.0/16 holds the cloud
//! metadata services, fe80::/10), unspecified, broadcast and multicast ones. Loopback and
//! private networks stay allowed, since on-premises receivers live there; an operator who
//! wants them closed too routes pushes through an egress proxy (`HTTPS_PROXY`) or a
//! firewall (README "Signals to products").

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Whether Roster refuses to push to this address.
pub fn forbidden(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_link_local() || v4.is_unspecified() || v4.is_broadcast() || v4.is_multicast()
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return forbidden(IpAddr::V4(v4));
            }
            v6.is_unspecified() || v6.is_multicast() || (v6.segments()[0] & 0xffc0) == 0xfe80
        }
    }
}

/// The address a URL names as its host (`http://169.254.169.254/`, `http://[fe80::1]/`),
/// if it names one rather than a domain.
pub fn literal(url: &reqwest::Url) -> Option<IpAddr> {
    let host = url.host_str()?;
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .ok()
}

/// Resolves receivers' host names, leaving out the forbidden addresses, so that a name
/// pointing (or rebinding) to one is refused when the push connects, not only when the
/// stream is created.
pub struct ReceiverResolver;

impl ReceiverResolver {
    pub fn new() -> Arc<ReceiverResolver> {
        Arc::new(ReceiverResolver)
    }
}

impl Resolve for ReceiverResolver {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let host = name.as_str().to_string();
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found
                .iter()
                .copied()
                .filter(|a| !forbidden(a.ip()))
                .collect();
            if allowed.is_empty() && !found.is_empty() {
                let e: Box<dyn std::error::Error + Send + Sync> = format!(
                    "{host} resolves only to addresses Roster does not push to (link-local, unspecified, broadcast, multicast)"
                )
                .into();
                return Err(e);
            }
            let addrs: Addrs = Box::new(allowed.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::forbidden;

    #[test]
    fn metadata_and_link_local_addresses_are_refused_private_ones_not() {
        for bad in [
            "169.254.169.254",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "fe80::1",
            "::",
            "::ffff:169.254.169.254",
            "ff02::1",
        ] {
            assert!(forbidden(bad.parse().unwrap()), "{bad}");
        }
        for ok in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.1.10",
            "172.16.0.1",
            "93.184.215.14",
            "::1",
            "fd00::1",
            "2001:db8::1",
        ] {
            assert!(!forbidden(ok.parse().unwrap()), "{ok}");
        }
    }
}
