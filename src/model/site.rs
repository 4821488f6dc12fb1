//! The site model: every page record of one crawl joined into columns, a column tree and
//! articles that know which lists show them and with which dates. Rules read only this.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use url::Url;

use super::annual_report::{read_report, report_year};
use super::article::ArticleContent;
use super::attachment::FetchedAttachment;
use super::dates::DateText;
use super::links::page_key;
use super::listing::ListEntry;
use super::meta::GuidelineMeta;
use super::navigation::NavNode;
use super::page::{PageKind, PageRecord, PaginationScheme};

/// A column (栏目): its list pages joined, pagination followed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    /// URL of the column's first list page.
    pub url: String,
    /// Names from the top of the tree down to this column.
    pub path: Vec<String>,
    pub entries: Vec<ListEntry>,
    /// List pages fetched for this column.
    pub pages_fetched: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages_declared: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination: Option<PaginationScheme>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub empty_notice: bool,
}

/// A node of the column tree as the site's navigation and breadcrumbs show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnNode {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Entries found in the column's list, when its list was crawled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entries: Option<usize>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<ColumnNode>,
}

/// Where a list shows an article, and with which date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sighting {
    pub list_url: String,
    pub column: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<DateText>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateSource {
    /// The 信息公开 metadata block or a "发布时间：" line on the page.
    MetadataBlock,
    /// The `<meta name="PubDate">` tag.
    PubDateMeta,
    /// The date beside the article in a column list.
    ListPage,
}

impl DateSource {
    pub fn display(self) -> &'static str {
        match self {
            DateSource::MetadataBlock => "页面信息公开元数据",
            DateSource::PubDateMeta => "PubDate网页标签",
            DateSource::ListPage => "栏目列表",
        }
    }
}

/// A date and where it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourcedDate {
    pub date: NaiveDate,
    pub source: DateSource,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub url: String,
    #[serde(flatten)]
    pub content: ArticleContent,
    pub meta: GuidelineMeta,
    /// The column the article is listed in (the first list that shows it), else its ColumnName.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Names from the top of the column tree down to that column (just the column's name when
    /// only the page's ColumnName tag gives it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub column_path: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listed_in: Vec<Sighting>,
}

impl Article {
    /// 成文日期 (or 印发日期 …) as the page shows it.
    pub fn formation_date(&self) -> Option<SourcedDate> {
        let printed = self.content.metadata.formation_date.as_ref()?;
        Some(SourcedDate {
            date: printed.date?,
            source: DateSource::MetadataBlock,
            text: printed.text.clone(),
        })
    }

    /// Every publication date the site gives: the page's own, the PubDate tag, list dates.
    pub fn publication_dates(&self) -> Vec<SourcedDate> {
        let mut dates = Vec::new();
        if let Some(printed) = &self.content.metadata.publication_date
            && let Some(date) = printed.date
        {
            dates.push(SourcedDate {
                date,
                source: DateSource::MetadataBlock,
                text: printed.text.clone(),
            });
        }
        if let Some(text) = self.meta.get("PubDate")
            && let Some(date) = DateText::parse(text).date
        {
            dates.push(SourcedDate {
                date,
                source: DateSource::PubDateMeta,
                text: text.to_string(),
            });
        }
        for sighting in &self.listed_in {
            if let Some(printed) = &sighting.date
                && let Some(date) = printed.date
            {
                dates.push(SourcedDate {
                    date,
                    source: DateSource::ListPage,
                    text: printed.text.clone(),
                });
            }
        }
        dates
    }

    /// The publication date, strongest source first: the page, the PubDate tag, a list.
    pub fn publication_date(&self) -> Option<SourcedDate> {
        self.publication_dates().into_iter().next()
    }

    pub fn title(&self) -> &str {
        &self.content.title
    }
}

/// A link that leaves the site, with the first page it was seen on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboundLink {
    pub url: String,
    pub text: String,
    pub found_on: String,
    pub times_seen: usize,
}

/// A fact the extractor could not read cleanly, with the page it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelWarning {
    pub url: String,
    pub message: String,
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
}

/// A page record with what the crawl knows about how it was reached.
#[derive(Debug, Clone)]
pub struct CrawledPage {
    pub record: PageRecord,
    /// The first list page of the list this page continues, for pagination pages.
    pub pagination_of: Option<String>,
    /// The URL that was asked for, when a redirect led elsewhere.
    pub requested_url: Option<String>,
}

