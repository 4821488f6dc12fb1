//! `gongkai history` and `gongkai diff`: open the store, check the runs asked for exist, render
//! and write. The renderers are in `gongkai::report::{history, diff}`.

use std::path::Path;

use gongkai::Error;
use gongkai::error::Usage;
use gongkai::history::{RunRow, Store};
use gongkai::report::{diff, history};

use super::args::{DbArg, ViewArgs, ViewFormat};
use super::emit::write;

/// What `history` and `diff` stop on, beyond the store's own errors (all exit code 2).
#[derive(Debug, thiserror::Error)]
pub(super) enum HistoryError {
    #[error("历史库 {db} 中还没有任何检查记录：先用 gongkai check <地址> --db {db} 记录一次检查")]
    Empty { db: String },
    #[error("历史库 {db} 中没有网站“{portal}”的检查记录；已记录的网站有：{known}")]
    NoSuchPortal {
        db: String,
        portal: String,
        known: String,
    },
    #[error(
        "历史库 {db} 中没有编号为 {id} 的检查；用 gongkai history --db {db} 查看各次检查的编号"
    )]
    NoSuchRun { db: String, id: i64 },
    #[error(
        "第 {from} 次检查（{from_portal}）和第 {to} 次检查（{to_portal}）不是同一个网站的检查，无法比较"
    )]
    DifferentPortals {
        from: i64,
        to: i64,
        from_portal: String,
        to_portal: String,
    },
}

/// The store's location: `--db`, else `GONGKAI_DB` (both read by clap), else the default.
pub(super) fn location(db: &DbArg) -> String {
    db.db
        .clone()
        .unwrap_or_else(|| Store::default_location().display().to_string())
}

/// `--format`, else the `-o` file's extension, else text; a contradiction is refused.
fn format(view: &ViewArgs) -> Result<ViewFormat, Error> {
    let name = |f: ViewFormat| match f {
        ViewFormat::Text => "text",
        ViewFormat::Json => "json",
        ViewFormat::Html => "html",
    };
    let of_extension = |extension: &str| match extension {
        "txt" => Some(ViewFormat::Text),
        "json" => Some(ViewFormat::Json),
        "html" | "htm" => Some(ViewFormat::Html),
        _ => None,
    };
    pick_format(
        view.format,
        view.output.as_deref(),
        of_extension,
        name,
        ViewFormat::Text,
    )
}

/// The format asked for (`given`), else the one the output file's extension (lower-case, as
/// `of_extension` reads it) implies, else `default`; `given` contradicting the extension is
/// refused.
pub(super) fn pick_format<F: Copy + PartialEq>(
    given: Option<F>,
    output: Option<&Path>,
    of_extension: impl Fn(&str) -> Option<F>,
    name: impl Fn(F) -> &'static str,
    default: F,
) -> Result<F, Error> {
    let implied = output.and_then(|path| {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        of_extension(&extension)
    });
    match (given, implied, output) {
        (Some(given), Some(implied), Some(output)) if given != implied => {
            Err(Usage::FormatMismatch {
                output: output.to_path_buf(),
                implied: name(implied),
                given: name(given),
            }
            .into())
        }
        (Some(given), _, _) => Ok(given),
        (None, Some(implied), _) => Ok(implied),
        (None, None, _) => Ok(default),
    }
}

/// Opens the store at `db`; a SQLite file that does not exist is an empty history (reported,
/// never created by a command that only reads).
async fn open(db: &str) -> Result<Option<Store>, Error> {
    let lower = db.to_ascii_lowercase();
    if !lower.starts_with("postgres://") && !lower.starts_with("postgresql://") {
        let path = db
            .strip_prefix("sqlite://")
            .or_else(|| db.strip_prefix("sqlite:"))
            .unwrap_or(db);
        let path = path.split('?').next().unwrap_or(path);
        if !Path::new(path).exists() {
            return Ok(None);
        }
    }
    Store::open(db).await.map(Some)
}

/// The store `--db` names, which must exist, and how messages name it (a PostgreSQL URL
/// without its password).
pub(super) async fn open_existing(db: &DbArg) -> Result<(Store, String), super::Failure> {
    let db = location(db);
    let Some(store) = open(&db).await? else {
        return Err(HistoryError::Empty { db }.into());
    };
    let named = store.location().to_string();
    Ok((store, named))
}

pub(super) async fn run_history(
    db: &DbArg,
    portal: Option<&str>,
    view: &ViewArgs,
) -> Result<i32, super::Failure> {
    let format = format(view)?;
    let (store, db) = open_existing(db).await?;
    let rows = store.runs(portal).await?;
    if rows.is_empty() {
        let Some(portal) = portal else {
            return Err(HistoryError::Empty { db }.into());
        };
        let known: Vec<String> = store
            .portals()
            .await?
            .into_iter()
            .map(|p| {
                p.name
                    .map_or(p.url.clone(), |n| format!("{n}（{}）", p.url))
            })
            .collect();
        if known.is_empty() {
            return Err(HistoryError::Empty { db }.into());
        }
        return Err(HistoryError::NoSuchPortal {
            db,
            portal: portal.to_string(),
            known: known.join("、"),
        }
        .into());
    }
    let now = chrono::Utc::now();
    let rendered = match format {
        ViewFormat::Text => history::render_text(&rows, now),
        ViewFormat::Json => history::render_json(&rows, now),
        ViewFormat::Html => history::render_html(&rows, now),
    };
    write(rendered.as_bytes(), view.output.as_deref())?;
    Ok(0)
}

pub(super) async fn run_diff(
    from: i64,
    to: i64,
    db: &DbArg,
    view: &ViewArgs,
) -> Result<i32, super::Failure> {
    let format = format(view)?;
    let (store, db) = open_existing(db).await?;
    let rows = store.runs(None).await?;
    if rows.is_empty() {
        return Err(HistoryError::Empty { db }.into());
    }
    let find = |id: i64| -> Result<&RunRow, HistoryError> {
        rows.iter()
            .find(|r| r.id == id)
            .ok_or(HistoryError::NoSuchRun { db: db.clone(), id })
    };
    let (a, b) = (find(from)?, find(to)?);
    if a.portal.key != b.portal.key {
        return Err(HistoryError::DifferentPortals {
            from,
            to,
            from_portal: a.portal.url.clone(),
            to_portal: b.portal.url.clone(),
        }
        .into());
    }
    let diff = store.diff(from, to).await?;
    let rendered = match format {
        ViewFormat::Text => diff::render_text(&diff, Some(&a.portal)),
        ViewFormat::Json => diff::render_json(&diff),
        ViewFormat::Html => diff::render_html(&diff, Some(&a.portal)),
    };
    write(rendered.as_bytes(), view.output.as_deref())?;
    Ok(0)
}
