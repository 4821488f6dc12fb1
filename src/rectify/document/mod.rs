//! The 交办单, 催办单 and 督办通知单 as people read them, composed once from an issued
//! [`Notice`] and rendered by [`docx`] (what offices edit, stamp and print) and [`html`]
//! (print-ready A4). The wording follows the forms of 邓政办〔2018〕127号's 附件1–3: title,
//! number, addressee, one paragraph saying what is handed over and by when (the notice's
//! frozen `paragraph`), the 工作事项 table, 工作要求, 时限要求, 联系人, 联系电话, and the issuer
//! and date at the bottom right.
//!
//! Everything printed comes from the stored notice, never from today's configuration, so a
//! reprint is identical.

pub mod docx;
pub mod html;

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use super::{Notice, NoticeItem, NoticeKind, NoticeRef};
use crate::error::{Error, FileKind};
use crate::portfolio::folder_name;
use crate::text::chinese_date;

/// A document's text, laid out by the renderers.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// 页眉: the issuer and the document's number.
    pub header: String,
    /// 政府办公室工作交办单.
    pub title: String,
    /// 〔2025〕第1号.
    pub number: String,
    /// `XXX：`.
    pub addressee: String,
    /// What is handed over, why and by when.
    pub body: String,
    /// 工作事项.
    pub table: ItemTable,
    /// 工作要求, 时限要求, 联系人, 联系电话: label and text.
    pub lines: Vec<(&'static str, String)>,
    /// 发文单位.
    pub issuer: String,
    /// The day of issue, as the form dates it.
    pub date: String,
}

/// The 工作事项 table: columns with their share of the width (percent), and the rows.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemTable {
    pub columns: Vec<(&'static str, u32)>,
    pub rows: Vec<Vec<String>>,
}

/// The columns every kind shares, before the dates.
const COMMON: [(&str, u32); 5] = [
    ("序号", 5),
    ("问题", 23),
    ("网址", 18),
    ("依据", 12),
    ("整改要求", 19),
];

/// The document's short name in file names and citations: 交办单, 催办单, 督办单.
pub fn short_name(kind: NoticeKind) -> &'static str {
    match kind {
        NoticeKind::Assign => "交办单",
        NoticeKind::Remind => "催办单",
        NoticeKind::Supervise => "督办单",
    }
}

/// The file name without extension: `交办单〔2025〕第1号-办公室`.
pub fn file_stem(notice: &Notice) -> String {
    format!(
        "{}{}-{}",
        short_name(notice.number.kind),
        notice.number,
        notice.department
    )
}

/// Which files [`write_all`] writes per notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    pub docx: bool,
    pub html: bool,
}

/// Writes each notice as `DIR/交办单〔2025〕第1号-办公室.docx` and/or `.html` (names made
/// safe for file systems, and unique); returns the files written. `dir` is created.
pub fn write_all(dir: &Path, notices: &[Notice], formats: Formats) -> Result<Vec<PathBuf>, Error> {
    std::fs::create_dir_all(dir).map_err(Error::writing(FileKind::Report, dir))?;
    let mut taken = HashSet::new();
    let mut written = Vec::new();
    for notice in notices {
        let stem = folder_name(&file_stem(notice), &mut taken);
        let mut files = Vec::new();
        if formats.docx {
            files.push((format!("{stem}.docx"), docx::to_docx(notice)?));
        }
        if formats.html {
            let page = html::to_html(std::slice::from_ref(notice));
            files.push((format!("{stem}.html"), page.into_bytes()));
        }
        for (name, bytes) in files {
            let path = dir.join(name);
            std::fs::write(&path, bytes).map_err(Error::writing(FileKind::Report, &path))?;
            written.push(path);
        }
    }
    Ok(written)
}

/// Composes the document of `notice`.
pub fn compose(notice: &Notice) -> Document {
    let kind = notice.number.kind;
    let title = format!("{}{}", notice.issuer, kind.title());
    Document {
        header: format!("{}　{}{}", notice.issuer, kind.title(), notice.number),
        number: notice.number.to_string(),
        addressee: format!("{}：", notice.addressee),
        body: notice.paragraph.clone(),
        table: table(notice),
        lines: vec![
            ("工作要求", WORK_REQUIREMENT.to_string()),
            ("时限要求", time_limit(notice)),
            ("联 系 人", notice.contact.clone()),
            ("联系电话", notice.phone.clone()),
        ],
        issuer: notice.issuer.clone(),
        date: chinese_date(notice.issued_on),
        title,
    }
}

