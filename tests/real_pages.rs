//! Extraction against real portal pages (fixtures/real-pages, see SOURCES.md there): the facts
//! a correct extractor must read, and the traps it must not fall into.

use std::path::Path;

use chrono::NaiveDate;
use gongkai::model::dates::parse_date;
use gongkai::model::{PageKind, extract_page};
use serde_json::Value;
use url::Url;

fn fixture(path: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/real-pages")
            .join(path),
    )
    .unwrap()
}

fn day(text: &str) -> Option<NaiveDate> {
    parse_date(text)
}

#[test]
fn govcn_policy_pages_yield_every_listed_fact() {
    let facts: Vec<Value> = serde_json::from_str(&fixture("govcn_policy/facts.json")).unwrap();
    assert_eq!(facts.len(), 60);
    for fact in &facts {
        let file = fact["file"].as_str().unwrap();
        let url = Url::parse(fact["url"].as_str().unwrap()).unwrap();
        let record = extract_page(&url, &fixture(&format!("govcn_policy/{file}")));
        assert_eq!(record.kind, PageKind::Article, "{file}");
        let article = record.article.as_ref().unwrap();
        let m = &article.metadata;
        assert_eq!(m.index_no(), fact["索引号"].as_str(), "{file} 索引号");
        assert_eq!(m.category(), fact["主题分类"].as_str(), "{file} 主题分类");
        assert_eq!(m.publisher(), fact["发文机关"].as_str(), "{file} 发文机关");
        assert_eq!(m.doc_number(), fact["发文字号"].as_str(), "{file} 发文字号");
        assert_eq!(article.title, fact["标题"].as_str().unwrap(), "{file} 标题");
        assert_eq!(
            m.formation_date().and_then(|d| d.date),
            day(fact["成文日期"].as_str().unwrap()),
            "{file} 成文日期"
        );
        assert_eq!(
            m.publication_date().and_then(|d| d.date),
            day(fact["发布日期"].as_str().unwrap()),
            "{file} 发布日期"
        );
        assert!(
            m.subject_words().is_some(),
            "{file}: 主题词 row is read (mostly empty)"
        );
        // No page links a 解读 inline; the body's "政策解读" words are running text.
        assert!(
            article.related_links.is_empty(),
            "{file}: {:?}",
            article.related_links
        );
        match fact["related_iframe"].as_str() {
            Some(frame) => assert_eq!(article.frames, vec![frame.to_string()], "{file}"),
            None => assert!(article.frames.is_empty(), "{file}"),
        }
        assert!(article.body_chars > 100, "{file}: body read");
    }
}

#[test]
fn handan_article_reads_meta_block_and_skips_commented_dates() {
    let url = Url::parse("http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200802_1352104.html")
        .unwrap();
    let record = extract_page(&url, &fixture("handan/handan_details_article.jsp"));
    let meta = &record.meta;
    assert_eq!(meta.get("SiteName"), Some("邯郸市人民政府"));
    assert_eq!(meta.get("SiteDomain"), Some("www.hd.gov.cn"));
    assert_eq!(meta.get("SiteIDCode"), Some("1304000009"));
    assert_eq!(meta.get("ColumnName"), Some("部门信息公开"));
    assert_eq!(meta.get("ColumnType"), Some("政策文件，信息公开"));
    assert_eq!(meta.get("ContentSource"), Some("邯郸市教育局"));
    assert_eq!(meta.get("PubDate"), Some("2020年08月02日"));
    assert_eq!(
        day(meta.get("PubDate").unwrap()),
        NaiveDate::from_ymd_opt(2020, 8, 2),
        "non-ISO PubDate"
    );

    assert_eq!(record.kind, PageKind::Article);
    let article = record.article.unwrap();
    let title = "邯郸市教育局关于印发《全市教育系统安全专项整治三年行动实施方案》的通知";
    assert_eq!(article.title, title);
    let m = &article.metadata;
    assert_eq!(m.index_no(), Some("000014348/2020-35147"));
    assert_eq!(m.publisher(), Some("邯郸市教育局"));
    assert_eq!(m.title(), Some(title));
    assert_eq!(m.doc_number(), Some("无"));
    assert_eq!(m.category(), Some("教育"));
    assert_eq!(
        m.publication_date().and_then(|d| d.date),
        NaiveDate::from_ymd_opt(2020, 8, 2)
    );
    // 成文日期, 主题词 and 有效期 exist only inside HTML comments.
    assert!(m.formation_date().is_none());
    assert!(m.subject_words().is_none());
    assert!(m.validity().is_none());
    // The site navigation's 政策解读 column link is not an interpretation of this document.
    assert!(
        article.related_links.is_empty(),
        "{:?}",
        article.related_links
    );
    assert_eq!(
        article.body_chars, 0,
        "正文 was removed by the page's saver"
    );
}

#[test]
fn handan_list_page_reads_its_table_row_and_56_static_pages() {
    let url = Url::parse("http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index.html").unwrap();
    let record = extract_page(&url, &fixture("handan/handan_list_jqxxgk.jsp"));
    assert_eq!(record.meta.get("ColumnName"), Some("邯郸市政府信息公开"));
    assert_eq!(record.kind, PageKind::List);
    let list = record.list.unwrap();
    assert_eq!(list.entries.len(), 1, "{:?}", list.entries);
    let entry = &list.entries[0];
    assert_eq!(
        entry.title,
        "邯郸市教育局关于印发《邯郸市学校安全工作目标管理考核办法》的通知"
    );
    assert_eq!(
        entry.url,
        "http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200805_1353179.html"
    );
    assert_eq!(
        entry.date.as_ref().and_then(|d| d.date),
        NaiveDate::from_ymd_opt(2020, 8, 5),
        "the 发布日期 column, not the 索引号's 2020"
    );
    // Static pager: 首页, 1 (current), 2–6 → index_1..5, 下一页, 尾页 → index_55: 56 pages.
    let pagination = list.pagination.unwrap();
    assert_eq!(pagination.total_pages, Some(56));
    // The pager links it shows, and the series its 尾页 declares (expanded lazily by the crawler).
    let series = pagination
        .series
        .expect("尾页 with numbered links declares the series");
    let declared: std::collections::BTreeSet<String> = pagination
        .pages
        .iter()
        .cloned()
        .chain(series.urls())
        .collect();
    assert_eq!(declared.len(), 55);
    assert!(declared.contains("http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index_1.html"));
    assert!(declared.contains("http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index_55.html"));
    assert!(!list.empty_notice, "共有0条信息 is commented out");
}

