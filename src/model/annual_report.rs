//! 政府信息公开工作年度报告 read into data: the report year, the six sections of the national
//! format (国办公开办函〔2021〕30号), table 二's format (2021, or the superseded 2019 试行 format
//! with its （九）政府集中采购 block), table 三 (7 applicant columns × 25 rows) and table 四
//! (15 复议/诉讼 numbers), and the numbers the narrative quotes. Rules check the arithmetic.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::grid::Grid;

mod tables;

pub use tables::{
    APPLICANTS, ApplicationRow, ApplicationTable, REVIEW_COLUMNS, ReviewTable, Table3Column,
    Table3Row, Table4Column, Table4Group,
};

/// The six sections, by number and the words real reports use in their headings.
pub const SECTIONS: [(&str, &str, &[&str]); 6] = [
    ("一", "总体情况", &["总体情况"]),
    ("二", "主动公开政府信息情况", &["主动公开"]),
    ("三", "收到和处理政府信息公开申请情况", &["申请"]),
    (
        "四",
        "政府信息公开行政复议、行政诉讼情况",
        &["复议", "诉讼"],
    ),
    ("五", "存在的主要问题及改进情况", &["问题", "改进"]),
    ("六", "其他需要报告的事项", &["其他"]),
];

static REPORT_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})\s*年度?.*?政府信息公开(?:工作)?(?:年度报告|年报)")
        .expect("valid regex")
});

/// The report year a title names: `2024年度XX局政府信息公开工作年度报告` → 2024.
/// `2024年政务公开工作要点` is not a report.
pub fn report_year(title: &str) -> Option<i32> {
    if title.contains("要点") || title.contains("通知") {
        return None;
    }
    REPORT_TITLE.captures(title)?[1].parse().ok()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Table2Format {
    /// 国办公开办函〔2021〕30号: 本年制发件数 / 本年废止件数 / 现行有效件数.
    Format2021,
    /// 2019 试行 format, with the （九）政府集中采购 block.
    Format2019,
    Unknown,
}

/// What one report says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportContent {
    pub year: i32,
    /// Section numbers (一 … 六) whose heading was found.
    pub sections_found: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table2: Option<Table2Format>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table3: Option<ApplicationTable>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table4: Option<ReviewTable>,
    /// The text of 一、总体情况 (compared with last year's; the number of applications it
    /// states is read by the rules, in the wordings of `checks/annual_report.toml`).
    #[serde(skip)]
    pub overview: String,
    /// The report's whole text, brackets normalised.
    #[serde(skip)]
    pub text: String,
    /// Cells that could not be read as numbers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreadable_cells: Vec<String>,
    /// Where the content came from: the page, or an attachment's URL.
    pub source: String,
    /// Whether tables could be read cell by cell (not from a PDF).
    pub tables_readable: bool,
}

impl ReportContent {
    /// A page that only points elsewhere (an attachment) says nothing of its own.
    pub fn is_empty(&self) -> bool {
        self.sections_found.is_empty() && self.table3.is_none()
    }
}

/// Reads a report from its text and tables. `tables_readable` is false for a source whose
/// tables cannot be read cell by cell (PDF text).
pub fn read_report(
    year: i32,
    text: &str,
    grids: &[Grid],
    source: &str,
    tables_readable: bool,
) -> ReportContent {
    let text = normalize_brackets(text);
    let mut report = ReportContent {
        year,
        source: source.to_string(),
        tables_readable,
        ..ReportContent::default()
    };
    report.sections_found = SECTIONS
        .iter()
        .filter(|(number, _, words)| section_position(&text, number, words).is_some())
        .map(|(number, _, _)| number.to_string())
        .collect();
    report.overview = overview(&text);
    for grid in grids {
        let all = normalize_brackets(&grid.text());
        if all.contains("本年新收") && (all.contains("结转下年度") || all.contains("办理结果"))
        {
            report.table3 = Some(read_applications(grid, &mut report.unreadable_cells));
        } else if all.contains("行政复议") && all.contains("行政诉讼") {
            report.table4 = read_reviews(grid, &mut report.unreadable_cells);
        } else if all.contains("第二十条") || (all.contains("规章") && all.contains("规范性文件"))
        {
            report.table2 = Some(table2_format(&all));
        }
    }
    report.text = text;
    report
}

fn normalize_brackets(text: &str) -> String {
    text.replace('(', "（").replace(')', "）")
}

fn section_position(text: &str, number: &str, words: &[&str]) -> Option<usize> {
    let pattern = format!(
        r"{number}[、．.]\s*[^、。；]{{0,20}}?(?:{})",
        words.join("|")
    );
    Regex::new(&pattern).ok()?.find(text).map(|m| m.start())
}

