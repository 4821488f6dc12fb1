//! The store: SQLite or PostgreSQL behind one code path. (Skeleton: the bodies are being
//! written on the `history-store` branch; the signatures are the contract.)

use std::path::PathBuf;

use super::{Portal, RunDiff, RunRow};
use crate::app::RunOptions;
use crate::crawl::cache::DEFAULT_REVERIFY_EVERY;
use crate::error::Error;
use crate::report::Report;

/// How a recorded run uses and keeps the history.
#[derive(Debug, Clone)]
pub struct HistoryOptions {
    /// Every article is verified against the server at least once every this many runs.
    pub reverify_every: u32,
    /// Page records (the parsed bodies) are kept for the portal's last this many runs.
    pub keep_page_runs: u32,
    /// Findings are kept for the portal's last this many runs; `None` keeps them forever.
    pub keep_finding_runs: Option<u32>,
}

impl Default for HistoryOptions {
    fn default() -> Self {
        Self {
            reverify_every: DEFAULT_REVERIFY_EVERY,
            keep_page_runs: 14,
            keep_finding_runs: None,
        }
    }
}

/// An open history store.
#[derive(Debug, Clone)]
pub struct Store {}

impl Store {
    /// Opens (creating and migrating on first use) the store at `location`: a file path for
    /// SQLite, or a `postgres://` URL.
    pub async fn open(location: &str) -> Result<Store, Error> {
        todo!("history-store: {location}")
    }

    /// Where the store lives when no `--db` is given: `$XDG_DATA_HOME/gongkai/history.sqlite`,
    /// else `~/.local/share/gongkai/history.sqlite`.
    pub fn default_location() -> PathBuf {
        todo!("history-store")
    }

    /// Every portal recorded.
    pub async fn portals(&self) -> Result<Vec<Portal>, Error> {
        todo!("history-store")
    }

    /// Recorded runs, oldest first; of one portal (its key, URL or name) when given.
    pub async fn runs(&self, portal: Option<&str>) -> Result<Vec<RunRow>, Error> {
        todo!("history-store: {portal:?}")
    }

    /// What changed from run `from` to run `to` (runs of one portal).
    pub async fn diff(&self, from: i64, to: i64) -> Result<RunDiff, Error> {
        todo!("history-store: {from} {to}")
    }
}

/// One recorded run: records it as running, crawls with what the store knows of the portal's
/// pages, audits, then in one transaction stores the pages, the findings and the diff against
/// the portal's last completed run, and marks the run completed. The report comes back with
/// each finding's `status` and `first_seen` and its `history` section filled.
pub async fn run_recorded(
    options: RunOptions,
    store: &Store,
    portal: &Portal,
    history: &HistoryOptions,
) -> Result<Report, Error> {
    todo!("history-store: {options:?} {store:?} {portal:?} {history:?}")
}