#[test]
fn handan_column_tree_renders_what_the_malformed_comment_leaves_visible() {
    use gongkai::model::html::visible_text;
    use gongkai::model::navigation::NavNode;
    let url = Url::parse("http://hdzfxxgk.hd.gov.cn/zfxxgkzn/index.html").unwrap();
    let html = fixture("handan/handan_gkzn_columntree.jsp");
    let record = extract_page(&url, &html);
    assert_eq!(record.meta.get("ColumnName"), Some("政府信息公开指南"));
    fn names(nodes: &[NavNode], out: &mut Vec<String>) {
        for n in nodes {
            out.push(n.name.replace(' ', ""));
            names(&n.children, out);
        }
    }
    let fdzd = record
        .menus
        .iter()
        .find(|m| m.name.replace(' ', "") == "法定主动公开内容")
        .expect("法定主动公开内容 in the column tree");
    let children: Vec<&str> = fdzd.children.iter().map(|c| c.name.as_str()).collect();
    // The comment opened on line 120 closes at line 123's nested `-->`: lines 124–133 render,
    // a second visible copy of 财政财务 … 应急管理.
    assert_eq!(
        children,
        [
            "机构职责",
            "领导分工",
            "规划计划",
            "财政财务",
            "行政许可",
            "收费项目",
            "政府采购",
            "重大建设项目",
            "社会公益事业",
            "公共资源配置",
            "应急管理",
            "财政财务",
            "行政许可",
            "收费项目",
            "政府采购",
            "重大建设项目",
            "社会公益事业",
            "公共资源配置",
            "应急管理",
        ]
    );
    let mut all = Vec::new();
    names(&record.menus, &mut all);
    for hidden in ["统计数据", "行政执法", "报考录用"] {
        assert!(
            !all.iter().any(|n| n == hidden),
            "{hidden} stays commented out"
        );
        assert!(!record.links.iter().any(|l| l.text == hidden), "{hidden}");
    }
    let doc = scraper::Html::parse_document(&html);
    let text = visible_text(doc.root_element());
    assert!(
        text.contains("应急管理 -->") || text.contains("应急管理-->"),
        "the literal --> after the second 应急管理"
    );
}

#[test]
fn handan_xxgk_index_lists_61_dated_items_with_their_own_listed_dates() {
    use gongkai::model::Vocabulary;
    use gongkai::model::listing::entry_groups;
    use std::collections::HashSet;
    let url = Url::parse("http://hdzfxxgk.hd.gov.cn/").unwrap();
    let html = fixture("handan/handan_xxgk_index_a6b88b9.jsp");
    let doc = scraper::Html::parse_document(&html);
    // Every tab's list, the hidden (display: none) tabs included.
    let items: Vec<_> = entry_groups(doc.root_element(), &url, false, Vocabulary::shipped())
        .into_iter()
        .filter(|g| g.dated > 0)
        .flat_map(|g| g.entries)
        .collect();
    assert_eq!(items.len(), 61);
    assert!(
        items
            .iter()
            .all(|e| e.date.as_ref().is_some_and(|d| d.date.is_some()))
    );
    let unique: HashSet<&str> = items.iter().map(|e| e.url.as_str()).collect();
    assert_eq!(unique.len(), 54, "duplicates across tabs");
    assert_eq!(
        items.iter().filter(|e| e.title.ends_with("...")).count(),
        8,
        "titles truncated as shown"
    );
    // The date is the one listed, not the tYYYYMMDD_ of the URL: they differ for 55 of 61.
    let differing = items
        .iter()
        .filter(|e| {
            let listed = e.date.as_ref().unwrap().date.unwrap();
            !e.url.contains(&listed.format("/t%Y%m%d_").to_string())
        })
        .count();
    assert_eq!(differing, 55);
    let yue = items
        .iter()
        .find(|e| e.title.contains("岳芝国"))
        .expect("岳芝国 item");
    assert_eq!(
        yue.date.as_ref().unwrap().date,
        NaiveDate::from_ymd_opt(2020, 7, 29)
    );
    assert!(yue.url.contains("t20200731_"));
    // The page itself reads as the platform's column page.
    let record = extract_page(&url, &html);
    assert_eq!(record.meta.get("ColumnName"), Some("邯郸市政府信息公开"));
}

#[test]
fn handan_xxgk_index_trimmed_version_keeps_its_four_items() {
    use gongkai::model::Vocabulary;
    use gongkai::model::listing::entry_groups;
    let url = Url::parse("http://hdzfxxgk.hd.gov.cn/").unwrap();
    let html = fixture("handan/handan_xxgk_index_HEAD.jsp");
    let doc = scraper::Html::parse_document(&html);
    let dated: usize = entry_groups(doc.root_element(), &url, false, Vocabulary::shipped())
        .iter()
        .map(|g| g.dated)
        .sum();
    assert_eq!(dated, 4);
}
