//! `site-unreachable` over recorded probes, on both backends (see tests/support/db.rs): the
//! 5% veto line across the seven Beijing days before as-of, fewer than the standard's 140
//! visits stated, probes outside the week ignored; and `gongkai probe` against loopback
//! servers — healthy, slow, failing, refusing — and a one-off `check` of a dead start page.

use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::response::Html;
use axum::routing::get;
use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use gongkai::finding::Outcome;
use gongkai::history::{HistoryOptions, Portal, Store, run_recorded};
use gongkai::probe::Probe;
use gongkai::{Finding, RunOptions, Target};
use serde_json::Value;
use url::Url;

mod common;
#[path = "support/db.rs"]
mod db;
mod support;
use common::ports::dead_port;
use common::serve::start;
use support::gongkai;

/// The saved home page the recorded runs crawl (the rule's pass fixture, without its probes).
fn home_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules/site-unreachable/unmonitored")
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 12, 1).unwrap()
}

/// Two years after 2025-01-01, after every visit of these tests.
fn later_year_end() -> DateTime<Utc> {
    beijing(1, 1, 0, 0) + chrono::Duration::days(730)
}

/// A Beijing wall-clock time as the store keeps it.
fn beijing(day: u32, month: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .with_ymd_and_hms(2025, month, day, hour, minute, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn visit(at: DateTime<Utc>, ok: bool) -> Probe {
    Probe {
        at,
        ok,
        status: ok.then_some(200),
        millis: Some(if ok { 240 } else { 15_002 }),
        error: (!ok).then(|| "请求超时：15秒内未打开".to_string()),
    }
}

/// `per_day` visits a day over the week 2025-11-24..=2025-11-30 (Beijing), the first
/// `failures` of them failed. The first visit of a day is at 00:00, the last before 24:00.
fn week(per_day: u32, days: u32, failures: usize) -> Vec<Probe> {
    let step = 24 * 60 / per_day;
    (0..days)
        .flat_map(|d| (0..per_day).map(move |i| (d, i * step)))
        .enumerate()
        .map(|(n, (d, minutes))| {
            let at = beijing(24, 11, 0, 0)
                + chrono::Duration::days(i64::from(d))
                + chrono::Duration::minutes(i64::from(minutes));
            visit(at, n >= failures)
        })
        .collect()
}

/// Failed visits just outside the week: the evening before it and the check day's morning.
fn outside_the_week() -> Vec<Probe> {
    let mut probes: Vec<Probe> = (0..30)
        .map(|i| {
            visit(
                beijing(23, 11, 23, 59) - chrono::Duration::minutes(i * 30),
                false,
            )
        })
        .collect();
    probes.extend((0..10).map(|i| {
        visit(
            beijing(1, 12, 0, 0) + chrono::Duration::minutes(i * 30),
            false,
        )
    }));
    probes
}

fn portal(name: &str) -> Portal {
    let url = Url::parse(&format!("http://{name}.minghu.gov.cn/")).unwrap();
    Portal::of_url(&url, Some(name.to_string()))
}

/// A recorded run of the saved home page as `portal`; its `site-unreachable` finding, if any.
async fn judged(store: &Store, portal: &Portal) -> Option<Finding> {
    let target = Target::Folder {
        path: home_folder(),
        site_url: Url::parse(&portal.url).unwrap(),
    };
    let options = RunOptions::new(target, as_of());
    let report = run_recorded(options, store, portal, &HistoryOptions::default())
        .await
        .unwrap();
    report
        .findings
        .into_iter()
        .find(|f| f.rule == "site-unreachable")
}

#[tokio::test]
async fn the_week_of_probes_decides_the_veto_on_both_backends() {
    for backend in db::backends().await {
        let store = Store::open(&backend.location).await.unwrap();
        let (under, at_line, few, none) = (
            portal("under"),
            portal("atline"),
            portal("few"),
            portal("none"),
        );
        let mut visits = Vec::new();
        for (who, probes) in [
            (&under, week(20, 7, 6)),
            (&under, outside_the_week()),
            (&at_line, week(20, 7, 7)),
            (&few, week(20, 5, 2)),
        ] {
            visits.extend(probes.into_iter().map(|p| (who.clone(), p)));
        }
        store.record_probes(&visits).await.unwrap();
        let (from, to) = gongkai::probe::window(as_of());
        assert_eq!(
            store.probes(&under, from, to).await.unwrap().len(),
            140,
            "{backend:?}: the store reads the week only"
        );

        // 6 of 140 (4.3%): under the line; the 40 failures around the week do not count.
        assert_eq!(judged(&store, &under).await, None, "{backend:?}");

        // 7 of 140 (5.0%): the line itself (超过（含）5%).
        let vetoed = judged(&store, &at_line).await.expect("a finding");
        assert!(vetoed.is_violation(), "{backend:?}: {vetoed:?}");
        assert_eq!(vetoed.evidence["samples"], 140);
        assert_eq!(vetoed.evidence["failures"], 7);
        assert_eq!(vetoed.evidence["rate_percent"], 5.0);
        assert_eq!(vetoed.evidence["too_few_samples"], false);
        assert_eq!(
            vetoed.evidence["worst_failures"].as_array().unwrap().len(),
            5
        );
        assert!(
            vetoed.message.contains("达到5%的单项否决线"),
            "{}",
            vetoed.message
        );

        // 100 visits, 2 failed: judged on what there is, the shortfall stated.
        let short = judged(&store, &few).await.expect("a finding");
        assert_eq!(short.outcome, Outcome::NeedsReview, "{backend:?}");
        assert_eq!(short.evidence["samples"], 100);
        assert_eq!(short.evidence["too_few_samples"], true);
        assert!(
            short.message.contains("少于标准要求的140次"),
            "{}",
            short.message
        );

        // Probing again 100 days later drops the portal's visits older than 90 days, and
        // only that portal's.
        let later = visit(beijing(1, 12, 12, 0) + chrono::Duration::days(100), true);
        store
            .record_probes(&[(under.clone(), later.clone())])
            .await
            .unwrap();
        let ever = |who: &Portal| {
            let store = store.clone();
            let who = who.clone();
            async move {
                store
                    .probes(&who, beijing(1, 1, 0, 0), later_year_end())
                    .await
                    .unwrap()
            }
        };
        assert_eq!(ever(&under).await, vec![later], "{backend:?}");
        assert_eq!(ever(&at_line).await.len(), 140, "{backend:?}");

        // No probes at all: not checked, and the message says how to get them.
        let unwatched = judged(&store, &none).await.expect("a finding");
        assert_eq!(unwatched.outcome, Outcome::NotChecked, "{backend:?}");
        assert_eq!(
            unwatched.reason.as_deref(),
            Some("无探测记录，请用 gongkai probe 定时探测")
        );
    }
}

async fn serve(router: Router) -> String {
    let (addr, _server) = start(router, 0).await.unwrap();
    format!("http://{addr}/")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probe_records_healthy_slow_failing_and_refusing_home_pages() {
    let healthy = serve(Router::new().route(
        "/",
        get(|| async {
            Html("<html><head><title>明湖市人民政府</title></head><body>首页</body></html>")
        }),
    ))
    .await;
    let slow = serve(Router::new().route(
        "/",
        get(|| async {
            tokio::time::sleep(Duration::from_secs(4)).await;
            Html("<html><body>迟到的首页</body></html>")
        }),
    ))
    .await;
    let failing = serve(Router::new().route(
        "/",
        get(|| async { (StatusCode::INTERNAL_SERVER_ERROR, "内部错误") }),
    ))
    .await;
    let (_reserved, port) = dead_port();
    let refusing = format!("http://127.0.0.1:{port}/");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("名单.toml");
    let mut text = "db = \"history.sqlite\"\n".to_string();
    for (name, url) in [
        ("正常", &healthy),
        ("缓慢", &slow),
        ("出错", &failing),
        ("拒绝连接", &refusing),
    ] {
        text.push_str(&format!(
            "\n[[portal]]\nname = \"{name}\"\nurl = \"{url}\"\n"
        ));
    }
    std::fs::write(&file, text).unwrap();

    let file_arg = file.to_str().unwrap().to_string();
    let output = tokio::task::spawn_blocking(move || {
        gongkai(&["probe", &file_arg, "--timeout", "1s", "--concurrency", "4"])
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let failed: Vec<&str> = stdout.lines().filter(|l| l.starts_with("失败\t")).collect();
    assert_eq!(failed.len(), 3, "{stdout}");
    for (name, why) in [
        ("缓慢", "1秒内未打开"),
        ("出错", "HTTP 500"),
        ("拒绝连接", "无法连接"),
    ] {
        let line = failed
            .iter()
            .find(|l| l.starts_with(&format!("失败\t{name}\t")))
            .unwrap_or_else(|| panic!("no line for {name}: {stdout}"));
        assert!(line.contains(why), "{line}");
    }
    assert!(
        stdout.contains("探测 4 个网站首页：1 秒内打开 1 个，失败 3 个"),
        "{stdout}"
    );

    let store = Store::open(dir.path().join("history.sqlite").to_str().unwrap())
        .await
        .unwrap();
    let ever = (beijing(1, 1, 0, 0), Utc::now() + chrono::Duration::days(1));
    let recorded = |url: &str| {
        let portal = Portal::of_url(&Url::parse(url).unwrap(), None);
        let store = store.clone();
        async move { store.probes(&portal, ever.0, ever.1).await.unwrap() }
    };
    let ok = recorded(&healthy).await;
    assert_eq!(ok.len(), 1);
    assert!(ok[0].ok && ok[0].status == Some(200) && !ok[0].failed());
    let late = recorded(&slow).await;
    assert!(!late[0].ok && late[0].status.is_none(), "{late:?}");
    let error = recorded(&failing).await;
    assert_eq!((error[0].ok, error[0].status), (false, Some(500)));
    let refused = recorded(&refusing).await;
    assert!(!refused[0].ok, "{refused:?}");
    assert!(refused[0].error.as_deref().unwrap().contains("无法连接"));

    // --only: one portal, all well, exit 0.
    let file_arg = file.to_str().unwrap().to_string();
    let only =
        tokio::task::spawn_blocking(move || gongkai(&["probe", &file_arg, "--only", "正常", "-q"]))
            .await
            .unwrap();
    assert_eq!(only.status.code(), Some(0));
}

#[test]
fn a_one_off_check_of_a_dead_start_page_writes_its_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    let (_reserved, port) = dead_port();
    let url = format!("http://127.0.0.1:{port}/");
    let run = gongkai(&[
        "check",
        &url,
        "--retries",
        "0",
        "--quiet",
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(3));
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let unreachable: Vec<&Value> = findings
        .iter()
        .filter(|f| f["rule"] == "site-unreachable")
        .collect();
    assert_eq!(unreachable.len(), 1, "{findings:#?}");
    assert_eq!(unreachable[0]["outcome"], "violation");
    assert_eq!(unreachable[0]["url"], url);
    assert!(report["crawl"]["start_failed"].is_string());
    // Nothing else is called a violation of a site never seen.
    assert!(
        findings
            .iter()
            .filter(|f| f["rule"] != "site-unreachable")
            .all(|f| f["outcome"] != "violation"),
        "{findings:#?}"
    );
}
