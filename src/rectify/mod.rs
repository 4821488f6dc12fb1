//! The rectification loop (整改闭环) of 邓政办〔2018〕127号, run over portal problems: every
//! problem a recorded run finds is assigned (交办) to its 责任部门 with a working-day deadline,
//! chased (催办) when a run after the deadline still finds it, escalated (督办) when a run some
//! working days after the 催办单 still finds it, and closed when a later run verifies it gone
//! (办结) or a person explains why it stands (已说明).
//!
//! This module holds the values: stages, a finding's record, the numbered documents as issued,
//! the 整改台账's rows and the events the 通报 counts. The store (`history::rectification`)
//! keeps them; `lifecycle` decides the transitions; the renderers live beside it.

pub mod bulletin;
pub mod compose;
pub mod document;
pub mod lifecycle;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::finding::Severity;
use crate::history::Portal;

/// How far the chase of a problem has gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 交办: found, routed, within its deadline.
    Assigned,
    /// 催办: a run after the deadline still found it.
    Reminded,
    /// 督办: a run at least `supervise_after_days` after the 催办单 still found it.
    Supervised,
    /// 办结: a later run verified it gone.
    Resolved,
    /// 已说明: a person recorded why it stands; shown in every report, never dropped.
    Explained,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::Assigned,
        Stage::Reminded,
        Stage::Supervised,
        Stage::Resolved,
        Stage::Explained,
    ];

    /// The name stored and written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Assigned => "assigned",
            Stage::Reminded => "reminded",
            Stage::Supervised => "supervised",
            Stage::Resolved => "resolved",
            Stage::Explained => "explained",
        }
    }

    pub fn parse(text: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// As reports print it.
    pub fn display(self) -> &'static str {
        match self {
            Stage::Assigned => "已交办",
            Stage::Reminded => "已催办",
            Stage::Supervised => "已督办",
            Stage::Resolved => "已办结",
            Stage::Explained => "已说明",
        }
    }

    /// Still to be worked off.
    pub fn is_open(self) -> bool {
        matches!(self, Stage::Assigned | Stage::Reminded | Stage::Supervised)
    }
}

/// A person's explanation of why a problem stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    pub note: String,
    /// Who recorded it.
    pub by: String,
    /// When, RFC 3339 UTC.
    pub at: String,
}

impl Explanation {
    /// The day it was recorded, in Beijing (UTC+8).
    pub fn day(&self) -> Option<NaiveDate> {
        chrono::DateTime::parse_from_rfc3339(&self.at)
            .ok()
            .map(|t| {
                t.with_timezone(&crate::calendar::china_offset())
                    .date_naive()
            })
    }

    /// As reports show it: `已说明：该栏目已撤并（张三，2025-09-21）`.
    pub fn note_line(&self) -> String {
        let day = self.day().map(|d| format!("，{d}")).unwrap_or_default();
        format!(
            "{}：{}（{}{day}）",
            Stage::Explained.display(),
            self.note,
            self.by
        )
    }
}

/// A finding's rectification record, as the JSON report writes it (`rectification` on a
/// finding of a recorded run).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rectification {
    /// 责任部门.
    pub department: String,
    /// 交办: the as-of day of the run that first found it (this cycle).
    pub assigned_on: NaiveDate,
    /// The last working day to fix it.
    pub deadline: NaiveDate,
    pub stage: Stage,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminded_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supervised_on: Option<NaiveDate>,
    /// The number of the document of its current stage (〔2026〕第3号), once issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_on: Option<NaiveDate>,
    /// For `explained`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
}

/// The three documents of 邓政办〔2018〕127号.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// 工作交办单.
    Assign,
    /// 工作催办单.
    Remind,
    /// 督办通知单.
    Supervise,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 3] = [
        NoticeKind::Assign,
        NoticeKind::Remind,
        NoticeKind::Supervise,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Assign => "assign",
            NoticeKind::Remind => "remind",
            NoticeKind::Supervise => "supervise",
        }
    }

    pub fn parse(text: &str) -> Option<NoticeKind> {
        NoticeKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The document's name: 工作交办单, 工作催办单, 督办通知单.
    pub fn title(self) -> &'static str {
        match self {
            NoticeKind::Assign => "工作交办单",
            NoticeKind::Remind => "工作催办单",
            NoticeKind::Supervise => "督办通知单",
        }
    }

    /// The stage a record reaches when this document is issued.
    pub fn stage(self) -> Stage {
        match self {
            NoticeKind::Assign => Stage::Assigned,
            NoticeKind::Remind => Stage::Reminded,
            NoticeKind::Supervise => Stage::Supervised,
        }
    }
}

