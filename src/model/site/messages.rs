//! Messages joined across pages: a list row with its detail page (the detail's dates and reply
//! win, the row's fill what the detail lacks), each placed in the column that lists it, or the
//! column its detail page names.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{Column, CrawledPage};
use crate::model::links::page_key;
use crate::model::messages::{Message, Replied};

/// A message with the column it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteMessage {
    #[serde(flatten)]
    pub message: Message,
    /// The column's name, from the top of the column tree down (or the detail page's
    /// breadcrumb).
    pub column_path: Vec<String>,
    /// The column's first list page, when a list page showed the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column_url: Option<String>,
    /// Whether the message's own page was read.
    #[serde(default)]
    pub detail_read: bool,
}

pub(super) fn join_messages(pages: &[CrawledPage], columns: &[Column]) -> Vec<SiteMessage> {
    let column_of: HashMap<String, &Column> =
        columns.iter().map(|c| (page_key(&c.url), c)).collect();
    let mut order: Vec<(String, String)> = Vec::new();
    let mut joined: HashMap<(String, String), SiteMessage> = HashMap::new();
    let mut details: Vec<(&Message, Vec<String>)> = Vec::new();
    for page in pages {
        let record = &page.record;
        let own = page_key(&record.url);
        for message in &record.messages {
            let path = record
                .breadcrumb
                .iter()
                .map(|c| c.name.to_string())
                .filter(|n| !n.is_empty())
                .chain(record.column_name())
                .collect::<Vec<_>>();
            if message.detail_page {
                details.push((message, path));
                continue;
            }
            let first = page.pagination_of.as_deref().unwrap_or(&record.url);
            let column = column_of.get(&page_key(first));
            let key = row_key(message, &own);
            if joined.contains_key(&key) {
                continue;
            }
            order.push(key.clone());
            joined.insert(
                key,
                SiteMessage {
                    message: message.clone(),
                    column_path: column.map_or(path, |c| c.path.clone()),
                    column_url: column.map(|c| c.url.clone()),
                    detail_read: false,
                },
            );
        }
    }
    for (detail, path) in details {
        let key = (page_key(&detail.url), String::new());
        match joined.get_mut(&key) {
            Some(listed) => merge(&mut listed.message, detail),
            None => {
                order.push(key.clone());
                joined.insert(
                    key.clone(),
                    SiteMessage {
                        message: detail.clone(),
                        column_path: path,
                        column_url: None,
                        detail_read: false,
                    },
                );
            }
        }
        if let Some(message) = joined.get_mut(&key) {
            message.detail_read = true;
        }
    }
    order
        .into_iter()
        .filter_map(|k| joined.remove(&k))
        .collect()
}

/// A row with its own page is that page; a row without one (a script link) is its title on
/// the list page.
fn row_key(message: &Message, list: &str) -> (String, String) {
    let key = page_key(&message.url);
    if key == list {
        (key, message.title.clone())
    } else {
        (key, String::new())
    }
}

/// The detail page's dates and reply state over the row's; the row keeps its title.
fn merge(listed: &mut Message, detail: &Message) {
    listed.asked = detail.asked.or(listed.asked);
    listed.answered = detail.answered.or(listed.answered);
    if detail.status.is_some() {
        listed.status = detail.status.clone();
    }
    if detail.replied != Replied::Unknown || listed.answered.is_some() {
        listed.replied = if listed.answered.is_some() {
            Replied::Yes
        } else {
            detail.replied
        };
    }
}
