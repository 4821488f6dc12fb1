//! The links that leave the portal, tallied page by page. The crawl tallies them as it reads
//! each page, so a lean record need not keep its outbound links until the end (at 100,000
//! pages those vectors cost tens of megabytes at the crawl's memory peak); [`super::Site::build`]
//! tallies a whole record list the same way.
//!
//! Pages are named by their index in crawl order. The site model names a link's first page in
//! address order (the order it joins pages in, ties kept in crawl order); `--check-external`
//! names the first page crawled. Both are kept.

use std::collections::BTreeMap;

use super::{CrawledPage, OutboundLink};
use crate::model::links::Link;

/// Every distinct outbound link (by its address as written), in address order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutboundTally {
    links: BTreeMap<String, Tally>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Tally {
    /// Its text on `found_on`.
    text: String,
    /// The page with the smallest address linking it (the first crawled among equal ones).
    found_on: u32,
    /// The first page crawled linking it.
    first: u32,
    times_seen: usize,
}

/// A crawl index as stored (a crawl never reaches four billion pages).
fn index(page: usize) -> u32 {
    u32::try_from(page).unwrap_or(u32::MAX)
}

impl OutboundTally {
    /// Notes `link`, which leaves the portal, on the page with crawl index `page` and address
    /// `page_url`; `pages` holds at least the pages crawled before it, in crawl order. Pages
    /// are noted in crawl order.
    pub fn note(&mut self, link: &Link, page: usize, page_url: &str, pages: &[CrawledPage]) {
        let page = index(page);
        match self.links.get_mut(&link.url) {
            Some(tally) => {
                tally.times_seen += 1;
                // A link repeated on one page: its first text stands (the page may not be
                // among `pages` yet).
                if page != tally.found_on
                    && page_url < pages[tally.found_on as usize].record.url.as_str()
                {
                    tally.found_on = page;
                    tally.text.clone_from(&link.text);
                }
            }
            None => {
                self.links.insert(
                    link.url.clone(),
                    Tally {
                        text: link.text.clone(),
                        found_on: page,
                        first: page,
                        times_seen: 1,
                    },
                );
            }
        }
    }

    /// The site model's outbound links, by address; `pages` in crawl order.
    pub fn links(&self, pages: &[CrawledPage]) -> Vec<OutboundLink> {
        self.links
            .iter()
            .map(|(url, tally)| OutboundLink {
                url: url.clone(),
                text: tally.text.clone(),
                found_on: pages[tally.found_on as usize].record.url.clone(),
                times_seen: tally.times_seen,
            })
            .collect()
    }

    /// Each link's address, the crawl index of the first page crawled linking it, and how
    /// often it was seen, by address.
    pub fn first_seen(&self) -> impl Iterator<Item = (&str, usize, usize)> {
        self.links
            .iter()
            .map(|(url, tally)| (url.as_str(), tally.first as usize, tally.times_seen))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PageFetch, extract_page};

    fn page(url: &str, links: &[(&str, &str)]) -> CrawledPage {
        let html: String = links
            .iter()
            .map(|(href, text)| format!(r#"<p><a href="{href}">{text}</a></p>"#))
            .collect();
        let url = url::Url::parse(url).unwrap();
        CrawledPage {
            record: Box::new(extract_page(
                &url,
                &format!("<html><body>{html}</body></html>"),
            )),
            pagination_of: None,
            requested_url: None,
            fetch: PageFetch::default(),
        }
    }

    #[test]
    fn a_link_is_found_on_its_smallest_page_and_first_seen_on_its_first() {
        let pages = vec![
            page("http://x.gov.cn/z.html", &[("https://a.cn/", "甲")]),
            page("http://x.gov.cn/c.html", &[("https://b.cn/", "乙")]),
            page(
                "http://x.gov.cn/b.html",
                &[("https://a.cn/", "甲二"), ("https://a.cn/", "甲三")],
            ),
            page("http://x.gov.cn/b.html", &[("https://a.cn/", "甲四")]),
        ];
        let mut tally = OutboundTally::default();
        for (at, page) in pages.iter().enumerate() {
            for link in &page.record.links {
                // As the crawl notes them: the page not yet among the pages.
                tally.note(link, at, &page.record.url, &pages[..at]);
            }
        }
        let links = tally.links(&pages);
        let found: Vec<_> = links
            .iter()
            .map(|l| {
                (
                    l.url.as_str(),
                    l.text.as_str(),
                    l.found_on.as_str(),
                    l.times_seen,
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("https://a.cn/", "甲二", "http://x.gov.cn/b.html", 4),
                ("https://b.cn/", "乙", "http://x.gov.cn/c.html", 1),
            ]
        );
        let first: Vec<_> = tally.first_seen().collect();
        assert_eq!(first, [("https://a.cn/", 0, 4), ("https://b.cn/", 1, 1)]);
    }
}
