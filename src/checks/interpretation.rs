//! `checks/interpretation.toml`: which documents need a 政策解读, where interpretations live,
//! and how late one may come.

use std::path::Path;

use regex::Regex;
use serde::Deserialize;

use crate::error::{ConfigError, FileKind};
use crate::finding::Severity;
use crate::text::normalize_name;

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
    pub normative_columns: Vec<String>,
    pub policy_columns: Vec<String>,
    pub normative_markers: Vec<Regex>,
    pub interpretation_columns: Vec<String>,
    pub interpretation_words: Vec<String>,
    /// Link texts on an interpretation that point back to its document (政策原文 …).
    pub back_link_words: Vec<String>,
    pub late_working_days: u32,
    pub other_policy_severity: Severity,
}

fn any_named(names: &[String], path: &[String]) -> bool {
    path.iter()
        .any(|c| names.iter().any(|n| normalize_name(n) == normalize_name(c)))
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
            normative_columns: raw.normative_columns,
            policy_columns: raw.policy_columns,
            normative_markers,
            interpretation_columns: raw.interpretation_columns,
            interpretation_words: raw.interpretation_words,
            back_link_words: raw.back_link_words,
            late_working_days: raw.late_working_days,
            other_policy_severity: raw.other_policy_severity,
        })
    }

    pub fn in_normative_column(&self, path: &[String]) -> bool {
        any_named(&self.normative_columns, path)
    }

    pub fn in_policy_column(&self, path: &[String]) -> bool {
        any_named(&self.policy_columns, path)
    }

    pub fn in_interpretation_column(&self, path: &[String]) -> bool {
        any_named(&self.interpretation_columns, path)
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
