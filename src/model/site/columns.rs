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

pub(super) fn join_columns(pages: &[CrawledPage]) -> Vec<Column> {
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
