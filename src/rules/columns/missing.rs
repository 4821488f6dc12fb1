//! `column-missing`. What it checks, why, an example and its limits: see [`RULE`].
//!
//! The required columns and their synonyms come from the profile (`ctx.checks.columns.profile`).
//! A column counts as present when any node of the column tree, at any depth, or any crawled
//! column carries one of its names.

use crate::finding::{Finding, Severity};
use crate::model::Site;
use crate::rules::{Context, rule};

rule! {
    id: "column-missing",
    title: "缺少规定栏目",
    severity: Severity::Error,
    basis: "国办公开办函〔2019〕61号；《政府信息公开条例》第二十条",
    citation: "国办公开办函〔2019〕61号《关于规范政府信息公开平台有关事项的通知》\
        要求政府信息公开平台设置政府信息公开指南、政府信息公开制度、法定主动公开内容、\
        政府信息公开年报等栏目；《政府信息公开条例》第二十条、第二十一条列出法定主动公开内容应当包\
        括的事项。",
    summary: "配置要求的栏目在网站栏目树中找不到：任何层级、任何同义名称都算设置了该栏目。\
        要求哪些栏目、各有哪些同义名称，由栏目配置决定：默认 checks/columns/department.toml（政府部\
        门），--profile government 为设区的市级、县级人民政府，也可用地方自己的配置文件。",
    example: "网站未设置“行政许可”栏目（依据条例第二十条第（五）项）",
    limits: "栏目树来自侧边菜单、面包屑和抓取到的栏目页，抓取页数或深度不够时可能漏掉存在的栏目；\
        地方自创、不在同义名称中的栏目名会被当作缺失，可在配置文件中补充同义名称。",
    remedy: "按规定设置该栏目（可使用规定的同义名称），并发布应公开的内容。",
    identity: [
        "column" => "应设栏目",
    ],
    check: check,
}

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
            let finding = Finding::new(
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
            .with("profile", ctx.checks.columns.profile.name.clone());
            ctx.absent(finding)
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
