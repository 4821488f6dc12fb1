//! The options of a run, from the flags `check` and `demo` share.

use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveDate;

use gongkai::crawl::http::default_user_agent;
use gongkai::{
    Calendar, Checks, CrawlOptions, Error, HttpOptions, IndicatorTable, Period, RunOptions,
    Selection, Target,
};

use gongkai::history::HistoryOptions;

use super::args::{CrawlArgs, HistoryArgs, RunArgs};

const MB: u64 = 1024 * 1024;

pub(super) use gongkai::calendar::today_in_china;

/// The locality's data: `--checks DIR` (else `checks/` in the current folder, else the shipped
/// files) with `--profile`, and the holiday calendar with the folder's `calendar/` and the
/// `--calendar` files added.
pub(super) fn locality(
    checks: Option<&PathBuf>,
    profile: Option<&str>,
    calendars: &[PathBuf],
) -> Result<(Checks, Calendar), Error> {
    let checks_dir = checks.cloned().or_else(|| {
        let local = PathBuf::from("checks");
        local.is_dir().then_some(local)
    });
    let checks = Checks::load(checks_dir.as_deref(), profile)?;
    let mut calendar = Calendar::official();
    if let Some(dir) = checks_dir
        .as_ref()
        .map(|d| d.join("calendar"))
        .filter(|d| d.is_dir())
    {
        calendar.add_dir(&dir)?;
    }
    for file in calendars {
        calendar.add_file(file)?;
    }
    Ok((checks, calendar))
}

/// The options of one run from the command line; `default_as_of` is the demo's fixed day.
pub(super) fn options(
    target: Target,
    crawl: &CrawlArgs,
    rate: f64,
    args: &RunArgs,
    default_as_of: Option<NaiveDate>,
) -> Result<RunOptions, Error> {
    let as_of = args.as_of.or(default_as_of).unwrap_or_else(today_in_china);
    let period = match &args.period {
        Some(text) => Period::parse(text)?.check_against(as_of)?,
        None => Period::year_ending(as_of),
    };
    let (mut checks, calendar) = locality(
        args.checks.as_ref(),
        args.profile.as_deref(),
        &args.calendar,
    )?;
    if let Some(days) = args.deadline_days {
        checks.rectification.deadline_days = days;
    }
    if !calendar.covers(as_of) {
        eprintln!(
            "注意：节假日日历不含 {} 年，涉及该年的工作日按周末推算",
            chrono::Datelike::year(&as_of)
        );
    }
    let mut tables = args
        .indicators
        .iter()
        .map(|which| IndicatorTable::named_or_load(which))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter();
    let indicators = tables.next().unwrap_or_else(IndicatorTable::builtin);
    let also_indicators = tables.collect();
    let user_agent = crawl.user_agent.clone().unwrap_or_else(default_user_agent);
    Ok(RunOptions {
        target,
        crawl: CrawlOptions {
            max_pages: crawl.max_pages,
            max_depth: crawl.max_depth,
            max_list_pages: crawl.max_list_pages,
            within_path: crawl.within_path,
            check_external: crawl.check_external,
            concurrency: crawl.concurrency,
            respect_robots: !crawl.ignore_robots,
            user_agent: user_agent.clone(),
            progress: !crawl.quiet,
            deadline: crawl.deadline,
            ..CrawlOptions::default()
        },
        http: HttpOptions {
            user_agent,
            rate: (rate > 0.0).then_some(rate),
            timeout: Duration::from_secs(crawl.timeout),
            retries: crawl.retries,
            max_page_bytes: crawl.max_page_mb.saturating_mul(MB),
            max_attachment_bytes: crawl.max_attachment_mb.saturating_mul(MB),
            ..HttpOptions::default()
        },
        as_of,
        period,
        calendar,
        checks,
        selection: Selection {
            select: args.select.clone(),
            ignore: args.ignore.clone(),
        },
        indicators,
        also_indicators,
        declarations: Vec::new(),
    })
}

/// How a recorded run uses and keeps the history, from `--reverify-every`, `--keep-pages`,
/// `--keep-findings`.
pub(super) fn history_options(args: &HistoryArgs) -> HistoryOptions {
    HistoryOptions {
        reverify_every: args.reverify_every,
        keep_page_runs: args.keep_pages,
        keep_finding_runs: args.keep_findings,
    }
}
