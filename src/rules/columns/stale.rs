//! `column-stale`. What it checks, why, an example and its limits: see [`RULE`].
//!
//! A column's class is `ctx.checks.columns.class_of(name)`; its cutoff `class.max_age.cutoff(as_of)`.
//! An entry's date is the date its list shows, else the publication date of the article it links
//! to (when that page was crawled). Empty columns are `column-empty`'s business.

use std::cell::OnceCell;

use chrono::NaiveDate;
use serde_json::Value;

use crate::finding::{Finding, Severity};
use crate::model::Site;
use crate::model::links::page_key;
use crate::rules::{Context, rule};

rule! {
    id: "column-stale",
    title: "栏目更新不及时",
    severity: Severity::Error,
    basis: "国办秘函〔2019〕19号",
    citation: "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》：“监测时间点前2周内的动态、\
        要闻类栏目，以及监测时间点前6个月内的通知公告、政策文件类一级栏目”应有更新，人事、\
        规划计划类栏目1年内应有更新；“未注明信息发布时间的视为不更新”。",
    summary: "栏目最新一条信息的日期早于其更新类别允许的时限（按 --as-of 计算，\
        恰好在时限当天算已更新）：动态要闻类2周，通知公告、政策文件类6个月，人事、规划计划类1年。\
        类别、时限和归类关键词见 checks/columns/classes.toml。条目的日期取栏目列表显示的日期，\
        没有时取所链接文章的发布日期；都没有的条目视为未更新。",
    example: "“人事信息”栏目（人事、规划计划类）最新信息发布于2024-06-14，\
        超过1年未更新（应不早于2024-12-01）",
    limits: "栏目名称不含任何类别关键词、也未在栏目配置中指定类别的栏目不检查；只看抓取到的列表页，\
        翻页未抓全时按已抓到的条目判断。",
    remedy: "在该栏目及时发布最新信息，并建立栏目更新台账，动态要闻类每2周、通知公告类每6个月至少更新一次。",
    identity: [
        "url" => "栏目网址",
        "column" => "栏目名称",
    ],
    check: check,
}

