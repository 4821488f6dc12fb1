//! Polite HTTP fetching: a per-host rate limit (governor), a clear User-Agent, timeouts, and
//! retries with exponential backoff on timeouts (body reads included), 429 and 5xx, honouring
//! `Retry-After`. Bodies are read up to a limit; no redirect is followed here (see
//! [`super::fetch::follow`]); connections go only where [`super::guard`] allows.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use reqwest::StatusCode;
use reqwest::header::{
    CONTENT_TYPE, ETAG, HeaderMap, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, LOCATION,
    RETRY_AFTER,
};
use url::Url;

use super::body::{BodyError, read_limited};
use super::fetch::{
    BodyLimits, DEFAULT_MAX_ATTACHMENT_BYTES, DEFAULT_MAX_PAGE_BYTES, FailureKind, Fetch,
    FetchFailure, Fetched, Resource, Validators,
};
use super::guard::{self, AddressRefused, GuardedResolver};
use crate::error::Error;

/// The longest `Retry-After` honoured; a server asking for more is treated as failing.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);

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
    /// Largest page body read, decompressed; a larger page is a crawl error.
    pub max_page_bytes: u64,
    /// Largest attachment (PDF, DOCX) read, decompressed; a larger one is not read.
    pub max_attachment_bytes: u64,
}

impl Default for HttpOptions {
    fn default() -> Self {
        Self {
            user_agent: default_user_agent(),
            rate: Some(2.0),
            timeout: Duration::from_secs(20),
            retries: 3,
            backoff: Duration::from_millis(500),
            max_page_bytes: DEFAULT_MAX_PAGE_BYTES,
            max_attachment_bytes: DEFAULT_MAX_ATTACHMENT_BYTES,
        }
    }
}

