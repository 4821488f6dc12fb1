//! robots.txt, read once per crawl through the same fetcher as the pages, as RFC 9309 says:
//! a 4xx answer (no file) allows everything; a 5xx answer disallows everything (§2.3.1.4),
//! with a warning naming `--ignore-robots` for the portal's owner. Only the first 500 KiB are
//! read. A file that cannot be fetched for other reasons, or cannot be parsed, allows
//! everything with a warning, as crawlers conventionally do.

use texting_robots::Robot;
use url::Url;

use super::fetch::{FailureKind, Fetch, FetchFailure, Fetched, Resource, follow};
use super::scope::Scope;

pub struct Robots {
    robot: Option<Robot>,
    /// The server failed to answer for its robots.txt: nothing may be crawled.
    disallow_all: bool,
    pub warning: Option<String>,
    /// Requests made for it and body bytes received, for the crawl's counts.
    pub requests: u32,
    pub bytes: u64,
}

impl Robots {
    pub fn allow_all() -> Self {
        Self::allowing(None)
    }

    fn allowing(warning: Option<String>) -> Self {
        Self {
            robot: None,
            disallow_all: false,
            warning,
            requests: 0,
            bytes: 0,
        }
    }

    pub async fn fetch<F: Fetch>(fetcher: &F, start: &Url, agent: &str, scope: &Scope) -> Self {
        let Ok(robots_url) = start.join("/robots.txt") else {
            return Self::allow_all();
        };
        let answer = follow(fetcher, &robots_url, Resource::Robots, &scope.site()).await;
        let (requests, bytes) = match &answer {
            Ok(fetched) => (fetched.attempts, fetched.body.len() as u64),
            Err(failure) => (failure.attempts, 0),
        };
        let robots = Self::answered(answer, agent);
        Self {
            requests,
            bytes,
            ..robots
        }
    }

    fn answered(answer: Result<Fetched, FetchFailure>, agent: &str) -> Self {
        match answer {
            Ok(fetched) => match fetched.location {
                Some(target) => Self::allowing(Some(format!(
                    "robots.txt 重定向到站外地址 {target}，未跟随，按不存在处理（允许全部）"
                ))),
                None => Self::parse(&fetched.body, agent),
            },
            Err(failure) if failure.kind == FailureKind::Http => match failure.status {
                Some(status @ 500..=599) => Self {
                    disallow_all: true,
                    ..Self::allowing(Some(format!(
                        "robots.txt 返回服务器错误（HTTP {status}），按 RFC 9309 视为禁止抓取全站，本次未检查任何页面；如果这是贵单位自己的网站，可加 --ignore-robots 参数忽略 robots.txt 后重新检查"
                    )))
                },
                _ => Self::allow_all(),
            },
            Err(failure) => Self::allowing(Some(format!(
                "robots.txt 无法获取（{}：{}），按允许全部处理",
                failure.kind.display(),
                failure.message
            ))),
        }
    }

    pub fn parse(body: &[u8], agent: &str) -> Self {
        match Robot::new(agent, body) {
            Ok(robot) => Self {
                robot: Some(robot),
                ..Self::allow_all()
            },
            Err(e) => Self::allowing(Some(format!("robots.txt 无法解析（{e}），按允许全部处理"))),
        }
    }

    pub fn allows(&self, url: &Url) -> bool {
        !self.disallow_all && self.robot.as_ref().is_none_or(|r| r.allowed(url.as_str()))
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
