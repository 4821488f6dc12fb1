//! The 汇总表 of a `gongkai monitor` night: one row per portal of the portfolio, with its score,
//! 单项否决, what is new, fixed and still open against its last run, and whether it could be
//! checked at all, as text, HTML and a workbook. Each row links the portal's own report.

use std::fmt::Write as _;

use chrono::NaiveDate;
use rust_xlsxwriter::{Url as XlsxUrl, Workbook};

use super::Report;
use super::markup::esc;
use super::sheet_style::SheetStyle;
use crate::error::Error;
use crate::text::points;

/// The columns, with their widths in the spreadsheet.
const COLUMNS: &[(&str, f64)] = &[
    ("网站", 24.0),
    ("地址", 34.0),
    ("责任单位", 18.0),
    ("得分", 8.0),
    ("单项否决", 10.0),
    ("新发现", 8.0),
    ("已整改", 8.0),
    ("仍未整改", 10.0),
    ("最长未整改（工作日）", 12.0),
    ("对照指标表", 36.0),
    ("抓取情况", 40.0),
    ("报告", 30.0),
];

/// How one portal's night went.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Checked and recorded.
    Ran {
        /// The indicator table's verified score.
        score: f64,
        veto: bool,
        /// New problems (first seen tonight, or back after being fixed).
        new: usize,
        fixed: usize,
        /// Problems found before and found again tonight.
        open: usize,
        longest_open_working_days: u32,
        /// Why the crawl was cut short, when it was.
        incomplete: Option<String>,
    },
    /// Not checked: why.
    Failed { reason: String },
}

/// One portal's row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub name: String,
    pub url: String,
    /// 责任单位.
    pub unit: Option<String>,
    /// The portal's HTML report, relative to the summary's folder.
    pub report: Option<String>,
    pub outcome: Outcome,
    /// The other indicator tables scored beside the main one: `《title》得 …` each.
    pub also_scored: Vec<String>,
}

impl Row {
    /// The row of a portal checked tonight.
    pub fn ran(
        name: &str,
        url: &str,
        unit: Option<&str>,
        report: &Report,
        link: Option<String>,
    ) -> Row {
        let counts = report
            .history
            .as_ref()
            .map(|h| h.counts.clone())
            .unwrap_or_default();
        let incomplete = (!report.crawl.complete).then(|| {
            if report.crawl.incomplete_reasons.is_empty() {
                "抓取未完成".to_string()
            } else {
                report.crawl.incomplete_reasons.join("；")
            }
        });
        Row {
            name: name.to_string(),
            url: url.to_string(),
            unit: unit.map(str::to_string),
            report: link,
            also_scored: report
                .also_scored
                .iter()
                .map(|t| format!("《{}》{}", t.score.table, super::tables::brief(&t.score)))
                .collect(),
            outcome: Outcome::Ran {
                score: report.score.verified_score,
                veto: report.veto.triggered,
                new: counts.new + counts.reopened,
                fixed: counts.fixed,
                open: counts.open,
                longest_open_working_days: counts.longest_open_working_days,
                incomplete,
            },
        }
    }

    /// The row of a portal that could not be checked.
    pub fn failed(name: &str, url: &str, unit: Option<&str>, reason: String) -> Row {
        Row {
            name: name.to_string(),
            url: url.to_string(),
            unit: unit.map(str::to_string),
            report: None,
            also_scored: Vec::new(),
            outcome: Outcome::Failed { reason },
        }
    }

    /// 完整 / 不完整：… / 失败：…
    pub fn crawl_status(&self) -> String {
        match &self.outcome {
            Outcome::Ran {
                incomplete: None, ..
            } => "完整".to_string(),
            Outcome::Ran {
                incomplete: Some(reason),
                ..
            } => format!("不完整：{reason}"),
            Outcome::Failed { reason } => format!("失败：{reason}"),
        }
    }

    /// One line for a progress log: `得分 87.5，新发现 2，已整改 1，仍未整改 3；抓取完整`.
    pub fn brief(&self) -> String {
        match &self.outcome {
            Outcome::Ran {
                score,
                veto,
                new,
                fixed,
                open,
                ..
            } => format!(
                "得分 {}{}，新发现 {new}，已整改 {fixed}，仍未整改 {open}；抓取{}",
                points(*score),
                if *veto { "（单项否决）" } else { "" },
                self.crawl_status()
            ),
            Outcome::Failed { .. } => self.crawl_status(),
        }
    }

