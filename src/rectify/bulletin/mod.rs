//! The monthly 通报 (邓政办〔2018〕127号 五、严格绩效考核): per 责任部门 — or per 责任单位, one
//! portal each, for a portfolio — the problems assigned in the period, resolved on time and
//! late, overdue at its end, the 催办单 and 督办通知单 received, the 约谈 and the 百分制 score
//! with its 先进资格. A pure computation over the records' stage changes; the renderers are in
//! `report::bulletin`.
//!
//! The events are every stage change up to the period's end (not only those inside it): a
//! problem assigned in an earlier month and still open counts as overdue, and a 督办 late in the
//! previous month can ripen into a 约谈 in this one.

use std::collections::{BTreeMap, HashSet};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{NoticeNumber, RectificationEvent, Stage};
use crate::calendar::Calendar;
use crate::checks::rectification::BulletinPolicy;
use crate::history::{Portal, RunRow, RunStatus};
use crate::period::Period;
use crate::text::points;

/// Who the 通报 scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    /// 责任部门: the department each problem was routed to.
    Department,
    /// 责任单位: the portal's unit (else its name, else its address), for a portfolio.
    Unit,
}

impl Grouping {
    /// 责任部门 / 责任单位.
    pub fn display(self) -> &'static str {
        match self {
            Grouping::Department => "责任部门",
            Grouping::Unit => "责任单位",
        }
    }

    /// What an event is counted against.
    fn name_of(self, event: &RectificationEvent) -> String {
        match self {
            Grouping::Department => event.department.clone(),
            Grouping::Unit => unit_of(&event.portal),
        }
    }
}

/// A portal's 责任单位 as the 通报 names it: its unit, else its name, else its address.
pub fn unit_of(portal: &Portal) -> String {
    portal
        .unit
        .clone()
        .or_else(|| portal.name.clone())
        .unwrap_or_else(|| portal.url.clone())
}

/// What a 责任部门 (or 单位) did in the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// 交办: problems assigned in the period (a problem back after being fixed counts again).
    pub assigned: usize,
    /// 按期办结: verified fixed in the period, on or before the deadline.
    pub resolved_on_time: usize,
    /// 逾期办结: verified fixed in the period, after the deadline.
    pub resolved_late: usize,
    /// 逾期未办结: open at the period's end, past the deadline.
    pub overdue: usize,
    /// 已说明 in the period: a person recorded why the problem stands (not scored).
    pub explained: usize,
    /// 工作催办单 received in the period (documents, however many problems each lists).
    pub reminded: usize,
    /// 督办通知单 received in the period (documents, however many problems each lists).
    pub supervised: usize,
    /// 约谈: 督办通知单 (one each) with an item still open `interview_after_days` working days
    /// later, that day falling in the period.
    pub interviews: usize,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.assigned += other.assigned;
        self.resolved_on_time += other.resolved_on_time;
        self.resolved_late += other.resolved_late;
        self.overdue += other.overdue;
        self.explained += other.explained;
        self.reminded += other.reminded;
        self.supervised += other.supervised;
        self.interviews += other.interviews;
    }
}

/// One line of the 通报.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BulletinRow {
    /// The 责任部门 or 责任单位.
    pub name: String,
    #[serde(flatten)]
    pub counts: Counts,
    /// Points deducted: 催办, 督办 and 约谈 at their rates.
    pub deducted: f64,
    /// The 百分制 score: `base − deducted`, never below 0.
    pub score: f64,
    /// 先进资格: the score reaches the merit line.
    pub merit: bool,
}

/// The 通报 of one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bulletin {
    pub title: String,
    pub period: Period,
    pub by: Grouping,
    /// The deductions it was scored with (`checks/rectification.toml` `[bulletin]`).
    pub policy: BulletinPolicy,
    /// Best score first.
    pub rows: Vec<BulletinRow>,
    pub total: Counts,
    /// 发文单位 and the day it is issued, for the signature.
    pub issuer: String,
    pub issued_on: NaiveDate,
}

/// A record across its events: one problem's one cycle.
type RecordKey = (String, String, u32);

