//! `gongkai evidence`: records a person's 台账 evidence for a manual indicator row (自报), or
//! lists what is declared. Recorded runs of the portal score the rows as declared.

use gongkai::history::{DeclarationRecord, EvidenceFile, Portal, Store};
use gongkai::indicators::declared::declarable_row;
use gongkai::rectify::Declaration;
use gongkai::text::points;
use gongkai::{Error, IndicatorTable};
use url::Url;

use super::Failure;
use super::args::EvidenceArgs;
use super::history::{HistoryError, location, open_existing};

/// What stops `evidence`, beyond the store's and the table's own errors (exit code 2).
#[derive(Debug, thiserror::Error)]
pub(super) enum EvidenceError {
    #[error("请用 --met（已达标）或 --not-met（未达标）说明第 {row} 行的情况")]
    NoVerdict { row: String },
    #[error("历史库 {db} 中还没有任何网站：用 --portal <网站地址> 指明证明材料属于哪个网站")]
    NoPortal { db: String },
    #[error("历史库 {db} 中有多个网站，请用 --portal 指明是哪一个：{known}")]
    AmbiguousPortal { db: String, known: String },
}

pub(super) async fn run(args: &EvidenceArgs) -> Result<i32, Failure> {
    let table = match &args.indicators {
        Some(file) => IndicatorTable::named_or_load(file)?,
        None => IndicatorTable::builtin(),
    };
    if args.list {
        return list(args, &table).await;
    }
    let row_id = args.row.clone().unwrap_or_default();
    let row = declarable_row(&table, &row_id).map_err(Error::from)?;
    if !args.met && !args.not_met {
        return Err(EvidenceError::NoVerdict { row: row_id }.into());
    }
    // The file is read (and its size checked) before the store is touched.
    let file = args.file.as_deref().map(EvidenceFile::read).transpose()?;
    let db = location(&args.db);
    let store = Store::open(&db).await?;
    let portal = portal(&store, args.portal.as_deref()).await?;
    let declaration = Declaration {
        table: table.title.clone(),
        row: row_id.trim().to_string(),
        met: args.met,
        note: args.note.clone().unwrap_or_default(),
        by: args.by.clone().unwrap_or_default(),
        at: String::new(),
        file_name: None,
        file_sha256: None,
    };
    let stored = store.declare(&portal, &declaration, file.as_ref()).await?;
    println!(
        "已记录：{} 指标表《{}》第 {} 行“{}”（{}分）{}。",
        portal_name(&portal),
        table.title,
        stored.row,
        row.item,
        points(row.points),
        verdict(&stored)
    );
    println!(
        "{}",
        details(&stored, file.as_ref().map(|f| f.content.len() as u64))
    );
    println!(
        "此后记入历史库的检查（gongkai check --db、gongkai monitor）按此计分，报告中标明“自报，未经工具核验”。"
    );
    Ok(0)
}

/// The portal `--portal` names (a recorded one, or a new one by its address), else the store's
/// only portal.
async fn portal(store: &Store, text: Option<&str>) -> Result<Portal, Failure> {
    let db = store.location().to_string();
    let known = store.portals().await?;
    let named = |p: &Portal| {
        p.name
            .as_ref()
            .map_or(p.url.clone(), |n| format!("{n}（{}）", p.url))
    };
    let listed = || known.iter().map(named).collect::<Vec<_>>().join("、");
    match text {
        Some(text) => {
            if let Some(portal) = store.find_portal(text).await? {
                return Ok(portal);
            }
            if text.starts_with("http://") || text.starts_with("https://") {
                let url = Url::parse(text).map_err(|source| {
                    Error::from(gongkai::error::Usage::BadUrl {
                        text: text.to_string(),
                        source,
                    })
                })?;
                return Ok(Portal::of_url(&url, None));
            }
            Err(HistoryError::NoSuchPortal {
                db,
                portal: text.to_string(),
                known: if known.is_empty() {
                    "（无）".to_string()
                } else {
                    listed()
                },
            }
            .into())
        }
        None => match known.len() {
            0 => Err(EvidenceError::NoPortal { db }.into()),
            1 => Ok(known[0].clone()),
            _ => Err(EvidenceError::AmbiguousPortal {
                db,
                known: listed(),
            }
            .into()),
        },
    }
}

fn portal_name(portal: &Portal) -> String {
    match &portal.name {
        Some(name) => format!("网站“{name}”"),
        None => format!("网站 {}", portal.url),
    }
}

fn verdict(declaration: &Declaration) -> &'static str {
    if declaration.met {
        "自报达标"
    } else {
        "自报未达标"
    }
}

/// `说明：…；记录人 张三，2025-12-01T08:00:00Z；附件 台账.pdf（12.3 KB，SHA-256 …）`.
fn details(declaration: &Declaration, file_size: Option<u64>) -> String {
    let mut line = format!(
        "说明：{}；记录人 {}，{}",
        declaration.note, declaration.by, declaration.at
    );
    if let Some(name) = &declaration.file_name {
        let size = file_size
            .map(|n| format!("{:.1} KB，", n as f64 / 1024.0))
            .unwrap_or_default();
        line.push_str(&format!(
            "；附件 {name}（{size}SHA-256 {}）",
            declaration.file_sha256.as_deref().unwrap_or_default()
        ));
    }
    line
}

/// `--list`: every declaration of the table, by portal and row, the one in force first.
async fn list(args: &EvidenceArgs, table: &IndicatorTable) -> Result<i32, Failure> {
    let (store, db) = open_existing(&args.db).await?;
    let records = store
        .declaration_history(args.portal.as_deref(), Some(&table.title))
        .await?;
    if records.is_empty() {
        println!(
            "历史库 {db} 中没有指标表《{}》的台账证明{}。用 gongkai evidence <行编号> --met --note 说明 --by 姓名 记录。",
            table.title,
            args.portal
                .as_deref()
                .map(|p| format!("（网站 {p}）"))
                .unwrap_or_default()
        );
        return Ok(0);
    }
    let list = render_list(&records, table);
    super::emit::write(list.as_bytes(), None)?;
    Ok(0)
}

fn render_list(records: &[DeclarationRecord], table: &IndicatorTable) -> String {
    let mut out = format!(
        "台账证明（自报，未经工具核验）：指标表《{}》\n",
        table.title
    );
    let mut portal_key = None;
    for record in records {
        if portal_key != Some(&record.portal.key) {
            portal_key = Some(&record.portal.key);
            out.push_str(&format!("\n{}\n", portal_name(&record.portal)));
        }
        let d = &record.declaration;
        let item = declarable_row(table, &d.row)
            .map(|r| format!("“{}”（{}分）", r.item, points(r.points)))
            .unwrap_or_default();
        if record.in_force {
            out.push_str(&format!("  {} {item}：{}\n", d.row, verdict(d)));
        } else {
            out.push_str(&format!("      此前：{}\n", verdict(d)));
        }
        let indent = if record.in_force { "    " } else { "        " };
        out.push_str(&format!("{indent}{}\n", details(d, record.file_size)));
    }
    out
}