impl Site {
    /// Joins crawled pages into a site. `is_internal` says whether a URL is inside the crawl's
    /// scope (anything else is an outbound link). The first page is the start page; the rest may come in any order.
    pub fn build(pages: &[CrawledPage], is_internal: impl Fn(&Url) -> bool) -> Site {
        let mut site = Site::default();
        if let Some(first) = pages.first() {
            site.home_url = first.record.url.clone();
            site.site_name = first.record.meta.get("SiteName").map(str::to_string);
            site.site_id_code = first.record.meta.get("SiteIDCode").map(str::to_string);
        }
        // Concurrent fetches finish in any order; the model must not depend on it.
        let mut sorted: Vec<&CrawledPage> = pages.iter().collect();
        sorted.sort_by(|a, b| a.record.url.cmp(&b.record.url));
        let pages = sorted.as_slice();
        site.columns = join_columns(pages);
        site.column_tree = build_tree(pages, &mut site.columns);
        site.articles = join_articles(pages, &site.columns);
        site.other_pages = pages
            .iter()
            .filter(|p| p.record.kind == PageKind::Other)
            .map(|p| p.record.url.clone())
            .collect();
        site.outbound_links = outbound_links(pages, is_internal);
        site.warnings = unreadable_dates(&site.articles);
        site
    }

    /// Reads reports published as attachments into their articles: a report page that only
    /// points to a PDF/DOCX gets that document's content; an unreadable one becomes a warning.
    pub fn attach_documents(&mut self, attachments: &[FetchedAttachment]) {
        for attachment in attachments {
            let key = page_key(&attachment.of);
            let Some(article) = self.articles.iter_mut().find(|a| page_key(&a.url) == key) else {
                continue;
            };
            let Some(year) = report_year(&article.content.title) else {
                continue;
            };
            if article
                .content
                .report
                .as_ref()
                .is_some_and(|r| !r.is_empty())
            {
                continue;
            }
            match &attachment.read {
                Ok(read) => {
                    article.content.report = Some(read_report(
                        year,
                        &read.text,
                        &read.grids,
                        &attachment.url,
                        read.tables_readable,
                    ));
                }
                Err(reason) => self.warnings.push(ModelWarning {
                    url: attachment.url.clone(),
                    message: format!("附件无法读取：{reason}"),
                }),
            }
        }
    }

    pub fn column_by_url(&self, url: &str) -> Option<&Column> {
        let key = page_key(url);
        self.columns.iter().find(|c| page_key(&c.url) == key)
    }

    /// The articles keyed by page identity, for looking up what a list entry links to.
    pub fn articles_by_key(&self) -> HashMap<String, &Article> {
        self.articles
            .iter()
            .map(|a| (page_key(&a.url), a))
            .collect()
    }

