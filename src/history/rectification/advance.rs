//! A run's step of the loop, inside its closing transaction: every problem it found or carried
//! advances its record (`rectify::lifecycle`), the documents now due are issued — one per
//! 责任部门 and kind, numbered per kind and year across the store — and each finding gets its
//! `rectification` object.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use sqlx::{Any, AnyConnection, Row, Transaction};

use super::super::Store;
use super::super::findings::Recorded;
use super::super::record::Started;
use super::rows::{self, Stored, current_notice};
use crate::app::RunOptions;
use crate::finding::Finding;
use crate::rectify::compose::{self, Chase};
use crate::rectify::lifecycle::{self, Routing, Sighting, Step};
use crate::rectify::{
    Explanation, Notice, NoticeKind, NoticeNumber, NoticeRef, Rectification, Stage,
};

/// One problem this run decided on.
struct Decision {
    problem_id: i64,
    finding: Finding,
    stored: Option<Stored>,
    step: Step,
}

/// Where a problem of `finding` goes today: its first indicator row's department (else the
/// table's default), through the per-rule and per-portal settings; the row's or the rule's
/// deadline, else the default.
pub fn routing(finding: &Finding, options: &RunOptions) -> Routing {
    let table = &options.indicators;
    let row = finding.indicators.first().and_then(|id| table.row(id));
    let row_department = row.map_or(table.default_department.as_str(), |r| &r.department);
    let policy = &options.checks.rectification;
    Routing {
        department: policy.department_for(&finding.rule, row_department),
        deadline_days: policy.deadline_days_for(&finding.rule, row.and_then(|r| r.deadline_days)),
    }
}

/// Advances the records of this run's problems, issues the documents due, fills every
/// finding's `rectification` (this run's and the baseline's fixed and unverified ones), and
/// returns the documents issued.
pub async fn advance(
    tx: &mut Transaction<'static, Any>,
    store: &Store,
    started: &Started,
    options: &RunOptions,
    findings: &mut [Finding],
    recorded: &mut Recorded,
) -> Result<Vec<Notice>, sqlx::Error> {
    let as_of = options.as_of;
    let conn: &mut AnyConnection = tx;
    let mut stored = rows::records(conn, started.portal_id).await?;
    let mut decisions = Vec::new();
    let mut decided = HashSet::new();
    let carried = recorded.fixed.iter().chain(&recorded.unverified);
    for finding in findings.iter().chain(carried) {
        let (Some(status), Some(id)) = (finding.status, recorded.ids.get(&finding.fingerprint))
        else {
            continue;
        };
        if !finding.is_problem() || !decided.insert(*id) {
            continue;
        }
        let current = stored.remove(id);
        let step = lifecycle::advance(
            current.as_ref().map(|s| &s.state),
            Sighting::of(status),
            as_of,
            &options.calendar,
            &options.checks.rectification,
            &routing(finding, options),
        );
        decisions.push(Decision {
            problem_id: *id,
            finding: finding.clone(),
            stored: current,
            step,
        });
    }
    let mut refs = rows::notice_refs(conn, Some(started.portal_id)).await?;
    let issued = issue(tx, store, started, options, &decisions, &mut refs).await?;
    let conn: &mut AnyConnection = tx;
    for decision in &decisions {
        if decision.step.new_cycle && decision.stored.is_some() {
            // A new cycle: an explanation of the last one no longer stands.
            sqlx::query("UPDATE explanations SET withdrawn = 1 WHERE problem_id = $1")
                .bind(decision.problem_id)
                .execute(&mut *conn)
                .await?;
        }
    }
    let explained = rows::explanations(conn, Some(started.portal_id)).await?;
    let mut objects: HashMap<String, Rectification> = HashMap::new();
    for decision in &decisions {
        let Some(saved) = save(conn, started, as_of, decision, &issued.by_problem).await? else {
            continue;
        };
        // The explanation in force shows on the finding while it is what the record rests on.
        let explanation = explained
            .get(&decision.problem_id)
            .filter(|_| saved.state.stage == Stage::Explained);
        objects.insert(
            decision.finding.fingerprint.clone(),
            rectification(&saved, &refs, explanation),
        );
    }
    let carried = recorded
        .fixed
        .iter_mut()
        .chain(recorded.unverified.iter_mut());
    for finding in findings.iter_mut().chain(carried) {
        if let Some(object) = objects
            .get(&finding.fingerprint)
            .filter(|_| finding.is_problem())
        {
            finding.rectification = Some(Box::new(object.clone()));
        }
    }
    Ok(issued.notices)
}

