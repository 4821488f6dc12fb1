//! robots.txt, read once per crawl through the same fetcher as the pages.

use texting_robots::Robot;
use url::Url;

use super::fetch::{FailureKind, Fetch};

/// The rules of one host's robots.txt. A missing file allows everything; so does one that
/// cannot be parsed (with a warning), as crawlers conventionally do.
pub struct Robots {
    robot: Option<Robot>,
    pub warning: Option<String>,
}

impl Robots {
    pub fn allow_all() -> Self {
        Self {
            robot: None,
            warning: None,
        }
    }

    pub async fn fetch<F: Fetch>(fetcher: &F, start: &Url, agent: &str) -> Self {
        let Ok(robots_url) = start.join("/robots.txt") else {
            return Self::allow_all();
        };
        match fetcher.fetch(&robots_url).await {
            Ok(fetched) => Self::parse(&fetched.body, agent),
            Err(failure)
                if failure.kind == FailureKind::Http
                    && failure.status.is_some_and(|s| (400..500).contains(&s)) =>
            {
                Self::allow_all()
            }
            Err(failure) => Self {
                robot: None,
                warning: Some(format!(
                    "robots.txt 无法获取（{}），按允许全部处理",
                    failure.message
                )),
            },
        }
    }

    pub fn parse(body: &[u8], agent: &str) -> Self {
        match Robot::new(agent, body) {
            Ok(robot) => Self {
                robot: Some(robot),
                warning: None,
            },
            Err(e) => Self {
                robot: None,
                warning: Some(format!("robots.txt 无法解析（{e}），按允许全部处理")),
            },
        }
    }

    pub fn allows(&self, url: &Url) -> bool {
        self.robot.as_ref().is_none_or(|r| r.allowed(url.as_str()))
    }

    /// The Crawl-delay the site asks for, in seconds.
    pub fn crawl_delay(&self) -> Option<f32> {
        self.robot.as_ref().and_then(|r| r.delay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disallowed_paths_are_refused() {
        let robots = Robots::parse(
            b"User-agent: *\nDisallow: /was5/\nCrawl-delay: 1\n",
            "gongkai",
        );
        assert!(!robots.allows(&Url::parse("http://x.gov.cn/was5/web/search?x=1").unwrap()));
        assert!(robots.allows(&Url::parse("http://x.gov.cn/xxgk/").unwrap()));
        assert_eq!(robots.crawl_delay(), Some(1.0));
    }
}