    /// Every node of the column tree, parents before children.
    pub fn tree_nodes(&self) -> Vec<&ColumnNode> {
        fn walk<'a>(nodes: &'a [ColumnNode], out: &mut Vec<&'a ColumnNode>) {
            for node in nodes {
                out.push(node);
                walk(&node.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.column_tree, &mut out);
        out
    }

    /// The tree node of a crawled column.
    pub fn tree_node_of(&self, column: &Column) -> Option<&ColumnNode> {
        let key = page_key(&column.url);
        self.tree_nodes()
            .into_iter()
            .find(|n| n.url.as_deref().is_some_and(|u| page_key(u) == key))
    }
}

fn join_columns(pages: &[&CrawledPage]) -> Vec<Column> {
    let mut order: Vec<String> = Vec::new();
    let mut columns: HashMap<String, Column> = HashMap::new();
    let mut listed: HashMap<String, HashSet<String>> = HashMap::new();
    for page in pages {
        let Some(list) = &page.record.list else {
            continue;
        };
        let first = page
            .pagination_of
            .clone()
            .unwrap_or_else(|| page.record.url.clone());
        let key = page_key(&first);
        let column = columns.entry(key.clone()).or_insert_with(|| {
            order.push(key.clone());
            Column {
                name: page
                    .record
                    .column_name()
                    .unwrap_or_else(|| page.record.title.clone()),
                url: first.clone(),
                path: Vec::new(),
                entries: Vec::new(),
                pages_fetched: 0,
                pages_declared: None,
                pagination: None,
                empty_notice: false,
            }
        });
        column.pages_fetched += 1;
        column.empty_notice |= list.empty_notice && list.entries.is_empty();
        if let Some(p) = &list.pagination {
            column.pagination.get_or_insert_with(|| p.scheme.clone());
            if let Some(total) = p.total_pages {
                column.pages_declared = Some(column.pages_declared.map_or(total, |t| t.max(total)));
            }
        }
        let seen = listed.entry(key).or_default();
        for entry in &list.entries {
            if seen.insert(entry.url.clone()) {
                column.entries.push(entry.clone());
            }
        }
    }
    for column in columns.values_mut() {
        if !column.entries.is_empty() {
            column.empty_notice = false;
        }
    }
    order
        .into_iter()
        .filter_map(|k| columns.remove(&k))
        .collect()
}

/// The column tree: breadcrumbs of list pages give nesting from the top; menus add the
/// columns a sidebar shows; every crawled column is placed.
fn build_tree(pages: &[&CrawledPage], columns: &mut [Column]) -> Vec<ColumnNode> {
    let mut roots: Vec<ColumnNode> = Vec::new();
    let by_url: HashMap<String, &PageRecord> = pages
        .iter()
        .map(|p| (page_key(&p.record.url), &p.record))
        .collect();
    for column in columns.iter() {
        let Some(record) = by_url.get(&page_key(&column.url)) else {
            continue;
        };
        if record.breadcrumb.is_empty() {
            continue;
        }
        let mut steps: Vec<NavNode> = record
            .breadcrumb
            .iter()
            .map(|c| NavNode {
                name: c.name.clone(),
                url: c.url.clone(),
                children: Vec::new(),
            })
            .collect();
        if let Some(last) = steps.last_mut() {
            last.url.get_or_insert_with(|| column.url.clone());
        }
        insert_path(&mut roots, &steps);
    }
    // Most pages repeat the same site menus: merge each distinct menu once.
    let mut merged: HashSet<&NavNode> = HashSet::new();
    for menu in pages.iter().flat_map(|p| &p.record.menus) {
        if merged.insert(menu) {
            merge_menu(&mut roots, menu);
        }
    }
    for column in columns.iter_mut() {
        let key = page_key(&column.url);
        let is_column = |n: &ColumnNode| n.url.as_deref().is_some_and(|u| page_key(u) == key);
        column.path = match find_path(&roots, &is_column) {
            Some(path) => path.iter().map(|n| n.name.clone()).collect(),
            None => {
                roots.push(ColumnNode {
                    name: column.name.clone(),
                    url: Some(column.url.clone()),
                    entries: None,
                    children: Vec::new(),
                });
                vec![column.name.clone()]
            }
        };
        if let Some(node) = find_mut(&mut roots, &is_column) {
            node.entries = Some(column.entries.len());
        }
    }
    roots
}

fn same_node(node: &ColumnNode, name: &str, url: Option<&str>) -> bool {
    match (node.url.as_deref(), url) {
        (Some(a), Some(b)) if page_key(a) == page_key(b) => true,
        _ => node.name == name,
    }
}

fn insert_path(level: &mut Vec<ColumnNode>, steps: &[NavNode]) {
    let Some((step, rest)) = steps.split_first() else {
        return;
    };
    let index = match level
        .iter()
        .position(|n| same_node(n, &step.name, step.url.as_deref()))
    {
        Some(i) => i,
        None => {
            level.push(ColumnNode {
                name: step.name.clone(),
                url: None,
                entries: None,
                children: Vec::new(),
            });
            level.len() - 1
        }
    };
    let node = &mut level[index];
    if node.url.is_none() {
        node.url = step.url.clone();
    }
    insert_path(&mut node.children, rest);
}

/// Places a menu under the node it names (by URL, else by name anywhere in the tree), else at
/// the top; its children merge the same way one level down.
fn merge_menu(roots: &mut Vec<ColumnNode>, menu: &NavNode) {
    if let Some(node) = find_mut(roots, &|n: &ColumnNode| {
        same_node(n, &menu.name, menu.url.as_deref())
    }) {
        merge_children(node, menu);
        return;
    }
    let mut node = ColumnNode {
        name: menu.name.clone(),
        url: menu.url.clone(),
        entries: None,
        children: Vec::new(),
    };
    merge_children(&mut node, menu);
    roots.push(node);
}

fn merge_children(node: &mut ColumnNode, menu: &NavNode) {
    if node.url.is_none() {
        node.url = menu.url.clone();
    }
    for child in &menu.children {
        match node
            .children
            .iter_mut()
            .find(|n| same_node(n, &child.name, child.url.as_deref()))
        {
            Some(existing) => merge_children(existing, child),
            None => {
                let mut new = ColumnNode {
                    name: child.name.clone(),
                    url: child.url.clone(),
                    entries: None,
                    children: Vec::new(),
                };
                merge_children(&mut new, child);
                node.children.push(new);
            }
        }
    }
}

fn find_mut<'a>(
    level: &'a mut [ColumnNode],
    pred: &dyn Fn(&ColumnNode) -> bool,
) -> Option<&'a mut ColumnNode> {
    for node in level.iter_mut() {
        if pred(node) {
            return Some(node);
        }
        if let Some(found) = find_mut(&mut node.children, pred) {
            return Some(found);
        }
    }
    None
}

