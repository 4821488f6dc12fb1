//! The rectification tables' rows as values, shared by the run's writes and the readers.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::super::Portal;
use super::super::findings::parse_day;
use super::super::query::{portal_condition, portal_params};
use crate::rectify::lifecycle::RecordState;
use crate::rectify::{Explanation, NoticeKind, NoticeNumber, NoticeRef, Stage};

/// A record as stored: its state and the documents of its current cycle.
#[derive(Debug, Clone)]
pub struct Stored {
    pub id: i64,
    pub problem_id: i64,
    pub state: RecordState,
    pub assign_notice: Option<i64>,
    pub remind_notice: Option<i64>,
    pub supervise_notice: Option<i64>,
}

/// The columns [`stored`] reads, of `rectifications r`.
pub const RECORD_COLUMNS: &str = "r.id, r.problem_id, r.cycle, r.department, r.assigned_on, \
     r.deadline_days, r.deadline, r.stage, r.reminded_on, r.supervised_on, r.resolved_on, \
     r.assign_notice, r.remind_notice, r.supervise_notice";

/// How many columns [`RECORD_COLUMNS`] holds: the columns a query selects after them start here.
pub const AFTER_RECORD: usize = 14;

fn bad(what: String) -> sqlx::Error {
    sqlx::Error::Decode(what.into())
}

fn day_at(row: &AnyRow, index: usize) -> Result<Option<NaiveDate>, sqlx::Error> {
    row.try_get::<Option<String>, _>(index)?
        .map(|d| parse_day(&d))
        .transpose()
}

/// A record from a row starting with [`RECORD_COLUMNS`].
pub fn stored(row: &AnyRow) -> Result<Stored, sqlx::Error> {
    let stage: String = row.try_get(7)?;
    let count = |n: i64| u32::try_from(n).unwrap_or(0);
    Ok(Stored {
        id: row.try_get(0)?,
        problem_id: row.try_get(1)?,
        state: RecordState {
            cycle: count(row.try_get(2)?),
            department: row.try_get(3)?,
            assigned_on: parse_day(&row.try_get::<String, _>(4)?)?,
            deadline_days: count(row.try_get(5)?),
            deadline: parse_day(&row.try_get::<String, _>(6)?)?,
            stage: Stage::parse(&stage).ok_or_else(|| bad(format!("未知的整改阶段“{stage}”")))?,
            reminded_on: day_at(row, 8)?,
            supervised_on: day_at(row, 9)?,
            resolved_on: day_at(row, 10)?,
        },
        assign_notice: row.try_get(11)?,
        remind_notice: row.try_get(12)?,
        supervise_notice: row.try_get(13)?,
    })
}

/// The records of a portal, by problem id.
pub async fn records(
    conn: &mut AnyConnection,
    portal_id: i64,
) -> Result<HashMap<i64, Stored>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {RECORD_COLUMNS} FROM rectifications r WHERE r.portal_id = $1"
    ))
    .bind(portal_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| stored(row).map(|s| (s.problem_id, s)))
        .collect()
}

/// Issued documents as others cite them, by notice id: of one portal, or all.
pub async fn notice_refs(
    conn: &mut AnyConnection,
    portal_id: Option<i64>,
) -> Result<HashMap<i64, NoticeRef>, sqlx::Error> {
    let mut only = Conditions::default();
    only.id("portal_id", portal_id);
    let rows = only
        .rows(
            conn,
            "SELECT id, kind, year, number, issued_on FROM notices",
            "id",
        )
        .await?;
    let mut refs = HashMap::with_capacity(rows.len());
    for row in rows {
        let kind: String = row.try_get(1)?;
        let number = NoticeNumber {
            kind: NoticeKind::parse(&kind).ok_or_else(|| bad(format!("未知的文书种类“{kind}”")))?,
            year: i32::try_from(row.try_get::<i64, _>(2)?).unwrap_or_default(),
            seq: row.try_get(3)?,
        };
        let issued_on = parse_day(&row.try_get::<String, _>(4)?)?;
        refs.insert(row.try_get(0)?, NoticeRef { number, issued_on });
    }
    Ok(refs)
}

