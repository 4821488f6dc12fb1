//! Which addresses the crawler may connect to. Never link-local or cloud-metadata addresses
//! (169.254.0.0/16, fe80::/10, 100.100.100.200, fd00:ec2::254), and for a host name only the
//! addresses it resolved to the first time: a later answer pointing elsewhere (DNS rebinding)
//! is refused. IP-literal URLs do not go through DNS and are checked by [`check_url`].

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

/// Cloud metadata services outside the link-local ranges (Alibaba Cloud, AWS over IPv6).
const METADATA: [IpAddr; 2] = [
    IpAddr::V4(Ipv4Addr::new(100, 100, 100, 200)),
    IpAddr::V6(Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254)),
];

/// Why a connection was refused (a Chinese sentence for the crawl error).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct AddressRefused(pub String);

/// Whether an address is never to be connected to.
pub fn forbidden(ip: IpAddr) -> bool {
    let ip = ip.to_canonical();
    METADATA.contains(&ip)
        || match ip {
            IpAddr::V4(v4) => v4.is_link_local(),
            IpAddr::V6(v6) => (v6.segments()[0] & 0xffc0) == 0xfe80,
        }
}

/// Refuses a URL whose host is a forbidden IP literal (names are checked when resolved).
pub fn check_url(url: &Url) -> Result<(), AddressRefused> {
    let ip = match url.host() {
        Some(Host::Ipv4(v4)) => IpAddr::V4(v4),
        Some(Host::Ipv6(v6)) => IpAddr::V6(v6),
        _ => return Ok(()),
    };
    if forbidden(ip) {
        return Err(AddressRefused(format!(
            "{ip} 是链路本地或云服务元数据地址，已拒绝访问"
        )));
    }
    Ok(())
}

/// The addresses each host name first resolved to.
#[derive(Debug, Default)]
pub struct Pins {
    pins: Mutex<HashMap<String, Vec<IpAddr>>>,
}

impl Pins {
    /// Filters a fresh resolution of `name`: forbidden addresses go; the first resolution is
    /// pinned and later ones keep only pinned addresses. No address left = refused.
    pub fn admit(
        &self,
        name: &str,
        resolved: Vec<SocketAddr>,
    ) -> Result<Vec<SocketAddr>, AddressRefused> {
        let (allowed, refused): (Vec<SocketAddr>, Vec<SocketAddr>) =
            resolved.into_iter().partition(|a| !forbidden(a.ip()));
        if allowed.is_empty() {
            let shown = refused
                .first()
                .map(|a| a.ip().to_string())
                .unwrap_or_default();
            return Err(AddressRefused(if shown.is_empty() {
                format!("域名 {name} 没有解析到任何地址")
            } else {
                format!("域名 {name} 解析到链路本地或云服务元数据地址 {shown}，已拒绝访问")
            }));
        }
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        let mut pins = self.pins.lock().unwrap_or_else(|e| e.into_inner());
        let Some(pinned) = pins.get(&name) else {
            pins.insert(name, allowed.iter().map(SocketAddr::ip).collect());
            return Ok(allowed);
        };
        let kept: Vec<SocketAddr> = allowed
            .iter()
            .copied()
            .filter(|a| pinned.contains(&a.ip()))
            .collect();
        if kept.is_empty() {
            return Err(AddressRefused(format!(
                "域名 {name} 现在解析到 {}，与首次解析的 {} 不同，已拒绝访问（防止 DNS 重绑定）",
                list(allowed.iter().map(SocketAddr::ip)),
                list(pinned.iter().copied()),
            )));
        }
        Ok(kept)
    }
}

fn list(ips: impl Iterator<Item = IpAddr>) -> String {
    ips.map(|ip| ip.to_string()).collect::<Vec<_>>().join("、")
}

/// A DNS resolver for the HTTP client: the system's resolution, filtered by [`Pins`].
#[derive(Debug, Default, Clone)]
pub struct GuardedResolver {
    pins: Arc<Pins>,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let pins = Arc::clone(&self.pins);
        let name = name.as_str().to_string();
        Box::pin(async move {
            let resolved: Vec<SocketAddr> =
                tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            let admitted = pins.admit(&name, resolved)?;
            tracing::debug!(%name, ?admitted, "resolved");
            Ok(Box::new(admitted.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(ip: &str) -> SocketAddr {
        SocketAddr::new(ip.parse().unwrap(), 0)
    }

    #[test]
    fn link_local_and_metadata_addresses_are_forbidden() {
        for ip in [
            "169.254.169.254",
            "169.254.0.23",
            "fe80::1",
            "100.100.100.200",
            "fd00:ec2::254",
            "::ffff:169.254.169.254",
        ] {
            assert!(forbidden(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["127.0.0.1", "202.96.1.1", "::1", "2400:3200::1"] {
            assert!(!forbidden(ip.parse().unwrap()), "{ip}");
        }
        let refused = check_url(&Url::parse("http://169.254.169.254/latest/meta-data/").unwrap());
        assert!(refused.unwrap_err().0.contains("元数据"));
        assert!(check_url(&Url::parse("http://[fe80::1]/").unwrap()).is_err());
        assert!(check_url(&Url::parse("http://www.gov.cn/").unwrap()).is_ok());
    }

    #[test]
    fn a_host_stays_pinned_to_its_first_addresses() {
        let pins = Pins::default();
        let first = pins
            .admit("www.x.gov.cn", vec![addr("202.1.1.1"), addr("202.1.1.2")])
            .unwrap();
        assert_eq!(first.len(), 2);
        // Round-robin subsets are fine; a new address is not.
        assert_eq!(
            pins.admit("WWW.x.gov.cn.", vec![addr("202.1.1.2"), addr("10.0.0.9")])
                .unwrap(),
            vec![addr("202.1.1.2")]
        );
        let rebound = pins
            .admit("www.x.gov.cn", vec![addr("10.0.0.9")])
            .unwrap_err();
        assert!(rebound.0.contains("DNS 重绑定"), "{rebound}");
        // Another name pins on its own.
        assert!(pins.admit("cdn.x.gov.cn", vec![addr("10.0.0.9")]).is_ok());
    }

    #[test]
    fn a_name_resolving_to_metadata_is_refused() {
        let pins = Pins::default();
        let refused = pins
            .admit("evil.example", vec![addr("169.254.169.254")])
            .unwrap_err();
        assert!(refused.0.contains("169.254.169.254"), "{refused}");
        // Mixed answers keep only the safe addresses.
        assert_eq!(
            pins.admit(
                "mixed.example",
                vec![addr("169.254.169.254"), addr("202.1.1.1")]
            )
            .unwrap(),
            vec![addr("202.1.1.1")]
        );
    }
}
