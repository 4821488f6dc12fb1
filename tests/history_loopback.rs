//! The run history over loopback HTTP, against both backends: the fixture portal served as
//! night 1 (fixtures/history/v1) then night 2 (v2) on one port, and a `gongkai check --db` run
//! killed with SIGKILL mid-crawl that must never become the baseline.

mod common;
use common::files::publish_history;
#[path = "support/db.rs"]
mod db;

use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use axum::body::Body;
use axum::http::Request;
use axum::middleware::{Next, from_fn};
use chrono::NaiveDate;
use gongkai::finding::FindingStatus;
use gongkai::history::{HistoryOptions, Portal, RunStatus, Store, run_recorded};
use gongkai::{Report, RunOptions, Target};
use url::Url;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 12, d).unwrap()
}

/// A loopback portal over a folder whose content a test swaps between nights; while `slow`
/// is set, every page but the home page takes a minute to answer.
struct LoopbackPortal {
    root: tempfile::TempDir,
    addr: SocketAddr,
    slow: Arc<AtomicBool>,
    requests: Arc<AtomicUsize>,
    server: tokio::task::JoinHandle<()>,
}

impl LoopbackPortal {
    async fn start(version: &str) -> LoopbackPortal {
        let root = tempfile::tempdir().unwrap();
        publish_history(root.path(), version);
        let slow = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(AtomicUsize::new(0));
        let (slow_flag, counter) = (Arc::clone(&slow), Arc::clone(&requests));
        let router = common::serve::static_router(root.path())
            .unwrap()
            .layer(from_fn(move |request: Request<Body>, next: Next| {
                let slow = slow_flag.load(Ordering::SeqCst);
                counter.fetch_add(1, Ordering::SeqCst);
                async move {
                    if slow && !matches!(request.uri().path(), "/" | "/robots.txt") {
                        tokio::time::sleep(Duration::from_secs(60)).await;
                    }
                    next.run(request).await
                }
            }));
        let (addr, server) = common::serve::start(router, 0).await.unwrap();
        LoopbackPortal {
            root,
            addr,
            slow,
            requests,
            server,
        }
    }

    fn url(&self) -> Url {
        Url::parse(&format!("http://{}/", self.addr)).unwrap()
    }

    fn portal(&self) -> Portal {
        Portal::of_url(&self.url(), None)
    }

    fn options(&self, as_of: NaiveDate) -> RunOptions {
        let mut options = RunOptions::new(Target::Url(self.url()), as_of);
        options.http.rate = None;
        options
    }
}

