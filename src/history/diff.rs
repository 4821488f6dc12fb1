//! The diff's judgements, apart from the database: which status a finding of this run gets
//! against the baseline, and whether this run re-checked a baseline problem it no longer
//! finds (`fixed`) or could not (`unverified`).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::calendar::Calendar;
use crate::finding::{Finding, FindingStatus, Outcome};
use crate::model::links::page_key;
use crate::rules::Selection;

/// A problem the store already knows for the portal.
#[derive(Debug, Clone)]
pub struct Known {
    pub first_seen: NaiveDate,
    /// Open in the baseline: found by it, or left unverified by it.
    pub open_in_baseline: bool,
}

/// A finding's status and first-seen day this run: still open keeps its day; found again after
/// a fix, or never seen, starts today.
pub fn status_now(known: Option<&Known>, as_of: NaiveDate) -> (FindingStatus, NaiveDate) {
    match known {
        Some(k) if k.open_in_baseline => (FindingStatus::Open, k.first_seen),
        Some(_) => (FindingStatus::Reopened, as_of),
        None => (FindingStatus::New, as_of),
    }
}

/// What this run could re-check.
#[derive(Debug, Clone, Default)]
pub struct Recheck {
    /// The crawl covered the site.
    pub complete: bool,
    /// Page keys of this run's crawl errors.
    pub failed: HashSet<String>,
    /// Page keys of this run's pages.
    pub pages: HashSet<String>,
    /// (rule, page key) of this run's not-checked findings.
    pub not_checked: HashSet<(String, String)>,
    /// Page keys that stand for the whole site (the start page): a not-checked finding there
    /// covers the rule everywhere.
    pub site_keys: HashSet<String>,
    pub selection: Selection,
}

impl Recheck {
    /// From this run's findings; the crawl's facts are set by the caller.
    pub fn with_findings(mut self, findings: &[Finding]) -> Self {
        self.not_checked = findings
            .iter()
            .filter(|f| f.outcome == Outcome::NotChecked)
            .map(|f| (f.rule.to_string(), page_key(&f.url)))
            .collect();
        self
    }

    /// Whether this run re-checked `rule` at `url`: else a baseline problem it no longer
    /// finds is unverified, never fixed.
    pub fn rechecked(&self, rule: &str, url: &str) -> bool {
        let key = page_key(url);
        if !self.selection.wants(rule) || self.failed.contains(&key) {
            return false;
        }
        if !self.complete && !self.pages.contains(&key) {
            return false;
        }
        let not_checked = |k: &String| self.not_checked.contains(&(rule.to_string(), k.clone()));
        !(not_checked(&key) || self.site_keys.iter().any(not_checked))
    }
}

/// Whether a finding counts in the diff's figures: a not-checked part is no problem to fix.
pub fn is_problem(finding: &Finding) -> bool {
    finding.outcome != Outcome::NotChecked
}

/// The longest-open problem still found, in working days from its first-seen day to `as_of`.
pub fn longest_open(findings: &[Finding], calendar: &Calendar, as_of: NaiveDate) -> u32 {
    findings
        .iter()
        .filter(|f| is_problem(f))
        .filter_map(|f| f.first_seen)
        .map(|day| calendar.working_days_between(day, as_of).max(0) as u32)
        .max()
        .unwrap_or(0)
}

/// The first finding of each fingerprint (a rule may report one problem twice); later ones
/// share its status.
pub fn by_fingerprint(findings: &[Finding]) -> HashMap<&str, usize> {
    let mut first = HashMap::new();
    for (i, f) in findings.iter().enumerate() {
        first.entry(f.fingerprint.as_str()).or_insert(i);
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 12, d).unwrap()
    }

    #[test]
    fn statuses_follow_the_baseline() {
        let open = Known {
            first_seen: day(1),
            open_in_baseline: true,
        };
        let fixed = Known {
            open_in_baseline: false,
            ..open.clone()
        };
        assert_eq!(
            status_now(Some(&open), day(5)),
            (FindingStatus::Open, day(1))
        );
        assert_eq!(
            status_now(Some(&fixed), day(5)),
            (FindingStatus::Reopened, day(5))
        );
        assert_eq!(status_now(None, day(5)), (FindingStatus::New, day(5)));
    }

    #[test]
    fn what_could_not_be_rechecked_is_never_fixed() {
        let home = "http://a.gov.cn/";
        let page = "http://a.gov.cn/x/1.html";
        let base = Recheck {
            complete: true,
            pages: [page_key(home), page_key(page)].into(),
            site_keys: [page_key(home)].into(),
            ..Recheck::default()
        };
        assert!(base.rechecked("column-stale", page));
        let failed = Recheck {
            failed: [page_key(page)].into(),
            ..base.clone()
        };
        assert!(!failed.rechecked("column-stale", page));
        let incomplete = Recheck {
            complete: false,
            ..base.clone()
        };
        assert!(incomplete.rechecked("column-stale", page));
        assert!(!incomplete.rechecked("column-stale", "http://a.gov.cn/gone.html"));
        let site_not_checked = base.clone().with_findings(&[Finding::new(
            "column-stale",
            Severity::Info,
            home,
            "x".into(),
        )
        .not_checked("抓取不完整")]);
        assert!(!site_not_checked.rechecked("column-stale", page));
        assert!(site_not_checked.rechecked("link-broken", page));
        let deselected = Recheck {
            selection: Selection {
                select: vec!["link-broken".into()],
                ignore: vec![],
            },
            ..base
        };
        assert!(!deselected.rechecked("column-stale", page));
    }

    #[test]
    fn longest_open_counts_working_days() {
        let calendar = Calendar::official();
        let mut f = Finding::new("r", Severity::Error, "http://a/", "m".into());
        f.first_seen = Some(day(1));
        // Monday 2025-12-01 to Monday 2025-12-08: five working days.
        assert_eq!(longest_open(&[f], &calendar, day(8)), 5);
    }
}
