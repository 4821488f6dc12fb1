//! A portal's pages in the store: loaded into the crawl's [`PageCache`] before a run, written
//! back from the crawl's pages after it. The parsed record is stored once per content hash, so
//! an unchanged page costs one small row a run.

use std::collections::HashMap;

use sha2::{Digest, Sha256};
use sqlx::{Any, Row, Transaction};

use super::store::Store;
use crate::crawl::cache::{CachedPage, PageCache};
use crate::model::links::page_key;
use crate::model::page::PageKind;
use crate::model::{CrawledPage, PageSource};

/// What of one crawled page is stored, taken from the crawl before the audit consumes it.
#[derive(Debug, Clone)]
pub struct PageRow {
    pub url_key: String,
    pub url: String,
    pub kind: PageKind,
    pub status: i64,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_hash: String,
    pub source: PageSource,
    pub record_json: String,
}

impl PageRow {
    /// The row of a crawled page. The key is the URL the crawl asked for (what the next crawl
    /// looks up before requesting it).
    pub fn of(page: &CrawledPage) -> PageRow {
        let asked = page.requested_url.as_deref().unwrap_or(&page.record.url);
        let record_json = serde_json::to_string(&page.record).expect("a page record serialises");
        let fetch = &page.fetch;
        let content_hash = if fetch.content_hash.is_empty() {
            // A crawl that did not hash the body: the record's hash still deduplicates.
            hex(&Sha256::digest(record_json.as_bytes()))
        } else {
            fetch.content_hash.clone()
        };
        PageRow {
            url_key: page_key(asked),
            url: page.record.url.clone(),
            kind: page.record.kind,
            status: if fetch.status == 0 {
                200
            } else {
                i64::from(fetch.status)
            },
            etag: fetch.etag.clone(),
            last_modified: fetch.last_modified.clone(),
            content_hash,
            source: fetch.source,
            record_json,
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn kind_name(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Article => "article",
        PageKind::List => "list",
        PageKind::Other => "other",
    }
}

fn kind_of(name: &str) -> PageKind {
    match name {
        "article" => PageKind::Article,
        "list" => PageKind::List,
        _ => PageKind::Other,
    }
}

/// What the store knows of the portal's pages, for the run numbered `run_seq`. Pages whose
/// record was pruned are left out: they are fetched again.
pub async fn load_cache(
    store: &Store,
    portal_id: i64,
    run_seq: i64,
    reverify_every: u32,
) -> Result<PageCache, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT p.url_key, p.url, p.kind, p.etag, p.last_modified, p.content_hash, p.verified_seq, r.record \
         FROM pages p JOIN page_records r ON r.portal_id = p.portal_id AND r.content_hash = p.content_hash \
         WHERE p.portal_id = $1",
    )
    .bind(portal_id)
    .fetch_all(&store.pool)
    .await?;
    let mut pages = HashMap::with_capacity(rows.len());
    for row in rows {
        let key: String = row.try_get(0)?;
        let kind: String = row.try_get(2)?;
        pages.insert(
            key,
            CachedPage {
                url: row.try_get(1)?,
                kind: kind_of(&kind),
                etag: row.try_get(3)?,
                last_modified: row.try_get(4)?,
                content_hash: row.try_get(5)?,
                verified_seq: row.try_get::<i64, _>(6)?.max(0) as u64,
                record_json: row.try_get(7)?,
            },
        );
    }
    Ok(PageCache {
        run_seq: run_seq.max(0) as u64,
        reverify_every,
        pages,
    })
}

/// Writes this run's pages: a fetched or 304-confirmed page is verified by this run; a page
/// reused without a request keeps the run that last verified it.
pub async fn store_pages(
    tx: &mut Transaction<'static, Any>,
    portal_id: i64,
    seq: i64,
    rows: &[PageRow],
    cache: &PageCache,
) -> Result<(), sqlx::Error> {
    for row in rows {
        let cached = cache.pages.get(&row.url_key);
        let verified_seq = match (row.source, cached) {
            (PageSource::Reused, Some(c)) => c.verified_seq as i64,
            _ => seq,
        };
        // A reused page's validators are the stored ones when the crawl did not copy them.
        let (etag, last_modified) = match (row.source, cached) {
            (PageSource::Reused | PageSource::NotModified, Some(c))
                if row.etag.is_none() && row.last_modified.is_none() =>
            {
                (c.etag.clone(), c.last_modified.clone())
            }
            _ => (row.etag.clone(), row.last_modified.clone()),
        };
        sqlx::query(
            "INSERT INTO page_records (portal_id, content_hash, record, last_used_seq) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (portal_id, content_hash) DO UPDATE SET last_used_seq = excluded.last_used_seq",
        )
        .bind(portal_id)
        .bind(&row.content_hash)
        .bind(&row.record_json)
        .bind(seq)
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "INSERT INTO pages (portal_id, url_key, url, kind, status, etag, last_modified, content_hash, verified_seq, last_seen_seq) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (portal_id, url_key) DO UPDATE SET url = excluded.url, kind = excluded.kind, \
             status = excluded.status, etag = excluded.etag, last_modified = excluded.last_modified, \
             content_hash = excluded.content_hash, verified_seq = excluded.verified_seq, \
             last_seen_seq = excluded.last_seen_seq",
        )
        .bind(portal_id)
        .bind(&row.url_key)
        .bind(&row.url)
        .bind(kind_name(row.kind))
        .bind(row.status)
        .bind(etag)
        .bind(last_modified)
        .bind(&row.content_hash)
        .bind(verified_seq)
        .bind(seq)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
