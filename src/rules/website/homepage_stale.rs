//! `homepage-stale`. What it checks, why, an example and its limits: see [`RULE`].
//!
//! The home page is judged by its own dated items; a home page of links only (a column
//! navigation entrance) by the second-level pages it links to, as 19号 says.

use chrono::{Days, NaiveDate};

use crate::finding::{Finding, Severity};
use crate::model::Site;
use crate::model::links::page_key;
use crate::model::listing::ListEntry;
use crate::rules::{Context, rule};

/// The inspection watches the home page for two weeks.
const WATCHED_DAYS: u64 = 14;

rule! {
    id: "homepage-stale",
    title: "首页不更新",
    severity: Severity::Error,
    basis: "国办秘函〔2019〕19号",
    citation: "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决指标“首页不更新”：\
        监测2周，首页无信息更新的，即单项否决。如首页仅为网站栏目导航入口，所有二级页面无信息更新的，\
        即单项否决。（2015年全国政府网站普查：未注明发布时间的信息视为不更新。）",
    summary: "在首页（导航区以外）找带发布日期的信息，最新一条早于检查日前2周的报告；首页列表中的信息\
        都没有日期的，视为不更新；首页只有栏目导航、没有信息列表的，看它链接的二级页面（栏目列表、\
        频道页），全部2周内无更新的报告。晚于检查日的日期不算更新。",
    example: "首页最新信息《我局召开四季度重点工作推进会》发布于2025-11-06，检查日前2周内\
        （2025-11-17以来）首页无信息更新",
    limits: "只看抓取时首页上能读到的日期：由脚本在浏览器中加载的首页列表看不到，可能误报，请人工核实；\
        图片新闻、轮播图等没有文字日期的内容不计；不判断更新的内容是否真实（伪造发稿日期另行核查）。",
    remedy: "在首页及时更新信息，至少每2周更新一次，首页信息列表显示发布日期。",
    identity: [
        "url" => "首页网址",
    ],
    check: check,
}

fn check(site: &Site, ctx: &Context<'_>) -> Vec<Finding> {
    if site.home_url.is_empty() {
        return Vec::new();
    }
    let since = ctx.as_of - Days::new(WATCHED_DAYS);
    let home = &site.home;
    let own = home.freshness.as_ref();
    if let Some((entry, date)) = own.and_then(|f| f.newest_by(ctx.as_of)) {
        if date >= since {
            return Vec::new();
        }
        let message = format!(
            "首页最新信息{}发布于{date}，检查日前2周内（{since}以来）首页无信息更新",
            crate::text::book_title(&entry.title)
        );
        return vec![stale(site, message, Some((entry, date)), since)];
    }
    if let Some(undated) = own.map(|f| f.undated).filter(|n| *n > 0) {
        let message = format!("首页列出的{undated}条信息均未注明发布时间，按规定视为不更新");
        return vec![stale(site, message, None, since).with("undated", undated)];
    }
    judge_second_level(site, ctx, since)
}

/// A home page of links only: the newest item on the pages it links to.
fn judge_second_level(site: &Site, ctx: &Context<'_>, since: NaiveDate) -> Vec<Finding> {
    let linked: std::collections::HashSet<String> =
        site.home.links.iter().map(|u| page_key(u)).collect();
    // Keyed when an entry first lacks a date: lists that date every entry never need it.
    let articles = std::cell::OnceCell::new();
    let mut pages = 0usize;
    let mut newest: Option<(ListEntry, NaiveDate)> = None;
    let mut consider = |entry: &ListEntry, date: NaiveDate| {
        if date <= ctx.as_of && newest.as_ref().is_none_or(|(_, d)| date > *d) {
            newest = Some((entry.clone(), date));
        }
    };
    for column in site
        .columns
        .iter()
        .filter(|c| linked.contains(&page_key(&c.url)))
    {
        pages += 1;
        for entry in &column.entries {
            let date = entry.date.as_ref().and_then(|d| d.date).or_else(|| {
                let article = articles
                    .get_or_init(|| site.articles_by_key())
                    .get(&page_key(&entry.url))?;
                Some(article.publication_date()?.date)
            });
            if let Some(date) = date {
                consider(entry, date);
            }
        }
    }
    for (_, freshness) in site.hubs.iter().filter(|(url, _)| {
        linked.contains(&page_key(url)) && page_key(url) != page_key(&site.home_url)
    }) {
        pages += 1;
        if let Some((entry, date)) = freshness.newest_by(ctx.as_of) {
            consider(entry, date);
        }
    }
    if newest.as_ref().is_some_and(|(_, d)| *d >= since) {
        return Vec::new();
    }
    if pages == 0 {
        let finding = Finding::new(
            RULE.info.id,
            RULE.info.severity,
            &site.home_url,
            "首页和它链接的二级页面上都没有读到带日期的信息，无法判断是否更新".to_string(),
        );
        return vec![
            finding.needs_review("首页可能由脚本加载内容，请人工查看首页是否在2周内有更新"),
        ];
    }
    let message = match &newest {
        Some((entry, date)) => format!(
            "首页仅为栏目导航入口，其链接的{pages}个二级页面中最新信息{}发布于{date}，检查日前2周内（{since}以来）均无更新",
            crate::text::book_title(&entry.title)
        ),
        None => format!(
            "首页仅为栏目导航入口，其链接的{pages}个二级页面上的信息均未注明发布时间，按规定视为不更新"
        ),
    };
    let newest = newest.as_ref().map(|(e, d)| (e, *d));
    vec![ctx.absent(stale(site, message, newest, since).with("second_level_pages", pages))]
}