/// 工作要求 besides the paragraph: how the items are worked off and reported.
const WORK_REQUIREMENT: &str = "请对照上表“整改要求”逐项整改，整改后在网站上逐条核实，\
     并将整改情况（含整改前后的页面截图）书面反馈；确因客观原因无法整改的，请书面说明理由。";

/// The paragraph under the addressee, per kind, in the seed's words: what is handed over, the
/// documents before, the days overdue, by when to report. Written once, when the notice is
/// issued (`compose::notice` freezes it as `Notice::paragraph`); reprints print the frozen text.
pub fn paragraph(notice: &Notice) -> String {
    let n = notice.items.len();
    let issuer = &notice.issuer;
    let due = chinese_date(notice.due);
    let within = notice.within_days;
    match notice.number.kind {
        NoticeKind::Assign => format!(
            "根据{}对{}的政务公开检查结果，现将以下{n}项政务公开问题交由你单位办理，请抓紧落实，\
             在收件之日起{within}个工作日内（{due}前）办结，并将办理结果情况书面反馈{issuer}\
             （请在反馈材料中注明交办单编号）。",
            chinese_date(notice.issued_on),
            portal_named(notice),
        ),
        NoticeKind::Remind => format!(
            "以下{n}项政务公开问题{}，期限{}。现已逾期{}，请在本催办单下发后{within}个工作日内\
             （{due}前）向{issuer}上报办理结果情况（请在反馈材料中注明催办单编号）。",
            handed_over(notice),
            deadline_days(&notice.items),
            overdue(&notice.items),
        ),
        NoticeKind::Supervise => format!(
            "以下{n}项政务公开问题{}，期限{}〔逾期后于{}〕，但至今你单位未按要求完成工作任务，\
             现已逾期{}，责令你单位在收到本督办通知单后{within}个工作日内（{due}前）向{issuer}\
             上报办理结果情况（请在反馈材料中注明督办单编号）。",
            handed_over(notice),
            deadline_days(&notice.items),
            reminded(notice),
            overdue(&notice.items),
        ),
    }
}

/// The portal as the 交办单 names it: “name”（URL）, or the URL.
fn portal_named(notice: &Notice) -> String {
    match &notice.portal.name {
        Some(name) if name.ends_with("网站") || name.ends_with("网") => {
            format!("“{name}”（{}）", notice.portal.url)
        }
        Some(name) => format!("“{name}”网站（{}）", notice.portal.url),
        None => format!("网站 {}", notice.portal.url),
    }
}

/// `已于2025年11月3日交由你单位办理（X工作交办单〔2025〕第1号）`, or, for items of several
/// 交办单, each date and number.
fn handed_over(notice: &Notice) -> String {
    let refs = distinct_refs(notice.items.iter().filter_map(|i| i.assigned_by));
    let dates = distinct_dates(&notice.items);
    if refs.is_empty() {
        return format!("已于{dates}交由你单位办理");
    }
    format!(
        "已于{dates}交由你单位办理（{}）",
        cited(notice, NoticeKind::Assign, &refs)
    )
}

/// `于2025年11月18日发出催办通知（X工作催办单〔2025〕第2号）`.
fn reminded(notice: &Notice) -> String {
    let refs = distinct_refs(notice.items.iter().filter_map(|i| i.reminded_by));
    if refs.is_empty() {
        return "发出催办通知".to_string();
    }
    let dates: Vec<String> = distinct(refs.iter().map(|r| r.issued_on))
        .into_iter()
        .map(chinese_date)
        .collect();
    format!(
        "{}发出催办通知（{}）",
        dates.join("、"),
        cited(notice, NoticeKind::Remind, &refs)
    )
}

/// `X工作催办单〔2025〕第1号、〔2025〕第2号`: the issuer's documents of `kind`, by number.
fn cited(notice: &Notice, kind: NoticeKind, refs: &[NoticeRef]) -> String {
    let numbers: Vec<String> = refs.iter().map(|r| r.number.to_string()).collect();
    format!("{}{}{}", notice.issuer, kind.title(), numbers.join("、"))
}