/// Rounds away floating-point noise (100 − 3 × 0.2).
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// What to compute a 通报 from, besides the events.
#[derive(Debug, Clone)]
pub struct Setup<'a> {
    pub period: Period,
    pub by: Grouping,
    pub policy: &'a BulletinPolicy,
    /// For the working days between a 督办 and its 约谈.
    pub calendar: &'a Calendar,
    pub issuer: String,
    pub issued_on: NaiveDate,
    /// Per portal (its key), the as-of day of its latest completed run: what the store has
    /// seen of its problems. A 约谈 is counted only when a run on or after its day still found
    /// the problem open, never on the assumption that nothing changed.
    pub checked_through: BTreeMap<String, NaiveDate>,
}

impl Bulletin {
    /// The 通报 of `setup.period` from `events`: every stage change up to the period's end (later
    /// ones are ignored), in any order.
    pub fn compute(events: &[RectificationEvent], setup: &Setup<'_>) -> Bulletin {
        let period = setup.period;
        let mut records: BTreeMap<RecordKey, Vec<&RectificationEvent>> = BTreeMap::new();
        for event in events.iter().filter(|e| e.on <= period.end) {
            let key = (
                event.portal.key.clone(),
                event.fingerprint.clone(),
                event.cycle,
            );
            records.entry(key).or_default().push(event);
        }
        let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
        // 催办单 and 督办通知单 already counted: one document listing several problems costs
        // its 责任部门 once (events without their document count one each).
        let mut documents: HashSet<(String, NoticeNumber)> = HashSet::new();
        // 督办通知单 already counted as a 约谈.
        let mut interviews: HashSet<(String, NoticeNumber)> = HashSet::new();
        for record in records.values_mut() {
            record.sort_by_key(|e| (e.on, e.stage));
            let record: &[&RectificationEvent] = record;
            for event in record {
                let entry = counts.entry(setup.by.name_of(event)).or_default();
                // One 约谈 per 督办通知单 left unanswered, however many problems it lists.
                if event.stage == Stage::Supervised
                    && interviewed(record, event, setup)
                    && event.notice.is_none_or(|notice| {
                        interviews.insert((setup.by.name_of(event), notice.number))
                    })
                {
                    entry.interviews += 1;
                }
                if !period.contains(event.on) {
                    continue;
                }
                let first_of_its_document = match event.notice {
                    Some(notice) => documents.insert((setup.by.name_of(event), notice.number)),
                    None => true,
                };
                match event.stage {
                    Stage::Assigned => entry.assigned += 1,
                    Stage::Reminded if first_of_its_document => entry.reminded += 1,
                    Stage::Supervised if first_of_its_document => entry.supervised += 1,
                    Stage::Reminded | Stage::Supervised => {}
                    Stage::Resolved if event.on <= event.deadline => entry.resolved_on_time += 1,
                    Stage::Resolved => entry.resolved_late += 1,
                    Stage::Explained => entry.explained += 1,
                }
            }
            if let Some(last) = record.last()
                && last.stage.is_open()
                && period.end > last.deadline
            {
                counts.entry(setup.by.name_of(last)).or_default().overdue += 1;
            }
        }
        let policy = setup.policy;
        let mut total = Counts::default();
        let mut rows: Vec<BulletinRow> = counts
            .into_iter()
            .filter(|(_, c)| *c != Counts::default())
            .map(|(name, counts)| {
                total.add(&counts);
                let deducted = round2(
                    policy.per_reminder * counts.reminded as f64
                        + policy.per_supervision * counts.supervised as f64
                        + policy.per_interview * counts.interviews as f64,
                );
                let score = round2((policy.base - deducted).max(0.0));
                BulletinRow {
                    name,
                    counts,
                    deducted,
                    score,
                    merit: score >= policy.merit_line,
                }
            })
            .collect();
        rows.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.name.cmp(&b.name))
        });
        Bulletin {
            title: format!("政务公开整改情况通报（{}）", period_words(&period)),
            period,
            by: setup.by,
            policy: policy.clone(),
            rows,
            total,
            issuer: setup.issuer.clone(),
            issued_on: setup.issued_on,
        }
    }

    /// The period as the 通报 names it.
    pub fn period_words(&self) -> String {
        period_words(&self.period)
    }

    /// The lead paragraph: what the 通报 covers and the period's totals.
    pub fn lead(&self) -> String {
        let t = &self.total;
        let mut lead = format!(
            "按照政务公开问题整改闭环管理和百分制考核要求，现将{}各{}网站问题整改情况通报如下。本期共交办问题{}个，按期办结{}个，逾期办结{}个，截至{}仍逾期未办结{}个；发出工作催办单{}份、督办通知单{}份，约谈{}次。",
            self.period_words(),
            self.by.display(),
            t.assigned,
            t.resolved_on_time,
            t.resolved_late,
            chinese_date(self.period.end),
            t.overdue,
            t.reminded,
            t.supervised,
            t.interviews,
        );
        if t.explained > 0 {
            lead.push_str(&format!(
                "另有{}个问题已书面说明原因，不计分。",
                t.explained
            ));
        }
        lead
    }

    /// How the score is made, in the 通报's words.
    pub fn formula(&self) -> String {
        let p = &self.policy;
        format!(
            "计分办法：实行百分制，基础分{}分。每收到一次工作催办单扣{}分，每收到一次督办通知单扣{}分，每约谈一次扣{}分（督办通知单下发{}个工作日后仍未办结的，计约谈一次）。得分低于{}分的单位不能评为先进。",
            points(p.base),
            points(p.per_reminder),
            points(p.per_supervision),
            points(p.per_interview),
            p.interview_after_days,
            points(p.merit_line),
        )
    }

    /// The rows below the merit line.
    pub fn below_merit(&self) -> Vec<&BulletinRow> {
        self.rows.iter().filter(|r| !r.merit).collect()
    }

    /// The sentence naming the units below the merit line (or saying there are none).
    pub fn merit_sentence(&self) -> String {
        let below = self.below_merit();
        if self.rows.is_empty() {
            return format!("本期没有需要通报的{}。", self.by.display());
        }
        if below.is_empty() {
            return format!(
                "本期各{}得分均不低于{}分。",
                self.by.display(),
                points(self.policy.merit_line)
            );
        }
        let names: Vec<String> = below
            .iter()
            .map(|r| format!("{}（{}分）", r.name, points(r.score)))
            .collect();
        format!(
            "得分低于{}分、不能评为先进的{}：{}。请上述单位认真整改，按期办结。",
            points(self.policy.merit_line),
            self.by.display(),
            names.join("、")
        )
    }

    /// The signature's date, `2025年11月3日`.
    pub fn issued_words(&self) -> String {
        chinese_date(self.issued_on)
    }
}

