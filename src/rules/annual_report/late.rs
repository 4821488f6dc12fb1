//! `annual-report-late`: a 年度报告 published after its deadline.
//!
//! 依据：《政府信息公开条例》第四十九条 (部门 1月31日, 本级政府 3月31日; a locality may set an
//! earlier day in `checks/annual_report.toml`). Judged for the report years `annual-report-missing`
//! checks; the publication date is the page's, else its PubDate tag, else the list's.

use super::reports;
use crate::finding::{Finding, Severity};
use crate::model::Site;
use crate::rules::{Context, Rule, RuleInfo};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "annual-report-late",
        title: "年度报告未按时发布",
        basis: "《政府信息公开条例》第四十九条",
        severity: Severity::Error,
    },
    check,
};

fn check(site: &Site, ctx: &Context<'_>) -> Vec<Finding> {
    let settings = &ctx.checks.annual_report;
    let due = settings.years_due(ctx.as_of);
    reports(site)
        .into_iter()
        .filter(|r| due.contains(&r.year))
        .filter_map(|report| {
            let deadline = settings.deadline(report.year)?;
            let published = report.published?;
            (published > deadline).then(|| {
                Finding::new(
                    RULE.info.id,
                    RULE.info.severity,
                    &report.url,
                    format!(
                        "《{}》发布于{published}，晚于{deadline}的法定时限{}天",
                        report.title,
                        (published - deadline).num_days()
                    ),
                )
                .with_title(&report.title)
                .with("year", report.year)
                .with("published", published.to_string())
                .with("deadline", deadline.to_string())
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{list_page, run_rule, site};

    #[test]
    fn after_the_thirty_first_of_january_is_late() {
        let site = site(&[(
            "http://x.gov.cn/ndbg/",
            list_page(
                "政府信息公开年报",
                &[
                    (
                        "/ndbg/1.html",
                        "2024年政府信息公开工作年度报告",
                        "2025-01-31",
                    ),
                    (
                        "/ndbg/2.html",
                        "2023年政府信息公开工作年度报告",
                        "2024-02-01",
                    ),
                ],
            ),
        )]);
        let (findings, _) = run_rule(check, &site, "2025-12-01", "2025");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].evidence["year"], 2023);
    }
}
