//! What the crawl keeps of a page once its links are followed. A portal of 100,000 pages
//! repeats its footer and its column menus on every page and links every page to dozens of
//! others; kept whole, those copies cost more memory than everything the rules read. The
//! model reads the start page's footer and links, every outbound link, and each distinct
//! column menu once; which pages link a broken target is noted by [`super::inbound`], and the
//! outbound links are tallied as each page is read ([`crate::model::OutboundTally`]).
//!
//! Only a crawl asked for lean records does this (a one-off check). With a history store the
//! records are kept whole: the store saves them for the next run, which follows a reused
//! page's links as if it had been fetched.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{DefaultHasher, Hash, Hasher};

use super::CrawlState;
use crate::model::PageRecord;
use crate::model::body::Body;
use crate::model::footer::Footer;
use crate::model::navigation::NavNode;

/// For each distinct column menu, the crawl's page number holding the one copy kept.
pub(super) type MenuHolders = HashMap<u64, usize>;

impl CrawlState {
    /// The record as the crawl keeps it (see the module's comment): the start page whole;
    /// every other page without its footer and its links (those that leave the portal are
    /// tallied already), with only the column menus no page with a smaller address shows, and
    /// with its article body written to the crawl's text file ([`crate::model::body`]).
    pub(super) fn keep(&mut self, mut record: Box<PageRecord>) -> Box<PageRecord> {
        if !self.options.keeps_lean() || self.pages.is_empty() {
            return record;
        }
        record.footer = Footer::default();
        record.links = Vec::new();
        let menus = std::mem::take(&mut record.menus);
        record.menus = menus
            .into_iter()
            .filter(|menu| self.hold_menu(menu, &record.url))
            .collect();
        // Collected in place: without this, the vector keeps the room of every menu dropped.
        record.menus.shrink_to_fit();
        if let Some(article) = &mut record.article
            && let Body::Held(text) = &mut article.body
        {
            article.body = self.texts.keep(std::mem::take(text));
        }
        // Copied on this thread: the record was made on an extraction thread, amid the
        // page's parse tree, and the allocator keeps such a thread's memory for it. A
        // portal's records outlive the crawl; copied here they sit together, and the room
        // the copy leaves behind serves the next pages' parses.
        Box::new((*record).clone())
    }

    /// Whether the page about to join at `url` keeps `menu`: the first copy of a menu is
    /// kept, and a later page with a smaller address takes it over, so the page the model
    /// meets first in address order has it, as if every copy had been kept.
    fn hold_menu(&mut self, menu: &NavNode, url: &str) -> bool {
        let next = self.pages.len();
        let holder = match self.menus.entry(menu_hash(menu)) {
            Entry::Vacant(slot) => {
                slot.insert(next);
                return true;
            }
            Entry::Occupied(slot) => *slot.get(),
        };
        let held = &mut self.pages[holder].record;
        let Some(at) = held.menus.iter().position(|m| m == menu) else {
            // Two menus with one hash: keep both.
            return true;
        };
        if url < held.url.as_str() {
            held.menus.remove(at);
            self.menus.insert(menu_hash(menu), next);
            true
        } else {
            false
        }
    }
}

fn menu_hash(menu: &NavNode) -> u64 {
    let mut hasher = DefaultHasher::new();
    menu.hash(&mut hasher);
    hasher.finish()
}
