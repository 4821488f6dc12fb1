//! What the history store knows of a portal's pages before a crawl, so an unchanged page need
//! not be fetched or parsed again: validators for conditional requests (ETag /
//! Last-Modified), the parsed record, and when the page was last verified against the server.
//!
//! The store fills a [`PageCache`]; the crawler consults it. List and hub pages are always
//! re-requested (conditionally); an article unchanged since its last verification is reused
//! without a request until it is due again on a rolling schedule, so every article is
//! verified at least once every [`PageCache::reverify_every`] runs.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

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
    /// The record as stored ([`record_json`]: the [`PageRecord`] with the texts reports leave
    /// out); parsed only when used.
    pub record_json: String,
    /// The portal's run sequence number (1, 2, …) that last fetched or confirmed the page.
    pub verified_seq: u64,
}

impl CachedPage {
    pub fn record(&self) -> Result<PageRecord, serde_json::Error> {
        let stored: StoredRecord = serde_json::from_str(&self.record_json)?;
        let mut record = stored.record;
        if let Some(article) = &mut record.article {
            article.body = stored.body.into();
            if let Some(report) = &mut article.report {
                report.overview = stored.overview;
                report.text = stored.text;
            }
        }
        Ok(record)
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
            record_json: record_json(&page.record),
            verified_seq,
        }
    }

    /// The key the crawler looks the page up by.
    pub fn key(&self) -> String {
        page_key(&self.url)
    }
}

/// A record as the history keeps it: the JSON the reports write leaves out an article's body
/// and an annual report's texts (the rules read them), so they are kept beside it; a reused
/// record must read exactly as the fetched one did.
pub fn record_json(record: &PageRecord) -> String {
    let article = record.article.as_ref();
    let report = article.and_then(|a| a.report.as_ref());
    let stored = StoredRecord {
        record: record.clone(),
        // Held: only a lean crawl stores bodies in its temporary file, and it keeps no history.
        body: article
            .and_then(|a| a.body.held())
            .unwrap_or_default()
            .to_string(),
        overview: report.map(|r| r.overview.clone()).unwrap_or_default(),
        text: report.map(|r| r.text.clone()).unwrap_or_default(),
    };
    serde_json::to_string(&stored).expect("a page record always serialises")
}

#[derive(Serialize, Deserialize)]
struct StoredRecord {
    record: PageRecord,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    body: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    overview: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    text: String,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PageFetch, extract_page};
    use url::Url;

    #[test]
    fn a_stored_record_reads_back_whole() {
        let url = Url::parse("http://x.gov.cn/a/t1.html").unwrap();
        let html = r#"<html><head><meta name="ArticleTitle" content="关于某事项的通知"></head>
            <body><div id="zoom"><p>正文第一段。</p><p>联系电话：0513-88881234</p></div></body></html>"#;
        let page = CrawledPage {
            record: Box::new(extract_page(&url, html)),
            pagination_of: None,
            requested_url: None,
            fetch: PageFetch {
                etag: Some("\"e\"".into()),
                ..PageFetch::default()
            },
        };
        let article = page.record.article.as_ref().unwrap();
        assert!(!article.body.held().unwrap().is_empty());
        let cached = CachedPage::from_crawled(&page, 3);
        assert_eq!(cached.key(), "x.gov.cn:80/a/t1.html");
        assert_eq!(
            (cached.verified_seq, cached.etag.as_deref()),
            (3, Some("\"e\""))
        );
        assert_eq!(cached.record().unwrap(), *page.record);
        let broken = CachedPage {
            record_json: "{".into(),
            ..cached
        };
        assert!(broken.record().is_err());
    }
}
