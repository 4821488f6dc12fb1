//! The official working-day calendar: State Council holiday arrangements with their 调休
//! make-up workdays.
//!
//! 条例第二十六条 and every 依申请 limit count 工作日, which is Monday–Friday minus statutory
//! holidays plus the make-up Saturdays and Sundays. A plain weekday count is wrong around every
//! holiday, so all working-day arithmetic in gongkai goes through [`Calendar`].
//!
//! Data: the `YYYY.json` files of NateScarlet/holiday-cn (MIT, see
//! `checks/calendar/LICENSE.holiday-cn`), embedded at build time. A file is named after the year
//! of the State Council notice, and a notice can move days of the neighbouring year (2019.json
//! holds 2018-12-29..31, 2023.json holds 2022-12-31), so all files merge into one map keyed by
//! date. A user adds next year's notice without rebuilding (`--calendar FILE` or a file in
//! `checks/calendar/`).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Deserialize;

use crate::error::{ConfigError, Error, FileKind};

/// The files shipped in `checks/calendar/`, embedded so the binary works anywhere.
const EMBEDDED: &[(&str, &str)] = &[
    ("2019.json", include_str!("../../checks/calendar/2019.json")),
    ("2020.json", include_str!("../../checks/calendar/2020.json")),
    ("2021.json", include_str!("../../checks/calendar/2021.json")),
    ("2022.json", include_str!("../../checks/calendar/2022.json")),
    ("2023.json", include_str!("../../checks/calendar/2023.json")),
    ("2024.json", include_str!("../../checks/calendar/2024.json")),
    ("2025.json", include_str!("../../checks/calendar/2025.json")),
    ("2026.json", include_str!("../../checks/calendar/2026.json")),
];

/// From this day of December on, a date can be moved by the next year's 元旦 arrangement.
const LATE_DECEMBER: u32 = 28;

/// One day the State Council moved: a holiday (`off`) or a make-up workday.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrangement {
    pub off: bool,
    pub name: String,
}

#[derive(Debug, Clone, Default)]
pub struct Calendar {
    days: HashMap<NaiveDate, Arrangement>,
    /// Notice years with at least one arrangement.
    years: BTreeSet<i32>,
}

#[derive(Deserialize)]
struct YearFile {
    year: i32,
    days: Vec<DayRow>,
}

#[derive(Deserialize)]
struct DayRow {
    name: String,
    date: NaiveDate,
    #[serde(rename = "isOffDay")]
    is_off_day: bool,
}

impl Calendar {
    /// The calendar shipped with gongkai (2019 onwards).
    pub fn official() -> Self {
        let mut calendar = Self::default();
        for (file, text) in EMBEDDED {
            calendar
                .add_json(text, file)
                .expect("embedded calendar data is valid");
        }
        calendar
    }

    /// Merges one holiday-cn style year file; later files override earlier ones day by day.
    /// `origin` names the file in errors.
    pub fn add_json(&mut self, text: &str, origin: &str) -> Result<(), ConfigError> {
        let file: YearFile = serde_json::from_str(text)
            .map_err(|e| ConfigError::json(FileKind::Calendar, Path::new(origin), &e))?;
        if !file.days.is_empty() {
            self.years.insert(file.year);
        }
        for row in file.days {
            self.days.insert(
                row.date,
                Arrangement {
                    off: row.is_off_day,
                    name: row.name,
                },
            );
        }
        Ok(())
    }

    /// Merges a year file from disk.
    pub fn add_file(&mut self, path: &Path) -> Result<(), Error> {
        let text =
            std::fs::read_to_string(path).map_err(Error::reading(FileKind::Calendar, path))?;
        Ok(self.add_json(&text, &path.display().to_string())?)
    }

    /// Merges every `*.json` year file in `dir` (e.g. `checks/calendar/`), in name order.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), Error> {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map_err(Error::reading(FileKind::Calendar, dir))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json") && is_year_file(p))
            .collect();
        files.sort();
        for file in files {
            self.add_file(&file)?;
        }
        Ok(())
    }

    /// The notice years this calendar holds.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    /// Whether the official arrangements for `date` are known. Late December also needs the
    /// next year's notice, which can move those days.
    pub fn covers(&self, date: NaiveDate) -> bool {
        let year = date.year();
        self.years.contains(&year)
            && (date.month() < 12 || date.day() < LATE_DECEMBER || self.years.contains(&(year + 1)))
    }

    /// The years whose notice is missing for some day in `[from, to]`.
    pub fn missing_years(&self, from: NaiveDate, to: NaiveDate) -> Vec<i32> {
        let (from, to) = if from <= to { (from, to) } else { (to, from) };
        let mut missing = BTreeSet::new();
        for year in from.year()..=to.year() {
            if !self.years.contains(&year) {
                missing.insert(year);
            }
        }
        if to.month() == 12 && to.day() >= LATE_DECEMBER && !self.years.contains(&(to.year() + 1)) {
            missing.insert(to.year() + 1);
        }
        missing.into_iter().collect()
    }

    /// The arrangement for `date`, if the State Council moved it.
    pub fn arrangement(&self, date: NaiveDate) -> Option<&Arrangement> {
        self.days.get(&date)
    }

    /// A working day: a weekday that is not a holiday, or a make-up 调休 workday.
    pub fn is_workday(&self, date: NaiveDate) -> bool {
        match self.days.get(&date) {
            Some(arrangement) => !arrangement.off,
            None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The `n`-th working day after `date`; day 1 is the first working day after `date`.
    /// `n = 0` returns `date` itself.
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut day = date;
        let mut left = n;
        while left > 0 {
            day += Duration::days(1);
            if self.is_workday(day) {
                left -= 1;
            }
        }
        day
    }

    /// The working days in `(a, b]`: how many working days `b` lies after `a`. Negative when
    /// `b` is before `a`.
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        if b < a {
            return -self.working_days_between(b, a);
        }
        a.iter_days()
            .skip(1)
            .take_while(|d| *d <= b)
            .filter(|d| self.is_workday(*d))
            .count() as i64
    }
}

fn is_year_file(path: &Path) -> bool {
    path.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests;

/// China Standard Time (Beijing): no daylight saving, so a fixed offset is exact.
pub fn china_offset() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// Today in Beijing: the default as-of day, and the day a list or ledger is made.
pub fn today_in_china() -> NaiveDate {
    chrono::Utc::now()
        .with_timezone(&china_offset())
        .date_naive()
}
