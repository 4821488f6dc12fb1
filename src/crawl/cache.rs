//! What the history store knows of a portal's pages before a crawl, so an unchanged page need
//! not be fetched or parsed again: validators for conditional requests (ETag /
//! Last-Modified), the parsed record, and when the page was last verified against the server.
//!
//! The store fills a [`PageCache`]; the crawler consults it. List and hub pages are always
//! re-requested (conditionally); an article unchanged since its last verification is reused
//! without a request until it is due again on a rolling schedule, so every article is
//! verified at least once every [`PageCache::reverify_every`] runs.

use std::collections::HashMap;

use crate::model::PageRecord;
use crate::model::page::PageKind;

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
