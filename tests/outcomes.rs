//! Results an office can trust: what was not checked says so. A crawl cut short reports no
//! problems from absence, a deselected rule is 未检查 rather than passed, unchecked rows are
//! never counted as met, and a start page that is not a web page stops the run.

use std::process::{Command, Output};

use serde_json::Value;

mod common;
use common::serve::{start, static_router};

fn gongkai(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn check_demo(extra: &[&str]) -> Output {
    let mut args = vec![
        "check",
        "fixtures/demo-portal",
        "--as-of",
        "2025-12-01",
        "--quiet",
    ];
    args.extend_from_slice(extra);
    gongkai(&args)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_crawl_of_no_pages_reports_no_problems_and_says_so() {
    let json: Value =
        serde_json::from_slice(&check_demo(&["--max-pages", "0", "--format", "json"]).stdout)
            .unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert!(
        findings.iter().all(|f| f["outcome"] != "violation"),
        "{findings:#?}"
    );
    assert!(findings.iter().any(|f| f["outcome"] == "not_checked"));
    assert_eq!(json["crawl"]["complete"], false);
    let reasons = json["crawl"]["incomplete_reasons"].as_array().unwrap();
    assert!(
        reasons[0].as_str().unwrap().contains("--max-pages 0"),
        "{reasons:?}"
    );
    assert_eq!(json["totals"]["errors"], 0);

    let text = stdout(&check_demo(&["--max-pages", "0"]));
    let head: String = text.lines().take(6).collect::<Vec<_>>().join("\n");
    assert!(
        head.contains("抓取不完整") && head.contains("--max-pages 0"),
        "{head}"
    );
    assert!(head.contains("未抓取到任何页面"), "{head}");
    assert!(text.contains("问题 0"), "{text}");
    assert!(!text.contains("[问题]"), "{text}");
}

#[test]
fn an_ignored_rule_leaves_its_veto_item_unchecked() {
    let text = stdout(&check_demo(&["--ignore", "column-stale"]));
    let veto: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("【单项否决】"))
        .take(4)
        .collect();
    assert!(
        veto[1].contains("未检查") && veto[1].contains("栏目未更新"),
        "{veto:?}"
    );
    assert!(veto[2].contains("未检查"), "{veto:?}");
    assert!(!veto[1].contains("✓") && !veto[2].contains("✓"), "{veto:?}");
    assert!(veto[3].contains("✓ 空白栏目"), "{veto:?}");
}

#[test]
fn unchecked_rows_are_not_counted_as_met() {
    let json: Value = serde_json::from_slice(
        &check_demo(&["--select", "disclosure-late", "--format", "json"]).stdout,
    )
    .unwrap();
    let score = &json["score"];
    // 4.2 (6 points) is the only row checked; 24 - 6 = 18 points of rows whose rules were
    // deselected; the rest (76) is manual.
    assert_eq!(score["verified_points"], 6.0);
    assert_eq!(score["not_checked_points"], 18.0);
    assert_eq!(score["manual_points"], 76.0);
    let expected = score["verified_score"].as_f64().unwrap() + 76.0;
    assert_eq!(score["score_if_manual_met"].as_f64().unwrap(), expected);
    let text = stdout(&check_demo(&["--select", "disclosure-late"]));
    assert!(!text.contains("其余 94 分需人工核查"), "{text}");
    assert!(
        text.contains("需人工核查 76 分") && text.contains("未能检查 18 分"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pdf_start_url_stops_with_exit_3() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/annual-reports");
    let (addr, _server) = start(static_router(&root).unwrap(), 0).await.unwrap();
    let url = format!("http://{addr}/P020250120.pdf");
    let out = tokio::task::spawn_blocking(move || gongkai(&["check", &url, "--quiet"]))
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("起始页面不是网页"), "{stderr}");
    assert!(out.stdout.is_empty(), "no report about a site never seen");
}

#[test]
fn a_folder_without_a_readable_home_page_stops_with_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().to_str().unwrap();
    let out = gongkai(&["check", folder, "--quiet"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("没有首页 index.html"), "{stderr}");

    std::fs::write(dir.path().join("index.html"), b"%PDF-1.4\n\0\0binary").unwrap();
    let out = gongkai(&["check", folder, "--quiet"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("起始页面不是网页"), "{stderr}");
}

#[test]
fn every_format_shows_what_was_not_checked() {
    let csv = stdout(&check_demo(&["--max-pages", "5", "--format", "csv"]));
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert!(rows.iter().any(|r| r.contains("未能确认")), "{csv}");
    assert!(
        rows.iter()
            .filter(|r| r.contains("未能确认"))
            .all(|r| r.ends_with(",未能检查") && r.contains("原因：抓取未覆盖全站")),
        "{csv}"
    );
    let html = stdout(&check_demo(&["--max-pages", "5", "--format", "html"]));
    assert!(
        html.contains(r#"<div class="notice">注意：抓取不完整"#),
        "{html}"
    );
    assert!(html.contains(r#"<span class="badge b-nc">未能检查</span>"#));
    assert!(html.contains(r#"<div class="finding nc">【未能检查："#));
}
