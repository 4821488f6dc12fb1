//! Which URLs belong to the portal being audited: its host (either scheme, same port) and,
//! when asked, only the paths under the start path.

use url::Url;

#[derive(Debug, Clone)]
pub struct Scope {
    host: String,
    port: Option<u16>,
    path_prefix: Option<String>,
}

impl Scope {
    /// The scope of a crawl starting at `start`; `within_path` keeps it under the start
    /// URL's directory (`/xxgk/` for `/xxgk/index.html`).
    pub fn new(start: &Url, within_path: bool) -> Self {
        let path_prefix = within_path.then(|| {
            let path = start.path();
            match path.rfind('/') {
                Some(i) => path[..=i].to_string(),
                None => "/".to_string(),
            }
        });
        Self {
            host: start.host_str().unwrap_or_default().to_ascii_lowercase(),
            port: start.port_or_known_default(),
            path_prefix,
        }
    }

    pub fn contains(&self, url: &Url) -> bool {
        self.same_site(url)
            && self
                .path_prefix
                .as_ref()
                .is_none_or(|p| url.path().starts_with(p.as_str()))
    }

    /// Whether `url` is on the portal's host (either scheme, same port), whatever its path.
    pub fn same_site(&self, url: &Url) -> bool {
        let same_port = url.port_or_known_default() == self.port
            || (url.port().is_none() && self.is_default_port());
        matches!(url.scheme(), "http" | "https")
            && url
                .host_str()
                .is_some_and(|h| h.eq_ignore_ascii_case(&self.host))
            && same_port
    }

    /// The whole site, without the path restriction (for robots.txt).
    pub fn site(&self) -> Scope {
        Scope {
            path_prefix: None,
            ..self.clone()
        }
    }

    /// How a redirect to `target` outside the scope is described: "站外地址", or, on the same
    /// host outside `--within-path`, "检查范围以外的地址".
    pub fn describe_outside(&self, target: &Url) -> &'static str {
        if self.same_site(target) {
            "检查范围以外的地址"
        } else {
            "站外地址"
        }
    }

    fn is_default_port(&self) -> bool {
        matches!(self.port, Some(80) | Some(443))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_host_either_scheme() {
        let scope = Scope::new(&Url::parse("http://cgj.minghu.gov.cn/").unwrap(), false);
        assert!(scope.contains(&Url::parse("https://cgj.minghu.gov.cn/xxgk/").unwrap()));
        assert!(scope.contains(&Url::parse("http://CGJ.minghu.gov.cn/a.html").unwrap()));
        assert!(!scope.contains(&Url::parse("http://www.minghu.gov.cn/").unwrap()));
        assert!(!scope.contains(&Url::parse("http://cgj.minghu.gov.cn:8080/").unwrap()));
    }

    #[test]
    fn within_path_keeps_to_the_start_directory() {
        let scope = Scope::new(
            &Url::parse("http://127.0.0.1:8080/xxgk/index.html").unwrap(),
            true,
        );
        assert!(scope.contains(&Url::parse("http://127.0.0.1:8080/xxgk/zcwj/").unwrap()));
        assert!(!scope.contains(&Url::parse("http://127.0.0.1:8080/gzdt/").unwrap()));
        assert!(!scope.contains(&Url::parse("http://127.0.0.1:9090/xxgk/").unwrap()));
        let gzdt = Url::parse("http://127.0.0.1:8080/gzdt/").unwrap();
        assert!(scope.site().contains(&gzdt));
        assert_eq!(scope.describe_outside(&gzdt), "检查范围以外的地址");
        let other = Url::parse("http://127.0.0.2:8080/").unwrap();
        assert_eq!(scope.describe_outside(&other), "站外地址");
    }
}
