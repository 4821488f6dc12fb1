//! The run history against both backends (SQLite always; PostgreSQL when
//! `GONGKAI_TEST_POSTGRES` names a server, see tests/support/db.rs): statuses across runs of
//! the fixture portal (fixtures/history/v1, v2), killed runs, concurrent runs, `diff`.

#[path = "support/db.rs"]
mod db;

use std::path::PathBuf;

use chrono::NaiveDate;
use gongkai::finding::FindingStatus;
use gongkai::history::{HistoryOptions, Portal, RunStatus, Store, run_recorded};
use gongkai::{Finding, Report, RunOptions, Target};
use sqlx::Row;
use url::Url;

const SITE: &str = "http://zrzyj.minghu.gov.cn/";

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 12, d).unwrap()
}

fn fixture(version: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/history")
        .join(version)
}

fn portal() -> Portal {
    Portal::of_url(&Url::parse(SITE).unwrap(), None)
}

/// The saved fixture portal `version` as of `as_of`.
fn folder_options(version: &str, as_of: NaiveDate) -> RunOptions {
    let target = Target::Folder {
        path: fixture(version),
        site_url: Url::parse(SITE).unwrap(),
    };
    RunOptions::new(target, as_of)
}

/// Every article verified every night: these tests are about statuses, not the rolling
/// schedule (with it, a removed article is reused unseen until its turn comes; see
/// tests/incremental.rs).
fn every_night() -> HistoryOptions {
    HistoryOptions {
        reverify_every: 1,
        ..HistoryOptions::default()
    }
}

async fn record(store: &Store, version: &str, as_of: NaiveDate) -> Report {
    run_recorded(
        folder_options(version, as_of),
        store,
        &portal(),
        &every_night(),
    )
    .await
    .unwrap()
}

/// The finding of `rule` whose URL ends with `url_end`.
fn finding<'a>(findings: &'a [Finding], rule: &str, url_end: &str) -> &'a Finding {
    findings
        .iter()
        .find(|f| f.rule == rule && f.url.ends_with(url_end))
        .unwrap_or_else(|| panic!("no {rule} finding at …{url_end}"))
}

fn status_of(report: &Report, rule: &str, url_end: &str) -> (FindingStatus, NaiveDate) {
    let f = finding(&report.findings, rule, url_end);
    (f.status.unwrap(), f.first_seen.unwrap())
}

/// Distinct problems (fingerprints) among `findings`; parts not checked are not problems (the
/// diff's counts leave them out).
fn problems(findings: &[Finding]) -> usize {
    findings
        .iter()
        .filter(|f| f.outcome != gongkai::finding::Outcome::NotChecked)
        .map(|f| &f.fingerprint)
        .collect::<std::collections::HashSet<_>>()
        .len()
}

const GUIDE: &str = "/col/col2866/index.html";
const GONE: &str = "/art/2025/8/4/art_2871_3421.html";
const ADDED: &str = "/art/2025/11/10/art_2871_3460.html";

