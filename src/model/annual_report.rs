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
mod tests {
    use super::*;

    #[test]
    fn report_years_come_from_titles() {
        assert_eq!(
            report_year("明湖市城市管理局2024年政府信息公开工作年度报告"),
            Some(2024)
        );
        assert_eq!(
            report_year("2023年度明湖市城管局政府信息公开工作年度报告"),
            Some(2023)
        );
        assert_eq!(report_year("2022年政府信息公开年报"), Some(2022));
        assert_eq!(report_year("2024年政务公开工作要点"), None);
        assert_eq!(
            report_year("关于做好2024年政府信息公开工作年度报告编制工作的通知"),
            None
        );
    }

    #[test]
    fn sections_are_found_by_number_and_keywords() {
        let text = "一、总体情况 …… 二、主动公开政府信息情况 …… 三、收到和处理政府信息公开申请情况 …… 四、政府信息公开行政复议及行政诉讼情况 …… 五、存在问题及改进情况 …… 六、其他需要报告的事项";
        assert_eq!(
            read_report(2024, text, &[], "page", true).sections_found,
            ["一", "二", "三", "四", "五", "六"]
        );
        let partial = read_report(
            2024,
            "一、总体情况 二、主动公开政府信息情况",
            &[],
            "page",
            true,
        );
        assert_eq!(partial.sections_found, ["一", "二"]);
    }

    #[test]
    fn cells_read_blank_slash_and_numbers() {
        assert_eq!(number(""), Ok(None));
        assert_eq!(number("/"), Ok(None));
        assert_eq!(number("1,234"), Ok(Some(1234)));
        assert_eq!(number("12件"), Err(()));
    }

    #[test]
    fn the_overview_is_kept_for_the_narrative_rules() {
        let report = read_report(
            2022,
            "一、总体情况 本年度共收到信息公开申请7件，上年度结转1件。二、主动公开政府信息情况",
            &[],
            "page",
            true,
        );
        assert!(report.overview.starts_with("一、总体情况"));
        assert!(report.overview.contains("收到信息公开申请7件"));
    }
}

#[cfg(test)]
mod fixture_tests {
    use super::*;
    use crate::model::extract_page;

    fn read(file: &str) -> ReportContent {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/annual-reports")
            .join(file);
        let html = std::fs::read_to_string(path).unwrap();
        let url = url::Url::parse("http://x.gov.cn/xxgk/ndbg/202501/t20250120_1.html").unwrap();
        extract_page(&url, &html).article.unwrap().report.unwrap()
    }

    #[test]
    fn a_word_exported_2021_report_is_read_whole() {
        let report = read("consistent-2021.html");
        assert_eq!(report.year, 2024);
        assert_eq!(report.sections_found, ["一", "二", "三", "四", "五", "六"]);
        assert_eq!(report.table2, Some(Table2Format::Format2021));
        let t3 = report.table3.as_ref().unwrap();
        assert_eq!(t3.rows.len(), 25);
        assert_eq!(
            t3.row(Table3Row::NewApplications)
                .unwrap()
                .value(Table3Column::Total),
            14069
        );
        assert_eq!(
            t3.row("(三)8").unwrap().value(Table3Column::LegalService),
            1
        );
        assert_eq!(t3.row("(六)3").unwrap().value(Table3Column::Business), 17);
        assert_eq!(
            t3.row(Table3Row::Total)
                .unwrap()
                .value(Table3Column::NaturalPerson),
            13364
        );
        assert_eq!(
            t3.row(Table3Row::CarriedOut)
                .unwrap()
                .value(Table3Column::Total),
            819
        );
        assert_eq!(
            t3.row("(五)3").unwrap().cell(Table3Column::NaturalPerson),
            None,
            "blank cell"
        );
        let t4 = report.table4.as_ref().unwrap();
        assert_eq!(t4.cells.len(), 15);
        assert_eq!(t4.cell(Table4Group::Review, Table4Column::Total), Some(790));
        assert_eq!(
            crate::checks::Checks::defaults()
                .annual_report
                .quoted_applications(&report.overview, &report.text)
                .map(|q| q.number),
            Some(14069)
        );
        assert!(report.unreadable_cells.is_empty());
    }

    #[test]
    fn the_2019_format_is_recognised() {
        let report = read("format-2019.html");
        assert_eq!(report.table2, Some(Table2Format::Format2019));
        let t3 = report.table3.unwrap();
        assert_eq!(t3.rows.len(), 23, "（六）其他处理 is one row in 2019");
        assert!(t3.row("(六)").is_some());
    }
}

#[cfg(test)]
mod review_table_tests {
    use super::*;
    use scraper::{Html, Selector};

    fn table4(rows: &str) -> Option<ReviewTable> {
        let html = Html::parse_fragment(&format!(
            "<table class=MsoNormalTable><tr><td colspan=5><p class=MsoNormal><span>行政复议</span></p></td><td colspan=10><p class=MsoNormal><span>行政诉讼</span></p></td></tr>{rows}</table>"
        ));
        let table = html
            .select(&Selector::parse("table").unwrap())
            .next()
            .unwrap();
        read_reviews(&Grid::read(table), &mut Vec::new())
    }

    fn row(cells: &[&str]) -> String {
        cells
            .iter()
            .map(|c| format!("<td style='border:solid windowtext 1.0pt'><p class=MsoNormal align=center><span style='font-size:10.0pt'>{c}</span></p></td>"))
            .collect::<String>()
    }

    /// §3.3: Word leaves a row of `&nbsp;` cells under table 四's data row.
    #[test]
    fn table4_reads_the_last_row_holding_numbers_not_a_trailing_blank_row() {
        let data = row(&[
            "1", "0", "0", "1", "3", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0",
        ]);
        let blank = row(&["&nbsp;"; 15]);
        let t4 = table4(&format!(
            "<tr>{data}</tr><tr style='height:15.6pt'>{blank}</tr>"
        ))
        .unwrap();
        assert!(!t4.blank);
        assert_eq!(t4.cell(Table4Group::Review, Table4Column::Total), Some(3));
        assert_eq!(t4.cell(Table4Group::Review, Table4Column::Pending), Some(1));
    }

    #[test]
    fn a_table4_without_a_single_number_is_marked_blank() {
        let blank = row(&["&nbsp;"; 15]);
        let t4 = table4(&format!("<tr>{blank}</tr><tr>{blank}</tr>")).unwrap();
        assert!(t4.blank);
        assert!(t4.cells.iter().all(Option::is_none));
    }
}
