//! Scoring: findings mapped onto the indicator table. A row fed by rules passes or loses
//! points (never more than it has); a row no rule covers is manual — listed for the 台账, never
//! silently counted as full marks or zero; a row whose rules did not run is not-checked.

use serde::Serialize;

use super::{IndicatorTable, row_id};
use crate::finding::Finding;
use crate::model::Site;
use crate::rules::Selection;

/// Matches shown as evidence for a manual row.
const EVIDENCE_LIMIT: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
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
            Status::NotChecked => "未检查",
        }
    }
}

/// A page found for a manual row.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceLink {
    pub title: String,
    pub url: String,
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
    /// Points kept; `None` for rows the tool cannot score (manual, not-checked).
    pub score: Option<f64>,
    pub status: Status,
    pub rules: Vec<String>,
    /// Indices into the report's `findings`.
    pub findings: Vec<usize>,
    /// For manual rows: what the tool looked for on the portal and what it found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence_links: Vec<EvidenceLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryResult {
    pub name: String,
    pub points: f64,
    pub deducted: f64,
    /// Points of rows the tool checked.
    pub verified_points: f64,
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
    /// `total_points - deducted`: the score if every manual row is met.
    pub score_if_manual_met: f64,
    /// 单项否决 reached: 不合格 whatever the points.
    pub vetoed: bool,
    pub categories: Vec<CategoryResult>,
}

/// Scores `findings` on `table`; returns the rows and the scorecard, and records on each
/// finding the ids of the rows it maps to.
pub fn score(
    table: &IndicatorTable,
    findings: &mut [Finding],
    site: &Site,
    selection: &Selection,
    vetoed: bool,
) -> (Vec<RowResult>, Scorecard) {
    let mut rows = Vec::new();
    let mut categories = Vec::new();
    let mut vetoed = vetoed;
    for (ci, category) in table.category.iter().enumerate() {
        let mut result = CategoryResult {
            name: category.name.get_ref().clone(),
            points: category.points,
            deducted: 0.0,
            verified_points: 0.0,
            adjustment: category.adjustment,
        };
        for (ri, row) in category.row.iter().enumerate() {
            let id = row_id(ci, ri);
            let rules: Vec<String> = row.rules.iter().map(|r| r.id.get_ref().clone()).collect();
            let mut hits = Vec::new();
            let mut deducted = 0.0;
            for (fi, finding) in findings.iter_mut().enumerate() {
                if let Some(weight) = row.rules.iter().find(|r| *r.id.get_ref() == finding.rule) {
                    hits.push(fi);
                    deducted += weight.deduct;
                    finding.indicators.push(id.clone());
                }
            }
            let deducted = deducted.min(row.points);
            let status = if rules.is_empty() {
                Status::Manual
            } else if !rules.iter().any(|r| selection.wants(r)) {
                Status::NotChecked
            } else if hits.is_empty() {
                Status::Pass
            } else {
                Status::Fail
            };
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
                rules,
                findings: hits,
                evidence,
                evidence_links,
            });
        }
        categories.push(result);
    }
    let scored = categories.iter().filter(|c| !c.adjustment);
    let deducted: f64 = scored.clone().map(|c| c.deducted).sum();
    let verified_points: f64 = scored.map(|c| c.verified_points).sum();
    let total_points = table.total_points();
    let card = Scorecard {
        table: table.title.clone(),
        source: table.source.clone(),
        note: table.note.clone(),
        total_points,
        deducted,
        verified_points,
        verified_score: verified_points - deducted,
        score_if_manual_met: total_points - deducted,
        vetoed,
        categories,
    };
    (rows, card)
}

/// Pages whose title, column name or list entry contains one of `words`.
fn look_up(site: &Site, words: &[String], what: &str) -> (Option<String>, Vec<EvidenceLink>) {
    let contains = |text: &str| words.iter().any(|w| text.contains(w.as_str()));
    let mut links: Vec<EvidenceLink> = Vec::new();
    let mut push = |title: &str, url: &str| {
        if !links.iter().any(|l| l.url == url) {
            links.push(EvidenceLink {
                title: title.to_string(),
                url: url.to_string(),
            });
        }
    };
    for column in &site.columns {
        if contains(&column.name) {
            push(&column.name, &column.url);
        }
        for entry in column.entries.iter().filter(|e| contains(&e.title)) {
            push(&entry.title, &entry.url);
        }
    }
    for article in site.articles.iter().filter(|a| contains(a.title())) {
        push(article.title(), &article.url);
    }
    for node in site.tree_nodes().into_iter().filter(|n| contains(&n.name)) {
        if let Some(url) = &node.url {
            push(&node.name, url);
        }
    }
    let keywords = words.join("、");
    let text = match links.len() {
        0 => format!("未在网站上找到{what}（查找关键词：{keywords}），请人工核查并准备台账"),
        n => format!(
            "在网站上找到{what}{n}处（查找关键词：{keywords}），如《{}》；请人工核查是否符合要求",
            links[0].title
        ),
    };
    links.truncate(EVIDENCE_LIMIT);
    (Some(text), links)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::rules::testing::{list_page, site};

    fn finding(rule: &str) -> Finding {
        Finding::new(rule, Severity::Error, "http://x.gov.cn/a.html", "m".into())
    }

    #[test]
    fn rows_pass_fail_and_are_capped() {
        let table = IndicatorTable::builtin();
        let site = site(&[]);
        let mut findings: Vec<Finding> = (0..8).map(|_| finding("disclosure-late")).collect();
        let (rows, card) = score(&table, &mut findings, &site, &Selection::default(), false);
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
        assert_eq!(findings[0].indicators, vec!["4.2".to_string()]);
        let guide = rows.iter().find(|r| r.id == "4.1").unwrap();
        assert_eq!(guide.status, Status::Pass);
        assert_eq!(guide.score, Some(6.0));
        assert_eq!(card.deducted, 6.0);
        assert_eq!(card.verified_points, 22.0);
        assert_eq!(card.verified_score, 16.0);
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
        let (rows, _) = score(&table, &mut [], &site, &selection, false);
        let first = &rows[0];
        assert_eq!((first.status, first.score), (Status::Manual, None));
        assert_eq!(
            rows.iter().find(|r| r.id == "3.1").unwrap().status,
            Status::NotChecked
        );
        assert_eq!(
            rows.iter().find(|r| r.id == "4.2").unwrap().status,
            Status::Pass
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
        let (rows, _) = score(&table, &mut [], &site, &Selection::default(), false);
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
