//! `annual-report-incomplete`. What it checks, why, an example and its limits: see [`RULE`].
//!
//! Sections are [`crate::model::annual_report::SECTIONS`], matched by number and keywords when the
//! report was read; 内容雷同 compares character bigrams of 一、总体情况, digits and spaces ignored
//! (`duplicate_overview` in `checks/annual_report.toml`).

use super::{PublishedReport, reports};
use crate::finding::{Finding, Severity};
use crate::model::Site;
use crate::model::annual_report::{SECTIONS, Table2Format};
use crate::rules::{Context, rule};
use crate::text::book_title;

rule! {
    id: "annual-report-incomplete",
    title: "年度报告内容不全或格式不符",
    severity: Severity::Error,
    basis: "《政府信息公开条例》第五十条；国办公开办函〔2021〕30号",
    citation: "《政府信息公开条例》第五十条规定年度报告应当包括的内容；\
        国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》\
        规定报告的六个部分和表二、表三、表四，并把“不按时发布、发布内容不准确不全面或者内容雷同”\
        列为应当纠正的问题。",
    summary: "已找到的年度报告：缺少六个部分之一（总体情况，主动公开政府信息情况，\
        收到和处理政府信息公开申请情况，政府信息公开行政复议、行政诉讼情况，\
        存在的主要问题及改进情况，其他需要报告的事项；按序号和关键词识别）；缺少表二、表三或表四；\
        2021年度及以后的报告仍使用2019年试行格式的表二（含“（九）政府集中采购”）；“一、总体情况”\
        与上一年度几乎相同（内容雷同，报为提醒）；以附件发布而附件读不到内容，\
        或PDF的表格无法逐格读取（列为未能检查并写明原因，不扣分，请人工核查）。",
    example: "《明湖市城市管理局2023年政府信息公开工作年度报告》“一、总体情况”\
        与上一年度报告内容雷同（相同比例100%）",
    limits: "章节按序号和关键词识别，措辞差异很大的标题可能被误判为缺失；DOC、\
        WPS附件和扫描版PDF读不到内容，只能提示人工核查；内容雷同按字符相似度判断（数字不计），\
        阈值见 checks/annual_report.toml 的 duplicate_overview。",
    remedy: "按国办公开办函〔2021〕30号规定的格式补全年度报告所缺的部分和表格，更正后重新发布并注明更正情况。",
    identity: [
        "url" => "报告网址",
        "year" => "报告年度",
        "problem" => "问题类型",
    ],
    check: check,
}

fn finding(
    report: &PublishedReport<'_>,
    severity: Severity,
    problem: &str,
    message: String,
) -> Finding {
    Finding::new(RULE.info.id, severity, &report.url, message)
        .with_title(&report.title)
        .with("year", report.year)
        .with("problem", problem)
}

fn check(site: &Site, ctx: &Context<'_>) -> Vec<Finding> {
    let settings = &ctx.checks.annual_report;
    let due = settings.years_due(ctx.as_of);
    let all = reports(site);
    let mut findings = Vec::new();
    for report in all.iter().filter(|r| due.contains(&r.year)) {
        let Some(content) = report.content else {
            let message = if report.attachments.is_empty() {
                format!("{}页面未能读取，内容未检查", book_title(&report.title))
            } else {
                format!(
                    "{}以附件形式发布，附件内容无法读取，内容未检查，请人工核查",
                    book_title(&report.title)
                )
            };
            // The model says why an attachment could not be read, when it was fetched.
            let why = site
                .warnings
                .iter()
                .find(|w| report.attachments.contains(&w.url))
                .map(|w| w.message.clone());
            let reason = match (report.attachments.is_empty(), why) {
                (true, _) => "报告页面未能读取".to_string(),
                (false, Some(why)) => why,
                (false, None) => "附件未能读取（DOC、WPS、扫描版PDF或损坏的文件）".to_string(),
            };
            findings.push(
                finding(report, Severity::Warning, "not-checked", message)
                    .with("attachments", report.attachments.clone())
                    .not_checked(reason),
            );
            continue;
        };
        let missing: Vec<String> = SECTIONS
            .iter()
            .filter(|(number, _, _)| !content.sections_found.iter().any(|s| s == number))
            .map(|(number, name, _)| format!("{number}、{name}"))
            .collect();
        if !missing.is_empty() {
            findings.push(
                finding(
                    report,
                    RULE.info.severity,
                    "missing-sections",
                    format!(
                        "{}缺少“{}”部分",
                        book_title(&report.title),
                        missing.join("”“")
                    ),
                )
                .with("missing", missing),
            );
        }
        if !content.tables_readable {
            findings.push(
                finding(
                    report,
                    Severity::Warning,
                    "tables-not-checked",
                    format!(
                        "{}以PDF附件发布，表格未能逐格读取，表二至表四及数据勾稽关系请人工核对",
                        book_title(&report.title)
                    ),
                )
                .with("source", content.source.clone())
                .not_checked("PDF表格无法逐格读取"),
            );
            continue;
        }
        let tables: Vec<&str> = [
            (content.table2.is_none(), "表二（主动公开政府信息情况）"),
            (
                content.table3.is_none(),
                "表三（收到和处理政府信息公开申请情况）",
            ),
            (
                content.table4.is_none(),
                "表四（政府信息公开行政复议、行政诉讼情况）",
            ),
        ]
        .into_iter()
        .filter(|(absent, _)| *absent)
        .map(|(_, name)| name)
        .collect();
        if !tables.is_empty() {
            findings.push(
                finding(
                    report,
                    RULE.info.severity,
                    "missing-tables",
                    format!("{}缺少{}", book_title(&report.title), tables.join("、")),
                )
                .with("missing", tables),
            );
        }
        if content.table4.as_ref().is_some_and(|t| t.blank) {
            findings.push(
                finding(
                    report,
                    Severity::Warning,
                    "table4-blank",
                    format!(
                        "{}表四（政府信息公开行政复议、行政诉讼情况）未读到任何数字，复议、诉讼数字的核对未进行",
                        book_title(&report.title)
                    ),
                )
                .not_checked("表四各格均为空白：可能是全为0而未填写，也可能是表格未能读取，请人工核对"),
            );
        }
        if report.year >= settings.format_2021_from
            && content.table2 == Some(Table2Format::Format2019)
        {
            findings.push(finding(
                report,
                RULE.info.severity,
                "old-format",
                format!(
                    "{}表二仍使用2019年试行格式（含“（九）政府集中采购”），{}年度报告应使用国办公开办函〔2021〕30号格式",
                    book_title(&report.title), report.year
                ),
            ));
        }
        if let Some(previous) = all
            .iter()
            .find(|r| r.year == report.year - 1)
            .and_then(|r| r.content)
        {
            let share = similarity(&content.overview, &previous.overview);
            if share >= settings.duplicate_overview {
                findings.push(
                    finding(
                        report,
                        Severity::Warning,
                        "duplicate-overview",
                        format!(
                            "{}“一、总体情况”与上一年度报告内容雷同（相同比例{:.0}%）",
                            book_title(&report.title),
                            share * 100.0
                        ),
                    )
                    .with("similarity", (share * 100.0).round() / 100.0),
                );
            }
        }
    }
    findings
}

