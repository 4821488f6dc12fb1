//! `checks/annual_report.toml`: deadlines and format rules for the 年度报告.

use std::path::Path;

use chrono::NaiveDate;
use regex::Regex;
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
    /// How narratives state the number of applications, tried in order.
    #[serde(default)]
    pub narrative: Vec<NarrativeWording>,
}

/// One way a report's narrative states the number of applications (`[[narrative]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NarrativeWording {
    /// A regular expression whose first group is the number.
    pub pattern: String,
    pub counts: NarrativeCounts,
    /// The wording as reports write it, for people.
    #[serde(default)]
    pub note: Option<String>,
    /// `pattern`, compiled when the file is loaded.
    #[serde(skip)]
    regex: Option<Regex>,
}

/// What a narrative's number of applications is compared with in table 三.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NarrativeCounts {
    /// 本年新收 (row 一).
    New,
    /// 本年新收 + 上年结转 (rows 一 and 二).
    NewAndCarriedIn,
    /// Either of those.
    Either,
}

impl NarrativeCounts {
    /// What the number is compared with, for evidence.
    pub fn display(self) -> &'static str {
        match self {
            NarrativeCounts::New => "本年新收",
            NarrativeCounts::NewAndCarriedIn => "本年新收+上年结转",
            NarrativeCounts::Either => "本年新收或本年新收+上年结转",
        }
    }
}

/// A number of applications a narrative states, and how it says it.
#[derive(Debug, Clone)]
pub struct QuotedApplications<'a> {
    pub number: i64,
    pub counts: NarrativeCounts,
    /// The words that state it (`共收到政府信息公开申请10件`).
    pub words: String,
    pub wording: &'a NarrativeWording,
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
    /// The number of applications the narrative states: the first `[[narrative]]` wording
    /// found in `overview`, else in `text`.
    pub fn quoted_applications(
        &self,
        overview: &str,
        text: &str,
    ) -> Option<QuotedApplications<'_>> {
        [overview, text].into_iter().find_map(|text| {
            self.narrative.iter().find_map(|wording| {
                let caps = wording.regex.as_ref()?.captures(text)?;
                Some(QuotedApplications {
                    number: caps.get(1)?.as_str().parse().ok()?,
                    counts: wording.counts,
                    words: caps[0].to_string(),
                    wording,
                })
            })
        })
    }

    pub(crate) fn validate(&mut self, file: &Path) -> Result<(), ConfigError> {
        for wording in &mut self.narrative {
            let regex = Regex::new(&wording.pattern)
                .ok()
                .filter(|re| re.captures_len() > 1)
                .ok_or_else(|| {
                    let message = format!(
                        "[[narrative]] 的 pattern “{}” 不是有效的正则表达式，或没有捕获数字的分组",
                        wording.pattern
                    );
                    ConfigError::new(FileKind::Checks, file, message)
                })?;
            wording.regex = Some(regex);
        }
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
    fn narratives_state_the_applications_in_several_wordings() {
        let checks = crate::checks::Checks::defaults().annual_report;
        let quoted = |text: &str| {
            checks
                .quoted_applications(text, "")
                .map(|q| (q.number, q.counts))
        };
        use NarrativeCounts::*;
        assert_eq!(
            quoted("本年度共收到信息公开申请7件，上年度结转1件。"),
            Some((7, New))
        );
        assert_eq!(
            quoted("收到政府信息公开申请12件，涉及自然人10件、法人或其他组织2件。"),
            Some((12, New))
        );
        assert_eq!(
            quoted("接收通过信函、网络等渠道提交的政府信息公开申请共计10件。"),
            Some((10, New))
        );
        assert_eq!(
            quoted("全年共收到政府信息公开申请10件（含上年结转1件），均按时答复。"),
            Some((10, NewAndCarriedIn))
        );
        assert_eq!(quoted("共办理政府信息公开申请11件。"), Some((11, Either)));
        assert_eq!(quoted("加强政府信息公开申请办理工作。"), None);
        assert_eq!(
            checks
                .quoted_applications("一、总体情况 无", "共收到依申请公开申请5件")
                .map(|q| q.number),
            Some(5),
            "the whole text when the overview says nothing"
        );
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
