//! The HTML page of `gongkai history`: per portal, the trend chart and the table of runs.

use std::fmt::Write;

use chrono::{DateTime, Utc};

use super::{HEADINGS, RunState, cells, chart, group, portal_title};
use crate::history::RunRow;
use crate::report::markup::esc;

const STYLE: &str = r#"
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;color:#1f2328;background:#f4f1ec;line-height:1.6}
header{background:#9b1c1c;color:#fff;padding:24px 40px 18px}
header h1{margin:0 0 4px;font-size:24px;letter-spacing:2px}
main{max-width:1180px;margin:0 auto;padding:24px 32px 48px}
section{background:#fff;border:1px solid #e3ddd3;border-radius:8px;padding:20px 24px;margin:0 0 20px}
h2{font-size:18px;margin:0 0 12px;padding-left:10px;border-left:4px solid #9b1c1c}
table{width:100%;border-collapse:collapse;font-size:13px;margin-top:12px}
th,td{border:1px solid #e3ddd3;padding:5px 8px;text-align:right;white-space:nowrap}
th{background:#f3ede4}td.l,th.l{text-align:left}
tr.unfinished td{color:#6b6257;background:#f3f4f6}
.fail{color:#b42318;font-weight:600}
.legend span{display:inline-block;margin-right:18px;font-size:13px}
.legend i{display:inline-block;width:18px;height:3px;margin-right:5px;vertical-align:4px}
.muted{color:#6b6257;font-size:13px}
@media print{body{background:#fff}section{page-break-inside:avoid}}
"#;

/// One page: per portal, the trend chart and the table of runs.
pub fn render_html(rows: &[RunRow], now: DateTime<Utc>) -> String {
    let portals = group(rows, now);
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>政务公开检查历史</title><style>{STYLE}</style></head><body>
<header><h1>政务公开检查历史</h1><div>{} 个网站，{} 次检查</div></header><main>"#,
        portals.len(),
        rows.len()
    );
    for portal in &portals {
        let completed: Vec<&RunRow> = portal
            .runs
            .iter()
            .filter(|r| r.state == RunState::Completed)
            .map(|r| r.row)
            .collect();
        let _ = write!(
            out,
            r#"<section><h2>{}</h2><div class="legend"><span><i style="background:{}"></i>得分（左轴）</span><span><i style="background:{}"></i>发现的问题（右轴）</span><span class="muted">共 {} 次检查，图中为已完成的 {} 次</span></div>{}"#,
            esc(&portal_title(portal.portal)),
            chart::SCORE_COLOUR,
            chart::PROBLEMS_COLOUR,
            portal.runs.len(),
            completed.len(),
            chart::chart(&completed)
        );
        out.push_str("<table><thead><tr>");
        for heading in HEADINGS {
            let class = if heading == "抓取/状态" || heading == "检查时间" {
                r#" class="l""#
            } else {
                ""
            };
            let _ = write!(out, "<th{class}>{heading}</th>");
        }
        out.push_str("</tr></thead><tbody>");
        for run in &portal.runs {
            let class = if run.state == RunState::Completed {
                ""
            } else {
                r#" class="unfinished""#
            };
            let _ = write!(out, "<tr{class}>");
            for (col, cell) in cells(run).iter().enumerate() {
                let class = match col {
                    1 | 10 => r#" class="l""#,
                    4 if cell == "触发" => r#" class="fail""#,
                    _ => "",
                };
                let _ = write!(out, "<td{class}>{}</td>", esc(cell));
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></section>");
    }
    let _ = write!(
        out,
        r#"<p class="muted">得分为工具可核查部分的得分；新发现含再次出现；未完成的检查（被中断或仍在进行）不作为比较基准，也不画入趋势图。由 gongkai {} 生成。</p></main></body></html>"#,
        env!("CARGO_PKG_VERSION")
    );
    out
}
