//! `gongkai diff RUN RUN`: what changed between two recorded runs of one portal — new, fixed,
//! unverified (could not be re-checked: never counted as fixed) and still open — as text,
//! JSON or an HTML page.

use std::fmt::Write;

use serde::Serialize;

use super::lead;
use super::markup::esc;
use crate::finding::Finding;
use crate::history::{Portal, RunDiff};

/// The parts of a diff in the order they are shown, with their headings.
fn parts(diff: &RunDiff) -> [(&'static str, &'static str, String, &[Finding]); 4] {
    [
        (
            "new",
            "新发现",
            format!(
                "新发现：第 {} 次检查发现、第 {} 次没有的问题 {} 项",
                diff.to.id,
                diff.from.id,
                diff.new.len()
            ),
            &diff.new,
        ),
        (
            "fixed",
            "已整改",
            lead::fixed_heading(diff.fixed.len()),
            &diff.fixed,
        ),
        (
            "unverified",
            "未能复核",
            lead::unverified_heading(diff.unverified.len()),
            &diff.unverified,
        ),
        (
            "open",
            "仍未整改",
            format!(
                "仍未整改：两次检查都发现的问题 {} 项",
                diff.still_open.len()
            ),
            &diff.still_open,
        ),
    ]
}

/// The summary line: `第 3 次检查（2025-12-02）与第 5 次检查（2025-12-04）相比：…`.
pub fn summary_line(diff: &RunDiff) -> String {
    format!(
        "第 {} 次检查（{}）与第 {} 次检查（{}）相比：新发现 {}、已整改 {}、仍未整改 {}，未能复核 {}",
        diff.from.id,
        diff.from.as_of,
        diff.to.id,
        diff.to.as_of,
        diff.new.len(),
        diff.fixed.len(),
        diff.still_open.len(),
        diff.unverified.len()
    )
}

/// `（首次发现 …）`, except on a new problem (first seen by the later run itself).
fn first_seen(key: &str, finding: &Finding) -> String {
    match finding.first_seen {
        Some(day) if key != "new" => format!("（首次发现 {day}）"),
        _ => String::new(),
    }
}

/// `网站：名称（地址）`, when the portal is known.
fn portal_line(portal: Option<&Portal>) -> Option<String> {
    portal.map(|p| match &p.name {
        Some(name) => format!("网站：{name}（{}）", p.url),
        None => format!("网站：{}", p.url),
    })
}

pub fn render_text(diff: &RunDiff, portal: Option<&Portal>) -> String {
    let mut out = String::new();
    if let Some(line) = portal_line(portal) {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "{}\n", summary_line(diff));
    for (key, label, heading, findings) in parts(diff) {
        let _ = writeln!(out, "【{heading}】");
        for f in findings {
            let why = if key == "unverified" {
                format!("（原因：{}）", lead::unverified_reason(f, None))
            } else {
                String::new()
            };
            let _ = writeln!(out, "  [{label}] {}{why}{}", f.message, first_seen(key, f));
            if !f.url.is_empty() {
                let _ = writeln!(out, "         {}", f.url);
            }
        }
        out.push('\n');
    }
    out
}

/// The store's diff as it is, with the counts on top.
pub fn render_json(diff: &RunDiff) -> String {
    #[derive(Serialize)]
    struct Counts {
        new: usize,
        fixed: usize,
        unverified: usize,
        still_open: usize,
    }
    #[derive(Serialize)]
    struct Json<'a> {
        counts: Counts,
        #[serde(flatten)]
        diff: &'a RunDiff,
    }
    serde_json::to_string_pretty(&Json {
        counts: Counts {
            new: diff.new.len(),
            fixed: diff.fixed.len(),
            unverified: diff.unverified.len(),
            still_open: diff.still_open.len(),
        },
        diff,
    })
    .expect("diff serialises")
}

