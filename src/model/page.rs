//! One fetched page turned into a typed record: what kind of page it is and what it says.
//! Each page is parsed once, here; the crawler and the site model work on the record.

use std::sync::LazyLock;

use scraper::{Html, Selector};
use serde::{Deserialize, Serialize};
use url::Url;

use super::article::{ArticleContent, find_body, page_title, read_article, read_metadata};
use super::footer::Footer;
use super::freshness::Freshness;
use super::html::{MAX_DEPTH, limit_depth, parse_document_bounded};
use super::intern::SharedStr;
use super::labels::Field;
use super::links::{Link, collect};
use super::listing::{EntryGroup, ListEntry, entry_groups, main_list};
use super::messages::{Message, read_messages};
use super::meta::GuidelineMeta;
use super::navigation::{Crumb, NavNode, breadcrumb, column_menus};
use super::pagination::link_pagination;
pub use super::pagination::{Pagination, PaginationScheme};
use super::vocabulary::Vocabulary;
use crate::quirks::{self, Cms, EmbeddedList, ListPage};

static SCRIPTS: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("script").expect("valid selector"));

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    Article,
    List,
    Other,
}

/// What a list page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListContent {
    pub entries: Vec<ListEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    /// The page says the column is empty ("暂无信息").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub empty_notice: bool,
}

/// Everything gongkai reads from one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRecord {
    pub url: String,
    pub kind: PageKind,
    /// An article's shares its [`ArticleContent::title`].
    pub title: SharedStr,
    pub meta: GuidelineMeta,
    /// Boxed, as is `list`: a page is one or the other (or neither), and a portal's records
    /// are many.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<Box<ArticleContent>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list: Option<Box<ListContent>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breadcrumb: Vec<Crumb>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub menus: Vec<NavNode>,
    pub links: Vec<Link>,
    /// The page's footer, where site elements (标识码, 备案, 主办单位 …) are shown.
    #[serde(default, skip_serializing_if = "Footer::is_empty")]
    pub footer: Footer,
    /// For a page that is not an article: its newest dated items and its undated ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub freshness: Option<Freshness>,
    /// What could not be read as written (a page nested too deep), for the crawl's warnings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Messages (网民留言) the page shows: its list rows, or itself as a message's detail page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<Message>,
}

impl PageRecord {
    /// The column a page names for itself: ColumnName meta, else the breadcrumb's last step.
    pub fn column_name(&self) -> Option<String> {
        self.meta
            .get("ColumnName")
            .map(str::to_string)
            .or_else(|| self.breadcrumb.last().map(|c| c.name.to_string()))
    }
}

/// Reads one decoded HTML page with the shipped vocabulary.
pub fn extract_page(url: &Url, html: &str) -> PageRecord {
    extract_page_with(url, html, Vocabulary::shipped())
}

