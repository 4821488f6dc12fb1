//! The 通报's formats over one hand-made bulletin.

use super::*;
use crate::checks::RectificationChecks;
use crate::period::Period;
use crate::rectify::bulletin::{Counts, Grouping};
use crate::rules::testing::date as d;

fn bulletin() -> Bulletin {
    let policy = RectificationChecks::default().bulletin;
    let row = |name: &str, reminded: usize, interviews: usize| {
        let deducted = 0.2 * reminded as f64 + 3.0 * interviews as f64;
        let score = ((100.0 - deducted) * 100.0).round() / 100.0;
        BulletinRow {
            name: name.to_string(),
            counts: Counts {
                assigned: 3,
                resolved_on_time: 1,
                resolved_late: 1,
                overdue: 1,
                reminded,
                interviews,
                ..Counts::default()
            },
            deducted,
            score,
            merit: score >= policy.merit_line,
        }
    };
    let rows = vec![row("信息中心", 2, 0), row("办公室<法规科>", 1, 7)];
    Bulletin {
        title: "政务公开整改情况通报（2025年10月）".into(),
        period: Period::month("2025-10").unwrap(),
        by: Grouping::Department,
        policy: policy.clone(),
        total: Counts {
            assigned: 6,
            ..Counts::default()
        },
        rows,
        issuer: "明湖市人民政府办公室".into(),
        issued_on: d("2025-11-03"),
    }
}

#[test]
fn text_reads_like_a_bulletin() {
    let text = render_text(&bulletin());
    assert!(
        text.starts_with("政务公开整改情况通报（2025年10月）\n\n　　按照"),
        "{text}"
    );
    assert!(text.contains("序号  责任部门"), "{text}");
    assert!(text.contains("78.8"), "{text}");
    assert!(
        text.contains("不能评为先进的责任部门：办公室<法规科>（78.8分）"),
        "{text}"
    );
    assert!(
        text.trim_end()
            .ends_with("明湖市人民政府办公室\n2025年11月3日"),
        "{text}"
    );
}

#[test]
fn json_carries_the_numbers_and_the_sentences() {
    let value: serde_json::Value = serde_json::from_str(&render_json(&bulletin())).unwrap();
    assert_eq!(value["rows"][0]["name"], "信息中心");
    assert_eq!(value["rows"][1]["interviews"], 7);
    assert_eq!(value["rows"][1]["merit"], false);
    assert_eq!(value["policy"]["per_supervision"], 0.5);
    assert_eq!(value["period"]["start"], "2025-10-01");
    assert!(value["merit_sentence"].as_str().unwrap().contains("78.8分"));
}

#[test]
fn html_is_self_contained_with_a_chart_and_prints_on_a4() {
    let html = render_html(&bulletin());
    assert!(html.contains("@page{size:A4"));
    assert!(html.contains("<h1>政务公开整改情况通报（2025年10月）</h1>"));
    assert!(html.contains("办公室&lt;法规科&gt;"), "escaped");
    assert!(!html.contains("<法规科>"));
    assert_eq!(html.matches("<rect ").count(), 2, "one bar per department");
    assert!(html.contains(r#"class="merit""#));
    assert!(html.contains(r#"<tr class="below">"#));
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"));
}

#[test]
fn the_workbook_has_its_title_block_and_table() {
    use calamine::{Data, Reader, Xlsx};
    let bytes = to_xlsx(&bulletin()).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("整改情况通报").unwrap();
    let text = |r: u32, c: u32| {
        range
            .get_value((r, c))
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    assert_eq!(text(0, 0), "政务公开整改情况通报（2025年10月）");
    assert!(text(1, 0).contains("本期共交办问题6个"));
    assert_eq!(text(3, 1), "责任部门");
    assert_eq!(text(4, 1), "信息中心");
    assert_eq!(range.get_value((5, 10)), Some(&Data::Float(78.8)));
    assert_eq!(text(5, 11), "不具备");
    let all: Vec<String> = (0..range.height() as u32).map(|r| text(r, 0)).collect();
    assert!(all.iter().any(|t| t.contains("不能评为先进")), "{all:?}");
    assert!(all.iter().any(|t| t == "2025年11月3日"), "{all:?}");
}
