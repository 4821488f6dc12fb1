//! Getting bytes for a URL: the [`Fetch`] trait and its outcome types. The crawler does not
//! care whether the bytes come from the network ([`super::http::HttpFetcher`]) or from a
//! saved mirror ([`super::mirror::MirrorFetcher`]).
//!
//! A fetcher makes one request and follows no redirect: a 3xx answer comes back as a
//! [`Fetched`] with its `location`, and [`follow`] decides, hop by hop, whether the target is
//! inside the portal. Nothing off the portal is ever requested.

use std::collections::HashSet;
use std::future::Future;

use serde::{Deserialize, Serialize};
use url::Url;

use super::scope::Scope;

/// Redirects followed for one URL before giving up.
pub const MAX_REDIRECTS: usize = 10;
/// Largest robots.txt read; the rest is ignored (RFC 9309 §2.5 asks for at least 500 KiB).
pub const MAX_ROBOTS_BYTES: u64 = 500 * 1024;
/// Largest part of a probed home page read: enough to know it opens, cheap for a thousand.
pub const MAX_PROBE_BYTES: u64 = 512 * 1024;
pub const DEFAULT_MAX_PAGE_BYTES: u64 = 20 * 1024 * 1024;
pub const DEFAULT_MAX_ATTACHMENT_BYTES: u64 = 50 * 1024 * 1024;

/// What is being fetched: it decides how much of a body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Page,
    /// A document attached to a page (PDF, DOCX).
    Attachment,
    /// robots.txt: read up to [`MAX_ROBOTS_BYTES`], the rest ignored rather than an error.
    Robots,
    /// A home page probed for whether it opens (`gongkai probe`): read up to
    /// [`MAX_PROBE_BYTES`], the rest left unread rather than an error.
    Probe,
}

/// Body size limits, in bytes of the decoded (decompressed) body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyLimits {
    pub page: u64,
    pub attachment: u64,
}

impl Default for BodyLimits {
    fn default() -> Self {
        Self {
            page: DEFAULT_MAX_PAGE_BYTES,
            attachment: DEFAULT_MAX_ATTACHMENT_BYTES,
        }
    }
}

impl BodyLimits {
    /// The most bytes read for `resource`, and whether more is an error (else it is cut).
    pub fn of(&self, resource: Resource) -> (u64, bool) {
        match resource {
            Resource::Page => (self.page, true),
            Resource::Attachment => (self.attachment, true),
            Resource::Robots => (MAX_ROBOTS_BYTES, false),
            Resource::Probe => (MAX_PROBE_BYTES, false),
        }
    }

    /// The failure for a body over its limit: "页面超过20 MB", "附件超过50 MB".
    pub fn too_large(&self, resource: Resource, attempts: u32) -> FetchFailure {
        let (limit, _) = self.of(resource);
        let what = if resource == Resource::Attachment {
            "附件"
        } else {
            "页面"
        };
        FetchFailure {
            kind: FailureKind::TooLarge,
            status: None,
            message: format!("{what}超过{}", size_text(limit)),
            attempts,
        }
    }
}

/// A byte count as people read it: "20 MB", "512 KB".
pub fn size_text(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else if bytes >= MB {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// A successful fetch.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// Where the content finally came from, after redirects.
    pub final_url: Url,
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    /// Requests made, retries and redirects included.
    pub attempts: u32,
    /// Redirects followed to get here.
    pub hops: u32,
    /// For a redirect answer: where it points. After [`follow`], set only when that target is
    /// off the portal and was not requested.
    pub location: Option<Url>,
    /// The answer's validators, for the next run's conditional request.
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// The server answered 304 Not Modified to a conditional request: no body, the caller's
    /// stored copy is current.
    pub not_modified: bool,
}

/// What a conditional request sends: the validators of the copy the caller already has.
/// Empty validators make an ordinary request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// Sent as `If-None-Match`.
    pub etag: Option<String>,
    /// Sent as `If-Modified-Since` (an HTTP date, as the server gave it).
    pub last_modified: Option<String>,
}

