//! Self-declared evidence (`gongkai evidence`) against both backends (SQLite always;
//! PostgreSQL when `GONGKAI_TEST_POSTGRES` names a server, see tests/support/db.rs): declared
//! through the command line and the store, then a recorded run of the fixture portal scores the
//! manual rows as declared, completes the score and marks the points 自报 in every format.

#[path = "support/db.rs"]
mod db;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use gongkai::history::{EvidenceFile, HistoryOptions, Portal, Store, run_recorded};
use gongkai::indicators::declared::declarable_row;
use gongkai::rectify::Declaration;
use gongkai::report::{html, text};
use gongkai::{IndicatorTable, RunOptions, Target};
use serde_json::Value;
use url::Url;

const SITE: &str = "http://zrzyj.minghu.gov.cn/";

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/history/v1")
}

fn gongkai(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> String {
    let out = gongkai(args);
    assert!(
        out.status.success(),
        "gongkai {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The ids of the builtin table's rows a person may declare.
fn declarable() -> Vec<String> {
    let table = IndicatorTable::builtin();
    let mut ids = Vec::new();
    for (ci, category) in table.category.iter().enumerate() {
        for ri in 0..category.row.len() {
            let id = gongkai::indicators::row_id(ci, ri);
            if declarable_row(&table, &id).is_ok() {
                ids.push(id);
            }
        }
    }
    ids
}

fn options() -> RunOptions {
    let target = Target::Folder {
        path: fixture(),
        site_url: Url::parse(SITE).unwrap(),
    };
    RunOptions::new(target, NaiveDate::from_ymd_opt(2025, 12, 1).unwrap())
}

#[tokio::test]
async fn declared_evidence_completes_the_score_on_both_backends() {
    for backend in db::backends().await {
        let dir = tempfile::tempdir().unwrap();
        let scan = dir.path().join("专题汇报会议纪要.pdf");
        std::fs::write(&scan, b"%PDF-1.4 minutes").unwrap();
        let db = backend.location.as_str();

        // Through the command line: a new portal by its address, with a file.
        let said = ok(&[
            "evidence",
            "1.1",
            "--met",
            "--note",
            "2025年3月专题汇报会议纪要",
            "--by",
            "张三",
            "--file",
            scan.to_str().unwrap(),
            "--portal",
            SITE,
            "--db",
            db,
        ]);
        assert!(said.contains("自报达标"), "{backend:?}: {said}");
        // Changed the next day: the older one stays as history.
        ok(&[
            "evidence",
            "1.2",
            "--met",
            "--note",
            "发言人制度",
            "--by",
            "李四",
            "--db",
            db,
        ]);
        ok(&[
            "evidence",
            "1.2",
            "--not-met",
            "--note",
            "尚未发布",
            "--by",
            "李四",
            "--db",
            db,
        ]);

        // A row the rules check is refused, and so is a file over the limit.
        let refused = gongkai(&[
            "evidence", "4.2", "--met", "--note", "x", "--by", "y", "--db", db,
        ]);
        assert_eq!(refused.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&refused.stderr).contains("disclosure-late"));
        let big = dir.path().join("big.pdf");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(gongkai::history::MAX_EVIDENCE_BYTES + 1)
            .unwrap();
        let too_big = gongkai(&[
            "evidence",
            "1.3",
            "--met",
            "--note",
            "x",
            "--by",
            "y",
            "--file",
            big.to_str().unwrap(),
            "--db",
            db,
        ]);
        assert_eq!(too_big.status.code(), Some(2));
        assert!(
            String::from_utf8_lossy(&too_big.stderr).contains("超过上限"),
            "{}",
            String::from_utf8_lossy(&too_big.stderr)
        );

        // The rest through the store: every other manual row met.
        let store = Store::open(db).await.unwrap();
        let portal = Portal::of_url(&Url::parse(SITE).unwrap(), None);
        let table = IndicatorTable::builtin();
        let ids = declarable();
        for id in ids
            .iter()
            .filter(|id| !["1.1", "1.2"].contains(&id.as_str()))
        {
            let declaration = Declaration {
                table: table.title.clone(),
                row: id.clone(),
                met: true,
                note: "台账齐全".into(),
                by: "王五".into(),
                at: String::new(),
                file_name: None,
                file_sha256: None,
            };
            store.declare(&portal, &declaration, None).await.unwrap();
        }
        let in_force = store.declarations(&portal.key, &table.title).await.unwrap();
        assert_eq!(in_force.len(), ids.len(), "{backend:?}");
        let first = in_force.iter().find(|d| d.row == "1.1").unwrap();
        let expected_sha = EvidenceFile::read(&scan).unwrap().sha256();
        assert_eq!(first.file_name.as_deref(), Some("专题汇报会议纪要.pdf"));
        assert_eq!(first.file_sha256.as_deref(), Some(expected_sha.as_str()));
        assert!(!in_force.iter().find(|d| d.row == "1.2").unwrap().met);
        let history = store
            .declaration_history(Some(SITE), Some(&table.title))
            .await
            .unwrap();
        let second: Vec<_> = history
            .iter()
            .filter(|r| r.declaration.row == "1.2")
            .collect();
        assert_eq!(second.len(), 2);
        assert!(second[0].in_force && !second[0].declaration.met);
        assert!(!second[1].in_force && second[1].declaration.met);
        assert_eq!(
            history
                .iter()
                .find(|r| r.declaration.row == "1.1")
                .unwrap()
                .file_size,
            Some(16)
        );
        let listed = ok(&["evidence", "--list", "--db", db]);
        assert!(listed.contains("此前：自报达标"), "{listed}");

        // A recorded run scores them.
        let report = run_recorded(
            options(),
            &store,
            &portal,
            &HistoryOptions {
                reverify_every: 1,
                ..HistoryOptions::default()
            },
        )
        .await
        .unwrap();
        let card = &report.score;
        let row = |id: &str| report.indicators.iter().find(|r| r.id == id).unwrap();
        assert_eq!(card.manual_points, 0.0, "{backend:?}");
        assert_eq!(card.declared_not_met_points, row("1.2").points);
        assert_eq!(
            card.complete_score,
            Some(card.verified_score + card.declared_met_points),
            "{backend:?}"
        );
        assert_eq!(row("1.1").score, Some(row("1.1").points));
        assert_eq!(row("1.2").score, Some(0.0));
        assert_eq!(
            row("1.1").declared.as_ref().unwrap().file_sha256.as_deref(),
            Some(expected_sha.as_str())
        );
        // Rows the rules feed are untouched.
        assert!(row("4.2").declared.is_none());

        let text = text::render(&report);
        assert!(text.contains("未经工具核验"), "{text}");
        assert!(text.contains("完整得分"), "{text}");
        assert!(text.contains("✎ 1.1"), "{text}");
        let page = html::render(&report);
        assert!(
            page.contains("自报达标（张三"),
            "html marks the declared rows"
        );
        let json: Value = serde_json::from_str(&report.to_json()).unwrap();
        assert_eq!(
            json["score"]["complete_score"],
            card.complete_score.unwrap()
        );
        let declared = json["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "1.1")
            .unwrap();
        assert_eq!(declared["declared"]["by"], "张三");
        assert_eq!(declared["declared"]["met"], true);

        // And a recorded run from the command line says so in the workbook.
        let book = dir.path().join("清单.xlsx");
        check_xlsx(db, &book);
    }
}

/// `gongkai check … --db … -o 清单.xlsx`: the 指标得分 sheet marks the declared rows.
fn check_xlsx(db: &str, book: &Path) {
    use calamine::{Reader, Xlsx, open_workbook};
    let out = gongkai(&[
        "check",
        fixture().to_str().unwrap(),
        "--site-url",
        SITE,
        "--as-of",
        "2025-12-01",
        "--quiet",
        "--fail-on",
        "never",
        "--db",
        db,
        "-o",
        book.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut workbook: Xlsx<_> = open_workbook(book).unwrap();
    let sheet = workbook.worksheet_range("指标得分").unwrap();
    let cells: Vec<String> = sheet.cells().map(|(_, _, v)| v.to_string()).collect();
    assert!(
        cells.iter().any(|c| c == "自报达标（未经工具核验）"),
        "{cells:?}"
    );
    assert!(
        cells.iter().any(|c| c.starts_with("自报未达标（李四")),
        "{cells:?}"
    );
    assert!(cells.iter().any(|c| c.contains("完整得分")), "{cells:?}");
}
