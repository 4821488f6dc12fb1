//! A finding: one problem a rule found, as data. Reporters format it; nothing else does.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule's stable id, e.g. `disclosure-late`.
    pub rule: String,
    pub severity: Severity,
    pub url: String,
    /// The page's title, when the finding is about one page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What an office must know and do, in Chinese.
    pub message: String,
    /// The facts behind the message.
    pub evidence: Map<String, Value>,
    /// Ids of the indicator-table rows the finding counts against (`4.2`).
    #[serde(default)]
    pub indicators: Vec<String>,
}

impl Finding {
    pub fn new(rule: &str, severity: Severity, url: &str, message: String) -> Self {
        Self {
            rule: rule.to_string(),
            severity,
            url: url.to_string(),
            title: None,
            message,
            evidence: Map::new(),
            indicators: Vec::new(),
        }
    }

    pub fn with_title(mut self, title: &str) -> Self {
        self.title = Some(title.to_string());
        self
    }

    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.evidence.insert(key.to_string(), value.into());
        self
    }
}
