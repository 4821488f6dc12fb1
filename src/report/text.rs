//! The terminal summary, in Chinese, for the office that reads it: score per 一级指标 and the
//! 单项否决 status first, then the findings, then how the crawl went and what it saw.

use std::fmt::Write;

use super::Report;
use super::lead;
use super::veto::VetoStatus;
use crate::indicators::declared;
use crate::indicators::score::Status;
use crate::model::ColumnNode;

/// How many findings per rule the summary lists before "…".
const LIST_LIMIT: usize = 30;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    header(&mut out, report);
    score(&mut out, report);
    super::tables::text(&mut out, report);
    veto(&mut out, report);
    interpretation(&mut out, report);
    findings(&mut out, report);
    history(&mut out, report);
    crawl(&mut out, report);
    model(&mut out, report);
    for warning in &report.warnings {
        let _ = writeln!(out, "注意：{warning}");
    }
    out
}

fn header(out: &mut String, report: &Report) {
    let site = &report.header.site;
    let name = site.name.as_deref().unwrap_or("（未标注网站名称）");
    let _ = writeln!(out, "政务公开检查报告：{name}");
    let _ = writeln!(out, "检查地址：{}", site.start_url);
    if let Some(mirror) = &site.mirror {
        let _ = writeln!(out, "镜像目录：{mirror}");
    }
    let _ = writeln!(
        out,
        "检查基准日：{}　考核期：{}",
        report.header.as_of,
        report.header.period.display()
    );
    if let Some(note) = report.crawl_note() {
        let _ = writeln!(out, "{note}");
    }
    if let Some(history) = &report.history {
        let _ = writeln!(out, "{}", lead::lead_line(history));
    }
    out.push('\n');
}

fn score(out: &mut String, report: &Report) {
    let score = &report.score;
    let _ = writeln!(out, "【考核指标得分】{}", score.table);
    let _ = writeln!(
        out,
        "工具可核查 {} 分，得 {} 分（扣 {} 分）；需人工核查 {} 分；人工项全部达标时总分 {}",
        score.verified_points,
        score.verified_score,
        score.deducted,
        score.manual_points,
        score.score_if_manual_met
    );
    if let Some(declared) = declared::summary(score) {
        let _ = writeln!(out, "{declared}");
    }
    if let Some(verdict) = &score.verdict {
        let _ = writeln!(
            out,
            "合格判定：{}（{}）",
            verdict.result.display(),
            verdict.reason
        );
    }
    if score.not_checked_points > 0.0 {
        let _ = writeln!(
            out,
            "未能检查 {} 分，不计入得分（原因：{}）",
            score.not_checked_points,
            score.not_checked_reasons.join("；")
        );
    }
    for category in score.categories.iter().filter(|c| !c.adjustment) {
        let _ = writeln!(
            out,
            "  {}（{}分）：可核查 {} 分，扣 {} 分",
            category.name, category.points, category.verified_points, category.deducted
        );
    }
    for row in &report.indicators {
        let _ = match row.status {
            Status::Fail => writeln!(
                out,
                "  ✗ {} {}：扣 {} 分，{} 项问题，责任部门 {}",
                row.id, row.item, row.deducted, row.violations, row.department
            ),
            Status::Manual if row.declared.is_some() => writeln!(
                out,
                "  ✎ {} {}：{}",
                row.id,
                row.item,
                row.declared
                    .as_ref()
                    .map(declared::describe)
                    .unwrap_or_default()
            ),
            Status::NotChecked => writeln!(
                out,
                "  ? {} {}：未能检查（{}）",
                row.id,
                row.item,
                row.reason.as_deref().unwrap_or_default()
            ),
            _ => Ok(()),
        };
    }
    out.push('\n');
}

fn veto(out: &mut String, report: &Report) {
    let veto = &report.veto;
    let verdict = if veto.triggered {
        "触发单项否决，网站将被判定为不合格"
    } else if veto.incomplete {
        "已检查的项目未触发，部分项目未检查"
    } else {
        "未触发"
    };
    let _ = writeln!(out, "【单项否决】{verdict}（{}）", veto.basis);
    for item in &veto.items {
        let _ = match item.status {
            VetoStatus::NotChecked => writeln!(
                out,
                "  ? {}：未检查（{}）",
                item.name,
                item.reason.as_deref().unwrap_or_default()
            ),
            status => writeln!(
                out,
                "  {} {}：{} 个（达到 {} 个即否决）",
                if status == VetoStatus::Fail {
                    "✗"
                } else {
                    "✓"
                },
                item.name,
                item.count,
                item.threshold
            ),
        };
    }
    out.push('\n');
}

fn interpretation(out: &mut String, report: &Report) {
    let coverage = &report.interpretation;
    let all = &coverage.overall;
    let _ = writeln!(
        out,
        "【政策解读】考核期内政策文件 {} 件（其中规范性文件 {} 件，已解读 {} 件）；已解读 {} 件，{}个工作日内同步解读 {} 件",
        all.documents,
        all.required,
        all.required_interpreted,
        all.interpreted,
        coverage.late_working_days,
        all.on_time
    );
    for row in &coverage.columns {
        let _ = writeln!(
            out,
            "  {}：{} 件，已解读 {} 件，按时 {} 件",
            row.column, row.documents, row.interpreted, row.on_time
        );
    }
    out.push('\n');
}

