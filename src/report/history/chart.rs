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

/// The smallest "round" number (1, 2, 2.5, 5 × 10ⁿ) at or above `x`, so the axes end on a
/// readable value.
fn nice_ceiling(x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(x.log10().floor());
    for step in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if step * magnitude >= x - 1e-9 {
            return step * magnitude;
        }
    }
    10.0 * magnitude
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
    let max_score = nice_ceiling(runs.iter().filter_map(|r| r.score).fold(0.0, f64::max));
    let max_problems =
        nice_ceiling(runs.iter().map(|r| r.problems).max().unwrap_or(0).max(4) as f64);
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
    for step in 0..=4 {
        let fraction = step as f64 / 4.0;
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
        if i % every == 0 || i == runs.len() - 1 {
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
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(3.5), 5.0);
        assert_eq!(nice_ceiling(22.0), 25.0);
        assert_eq!(nice_ceiling(81.5), 100.0);
        assert_eq!(nice_ceiling(100.0), 100.0);
        assert_eq!(nice_ceiling(17.0), 20.0);
    }
}
