//! The 整改清单: one row per problem, routed to its 责任部门 with a working-day deadline and
//! saying what to do (整改要求), as a spreadsheet (xlsx) or CSV an office can hand on, under a
//! title block (网站, 基准日, 制表日期) and printed like the 整改台账 (A4 landscape, header rows
//! on every page, one page wide). Findings that need review or could not be checked are listed
//! after the problems, their 整改状态 saying so (需人工核查 / 未能检查) and the problem text
//! giving the reason; last come the linked pages the crawl could not fetch that no
//! `link-broken` finding already names (a dead link is a problem too).

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Url as XlsxUrl, Workbook};
use serde::Serialize;

use super::sheet_style::{SheetStyle, TitleBlock, print_setup};
use super::{Report, lead};
use crate::calendar::today_in_china;
use crate::crawl::fetch::FailureKind;
use crate::error::Error;
use crate::finding::{Finding, Outcome, Severity};
use crate::history::HistorySection;
use crate::indicators::declared;
use crate::rectify::remedy_of;
use crate::report::RowResult;
use crate::rules;
use crate::text::chinese_date;

/// The status every new item starts with.
const OPEN: &str = "待整改";
const UNMAPPED: &str = "（未对应考核指标）";

/// The columns, with their widths in the spreadsheet.
const COLUMNS: &[(&str, f64)] = &[
    ("序号", 6.0),
    ("一级指标", 12.0),
    ("二级指标", 30.0),
    ("问题描述", 56.0),
    ("严重程度", 8.0),
    ("页面链接", 36.0),
    ("依据", 24.0),
    ("整改要求", 40.0),
    ("责任部门", 12.0),
    ("整改时限", 12.0),
    ("整改状态", 10.0),
];
/// The column of links.
const URL_COLUMN: u16 = 5;
/// The rule whose findings name broken links: crawl failures it already names are not
/// listed again.
const LINK_BROKEN: &str = "link-broken";

/// Added after them when the run is recorded in a history store.
const HISTORY_COLUMNS: &[(&str, f64)] = &[("状态", 10.0), ("首次发现", 12.0)];

/// The columns of this report's list.
fn columns(report: &Report) -> Vec<(&'static str, f64)> {
    let mut columns = COLUMNS.to_vec();
    if report.history.is_some() {
        columns.extend_from_slice(HISTORY_COLUMNS);
    }
    columns
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub number: usize,
    pub category: String,
    pub indicator: String,
    pub problem: String,
    /// 问题 / 提醒 / 提示.
    pub severity: &'static str,
    pub url: String,
    pub basis: String,
    /// 整改要求: what to do.
    pub remedy: String,
    pub department: String,
    pub deadline: NaiveDate,
    pub status: &'static str,
    /// Against the last completed run (新发现 / 仍未整改 / 再次出现), when recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history_status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<NaiveDate>,
}

impl Item {
    fn cells(&self, recorded: bool) -> Vec<String> {
        let mut cells = vec![
            self.number.to_string(),
            self.category.clone(),
            self.indicator.clone(),
            self.problem.clone(),
            self.severity.to_string(),
            self.url.clone(),
            self.basis.clone(),
            self.remedy.clone(),
            self.department.clone(),
            self.deadline.to_string(),
            self.status.to_string(),
        ];
        if recorded {
            cells.push(self.history_status.unwrap_or_default().to_string());
            cells.push(self.first_seen.map(|d| d.to_string()).unwrap_or_default());
        }
        cells
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
/// what could not be checked, in finding order within each; then the crawl's failed links.
pub fn items(report: &Report) -> Vec<Item> {
    let mut items = finding_items(report);
    let failed = failed_link_items(report, items.len());
    items.extend(failed);
    items
}

fn finding_items(report: &Report) -> Vec<Item> {
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
                .and_then(|id| report.indicators.iter().find(|r| r.id == **id));
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
                severity: finding.severity.display(),
                url: finding.url.clone(),
                basis,
                remedy: remedy_of(&finding.rule),
                // A recorded run routed the problem (per-rule and portfolio departments,
                // per-rule and per-row deadlines): the list says what the record says.
                department: match &finding.rectification {
                    Some(record) => record.department.clone(),
                    None => row.map_or_else(
                        || report.rectification.default_department.clone(),
                        |r| r.department.clone(),
                    ),
                },
                deadline: finding
                    .rectification
                    .as_ref()
                    .map_or(report.rectification.deadline, |r| r.deadline),
                status: status(finding),
                history_status: finding.status.map(|s| s.display()),
                first_seen: finding.first_seen,
            }
        })
        .collect()
}

