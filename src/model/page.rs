//! One fetched page turned into a typed record: what kind of page it is and what it says.
//! Each page is parsed once, here; the crawler and the site model work on the record.

use std::sync::LazyLock;

use scraper::{Html, Selector};
use serde::{Deserialize, Serialize};
use url::Url;

use super::article::{ArticleContent, find_body, page_title, read_article, read_metadata};
use super::links::{Link, collect, resolve};
use super::listing::{EntryGroup, ListEntry, entry_groups, main_list};
use super::meta::GuidelineMeta;
use super::navigation::{Crumb, NavNode, breadcrumb, column_menus};
use crate::quirks::{hanweb, trs};

/// Words a list page shows when a column has nothing in it.
const EMPTY_NOTICES: &[&str] = &[
    "暂无信息",
    "暂无数据",
    "暂无内容",
    "没有相关信息",
    "暂无相关信息",
    "无记录",
];

/// Link texts of a static pager.
const PAGER_WORDS: &[&str] = &["下一页", "下页", "尾页", "末页", "最后一页", ">>", "»"];

static SCRIPTS: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("script").expect("valid selector"));

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    Article,
    List,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PaginationScheme {
    /// Plain "下一页" / numbered links.
    Links,
    /// TRS `createPageHTML(total, current, "index", "html")`.
    TrsScript,
    /// Hanweb `dataproxy.jsp`.
    HanwebProxy,
}

/// The further pages of a list, as the page declares them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pagination {
    pub scheme: PaginationScheme,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_pages: Option<u32>,
    /// Other pages of the same list, to be fetched.
    pub pages: Vec<String>,
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
    pub title: String,
    pub meta: GuidelineMeta,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<ArticleContent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list: Option<ListContent>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breadcrumb: Vec<Crumb>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub menus: Vec<NavNode>,
    pub links: Vec<Link>,
}

impl PageRecord {
    /// The column a page names for itself: ColumnName meta, else the breadcrumb's last step.
    pub fn column_name(&self) -> Option<String> {
        self.meta
            .get("ColumnName")
            .map(str::to_string)
            .or_else(|| self.breadcrumb.last().map(|c| c.name.clone()))
    }
}

/// Reads one decoded HTML page.
pub fn extract_page(url: &Url, html: &str) -> PageRecord {
    if hanweb::is_proxy(url) {
        return extract_proxy_answer(url, html);
    }
    let doc = Html::parse_document(html);
    let meta = GuidelineMeta::read(&doc);
    let links = collect(&doc, url);
    let root = doc.root_element();
    let body = find_body(&doc);
    let metadata = read_metadata(&doc, body);
    let crumbs = breadcrumb(root, url);
    let menus = column_menus(root, url);
    let (kind, article, list) = 'content: {
        // A page that names itself an article (ArticleTitle tag, or a metadata block) needs no
        // list or pager analysis: most pages of a portal are articles.
        if meta.get("ArticleTitle").is_some() || metadata.block_strength() >= 2 {
            let content = read_article(&doc, &meta, metadata, body, &links);
            break 'content (PageKind::Article, Some(content), None);
        }
        let scripts: String = doc
            .select(&SCRIPTS)
            .map(|s| s.text().collect::<String>())
            .collect();
        let groups = entry_groups(root, url, false);
        let big_dated_groups = groups.iter().filter(|g| g.dated >= 3).count();
        let mut list = main_list(groups).unwrap_or_default();
        let datastore = hanweb::read_datastore(&scripts);
        if let Some(store) = &datastore {
            list = records_list(&store.records, url);
        }
        if datastore.is_none()
            && metadata.publication_date.is_some()
            && body.is_some()
            && list.entries.len() < 3
        {
            let content = read_article(&doc, &meta, metadata, body, &links);
            break 'content (PageKind::Article, Some(content), None);
        }
        let pagination = datastore
            .as_ref()
            .and_then(|store| hanweb_pagination(store, url))
            .or_else(|| trs_pagination(&scripts, url))
            .or_else(|| link_pagination(&links, url));
        let empty_notice = EMPTY_NOTICES.iter().any(|n| html.contains(n));
        let declares_column = meta.get("ColumnName").is_some() || !crumbs.is_empty();
        // A home or section hub shows several columns' latest items: not one column's list.
        let hub = big_dated_groups >= 2 && meta.get("ColumnName").is_none();
        let is_list = pagination.is_some()
            || datastore.is_some()
            || (!hub
                && (list.dated > 0
                    || (declares_column && (!list.entries.is_empty() || empty_notice))));
        if !is_list {
            break 'content (PageKind::Other, None, None);
        }
        let content = ListContent {
            entries: list.entries,
            pagination,
            empty_notice,
        };
        (PageKind::List, None, Some(content))
    };
    let title = article
        .as_ref()
        .map_or_else(|| page_title(&doc), |a| a.title.clone());
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
    }
}

