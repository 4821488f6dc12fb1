//! Home-page probes (`gongkai probe`): one visit of a portal's start page, timed, for the
//! 19号 单项否决 item 站点无法访问 — 监测1周，每天间隔性访问20次以上，超过（含）15秒网站仍打不开
//! 的次数累计占比超过（含）5%. Cron runs `gongkai probe` every 30–60 minutes; each visit is a
//! row of the history store's `probes` table, and a recorded run judges the week before its
//! as-of day from them (`site-unreachable`).
//!
//! `visit` makes the visits; the store keeps them (`history::probes`); the rule judges them.

pub mod visit;

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// The standard's limit: a home page not open within this many seconds failed the visit.
pub const LIMIT_SECONDS: u64 = 15;
/// The standard's watch: one week.
pub const WINDOW_DAYS: u64 = 7;
/// The standard's visits: at least 20 a day.
pub const VISITS_PER_DAY: usize = 20;

/// One visit of a portal's home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Probe {
    /// When the visit started.
    pub at: DateTime<Utc>,
    /// The page answered, completely, within the time limit.
    pub ok: bool,
    /// The HTTP status of the last answer, when there was one.
    pub status: Option<u16>,
    /// Time to the complete response (or to the failure).
    pub millis: Option<u64>,
    /// What went wrong, in Chinese, for a failed visit.
    pub error: Option<String>,
}

impl Probe {
    /// Whether the visit counts as failed by the standard: it did not open, or took 15 s or
    /// more (a probe run with a longer `--timeout` may have waited longer than the standard).
    pub fn failed(&self) -> bool {
        !self.ok || self.millis.is_some_and(|m| m >= LIMIT_SECONDS * 1000)
    }
}

/// What a run knows of whether the portal opens, besides its crawl: what `site-unreachable`
/// judges.
#[derive(Debug, Clone, Default)]
pub struct Reachability {
    /// The portal's start URL (the finding's address); empty: the site's home page.
    pub url: String,
    /// The portal's probes of the judged week and around it, when the run read the store
    /// (`None`: a one-off check, no store). The rule keeps those inside [`window`].
    pub probes: Option<Vec<Probe>>,
    /// This run's start page did not open: why (`无法连接：…`), with the HTTP status if any.
    pub start_failed: Option<(String, Option<u16>)>,
}

pub use crate::calendar::china_offset as beijing;

/// The week judged for `as_of`: from 00:00 Beijing time seven days before it up to (not
/// including) 00:00 of the as-of day — the seven whole days before the check day.
pub fn window(as_of: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let midnight = |day: NaiveDate| {
        beijing()
            .from_local_datetime(&day.and_hms_opt(0, 0, 0).expect("valid time"))
            .single()
            .expect("a fixed offset has one local time")
            .with_timezone(&Utc)
    };
    let from = as_of - Days::new(WINDOW_DAYS);
    (midnight(from), midnight(as_of))
}

/// The minimum samples of a full week of monitoring (20 a day × 7 days).
pub const fn standard_samples() -> usize {
    VISITS_PER_DAY * WINDOW_DAYS as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_is_the_seven_beijing_days_before_as_of() {
        let (from, to) = window(NaiveDate::from_ymd_opt(2025, 12, 1).unwrap());
        assert_eq!(from.to_rfc3339(), "2025-11-23T16:00:00+00:00");
        assert_eq!(to.to_rfc3339(), "2025-11-30T16:00:00+00:00");
        assert_eq!(standard_samples(), 140);
    }
}
