//! `annual-report-late`. What it checks, why, an example and its limits: see [`RULE`].
//!
//! Judged for the report years `annual-report-missing` checks, against
//! `checks/annual_report.toml`'s deadline; a report's date is [`super::PublishedReport::published`].

use super::reports;
use crate::finding::{Finding, Severity};
use crate::model::Site;
use crate::rules::{Context, rule};
use crate::text::book_title;

rule! {
    id: "annual-report-late",
    title: "年度报告未按时发布",
    severity: Severity::Error,
    basis: "《政府信息公开条例》第四十九条",
    citation: "《政府信息公开条例》第四十九条：政府部门的年度报告每年1月31日前公布，\
        本级政府的年度报告每年3月31日前公布；部分地方规定了更早的日期（如怀化市2022年为1月28日）。",
    summary: "已找到的年度报告（annual-report-missing 所查的年度），发布日期晚于截止日期：\
        政府部门为次年1月31日，本级政府为次年3月31日。门户是哪一种由 --profile 选定的栏目配置的\
        report_of 决定（government 配置及继承它的配置为本级政府，其余为政府部门），日期取自\
        checks/annual_report.toml，可改为地方规定的日期。发布日期依次取页面、PubDate网页标签、栏目列表显示的日期。",
    example: "《明湖市城市管理局2023年政府信息公开工作年度报告》发布于2024-02-05，\
        晚于2024-01-31的法定时限5天",
    limits: "同一年度有多个版本时，以能读取内容且最早发布的为准；网站改版后重新发布的旧报告，\
        页面日期可能是迁移日期，会被误判为逾期，请人工核实。",
    remedy: "以后每年在截止日期前（政府部门1月31日、本级政府3月31日）发布年度报告；页面日期有误的予以更正。",
    identity: [
        "url" => "报告网址",
        "year" => "报告年度",
    ],
    check: check,
}

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
                        "{}发布于{published}，晚于{deadline}的法定时限{}天",
                        book_title(&report.title),
                        (published - deadline).num_days()
                    ),
                )
                .with_title(&report.title)
                .with("year", report.year)
                .with("published", published.to_string())
                .with("deadline", deadline.to_string())
                .with("report_of", settings.report_of.display())
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

    #[test]
    fn a_government_portal_has_until_the_thirty_first_of_march() {
        let site = site(&[(
            "http://x.gov.cn/ndbg/",
            list_page(
                "政府信息公开年报",
                &[
                    (
                        "/ndbg/1.html",
                        "2024年政府信息公开工作年度报告",
                        "2025-03-31",
                    ),
                    (
                        "/ndbg/2.html",
                        "2023年政府信息公开工作年度报告",
                        "2024-04-01",
                    ),
                ],
            ),
        )]);
        let checks = crate::checks::Checks::load(None, Some("government")).unwrap();
        let (findings, _) =
            crate::rules::testing::run_rule_with(check, &site, "2025-12-01", "2025", &checks);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].evidence["year"], 2023);
        assert_eq!(findings[0].evidence["deadline"], "2024-03-31");
        assert_eq!(findings[0].evidence["report_of"], "本级人民政府");
    }
}