fn check(site: &Site, ctx: &Context<'_>) -> Vec<Finding> {
    // Keyed when an entry first lacks a date: lists that date every entry never need it.
    let articles = OnceCell::new();
    let mut findings = Vec::new();
    for column in &site.columns {
        if column.entries.is_empty() {
            continue; // column-empty's business
        }
        let Some(class) = ctx.checks.columns.class_of(&column.name) else {
            continue;
        };
        let dates: Vec<NaiveDate> = column
            .entries
            .iter()
            .filter_map(|entry| {
                entry.date.as_ref().and_then(|d| d.date).or_else(|| {
                    articles
                        .get_or_init(|| site.articles_by_key())
                        .get(&page_key(&entry.url))
                        .and_then(|a| a.publication_date())
                        .map(|d| d.date)
                })
            })
            .collect();
        let undated = column.entries.len() - dates.len();
        let newest = dates.iter().max().copied();
        let cutoff = class.max_age.cutoff(ctx.as_of);
        if newest.is_some_and(|d| d >= cutoff) {
            continue;
        }
        let message = match newest {
            Some(date) => format!(
                "“{}”栏目（{}）最新信息发布于{}，超过{}未更新（应不早于{}）",
                column.name,
                class.label,
                date,
                class.max_age.display(),
                cutoff
            ),
            None => format!(
                "“{}”栏目（{}）的{}条信息均未注明发布时间，按规定视为未更新",
                column.name,
                class.label,
                column.entries.len()
            ),
        };
        findings.push(
            Finding::new(RULE.info.id, RULE.info.severity, &column.url, message)
                .with("column", column.name.clone())
                .with("class", class.id.clone())
                .with("class_label", class.label.clone())
                .with("max_age", class.max_age.display())
                .with(
                    "newest_date",
                    newest.map_or(Value::Null, |d| d.to_string().into()),
                )
                .with("cutoff", cutoff.to_string())
                .with("entries", column.entries.len())
                .with("undated_entries", undated),
        );
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{article_page, list_page, run_rule, site};

    fn stale(column: &str, shown: &str, as_of: &str) -> bool {
        let site = site(&[(
            "http://x.gov.cn/c/",
            list_page(column, &[("/a/1.html", "一条信息的标题", shown)]),
        )]);
        !run_rule(check, &site, as_of, "2025").0.is_empty()
    }

    #[test]
    fn each_class_at_its_boundary() {
        // 动态要闻: 2 weeks. As of 2025-12-01 the cutoff is 2025-11-17.
        assert!(!stale("工作动态", "2025-11-17", "2025-12-01"));
        assert!(stale("工作动态", "2025-11-16", "2025-12-01"));
        // 通知公告/政策文件: 6 months → 2025-06-01.
        assert!(!stale("通知公告", "2025-06-01", "2025-12-01"));
        assert!(stale("政策文件", "2025-05-31", "2025-12-01"));
        // 人事/规划计划: 1 year → 2024-12-01.
        assert!(!stale("规划计划", "2024-12-01", "2025-12-01"));
        assert!(stale("人事信息", "2024-11-30", "2025-12-01"));
        // A column of no class is not judged.
        assert!(!stale("机构职能", "2010-01-01", "2025-12-01"));
    }

    #[test]
    fn undated_entries_count_as_not_updated() {
        let site = site(&[(
            "http://x.gov.cn/c/",
            list_page(
                "通知公告",
                &[
                    ("/a/1.html", "没有日期的通知", ""),
                    ("/a/2.html", "也没有日期的通知", ""),
                ],
            ),
        )]);
        let (findings, _) = run_rule(check, &site, "2025-12-01", "2025");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].evidence["newest_date"], Value::Null);
        assert_eq!(findings[0].evidence["undated_entries"], 2);
        assert!(findings[0].message.contains("均未注明发布时间"));
    }

    #[test]
    fn the_article_date_stands_in_for_an_undated_list() {
        let site = site(&[
            (
                "http://x.gov.cn/c/",
                list_page("通知公告", &[("/a/1.html", "列表无日期的通知", "")]),
            ),
            (
                "http://x.gov.cn/a/1.html",
                article_page("列表无日期的通知", "2025-10-09", "2025-10-10", ""),
            ),
        ]);
        assert!(run_rule(check, &site, "2025-12-01", "2025").0.is_empty());
    }

    #[test]
    fn a_column_whose_first_page_is_empty_but_the_second_is_not() {
        use crate::model::{CrawledPage, Site, extract_page};
        let first = list_page("通知公告", &[]).replace(
            "</ul>",
            "</ul><script>createPageHTML(2, 0, \"index\", \"html\");</script>",
        );
        let second = list_page("通知公告", &[("/a/1.html", "第二页上的通知", "2025-11-20")]);
        let pages: Vec<CrawledPage> = [
            ("http://x.gov.cn/c/index.html", first, None),
            (
                "http://x.gov.cn/c/index_1.html",
                second,
                Some("http://x.gov.cn/c/index.html"),
            ),
        ]
        .into_iter()
        .map(|(url, html, of)| CrawledPage {
            record: Box::new(extract_page(&url::Url::parse(url).unwrap(), &html)),
            pagination_of: of.map(str::to_string),
            requested_url: None,
            fetch: Default::default(),
        })
        .collect();
        let site = Site::build(pages, |_| true);
        assert_eq!(site.columns.len(), 1);
        assert_eq!(site.columns[0].entries.len(), 1);
        assert!(run_rule(check, &site, "2025-12-01", "2025").0.is_empty());
        assert!(
            run_rule(super::super::empty::RULE.check, &site, "2025-12-01", "2025")
                .0
                .is_empty()
        );
    }
}
