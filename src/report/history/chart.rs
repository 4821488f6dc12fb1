//! The trend chart of `gongkai history --format html`: one portal's score and problems over
//! its completed runs, as inline SVG (no script, no fonts or files fetched), so the page opens
//! offline and prints.

use std::fmt::Write;

use crate::history::RunRow;
use crate::report::markup::{esc, fmt_points};

/// Colours of the two series, shared with the legend.
pub const SCORE_COLOUR: &str = "#2f855a";
pub const PROBLEMS_COLOUR: &str = "#c53030";

const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 56.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 44.0;
/// At most this many dates under the axis; the others are in each point's tooltip.
const MAX_LABELS: usize = 12;

/// Intervals on each axis; the grid lines are shared by both.
pub(crate) const TICKS: u32 = 5;

/// The axis' top: `TICKS` times the smallest round step (1, 2, 5 × 10ⁿ, at least 1) that
/// reaches `x`, so every grid line is labelled with a whole, readable number.
pub(crate) fn axis_max(x: f64) -> f64 {
    let mut magnitude = 1.0;
    loop {
        for step in [1.0, 2.0, 5.0] {
            if step * magnitude * f64::from(TICKS) >= x - 1e-9 {
                return step * magnitude * f64::from(TICKS);
            }
        }
        magnitude *= 10.0;
    }
}

/// The chart of `runs` (completed runs of one portal, oldest first): score on the left axis,
/// problems found on the right, one point of each per run.
pub fn chart(runs: &[&RunRow]) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" aria-label="得分和问题数趋势" font-family="sans-serif">"#
    );
    if runs.is_empty() {
        let _ = write!(
            out,
            r##"<text x="{}" y="{}" text-anchor="middle" font-size="14" fill="#6b6257">尚无已完成的检查</text></svg>"##,
            WIDTH / 2.0,
            HEIGHT / 2.0
        );
        return out;
    }
    let max_score = axis_max(runs.iter().filter_map(|r| r.score).fold(0.0, f64::max));
    let max_problems = axis_max(runs.iter().map(|r| r.problems).max().unwrap_or(0) as f64);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |i: usize| {
        if runs.len() == 1 {
            LEFT + plot_w / 2.0
        } else {
            LEFT + plot_w * i as f64 / (runs.len() - 1) as f64
        }
    };
    let y = |value: f64, max: f64| TOP + plot_h * (1.0 - value / max);

    // Grid and both axes' labels.
    for step in 0..=TICKS {
        let fraction = f64::from(step) / f64::from(TICKS);
        let gy = TOP + plot_h * (1.0 - fraction);
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" y1="{gy}" x2="{}" y2="{gy}" stroke="#e3ddd3"/><text x="{}" y="{}" text-anchor="end" font-size="12" fill="{SCORE_COLOUR}">{}</text><text x="{}" y="{}" font-size="12" fill="{PROBLEMS_COLOUR}">{}</text>"##,
            WIDTH - RIGHT,
            LEFT - 8.0,
            gy + 4.0,
            fmt_points(max_score * fraction),
            WIDTH - RIGHT + 8.0,
            gy + 4.0,
            fmt_points(max_problems * fraction),
        );
    }
    let _ = write!(
        out,
        r##"<text x="{}" y="{}" font-size="12" fill="{SCORE_COLOUR}" text-anchor="middle" transform="rotate(-90 14 {})">得分</text><text x="{}" y="{}" font-size="12" fill="{PROBLEMS_COLOUR}" text-anchor="middle" transform="rotate(90 {} {})">问题数</text>"##,
        14.0,
        TOP + plot_h / 2.0,
        TOP + plot_h / 2.0,
        WIDTH - 10.0,
        TOP + plot_h / 2.0,
        WIDTH - 10.0,
        TOP + plot_h / 2.0,
    );
    // Dates under the axis, thinned to MAX_LABELS.
    let every = runs.len().div_ceil(MAX_LABELS).max(1);
    for (i, run) in runs.iter().enumerate() {
        // The last run is always labelled; the regular label before it only when not too close.
        let last = runs.len() - 1;
        if i == last || (i % every == 0 && last - i >= every.div_ceil(2)) {
            let _ = write!(
                out,
                r##"<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="#6b6257">{}</text>"##,
                x(i),
                HEIGHT - BOTTOM + 18.0,
                run.as_of.format("%m-%d")
            );
        }
    }
    // The problems line, then the score line (drawn last, on top).
    let problems: Vec<(f64, f64)> = runs
        .iter()
        .enumerate()
        .map(|(i, r)| (x(i), y(r.problems as f64, max_problems)))
        .collect();
    polyline(&mut out, &problems, PROBLEMS_COLOUR, "6 4");
    for (i, (px, py)) in problems.iter().enumerate() {
        let _ = write!(
            out,
            r#"<circle class="pt-problems" cx="{px}" cy="{py}" r="4" fill="{PROBLEMS_COLOUR}"><title>{}：问题 {} 项</title></circle>"#,
            runs[i].as_of, runs[i].problems
        );
    }
    let scored: Vec<(usize, f64)> = runs
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.score.map(|s| (i, s)))
        .collect();
    let points: Vec<(f64, f64)> = scored
        .iter()
        .map(|&(i, s)| (x(i), y(s, max_score)))
        .collect();
    polyline(&mut out, &points, SCORE_COLOUR, "");
    for (&(i, score), (px, py)) in scored.iter().zip(&points) {
        let veto = if runs[i].veto {
            "，触发单项否决"
        } else {
            ""
        };
        let _ = write!(
            out,
            r#"<circle class="pt-score" cx="{px}" cy="{py}" r="4.5" fill="{SCORE_COLOUR}"><title>{}：得分 {}{}</title></circle>"#,
            runs[i].as_of,
            fmt_points(score),
            esc(veto)
        );
    }
    out.push_str("</svg>");
    out
}

fn polyline(out: &mut String, points: &[(f64, f64)], colour: &str, dash: &str) {
    if points.len() < 2 {
        return;
    }
    let coords: Vec<String> = points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect();
    let dash = if dash.is_empty() {
        String::new()
    } else {
        format!(r#" stroke-dasharray="{dash}""#)
    };
    let _ = write!(
        out,
        r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>"#,
        coords.join(" ")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(axis_max(0.0), 5.0);
        assert_eq!(axis_max(3.5), 5.0);
        assert_eq!(axis_max(9.0), 10.0);
        assert_eq!(axis_max(22.0), 25.0);
        assert_eq!(axis_max(24.0), 25.0);
        assert_eq!(axis_max(81.5), 100.0);
        assert_eq!(axis_max(100.0), 100.0);
        assert_eq!(axis_max(130.0), 250.0);
    }
}
