//! `column-missing`: a column the profile requires is not in the portal's column tree.
//!
//! 依据：国办公开办函〔2019〕61号《关于规范政府信息公开平台有关事项的通知》 (政府信息公开指南、
//! 政府信息公开制度、法定主动公开内容、政府信息公开年报 as the platform's columns) and
//! 《政府信息公开条例》第二十条、第二十一条 (the items 法定主动公开内容 must cover). The required
//! columns and the names portals give them are data: `checks/columns/department.toml` (default)
//! or `government.toml`, or a locality's own file (`--profile FILE`). A column counts as present
//! when any node of the tree, at any depth, or any crawled column carries one of its names.

use crate::finding::{Finding, Severity};
use crate::model::Site;
use crate::rules::{Context, Rule, RuleInfo};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "column-missing",
        title: "缺少规定栏目",
        basis: "国办公开办函〔2019〕61号；《政府信息公开条例》第二十条",
        severity: Severity::Error,
    },
    check,
};

fn check(site: &Site, ctx: &Context<'_>) -> Vec<Finding> {
    let names: Vec<&str> = site
        .tree_nodes()
        .into_iter()
        .map(|n| n.name.as_str())
        .chain(site.columns.iter().map(|c| c.name.as_str()))
        .collect();
    ctx.checks
        .columns
        .profile
        .column
        .iter()
        .filter(|required| !names.iter().any(|n| required.matches(n)))
        .map(|required| {
            Finding::new(
                RULE.info.id,
                RULE.info.severity,
                &site.home_url,
                format!(
                    "网站未设置“{}”栏目（依据{}）",
                    required.name, required.basis
                ),
            )
            .with("column", required.name.clone())
            .with("synonyms", required.synonyms.clone())
            .with("basis", required.basis.clone())
            .with("profile", ctx.checks.columns.profile.name.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{list_page, run_rule, site};

    #[test]
    fn synonyms_and_nested_columns_count_as_present() {
        let site = site(&[
            (
                "http://x.gov.cn/xxgk/jgzz/",
                list_page(
                    "机构职责",
                    &[("/a/1.html", "本局主要职责说明", "2025-01-02")],
                ),
            ),
            (
                "http://x.gov.cn/xxgk/czyjs/",
                list_page(
                    "财政预决算",
                    &[("/a/2.html", "2025年部门预算公开", "2025-02-02")],
                ),
            ),
        ]);
        let (findings, _) = run_rule(check, &site, "2025-12-01", "2025");
        let missing: Vec<&str> = findings
            .iter()
            .map(|f| f.evidence["column"].as_str().unwrap())
            .collect();
        assert!(!missing.contains(&"机构职能"), "机构职责 is a synonym");
        assert!(!missing.contains(&"财政信息"), "财政预决算 is a synonym");
        // 法定主动公开内容 appears only as a breadcrumb parent: nested columns count.
        assert!(!missing.contains(&"法定主动公开内容"));
        assert!(missing.contains(&"政府信息公开指南"));
        assert!(missing.contains(&"政府采购"));
    }
}
