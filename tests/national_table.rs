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
