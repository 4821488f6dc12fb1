use std::io::Read;

use super::samples;
use super::*;

/// The text of a packed `.docx` part, tags stripped (paragraphs and table cells on their own
/// lines), read back with the zip crate.
fn part_text(docx: &[u8], part: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip archive");
    let mut xml = String::new();
    archive
        .by_name(part)
        .expect("the part exists")
        .read_to_string(&mut xml)
        .unwrap();
    let xml = xml.replace("</w:p>", "\n").replace("<w:br />", "\n");
    let tags = regex::Regex::new(r"<[^>]*>").unwrap();
    tags.replace_all(&xml, "")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
}

#[test]
fn the_assignment_reads_like_the_seeds_form() {
    let doc = compose(&samples::assign());
    assert_eq!(doc.title, "明湖市人民政府办公室工作交办单");
    assert_eq!(doc.number, "〔2025〕第1号");
    assert_eq!(doc.addressee, "明湖市城市管理局办公室：");
    assert_eq!(
        doc.body,
        "根据2025年11月3日对“明湖市城市管理局”网站（http://www.minghu.gov.cn/）的政务公开检查结果，\
         现将以下2项政务公开问题交由你单位办理，请抓紧落实，在收件之日起10个工作日内（2025年11月17日前）\
         办结，并将办理结果情况书面反馈明湖市人民政府办公室（请在反馈材料中注明交办单编号）。"
    );
    let names: Vec<&str> = doc.table.columns.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "序号",
            "问题",
            "网址",
            "依据",
            "整改要求",
            "交办日期",
            "办结期限"
        ]
    );
    assert_eq!(doc.table.columns.iter().map(|(_, w)| w).sum::<u32>(), 100);
    assert_eq!(doc.table.rows[0][5], "2025年11月3日");
    assert_eq!(doc.table.rows[0][6], "2025年11月17日前");
    assert_eq!(doc.date, "2025年11月3日");
    // A notice whose store froze another paragraph prints that one.
    let mut stored = samples::assign();
    stored.paragraph = "根据网站检查结果，现将下列2项问题交由你单位办理。".to_string();
    assert_eq!(compose(&stored).body, stored.paragraph);
    assert_eq!(file_stem(&samples::assign()), "交办单〔2025〕第1号-办公室");
}

#[test]
fn the_reminder_cites_the_assignment_and_the_days_overdue() {
    let doc = compose(&samples::remind());
    assert_eq!(doc.title, "明湖市人民政府办公室工作催办单");
    assert_eq!(
        doc.body,
        "以下2项政务公开问题已于2025年11月3日交由你单位办理（明湖市人民政府办公室工作交办单〔2025〕第1号），\
         期限10个工作日。现已逾期1个工作日，请在本催办单下发后3个工作日内（2025年11月21日前）\
         向明湖市人民政府办公室上报办理结果情况（请在反馈材料中注明催办单编号）。"
    );
    assert_eq!(doc.table.rows[1][5], "交办〔2025〕第1号\n2025年11月3日");
    assert_eq!(doc.table.rows[1][6], "1");
}

#[test]
fn the_supervision_cites_both_earlier_documents() {
    let doc = compose(&samples::supervise());
    assert_eq!(doc.title, "明湖市人民政府办公室督办通知单");
    assert!(
        doc.body
            .contains("（明湖市人民政府办公室工作交办单〔2025〕第1号），期限10个工作日")
    );
    assert!(doc.body.contains(
        "〔逾期后于2025年11月18日发出催办通知（明湖市人民政府办公室工作催办单〔2025〕第1号）〕"
    ));
    assert!(
        doc.body
            .contains("责令你单位在收到本督办通知单后3个工作日内（2025年11月26日前）")
    );
    assert!(doc.body.ends_with("（请在反馈材料中注明督办单编号）。"));
    assert_eq!(
        doc.table.rows[0][5],
        "交办〔2025〕第1号\n2025年11月3日\n催办〔2025〕第1号\n2025年11月18日"
    );
    assert_eq!(doc.table.rows[0][6], "4");
}

