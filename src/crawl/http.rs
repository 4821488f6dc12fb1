//! Polite HTTP fetching: a per-host rate limit (governor), a clear User-Agent, timeouts, and
//! retries with exponential backoff on timeouts, 429 and 5xx, honouring `Retry-After`.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};
use url::Url;

use super::fetch::{FailureKind, Fetch, FetchFailure, Fetched};
use crate::error::Error;

/// The longest `Retry-After` honoured; a server asking for more is treated as failing.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);
const MAX_REDIRECTS: usize = 10;

#[derive(Debug, Clone)]
pub struct HttpOptions {
    pub user_agent: String,
    /// Requests per second per host; `None` lifts the limit.
    pub rate: Option<f64>,
    pub timeout: Duration,
    /// Retries after the first attempt.
    pub retries: u32,
    /// First backoff delay; doubled on each retry.
    pub backoff: Duration,
}

impl Default for HttpOptions {
    fn default() -> Self {
        Self {
            user_agent: default_user_agent(),
            rate: Some(2.0),
            timeout: Duration::from_secs(20),
            retries: 3,
            backoff: Duration::from_millis(500),
        }
    }
}

pub fn default_user_agent() -> String {
    format!(
        "gongkai/{} (政务公开自查工具; +https://crates.io/crates/gongkai)",
        env!("CARGO_PKG_VERSION")
    )
}

pub struct HttpFetcher {
    client: reqwest::Client,
    limiter: Option<Arc<DefaultKeyedRateLimiter<String>>>,
    options: HttpOptions,
}

impl HttpFetcher {
    pub fn new(options: HttpOptions) -> Result<Self, Error> {
        let client = reqwest::Client::builder()
            .user_agent(options.user_agent.clone())
            .timeout(options.timeout)
            .connect_timeout(options.timeout)
            .redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
            .build()
            .map_err(Error::HttpClient)?;
        let limiter = options
            .rate
            .and_then(quota)
            .map(|q| Arc::new(RateLimiter::keyed(q)));
        Ok(Self {
            client,
            limiter,
            options,
        })
    }

    /// Lowers the rate to honour a robots.txt `Crawl-delay`.
    pub fn slow_down_to(&mut self, delay: Duration) {
        let current = self.options.rate.map(|r| Duration::from_secs_f64(1.0 / r));
        if current.is_none_or(|c| c < delay) && !delay.is_zero() {
            self.options.rate = Some(1.0 / delay.as_secs_f64());
            self.limiter = self
                .options
                .rate
                .and_then(quota)
                .map(|q| Arc::new(RateLimiter::keyed(q)));
        }
    }

    async fn wait_turn(&self, url: &Url) {
        if let Some(limiter) = &self.limiter {
            limiter
                .until_key_ready(&url.host_str().unwrap_or_default().to_string())
                .await;
        }
    }

    fn backoff(&self, retry: u32) -> Duration {
        self.options
            .backoff
            .saturating_mul(2u32.saturating_pow(retry))
    }
}

fn quota(rate: f64) -> Option<Quota> {
    if !(rate.is_finite() && rate > 0.0) {
        return None;
    }
    if rate >= 1.0 {
        let per_second = NonZeroU32::new(rate.round() as u32)?;
        Some(Quota::per_second(per_second).allow_burst(NonZeroU32::MIN))
    } else {
        Quota::with_period(Duration::from_secs_f64(1.0 / rate))
    }
}

/// Whether a status is worth asking again for.
fn retryable(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS
        || status == StatusCode::REQUEST_TIMEOUT
        || status.is_server_error()
}

/// `Retry-After` as seconds or an HTTP date.
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = when.signed_duration_since(chrono::Utc::now());
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

fn classify(error: &reqwest::Error) -> FailureKind {
    if error.is_timeout() {
        return FailureKind::Timeout;
    }
    if error.is_redirect() {
        return FailureKind::Redirect;
    }
    let chain = error_chain(error).to_ascii_lowercase();
    if chain.contains("dns") || chain.contains("resolve") || chain.contains("name or service") {
        FailureKind::Dns
    } else if chain.contains("certificate") || chain.contains("tls") || chain.contains("handshake")
    {
        FailureKind::Tls
    } else if error.is_connect() {
        FailureKind::Connect
    } else {
        FailureKind::Other
    }
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}

impl Fetch for HttpFetcher {
    async fn fetch(&self, url: &Url) -> Result<Fetched, FetchFailure> {
        let mut attempts = 0;
        loop {
            self.wait_turn(url).await;
            attempts += 1;
            let retry_left = attempts <= self.options.retries;
            let delay = match self.client.get(url.clone()).send().await {
                Ok(response) => {
                    let status = response.status();
                    if status.is_success() {
                        let final_url = response.url().clone();
                        let content_type = response
                            .headers()
                            .get(CONTENT_TYPE)
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_string);
                        let body = response.bytes().await.map_err(|e| FetchFailure {
                            kind: classify(&e),
                            status: Some(status.as_u16()),
                            message: format!("读取响应失败：{}", error_chain(&e)),
                            attempts,
                        })?;
                        return Ok(Fetched {
                            final_url,
                            status: status.as_u16(),
                            content_type,
                            body: body.to_vec(),
                            attempts,
                        });
                    }
                    let wait = retry_after(response.headers());
                    let failure = FetchFailure {
                        kind: FailureKind::Http,
                        status: Some(status.as_u16()),
                        message: format!("HTTP {status}"),
                        attempts,
                    };
                    if !retryable(status)
                        || !retry_left
                        || wait.is_some_and(|w| w > MAX_RETRY_AFTER)
                    {
                        return Err(failure);
                    }
                    wait.unwrap_or_else(|| self.backoff(attempts - 1))
                }
                Err(error) => {
                    let kind = classify(&error);
                    let failure = FetchFailure {
                        kind,
                        status: None,
                        message: error_chain(&error),
                        attempts,
                    };
                    if !matches!(kind, FailureKind::Timeout | FailureKind::Connect) || !retry_left {
                        return Err(failure);
                    }
                    self.backoff(attempts - 1)
                }
            };
            tracing::debug!(%url, attempts, ?delay, "retrying");
            tokio::time::sleep(delay).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(3)));
        headers.insert(
            RETRY_AFTER,
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
    }

    #[test]
    fn quotas_accept_fractional_rates_and_lift_at_zero() {
        assert!(quota(0.0).is_none());
        assert!(quota(0.5).is_some());
        assert!(quota(2.0).is_some());
    }

    #[test]
    fn only_transient_statuses_are_retried() {
        assert!(retryable(StatusCode::TOO_MANY_REQUESTS));
        assert!(retryable(StatusCode::BAD_GATEWAY));
        assert!(!retryable(StatusCode::NOT_FOUND));
        assert!(!retryable(StatusCode::FORBIDDEN));
    }
}
