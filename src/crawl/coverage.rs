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

/// What the crawl's limits left unread.
#[derive(Debug, Clone, Copy, Default)]
pub struct Left {
    /// Links still queued at the page limit, and declared list pages the page budget did not
    /// reach.
    pub queued: usize,
    /// Links not followed at the depth limit.
    pub depth_skipped: usize,
    /// Lists whose later pages were not fetched: more pages than `--max-list-pages`.
    pub lists_capped: usize,
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

    /// Notes that the crawl was ended early (by its deadline): what it had not reached was not
    /// seen.
    pub fn stopped_early(&mut self, why: &str) {
        self.complete = false;
        self.reasons.push(format!("{why}，部分页面未抓取"));
    }

    /// The coverage of a crawl that read `pages` pages and left `left` unread.
    pub fn of(
        options: &CrawlOptions,
        start: &Url,
        pages: usize,
        left: Left,
        errors: &[CrawlError],
    ) -> Self {
        let Left {
            queued: left_queued,
            depth_skipped,
            lists_capped,
        } = left;
        let mut reasons = Vec::new();
        if pages == 0 && left_queued == 0 {
            // Nothing read although no limit stopped it: robots.txt or a redirect out of scope.
            reasons.push("未读取到任何网页".to_string());
        }
        if left_queued > 0 {
            reasons.push(format!(
                "达到页数上限 --max-pages {}，仍有 {left_queued} 个链接未抓取",
                options.max_pages
            ));
        }
        if lists_capped > 0 {
            reasons.push(format!(
                "{lists_capped} 个列表的翻页超过 --max-list-pages {} 页，其后各页未抓取",
                options.max_list_pages
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

#[cfg(test)]
mod tests {
    use super::*;

    fn error(kind: FailureKind, status: Option<u16>) -> CrawlError {
        CrawlError {
            url: "http://x.gov.cn/a.html".into(),
            linked_from: None,
            kind,
            status,
            message: String::new(),
            attempts: 1,
        }
    }

    #[test]
    fn limits_failures_and_path_restrictions_make_a_crawl_incomplete() {
        let root = Url::parse("http://x.gov.cn/").unwrap();
        let options = CrawlOptions::default();
        let dead_link = [error(FailureKind::Http, Some(404))];
        assert!(CrawlCoverage::of(&options, &root, 9, Left::default(), &dead_link).complete);

        let timeout = [error(FailureKind::Timeout, None)];
        let left = Left {
            queued: 3,
            depth_skipped: 2,
            lists_capped: 1,
        };
        let cut = CrawlCoverage::of(&options, &root, 9, left, &timeout);
        assert!(!cut.complete);
        assert_eq!(cut.reasons.len(), 4, "{:?}", cut.reasons);
        assert!(cut.reasons[0].contains("--max-pages 2000，仍有 3 个链接未抓取"));
        assert_eq!(
            cut.reasons[1],
            "1 个列表的翻页超过 --max-list-pages 2000 页，其后各页未抓取"
        );
        assert!(cut.reasons[2].contains("--max-depth 6"));

        let within = CrawlOptions {
            within_path: true,
            ..CrawlOptions::default()
        };
        let sub = Url::parse("http://x.gov.cn/xxgk/zcwj/").unwrap();
        let only = CrawlCoverage::of(&within, &sub, 9, Left::default(), &[]);
        assert_eq!(
            only.reasons,
            ["只抓取了 /xxgk/zcwj/ 之下的页面（--within-path）"]
        );
        assert!(CrawlCoverage::of(&within, &root, 9, Left::default(), &[]).complete);
        let nothing = CrawlCoverage::of(&options, &root, 0, Left::default(), &[]);
        assert_eq!(nothing.reasons, ["未读取到任何网页"]);
    }
}
