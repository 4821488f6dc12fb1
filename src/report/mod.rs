//! The report: one value holding everything a run found, and emitters that write it out.
//! JSON is the stable machine format; `indicators` is filled by the indicator-table reporter.

pub mod text;
pub mod veto;

use chrono::NaiveDate;
use serde::Serialize;

use crate::crawl::{CrawlError, CrawlStats};
use crate::finding::{Finding, Severity};
use crate::model::Site;
use crate::period::Period;

#[derive(Debug, Clone, Serialize)]
pub struct ToolInfo {
    pub name: &'static str,
    pub version: &'static str,
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
    pub stats: CrawlStats,
    pub errors: Vec<CrawlError>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub columns: usize,
    pub articles: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub tool: ToolInfo,
    #[serde(flatten)]
    pub header: RunHeader,
    pub crawl: CrawlSection,
    pub model: Site,
    pub findings: Vec<Finding>,
    /// The 单项否决 status of 国办秘函〔2019〕19号 for columns.
    pub veto: veto::VetoSummary,
    /// The indicator table with scores (filled once an indicator table is applied).
    pub indicators: Vec<serde_json::Value>,
    pub totals: Totals,
    /// Run-level notes: calendar years missing, unreadable configuration …
    pub warnings: Vec<String>,
}

impl Report {
    pub fn new(
        header: RunHeader,
        crawl: CrawlSection,
        model: Site,
        findings: Vec<Finding>,
        veto: veto::VetoSummary,
        warnings: Vec<String>,
    ) -> Self {
        let totals = Totals {
            findings: findings.len(),
            errors: findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count(),
            warnings: findings
                .iter()
                .filter(|f| f.severity == Severity::Warning)
                .count(),
            columns: model.columns.len(),
            articles: model.articles.len(),
        };
        Self {
            tool: ToolInfo {
                name: env!("CARGO_PKG_NAME"),
                version: env!("CARGO_PKG_VERSION"),
            },
            header,
            crawl,
            model,
            findings,
            veto,
            indicators: Vec::new(),
            totals,
            warnings,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("report serialises")
    }
}
