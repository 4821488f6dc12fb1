//! One visit of a home page: a GET of the start URL, redirects on the same site followed, the
//! body read up to a small cap, timed to the complete response.
//!
//! No robots.txt is read first: robots.txt governs crawlers following links, and a probe is a
//! single request for the page every visitor's browser asks for, a few times an hour — what
//! the 19号 inspection itself does. Reading robots.txt would double the requests to the portal
//! and put its answer time into the measurement.

use std::time::{Duration, Instant};

use chrono::Utc;
use url::Url;

use super::Probe;
use crate::crawl::fetch::{FailureKind, Resource, follow};
use crate::crawl::http::{HttpFetcher, HttpOptions};
use crate::crawl::scope::Scope;
use crate::error::Error;

/// Makes visits; one client (and its connection pool) for every portal of a run.
pub struct Prober {
    fetcher: HttpFetcher,
    timeout: Duration,
}

impl Prober {
    /// A prober giving each visit `timeout` in all (redirects included), sending `user_agent`.
    /// No rate limit (one request per portal) and no retry: a retry would hide the failure the
    /// probe is there to see.
    pub fn new(user_agent: String, timeout: Duration) -> Result<Self, Error> {
        let fetcher = HttpFetcher::new(HttpOptions {
            user_agent,
            rate: None,
            timeout,
            retries: 0,
            ..HttpOptions::default()
        })?;
        Ok(Self { fetcher, timeout })
    }

    /// Visits `url` now.
    pub async fn visit(&self, url: &Url) -> Probe {
        let at = Utc::now();
        let began = Instant::now();
        let scope = Scope::new(url, false);
        let answer = tokio::time::timeout(
            self.timeout,
            follow(&self.fetcher, url, Resource::Probe, &scope),
        )
        .await;
        let millis = u64::try_from(began.elapsed().as_millis()).unwrap_or(u64::MAX);
        let too_slow = || {
            format!(
                "{}秒内未打开",
                crate::text::points(self.timeout.as_secs_f64())
            )
        };
        let failed = |status: Option<u16>, error: String| Probe {
            at,
            ok: false,
            status,
            millis: Some(millis),
            error: Some(error),
        };
        match answer {
            // An answer redirecting off the site is an answer: the site is up.
            Ok(Ok(fetched)) => Probe {
                at,
                ok: true,
                status: Some(fetched.status),
                millis: Some(millis),
                error: None,
            },
            Ok(Err(failure)) if failure.kind == FailureKind::Timeout => {
                failed(failure.status, too_slow())
            }
            Ok(Err(failure)) => failed(
                failure.status,
                format!("{}：{}", failure.kind.display(), failure.message),
            ),
            Err(_) => failed(None, too_slow()),
        }
    }
}