/// Reads one decoded page (or a CMS's list data answered at a page's URL).
pub fn extract_page_with(url: &Url, html: &str, vocabulary: &Vocabulary) -> PageRecord {
    if let Some((cms, answer)) = quirks::first(|cms| cms.list_answer(url, html)) {
        return extract_list_answer(url, cms, answer, vocabulary);
    }
    let (doc, depth_warning) = parse_document_bounded(html);
    let meta = GuidelineMeta::read(&doc);
    let footer = Footer::read(&doc);
    let links = collect(&doc, url);
    let root = doc.root_element();
    let body = find_body(&doc);
    let metadata = read_metadata(&doc, body);
    let crumbs = breadcrumb(root, url);
    let menus = column_menus(root, url);
    let mut freshness = None;
    let (kind, article, list) = 'content: {
        // A page that names itself an article (ArticleTitle tag, or a metadata block) needs no
        // list or pager analysis: most pages of a portal are articles.
        if meta.get("ArticleTitle").is_some() || metadata.block_strength() >= 2 {
            let content = read_article(url, &doc, &meta, metadata, body, &links);
            break 'content (PageKind::Article, Some(Box::new(content)), None);
        }
        let scripts: String = doc
            .select(&SCRIPTS)
            .map(|s| s.text().collect::<String>())
            .collect();
        let groups = entry_groups(root, url, false, vocabulary);
        freshness = Freshness::of(&groups);
        let big_dated_groups = groups.iter().filter(|g| g.dated >= 3).count();
        let mut list = main_list(groups).unwrap_or_default();
        let page = ListPage {
            url,
            doc: &doc,
            scripts: &scripts,
        };
        let embedded = quirks::first(|cms| cms.embedded_list(&page));
        if let Some((_, data)) = &embedded {
            list = records_list(&data.records, url, vocabulary);
        }
        if embedded.is_none()
            && metadata.has(Field::PublicationDate)
            && body.is_some()
            && list.entries.len() < 3
        {
            let content = read_article(url, &doc, &meta, metadata, body, &links);
            break 'content (PageKind::Article, Some(Box::new(content)), None);
        }
        // The CMS that ships the list declares its pages best; then any CMS's pager; then links.
        let pagination = embedded
            .as_ref()
            .and_then(|(cms, data)| Some(Pagination::declared(*cms, data.pages.as_ref()?)))
            .or_else(|| {
                quirks::first(|cms| cms.declared_pages(&page))
                    .map(|(cms, pages)| Pagination::declared(cms, &pages))
            })
            .or_else(|| link_pagination(&links, url));
        let empty_notice = vocabulary.says_empty(html);
        let declares_column = meta.get("ColumnName").is_some() || !crumbs.is_empty();
        // Undated links count as a column's entries only as list items: a hub's or intro
        // page's link in running text ("详见《…》") is not a list.
        // A home or section hub shows several columns' latest items: not one column's list.
        let hub = big_dated_groups >= 2 && meta.get("ColumnName").is_none();
        let is_list = pagination.is_some()
            || embedded.is_some()
            || (!hub
                && (list.dated > 0
                    || (declares_column
                        && ((list.listed && !list.entries.is_empty()) || empty_notice))));
        if !is_list {
            break 'content (PageKind::Other, None, None);
        }
        // Moved to a vector of their number: the list grew by doubling, and shrinking it in
        // place may keep its room.
        let mut entries = Vec::with_capacity(list.entries.len());
        entries.extend(list.entries);
        let content = ListContent {
            entries,
            pagination,
            empty_notice,
        };
        (PageKind::List, None, Some(Box::new(content)))
    };
    let title = article.as_ref().map_or_else(
        || SharedStr::from(page_title(&doc).as_str()),
        |a| a.title.clone(),
    );
    let mut crumbs = crumbs;
    if let Some(tail) = crumbs
        .last_mut()
        .filter(|c| c.url.is_none() && c.name == *title)
    {
        tail.name = title.clone();
    }
    let mut messages = read_messages(&doc, html, url, &vocabulary.messages);
    for message in messages.iter_mut().filter(|m| m.title.is_empty()) {
        message.title = title.to_string();
    }
    PageRecord {
        url: url.to_string(),
        kind,
        title,
        meta,
        article,
        list,
        breadcrumb: crumbs,
        menus,
        links,
        footer,
        freshness: freshness.filter(|_| kind != PageKind::Article),
        warnings: depth_warning
            .map(|w| format!("{url}：{w}"))
            .into_iter()
            .collect(),
        messages,
    }
}

/// List data a CMS answers at `url` (a Hanweb proxy's XML): its records are HTML fragments.
fn extract_list_answer(
    url: &Url,
    cms: &dyn Cms,
    answer: EmbeddedList,
    vocabulary: &Vocabulary,
) -> PageRecord {
    let list = records_list(&answer.records, url, vocabulary);
    let pagination = answer
        .pages
        .as_ref()
        .map(|pages| Pagination::declared(cms, pages));
    let links = list
        .entries
        .iter()
        .map(|e| Link {
            url: e.url.clone(),
            text: e.title.clone(),
            in_navigation: false,
            embedded: false,
        })
        .collect();
    PageRecord {
        url: url.to_string(),
        kind: PageKind::List,
        title: SharedStr::from(""),
        meta: GuidelineMeta::default(),
        article: None,
        list: Some(Box::new(ListContent {
            entries: list.entries,
            pagination,
            empty_notice: false,
        })),
        breadcrumb: Vec::new(),
        menus: Vec::new(),
        links,
        footer: Footer::default(),
        freshness: None,
        warnings: Vec::new(),
        messages: Vec::new(),
    }
}

fn records_list(records: &[String], url: &Url, vocabulary: &Vocabulary) -> EntryGroup {
    let html = format!("<ul>{}</ul>", records.concat());
    let html = limit_depth(&html, MAX_DEPTH).map_or(html, |(flat, _)| flat);
    let fragment = Html::parse_fragment(&html);
    let mut merged = EntryGroup::default();
    for group in entry_groups(fragment.root_element(), url, true, vocabulary) {
        merged.dated += group.dated;
        merged.entries.extend(group.entries);
    }
    merged
}
