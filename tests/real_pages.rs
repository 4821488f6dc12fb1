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
        assert_eq!(
            m.index_no.as_deref(),
            fact["索引号"].as_str(),
            "{file} 索引号"
        );
        assert_eq!(
            m.category.as_deref(),
            fact["主题分类"].as_str(),
            "{file} 主题分类"
        );
        assert_eq!(
            m.publisher.as_deref(),
            fact["发文机关"].as_str(),
            "{file} 发文机关"
        );
        assert_eq!(
            m.doc_number.as_deref(),
            fact["发文字号"].as_str(),
            "{file} 发文字号"
        );
        assert_eq!(article.title, fact["标题"].as_str().unwrap(), "{file} 标题");
        assert_eq!(
            m.formation_date.as_ref().and_then(|d| d.date),
            day(fact["成文日期"].as_str().unwrap()),
            "{file} 成文日期"
        );
        assert_eq!(
            m.publication_date.as_ref().and_then(|d| d.date),
            day(fact["发布日期"].as_str().unwrap()),
            "{file} 发布日期"
        );
        assert!(
            m.subject_words.is_some(),
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
    assert_eq!(m.index_no.as_deref(), Some("000014348/2020-35147"));
    assert_eq!(m.publisher.as_deref(), Some("邯郸市教育局"));
    assert_eq!(m.title.as_deref(), Some(title));
    assert_eq!(m.doc_number.as_deref(), Some("无"));
    assert_eq!(m.category.as_deref(), Some("教育"));
    assert_eq!(
        m.publication_date.as_ref().and_then(|d| d.date),
        NaiveDate::from_ymd_opt(2020, 8, 2)
    );
    // 成文日期, 主题词 and 有效期 exist only inside HTML comments.
    assert!(m.formation_date.is_none());
    assert!(m.subject_words.is_none());
    assert!(m.validity.is_none());
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
