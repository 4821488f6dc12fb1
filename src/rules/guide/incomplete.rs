//! `guide-incomplete`. What it checks, why, an example and its limits: see [`RULE`].
//!
//! The guide is the newest article of the column `checks/columns/guide.toml` names (by any of its
//! profile names), else the newest article titled with that name. Its elements and contact facts
//! are data in the same file; a later page whose contact facts share none with the guide's, kind
//! by kind, makes it outdated.

use std::cmp::Reverse;
use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use crate::checks::guide::Stated;
use crate::checks::{ContactFact, GuideChecks};
use crate::finding::{Finding, Severity};
use crate::model::{Article, Site};
use crate::rules::{Context, rule};
use crate::text::book_title;

rule! {
    id: "guide-incomplete",
    title: "政府信息公开指南要素不全或未及时更新",
    severity: Severity::Error,
    basis: "《政府信息公开条例》第十二条",
    citation: "《政府信息公开条例》第十二条：“政府信息公开指南包括政府信息的分类、编排体系、\
        获取方式和政府信息公开工作机构的名称、办公地址、办公时间、联系电话、传真号码、\
        互联网联系方式等内容。”指南“应当及时更新”；第五十三条第（二）\
        项把“不及时更新……政府信息公开指南”列为应当责令改正的情形。",
    summary: "政府信息公开指南（指南栏目中最新的一篇，没有该栏目时取标题含“政府信息公开指南”\
        的最新文章）缺少条例第十二条所列要素：分类、编排体系、获取方式、工作机构名称、办公地址、\
        办公时间、联系电话、传真号码、互联网联系方式（要素及判断用词见 checks/columns/guide.toml）\
        ；或指南发布之后，网站其他页面以同样的标注（如“联系电话：”“办公地址：”）写的本机关\
        联系电话或办公地址与指南完全不同，说明指南没有随办公信息变更而更新。只比较同一标注下的\
        值：“咨询电话”不与“联系电话”比较，写在科室、中心、窗口等名称之后的电话、地址是该单位的，\
        不比较；一方包含另一方的地址视为同一地址（同一楼宇的简写）。",
    example: "政府信息公开指南（2025-01-08）中的联系电话与《明湖市城市管理局主要职责》\
        （2025-03-12）不一致，指南可能未随办公信息变更而更新",
    limits: "要素按关键词判断，只说明指南写到了该要素，不判断内容是否准确；\
        指南以附件或图片发布时读不到正文，会报告要素缺失；没有标注或标注不在 \
        checks/columns/guide.toml 所列之中的电话、地址不比较；以本机关名义标注的其他单位电话\
        仍可能被比较，请人工核实。",
    remedy: "按条例第十二条补全政府信息公开指南的各项要素，核对联系电话、办公地址等与实际一致，有变化时及时更新。",
    identity: [
        "url" => "指南网址",
        "problem" => "问题类型（缺要素／未更新）",
    ],
    check: check,
}

/// The office contact facts a page states, by kind (`checks/columns/guide.toml`).
/// The office's contact facts a text states, per fact.
fn contacts<'c>(
    facts: &'c [ContactFact],
    text: &str,
    sub_units: &[String],
) -> Vec<(&'c ContactFact, BTreeSet<Stated>)> {
    facts
        .iter()
        .map(|fact| (fact, fact.values(text, sub_units).collect()))
        .collect()
}

/// The values of `fact` a later page states under a label the guide also uses, none of which
/// is the same as the guide's under that label: (guide's, later page's). Like with like only:
/// a 咨询电话 is never compared with the 联系电话.
fn changed(
    fact: &ContactFact,
    ours: &BTreeSet<Stated>,
    theirs: &BTreeSet<Stated>,
) -> Option<(Vec<String>, Vec<String>)> {
    let mut guide_values = Vec::new();
    let mut later_values = Vec::new();
    let labels: BTreeSet<&str> = theirs.iter().map(|s| s.label.as_str()).collect();
    for label in labels {
        let mine: Vec<&str> = ours
            .iter()
            .filter(|s| s.label == label)
            .map(|s| s.value.as_str())
            .collect();
        let later: Vec<&str> = theirs
            .iter()
            .filter(|s| s.label == label)
            .map(|s| s.value.as_str())
            .collect();
        if mine.is_empty() || later.iter().any(|t| mine.iter().any(|m| fact.same(m, t))) {
            continue;
        }
        guide_values.extend(mine.iter().map(|v| v.to_string()));
        later_values.extend(later.iter().map(|v| v.to_string()));
    }
    (!later_values.is_empty()).then_some((guide_values, later_values))
}

