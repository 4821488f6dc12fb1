//! The incremental re-crawl over loopback (issue 13): the demo portal is copied to a temporary
//! folder and served by the binary's own server, which answers conditional requests like a
//! real web server. A first crawl fills a page cache the way the history store does
//! ([`PageCache::after`]); later crawls re-check with it while the folder is edited in place.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use gongkai::app::{RunOptions, Target, audit};
use gongkai::crawl::cache::PageCache;
use gongkai::crawl::fetch::{Fetch, Resource, Validators};
use gongkai::crawl::http::{HttpFetcher, HttpOptions};
use gongkai::crawl::mirror::MirrorFetcher;
use gongkai::crawl::schedule::{is_due, slot};
use gongkai::crawl::{CrawlOptions, CrawlOutput, crawl};
use gongkai::model::links::page_key;
use gongkai::model::{PageKind, PageSource};
use url::Url;

mod common;
use common::files::copy_tree;
use common::serve::{start, static_router};

const EVERY: u32 = 7;

/// The demo portal in a temporary folder (editable), served on 127.0.0.1.
struct Portal {
    dir: tempfile::TempDir,
    base: Url,
}

impl Portal {
    async fn serve() -> Portal {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo-portal");
        copy_tree(&fixture, dir.path());
        let (addr, _server) = start(static_router(dir.path()).unwrap(), 0).await.unwrap();
        let base = Url::parse(&format!("http://{addr}/")).unwrap();
        Portal { dir, base }
    }

    fn file(&self, path: &str) -> std::path::PathBuf {
        self.dir.path().join(path)
    }

    fn url(&self, path: &str) -> String {
        self.base.join(path).unwrap().to_string()
    }

    /// Rewrites a file, replacing `from` with `to` (which must occur).
    fn edit(&self, path: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.file(path)).unwrap();
        assert!(text.contains(from), "{path} lacks {from}");
        std::fs::write(self.file(path), text.replace(from, to)).unwrap();
    }

    async fn crawl(&self, cache: Option<&PageCache>) -> CrawlOutput {
        let http = HttpOptions {
            rate: None,
            timeout: Duration::from_secs(5),
            backoff: Duration::from_millis(20),
            ..HttpOptions::default()
        };
        let options = CrawlOptions {
            cache: cache.map(|c| Arc::new(c.clone())),
            ..CrawlOptions::default()
        };
        let fetcher = Arc::new(HttpFetcher::new(http).unwrap());
        crawl(fetcher, self.base.clone(), &options).await.unwrap()
    }
}

/// The cache a first crawl (run 1) leaves for run 2.
fn first_cache(output: &CrawlOutput) -> PageCache {
    PageCache::new(0, EVERY).after(&output.pages, 1)
}

fn count(output: &CrawlOutput, source: PageSource) -> usize {
    output
        .pages
        .iter()
        .filter(|p| p.fetch.source == source)
        .count()
}

fn find_page<'a>(output: &'a CrawlOutput, url: &str) -> Option<&'a gongkai::model::CrawledPage> {
    output.pages.iter().find(|p| p.record.url == url)
}

/// The report without its crawl section (counts and timings differ by design).
fn audited(output: CrawlOutput, base: &Url) -> serde_json::Value {
    let as_of = NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
    let options = RunOptions::new(Target::Url(base.clone()), as_of);
    let report = audit(&options, output);
    let mut value = serde_json::to_value(&report).unwrap();
    value.as_object_mut().unwrap().remove("crawl");
    value
}

/// Where two JSON values first differ, for a readable failure.
fn difference(a: &serde_json::Value, b: &serde_json::Value, path: &str) -> Option<String> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().find_map(|k| match (x.get(k), y.get(k)) {
                (Some(p), Some(q)) => difference(p, q, &format!("{path}.{k}")),
                _ => Some(format!("{path}.{k}: only on one side")),
            })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| difference(p, q, &format!("{path}[{i}]"))),
        (Value::Array(x), Value::Array(y)) => {
            let only = |x: &Vec<Value>, y: &Vec<Value>| -> Vec<String> {
                x.iter()
                    .filter(|v| !y.contains(v))
                    .map(|v| v.to_string().chars().take(300).collect())
                    .collect()
            };
            Some(format!(
                "{path}: {} ≠ {} items; only left {:?}; only right {:?}",
                x.len(),
                y.len(),
                only(x, y),
                only(y, x)
            ))
        }
        _ if a == b => None,
        _ => Some(format!("{path}: {a} ≠ {b}")),
    }
}

fn assert_same_report(a: CrawlOutput, b: CrawlOutput, base: &Url) {
    let (a, b) = (audited(a, base), audited(b, base));
    if let Some(diff) = difference(&a, &b, "") {
        panic!("reports differ at {diff}");
    }
}

