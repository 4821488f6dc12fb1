//! Retention, so a year of nightly runs over many portals stays small: page records (the
//! parsed bodies) are kept for the portal's last N runs; findings forever unless told
//! otherwise. A page whose record was dropped has no record to reuse and is fetched again.

use sqlx::Row;

use super::store::{HistoryOptions, Store};

/// Prunes the portal `key`'s pages and, when a limit is set, its older runs' findings.
pub async fn prune(store: &Store, key: &str, history: &HistoryOptions) -> Result<(), sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT p.id, COALESCE(MAX(r.seq), 0) FROM portals p LEFT JOIN runs r ON r.portal_id = p.id \
         WHERE p.key = $1 GROUP BY p.id",
    )
    .bind(key)
    .fetch_optional(&store.pool)
    .await?
    else {
        return Ok(());
    };
    let portal_id: i64 = row.try_get(0)?;
    let last_seq: i64 = row.try_get(1)?;
    let mut tx = store.begin_write().await?;
    store.lock_portal(&mut tx, portal_id).await?;
    // Runs numbered `oldest_kept` and later are "the last N runs".
    let oldest_kept = last_seq - i64::from(history.keep_page_runs.max(1)) + 1;
    sqlx::query("DELETE FROM pages WHERE portal_id = $1 AND last_seen_seq < $2")
        .bind(portal_id)
        .bind(oldest_kept)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM page_records WHERE portal_id = $1 AND last_used_seq < $2")
        .bind(portal_id)
        .bind(oldest_kept)
        .execute(&mut *tx)
        .await?;
    if let Some(keep) = history.keep_finding_runs {
        let oldest_kept = last_seq - i64::from(keep.max(1)) + 1;
        sqlx::query(
            "DELETE FROM run_findings WHERE run_id IN (SELECT id FROM runs WHERE portal_id = $1 AND seq < $2)",
        )
        .bind(portal_id)
        .bind(oldest_kept)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM problems WHERE portal_id = $1 \
             AND NOT EXISTS (SELECT 1 FROM run_findings rf WHERE rf.problem_id = problems.id)",
        )
        .bind(portal_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}
