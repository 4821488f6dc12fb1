//! What a crawl produced: pages, attachments, errors, redirects off the portal, counts.

use serde::{Deserialize, Serialize};
use url::Url;

use super::StopReason;
use super::coverage::CrawlCoverage;
use super::fetch::FailureKind;
use super::scope::Scope;
use crate::model::attachment::FetchedAttachment;
use crate::model::body::TextStore;
use crate::model::{CrawledPage, OutboundTally};

/// A URL that could not be turned into a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrawlError {
    pub url: String,
    /// The page that linked to it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linked_from: Option<String>,
    pub kind: FailureKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    pub message: String,
    pub attempts: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CrawlStats {
    pub pages_fetched: usize,
    pub pages_failed: usize,
    /// Requests made, retries included.
    pub requests: u32,
    /// Body bytes received (decompressed), pages and attachments.
    #[serde(default)]
    pub bytes: u64,
    /// Pages the server answered 304 Not Modified for: the stored record was used.
    #[serde(default)]
    pub not_modified: usize,
    /// Pages taken from the history store without a request (unchanged, not yet due).
    #[serde(default)]
    pub reused: usize,
    pub retried_pages: usize,
    pub redirects: usize,
    pub blocked_by_robots: usize,
    /// Links not followed because a limit was reached.
    pub skipped_by_limits: usize,
    /// Attached documents (reports published as PDF/DOCX) read.
    pub attachments_read: usize,
    /// Pages decoded from GBK / GB2312 / GB18030.
    pub gb_pages: usize,
    /// Pages whose charset came from the HTTP header / a meta tag / sniffing.
    pub charset_from_header: usize,
    pub charset_from_meta: usize,
    pub charset_sniffed: usize,
    pub elapsed_ms: u128,
    /// Why the crawl ended early, when it did: the report is then incomplete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped_by: Option<StopReason>,
    /// URLs found and queued but never fetched because the crawl stopped.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub queued_not_fetched: usize,
    /// Links not followed because they repeat a structure beyond its cap (a calendar's days,
    /// an endless pager chain, a list claiming more pages than [`MAX_LIST_PAGES`]).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub cut_as_traps: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A link inside the portal that redirected off it: an outbound link, not followed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffSiteRedirect {
    /// The URL inside the portal that was asked for.
    pub url: String,
    /// Where it redirected to (not requested).
    pub target: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linked_from: Option<String>,
}

/// What a crawl produced.
#[derive(Debug, Clone)]
pub struct CrawlOutput {
    pub start_url: Url,
    pub pages: Vec<CrawledPage>,
    /// Documents attached to report pages, with what could be read from them.
    pub attachments: Vec<FetchedAttachment>,
    pub errors: Vec<CrawlError>,
    /// Redirects off the portal, not followed (outbound links).
    pub off_site_redirects: Vec<OffSiteRedirect>,
    pub stats: CrawlStats,
    pub warnings: Vec<String>,
    pub scope: Scope,
    pub coverage: CrawlCoverage,
    /// The outbound links checked (`--check-external`); empty when they were not.
    pub external: super::external::ExternalCheck,
    /// Which pages link to the targets that were not read successfully.
    pub inbound: super::inbound::Inbound,
    /// The links off the portal on the pages, tallied as they were read: a lean record does
    /// not keep them (every page's links, when records are kept whole).
    pub outbound: OutboundTally,
    /// Where the lean records' article bodies are read back.
    pub texts: TextStore,
}

impl CrawlOutput {
    /// For each of `urls`, every crawled page linking to it (by page identity), sorted.
    pub fn pages_linking(&self, urls: &[&str]) -> Vec<Vec<String>> {
        urls.iter()
            .map(|url| {
                let mut pages: Vec<String> = self
                    .inbound
                    .pages_linking(url)
                    .iter()
                    .filter_map(|&at| self.pages.get(at as usize))
                    .map(|page| page.record.url.clone())
                    .collect();
                pages.sort();
                pages.dedup();
                pages
            })
            .collect()
    }

    /// Why the crawl ended early, when it did.
    pub fn stopped_by(&self) -> Option<StopReason> {
        self.stats.stopped_by
    }
}
