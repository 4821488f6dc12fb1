use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;

use super::*;
use crate::finding::Severity;
use crate::rectify::document::samples;
use crate::rectify::{Explanation, NoticeKind, NoticeNumber};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn notice(kind: NoticeKind, seq: i64, on: &str) -> Option<NoticeRef> {
    Some(NoticeRef {
        number: NoticeNumber {
            kind,
            year: 2025,
            seq,
        },
        issued_on: day(on),
    })
}

/// Three records: one chased to 督办 and not yet re-checked, one fixed, one explained.
fn entries() -> Vec<LedgerEntry> {
    let open = LedgerEntry {
        portal: samples::portal(),
        fingerprint: "aaaa".to_string(),
        rule: "column-stale".to_string(),
        problem: "“工作动态”栏目最新信息发布于2025-09-12，超过2周未更新".to_string(),
        url: "http://www.minghu.gov.cn/xxgk/gzdt/".to_string(),
        basis: "国办秘函〔2019〕19号".to_string(),
        severity: Severity::Error,
        department: "办公室".to_string(),
        found_on: day("2025-11-03"),
        deadline: day("2025-11-17"),
        stage: Stage::Supervised,
        assigned: notice(NoticeKind::Assign, 1, "2025-11-03"),
        reminded: notice(NoticeKind::Remind, 1, "2025-11-18"),
        supervised: notice(NoticeKind::Supervise, 1, "2025-11-21"),
        resolved_on: None,
        explanation: None,
        cycle: 1,
        unverified: true,
    };
    let fixed = LedgerEntry {
        fingerprint: "bbbb".to_string(),
        rule: "link-broken".to_string(),
        problem: "链接指向的页面无法打开（服务器返回错误状态，HTTP 404），有1个页面链接到它"
            .to_string(),
        url: "http://www.minghu.gov.cn/old.html".to_string(),
        severity: Severity::Warning,
        department: "信息中心".to_string(),
        stage: Stage::Resolved,
        reminded: None,
        supervised: None,
        resolved_on: Some(day("2025-11-10")),
        unverified: false,
        cycle: 2,
        ..open.clone()
    };
    let explained = LedgerEntry {
        fingerprint: "cccc".to_string(),
        stage: Stage::Explained,
        reminded: None,
        supervised: None,
        explanation: Some(Explanation {
            note: "该栏目已于2025年撤并".to_string(),
            by: "张三".to_string(),
            at: "2025-11-05T02:00:00Z".to_string(),
        }),
        unverified: false,
        ..open.clone()
    };
    vec![open, fixed, explained]
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn the_ledger_reads_back_with_title_block_header_and_rows() {
    let bytes = to_xlsx(&entries(), day("2025-12-01")).unwrap();
    let mut workbook = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(workbook.sheet_names(), ["整改台账"]);
    let range = workbook.worksheet_range("整改台账").unwrap();
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
    assert_eq!(rows[0][0], "政务公开问题整改台账");
    assert_eq!(
        rows[1][0],
        "网站：明湖市城市管理局（http://www.minghu.gov.cn/）"
    );
    assert_eq!(rows[2][0], "期间：2025年11月3日至2025年12月1日");
    assert_eq!(rows[3][0], "制表日期：2025年12月1日");
    let header: Vec<&str> = COLUMNS.iter().map(|(n, _)| *n).collect();
    assert_eq!(rows[5], header);
    assert_eq!(rows.len(), 6 + 3);
    let open = &rows[6];
    assert_eq!(open[0], "1");
    assert!(open[1].starts_with("栏目更新不及时：“工作动态”栏目"));
    assert_eq!(open[2], "http://www.minghu.gov.cn/xxgk/gzdt/");
    assert_eq!(open[4], "问题");
    assert_eq!(open[8], "已督办（未能复核）");
    assert_eq!(
        open[9..15],
        [
            "〔2025〕第1号",
            "2025-11-03",
            "〔2025〕第1号",
            "2025-11-18",
            "〔2025〕第1号",
            "2025-11-21"
        ]
    );
    assert!(open[16].contains("未能复核"), "{}", open[16]);
    let fixed = &rows[7];
    assert_eq!(fixed[8], "已办结");
    assert_eq!(fixed[15], "2025-11-10");
    assert_eq!(fixed[16], "整改后再次出现（第2次）");
    let explained = &rows[8];
    assert_eq!(explained[8], "已说明");
    assert_eq!(explained[16], "该栏目已于2025年撤并（张三，2025-11-05）");
}

#[test]
fn the_ledger_prints_a4_landscape_with_repeated_header_rows() {
    let bytes = to_xlsx(&entries(), day("2025-12-01")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    assert!(sheet.contains("orientation=\"landscape\""), "{sheet}");
    assert!(sheet.contains("paperSize=\"9\""), "{sheet}");
    assert!(sheet.contains("fitToHeight=\"0\""), "{sheet}");
    assert!(sheet.contains("<autoFilter ref=\"A6:Q9\""), "{sheet}");
    assert!(
        sheet.contains("ySplit=\"6\""),
        "frozen under the header: {sheet}"
    );
    let mut workbook = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/workbook.xml").unwrap(),
        &mut workbook,
    )
    .unwrap();
    assert!(workbook.contains("_xlnm.Print_Titles"), "{workbook}");
    assert!(workbook.contains("$1:$6"), "{workbook}");
}

#[test]
fn the_csv_has_the_title_block_then_the_table() {
    let csv = String::from_utf8(to_csv(&entries(), day("2025-12-01"))).unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "政务公开问题整改台账");
    assert_eq!(lines[3], "制表日期：2025年12月1日");
    assert_eq!(lines[4], "\"\"");
    assert!(
        lines[5]
            .starts_with("序号,问题,网址,依据,严重程度,责任部门,发现日期,整改期限,状态,交办单号")
    );
    assert_eq!(lines.len(), 6 + 3);
}

#[test]
fn an_empty_ledger_still_has_its_header() {
    let bytes = to_xlsx(&[], day("2025-12-01")).unwrap();
    let mut workbook = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = workbook.worksheet_range("整改台账").unwrap();
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
    assert_eq!(rows[2][0], "期间：尚无记录");
    assert_eq!(rows[5][0], "序号");
}
