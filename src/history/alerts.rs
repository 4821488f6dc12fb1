//! The alerts outbox: every alert is written here before it is sent, and stays unsent (with
//! its last error) when sending fails, for the next run to retry.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::Portal;
use super::record::{now, portal_id};
use super::store::Store;
use crate::error::{Error, HistoryAction};

/// An alert as the outbox keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxAlert {
    pub id: i64,
    /// The portal's key.
    pub portal: String,
    /// The run whose news it carries.
    pub run_id: Option<i64>,
    /// `email`, `wecom` or `dingtalk`.
    pub channel: String,
    /// The recipients (e-mail, comma-separated) or the robot's address.
    pub target: String,
    /// The message, JSON.
    pub payload: String,
    /// RFC 3339 UTC.
    pub created_at: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub sent_at: Option<String>,
}

const COLUMNS: &str = "a.id, p.key, a.run_id, a.channel, a.target, a.payload, a.created_at, \
     a.attempts, a.last_error, a.sent_at";

fn outbox_alert(row: &AnyRow) -> Result<OutboxAlert, sqlx::Error> {
    Ok(OutboxAlert {
        id: row.try_get(0)?,
        portal: row.try_get(1)?,
        run_id: row.try_get(2)?,
        channel: row.try_get(3)?,
        target: row.try_get(4)?,
        payload: row.try_get(5)?,
        created_at: row.try_get(6)?,
        attempts: row.try_get(7)?,
        last_error: row.try_get(8)?,
        sent_at: row.try_get(9)?,
    })
}

impl Store {
    /// Writes an alert of `portal` to the outbox, unsent; returns its id.
    pub async fn queue_alert(
        &self,
        portal: &Portal,
        run_id: Option<i64>,
        channel: &str,
        target: &str,
        payload: &str,
    ) -> Result<i64, Error> {
        let write = self.fail(HistoryAction::Write);
        let id = async {
            let portal_id = portal_id(self, portal).await?;
            sqlx::query(
                "INSERT INTO alerts (portal_id, run_id, channel, target, payload, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(portal_id)
            .bind(run_id)
            .bind(channel)
            .bind(target)
            .bind(payload)
            .bind(now())
            .fetch_one(&self.pool)
            .await?
            .try_get(0)
        }
        .await;
        id.map_err(write)
    }

    /// The unsent alerts of the portals with these keys written at or after `since`, oldest
    /// first.
    pub async fn unsent_alerts(
        &self,
        portals: &[String],
        since: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<OutboxAlert>, Error> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM alerts a JOIN portals p ON p.id = a.portal_id \
             WHERE a.sent_at IS NULL AND a.created_at >= $1 ORDER BY a.id"
        ))
        .bind(super::record::stored_time(&since))
        .fetch_all(&self.pool)
        .await
        .map_err(self.fail(HistoryAction::Read))?;
        let mut found = Vec::new();
        for row in &rows {
            let alert = outbox_alert(row).map_err(self.fail(HistoryAction::Read))?;
            if portals.contains(&alert.portal) {
                found.push(alert);
            }
        }
        Ok(found)
    }

    /// Every alert of the outbox, sent or not, oldest first.
    pub async fn outbox(&self) -> Result<Vec<OutboxAlert>, Error> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM alerts a JOIN portals p ON p.id = a.portal_id ORDER BY a.id"
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(self.fail(HistoryAction::Read))?;
        rows.iter()
            .map(outbox_alert)
            .collect::<Result<_, _>>()
            .map_err(self.fail(HistoryAction::Read))
    }

    /// Records a delivery of alert `id` that took `attempts` tries: sent when `error` is
    /// `None`, else still unsent with the error.
    pub async fn alert_delivered(
        &self,
        id: i64,
        attempts: u32,
        error: Option<&str>,
    ) -> Result<(), Error> {
        let sent_at = error.is_none().then(now);
        sqlx::query(
            "UPDATE alerts SET attempts = attempts + $1, last_error = $2, sent_at = $3 WHERE id = $4",
        )
        .bind(i64::from(attempts))
        .bind(error)
        .bind(sent_at)
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(self.fail(HistoryAction::Write))?;
        Ok(())
    }
}
