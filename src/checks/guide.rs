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
    /// Finds the fact: its `value` group (else its first group, else the whole match), and
    /// the `label` group that says which fact it is (`联系电话`, `咨询电话`): only values with
    /// the same label are compared.
    pub pattern: Regex,
    /// Compare digits only (`0513-88881234` and `0513 88881234` are one number).
    pub digits_only: bool,
    /// Two values one of which contains the other are the same (`人民路88号` and
    /// `明湖市人民路88号`; the same building written shorter).
    pub contained: bool,
}

/// One statement of a contact fact: the label it was given and the value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stated {
    pub label: String,
    pub value: String,
}

impl ContactFact {
    /// Every value of this fact a text states as the office's own: a label right after a
    /// sub-unit's name (`法规科联系电话`, `政务服务中心咨询电话`, by `sub_units`) is another
    /// unit's contact, not the office's.
    pub fn values<'t>(
        &'t self,
        text: &'t str,
        sub_units: &'t [String],
    ) -> impl Iterator<Item = Stated> + 't {
        self.pattern.captures_iter(text).filter_map(move |c| {
            let label = c.name("label");
            if let Some(label) = label {
                // Written right before the label, in the same line: `法规科联系电话`.
                let before = &text[..label.start()];
                if sub_units.iter().any(|u| before.ends_with(u.as_str())) {
                    return None;
                }
            }
            let found = c
                .name("value")
                .or_else(|| c.get(1))
                .or_else(|| c.get(0))
                .map_or("", |m| m.as_str());
            let value = if self.digits_only {
                found.chars().filter(char::is_ascii_digit).collect()
            } else {
                found.to_string()
            };
            Some(Stated {
                label: label.map_or_else(String::new, |l| l.as_str().to_string()),
                value,
            })
        })
    }

    /// Whether two values of this fact are the same.
    pub fn same(&self, a: &str, b: &str) -> bool {
        a == b
            || (self.contained
                && !a.is_empty()
                && !b.is_empty()
                && (a.contains(b) || b.contains(a)))
    }
}

#[derive(Debug, Clone)]
pub struct GuideChecks {
    /// The guide's column, by its name in the required-column profile; an article titled with
    /// it is a guide wherever it is.
    pub column: String,
    pub elements: Vec<GuideElement>,
    pub contacts: Vec<ContactFact>,
    /// Name endings of sub-units (科, 中心 …): a contact labelled after one is not the office's.
    pub sub_units: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    column: String,
    #[serde(default)]
    sub_units: Vec<String>,
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
    #[serde(default)]
    contained: bool,
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
                    contained: row.contained,
                })
            })
            .collect::<Result<_, ConfigError>>()?;
        Ok(Self {
            column: raw.column,
            elements: raw.element,
            contacts,
            sub_units: raw.sub_units,
        })
    }
}
