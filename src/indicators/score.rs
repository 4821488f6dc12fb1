//! Scoring: findings mapped onto the indicator table. A row fed by rules passes or loses
//! points (never more than it has); a row no rule covers, or whose verdict needs a person, is
//! manual — listed for the 台账, never silently counted as full marks or zero; a row whose rules
//! were deselected or could not run (a not-checked finding) is not-checked: it neither deducts
//! nor passes, and is never counted as met. A person's declaration (自报, `declared`) then
//! scores a manual row: met → its points, not met → 0, marked as not verified by the tool.

use serde::Serialize;

pub use super::evidence::EvidenceLink;
use super::evidence::look_up;
use super::{IndicatorTable, row_id};
use crate::crawl::coverage::CrawlCoverage;
use crate::finding::{Finding, Outcome};
use crate::model::Site;
use crate::model::intern::SharedStr;
use crate::rules::Selection;

/// Why rows of deselected rules are not checked, in the score summary.
const DESELECTED: &str = "规则未选用（--select/--ignore）";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    Manual,
    NotChecked,
}

impl Status {
    pub fn display(self) -> &'static str {
        match self {
            Status::Pass => "达标",
            Status::Fail => "扣分",
            Status::Manual => "人工核查",
            Status::NotChecked => "未能检查",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RowResult {
    /// `4.2`: the row's place in the table (一级指标 number . row number).
    pub id: String,
    pub category: String,
    pub group: String,
    pub item: String,
    pub department: String,
    pub tasks: String,
    pub points: f64,
    pub deducted: f64,
    /// Points kept; `None` for rows the tool cannot score (manual, not-checked) unless a
    /// person declared a manual row (`declared`): then its points or 0.
    pub score: Option<f64>,
    pub status: Status,
    /// Why a row is not-checked (or manual because a verdict needs review).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub rules: Vec<String>,
    /// Indices into the report's `findings` (every outcome).
    pub findings: Vec<usize>,
    /// How many of them are violations.
    pub violations: usize,
    /// For manual rows: what the tool looked for on the portal and what it found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence_links: Vec<EvidenceLink>,
    /// For manual rows: the 台账 evidence a person declared (自报, 未经工具核验), in force.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared: Option<crate::rectify::Declaration>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryResult {
    pub name: String,
    pub points: f64,
    pub deducted: f64,
    /// Points of rows the tool checked.
    pub verified_points: f64,
    /// Points of rows the tool could not check.
    pub not_checked_points: f64,
    /// Points of manual rows a person declared met / not met (自报).
    pub declared_met_points: f64,
    pub declared_not_met_points: f64,
    pub adjustment: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Scorecard {
    pub table: String,
    pub source: String,
    pub note: String,
    pub total_points: f64,
    pub deducted: f64,
    /// Points of the rows the tool could check.
    pub verified_points: f64,
    /// `verified_points - deducted`.
    pub verified_score: f64,
    /// Points of manual rows still waiting for a person (no declaration in force).
    pub manual_points: f64,
    /// Points of manual rows a person declared met (自报, 未经工具核验): counted in the
    /// complete score.
    pub declared_met_points: f64,
    /// Points of manual rows a person declared not met (自报): 0 in the complete score.
    pub declared_not_met_points: f64,
    /// Points of rows the tool could not check this run (rules deselected, not run).
    pub not_checked_points: f64,
    /// Why, one line per distinct reason.
    pub not_checked_reasons: Vec<String>,
    /// `verified_score + declared_met_points + manual_points`: the score if every manual row
    /// still waiting for a person is met; not-checked rows are never counted.
    pub score_if_manual_met: f64,
    /// `verified_score + declared_met_points`, once no manual row waits for a person (every
    /// one declared): the self-assessment's score, part of it self-declared. Not-checked rows
    /// are never counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complete_score: Option<f64>,
    /// 单项否决 reached: 不合格 whatever the points.
    pub vetoed: bool,
    pub categories: Vec<CategoryResult>,
    /// 合格 / 不合格 / 待人工判断, for a table with a pass mark (set by the run, which knows the
    /// 单项否决 items' state).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<super::verdict::Verdict>,
}

/// Scores `findings` on `table`; returns the rows and the scorecard, and records on each
/// finding the ids of the rows it maps to.
pub fn score(
    table: &IndicatorTable,
    findings: &mut [Finding],
    site: &Site,
    selection: &Selection,
    coverage: &CrawlCoverage,
    vetoed: bool,
) -> (Vec<RowResult>, Scorecard) {
    let mut rows = Vec::new();
    let mut categories = Vec::new();
    let mut manual_points = 0.0;
    let mut not_checked_points = 0.0;
    let mut not_checked_reasons = Vec::new();
    let mut vetoed = vetoed;
    for (ci, category) in table.category.iter().enumerate() {
        let mut result = CategoryResult {
            name: category.name.get_ref().clone(),
            points: category.points,
            deducted: 0.0,
            verified_points: 0.0,
            not_checked_points: 0.0,
            declared_met_points: 0.0,
            declared_not_met_points: 0.0,
            adjustment: category.adjustment,
        };
        for (ri, row) in category.row.iter().enumerate() {
            let id = row_id(ci, ri);
            // One copy of the row's id, shared by every finding counted against it.
            let shared_id = SharedStr::from(id.as_str());
            let rules: Vec<String> = row.rules.iter().map(|r| r.id.get_ref().clone()).collect();
            let mut hits = Vec::new();
            let mut violations = 0;
            let mut deducted = 0.0;
            // Why the row is not checked: in its own words, and for the summary.
            let mut unchecked: Vec<String> = Vec::new();
            let mut not_run: Vec<String> = Vec::new();
            let mut finding_reasons: Vec<String> = Vec::new();
            let mut review: Vec<String> = Vec::new();
            for (fi, finding) in findings.iter_mut().enumerate() {
                if let Some(weight) = row.rules.iter().find(|r| *r.id.get_ref() == finding.rule) {
                    hits.push(fi);
                    // One row of room at a time: a finding counts against one row or two,
                    // and a first push would give each of ~90,000 findings room for four.
                    finding.indicators.reserve_exact(1);
                    finding.indicators.push(shared_id.clone());
                    let reason = finding.reason.clone().unwrap_or_default();
                    match finding.outcome {
                        Outcome::Violation => {
                            violations += 1;
                            deducted += weight.deduct;
                        }
                        Outcome::NotChecked => {
                            push_new(&mut finding_reasons, reason.clone());
                            push_new(&mut unchecked, reason);
                        }
                        Outcome::NeedsReview => push_new(&mut review, reason),
                    }
                }
            }
            let deducted = deducted.min(row.points);
            let deselected: Vec<&str> = rules
                .iter()
                .filter(|r| !selection.wants(r))
                .map(String::as_str)
                .collect();
            if !deselected.is_empty() {
                push_new(&mut not_run, DESELECTED.to_string());
                let which = format!("规则 {} 未选用（--select/--ignore）", deselected.join("、"));
                unchecked.insert(0, which);
            }
            if !coverage.complete {
                push_new(&mut not_run, coverage.reason());
            }
            let (status, reason) = if rules.is_empty() {
                (Status::Manual, None)
            } else if deselected.len() == rules.len() {
                (Status::NotChecked, Some(unchecked.join("；")))
            } else if violations > 0 {
                (Status::Fail, None)
            } else if !unchecked.is_empty() || !coverage.complete {
                if !coverage.complete {
                    push_new(&mut unchecked, coverage.reason());
                }
                (Status::NotChecked, Some(unchecked.join("；")))
            } else if !review.is_empty() {
                (Status::Manual, Some(review.join("；")))
            } else {
                (Status::Pass, None)
            };
            match status {
                Status::Manual if !category.adjustment => manual_points += row.points,
                Status::NotChecked if !category.adjustment => {
                    not_checked_points += row.points;
                    result.not_checked_points += row.points;
                    // The summary says why in general; which rules, per row.
                    let general = not_run.iter().chain(&finding_reasons);
                    for r in general {
                        push_new(&mut not_checked_reasons, r.clone());
                    }
                }
                _ => {}
            }
            vetoed |= category.veto && status == Status::Fail;
            let checked = matches!(status, Status::Pass | Status::Fail);
            if checked {
                result.deducted += deducted;
                result.verified_points += row.points;
            }
            let (evidence, evidence_links) = match (&row.look_for, status) {
                (Some(look), Status::Manual) => look_up(site, &look.words, &look.what),
                _ => (None, Vec::new()),
            };
            rows.push(RowResult {
                id,
                category: result.name.clone(),
                group: row.group.clone(),
                item: row.item.clone(),
                department: row.department.clone(),
                tasks: row.tasks.clone(),
                points: row.points,
                deducted: if checked { deducted } else { 0.0 },
                score: checked.then_some(row.points - deducted),
                status,
                reason,
                rules,
                findings: hits,
                violations,
                evidence,
                evidence_links,
                declared: None,
            });
        }
        categories.push(result);
    }
    let scored = categories.iter().filter(|c| !c.adjustment);
    let deducted: f64 = scored.clone().map(|c| c.deducted).sum();
    let verified_points: f64 = scored.map(|c| c.verified_points).sum();
    let total_points = table.total_points();
    let verified_score = verified_points - deducted;
    let mut card = Scorecard {
        table: table.title.clone(),
        source: table.source.clone(),
        note: table.note.clone(),
        total_points,
        deducted,
        verified_points,
        verified_score,
        manual_points,
        declared_met_points: 0.0,
        declared_not_met_points: 0.0,
        not_checked_points,
        not_checked_reasons,
        score_if_manual_met: 0.0,
        complete_score: None,
        vetoed,
        categories,
        verdict: None,
    };
    card.finish();
    (rows, card)
}

impl Scorecard {
    /// Sets the sums that follow from the others: the score if every waiting manual row is
    /// met, and the complete score once none waits.
    pub(super) fn finish(&mut self) {
        let known = self.verified_score + self.declared_met_points;
        self.score_if_manual_met = known + self.manual_points;
        self.complete_score = (self.manual_points.abs() < 1e-9).then_some(known);
    }

    /// Points a person declared (met and not met).
    pub fn declared_points(&self) -> f64 {
        self.declared_met_points + self.declared_not_met_points
    }
}

fn push_new(list: &mut Vec<String>, item: String) {
    if !item.is_empty() && !list.contains(&item) {
        list.push(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::rules::testing::{list_page, site};

    fn finding(rule: &'static str) -> Finding {
        Finding::new(rule, Severity::Error, "http://x.gov.cn/a.html", "m".into())
    }

    #[test]
    fn rows_pass_fail_and_are_capped() {
        let table = IndicatorTable::builtin();
        let site = site(&[]);
        let mut findings: Vec<Finding> = (0..8).map(|_| finding("disclosure-late")).collect();
        let (rows, card) = score(
            &table,
            &mut findings,
            &site,
            &Selection::default(),
            &CrawlCoverage::full(),
            false,
        );
        let late = rows
            .iter()
            .find(|r| r.rules.contains(&"disclosure-late".to_string()))
            .unwrap();
        assert_eq!(late.id, "4.2");
        assert_eq!(late.status, Status::Fail);
        assert_eq!(
            (late.points, late.deducted, late.score),
            (6.0, 6.0, Some(0.0)),
            "capped at the row's points"
        );
        assert_eq!(findings[0].indicators, vec![SharedStr::from("4.2")]);
        let guide = rows.iter().find(|r| r.id == "4.1").unwrap();
        assert_eq!(guide.status, Status::Pass);
        assert_eq!(guide.score, Some(6.0));
        assert_eq!(card.deducted, 6.0);
        assert_eq!(card.verified_points, 24.0);
        assert_eq!(card.verified_score, 18.0);
        assert_eq!(card.score_if_manual_met, 94.0);
    }

    #[test]
    fn uncovered_rows_are_manual_and_unselected_rules_not_checked() {
        let table = IndicatorTable::builtin();
        let site = site(&[]);
        let selection = Selection {
            select: vec!["disclosure-late".into()],
            ignore: vec![],
        };
        let (rows, _) = score(
            &table,
            &mut [],
            &site,
            &selection,
            &CrawlCoverage::full(),
            false,
        );
        let first = &rows[0];
        assert_eq!((first.status, first.score), (Status::Manual, None));
        assert_eq!(
            rows.iter().find(|r| r.id == "3.1").unwrap().status,
            Status::NotChecked
        );
        // 4.2 is also fed by disclosure-date-missing: half its rules ran, so it is not passed.
        let late = rows.iter().find(|r| r.id == "4.2").unwrap();
        assert_eq!(late.status, Status::NotChecked);
        assert!(
            late.reason
                .as_deref()
                .unwrap()
                .contains("disclosure-date-missing")
        );
        let both = Selection {
            select: vec!["disclosure-late".into(), "disclosure-date-missing".into()],
            ignore: vec![],
        };
        let (rows, _) = score(&table, &mut [], &site, &both, &CrawlCoverage::full(), false);
        let late = rows.iter().find(|r| r.id == "4.2").unwrap();
        assert_eq!((late.status, late.score), (Status::Pass, Some(6.0)));
    }

    #[test]
    fn not_checked_findings_never_deduct_nor_pass() {
        let table = IndicatorTable::builtin();
        let site = site(&[]);
        let mut findings = vec![finding("annual-report-missing").not_checked("抓取未覆盖全站")];
        let (rows, card) = score(
            &table,
            &mut findings,
            &site,
            &Selection::default(),
            &CrawlCoverage::full(),
            false,
        );
        let row = rows.iter().find(|r| r.id == "4.1").unwrap();
        assert_eq!(
            (row.status, row.score, row.deducted),
            (Status::NotChecked, None, 0.0)
        );
        assert_eq!(row.reason.as_deref(), Some("抓取未覆盖全站"));
        assert_eq!(findings[0].indicators, vec![SharedStr::from("4.1")]);
        assert_eq!((card.deducted, card.not_checked_points), (0.0, 6.0));
        assert_eq!(card.not_checked_reasons, vec!["抓取未覆盖全站".to_string()]);
        assert_eq!(
            card.score_if_manual_met,
            card.verified_score + card.manual_points
        );
    }

    #[test]
    fn manual_rows_say_what_was_looked_for() {
        let table = IndicatorTable::builtin();
        let site = site(&[(
            "http://x.gov.cn/zd/",
            list_page(
                "政府信息公开制度",
                &[("/zd/1.html", "本局政府信息公开保密审查制度", "2024-03-06")],
            ),
        )]);
        let (rows, _) = score(
            &table,
            &mut [],
            &site,
            &Selection::default(),
            &CrawlCoverage::full(),
            false,
        );
        let secrecy = rows
            .iter()
            .find(|r| r.item == "政府信息发布保密审查制度")
            .unwrap();
        assert!(
            secrecy
                .evidence
                .as_deref()
                .unwrap()
                .contains("找到网站上公开的保密审查制度1处"),
            "{:?}",
            secrecy.evidence
        );
        assert_eq!(secrecy.evidence_links[0].url, "http://x.gov.cn/zd/1.html");
        let split = rows
            .iter()
            .find(|r| r.item.starts_with("政务公开列入领导工作分工"))
            .unwrap();
        assert!(
            split
                .evidence
                .as_deref()
                .unwrap()
                .starts_with("未在网站上找到")
        );
    }
}
