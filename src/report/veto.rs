//! The 单项否决 summary of 国办秘函〔2019〕19号 for columns: a portal that reaches any of these
//! counts is 不合格 whatever its points.

use serde::Serialize;

use crate::checks::VetoThresholds;
use crate::finding::Finding;

#[derive(Debug, Clone, Serialize)]
pub struct VetoItem {
    pub id: &'static str,
    pub name: &'static str,
    pub count: usize,
    pub threshold: usize,
    pub triggered: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct VetoSummary {
    pub basis: &'static str,
    pub items: Vec<VetoItem>,
    /// Any item reached: the portal would fail outright.
    pub triggered: bool,
}

pub fn summarize(findings: &[Finding], thresholds: &VetoThresholds) -> VetoSummary {
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
    let item = |id, name, count, threshold| VetoItem {
        id,
        name,
        count,
        threshold,
        triggered: count >= threshold,
    };
    let items = vec![
        item(
            "stale-news-notice",
            "动态要闻类（2周）、通知公告政策文件类（6个月）栏目未更新",
            news_notice,
            thresholds.stale_news_notice,
        ),
        item(
            "stale-total",
            "应更新但长期未更新的栏目",
            stale.len(),
            thresholds.stale_total,
        ),
        item("empty", "空白栏目", empty, thresholds.empty),
    ];
    VetoSummary {
        basis: "国办秘函〔2019〕19号 单项否决指标“栏目不更新”",
        triggered: items.iter().any(|i| i.triggered),
        items,
    }
}
