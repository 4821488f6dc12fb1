//! `disclosure-date-missing`. What it checks, why, an example and its limits: see [`RULE`].
//!
//! Dates are expected of articles under `dated_columns` (`checks/disclosure.toml`) and of any
//! column where at least `block_share` of two or more articles show a 成文日期. Contradictions
//! are judged everywhere: publication dates from different sources more than
//! `date_tolerance_days` apart, or a publication before the formation. A date only inside an HTML
//! comment is not on the page (the extractor never reads comments).

use std::collections::HashMap;

use serde_json::json;

use crate::finding::{Finding, Severity};
use crate::model::site::SourcedDate;
use crate::model::{Article, Site};
use crate::rules::{Context, rule};
use crate::text::book_title;

rule! {
    id: "disclosure-date-missing",
    title: "公开日期缺失或前后矛盾",
    severity: Severity::Warning,
    basis: "《政府信息公开条例》第二十六条；国办秘函〔2019〕19号",
    citation: "《政府信息公开条例》第二十六条规定主动公开的政府信息自形成或者变更之日起20个工作日内\
        公开，核实这一时限需要成文日期和发布日期；国办秘函〔2019〕19号《政府网站与政务新媒体检查指\
        标》单项否决指标：“存在弄虚作假行为（如伪造发稿日期等）”——栏目列表、\
        页面和PubDate网页标签的日期互相矛盾，正是检查者所说的伪造发稿日期。",
    summary: "应标注日期的文章（checks/disclosure.toml 中 dated_columns 所列栏目下的文章，\
        如法定主动公开内容；以及多数文章标注了成文日期的栏目中的文章）\
        页面上没有可识别的成文日期或发布日期；或同一篇文章的日期前后矛盾：页面信息公开元数据、\
        PubDate网页标签、栏目列表显示的发布日期相差超过1天（容差可配置），或发布日期早于成文日期。\
        考核期之前发布的文章不检查。",
    example: "《关于开展2025年市容环境综合整治行动的通知》各处显示的发布日期不一致（页面信息公开元\
        数据2025-04-10，PubDate网页标签2025-04-10，栏目列表2025-04-25），相差15天，\
        易被认定为伪造发稿日期",
    limits: "只写在HTML注释里的日期不算页面上显示的日期；读不懂的日期写法会原样保留在证据中，\
        请人工核对；日期不一致不一定是弄虚作假，也可能是栏目列表显示的是更新时间。",
    remedy: "在文章页面标注成文日期和发布日期，并核对页面元数据、栏目列表和正文中的日期，使其一致。",
    identity: [
        "url" => "文章网址",
        "problem" => "问题类型（缺日期／日期矛盾）",
    ],
    check: check,
}

fn check(site: &Site, ctx: &Context<'_>) -> Vec<Finding> {
    let settings = &ctx.checks.disclosure;
    let block_columns = columns_with_blocks(&site.articles, settings.block_share);
    let mut findings = Vec::new();
    for article in &site.articles {
        let published = article.publication_dates();
        if published.first().is_some_and(|p| p.date < ctx.period.start) {
            continue;
        }
        let expected = settings.requires_dates(&article.column_path)
            || article
                .column
                .as_ref()
                .is_some_and(|c| block_columns.contains_key(c.as_str()));
        let formed = article.formation_date();
        if expected {
            let mut missing = Vec::new();
            if formed.is_none() {
                missing.push("成文日期");
            }
            if published.is_empty() {
                missing.push("发布日期");
            }
            if !missing.is_empty() {
                findings.push(missing_finding(article, &missing));
            }
        }
        if let Some(finding) = contradiction(
            article,
            formed.as_ref(),
            &published,
            settings.date_tolerance_days,
        ) {
            findings.push(finding);
        }
    }
    findings
}

/// Columns where at least `share` of the articles show a 成文日期 (and there are two or more).
fn columns_with_blocks(articles: &[Article], share: f64) -> HashMap<&str, f64> {
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for article in articles {
        if let Some(column) = &article.column {
            let entry = counts.entry(column.as_str()).or_default();
            entry.0 += 1;
            entry.1 += usize::from(article.formation_date().is_some());
        }
    }
    counts
        .into_iter()
        .filter(|(_, (total, dated))| *total >= 2 && *dated as f64 >= share * *total as f64)
        .map(|(c, (total, dated))| (c, dated as f64 / total as f64))
        .collect()
}

fn missing_finding(article: &Article, missing: &[&str]) -> Finding {
    let what = missing.join("和");
    let mut finding = Finding::new(
        RULE.info.id,
        RULE.info.severity,
        &article.url,
        format!(
            "{}页面未显示可识别的{what}，无法核实是否在20个工作日内公开",
            book_title(article.title())
        ),
    )
    .with_title(&article.content.title)
    .with("problem", "missing")
    .with("missing", json!(missing));
    if let Some(column) = &article.column {
        finding = finding.with("column", column.clone());
    }
    for (name, printed) in article.content.metadata.unreadable_dates() {
        finding = finding.with(&format!("{name}_unreadable"), printed.text);
    }
    finding
}

