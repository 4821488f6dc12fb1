//! A person's explanation of a problem: kept with its history (the newest is in force), the
//! record goes `explained` with an event dated the day of the explanation.

use sqlx::{AnyConnection, Row};

use super::super::Store;
use super::super::store::Problem;
use super::advance::insert_event;
use super::rows::{self, Conditions, RECORD_COLUMNS};
use crate::error::{Error, HistoryAction};
use crate::rectify::lifecycle;
use crate::rectify::{Explanation, LedgerEntry};

/// The shortest fingerprint prefix accepted.
pub const MIN_PREFIX: usize = 8;

/// A problem a fingerprint prefix matched.
struct Match {
    problem_id: i64,
    fingerprint: String,
    portal: String,
}

pub async fn explain(
    store: &Store,
    portal: Option<&str>,
    fingerprint: &str,
    explanation: &Explanation,
) -> Result<LedgerEntry, Error> {
    let problem = |message: String| store.error(HistoryAction::Write, Problem(message));
    let prefix = fingerprint.trim().to_ascii_lowercase();
    if prefix.len() < MIN_PREFIX || !prefix.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(problem(format!(
            "问题指纹“{fingerprint}”应为至少{MIN_PREFIX}位十六进制数字（报告中每个问题的 fingerprint）"
        )));
    }
    let Some(on) = explanation.day() else {
        return Err(problem(format!(
            "说明时间“{}”不是 RFC 3339 时间",
            explanation.at
        )));
    };
    if explanation.note.trim().is_empty() || explanation.by.trim().is_empty() {
        return Err(problem("说明内容和说明人都不能为空".to_string()));
    }
    let read = |e| store.error(HistoryAction::Read, e);
    let matches = matching(store, portal, &prefix).await.map_err(read)?;
    let found = match matches.as_slice() {
        [] => {
            let within = portal.map(|p| format!("网站“{p}”中")).unwrap_or_default();
            return Err(problem(format!(
                "历史库{within}没有指纹以 {prefix} 开头的问题"
            )));
        }
        [one] => one,
        many => {
            let portals: std::collections::BTreeSet<&str> =
                many.iter().map(|m| m.portal.as_str()).collect();
            let listed: Vec<&str> = many.iter().map(|m| m.fingerprint.as_str()).collect();
            return Err(problem(if portals.len() > 1 && portal.is_none() {
                format!(
                    "指纹 {prefix} 在多个网站中都有问题（{}），请用 --portal 指明网站",
                    portals.into_iter().collect::<Vec<_>>().join("、")
                )
            } else {
                format!(
                    "指纹前缀 {prefix} 对应多个问题（{}），请给出更长的指纹",
                    listed.join("、")
                )
            }));
        }
    };
    let write = |e| store.error(HistoryAction::Write, e);
    let mut tx = store.begin_write().await.map_err(write)?;
    let portal_id: i64 = sqlx::query("SELECT portal_id FROM problems WHERE id = $1")
        .bind(found.problem_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(write)?
        .try_get(0)
        .map_err(write)?;
    store.lock_portal(&mut tx, portal_id).await.map_err(write)?;
    let conn: &mut AnyConnection = &mut tx;
    let row = sqlx::query(&format!(
        "SELECT {RECORD_COLUMNS} FROM rectifications r WHERE r.problem_id = $1"
    ))
    .bind(found.problem_id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(write)?;
    let Some(row) = row else {
        return Err(problem(format!(
            "问题 {} 没有整改记录：只有严重程度为“问题”“提醒”的违规进入整改闭环",
            found.fingerprint
        )));
    };
    let stored = rows::stored(&row).map_err(write)?;
    sqlx::query(
        "INSERT INTO explanations (problem_id, note, by_whom, recorded_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(found.problem_id)
    .bind(explanation.note.trim())
    .bind(explanation.by.trim())
    .bind(&explanation.at)
    .execute(&mut *conn)
    .await
    .map_err(write)?;
    let step = lifecycle::explain(&stored.state);
    if let Some(state) = step.record.filter(|_| !step.events.is_empty()) {
        sqlx::query("UPDATE rectifications SET stage = $1 WHERE id = $2")
            .bind(state.stage.as_str())
            .bind(stored.id)
            .execute(&mut *conn)
            .await
            .map_err(write)?;
        let saved = rows::Stored { state, ..stored };
        for stage in step.events {
            insert_event(conn, &saved, stage, on, None, None)
                .await
                .map_err(write)?;
        }
    }
    tx.commit().await.map_err(write)?;
    let mut entries = super::read::ledger(store, None, Some(found.problem_id))
        .await
        .map_err(read)?;
    entries
        .pop()
        .ok_or_else(|| problem(format!("问题 {} 的整改记录读取失败", found.fingerprint)))
}

/// The problems whose fingerprint starts with `prefix` (hex digits only), of `portal` if given.
async fn matching(
    store: &Store,
    portal: Option<&str>,
    prefix: &str,
) -> Result<Vec<Match>, sqlx::Error> {
    let mut conditions = Conditions {
        sql: vec!["pr.fingerprint LIKE $1".into()],
        params: vec![format!("{prefix}%")],
    };
    conditions.portal(portal);
    let mut conn = store.pool.acquire().await?;
    let select = "SELECT pr.id, pr.fingerprint, p.key FROM problems pr JOIN portals p ON p.id = pr.portal_id";
    conditions
        .rows(&mut conn, select, "p.key, pr.fingerprint")
        .await?
        .iter()
        .map(|row| {
            Ok(Match {
                problem_id: row.try_get(0)?,
                fingerprint: row.try_get(1)?,
                portal: row.try_get(2)?,
            })
        })
        .collect()
}
