//! What the history tells about runs: the values the store returns and the reports render.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::finding::Finding;

/// A portal as the history knows it: one key across every run, whether it was checked with
/// `gongkai check --db` or from a portfolio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Portal {
    /// The start URL, normalised (scheme and host lower-case, default port and fragment
    /// dropped, a directory index read as its folder).
    pub key: String,
    /// The portal's name in a portfolio (名单), else the site's own name when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub url: String,
    /// 责任单位, from the portfolio.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

impl Portal {
    /// Whether `text` names this portal: its key, its start URL (as given or as a key), or its
    /// name (as the store's queries match it, `query::portal_condition`).
    pub fn is_named(&self, text: &str) -> bool {
        self.key == text
            || self.key == crate::model::links::page_key(text)
            || self.url == text
            || self.name.as_deref() == Some(text)
    }

    pub fn of_url(url: &Url, name: Option<String>) -> Self {
        let mut normalised = url.clone();
        normalised.set_fragment(None);
        let key = crate::model::links::page_key_of(&normalised);
        Self {
            key,
            name,
            url: url.to_string(),
            unit: None,
        }
    }
}

/// Whether a recorded run finished: only a completed run is ever a baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Started and not (yet) committed: still going, or killed.
    Running,
    Completed,
}

/// A run, as other runs refer to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunRef {
    pub id: i64,
    /// When it started, RFC 3339 in UTC.
    pub started_at: String,
    pub as_of: NaiveDate,
}

/// This run against the portal's last completed run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffCounts {
    pub new: usize,
    pub open: usize,
    pub reopened: usize,
    pub fixed: usize,
    pub unverified: usize,
    /// The longest-open problem still found, in working days since it was first seen.
    pub longest_open_working_days: u32,
}

/// The `history` object of a recorded run's report.
#[derive(Debug, Clone, Serialize)]
pub struct HistorySection {
    /// This run's id in the store.
    pub run_id: i64,
    /// The baseline: the portal's last completed run (none for its first run).
    pub previous_run: Option<RunRef>,
    pub counts: DiffCounts,
    /// Problems of the baseline this run re-checked and no longer finds.
    pub fixed: Vec<Finding>,
    /// Problems of the baseline this run could not re-check; never counted as fixed.
    pub unverified: Vec<Finding>,
    /// The 交办单, 催办单 and 督办通知单 this run issued.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issued: Vec<crate::rectify::Notice>,
}

/// One recorded run, as `gongkai history` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct RunRow {
    pub id: i64,
    pub portal: Portal,
    pub started_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    pub as_of: NaiveDate,
    pub tool_version: String,
    pub status: RunStatus,
    /// The crawl covered the site (nothing cut it short).
    pub crawl_complete: bool,
    /// The indicator table's verified score, when scored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// A 单项否决 item failed.
    pub veto: bool,
    /// Violations found (severity error and warning).
    pub problems: usize,
    pub counts: DiffCounts,
}

/// `gongkai diff RUN RUN`: what changed between two runs of one portal.
#[derive(Debug, Clone, Serialize)]
pub struct RunDiff {
    pub from: RunRef,
    pub to: RunRef,
    /// Found by `to`, not by `from`.
    pub new: Vec<Finding>,
    /// Found by `from`, not by `to` (re-checked by `to`).
    pub fixed: Vec<Finding>,
    /// Found by `from`; `to` could not re-check it.
    pub unverified: Vec<Finding>,
    /// Found by both.
    pub still_open: Vec<Finding>,
}
