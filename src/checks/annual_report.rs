//! `checks/annual_report.toml`: deadlines and format rules for the 年度报告.

use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::error::{ConfigError, FileKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportOf {
    Department,
    Government,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnualReportChecks {
    /// The reports' column, by its profile name.
    pub column: String,
    pub report_of: ReportOf,
    pub department_deadline: String,
    pub government_deadline: String,
    pub years_checked: u32,
    pub format_2021_from: i32,
    pub duplicate_overview: f64,
}

impl AnnualReportChecks {
    /// The last day the report for `year` may appear (in the following year).
    pub fn deadline(&self, year: i32) -> Option<NaiveDate> {
        let month_day = match self.report_of {
            ReportOf::Department => &self.department_deadline,
            ReportOf::Government => &self.government_deadline,
        };
        NaiveDate::parse_from_str(&format!("{}-{month_day}", year + 1), "%Y-%m-%d").ok()
    }

    /// Checks the deadlines parse, for a clear error at load time naming `file`.
    pub(crate) fn validate(&self, file: &Path) -> Result<(), ConfigError> {
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
}