impl Drop for LoopbackPortal {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Every article verified every night (a removed article must be seen to fail the next
/// night; the rolling schedule is tests/incremental.rs's business).
async fn record(site: &LoopbackPortal, store: &Store, as_of: NaiveDate) -> Report {
    let every_night = HistoryOptions {
        reverify_every: 1,
        ..HistoryOptions::default()
    };
    run_recorded(site.options(as_of), store, &site.portal(), &every_night)
        .await
        .unwrap()
}

fn status(report: &Report, rule: &str, url_end: &str) -> Option<(FindingStatus, NaiveDate)> {
    report
        .findings
        .iter()
        .find(|f| f.rule == rule && f.url.ends_with(url_end))
        .map(|f| (f.status.unwrap(), f.first_seen.unwrap()))
}

#[tokio::test]
async fn two_nights_over_http() {
    for db in db::backends().await {
        let site = LoopbackPortal::start("v1").await;
        let store = Store::open(&db.location).await.unwrap();
        let first = record(&site, &store, day(1)).await;
        assert!(first.crawl.complete, "{db:?}");
        publish_history(site.root.path(), "v2");
        let before = site.requests.load(Ordering::SeqCst);
        let second = record(&site, &store, day(2)).await;
        // The server saw exactly the requests the report counts: robots.txt and one per page
        // read or failed (every page of v1 changed or went, so none answered 304 here; the
        // unchanged case is tests/incremental.rs).
        let asked = site.requests.load(Ordering::SeqCst) - before;
        let stats = &second.crawl.stats;
        assert_eq!(stats.requests as usize, asked, "{db:?}: {stats:?}");
        assert_eq!(
            asked,
            1 + stats.pages_fetched + stats.pages_failed,
            "{db:?}: {stats:?}"
        );
        let history = second.history.as_ref().unwrap();
        assert_eq!(
            (
                history.counts.new,
                history.counts.fixed,
                history.counts.unverified
            ),
            (4, 1, 2),
            "{db:?}: {:?}",
            history.counts
        );
        assert!(history.fixed[0].url.ends_with("/col/col2866/index.html"));
        assert!(
            history
                .unverified
                .iter()
                .all(|f| f.url.ends_with("/art/2025/8/4/art_2871_3421.html"))
        );
        assert_eq!(
            status(
                &second,
                "disclosure-date-missing",
                "/art/2025/11/10/art_2871_3460.html"
            ),
            Some((FindingStatus::New, day(2)))
        );
        assert_eq!(
            status(&second, "link-broken", "/col/col2869/index.html"),
            Some((FindingStatus::Open, day(1)))
        );
        // The pages of night 2 are what the store knows for night 3.
        let runs = store.runs(Some(site.url().as_str())).await.unwrap();
        assert_eq!(runs.len(), 2, "{db:?}");
    }
}

/// The run ids and statuses of the store's runs.
async fn run_statuses(location: &str) -> Vec<(i64, RunStatus)> {
    let store = Store::open(location).await.unwrap();
    let runs = store.runs(None).await.unwrap();
    runs.iter().map(|r| (r.id, r.status)).collect()
}

#[tokio::test]
async fn a_run_killed_mid_crawl_is_never_the_baseline() {
    for db in db::backends().await {
        let site = LoopbackPortal::start("v1").await;
        let store = Store::open(&db.location).await.unwrap();
        let first = record(&site, &store, day(1)).await;
        let first_id = first.history.as_ref().unwrap().run_id;

        // Night 2 on a portal that hangs: the process is killed with SIGKILL mid-crawl.
        publish_history(site.root.path(), "v2");
        site.slow.store(true, Ordering::SeqCst);
        let before = site.requests.load(Ordering::SeqCst);
        let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args(["check", site.url().as_str(), "--rate", "0", "-q"])
            .args(["--as-of", "2025-12-02", "--db", &db.location])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Wait until it is crawling (robots.txt and the home page answered, the next page hangs).
        let mut waited = 0;
        while site.requests.load(Ordering::SeqCst) < before + 3 {
            assert!(waited < 600, "{db:?}: the killed run never crawled");
            tokio::time::sleep(Duration::from_millis(100)).await;
            waited += 1;
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let statuses = run_statuses(&db.location).await;
        assert_eq!(statuses.len(), 2, "{db:?}: {statuses:?}");
        assert_eq!(statuses[1].1, RunStatus::Running, "{db:?}");

        // Night 3 compares with night 1, the last completed run.
        site.slow.store(false, Ordering::SeqCst);
        let third = record(&site, &store, day(3)).await;
        let history = third.history.as_ref().unwrap();
        assert_eq!(
            history.previous_run.as_ref().map(|r| r.id),
            Some(first_id),
            "{db:?}"
        );
        assert_eq!(
            (history.counts.fixed, history.counts.unverified),
            (1, 2),
            "{db:?}"
        );
        assert_eq!(
            status(&third, "link-broken", "/col/col2869/index.html"),
            Some((FindingStatus::Open, day(1)))
        );
        let statuses = run_statuses(&db.location).await;
        assert_eq!(
            statuses.iter().map(|s| s.1).collect::<Vec<_>>(),
            [
                RunStatus::Completed,
                RunStatus::Running,
                RunStatus::Completed
            ]
        );
    }
}
