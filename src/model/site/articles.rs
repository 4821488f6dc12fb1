//! Articles: each article page with the lists that show it, the dates they give, and the
//! report documents attached to it.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::ops::Deref;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Column, CrawledPage, ModelWarning, Site};
use crate::model::annual_report::{read_report, report_year};
use crate::model::article::ArticleContent;
use crate::model::attachment::FetchedAttachment;
use crate::model::dates::DateText;
use crate::model::links::page_key;
use crate::model::meta::GuidelineMeta;

/// Where a list shows an article, and with which date. The list's address and column name
/// are shared by every sighting in that list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sighting {
    pub list_url: Arc<str>,
    pub column: Arc<str>,
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
    /// Boxed: moved from the page's record as it is, not copied into a larger article.
    #[serde(flatten)]
    pub content: Box<ArticleContent>,
    pub meta: GuidelineMeta,
    /// The column the article is listed in (the first list that shows it), else its ColumnName.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Names from the top of the column tree down to that column (just the column's name when
    /// only the page's ColumnName tag gives it).
    #[serde(default, skip_serializing_if = "ColumnPath::is_empty")]
    pub column_path: ColumnPath,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listed_in: Vec<Sighting>,
}

/// Column names from the top of the column tree down, shared by every article of a column.
/// Reads as a slice of names; serialised as a list of them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ColumnPath(Arc<[String]>);

impl ColumnPath {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Default for ColumnPath {
    fn default() -> Self {
        Self(Arc::from(Vec::new()))
    }
}

impl From<Vec<String>> for ColumnPath {
    fn from(names: Vec<String>) -> Self {
        Self(names.into())
    }
}

impl Deref for ColumnPath {
    type Target = [String];

    fn deref(&self) -> &[String] {
        &self.0
    }
}

impl<const N: usize> PartialEq<[&str; N]> for ColumnPath {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.0.iter().eq(other.iter().copied())
    }
}

impl Article {
    /// 成文日期 (or 印发日期 …) as the page shows it.
    pub fn formation_date(&self) -> Option<SourcedDate> {
        let printed = self.content.metadata.formation_date()?;
        Some(SourcedDate {
            date: printed.date?,
            source: DateSource::MetadataBlock,
            text: printed.text,
        })
    }

    /// Every publication date the site gives: the page's own, the PubDate tag, list dates.
    pub fn publication_dates(&self) -> Vec<SourcedDate> {
        let mut dates = Vec::new();
        if let Some(printed) = self.content.metadata.publication_date()
            && let Some(date) = printed.date
        {
            dates.push(SourcedDate {
                date,
                source: DateSource::MetadataBlock,
                text: printed.text,
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

impl Site {
    /// Reads reports published as attachments into their articles: a report page that only
    /// points to a PDF/DOCX gets that document's content; an unreadable one becomes a warning.
    pub fn attach_documents(&mut self, attachments: &[FetchedAttachment]) {
        if attachments.is_empty() {
            return;
        }
        let by_key: HashMap<String, usize> = self
            .articles
            .iter()
            .enumerate()
            .rev()
            .map(|(at, a)| (page_key(&a.url), at))
            .collect();
        for attachment in attachments {
            let Some(&at) = by_key.get(&page_key(&attachment.of)) else {
                continue;
            };
            let article = &mut self.articles[at];
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
                    article.content.report = Some(Box::new(read_report(
                        year,
                        &read.text,
                        &read.grids,
                        &attachment.url,
                        read.tables_readable,
                    )));
                }
                Err(reason) => self.warnings.push(ModelWarning {
                    url: attachment.url.clone(),
                    message: format!("附件无法读取：{reason}"),
                }),
            }
        }
    }

    /// The articles keyed by page identity, for looking up what a list entry links to.
    pub fn articles_by_key(&self) -> HashMap<String, &Article> {
        self.articles
            .iter()
            .map(|a| (page_key(&a.url), a))
            .collect()
    }
}

/// What the lists say of one page: the path of the first column that lists it, and every
/// sighting of it.
struct Listed {
    path: ColumnPath,
    sightings: Vec<Sighting>,
}

/// The article pages joined with the lists that show them. Takes the pages: their contents
/// move into the articles, not copied (no two crawled pages share a page key, so each
/// article takes what the lists say of it out of the map). Most articles are shown by one
/// list, so each sighting list is sized to what it holds rather than grown by doubling.
pub(super) fn join_articles(pages: Vec<CrawledPage>, columns: &[Column]) -> Vec<Article> {
    let mut listed: HashMap<String, Listed> = HashMap::new();
    for column in columns {
        let path = ColumnPath::from(column.path.clone());
        let list_url: Arc<str> = column.url.as_str().into();
        let name: Arc<str> = column.name.as_str().into();
        for entry in &column.entries {
            let sighting = Sighting {
                list_url: Arc::clone(&list_url),
                column: Arc::clone(&name),
                title: entry.title.clone(),
                date: entry.date.clone(),
            };
            match listed.entry(page_key(&entry.url)) {
                Entry::Occupied(mut slot) => slot.get_mut().sightings.push(sighting),
                Entry::Vacant(slot) => {
                    slot.insert(Listed {
                        path: path.clone(),
                        sightings: vec![sighting],
                    });
                }
            }
        }
    }
    // Sized once: a portal's articles are most of its pages, and a doubling vector of them
    // would hold up to twice their room.
    let mut articles =
        Vec::with_capacity(pages.iter().filter(|p| p.record.article.is_some()).count());
    articles.extend(pages.into_iter().filter_map(|mut page| {
        let content = page.record.article.take()?;
        let keys = std::iter::once(page_key(&page.record.url))
            .chain(page.requested_url.as_deref().map(page_key));
        let mut path = None;
        let mut listed_in: Vec<Sighting> = Vec::new();
        for found in keys.filter_map(|k| listed.remove(&k)) {
            path.get_or_insert(found.path);
            if listed_in.is_empty() {
                listed_in = found.sightings;
            } else {
                listed_in.extend(found.sightings);
            }
        }
        listed_in.shrink_to_fit();
        let column = listed_in
            .first()
            .map(|s| s.column.to_string())
            .or_else(|| page.record.meta.get("ColumnName").map(str::to_string));
        // An article no crawled list shows still sits in the column its page names.
        let column_path = path
            .or_else(|| column.clone().map(|c| ColumnPath::from(vec![c])))
            .unwrap_or_default();
        Some(Article {
            url: page.record.url,
            column,
            column_path,
            content,
            meta: page.record.meta,
            listed_in,
        })
    }));
    articles
}