const STYLE: &str = r#"
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;color:#1f2328;background:#f4f1ec;line-height:1.6}
header{background:#9b1c1c;color:#fff;padding:24px 40px 18px}
header h1{margin:0 0 4px;font-size:24px}
main{max-width:1180px;margin:0 auto;padding:24px 32px 48px}
section{background:#fff;border:1px solid #e3ddd3;border-radius:8px;padding:20px 24px;margin:0 0 20px}
h2{font-size:18px;margin:0 0 12px;padding-left:10px;border-left:4px solid #9b1c1c}
.finding{margin:0 0 10px;padding:8px 12px;border-left:3px solid #b42318;background:#fff7f7}
.finding.fixed{border-left-color:#1a7f37;background:#f0fdf4}
.finding.unverified{border-left-color:#9ca3af;background:#f3f4f6}
.finding.open{border-left-color:#d97706;background:#fffbeb}
.finding a{font-size:12px;color:#1d4ed8;word-break:break-all}
.muted{color:#6b6257;font-size:13px}
"#;

pub fn render_html(diff: &RunDiff, portal: Option<&Portal>) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>两次检查对比</title><style>{STYLE}</style></head><body>
<header><h1>两次检查对比</h1><div>{}{}</div></header><main>"#,
        portal_line(portal)
            .map(|line| format!("{}<br>", esc(&line)))
            .unwrap_or_default(),
        esc(&summary_line(diff))
    );
    for (key, _, heading, findings) in parts(diff) {
        let _ = write!(out, r#"<section id="{key}"><h2>{}</h2>"#, esc(&heading));
        if findings.is_empty() {
            out.push_str(r#"<p class="muted">无。</p>"#);
        }
        for f in findings {
            let why = if key == "unverified" {
                format!("（原因：{}）", lead::unverified_reason(f, None))
            } else {
                String::new()
            };
            let _ = write!(
                out,
                r#"<div class="finding {key}">{}{}<span class="muted">{}</span><br><a href="{}">{}</a></div>"#,
                esc(&f.message),
                esc(&why),
                esc(&first_seen(key, f)),
                esc(&f.url),
                esc(&f.url)
            );
        }
        out.push_str("</section>");
    }
    let _ = write!(
        out,
        r#"<p class="muted">未能复核的问题（页面抓取失败、抓取未完成或未能检查）不计为已整改。由 gongkai {} 生成。</p></main></body></html>"#,
        env!("CARGO_PKG_VERSION")
    );
    out
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::finding::Severity;
    use crate::history::RunRef;

    fn finding(n: u32) -> Finding {
        Finding::new(
            "disclosure-late",
            Severity::Error,
            &format!("http://a.gov.cn/{n}.html"),
            format!("问题{n}"),
        )
    }

    fn run(id: i64, day: &str) -> RunRef {
        RunRef {
            id,
            started_at: format!("{day}T18:00:00Z"),
            as_of: NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap(),
        }
    }

    fn sample() -> RunDiff {
        let mut open = finding(4);
        open.first_seen = NaiveDate::from_ymd_opt(2025, 11, 2);
        RunDiff {
            from: run(3, "2025-12-02"),
            to: run(5, "2025-12-04"),
            new: vec![finding(1), finding(2)],
            fixed: vec![finding(3)],
            unverified: vec![finding(5).not_checked("页面本次抓取失败（HTTP 404）")],
            still_open: vec![open],
        }
    }

    #[test]
    fn text_has_every_part_with_counts() {
        let text = render_text(&sample(), None);
        assert!(text.starts_with(
            "第 3 次检查（2025-12-02）与第 5 次检查（2025-12-04）相比：新发现 2、已整改 1、仍未整改 1，未能复核 1\n"
        ));
        assert!(
            text.contains("【新发现：第 5 次检查发现、第 3 次没有的问题 2 项】"),
            "{text}"
        );
        assert!(text.contains("  [已整改] 问题3\n"), "{text}");
        assert!(text.contains("不计为已整改"), "{text}");
        assert!(
            text.contains("  [未能复核] 问题5（原因：页面本次抓取失败（HTTP 404））"),
            "{text}"
        );
        assert!(
            text.contains("  [仍未整改] 问题4（首次发现 2025-11-02）"),
            "{text}"
        );
    }

    #[test]
    fn json_and_html_carry_the_same_parts() {
        let json: serde_json::Value = serde_json::from_str(&render_json(&sample())).unwrap();
        assert_eq!(json["counts"]["new"], 2);
        assert_eq!(json["from"]["id"], 3);
        assert_eq!(json["still_open"][0]["first_seen"], "2025-11-02");
        let html = render_html(&sample(), None);
        for id in ["new", "fixed", "unverified", "open"] {
            assert!(html.contains(&format!(r#"<section id="{id}">"#)), "{id}");
        }
        assert_eq!(html.matches(r#"class="finding new""#).count(), 2);
    }
}
