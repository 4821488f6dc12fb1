//! What the history store knows of a portal's pages before a crawl, so an unchanged page need
//! not be fetched or parsed again: validators for conditional requests (ETag /
//! Last-Modified), the parsed record, and when the page was last verified against the server.
//!
//! The store fills a [`PageCache`]; the crawler consults it. List and hub pages are always
//! re-requested (conditionally); an article unchanged since its last verification is reused
//! without a request until it is due again on a rolling schedule, so every article is
//! verified at least once every [`PageCache::reverify_every`] runs.

use std::collections::HashMap;

use crate::model::links::page_key;
use crate::model::page::PageKind;
use crate::model::{CrawledPage, PageRecord};

/// Articles are verified at least once every this many runs, unless told otherwise.
pub const DEFAULT_REVERIFY_EVERY: u32 = 7;

/// One page as the last runs left it.
#[derive(Debug, Clone)]
pub struct CachedPage {
    pub url: String,
    pub kind: PageKind,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// SHA-256 (hex) of the body the record was read from.
    pub content_hash: String,
    /// The record as stored (JSON of [`PageRecord`]); parsed only when used.
    pub record_json: String,
    /// The portal's run sequence number (1, 2, …) that last fetched or confirmed the page.
    pub verified_seq: u64,
}

impl CachedPage {
    pub fn record(&self) -> Result<PageRecord, serde_json::Error> {
        serde_json::from_str(&self.record_json)
    }

    /// A crawled page as the next run will know it, verified at run `verified_seq`. The store
    /// and the tests build caches this way, so both see the same thing.
    pub fn from_crawled(page: &CrawledPage, verified_seq: u64) -> CachedPage {
        CachedPage {
            url: page.record.url.clone(),
            kind: page.record.kind,
            etag: page.fetch.etag.clone(),
            last_modified: page.fetch.last_modified.clone(),
            content_hash: page.fetch.content_hash.clone(),
            record_json: serde_json::to_string(&page.record)
                .expect("a page record always serialises"),
            verified_seq,
        }
    }

    /// The key the crawler looks the page up by.
    pub fn key(&self) -> String {
        page_key(&self.url)
    }
}

/// The pages of one portal known before this run, keyed by [`crate::model::links::page_key_of`].
#[derive(Debug, Clone, Default)]
pub struct PageCache {
    /// This run's sequence number for the portal (the first run is 1).
    pub run_seq: u64,
    /// Every article is verified at least once every this many runs.
    pub reverify_every: u32,
    pub pages: HashMap<String, CachedPage>,
}

impl PageCache {
    /// An empty cache for run `run_seq`.
    pub fn new(run_seq: u64, reverify_every: u32) -> Self {
        Self {
            run_seq,
            reverify_every,
            pages: HashMap::new(),
        }
    }

    /// Adds (or replaces) a page under its key.
    pub fn insert(&mut self, page: CachedPage) {
        self.pages.insert(page.key(), page);
    }

    /// What the next run knows after a crawl at run `seq`: every page it read, verified at
    /// `seq` unless it was reused without a request (then it keeps its earlier verification,
    /// taken from `self`).
    pub fn after(&self, pages: &[CrawledPage], seq: u64) -> PageCache {
        let mut next = PageCache::new(seq + 1, self.reverify_every);
        for page in pages {
            let mut cached = CachedPage::from_crawled(page, seq);
            if page.fetch.source == crate::model::PageSource::Reused
                && let Some(before) = self.pages.get(&cached.key())
            {
                cached.verified_seq = before.verified_seq;
            }
            next.insert(cached);
        }
        next
    }
}
