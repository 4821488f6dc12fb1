//! The store: one [`sqlx::AnyPool`] over SQLite or PostgreSQL, opened (created and migrated on
//! first use) from a `--db` value. The queries live in `query` (reading), `record` (a run's
//! writes) and `retention` (pruning); this module opens the store and names its failures.

use std::path::PathBuf;
use std::sync::{Arc, Once};
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::{Any, AnyPool, Transaction};

use super::location::{Backend, Location};
use super::migrate::migrate;
use super::{Portal, RunDiff, RunRow};
use crate::crawl::cache::DEFAULT_REVERIFY_EVERY;
use crate::error::{Error, HistoryAction};

pub use super::record::run_recorded;

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

/// How long a SQLite writer waits for another to finish before giving up.
const SQLITE_BUSY_TIMEOUT_MS: u64 = 30_000;

/// An open history store.
#[derive(Debug, Clone)]
pub struct Store {
    pub(super) pool: AnyPool,
    pub(super) backend: Backend,
    location: Arc<Location>,
}

/// A message as an error source (what the store does not hold, rather than a driver failure).
#[derive(Debug)]
pub(super) struct Problem(pub String);

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Problem {}

impl Store {
    /// Opens (creating and migrating on first use) the store at `location`: a file path for
    /// SQLite, or a `postgres://` URL.
    pub async fn open(location: &str) -> Result<Store, Error> {
        static DRIVERS: Once = Once::new();
        DRIVERS.call_once(sqlx::any::install_default_drivers);
        let location = Arc::new(Location::parse(location));
        let fail = |action: HistoryAction| {
            let display = location.display.clone();
            move |source: sqlx::Error| Error::History {
                location: display,
                action,
                source: Box::new(source),
            }
        };
        if let Some(parent) = location.file.as_ref().and_then(|f| f.parent())
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent).map_err(|source| Error::History {
                location: location.display.clone(),
                action: HistoryAction::Open,
                source: Box::new(source),
            })?;
        }
        let backend = location.backend;
        let pool = AnyPoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(60))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        sqlite_pragmas(conn).await?;
                    }
                    Ok(())
                })
            })
            .connect(&location.url)
            .await
            .map_err(fail(HistoryAction::Open))?;
        migrate(&pool, backend)
            .await
            .map_err(fail(HistoryAction::Migrate))?;
        Ok(Store {
            pool,
            backend,
            location,
        })
    }

    /// Where the store lives when no `--db` is given: `$XDG_DATA_HOME/gongkai/history.sqlite`,
    /// else `~/.local/share/gongkai/history.sqlite`.
    pub fn default_location() -> PathBuf {
        let data = std::env::var_os("XDG_DATA_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share"))
            })
            .unwrap_or_else(|| PathBuf::from("."));
        data.join("gongkai").join("history.sqlite")
    }

    /// The store as messages name it (a PostgreSQL URL without its password).
    pub fn location(&self) -> &str {
        &self.location.display
    }

    /// Every portal recorded.
    pub async fn portals(&self) -> Result<Vec<Portal>, Error> {
        super::query::portals(self)
            .await
            .map_err(self.fail(HistoryAction::Read))
    }

    /// Recorded runs, oldest first; of one portal (its key, URL or name) when given.
    pub async fn runs(&self, portal: Option<&str>) -> Result<Vec<RunRow>, Error> {
        super::query::runs(self, portal)
            .await
            .map_err(self.fail(HistoryAction::Read))
    }

    /// What changed from run `from` to run `to` (runs of one portal).
    pub async fn diff(&self, from: i64, to: i64) -> Result<RunDiff, Error> {
        super::query::diff(self, from, to).await
    }

    /// What the store knows of `portal`'s pages for its next run (the cache a recorded run
    /// crawls with): validators, records, and the run that last verified each page.
    pub async fn page_cache(
        &self,
        portal: &Portal,
        history: &HistoryOptions,
    ) -> Result<crate::crawl::cache::PageCache, Error> {
        super::pages::next_cache(self, &portal.key, history.reverify_every)
            .await
            .map_err(self.fail(HistoryAction::Read))
    }

    /// Applies the retention of `history` to `portal`'s stored pages and findings (every
    /// recorded run does this at its end).
    pub async fn prune(&self, portal: &Portal, history: &HistoryOptions) -> Result<(), Error> {
        super::retention::prune(self, &portal.key, history)
            .await
            .map_err(self.fail(HistoryAction::Write))
    }

    /// For `map_err`: a driver failure while doing `action`.
    pub(super) fn fail(&self, action: HistoryAction) -> impl FnOnce(sqlx::Error) -> Error + '_ {
        move |source| self.error(action, source)
    }

    pub(super) fn error(
        &self,
        action: HistoryAction,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        Error::History {
            location: self.location.display.clone(),
            action,
            source: Box::new(source),
        }
    }

    /// A transaction holding the store's write lock from its first statement, so two writers
    /// queue (SQLite `BEGIN IMMEDIATE`, waiting up to the busy timeout) instead of failing
    /// when a read turns into a write. On PostgreSQL, writers of one portal queue on the
    /// portal's advisory lock (`lock_portal`).
    pub(super) async fn begin_write(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// On PostgreSQL, holds `portal_id`'s lock until the transaction ends (SQLite's
    /// `BEGIN IMMEDIATE` already excludes every other writer).
    pub(super) async fn lock_portal(
        &self,
        tx: &mut Transaction<'static, Any>,
        portal_id: i64,
    ) -> Result<(), sqlx::Error> {
        // Negative keys: the migration lock is positive.
        self.advisory_lock(tx, -portal_id).await
    }

    /// Holds the document-numbering lock until the transaction ends: numbers run across
    /// portals, whose writers otherwise run side by side on PostgreSQL (SQLite's write lock
    /// already excludes them). Taken after the portal's lock, never before.
    pub(super) async fn lock_numbering(
        &self,
        tx: &mut Transaction<'static, Any>,
    ) -> Result<(), sqlx::Error> {
        self.advisory_lock(tx, NUMBERING_LOCK).await
    }

    /// On PostgreSQL, holds the advisory lock `key` until the transaction ends.
    async fn advisory_lock(
        &self,
        tx: &mut Transaction<'static, Any>,
        key: i64,
    ) -> Result<(), sqlx::Error> {
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock($1)) AS l")
                .bind(key)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }
}

/// The PostgreSQL advisory lock key that serialises document numbering across portals ("gk",
/// then 14 for the issue of the rectification loop; the migration lock is 0x676b_0013 and
/// portal locks are negative).
const NUMBERING_LOCK: i64 = 0x676b_0014;

/// A SQLite connection's settings: WAL (readers never block the writer), a long busy
/// timeout (nightly writers queue), foreign keys enforced.
async fn sqlite_pragmas(conn: &mut sqlx::AnyConnection) -> Result<(), sqlx::Error> {
    use sqlx::Executor;
    conn.execute(format!("PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}").as_str())
        .await?;
    conn.execute("PRAGMA foreign_keys = ON").await?;
    // Switching to WAL takes an exclusive lock that the busy timeout does not wait for:
    // another process opening the fresh file at the same moment makes it fail, briefly.
    let mut tries = 0;
    loop {
        match conn.execute("PRAGMA journal_mode = WAL").await {
            Ok(_) => return Ok(()),
            Err(_) if tries < 50 => {
                tries += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => return Err(e),
        }
    }
}
