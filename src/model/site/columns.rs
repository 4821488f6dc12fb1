//! Columns: the list pages of one column (its first page and the pages its pagination
//! declares) joined into one [`Column`].

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::CrawledPage;
use crate::model::links::page_key;
use crate::model::listing::ListEntry;
use crate::model::page::PaginationScheme;

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

/// Joins the list pages into columns, taking their entries: an entry moves into its column,
/// not copied (the pages' entries are read by nothing after). Which entries join (the first
/// of each address in a column) is decided first, while the pages still hold them, so no
/// address is copied to be compared either.
pub(super) fn join_columns(pages: &mut [CrawledPage]) -> Vec<Column> {
    let mut columns: Vec<Column> = Vec::new();
    let mut joins: Vec<Join> = Vec::new();
    {
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut listed: Vec<HashSet<&str>> = Vec::new();
        for (at, page) in pages.iter().enumerate() {
            let Some(list) = &page.record.list else {
                continue;
            };
            let first = page
                .pagination_of
                .clone()
                .unwrap_or_else(|| page.record.url.clone());
            let column = *by_key.entry(page_key(&first)).or_insert_with(|| {
                columns.push(Column {
                    name: page
                        .record
                        .column_name()
                        .unwrap_or_else(|| page.record.title.to_string()),
                    url: first.clone(),
                    path: Vec::new(),
                    entries: Vec::new(),
                    pages_fetched: 0,
                    pages_declared: None,
                    pagination: None,
                    empty_notice: false,
                });
                listed.push(HashSet::new());
                columns.len() - 1
            });
            let joined = &mut columns[column];
            joined.pages_fetched += 1;
            joined.empty_notice |= list.empty_notice && list.entries.is_empty();
            if let Some(p) = &list.pagination {
                joined.pagination.get_or_insert_with(|| p.scheme.clone());
                if let Some(total) = p.total_pages {
                    joined.pages_declared =
                        Some(joined.pages_declared.map_or(total, |t| t.max(total)));
                }
            }
            let seen = &mut listed[column];
            let kept: Vec<bool> = list
                .entries
                .iter()
                .map(|entry| seen.insert(entry.url.as_str()))
                .collect();
            if kept.contains(&true) {
                joins.push(Join { at, column, kept });
            }
        }
        for (column, seen) in columns.iter_mut().zip(&listed) {
            column.entries.reserve_exact(seen.len());
        }
    }
    for join in joins {
        let Some(list) = &mut pages[join.at].record.list else {
            continue;
        };
        let entries = std::mem::take(&mut list.entries);
        let mut kept = join.kept.into_iter();
        columns[join.column]
            .entries
            .extend(entries.into_iter().filter(|_| kept.next().unwrap_or(false)));
    }
    for column in &mut columns {
        if !column.entries.is_empty() {
            column.empty_notice = false;
        }
    }
    columns
}

/// The entries of one list page that join its column.
struct Join {
    /// The page's place in the crawl's pages.
    at: usize,
    /// The column's place in the columns.
    column: usize,
    /// For each entry of the page, whether it joins.
    kept: Vec<bool>,
}