/// The text between the 一 and 二 headings.
fn overview(text: &str) -> String {
    let (_, _, one) = SECTIONS[0];
    let (_, _, two) = SECTIONS[1];
    let Some(start) = section_position(text, "一", one) else {
        return String::new();
    };
    let end = section_position(&text[start..], "二", two).map_or(text.len(), |e| start + e);
    text[start..end].to_string()
}

fn table2_format(text: &str) -> Table2Format {
    if text.contains("采购项目数量") || (text.contains("（九）") && text.contains("政府集中采购"))
    {
        Table2Format::Format2019
    } else if text.contains("本年制发件数") || text.contains("现行有效件数") {
        Table2Format::Format2021
    } else {
        Table2Format::Unknown
    }
}

/// A cell as a number: blank, "/" and dashes are empty; anything else unreadable.
fn number(cell: &str) -> Result<Option<i64>, ()> {
    let cell = cell.trim();
    if cell.is_empty() || matches!(cell, "/" | "-" | "—" | "－" | "——" | "无") {
        return Ok(None);
    }
    let digits: String = cell
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' '))
        .collect();
    digits.parse::<i64>().map(Some).map_err(|_| ())
}

fn numeric_tail(row: &[String], count: usize) -> Option<Vec<Option<i64>>> {
    if row.len() < count {
        return None;
    }
    row[row.len() - count..]
        .iter()
        .map(|c| number(c).ok())
        .collect()
}

static GROUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^（([一二三四五六七])）").expect("valid regex"));
static SUB: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d+)\s*[.．、]").expect("valid regex"));

fn read_applications(grid: &Grid, unreadable: &mut Vec<String>) -> ApplicationTable {
    let mut table = ApplicationTable::default();
    for row in &grid.cells {
        let columns = APPLICANTS.len();
        if row.len() <= columns {
            continue;
        }
        let labels: Vec<String> = {
            let mut seen: Vec<String> = Vec::new();
            for cell in &row[..row.len() - columns] {
                let cell = normalize_brackets(cell);
                if !cell.is_empty() && !seen.contains(&cell) {
                    seen.push(cell);
                }
            }
            seen
        };
        let label = labels.join(" ");
        let key = if label.contains("本年新收") {
            Table3Row::NewApplications.key().to_string()
        } else if label.contains("上年结转") {
            Table3Row::CarriedIn.key().to_string()
        } else if label.contains("结转下年度") {
            Table3Row::CarriedOut.key().to_string()
        } else if let Some(group) = labels
            .iter()
            .rev()
            .find_map(|l| GROUP.captures(l).map(|c| c[1].to_string()))
        {
            let sub = labels
                .last()
                .and_then(|l| SUB.captures(l).map(|c| c[1].to_string()));
            format!("({group}){}", sub.unwrap_or_default())
        } else {
            continue;
        };
        let cells: Vec<Option<i64>> = row[row.len() - columns..]
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                number(cell).unwrap_or_else(|_| {
                    unreadable.push(format!("表三“{label}”行“{}”列：{cell}", APPLICANTS[i]));
                    None
                })
            })
            .collect();
        let cells: [Option<i64>; APPLICANTS.len()] = cells.try_into().expect("seven cells");
        if !table.rows.iter().any(|r| r.key == key) {
            table.rows.push(ApplicationRow { key, label, cells });
        }
    }
    table
}

/// Table 四's numbers: the last row that holds any (Word exports leave rows of `&nbsp;` cells
/// under the data row). A table whose every row is blank is kept, marked [`ReviewTable::blank`].
fn read_reviews(grid: &Grid, unreadable: &mut Vec<String>) -> Option<ReviewTable> {
    let rows: Vec<(&Vec<String>, Vec<Option<i64>>)> = grid
        .cells
        .iter()
        .filter_map(|row| Some((row, numeric_tail(row, REVIEW_COLUMNS.len())?)))
        .collect();
    let Some((row, _)) = rows
        .iter()
        .rev()
        .find(|(_, cells)| cells.iter().any(Option::is_some))
    else {
        return (!rows.is_empty()).then(|| ReviewTable {
            cells: vec![None; REVIEW_COLUMNS.len()],
            blank: true,
        });
    };
    let tail = &row[row.len() - REVIEW_COLUMNS.len()..];
    let cells = tail
        .iter()
        .enumerate()
        .map(|(i, cell)| {
            number(cell).unwrap_or_else(|_| {
                unreadable.push(format!("表四“{}”列：{cell}", REVIEW_COLUMNS[i]));
                None
            })
        })
        .collect();
    Some(ReviewTable {
        cells,
        blank: false,
    })
}

#[cfg(test)]
mod tests;
