//! Checking the links that leave the portal (`--check-external`, off by default): politely —
//! HEAD first, GET only when HEAD is refused (405/501) or fails, no retry, each host under its
//! own rate limit (governor, like the crawler's), at most [`CrawlOptions::max_external`] links
//! a run, most-linked first. Nothing found there is crawled: the answer's status is all that
//! is read, and no body beyond what the client must drain.

use std::collections::HashMap;
use std::sync::Arc;

use governor::{DefaultKeyedRateLimiter, RateLimiter};
use reqwest::{Method, StatusCode};
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use url::Url;

use super::fetch::{FailureKind, MAX_REDIRECTS};
use super::guard::{self, GuardedResolver};
use super::http::{HttpOptions, classify, error_chain, quota};
use super::options::CrawlOptions;
use super::output::{CrawlError, CrawlOutput};
use crate::error::Error;

/// What the check of the outbound links did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExternalCheck {
    /// Distinct outbound links found.
    pub found: usize,
    /// Of those, checked (the rest were over the cap).
    pub checked: usize,
    /// The checked links that answered 404/410/5xx or did not answer.
    pub failed: Vec<CrawlError>,
}

/// The outbound links of a crawl, distinct, most-linked first (then by address), each with
/// the first page seen linking it.
fn outbound(output: &CrawlOutput) -> Vec<(Url, String)> {
    let mut seen: HashMap<String, (Url, String, usize)> = HashMap::new();
    let mut note = |url: Url, from: &str, times: usize| {
        if !matches!(url.scheme(), "http" | "https") || output.scope.same_site(&url) {
            return;
        }
        let mut key = url.clone();
        key.set_fragment(None);
        seen.entry(key.to_string())
            .or_insert_with(|| (key, from.to_string(), 0))
            .2 += times;
    };
    // Links by the page crawled first (by crawl index: the tally's order is the address's).
    let mut linked: Vec<(usize, &str, usize)> = output
        .outbound
        .first_seen()
        .map(|(url, first, times)| (first, url, times))
        .collect();
    linked.sort_unstable();
    for (first, link, times) in linked {
        if let Ok(url) = Url::parse(link) {
            note(url, &output.pages[first].record.url, times);
        }
    }
    for redirect in &output.off_site_redirects {
        if let Ok(url) = Url::parse(&redirect.target) {
            note(
                url,
                redirect.linked_from.as_deref().unwrap_or(&redirect.url),
                1,
            );
        }
    }
    let mut links: Vec<(Url, String, usize)> = seen.into_values().collect();
    links.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.as_str().cmp(b.0.as_str())));
    links
        .into_iter()
        .map(|(url, from, _)| (url, from))
        .collect()
}

/// Checks the outbound links of `output` and records the result in it: the failures, and a
/// warning when the cap left some unchecked.
pub async fn check_outbound(
    output: &mut CrawlOutput,
    options: &CrawlOptions,
    http: &HttpOptions,
) -> Result<(), Error> {
    let links = outbound(output);
    let checker = Arc::new(Checker::new(http)?);
    let gate = Arc::new(Semaphore::new(options.concurrency.max(1)));
    let mut tasks = JoinSet::new();
    let chosen = links.len().min(options.max_external);
    for (url, from) in links.iter().take(chosen).cloned() {
        let (checker, gate) = (checker.clone(), gate.clone());
        tasks.spawn(async move {
            let _permit = gate.acquire_owned().await.expect("the gate stays open");
            checker
                .check(&url)
                .await
                .map(|(kind, status, message, attempts)| CrawlError {
                    url: url.to_string(),
                    linked_from: Some(from),
                    kind,
                    status,
                    message,
                    attempts,
                })
        });
    }
    let mut failed = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        failed.extend(joined.ok().flatten());
    }
    failed.sort_by(|a, b| a.url.cmp(&b.url));
    if chosen < links.len() {
        output.warnings.push(format!(
            "站外链接共{}个，只检查了被链接最多的{chosen}个（每次检查的上限），其余未检查",
            links.len()
        ));
    }
    output.external = ExternalCheck {
        found: links.len(),
        checked: chosen,
        failed,
    };
    Ok(())
}

/// One client and one per-host limiter for every outbound link of a run.
struct Checker {
    client: reqwest::Client,
    limiter: Option<DefaultKeyedRateLimiter<String>>,
}

/// A failure: its kind, the status if one came, the message, requests made.
type Failure = (FailureKind, Option<u16>, String, u32);

impl Checker {
    fn new(http: &HttpOptions) -> Result<Self, Error> {
        // Redirects are followed by the client here (a moved page that still opens is no dead
        // link), never to a link-local or metadata address.
        let policy = reqwest::redirect::Policy::custom(|attempt| {
            if attempt.previous().len() >= MAX_REDIRECTS {
                attempt.error("too many redirects")
            } else if guard::check_url(attempt.url()).is_err() {
                attempt.stop()
            } else {
                attempt.follow()
            }
        });
        let client = reqwest::Client::builder()
            .user_agent(http.user_agent.clone())
            .timeout(http.timeout)
            .connect_timeout(http.timeout)
            .redirect(policy)
            .dns_resolver(GuardedResolver::default())
            .build()
            .map_err(Error::HttpClient)?;
        let limiter = http.rate.and_then(quota).map(RateLimiter::keyed);
        Ok(Self { client, limiter })
    }

    /// `None` when the link opens (or answers something that does not say it is gone, such as
    /// 403); the failure otherwise.
    async fn check(&self, url: &Url) -> Option<Failure> {
        if let Err(refused) = guard::check_url(url) {
            return Some((FailureKind::Refused, None, refused.0, 0));
        }
        match self.ask(Method::HEAD, url).await {
            Ok(status) if status.is_success() => return None,
            _ => {}
        }
        // HEAD refused (405/501), failed or answered badly: ask as a browser would.
        match self.ask(Method::GET, url).await {
            Ok(status) if gone(status) => Some((
                FailureKind::Http,
                Some(status.as_u16()),
                format!("HTTP {status}"),
                2,
            )),
            Ok(_) => None,
            Err(error) => Some((classify(&error), None, error_chain(&error), 2)),
        }
    }

    async fn ask(&self, method: Method, url: &Url) -> Result<StatusCode, reqwest::Error> {
        if let Some(limiter) = &self.limiter {
            limiter
                .until_key_ready(&url.host_str().unwrap_or_default().to_string())
                .await;
        }
        // The body is never read: dropping the response closes it.
        Ok(self
            .client
            .request(method, url.clone())
            .send()
            .await?
            .status())
    }
}

/// A status that says the target is gone or broken, as for internal links.
fn gone(status: StatusCode) -> bool {
    status == StatusCode::NOT_FOUND || status == StatusCode::GONE || status.is_server_error()
}
