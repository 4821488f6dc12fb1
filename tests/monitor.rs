//! `gongkai monitor` as cron runs it: a portfolio of loopback portals (each server its own
//! host:port, so its own portal), every portal recorded in the store, every report and the
//! 汇总表 written; a dead portal is a failed row and the others go on; bad entries are named by
//! file and line; two shards against one PostgreSQL record each portal exactly once.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gongkai::history::{RunStatus, Store};
use url::Url;

mod common;
#[path = "support/db.rs"]
mod db;
mod support;
use common::ports::dead_port;
use common::serve::{start, static_router};
use support::{gongkai, xlsx_cells};

const AS_OF: &str = "2025-12-01";

fn demo_portal() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo-portal")
}

/// `n` loopback copies of the demo portal, each on its own port.
async fn portals(n: usize) -> Vec<Url> {
    let mut urls = Vec::new();
    for _ in 0..n {
        let router = static_router(&demo_portal()).unwrap();
        let (addr, _server) = start(router, 0).await.unwrap();
        urls.push(Url::parse(&format!("http://{addr}/")).unwrap());
    }
    urls
}

/// A portfolio of `urls` named 网站01, 网站02 … with 责任单位 单位01 …, unthrottled.
fn portfolio(header: &str, urls: &[String]) -> String {
    let mut text = format!("{header}\nrate = 0\ndeadline = \"5m\"\n");
    for (i, url) in urls.iter().enumerate() {
        text.push_str(&format!(
            "\n[[portal]]\nname = \"网站{:02}\"\nurl = \"{url}\"\nunit = \"单位{:02}\"\n",
            i + 1,
            i + 1
        ));
    }
    text
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Completed runs per portal key.
async fn completed_runs(location: &str) -> HashMap<String, usize> {
    let store = Store::open(location).await.unwrap();
    let mut runs = HashMap::new();
    for run in store.runs(None).await.unwrap() {
        if run.status == RunStatus::Completed {
            *runs.entry(run.portal.key).or_default() += 1;
        }
    }
    runs
}

fn key(url: &str) -> String {
    gongkai::history::Portal::of_url(&Url::parse(url).unwrap(), None).key
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_portals_are_recorded_and_summarised_and_a_dead_one_fails_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut urls: Vec<String> = portals(20).await.iter().map(Url::to_string).collect();
    let (_reserved, port) = dead_port();
    let dead = format!("http://127.0.0.1:{port}/");
    urls.insert(7, dead.clone());
    let file = dir.path().join("名单.toml");
    let header = "db = \"history.sqlite\"\nout = \"reports\"\nconcurrency = 4";
    std::fs::write(&file, portfolio(header, &urls)).unwrap();

    let output = gongkai(&[
        "monitor",
        file.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--quiet",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));

    let db = dir.path().join("history.sqlite");
    let runs = completed_runs(db.to_str().unwrap()).await;
    for url in urls.iter().filter(|u| **u != dead) {
        assert_eq!(runs.get(&key(url)), Some(&1), "{url}: {runs:?}");
    }
    assert!(!runs.contains_key(&key(&dead)), "{runs:?}");

    let out = dir.path().join("reports");
    for i in (1..=21).filter(|i| *i != 8) {
        let folder = out.join(format!("网站{i:02}"));
        for name in ["report.html", "report.json", "report.txt", "整改清单.xlsx"] {
            assert!(folder.join(name).is_file(), "{}/{name}", folder.display());
        }
        let json = std::fs::read_to_string(folder.join("report.json")).unwrap();
        let report: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert!(report["history"].is_object(), "网站{i:02}: no history");
        // The night's 交办单, each as .docx and .html, beside the report.
        let issued = report["history"]["issued"].as_array().map_or(0, Vec::len);
        assert!(issued > 0, "网站{i:02}: nothing issued");
        let documents: Vec<String> = std::fs::read_dir(folder.join("notices"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        for extension in [".docx", ".html"] {
            let written = documents.iter().filter(|d| d.ends_with(extension)).count();
            assert_eq!(written, issued, "网站{i:02}: {documents:?}");
        }
        assert!(
            documents.iter().all(|d| d.starts_with("交办单〔2025〕第")),
            "{documents:?}"
        );
    }
    assert!(!out.join("网站08").exists());

    let text = std::fs::read_to_string(out.join("汇总表.txt")).unwrap();
    assert!(
        text.contains("共 21 个网站：抓取完整 20 个，不完整 0 个，失败 1 个"),
        "{text}"
    );
    let dead_line = text.lines().find(|l| l.starts_with("网站08\t")).unwrap();
    assert!(
        dead_line.contains(&format!("{dead}\t单位08\t—")),
        "{dead_line}"
    );
    assert!(dead_line.contains("\t失败："), "{dead_line}");
    let first = text.lines().find(|l| l.starts_with("网站01\t")).unwrap();
    assert!(first.contains("\t完整\t网站01/report.html"), "{first}");
    let html = std::fs::read_to_string(out.join("汇总表.html")).unwrap();
    assert!(html.contains(r#"<a href="网站21/report.html">报告</a>"#));

    let cells = xlsx_cells(&out.join("汇总表.xlsx"));
    let rows: Vec<&str> = cells.lines().collect();
    assert_eq!(rows[0], "== 汇总表");
    assert!(rows[1].starts_with("网站\t地址\t责任单位\t得分\t单项否决\t新发现\t已整改\t仍未整改"));
    assert_eq!(rows.len(), 2 + 21, "{cells}");
    assert!(rows[9].starts_with("网站08\t"), "{}", rows[9]);
    assert!(rows[9].contains("失败："), "{}", rows[9]);
    // A first run: every problem is new.
    let row1: Vec<&str> = rows[2].split('\t').collect();
    assert_eq!(row1[0], "网站01");
    assert!(row1[5].parse::<f64>().unwrap() > 0.0, "{}", rows[2]);
    assert_eq!(row1[6], "0");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_entries_are_named_by_file_and_line_and_the_rest_run() {
    let dir = tempfile::tempdir().unwrap();
    let url = portals(1).await[0].to_string();
    let file = dir.path().join("名单.toml");
    let text = format!(
        "db = \"h.sqlite\"\nrate = 0\n\n[[portal]]\nname = \"好的\"\nurl = \"{url}\"\n\n[[portal]]\nname = \"没地址\"\n\n[[portal]]\nname = \"拼错\"\nurl = \"http://a.example.gov.cn/\"\nmax_page = 3\n"
    );
    std::fs::write(&file, text).unwrap();
    let output = gongkai(&["monitor", file.to_str().unwrap(), "--as-of", AS_OF, "-q"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    let shown = file.display();
    assert!(
        err.contains(&format!("名单文件 {shown} 第8行：“没地址”缺少地址 url")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "名单文件 {shown} 第14行：[[portal]] 不认识的设置“max_page”"
        )),
        "{err}"
    );
    let summary = std::fs::read_to_string(dir.path().join("reports/汇总表.txt")).unwrap();
    assert!(
        summary.contains("抓取完整 1 个，不完整 0 个，失败 2 个"),
        "{summary}"
    );
    assert!(summary.contains("没地址\t\t\t—"), "{summary}");
    let runs = completed_runs(dir.path().join("h.sqlite").to_str().unwrap()).await;
    assert_eq!(runs.get(&key(&url)), Some(&1));

    // A file that does not parse: nothing runs, exit 2 with the line.
    std::fs::write(&file, "rate = 0\n[[portal]\nname = \"x\"\n").unwrap();
    let output = gongkai(&["monitor", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(&format!("名单文件 {shown} 第2行：")),
        "{}",
        stderr(&output)
    );
    // A shard out of range is a usage error.
    let output = gongkai(&["monitor", file.to_str().unwrap(), "--shard", "2/2"]);
    assert_eq!(output.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_shards_at_once_record_each_portal_exactly_once_in_one_postgres() {
    let Some(pg) = db::postgres().await else {
        return;
    };
    let db = pg.location.clone();
    let dir = tempfile::tempdir().unwrap();
    let urls: Vec<String> = portals(6).await.iter().map(Url::to_string).collect();
    let file = dir.path().join("名单.toml");
    std::fs::write(&file, portfolio("concurrency = 2", &urls)).unwrap();
    let out = dir.path().join("reports");
    let shard = |which: &str| {
        Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args(["monitor", file.to_str().unwrap(), "--db", &db, "--quiet"])
            .args([
                "--as-of",
                AS_OF,
                "--shard",
                which,
                "-o",
                out.to_str().unwrap(),
            ])
            .spawn()
            .unwrap()
    };
    let (zero, one) = (shard("0/2"), shard("1/2"));
    for child in [zero, one] {
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let runs = completed_runs(&db).await;
    assert_eq!(runs.len(), 6, "{runs:?}");
    for url in &urls {
        assert_eq!(runs.get(&key(url)), Some(&1), "{url}: {runs:?}");
    }
    let mut listed = 0;
    for name in ["汇总表-分片0-共2.txt", "汇总表-分片1-共2.txt"] {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        listed += text.lines().filter(|l| l.starts_with("网站")).count() - 1;
    }
    assert_eq!(listed, 6, "each portal in exactly one shard's summary");
}
