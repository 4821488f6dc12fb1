//! The pages the crawl has met (queued, read, or answered a redirect), by a 64-bit hash of
//! their page key: a crawl of 100,000 pages meets several hundred thousand addresses, and
//! their keys as strings cost megabytes at the crawl's memory peak for nothing but lookups.
//! A collision among a portal's few hundred thousand keys is vanishingly unlikely (the same
//! bet as [`super::inbound`]).

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

/// A page key ([`crate::model::links::page_key_of`]) as the crawl's tables hold it.
pub(super) fn key_hash(key: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    key.hash(&mut hasher);
    hasher.finish()
}

#[derive(Debug, Default)]
pub(super) struct Seen {
    keys: HashSet<u64>,
}

impl Seen {
    /// Notes the page with page key `key`; whether it was new.
    pub fn insert(&mut self, key: &str) -> bool {
        self.keys.insert(key_hash(key))
    }

    pub fn contains(&self, key: &str) -> bool {
        self.keys.contains(&key_hash(key))
    }
}
