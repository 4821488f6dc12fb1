//! `annual-report-inconsistent`. What it checks, why, an example and its limits: see [`RULE`].
//!
//! Relation 1 is stated in table 三's own header; 2–4 follow from the tables' structure; 5 links
//! consecutive years and is a warning (real reports often break it). Blank cells count as 0. Each
//! broken relation is its own finding naming the row, the column and both numbers.

use super::{PublishedReport, reports};
use crate::checks::annual_report::{AnnualReportChecks, NarrativeCounts};
use crate::finding::{Finding, Severity};
use crate::model::Site;
use crate::model::annual_report::{
    ApplicationTable, ReportContent, Table3Column, Table3Row, Table4Column, Table4Group,
};
use crate::rules::{Context, rule};
use crate::text::book_title;

rule! {
    id: "annual-report-inconsistent",
    title: "年度报告数据勾稽关系不符",
    severity: Severity::Error,
    basis: "国办公开办函〔2021〕30号",
    citation: "国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》表三注明：\
        “本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”；表三、\
        表四的合计项由表格结构决定。",
    summary: "表三、表四的数字是否自洽，每处不符单独报告，写明行、列和两边的数：（1）\
        每列 本年新收＋上年结转＝（七）总计＋结转下年度继续办理；（2）每行 总计＝六类申请人之和；\
        （3）每列 （七）总计＝（一）至（六）各项之和；（4）表四 每组总计＝结果维持＋结果纠正＋其他\
        结果＋尚未审结；（5）本年度的上年结转＝上一年度报告的结转下年度继续办理（报为提醒）。\
        正文所述申请件数与表三不符、表格中有不是数字的单元格，也报为提醒：正文的说法按 \
        checks/annual_report.toml 的 [[narrative]] 逐条识别，每种说法注明其数字与什么比较\
        （“收到……申请N件”比本年新收；“……申请N件（含上年结转M件）”比新收加上年结转；\
        “办理……申请N件”等于其一即可）。空白单元格按0计。",
    example: "《测试市城市管理局2024年政府信息公开工作年度报告》表三“自然人”列：\
        本年新收13613＋上年结转535＝14148，不等于总计13364＋结转下年度783＝14147",
    limits: "PDF附件的表格无法逐格读取，不核对勾稽关系（由 annual-report-incomplete 提示人工核对）\
        ；表格与国家格式差异较大时可能读错行列；第（5）项需要上一年度的报告也能读取。",
    remedy: "逐项核对年度报告表三、表四中不符的数字，更正后重新发布并注明更正情况；报告发布前安排专人复核勾稽关系。",
    identity: [
        "url" => "报告网址",
        "year" => "报告年度",
        "problem" => "问题类型",
        "relation?" => "勾稽关系（如有）",
        "row?" => "表格行（如有）",
        "column?" => "表格列（如有）",
    ],
    check: check,
}

/// One broken relation, before it becomes a finding.
struct Broken {
    relation: u8,
    severity: Severity,
    row: String,
    column: String,
    left: i64,
    right: i64,
    text: String,
}

fn check(site: &Site, ctx: &Context<'_>) -> Vec<Finding> {
    let due = ctx.checks.annual_report.years_due(ctx.as_of);
    let all = reports(site);
    let mut findings = Vec::new();
    for report in all.iter().filter(|r| due.contains(&r.year)) {
        let Some(content) = report.content else {
            continue;
        };
        let previous = all
            .iter()
            .find(|r| r.year == report.year - 1)
            .and_then(|r| r.content);
        for broken in relations(content, previous) {
            findings.push(
                Finding::new(
                    RULE.info.id,
                    broken.severity,
                    &report.url,
                    format!("{}{}", book_title(&report.title), broken.text),
                )
                .with_title(&report.title)
                .with("year", report.year)
                .with("problem", "relation")
                .with("relation", broken.relation)
                .with("row", broken.row)
                .with("column", broken.column)
                .with("left", broken.left)
                .with("right", broken.right),
            );
        }
        findings.extend(warnings(report, content, &ctx.checks.annual_report));
    }
    findings
}

fn relations(content: &ReportContent, previous: Option<&ReportContent>) -> Vec<Broken> {
    let mut broken = Vec::new();
    if let Some(t3) = &content.table3 {
        applications(t3, &mut broken);
        if let (Some(prev), Some(carried_in)) = (
            previous.and_then(|p| p.table3.as_ref()),
            t3.row(Table3Row::CarriedIn),
        ) && let Some(carried_out) = prev.row(Table3Row::CarriedOut)
        {
            for c in Table3Column::ALL {
                let column = c.name();
                let (now, before) = (carried_in.value(c), carried_out.value(c));
                if now != before {
                    broken.push(Broken {
                        relation: 5,
                        severity: Severity::Warning,
                        row: "二、上年结转政府信息公开申请数量".into(),
                        column: column.to_string(),
                        left: now,
                        right: before,
                        text: format!("表三“{column}”列上年结转{now}件，与上一年度报告的结转下年度继续办理{before}件不一致"),
                    });
                }
            }
        }
    }
    if let Some(t4) = &content.table4 {
        for group in Table4Group::ALL {
            let sum: i64 = Table4Column::OUTCOMES
                .iter()
                .map(|&c| t4.value(group, c))
                .sum();
            let total = t4.value(group, Table4Column::Total);
            if sum != total {
                let name = Table4Column::Total.name(group);
                broken.push(Broken {
                    relation: 4,
                    severity: Severity::Error,
                    row: "表四".into(),
                    column: name.into(),
                    left: total,
                    right: sum,
                    text: format!("表四“{name}”为{total}，不等于结果维持、结果纠正、其他结果、尚未审结之和{sum}"),
                });
            }
        }
    }
    broken
}