/// Dates of one article that disagree: publication dates from different sources more than
/// `tolerance` days apart, or a publication before the formation.
fn contradiction(
    article: &Article,
    formed: Option<&SourcedDate>,
    published: &[SourcedDate],
    tolerance: i64,
) -> Option<Finding> {
    let earliest = published.iter().min_by_key(|d| d.date)?;
    let latest = published.iter().max_by_key(|d| d.date)?;
    let spread = (latest.date - earliest.date).num_days();
    let before_formation = formed.filter(|f| earliest.date < f.date);
    if spread <= tolerance && before_formation.is_none() {
        return None;
    }
    let shown: Vec<String> = published
        .iter()
        .map(|d| format!("{}{}", d.source.display(), d.date))
        .collect();
    let message = match before_formation {
        Some(f) if spread <= tolerance => format!(
            "{}发布日期{}早于成文日期{}，日期前后矛盾",
            book_title(article.title()),
            earliest.date,
            f.date
        ),
        _ => format!(
            "{}各处显示的发布日期不一致（{}），相差{}天，易被认定为伪造发稿日期",
            book_title(article.title()),
            shown.join("，"),
            spread
        ),
    };
    let mut finding = Finding::new(RULE.info.id, RULE.info.severity, &article.url, message)
        .with_title(&article.content.title)
        .with("problem", "inconsistent")
        .with(
            "dates",
            json!(published
                .iter()
                .map(|d| json!({"source": d.source.display(), "date": d.date.to_string(), "text": d.text}))
                .collect::<Vec<_>>()),
        )
        .with("spread_days", spread);
    if let Some(f) = formed {
        finding = finding.with("formation_date", f.date.to_string());
    }
    Some(finding)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{article_page, list_page, run_rule, site};

    fn run(pages: &[(&str, String)]) -> Vec<Finding> {
        let site = site(pages);
        run_rule(check, &site, "2025-01-01", "2024").0
    }

    fn column(entries: &[(&str, &str, &str)]) -> (&'static str, String) {
        (
            "http://x.gov.cn/xxgk/fdzdgknr/zcwj/",
            list_page("政策文件", entries),
        )
    }

    #[test]
    fn an_article_under_the_statutory_tree_without_a_formation_date() {
        let findings = run(&[
            column(&[("/a/t1.html", "没有成文日期的文件", "2024-05-06")]),
            (
                "http://x.gov.cn/a/t1.html",
                article_page("没有成文日期的文件", "", "2024-05-06", ""),
            ),
        ]);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].evidence["missing"], json!(["成文日期"]));
    }

    #[test]
    fn a_date_only_inside_a_comment_is_missing() {
        let page = r#"<html><head><meta name="ArticleTitle" content="邯郸市教育局关于印发方案的通知">
            <meta name="PubDate" content="2024年08月02日"></head><body><div class="top-l">
            <p><strong>索引号</strong>：000014348/2024-35147</p><p><strong>发布机构</strong>：邯郸市教育局</p>
            <!--<p><strong>成文日期</strong>：2024年08月02日</p>-->
            <p><strong>发布日期</strong>：2024年08月02日</p></div><div id="zoom"><p>x</p></div></body></html>"#;
        let findings = run(&[
            column(&[("/a/t2.html", "邯郸市教育局关于印发方案的通知", "2024-08-02")]),
            ("http://x.gov.cn/a/t2.html", page.to_string()),
        ]);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].evidence["missing"], json!(["成文日期"]));
    }

    #[test]
    fn list_and_page_dates_that_disagree() {
        let findings = run(&[
            column(&[("/a/t3.html", "列表日期不一致的文件", "2024-06-20")]),
            (
                "http://x.gov.cn/a/t3.html",
                article_page(
                    "列表日期不一致的文件",
                    "2024-06-01",
                    "2024-06-03",
                    "2024-06-03 09:00",
                ),
            ),
        ]);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].evidence["problem"], "inconsistent");
        assert_eq!(findings[0].evidence["spread_days"], 17);
    }

    #[test]
    fn a_one_day_difference_is_tolerated() {
        let findings = run(&[
            column(&[("/a/t4.html", "隔天上线的文件", "2024-06-04")]),
            (
                "http://x.gov.cn/a/t4.html",
                article_page("隔天上线的文件", "2024-06-01", "2024-06-03", ""),
            ),
        ]);
        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn publication_before_formation() {
        let findings = run(&[(
            "http://x.gov.cn/a/t5.html",
            article_page("倒签的文件", "2024-06-10", "2024-06-03", ""),
        )]);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].message.contains("早于成文日期"));
    }

    #[test]
    fn an_undated_news_item_outside_dated_columns_is_fine() {
        let news = r#"<html><head><meta name="ArticleTitle" content="局领导调研市容工作"></head><body>
            <div class="info">发布时间：2024-05-06</div><div id="zoom"><p>新闻正文。</p></div></body></html>"#;
        let findings = run(&[("http://x.gov.cn/gzdt/t6.html", news.to_string())]);
        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn articles_before_the_period_are_left_alone() {
        let findings = run(&[
            column(&[("/a/t7.html", "旧文件", "2019-05-06")]),
            (
                "http://x.gov.cn/a/t7.html",
                article_page("旧文件", "", "2019-05-06", ""),
            ),
        ]);
        assert!(findings.is_empty());
    }
}
