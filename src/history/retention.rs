//! Retention, so a year of nightly runs over many portals stays small: page records (the
//! parsed bodies) are kept for the portal's last N completed runs; findings forever unless
//! told otherwise. A page whose record was dropped has no record to reuse and is fetched
//! again. Counting completed runs only, a row of killed runs never pushes the baseline's
//! findings out.

use sqlx::{Any, Row, Transaction};

use super::store::{HistoryOptions, Store};

/// The sequence number of the portal's `keep`-th latest completed run: runs numbered below
/// it are older than the last `keep` runs. `None` while there are fewer.
async fn cutoff(
    tx: &mut Transaction<'static, Any>,
    portal_id: i64,
    keep: u32,
) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT seq FROM runs WHERE portal_id = $1 AND status = 'completed' ORDER BY seq DESC LIMIT 1 OFFSET $2",
    )
    .bind(portal_id)
    .bind(i64::from(keep.max(1)) - 1)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| r.try_get(0)).transpose()
}

/// Prunes the portal `key`'s pages and, when a limit is set, its older runs' findings.
pub async fn prune(store: &Store, key: &str, history: &HistoryOptions) -> Result<(), sqlx::Error> {
    let Some(row) = sqlx::query("SELECT id FROM portals WHERE key = $1")
        .bind(key)
        .fetch_optional(&store.pool)
        .await?
    else {
        return Ok(());
    };
    let portal_id: i64 = row.try_get(0)?;
    let mut tx = store.begin_write().await?;
    store.lock_portal(&mut tx, portal_id).await?;
    if let Some(oldest_kept) = cutoff(&mut tx, portal_id, history.keep_page_runs).await? {
        for table in [
            "pages WHERE portal_id = $1 AND last_seen_seq",
            "page_records WHERE portal_id = $1 AND last_used_seq",
        ] {
            sqlx::query(&format!("DELETE FROM {table} < $2"))
                .bind(portal_id)
                .bind(oldest_kept)
                .execute(&mut *tx)
                .await?;
        }
    }
    let finding_cutoff = match history.keep_finding_runs {
        Some(keep) => cutoff(&mut tx, portal_id, keep).await?,
        None => None,
    };
    if let Some(oldest_kept) = finding_cutoff {
        sqlx::query(
            "DELETE FROM run_findings WHERE run_id IN (SELECT id FROM runs WHERE portal_id = $1 AND seq < $2)",
        )
        .bind(portal_id)
        .bind(oldest_kept)
        .execute(&mut *tx)
        .await?;
        // A problem no kept run mentions is forgotten (found again, it is new), unless it has
        // a rectification record: the 整改台账 keeps it (found again, it is reopened).
        sqlx::query(
            "DELETE FROM problems WHERE portal_id = $1 \
             AND NOT EXISTS (SELECT 1 FROM run_findings rf WHERE rf.problem_id = problems.id) \
             AND NOT EXISTS (SELECT 1 FROM rectifications r WHERE r.problem_id = problems.id)",
        )
        .bind(portal_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}
