//! CMS quirks: what the platforms Chinese portals are built on leave in their pages, and how to
//! expand it (list pagination written as a script, lists shipped as data through a proxy, dates
//! in article URLs).
//!
//! Each CMS is one adapter implementing [`Cms`], in its own module, listed once in
//! [`REGISTRY`]. The page extractor, the list reader and the mirror fetcher ask the registry;
//! nothing else names a CMS. Detection is implicit: every hook answers `None` for a page or URL
//! that is not its CMS's, so an adapter only has to recognise what it reads.
//!
//! Adding a CMS: write `src/quirks/<name>.rs` with a unit struct implementing [`Cms`] (its
//! `name()` is the module's name), add it to [`REGISTRY`], and test it on a saved page of a
//! real portal.

use scraper::Html;

use crate::model::pagination::PageSeries;
use url::Url;

pub mod hanweb;
pub mod trs;

/// Every CMS adapter, in the order they are asked: where two would answer, the first wins.
pub static REGISTRY: &[&dyn Cms] = &[&trs::Trs, &hanweb::Hanweb];

/// What a CMS leaves in its pages, and how to expand it. Every hook but the two names has a
/// default that reads nothing, so an adapter implements only what its CMS does.
pub trait Cms: Sync {
    /// The adapter's id: the name of its module in `src/quirks/` (`"trs"`, `"hanweb"`).
    fn name(&self) -> &'static str;

    /// The pagination scheme the site model records for the lists this adapter expands
    /// (`"trs-script"`): kebab-case, unique, never `"links"` (the plain pager's).
    fn scheme(&self) -> &'static str;

    /// A list the page carries as data rather than as HTML (Hanweb's `<datastore>`), with the
    /// pages the data declares. The records replace whatever list the HTML shows.
    fn embedded_list(&self, _page: &ListPage<'_>) -> Option<EmbeddedList> {
        None
    }

    /// Further pages a list page declares other than by links (TRS's `createPageHTML` script).
    /// Asked when no embedded list declared pages.
    fn declared_pages(&self, _page: &ListPage<'_>) -> Option<DeclaredPages> {
        None
    }

    /// When `url` answers list data instead of a page (Hanweb's `dataproxy.jsp`): the list read
    /// from `text`. Asked before a page is parsed as HTML.
    fn list_answer(&self, _url: &Url, _text: &str) -> Option<EmbeddedList> {
        None
    }

    /// The year the CMS writes into an article's URL, for list dates printed without one.
    fn url_year(&self, _url: &Url) -> Option<i32> {
        None
    }

    /// The content type a web server sends for `url`, where a saved mirror's file name does not
    /// tell it (a proxy answering XML from a `.jsp` path).
    fn mirror_content_type(&self, _url: &Url) -> Option<&'static str> {
        None
    }
}

/// A page that may be a list, as the adapters see it.
pub struct ListPage<'a> {
    pub url: &'a Url,
    pub doc: &'a Html,
    /// The text of every `<script>` of the page, joined.
    pub scripts: &'a str,
}

/// Further pages of a list, as a CMS declares them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeclaredPages {
    /// The number of pages the list says it has, when it says.
    pub total_pages: Option<u32>,
    /// The other pages of the list, to be fetched.
    pub pages: Vec<Url>,
    /// A numbered run of further pages, expanded lazily by the crawler (never one URL per
    /// claimed page up front).
    pub series: Option<PageSeries>,
}

/// A list a CMS ships as data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmbeddedList {
    /// Each entry's HTML (`<li><a …>title</a><span>date</span></li>`).
    pub records: Vec<String>,
    pub pages: Option<DeclaredPages>,
}

/// The first adapter's answer to `ask`, with the adapter that gave it.
pub fn first<T>(ask: impl Fn(&dyn Cms) -> Option<T>) -> Option<(&'static dyn Cms, T)> {
    REGISTRY
        .iter()
        .find_map(|cms| ask(*cms).map(|answer| (*cms, answer)))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn the_registry_lists_every_adapter_module_once() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/quirks");
        let modules: BTreeSet<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|entry| {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                let module = name.strip_suffix(".rs")?;
                (module != "mod").then(|| module.to_string())
            })
            .collect();
        let names: Vec<&str> = REGISTRY.iter().map(|cms| cms.name()).collect();
        let unique: BTreeSet<String> = names.iter().map(|n| n.to_string()).collect();
        assert_eq!(unique.len(), names.len(), "adapter names repeat: {names:?}");
        assert_eq!(unique, modules, "one adapter per module in src/quirks/");
    }

    #[test]
    fn schemes_are_unique_and_not_the_plain_pager() {
        let schemes: BTreeSet<&str> = REGISTRY.iter().map(|cms| cms.scheme()).collect();
        assert_eq!(schemes.len(), REGISTRY.len());
        assert!(!schemes.contains("links"));
    }
}
