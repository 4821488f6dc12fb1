//! `guide-incomplete`: the 政府信息公开指南 lacks an element the 条例 names, or still shows an
//! office telephone number that a later page of the site has replaced.
//!
//! 依据：《政府信息公开条例》第十二条 — "政府信息公开指南包括政府信息的分类、编排体系、获取方式
//! 和政府信息公开工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式等内容"
//! and "应当及时更新"; 第五十三条(二) "不及时更新…政府信息公开指南" is a ground for correction.
//! The elements and the words that evidence them are data (`checks/columns/guide.toml`).
//!
//! The guide is the newest article of the column the profile calls 政府信息公开指南 (by any of
//! its names), else the newest article titled 政府信息公开指南.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::{Context, Rule, RuleInfo};
use crate::finding::{Finding, Severity};
use crate::model::{Article, Site};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "guide-incomplete",
        title: "政府信息公开指南要素不全或未及时更新",
        basis: "《政府信息公开条例》第十二条",
        severity: Severity::Error,
    },
    check,
};

const GUIDE_COLUMN: &str = "政府信息公开指南";

/// Office telephone numbers: area code and number (`0513-88881234`, `0513 88881234`).
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"0\d{2,3}[-－—\s]?\d{7,8}").expect("valid regex"));

fn phones(text: &str) -> BTreeSet<String> {
    PHONE
        .find_iter(text)
        .map(|m| m.as_str().chars().filter(char::is_ascii_digit).collect())
        .collect()
}

fn is_guide(article: &Article, ctx: &Context<'_>) -> bool {
    let by_column =
        article
            .column
            .as_deref()
            .is_some_and(|c| match ctx.checks.columns.required(c) {
                Some(required) => required.name == GUIDE_COLUMN,
                None => c == GUIDE_COLUMN,
            });
    by_column || article.title().contains(GUIDE_COLUMN)
}

fn check(site: &Site, ctx: &Context<'_>) -> Vec<Finding> {
    let Some(guide) = site
        .articles
        .iter()
        .filter(|a| is_guide(a, ctx))
        .max_by_key(|a| a.publication_date().map(|d| d.date))
    else {
        return Vec::new();
    };
    let text = format!("{}\n{}", guide.title(), guide.content.body);
    let mut findings = Vec::new();
    let missing: Vec<&str> = ctx
        .checks
        .columns
        .guide
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
            .with_title(guide.title())
            .with("problem", "missing-elements")
            .with("missing", missing.clone()),
        );
    }
    if let Some(finding) = outdated_phone(site, guide) {
        findings.push(finding);
    }
    findings
}

/// A later page that gives the office's telephone, none of whose numbers the guide shows.
fn outdated_phone(site: &Site, guide: &Article) -> Option<Finding> {
    let guide_phones = phones(&guide.content.body);
    let guide_date = guide.publication_date()?.date;
    let (later, later_date, later_phones) = site
        .articles
        .iter()
        .filter(|a| a.url != guide.url && a.content.body.contains("电话"))
        .filter_map(|a| Some((a, a.publication_date()?.date, phones(&a.content.body))))
        .filter(|(_, date, found)| *date > guide_date && !found.is_empty())
        .filter(|(_, _, found)| !guide_phones.is_empty() && found.is_disjoint(&guide_phones))
        .max_by_key(|(_, date, _)| *date)?;
    Some(
        Finding::new(
            RULE.info.id,
            RULE.info.severity,
            &guide.url,
            format!(
                "政府信息公开指南（{guide_date}）中的联系电话与《{}》（{later_date}）不一致，指南可能未随办公信息变更而更新",
                later.title()
            ),
        )
        .with_title(guide.title())
        .with("problem", "outdated")
        .with("guide_date", guide_date.to_string())
        .with("guide_phones", guide_phones.into_iter().collect::<Vec<_>>())
        .with("later_page", later.url.clone())
        .with("later_date", later_date.to_string())
        .with("later_phones", later_phones.into_iter().collect::<Vec<_>>()),
    )
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
            findings[0].evidence["later_phones"],
            serde_json::json!(["051388889999"])
        );
    }
}
