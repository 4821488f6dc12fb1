//! `annual-report-missing`. What it checks, why, an example and its limits: see [`RULE`].
//!
//! Reports are what [`super::reports`] finds; the years due are `years_due(as_of)` of
//! `checks/annual_report.toml`. The finding points at the reports' column when the portal has it.

use super::reports;
use crate::finding::{Finding, Severity};
use crate::model::Site;
use crate::rules::{Context, rule};

rule! {
    id: "annual-report-missing",
    title: "未发布政府信息公开工作年度报告",
    severity: Severity::Error,
    basis: "《政府信息公开条例》第四十九条",
    citation: "《政府信息公开条例》第四十九条：县级以上人民政府部门“应当在每年1月31日前……公布本行政\
        机关上一年度政府信息公开工作年度报告”；本级政府的年度报告在每年3月31日前公布。",
    summary: "最近3个截止日期已过的报告年度（checks/annual_report.toml 的 years_checked）中，\
        有一年找不到政府信息公开工作年度报告。报告在任何栏目、任何列表中按标题查找（XXXX年……政府信\
        息公开工作年度报告、年报）；工作要点、通知不算报告。截止日期：政府部门为次年1月31日，\
        本级政府为次年3月31日：按 --profile 选定的栏目配置的 report_of 判断（government 配置为本级\
        政府），日期取自 checks/annual_report.toml（地方规定更早的，可改为该日期）。",
    example: "未找到2023年政府信息公开工作年度报告（应于2024-01-31前公布）",
    limits: "标题不写年份、或不按“政府信息公开工作年度报告”命名的报告找不到；\
        报告只发布在其他网站（如本级政府门户的年报专栏）时会误报，请人工核实。",
    remedy: "在年度报告栏目补发该年度的政府信息公开工作年度报告（标题写明年度），以后每年按时发布。",
    identity: [
        "year" => "报告年度",
    ],
    check: check,
}

fn check(site: &Site, ctx: &Context<'_>) -> Vec<Finding> {
    let settings = &ctx.checks.annual_report;
    let found = reports(site);
    let where_to_look = site
        .columns
        .iter()
        .find(|c| {
            ctx.checks
                .columns
                .required(&c.name)
                .is_some_and(|r| r.name == settings.column)
        })
        .map_or_else(|| site.home_url.clone(), |c| c.url.clone());
    settings
        .years_due(ctx.as_of)
        .into_iter()
        .filter(|year| !found.iter().any(|r| r.year == *year))
        .map(|year| {
            let deadline = settings.deadline(year).expect("validated deadline");
            ctx.absent(
                Finding::new(
                    RULE.info.id,
                    RULE.info.severity,
                    &where_to_look,
                    format!("未找到{year}年政府信息公开工作年度报告（应于{deadline}前公布）"),
                )
                .with("year", year)
                .with("deadline", deadline.to_string()),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{list_page, run_rule, site};

    #[test]
    fn a_missing_year_is_named() {
        let site = site(&[(
            "http://x.gov.cn/ndbg/",
            list_page(
                "政府信息公开年报",
                &[
                    (
                        "/ndbg/1.html",
                        "2024年政府信息公开工作年度报告",
                        "2025-01-20",
                    ),
                    (
                        "/ndbg/2.html",
                        "2022年政府信息公开工作年度报告",
                        "2023-01-18",
                    ),
                ],
            ),
        )]);
        let (findings, _) = run_rule(check, &site, "2025-12-01", "2025");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].evidence["year"], 2023);
        assert_eq!(findings[0].url, "http://x.gov.cn/ndbg/");
        assert_eq!(
            findings[0].message, RULE.info.example,
            "the documented example is real"
        );
    }

    #[test]
    fn a_work_plan_is_not_a_report() {
        let site = site(&[(
            "http://x.gov.cn/ndbg/",
            list_page(
                "政府信息公开年报",
                &[("/ndbg/1.html", "2024年政务公开工作要点", "2024-03-20")],
            ),
        )]);
        assert_eq!(run_rule(check, &site, "2025-12-01", "2025").0.len(), 3);
    }
}
