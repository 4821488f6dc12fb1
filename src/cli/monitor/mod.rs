//! `gongkai monitor PORTFOLIO.toml`: a night's checks of many portals. Each portal runs under a
//! global cap and its own time limit, is recorded in the history store, and gets its reports
//! in its own folder, and its news goes out as alerts when the portfolio turns them on; the
//! night ends with the 汇总表. One portal failing — unreachable, a bad setting, a store error,
//! an alert not delivered — is a line of the summary, never the end of the night.

mod output;
mod settings;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use gongkai::Error;
use gongkai::alerts::{Courier, Delivery, Retry, after_run};
use gongkai::error::{ConfigError, FileKind};
use gongkai::history::Store;
use gongkai::portfolio::{DEFAULT_CONCURRENCY, Portfolio, PortfolioEntry};
use gongkai::report::lead;
use gongkai::report::summary::{Row, Summary};

use super::args::MonitorArgs;
use super::options::today_in_china;

/// Time a portal's run may take beyond its crawl's deadline (auditing, writing the store)
/// before it is abandoned: the larger of this and half the deadline.
const GRACE: Duration = Duration::from_secs(10 * 60);

/// Runs the night; returns the exit code: 0 when every portal was checked, 1 when some could
/// not be (or an entry of the portfolio was left out).
pub(super) async fn monitor(args: MonitorArgs) -> Result<i32, Error> {
    let portfolio = load_portfolio(&args.list.portfolio)?;
    let chosen = portfolio.select(&args.list.only)?;
    let mine: Vec<PortfolioEntry> = chosen
        .into_iter()
        .filter(|entry| args.shard.is_none_or(|s| s.owns(&entry.portal().key)))
        .cloned()
        .collect();
    // Entries left out are everyone's news, but one shard's row: the first one's.
    let report_problems = args.list.only.is_empty() && args.shard.is_none_or(|s| s.index == 0);
    for problem in &portfolio.problems {
        eprintln!("错误：{}；本条未检查", problem.error);
    }
    let as_of = args.as_of.unwrap_or_else(today_in_china);
    let out = args
        .out
        .clone()
        .or_else(|| portfolio.out.clone())
        .unwrap_or_else(|| portfolio.folder().join("reports"));
    output::prepare(&out)?;
    let location = store_location(args.list.db.as_deref(), &portfolio);
    let store = Store::open(&location).await?;
    let concurrency = args
        .concurrency
        .map(|n| n as usize)
        .or(portfolio.concurrency)
        .unwrap_or(DEFAULT_CONCURRENCY);
    if !args.quiet {
        let shard = args
            .shard
            .map(|s| format!("（分片 {s}）"))
            .unwrap_or_default();
        eprintln!(
            "检查 {} 个网站{shard}，同时 {concurrency} 个，历史库 {location}，报告写入 {}",
            mine.len(),
            out.display()
        );
    }

    let night = Arc::new(Night {
        portfolio,
        store,
        out: out.clone(),
        as_of,
        quiet: args.quiet,
        total: mine.len(),
        deliveries: Mutex::new(Vec::new()),
    });
    // Alerts earlier nights could not send go before tonight's.
    if let Some(courier) = night.courier() {
        let resent = courier.retry_unsent(&mine).await;
        night.delivered(resent);
    }
    let folders = output::folders(&mine);
    let gate = Arc::new(Semaphore::new(concurrency));
    let mut tasks = JoinSet::new();
    for (index, (entry, folder)) in mine.iter().cloned().zip(folders).enumerate() {
        let night = night.clone();
        let gate = gate.clone();
        tasks.spawn(async move {
            let _permit = gate.acquire_owned().await.expect("the gate stays open");
            (index, night.check(index, &entry, &folder).await)
        });
    }
    let mut rows: Vec<Option<Row>> = vec![None; mine.len()];
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok((index, row)) => rows[index] = Some(row),
            Err(e) => eprintln!("错误：检查任务异常结束：{e}"),
        }
    }
    // A task that panicked left its row empty: a failure like any other.
    let mut rows: Vec<Row> = rows
        .into_iter()
        .zip(&mine)
        .map(|(row, entry)| {
            row.unwrap_or_else(|| {
                failed_row(
                    entry,
                    "检查过程异常中止（内部错误），请查看日志".to_string(),
                )
            })
        })
        .collect();
    if report_problems {
        rows.extend(night.portfolio.problems.iter().map(|problem| {
            let name = problem
                .name
                .clone()
                .unwrap_or_else(|| format!("（名单第{}行）", problem.error.line.unwrap_or(0)));
            Row::failed(
                &name,
                problem.url.as_deref().unwrap_or_default(),
                None,
                format!("名单有误，未检查：{}", problem.error),
            )
        }));
    }
    let deliveries = std::mem::take(&mut *night.deliveries.lock().expect("no panics holding it"));
    let summary = Summary {
        as_of,
        portfolio: night.portfolio.file.display().to_string(),
        shard: args.shard.map(|s| s.to_string()),
        rows,
        notes: gongkai::alerts::summary_lines(&deliveries),
    };
    let name = output::summary_name(args.shard);
    output::write_summary(&out, &name, &summary)?;
    println!("{}", summary.tally());
    for note in &summary.notes {
        println!("{note}");
    }
    println!("汇总表：{}", out.join(format!("{name}.html")).display());
    let all_ran = summary
        .rows
        .iter()
        .all(|r| !matches!(r.outcome, gongkai::report::summary::Outcome::Failed { .. }));
    Ok(if all_ran { 0 } else { 1 })
}