/// Whether the 督办 `supervised` of `record` ripens into a 约谈 inside the period: the item is
/// still open `interview_after_days` working days after it, that day is in the period, and a
/// run of the portal on or after that day saw it (a 约谈 is never counted ahead of the runs).
fn interviewed(
    record: &[&RectificationEvent],
    supervised: &RectificationEvent,
    setup: &Setup<'_>,
) -> bool {
    let day = setup
        .calendar
        .add_working_days(supervised.on, setup.policy.interview_after_days);
    let seen = setup.checked_through.get(&supervised.portal.key);
    if !setup.period.contains(day) || seen.is_none_or(|seen| *seen < day) {
        return false;
    }
    !record.iter().any(|e| {
        matches!(e.stage, Stage::Resolved | Stage::Explained)
            && e.on >= supervised.on
            && e.on <= day
    })
}

/// [`Setup::checked_through`] from the store's runs: per portal, the as-of day of its latest
/// completed run up to `until`.
pub fn checked_through(runs: &[RunRow], until: NaiveDate) -> BTreeMap<String, NaiveDate> {
    let mut seen: BTreeMap<String, NaiveDate> = BTreeMap::new();
    for run in runs
        .iter()
        .filter(|r| r.status == RunStatus::Completed && r.as_of <= until)
    {
        let day = seen.entry(run.portal.key.clone()).or_insert(run.as_of);
        *day = (*day).max(run.as_of);
    }
    seen
}

/// `2025年10月` for a calendar month, `2025年` for a year, else `2025年10月1日至2025年12月31日`.
pub fn period_words(period: &Period) -> String {
    if period.is_month() {
        return format!("{}年{}月", period.start.year(), period.start.month());
    }
    let display = period.display();
    if display.ends_with('年') {
        return display;
    }
    format!(
        "{}至{}",
        chinese_date(period.start),
        chinese_date(period.end)
    )
}

/// `2025年10月31日`.
pub fn chinese_date(day: NaiveDate) -> String {
    format!("{}年{}月{}日", day.year(), day.month(), day.day())
}

#[cfg(test)]
mod tests;