    /// The cells from 得分 to 最长未整改, as text (`—` for a portal not checked).
    fn figures(&self) -> [String; 6] {
        match &self.outcome {
            Outcome::Ran {
                score,
                veto,
                new,
                fixed,
                open,
                longest_open_working_days,
                ..
            } => [
                points(*score),
                if *veto { "是" } else { "否" }.to_string(),
                new.to_string(),
                fixed.to_string(),
                open.to_string(),
                longest_open_working_days.to_string(),
            ],
            Outcome::Failed { .. } => std::array::from_fn(|_| "—".to_string()),
        }
    }

    fn cells(&self) -> Vec<String> {
        let mut cells = vec![
            self.name.clone(),
            self.url.clone(),
            self.unit.clone().unwrap_or_default(),
        ];
        cells.extend(self.figures());
        cells.push(self.also_scored.join("；"));
        cells.push(self.crawl_status());
        cells.push(self.report.clone().unwrap_or_default());
        cells
    }
}

/// The night as a whole, for the summary's heading.
#[derive(Debug, Clone)]
pub struct Summary {
    pub as_of: NaiveDate,
    /// The portfolio file.
    pub portfolio: String,
    /// `--shard`, when the night is split.
    pub shard: Option<String>,
    pub rows: Vec<Row>,
    /// Lines under the tally: how the night's alerts went.
    pub notes: Vec<String>,
}

impl Summary {
    /// 共 N 个网站：完整 a 个，不完整 b 个，失败 c 个
    pub fn tally(&self) -> String {
        let count = |f: fn(&Outcome) -> bool| self.rows.iter().filter(|r| f(&r.outcome)).count();
        let complete = count(|o| {
            matches!(
                o,
                Outcome::Ran {
                    incomplete: None,
                    ..
                }
            )
        });
        let partial = count(|o| {
            matches!(
                o,
                Outcome::Ran {
                    incomplete: Some(_),
                    ..
                }
            )
        });
        let failed = count(|o| matches!(o, Outcome::Failed { .. }));
        format!(
            "共 {} 个网站：抓取完整 {complete} 个，不完整 {partial} 个，失败 {failed} 个",
            self.rows.len()
        )
    }

    fn heading(&self) -> String {
        let shard = match &self.shard {
            Some(shard) => format!(" · 分片 {shard}"),
            None => String::new(),
        };
        format!("检查基准日 {} · 名单 {}{shard}", self.as_of, self.portfolio)
    }

