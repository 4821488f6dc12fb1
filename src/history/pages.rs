//! A portal's pages in the store: loaded into the crawl's [`PageCache`] before a run, written
//! back from the crawl's pages after it. The parsed record is stored once per content hash, so
//! an unchanged page costs one small row a run.

use std::collections::HashMap;

use sha2::{Digest, Sha256};
use sqlx::{Any, Row, Transaction};

use super::store::Store;
use crate::crawl::cache::{CachedPage, PageCache, record_json};
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
    /// The parsed record (JSON), when the store may not have it yet.
    pub record_json: Option<String>,
}

impl PageRow {
    /// The row of a crawled page. The key is the URL the crawl asked for (what the next crawl
    /// looks up before requesting it). The record is kept only when the store lacks it (new
    /// content), so an unchanged portal costs no copies of its pages.
    pub fn of(page: &CrawledPage, cache: &PageCache) -> PageRow {
        let asked = page.requested_url.as_deref().unwrap_or(&page.record.url);
        let url_key = page_key(asked);
        let fetch = &page.fetch;
        // The wrapper keeps the texts the report JSON leaves out (an article's body …).
        let serialise = || record_json(&page.record);
        let (content_hash, record_json) = if fetch.content_hash.is_empty() {
            // A crawl that did not hash the body: the record's hash still deduplicates.
            let json = serialise();
            (hex(&Sha256::digest(json.as_bytes())), Some(json))
        } else {
            let stored = cache
                .pages
                .get(&url_key)
                .is_some_and(|c| c.content_hash == fetch.content_hash);
            (fetch.content_hash.clone(), (!stored).then(serialise))
        };
        PageRow {
            url_key,
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

/// A record as stored: deflate-compressed JSON (a page's text compresses several times over).
fn deflate(json: &str) -> Vec<u8> {
    use std::io::Write as _;
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder
        .write_all(json.as_bytes())
        .and_then(|()| encoder.finish())
        .expect("compressing into memory")
}

/// A stored record back as JSON; a corrupt one is a decode error naming what failed.
fn inflate(stored: &[u8]) -> Result<String, sqlx::Error> {
    use std::io::Read as _;
    let mut json = String::new();
    flate2::read::DeflateDecoder::new(stored)
        .read_to_string(&mut json)
        .map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    Ok(json)
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
/// record was pruned are left out: they are fetched again. Records read by another version of
/// gongkai are not used at all (its page reader may read pages differently): the first run
/// after an upgrade fetches everything.
pub async fn load_cache(
    store: &Store,
    portal_id: i64,
    run_seq: i64,
    reverify_every: u32,
) -> Result<PageCache, sqlx::Error> {
    let last_version: Option<String> = sqlx::query(
        "SELECT tool_version FROM runs WHERE portal_id = $1 AND status = 'completed' \
         ORDER BY seq DESC LIMIT 1",
    )
    .bind(portal_id)
    .fetch_optional(&store.pool)
    .await?
    .map(|row| row.try_get(0))
    .transpose()?;
    if last_version.is_some_and(|v| v != env!("CARGO_PKG_VERSION")) {
        return Ok(PageCache::new(run_seq.max(0) as u64, reverify_every));
    }
    let rows = sqlx::query(
        "SELECT p.url_key, p.url, p.kind, p.etag, p.last_modified, p.content_hash, p.verified_seq, r.record \
         FROM pages p JOIN page_records r ON r.portal_id = p.portal_id AND r.url_key = p.url_key \
         AND r.content_hash = p.content_hash \
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
                record_json: inflate(&row.try_get::<Vec<u8>, _>(7)?)?,
            },
        );
    }
    Ok(PageCache {
        run_seq: run_seq.max(0) as u64,
        reverify_every,
        pages,
    })
}

/// The cache the portal `key`'s next run would crawl with (empty for an unknown portal).
pub async fn next_cache(
    store: &Store,
    key: &str,
    reverify_every: u32,
) -> Result<PageCache, sqlx::Error> {
    let row = sqlx::query(
        "SELECT p.id, COALESCE(MAX(r.seq), 0) + 1 FROM portals p LEFT JOIN runs r ON r.portal_id = p.id \
         WHERE p.key = $1 GROUP BY p.id",
    )
    .bind(key)
    .fetch_optional(&store.pool)
    .await?;
    match row {
        Some(row) => load_cache(store, row.try_get(0)?, row.try_get(1)?, reverify_every).await,
        None => Ok(PageCache {
            run_seq: 1,
            reverify_every,
            pages: HashMap::new(),
        }),
    }
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
        match &row.record_json {
            Some(record) => {
                sqlx::query(
                    "INSERT INTO page_records (portal_id, url_key, content_hash, record, last_used_seq) \
                     VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (portal_id, url_key, content_hash) DO UPDATE SET last_used_seq = excluded.last_used_seq",
                )
                .bind(portal_id)
                .bind(&row.url_key)
                .bind(&row.content_hash)
                .bind(deflate(record))
                .bind(seq)
                .execute(&mut **tx)
                .await?;
            }
            // Unchanged: the stored record serves this run too. (Were it pruned meanwhile,
            // the page has no record and is fetched next time.)
            None => {
                sqlx::query(
                    "UPDATE page_records SET last_used_seq = $1 \
                     WHERE portal_id = $2 AND url_key = $3 AND content_hash = $4",
                )
                .bind(seq)
                .bind(portal_id)
                .bind(&row.url_key)
                .bind(&row.content_hash)
                .execute(&mut **tx)
                .await?;
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::Portal;
    use crate::history::record::portal_id;

    fn row(key: &str, source: PageSource, etag: Option<&str>, hash: &str) -> PageRow {
        PageRow {
            url_key: key.to_string(),
            url: format!("http://{key}"),
            kind: PageKind::Article,
            status: 200,
            etag: etag.map(str::to_string),
            last_modified: None,
            content_hash: hash.to_string(),
            source,
            record_json: (source == PageSource::Fetched)
                .then(|| format!("{{\"hash\":\"{hash}\"}}")),
        }
    }

    async fn store_run(store: &Store, portal: i64, seq: i64, rows: &[PageRow]) {
        let cache = load_cache(store, portal, seq, 7).await.unwrap();
        let mut tx = store.begin_write().await.unwrap();
        store_pages(&mut tx, portal, seq, rows, &cache)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }

    /// Fetched and 304-confirmed pages are verified by the run; a reused one keeps the run
    /// that last verified it, and its stored validators.
    #[tokio::test]
    async fn verification_follows_the_page_source() {
        let dir = tempfile::tempdir().unwrap();
        let location = dir.path().join("h.sqlite");
        let store = Store::open(location.to_str().unwrap()).await.unwrap();
        let portal = Portal::of_url(&url::Url::parse("http://a.gov.cn/").unwrap(), None);
        let id = portal_id(&store, &portal).await.unwrap();
        store_run(
            &store,
            id,
            1,
            &[
                row("a.gov.cn:80/a", PageSource::Fetched, Some("a1"), "h1"),
                row("a.gov.cn:80/b", PageSource::Fetched, Some("b1"), "h2"),
            ],
        )
        .await;
        store_run(
            &store,
            id,
            2,
            &[
                row("a.gov.cn:80/a", PageSource::NotModified, None, "h1"),
                row("a.gov.cn:80/b", PageSource::Reused, None, "h2"),
            ],
        )
        .await;
        let cache = load_cache(&store, id, 3, 7).await.unwrap();
        assert_eq!(cache.run_seq, 3);
        let a = &cache.pages["a.gov.cn:80/a"];
        assert_eq!((a.verified_seq, a.etag.as_deref()), (2, Some("a1")));
        let b = &cache.pages["a.gov.cn:80/b"];
        assert_eq!((b.verified_seq, b.etag.as_deref()), (1, Some("b1")));
        assert_eq!(b.record_json, "{\"hash\":\"h2\"}");
        // An edited page: a new record under its new hash.
        store_run(
            &store,
            id,
            3,
            &[row("a.gov.cn:80/a", PageSource::Fetched, Some("a2"), "h3")],
        )
        .await;
        let cache = load_cache(&store, id, 4, 7).await.unwrap();
        assert_eq!(cache.pages["a.gov.cn:80/a"].content_hash, "h3");
        assert_eq!(cache.pages.len(), 2);
    }
}