#[tokio::test]
async fn statuses_follow_the_portal_across_three_nights() {
    for db in db::backends().await {
        let store = Store::open(&db.location).await.unwrap();

        let first = record(&store, "v1", day(1)).await;
        let history = first.history.as_ref().unwrap();
        assert!(history.previous_run.is_none(), "{db:?}");
        assert!(
            first
                .findings
                .iter()
                .all(|f| f.status == Some(FindingStatus::New) && f.first_seen == Some(day(1))),
            "{db:?}"
        );
        assert_eq!(history.counts.new, problems(&first.findings), "{db:?}");
        assert_eq!(history.counts.longest_open_working_days, 0);

        // Night 2: one problem fixed, one page gone (its problems unverified), one article new.
        let second = record(&store, "v2", day(2)).await;
        let history = second.history.as_ref().unwrap();
        assert_eq!(
            history.previous_run.as_ref().map(|r| r.id),
            Some(first.history.as_ref().unwrap().run_id),
            "{db:?}"
        );
        let fixed: Vec<(&str, &str)> = history
            .fixed
            .iter()
            .map(|f| (&*f.rule, f.url.as_str()))
            .collect();
        assert_eq!(
            fixed,
            [(
                "link-broken",
                &format!("http://zrzyj.minghu.gov.cn{GUIDE}")[..]
            )],
            "{db:?}"
        );
        let mut unverified: Vec<&str> = history.unverified.iter().map(|f| &*f.rule).collect();
        unverified.sort();
        assert_eq!(
            unverified,
            ["disclosure-date-missing", "interpretation-missing"],
            "{db:?}"
        );
        assert!(history.unverified.iter().all(|f| f.url.ends_with(GONE)
            && f.status == Some(FindingStatus::Unverified)
            && f.first_seen == Some(day(1))));
        assert_eq!(
            status_of(&second, "disclosure-date-missing", ADDED),
            (FindingStatus::New, day(2))
        );
        assert_eq!(
            status_of(&second, "interpretation-missing", ADDED),
            (FindingStatus::New, day(2))
        );
        assert_eq!(
            status_of(&second, "link-broken", GONE),
            (FindingStatus::New, day(2))
        );
        assert_eq!(
            status_of(&second, "link-broken", "/col/col2869/index.html"),
            (FindingStatus::Open, day(1))
        );
        let open: Vec<Finding> = second
            .findings
            .iter()
            .filter(|f| f.status == Some(FindingStatus::Open))
            .cloned()
            .collect();
        let open = problems(&open);
        assert_eq!(open, problems(&first.findings) - 3, "{db:?}");
        assert_eq!(history.counts.open, open);
        assert_eq!(history.counts.new, 4, "{db:?}: {:?}", history.counts);
        assert_eq!(
            (
                history.counts.fixed,
                history.counts.unverified,
                history.counts.reopened
            ),
            (1, 2, 0)
        );
        // Monday 1 December to Tuesday 2 December.
        assert_eq!(history.counts.longest_open_working_days, 1);

        // Night 3: back to v1. The fixed problem is back (reopened, seen anew); the gone
        // page's problems were unverified, not fixed: still open since night 1.
        let third = record(&store, "v1", day(3)).await;
        let history = third.history.as_ref().unwrap();
        assert_eq!(
            status_of(&third, "link-broken", GUIDE),
            (FindingStatus::Reopened, day(3))
        );
        assert_eq!(
            status_of(&third, "disclosure-date-missing", GONE),
            (FindingStatus::Open, day(1))
        );
        assert_eq!(history.counts.reopened, 1);
        assert_eq!(history.counts.fixed, 4, "{db:?}: {:?}", history.fixed);
        assert_eq!(history.counts.unverified, 0);
        assert_eq!(history.counts.longest_open_working_days, 2);

        // The runs as `gongkai history` lists them, and `gongkai diff`.
        let runs = store.runs(Some(SITE)).await.unwrap();
        assert_eq!(runs.len(), 3, "{db:?}");
        assert!(
            runs.iter()
                .all(|r| r.status == RunStatus::Completed && r.crawl_complete)
        );
        assert_eq!(runs[1].counts, second.history.as_ref().unwrap().counts);
        assert_eq!(runs[0].as_of, day(1));
        assert!(runs[0].problems > 0 && runs[0].score.is_some());
        assert_eq!(
            store
                .runs(Some("http://elsewhere.gov.cn/"))
                .await
                .unwrap()
                .len(),
            0
        );
        assert_eq!(store.portals().await.unwrap(), vec![portal()]);
        let diff = store.diff(runs[0].id, runs[1].id).await.unwrap();
        assert_eq!(diff.fixed.len(), 1);
        assert_eq!(diff.unverified.len(), 2);
        assert_eq!(diff.new.len(), 4);
        assert_eq!(diff.still_open.len(), open);
        let error = store.diff(runs[0].id, 999).await.unwrap_err();
        assert!(error.to_string().contains("999"), "{error}");
        assert_eq!(error.exit_code(), 2);
    }
}