/// A document's number: per year and kind, never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct NoticeNumber {
    pub kind: NoticeKind,
    pub year: i32,
    pub seq: i64,
}

impl std::fmt::Display for NoticeNumber {
    /// 〔2026〕第3号.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "〔{}〕第{}号", self.year, self.seq)
    }
}

/// An issued document, as another one cites it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeRef {
    pub number: NoticeNumber,
    pub issued_on: NaiveDate,
}

/// One problem on a document (工作事项).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeItem {
    pub fingerprint: String,
    pub rule: String,
    /// The rule's title (问题类型).
    pub rule_title: String,
    /// The finding's message.
    pub problem: String,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_title: Option<String>,
    /// 依据.
    pub basis: String,
    /// 整改要求: what to do.
    pub remedy: String,
    pub assigned_on: NaiveDate,
    /// Working days given, and the deadline they give.
    pub deadline_days: u32,
    pub deadline: NaiveDate,
    /// For 催办 and 督办: the 交办单 that assigned it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_by: Option<NoticeRef>,
    /// For 督办: the 催办单 that chased it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminded_by: Option<NoticeRef>,
    /// Working days past the deadline on the day of issue (催办 and 督办).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overdue_days: Option<i64>,
}

/// A 交办单, 催办单 or 督办通知单 as issued: everything printed on it is frozen here, so a
/// reprint is identical whatever the configuration says later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub number: NoticeNumber,
    pub issued_on: NaiveDate,
    pub portal: Portal,
    /// 责任单位 as addressed (the portal's unit and the department).
    pub addressee: String,
    /// 责任部门.
    pub department: String,
    /// 发文单位.
    pub issuer: String,
    /// 联系人 and 联系电话 (of the issuer).
    pub contact: String,
    pub phone: String,
    /// The paragraph under the addressee, in the form's words (what is handed over, the
    /// documents before, the days overdue, by when to report), frozen when issued.
    pub paragraph: String,
    /// 时限要求: working days to finish (交办) or to report (催办/督办), and the day they end.
    pub within_days: u32,
    pub due: NaiveDate,
    pub items: Vec<NoticeItem>,
}

/// A row of the 整改台账: one problem's record across runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub portal: Portal,
    pub fingerprint: String,
    pub rule: String,
    pub problem: String,
    pub url: String,
    pub basis: String,
    pub severity: Severity,
    pub department: String,
    /// 发现日期 (this cycle).
    pub found_on: NaiveDate,
    pub deadline: NaiveDate,
    pub stage: Stage,
    pub assigned: Option<NoticeRef>,
    pub reminded: Option<NoticeRef>,
    pub supervised: Option<NoticeRef>,
    /// 办结日期.
    pub resolved_on: Option<NaiveDate>,
    pub explanation: Option<Explanation>,
    /// 1 for a problem found once; more when it came back after being fixed.
    pub cycle: u32,
    /// The latest run could not re-check it (page failed, crawl cut short).
    pub unverified: bool,
}

/// A change of stage, for the 通报.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RectificationEvent {
    pub portal: Portal,
    pub fingerprint: String,
    pub department: String,
    pub stage: Stage,
    pub on: NaiveDate,
    /// The record's deadline at the time.
    pub deadline: NaiveDate,
    pub cycle: u32,
    pub notice: Option<NoticeRef>,
}

/// 台账 evidence a person declared for an indicator row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Declaration {
    /// The indicator table's title.
    pub table: String,
    /// `1.2`.
    pub row: String,
    pub met: bool,
    pub note: String,
    pub by: String,
    /// RFC 3339 UTC.
    pub at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_sha256: Option<String>,
}

/// 整改要求: what a 责任部门 must do about a problem of `rule` (the rule's `remedy`), as
/// documents and lists print it; empty for an id no rule has.
pub fn remedy_of(rule: &str) -> String {
    crate::rules::info(rule)
        .map(|info| info.remedy.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explanation_is_dated_in_beijing() {
        let explanation = Explanation {
            note: "该栏目已撤并".into(),
            by: "张三".into(),
            at: "2025-09-20T17:30:00.000Z".into(),
        };
        assert_eq!(explanation.day(), NaiveDate::from_ymd_opt(2025, 9, 21));
        assert_eq!(
            explanation.note_line(),
            "已说明：该栏目已撤并（张三，2025-09-21）"
        );
    }
}
