//! The report: one value holding everything a run found, and emitters that write it out.
//! JSON is the stable machine format; `indicators` is filled by the indicator-table reporter.

pub mod bulletin;
pub mod diff;
pub mod history;
pub mod html;
mod html_history;
pub mod lead;
pub mod ledger;
pub(crate) mod markup;
pub mod model_section;
pub mod rectification;
pub mod rule_docs;
mod sheet_style;
pub mod summary;
pub mod tables;
pub mod text;
pub mod veto;

use chrono::NaiveDate;
use serde::Serialize;

use crate::crawl::{CrawlError, CrawlStats};
use crate::finding::{Finding, Outcome, Severity};
use crate::indicators::score::{RowResult, Scorecard};
use crate::model::Site;
use crate::period::Period;
use crate::rules::{Coverage, REGISTRY, RuleInfo};

#[derive(Debug, Clone, Serialize)]
pub struct ToolInfo {
    pub name: &'static str,
    pub version: &'static str,
}

impl ToolInfo {
    pub fn this() -> Self {
        Self {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    /// Where the crawl started (a URL, or the mirrored site's URL for a folder).
    pub start_url: String,
    /// The folder read, for a saved mirror.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mirror: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_code: Option<String>,
}

/// What was checked, for when, over which period.
#[derive(Debug, Clone, Serialize)]
pub struct RunHeader {
    pub site: SiteInfo,
    pub as_of: NaiveDate,
    pub period: Period,
}

#[derive(Debug, Clone, Serialize)]
pub struct CrawlSection {
    /// The crawl covered the site: nothing stopped it early.
    pub complete: bool,
    /// Why not: which limit stopped it, how many links were left, pages that failed.
    pub incomplete_reasons: Vec<String>,
    pub stats: CrawlStats,
    pub errors: Vec<CrawlError>,
    pub warnings: Vec<String>,
    /// The start page did not open: what went wrong. The report then holds only what can be
    /// said without the site (a `site-unreachable` finding, every other part not checked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_failed: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub findings: usize,
    /// Violations of severity error / warning.
    pub errors: usize,
    pub warnings: usize,
    /// Findings a person must confirm, and parts the tool could not check.
    pub needs_review: usize,
    pub not_checked: usize,
    pub columns: usize,
    pub articles: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub tool: ToolInfo,
    #[serde(flatten)]
    pub header: RunHeader,
    pub crawl: CrawlSection,
    /// The site model: a summary, or the whole of it (`--full-model`).
    pub model: model_section::ModelSection,
    pub findings: Vec<Finding>,
    /// 政策解读 coverage: documents needing interpretation, interpreted, on time.
    pub interpretation: Coverage,
    /// The 单项否决 status of 国办秘函〔2019〕19号 for columns.
    pub veto: veto::VetoSummary,
    /// Every row of the indicator table with its status and score.
    pub indicators: Vec<RowResult>,
    pub score: Scorecard,
    /// Other indicator tables scored beside the main one (e.g. the national 19号 table beside
    /// the locality's), each with its rows and scorecard.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_scored: Vec<TableScore>,
    pub rectification: RectificationInfo,
    pub totals: Totals,
    /// Run-level notes: calendar years missing, unreadable configuration …
    pub warnings: Vec<String>,
    /// Against the portal's last completed run, when the run is recorded in a history store.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<crate::history::HistorySection>,
}

/// A table scored beside the main one.
#[derive(Debug, Clone, Serialize)]
pub struct TableScore {
    pub rows: Vec<RowResult>,
    pub score: Scorecard,
}

/// How the 整改清单 routes and dates problems.
#[derive(Debug, Clone, Serialize)]
pub struct RectificationInfo {
    /// `--as-of` plus `working_days` on the holiday calendar.
    pub deadline: NaiveDate,
    pub working_days: u32,
    /// 责任部门 of problems that map to no indicator row.
    pub default_department: String,
}

impl Totals {
    pub fn of(findings: &[Finding], model: &Site) -> Self {
        let violations = |severity| {
            findings
                .iter()
                .filter(|f| f.is_violation() && f.severity == severity)
                .count()
        };
        let outcome = |outcome| findings.iter().filter(|f| f.outcome == outcome).count();
        Self {
            findings: findings.len(),
            errors: violations(Severity::Error),
            warnings: violations(Severity::Warning),
            needs_review: outcome(Outcome::NeedsReview),
            not_checked: outcome(Outcome::NotChecked),
            columns: model.columns.len(),
            articles: model.articles.len(),
        }
    }
}

impl Report {
    /// The findings grouped by rule, in registry order; rules without findings left out.
    pub fn findings_by_rule(&self) -> Vec<(RuleInfo, Vec<&Finding>)> {
        REGISTRY
            .iter()
            .map(|rule| {
                let findings: Vec<&Finding> = self
                    .findings
                    .iter()
                    .filter(|f| f.rule == rule.info.id)
                    .collect();
                (rule.info, findings)
            })
            .filter(|(_, findings)| !findings.is_empty())
            .collect()
    }

    /// The line every format opens with when the crawl did not cover the site.
    pub fn crawl_note(&self) -> Option<String> {
        if self.crawl.complete {
            return None;
        }
        let nothing = if self.crawl.stats.pages_fetched == 0 {
            "未抓取到任何页面；"
        } else {
            ""
        };
        Some(format!(
            "注意：抓取不完整，{nothing}{}。依据“找不到”得出的结论（缺少栏目、未发布年报、未解读等）未作判断，列为未能检查",
            self.crawl.incomplete_reasons.join("；")
        ))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("report serialises")
    }

    /// Writes the JSON report to `out` as it is serialised, never whole in memory.
    pub fn write_json(&self, out: impl std::io::Write) -> std::io::Result<()> {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        serde_json::to_writer_pretty(&mut out, self)?;
        std::io::Write::flush(&mut out)
    }
}
