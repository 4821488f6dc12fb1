//! `checks/annual_report.toml`: deadlines and format rules for the 年度报告.

use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::error::{ConfigError, FileKind};

/// Whose annual report a portal publishes, as its profile says (`report_of`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportOf {
    /// 县级以上人民政府部门: 1月31日.
    #[default]
    Department,
    /// 本级人民政府: 3月31日.
    Government,
}

impl ReportOf {
    /// As reports say it.
    pub fn display(self) -> &'static str {
        match self {
            ReportOf::Department => "政府部门",
            ReportOf::Government => "本级人民政府",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnualReportChecks {
    /// The reports' column, by its profile name.
    pub column: String,
    /// Set from the profile (`report_of` there), never from this file.
    #[serde(skip)]
    pub report_of: ReportOf,
    /// `report_of` written here (older files): rejected with a message saying where it goes.
    #[serde(default, rename = "report_of")]
    misplaced_report_of: Option<toml::Value>,
    pub department_deadline: String,
    pub government_deadline: String,
    pub years_checked: u32,
    pub format_2021_from: i32,
    pub duplicate_overview: f64,
}

impl AnnualReportChecks {
    /// The month-day deadline of the portal's report (`department_deadline` or
    /// `government_deadline`, by the profile's `report_of`).
    pub fn month_day(&self) -> &str {
        match self.report_of {
            ReportOf::Department => &self.department_deadline,
            ReportOf::Government => &self.government_deadline,
        }
    }

    /// The last day the report for `year` may appear (in the following year).
    pub fn deadline(&self, year: i32) -> Option<NaiveDate> {
        let month_day = self.month_day();
        NaiveDate::parse_from_str(&format!("{}-{month_day}", year + 1), "%Y-%m-%d").ok()
    }

    /// Checks the deadlines parse, for a clear error at load time naming `file`.
    pub(crate) fn validate(&self, file: &Path) -> Result<(), ConfigError> {
        if self.misplaced_report_of.is_some() {
            let message = "report_of 不在此文件设置：由 --profile 选定的栏目配置（department 或 \
                           government，或自定义配置文件中的 report_of = \"government\"）决定，\
                           以免截止日期与配置不一致"
                .to_string();
            return Err(ConfigError::new(FileKind::Checks, file, message));
        }
        for (name, value) in [
            ("department_deadline", &self.department_deadline),
            ("government_deadline", &self.government_deadline),
        ] {
            if NaiveDate::parse_from_str(&format!("2001-{value}"), "%Y-%m-%d").is_err() {
                let message = format!("{name} = \"{value}\" 应为 MM-DD，例如 01-31");
                return Err(ConfigError::new(FileKind::Checks, file, message));
            }
        }
        Ok(())
    }

    /// The most recent `years_checked` report years whose deadline is before `as_of`, newest first.
    pub fn years_due(&self, as_of: NaiveDate) -> Vec<i32> {
        let mut year = chrono::Datelike::year(&as_of);
        let mut years = Vec::new();
        while years.len() < self.years_checked as usize && year > 1990 {
            if self.deadline(year).is_some_and(|d| d < as_of) {
                years.push(year);
            }
            year -= 1;
        }
        years
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_and_due_years() {
        let checks = crate::checks::Checks::defaults().annual_report;
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(checks.deadline(2024), Some(d("2025-01-31")));
        assert_eq!(checks.years_due(d("2025-12-01")), vec![2024, 2023, 2022]);
        assert_eq!(
            checks.years_due(d("2025-01-31")),
            vec![2023, 2022, 2021],
            "due only after the deadline day"
        );
        let government = AnnualReportChecks {
            report_of: ReportOf::Government,
            ..checks
        };
        assert_eq!(government.deadline(2024), Some(d("2025-03-31")));
    }

    #[test]
    fn the_profile_says_whose_report_it_is() {
        let of = |profile: &str| {
            crate::checks::Checks::load(None, Some(profile))
                .unwrap()
                .annual_report
                .report_of
        };
        assert_eq!(of("department"), ReportOf::Department);
        assert_eq!(of("government"), ReportOf::Government);
        let dir = std::env::temp_dir().join(format!("gongkai-report-of-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let county = dir.join("county.toml");
        std::fs::write(&county, "name = \"county\"\nextends = \"government\"\n").unwrap();
        assert_eq!(
            of(county.to_str().unwrap()),
            ReportOf::Government,
            "inherited"
        );
        let own = dir.join("own.toml");
        std::fs::write(&own, "name = \"own\"\nreport_of = \"government\"\n").unwrap();
        assert_eq!(of(own.to_str().unwrap()), ReportOf::Government, "declared");
        let checks_dir = dir.join("checks");
        std::fs::create_dir_all(&checks_dir).unwrap();
        let shipped = include_str!("../../checks/annual_report.toml");
        std::fs::write(
            checks_dir.join("annual_report.toml"),
            format!("report_of = \"government\"\n{shipped}"),
        )
        .unwrap();
        let err = crate::checks::Checks::load(Some(&checks_dir), None).unwrap_err();
        assert!(err.to_string().contains("report_of"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
