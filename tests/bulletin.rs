//! `gongkai bulletin` from the command line: what it refuses before reading the store. The
//! counts and scores are unit-tested over hand-made events (`rectify::bulletin`), the formats in
//! `report::bulletin`.

use std::process::Command;

fn gongkai(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn refused(args: &[&str], says: &str) {
    let out = gongkai(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stderr.contains(says), "{args:?}: {stderr}");
}

#[test]
fn bad_periods_formats_and_missing_stores_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.sqlite");
    let db = db.to_str().unwrap();
    refused(&["bulletin", "--db", db], "--month");
    refused(&["bulletin", "--month", "2025-13", "--db", db], "YYYY-MM");
    refused(
        &[
            "bulletin", "--month", "2025-10", "--period", "2025", "--db", db,
        ],
        "不能与其他选项同时使用",
    );
    refused(
        &[
            "bulletin", "--month", "2025-10", "--format", "xlsx", "--db", db,
        ],
        "-o",
    );
    refused(
        &[
            "bulletin", "--month", "2025-10", "--format", "html", "-o", "x.json", "--db", db,
        ],
        "不一致",
    );
    refused(
        &["bulletin", "--month", "2025-10", "--db", db],
        "还没有任何检查记录",
    );
    assert!(
        !std::path::Path::new(db).exists(),
        "a missing store is never created"
    );
}
