//! A finding: what a rule found, as data, with its [`Outcome`]: a violation, a verdict that
//! needs a person to confirm it, or a part the tool could not check (and why). Reporters format
//! it; nothing else does.

pub mod evidence;
pub mod fingerprint;

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::intern::SharedStr;

pub use evidence::Evidence;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn display(self) -> &'static str {
        match self {
            Severity::Error => "问题",
            Severity::Warning => "提醒",
            Severity::Info => "提示",
        }
    }
}

/// What a finding says about the portal. Only a violation deducts points or needs rectifying.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The portal breaks the rule; `severity` says how badly.
    #[default]
    Violation,
    /// The tool reached a verdict it cannot vouch for (e.g. a holiday year missing): a person
    /// must confirm it.
    NeedsReview,
    /// The part could not be checked (an unreadable attachment, a crawl cut short); `reason`
    /// says why. Never deducts, never counts as passed.
    NotChecked,
}

impl Outcome {
    pub fn display(self) -> &'static str {
        match self {
            Outcome::Violation => "问题",
            Outcome::NeedsReview => "需人工核查",
            Outcome::NotChecked => "未能检查",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule's stable id, e.g. `disclosure-late`: the registry's own string, not a copy,
    /// when a rule made the finding.
    pub rule: Cow<'static, str>,
    pub severity: Severity,
    #[serde(default)]
    pub outcome: Outcome,
    /// Why the part was not checked or needs review (for those outcomes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub url: String,
    /// The page's title, when the finding is about one page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<SharedStr>,
    /// What an office must know and do, in Chinese.
    pub message: String,
    /// The facts behind the message.
    pub evidence: Evidence,
    /// Ids of the indicator-table rows the finding counts against (`4.2`).
    #[serde(default)]
    pub indicators: Vec<SharedStr>,
    /// Identifies "the same problem" across runs: the rule and what it judged (page, column,
    /// report year …), never the wording or a number that drifts daily. Set by
    /// [`crate::rules::run`].
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fingerprint: String,
    /// Against the portal's last completed run, when the run is recorded in a history store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<FindingStatus>,
    /// The as-of day of the run that first found the problem (this time round, for a
    /// reopened one), when the run is recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<NaiveDate>,
    /// Its rectification record (责任部门, deadline, stage, document number), when the run is
    /// recorded and the finding is a problem. Boxed: most findings have none, and inline it
    /// would be two fifths of every finding (a large portal holds ~90,000 at once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rectification: Option<Box<crate::rectify::Rectification>>,
}

/// Where a problem stands against the last completed run of the same portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingStatus {
    /// Not found by the last completed run.
    New,
    /// Found by the last completed run too (since `first_seen`).
    Open,
    /// Found before, then fixed, and found again.
    Reopened,
    /// Found by the last completed run; this run re-checked it and no longer finds it.
    Fixed,
    /// Found by the last completed run; this run could not re-check it (page failed, crawl
    /// cut short, check not done). Never counted as fixed.
    Unverified,
}

impl FindingStatus {
    pub fn display(self) -> &'static str {
        match self {
            FindingStatus::New => "新发现",
            FindingStatus::Open => "仍未整改",
            FindingStatus::Reopened => "再次出现",
            FindingStatus::Fixed => "已整改",
            FindingStatus::Unverified => "未能复核",
        }
    }

    /// The name stored and written in JSON (`new`, `open` …).
    pub fn as_str(self) -> &'static str {
        match self {
            FindingStatus::New => "new",
            FindingStatus::Open => "open",
            FindingStatus::Reopened => "reopened",
            FindingStatus::Fixed => "fixed",
            FindingStatus::Unverified => "unverified",
        }
    }
}

impl Finding {
    pub fn new(
        rule: impl Into<Cow<'static, str>>,
        severity: Severity,
        url: &str,
        message: String,
    ) -> Self {
        Self {
            rule: rule.into(),
            severity,
            outcome: Outcome::Violation,
            reason: None,
            url: url.to_string(),
            title: None,
            message,
            evidence: Evidence::new(),
            indicators: Vec::new(),
            fingerprint: String::new(),
            status: None,
            first_seen: None,
            rectification: None,
        }
    }

    /// The page's title: given as the model's shared title, the finding shares it (a large
    /// portal's findings name tens of thousands of pages).
    pub fn with_title(mut self, title: impl Into<SharedStr>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Marks the finding as a part not checked, for `reason` (severity becomes info).
    pub fn not_checked(mut self, reason: impl Into<String>) -> Self {
        self.outcome = Outcome::NotChecked;
        self.severity = Severity::Info;
        self.reason = Some(reason.into());
        self
    }

    /// Marks the finding as a verdict a person must confirm, for `reason`.
    pub fn needs_review(mut self, reason: impl Into<String>) -> Self {
        self.outcome = Outcome::NeedsReview;
        self.reason = Some(reason.into());
        self
    }

    /// Gives back the room its texts were built with (a `format!` reserves up to twice what it
    /// writes): a run holds its findings, ~90,000 on a large portal, until the report is written.
    pub fn shrink_to_fit(&mut self) {
        self.message.shrink_to_fit();
        self.fingerprint.shrink_to_fit();
    }

    pub fn is_violation(&self) -> bool {
        self.outcome == Outcome::Violation
    }

    /// A problem to fix: a violation of severity error or warning (what runs count).
    pub fn is_problem(&self) -> bool {
        self.is_violation() && matches!(self.severity, Severity::Error | Severity::Warning)
    }

    /// How the reports label it: the severity for a violation, else the outcome.
    pub fn label(&self) -> &'static str {
        match self.outcome {
            Outcome::Violation => self.severity.display(),
            other => other.display(),
        }
    }

    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.evidence.insert(key, value.into());
        self
    }
}
