//! `gongkai notices` and `gongkai ledger` as a user runs them: the demo portal's folder checked
//! once with `--db` (its first run assigns every problem: 交办单 per 责任部门), then the day's
//! documents written, written again (a reprint is the same document), and the 整改台账 exported.

#[path = "support/db.rs"]
mod db;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx, open_workbook};

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

/// The files of `dir` with the extension, by name.
fn files(dir: &Path, extension: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(extension))
        .collect();
    names.sort();
    names
}

fn document_xml(path: &Path) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_days_documents_are_written_and_reprinted_identically() {
    for store in db::backends().await {
        let db = store.location.as_str();
        let work = tempfile::tempdir().unwrap();
        let report = work.path().join("report.json");
        let report = report.to_str().unwrap();
        ok(&[
            "check",
            "fixtures/demo-portal",
            "--db",
            db,
            "--as-of",
            "2025-12-01",
            "--fail-on",
            "never",
            "--quiet",
            "-o",
            report,
        ]);

        let first = work.path().join("first");
        let said = ok(&[
            "notices",
            "--db",
            db,
            "--as-of",
            "2025-12-01",
            "-o",
            first.to_str().unwrap(),
        ]);
        assert!(
            said.contains("已写出 2025-12-01 发出的"),
            "{store:?}: {said}"
        );
        let docx = files(&first, ".docx");
        let html = files(&first, ".html");
        assert!(!docx.is_empty(), "{store:?}: {said}");
        assert_eq!(docx.len(), html.len());
        assert!(
            docx.iter().all(|n| n.starts_with("交办单〔2025〕第")),
            "{store:?}: {docx:?}"
        );
        let page = std::fs::read_to_string(first.join(&html[0])).unwrap();
        assert!(page.contains("工作交办单</h1>"), "{store:?}");
        assert!(
            page.contains("〔2025〕第1号") || html.len() > 1,
            "{store:?}"
        );

        // A reprint from the stored notices: the HTML byte for byte, the docx's text.
        let second = work.path().join("second");
        ok(&[
            "notices",
            "--db",
            db,
            "--as-of",
            "2025-12-01",
            "-o",
            second.to_str().unwrap(),
        ]);
        for name in &html {
            assert_eq!(
                std::fs::read(first.join(name)).unwrap(),
                std::fs::read(second.join(name)).unwrap(),
                "{store:?}: {name}"
            );
        }
        for name in &docx {
            assert_eq!(
                document_xml(&first.join(name)),
                document_xml(&second.join(name)),
                "{store:?}: {name}"
            );
        }

        // Only one kind, only docx: no 催办单 on the first day.
        let reminders = work.path().join("reminders");
        let said = ok(&[
            "notices",
            "--db",
            db,
            "--as-of",
            "2025-12-01",
            "--kind",
            "remind",
            "--format",
            "docx",
            "-o",
            reminders.to_str().unwrap(),
        ]);
        assert!(said.contains("没有发出任何工作催办单"), "{store:?}: {said}");
        assert!(!reminders.exists());
        let said = ok(&[
            "notices",
            "--db",
            db,
            "--as-of",
            "2025-12-02",
            "-o",
            reminders.to_str().unwrap(),
        ]);
        assert!(
            said.contains("2025-12-02 没有发出任何"),
            "{store:?}: {said}"
        );

        // The 整改台账: the title block, then one row per problem assigned.
        let ledger = work.path().join("整改台账.xlsx");
        let said = ok(&["ledger", "--db", db, "-o", ledger.to_str().unwrap()]);
        assert!(said.contains("已写出整改台账"), "{store:?}: {said}");
        let mut workbook: Xlsx<_> = open_workbook(&ledger).unwrap();
        let sheet = workbook.worksheet_range("整改台账").unwrap();
        let rows: Vec<Vec<String>> = sheet
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Data::String(s) => s.clone(),
                        Data::Empty => String::new(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect();
        assert_eq!(rows[0][0], "政务公开问题整改台账", "{store:?}");
        assert!(
            rows[2][0].starts_with("期间：2025年12月1日至"),
            "{store:?}: {:?}",
            rows[2]
        );
        assert_eq!(rows[5][0], "序号");
        assert!(rows.len() > 6, "{store:?}");
        assert!(rows[6..].iter().all(|r| r[8] == "已交办"), "{store:?}");
        assert!(rows[6..].iter().all(|r| r[10] == "2025-12-01"), "{store:?}");
        let csv = work.path().join("整改台账.csv");
        ok(&["ledger", "--db", db, "-o", csv.to_str().unwrap()]);
        let text = std::fs::read_to_string(&csv).unwrap();
        assert!(
            text.starts_with("\u{feff}政务公开问题整改台账"),
            "{store:?}"
        );
    }
}

#[test]
fn a_ledger_format_that_contradicts_the_file_is_refused() {
    let work = tempfile::tempdir().unwrap();
    let db = work.path().join("h.sqlite");
    std::fs::write(&db, b"").unwrap();
    let out = gongkai(&[
        "ledger",
        "--db",
        db.to_str().unwrap(),
        "--format",
        "csv",
        "-o",
        work.path().join("x.xlsx").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let missing = gongkai(&[
        "notices",
        "--db",
        work.path().join("none.sqlite").to_str().unwrap(),
        "-o",
        "x",
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("还没有任何检查记录"));
}
