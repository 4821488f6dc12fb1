//! How fresh a hub page (a home page, a section's front page) looks: its newest dated items
//! and how many listed items carry no date at all. The inspection judges a home page by
//! whether anything new appeared on it (国办秘函〔2019〕19号 首页不更新), and an item without a
//! date counts as no update.

use serde::{Deserialize, Serialize};

use super::listing::{EntryGroup, ListEntry};

/// Dated items kept per page, newest first: enough to skip a date set in the future.
pub const RECENT_KEPT: usize = 5;

/// What a hub page shows of its own updates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Freshness {
    /// The newest dated items outside navigation, newest first (at most [`RECENT_KEPT`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recent: Vec<ListEntry>,
    /// Listed items (list rows, not running text or navigation) that show no readable date.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub undated: usize,
}

fn day_of(entry: &ListEntry) -> Option<chrono::NaiveDate> {
    entry.date.as_ref().and_then(|d| d.date)
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Freshness {
    /// Reads the entry groups of a page (navigation already left out).
    pub fn of(groups: &[EntryGroup]) -> Option<Self> {
        let mut recent: Vec<&ListEntry> = groups
            .iter()
            .flat_map(|g| &g.entries)
            .filter(|e| e.date.as_ref().is_some_and(|d| d.date.is_some()))
            .collect();
        let undated = groups
            .iter()
            .filter(|g| g.listed && !g.in_sidebar)
            .flat_map(|g| &g.entries)
            .filter(|e| e.date.as_ref().is_none_or(|d| d.date.is_none()))
            .count();
        if recent.is_empty() && undated == 0 {
            return None;
        }
        recent.sort_by(|a, b| day_of(b).cmp(&day_of(a)).then(a.url.cmp(&b.url)));
        recent.dedup_by(|a, b| a.url == b.url);
        Some(Self {
            recent: recent.into_iter().take(RECENT_KEPT).cloned().collect(),
            undated,
        })
    }

    /// The newest item dated on or before `day` (a date after it is not an update seen then).
    pub fn newest_by(&self, day: chrono::NaiveDate) -> Option<(&ListEntry, chrono::NaiveDate)> {
        self.recent
            .iter()
            .filter_map(|e| Some((e, day_of(e)?)))
            .filter(|(_, d)| *d <= day)
            .max_by_key(|(_, d)| *d)
    }
}