impl HttpOptions {
    pub fn limits(&self) -> BodyLimits {
        BodyLimits {
            page: self.max_page_bytes,
            attachment: self.max_attachment_bytes,
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
            // Redirects are followed by the crawler, hop by hop, only inside the portal.
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(GuardedResolver::default())
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

pub(super) fn quota(rate: f64) -> Option<Quota> {
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

fn header_text(headers: &HeaderMap, name: reqwest::header::HeaderName) -> Option<String> {
    let value = headers.get(name)?.to_str().ok()?.trim();
    (!value.is_empty()).then(|| value.to_string())
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

pub(super) fn classify(error: &reqwest::Error) -> FailureKind {
    if refusal(error).is_some() {
        return FailureKind::Refused;
    }
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

/// The guard's refusal, when the resolver refused the connection.
fn refusal(error: &reqwest::Error) -> Option<String> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(inner) = source {
        if let Some(refused) = inner.downcast_ref::<AddressRefused>() {
            return Some(refused.0.clone());
        }
        source = inner.source();
    }
    None
}

pub(super) fn error_chain(error: &dyn std::error::Error) -> String {
    crate::error::causes(error, ": ")
}

impl Fetch for HttpFetcher {
    async fn fetch_as(&self, url: &Url, resource: Resource) -> Result<Fetched, FetchFailure> {
        self.fetch_if(url, resource, &Validators::default()).await
    }

    /// Sends `If-None-Match` / `If-Modified-Since`; a 304 answer is a success without a body,
    /// never retried.
    async fn fetch_if(
        &self,
        url: &Url,
        resource: Resource,
        validators: &Validators,
    ) -> Result<Fetched, FetchFailure> {
        if let Err(refused) = guard::check_url(url) {
            return Err(FetchFailure {
                kind: FailureKind::Refused,
                status: None,
                message: refused.0,
                attempts: 0,
            });
        }
        let mut attempts = 0;
        loop {
            self.wait_turn(url).await;
            attempts += 1;
            let (failure, delay) = match self.attempt(url, resource, validators, attempts).await {
                Ok(fetched) => return Ok(fetched),
                Err(failed) => failed,
            };
            match delay {
                Some(delay) if attempts <= self.options.retries => {
                    tracing::debug!(%url, attempts, ?delay, reason = %failure.message, "retrying");
                    tokio::time::sleep(delay).await;
                }
                _ => return Err(failure),
            }
        }
    }
}

impl HttpFetcher {
    /// One request. A failure comes with the delay before trying again, if it is worth it.
    async fn attempt(
        &self,
        url: &Url,
        resource: Resource,
        validators: &Validators,
        attempts: u32,
    ) -> Result<Fetched, (FetchFailure, Option<Duration>)> {
        let backoff = self.backoff(attempts - 1);
        let mut request = self.client.get(url.clone());
        if let Some(etag) = &validators.etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        if let Some(date) = &validators.last_modified {
            request = request.header(IF_MODIFIED_SINCE, date);
        }
        let mut response = match request.send().await {
            Ok(response) => response,
            Err(error) => {
                let failure = self.failure(&error, None, attempts, "请求");
                let transient = matches!(failure.kind, FailureKind::Timeout | FailureKind::Connect);
                return Err((failure, transient.then_some(backoff)));
            }
        };
        let status = response.status();
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let (etag, last_modified) = (
            header_text(response.headers(), ETAG),
            header_text(response.headers(), LAST_MODIFIED),
        );
        let answered = |body: Vec<u8>, location: Option<Url>, not_modified: bool| Fetched {
            final_url: url.clone(),
            status: status.as_u16(),
            content_type: content_type.clone(),
            body,
            attempts,
            hops: 0,
            location,
            // A 304 may omit validators it did not change: the ones sent still hold.
            etag: etag
                .clone()
                .or_else(|| not_modified.then(|| validators.etag.clone())?),
            last_modified: last_modified
                .clone()
                .or_else(|| not_modified.then(|| validators.last_modified.clone())?),
            not_modified,
        };
        if status == StatusCode::NOT_MODIFIED && !validators.is_empty() {
            return Ok(answered(Vec::new(), None, true));
        }
        let location = status
            .is_redirection()
            .then(|| response.headers().get(LOCATION))
            .flatten()
            // Raw UTF-8 (`Location: /政务公开/`) is common; `join` percent-encodes it.
            .and_then(|v| url.join(String::from_utf8_lossy(v.as_bytes()).trim()).ok());
        if location.is_some() {
            return Ok(answered(Vec::new(), location, false));
        }
        if !status.is_success() {
            return Err(http_failure(status, response.headers(), attempts, backoff));
        }
        let limits = self.options.limits();
        let (limit, strict) = limits.of(resource);
        match read_limited(&mut response, limit, strict).await {
            Ok(body) => Ok(answered(body, None, false)),
            Err(BodyError::TooLarge) => Err((limits.too_large(resource, attempts), None)),
            Err(BodyError::Read(error)) => {
                let failure = self.failure(&error, Some(status), attempts, "读取响应");
                let transient = failure.kind == FailureKind::Timeout;
                Err((failure, transient.then_some(backoff)))
            }
        }
    }

    /// A transport error as a failure; `stage` says what timed out ("请求", "读取响应").
    fn failure(
        &self,
        error: &reqwest::Error,
        status: Option<StatusCode>,
        attempts: u32,
        stage: &str,
    ) -> FetchFailure {
        let kind = classify(error);
        let message = match kind {
            FailureKind::Refused => refusal(error).unwrap_or_else(|| error_chain(error)),
            FailureKind::Timeout => format!(
                "{stage}超时：{}秒内未完成（服务器无响应、发送过慢或中途停止）",
                self.options.timeout.as_secs_f32()
            ),
            _ if status.is_some() => format!("{stage}失败：{}", error_chain(error)),
            _ => error_chain(error),
        };
        FetchFailure {
            kind,
            status: status.map(|s| s.as_u16()),
            message,
            attempts,
        }
    }
}

/// An error status as a failure, with the delay before asking again when it is transient.
fn http_failure(
    status: StatusCode,
    headers: &reqwest::header::HeaderMap,
    attempts: u32,
    backoff: Duration,
) -> (FetchFailure, Option<Duration>) {
    let wait = retry_after(headers);
    let too_long = wait.filter(|w| *w > MAX_RETRY_AFTER);
    let message = match too_long {
        Some(w) if retryable(status) => format!(
            "HTTP {status}（服务器要求{}秒后重试，超过{}秒上限，不再等待）",
            w.as_secs(),
            MAX_RETRY_AFTER.as_secs()
        ),
        _ => format!("HTTP {status}"),
    };
    let failure = FetchFailure {
        kind: FailureKind::Http,
        status: Some(status.as_u16()),
        message,
        attempts,
    };
    let delay = (retryable(status) && too_long.is_none()).then(|| wait.unwrap_or(backoff));
    (failure, delay)
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