/// Reads the portfolio; one without a single valid entry is an error (each problem printed).
pub(super) fn load_portfolio(file: &std::path::Path) -> Result<Portfolio, Error> {
    let portfolio = Portfolio::load(file)?;
    if portfolio.portals.is_empty() && !portfolio.problems.is_empty() {
        for problem in &portfolio.problems {
            eprintln!("错误：{}", problem.error);
        }
        return Err(ConfigError::new(
            FileKind::Portfolio,
            &portfolio.file,
            "名单中没有一个可检查的网站",
        )
        .into());
    }
    Ok(portfolio)
}

/// The history store: `--db` (or `GONGKAI_DB`), else the portfolio's `db`, else the default.
pub(super) fn store_location(flag: Option<&str>, portfolio: &Portfolio) -> String {
    flag.map(str::to_string)
        .or_else(|| portfolio.db.clone())
        .unwrap_or_else(|| Store::default_location().display().to_string())
}

/// What every portal's check shares.
struct Night {
    portfolio: Portfolio,
    store: Store,
    out: PathBuf,
    as_of: chrono::NaiveDate,
    quiet: bool,
    total: usize,
    /// How the night's alerts went.
    deliveries: Mutex<Vec<Delivery>>,
}

impl Night {
    /// The alerts' sender, when the portfolio turns alerts on.
    fn courier(&self) -> Option<Courier<'_>> {
        Some(Courier {
            store: &self.store,
            config: self.portfolio.alerts.as_ref()?,
            retry: Retry::default(),
        })
    }

    fn delivered(&self, deliveries: Vec<Delivery>) {
        self.deliveries
            .lock()
            .expect("no panics holding it")
            .extend(deliveries);
    }

    /// Checks one portal, records it and writes its reports; the summary row whatever happens.
    async fn check(&self, index: usize, entry: &PortfolioEntry, folder: &str) -> Row {
        let progress = format!("[{}/{}] {}", index + 1, self.total, entry.name);
        if !self.quiet {
            eprintln!("{progress}：开始检查 {}", entry.url);
        }
        let row = match self.record(entry, folder).await {
            Ok(row) => row,
            Err(reason) => failed_row(entry, reason),
        };
        if !self.quiet {
            eprintln!("{progress}：{}", row.brief());
        }
        row
    }

    async fn record(&self, entry: &PortfolioEntry, folder: &str) -> Result<Row, String> {
        let options =
            settings::run_options(&self.portfolio, entry, self.as_of).map_err(|e| e.to_string())?;
        let deadline = settings::crawl_deadline(&self.portfolio, entry);
        let limit = deadline + GRACE.max(deadline / 2);
        let history = self.portfolio.run.history();
        let portal = entry.portal();
        // The table the run scores on names its 单项否决 rows, for the alerts.
        let table = self.courier().map(|_| options.indicators.clone());
        let run = gongkai::history::run_recorded(options, &self.store, &portal, &history);
        let report = match tokio::time::timeout(limit, run).await {
            Ok(result) => result.map_err(|e| e.to_string())?,
            Err(_) => {
                return Err(format!(
                    "超过 {} 分钟仍未结束，已中止（本次运行记为未完成）",
                    limit.as_secs().div_ceil(60)
                ));
            }
        };
        let link = output::write_reports(&self.out, folder, &report).map_err(|e| e.to_string())?;
        let issued = report.history.as_ref().and_then(lead::issued_line);
        if let Some(line) = issued.filter(|_| !self.quiet) {
            eprintln!("{}：{line}", entry.name);
        }
        if let (Some(courier), Some(table)) = (self.courier(), &table) {
            let file = self.out.join(&link).display().to_string();
            let deliveries = after_run(&courier, entry, &report, table, Some(&file)).await;
            if !self.quiet && !deliveries.is_empty() {
                let failed = deliveries.iter().filter(|d| d.error.is_some()).count();
                eprintln!(
                    "{}：告警发出 {} 条，未发出 {failed} 条",
                    entry.name,
                    deliveries.len() - failed
                );
            }
            self.delivered(deliveries);
        }
        Ok(Row::ran(
            &entry.name,
            entry.url.as_str(),
            entry.unit.as_deref(),
            &report,
            Some(link),
        ))
    }
}

fn failed_row(entry: &PortfolioEntry, reason: String) -> Row {
    Row::failed(
        &entry.name,
        entry.url.as_str(),
        entry.unit.as_deref(),
        reason,
    )
}
