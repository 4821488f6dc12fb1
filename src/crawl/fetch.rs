//! Getting bytes for a URL: the [`Fetch`] trait and its outcome types. The crawler does not
//! care whether the bytes come from the network ([`super::http::HttpFetcher`]) or from a
//! saved mirror ([`super::mirror::MirrorFetcher`]).

use std::future::Future;

use serde::{Deserialize, Serialize};
use url::Url;

/// A successful fetch.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// Where the content finally came from, after redirects.
    pub final_url: Url,
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    /// Requests made, retries included.
    pub attempts: u32,
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
    fn fetch(&self, url: &Url) -> impl Future<Output = Result<Fetched, FetchFailure>> + Send;
}