#[tokio::test]
async fn a_killed_run_is_never_the_baseline() {
    for db in db::backends().await {
        let store = Store::open(&db.location).await.unwrap();
        let first = record(&store, "v1", day(1)).await;
        // A run that started and never finished (the process died): it stays `running`.
        let options = folder_options("v2", day(2));
        let killed = store
            .begin_run(&portal(), &options, &HistoryOptions::default())
            .await
            .unwrap();
        let second = record(&store, "v2", day(3)).await;
        let history = second.history.as_ref().unwrap();
        assert_eq!(
            history.previous_run.as_ref().map(|r| r.id),
            Some(first.history.as_ref().unwrap().run_id),
            "{db:?}"
        );
        assert_eq!(history.counts.fixed, 1);
        let runs = store.runs(None).await.unwrap();
        let statuses: Vec<(i64, RunStatus)> = runs.iter().map(|r| (r.id, r.status)).collect();
        assert!(
            statuses.contains(&(killed.run_id, RunStatus::Running)),
            "{statuses:?}"
        );
        assert_eq!(
            runs.iter()
                .filter(|r| r.status == RunStatus::Completed)
                .count(),
            2
        );
    }
}

#[tokio::test]
async fn concurrent_runs_of_one_portal_get_distinct_numbers() {
    for db in db::backends().await {
        let store = Store::open(&db.location).await.unwrap();
        let other = Store::open(&db.location).await.unwrap();
        let (a, b) = tokio::join!(record(&store, "v1", day(1)), record(&other, "v2", day(1)));
        let ids = [
            a.history.as_ref().unwrap().run_id,
            b.history.as_ref().unwrap().run_id,
        ];
        assert_ne!(ids[0], ids[1]);
        let seqs = seqs(&db.location).await;
        assert_eq!(seqs, vec![1, 2], "{db:?}");
        let runs = store.runs(None).await.unwrap();
        assert!(
            runs.iter().all(|r| r.status == RunStatus::Completed),
            "{db:?}"
        );
    }
}

/// A pool on the test's store, to read the tables directly.
async fn raw(location: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    let url = if location.starts_with("postgres") {
        location.to_string()
    } else {
        format!("sqlite://{location}")
    };
    sqlx::AnyPool::connect(&url).await.unwrap()
}

/// The stored runs' per-portal numbers.
async fn seqs(location: &str) -> Vec<i64> {
    let rows = sqlx::query("SELECT seq FROM runs ORDER BY seq")
        .fetch_all(&raw(location).await)
        .await
        .unwrap();
    rows.iter().map(|r| r.get::<i64, _>(0)).collect()
}

/// `SELECT COUNT(*) …` on the test's store.
async fn count(location: &str, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(&raw(location).await)
        .await
        .unwrap()
        .get::<i64, _>(0)
}

