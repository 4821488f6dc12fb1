//! A run's findings in the store: each is a problem of the portal (one row per fingerprint,
//! with the newest wording), and the run's row for it says new / open / reopened, or, for a
//! baseline problem not found again, fixed / unverified.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::{Any, Row, Transaction};

use super::RunRef;
use super::diff::{Known, Recheck, by_fingerprint, is_problem, longest_open, status_now};
use super::record::Started;
use crate::app::RunOptions;
use crate::finding::{Finding, FindingStatus, Outcome};
use crate::history::DiffCounts;

/// The run a diff compares with, and what it left open.
#[derive(Debug, Default)]
pub struct Baseline {
    pub run: Option<RunRef>,
    /// Problem ids open in the baseline (found, or unverified by it).
    pub open: Vec<i64>,
}

/// Statuses in which a run leaves a problem open.
pub const OPEN_STATUSES: &str = "('new', 'open', 'reopened', 'unverified')";

pub fn parse_day(text: &str) -> Result<NaiveDate, sqlx::Error> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

pub fn outcome_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Violation => "violation",
        Outcome::NeedsReview => "needs_review",
        Outcome::NotChecked => "not_checked",
    }
}

impl Baseline {
    /// The portal's last completed run before this one, and its open problems.
    pub async fn load(
        tx: &mut Transaction<'static, Any>,
        started: &Started,
    ) -> Result<Baseline, sqlx::Error> {
        let row = sqlx::query(
            "SELECT id, started_at, as_of FROM runs WHERE portal_id = $1 AND status = 'completed' AND seq < $2 \
             ORDER BY seq DESC LIMIT 1",
        )
        .bind(started.portal_id)
        .bind(started.seq)
        .fetch_optional(&mut **tx)
        .await?;
        let Some(row) = row else {
            return Ok(Baseline::default());
        };
        let run = RunRef {
            id: row.try_get(0)?,
            started_at: row.try_get(1)?,
            as_of: parse_day(&row.try_get::<String, _>(2)?)?,
        };
        let open = sqlx::query(&format!(
            "SELECT problem_id FROM run_findings WHERE run_id = $1 AND status IN {OPEN_STATUSES}"
        ))
        .bind(run.id)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| r.try_get::<i64, _>(0))
        .collect::<Result<_, _>>()?;
        Ok(Baseline {
            run: Some(run),
            open,
        })
    }
}

/// What the findings' diff came to.
#[derive(Debug, Default)]
pub struct Recorded {
    pub counts: DiffCounts,
    pub fixed: Vec<Finding>,
    pub unverified: Vec<Finding>,
    /// The problem id of every fingerprint this run found or carried (fixed, unverified).
    pub ids: HashMap<String, i64>,
}

/// A problem row: id, fingerprint, first seen, latest finding.
struct ProblemRow {
    id: i64,
    first_seen: NaiveDate,
    latest: String,
}

async fn known_problems(
    tx: &mut Transaction<'static, Any>,
    portal_id: i64,
) -> Result<HashMap<String, ProblemRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, fingerprint, first_seen, latest FROM problems WHERE portal_id = $1",
    )
    .bind(portal_id)
    .fetch_all(&mut **tx)
    .await?;
    let mut known = HashMap::with_capacity(rows.len());
    for row in rows {
        known.insert(
            row.try_get::<String, _>(1)?,
            ProblemRow {
                id: row.try_get(0)?,
                first_seen: parse_day(&row.try_get::<String, _>(2)?)?,
                latest: row.try_get(3)?,
            },
        );
    }
    Ok(known)
}