/// Failures the crawl met fetching a linked page of the portal that say the link is dead or
/// refused (an error status, no answer): those a `link-broken` finding names are left out,
/// as are redirects off the portal, addresses gongkai never requests and bodies over its own
/// size limit — none of them the portal's problem.
fn failed_link_items(report: &Report, before: usize) -> Vec<Item> {
    let named: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == LINK_BROKEN)
        .map(|f| f.url.as_str())
        .collect();
    let row: Option<&RowResult> = report
        .indicators
        .iter()
        .find(|r| r.rules.iter().any(|rule| rule == LINK_BROKEN));
    let basis = rules::info(LINK_BROKEN)
        .map(|r| r.basis.to_string())
        .unwrap_or_default();
    let mut listed: Vec<&str> = Vec::new();
    let mut items = Vec::new();
    for error in &report.crawl.errors {
        let ours = matches!(
            error.kind,
            FailureKind::OffSite | FailureKind::Refused | FailureKind::TooLarge
        );
        if ours || named.contains(&error.url.as_str()) || listed.contains(&error.url.as_str()) {
            continue;
        }
        listed.push(&error.url);
        let why = match error.status {
            Some(status) => format!("{}，HTTP {status}", error.kind.display()),
            None => error.kind.display().to_string(),
        };
        let from = error
            .linked_from
            .as_deref()
            .map(|page| format!("，链接自 {page}"))
            .unwrap_or_default();
        items.push(Item {
            number: before + items.len() + 1,
            category: row.map_or_else(|| UNMAPPED.to_string(), |r| r.category.clone()),
            indicator: row.map_or_else(String::new, |r| r.item.clone()),
            problem: format!("链接指向的页面抓取失败（{why}）{from}"),
            severity: Severity::Warning.display(),
            url: error.url.clone(),
            basis: basis.clone(),
            remedy: remedy_of(LINK_BROKEN),
            department: row.map_or_else(
                || report.rectification.default_department.clone(),
                |r| r.department.clone(),
            ),
            deadline: report.rectification.deadline,
            status: OPEN,
            history_status: None,
            first_seen: None,
        });
    }
    items
}

/// The list's title block: the portal, the as-of day (and, for a recorded run, the line
/// against the last run), the day it is made.
fn title_block(report: &Report, made_on: NaiveDate) -> TitleBlock {
    let site = &report.header.site;
    let portal = match &site.name {
        Some(name) => format!("{name}（{}）", site.start_url),
        None => site.start_url.clone(),
    };
    let mut lines = vec![
        format!("网站：{portal}"),
        format!(
            "检查基准日：{}；整改时限：{}前（{}个工作日）",
            chinese_date(report.header.as_of),
            chinese_date(report.rectification.deadline),
            report.rectification.working_days
        ),
    ];
    if let Some(history) = &report.history {
        lines.push(lead::lead_line(history));
    }
    lines.push(format!("制表日期：{}", chinese_date(made_on)));
    TitleBlock {
        title: "政务公开问题整改清单".to_string(),
        lines,
    }
}

