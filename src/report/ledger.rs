//! The 整改台账 across runs (`gongkai ledger`): one row per problem's record, with its
//! 交办/催办/督办 documents, 办结 date and any explanation, under a title block (网站, 期间,
//! 制表日期); as xlsx (frozen header, filters, A4 landscape, header rows on every printed page,
//! one page wide) or CSV.

use chrono::NaiveDate;
use rust_xlsxwriter::{Url as XlsxUrl, Workbook};

use super::sheet_style::{SheetStyle, TitleBlock, print_setup};
use crate::error::Error;
use crate::rectify::{LedgerEntry, NoticeRef, Stage};
use crate::rules;
use crate::text::chinese_date;

/// The columns, with their widths.
const COLUMNS: &[(&str, f64)] = &[
    ("序号", 6.0),
    ("问题", 48.0),
    ("网址", 32.0),
    ("依据", 22.0),
    ("严重程度", 8.0),
    ("责任部门", 12.0),
    ("发现日期", 11.0),
    ("整改期限", 11.0),
    ("状态", 10.0),
    ("交办单号", 13.0),
    ("交办日期", 11.0),
    ("催办单号", 13.0),
    ("催办日期", 11.0),
    ("督办单号", 13.0),
    ("督办日期", 11.0),
    ("办结日期", 11.0),
    ("说明", 36.0),
];
/// The column of links.
const URL_COLUMN: u16 = 2;

/// The ledger's title block: the portals it covers, the period from the first sighting to
/// `made_on`, and the day it is made.
fn title_block(entries: &[LedgerEntry], made_on: NaiveDate) -> TitleBlock {
    let mut portals: Vec<String> = Vec::new();
    for entry in entries {
        let named = match &entry.portal.name {
            Some(name) => format!("{name}（{}）", entry.portal.url),
            None => entry.portal.url.clone(),
        };
        if !portals.contains(&named) {
            portals.push(named);
        }
    }
    let period = match entries.iter().map(|e| e.found_on).min() {
        Some(first) => format!("{}至{}", chinese_date(first), chinese_date(made_on)),
        None => "尚无记录".to_string(),
    };
    TitleBlock {
        title: "政务公开问题整改台账".to_string(),
        lines: vec![
            format!(
                "网站：{}",
                if portals.is_empty() {
                    "（无）".to_string()
                } else {
                    portals.join("；")
                }
            ),
            format!("期间：{period}"),
            format!("制表日期：{}", chinese_date(made_on)),
        ],
    }
}

/// 状态: the stage, and 未能复核 when the latest run could not re-check it.
fn status(entry: &LedgerEntry) -> String {
    let stage = entry.stage.display();
    if entry.unverified && entry.stage != Stage::Resolved {
        format!("{stage}（未能复核）")
    } else {
        stage.to_string()
    }
}

/// 说明: a person's explanation (note, who, when) and, for a problem that came back, which
/// time it is.
fn note(entry: &LedgerEntry) -> String {
    let mut parts = Vec::new();
    if let Some(e) = &entry.explanation {
        let day = e.at.get(..10).unwrap_or(&e.at);
        parts.push(format!("{}（{}，{day}）", e.note, e.by));
    }
    if entry.cycle > 1 {
        parts.push(format!("整改后再次出现（第{}次）", entry.cycle));
    }
    if entry.unverified && entry.stage != Stage::Resolved {
        parts.push("最近一次检查未能复核（页面抓取失败或检查不完整），不计为已整改".to_string());
    }
    parts.join("；")
}

fn number_and_day(notice: Option<NoticeRef>) -> [String; 2] {
    match notice {
        Some(n) => [n.number.to_string(), n.issued_on.to_string()],
        None => [String::new(), String::new()],
    }
}

/// One row's cells, in the order of [`COLUMNS`].
fn cells(number: usize, entry: &LedgerEntry) -> Vec<String> {
    let problem = match rules::info(&entry.rule) {
        Some(rule) => format!("{}：{}", rule.title, entry.problem),
        None => entry.problem.clone(),
    };
    let mut cells = vec![
        number.to_string(),
        problem,
        entry.url.clone(),
        entry.basis.clone(),
        entry.severity.display().to_string(),
        entry.department.clone(),
        entry.found_on.to_string(),
        entry.deadline.to_string(),
        status(entry),
    ];
    for notice in [entry.assigned, entry.reminded, entry.supervised] {
        cells.extend(number_and_day(notice));
    }
    cells.push(entry.resolved_on.map(|d| d.to_string()).unwrap_or_default());
    cells.push(note(entry));
    cells
}

/// The ledger as CSV (UTF-8 with a byte-order mark, for Excel and WPS): the title block, an
/// empty line, the header and the rows.
pub fn to_csv(entries: &[LedgerEntry], made_on: NaiveDate) -> Vec<u8> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut writer = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(&mut out);
        for record in title_block(entries, made_on).csv_records() {
            writer.write_record(&record).expect("writing to memory");
        }
        writer
            .write_record(COLUMNS.iter().map(|(name, _)| *name))
            .expect("writing to memory");
        for (i, entry) in entries.iter().enumerate() {
            writer
                .write_record(cells(i + 1, entry))
                .expect("writing to memory");
        }
        writer.flush().expect("writing to memory");
    }
    out
}

/// The ledger as a workbook of one sheet, 整改台账.
pub fn to_xlsx(entries: &[LedgerEntry], made_on: NaiveDate) -> Result<Vec<u8>, Error> {
    let mut workbook = Workbook::new();
    let SheetStyle { header, cell, link } = SheetStyle::new();
    let sheet = workbook.add_worksheet().set_name("整改台账")?;
    let last_col = (COLUMNS.len() - 1) as u16;
    let top = title_block(entries, made_on).write(sheet, last_col)?;
    for (col, (name, width)) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(top, col as u16, *name, &header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    for (i, entry) in entries.iter().enumerate() {
        let row = top + 1 + i as u32;
        for (col, value) in cells(i + 1, entry).iter().enumerate() {
            let col = col as u16;
            if col == 0 {
                sheet.write_number_with_format(row, 0, (i + 1) as f64, &cell)?;
            } else if col == URL_COLUMN && value.starts_with("http") {
                sheet.write_url_with_format(row, col, XlsxUrl::new(value.as_str()), &link)?;
            } else {
                sheet.write_string_with_format(row, col, value, &cell)?;
            }
        }
    }
    print_setup(sheet, top, top + entries.len() as u32, last_col)?;
    Ok(workbook.save_to_buffer()?)
}

#[cfg(test)]
mod tests;
