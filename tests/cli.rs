//! The binary as a user runs it: the demo, a saved folder, exit codes.

use std::process::Command;

use serde_json::Value;

#[path = "common/ports.rs"]
mod ports;

fn gongkai(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

#[test]
fn the_demo_runs_offline_and_reports_in_json() {
    let out = gongkai(&["demo", "--format", "json", "--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["as_of"], "2025-12-01");
    assert_eq!(report["site"]["name"], "明湖市城市管理局");
    assert!(report["indicators"].is_array());
    let findings = report["findings"].as_array().unwrap();
    let late: Vec<&Value> = findings
        .iter()
        .filter(|f| f["rule"] == "disclosure-late")
        .collect();
    assert_eq!(late.len(), 1, "{findings:#?}");
    assert_eq!(late[0]["evidence"]["working_days_taken"], 23);
    assert_eq!(late[0]["evidence"]["deadline"], "2025-10-17");
    assert!(
        findings
            .iter()
            .any(|f| f["rule"] == "disclosure-date-missing"
                && f["evidence"]["problem"] == "inconsistent")
    );
    assert_eq!(report["crawl"]["errors"].as_array().unwrap().len(), 1);

    let count = |rule: &str| findings.iter().filter(|f| f["rule"] == rule).count();
    assert_eq!(count("column-empty"), 1);
    assert_eq!(count("column-stale"), 1);
    assert_eq!(count("guide-incomplete"), 2);
    let missing: Vec<&str> = findings
        .iter()
        .filter(|f| f["rule"] == "column-missing")
        .map(|f| f["evidence"]["column"].as_str().unwrap())
        .collect();
    assert_eq!(
        missing,
        [
            "行政许可",
            "行政处罚和行政强制",
            "行政事业性收费",
            "政府采购"
        ]
    );
    assert_eq!(report["veto"]["triggered"], false);
    // 政策解读: three 规范性文件, all interpreted (one late), six ordinary documents not.
    assert_eq!(count("interpretation-late"), 1);
    assert_eq!(count("interpretation-missing"), 6);
    let coverage = &report["interpretation"]["overall"];
    assert_eq!(
        (
            coverage["documents"].as_u64(),
            coverage["required"].as_u64()
        ),
        (Some(9), Some(3))
    );
    assert_eq!(
        (
            coverage["required_interpreted"].as_u64(),
            coverage["on_time"].as_u64()
        ),
        (Some(3), Some(2))
    );
    assert_eq!(report["veto"]["items"][2]["count"], 1, "one empty column");
}

#[test]
fn a_folder_is_checked_as_the_site_it_mirrors() {
    let out = gongkai(&[
        "check",
        "fixtures/demo-portal",
        "--as-of",
        "2025-12-01",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "findings: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["site"]["start_url"], "http://cgj.minghu.gov.cn/",
        "from the SiteDomain tag"
    );
    assert_eq!(report["totals"]["articles"], 33);
}

#[test]
fn the_text_report_is_in_chinese() {
    let out = gongkai(&[
        "check",
        "fixtures/demo-portal",
        "--as-of",
        "2025-12-01",
        "--period",
        "2025",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("检查基准日：2025-12-01　考核期：2025年"),
        "{text}"
    );
    assert!(text.contains("超过20个工作日公开"));
}

#[test]
fn usage_errors_exit_2_and_unreachable_sites_exit_3() {
    let bad_period = gongkai(&["check", "fixtures/demo-portal", "--period", "last year"]);
    assert_eq!(bad_period.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_period.stderr).contains("考核期"));
    let missing = gongkai(&["check", "no/such/folder"]);
    assert_eq!(missing.status.code(), Some(2));
    let (_reserved, port) = ports::dead_port();
    let down = gongkai(&[
        "check",
        &format!("http://127.0.0.1:{port}/"),
        "--retries",
        "0",
        "--quiet",
    ]);
    assert_eq!(down.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&down.stderr).contains("无法访问"));
}

#[test]
fn rules_are_listed() {
    let out = gongkai(&["rules"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("disclosure-late") && text.contains("第二十六条"));
    assert!(text.contains("disclosure-date-missing"));
}

#[test]
fn a_rule_is_shown_in_full_and_an_unknown_id_named() {
    let out = gongkai(&["rules", "disclosure-late"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for heading in [
        "标题：",
        "依据：",
        "检查什么：",
        "示例：",
        "局限：",
        "整改要求：",
        "指标行（",
    ] {
        assert!(text.contains(heading), "{heading} in {text}");
    }
    assert!(text.contains("第二十六条"), "{text}");
    let unknown = gongkai(&["rules", "disclosure-lte"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("“disclosure-lte”"));
}

/// Runs `gongkai check fixtures/demo-portal` with `extra`; the exit code and standard error.
fn check_demo_folder(extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["check", "fixtures/demo-portal", "--quiet"];
    args.extend_from_slice(extra);
    let out = gongkai(&args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn arguments_a_new_user_gets_wrong_are_refused_with_the_reason_in_chinese() {
    let cases: &[(&[&str], &[&str])] = &[
        (&["--period", "0"], &["考核期“0”", "2008"]),
        (&["--period", "2024-06-30..2024-01-01"], &["颠倒"]),
        (
            &["--period", "2026", "--as-of", "2025-12-01"],
            &["晚于检查基准日"],
        ),
        (&["--as-of", "2025/12/01"], &["YYYY-MM-DD", "2025/12/01"]),
        (
            &["--profile", "county"],
            &["county", "department", "government"],
        ),
        (&["--formt", "json"], &["不认识的选项 --formt", "--format"]),
        (&["--format", "jsn"], &["jsn", "json"]),
        (&["--format", "xlsx"], &["-o"]),
    ];
    for (args, words) in cases {
        let (code, stderr) = check_demo_folder(args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.starts_with("错误："), "{args:?}: {stderr}");
        for word in *words {
            assert!(stderr.contains(word), "{args:?}: {word} not in {stderr}");
        }
    }
}

#[test]
fn the_output_file_is_checked_before_the_crawl_and_names_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder/自查报告.html");
    let (code, stderr) = check_demo_folder(&["-o", missing.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("no-such-folder") && stderr.contains("不存在"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("抓取"),
        "refused before crawling: {stderr}"
    );

    let clash = dir.path().join("整改清单.xlsx");
    let (code, stderr) = check_demo_folder(&["-o", clash.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("xlsx") && stderr.contains("json"),
        "{stderr}"
    );
    assert!(!clash.exists());

    let json = dir.path().join("report.json");
    let out = gongkai(&[
        "check",
        "fixtures/demo-portal",
        "--quiet",
        "--as-of",
        "2025-12-01",
        "--fail-on",
        "never",
        "-o",
        json.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(report["as_of"], "2025-12-01");
}

#[test]
fn help_is_in_chinese() {
    let out = gongkai(&["check", "--help"]);
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for word in [
        "用法：",
        "抓取选项",
        "报告选项",
        "最多抓取的页面数（默认 2000）",
    ] {
        assert!(help.contains(word), "{word} in {help}");
    }
    for english in ["Usage:", "Options:", "[default:"] {
        assert!(!help.contains(english), "{english} in {help}");
    }
}

#[test]
fn the_demo_runs_from_any_folder_with_its_portal_embedded() {
    let elsewhere = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["demo", "--quiet", "--format", "json"])
        .current_dir(elsewhere.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["site"]["name"], "明湖市城市管理局");
    assert_eq!(report["crawl"]["stats"]["pages_fetched"], 54);
}

/// A full disk behind standard output is an error that names standard output (exit code 2),
/// never a report silently cut short.
#[test]
fn a_report_that_cannot_be_written_to_standard_output_is_an_error() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["demo", "--format", "json", "--quiet"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("标准输出") && stderr.contains("无法写入"),
        "{stderr}"
    );
}

/// A reader that stops reading (`gongkai demo | head`) ends the output quietly: no panic, the
/// usual exit code.
#[test]
fn a_reader_that_stops_reading_ends_the_output_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["demo", "--format", "json", "--quiet"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