impl Validators {
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FailureKind {
    Dns,
    Tls,
    Timeout,
    Connect,
    /// The server answered with an error status.
    Http,
    /// Too many redirects or a redirect loop.
    Redirect,
    /// A mirror file that is missing or unreadable.
    Io,
    /// The body is larger than the limit for its kind.
    TooLarge,
    /// A redirect off the portal, not followed.
    OffSite,
    /// The address is never requested: link-local / cloud metadata, or not what the portal's
    /// host first resolved to.
    Refused,
    Other,
}

impl FailureKind {
    pub fn display(self) -> &'static str {
        match self {
            FailureKind::Dns => "域名解析失败",
            FailureKind::Tls => "证书或加密连接错误",
            FailureKind::Timeout => "请求超时",
            FailureKind::Connect => "无法连接",
            FailureKind::Http => "服务器返回错误状态",
            FailureKind::Redirect => "重定向过多或循环",
            FailureKind::Io => "文件读取失败",
            FailureKind::TooLarge => "内容超过大小上限",
            FailureKind::OffSite => "重定向到站外地址",
            FailureKind::Refused => "地址不允许访问",
            FailureKind::Other => "请求失败",
        }
    }
}

/// A fetch that produced no usable page.
#[derive(Debug, Clone)]
pub struct FetchFailure {
    pub kind: FailureKind,
    pub status: Option<u16>,
    pub message: String,
    pub attempts: u32,
}

/// A source of pages.
pub trait Fetch: Send + Sync + 'static {
    /// One URL, no redirect followed, the body read up to the limit for `resource`.
    fn fetch_as(
        &self,
        url: &Url,
        resource: Resource,
    ) -> impl Future<Output = Result<Fetched, FetchFailure>> + Send;

    /// [`Fetch::fetch_as`] for a page.
    fn fetch(&self, url: &Url) -> impl Future<Output = Result<Fetched, FetchFailure>> + Send {
        self.fetch_as(url, Resource::Page)
    }

    /// [`Fetch::fetch_as`] sending `validators`: an unchanged resource may come back
    /// [`Fetched::not_modified`] without a body. A source that cannot tell makes an ordinary
    /// request (the default).
    fn fetch_if(
        &self,
        url: &Url,
        resource: Resource,
        validators: &Validators,
    ) -> impl Future<Output = Result<Fetched, FetchFailure>> + Send {
        let _ = validators;
        self.fetch_as(url, resource)
    }

    /// A source on this machine (a saved mirror) answers without waiting: the crawl then
    /// reads and parses each of its pages in one job on the extraction pool, without a task
    /// and a thread woken per page. `None` (the default): the source must be awaited.
    fn local(&self) -> Option<&dyn LocalFetch> {
        None
    }
}

/// A source that answers at once: [`Fetch::fetch_if`] without waiting.
pub trait LocalFetch: Send + Sync {
    fn fetch_now(
        &self,
        url: &Url,
        resource: Resource,
        validators: &Validators,
    ) -> Result<Fetched, FetchFailure>;
}

/// Fetches `url`, following redirects while they stay inside `scope` (at most
/// [`MAX_REDIRECTS`], loops refused). A redirect off the portal is not requested: the answer
/// is that redirect, its target in `location`.
pub async fn follow<F: Fetch>(
    fetcher: &F,
    url: &Url,
    resource: Resource,
    scope: &Scope,
) -> Result<Fetched, FetchFailure> {
    follow_if(fetcher, url, resource, scope, &Validators::default()).await
}

/// [`follow`] with a conditional first request: `validators` belong to `url`, so a redirect's
/// target is asked for unconditionally.
pub async fn follow_if<F: Fetch>(
    fetcher: &F,
    url: &Url,
    resource: Resource,
    scope: &Scope,
    validators: &Validators,
) -> Result<Fetched, FetchFailure> {
    let mut chain = RedirectChain::new(url);
    loop {
        let (current, validators) = chain.request(validators);
        let answer = fetcher.fetch_if(current, resource, validators).await;
        if let Some(fetched) = chain.take(answer, scope)? {
            return Ok(fetched);
        }
    }
}

