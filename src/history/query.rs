//! Reading the history: the portals, their runs, and what changed between two runs.

use std::collections::HashMap;

use sqlx::Row;
use sqlx::any::AnyRow;

use super::findings::parse_day;
use super::store::{Problem, Store};
use super::{DiffCounts, Portal, RunDiff, RunRef, RunRow, RunStatus};
use crate::error::{Error, HistoryAction};
use crate::finding::{Finding, FindingStatus};
use crate::model::links::page_key;

/// Every portal recorded, by key.
pub async fn portals(store: &Store) -> Result<Vec<Portal>, sqlx::Error> {
    sqlx::query("SELECT key, name, url, unit FROM portals ORDER BY key")
        .fetch_all(&store.pool)
        .await?
        .iter()
        .map(|row| {
            Ok(Portal {
                key: row.try_get(0)?,
                name: row.try_get(1)?,
                url: row.try_get(2)?,
                unit: row.try_get(3)?,
            })
        })
        .collect()
}

const RUN_COLUMNS: &str = "r.id, r.started_at, r.finished_at, r.as_of, r.tool_version, r.status, \
     r.crawl_complete, r.score, r.veto, r.problems, r.counts, p.key, p.name, p.url";

fn run_row(row: &AnyRow) -> Result<RunRow, sqlx::Error> {
    let status: String = row.try_get(5)?;
    let counts: Option<String> = row.try_get(10)?;
    Ok(RunRow {
        id: row.try_get(0)?,
        started_at: row.try_get(1)?,
        finished_at: row.try_get(2)?,
        as_of: parse_day(&row.try_get::<String, _>(3)?)?,
        tool_version: row.try_get(4)?,
        status: if status == "completed" {
            RunStatus::Completed
        } else {
            RunStatus::Running
        },
        crawl_complete: row.try_get::<i64, _>(6)? != 0,
        score: row.try_get(7)?,
        veto: row.try_get::<i64, _>(8)? != 0,
        problems: row.try_get::<i64, _>(9)?.max(0) as usize,
        counts: counts
            .and_then(|c| serde_json::from_str::<DiffCounts>(&c).ok())
            .unwrap_or_default(),
        portal: Portal {
            key: row.try_get(11)?,
            name: row.try_get(12)?,
            url: row.try_get(13)?,
            unit: None,
        },
    })
}

/// The condition naming one portal `p` by key, URL or name, with its two text parameters
/// numbered from `first` (bind [`portal_params`]).
pub(in crate::history) fn portal_condition(first: usize) -> String {
    let (a, b) = (first, first + 1);
    format!("(p.key = ${a} OR p.key = ${b} OR p.url = ${a} OR p.name = ${a})")
}

/// The parameters of [`portal_condition`]: the text as given, and as a page key.
pub(in crate::history) fn portal_params(text: &str) -> [String; 2] {
    [text.to_string(), page_key(text)]
}

/// Recorded runs, oldest first; of one portal (its key, start URL or name) when given.
pub async fn runs(store: &Store, portal: Option<&str>) -> Result<Vec<RunRow>, sqlx::Error> {
    let base = format!("SELECT {RUN_COLUMNS} FROM runs r JOIN portals p ON p.id = r.portal_id");
    let rows = match portal {
        None => {
            sqlx::query(&format!("{base} ORDER BY r.started_at, r.id"))
                .fetch_all(&store.pool)
                .await?
        }
        Some(text) => {
            let [given, key] = portal_params(text);
            sqlx::query(&format!(
                "{base} WHERE {} ORDER BY r.started_at, r.id",
                portal_condition(1)
            ))
            .bind(given)
            .bind(key)
            .fetch_all(&store.pool)
            .await?
        }
    };
    rows.iter().map(run_row).collect()
}

