//! What a crawl may do: its limits, budgets and deadline.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::http;
use crate::model::Vocabulary;

#[derive(Debug, Clone)]
pub struct CrawlOptions {
    pub max_pages: usize,
    pub max_depth: u32,
    pub within_path: bool,
    pub concurrency: usize,
    pub respect_robots: bool,
    pub user_agent: String,
    /// Show a progress bar on standard error (only ever on a terminal; off by default, the
    /// command line turns it on unless `--quiet`).
    pub progress: bool,
    /// The words pages are read with; [`crate::app::run`] sets the locality's from `checks/`.
    pub vocabulary: Vocabulary,
    /// The whole crawl's time limit: when it passes, fetches in flight are abandoned and the
    /// crawl ends with what it has, marked [`StopReason::Deadline`].
    pub deadline: Duration,
    /// The most pages fetched of one list ([`MAX_LIST_PAGES`] by default).
    pub max_list_pages: usize,
    /// What the history store knows of the portal's pages: conditional requests and reuse of
    /// unchanged articles. `None` fetches everything.
    pub cache: Option<std::sync::Arc<super::cache::PageCache>>,
    /// Keep only what the site model reads of each page once its links are followed (see
    /// `keep`): a one-off check of a large portal. Off for a crawl whose records a history
    /// store or a page cache will keep; never applied while `cache` is set.
    pub lean_records: bool,
    /// Check the links leaving the portal (HEAD, then GET), politely: off by default.
    pub check_external: bool,
    /// The most outbound links checked in one run ([`MAX_EXTERNAL`] by default).
    pub max_external: usize,
}

impl CrawlOptions {
    /// Whether the records are kept lean ([`Self::lean_records`] without a cache): nothing
    /// keeps them, nor their bodies' hashes, after the run.
    pub fn keeps_lean(&self) -> bool {
        self.lean_records && self.cache.is_none()
    }
}

/// The most outbound links checked in one run, the most-linked first.
pub const MAX_EXTERNAL: usize = 300;

/// The default [`CrawlOptions::deadline`]: two hours.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(2 * 60 * 60);

/// The most pages fetched of one list (its pager chain, a declared page count).
pub const MAX_LIST_PAGES: usize = 2000;

/// The most variants of one path with the same query parameters (`list.jsp?id=…`) followed.
pub const MAX_QUERY_VARIANTS: usize = 1000;

/// The most variants of one path whose query varies by a date (`?date=2025-01-01`): a
/// calendar links to every day, forever.
pub const MAX_DATE_VARIANTS: usize = 31;

/// Why a crawl ended before it had fetched everything it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// `--deadline` passed.
    Deadline,
    /// `--max-pages` pages were fetched with links still queued.
    MaxPages,
}

impl StopReason {
    pub fn display(self) -> &'static str {
        match self {
            Self::Deadline => "已到抓取时限（--deadline）",
            Self::MaxPages => "已达页数上限（--max-pages）",
        }
    }
}

impl Default for CrawlOptions {
    fn default() -> Self {
        Self {
            max_pages: 2000,
            max_depth: 6,
            within_path: false,
            concurrency: 4,
            respect_robots: true,
            user_agent: http::default_user_agent(),
            progress: false,
            vocabulary: Vocabulary::default(),
            deadline: DEFAULT_DEADLINE,
            max_list_pages: MAX_LIST_PAGES,
            cache: None,
            lean_records: false,
            check_external: false,
            max_external: MAX_EXTERNAL,
        }
    }
}
