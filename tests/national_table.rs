//! The 国办秘函〔2019〕19号 table scores a run from the command line.

use std::process::Command;

use serde_json::Value;

#[test]
fn the_19_table_loads_and_scores_a_portal() {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args([
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
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
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
    assert_eq!(privacy["status"], "fail");
    assert_eq!(
        privacy["deducted"], 10.0,
        "two leaking pages × 5, capped at the row's 10"
    );
}
