//! The progress line on a terminal: pages done and queued, failures, the rate and the column
//! being read, so a long crawl shows where it is. Nothing is drawn when standard error is not a
//! terminal (cron, CI).

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use super::CrawlStats;
use crate::model::CrawledPage;

pub(super) struct Progress {
    bar: indicatif::ProgressBar,
    began: Instant,
}

impl Progress {
    /// A progress line when `wanted` and standard error is a terminal.
    pub(super) fn new(wanted: bool) -> Option<Self> {
        if !wanted || !std::io::stderr().is_terminal() {
            return None;
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(Duration::from_millis(120));
        Some(Self {
            bar,
            began: Instant::now(),
        })
    }

    /// Shows the counts after a page, and the column of the page just read.
    pub(super) fn show(&self, stats: &CrawlStats, queued: usize, last: Option<&CrawledPage>) {
        let seconds = self.began.elapsed().as_secs_f64().max(0.1);
        let rate = stats.pages_fetched as f64 / seconds;
        let column = last
            .and_then(|page| {
                let record = &page.record;
                record
                    .meta
                    .get("ColumnName")
                    .map(str::to_string)
                    .or_else(|| record.breadcrumb.last().map(|c| c.name.to_string()))
            })
            .map(|c| format!("，当前栏目：{c}"))
            .unwrap_or_default();
        self.bar.set_message(format!(
            "已抓取 {} 页，待抓取 {queued}，失败 {}，{rate:.1} 页/秒{column}",
            stats.pages_fetched, stats.pages_failed
        ));
    }

    pub(super) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
