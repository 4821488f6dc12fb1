//! The output formats on the demo portal: the 整改清单 workbook read back with a spreadsheet
//! reader, CSV for Excel/WPS, the HTML page, the scored JSON, and exit codes for cron.

use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;

fn gongkai(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn check_demo(extra: &[&str]) -> std::process::Output {
    let mut args = vec!["check", "fixtures/demo-portal", "--as-of", "2025-12-01"];
    args.extend_from_slice(extra);
    gongkai(&args)
}

/// How many findings the demo portal gives, from the JSON report.
fn demo_findings() -> usize {
    let report: Value = serde_json::from_slice(&check_demo(&["--format", "json"]).stdout).unwrap();
    report["findings"].as_array().unwrap().len()
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

#[test]
fn the_rectification_workbook_opens_with_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("整改清单.xlsx");
    let out = check_demo(&[
        "--format",
        "xlsx",
        "-o",
        file.to_str().unwrap(),
        "--fail-on",
        "never",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut workbook: Xlsx<_> = open_workbook(&file).unwrap();
    assert_eq!(workbook.sheet_names(), ["整改清单", "指标得分"]);
    let sheet = workbook.worksheet_range("整改清单").unwrap();
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(text).collect()).collect();
    // The title block: title, 网站, 基准日, 制表日期, a blank row; then the header.
    assert_eq!(rows[0][0], "政务公开问题整改清单");
    assert!(rows[1][0].starts_with("网站："), "{:?}", rows[1]);
    assert!(
        rows[2][0].starts_with("检查基准日：2025年12月1日；整改时限：2025年12月15日前"),
        "{:?}",
        rows[2]
    );
    assert!(rows[3][0].starts_with("制表日期："), "{:?}", rows[3]);
    assert_eq!(
        rows[5],
        [
            "序号",
            "一级指标",
            "二级指标",
            "问题描述",
            "严重程度",
            "页面链接",
            "依据",
            "整改要求",
            "责任部门",
            "整改时限",
            "整改状态"
        ]
    );
    assert_eq!(
        rows.len(),
        6 + demo_findings(),
        "one row per finding (the demo's failed links are all link-broken findings)"
    );
    let late = rows
        .iter()
        .find(|r| r[3].contains("用时23个工作日"))
        .unwrap();
    assert_eq!(late[1], "政府信息公开");
    assert!(late[2].starts_with("20个工作日内"));
    assert_eq!(late[4], "问题");
    assert!(late[5].starts_with("http://cgj.minghu.gov.cn/xxgk/"));
    assert_eq!(late[6], "《政府信息公开条例》第二十六条");
    assert!(late[7].starts_with("建立信息发布时限台账"), "{}", late[7]);
    assert_eq!(late[8], "办公室");
    // 2025-12-01 + 10 working days.
    assert_eq!(late[9], "2025-12-15");
    assert_eq!(late[10], "待整改");
    let scores = workbook.worksheet_range("指标得分").unwrap();
    assert_eq!(scores.rows().count(), 1 + 53);
}

#[test]
fn csv_carries_a_bom_for_excel_and_the_same_rows() {
    let out = check_demo(&["--format", "csv", "--deadline-days", "5"]);
    assert!(out.stdout.starts_with(&[0xEF, 0xBB, 0xBF]));
    let body = String::from_utf8(out.stdout[3..].to_vec()).unwrap();
    // The title block (one cell a line, then an empty line) comes before the header.
    assert!(body.starts_with("政务公开问题整改清单\n网站："), "{body}");
    let table = &body[body.find("序号,").expect("the header")..];
    let mut reader = csv::Reader::from_reader(table.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), demo_findings());
    assert!(
        records.iter().all(|r| &r[9] == "2025-12-08"),
        "5 working days after 2025-12-01"
    );
}

#[test]
fn json_scores_every_row_and_links_findings_to_rows() {
    let out = check_demo(&["--format", "json"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = report["indicators"].as_array().unwrap();
    assert_eq!(rows.len(), 53);
    let late_row = rows.iter().find(|r| r["id"] == "4.2").unwrap();
    assert_eq!(late_row["status"], "fail");
    assert_eq!(late_row["points"], 6.0);
    assert_eq!(late_row["deducted"], 2.5, "1 late + 3 date problems × 0.5");
    assert_eq!(late_row["score"], 3.5);
    let manual = rows.iter().find(|r| r["id"] == "1.1").unwrap();
    assert_eq!(
        (manual["status"].as_str(), manual["score"].is_null()),
        (Some("manual"), true)
    );
    let score = &report["score"];
    assert_eq!(score["total_points"], 100.0);
    assert_eq!(score["verified_points"], 24.0);
    assert_eq!(
        score["deducted"], 19.0,
        "3.1 also loses 2 for the leaked mobile, 0.5 for the missing 党政机关网站标识, 0.5 for the dead link; 6.5 0.5 for the unanswered letter"
    );
    let reading = rows.iter().find(|r| r["id"] == "5.5").unwrap();
    assert_eq!(
        (reading["deducted"].as_f64(), reading["score"].as_f64()),
        (Some(5.0), Some(0.0)),
        "capped"
    );
    let late = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "disclosure-late")
        .unwrap();
    assert_eq!(late["indicators"], serde_json::json!(["4.2"]));
}

#[test]
fn the_html_page_is_self_contained() {
    let out = check_demo(&["--format", "html"]);
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    for part in [
        "得分概览",
        "各一级指标得分",
        "考核指标逐项情况",
        "发现的问题",
        "人工核查台账",
        "<svg",
    ] {
        assert!(page.contains(part), "{part}");
    }
    assert!(!page.contains("<script"), "no scripts");
    assert!(!page.contains("<link"), "no external stylesheets");
}

#[test]
fn exit_codes_follow_fail_on() {
    assert_eq!(
        check_demo(&[]).status.code(),
        Some(1),
        "errors found, default --fail-on error"
    );
    assert_eq!(check_demo(&["--fail-on", "never"]).status.code(), Some(0));
    assert_eq!(
        check_demo(&["--select", "disclosure-date-missing"])
            .status
            .code(),
        Some(0),
        "warnings only"
    );
    assert_eq!(
        check_demo(&[
            "--select",
            "disclosure-date-missing",
            "--fail-on",
            "warning"
        ])
        .status
        .code(),
        Some(1)
    );
    assert_eq!(
        check_demo(&["--format", "xlsx"]).status.code(),
        Some(2),
        "xlsx needs -o"
    );
}

#[test]
fn a_malformed_indicator_table_is_a_usage_error_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("table.toml");
    std::fs::write(&file, "title = \"t\"\ndefault_department = \"办公室\"\n[[category]]\nname = \"组织领导\"\npoints = 10\n").unwrap();
    let out = check_demo(&["--indicators", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("table.toml") && stderr.contains("第4行"),
        "{stderr}"
    );
}
