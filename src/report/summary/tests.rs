use super::*;

fn summary() -> Summary {
    Summary {
        as_of: NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
        portfolio: "名单.toml".into(),
        shard: Some("0/2".into()),
        rows: vec![
            Row {
                name: "甲<县>".into(),
                url: "http://a.example.gov.cn/".into(),
                unit: Some("县政府办".into()),
                report: Some("甲/report.html".into()),
                also_scored: vec!["《19号表》得 40/50 分".into()],
                outcome: Outcome::Ran {
                    score: 87.5,
                    veto: true,
                    new: 2,
                    fixed: 1,
                    open: 3,
                    longest_open_working_days: 12,
                    incomplete: Some("已到抓取时限".into()),
                },
            },
            Row::failed("乙", "http://b.example.gov.cn/", None, "无法连接".into()),
            Row::failed("（名单第9行）", "", None, "名单有误".into()),
            Row::failed("丙", "htp:/x", None, "名单有误".into()),
        ],
        notes: vec![],
    }
}

#[test]
fn text_has_a_line_per_portal_and_the_tally() {
    let text = summary().to_text();
    assert!(
        text.contains("共 4 个网站：抓取完整 0 个，不完整 1 个，失败 3 个"),
        "{text}"
    );
    assert!(
        text.contains("甲<县>\thttp://a.example.gov.cn/\t县政府办\t87.5\t是\t2\t1\t3\t12\t《19号表》得 40/50 分\t不完整：已到抓取时限\t甲/report.html"),
        "{text}"
    );
    assert!(
        text.contains("乙\thttp://b.example.gov.cn/\t\t—\t—\t—\t—\t—\t—\t\t失败：无法连接\t"),
        "{text}"
    );
}

#[test]
fn a_brief_line_for_the_log() {
    let rows = summary().rows;
    assert_eq!(
        rows[0].brief(),
        "得分 87.5（单项否决），新发现 2，已整改 1，仍未整改 3；抓取不完整：已到抓取时限"
    );
    assert_eq!(rows[1].brief(), "失败：无法连接");
}

#[test]
fn html_escapes_and_links_the_reports() {
    let html = summary().to_html();
    assert!(html.contains("甲&lt;县&gt;"), "{html}");
    assert!(
        html.contains(r#"<a href="甲/report.html">报告</a>"#),
        "{html}"
    );
    assert!(html.contains(r#"<tr class="failed">"#), "{html}");
}

#[test]
fn the_workbook_is_written() {
    let bytes = summary().to_xlsx().unwrap();
    assert!(bytes.starts_with(b"PK"));
}