fn stale(
    site: &Site,
    message: String,
    newest: Option<(&ListEntry, NaiveDate)>,
    since: NaiveDate,
) -> Finding {
    let mut finding = Finding::new(RULE.info.id, RULE.info.severity, &site.home_url, message)
        .with("since", since.to_string());
    if let Some((entry, date)) = newest {
        finding = finding
            .with("newest_date", date.to_string())
            .with("newest_title", entry.title.clone())
            .with("newest_url", entry.url.clone());
    }
    finding
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{run_rule, site};

    fn home(body: &str) -> Site {
        let html = format!(
            r#"<html><head><title>明湖市人民政府</title></head><body>
            <div class="nav"><a href="/zwgk/">政务公开</a><a href="/xwzx/">新闻中心</a></div>
            <div class="main">{body}</div></body></html>"#
        );
        site(&[("http://x.gov.cn/", html)])
    }

    fn items(dates: &[&str]) -> String {
        let rows: String = dates
            .iter()
            .enumerate()
            .map(|(i, d)| format!(r#"<li><a href="/xwzx/{i}.html">明湖市召开第{i}次工作会议</a><span>{d}</span></li>"#))
            .collect();
        format!("<ul>{rows}</ul>")
    }

    #[test]
    fn an_item_within_two_weeks_passes_and_an_older_one_fails() {
        let fresh = home(&items(&["2025-11-20", "2025-10-02", "2025-09-01"]));
        assert!(run_rule(check, &fresh, "2025-12-01", "2025").0.is_empty());
        let stale = home(&items(&["2025-11-10", "2025-10-02", "2025-09-01"]));
        let (findings, _) = run_rule(check, &stale, "2025-12-01", "2025");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].evidence["newest_date"], "2025-11-10");
        assert!(
            findings[0].message.contains("2025-11-17以来"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn a_date_after_the_check_day_is_not_an_update() {
        let future = home(&items(&["2026-03-01", "2025-10-02", "2025-09-01"]));
        let (findings, _) = run_rule(check, &future, "2025-12-01", "2025");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].evidence["newest_date"], "2025-10-02");
    }

    #[test]
    fn a_navigation_home_is_judged_by_its_second_level_pages() {
        let nav = r#"<html><head><title>明湖市人民政府</title></head><body>
            <div class="main"><a href="/xwzx/"><img src="/a.png" alt="新闻中心"></a></div></body></html>"#;
        let column = |date: &str| {
            format!(
                r#"<html><head><meta name="ColumnName" content="新闻中心"></head><body>
                <ul><li><a href="/xwzx/1.html">明湖市召开全市经济工作会议</a><span>{date}</span></li></ul></body></html>"#
            )
        };
        let fresh = site(&[
            ("http://x.gov.cn/", nav.to_string()),
            ("http://x.gov.cn/xwzx/", column("2025-11-28")),
        ]);
        assert!(run_rule(check, &fresh, "2025-12-01", "2025").0.is_empty());
        let stale = site(&[
            ("http://x.gov.cn/", nav.to_string()),
            ("http://x.gov.cn/xwzx/", column("2025-10-28")),
        ]);
        let (findings, _) = run_rule(check, &stale, "2025-12-01", "2025");
        assert_eq!(findings.len(), 1);
        assert!(findings[0].message.starts_with("首页仅为栏目导航入口"));
        assert_eq!(findings[0].evidence["second_level_pages"], 1);
        let bare = site(&[("http://x.gov.cn/", nav.to_string())]);
        let (findings, _) = run_rule(check, &bare, "2025-12-01", "2025");
        assert_eq!(findings[0].outcome, crate::finding::Outcome::NeedsReview);
    }

    #[test]
    fn undated_home_items_count_as_no_update() {
        let undated = home(&items(&["", "", ""]));
        let (findings, _) = run_rule(check, &undated, "2025-12-01", "2025");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].evidence["undated"], 3);
    }
}
