//! The assessment period: which documents a date rule judges.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

#[derive(Debug, thiserror::Error)]
#[error("无法识别考核期“{0}”：应为年份（如 2024）或日期区间（如 2024-01-01..2024-06-30）")]
pub struct PeriodError(String);

impl Period {
    /// The twelve months ending at `as_of`.
    pub fn year_ending(as_of: NaiveDate) -> Self {
        let start = as_of
            .checked_sub_months(Months::new(12))
            .and_then(|d| d.succ_opt())
            .unwrap_or(as_of);
        Self { start, end: as_of }
    }

    /// `2024` (a calendar year) or `2024-01-01..2024-06-30`.
    pub fn parse(text: &str) -> Result<Self, PeriodError> {
        let text = text.trim();
        let err = || PeriodError(text.to_string());
        if let Ok(year) = text.parse::<i32>() {
            let start = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(err)?;
            let end = NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(err)?;
            return Ok(Self { start, end });
        }
        let (a, b) = text.split_once("..").ok_or_else(err)?;
        let parse = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| err());
        let (start, end) = (parse(a)?, parse(b)?);
        if end < start {
            return Err(err());
        }
        Ok(Self { start, end })
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// `2024年` for a calendar year, else `2024-01-01至2024-06-30`.
    pub fn display(&self) -> String {
        let whole_year = self.start.month() == 1
            && self.start.day() == 1
            && self.end == NaiveDate::from_ymd_opt(self.start.year(), 12, 31).unwrap_or(self.end);
        if whole_year {
            format!("{}年", self.start.year())
        } else {
            format!("{}至{}", self.start, self.end)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::date as d;

    #[test]
    fn parses_years_and_ranges() {
        let year = Period::parse("2024").unwrap();
        assert_eq!((year.start, year.end), (d("2024-01-01"), d("2024-12-31")));
        assert_eq!(year.display(), "2024年");
        let half = Period::parse("2024-01-01..2024-06-30").unwrap();
        assert!(half.contains(d("2024-06-30")) && !half.contains(d("2024-07-01")));
        assert!(Period::parse("2024-06-30..2024-01-01").is_err());
        assert!(Period::parse("last year").is_err());
    }

    #[test]
    fn default_is_the_year_ending_at_as_of() {
        let p = Period::year_ending(d("2025-12-01"));
        assert_eq!((p.start, p.end), (d("2024-12-02"), d("2025-12-01")));
    }
}
