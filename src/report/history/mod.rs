//! `gongkai history`: the recorded runs of each portal over time — score, 单项否决, problems,
//! new / fixed / still open, whether the crawl covered the site and whether the run finished —
//! as a terminal table, JSON, or an HTML page with a trend chart per portal.

use std::fmt::Write;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

pub(crate) mod chart;
mod html;

use super::markup::fmt_points;
use crate::history::{Portal, RunRow, RunStatus};

pub use html::render_html;

/// A run still marked running this long after it started is taken as killed.
const STALE_AFTER_HOURS: i64 = 12;

/// Whether a run finished, as the history shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunState {
    Completed,
    /// Still going (the portal's latest run, started recently).
    Running,
    /// Marked running, but a later run started or it started long ago: killed or crashed.
    /// Never a baseline.
    Interrupted,
}

impl RunState {
    pub fn display(self) -> &'static str {
        match self {
            RunState::Completed => "已完成",
            RunState::Running => "进行中",
            RunState::Interrupted => "未完成（中断）",
        }
    }
}

/// One portal's runs, oldest first.
#[derive(Debug, Serialize)]
pub struct PortalHistory<'a> {
    pub portal: &'a Portal,
    pub runs: Vec<RunView<'a>>,
}

/// A run with its state.
#[derive(Debug, Serialize)]
pub struct RunView<'a> {
    #[serde(flatten)]
    pub row: &'a RunRow,
    pub state: RunState,
}

fn started(row: &RunRow) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(&row.started_at)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The runs grouped per portal (in the order portals first appear), each run with its state
/// as of `now`.
pub fn group(rows: &[RunRow], now: DateTime<Utc>) -> Vec<PortalHistory<'_>> {
    let mut portals: Vec<PortalHistory> = Vec::new();
    for row in rows {
        match portals.iter_mut().find(|p| p.portal.key == row.portal.key) {
            Some(p) => p.runs.push(RunView {
                row,
                state: RunState::Completed,
            }),
            None => portals.push(PortalHistory {
                portal: &row.portal,
                runs: vec![RunView {
                    row,
                    state: RunState::Completed,
                }],
            }),
        }
    }
    for portal in &mut portals {
        let last = portal.runs.len() - 1;
        for (i, run) in portal.runs.iter_mut().enumerate() {
            run.state = match run.row.status {
                RunStatus::Completed => RunState::Completed,
                RunStatus::Running => {
                    let stale = started(run.row)
                        .is_none_or(|t| now - t > Duration::hours(STALE_AFTER_HOURS));
                    if i < last || stale {
                        RunState::Interrupted
                    } else {
                        RunState::Running
                    }
                }
            };
        }
    }
    portals
}

/// When the run started, in Beijing time (`2025-12-01 02:00`).
fn started_display(row: &RunRow) -> String {
    let beijing = crate::calendar::china_offset();
    match started(row) {
        Some(t) => t
            .with_timezone(&beijing)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        None => row.started_at.clone(),
    }
}

pub(super) fn portal_title(portal: &Portal) -> String {
    match &portal.name {
        Some(name) => format!("{name}（{}）", portal.url),
        None => portal.url.clone(),
    }
}

fn score_display(row: &RunRow) -> String {
    row.score.map_or_else(|| "—".to_string(), fmt_points)
}

/// The cells of a run's line, in [`HEADINGS`] order.
pub(super) fn cells(run: &RunView) -> [String; 11] {
    let row = run.row;
    let c = &row.counts;
    let finished = run.state == RunState::Completed;
    let count = |n: usize| {
        if finished {
            n.to_string()
        } else {
            "—".to_string()
        }
    };
    [
        row.id.to_string(),
        started_display(row),
        row.as_of.to_string(),
        if finished {
            score_display(row)
        } else {
            "—".to_string()
        },
        match (finished, row.veto) {
            (false, _) => "—".to_string(),
            (true, true) => "触发".to_string(),
            (true, false) => "未触发".to_string(),
        },
        count(row.problems),
        count(c.new + c.reopened),
        count(c.fixed),
        count(c.open),
        count(c.unverified),
        match (finished, row.crawl_complete) {
            (false, _) => run.state.display().to_string(),
            (true, true) => "完整".to_string(),
            (true, false) => "不完整".to_string(),
        },
    ]
}

pub(super) const HEADINGS: [&str; 11] = [
    "编号",
    "检查时间",
    "基准日",
    "得分",
    "单项否决",
    "问题",
    "新发现",
    "已整改",
    "仍未整改",
    "未能复核",
    "抓取/状态",
];

/// Display width in a terminal: CJK characters take two columns.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            let wide = matches!(c as u32,
                0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6);
            if wide { 2 } else { 1 }
        })
        .sum()
}

fn pad(text: &str, to: usize) -> String {
    format!("{text}{}", " ".repeat(to.saturating_sub(width(text))))
}

/// Lines of cells aligned in columns for a terminal (CJK characters two columns wide), the
/// headings first, columns two spaces apart; each line ends with a newline.
pub(crate) fn aligned(headings: &[&str], lines: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..headings.len())
        .map(|col| {
            lines
                .iter()
                .filter_map(|l| l.get(col))
                .map(|c| width(c))
                .chain([width(headings[col])])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[&str]| {
        let padded: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| pad(c, *w)).collect();
        padded.join("  ").trim_end().to_string() + "\n"
    };
    let mut out = line(headings);
    for cells in lines {
        let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
        out.push_str(&line(&refs));
    }
    out
}