fn applications(t3: &ApplicationTable, broken: &mut Vec<Broken>) {
    let (Some(new), Some(carried_in), Some(total), Some(carried_out)) = (
        t3.row(Table3Row::NewApplications),
        t3.row(Table3Row::CarriedIn),
        t3.row(Table3Row::Total),
        t3.row(Table3Row::CarriedOut),
    ) else {
        return;
    };
    for c in Table3Column::ALL {
        let column = c.name();
        let left = new.value(c) + carried_in.value(c);
        let right = total.value(c) + carried_out.value(c);
        if left != right {
            broken.push(Broken {
                relation: 1,
                severity: Severity::Error,
                row: "一+二 / （七）+四".into(),
                column: column.to_string(),
                left,
                right,
                text: format!(
                    "表三“{column}”列：本年新收{}＋上年结转{}＝{left}，不等于总计{}＋结转下年度{}＝{right}",
                    new.value(c),
                    carried_in.value(c),
                    total.value(c),
                    carried_out.value(c)
                ),
            });
        }
        let sum: i64 = t3.result_rows().map(|r| r.value(c)).sum();
        if sum != total.value(c) {
            broken.push(Broken {
                relation: 3,
                severity: Severity::Error,
                row: "（七）总计".into(),
                column: column.to_string(),
                left: total.value(c),
                right: sum,
                text: format!(
                    "表三“{column}”列：（七）总计为{}，而（一）至（六）各项之和为{sum}",
                    total.value(c)
                ),
            });
        }
    }
    let mut blank_totals = Vec::new();
    for row in &t3.rows {
        let sum: i64 = Table3Column::BY_APPLICANT
            .iter()
            .map(|&c| row.value(c))
            .sum();
        let row_total = row.value(Table3Column::Total);
        if row.cell(Table3Column::Total).is_none() && sum != 0 {
            blank_totals.push(row.label.clone());
        } else if row_total != sum {
            broken.push(Broken {
                relation: 2,
                severity: Severity::Error,
                row: row.label.clone(),
                column: "总计".into(),
                left: row_total,
                right: sum,
                text: format!(
                    "表三“{}”行：总计为{row_total}，而各类申请人之和为{sum}",
                    row.label
                ),
            });
        }
    }
    if !blank_totals.is_empty() {
        broken.push(Broken {
            relation: 2,
            severity: Severity::Warning,
            row: blank_totals.join("；"),
            column: "总计".into(),
            left: 0,
            right: blank_totals.len() as i64,
            text: format!(
                "表三有{}行“总计”列空白而各类申请人有数，数据不完整",
                blank_totals.len()
            ),
        });
    }
}

