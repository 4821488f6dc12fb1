//! `annual-report-missing`: no 政府信息公开工作年度报告 for a recent year whose deadline has passed.
//!
//! 依据：《政府信息公开条例》第四十九条 — 部门 "应当在每年1月31日前…公布本行政机关上一年度政府信息
//! 公开工作年度报告" (本级政府: 3月31日). Checked for the most recent `years_checked` report
//! years whose deadline is before `--as-of` (`checks/annual_report.toml`, default 3).

use super::reports;
use crate::finding::{Finding, Severity};
use crate::model::Site;
use crate::rules::{Context, Rule, RuleInfo};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "annual-report-missing",
        title: "未发布政府信息公开工作年度报告",
        basis: "《政府信息公开条例》第四十九条",
        severity: Severity::Error,
    },
    check,
};

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
            Finding::new(
                RULE.info.id,
                RULE.info.severity,
                &where_to_look,
                format!("未找到{year}年政府信息公开工作年度报告（应于{deadline}前公布）"),
            )
            .with("year", year)
            .with("deadline", deadline.to_string())
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
