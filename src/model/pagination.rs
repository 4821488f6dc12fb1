//! The further pages of a list: a plain pager's links ("下一页", numbered links), or what a CMS
//! adapter in [`crate::quirks`] reads (script pagers, proxy pages).

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use url::Url;

use super::links::Link;
use crate::quirks::{Cms, DeclaredPages};

/// Link texts of a static pager.
const PAGER_WORDS: &[&str] = &["下一页", "下页", "尾页", "末页", "最后一页", ">>", "»"];

/// How a list declares its further pages: [`PaginationScheme::LINKS`] for a plain pager, else
/// the scheme of the CMS adapter that read them (`trs-script`, `hanweb-proxy`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PaginationScheme(Cow<'static, str>);

impl PaginationScheme {
    /// Plain "下一页" / numbered links.
    pub const LINKS: Self = Self(Cow::Borrowed("links"));

    /// The scheme of a CMS adapter.
    pub fn of(cms: &dyn Cms) -> Self {
        Self(Cow::Borrowed(cms.scheme()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The further pages of a list, as the page declares them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pagination {
    pub scheme: PaginationScheme,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_pages: Option<u32>,
    /// Other pages of the same list, to be fetched.
    pub pages: Vec<String>,
    /// A numbered run of further pages the list declares (`index_1.html` … `index_N.html`),
    /// kept as a pattern: the crawler expands it lazily and within its caps, so a claimed page
    /// count of 999999 costs nothing here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<PageSeries>,
}

/// Pages `prefix{k}suffix` for `k` in `first..=last`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PageSeries {
    pub prefix: String,
    pub suffix: String,
    pub first: u32,
    pub last: u32,
}

impl PageSeries {
    /// The number of pages in the series.
    pub fn len(&self) -> u64 {
        if self.last < self.first {
            0
        } else {
            u64::from(self.last - self.first) + 1
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The URL of page `k`.
    pub fn url(&self, k: u32) -> String {
        format!("{}{k}{}", self.prefix, self.suffix)
    }

    /// The URLs in order, lazily.
    pub fn urls(&self) -> impl Iterator<Item = String> + '_ {
        (self.first..=self.last).map(|k| self.url(k))
    }
}

impl Pagination {
    /// The pages a CMS adapter read.
    pub fn declared(cms: &dyn Cms, declared: &DeclaredPages) -> Self {
        Self {
            scheme: PaginationScheme::of(cms),
            total_pages: declared.total_pages,
            pages: declared.pages.iter().map(Url::to_string).collect(),
            series: declared.series.clone(),
        }
    }
}

/// Static pagers: "下一页", "尾页" and numbered links. A 尾页 link to `index_55.html` next to a
/// numbered pager or "下一页" link of the same series (`index_1.html`) declares every page from
/// `index_1.html` to `index_55.html`, even those the pager does not show; a 尾页 link alone
/// declares only itself (nothing is guessed).
pub fn link_pagination(links: &[Link], url: &Url) -> Option<Pagination> {
    let pager_links: Vec<&Link> = links
        .iter()
        .filter(|l| {
            let text = l.text.trim();
            PAGER_WORDS.contains(&text) || (text.parse::<u32>().is_ok() && numbered_page(&l.url))
        })
        .filter(|l| l.url != url.as_str())
        .collect();
    if pager_links.is_empty() {
        return None;
    }
    let mut pages: Vec<String> = pager_links.iter().map(|l| l.url.clone()).collect();
    let is_last = |l: &Link| matches!(l.text.trim(), "尾页" | "末页" | "最后一页");
    let last = pager_links
        .iter()
        .filter(|l| is_last(l))
        .find_map(|l| indexed_page(&l.url))
        .filter(|(prefix, _, ext)| {
            // The series is declared when another pager link of it is on the page.
            pager_links.iter().any(|l| {
                !is_last(l)
                    && indexed_page(&l.url).is_some_and(|(p, _, e)| p == *prefix && e == *ext)
            })
        });
    pages.sort();
    pages.dedup();
    let series = last.as_ref().map(|(prefix, n, ext)| PageSeries {
        prefix: format!("{prefix}_"),
        suffix: format!(".{ext}"),
        first: 1,
        last: *n,
    });
    Some(Pagination {
        scheme: PaginationScheme::LINKS,
        total_pages: last.map(|(_, n, _)| n.saturating_add(1)),
        pages,
        series,
    })
}

fn numbered_page(url: &str) -> bool {
    indexed_page(url).is_some()
        || url.contains("page=")
        || url.contains("pageNo=")
        || url.contains("pageIndex=")
}

/// The `index_N.html` naming of static list pages:
/// `http://x/col/index_55.html` → (`http://x/col/index`, 55, `html`).
fn indexed_page(url: &str) -> Option<(String, u32, String)> {
    static PATTERN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(.*/[A-Za-z]+)_(\d+)\.(s?html?)$").expect("valid regex"));
    let caps = PATTERN.captures(url)?;
    Some((
        caps[1].to_string(),
        caps[2].parse().ok()?,
        caps[3].to_string(),
    ))
}
