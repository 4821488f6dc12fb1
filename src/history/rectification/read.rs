//! Reading the loop back: the issued documents as issued, the 整改台账, the stage changes.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use sqlx::{AnyConnection, Row};

use super::super::Store;
use super::super::findings::parse_day;
use super::NoticeFilter;
use super::rows::{self, AFTER_RECORD, Conditions, RECORD_COLUMNS};
use crate::finding::Finding;
use crate::rectify::{LedgerEntry, Notice, RectificationEvent, Stage};

pub async fn notices(store: &Store, filter: &NoticeFilter) -> Result<Vec<Notice>, sqlx::Error> {
    let mut conditions = Conditions::default();
    conditions.portal(filter.portal.as_deref());
    conditions.equals("n.issued_on", filter.issued_on.map(|d| d.to_string()));
    conditions.equals("n.kind", filter.kind.map(|k| k.as_str().to_string()));
    let mut conn = store.pool.acquire().await?;
    let select = "SELECT n.document FROM notices n JOIN portals p ON p.id = n.portal_id";
    conditions
        .rows(&mut conn, select, "n.kind, n.year, n.number")
        .await?
        .iter()
        .map(|row| {
            serde_json::from_str(&row.try_get::<String, _>(0)?)
                .map_err(|e| sqlx::Error::Decode(Box::new(e)))
        })
        .collect()
}

/// The 整改台账 of one portal or all; of one problem when `problem_id` is given.
pub async fn ledger(
    store: &Store,
    portal: Option<&str>,
    problem_id: Option<i64>,
) -> Result<Vec<LedgerEntry>, sqlx::Error> {
    let mut conditions = Conditions::default();
    conditions.portal(portal);
    conditions.id("r.problem_id", problem_id);
    let select = format!(
        "SELECT {RECORD_COLUMNS}, pr.fingerprint, pr.latest, p.key, p.name, p.url, p.unit, r.portal_id \
         FROM rectifications r JOIN problems pr ON pr.id = r.problem_id JOIN portals p ON p.id = r.portal_id"
    );
    let mut conn = store.pool.acquire().await?;
    let rows = conditions.rows(&mut conn, &select, "r.id").await?;
    let refs = rows::notice_refs(&mut conn, None).await?;
    let explained = rows::explanations(&mut conn, None).await?;
    let mut unverified: HashMap<i64, HashSet<i64>> = HashMap::new();
    let mut entries = Vec::with_capacity(rows.len());
    for row in rows {
        let stored = rows::stored(&row)?;
        let at = AFTER_RECORD;
        let latest: String = row.try_get(at + 1)?;
        let finding: Finding =
            serde_json::from_str(&latest).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        let portal_id: i64 = row.try_get(at + 6)?;
        if let std::collections::hash_map::Entry::Vacant(slot) = unverified.entry(portal_id) {
            slot.insert(unverified_in_latest_run(&mut conn, portal_id).await?);
        }
        let cite = |id: Option<i64>| id.and_then(|id| refs.get(&id)).copied();
        let state = &stored.state;
        entries.push(LedgerEntry {
            portal: rows::portal_at(&row, at + 2)?,
            fingerprint: row.try_get(at)?,
            basis: crate::rules::info(&finding.rule)
                .map(|i| i.basis.to_string())
                .unwrap_or_default(),
            rule: finding.rule.into_owned(),
            problem: finding.message,
            url: finding.url,
            severity: finding.severity,
            department: state.department.clone(),
            found_on: state.assigned_on,
            deadline: state.deadline,
            stage: state.stage,
            assigned: cite(stored.assign_notice),
            reminded: cite(stored.remind_notice),
            supervised: cite(stored.supervise_notice),
            resolved_on: state.resolved_on,
            explanation: explained.get(&stored.problem_id).cloned(),
            cycle: state.cycle,
            unverified: state.stage != Stage::Resolved
                && unverified[&portal_id].contains(&stored.problem_id),
        });
    }
    Ok(entries)
}

/// The problems the portal's latest completed run could not re-check.
async fn unverified_in_latest_run(
    conn: &mut AnyConnection,
    portal_id: i64,
) -> Result<HashSet<i64>, sqlx::Error> {
    sqlx::query(
        "SELECT rf.problem_id FROM run_findings rf WHERE rf.status = 'unverified' AND rf.run_id = \
         (SELECT id FROM runs WHERE portal_id = $1 AND status = 'completed' ORDER BY seq DESC LIMIT 1)",
    )
    .bind(portal_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|row| row.try_get(0))
    .collect()
}

pub async fn events(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    portal: Option<&str>,
) -> Result<Vec<RectificationEvent>, sqlx::Error> {
    let mut conditions = Conditions {
        sql: vec!["e.on_day >= $1".into(), "e.on_day <= $2".into()],
        params: vec![from.to_string(), to.to_string()],
    };
    conditions.portal(portal);
    let select = "SELECT e.cycle, e.stage, e.on_day, e.department, e.deadline, e.notice_id, pr.fingerprint, \
         p.key, p.name, p.url, p.unit \
         FROM rectification_events e JOIN rectifications r ON r.id = e.rectification_id \
         JOIN problems pr ON pr.id = r.problem_id JOIN portals p ON p.id = r.portal_id";
    let mut conn = store.pool.acquire().await?;
    let rows = conditions.rows(&mut conn, select, "e.on_day, e.id").await?;
    let refs = rows::notice_refs(&mut conn, None).await?;
    rows.iter()
        .map(|row| {
            let stage: String = row.try_get(1)?;
            let notice: Option<i64> = row.try_get(5)?;
            Ok(RectificationEvent {
                portal: rows::portal_at(row, 7)?,
                fingerprint: row.try_get(6)?,
                department: row.try_get(3)?,
                stage: Stage::parse(&stage).ok_or_else(|| {
                    sqlx::Error::Decode(format!("未知的整改阶段“{stage}”").into())
                })?,
                on: parse_day(&row.try_get::<String, _>(2)?)?,
                deadline: parse_day(&row.try_get::<String, _>(4)?)?,
                cycle: u32::try_from(row.try_get::<i64, _>(0)?).unwrap_or(0),
                notice: notice.and_then(|id| refs.get(&id)).copied(),
            })
        })
        .collect()
}