    /// Tab-separated, one portal a line under a heading: readable in a terminal, pastable
    /// into a spreadsheet.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "【政务公开监测汇总表】{}", self.heading());
        let _ = writeln!(out, "{}", self.tally());
        for note in &self.notes {
            let _ = writeln!(out, "{note}");
        }
        let _ = writeln!(out);
        let names: Vec<&str> = COLUMNS.iter().map(|(name, _)| *name).collect();
        let _ = writeln!(out, "{}", names.join("\t"));
        for row in &self.rows {
            let _ = writeln!(out, "{}", row.cells().join("\t"));
        }
        out
    }

    pub fn to_html(&self) -> String {
        let mut out = String::new();
        let _ = write!(
            out,
            r#"<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>政务公开监测汇总表 {}</title><style>{STYLE}</style></head><body>
<h1>政务公开监测汇总表</h1><p class="muted">{}</p><p>{}</p>"#,
            self.as_of,
            esc(&self.heading()),
            esc(&self.tally()),
        );
        for note in &self.notes {
            let _ = write!(out, "<p>{}</p>", esc(note));
        }
        out.push_str("<table><thead><tr>");
        for (name, _) in COLUMNS {
            let _ = write!(out, "<th>{}</th>", esc(name));
        }
        out.push_str("</tr></thead><tbody>");
        for row in &self.rows {
            let class = match &row.outcome {
                Outcome::Failed { .. } => " class=\"failed\"",
                Outcome::Ran { veto: true, .. } => " class=\"veto\"",
                Outcome::Ran { .. } => "",
            };
            let _ = write!(
                out,
                r#"<tr{class}><td>{}</td><td><a href="{}">{}</a></td><td>{}</td>"#,
                esc(&row.name),
                esc(&row.url),
                esc(&row.url),
                esc(row.unit.as_deref().unwrap_or_default()),
            );
            for figure in row.figures() {
                let _ = write!(out, r#"<td class="n">{}</td>"#, esc(&figure));
            }
            let _ = write!(out, "<td>{}</td>", esc(&row.also_scored.join("；")));
            let _ = write!(out, "<td>{}</td>", esc(&row.crawl_status()));
            match &row.report {
                Some(link) => {
                    let _ = write!(out, r#"<td><a href="{}">报告</a></td>"#, esc(link));
                }
                None => out.push_str("<td>—</td>"),
            }
            out.push_str("</tr>");
        }
        let _ = write!(
            out,
            r#"</tbody></table><p class="muted">由 gongkai {} 生成。</p></body></html>"#,
            env!("CARGO_PKG_VERSION")
        );
        out
    }

    /// The workbook: one sheet, 汇总表, the report column a link to each portal's report.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, Error> {
        let mut workbook = Workbook::new();
        let SheetStyle { header, cell, link } = SheetStyle::new();
        let sheet = workbook.add_worksheet().set_name("汇总表")?;
        for (col, (name, width)) in COLUMNS.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, *name, &header)?;
            sheet.set_column_width(col as u16, *width)?;
        }
        for (i, row) in self.rows.iter().enumerate() {
            let r = (i + 1) as u32;
            sheet.write_string_with_format(r, 0, &row.name, &cell)?;
            if row.url.starts_with("http://") || row.url.starts_with("https://") {
                sheet.write_url_with_format(r, 1, XlsxUrl::new(row.url.as_str()), &link)?;
            } else {
                // A portfolio entry left out may have no URL, or a wrong one.
                sheet.write_string_with_format(r, 1, &row.url, &cell)?;
            }
            sheet.write_string_with_format(r, 2, row.unit.as_deref().unwrap_or_default(), &cell)?;
            match &row.outcome {
                Outcome::Ran {
                    score,
                    veto,
                    new,
                    fixed,
                    open,
                    longest_open_working_days,
                    ..
                } => {
                    sheet.write_number_with_format(r, 3, *score, &cell)?;
                    sheet.write_string_with_format(r, 4, if *veto { "是" } else { "否" }, &cell)?;
                    sheet.write_number_with_format(r, 5, *new as f64, &cell)?;
                    sheet.write_number_with_format(r, 6, *fixed as f64, &cell)?;
                    sheet.write_number_with_format(r, 7, *open as f64, &cell)?;
                    let longest = f64::from(*longest_open_working_days);
                    sheet.write_number_with_format(r, 8, longest, &cell)?;
                }
                Outcome::Failed { .. } => {
                    for col in 3..=8 {
                        sheet.write_string_with_format(r, col, "—", &cell)?;
                    }
                }
            }
            sheet.write_string_with_format(r, 9, row.also_scored.join("；"), &cell)?;
            sheet.write_string_with_format(r, 10, row.crawl_status(), &cell)?;
            match &row.report {
                Some(target) => {
                    // `file:///` with a relative path: a link to the file next to the workbook.
                    let url = XlsxUrl::new(format!("file:///{target}")).set_text("报告");
                    sheet.write_url_with_format(r, 11, url, &link)?
                }
                None => sheet.write_string_with_format(r, 11, "—", &cell)?,
            };
        }
        sheet.set_freeze_panes(1, 1)?;
        sheet.autofilter(0, 0, self.rows.len() as u32, (COLUMNS.len() - 1) as u16)?;
        Ok(workbook.save_to_buffer()?)
    }
}

const STYLE: &str = r#"body{font-family:"PingFang SC","Microsoft YaHei",sans-serif;margin:24px;color:#2b2118}
h1{color:#9b1c1c;font-size:22px}table{border-collapse:collapse;font-size:13px}
th{background:#9b1c1c;color:#fff;padding:6px 8px}td{border:1px solid #ddd2c4;padding:5px 8px;vertical-align:top}
td.n{text-align:right}tr.failed td{background:#fdecea}tr.veto td{background:#fff4e5}.muted{color:#6b6257;font-size:13px}
a{color:#1d4ed8}"#;

#[cfg(test)]
mod tests;
