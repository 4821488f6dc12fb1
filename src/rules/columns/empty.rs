//! `column-empty`: a column whose list has no entries at all (空白栏目).
//!
//! 依据：国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决 "空白栏目数量超过（含）5个";
//! the national FAQ defines 空白栏目 as "网站自栏目开设之日起就没有提供过任何信息资源".
//! A column counts as empty only when its list pages were fetched and, all pages joined, show
//! nothing; a list page that failed to load is a crawl error, not an empty column. A column
//! whose tree node has sub-columns is a hub, not an empty list.

use crate::finding::{Finding, Severity};
use crate::model::Site;
use crate::rules::{Context, Rule, RuleInfo};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "column-empty",
        title: "空白栏目",
        basis: "国办秘函〔2019〕19号",
        severity: Severity::Error,
    },
    check,
};

fn check(site: &Site, _ctx: &Context<'_>) -> Vec<Finding> {
    site.columns
        .iter()
        .filter(|c| c.entries.is_empty())
        .filter(|c| site.tree_node_of(c).is_none_or(|n| n.children.is_empty()))
        .map(|column| {
            Finding::new(
                RULE.info.id,
                RULE.info.severity,
                &column.url,
                format!("“{}”栏目没有任何信息，属于空白栏目", column.name),
            )
            .with("column", column.name.clone())
            .with("path", column.path.clone())
            .with("pages_fetched", column.pages_fetched)
            .with("empty_notice", column.empty_notice)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{list_page, run_rule, site};

    #[test]
    fn an_empty_list_is_reported_and_a_full_one_is_not() {
        let site = site(&[
            (
                "http://x.gov.cn/xxgk/ghjh/",
                list_page("规划计划", &[]).replace("</ul>", "<li>暂无信息</li></ul>"),
            ),
            (
                "http://x.gov.cn/xxgk/tzgg/",
                list_page(
                    "通知公告",
                    &[("/a/1.html", "关于某事项的通知", "2025-01-02")],
                ),
            ),
        ]);
        let (findings, _) = run_rule(check, &site, "2025-12-01", "2025");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].evidence["column"], "规划计划");
        assert_eq!(findings[0].evidence["empty_notice"], true);
    }
}
