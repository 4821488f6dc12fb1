//! Which pages link to a target that failed, kept without keeping every page's links.
//!
//! A broken-link finding names every page linking the target. Keeping each page's links until
//! the end of the crawl costs kilobytes a page; instead, while the crawl runs, each page's links
//! are noted by target, and a target's list is dropped the moment it is read successfully (it
//! can no longer be broken). What remains at the end are the lists of targets that failed,
//! were never asked (outbound links, checked later by `--check-external`) or are still
//! pending. Targets are identified by a 64-bit hash of their page key: a collision among a
//! portal's few hundred thousand targets is vanishingly unlikely.

use std::collections::{HashMap, HashSet};

use crate::model::links::page_key;

#[derive(Debug, Clone, Default)]
pub struct Inbound {
    /// Targets read successfully: their links are not noted any more.
    read: HashSet<u64>,
    /// Target → indexes (in the crawl's page order) of the pages linking it.
    linking: HashMap<u64, Vec<u32>>,
}

/// A target by its page key ([`crate::model::links::page_key_of`]).
fn target(key: &str) -> u64 {
    super::seen::key_hash(key)
}

impl Inbound {
    /// Notes that the crawl's page number `page` links to the target with page key `key`
    /// (the crawl parses each link once, and hands its key here).
    pub fn note(&mut self, page: usize, key: &str) {
        let page = u32::try_from(page).unwrap_or(u32::MAX);
        let target = target(key);
        if self.read.contains(&target) {
            return;
        }
        let pages = self.linking.entry(target).or_default();
        if pages.last() != Some(&page) {
            pages.push(page);
        }
    }

    /// The page with page key `key` was read successfully: it can no longer be a broken link.
    pub fn read_ok(&mut self, key: &str) {
        let target = target(key);
        self.read.insert(target);
        self.linking.remove(&target);
    }

    /// The indexes of the pages that link to `url` (by page identity), in crawl order.
    pub fn pages_linking(&self, url: &str) -> &[u32] {
        self.linking
            .get(&target(&page_key(url)))
            .map_or(&[], |pages| pages.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(inbound: &mut Inbound, page: usize, links: &[&str]) {
        for link in links {
            inbound.note(page, &page_key(link));
        }
    }

    #[test]
    fn a_target_read_successfully_forgets_its_linking_pages() {
        let mut inbound = Inbound::default();
        note(
            &mut inbound,
            0,
            &["http://x.gov.cn/a.html", "http://x.gov.cn/b.html#top"],
        );
        note(
            &mut inbound,
            1,
            &["http://x.gov.cn/b.html", "http://x.gov.cn/b.html"],
        );
        inbound.read_ok(&page_key("http://x.gov.cn/a.html"));
        note(
            &mut inbound,
            2,
            &["http://x.gov.cn/a.html", "http://x.gov.cn/b.html"],
        );
        assert!(inbound.pages_linking("http://x.gov.cn/a.html").is_empty());
        assert_eq!(inbound.pages_linking("http://x.gov.cn/b.html"), &[0, 1, 2]);
    }
}
