//! `checks/columns/guide.toml`: the 政府信息公开指南 — its column, the elements 条例第十二条 names
//! and the words that evidence them, and the office contact facts compared with later pages.

use std::path::Path;

use regex::Regex;
use serde::Deserialize;

use crate::error::{ConfigError, FileKind};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuideElement {
    pub name: String,
    pub words: Vec<String>,
}

/// An office contact fact (telephone, address) as a page states it.
#[derive(Debug, Clone)]
pub struct ContactFact {
    /// What the fact is called in findings, and in their evidence keys.
    pub label: String,
    /// Finds the fact: its first capture group when it has one, else the whole match.
    pub pattern: Regex,
    /// Compare digits only (`0513-88881234` and `0513 88881234` are one number).
    pub digits_only: bool,
}

impl ContactFact {
    /// Every value of this fact a text states.
    pub fn values<'t>(&'t self, text: &'t str) -> impl Iterator<Item = String> + 't {
        self.pattern.captures_iter(text).map(|c| {
            let found = c.get(1).or_else(|| c.get(0)).map_or("", |m| m.as_str());
            if self.digits_only {
                found.chars().filter(char::is_ascii_digit).collect()
            } else {
                found.to_string()
            }
        })
    }
}

#[derive(Debug, Clone)]
pub struct GuideChecks {
    /// The guide's column, by its name in the required-column profile; an article titled with
    /// it is a guide wherever it is.
    pub column: String,
    pub elements: Vec<GuideElement>,
    pub contacts: Vec<ContactFact>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    column: String,
    element: Vec<GuideElement>,
    contact: Vec<ContactRow>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactRow {
    label: String,
    pattern: String,
    #[serde(default)]
    digits_only: bool,
}

impl GuideChecks {
    pub(crate) fn parse(text: &str, file: &Path) -> Result<Self, ConfigError> {
        let raw: File = super::parse(text, file, FileKind::Checks)?;
        let contacts = raw
            .contact
            .into_iter()
            .map(|row| {
                let pattern = Regex::new(&row.pattern).map_err(|e| {
                    let message =
                        format!("contact“{}”的 pattern 不是有效的正则表达式：{e}", row.label);
                    ConfigError::new(FileKind::Checks, file, message)
                })?;
                Ok(ContactFact {
                    label: row.label,
                    pattern,
                    digits_only: row.digits_only,
                })
            })
            .collect::<Result<_, ConfigError>>()?;
        Ok(Self {
            column: raw.column,
            elements: raw.element,
            contacts,
        })
    }
}
