//! `gongkai notices` and `gongkai ledger`: the rectification loop's paper, read back from the
//! history store. The documents are rendered by `gongkai::rectify::document`, the ledger by
//! `gongkai::report::ledger`.

use gongkai::Error;
use gongkai::calendar::today_in_china;
use gongkai::error::{FileKind, Usage};
use gongkai::history::rectification::NoticeFilter;
use gongkai::rectify::NoticeKind;
use gongkai::rectify::document::{Formats, write_all};
use gongkai::report::ledger;

use super::Failure;
use super::args::{DocumentFormat, LedgerArgs, LedgerFormat, NoticeKindArg, NoticesArgs};
use super::history::open_existing;

/// Writes the documents issued on the day asked (default today); says how many, or that none
/// were issued.
pub(super) async fn run_notices(args: &NoticesArgs) -> Result<i32, Failure> {
    let (store, db) = open_existing(&args.db).await?;
    let day = args.as_of.unwrap_or_else(today_in_china);
    let kind = args.kind.map(|k| match k {
        NoticeKindArg::Assign => NoticeKind::Assign,
        NoticeKindArg::Remind => NoticeKind::Remind,
        NoticeKindArg::Supervise => NoticeKind::Supervise,
    });
    let filter = NoticeFilter {
        portal: args.portal.clone(),
        issued_on: Some(day),
        kind,
    };
    let notices = store.notices(&filter).await?;
    let what = kind.map_or("交办单、催办单或督办通知单", |k| k.title());
    if notices.is_empty() {
        let portal = args
            .portal
            .as_deref()
            .map(|p| format!("网站“{p}”"))
            .unwrap_or_default();
        println!("{day} {portal}没有发出任何{what}（历史库 {db}），未写出文件。");
        return Ok(0);
    }
    let formats = Formats {
        docx: args.format != DocumentFormat::Html,
        html: args.format != DocumentFormat::Docx,
    };
    let files = write_all(&args.output, &notices, formats)?;
    println!(
        "已写出 {day} 发出的 {} 份文书（{} 个文件）到 {}",
        notices.len(),
        files.len(),
        args.output.display()
    );
    for file in &files {
        if let Some(name) = file.file_name() {
            println!("  {}", name.to_string_lossy());
        }
    }
    Ok(0)
}

/// `--format`, else the `-o` file's extension, else xlsx; a contradiction is refused.
fn ledger_format(args: &LedgerArgs) -> Result<LedgerFormat, Error> {
    let implied = args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .and_then(|e| match e.to_ascii_lowercase().as_str() {
            "xlsx" => Some(LedgerFormat::Xlsx),
            "csv" => Some(LedgerFormat::Csv),
            _ => None,
        });
    let name = |f: LedgerFormat| match f {
        LedgerFormat::Xlsx => "xlsx",
        LedgerFormat::Csv => "csv",
    };
    match (args.format, implied) {
        (Some(given), Some(implied)) if given != implied => Err(Usage::FormatMismatch {
            output: args.output.clone(),
            implied: name(implied),
            given: name(given),
        }
        .into()),
        (Some(given), _) => Ok(given),
        (None, implied) => Ok(implied.unwrap_or(LedgerFormat::Xlsx)),
    }
}

/// Writes the 整改台账 of one portal or all.
pub(super) async fn run_ledger(args: &LedgerArgs) -> Result<i32, Failure> {
    let format = ledger_format(args)?;
    let (store, _) = open_existing(&args.db).await?;
    let entries = store.ledger(args.portal.as_deref()).await?;
    let today = today_in_china();
    let bytes = match format {
        LedgerFormat::Xlsx => ledger::to_xlsx(&entries, today)?,
        LedgerFormat::Csv => ledger::to_csv(&entries, today),
    };
    let path = &args.output;
    std::fs::write(path, bytes).map_err(Error::writing(FileKind::Report, path))?;
    println!(
        "已写出整改台账（{} 条记录）到 {}",
        entries.len(),
        path.display()
    );
    Ok(0)
}
