//! The run history: every recorded run of every portal, so a nightly check knows what is new,
//! what was fixed and what is still open, and an unchanged page need not be fetched again.
//!
//! One store, two backends behind one code path: an embedded SQLite file by default, a shared
//! PostgreSQL server when several machines run one night together.
//!
//! # Why sqlx with its `Any` driver
//!
//! sqlx's `Any` pool runs the same queries (`$1` placeholders, `ON CONFLICT`, `RETURNING`)
//! on SQLite and PostgreSQL, so there is one code path and one test suite for both; SQLite is
//! compiled in (bundled, no system library); it is async on the tokio runtime the crawler
//! already uses; and PostgreSQL gets a real driver (TLS, advisory locks). rusqlite plus
//! tokio-postgres would mean two APIs (one blocking) and every query written twice. The price
//! of `Any` is a small set of types: integers are BIGINT (booleans 0/1), days and times TEXT
//! (`YYYY-MM-DD`, RFC 3339 UTC), JSON TEXT, and the few words where the engines' SQL differs
//! are filled in by the migration runner (`migrate`).
//!
//! The modules: `location` (what `--db` names), `migrate` (the schema's versions), `store`
//! (opening, errors, locks), `record` (a run's writes), `pages` (the crawl's page cache),
//! `findings` and `diff` (statuses against the baseline), `query` (reading), `retention`,
//! `alerts` (the alerts outbox), `declarations` (台账 evidence people declare),
//! `probes` (the home-page visits of `gongkai probe`).

mod alerts;
pub mod declarations;
mod diff;
mod findings;
mod location;
mod migrate;
mod pages;
mod probes;
mod query;
mod record;
pub mod rectification;
mod retention;
mod store;
mod types;

pub use alerts::OutboxAlert;
pub use declarations::{DeclarationRecord, EvidenceFile, MAX_EVIDENCE_BYTES};
pub use record::Started;
pub use store::{HistoryOptions, Store, run_recorded};
pub use types::{DiffCounts, HistorySection, Portal, RunDiff, RunRef, RunRow, RunStatus};
