//! Who a request comes from, for rate limits (issue 19 §1.3): the peer's
//! address, or — only when the peer is a proxy the operator trusts
//! (`HOTLINE_TRUSTED_PROXIES`, addresses or networks, comma-separated) —
//! the nearest address in `X-Forwarded-For` that is not one of them.
//! IPv6 clients are grouped by their /64 network: one subscriber's line
//! gets a whole /64, so counting single addresses would let it rotate.

use ipnet::IpNet;
use std::net::IpAddr;
use std::sync::OnceLock;

/// The trusted proxies, read once from the environment; an entry that is
/// neither an address nor a network is left out with a warning.
pub fn trusted_proxies() -> &'static [IpNet] {
    static TRUSTED: OnceLock<Vec<IpNet>> = OnceLock::new();
    TRUSTED.get_or_init(|| parse_proxies(&std::env::var("HOTLINE_TRUSTED_PROXIES").unwrap_or_default()))
}

/// `10.0.0.1, 192.168.0.0/16, ::1` into networks (an address is its own /32 or /128).
pub fn parse_proxies(list: &str) -> Vec<IpNet> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .filter_map(|s| match s.parse::<IpNet>().or_else(|_| s.parse::<IpAddr>().map(IpNet::from)) {
            Ok(net) => Some(net),
            Err(_) => {
                leptos::logging::warn!("HOTLINE_TRUSTED_PROXIES: {s:?} is neither an address nor a network; left out");
                None
            }
        })
        .collect()
}

/// The client's key for rate limits: `203.0.113.7`, or `2001:db8:1:2::/64`.
pub fn client_key(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpNet]) -> String {
    let is_trusted = |ip: &IpAddr| within(*ip, trusted);
    let mut client = canonical(peer);
    if is_trusted(&client) {
        // Proxies append the address they saw: read from the right, past our own proxies.
        // A malformed entry ends the trust there: the proxy that sent it is the client.
        let hops = forwarded_for.unwrap_or_default().split(',').rev().map(str::trim).filter(|s| !s.is_empty());
        for hop in hops {
            match hop.parse::<IpAddr>().map(canonical) {
                Ok(ip) if is_trusted(&ip) => client = ip,
                Ok(ip) => {
                    client = ip;
                    break;
                }
                Err(_) => break,
            }
        }
    }
    match client {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let net = ipnet::Ipv6Net::new(v6, 64).map(|n| n.trunc()).unwrap_or_else(|_| ipnet::Ipv6Net::from(v6));
            net.to_string()
        }
    }
}

/// Whether the address is within one of the networks (an IPv4 address
/// carried in IPv6, `::ffff:10.0.0.1`, counts as itself).
pub fn within(ip: IpAddr, networks: &[IpNet]) -> bool {
    let ip = canonical(ip);
    networks.iter().any(|n| n.contains(&ip))
}

/// An IPv4 address carried in IPv6 (`::ffff:203.0.113.7`) is the IPv4 one.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_forwarded_for_header_counts_only_from_a_trusted_proxy() {
        let trusted = parse_proxies("10.0.0.0/8, 127.0.0.1");
        // Anyone may send the header: from an untrusted peer it is ignored.
        assert_eq!(client_key(ip("198.51.100.9"), Some("203.0.113.7"), &trusted), "198.51.100.9");
        // Through our proxy: the address it saw.
        assert_eq!(client_key(ip("127.0.0.1"), Some("203.0.113.7"), &trusted), "203.0.113.7");
        // A client's own forged entries stand left of what our proxies appended.
        assert_eq!(client_key(ip("10.1.1.1"), Some("1.2.3.4, 203.0.113.7, 10.2.2.2"), &trusted), "203.0.113.7");
        // Nothing but proxies: the farthest of them.
        assert_eq!(client_key(ip("10.1.1.1"), Some("10.3.3.3"), &trusted), "10.3.3.3");
        assert_eq!(client_key(ip("10.1.1.1"), None, &trusted), "10.1.1.1");
        // Garbage stops the walk at the proxy that passed it on.
        assert_eq!(client_key(ip("10.1.1.1"), Some("203.0.113.7, nonsense"), &trusted), "10.1.1.1");
        // No proxy configured: the peer, whatever the header says.
        assert_eq!(client_key(ip("127.0.0.1"), Some("203.0.113.7"), &[]), "127.0.0.1");
    }

    #[test]
    fn ipv6_clients_count_by_their_64_network() {
        let a = client_key(ip("2001:db8:1:2::1"), None, &[]);
        let b = client_key(ip("2001:db8:1:2:ffff:eeee:dddd:cccc"), None, &[]);
        assert_eq!((a.as_str(), b.as_str()), ("2001:db8:1:2::/64", "2001:db8:1:2::/64"));
        assert_ne!(client_key(ip("2001:db8:1:3::1"), None, &[]), a);
        assert_eq!(client_key(ip("::ffff:203.0.113.7"), None, &[]), "203.0.113.7", "IPv4 in IPv6 is IPv4");
    }

    #[test]
    fn bad_proxy_entries_are_left_out() {
        let nets = parse_proxies(" 192.168.0.0/16 ,, ::1, proxy.local, 10.0.0.300 ");
        assert_eq!(nets.iter().map(|n| n.to_string()).collect::<Vec<_>>(), ["192.168.0.0/16", "::1/128"]);
    }
}