/// Whether an article is the guide: in its column, or titled with its name. Whether a column
/// is the guide's is asked once per column name (`columns` keeps the answers), not per
/// article.
fn is_guide<'a>(
    article: &'a Article,
    ctx: &Context<'_>,
    columns: &mut HashMap<&'a str, bool>,
) -> bool {
    let guide = ctx.checks.columns.guide.column.as_str();
    let by_column = article.column.as_deref().is_some_and(|c| {
        *columns
            .entry(c)
            .or_insert_with(|| match ctx.checks.columns.required(c) {
                Some(required) => required.name == guide,
                None => c == guide,
            })
    });
    by_column || article.title().contains(guide)
}

fn check(site: &Site, ctx: &Context<'_>) -> Vec<Finding> {
    let mut columns = HashMap::new();
    let Some(guide) = site
        .articles
        .iter()
        .filter(|a| is_guide(a, ctx, &mut columns))
        .max_by_key(|a| a.publication_date().map(|d| d.date))
    else {
        return Vec::new();
    };
    let text = site.title_and_body(guide);
    let mut findings = Vec::new();
    let missing: Vec<&str> = ctx
        .checks
        .columns
        .guide
        .elements
        .iter()
        .filter(|element| !element.words.iter().any(|w| text.contains(w.as_str())))
        .map(|element| element.name.as_str())
        .collect();
    if !missing.is_empty() {
        findings.push(
            Finding::new(
                RULE.info.id,
                RULE.info.severity,
                &guide.url,
                format!("政府信息公开指南缺少{}等要素", missing.join("、")),
            )
            .with_title(&guide.content.title)
            .with("problem", "missing-elements")
            .with("missing", missing.clone()),
        );
    }
    if let Some(finding) = outdated_contacts(site, guide, &ctx.checks.columns.guide) {
        findings.push(finding);
    }
    findings
}

