//! Several indicator tables side by side: the main table and the ones scored beside it (a
//! locality's 政务公开 table and the national 国办秘函〔2019〕19号 table), one line or one row
//! each, for the text report, the HTML report and the 汇总表.

use std::fmt::Write as _;

use super::Report;
use super::markup::esc;
use crate::indicators::score::Scorecard;
use crate::text::points;

/// Every table of the report, the main one first.
pub fn scorecards(report: &Report) -> impl Iterator<Item = &Scorecard> {
    std::iter::once(&report.score).chain(report.also_scored.iter().map(|t| &t.score))
}

/// `得 52/60 分（满分 100，需人工核查 40 分）；合格判定：待人工判断`.
pub fn brief(score: &Scorecard) -> String {
    let mut line = format!(
        "得 {}/{} 分（满分 {}，需人工核查 {} 分",
        points(score.verified_score),
        points(score.verified_points),
        points(score.total_points),
        points(score.manual_points)
    );
    if score.not_checked_points > 0.0 {
        let _ = write!(line, "，未能检查 {} 分", points(score.not_checked_points));
    }
    line.push('）');
    if score.vetoed {
        line.push_str("；触发单项否决");
    }
    if let Some(verdict) = &score.verdict {
        let _ = write!(line, "；合格判定：{}", verdict.result.display());
    }
    line
}

/// The text report's lines for the tables scored beside the main one (nothing when none).
pub fn text(out: &mut String, report: &Report) {
    if report.also_scored.is_empty() {
        return;
    }
    let _ = writeln!(out, "【多表对照】");
    for score in scorecards(report) {
        let _ = writeln!(out, "  《{}》：{}", score.table, brief(score));
    }
    out.push('\n');
}

/// The HTML report's side-by-side table (nothing when only one table is scored).
pub fn html(out: &mut String, report: &Report) {
    if report.also_scored.is_empty() {
        return;
    }
    out.push_str(
        "<section><h2>多表对照</h2><table><thead><tr><th>考核指标表</th><th>满分</th><th>工具可核查</th>\
         <th>可核查部分得分</th><th>需人工核查</th><th>未能检查</th><th>单项否决</th><th>合格判定</th></tr></thead><tbody>",
    );
    for score in scorecards(report) {
        let verdict = score.verdict.as_ref().map_or_else(
            || "—".to_string(),
            |v| format!("{}（{}）", v.result.display(), esc(&v.reason)),
        );
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{verdict}</td></tr>",
            esc(&score.table),
            points(score.total_points),
            points(score.verified_points),
            points(score.verified_score),
            points(score.manual_points),
            points(score.not_checked_points),
            if score.vetoed { "触发" } else { "未触发" },
        );
    }
    out.push_str("</tbody></table></section>");
}
