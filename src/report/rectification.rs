//! The 整改清单: one row per problem, routed to its 责任部门 with a working-day deadline, as a
//! spreadsheet (xlsx) or CSV an office can hand on. Findings that need review or could not be
//! checked are listed after the problems, their 整改状态 saying so (需人工核查 / 未能检查) and
//! the problem text giving the reason.

use chrono::NaiveDate;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Url as XlsxUrl, Workbook};
use serde::Serialize;

use super::Report;
use crate::error::Error;
use crate::finding::{Finding, Outcome};
use crate::rules;

/// The status every new item starts with.
const OPEN: &str = "待整改";
const UNMAPPED: &str = "（未对应考核指标）";

/// The columns, with their widths in the spreadsheet.
const COLUMNS: &[(&str, f64)] = &[
    ("序号", 6.0),
    ("一级指标", 12.0),
    ("二级指标", 34.0),
    ("问题描述", 60.0),
    ("页面链接", 40.0),
    ("依据", 28.0),
    ("责任部门", 14.0),
    ("整改时限", 12.0),
    ("整改状态", 10.0),
];

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub number: usize,
    pub category: String,
    pub indicator: String,
    pub problem: String,
    pub url: String,
    pub basis: String,
    pub department: String,
    pub deadline: NaiveDate,
    pub status: &'static str,
}

impl Item {
    fn cells(&self) -> [String; 9] {
        [
            self.number.to_string(),
            self.category.clone(),
            self.indicator.clone(),
            self.problem.clone(),
            self.url.clone(),
            self.basis.clone(),
            self.department.clone(),
            self.deadline.to_string(),
            self.status.to_string(),
        ]
    }
}

/// What an item's 整改状态 starts as: 待整改 for a problem, else the outcome.
fn status(finding: &Finding) -> &'static str {
    match finding.outcome {
        Outcome::Violation => OPEN,
        other => other.display(),
    }
}

/// The items of a report: problems first, errors before warnings, then what needs review and
/// what could not be checked; in finding order within each.
pub fn items(report: &Report) -> Vec<Item> {
    let mut findings: Vec<_> = report.findings.iter().collect();
    findings.sort_by_key(|f| {
        let rank = match f.outcome {
            Outcome::Violation => 0,
            Outcome::NeedsReview => 1,
            Outcome::NotChecked => 2,
        };
        (rank, std::cmp::Reverse(f.severity))
    });
    findings
        .into_iter()
        .enumerate()
        .map(|(i, finding)| {
            let row = finding
                .indicators
                .first()
                .and_then(|id| report.indicators.iter().find(|r| &r.id == id));
            let basis = finding
                .evidence
                .get("basis")
                .and_then(|b| b.as_str())
                .map(str::to_string)
                .or_else(|| rules::info(&finding.rule).map(|r| r.basis.to_string()))
                .unwrap_or_default();
            Item {
                number: i + 1,
                category: row.map_or_else(|| UNMAPPED.to_string(), |r| r.category.clone()),
                indicator: row.map_or_else(String::new, |r| r.item.clone()),
                problem: match &finding.reason {
                    Some(reason) => format!("{}（原因：{reason}）", finding.message),
                    None => finding.message.clone(),
                },
                url: finding.url.clone(),
                basis,
                department: row.map_or_else(
                    || report.rectification.default_department.clone(),
                    |r| r.department.clone(),
                ),
                deadline: report.rectification.deadline,
                status: status(finding),
            }
        })
        .collect()
}

/// CSV with a UTF-8 byte-order mark, so Excel and WPS open the Chinese text correctly.
pub fn to_csv(report: &Report) -> Vec<u8> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        writer
            .write_record(COLUMNS.iter().map(|(name, _)| *name))
            .expect("writing to memory");
        for item in items(report) {
            writer
                .write_record(item.cells())
                .expect("writing to memory");
        }
        writer.flush().expect("writing to memory");
    }
    out
}

/// The workbook: 整改清单 first, then the indicator table with each row's score.
pub fn to_xlsx(report: &Report) -> Result<Vec<u8>, Error> {
    let mut workbook = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_font_color(Color::White)
        .set_background_color(Color::RGB(0x9B_1C_1C))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let cell = Format::new()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    let link = cell
        .clone()
        .set_font_color(Color::Blue)
        .set_underline(rust_xlsxwriter::FormatUnderline::Single);

    let sheet = workbook.add_worksheet().set_name("整改清单")?;
    for (col, (name, width)) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    let items = items(report);
    for (i, item) in items.iter().enumerate() {
        let row = (i + 1) as u32;
        for (col, value) in item.cells().iter().enumerate() {
            if col == 4 && value.starts_with("http") {
                sheet.write_url_with_format(
                    row,
                    col as u16,
                    XlsxUrl::new(value.as_str()),
                    &link,
                )?;
            } else if col == 0 {
                sheet.write_number_with_format(row, 0, item.number as f64, &cell)?;
            } else {
                sheet.write_string_with_format(row, col as u16, value, &cell)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, items.len() as u32, (COLUMNS.len() - 1) as u16)?;

    let scores = workbook.add_worksheet().set_name("指标得分")?;
    let score_columns: &[(&str, f64)] = &[
        ("编号", 6.0),
        ("一级指标", 12.0),
        ("分组", 20.0),
        ("二级指标", 50.0),
        ("分值", 6.0),
        ("扣分", 6.0),
        ("得分", 6.0),
        ("状态", 10.0),
        ("责任部门", 14.0),
        ("核查说明", 50.0),
    ];
    for (col, (name, width)) in score_columns.iter().enumerate() {
        scores.write_string_with_format(0, col as u16, *name, &header)?;
        scores.set_column_width(col as u16, *width)?;
    }
    for (i, r) in report.indicators.iter().enumerate() {
        let row = (i + 1) as u32;
        scores.write_string_with_format(row, 0, &r.id, &cell)?;
        scores.write_string_with_format(row, 1, &r.category, &cell)?;
        scores.write_string_with_format(row, 2, &r.group, &cell)?;
        scores.write_string_with_format(row, 3, &r.item, &cell)?;
        scores.write_number_with_format(row, 4, r.points, &cell)?;
        scores.write_number_with_format(row, 5, r.deducted, &cell)?;
        match r.score {
            Some(score) => scores.write_number_with_format(row, 6, score, &cell)?,
            None => scores.write_string_with_format(row, 6, "—", &cell)?,
        };
        scores.write_string_with_format(row, 7, r.status.display(), &cell)?;
        scores.write_string_with_format(row, 8, &r.department, &cell)?;
        let note = r.reason.as_deref().or(r.evidence.as_deref());
        scores.write_string_with_format(row, 9, note.unwrap_or_default(), &cell)?;
    }
    scores.set_freeze_panes(1, 0)?;
    Ok(workbook.save_to_buffer()?)
}
