//! The assessment period: which documents a date rule judges.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// The first year a period may fall in: the 条例 took effect on 2008-05-01.
const FIRST_YEAR: i32 = 2008;
/// The last year a period may fall in (a typo like `20255` is refused, not believed).
const LAST_YEAR: i32 = 2100;

/// Why a period was refused, in words an office understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("无法识别考核期“{0}”：应为年份（如 2024）或日期区间（如 2024-01-01..2024-06-30）")]
    Unrecognised(String),
    #[error(
        "考核期“{0}”的年份不合理：应在 {FIRST_YEAR} 年（《政府信息公开条例》施行）至 {LAST_YEAR} 年之间"
    )]
    YearOutOfRange(String),
    #[error("考核期“{text}”的起止日期颠倒：开始日 {start} 晚于结束日 {end}")]
    Reversed {
        text: String,
        start: NaiveDate,
        end: NaiveDate,
    },
    #[error("无法识别月份“{0}”：应写作 YYYY-MM，例如 2025-10")]
    BadMonth(String),
    #[error("考核期从 {start} 开始，晚于检查基准日 {as_of}（--as-of）：考核期不能在基准日之后开始")]
    StartsAfterAsOf { start: NaiveDate, as_of: NaiveDate },
}

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
        let unrecognised = || PeriodError::Unrecognised(text.to_string());
        let out_of_range = || PeriodError::YearOutOfRange(text.to_string());
        if let Ok(year) = text.parse::<i64>() {
            let year = i32::try_from(year)
                .ok()
                .filter(|y| (FIRST_YEAR..=LAST_YEAR).contains(y))
                .ok_or_else(out_of_range)?;
            let start = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(out_of_range)?;
            let end = NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(out_of_range)?;
            return Ok(Self { start, end });
        }
        let (a, b) = text.split_once("..").ok_or_else(unrecognised)?;
        let parse = |s: &str| {
            let date =
                NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| unrecognised())?;
            if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
                Ok(date)
            } else {
                Err(out_of_range())
            }
        };
        let (start, end) = (parse(a)?, parse(b)?);
        if end < start {
            return Err(PeriodError::Reversed {
                text: text.to_string(),
                start,
                end,
            });
        }
        Ok(Self { start, end })
    }

    /// `2025-10`: the calendar month, first to last day.
    pub fn month(text: &str) -> Result<Self, PeriodError> {
        let text = text.trim();
        let bad = || PeriodError::BadMonth(text.to_string());
        let start =
            NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").map_err(|_| bad())?;
        if !(FIRST_YEAR..=LAST_YEAR).contains(&start.year()) {
            return Err(PeriodError::YearOutOfRange(text.to_string()));
        }
        let end = start
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt())
            .ok_or_else(bad)?;
        Ok(Self { start, end })
    }

    /// Whether the period is one whole calendar month.
    pub fn is_month(&self) -> bool {
        self.start.day() == 1
            && self
                .start
                .checked_add_months(Months::new(1))
                .and_then(|d| d.pred_opt())
                == Some(self.end)
    }

    /// A period must begin by the day the check is made for.
    pub fn check_against(self, as_of: NaiveDate) -> Result<Self, PeriodError> {
        if self.start > as_of {
            return Err(PeriodError::StartsAfterAsOf {
                start: self.start,
                as_of,
            });
        }
        Ok(self)
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
    fn parses_months() {
        let october = Period::month("2025-10").unwrap();
        assert_eq!(
            (october.start, october.end),
            (d("2025-10-01"), d("2025-10-31"))
        );
        assert!(october.is_month());
        assert_eq!(Period::month("2024-02").unwrap().end, d("2024-02-29"));
        assert!(matches!(
            Period::month("2025-13"),
            Err(PeriodError::BadMonth(_))
        ));
        assert!(matches!(
            Period::month("2025-10-01"),
            Err(PeriodError::BadMonth(_))
        ));
        assert!(!Period::parse("2025-10-01..2025-10-30").unwrap().is_month());
    }

    #[test]
    fn parses_years_and_ranges() {
        let year = Period::parse("2024").unwrap();
        assert_eq!((year.start, year.end), (d("2024-01-01"), d("2024-12-31")));
        assert_eq!(year.display(), "2024年");
        let half = Period::parse("2024-01-01..2024-06-30").unwrap();
        assert!(half.contains(d("2024-06-30")) && !half.contains(d("2024-07-01")));
        assert!(matches!(
            Period::parse("2024-06-30..2024-01-01"),
            Err(PeriodError::Reversed { .. })
        ));
        assert!(matches!(
            Period::parse("last year"),
            Err(PeriodError::Unrecognised(_))
        ));
    }

    #[test]
    fn implausible_years_and_periods_after_as_of_are_refused_with_the_reason() {
        for text in [
            "0",
            "20255",
            "1999",
            "99999999999",
            "0001-01-01..2024-01-01",
        ] {
            let error = Period::parse(text).unwrap_err();
            assert!(
                matches!(error, PeriodError::YearOutOfRange(_)),
                "{text}: {error:?}"
            );
            assert!(error.to_string().contains("2008"), "{error}");
        }
        let late = Period::parse("2026")
            .unwrap()
            .check_against(d("2025-12-01"));
        let error = late.unwrap_err().to_string();
        assert!(
            error.contains("2026-01-01") && error.contains("2025-12-01"),
            "{error}"
        );
        assert!(
            Period::parse("2025")
                .unwrap()
                .check_against(d("2025-12-01"))
                .is_ok()
        );
    }

    #[test]
    fn default_is_the_year_ending_at_as_of() {
        let p = Period::year_ending(d("2025-12-01"));
        assert_eq!((p.start, p.end), (d("2024-12-02"), d("2025-12-01")));
    }
}
