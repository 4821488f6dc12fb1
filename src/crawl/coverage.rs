//! Whether a crawl covered the site: a rule that concludes from absence (no annual report, no
//! such column, no interpretation) may only do so when nothing stopped the crawl early.

use serde::{Deserialize, Serialize};
use url::Url;

use super::fetch::FailureKind;
use super::{CrawlError, CrawlOptions};

/// What the crawl saw of the site, for the rules ([`crate::rules::Context`]) and the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrawlCoverage {
    /// Nothing stopped the crawl before it had followed every link in scope.
    pub complete: bool,
    /// Why it is incomplete, in Chinese: which limit stopped it and what was left.
    pub reasons: Vec<String>,
}

impl Default for CrawlCoverage {
    fn default() -> Self {
        Self::full()
    }
}

impl CrawlCoverage {
    /// A crawl that covered everything (and what tests of single rules assume).
    pub fn full() -> Self {
        Self {
            complete: true,
            reasons: Vec::new(),
        }
    }

    /// The coverage of a crawl that left `left_queued` links queued at the page limit and
    /// `depth_skipped` links unfollowed at the depth limit.
    pub fn of(
        options: &CrawlOptions,
        start: &Url,
        left_queued: usize,
        depth_skipped: usize,
        errors: &[CrawlError],
    ) -> Self {
        let mut reasons = Vec::new();
        if left_queued > 0 {
            reasons.push(format!(
                "达到页数上限 --max-pages {}，仍有 {left_queued} 个链接未抓取",
                options.max_pages
            ));
        }
        if depth_skipped > 0 {
            reasons.push(format!(
                "达到深度上限 --max-depth {}，{depth_skipped} 个链接未跟进",
                options.max_depth
            ));
        }
        // A page that does not exist (404, a file absent from the mirror) is the site's broken
        // link, not a part the crawl missed.
        let failed = errors
            .iter()
            .filter(|e| !matches!((e.kind, e.status), (FailureKind::Http, Some(404 | 410))))
            .filter(|e| e.kind != FailureKind::Io)
            .count();
        if failed > 0 {
            reasons.push(format!(
                "{failed} 个页面抓取失败（超时、无法连接或服务器错误）"
            ));
        }
        if options.within_path && start.path() != "/" {
            reasons.push(format!(
                "只抓取了 {} 之下的页面（--within-path）",
                start.path()
            ));
        }
        Self {
            complete: reasons.is_empty(),
            reasons,
        }
    }

    /// One line for a finding's reason: why a conclusion from absence was not drawn.
    pub fn reason(&self) -> String {
        format!("抓取未覆盖全站（{}）", self.reasons.join("；"))
    }
}
