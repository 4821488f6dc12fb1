//! `gongkai bulletin`: the 整改情况通报 of a month or a period, from the records' stage changes
//! in the history store, scored with `[bulletin]` of the locality's `rectification.toml`.

use chrono::NaiveDate;

use gongkai::Error;
use gongkai::error::Usage;
use gongkai::rectify::bulletin::{Bulletin, Grouping, Setup, checked_through};
use gongkai::report::bulletin;

use super::Failure;
use super::args::{BulletinArgs, BulletinBy, BulletinFormat};
use super::emit::write;
use super::history::{open_existing, pick_format};
use super::options::{locality, today_in_china};

/// Stage changes are read from this day on: a problem assigned long ago and still open
/// counts as overdue.
const FROM_THE_START: NaiveDate = NaiveDate::MIN;

fn format(args: &BulletinArgs) -> Result<BulletinFormat, Error> {
    let name = |f: BulletinFormat| match f {
        BulletinFormat::Text => "text",
        BulletinFormat::Html => "html",
        BulletinFormat::Xlsx => "xlsx",
        BulletinFormat::Json => "json",
    };
    let of_extension = |extension: &str| match extension {
        "txt" => Some(BulletinFormat::Text),
        "html" | "htm" => Some(BulletinFormat::Html),
        "xlsx" => Some(BulletinFormat::Xlsx),
        "json" => Some(BulletinFormat::Json),
        _ => None,
    };
    let format = pick_format(
        args.format,
        args.output.as_deref(),
        of_extension,
        name,
        BulletinFormat::Text,
    )?;
    if format == BulletinFormat::Xlsx && args.output.is_none() {
        return Err(Usage::XlsxNeedsOutput.into());
    }
    Ok(format)
}

pub(super) async fn run(args: &BulletinArgs) -> Result<i32, Failure> {
    let format = format(args)?;
    let period = args
        .month
        .or(args.period)
        .expect("clap requires --month or --period");
    let (checks, calendar) = locality(args.checks.as_ref(), None, &[])?;
    let (store, _) = open_existing(&args.db).await?;
    let events = store
        .rectification_events(FROM_THE_START, period.end, args.portal.as_deref())
        .await?;
    let runs = store.runs(args.portal.as_deref()).await?;
    let policy = &checks.rectification.bulletin;
    let result = Bulletin::compute(
        &events,
        &Setup {
            period,
            by: match args.by {
                BulletinBy::Department => Grouping::Department,
                BulletinBy::Unit => Grouping::Unit,
            },
            policy,
            calendar: &calendar,
            issuer: checks.rectification.issuer.name.clone(),
            issued_on: today_in_china(),
            checked_through: checked_through(&runs, period.end),
        },
    );
    let rendered = match format {
        BulletinFormat::Text => bulletin::render_text(&result).into_bytes(),
        BulletinFormat::Html => bulletin::render_html(&result).into_bytes(),
        BulletinFormat::Json => bulletin::render_json(&result).into_bytes(),
        BulletinFormat::Xlsx => bulletin::to_xlsx(&result)?,
    };
    write(&rendered, args.output.as_deref())?;
    Ok(0)
}
