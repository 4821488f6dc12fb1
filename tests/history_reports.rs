//! A recorded run's reports lead with the diff against the last run: the demo portal's report,
//! given statuses and a `history` section as the store fills them, in text, HTML, CSV and the
//! 整改清单 workbook. (The store itself is tested in tests/history_cli.rs.)

mod support;

use chrono::NaiveDate;
use gongkai::finding::FindingStatus;
use gongkai::history::{DiffCounts, HistorySection, RunRef};
use gongkai::report::{html, rectification, text};
use gongkai::{Checks, Finding, Report, RunOptions, Severity, Target};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

async fn demo_report() -> Report {
    let target = Target::parse("fixtures/demo-portal", None).unwrap();
    let mut options = RunOptions::new(target, day("2025-12-01"));
    options.checks = Checks::load(None, None).unwrap();
    gongkai::run(options).await.unwrap()
}

/// The demo report as the second recorded run: two problems new, one reopened, the rest open
/// since 2025-11-03; one problem fixed; one on the page that failed could not be re-checked.
fn recorded(mut report: Report) -> Report {
    for (i, finding) in report.findings.iter_mut().enumerate() {
        let (status, first_seen) = match i {
            0 | 1 => (FindingStatus::New, "2025-12-01"),
            2 => (FindingStatus::Reopened, "2025-12-01"),
            _ => (FindingStatus::Open, "2025-11-03"),
        };
        finding.status = Some(status);
        finding.first_seen = Some(day(first_seen));
    }
    let failed = report.crawl.errors[0].url.clone();
    let mut fixed = Finding::new(
        "disclosure-late",
        Severity::Error,
        "http://demo/fixed.html",
        "《已改正的文件》超过20个工作日才公开".into(),
    );
    fixed.first_seen = Some(day("2025-11-03"));
    let mut unverified = Finding::new(
        "column-stale",
        Severity::Error,
        &failed,
        "栏目长期未更新".into(),
    );
    unverified.first_seen = Some(day("2025-11-03"));
    report.history = Some(HistorySection {
        run_id: 2,
        previous_run: Some(RunRef {
            id: 1,
            started_at: "2025-11-29T18:00:00Z".into(),
            as_of: day("2025-11-30"),
        }),
        counts: DiffCounts {
            new: 2,
            open: report.findings.len() - 3,
            reopened: 1,
            fixed: 1,
            unverified: 1,
            longest_open_working_days: 20,
        },
        fixed: vec![fixed],
        unverified: vec![unverified],
        issued: Vec::new(),
    });
    report
}

#[tokio::test]
async fn text_leads_with_the_diff_and_labels_each_finding() {
    let report = recorded(demo_report().await);
    let open = report.findings.len() - 3;
    let out = text::render(&report);
    let lead = format!(
        "与上次检查（2025-11-30）相比：新发现 2、再次出现 1、已整改 1、仍未整改 {open}（最长已 20 个工作日），未能复核 1"
    );
    let lines: Vec<&str> = out.lines().collect();
    let at = lines.iter().position(|l| *l == lead).expect(&out);
    assert!(at < 6, "the lead line is in the header: {out}");
    assert!(out.contains("][新发现] "), "{out}");
    assert!(out.contains("][再次出现] "), "{out}");
    assert!(out.contains("][仍未整改，首次发现 2025-11-03] "), "{out}");
    assert!(out.contains("【已整改：上次发现、本次复核已不存在的问题 1 项】\n  [已整改] 《已改正的文件》超过20个工作日才公开"));
    assert!(out.contains("（不计为已整改，仍按未整改对待）】\n  [未能复核] 栏目长期未更新（原因：页面本次抓取失败（"), "{out}");
    // The same report unrecorded says nothing of history.
    let mut plain = demo_report().await;
    plain.history = None;
    let plain = text::render(&plain);
    assert!(!plain.contains("与上次检查") && !plain.contains("新发现"));
}

#[tokio::test]
async fn first_recorded_run_says_it_is_the_first() {
    let mut report = demo_report().await;
    let n = report.findings.len();
    for finding in &mut report.findings {
        finding.status = Some(FindingStatus::New);
        finding.first_seen = Some(day("2025-12-01"));
    }
    report.history = Some(HistorySection {
        run_id: 1,
        previous_run: None,
        counts: DiffCounts {
            new: n,
            ..DiffCounts::default()
        },
        fixed: Vec::new(),
        unverified: Vec::new(),
        issued: Vec::new(),
    });
    let out = text::render(&report);
    assert!(out.contains(&format!("这是该网站在历史库中的第一次检查记录，以后的检查将与本次相比：本次发现问题 {n} 项，均记为新发现")), "{out}");
    assert!(!out.contains("【已整改"), "{out}");
    let page = html::render(&report);
    assert!(page.contains("第一次检查记录"));
    assert!(!page.contains(r#"<div class="counts">"#));
}

#[tokio::test]
async fn html_opens_with_the_box_and_badges_every_finding() {
    let report = recorded(demo_report().await);
    let page = html::render(&report);
    let lead = page.find(r#"<section class="lead">"#).unwrap();
    assert!(lead < page.find("得分概览").unwrap(), "the box comes first");
    assert_eq!(
        page.matches(r#"<span class="st st-new">新发现</span>"#)
            .count(),
        2
    );
    assert_eq!(page.matches(r#"class="st st-reopened""#).count(), 1);
    assert_eq!(
        page.matches(r#"<span class="st st-open">仍未整改</span><span class="first-seen">首次发现 2025-11-03</span>"#).count(),
        report.findings.len() - 3
    );
    assert!(page.contains(r#"<section id="fixed">"#));
    assert!(page.contains(r#"<section id="unverified">"#));
    assert!(page.contains("不计为已整改"));
    assert!(!page.contains("<script"));
}

#[tokio::test]
async fn the_rectification_list_gains_status_and_first_seen() {
    let report = recorded(demo_report().await);
    let csv = String::from_utf8(rectification::to_csv(&report)).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",整改状态,状态,首次发现"), "{header}");
    assert_eq!(csv.matches(",待整改,新发现,2025-12-01").count(), 2, "{csv}");
    assert!(csv.contains(",待整改,仍未整改,2025-11-03"));

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("整改清单.xlsx");
    std::fs::write(&file, rectification::to_xlsx(&report).unwrap()).unwrap();
    let cells = support::xlsx_cells(&file);
    let lines: Vec<&str> = cells.lines().collect();
    assert_eq!(lines[0], "== 整改清单");
    assert!(
        lines[1].starts_with("与上次检查（2025-11-30）相比：新发现 2"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("序号\t一级指标") && lines[2].ends_with("整改状态\t状态\t首次发现")
    );
    let sheet = cells.split("== 已整改与未能复核\n").nth(1).unwrap();
    let rows: Vec<&str> = sheet.lines().collect();
    assert!(
        rows[1].starts_with("1\t已整改\t《已改正的文件》"),
        "{}",
        rows[1]
    );
    assert!(
        rows[2].starts_with("2\t未能复核\t栏目长期未更新"),
        "{}",
        rows[2]
    );
    assert!(rows[2].ends_with("；不计为已整改"), "{}", rows[2]);
}