#[test]
fn the_docx_holds_number_addressee_items_and_dates() {
    let notice = samples::remind();
    let bytes = docx::to_docx(&notice).unwrap();
    let body = part_text(&bytes, "word/document.xml");
    for expected in [
        "明湖市人民政府办公室工作催办单",
        "〔2025〕第1号",
        "明湖市城市管理局办公室：",
        "现已逾期1个工作日",
        "“工作动态”栏目最新信息发布于2025-09-12，超过2周未更新",
        "http://www.minghu.gov.cn/xxgk/gzdt/",
        "在该栏目及时发布最新信息，并建立栏目更新台账",
        "交办〔2025〕第1号",
        "联 系 人：王明",
        "联系电话：0371-12345678",
        "2025年11月18日",
    ] {
        assert!(body.contains(expected), "{expected} missing from:\n{body}");
    }
    // A real table: a header row and one row per item, with borders.
    let archive_xml = {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        let mut xml = String::new();
        archive
            .by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        xml
    };
    assert_eq!(archive_xml.matches("<w:tr>").count(), 3, "{archive_xml}");
    assert!(archive_xml.contains("<w:insideV w:val=\"single\""));
    assert!(archive_xml.contains("w:w=\"11906\" w:h=\"16838\""), "A4");
    // The 页眉 names the issuer and the number.
    let header = (1..4)
        .map(|i| format!("word/header{i}.xml"))
        .find_map(|part| {
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
            archive
                .by_name(&part)
                .ok()
                .map(|_| part_text(&bytes, &part))
        })
        .expect("a header part");
    assert!(
        header.contains("明湖市人民政府办公室　工作催办单〔2025〕第1号"),
        "{header}"
    );
    // Read back as a document, too.
    let read = docx_rs::read_docx(&bytes).expect("docx-rs reads it back");
    assert!(read.document.children.len() > 10);
}

#[test]
fn a_reprint_is_the_same_document() {
    let notice = samples::supervise();
    assert_eq!(
        html::to_html(std::slice::from_ref(&notice)),
        html::to_html(std::slice::from_ref(&notice))
    );
    let (a, b) = (
        docx::to_docx(&notice).unwrap(),
        docx::to_docx(&notice).unwrap(),
    );
    for part in ["word/document.xml", "docProps/core.xml"] {
        assert_eq!(part_text(&a, part), part_text(&b, part), "{part}");
    }
}

#[test]
fn the_html_is_a4_with_a_page_break_between_documents() {
    let html = html::to_html(&samples::all());
    assert!(html.contains("@page { size: A4 portrait;"));
    assert_eq!(html.matches("<article class=\"notice\">").count(), 3);
    assert!(html.contains("break-after: page"));
    assert!(html.contains("<h1>明湖市人民政府办公室督办通知单</h1>"));
    assert!(html.contains(
        "<td>交办〔2025〕第1号<br>2025年11月3日<br>催办〔2025〕第1号<br>2025年11月18日</td>"
    ));
    assert!(html.contains("<p class=\"addressee\">明湖市城市管理局办公室：</p>"));
    assert!(!html.contains("<script"), "self-contained, nothing to load");
    // Markup in the data is escaped.
    let mut notice = samples::assign();
    notice.items[0].problem = "<b>x</b>".to_string();
    assert!(html::to_html(&[notice]).contains("&lt;b&gt;x&lt;/b&gt;"));
}

#[test]
fn every_rule_has_its_remedy() {
    for rule in crate::rules::REGISTRY {
        assert_eq!(crate::rectify::remedy_of(rule.info.id), rule.info.remedy);
    }
    assert!(crate::rectify::remedy_of("column-stale").starts_with("在该栏目及时发布最新信息"));
    assert_eq!(crate::rectify::remedy_of("no-such-rule"), "");
}