#[tokio::test]
async fn retention_drops_old_page_records_and_findings() {
    for db in db::backends().await {
        let store = Store::open(&db.location).await.unwrap();
        let keep_one = HistoryOptions {
            keep_page_runs: 1,
            keep_finding_runs: Some(1),
            ..every_night()
        };
        let gone = format!("%{GONE}");
        let pages_of_gone = format!("SELECT COUNT(*) FROM pages WHERE url LIKE '{gone}'");
        let first = run_recorded(folder_options("v1", day(1)), &store, &portal(), &keep_one)
            .await
            .unwrap();
        let first_id = first.history.unwrap().run_id;
        assert_eq!(count(&db.location, &pages_of_gone).await, 1, "{db:?}");
        let records = count(&db.location, "SELECT COUNT(*) FROM page_records").await;
        let second = run_recorded(folder_options("v2", day(2)), &store, &portal(), &keep_one)
            .await
            .unwrap();
        // The statuses are still against night 1: pruning ran after the diff.
        assert_eq!(second.history.as_ref().unwrap().counts.fixed, 1, "{db:?}");
        // The gone article's page and record are dropped; night 1's findings too.
        assert_eq!(count(&db.location, &pages_of_gone).await, 0, "{db:?}");
        assert!(count(&db.location, "SELECT COUNT(*) FROM page_records").await <= records);
        let first_rows = format!("SELECT COUNT(*) FROM run_findings WHERE run_id = {first_id}");
        assert_eq!(count(&db.location, &first_rows).await, 0, "{db:?}");
        // Night 3 still has night 2 as its baseline, with its open set intact.
        let third = run_recorded(folder_options("v2", day(3)), &store, &portal(), &keep_one)
            .await
            .unwrap();
        let counts = &third.history.as_ref().unwrap().counts;
        assert_eq!((counts.new, counts.fixed), (0, 0), "{db:?}: {counts:?}");
        // Forever by default: nothing of night 1 is dropped.
        let kept = db::sqlite();
        let store = Store::open(&kept.location).await.unwrap();
        let first = record(&store, "v1", day(1)).await;
        record(&store, "v2", day(2)).await;
        let first_rows = format!(
            "SELECT COUNT(*) FROM run_findings WHERE run_id = {}",
            first.history.unwrap().run_id
        );
        let every_finding = first
            .findings
            .iter()
            .map(|f| &f.fingerprint)
            .collect::<std::collections::HashSet<_>>()
            .len();
        assert_eq!(
            count(&kept.location, &first_rows).await,
            every_finding as i64
        );
    }
}

#[tokio::test]
async fn the_next_run_crawls_with_what_the_store_knows() {
    for db in db::backends().await {
        let store = Store::open(&db.location).await.unwrap();
        let empty = store
            .page_cache(&portal(), &HistoryOptions::default())
            .await
            .unwrap();
        assert_eq!((empty.run_seq, empty.pages.len()), (1, 0));
        let first = record(&store, "v1", day(1)).await;
        let cache = store
            .page_cache(&portal(), &HistoryOptions::default())
            .await
            .unwrap();
        assert_eq!(cache.run_seq, 2, "{db:?}");
        assert_eq!(cache.reverify_every, 7);
        assert_eq!(cache.pages.len(), first.crawl.stats.pages_fetched, "{db:?}");
        let home = &cache.pages[&gongkai::model::links::page_key(SITE)];
        assert_eq!(home.verified_seq, 1);
        assert_eq!(home.record().unwrap().url, SITE);
        assert_eq!(home.content_hash.len(), 64);
    }
}

#[tokio::test]
async fn a_diff_needs_two_runs_of_one_portal() {
    for db in db::backends().await {
        let store = Store::open(&db.location).await.unwrap();
        let ours = record(&store, "v1", day(1)).await.history.unwrap().run_id;
        let elsewhere = Portal::of_url(&Url::parse("http://other.gov.cn/").unwrap(), None);
        let theirs = run_recorded(
            folder_options("v1", day(1)),
            &store,
            &elsewhere,
            &HistoryOptions::default(),
        )
        .await
        .unwrap()
        .history
        .unwrap()
        .run_id;
        let error = store.diff(ours, theirs).await.unwrap_err().to_string();
        assert!(
            error.contains(&format!("运行 {ours} 与运行 {theirs} 不属于同一个门户")),
            "{error}"
        );
        assert_eq!(store.portals().await.unwrap().len(), 2);
        assert_eq!(
            store.runs(Some("http://other.gov.cn")).await.unwrap().len(),
            1
        );
    }
}

#[tokio::test]
async fn opening_creates_the_file_and_migrates_once() {
    for db in db::backends().await {
        let (a, b) = tokio::join!(Store::open(&db.location), Store::open(&db.location));
        a.unwrap();
        b.unwrap();
        if db.name == "sqlite" {
            assert!(std::path::Path::new(&db.location).is_file());
        }
        let store = Store::open(&db.location).await.unwrap();
        assert!(store.runs(None).await.unwrap().is_empty());
    }
}
