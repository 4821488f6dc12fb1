//! Small sites for rule tests, built from HTML snippets through the real extractor.

use chrono::NaiveDate;
use url::Url;

use crate::calendar::Calendar;
use crate::checks::Checks;
use crate::finding::Finding;
use crate::model::{CrawledPage, Site, extract_page};
use crate::period::Period;
use crate::rules::Context;

/// Runs one rule's check with the official calendar and default checks; returns its findings
/// and the calendar years it had to compute without.
pub fn run_rule(
    check: fn(&Site, &Context<'_>) -> Vec<Finding>,
    site: &Site,
    as_of: &str,
    period: &str,
) -> (Vec<Finding>, Vec<i32>) {
    run_rule_with(check, site, as_of, period, &Checks::defaults())
}

/// [`run_rule`] with other checks (another profile, changed limits).
pub fn run_rule_with(
    check: fn(&Site, &Context<'_>) -> Vec<Finding>,
    site: &Site,
    as_of: &str,
    period: &str,
    checks: &Checks,
) -> (Vec<Finding>, Vec<i32>) {
    let calendar = Calendar::official();
    let ctx = Context::new(
        date(as_of),
        Period::parse(period).unwrap(),
        &calendar,
        checks,
    );
    let findings = check(site, &ctx);
    (findings, ctx.calendar_gaps())
}

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// An article page with a gov.cn-style metadata table. Empty strings leave a field out.
pub fn article_page(title: &str, formation: &str, publication: &str, pubdate_meta: &str) -> String {
    let mut rows = String::new();
    if !formation.is_empty() {
        rows.push_str(&format!(
            "<tr><td><b>成文日期：</b></td><td>{formation}</td></tr>"
        ));
    }
    if !publication.is_empty() {
        rows.push_str(&format!(
            "<tr><td><b>发布日期：</b></td><td>{publication}</td></tr>"
        ));
    }
    let meta = if pubdate_meta.is_empty() {
        String::new()
    } else {
        format!(r#"<meta name="PubDate" content="{pubdate_meta}">"#)
    };
    format!(
        r#"<html><head><meta name="ArticleTitle" content="{title}">{meta}</head><body>
        <table class="xxgk"><tr><td><b>索 引 号：</b></td><td>11320000MB1234567X/2024-00001</td></tr>
        <tr><td><b>发布机构：</b></td><td>明湖市城市管理局</td></tr>{rows}</table>
        <div id="zoom"><p>正文。</p></div></body></html>"#
    )
}

/// A list page of column `column` (breadcrumb 首页 > 法定主动公开内容 > column) showing
/// `entries` as (path, title, date shown).
pub fn list_page(column: &str, entries: &[(&str, &str, &str)]) -> String {
    let items: String = entries
        .iter()
        .map(|(href, title, shown)| {
            format!(r#"<li><a href="{href}">{title}</a><span>{shown}</span></li>"#)
        })
        .collect();
    format!(
        r#"<html><head><meta name="ColumnName" content="{column}"></head><body>
        <div class="dqwz">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/fdzdgknr/">法定主动公开内容</a> &gt; {column}</div>
        <ul class="list">{items}</ul></body></html>"#
    )
}

/// A site from (url, html) pairs, in crawl order.
pub fn site(pages: &[(&str, String)]) -> Site {
    let crawled: Vec<CrawledPage> = pages
        .iter()
        .map(|(url, html)| CrawledPage {
            record: Box::new(extract_page(&Url::parse(url).unwrap(), html)),
            pagination_of: None,
            requested_url: None,
            fetch: Default::default(),
        })
        .collect();
    Site::build(crawled, |u| u.host_str() == Some("x.gov.cn"))
}

/// A page of `fixtures/annual-reports/`.
pub fn annual_report_fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/annual-reports")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}