/// CSV with a UTF-8 byte-order mark, so Excel and WPS open the Chinese text correctly.
pub fn to_csv(report: &Report) -> Vec<u8> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut writer = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(&mut out);
        for record in title_block(report, today_in_china()).csv_records() {
            writer.write_record(&record).expect("writing to memory");
        }
        writer
            .write_record(columns(report).iter().map(|(name, _)| *name))
            .expect("writing to memory");
        for item in items(report) {
            writer
                .write_record(item.cells(report.history.is_some()))
                .expect("writing to memory");
        }
        writer.flush().expect("writing to memory");
    }
    out
}

/// The workbook: 整改清单 first, then the indicator table with each row's score.
pub fn to_xlsx(report: &Report) -> Result<Vec<u8>, Error> {
    let mut workbook = Workbook::new();
    let SheetStyle { header, cell, link } = SheetStyle::new();

    let sheet = workbook.add_worksheet().set_name("整改清单")?;
    let columns = columns(report);
    let last = (columns.len() - 1) as u16;
    let top = title_block(report, today_in_china()).write(sheet, last)?;
    for (col, (name, width)) in columns.iter().enumerate() {
        sheet.write_string_with_format(top, col as u16, *name, &header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    let items = items(report);
    for (i, item) in items.iter().enumerate() {
        let row = top + (i + 1) as u32;
        for (col, value) in item.cells(report.history.is_some()).iter().enumerate() {
            if col == URL_COLUMN as usize && value.starts_with("http") {
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
    print_setup(sheet, top, top + items.len() as u32, last)?;
    if let Some(history) = &report.history {
        rechecked_sheet(&mut workbook, report, history, &header, &cell)?;
    }

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
        let (status, note) = match &r.declared {
            Some(d) => (
                format!("{}（未经工具核验）", declared::label(d)),
                declared::describe(d),
            ),
            None => (
                r.status.display().to_string(),
                r.reason.clone().or(r.evidence.clone()).unwrap_or_default(),
            ),
        };
        scores.write_string_with_format(row, 7, &status, &cell)?;
        scores.write_string_with_format(row, 8, &r.department, &cell)?;
        scores.write_string_with_format(row, 9, &note, &cell)?;
    }
    if let Some(line) = declared::summary(&report.score) {
        let below = report.indicators.len() as u32 + 2;
        scores.merge_range(below, 0, below, 9, &line, &Format::new().set_bold())?;
    }
    scores.set_freeze_panes(1, 0)?;
    Ok(workbook.save_to_buffer()?)
}

/// The problems of the last run this run no longer finds (已整改) and those it could not
/// re-check (未能复核, with why: never counted as fixed), on their own sheet.
fn rechecked_sheet(
    workbook: &mut Workbook,
    report: &Report,
    history: &HistorySection,
    header: &Format,
    cell: &Format,
) -> Result<(), Error> {
    let sheet = workbook.add_worksheet().set_name("已整改与未能复核")?;
    let columns: &[(&str, f64)] = &[
        ("序号", 6.0),
        ("状态", 10.0),
        ("问题描述", 60.0),
        ("页面链接", 40.0),
        ("首次发现", 12.0),
        ("说明", 50.0),
    ];
    for (col, (name, width)) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    let fixed = history.fixed.iter().map(|f| (f, "已整改", String::new()));
    let unverified = history.unverified.iter().map(|f| {
        let why = format!("{}；不计为已整改", lead::unverified_reason(f, Some(report)));
        (f, "未能复核", why)
    });
    for (i, (finding, status, note)) in fixed.chain(unverified).enumerate() {
        let row = (i + 1) as u32;
        sheet.write_number_with_format(row, 0, (i + 1) as f64, cell)?;
        sheet.write_string_with_format(row, 1, status, cell)?;
        sheet.write_string_with_format(row, 2, &finding.message, cell)?;
        sheet.write_string_with_format(row, 3, &finding.url, cell)?;
        let first_seen = finding
            .first_seen
            .map(|d| d.to_string())
            .unwrap_or_default();
        sheet.write_string_with_format(row, 4, &first_seen, cell)?;
        sheet.write_string_with_format(row, 5, &note, cell)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}
