//! Home-page probes in the store: `gongkai probe` writes a batch of visits in one
//! transaction; a recorded run reads its portal's visits of the judged week back.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::record::{portal_id_on, stored_time};
use super::{Portal, Store};
use crate::error::{Error, HistoryAction};
use crate::probe::Probe;

/// Visits are kept this long: the judged week, and weeks before it for a run checked as of an
/// earlier day. Older ones are deleted whenever the portal is probed (at 48 visits a day, some
/// 4,300 rows a portal).
pub const PROBES_KEPT_DAYS: i64 = 90;

impl Store {
    /// Records visits, each of its portal (recorded on first sight), in one transaction, and
    /// deletes the visits of those portals older than [`PROBES_KEPT_DAYS`].
    pub async fn record_probes(&self, visits: &[(Portal, Probe)]) -> Result<(), Error> {
        let write = |e| self.error(HistoryAction::Write, e);
        let mut tx = self.begin_write().await.map_err(write)?;
        let mut newest: std::collections::BTreeMap<i64, DateTime<Utc>> = Default::default();
        for (portal, probe) in visits {
            let portal_id = portal_id_on(&mut tx, portal).await.map_err(write)?;
            let at = newest.entry(portal_id).or_insert(probe.at);
            *at = (*at).max(probe.at);
            sqlx::query(
                "INSERT INTO probes (portal_id, at, ok, status, millis, error) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(portal_id)
            .bind(stored_time(&probe.at))
            .bind(i64::from(probe.ok))
            .bind(probe.status.map(i64::from))
            .bind(probe.millis.map(|m| i64::try_from(m).unwrap_or(i64::MAX)))
            .bind(probe.error.as_deref())
            .execute(&mut *tx)
            .await
            .map_err(write)?;
        }
        for (portal_id, at) in newest {
            let cutoff = at - chrono::Duration::days(PROBES_KEPT_DAYS);
            sqlx::query("DELETE FROM probes WHERE portal_id = $1 AND at < $2")
                .bind(portal_id)
                .bind(stored_time(&cutoff))
                .execute(&mut *tx)
                .await
                .map_err(write)?;
        }
        tx.commit().await.map_err(write)
    }

    /// `portal`'s visits made within `from..to`, oldest first (none for a portal never
    /// recorded).
    pub async fn probes(
        &self,
        portal: &Portal,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Probe>, Error> {
        let read = |e| self.error(HistoryAction::Read, e);
        let rows = sqlx::query(
            "SELECT b.at, b.ok, b.status, b.millis, b.error FROM probes b \
             JOIN portals p ON p.id = b.portal_id \
             WHERE p.key = $1 AND b.at >= $2 AND b.at < $3 ORDER BY b.at, b.id",
        )
        .bind(&portal.key)
        .bind(stored_time(&from))
        .bind(stored_time(&to))
        .fetch_all(&self.pool)
        .await
        .map_err(read)?;
        rows.iter()
            .map(|row| {
                let at: String = row.try_get(0)?;
                let at = DateTime::parse_from_rfc3339(&at)
                    .map_err(|e| sqlx::Error::Decode(Box::new(e)))?
                    .with_timezone(&Utc);
                Ok(Probe {
                    at,
                    ok: row.try_get::<i64, _>(1)? != 0,
                    status: row
                        .try_get::<Option<i64>, _>(2)?
                        .and_then(|s| u16::try_from(s).ok()),
                    millis: row
                        .try_get::<Option<i64>, _>(3)?
                        .and_then(|m| u64::try_from(m).ok()),
                    error: row.try_get(4)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(read)
    }
}