fn robots_bytes(portal: &Portal) -> u64 {
    std::fs::metadata(portal.file("robots.txt")).unwrap().len()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unchanged_portal_is_rechecked_with_few_requests_and_the_same_findings() {
    let portal = Portal::serve().await;
    let full = portal.crawl(None).await;
    // Every page of a full crawl carries what the next run needs.
    for page in &full.pages {
        let fetch = &page.fetch;
        assert_eq!(fetch.source, PageSource::Fetched);
        assert_eq!((fetch.status, fetch.content_hash.len()), (200, 64));
        assert!(fetch.etag.is_some() && fetch.last_modified.is_some());
        assert!(fetch.bytes > 0, "{}", page.record.url);
    }
    let page_bytes: u64 = full.pages.iter().map(|p| p.fetch.bytes).sum();
    assert_eq!(full.stats.bytes, page_bytes + robots_bytes(&portal));
    let failed_requests: u32 = full.errors.iter().map(|e| e.attempts).sum();
    assert_eq!(
        full.stats.requests as usize,
        1 + full.pages.len() + failed_requests as usize
    );

    let cache = first_cache(&full);
    let again = portal.crawl(Some(&cache)).await;
    let articles_not_due = cache
        .pages
        .iter()
        .filter(|(key, c)| c.kind == PageKind::Article && !is_due(key, 1, 2, EVERY))
        .count();
    assert!(articles_not_due > 20, "{articles_not_due}");
    assert_eq!(again.pages.len(), full.pages.len());
    assert_eq!(again.stats.reused, articles_not_due);
    assert_eq!(count(&again, PageSource::Reused), articles_not_due);
    assert_eq!(
        again.stats.not_modified,
        full.pages.len() - articles_not_due,
        "lists, hubs and due articles are asked and answered 304"
    );
    assert_eq!(count(&again, PageSource::Fetched), 0);
    // robots.txt, one conditional request per page not reused, the dead link again.
    assert_eq!(
        again.stats.requests as usize,
        1 + again.stats.not_modified + failed_requests as usize
    );
    assert_eq!(again.stats.bytes, robots_bytes(&portal));
    assert_eq!(again.errors, full.errors);
    // Stored validators and hashes carry over.
    for page in &again.pages {
        let before = find_page(&full, &page.record.url).unwrap();
        assert_eq!(page.fetch.content_hash, before.fetch.content_hash);
        assert_eq!(page.fetch.etag, before.fetch.etag);
        assert_eq!(page.fetch.bytes, 0);
    }

    assert_same_report(again, full, &portal.base);
}

#[tokio::test(flavor = "multi_thread")]
async fn new_edited_and_failing_pages_are_seen_on_time() {
    let portal = Portal::serve().await;
    let full = portal.crawl(None).await;
    let mut cache = first_cache(&full);

    // An article edited in place, its list unchanged.
    let edited_path = "gzdt/202509/t20250912_1006.html";
    let edited = portal.url(edited_path);
    portal.edit(
        edited_path,
        "中秋节前市场周边环境整治",
        "中秋国庆节前市场周边环境整治",
    );
    // A new article at the head of a list.
    let new_path = "gzdt/202511/t20251125_1008.html";
    let template = std::fs::read_to_string(portal.file("gzdt/202511/t20251120_1000.html")).unwrap();
    std::fs::write(portal.file(new_path), template).unwrap();
    portal.edit(
        "gzdt/index.html",
        "<ul class=\"list\">",
        "<ul class=\"list\">\n    <li><span class=\"date\">2025-11-25</span><a href=\"/gzdt/202511/t20251125_1008.html\">新文章</a></li>",
    );
    // An article that is due at run 2 now answers 404. Which articles are due depends on
    // their keys, and so on the server's port: any article but the edited one may be it (one
    // in seven is due at a run, so among the portal's dozens some always is).
    let gone = full
        .pages
        .iter()
        .map(|p| &p.record)
        .find(|r| {
            r.kind == PageKind::Article && r.url != edited && is_due(&page_key(&r.url), 1, 2, EVERY)
        })
        .expect("some article is due at run 2")
        .url
        .clone();
    let gone_path = Url::parse(&gone)
        .unwrap()
        .path()
        .trim_start_matches('/')
        .to_string();
    std::fs::remove_file(portal.file(&gone_path)).unwrap();

    let edited_key = page_key(&edited);
    let due_run = (2..2 + u64::from(EVERY))
        .find(|run| is_due(&edited_key, 1, *run, EVERY))
        .unwrap();
    assert_eq!(due_run % u64::from(EVERY), slot(&edited_key, EVERY));
    let mut caught_at = None;
    for run in 2..2 + u64::from(EVERY) {
        let output = portal.crawl(Some(&cache)).await;
        let new = find_page(&output, &portal.url(new_path));
        if run == 2 {
            let new = new.expect("a new article is fetched the run it appears");
            assert_eq!(new.fetch.source, PageSource::Fetched);
            let error = output.errors.iter().find(|e| e.url == gone).expect("404");
            assert_eq!(error.status, Some(404));
            assert!(
                find_page(&output, &gone).is_none(),
                "never taken from the cache"
            );
        } else {
            assert_ne!(new.unwrap().fetch.source, PageSource::Fetched);
        }
        let page = find_page(&output, &edited).unwrap();
        let (title, source) = (&page.record.title, page.fetch.source);
        if title.contains("中秋国庆") && caught_at.is_none() {
            assert_eq!(source, PageSource::Fetched, "run {run}");
            caught_at = Some(run);
        } else if caught_at.is_none() {
            assert_eq!(source, PageSource::Reused, "run {run}");
        } else {
            assert!(title.contains("中秋国庆"));
            assert_ne!(source, PageSource::Fetched, "run {run}");
        }
        cache = cache.after(&output.pages, run);
    }
    assert_eq!(caught_at, Some(due_run), "caught on the run it is due");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreadable_stored_record_is_fetched_again() {
    let portal = Portal::serve().await;
    let full = portal.crawl(None).await;
    let mut cache = first_cache(&full);
    let (key, broken) = cache
        .pages
        .iter_mut()
        .find(|(key, c)| c.kind == PageKind::Article && !is_due(key, 1, 2, EVERY))
        .unwrap();
    let (key, url) = (key.clone(), broken.url.clone());
    broken.record_json = "{\"url\": 1".to_string();
    let again = portal.crawl(Some(&cache)).await;
    let page = find_page(&again, &url).unwrap_or_else(|| panic!("{key}"));
    assert_eq!(page.fetch.source, PageSource::Fetched);
    assert!(page.fetch.bytes > 0);
    assert_eq!(again.stats.reused, count(&again, PageSource::Reused));
    assert_same_report(again, full, &portal.base);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_server_answers_conditional_requests() {
    let portal = Portal::serve().await;
    let fetcher = HttpFetcher::new(HttpOptions {
        rate: None,
        ..HttpOptions::default()
    })
    .unwrap();
    let url = Url::parse(&portal.url("gzdt/index.html")).unwrap();
    let first = fetcher.fetch(&url).await.unwrap();
    let etag = first.etag.clone().expect("an ETag");
    let date = first.last_modified.clone().expect("a Last-Modified");
    assert!(etag.starts_with('"') && !first.not_modified && !first.body.is_empty());
    let ask = |etag: Option<&str>, date: Option<&str>| Validators {
        etag: etag.map(str::to_string),
        last_modified: date.map(str::to_string),
    };
    for validators in [
        ask(Some(&etag), None),
        ask(None, Some(&date)),
        ask(Some(&etag), Some(&date)),
    ] {
        let answer = fetcher
            .fetch_if(&url, Resource::Page, &validators)
            .await
            .unwrap();
        assert!(answer.not_modified, "{validators:?}");
        assert_eq!(
            (answer.status, answer.attempts, answer.body.len()),
            (304, 1, 0)
        );
        assert_eq!(answer.etag.as_deref(), Some(etag.as_str()));
    }
    // A stale ETag wins over a current date.
    let stale = fetcher
        .fetch_if(&url, Resource::Page, &ask(Some("\"old\""), Some(&date)))
        .await
        .unwrap();
    assert!(!stale.not_modified);
    assert_eq!(stale.body, first.body);
    // An edit changes the ETag.
    portal.edit("gzdt/index.html", "工作动态", "工作动态 ");
    let edited = fetcher
        .fetch_if(&url, Resource::Page, &ask(Some(&etag), None))
        .await
        .unwrap();
    assert!(!edited.not_modified && edited.etag != Some(etag));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_saved_folder_is_rechecked_the_same_way() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo-portal");
    let site = Url::parse("http://cgj.minghu.gov.cn/").unwrap();
    let mirror = || Arc::new(MirrorFetcher::new(&dir, site.clone()).unwrap());
    let full = crawl(mirror(), site.clone(), &CrawlOptions::default())
        .await
        .unwrap();
    let cache = first_cache(&full);
    let options = CrawlOptions {
        cache: Some(Arc::new(cache)),
        ..CrawlOptions::default()
    };
    let again = crawl(mirror(), site.clone(), &options).await.unwrap();
    assert_eq!(count(&again, PageSource::Fetched), 0);
    assert!(again.stats.reused > 20);
    assert_eq!(
        again.stats.reused + again.stats.not_modified,
        full.pages.len()
    );
    assert_same_report(again, full, &site);
}
