//! Extraction against real-shaped pages (fixtures/model-pages): the accuracy classes of issue 11
//! §3 that real portals showed — TRS definition-list lists, rows with two dates, placeholders
//! in the list position, hub pages with a link in their intro text.

use std::path::Path;

use chrono::NaiveDate;
use gongkai::crawl::decode::decode;
use gongkai::model::{PageKind, PageRecord, extract_page};
use url::Url;

fn page(file: &str, url: &str) -> PageRecord {
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/model-pages")
            .join(file),
    )
    .unwrap();
    let html = decode(&bytes, None).text;
    extract_page(&Url::parse(url).unwrap(), &html)
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// §3.2: `<dl><dt>标题</dt><dt>发布日期</dt></dl>` then one `<dl><dd><a/></dd><dd>date</dd></dl>`
/// per entry, beside a hidden `ms-repeat` template that is not an entry.
#[test]
fn a_trs_definition_list_is_a_list_and_its_template_is_ignored() {
    let record = page(
        "trs-dl-list.html",
        "http://cgj.minghu.gov.cn/xxgk/ndbg/index.htm",
    );
    assert_eq!(record.kind, PageKind::List);
    let entries = &record.list.as_ref().unwrap().entries;
    let titles: Vec<&str> = entries.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "明湖市城市管理局2024年政府信息公开工作年度报告",
            "明湖市城市管理局2023年政府信息公开工作年度报告",
            "明湖市城市管理局2022年政府信息公开工作年度报告（修订）",
        ]
    );
    let dates: Vec<_> = entries
        .iter()
        .map(|e| e.date.as_ref().and_then(|d| d.date))
        .collect();
    assert_eq!(dates, [ymd(2025, 1, 20), ymd(2024, 1, 26), ymd(2024, 3, 8)]);
    assert_eq!(
        entries[2].url,
        "http://cgj.minghu.gov.cn/xxgk/ndbg/202403/t20240306_12345.htm"
    );
    assert!(entries.iter().all(|e| !e.url.contains("%7B")));
}

/// §3.6: a message list's date is the 留言时间 column, not the 回复时间 after it.
#[test]
fn a_message_rows_date_is_the_submission_column_not_the_reply() {
    let record = page(
        "message-list-two-dates.html",
        "http://cgj.minghu.gov.cn/hdjl/jzxx/index.html",
    );
    assert_eq!(record.kind, PageKind::List);
    let entries = &record.list.as_ref().unwrap().entries;
    let dates: Vec<_> = entries
        .iter()
        .map(|e| e.date.as_ref().and_then(|d| d.date))
        .collect();
    assert_eq!(dates, [ymd(2024, 3, 1), ymd(2024, 2, 26), ymd(2024, 2, 19)]);
    assert_eq!(entries[0].date.as_ref().unwrap().text, "2024-03-01");
}

/// §3.6: a notice's date is its 发布日期, not the 截止日期 printed beside it (in either order).
#[test]
fn a_notice_rows_date_is_its_publication_not_its_deadline() {
    let record = page(
        "notice-list-deadline.html",
        "http://cgj.minghu.gov.cn/xxgk/gsgg/index.html",
    );
    let entries = &record.list.as_ref().unwrap().entries;
    let dates: Vec<_> = entries
        .iter()
        .map(|e| e.date.as_ref().and_then(|d| d.date))
        .collect();
    assert_eq!(
        dates,
        [ymd(2024, 5, 10), ymd(2024, 4, 22), ymd(2024, 4, 15)]
    );
}

/// §3.7: 暂无信息 / 【暂无数据】 / 没有相关信息 in the list position — as an `<li>`, a table row
/// or a bare `<div>` — is an empty column, not a column of one entry.
#[test]
fn placeholders_in_the_list_position_are_not_entries() {
    for (file, url) in [
        ("placeholder-li.html", "http://cgj.minghu.gov.cn/xxgk/ghjh/"),
        (
            "placeholder-tr.html",
            "http://cgj.minghu.gov.cn/xxgk/xzsyxsf/index.html",
        ),
        (
            "placeholder-div.html",
            "http://cgj.minghu.gov.cn/xxgk/zfcg/index.html",
        ),
    ] {
        let record = page(file, url);
        assert_eq!(record.kind, PageKind::List, "{file}");
        let list = record.list.unwrap();
        assert!(list.entries.is_empty(), "{file}: {:?}", list.entries);
        assert!(list.empty_notice, "{file}");
    }
}

/// A hub page naming its column (ColumnName) with one link in its intro text is not a list:
/// read as one, it became a column of one undated entry ("均未注明发布时间").
#[test]
fn a_hub_with_a_link_in_its_intro_text_is_not_a_list() {
    let record = page(
        "hub-intro-link.html",
        "http://cgj.minghu.gov.cn/xxgk/fdzdgknr/",
    );
    assert_eq!(record.kind, PageKind::Other, "{:?}", record.list);
}
