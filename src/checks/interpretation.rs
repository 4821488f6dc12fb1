//! `checks/interpretation.toml`: which documents need a 政策解读, where interpretations live,
//! and how late one may come.

use std::path::Path;

use regex::Regex;
use serde::Deserialize;

use crate::error::{ConfigError, FileKind};
use crate::finding::Severity;
use crate::text::{NameSet, normalize_name};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    normative_columns: Vec<String>,
    policy_columns: Vec<String>,
    normative_markers: Vec<String>,
    interpretation_columns: Vec<String>,
    interpretation_words: Vec<String>,
    back_link_words: Vec<String>,
    late_working_days: u32,
    other_policy_severity: Severity,
}

#[derive(Debug, Clone)]
pub struct InterpretationChecks {
    pub normative_columns: NameSet,
    pub policy_columns: NameSet,
    pub normative_markers: Vec<Regex>,
    pub interpretation_columns: NameSet,
    pub interpretation_words: Vec<String>,
    /// Link texts on an interpretation that point back to its document (政策原文 …).
    pub back_link_words: Vec<String>,
    pub late_working_days: u32,
    pub other_policy_severity: Severity,
}

/// What the columns of an article's column path make it, by the names configured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ColumnRoles {
    /// Under a 规范性文件 / 规章 column.
    pub normative: bool,
    /// Under another policy-document column.
    pub policy: bool,
    /// Under a 政策解读 column.
    pub interpretation: bool,
}

impl InterpretationChecks {
    pub(crate) fn parse(text: &str, file: &Path) -> Result<Self, ConfigError> {
        let raw: File = super::parse(text, file, FileKind::Checks)?;
        let normative_markers = raw
            .normative_markers
            .iter()
            .map(|p| {
                Regex::new(p).map_err(|e| {
                    let message = format!("normative_markers 中的“{p}”不是有效的正则表达式：{e}");
                    ConfigError::new(FileKind::Checks, file, message)
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            normative_columns: NameSet::new(raw.normative_columns),
            policy_columns: NameSet::new(raw.policy_columns),
            normative_markers,
            interpretation_columns: NameSet::new(raw.interpretation_columns),
            interpretation_words: raw.interpretation_words,
            back_link_words: raw.back_link_words,
            late_working_days: raw.late_working_days,
            other_policy_severity: raw.other_policy_severity,
        })
    }

    /// The roles a column path gives its articles, each of its names normalised once (the
    /// configured names were, when the file was read).
    pub fn column_roles(&self, path: &[String]) -> ColumnRoles {
        let mut roles = ColumnRoles::default();
        for name in path {
            let name = normalize_name(name);
            roles.normative |= self.normative_columns.holds_normalized(&name);
            roles.policy |= self.policy_columns.holds_normalized(&name);
            roles.interpretation |= self.interpretation_columns.holds_normalized(&name);
        }
        roles
    }

    /// Whether a 文号 or title marks a 规范性文件 / 规章.
    pub fn normative_marker<'t>(&self, texts: &[&'t str]) -> Option<&'t str> {
        texts
            .iter()
            .find(|t| self.normative_markers.iter().any(|re| re.is_match(t)))
            .copied()
    }

    /// Whether a link's text points back from an interpretation to its document.
    pub fn links_back(&self, text: &str) -> bool {
        self.back_link_words
            .iter()
            .any(|w| text.contains(w.as_str()))
    }

    pub fn names_interpretation(&self, title: &str) -> bool {
        self.interpretation_words
            .iter()
            .any(|w| title.contains(w.as_str()))
    }
}