/// Shared character bigrams of two texts, digits and spaces ignored (years and counts change
/// every year; copied prose does not).
fn similarity(a: &str, b: &str) -> f64 {
    let grams = |text: &str| -> std::collections::HashSet<(char, char)> {
        let chars: Vec<char> = text
            .chars()
            .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
            .collect();
        chars.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (a, b) = (grams(a), grams(b));
    if a.len() < 20 || b.len() < 20 {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / a.union(&b).count() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{annual_report_fixture as fixture, run_rule, site};

    fn problems(pages: &[(&str, String)]) -> Vec<(String, Severity)> {
        run_rule(check, &site(pages), "2025-12-01", "2025")
            .0
            .into_iter()
            .map(|f| {
                (
                    f.evidence["problem"].as_str().unwrap().to_string(),
                    f.severity,
                )
            })
            .collect()
    }

    #[test]
    fn a_complete_2021_report_passes() {
        assert!(
            problems(&[(
                "http://x.gov.cn/ndbg/1.html",
                fixture("consistent-2021.html")
            )])
            .is_empty()
        );
    }

    #[test]
    fn missing_sections_and_tables_are_named() {
        let findings = run_rule(
            check,
            &site(&[(
                "http://x.gov.cn/ndbg/1.html",
                fixture("missing-sections.html"),
            )]),
            "2025-12-01",
            "2025",
        )
        .0;
        assert_eq!(findings.len(), 2);
        assert_eq!(
            findings[0].evidence["missing"],
            serde_json::json!([
                "四、政府信息公开行政复议、行政诉讼情况",
                "五、存在的主要问题及改进情况"
            ])
        );
        assert_eq!(
            findings[1].evidence["missing"],
            serde_json::json!(["表四（政府信息公开行政复议、行政诉讼情况）"])
        );
    }

    #[test]
    fn the_2019_table_in_a_2022_report() {
        assert_eq!(
            problems(&[("http://x.gov.cn/ndbg/1.html", fixture("format-2019.html"))]),
            [("old-format".to_string(), Severity::Error)]
        );
    }

    #[test]
    fn an_unreadable_attachment_is_said_not_checked() {
        assert_eq!(
            problems(&[(
                "http://x.gov.cn/ndbg/1.html",
                fixture("attachment-only.html")
            )]),
            [("not-checked".to_string(), Severity::Info)]
        );
        let site = site(&[(
            "http://x.gov.cn/ndbg/1.html",
            fixture("attachment-only.html"),
        )]);
        let finding = &run_rule(check, &site, "2025-12-01", "2025").0[0];
        assert_eq!(finding.outcome, crate::finding::Outcome::NotChecked);
        assert!(finding.reason.as_deref().unwrap().contains("附件未能读取"));
    }

    #[test]
    fn a_copied_overview_is_a_warning() {
        let this = fixture("consistent-2021.html");
        let last = this
            .replace("2024年", "2023年")
            .replace("2025-01-20", "2024-01-19");
        let found = problems(&[
            ("http://x.gov.cn/ndbg/1.html", this),
            ("http://x.gov.cn/ndbg/2.html", last),
        ]);
        assert_eq!(
            found,
            [("duplicate-overview".to_string(), Severity::Warning)]
        );
    }
}
