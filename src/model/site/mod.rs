//! The site model: every page record of one crawl joined into columns, a column tree and
//! articles that know which lists show them and with which dates. Rules read only this.
//!
//! [`Site::build`] joins in steps, one module each: list pages into [`Column`]s (`columns`),
//! breadcrumbs and menus into the column tree (`tree`), article pages with the lists that show
//! them (`articles`), what could not be read cleanly (`warnings`), and the links that leave
//! the portal (`outbound`, which the crawl tallies as it reads).

mod articles;
mod columns;
mod messages;
mod outbound;
mod tree;
mod warnings;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use url::Url;

pub use articles::{Article, ColumnPath, DateSource, Sighting, SourcedDate};
pub use columns::Column;
pub use messages::SiteMessage;
pub use outbound::OutboundTally;
pub use tree::ColumnNode;
pub use warnings::ModelWarning;

use super::body::TextStore;
use super::footer::Footer;
use super::freshness::Freshness;
use super::meta::GuidelineMeta;
use super::page::{PageKind, PageRecord};

/// A link that leaves the site, with the first page it was seen on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboundLink {
    pub url: String,
    pub text: String,
    pub found_on: String,
    pub times_seen: usize,
}

/// The whole portal as gongkai understands it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    /// The start page (the first page crawled).
    pub home_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_id_code: Option<String>,
    pub column_tree: Vec<ColumnNode>,
    pub columns: Vec<Column>,
    pub articles: Vec<Article>,
    /// Pages that are neither articles nor lists (home pages, hubs, forms).
    pub other_pages: Vec<String>,
    pub outbound_links: Vec<OutboundLink>,
    pub warnings: Vec<ModelWarning>,
    /// The start page's footer and 发展指引 tags, where the site elements are read (not written
    /// to reports).
    #[serde(skip)]
    pub home: HomePage,
    /// Links inside the portal the crawl could not open (the crawl section reports the
    /// failures; rules read them here).
    #[serde(skip)]
    pub broken_links: Vec<BrokenLink>,
    /// Pages that are neither articles nor lists but show dated items (section front pages),
    /// with what they show: a home page of links only is judged by them.
    #[serde(skip)]
    pub hubs: Vec<(String, Freshness)>,
    /// Messages (网民留言) read from list rows and detail pages, each with its column.
    #[serde(skip)]
    pub messages: Vec<SiteMessage>,
    /// Where the articles' stored bodies are read back (a lean crawl's); see [`Self::body`].
    #[serde(skip)]
    pub texts: TextStore,
}

/// A link target inside the portal that did not open, with every page that links to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub url: String,
    /// The HTTP status, when the server answered.
    pub status: Option<u16>,
    /// Why it failed, in the report's words (请求超时, 服务器返回错误状态 …).
    pub reason: String,
    pub linked_from: Vec<String>,
    /// The link leaves the portal (checked with `--check-external`).
    pub external: bool,
}

/// What the start page shows of the site itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HomePage {
    pub footer: Footer,
    pub meta: GuidelineMeta,
    /// Its newest dated items and undated ones (none for a page of links only).
    pub freshness: Option<Freshness>,
    /// Where its links lead (internal and outbound), for judging it by its second-level pages.
    pub links: Vec<String>,
}

/// A page record with what the crawl knows about how it was reached.
#[derive(Debug, Clone)]
pub struct CrawledPage {
    /// Boxed: a record is a kilobyte inline, and a crawl of 100,000 pages grows its list of
    /// pages by doubling.
    pub record: Box<PageRecord>,
    /// The first list page of the list this page continues, for pagination pages.
    pub pagination_of: Option<String>,
    /// The URL that was asked for, when a redirect led elsewhere.
    pub requested_url: Option<String>,
    /// How the record was obtained: fetched, confirmed unchanged, or taken from the history.
    pub fetch: PageFetch,
}

/// How a page's record was obtained this run, as the history store keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageFetch {
    /// The HTTP status of the last answer with a body (200), as the history knows it.
    pub status: u16,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// SHA-256 (hex) of the body the record was read from.
    pub content_hash: String,
    pub source: PageSource,
    /// Body bytes received for it this run (0 when not modified or reused).
    pub bytes: u64,
}

/// Where this run's record of a page came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageSource {
    /// Fetched and parsed this run.
    #[default]
    Fetched,
    /// The server answered 304 Not Modified; the stored record was used.
    NotModified,
    /// Not requested: unchanged since it was last verified and not yet due again.
    Reused,
}

impl Site {
    /// Joins crawled pages into a site, taking them: article contents move into the model.
    /// `is_internal` says whether a URL is inside the crawl's scope (anything else is an
    /// outbound link). The first page is the start page; the rest may come in any order.
    pub fn build(pages: Vec<CrawledPage>, is_internal: impl Fn(&Url) -> bool) -> Site {
        let outbound = outbound_links(&pages, is_internal);
        Self::build_tallied(pages, &outbound)
    }