fn warnings(
    report: &PublishedReport<'_>,
    content: &ReportContent,
    settings: &AnnualReportChecks,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let base = |message: String, problem: &str| {
        Finding::new(RULE.info.id, Severity::Warning, &report.url, message)
            .with_title(&report.title)
            .with("year", report.year)
            .with("problem", problem)
    };
    if let (Some(quoted), Some(table3)) = (
        settings.quoted_applications(&content.overview, &content.text),
        content.table3.as_ref(),
    ) && let Some(new_row) = table3.row(Table3Row::NewApplications)
    {
        let new = new_row.value(Table3Column::Total);
        let carried = table3
            .row(Table3Row::CarriedIn)
            .map_or(0, |r| r.value(Table3Column::Total));
        let number = quoted.number;
        let words = &quoted.words;
        let message = match quoted.counts {
            NarrativeCounts::New if number != new => {
                Some(if number == new + carried && carried > 0 {
                    format!(
                        "正文称“{words}”，与表三本年新收总计{new}件不一致（{number}件是本年新收与上年结转{carried}件之和，这种说法应只计本年新收）"
                    )
                } else {
                    format!("正文称“{words}”，与表三本年新收总计{new}件不一致")
                })
            }
            NarrativeCounts::NewAndCarriedIn if number != new + carried => Some(format!(
                "正文称“{words}”（含上年结转），与表三本年新收{new}件加上年结转{carried}件共{}件不一致",
                new + carried
            )),
            NarrativeCounts::Either if number != new && number != new + carried => Some(format!(
                "正文称“{words}”，与表三本年新收总计{new}件、新收加上年结转共{}件均不一致",
                new + carried
            )),
            _ => None,
        };
        if let Some(message) = message {
            out.push(
                base(
                    format!("{}{message}", book_title(&report.title)),
                    "narrative",
                )
                .with("quoted", number)
                .with("quoted_words", words.clone())
                .with("counts", quoted.counts.display())
                .with("table", new)
                .with("carried_in", carried),
            );
        }
    }
    if !content.unreadable_cells.is_empty() {
        out.push(
            base(
                format!(
                    "{}表格中有{}个单元格不是数字，已按空白处理",
                    book_title(&report.title),
                    content.unreadable_cells.len()
                ),
                "unreadable-cells",
            )
            .with("cells", content.unreadable_cells.clone()),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{annual_report_fixture as fixture, run_rule, site};

    fn run(pages: &[(&str, String)]) -> Vec<Finding> {
        run_rule(check, &site(pages), "2025-12-01", "2025").0
    }

    fn relations_of(findings: &[Finding]) -> Vec<(u64, String)> {
        findings
            .iter()
            .filter(|f| f.evidence.contains_key("relation"))
            .map(|f| {
                (
                    f.evidence["relation"].as_u64().unwrap(),
                    f.evidence["column"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn a_consistent_report_passes() {
        assert!(
            run(&[(
                "http://x.gov.cn/ndbg/1.html",
                fixture("consistent-2021.html")
            )])
            .is_empty()
        );
    }

    #[test]
    fn relation_1_names_the_column_and_both_sums() {
        let findings = run(&[(
            "http://x.gov.cn/ndbg/1.html",
            fixture("broken-relation-1.html"),
        )]);
        let one = findings
            .iter()
            .find(|f| f.evidence["relation"] == 1)
            .unwrap();
        assert_eq!(one.evidence["column"], "自然人");
        assert_eq!(
            one.message, RULE.info.example,
            "the documented example is real"
        );
        assert_eq!(
            (
                one.evidence["left"].as_i64(),
                one.evidence["right"].as_i64()
            ),
            (Some(13613 + 535), Some(13364 + 783))
        );
        assert!(
            relations_of(&findings).contains(&(2, "总计".into())),
            "the row no longer adds up either"
        );
    }

    #[test]
    fn relation_2_names_the_row() {
        let findings = run(&[(
            "http://x.gov.cn/ndbg/1.html",
            fixture("broken-relation-2.html"),
        )]);
        let two = findings
            .iter()
            .find(|f| f.evidence["relation"] == 2)
            .unwrap();
        assert!(two.evidence["row"].as_str().unwrap().contains("予以公开"));
        assert_eq!(
            (
                two.evidence["left"].as_i64(),
                two.evidence["right"].as_i64()
            ),
            (Some(5558), Some(5548))
        );
    }

    #[test]
    fn relation_3_names_the_column() {
        let findings = run(&[(
            "http://x.gov.cn/ndbg/1.html",
            fixture("broken-relation-3.html"),
        )]);
        assert!(
            relations_of(&findings).contains(&(3, "商业企业".into())),
            "{findings:?}"
        );
    }

    #[test]
    fn relation_4_in_table_four() {
        let findings = run(&[(
            "http://x.gov.cn/ndbg/1.html",
            fixture("broken-relation-4.html"),
        )]);
        assert_eq!(relations_of(&findings), [(4, "行政复议-总计".to_string())]);
        assert_eq!(
            (
                findings[0].evidence["left"].as_i64(),
                findings[0].evidence["right"].as_i64()
            ),
            (Some(795), Some(790))
        );
    }

    #[test]
    fn relation_5_across_years_is_a_warning() {
        let last = ("http://x.gov.cn/ndbg/2023.html", fixture("small-2023.html"));
        assert!(
            run(&[
                ("http://x.gov.cn/ndbg/2024.html", fixture("small-2024.html")),
                last.clone()
            ])
            .is_empty()
        );
        let findings = run(&[
            (
                "http://x.gov.cn/ndbg/2024.html",
                fixture("small-2024-carry-mismatch.html"),
            ),
            last,
        ]);
        assert_eq!(
            relations_of(&findings),
            [(5, "自然人".to_string()), (5, "总计".to_string())]
        );
        assert!(findings.iter().all(|f| f.severity == Severity::Warning));
        assert_eq!(
            (
                findings[0].evidence["left"].as_i64(),
                findings[0].evidence["right"].as_i64()
            ),
            (Some(2), Some(1))
        );
    }

    #[test]
    fn a_narrative_that_contradicts_the_table() {
        let findings = run(&[(
            "http://x.gov.cn/ndbg/1.html",
            fixture("narrative-mismatch.html"),
        )]);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            (
                findings[0].severity,
                findings[0].evidence["quoted"].as_i64()
            ),
            (Severity::Warning, Some(14070))
        );
    }
}
