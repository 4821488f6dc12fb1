//! `gongkai history` and `gongkai diff` as a user runs them: two nights of the history fixture
//! portal (fixtures/history v1, then v2) served on loopback and recorded with
//! `gongkai check URL --db FILE`, then the history and the diff in every format; and the
//! errors for an empty store, an unknown portal and an unknown run.

mod common;
use common::files::publish_history;
#[path = "support/db.rs"]
mod db;

use std::process::{Command, Output};

use serde_json::Value;

fn gongkai(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .env_remove("GONGKAI_DB")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> String {
    let out = gongkai(args);
    assert!(
        out.status.success(),
        "gongkai {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs a command that must fail with exit code 2; returns its message.
fn refused(args: &[&str]) -> String {
    let out = gongkai(args);
    assert_eq!(out.status.code(), Some(2), "gongkai {}", args.join(" "));
    String::from_utf8(out.stderr).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_recorded_nights_in_history_and_diff() {
    for store in db::backends().await {
        let root = tempfile::tempdir().unwrap();
        publish_history(root.path(), "v1");
        let router = common::serve::static_router(root.path()).unwrap();
        let (addr, server) = common::serve::start(router, 0).await.unwrap();
        let url = format!("http://{addr}/");
        let out = tempfile::tempdir().unwrap();
        let db = store.location.as_str();
        let check = |as_of: &str, extra: &[&str]| {
            let mut args = vec![
                "check",
                &url,
                "--db",
                db,
                // Every article re-verified each night, so the removed one is seen to fail.
                "--reverify-every",
                "1",
                "--as-of",
                as_of,
                "--rate",
                "0",
                "--fail-on",
                "never",
                "-q",
            ];
            args.extend_from_slice(extra);
            ok(&args)
        };

        let first = check("2025-12-01", &[]);
        assert!(
            first.contains("这是该网站在历史库中的第一次检查记录"),
            "{first}"
        );
        publish_history(root.path(), "v2");
        let second = check("2025-12-02", &[]);
        let lead = second
            .lines()
            .find(|l| l.starts_with("与上次检查"))
            .expect(&second);
        assert!(
            lead.starts_with("与上次检查（2025-12-01）相比：新发现 "),
            "{lead}"
        );
        assert!(
            lead.contains("已整改 ") && lead.contains("未能复核 "),
            "{lead}"
        );
        assert!(second.contains("][新发现] "), "{second}");
        assert!(second.contains("【未能复核："), "{second}");
        server.abort();

        // history: text, json, html (a trend point per run)
        let text = ok(&["history", "--db", db]);
        assert!(text.contains(&format!("网站：{url}")), "{text}");
        assert!(text.contains("共 2 次检查"), "{text}");
        let json: Value =
            serde_json::from_str(&ok(&["history", "--db", db, "--format", "json"])).unwrap();
        let runs = json["portals"][0]["runs"].as_array().unwrap();
        assert_eq!(runs.len(), 2, "{json}");
        assert!(runs.iter().all(|r| r["state"] == "completed"));
        assert_eq!(runs[1]["as_of"], "2025-12-02");
        let (from, to) = (
            runs[0]["id"].as_i64().unwrap().to_string(),
            runs[1]["id"].as_i64().unwrap().to_string(),
        );
        let page = out.path().join("history.html");
        ok(&[
            "history",
            "--db",
            db,
            "--portal",
            &url,
            "-o",
            page.to_str().unwrap(),
        ]);
        let html = std::fs::read_to_string(&page).unwrap();
        assert_eq!(html.matches(r#"class="pt-problems""#).count(), 2);
        assert!(html.contains("<svg") && !html.contains("<script"));

        // diff: text, json, html
        let text = ok(&["diff", &from, &to, "--db", db]);
        assert!(
            text.starts_with(&format!(
                "网站：{url}\n第 {from} 次检查（2025-12-01）与第 {to} 次检查（2025-12-02）相比："
            )),
            "{text}"
        );
        let json: Value =
            serde_json::from_str(&ok(&["diff", &from, &to, "--db", db, "--format", "json"]))
                .unwrap();
        for part in ["new", "fixed", "unverified"] {
            assert!(
                json["counts"][part].as_u64().unwrap() >= 1,
                "{part}: {json}"
            );
            assert_eq!(
                json["counts"][part].as_u64().unwrap() as usize,
                json[part].as_array().unwrap().len()
            );
        }
        assert!(
            json["unverified"]
                .as_array()
                .unwrap()
                .iter()
                .all(|f| f["url"].as_str().unwrap().ends_with("art_2871_3421.html")),
            "{json}"
        );
        let html = ok(&["diff", &from, &to, "--db", db, "--format", "html"]);
        assert!(html.contains(r#"<section id="unverified">"#));

        // errors, exit code 2
        let message = refused(&["diff", &from, "99999", "--db", db]);
        assert!(message.contains("没有编号为 99999 的检查"), "{message}");
        let message = refused(&["history", "--db", db, "--portal", "http://nowhere.example/"]);
        assert!(
            message.contains("没有网站“http://nowhere.example/”的检查记录"),
            "{message}"
        );
        let message = refused(&["history", "--db", db, "--format", "json", "-o", "x.html"]);
        assert!(message.contains("不一致"), "{message}");
    }
}

#[test]
fn an_empty_store_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("none.sqlite");
    let db = file.to_str().unwrap();
    let message = refused(&["history", "--db", db]);
    assert!(message.contains("中还没有任何检查记录"), "{message}");
    assert!(!file.exists(), "a command that only reads creates no store");
    let message = refused(&["diff", "1", "2", "--db", db]);
    assert!(message.contains("中还没有任何检查记录"), "{message}");
    let message = refused(&["diff", "1", "x", "--db", db]);
    assert!(message.contains("检查编号应为整数"), "{message}");
}