/// Documents cited, each once, in order of number.
fn distinct_refs(refs: impl Iterator<Item = NoticeRef>) -> Vec<NoticeRef> {
    let mut refs: Vec<NoticeRef> = refs.collect();
    refs.sort_by_key(|r| r.number);
    refs.dedup_by_key(|r| r.number);
    refs
}

fn distinct<T: Ord>(values: impl Iterator<Item = T>) -> Vec<T> {
    values.collect::<BTreeSet<T>>().into_iter().collect()
}

/// The days the items were assigned: `2025年11月3日`, or `2025年11月3日、2025年11月10日`.
fn distinct_dates(items: &[NoticeItem]) -> String {
    distinct(items.iter().map(|i| i.assigned_on))
        .into_iter()
        .map(chinese_date)
        .collect::<Vec<_>>()
        .join("、")
}

/// `10个工作日`, or `见下表` when the items were given different periods.
fn deadline_days(items: &[NoticeItem]) -> String {
    match distinct(items.iter().map(|i| i.deadline_days)).as_slice() {
        [one] => format!("{one}个工作日"),
        _ => "各项不同（见下表）".to_string(),
    }
}

/// `3个工作日`, or the range when the items differ.
fn overdue(items: &[NoticeItem]) -> String {
    let days = distinct(items.iter().filter_map(|i| i.overdue_days));
    match days.as_slice() {
        [] => "若干个工作日".to_string(),
        [one] => format!("{one}个工作日"),
        [first, .., last] => format!("{first}至{last}个工作日（各项见下表）"),
    }
}

/// 时限要求, in one sentence.
fn time_limit(notice: &Notice) -> String {
    let due = chinese_date(notice.due);
    let within = notice.within_days;
    match notice.number.kind {
        NoticeKind::Assign => {
            format!("收件之日起{within}个工作日内（{due}前）办结并书面反馈办理结果。")
        }
        NoticeKind::Remind => {
            format!(
                "本催办单下发后{within}个工作日内（{due}前）上报办理结果，逾期将下发督办通知单。"
            )
        }
        NoticeKind::Supervise => format!(
            "收到本督办通知单后{within}个工作日内（{due}前）上报办理结果，逾期未完成的纳入专项台账跟踪督查并通报。"
        ),
    }
}

/// The 工作事项 table of the notice's kind.
fn table(notice: &Notice) -> ItemTable {
    let mut columns = COMMON.to_vec();
    match notice.number.kind {
        NoticeKind::Assign => columns.extend([("交办日期", 11), ("办结期限", 12)]),
        NoticeKind::Remind => columns.extend([("交办单号及日期", 15), ("逾期工作日", 8)]),
        NoticeKind::Supervise => columns.extend([("交办、催办单号及日期", 15), ("逾期工作日", 8)]),
    }
    let rows = notice
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let mut row = vec![
                (i + 1).to_string(),
                format!("{}：{}", item.rule_title, item.problem),
                match &item.page_title {
                    Some(title) => format!("{title}\n{}", item.url),
                    None => item.url.clone(),
                },
                item.basis.clone(),
                item.remedy.clone(),
            ];
            match notice.number.kind {
                NoticeKind::Assign => {
                    row.push(chinese_date(item.assigned_on));
                    row.push(format!("{}前", chinese_date(item.deadline)));
                }
                kind => {
                    let mut cited = vec![cite("交办", item.assigned_by, item.assigned_on)];
                    if kind == NoticeKind::Supervise
                        && let Some(reminded) = item.reminded_by
                    {
                        cited.push(cite("催办", Some(reminded), reminded.issued_on));
                    }
                    row.push(cited.join("\n"));
                    row.push(item.overdue_days.map(|d| d.to_string()).unwrap_or_default());
                }
            }
            row
        })
        .collect();
    ItemTable { columns, rows }
}

/// `交办〔2025〕第1号\n2025年11月3日`.
fn cite(verb: &str, by: Option<NoticeRef>, on: chrono::NaiveDate) -> String {
    match by {
        Some(r) => format!("{verb}{}\n{}", r.number, chinese_date(r.issued_on)),
        None => format!("{verb}于{}", chinese_date(on)),
    }
}

#[doc(hidden)]
pub mod samples;

#[cfg(test)]
mod tests;