fn findings(out: &mut String, report: &Report) {
    let totals = &report.totals;
    let _ = writeln!(
        out,
        "【发现的问题】共 {} 项（问题 {}，提醒 {}，需人工核查 {}，未能检查 {}）",
        totals.findings, totals.errors, totals.warnings, totals.needs_review, totals.not_checked
    );
    for (info, findings) in report.findings_by_rule() {
        let _ = writeln!(
            out,
            "{}（{}，依据{}）：{} 项",
            info.title,
            info.id,
            info.basis,
            findings.len()
        );
        let mut said = None;
        for finding in findings.iter().take(LIST_LIMIT) {
            // A reason shared by the rule's findings is said once.
            let reason = match finding.reason.as_deref() {
                Some(r) if said != Some(r) => format!("（原因：{r}）"),
                _ => String::new(),
            };
            said = finding.reason.as_deref();
            let status = lead::status_note(finding, report.header.as_of)
                .map(|note| format!("[{note}]"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  [{}]{status} {}{reason}",
                finding.label(),
                finding.message
            );
            if !finding.url.is_empty() {
                let _ = writeln!(out, "         {}", finding.url);
            }
        }
        if findings.len() > LIST_LIMIT {
            let _ = writeln!(out, "  …… 另有 {} 项", findings.len() - LIST_LIMIT);
        }
    }
    out.push('\n');
}

/// The problems of the last run this run no longer finds, and those it could not re-check.
fn history(out: &mut String, report: &Report) {
    let Some(history) = &report.history else {
        return;
    };
    if !history.fixed.is_empty() {
        let _ = writeln!(out, "【{}】", lead::fixed_heading(history.fixed.len()));
        for finding in &history.fixed {
            let _ = writeln!(out, "  [已整改] {}", finding.message);
            if !finding.url.is_empty() {
                let _ = writeln!(out, "         {}", finding.url);
            }
        }
        out.push('\n');
    }
    if !history.unverified.is_empty() {
        let _ = writeln!(
            out,
            "【{}】",
            lead::unverified_heading(history.unverified.len())
        );
        for finding in &history.unverified {
            let why = lead::unverified_reason(finding, Some(report));
            let _ = writeln!(out, "  [未能复核] {}（原因：{why}）", finding.message);
            if !finding.url.is_empty() {
                let _ = writeln!(out, "         {}", finding.url);
            }
        }
        out.push('\n');
    }
}

fn crawl(out: &mut String, report: &Report) {
    let stats = &report.crawl.stats;
    let _ = writeln!(out, "【抓取情况】");
    let _ = writeln!(
        out,
        "抓取页面 {} 个，失败 {} 个，请求 {} 次（重试 {} 页），重定向 {} 个，robots.txt 排除 {} 个，因上限未抓取 {} 个，用时 {:.1} 秒",
        stats.pages_fetched,
        stats.pages_failed,
        stats.requests,
        stats.retried_pages,
        stats.redirects,
        stats.blocked_by_robots,
        stats.skipped_by_limits,
        stats.elapsed_ms as f64 / 1000.0
    );
    let _ = writeln!(out, "GBK/GB2312 编码页面 {} 个", stats.gb_pages);
    for error in &report.crawl.errors {
        let status = error.status.map(|s| format!(" {s}")).unwrap_or_default();
        let from = error
            .linked_from
            .as_deref()
            .map(|f| format!("（链接来自 {f}）"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  ✗ {}：{}{status}{from}",
            error.url,
            error.kind.display()
        );
    }
    for warning in &report.crawl.warnings {
        let _ = writeln!(out, "  ! {warning}");
    }
    out.push('\n');
}

fn model(out: &mut String, report: &Report) {
    let _ = writeln!(out, "【栏目】共 {} 个栏目", report.model.site.columns.len());
    write_tree(out, &report.model.site.column_tree, 1);
    let articles = &report.model.site.articles;
    let dated = articles
        .iter()
        .filter(|a| a.formation_date().is_some() && a.publication_date().is_some())
        .count();
    let _ = writeln!(
        out,
        "【文章】共 {} 篇，其中 {} 篇可识别成文日期和发布日期（逐篇明细见 --format json）",
        articles.len(),
        dated
    );
    for warning in &report.model.site.warnings {
        let _ = writeln!(out, "  ! {}：{}", warning.url, warning.message);
    }
    out.push('\n');
}

fn write_tree(out: &mut String, nodes: &[ColumnNode], depth: usize) {
    for node in nodes {
        let count = node
            .entries
            .map(|n| format!("（{n} 条）"))
            .unwrap_or_default();
        let _ = writeln!(out, "{}{}{count}", "  ".repeat(depth), node.name);
        write_tree(out, &node.children, depth + 1);
    }
}
