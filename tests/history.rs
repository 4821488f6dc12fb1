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

async fn record(store: &Store, version: &str, as_of: NaiveDate) -> Report {
    run_recorded(
        folder_options(version, as_of),
        store,
        &portal(),
        &HistoryOptions::default(),
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
        assert_eq!(history.counts.new, first.findings.len(), "{db:?}");
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
            .map(|f| (f.rule.as_str(), f.url.as_str()))
            .collect();
        assert_eq!(
            fixed,
            [(
                "link-broken",
                &format!("http://zrzyj.minghu.gov.cn{GUIDE}")[..]
            )],
            "{db:?}"
        );
        let mut unverified: Vec<&str> =
            history.unverified.iter().map(|f| f.rule.as_str()).collect();
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
        let open = second
            .findings
            .iter()
            .filter(|f| f.status == Some(FindingStatus::Open))
            .count();
        assert_eq!(open, first.findings.len() - 3, "{db:?}");
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

/// The stored runs' per-portal numbers, read straight from the database.
async fn seqs(location: &str) -> Vec<i64> {
    sqlx::any::install_default_drivers();
    let url = if location.starts_with("postgres") {
        location.to_string()
    } else {
        format!("sqlite://{location}")
    };
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    let rows = sqlx::query("SELECT seq FROM runs ORDER BY seq")
        .fetch_all(&pool)
        .await
        .unwrap();
    rows.iter().map(|r| r.get::<i64, _>(0)).collect()
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
