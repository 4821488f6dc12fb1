//! The crawl's budgets: the pages left, each list's page cap, and repeating structure (a
//! calendar's `?date=` days, endless query variants) cut short with a warning naming it; and,
//! when the crawl ends, what it did not reach, in words.

use std::collections::BTreeSet;

use url::Url;

use super::{CrawlState, MAX_DATE_VARIANTS, MAX_QUERY_VARIANTS, StopReason, Task};
use crate::model::links::page_key_of;

impl CrawlState {
    /// Page budget left for queueing: pages not yet started nor queued.
    pub(super) fn budget_left(&self) -> usize {
        self.options
            .max_pages
            .saturating_sub(self.started + self.queue.len())
    }

    /// Queues a further page of the list `list_head`, within [`CrawlOptions::max_list_pages`];
    /// false when the list's cap is reached (then the caller stops).
    pub(super) fn enqueue_list_page(&mut self, list_head: &str, task: Task) -> bool {
        if self.seen.contains(&page_key_of(&task.url)) {
            return true;
        }
        let count = self.list_pages.entry(list_head.to_string()).or_default();
        let cap = self.options.max_list_pages;
        if *count + 1 >= cap {
            self.stats.cut_as_traps += 1;
            if !self.traps_warned.contains(list_head) {
                self.lists_capped += 1;
            }
            self.warn_trap(
                list_head,
                format!(
                    "列表 {list_head} 的翻页超过 {cap} 页，其后各页未抓取（疑似无尽翻页或虚报页数）"
                ),
            );
            return false;
        }
        *count += 1;
        self.enqueue(task);
        true
    }

    pub(super) fn warn_trap(&mut self, key: &str, warning: String) {
        if self.traps_warned.insert(key.to_string()) {
            tracing::warn!("{warning}");
            self.warnings.push(warning);
        }
    }

    /// Whether a link repeats a query structure beyond its cap (a calendar's `?date=` days, a
    /// path with endlessly varying parameters). Counts the link when it does not.
    pub(super) fn is_query_trap(&mut self, url: &Url) -> bool {
        let Some(query) = url.query().filter(|q| !q.is_empty()) else {
            return false;
        };
        if self.seen.contains(&page_key_of(url)) {
            return false;
        }
        let names: BTreeSet<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
        let dated = url.query_pairs().any(|(k, v)| is_date_parameter(&k, &v));
        let mut shape = url.clone();
        shape.set_query(None);
        let key = format!(
            "{}?{}",
            page_key_of(&shape),
            names.into_iter().collect::<Vec<_>>().join("&")
        );
        let cap = if dated {
            MAX_DATE_VARIANTS
        } else {
            MAX_QUERY_VARIANTS
        };
        let count = self.query_variants.entry(key.clone()).or_default();
        if *count >= cap {
            self.stats.cut_as_traps += 1;
            let what = if dated {
                "日期参数"
            } else {
                "查询参数"
            };
            self.warn_trap(
                &key,
                format!(
                    "{} 的{what}变化超过 {cap} 种（如 ?{query}），其余链接未抓取（疑似日历或无尽链接陷阱）",
                    shape
                ),
            );
            return true;
        }
        *count += 1;
        false
    }

    /// After the loop: what was not reached, in words.
    pub(super) fn finish(&mut self) {
        let too_deep = self
            .depth_skipped
            .iter()
            .filter(|key| !self.seen.contains(key))
            .count();
        if too_deep > 0 {
            self.warnings.push(format!(
                "{too_deep} 个页面距起始页超过 {} 次点击（--max-depth），未抓取",
                self.options.max_depth
            ));
        }
        let queued = self.queue.len();
        if queued > 0 && self.stats.stopped_by.is_none() {
            self.stats.stopped_by = Some(StopReason::MaxPages);
        }
        self.stats.queued_not_fetched += queued;
        self.stats.skipped_by_limits += queued;
        if let Some(reason) = self.stats.stopped_by {
            let lists: BTreeSet<&str> = self
                .queue
                .iter()
                .filter_map(|t| t.pagination_of.as_deref())
                .collect();
            let mut warning = format!(
                "抓取未完成：{}，已抓取 {} 页，{} 个已发现的链接未抓取",
                reason.display(),
                self.stats.pages_fetched,
                self.stats.queued_not_fetched
            );
            if !lists.is_empty() {
                let shown: Vec<&str> = lists.iter().take(5).copied().collect();
                warning.push_str(&format!(
                    "，其中 {} 个列表的翻页未抓完（{}{}）",
                    lists.len(),
                    shown.join("、"),
                    if lists.len() > shown.len() {
                        " 等"
                    } else {
                        ""
                    }
                ));
            }
            warning.push_str("；本报告只反映已抓取的页面");
            self.warnings.push(warning);
        }
    }
}

/// Whether a query parameter carries a date (`date=2025-01-01`, `day=20250101`, `month=2025-1`).
fn is_date_parameter(name: &str, value: &str) -> bool {
    static DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^(?:19|20)\d{2}[-/.]?\d{1,2}(?:[-/.]?\d{1,2})?$").expect("valid regex")
    });
    let name = name.to_ascii_lowercase();
    DATE.is_match(value.trim())
        || (matches!(
            name.as_str(),
            "date" | "day" | "month" | "year" | "riqi" | "ymd"
        ) && !value.is_empty())
}