/// A run as a diff names it, with its portal.
async fn run_ref(store: &Store, id: i64) -> Result<Option<(RunRef, i64)>, sqlx::Error> {
    let Some(row) = sqlx::query("SELECT id, started_at, as_of, portal_id FROM runs WHERE id = $1")
        .bind(id)
        .fetch_optional(&store.pool)
        .await?
    else {
        return Ok(None);
    };
    let run = RunRef {
        id: row.try_get(0)?,
        started_at: row.try_get(1)?,
        as_of: parse_day(&row.try_get::<String, _>(2)?)?,
    };
    Ok(Some((run, row.try_get(3)?)))
}

/// A run's rows: problem id → (status, latest finding, first seen). Parts the run could not
/// check are left out: they are no problem to list as new, fixed or open (the run's counts
/// leave them out too).
async fn run_findings(
    store: &Store,
    run_id: i64,
) -> Result<HashMap<i64, (String, Finding)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT rf.problem_id, rf.status, p.latest, p.first_seen FROM run_findings rf \
         JOIN problems p ON p.id = rf.problem_id WHERE rf.run_id = $1 AND rf.outcome <> 'not_checked' \
         ORDER BY p.rule, p.url, p.id",
    )
    .bind(run_id)
    .fetch_all(&store.pool)
    .await?;
    let mut out = HashMap::with_capacity(rows.len());
    for row in rows {
        let mut finding: Finding = serde_json::from_str(&row.try_get::<String, _>(2)?)
            .map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        finding.first_seen = Some(parse_day(&row.try_get::<String, _>(3)?)?);
        out.insert(row.try_get(0)?, (row.try_get(1)?, finding));
    }
    Ok(out)
}

/// Whether a run's row says the run found the problem (not only carried it unverified).
fn found(status: &str) -> bool {
    matches!(status, "new" | "open" | "reopened")
}

/// What changed from run `from` to run `to` (runs of one portal).
pub async fn diff(store: &Store, from: i64, to: i64) -> Result<RunDiff, Error> {
    let read = |e| store.error(HistoryAction::Read, e);
    let missing = |id: i64| {
        store.error(
            HistoryAction::Read,
            Problem(format!(
                "没有编号为 {id} 的运行记录（gongkai history 列出全部运行）"
            )),
        )
    };
    let (from_run, from_portal) = run_ref(store, from)
        .await
        .map_err(read)?
        .ok_or_else(|| missing(from))?;
    let (to_run, to_portal) = run_ref(store, to)
        .await
        .map_err(read)?
        .ok_or_else(|| missing(to))?;
    if from_portal != to_portal {
        return Err(store.error(
            HistoryAction::Read,
            Problem(format!(
                "运行 {from} 与运行 {to} 不属于同一个门户，无法比较"
            )),
        ));
    }
    let before = run_findings(store, from).await.map_err(read)?;
    let after = run_findings(store, to).await.map_err(read)?;
    let mut diff = RunDiff {
        from: from_run,
        to: to_run,
        new: Vec::new(),
        fixed: Vec::new(),
        unverified: Vec::new(),
        still_open: Vec::new(),
    };
    let mut ids: Vec<&i64> = before.keys().chain(after.keys()).collect();
    ids.sort();
    ids.dedup();
    for id in ids {
        let was = before.get(id).filter(|(s, _)| found(s));
        let now = after.get(id);
        let is = now.filter(|(s, _)| found(s));
        let (list, status, finding) = match (was, is) {
            (None, Some((_, f))) => (&mut diff.new, FindingStatus::New, f),
            (Some(_), Some((_, f))) => (&mut diff.still_open, FindingStatus::Open, f),
            (Some((_, f)), None) if now.is_some_and(|(s, _)| s == "unverified") => {
                (&mut diff.unverified, FindingStatus::Unverified, f)
            }
            (Some((_, f)), None) => (&mut diff.fixed, FindingStatus::Fixed, f),
            (None, None) => continue,
        };
        list.push(Finding {
            status: Some(status),
            ..finding.clone()
        });
    }
    for list in [
        &mut diff.new,
        &mut diff.fixed,
        &mut diff.unverified,
        &mut diff.still_open,
    ] {
        list.sort_by(|a, b| (&a.rule, &a.url).cmp(&(&b.rule, &b.url)));
    }
    Ok(diff)
}