/// The documents a run issued, and which one each problem is on.
struct Issued {
    notices: Vec<Notice>,
    /// problem id → (notice id, its kind).
    by_problem: HashMap<i64, (i64, NoticeKind)>,
}

/// Issues the documents due: one per (kind, 责任部门), its items in rule and page order, each
/// numbered after the highest of its kind and year in the store.
async fn issue(
    tx: &mut Transaction<'static, Any>,
    store: &Store,
    started: &Started,
    options: &RunOptions,
    decisions: &[Decision],
    refs: &mut HashMap<i64, NoticeRef>,
) -> Result<Issued, sqlx::Error> {
    let mut groups: BTreeMap<(NoticeKind, &str), Vec<&Decision>> = BTreeMap::new();
    for decision in decisions {
        if let (Some(kind), Some(record)) = (decision.step.due, &decision.step.record) {
            groups
                .entry((kind, record.department.as_str()))
                .or_default()
                .push(decision);
        }
    }
    let mut issued = Issued {
        notices: Vec::new(),
        by_problem: HashMap::new(),
    };
    if groups.is_empty() {
        return Ok(issued);
    }
    let as_of = options.as_of;
    let calendar = &options.calendar;
    let policy = &options.checks.rectification;
    store.lock_numbering(tx).await?;
    let conn: &mut AnyConnection = tx;
    let portal = rows::portal(conn, started.portal_id).await?;
    for ((kind, department), mut members) in groups {
        members.sort_by(|a, b| {
            (&a.finding.rule, &a.finding.url).cmp(&(&b.finding.rule, &b.finding.url))
        });
        let items = members
            .iter()
            .map(|d| {
                let record = d.step.record.as_ref().expect("grouped with its record");
                let chase = chase_of(d.stored.as_ref(), kind, refs);
                compose::item(&d.finding, record, kind, chase, calendar, as_of)
            })
            .collect();
        let number = next_number(conn, kind, as_of.year()).await?;
        let notice = compose::notice(number, as_of, &portal, department, policy, calendar, items);
        let document = serde_json::to_string(&notice).expect("a notice serialises");
        let id: i64 = sqlx::query(
            "INSERT INTO notices (portal_id, kind, year, number, department, issued_on, run_id, document) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(started.portal_id)
        .bind(kind.as_str())
        .bind(i64::from(number.year))
        .bind(number.seq)
        .bind(department)
        .bind(as_of.to_string())
        .bind(started.run_id)
        .bind(document)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
        refs.insert(
            id,
            NoticeRef {
                number,
                issued_on: as_of,
            },
        );
        for member in members {
            issued.by_problem.insert(member.problem_id, (id, kind));
        }
        issued.notices.push(notice);
    }
    Ok(issued)
}

/// What a document of `kind` cites for a record: its 交办单 (催办, 督办) and 催办单 (督办).
fn chase_of(stored: Option<&Stored>, kind: NoticeKind, refs: &HashMap<i64, NoticeRef>) -> Chase {
    let cite = |id: Option<i64>| id.and_then(|id| refs.get(&id)).copied();
    match (kind, stored) {
        (NoticeKind::Assign, _) | (_, None) => Chase::default(),
        (NoticeKind::Remind, Some(s)) => Chase {
            assigned_by: cite(s.assign_notice),
            reminded_by: None,
        },
        (NoticeKind::Supervise, Some(s)) => Chase {
            assigned_by: cite(s.assign_notice),
            reminded_by: cite(s.remind_notice),
        },
    }
}

/// The next number of `kind` in `year`: never one issued before, in any portal (the caller
/// holds the numbering lock; `UNIQUE (kind, year, number)` guards it).
async fn next_number(
    conn: &mut AnyConnection,
    kind: NoticeKind,
    year: i32,
) -> Result<NoticeNumber, sqlx::Error> {
    let seq: i64 = sqlx::query(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM notices WHERE kind = $1 AND year = $2",
    )
    .bind(kind.as_str())
    .bind(i64::from(year))
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    Ok(NoticeNumber { kind, year, seq })
}

/// Writes a decision's record and events; returns the record as stored now (`None` when the
/// problem has none).
async fn save(
    conn: &mut AnyConnection,
    started: &Started,
    as_of: NaiveDate,
    decision: &Decision,
    issued: &HashMap<i64, (i64, NoticeKind)>,
) -> Result<Option<Stored>, sqlx::Error> {
    let step = &decision.step;
    let Some(state) = step.record.clone() else {
        return Ok(None);
    };
    let before = decision.stored.as_ref();
    if let Some(before) = before
        && step.events.is_empty()
        && step.due.is_none()
    {
        return Ok(Some(before.clone()));
    }
    let mut saved = match before {
        Some(b) if !step.new_cycle => Stored { state, ..b.clone() },
        _ => Stored {
            id: before.map_or(0, |b| b.id),
            problem_id: decision.problem_id,
            state,
            assign_notice: None,
            remind_notice: None,
            supervise_notice: None,
        },
    };
    let notice = issued.get(&decision.problem_id).copied();
    match notice {
        Some((id, NoticeKind::Assign)) => saved.assign_notice = Some(id),
        Some((id, NoticeKind::Remind)) => saved.remind_notice = Some(id),
        Some((id, NoticeKind::Supervise)) => saved.supervise_notice = Some(id),
        None => {}
    }
    saved.id = write_record(conn, started, &saved, before.is_some()).await?;
    for stage in &step.events {
        let notice_id = notice
            .filter(|(_, kind)| kind.stage() == *stage)
            .map(|(id, _)| id);
        insert_event(conn, &saved, *stage, as_of, Some(started.run_id), notice_id).await?;
    }
    Ok(Some(saved))
}

fn day(day: Option<NaiveDate>) -> Option<String> {
    day.map(|d| d.to_string())
}

/// Inserts or updates a record's row; returns its id.
async fn write_record(
    conn: &mut AnyConnection,
    started: &Started,
    saved: &Stored,
    exists: bool,
) -> Result<i64, sqlx::Error> {
    let s = &saved.state;
    let sql = if exists {
        "UPDATE rectifications SET cycle = $1, department = $2, assigned_on = $3, deadline_days = $4, \
         deadline = $5, stage = $6, reminded_on = $7, supervised_on = $8, resolved_on = $9, \
         assign_notice = $10, remind_notice = $11, supervise_notice = $12, updated_run = $13 \
         WHERE id = $14 RETURNING id"
    } else {
        "INSERT INTO rectifications (cycle, department, assigned_on, deadline_days, deadline, stage, \
         reminded_on, supervised_on, resolved_on, assign_notice, remind_notice, supervise_notice, \
         updated_run, problem_id, portal_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id"
    };
    let query = sqlx::query(sql)
        .bind(i64::from(s.cycle))
        .bind(&s.department)
        .bind(s.assigned_on.to_string())
        .bind(i64::from(s.deadline_days))
        .bind(s.deadline.to_string())
        .bind(s.stage.as_str())
        .bind(day(s.reminded_on))
        .bind(day(s.supervised_on))
        .bind(day(s.resolved_on))
        .bind(saved.assign_notice)
        .bind(saved.remind_notice)
        .bind(saved.supervise_notice)
        .bind(started.run_id);
    let query = if exists {
        query.bind(saved.id)
    } else {
        query.bind(saved.problem_id).bind(started.portal_id)
    };
    query.fetch_one(&mut *conn).await?.try_get(0)
}

/// Logs a change of stage on `on`, by run `run_id` (none for a person's act), with the
/// document it issued.
pub async fn insert_event(
    conn: &mut AnyConnection,
    saved: &Stored,
    stage: Stage,
    on: NaiveDate,
    run_id: Option<i64>,
    notice_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    let s = &saved.state;
    sqlx::query(
        "INSERT INTO rectification_events (rectification_id, cycle, stage, on_day, department, deadline, run_id, notice_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(saved.id)
    .bind(i64::from(s.cycle))
    .bind(stage.as_str())
    .bind(on.to_string())
    .bind(&s.department)
    .bind(s.deadline.to_string())
    .bind(run_id)
    .bind(notice_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A record as a finding's `rectification` object.
pub fn rectification(
    saved: &Stored,
    refs: &HashMap<i64, NoticeRef>,
    explanation: Option<&Explanation>,
) -> Rectification {
    let s = &saved.state;
    Rectification {
        department: s.department.clone(),
        assigned_on: s.assigned_on,
        deadline: s.deadline,
        stage: s.stage,
        reminded_on: s.reminded_on,
        supervised_on: s.supervised_on,
        number: current_notice(saved)
            .and_then(|id| refs.get(&id))
            .map(|r| r.number.to_string()),
        resolved_on: s.resolved_on,
        explanation: explanation.cloned(),
    }
}
