//! 台账 evidence people declare for indicator rows the portal cannot show (`gongkai evidence`),
//! kept with its history: every declaration stays, the newest of a (portal, table, row) is in
//! force. An attached file is stored with the declaration (name, SHA-256, content), capped in
//! size.

use std::path::Path;

use sha2::{Digest, Sha256};
use sqlx::Row;

use super::Portal;
use super::record::{now, portal_id};
use super::store::Store;
use crate::error::{Error, FileKind, HistoryAction, Usage};
use crate::model::links::page_key;
use crate::rectify::Declaration;

/// The largest evidence file the store takes: 台账 evidence is a scan or a document, not an
/// archive.
pub const MAX_EVIDENCE_BYTES: u64 = 20 * 1024 * 1024;

/// A file attached to a declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceFile {
    /// The file's name (without its folder).
    pub name: String,
    pub content: Vec<u8>,
}

impl EvidenceFile {
    /// Reads `path`, refusing a file over [`MAX_EVIDENCE_BYTES`] before reading it.
    pub fn read(path: &Path) -> Result<Self, Error> {
        let size = std::fs::metadata(path)
            .map_err(Error::reading(FileKind::Evidence, path))?
            .len();
        if size > MAX_EVIDENCE_BYTES {
            return Err(Usage::EvidenceTooLarge {
                path: path.to_path_buf(),
                size,
                limit: MAX_EVIDENCE_BYTES,
            }
            .into());
        }
        let content = std::fs::read(path).map_err(Error::reading(FileKind::Evidence, path))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        Ok(Self { name, content })
    }

    /// The content's SHA-256, in lower-case hex.
    pub fn sha256(&self) -> String {
        Sha256::digest(&self.content)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// A stored declaration, as `gongkai evidence --list` shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DeclarationRecord {
    pub portal: Portal,
    #[serde(flatten)]
    pub declaration: Declaration,
    /// The newest of its row: the one scored.
    pub in_force: bool,
    /// The attached file's size in bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_size: Option<u64>,
}

const COLUMNS: &str = "d.indicator_table, d.row_id, d.met, d.note, d.by_whom, d.recorded_at, \
     d.file_name, d.file_sha256, p.key, p.name, p.url, p.unit, d.id, d.portal_id, \
     CAST(LENGTH(d.file_content) AS BIGINT)";

fn record(
    row: &sqlx::any::AnyRow,
) -> Result<(DeclarationRecord, (i64, String, String)), sqlx::Error> {
    let declaration = Declaration {
        table: row.try_get(0)?,
        row: row.try_get(1)?,
        met: row.try_get::<i64, _>(2)? != 0,
        note: row.try_get(3)?,
        by: row.try_get(4)?,
        at: row.try_get(5)?,
        file_name: row.try_get(6)?,
        file_sha256: row.try_get(7)?,
    };
    let key = (
        row.try_get::<i64, _>(13)?,
        declaration.table.clone(),
        declaration.row.clone(),
    );
    let record = DeclarationRecord {
        portal: Portal {
            key: row.try_get(8)?,
            name: row.try_get(9)?,
            url: row.try_get(10)?,
            unit: row.try_get(11)?,
        },
        declaration,
        in_force: false,
        file_size: row.try_get::<Option<i64>, _>(14)?.map(|n| n.max(0) as u64),
    };
    Ok((record, key))
}

impl Store {
    /// Records `declaration` for `portal` (recording the portal on first sight), stamped with
    /// the time now and with `file`'s name and SHA-256 when one is attached. Returns it as
    /// stored; it is in force from now on.
    pub async fn declare(
        &self,
        portal: &Portal,
        declaration: &Declaration,
        file: Option<&EvidenceFile>,
    ) -> Result<Declaration, Error> {
        let write = |e| self.error(HistoryAction::Write, e);
        let portal_id = portal_id(self, portal).await.map_err(write)?;
        let stored = Declaration {
            at: now(),
            file_name: file.map(|f| f.name.clone()),
            file_sha256: file.map(EvidenceFile::sha256),
            ..declaration.clone()
        };
        sqlx::query(
            "INSERT INTO declarations (portal_id, indicator_table, row_id, met, note, by_whom, \
             recorded_at, file_name, file_sha256, file_content) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(portal_id)
        .bind(&stored.table)
        .bind(&stored.row)
        .bind(i64::from(stored.met))
        .bind(&stored.note)
        .bind(&stored.by)
        .bind(&stored.at)
        .bind(&stored.file_name)
        .bind(&stored.file_sha256)
        .bind(file.map(|f| f.content.clone()))
        .execute(&self.pool)
        .await
        .map_err(write)?;
        Ok(stored)
    }

    /// The declarations in force for the portal with key `portal_key` on the table titled
    /// `table`: the newest of each row, in row order.
    pub async fn declarations(
        &self,
        portal_key: &str,
        table: &str,
    ) -> Result<Vec<Declaration>, Error> {
        Ok(self
            .declaration_history(Some(portal_key), Some(table))
            .await?
            .into_iter()
            .filter(|r| r.in_force)
            .map(|r| r.declaration)
            .collect())
    }

    /// Every declaration, of one portal (its key, URL or name) and one table when given: by
    /// portal, table and row, the newest of each row first (and in force).
    pub async fn declaration_history(
        &self,
        portal: Option<&str>,
        table: Option<&str>,
    ) -> Result<Vec<DeclarationRecord>, Error> {
        let read = |e| self.error(HistoryAction::Read, e);
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM declarations d JOIN portals p ON p.id = d.portal_id \
             WHERE ($1 = '' OR p.key = $1 OR p.key = $2 OR p.url = $1 OR p.name = $1) \
             AND ($3 = '' OR d.indicator_table = $3) \
             ORDER BY p.key, d.indicator_table, d.row_id, d.recorded_at DESC, d.id DESC"
        ))
        .bind(portal.unwrap_or_default())
        .bind(portal.map(page_key).unwrap_or_default())
        .bind(table.unwrap_or_default())
        .fetch_all(&self.pool)
        .await
        .map_err(read)?;
        let mut out: Vec<DeclarationRecord> = Vec::with_capacity(rows.len());
        let mut last_key = None;
        for row in &rows {
            let (mut record, key) = record(row).map_err(read)?;
            record.in_force = last_key.as_ref() != Some(&key);
            last_key = Some(key);
            out.push(record);
        }
        // Row ids in the table's order: 1.2 before 1.10.
        out.sort_by(|a, b| {
            (
                &a.portal.key,
                &a.declaration.table,
                row_order(&a.declaration.row),
            )
                .cmp(&(
                    &b.portal.key,
                    &b.declaration.table,
                    row_order(&b.declaration.row),
                ))
        });
        Ok(out)
    }

    /// The portal `text` names (its key, URL or name) among those recorded.
    pub async fn find_portal(&self, text: &str) -> Result<Option<Portal>, Error> {
        Ok(self.portals().await?.into_iter().find(|p| p.is_named(text)))
    }
}

/// `4.12` as (4, 12), for sorting; anything else last.
fn row_order(id: &str) -> (u32, u32) {
    let mut parts = id.split('.').map(|p| p.parse().unwrap_or(u32::MAX));
    (
        parts.next().unwrap_or(u32::MAX),
        parts.next().unwrap_or(u32::MAX),
    )
}
