//! The 单项否决 summary of 国办秘函〔2019〕19号 for columns: a portal that reaches any of these
//! counts is 不合格 whatever its points. An item whose rule did not run, or that a cut-short
//! crawl may have undercounted, is not-checked (未检查), never 未触发.

use serde::Serialize;

use crate::checks::VetoThresholds;
use crate::crawl::coverage::CrawlCoverage;
use crate::finding::Finding;
use crate::rules::Selection;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VetoStatus {
    /// Counted, below the threshold.
    Pass,
    /// Counted, at or above the threshold: 不合格.
    Fail,
    /// Not counted: the rule did not run, or the crawl did not cover the site.
    NotChecked,
}

#[derive(Debug, Clone, Serialize)]
pub struct VetoItem {
    pub id: &'static str,
    pub name: &'static str,
    pub count: usize,
    pub threshold: usize,
    /// The rule whose findings it counts.
    #[serde(skip)]
    pub rule: &'static str,
    pub triggered: bool,
    pub status: VetoStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VetoSummary {
    pub basis: &'static str,
    pub items: Vec<VetoItem>,
    /// Any item reached: the portal would fail outright.
    pub triggered: bool,
    /// Some item could not be counted.
    pub incomplete: bool,
}

pub fn summarize(
    findings: &[Finding],
    thresholds: &VetoThresholds,
    selection: &Selection,
    coverage: &CrawlCoverage,
) -> VetoSummary {
    let stale: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule == "column-stale")
        .collect();
    let news_notice = stale
        .iter()
        .filter(|f| {
            f.evidence
                .get("class")
                .and_then(|c| c.as_str())
                .is_some_and(|class| {
                    thresholds
                        .stale_news_notice_classes
                        .iter()
                        .any(|c| c == class)
                })
        })
        .count();
    let empty = findings.iter().filter(|f| f.rule == "column-empty").count();
    let item = |id, name, count, threshold, rule: &'static str| {
        let triggered = count >= threshold;
        let reason = if !selection.wants(rule) {
            Some(format!("规则 {rule} 未选用，未统计"))
        } else if !triggered && !coverage.complete {
            Some(format!("{}，未抓取的栏目未统计", coverage.reason()))
        } else {
            None
        };
        let status = match (triggered, &reason) {
            (true, _) if selection.wants(rule) => VetoStatus::Fail,
            (_, Some(_)) => VetoStatus::NotChecked,
            _ => VetoStatus::Pass,
        };
        VetoItem {
            id,
            name,
            count,
            threshold,
            rule,
            triggered: status == VetoStatus::Fail,
            status,
            reason,
        }
    };
    let items = vec![
        item(
            "stale-news-notice",
            "动态要闻类（2周）、通知公告政策文件类（6个月）栏目未更新",
            news_notice,
            thresholds.stale_news_notice,
            "column-stale",
        ),
        item(
            "stale-total",
            "应更新但长期未更新的栏目",
            stale.len(),
            thresholds.stale_total,
            "column-stale",
        ),
        item("empty", "空白栏目", empty, thresholds.empty, "column-empty"),
    ];
    VetoSummary {
        basis: "国办秘函〔2019〕19号 单项否决指标“栏目不更新”",
        triggered: items.iter().any(|i| i.triggered),
        incomplete: items.iter().any(|i| i.status == VetoStatus::NotChecked),
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    fn thresholds() -> VetoThresholds {
        VetoThresholds {
            stale_news_notice_classes: vec![],
            stale_news_notice: 5,
            stale_total: 10,
            empty: 2,
        }
    }

    fn empty_column() -> Finding {
        Finding::new(
            "column-empty",
            Severity::Error,
            "http://x.gov.cn/a/",
            "m".into(),
        )
    }

    #[test]
    fn an_item_not_counted_is_not_checked_never_passed() {
        let all = Selection::default();
        let full = CrawlCoverage::full();
        let summary = summarize(&[], &thresholds(), &all, &full);
        assert!(summary.items.iter().all(|i| i.status == VetoStatus::Pass));
        assert!(!summary.incomplete);

        let ignore_stale = Selection {
            select: vec![],
            ignore: vec!["column-stale".into()],
        };
        let summary = summarize(&[], &thresholds(), &ignore_stale, &full);
        let statuses: Vec<VetoStatus> = summary.items.iter().map(|i| i.status).collect();
        use VetoStatus::*;
        assert_eq!(statuses, [NotChecked, NotChecked, Pass]);
        assert!(summary.incomplete && !summary.triggered);

        let cut = CrawlCoverage {
            complete: false,
            reasons: vec!["达到页数上限".into()],
        };
        let findings = [empty_column(), empty_column()];
        let summary = summarize(&findings, &thresholds(), &all, &cut);
        let statuses: Vec<VetoStatus> = summary.items.iter().map(|i| i.status).collect();
        assert_eq!(
            statuses,
            [NotChecked, NotChecked, Fail],
            "a count reached stands"
        );
        assert!(summary.triggered);
    }
}
