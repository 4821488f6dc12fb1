//! `checks/columns/`: required-column profiles with synonyms, update classes with their
//! freshness limits (国办秘函〔2019〕19号) and 单项否决 thresholds; with the 指南 settings
//! ([`super::guide`]).

use std::path::Path;

use chrono::{Duration, Months, NaiveDate};
use serde::Deserialize;

use super::GuideChecks;
use crate::error::{ConfigError, FileKind};
use crate::text::normalize_name;

/// A required column and the names portals give it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequiredColumn {
    pub name: String,
    #[serde(default)]
    pub synonyms: Vec<String>,
    pub basis: String,
    /// An update class id, when the name alone would not give the right one.
    #[serde(default)]
    pub class: Option<String>,
}

impl RequiredColumn {
    /// Whether a column called `name` is this one.
    pub fn matches(&self, name: &str) -> bool {
        let name = normalize_name(name);
        std::iter::once(&self.name)
            .chain(&self.synonyms)
            .any(|n| normalize_name(n) == name)
    }
}

/// A list of required columns (`department.toml`, `government.toml`, or a locality's own).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// A built-in profile whose columns come first.
    #[serde(default)]
    pub extends: Option<String>,
    /// Whose annual report the portal publishes (条例第四十九条: a department's by 1月31日, the
    /// government's own by 3月31日); when unset, the `extends` profile's, else department.
    /// The one place this is said: `annual-report-*` read their deadline for it from
    /// `annual_report.toml`.
    #[serde(default)]
    pub report_of: Option<super::annual_report::ReportOf>,
    #[serde(default)]
    pub column: Vec<RequiredColumn>,
}

/// How old a column's newest entry may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaxAge {
    Weeks(u32),
    Months(u32),
    Years(u32),
}

/// A `max_age` that is not a number of weeks, months or years.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("max_age “{0}” 应为 2w、6m、1y 这样的写法（单位为 w、m 或 y）")]
pub struct BadMaxAge(String);

impl MaxAge {
    pub fn parse(text: &str) -> Result<Self, BadMaxAge> {
        let text = text.trim();
        let bad = || BadMaxAge(text.to_string());
        let (number, unit) = text.split_at(text.len().saturating_sub(1));
        let n: u32 = number.parse().map_err(|_| bad())?;
        match unit {
            "w" => Ok(MaxAge::Weeks(n)),
            "m" => Ok(MaxAge::Months(n)),
            "y" => Ok(MaxAge::Years(n)),
            _ => Err(bad()),
        }
    }

    /// The oldest date that still counts as updated at `as_of`.
    pub fn cutoff(self, as_of: NaiveDate) -> NaiveDate {
        match self {
            MaxAge::Weeks(n) => as_of - Duration::weeks(n.into()),
            MaxAge::Months(n) => as_of.checked_sub_months(Months::new(n)).unwrap_or(as_of),
            MaxAge::Years(n) => as_of
                .checked_sub_months(Months::new(n * 12))
                .unwrap_or(as_of),
        }
    }

    pub fn display(self) -> String {
        match self {
            MaxAge::Weeks(n) => format!("{n}周"),
            MaxAge::Months(n) => format!("{n}个月"),
            MaxAge::Years(n) => format!("{n}年"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct UpdateClass {
    pub id: String,
    pub label: String,
    pub max_age: MaxAge,
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VetoThresholds {
    /// Update classes (ids) whose stale columns `stale_news_notice` counts.
    pub stale_news_notice_classes: Vec<String>,
    pub stale_news_notice: usize,
    pub stale_total: usize,
    pub empty: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ClassesFile {
    class: Vec<ClassRow>,
    veto: VetoThresholds,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClassRow {
    id: String,
    label: String,
    max_age: String,
    keywords: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ColumnChecks {
    pub profile: Profile,
    pub classes: Vec<UpdateClass>,
    pub veto: VetoThresholds,
    pub guide: GuideChecks,
}

impl ColumnChecks {
    /// Joins a profile and the update classes, each with the file it came from (named in
    /// errors), and the 指南 elements.
    pub(crate) fn new(
        (profile, profile_file): (Profile, &Path),
        (classes, classes_file): (ClassesFile, &Path),
        guide: GuideChecks,
    ) -> Result<Self, ConfigError> {
        let veto = classes.veto;
        let classes = classes
            .class
            .into_iter()
            .map(|row| {
                let max_age = MaxAge::parse(&row.max_age)
                    .map_err(|e| ConfigError::new(FileKind::Checks, classes_file, e.to_string()))?;
                Ok(UpdateClass {
                    max_age,
                    id: row.id,
                    label: row.label,
                    keywords: row.keywords,
                })
            })
            .collect::<Result<Vec<_>, ConfigError>>()?;
        for id in &veto.stale_news_notice_classes {
            if !classes.iter().any(|c| &c.id == id) {
                let message =
                    format!("[veto] stale_news_notice_classes 中的“{id}”未在 classes.toml 中定义");
                return Err(ConfigError::new(FileKind::Checks, classes_file, message));
            }
        }
        for column in &profile.column {
            if let Some(id) = &column.class
                && !classes.iter().any(|c| &c.id == id)
            {
                let message = format!(
                    "栏目“{}”的 class = \"{id}\" 未在 classes.toml 中定义",
                    column.name
                );
                return Err(ConfigError::new(FileKind::Profile, profile_file, message));
            }
        }
        Ok(Self {
            profile,
            classes,
            veto,
            guide,
        })
    }

    /// The required column a column called `name` is, if any.
    pub fn required(&self, name: &str) -> Option<&RequiredColumn> {
        self.profile.column.iter().find(|c| c.matches(name))
    }

    /// The update class of a column: its profile entry's, else the first class whose keyword
    /// its name contains.
    pub fn class_of(&self, name: &str) -> Option<&UpdateClass> {
        if let Some(id) = self.required(name).and_then(|c| c.class.as_ref()) {
            return self.classes.iter().find(|c| &c.id == id);
        }
        self.classes
            .iter()
            .find(|class| class.keywords.iter().any(|k| name.contains(k.as_str())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::date as d;

    #[test]
    fn max_ages_and_their_cutoffs() {
        assert_eq!(
            MaxAge::parse("2w").unwrap().cutoff(d("2025-12-01")),
            d("2025-11-17")
        );
        assert_eq!(
            MaxAge::parse("6m").unwrap().cutoff(d("2025-12-01")),
            d("2025-06-01")
        );
        assert_eq!(
            MaxAge::parse("1y").unwrap().cutoff(d("2024-02-29")),
            d("2023-02-28")
        );
        assert!(MaxAge::parse("2d").is_err());
        assert!(MaxAge::parse("w").is_err());
    }

    #[test]
    fn synonyms_and_classes() {
        let checks = crate::checks::Checks::defaults().columns;
        assert_eq!(checks.required("机构职责").unwrap().name, "机构职能");
        assert_eq!(checks.required("财政 预决算").unwrap().name, "财政信息");
        assert!(checks.required("工作动态").is_none());
        assert_eq!(checks.class_of("工作动态").unwrap().id, "news");
        assert_eq!(checks.class_of("通知公告").unwrap().id, "notice");
        assert_eq!(checks.class_of("规划计划").unwrap().id, "plan");
        assert_eq!(checks.class_of("人事信息").unwrap().id, "plan");
        assert!(checks.class_of("机构职能").is_none());
    }
}