/// The explanation in force of each problem (its newest not withdrawn), of one portal or all.
pub async fn explanations(
    conn: &mut AnyConnection,
    portal_id: Option<i64>,
) -> Result<HashMap<i64, Explanation>, sqlx::Error> {
    let mut only = Conditions {
        sql: vec!["e.withdrawn = 0".into()],
        params: Vec::new(),
    };
    only.id("pr.portal_id", portal_id);
    let select = "SELECT e.problem_id, e.note, e.by_whom, e.recorded_at FROM explanations e \
         JOIN problems pr ON pr.id = e.problem_id";
    let rows = only.rows(conn, select, "e.id").await?;
    let mut in_force = HashMap::new();
    for row in rows {
        in_force.insert(
            row.try_get(0)?,
            Explanation {
                note: row.try_get(1)?,
                by: row.try_get(2)?,
                at: row.try_get(3)?,
            },
        );
    }
    Ok(in_force)
}

/// The portal with id `id`.
pub async fn portal(conn: &mut AnyConnection, id: i64) -> Result<Portal, sqlx::Error> {
    let row = sqlx::query("SELECT key, name, url, unit FROM portals WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    portal_at(&row, 0)
}

/// A portal from four columns `key, name, url, unit` starting at `index`.
pub fn portal_at(row: &AnyRow, index: usize) -> Result<Portal, sqlx::Error> {
    Ok(Portal {
        key: row.try_get(index)?,
        name: row.try_get(index + 1)?,
        url: row.try_get(index + 2)?,
        unit: row.try_get(index + 3)?,
    })
}

/// The document number of a record's current stage (for `resolved` and `explained`, the last
/// document its chase reached).
pub fn current_notice(stored: &Stored) -> Option<i64> {
    match stored.state.stage {
        Stage::Assigned => stored.assign_notice,
        Stage::Reminded => stored.remind_notice,
        Stage::Supervised => stored.supervise_notice,
        Stage::Resolved | Stage::Explained => stored
            .supervise_notice
            .or(stored.remind_notice)
            .or(stored.assign_notice),
    }
}

/// Conditions and their parameters, numbered as they are added.
#[derive(Default)]
pub struct Conditions {
    pub sql: Vec<String>,
    pub params: Vec<String>,
}

impl Conditions {
    fn next(&self) -> usize {
        self.params.len() + 1
    }

    pub fn portal(&mut self, portal: Option<&str>) {
        if let Some(text) = portal {
            self.sql.push(portal_condition(self.next()));
            self.params.extend(portal_params(text));
        }
    }

    pub fn equals(&mut self, column: &str, value: Option<String>) {
        if let Some(value) = value {
            self.sql.push(format!("{column} = ${}", self.next()));
            self.params.push(value);
        }
    }

    /// `column` equal to the id, when one is given (compared as text: every parameter is).
    pub fn id(&mut self, column: &str, id: Option<i64>) {
        self.equals(
            &format!("CAST({column} AS TEXT)"),
            id.map(|id| id.to_string()),
        );
    }

    /// The rows of `select` under these conditions, in `order`.
    pub async fn rows(
        &self,
        conn: &mut AnyConnection,
        select: &str,
        order: &str,
    ) -> Result<Vec<AnyRow>, sqlx::Error> {
        let sql = format!("{select}{} ORDER BY {order}", self.clause());
        let mut query = sqlx::query(&sql);
        for param in &self.params {
            query = query.bind(param.as_str());
        }
        query.fetch_all(&mut *conn).await
    }

    fn clause(&self) -> String {
        if self.sql.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.sql.join(" AND "))
        }
    }
}
