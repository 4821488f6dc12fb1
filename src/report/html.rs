//! One self-contained HTML page (no external assets) an office can open or print: the score,
//! a chart of points per 一级指标, the indicator table with each row's status, the findings
//! grouped by rule with links to the pages, and the 台账 checklist of manual rows.

use std::fmt::Write;

use super::Report;
use super::html_history;
use super::markup::{esc, fmt_points};
use super::veto::VetoStatus;
use crate::finding::{Outcome, Severity};
use crate::indicators::declared;
use crate::indicators::score::{RowResult, Status};

const STYLE: &str = r#"
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;color:#1f2328;background:#f4f1ec;line-height:1.6}
header{background:#9b1c1c;color:#fff;padding:28px 40px 22px}
header h1{margin:0 0 6px;font-size:26px;letter-spacing:2px}
header .meta{opacity:.9;font-size:14px}
main{max-width:1180px;margin:0 auto;padding:24px 32px 48px}
section{background:#fff;border:1px solid #e3ddd3;border-radius:8px;padding:20px 24px;margin:0 0 20px}
h2{font-size:19px;margin:0 0 14px;padding-left:10px;border-left:4px solid #9b1c1c}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:14px}
.card{border:1px solid #e3ddd3;border-radius:8px;padding:14px 16px;background:#fbfaf7}
.card .label{font-size:13px;color:#6b6257}
.card .value{font-size:30px;font-weight:700}
.card .sub{font-size:12px;color:#6b6257}
.pass{color:#1a7f37}.fail{color:#b42318}.manual{color:#8a6d1d}.nc{color:#6b6257}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;white-space:nowrap}
.b-pass{background:#dcfce7;color:#166534}.b-fail{background:#fee2e2;color:#991b1b}
.b-manual{background:#fef3c7;color:#854d0e}.b-nc{background:#e5e7eb;color:#374151}
.verdict{font-size:15px;margin-top:12px}
table{width:100%;border-collapse:collapse;font-size:13.5px}
th,td{border:1px solid #e3ddd3;padding:6px 8px;vertical-align:top;text-align:left}
th{background:#f3ede4;font-weight:600}
td.num{text-align:right;white-space:nowrap}
td.nw,th{white-space:nowrap}
.finding{margin:0 0 10px;padding:8px 12px;border-left:3px solid #b42318;background:#fff7f7}
.finding.warning{border-left-color:#d97706;background:#fffbeb}
.finding.nc{border-left-color:#9ca3af;background:#f3f4f6}
.notice{margin:0 0 20px;padding:10px 14px;border:1px solid #d97706;background:#fffbeb;border-radius:8px}
.finding a{font-size:12px;color:#1d4ed8;word-break:break-all}
.rule-head{margin:16px 0 8px;font-weight:600}
.rule-head .basis{font-weight:400;color:#6b6257;font-size:13px}
.muted{color:#6b6257;font-size:13px}
.legend span{display:inline-block;margin-right:16px;font-size:12px}
.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}
.check{width:22px;height:22px;border:1.5px solid #6b6257;display:inline-block}
@media print{body{background:#fff}header{padding:12px 0;background:#fff;color:#000;border-bottom:2px solid #9b1c1c}
section{border:none;padding:0;margin:0 0 16px;page-break-inside:auto}main{padding:0}.finding{page-break-inside:avoid}}
"#;

fn badge(status: Status) -> String {
    let class = match status {
        Status::Pass => "b-pass",
        Status::Fail => "b-fail",
        Status::Manual => "b-manual",
        Status::NotChecked => "b-nc",
    };
    format!(r#"<span class="badge {class}">{}</span>"#, status.display())
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let site = &report.header.site;
    let name = site.name.as_deref().unwrap_or("（未标注网站名称）");
    let _ = write!(
        out,
        r#"<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>政务公开自查报告 - {}</title><style>{STYLE}{}</style></head><body>
<header><h1>政务公开自查报告</h1><div class="meta">{} · <a style="color:#fff" href="{}">{}</a><br>检查基准日 {} · 考核期 {} · 指标表：{}</div></header><main>"#,
        esc(name),
        if report.history.is_some() {
            html_history::STYLE
        } else {
            ""
        },
        esc(name),
        esc(&site.start_url),
        esc(&site.start_url),
        report.header.as_of,
        esc(&report.header.period.display()),
        esc(&report.score.table),
    );
    if let Some(note) = report.crawl_note() {
        let _ = write!(out, r#"<div class="notice">{}</div>"#, esc(&note));
    }
    html_history::lead_box(&mut out, report);
    summary(&mut out, report);
    super::tables::html(&mut out, report);
    chart(&mut out, report);
    interpretation(&mut out, report);
    indicator_table(&mut out, report);
    findings(&mut out, report);
    html_history::sections(&mut out, report);
    checklist(&mut out, report);
    crawl(&mut out, report);
    let _ = write!(
        out,
        r#"<p class="muted">由 gongkai {} 生成。{}</p></main></body></html>"#,
        esc(report.tool.version),
        esc(&report.score.note)
    );
    out
}

fn summary(out: &mut String, report: &Report) {
    let s = &report.score;
    let manual = s.manual_points;
    let mut verdict = if report.veto.triggered {
        r#"<span class="badge b-fail">触发单项否决</span> 网站将被判定为不合格，不再计算其他指标得分。"#.to_string()
    } else if report.veto.incomplete {
        r#"<span class="badge b-nc">单项否决部分项目未检查</span> 已检查的项目未触发。"#.to_string()
    } else {
        r#"<span class="badge b-pass">未触发单项否决</span>"#.to_string()
    };
    for item in &report.veto.items {
        if item.status == VetoStatus::NotChecked {
            let _ = write!(
                verdict,
                r#"<br><span class="nc">未检查：{}（{}）</span>"#,
                esc(item.name),
                esc(item.reason.as_deref().unwrap_or_default())
            );
        }
    }
    let not_checked = if s.not_checked_points > 0.0 {
        format!(
            r#"<p class="nc">未能检查 {} 分，不计入得分（原因：{}）</p>"#,
            fmt_points(s.not_checked_points),
            esc(&s.not_checked_reasons.join("；"))
        )
    } else {
        String::new()
    };
    let declared = declared::summary(s).map_or_else(String::new, |line| {
        format!(r#"<p class="manual declared">{}</p>"#, esc(&line))
    });
    let table_verdict = s.verdict.as_ref().map_or_else(String::new, |v| {
        format!(
            r#"<p class="verdict">合格判定：{}（{}）</p>"#,
            v.result.display(),
            esc(&v.reason)
        )
    });
    let _ = write!(
        out,
        r#"<section><h2>得分概览</h2><div class="cards">
<div class="card"><div class="label">工具可核查部分得分</div><div class="value">{}<span style="font-size:16px"> / {}</span></div><div class="sub">共{}分中可由网站核查{}分</div></div>
<div class="card"><div class="label">扣分</div><div class="value fail">{}</div><div class="sub">{}项问题，{}项提醒</div></div>
<div class="card"><div class="label">需人工核查</div><div class="value manual">{}分</div><div class="sub">见“人工核查台账”</div></div>
<div class="card"><div class="label">人工项全部达标时总分</div><div class="value">{}</div><div class="sub">满分{}</div></div>
</div>{declared}{not_checked}{table_verdict}<div class="verdict">{verdict}（{}）</div></section>"#,
        fmt_points(s.verified_score),
        fmt_points(s.verified_points),
        fmt_points(s.total_points),
        fmt_points(s.verified_points),
        fmt_points(s.deducted),
        report.totals.errors,
        report.totals.warnings,
        fmt_points(manual),
        fmt_points(s.score_if_manual_met),
        fmt_points(s.total_points),
        esc(report.veto.basis),
    );
}

/// Horizontal bars per 一级指标: kept (green), deducted (red), manual (grey).
fn chart(out: &mut String, report: &Report) {
    let categories: Vec<_> = report
        .score
        .categories
        .iter()
        .filter(|c| !c.adjustment)
        .collect();
    let max = categories.iter().map(|c| c.points).fold(1.0, f64::max);
    let (label_w, bar_w, row_h) = (120.0, 760.0, 34.0);
    let height = row_h * categories.len() as f64 + 10.0;
    let _ = write!(
        out,
        r#"<section><h2>各一级指标得分</h2><div class="legend"><span><i style="background:#2f855a"></i>已核查得分</span><span><i style="background:#c53030"></i>扣分</span><span><i style="background:#d6cfc4"></i>需人工核查</span><span><i style="background:#9ca3af"></i>未能检查</span></div>
<svg viewBox="0 0 {} {height}" width="100%" role="img" aria-label="各一级指标得分">"#,
        label_w + bar_w + 90.0
    );
    for (i, c) in categories.iter().enumerate() {
        let y = i as f64 * row_h + 6.0;
        let scale = bar_w / max;
        let kept = (c.verified_points - c.deducted) * scale;
        let lost = c.deducted * scale;
        let manual = (c.points - c.verified_points - c.not_checked_points) * scale;
        let unchecked = c.not_checked_points * scale;
        let _ = write!(
            out,
            r##"<text x="{}" y="{}" text-anchor="end" font-size="14" fill="#1f2328">{}</text>
<rect x="{label_w}" y="{y}" width="{kept}" height="22" fill="#2f855a"/><rect x="{}" y="{y}" width="{lost}" height="22" fill="#c53030"/><rect x="{}" y="{y}" width="{manual}" height="22" fill="#d6cfc4"/>{}
<text x="{}" y="{}" font-size="13" fill="#6b6257">{}</text>"##,
            label_w - 8.0,
            y + 16.0,
            esc(&c.name),
            label_w + kept,
            label_w + kept + lost,
            if unchecked > 0.0 {
                format!(
                    r##"<rect x="{}" y="{y}" width="{unchecked}" height="22" fill="#9ca3af"/>"##,
                    label_w + kept + lost + manual
                )
            } else {
                String::new()
            },
            label_w + c.points * scale + 8.0,
            y + 16.0,
            bar_label(
                c.verified_points,
                c.deducted,
                c.points,
                c.not_checked_points
            ),
        );
    }
    out.push_str("</svg></section>");
}

/// `3/5 · 人工6`: kept of verified points, the points left to manual review, and (`· 未检查2`)
/// those not checked.
fn bar_label(verified: f64, deducted: f64, points: f64, not_checked: f64) -> String {
    let label = bar_label_checked(verified, deducted, points - not_checked);
    if not_checked > 0.0 {
        format!("{label} · 未检查{}", fmt_points(not_checked))
    } else {
        label
    }
}

fn bar_label_checked(verified: f64, deducted: f64, points: f64) -> String {
    let manual = points - verified;
    match (verified > 0.0, manual > 0.0) {
        (true, true) => format!(
            "{}/{} · 人工{}",
            fmt_points(verified - deducted),
            fmt_points(verified),
            fmt_points(manual)
        ),
        (true, false) => format!(
            "{}/{}",
            fmt_points(verified - deducted),
            fmt_points(verified)
        ),
        _ => format!("人工{}", fmt_points(manual)),
    }
}

fn interpretation(out: &mut String, report: &Report) {
    let coverage = &report.interpretation;
    let _ = write!(
        out,
        r#"<section><h2>政策解读覆盖情况</h2><table><thead><tr><th>栏目</th><th>考核期内政策文件</th><th>其中规范性文件</th><th>规范性文件已解读</th><th>已解读</th><th>{}个工作日内同步解读</th></tr></thead><tbody>"#,
        coverage.late_working_days
    );
    for row in coverage
        .columns
        .iter()
        .chain(std::iter::once(&coverage.overall))
    {
        let _ = write!(
            out,
            r#"<tr><td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
            esc(&row.column),
            row.documents,
            row.required,
            row.required_interpreted,
            row.interpreted,
            row.on_time
        );
    }
    out.push_str("</tbody></table></section>");
}

fn indicator_table(out: &mut String, report: &Report) {
    out.push_str(r#"<section><h2>考核指标逐项情况</h2><table><thead><tr><th>编号</th><th>一级指标</th><th>二级指标</th><th>分值</th><th>扣分</th><th>得分</th><th>状态</th><th>责任部门</th><th>问题</th></tr></thead><tbody>"#);
    for row in &report.indicators {
        let found = if row.findings.is_empty() {
            String::new()
        } else {
            format!(
                r##"<a href="#rule-{}">{}项</a>"##,
                esc(&report.findings[row.findings[0]].rule),
                row.findings.len()
            )
        };
        let _ = write!(
            out,
            r#"<tr><td class="nw">{}</td><td class="nw">{}</td><td>{}<div class="muted">{}</div></td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="nw">{}</td><td>{}</td><td class="nw">{found}</td></tr>"#,
            esc(&row.id),
            esc(&row.category),
            esc(&row.item),
            esc(&row.group),
            fmt_points(row.points),
            if row.deducted > 0.0 {
                fmt_points(row.deducted)
            } else {
                String::new()
            },
            row.score.map(fmt_points).unwrap_or_else(|| "—".into()),
            badge(row.status)
                + &row
                    .reason
                    .as_deref()
                    .map(|r| format!(r#"<div class="muted">{}</div>"#, esc(r)))
                    .unwrap_or_default()
                + &row
                    .declared
                    .as_ref()
                    .map(|d| format!(r#"<div class="manual">{}</div>"#, esc(declared::label(d))))
                    .unwrap_or_default(),
            esc(&row.department),
        );
    }
    out.push_str("</tbody></table></section>");
}

fn findings(out: &mut String, report: &Report) {
    out.push_str(r#"<section><h2>发现的问题</h2>"#);
    if report.findings.is_empty() {
        out.push_str(r#"<p class="pass">未发现问题。</p>"#);
    }
    for (info, list) in report.findings_by_rule() {
        let _ = write!(
            out,
            r#"<div class="rule-head" id="rule-{}">{}（{}项） <span class="basis">{} · 依据{}</span></div>"#,
            info.id,
            esc(info.title),
            list.len(),
            info.id,
            esc(info.basis)
        );
        for f in list {
            let class = match (f.outcome, f.severity) {
                (Outcome::NotChecked, _) => "finding nc",
                (Outcome::Violation, Severity::Error) => "finding",
                _ => "finding warning",
            };
            let label = match (f.outcome, &f.reason) {
                (Outcome::Violation, _) => String::new(),
                (_, Some(reason)) => format!("【{}：{}】", f.label(), esc(reason)),
                (_, None) => format!("【{}】", f.label()),
            };
            let _ = write!(
                out,
                r#"<div class="{class}">{}{label}{}<br><a href="{}">{}</a></div>"#,
                html_history::status_badge(f, report),
                esc(&f.message),
                esc(&f.url),
                esc(&f.url)
            );
        }
    }
    out.push_str("</section>");
}

fn checklist(out: &mut String, report: &Report) {
    let manual: Vec<&RowResult> = report
        .indicators
        .iter()
        .filter(|r| r.status == Status::Manual)
        .collect();
    let _ = write!(
        out,
        r#"<section><h2>人工核查台账（{}项）</h2><p class="muted">以下指标无法从网站自动核查，请按任务分解准备台账材料并逐项核对。</p><table><thead><tr><th>编号</th><th>二级指标</th><th>责任部门</th><th>任务分解</th><th>网站线索</th><th>已核</th></tr></thead><tbody>"#,
        manual.len()
    );
    for row in manual {
        let links: String = row
            .evidence_links
            .iter()
            .map(|l| format!(r#"<br><a href="{}">{}</a>"#, esc(&l.url), esc(&l.title)))
            .collect();
        let checked = match &row.declared {
            Some(d) => format!(
                r#"<span class="manual">{}</span><div class="muted">{}</div>"#,
                if d.met { "✓" } else { "✗" },
                esc(&declared::describe(d))
            ),
            None => r#"<span class="check"></span>"#.to_string(),
        };
        let _ = write!(
            out,
            r#"<tr><td>{}</td><td>{}<div class="muted">{} · {}</div></td><td>{}</td><td>{}</td><td>{}{links}</td><td>{checked}</td></tr>"#,
            esc(&row.id),
            esc(&row.item),
            esc(&row.category),
            esc(&row.group),
            esc(&row.department),
            esc(&row.tasks),
            esc(row.evidence.as_deref().unwrap_or("")),
        );
    }
    out.push_str("</tbody></table></section>");
}

fn crawl(out: &mut String, report: &Report) {
    let s = &report.crawl.stats;
    let _ = write!(
        out,
        r#"<section><h2>抓取情况</h2><p>抓取页面 {} 个，失败 {} 个，栏目 {} 个，文章 {} 篇，GBK/GB2312 编码页面 {} 个，robots.txt 排除 {} 个。</p>"#,
        s.pages_fetched,
        s.pages_failed,
        report.totals.columns,
        report.totals.articles,
        s.gb_pages,
        s.blocked_by_robots
    );
    if !report.crawl.errors.is_empty() {
        out.push_str("<table><thead><tr><th>无法访问的页面</th><th>原因</th><th>链接来源</th></tr></thead><tbody>");
        for e in &report.crawl.errors {
            let _ = write!(
                out,
                r#"<tr><td><a href="{}">{}</a></td><td>{}{}</td><td>{}</td></tr>"#,
                esc(&e.url),
                esc(&e.url),
                e.kind.display(),
                e.status.map(|s| format!(" {s}")).unwrap_or_default(),
                esc(e.linked_from.as_deref().unwrap_or("—"))
            );
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>");
}
