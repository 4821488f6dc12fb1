//! The 通报 as text, JSON, A4 HTML with a bar chart of the scores, and an A4 workbook. The
//! numbers come from `rectify::bulletin`; every format shows the same title, lead paragraph,
//! table, scoring rule and list of units below the merit line.

mod html;
mod xlsx;

pub use html::render_html;
pub use xlsx::to_xlsx;

use crate::rectify::bulletin::{Bulletin, BulletinRow};
use crate::report::history::aligned;
use crate::text::points;

/// The table's headings; the second is the grouping (责任部门 / 责任单位).
fn headings(bulletin: &Bulletin) -> [&'static str; 12] {
    [
        "序号",
        bulletin.by.display(),
        "交办问题",
        "按期办结",
        "逾期办结",
        "逾期未办结",
        "催办",
        "督办",
        "约谈",
        "扣分",
        "得分",
        "先进资格",
    ]
}

/// A row's cells, in [`headings`] order.
fn cells(number: usize, row: &BulletinRow) -> Vec<String> {
    let c = &row.counts;
    vec![
        number.to_string(),
        row.name.clone(),
        c.assigned.to_string(),
        c.resolved_on_time.to_string(),
        c.resolved_late.to_string(),
        c.overdue.to_string(),
        c.reminded.to_string(),
        c.supervised.to_string(),
        c.interviews.to_string(),
        points(row.deducted),
        points(row.score),
        merit(row).to_string(),
    ]
}

fn merit(row: &BulletinRow) -> &'static str {
    if row.merit { "具备" } else { "不具备" }
}

/// What the columns mean, under the table.
const NOTE: &str = "说明：按期办结指在整改期限当日或之前经复查确认已整改；逾期未办结指截至期末仍未整改且已超过整改期限；已书面说明原因的问题不计分。数据来自历史库中各次检查的整改记录。";

/// The 通报 for a terminal or a plain-text file.
pub fn render_text(bulletin: &Bulletin) -> String {
    let mut out = format!("{}\n\n　　{}\n\n", bulletin.title, bulletin.lead());
    if bulletin.rows.is_empty() {
        out.push_str(&format!(
            "　　本期没有整改事项，无需通报{}。\n",
            bulletin.by.display()
        ));
    } else {
        let lines: Vec<Vec<String>> = bulletin
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| cells(i + 1, row))
            .collect();
        out.push_str(&aligned(&headings(bulletin), &lines));
    }
    out.push_str(&format!(
        "\n　　{}\n　　{}\n　　{}\n\n{}\n{}\n",
        bulletin.merit_sentence(),
        bulletin.formula(),
        NOTE,
        bulletin.issuer,
        bulletin.issued_words()
    ));
    out
}

/// The 通报 as JSON: the computation's values, the sentences as printed.
pub fn render_json(bulletin: &Bulletin) -> String {
    let mut value = serde_json::to_value(bulletin).expect("bulletin serialises");
    value["lead"] = bulletin.lead().into();
    value["formula"] = bulletin.formula().into();
    value["merit_sentence"] = bulletin.merit_sentence().into();
    serde_json::to_string_pretty(&value).expect("bulletin serialises") + "\n"
}

#[cfg(test)]
mod tests;