/// The nodes from the top down to the first node matching `pred`.
fn find_path<'a>(
    level: &'a [ColumnNode],
    pred: &dyn Fn(&ColumnNode) -> bool,
) -> Option<Vec<&'a ColumnNode>> {
    for node in level {
        if pred(node) {
            return Some(vec![node]);
        }
        if let Some(mut path) = find_path(&node.children, pred) {
            path.insert(0, node);
            return Some(path);
        }
    }
    None
}

fn join_articles(pages: &[&CrawledPage], columns: &[Column]) -> Vec<Article> {
    let mut sightings: HashMap<String, Vec<Sighting>> = HashMap::new();
    let mut paths: HashMap<String, Vec<String>> = HashMap::new();
    for column in columns {
        for entry in &column.entries {
            let key = page_key(&entry.url);
            paths
                .entry(key.clone())
                .or_insert_with(|| column.path.clone());
            sightings.entry(key).or_default().push(Sighting {
                list_url: column.url.clone(),
                column: column.name.clone(),
                title: entry.title.clone(),
                date: entry.date.clone(),
            });
        }
    }
    pages
        .iter()
        .filter_map(|page| {
            let content = page.record.article.clone()?;
            let keys: Vec<String> = std::iter::once(page_key(&page.record.url))
                .chain(page.requested_url.as_deref().map(page_key))
                .collect();
            let listed_in: Vec<Sighting> = keys
                .iter()
                .flat_map(|k| sightings.get(k).cloned().unwrap_or_default())
                .collect();
            let column = listed_in
                .first()
                .map(|s| s.column.clone())
                .or_else(|| page.record.meta.get("ColumnName").map(str::to_string));
            // An article no crawled list shows still sits in the column its page names.
            let column_path = keys
                .iter()
                .find_map(|k| paths.get(k).cloned())
                .or_else(|| column.clone().map(|c| vec![c]))
                .unwrap_or_default();
            Some(Article {
                url: page.record.url.clone(),
                column,
                column_path,
                content,
                meta: page.record.meta.clone(),
                listed_in,
            })
        })
        .collect()
}

fn outbound_links(pages: &[&CrawledPage], is_internal: impl Fn(&Url) -> bool) -> Vec<OutboundLink> {
    let mut found: BTreeMap<String, OutboundLink> = BTreeMap::new();
    for page in pages {
        for link in &page.record.links {
            let Ok(url) = Url::parse(&link.url) else {
                continue;
            };
            if is_internal(&url) || !matches!(url.scheme(), "http" | "https") {
                continue;
            }
            found
                .entry(link.url.clone())
                .or_insert_with(|| OutboundLink {
                    url: link.url.clone(),
                    text: link.text.clone(),
                    found_on: page.record.url.clone(),
                    times_seen: 0,
                })
                .times_seen += 1;
        }
    }
    found.into_values().collect()
}

fn unreadable_dates(articles: &[Article]) -> Vec<ModelWarning> {
    let mut warnings = Vec::new();
    for article in articles {
        for (name, printed) in article.content.metadata.unreadable_dates() {
            warnings.push(ModelWarning {
                url: article.url.clone(),
                message: format!("{name}“{}”无法识别为日期，已按原文保留", printed.text),
            });
        }
        if let Some(text) = article.meta.get("PubDate")
            && DateText::parse(text).date.is_none()
        {
            warnings.push(ModelWarning {
                url: article.url.clone(),
                message: format!("PubDate网页标签“{text}”无法识别为日期"),
            });
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::extract_page;

    #[test]
    fn an_unreadable_date_is_kept_as_text_with_a_warning() {
        let html = r#"<html><head><meta name="ArticleTitle" content="关于某事项的通知"><meta name="PubDate" content="近日"></head><body>
            <table><tr><td>索引号：</td><td>X/2025-1</td><td>成文日期：</td><td>待定</td></tr>
            <tr><td>发布机构：</td><td>某局</td><td>发布日期：</td><td>2025-05-06</td></tr></table><div id="zoom"><p>正文</p></div></body></html>"#;
        let url = Url::parse("http://x.gov.cn/a/1.html").unwrap();
        let page = CrawledPage {
            record: extract_page(&url, html),
            pagination_of: None,
            requested_url: None,
        };
        let site = Site::build(&[page], |_| true);
        let formed = site.articles[0]
            .content
            .metadata
            .formation_date
            .as_ref()
            .unwrap();
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
        let url = Url::parse("http://x.gov.cn/a/1.html").unwrap();
        let page = CrawledPage {
            record: extract_page(&url, html),
            pagination_of: None,
            requested_url: None,
        };
        let site = Site::build(&[page], |_| true);
        assert_eq!(site.articles[0].column.as_deref(), Some("政策文件"));
        assert_eq!(site.articles[0].column_path, ["政策文件"]);
    }
}
