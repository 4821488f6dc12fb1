//! The HTML report's parts for a recorded run: the box it opens with (against the last
//! completed run), each finding's status badge, and the 已整改 / 未能复核 sections. Only
//! written when the report has a `history`, so an unrecorded run's page is unchanged.

use std::fmt::Write;

use super::Report;
use super::lead;
use super::markup::esc;
use crate::finding::{Finding, FindingStatus};

/// Added to the page's style when the run is recorded.
pub const STYLE: &str = r#"
.lead{border:2px solid #9b1c1c;background:#fff}
.lead p.line{font-size:17px;font-weight:600;margin:0 0 12px}
.counts{display:grid;grid-template-columns:repeat(4,1fr);gap:12px}
.counts div{border:1px solid #e3ddd3;border-radius:8px;padding:8px 12px;background:#fbfaf7;font-size:13px;color:#6b6257}
.counts b{display:block;font-size:26px;color:#1f2328}
.st{display:inline-block;padding:0 7px;margin-right:6px;border-radius:9px;font-size:12px;white-space:nowrap}
.st-new{background:#fee2e2;color:#991b1b}.st-open{background:#fef3c7;color:#854d0e}
.st-reopened{background:#fde2f3;color:#9d174d}.st-fixed{background:#dcfce7;color:#166534}
.st-unverified{background:#e5e7eb;color:#374151}
.first-seen{font-size:12px;color:#6b6257;margin-left:6px}
.explained{font-size:12px;color:#1e40af;background:#eff6ff;border-radius:4px;padding:0 6px;margin-left:6px}
.finding.fixed{border-left-color:#1a7f37;background:#f0fdf4}
"#;

/// The box at the top of the page: the lead line and the four counts.
pub fn lead_box(out: &mut String, report: &Report) {
    let Some(history) = &report.history else {
        return;
    };
    let c = &history.counts;
    let _ = write!(
        out,
        r#"<section class="lead"><h2>整改进展</h2><p class="line">{}</p>"#,
        esc(&lead::lead_line(history))
    );
    if history.previous_run.is_some() {
        let reopened = if c.reopened > 0 {
            format!("，其中再次出现 {}", c.reopened)
        } else {
            String::new()
        };
        let _ = write!(
            out,
            r##"<div class="counts"><div><b>{}</b>新发现{reopened}</div><div><b>{}</b><a href="#fixed">已整改</a></div><div><b>{}</b>仍未整改（最长已 {} 个工作日）</div><div><b>{}</b><a href="#unverified">未能复核</a>（不计为已整改）</div></div>"##,
            c.new + c.reopened,
            c.fixed,
            c.open,
            c.longest_open_working_days,
            c.unverified,
        );
    }
    out.push_str("</section>");
}

fn status_class(status: FindingStatus) -> &'static str {
    match status {
        FindingStatus::New => "st-new",
        FindingStatus::Open => "st-open",
        FindingStatus::Reopened => "st-reopened",
        FindingStatus::Fixed => "st-fixed",
        FindingStatus::Unverified => "st-unverified",
    }
}

/// A finding's status badge and first-seen day, for a recorded run (empty otherwise).
pub fn status_badge(finding: &Finding, report: &Report) -> String {
    let Some(status) = finding.status else {
        return String::new();
    };
    let first_seen = match finding.first_seen {
        Some(day) if day != report.header.as_of => {
            format!(r#"<span class="first-seen">首次发现 {day}</span>"#)
        }
        _ => String::new(),
    };
    let explained = super::lead::explained(finding)
        .map(|line| format!(r#"<span class="explained">{}</span>"#, esc(&line)))
        .unwrap_or_default();
    format!(
        r#"<span class="st {}">{}</span>{first_seen}{explained} "#,
        status_class(status),
        status.display()
    )
}

/// The 已整改 and 未能复核 sections.
pub fn sections(out: &mut String, report: &Report) {
    let Some(history) = &report.history else {
        return;
    };
    let _ = write!(
        out,
        r#"<section id="fixed"><h2>{}</h2>"#,
        esc(&lead::fixed_heading(history.fixed.len()))
    );
    if history.fixed.is_empty() {
        out.push_str(r#"<p class="muted">无。</p>"#);
    }
    for f in &history.fixed {
        finding_line(out, f, "fixed", "st-fixed", "已整改", "");
    }
    out.push_str("</section>");
    let _ = write!(
        out,
        r#"<section id="unverified"><h2>{}</h2>"#,
        esc(&lead::unverified_heading(history.unverified.len()))
    );
    if history.unverified.is_empty() {
        out.push_str(r#"<p class="muted">无。</p>"#);
    }
    for f in &history.unverified {
        let why = format!("（原因：{}）", lead::unverified_reason(f, Some(report)));
        finding_line(out, f, "nc", "st-unverified", "未能复核", &why);
    }
    out.push_str("</section>");
}

/// One problem of the last run, with its badge, the reason (for an unverified one) and link.
pub fn finding_line(
    out: &mut String,
    f: &Finding,
    class: &str,
    badge: &str,
    label: &str,
    why: &str,
) {
    let first_seen = f
        .first_seen
        .map(|day| format!(r#"<span class="first-seen">首次发现 {day}</span> "#))
        .unwrap_or_default();
    let _ = write!(
        out,
        r#"<div class="finding {class}"><span class="st {badge}">{label}</span>{first_seen}{}{}<br><a href="{}">{}</a></div>"#,
        esc(&f.message),
        esc(why),
        esc(&f.url),
        esc(&f.url)
    );
}