/// A later page that states the office's telephone or address differently from the guide:
/// the guide was not updated when the office's contact facts changed.
fn outdated_contacts(site: &Site, guide: &Article, settings: &GuideChecks) -> Option<Finding> {
    let guide_date = guide.publication_date()?.date;
    let facts = &settings.contacts;
    let in_guide = contacts(facts, &site.body(guide), &settings.sub_units);
    let differing = |page: &Article| -> Vec<(&str, Vec<String>, Vec<String>)> {
        in_guide
            .iter()
            .zip(contacts(facts, &site.body(page), &settings.sub_units))
            .filter_map(|((fact, ours), (_, theirs))| {
                let (ours, theirs) = changed(fact, ours, &theirs)?;
                Some((fact.label.as_str(), ours, theirs))
            })
            .collect()
    };
    // The newest later page that differs (of one day, the last in page order): pages are read
    // newest first, and reading stops at the first that differs.
    let mut later: Vec<(usize, &Article, NaiveDate)> = site
        .articles
        .iter()
        .enumerate()
        .filter(|(_, a)| a.url != guide.url)
        .filter_map(|(n, a)| Some((n, a, a.publication_date()?.date)))
        .filter(|(_, _, date)| *date > guide_date)
        .collect();
    later.sort_unstable_by_key(|&(n, _, date)| Reverse((date, n)));
    let (later, later_date, changes) = later.into_iter().find_map(|(_, a, date)| {
        let changes = differing(a);
        (!changes.is_empty()).then_some((a, date, changes))
    })?;
    let kinds: Vec<&str> = changes.iter().map(|(kind, _, _)| *kind).collect();
    let mut finding = Finding::new(
        RULE.info.id,
        RULE.info.severity,
        &guide.url,
        format!(
            "政府信息公开指南（{guide_date}）中的{}与{}（{later_date}）不一致，指南可能未随办公信息变更而更新",
            kinds.join("、"),
            book_title(later.title())
        ),
    )
    .with_title(&guide.content.title)
    .with("problem", "outdated")
    .with("guide_date", guide_date.to_string())
    .with("later_page", later.url.clone())
    .with("later_date", later_date.to_string());
    for (kind, ours, theirs) in changes {
        finding = finding
            .with(&format!("guide_{kind}"), ours)
            .with(&format!("later_{kind}"), theirs);
    }
    Some(finding)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{list_page, run_rule, site};

    fn page(title: &str, published: &str, body: &str) -> String {
        format!(
            r#"<html><head><meta name="ArticleTitle" content="{title}"></head><body>
            <div class="info">发布时间：{published}</div><div class="TRS_Editor"><p>{body}</p></div></body></html>"#
        )
    }

    const FULL: &str = "一、政府信息的分类与编排体系。二、获取方式。三、工作机构名称：局办公室；办公地址：人民路1号；办公时间：工作日；联系电话：0513-88881234；传真号码：0513-88881235；电子邮箱：a@b.gov.cn。";

    #[test]
    fn a_complete_current_guide_passes() {
        let site = site(&[
            (
                "http://x.gov.cn/zn/",
                list_page(
                    "政府信息公开指南",
                    &[("/zn/1.html", "本局政府信息公开指南", "2025-01-08")],
                ),
            ),
            (
                "http://x.gov.cn/zn/1.html",
                page("本局政府信息公开指南", "2025-01-08", FULL),
            ),
        ]);
        assert!(run_rule(check, &site, "2025-12-01", "2025").0.is_empty());
    }

    #[test]
    fn missing_elements_are_named() {
        let body = FULL
            .replace("与编排体系", "")
            .replace("传真号码：0513-88881235；", "");
        let site = site(&[(
            "http://x.gov.cn/zn/1.html",
            page("政府信息公开指南", "2025-01-08", &body),
        )]);
        let (findings, _) = run_rule(check, &site, "2025-12-01", "2025");
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].evidence["missing"],
            serde_json::json!(["编排体系", "传真号码"])
        );
    }

    #[test]
    fn a_later_page_with_a_new_phone_makes_the_guide_outdated() {
        let site = site(&[
            (
                "http://x.gov.cn/zn/1.html",
                page("政府信息公开指南", "2025-01-08", FULL),
            ),
            (
                "http://x.gov.cn/jg/1.html",
                page(
                    "本局主要职责",
                    "2025-03-12",
                    "办公地址：新华路9号；联系电话：0513-88889999。",
                ),
            ),
        ]);
        let (findings, _) = run_rule(check, &site, "2025-12-01", "2025");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].evidence["problem"], "outdated");
        assert_eq!(
            findings[0].evidence["later_联系电话"],
            serde_json::json!(["051388889999"])
        );
        assert_eq!(
            findings[0].evidence["later_办公地址"],
            serde_json::json!(["新华路9号"])
        );
        assert!(findings[0].message.contains("联系电话、办公地址"));
    }

    #[test]
    fn the_newest_differing_page_is_named() {
        let moved = "办公地址：新华路9号；联系电话：0513-88889999。";
        let site = site(&[
            (
                "http://x.gov.cn/zn/1.html",
                page("政府信息公开指南", "2025-01-08", FULL),
            ),
            (
                "http://x.gov.cn/jg/1.html",
                page("本局主要职责", "2025-03-12", moved),
            ),
            (
                "http://x.gov.cn/jg/2.html",
                page("本局搬迁公告", "2025-05-20", moved),
            ),
            (
                "http://x.gov.cn/jg/3.html",
                page("本局工作动态", "2025-06-01", "正文没有联系方式。"),
            ),
        ]);
        let (findings, _) = run_rule(check, &site, "2025-12-01", "2025");
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].evidence["later_page"],
            "http://x.gov.cn/jg/2.html"
        );
        assert_eq!(findings[0].evidence["later_date"], "2025-05-20");
    }

    #[test]
    fn a_later_page_repeating_the_same_contacts_is_fine() {
        let site = site(&[
            (
                "http://x.gov.cn/zn/1.html",
                page("政府信息公开指南", "2025-01-08", FULL),
            ),
            (
                "http://x.gov.cn/jg/1.html",
                page(
                    "本局主要职责",
                    "2025-03-12",
                    "办公地址：人民路1号；联系电话：0513-88881234。",
                ),
            ),
        ]);
        assert!(run_rule(check, &site, "2025-12-01", "2025").0.is_empty());
    }
}
