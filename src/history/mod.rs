//! The run history: every recorded run of every portal, so a nightly check knows what is new,
//! what was fixed and what is still open, and an unchanged page need not be fetched again.
//!
//! One store, two backends behind one code path: an embedded SQLite file by default, a shared
//! PostgreSQL server when several machines run one night together.

mod store;
mod types;

pub use store::{HistoryOptions, Store, run_recorded};
pub use types::{DiffCounts, HistorySection, Portal, RunDiff, RunRef, RunRow, RunStatus};