/// [`follow_if`] over a local source, without waiting.
pub fn follow_now(
    fetcher: &dyn LocalFetch,
    url: &Url,
    resource: Resource,
    scope: &Scope,
    validators: &Validators,
) -> Result<Fetched, FetchFailure> {
    let mut chain = RedirectChain::new(url);
    loop {
        let (current, validators) = chain.request(validators);
        let answer = fetcher.fetch_now(current, resource, validators);
        if let Some(fetched) = chain.take(answer, scope)? {
            return Ok(fetched);
        }
    }
}

/// The redirects followed so far from one requested URL: loops and overlong chains are
/// refused, attempts add up over the hops.
struct RedirectChain {
    /// The address to ask next.
    current: Url,
    visited: HashSet<String>,
    chain: Vec<String>,
    attempts: u32,
    unconditional: Validators,
}

impl RedirectChain {
    fn new(url: &Url) -> Self {
        Self {
            current: url.clone(),
            visited: HashSet::from([without_fragment(url)]),
            chain: vec![url.to_string()],
            attempts: 0,
            unconditional: Validators::default(),
        }
    }

    /// The next request: its address, and the validators to send (the requested URL's for
    /// the first request only).
    fn request<'a>(&'a self, first: &'a Validators) -> (&'a Url, &'a Validators) {
        let validators = if self.chain.len() == 1 {
            first
        } else {
            &self.unconditional
        };
        (&self.current, validators)
    }

    /// Takes the answer to the last request: the answer to give (a page, or a redirect off
    /// the portal, not requested), or `None` with the redirect's target asked next.
    fn take(
        &mut self,
        answer: Result<Fetched, FetchFailure>,
        scope: &Scope,
    ) -> Result<Option<Fetched>, FetchFailure> {
        let mut fetched = answer.map_err(|mut failure| {
            failure.attempts += self.attempts;
            failure
        })?;
        self.attempts += fetched.attempts;
        fetched.attempts = self.attempts;
        fetched.hops = self.chain.len() as u32 - 1;
        let Some(target) = fetched.location.clone() else {
            return Ok(Some(fetched));
        };
        if !scope.contains(&target) {
            tracing::debug!(from = %self.current, to = %target, "off-site redirect not followed");
            return Ok(Some(fetched));
        }
        let failure = |message: String| FetchFailure {
            kind: FailureKind::Redirect,
            status: Some(fetched.status),
            message,
            attempts: self.attempts,
        };
        self.chain.push(target.to_string());
        if !self.visited.insert(without_fragment(&target)) {
            return Err(failure(format!("重定向循环：{}", self.chain.join(" → "))));
        }
        if self.chain.len() > MAX_REDIRECTS + 1 {
            return Err(failure(format!(
                "重定向超过{MAX_REDIRECTS}次：{} → …",
                self.chain[..3].join(" → ")
            )));
        }
        tracing::debug!(from = %self.current, to = %target, "following redirect");
        self.current = target;
        Ok(None)
    }
}

fn without_fragment(url: &Url) -> String {
    let mut url = url.clone();
    url.set_fragment(None);
    url.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(20 * 1024 * 1024), "20 MB");
        assert_eq!(size_text(1536 * 1024), "1.5 MB");
        assert_eq!(size_text(500 * 1024), "500 KB");
        let limits = BodyLimits::default();
        assert_eq!(limits.too_large(Resource::Page, 1).message, "页面超过20 MB");
        assert_eq!(
            limits.too_large(Resource::Attachment, 1).message,
            "附件超过50 MB"
        );
        assert_eq!(limits.of(Resource::Robots), (500 * 1024, false));
    }
}
