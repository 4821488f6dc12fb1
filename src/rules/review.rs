//! Verdicts a person must confirm: “on time” computed with weekends only because the holiday
//! calendar lacks a year. Each rule gives one needs-review finding for all such pages, naming
//! the years, so the verdict is never a silent pass.

use serde_json::json;

use crate::finding::{Finding, Severity};
use crate::text::join_years;

/// Pages judged on time without the holiday calendar: each page's URL and the years missing.
#[derive(Debug, Default)]
pub struct UnsureOnTime(Vec<(String, Vec<i32>)>);

impl UnsureOnTime {
    /// Notes `url`, judged on time, if `gaps` (the calendar's missing years) is not empty.
    pub fn note(&mut self, url: &str, gaps: Vec<i32>) {
        if !gaps.is_empty() {
            self.0.push((url.to_string(), gaps));
        }
    }

    /// One needs-review finding of `rule` for them all, at `home_url`; `what` names the pages
    /// and the verdict (“篇文章按周末推算在时限内公开”).
    pub fn finding(self, rule: &'static str, home_url: &str, what: &str) -> Option<Finding> {
        if self.0.is_empty() {
            return None;
        }
        let mut years: Vec<i32> = self.0.iter().flat_map(|(_, y)| y.iter().copied()).collect();
        years.sort_unstable();
        years.dedup();
        let years = join_years(&years);
        let message = format!(
            "{}{what}，但{years}年节假日安排未收录，是否按时请人工核查",
            self.0.len()
        );
        let urls: Vec<&str> = self.0.iter().map(|(url, _)| url.as_str()).collect();
        Some(
            Finding::new(rule, Severity::Info, home_url, message)
                .with("pages", json!(urls))
                .needs_review(format!("节假日日历缺少{years}年")),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Outcome;

    #[test]
    fn pages_on_time_without_the_calendar_make_one_review_finding() {
        assert!(
            UnsureOnTime::default()
                .finding("r", "http://x/", "篇")
                .is_none()
        );
        let mut unsure = UnsureOnTime::default();
        unsure.note("http://x/1.html", vec![2027]);
        unsure.note("http://x/2.html", vec![]);
        unsure.note("http://x/3.html", vec![2027, 2028]);
        let finding = unsure.finding("r", "http://x/", "篇文章按时").unwrap();
        assert_eq!(finding.outcome, Outcome::NeedsReview);
        assert_eq!(finding.evidence["pages"].as_array().unwrap().len(), 2);
        assert!(
            finding.message.starts_with("2篇文章按时，但2027"),
            "{}",
            finding.message
        );
        assert!(finding.reason.unwrap().contains("2028"));
    }
}