    /// [`Self::build`] with the outbound links tallied beforehand (by the crawl, as it read
    /// the pages: its records need not keep them), `pages` in the order `outbound` names them.
    pub fn build_tallied(mut pages: Vec<CrawledPage>, outbound: &OutboundTally) -> Site {
        let mut site = Site {
            outbound_links: outbound.links(&pages),
            ..Site::default()
        };
        if let Some(first) = pages.first() {
            site.home_url = first.record.url.clone();
            site.site_name = first.record.meta.get("SiteName").map(str::to_string);
            site.site_id_code = first.record.meta.get("SiteIDCode").map(str::to_string);
            site.home = HomePage {
                footer: first.record.footer.clone(),
                meta: first.record.meta.clone(),
                freshness: first.record.freshness.clone(),
                links: first.record.links.iter().map(|l| l.url.clone()).collect(),
            };
        }
        // Concurrent fetches finish in any order; the model must not depend on it.
        pages.sort_by(|a, b| a.record.url.cmp(&b.record.url));
        site.columns = columns::join_columns(&mut pages);
        site.column_tree = tree::build_tree(&pages, &mut site.columns);
        site.messages = messages::join_messages(&pages, &site.columns);
        site.other_pages = pages
            .iter()
            .filter(|p| p.record.kind == PageKind::Other)
            .map(|p| p.record.url.clone())
            .collect();
        site.hubs = pages
            .iter()
            .filter(|p| p.record.kind == PageKind::Other)
            .filter_map(|p| Some((p.record.url.clone(), p.record.freshness.clone()?)))
            .collect();
        keep_articles(&mut pages);
        site.articles = articles::join_articles(pages, &site.columns);
        site.warnings = warnings::unreadable_dates(&site.articles);
        site
    }
}

impl Site {
    /// The body text of `article`, wherever the crawl kept it.
    pub fn body<'a>(&self, article: &'a Article) -> Cow<'a, str> {
        self.texts.text(&article.content.body)
    }

    /// The article's title, a line break and its body, in one string: the text the text rules
    /// (错别字, 隐私, 指南) scan.
    pub fn title_and_body(&self, article: &Article) -> String {
        self.texts
            .text_under(&article.content.title, &article.content.body)
    }

    /// Notes a link off the portal the crawl learnt of otherwise (a redirect it did not follow).
    pub fn add_outbound_link(&mut self, url: &str, found_on: &str) {
        match self.outbound_links.iter_mut().find(|l| l.url == url) {
            Some(link) => link.times_seen += 1,
            None => self.outbound_links.push(OutboundLink {
                url: url.to_string(),
                text: String::new(),
                found_on: found_on.to_string(),
                times_seen: 1,
            }),
        }
    }
}

/// Drops what the articles do not take (every other page, and an article page's lists, menus,
/// links, footer …) before the articles are joined: a large portal's pages would otherwise
/// stay whole while the articles and their sightings are built beside them.
fn keep_articles(pages: &mut Vec<CrawledPage>) {
    pages.retain(|page| page.record.article.is_some());
    for page in pages.iter_mut() {
        let record = &mut *page.record;
        record.list = None;
        record.breadcrumb = Vec::new();
        record.menus = Vec::new();
        record.links = Vec::new();
        record.footer = Default::default();
        record.freshness = None;
        record.warnings = Vec::new();
        record.messages = Vec::new();
    }
}

/// The links of `pages` that leave the site (`is_internal` false, a web address).
fn outbound_links(pages: &[CrawledPage], is_internal: impl Fn(&Url) -> bool) -> OutboundTally {
    let mut tally = OutboundTally::default();
    for (at, page) in pages.iter().enumerate() {
        for link in &page.record.links {
            let Ok(url) = Url::parse(&link.url) else {
                continue;
            };
            if is_internal(&url) || !matches!(url.scheme(), "http" | "https") {
                continue;
            }
            tally.note(link, at, &page.record.url, pages);
        }
    }
    tally
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::extract_page;

    fn one_page_site(html: &str) -> Site {
        let url = Url::parse("http://x.gov.cn/a/1.html").unwrap();
        let page = CrawledPage {
            record: Box::new(extract_page(&url, html)),
            pagination_of: None,
            requested_url: None,
            fetch: PageFetch::default(),
        };
        Site::build(vec![page], |_| true)
    }

    #[test]
    fn an_unreadable_date_is_kept_as_text_with_a_warning() {
        let html = r#"<html><head><meta name="ArticleTitle" content="关于某事项的通知"><meta name="PubDate" content="近日"></head><body>
            <table><tr><td>索引号：</td><td>X/2025-1</td><td>成文日期：</td><td>待定</td></tr>
            <tr><td>发布机构：</td><td>某局</td><td>发布日期：</td><td>2025-05-06</td></tr></table><div id="zoom"><p>正文</p></div></body></html>"#;
        let site = one_page_site(html);
        let formed = site.articles[0].content.metadata.formation_date().unwrap();
        assert_eq!((formed.text.as_str(), formed.date), ("待定", None));
        let messages: Vec<&str> = site.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "成文日期“待定”无法识别为日期，已按原文保留",
                "PubDate网页标签“近日”无法识别为日期"
            ]
        );
    }

    #[test]
    fn an_unlisted_article_sits_in_the_column_its_page_names() {
        let html = r#"<html><head><meta name="ArticleTitle" content="关于某事项的通知"><meta name="ColumnName" content="政策文件"></head>
            <body><div id="zoom"><p>正文</p></div></body></html>"#;
        let site = one_page_site(html);
        assert_eq!(site.articles[0].column.as_deref(), Some("政策文件"));
        assert_eq!(site.articles[0].column_path, ["政策文件"]);
    }
}
