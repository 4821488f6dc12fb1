//! What a recorded run says against the portal's last completed run, in the words every
//! report format shares: the lead line (新发现、已整改、仍未整改 …), each finding's status,
//! and why a problem could not be re-checked. The formats only lay these out.

use chrono::NaiveDate;

use super::Report;
use crate::finding::Finding;
use crate::history::{DiffCounts, HistorySection};

/// The line a recorded run's report opens with.
pub fn lead_line(history: &HistorySection) -> String {
    let counts = &history.counts;
    match &history.previous_run {
        Some(previous) => compared_line(previous.as_of, counts),
        None => format!(
            "这是该网站在历史库中的第一次检查记录，以后的检查将与本次相比：本次发现问题 {} 项，均记为新发现",
            counts.new
        ),
    }
}

/// `与上次检查（2025-11-30）相比：新发现 2、已整改 1、仍未整改 5（最长已 12 个工作日），未能复核 1`.
pub fn compared_line(previous: NaiveDate, counts: &DiffCounts) -> String {
    let reopened = if counts.reopened > 0 {
        format!("、再次出现 {}", counts.reopened)
    } else {
        String::new()
    };
    let longest = if counts.open > 0 {
        format!("（最长已 {} 个工作日）", counts.longest_open_working_days)
    } else {
        String::new()
    };
    format!(
        "与上次检查（{previous}）相比：新发现 {}{reopened}、已整改 {}、仍未整改 {}{longest}，未能复核 {}",
        counts.new, counts.fixed, counts.open, counts.unverified
    )
}

/// The documents a recorded run issued, as a progress line names them
/// (`签发 工作交办单〔2025〕第1号（信息中心）、工作催办单〔2025〕第1号（办公室）`); none when it issued none.
pub fn issued_line(history: &HistorySection) -> Option<String> {
    if history.issued.is_empty() {
        return None;
    }
    let names: Vec<String> = history
        .issued
        .iter()
        .map(|n| format!("{}{}（{}）", n.number.kind.title(), n.number, n.department))
        .collect();
    Some(format!("签发 {}", names.join("、")))
}

/// A finding's standing against the last run (`仍未整改，首次发现 2025-11-02`), when the run
/// is recorded. The first-seen day is left out when it is the run's own day (a new problem).
/// An explained problem says so, with the note, who and when (`…，已说明：…（张三，2025-09-21）`).
pub fn status_note(finding: &Finding, as_of: NaiveDate) -> Option<String> {
    let status = finding.status?.display();
    let note = match finding.first_seen {
        Some(day) if day != as_of => format!("{status}，首次发现 {day}"),
        _ => status.to_string(),
    };
    Some(match explained(finding) {
        Some(line) => format!("{note}，{line}"),
        None => note,
    })
}

/// `已说明：…（张三，2025-09-21）` for a problem a person explained.
pub fn explained(finding: &Finding) -> Option<String> {
    let record = finding.rectification.as_ref()?;
    (record.stage == crate::rectify::Stage::Explained)
        .then_some(record.explanation.as_ref()?)
        .map(|e| e.note_line())
}

/// Why this run could not re-check a problem of the last run: the page failed, the crawl was
/// cut short, or the check was not done. Never a reason to count it as fixed.
pub fn unverified_reason(finding: &Finding, report: Option<&Report>) -> String {
    if let Some(report) = report {
        if let Some(error) = report.crawl.errors.iter().find(|e| e.url == finding.url) {
            let status = error.status.map(|s| format!(" {s}")).unwrap_or_default();
            return format!("页面本次抓取失败（{}{status}）", error.kind.display());
        }
        if let Some(reason) = &finding.reason {
            return reason.clone();
        }
        if !report.crawl.complete {
            return format!(
                "抓取未完成（{}），本次未到达该页面",
                report.crawl.incomplete_reasons.join("；")
            );
        }
    } else if let Some(reason) = &finding.reason {
        return reason.clone();
    }
    "本次检查未能重新检查该项（页面抓取失败、抓取未完成或该项未能检查）".to_string()
}

/// The heading of the 已整改 part.
pub fn fixed_heading(n: usize) -> String {
    format!("已整改：上次发现、本次复核已不存在的问题 {n} 项")
}

/// The heading of the 未能复核 part, saying plainly they are not counted as fixed.
pub fn unverified_heading(n: usize) -> String {
    format!("未能复核：上次发现、本次未能重新检查的问题 {n} 项（不计为已整改，仍按未整改对待）")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{FindingStatus, Severity};
    use crate::history::RunRef;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn section(previous: Option<&str>, counts: DiffCounts) -> HistorySection {
        HistorySection {
            run_id: 7,
            previous_run: previous.map(|d| RunRef {
                id: 6,
                started_at: format!("{d}T02:00:00Z"),
                as_of: day(d),
            }),
            counts,
            fixed: Vec::new(),
            unverified: Vec::new(),
            issued: Vec::new(),
        }
    }

    #[test]
    fn lead_line_gives_every_count() {
        let counts = DiffCounts {
            new: 2,
            open: 5,
            reopened: 0,
            fixed: 1,
            unverified: 3,
            longest_open_working_days: 12,
        };
        assert_eq!(
            lead_line(&section(Some("2025-11-30"), counts.clone())),
            "与上次检查（2025-11-30）相比：新发现 2、已整改 1、仍未整改 5（最长已 12 个工作日），未能复核 3"
        );
        let reopened = DiffCounts {
            reopened: 4,
            open: 0,
            ..counts
        };
        assert_eq!(
            lead_line(&section(Some("2025-11-30"), reopened)),
            "与上次检查（2025-11-30）相比：新发现 2、再次出现 4、已整改 1、仍未整改 0，未能复核 3"
        );
    }

    #[test]
    fn first_run_says_so() {
        let counts = DiffCounts {
            new: 9,
            ..DiffCounts::default()
        };
        let line = lead_line(&section(None, counts));
        assert!(line.contains("第一次检查记录"), "{line}");
        assert!(line.contains("本次发现问题 9 项"), "{line}");
        assert!(!line.contains("已整改"), "{line}");
    }

    #[test]
    fn status_note_names_first_seen_unless_today() {
        let today = day("2025-12-01");
        let mut finding = Finding::new("x", Severity::Error, "http://a/", "m".into());
        assert_eq!(status_note(&finding, today), None);
        finding.status = Some(FindingStatus::New);
        finding.first_seen = Some(today);
        assert_eq!(status_note(&finding, today).unwrap(), "新发现");
        finding.status = Some(FindingStatus::Open);
        finding.first_seen = Some(day("2025-11-02"));
        assert_eq!(
            status_note(&finding, today).unwrap(),
            "仍未整改，首次发现 2025-11-02"
        );
        finding.status = Some(FindingStatus::Reopened);
        finding.first_seen = Some(today);
        assert_eq!(status_note(&finding, today).unwrap(), "再次出现");
    }

    #[test]
    fn unverified_reason_without_report_is_plain() {
        let finding = Finding::new("x", Severity::Error, "http://a/", "m".into());
        assert!(unverified_reason(&finding, None).contains("未能"));
        let with_reason = finding.not_checked("抓取未完成");
        assert_eq!(unverified_reason(&with_reason, None), "抓取未完成");
    }
}