/// The terminal table, one block per portal.
pub fn render_text(rows: &[RunRow], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    for portal in group(rows, now) {
        let _ = writeln!(
            out,
            "网站：{}　共 {} 次检查",
            portal_title(portal.portal),
            portal.runs.len()
        );
        let lines: Vec<Vec<String>> = portal.runs.iter().map(|r| cells(r).to_vec()).collect();
        out.push_str(&aligned(&HEADINGS, &lines));
        out.push('\n');
    }
    out.push_str("得分为工具可核查部分的得分；新发现含再次出现；未完成的检查不作为比较基准。\n");
    out
}

/// `{"portals": [{"portal": {…}, "runs": [{…, "state": "completed"}]}]}`.
pub fn render_json(rows: &[RunRow], now: DateTime<Utc>) -> String {
    #[derive(Serialize)]
    struct Json<'a> {
        portals: Vec<PortalHistory<'a>>,
    }
    serde_json::to_string_pretty(&Json {
        portals: group(rows, now),
    })
    .expect("history serialises")
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::history::DiffCounts;

    /// A completed run of `portal` on `day` (as-of and start), scored `score` with `problems`.
    pub(crate) fn row(id: i64, portal: &str, day: &str, score: f64, problems: usize) -> RunRow {
        RunRow {
            id,
            portal: Portal {
                key: portal.to_string(),
                name: Some(format!("{portal}网站")),
                url: format!("http://{portal}/"),
                unit: None,
            },
            started_at: format!("{day}T18:00:00Z"),
            finished_at: Some(format!("{day}T18:05:00Z")),
            as_of: NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap(),
            tool_version: "0.1.0".into(),
            status: RunStatus::Completed,
            crawl_complete: true,
            score: Some(score),
            veto: false,
            problems,
            counts: DiffCounts {
                new: problems,
                ..DiffCounts::default()
            },
        }
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2025-12-10T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn sample() -> Vec<RunRow> {
        let mut rows = vec![
            row(1, "a.gov.cn", "2025-12-01", 18.5, 9),
            row(2, "b.gov.cn", "2025-12-01", 20.0, 3),
            row(3, "a.gov.cn", "2025-12-02", 19.0, 7),
            row(4, "a.gov.cn", "2025-12-03", 0.0, 0),
            row(5, "a.gov.cn", "2025-12-04", 21.0, 5),
            row(6, "b.gov.cn", "2025-12-09", 0.0, 0),
        ];
        rows[3].status = RunStatus::Running; // killed: a later run exists
        rows[3].score = None;
        rows[5].status = RunStatus::Running; // still going: the latest, started 6 h ago
        rows[2].counts = DiffCounts {
            new: 1,
            fixed: 3,
            open: 6,
            ..DiffCounts::default()
        };
        rows[2].veto = true;
        rows
    }

    #[test]
    fn running_runs_are_interrupted_unless_latest_and_recent() {
        let rows = sample();
        let portals = group(&rows, now());
        assert_eq!(portals.len(), 2);
        let states: Vec<RunState> = portals[0].runs.iter().map(|r| r.state).collect();
        assert_eq!(
            states,
            [
                RunState::Completed,
                RunState::Completed,
                RunState::Interrupted,
                RunState::Completed
            ]
        );
        assert_eq!(portals[1].runs[1].state, RunState::Running);
        let later = now() + Duration::days(2);
        assert_eq!(group(&rows, later)[1].runs[1].state, RunState::Interrupted);
    }

    #[test]
    fn text_lists_each_run_with_its_counts() {
        let text = render_text(&sample(), now());
        assert!(
            text.contains("网站：a.gov.cn网站（http://a.gov.cn/）　共 4 次检查"),
            "{text}"
        );
        let line = text.lines().find(|l| l.starts_with("3 ")).unwrap();
        let words: Vec<&str> = line.split_whitespace().collect();
        // id, date, time, as-of, score, veto, problems, new, fixed, open, unverified, crawl
        assert_eq!(
            words,
            [
                "3",
                "2025-12-03",
                "02:00",
                "2025-12-02",
                "19",
                "触发",
                "7",
                "1",
                "3",
                "6",
                "0",
                "完整"
            ]
        );
        let killed = text.lines().find(|l| l.starts_with("4 ")).unwrap();
        assert!(killed.ends_with("未完成（中断）"), "{killed}");
        assert!(text.contains("进行中"), "{text}");
    }

    #[test]
    fn json_gives_state_per_run() {
        let json: serde_json::Value = serde_json::from_str(&render_json(&sample(), now())).unwrap();
        let runs = &json["portals"][0]["runs"];
        assert_eq!(runs.as_array().unwrap().len(), 4);
        assert_eq!(runs[2]["state"], "interrupted");
        assert_eq!(runs[1]["counts"]["fixed"], 3);
        assert_eq!(json["portals"][1]["runs"][1]["state"], "running");
    }

    #[test]
    fn html_charts_one_point_per_completed_run() {
        let html = render_html(&sample(), now());
        let (a, b) = html.split_at(html.find("b.gov.cn网站").unwrap());
        assert_eq!(a.matches(r#"class="pt-score""#).count(), 3);
        assert_eq!(a.matches(r#"class="pt-problems""#).count(), 3);
        assert_eq!(b.matches(r#"class="pt-problems""#).count(), 1);
        assert!(!html.contains("<script"));
        assert!(!html.contains("http://a.gov.cn/\" "));
        assert!(html.contains(r#"<tr class="unfinished">"#));
    }
}
