//! The 国办秘函〔2019〕19号 table scores a run from the command line.

mod support;

use serde_json::Value;
use support::gongkai_ok;

#[test]
fn the_19_table_loads_and_scores_a_portal() {
    let stdout = gongkai_ok(
        &[
            "check",
            "fixtures/rules/privacy-leak/fail",
            "--as-of",
            "2025-12-01",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--indicators",
            "checks/indicators/gwy-2019-19.toml",
        ],
        None,
    );
    let report: Value = serde_json::from_slice(&stdout).unwrap();
    let score = &report["score"];
    assert_eq!(score["table"], "政府网站检查指标（国办秘函〔2019〕19号）");
    assert_eq!(score["total_points"], 100.0);
    let privacy = report["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["rules"]
                .as_array()
                .unwrap()
                .iter()
                .any(|id| id == "privacy-leak")
        })
        .unwrap();
    // The table's own verdict: the saved page triggers a 单项否决 item, so 不合格 whatever the
    // points; the range the manual rows leave open is stated beside it.
    let verdict = &score["verdict"];
    assert_eq!(verdict["pass_mark"], 60.0);
    assert_eq!(verdict["result"], "fail", "{verdict}");
    assert_eq!(verdict["reason"], "出现单项否决情形", "{verdict}");
    assert_eq!(verdict["lowest"], 22.0, "{verdict}");
    assert_eq!(verdict["highest"], 80.0, "{verdict}");
    assert_eq!(privacy["status"], "fail");
    assert_eq!(
        privacy["deducted"], 10.0,
        "two leaking pages × 5, capped at the row's 10"
    );
}

/// A locality's table and the 19号 table side by side: `--indicators` twice, or a portfolio
/// entry's list. The first routes the 整改清单; the second is scored on its own rows.
#[test]
fn two_tables_are_scored_side_by_side() {
    let args = |format: &str| {
        vec![
            "check",
            "fixtures/rules/privacy-leak/fail",
            "--as-of",
            "2025-12-01",
            "--format",
            format,
            "--fail-on",
            "never",
            "--indicators",
            "haian-cgj-2019",
            "--indicators",
            "gwy-2019-19",
        ]
        .into_iter()
        .map(str::to_string)
        .collect::<Vec<_>>()
    };
    let json = gongkai_ok(
        &args("json").iter().map(String::as_str).collect::<Vec<_>>(),
        None,
    );
    let report: Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(
        report["score"]["table"],
        "2019年海安市城管局政务公开工作考核任务分解表"
    );
    let also = report["also_scored"].as_array().unwrap();
    assert_eq!(also.len(), 1);
    assert_eq!(
        also[0]["score"]["table"],
        "政府网站检查指标（国办秘函〔2019〕19号）"
    );
    assert_eq!(also[0]["score"]["verdict"]["result"], "fail");
    // Findings name the main table's rows only.
    let leak = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "privacy-leak")
        .unwrap();
    let main_rows: Vec<&str> = report["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for id in leak["indicators"].as_array().unwrap() {
        assert!(main_rows.contains(&id.as_str().unwrap()));
    }
    let text = gongkai_ok(
        &args("text").iter().map(String::as_str).collect::<Vec<_>>(),
        None,
    );
    let text = String::from_utf8(text).unwrap();
    assert!(text.contains("【多表对照】"), "{text}");
    assert!(
        text.contains("《政府网站检查指标（国办秘函〔2019〕19号）》：得 "),
        "{text}"
    );
    assert!(text.contains("合格判定：不合格"), "{text}");
    let html = gongkai_ok(
        &args("html").iter().map(String::as_str).collect::<Vec<_>>(),
        None,
    );
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("<h2>多表对照</h2>"));
}

#[test]
fn an_unknown_table_name_is_an_error_naming_it() {
    let out = support::gongkai(&[
        "check",
        "fixtures/rules/privacy-leak/fail",
        "--indicators",
        "gwy-2019-20",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("gwy-2019-20"), "{stderr}");
}