/// Stores this run's findings and the baseline's problems it no longer finds; sets each
/// finding's status and first-seen day.
pub async fn record_findings(
    tx: &mut Transaction<'static, Any>,
    started: &Started,
    baseline: &Baseline,
    findings: &mut [Finding],
    recheck: &Recheck,
    options: &RunOptions,
) -> Result<Recorded, sqlx::Error> {
    let as_of = options.as_of;
    let known = known_problems(tx, started.portal_id).await?;
    let mut recorded = Recorded::default();
    let first = by_fingerprint(findings);
    let mut found_ids = Vec::new();
    // Decide and write each fingerprint once, then give every finding its fingerprint's status.
    let mut decided: HashMap<String, (FindingStatus, NaiveDate)> = HashMap::new();
    let mut order: Vec<(&str, usize)> = first.iter().map(|(k, v)| (*k, *v)).collect();
    order.sort_by_key(|(_, i)| *i);
    for (fingerprint, index) in order {
        let finding = &findings[index];
        let row = known.get(fingerprint);
        let k = row.map(|p| Known {
            first_seen: p.first_seen,
            open_in_baseline: baseline.open.contains(&p.id),
        });
        let (status, first_seen) = status_now(k.as_ref(), as_of);
        let latest = serde_json::to_string(&Finding {
            status: None,
            first_seen: None,
            ..finding.clone()
        })
        .expect("a finding serialises");
        let id = match row {
            None => {
                sqlx::query(
                    "INSERT INTO problems (portal_id, fingerprint, rule, url, first_seen_run, first_seen, last_seen_run, latest) \
                     VALUES ($1, $2, $3, $4, $5, $6, $5, $7) RETURNING id",
                )
                .bind(started.portal_id)
                .bind(fingerprint)
                .bind(&*finding.rule)
                .bind(&finding.url)
                .bind(started.run_id)
                .bind(first_seen.to_string())
                .bind(latest)
                .fetch_one(&mut **tx)
                .await?
                .try_get(0)?
            }
            Some(p) => {
                let reopened = status == FindingStatus::Reopened;
                sqlx::query(
                    "UPDATE problems SET rule = $1, url = $2, last_seen_run = $3, latest = $4, \
                     first_seen = CASE WHEN $5 = 1 THEN $6 ELSE first_seen END, \
                     first_seen_run = CASE WHEN $5 = 1 THEN $3 ELSE first_seen_run END WHERE id = $7",
                )
                .bind(&*finding.rule)
                .bind(&finding.url)
                .bind(started.run_id)
                .bind(latest)
                .bind(i64::from(reopened))
                .bind(first_seen.to_string())
                .bind(p.id)
                .execute(&mut **tx)
                .await?;
                p.id
            }
        };
        insert_run_finding(tx, started.run_id, id, status, finding.outcome).await?;
        found_ids.push(id);
        if is_problem(finding) {
            match status {
                FindingStatus::New => recorded.counts.new += 1,
                FindingStatus::Open => recorded.counts.open += 1,
                FindingStatus::Reopened => recorded.counts.reopened += 1,
                _ => {}
            }
        }
        decided.insert(fingerprint.to_string(), (status, first_seen));
        recorded.ids.insert(fingerprint.to_string(), id);
    }
    for finding in findings.iter_mut() {
        if let Some((status, first_seen)) = decided.get(&finding.fingerprint) {
            finding.status = Some(*status);
            finding.first_seen = Some(*first_seen);
        }
    }
    recorded.counts.longest_open_working_days = longest_open(findings, &options.calendar, as_of);
    // The baseline's open problems this run did not find.
    let by_id: HashMap<i64, &ProblemRow> = known.values().map(|p| (p.id, p)).collect();
    for id in &baseline.open {
        if found_ids.contains(id) {
            continue;
        }
        let Some(problem) = by_id.get(id) else {
            continue;
        };
        let mut finding: Finding =
            serde_json::from_str(&problem.latest).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        let status = if recheck.rechecked(&finding.rule, &finding.url) {
            FindingStatus::Fixed
        } else {
            FindingStatus::Unverified
        };
        insert_run_finding(tx, started.run_id, *id, status, finding.outcome).await?;
        recorded.ids.insert(finding.fingerprint.clone(), *id);
        finding.status = Some(status);
        finding.first_seen = Some(problem.first_seen);
        if !is_problem(&finding) {
            continue;
        }
        if status == FindingStatus::Fixed {
            recorded.counts.fixed += 1;
            recorded.fixed.push(finding);
        } else {
            recorded.counts.unverified += 1;
            recorded.unverified.push(finding);
        }
    }
    Ok(recorded)
}

async fn insert_run_finding(
    tx: &mut Transaction<'static, Any>,
    run_id: i64,
    problem_id: i64,
    status: FindingStatus,
    outcome: Outcome,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO run_findings (run_id, problem_id, status, outcome) VALUES ($1, $2, $3, $4)",
    )
    .bind(run_id)
    .bind(problem_id)
    .bind(status.as_str())
    .bind(outcome_name(outcome))
    .execute(&mut **tx)
    .await?;
    Ok(())
}