/// A Hanweb proxy answer: XML whose records are HTML fragments.
fn extract_proxy_answer(url: &Url, text: &str) -> PageRecord {
    let store = hanweb::read_datastore(text).unwrap_or_default();
    let list = records_list(&store.records, url);
    let pagination = hanweb_pagination(&store, url);
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
        title: String::new(),
        meta: GuidelineMeta::default(),
        article: None,
        list: Some(ListContent {
            entries: list.entries,
            pagination,
            empty_notice: false,
        }),
        breadcrumb: Vec::new(),
        menus: Vec::new(),
        links,
    }
}

fn records_list(records: &[String], url: &Url) -> EntryGroup {
    let fragment = Html::parse_fragment(&format!("<ul>{}</ul>", records.concat()));
    let mut merged = EntryGroup::default();
    for group in entry_groups(fragment.root_element(), url, true) {
        merged.dated += group.dated;
        merged.entries.extend(group.entries);
    }
    merged
}

/// On a column page: the proxy's first page. On a proxy answer: the pages after this one.
fn hanweb_pagination(store: &hanweb::DataStore, url: &Url) -> Option<Pagination> {
    let pages: Vec<String> = if hanweb::is_proxy(url) {
        let total = store.total_pages?;
        (2..=total)
            .map(|p| hanweb::proxy_page(url, p).to_string())
            .collect()
    } else {
        let proxy = resolve(url, store.proxy_href.as_deref()?)?;
        vec![hanweb::proxy_page(&proxy, 1).to_string()]
    };
    Some(Pagination {
        scheme: PaginationScheme::HanwebProxy,
        total_pages: store.total_pages,
        pages,
    })
}

fn trs_pagination(scripts: &str, url: &Url) -> Option<Pagination> {
    let pager = trs::find_pager(scripts)?;
    let pages = pager
        .page_urls(url)
        .into_iter()
        .map(|u| u.to_string())
        .filter(|u| u != url.as_str())
        .collect();
    Some(Pagination {
        scheme: PaginationScheme::TrsScript,
        total_pages: Some(pager.total_pages),
        pages,
    })
}

/// Static pagers: "下一页", "尾页" and numbered links. A 尾页 link to `index_55.html` stands for
/// every page from `index_1.html` on, even those the pager does not show.
fn link_pagination(links: &[Link], url: &Url) -> Option<Pagination> {
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
    let last = pager_links
        .iter()
        .filter(|l| matches!(l.text.trim(), "尾页" | "末页" | "最后一页"))
        .find_map(|l| trs_style_index(&l.url));
    if let Some((prefix, n, ext)) = &last {
        pages.extend((1..=*n).map(|k| format!("{prefix}_{k}.{ext}")));
    }
    pages.sort();
    pages.dedup();
    Some(Pagination {
        scheme: PaginationScheme::Links,
        total_pages: last.map(|(_, n, _)| n + 1),
        pages,
    })
}

fn numbered_page(url: &str) -> bool {
    trs_style_index(url).is_some()
        || url.contains("page=")
        || url.contains("pageNo=")
        || url.contains("pageIndex=")
}

/// `http://x/col/index_55.html` → (`http://x/col/index`, 55, `html`).
fn trs_style_index(url: &str) -> Option<(String, u32, String)> {
    static PATTERN: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"^(.*/[A-Za-z]+)_(\d+)\.(s?html?)$").expect("valid regex")
    });
    let caps = PATTERN.captures(url)?;
    Some((
        caps[1].to_string(),
        caps[2].parse().ok()?,
        caps[3].to_string(),
    ))
}
