//! `column-empty`. What it checks, why, an example and its limits: see [`RULE`].
//!
//! A column counts as empty only when its list pages were fetched and, all pages joined, show
//! nothing; a list page that failed to load is a crawl error. A column whose tree node has
//! sub-columns is a hub, not an empty list.

use std::collections::HashMap;

use crate::finding::{Finding, Severity};
use crate::model::links::page_key;
use crate::model::{ColumnNode, Site};
use crate::rules::{Context, rule};

rule! {
    id: "column-empty",
    title: "空白栏目",
    severity: Severity::Error,
    basis: "国办秘函〔2019〕19号",
    citation: "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决指标：\
        “空白栏目数量超过（含）5个”；全国政府网站普查问答：空白栏目指“网站自栏目开设之日起就没有提\
        供过任何信息资源”。",
    summary: "栏目列表各页合起来没有任何条目（包括只显示“暂无信息”的栏目）。\
        列表页加载失败的算抓取错误，不算空白栏目；有下级栏目的栏目是导航页，不算空白栏目。",
    example: "“规划计划”栏目没有任何信息，属于空白栏目",
    limits: "列表由脚本或接口动态加载、抓取时读不到条目的栏目会被误报为空白，请人工核实；\
        无法区分从未发布过信息和信息已被删除。",
    remedy: "在该栏目发布应公开的信息；确无内容的栏目予以撤并或注明原因，不得保留空白栏目。",
    identity: [
        "url" => "栏目网址",
        "column" => "栏目名称",
    ],
    check: check,
}

fn check(site: &Site, _ctx: &Context<'_>) -> Vec<Finding> {
    let nodes = tree_nodes_by_key(site);
    site.columns
        .iter()
        .filter(|c| c.entries.is_empty())
        .filter(|c| {
            nodes
                .get(&page_key(&c.url))
                .is_none_or(|n| n.children.is_empty())
        })
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

/// The column tree's nodes by page key, the first in tree order for a key, so each column
/// looks its node up once.
fn tree_nodes_by_key(site: &Site) -> HashMap<String, &ColumnNode> {
    let mut nodes = HashMap::new();
    for node in site.tree_nodes() {
        if let Some(url) = &node.url {
            nodes.entry(page_key(url)).or_insert(node);
        }
    }
    nodes
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
