//! The 通报 as one self-contained page that prints on A4: title, lead paragraph, the table, a
//! bar chart of the scores (inline SVG, the merit line dashed), the units below the line, the
//! scoring rule and the signature.

use std::fmt::Write;

use super::{NOTE, cells, headings};
use crate::rectify::bulletin::Bulletin;
use crate::report::history::chart::{PROBLEMS_COLOUR, SCORE_COLOUR, TICKS, axis_max};
use crate::report::markup::{esc, fmt_points};

const STYLE: &str = r#"
@page{size:A4;margin:20mm 18mm}
*{box-sizing:border-box}
body{font-family:"FangSong","STFangsong","Noto Serif CJK SC","Source Han Serif SC",serif;color:#000;background:#fff;max-width:174mm;margin:0 auto;padding:12mm 0;font-size:15px;line-height:1.8}
h1{font-family:"Noto Serif CJK SC","Source Han Serif SC","SimSun",serif;font-size:23px;text-align:center;margin:0 0 20px;letter-spacing:1px}
p{margin:0 0 10px;text-indent:2em}
table{width:100%;border-collapse:collapse;font-size:12.5px;line-height:1.4;margin:6px 0 8px}
th,td{border:1px solid #000;padding:4px 3px;text-align:center}
th{font-weight:700}
td.name{text-align:left}
tr.below td{color:#b42318}
p.note{font-size:12.5px;text-indent:0;color:#333}
figure{margin:12px 0 14px}
figcaption{text-align:center;font-size:13px}
.sign{text-align:right;margin-top:30px;line-height:2}
@media print{body{padding:0;max-width:none}figure,tr{page-break-inside:avoid}}
"#;

/// The page.
pub fn render_html(bulletin: &Bulletin) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>{title}</title><style>{STYLE}</style></head><body>
<h1>{title}</h1><p>{lead}</p>"#,
        title = esc(&bulletin.title),
        lead = esc(&bulletin.lead()),
    );
    if !bulletin.rows.is_empty() {
        out.push_str("<table><thead><tr>");
        for heading in headings(bulletin) {
            let _ = write!(out, "<th>{}</th>", esc(heading));
        }
        out.push_str("</tr></thead><tbody>");
        for (i, row) in bulletin.rows.iter().enumerate() {
            let class = if row.merit { "" } else { r#" class="below""# };
            let _ = write!(out, "<tr{class}>");
            for (col, cell) in cells(i + 1, row).iter().enumerate() {
                let class = if col == 1 { r#" class="name""# } else { "" };
                let _ = write!(out, "<td{class}>{}</td>", esc(cell));
            }
            out.push_str("</tr>");
        }
        let _ = write!(
            out,
            r#"</tbody></table><p class="note">{}</p><figure>{}<figcaption>各{}得分（虚线为先进资格线{}分）</figcaption></figure>"#,
            esc(NOTE),
            chart(bulletin),
            esc(bulletin.by.display()),
            fmt_points(bulletin.policy.merit_line),
        );
    }
    let _ = write!(
        out,
        r#"<p>{}</p><p>{}</p><div class="sign">{}<br>{}</div></body></html>"#,
        esc(&bulletin.merit_sentence()),
        esc(&bulletin.formula()),
        esc(&bulletin.issuer),
        esc(&bulletin.issued_words()),
    );
    out
}

const WIDTH: f64 = 640.0;
const LABEL: f64 = 150.0;
const RIGHT: f64 = 50.0;
const BAR: f64 = 18.0;
const STEP: f64 = 26.0;
const TOP: f64 = 6.0;
const AXIS: f64 = 24.0;

/// One horizontal bar per row, best first: green at or above the merit line, red below it;
/// the merit line dashed across.
fn chart(bulletin: &Bulletin) -> String {
    let max = axis_max(bulletin.policy.base.max(1.0));
    let plot = WIDTH - LABEL - RIGHT;
    let x = |score: f64| LABEL + plot * (score / max).clamp(0.0, 1.0);
    let height = TOP + STEP * bulletin.rows.len() as f64 + AXIS;
    let bottom = height - AXIS;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-label="各单位得分" font-family="sans-serif">"#
    );
    for step in 0..=TICKS {
        let value = max * f64::from(step) / f64::from(TICKS);
        let gx = x(value);
        let _ = write!(
            out,
            r##"<line x1="{gx}" y1="{TOP}" x2="{gx}" y2="{bottom}" stroke="#d9d9d9"/><text x="{gx}" y="{}" text-anchor="middle" font-size="11" fill="#555">{}</text>"##,
            bottom + 15.0,
            fmt_points(value)
        );
    }
    for (i, row) in bulletin.rows.iter().enumerate() {
        let y = TOP + STEP * i as f64 + (STEP - BAR) / 2.0;
        let colour = if row.merit {
            SCORE_COLOUR
        } else {
            PROBLEMS_COLOUR
        };
        let _ = write!(
            out,
            r##"<text x="{}" y="{}" text-anchor="end" font-size="12" fill="#000">{}</text><rect x="{LABEL}" y="{y}" width="{:.1}" height="{BAR}" fill="{colour}"><title>{}：{}分</title></rect><text x="{:.1}" y="{}" font-size="12" fill="#000">{}</text>"##,
            LABEL - 6.0,
            y + 13.0,
            esc(&row.name),
            x(row.score) - LABEL,
            esc(&row.name),
            fmt_points(row.score),
            x(row.score) + 4.0,
            y + 13.0,
            fmt_points(row.score),
        );
    }
    let line = x(bulletin.policy.merit_line);
    let _ = write!(
        out,
        r##"<line class="merit" x1="{line}" y1="{TOP}" x2="{line}" y2="{bottom}" stroke="{PROBLEMS_COLOUR}" stroke-width="1.5" stroke-dasharray="5 4"/></svg>"##
    );
    out
}
