//! The command line: `gongkai check`, `demo`, `serve`, `rules`, `history`, `diff`, `notices`,
//! `ledger`, `explain`, `monitor`, `evidence`, `bulletin`, `probe`.
//! The flags and the dispatch are here; `options` turns the flags into a run's options, `emit`
//! writes the report and decides the exit code, `serve` is the loopback server of `demo` and
//! `serve`, `monitor` runs a portfolio's night, `probe` visits its home pages.

mod args;
mod bulletin;
mod demo_portal;
mod emit;
mod evidence;
mod explain;
mod history;
mod monitor;
mod notices;
mod options;
mod probe;
mod serve;
mod usage;

use std::path::Path;

use chrono::NaiveDate;
use url::Url;

use args::{Command, FailOn, HistoryArgs, RulesFormat};
use emit::emit;
use gongkai::error::FileKind;
use gongkai::history::{Portal, Store, run_recorded};
use gongkai::report::rule_docs::{self, DocFormat};
use gongkai::{Error, Report, RunOptions, Target, run};
use options::{history_options, options};

/// The "today" of the bundled demo portal, so its findings stay the same from year to year.
pub const DEMO_AS_OF: &str = "2025-12-01";

/// Runs the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match usage::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    tracing_subscriber::fmt()
        .with_env_filter(log_filter())
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let runtime = match runtime_for(&cli.command) {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("错误：无法启动运行时：{e}");
            return 2;
        }
    };
    match runtime.block_on(dispatch(cli.command)) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("错误：{error}");
            error.exit_code()
        }
    }
}

/// The runtime a command runs on. `serve` answers each request in a few dozen microseconds on
/// one thread, as an event-loop web server does: a thread pool would only add a wake-up and a
/// context switch to every request (a fifth of the server's time in a profile), taken from
/// the cores of the crawler it serves. Everything else gets the multi-threaded runtime (the
/// crawl on one thread was slower: its loop and every request then wait on each other).
fn runtime_for(command: &Command) -> std::io::Result<tokio::runtime::Runtime> {
    if matches!(command, Command::Serve { .. }) {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Runtime::new()
    }
}

/// What stops a command: an audit error, or the loopback server not starting.
#[derive(Debug, thiserror::Error)]
enum Failure {
    #[error(transparent)]
    Audit(#[from] Error),
    #[error("无法监听 127.0.0.1:{port}：{source}")]
    Listen { port: u16, source: std::io::Error },
    #[error(transparent)]
    History(#[from] history::HistoryError),
    #[error(transparent)]
    Evidence(#[from] evidence::EvidenceError),
}

impl Failure {
    fn exit_code(&self) -> i32 {
        match self {
            Failure::Audit(error) => error.exit_code(),
            Failure::Listen { .. } | Failure::History(_) | Failure::Evidence(_) => 2,
        }
    }
}

/// Serves `folder` (a mirror) on 127.0.0.1:`port` (0 picks a free port).
async fn serve_folder(
    folder: &Path,
    port: u16,
) -> Result<(std::net::SocketAddr, tokio::task::JoinHandle<()>), Failure> {
    let router = serve::static_router(folder).map_err(Error::reading(FileKind::Mirror, folder))?;
    serve::start(router, port)
        .await
        .map_err(|source| Failure::Listen { port, source })
}

async fn dispatch(command: Command) -> Result<i32, Failure> {
    match command {
        Command::Check {
            target,
            site_url,
            crawl,
            run: args,
            history,
        } => {
            let format = emit::resolve_format(&args)?;
            let target = Target::parse(&target, site_url)?;
            let rate = crawl.rate.unwrap_or(2.0);
            let options = options(target, &crawl, rate, &args, None)?;
            let mut report = audit(options, &history, None).await?;
            report.model.detail = args.model_detail();
            let code = emit(&report, format, &args, FailOn::Error)?;
            let code = start_failed(&report).unwrap_or(code);
            // The process ends here: freeing a large portal's model string by string took
            // 0.3–0.4 s at 30,000 pages, and the system takes the memory back at once.
            std::mem::forget(report);
            Ok(code)
        }
        Command::Demo {
            portal,
            crawl,
            run: args,
            history,
        } => {
            let format = emit::resolve_format(&args)?;
            let portal = demo_portal::DemoPortal::open(portal)?;
            let (addr, server) = serve_folder(portal.folder(), 0).await?;
            eprintln!("演示站点已在 http://{addr}/ 启动，开始检查……");
            let url = Url::parse(&format!("http://{addr}/")).expect("valid url");
            let demo_day = NaiveDate::parse_from_str(DEMO_AS_OF, "%Y-%m-%d").expect("valid date");
            let options = options(
                Target::Url(url.clone()),
                &crawl,
                crawl.rate.unwrap_or(0.0),
                &args,
                Some(demo_day),
            )?;
            // Served on a new port each time: recorded under one name, so runs compare.
            let demo = Portal {
                key: "gongkai-demo".to_string(),
                name: Some("内置演示网站".to_string()),
                url: url.to_string(),
                unit: None,
            };
            let report = audit(options, &history, Some(demo)).await;
            server.abort();
            let mut report = report?;
            report.model.detail = args.model_detail();
            Ok(emit(&report, format, &args, FailOn::Never)?)
        }
        Command::Serve { folder, port } => {
            let (addr, server) = serve_folder(&folder, port).await?;
            eprintln!(
                "正在 http://{addr}/ 提供 {}，按 Ctrl-C 结束",
                folder.display()
            );
            let _ = tokio::signal::ctrl_c().await;
            server.abort();
            Ok(0)
        }
        Command::History { db, portal, view } => {
            history::run_history(&db, portal.as_deref(), &view).await
        }
        Command::Diff { from, to, db, view } => history::run_diff(from, to, &db, &view).await,
        Command::Explain {
            fingerprint,
            note,
            by,
            db,
            portal,
            as_of,
        } => {
            let portal = portal.as_deref();
            Ok(explain::run_explain(&fingerprint, &note, &by, &db, portal, as_of).await?)
        }
        Command::Rules { id, format } => {
            let table = gongkai::IndicatorTable::builtin();
            let format = match format {
                RulesFormat::Text => DocFormat::Text,
                RulesFormat::Md => DocFormat::Markdown,
            };
            let out = match id {
                Some(id) => rule_docs::detail(&id, &table, format).map_err(Error::from)?,
                None if format == DocFormat::Markdown => rule_docs::markdown_table(&table),
                None => rule_docs::text_list(),
            };
            emit::write(out.as_bytes(), None)?;
            Ok(0)
        }
        Command::Notices(args) => notices::run_notices(&args).await,
        Command::Ledger(args) => notices::run_ledger(&args).await,
        Command::Monitor(args) => Ok(monitor::monitor(args).await?),
        Command::Evidence(args) => evidence::run(&args).await,
        Command::Bulletin(args) => bulletin::run(&args).await,
        Command::Probe(args) => Ok(probe::probe(args).await?),
    }
}

/// Runs the audit; with `--db`, records it in the history store under `portal` (by default
/// the portal of its start URL, a folder's site URL) and compares it with the portal's last
/// completed run.
async fn audit(
    options: RunOptions,
    history: &HistoryArgs,
    portal: Option<Portal>,
) -> Result<Report, Error> {
    let Some(db) = &history.db else {
        return run(options).await;
    };
    let url = match &options.target {
        Target::Url(url) => url.clone(),
        Target::Folder { site_url, .. } => site_url.clone(),
    };
    let store = Store::open(db).await?;
    let portal = portal.unwrap_or_else(|| Portal::of_url(&url, None));
    run_recorded(options, &store, &portal, &history_options(history)).await
}

/// The start page did not open: the report (its `site-unreachable` finding) is written, and
/// the run still ends with the exit code of a crawl that could not start (3).
fn start_failed(report: &Report) -> Option<i32> {
    let why = report.crawl.start_failed.as_ref()?;
    eprintln!("错误：{why}（报告已写出，见“站点无法访问”）");
    Some(gongkai::error::EXIT_START_FAILED)
}

/// `GONGKAI_LOG`: a bare level is about gongkai's own events (other crates stay at warn, or a
/// `debug` run prints html5ever's and selectors' internals by the hundred thousand); full
/// directives (`debug,html5ever=trace`) pass through unchanged.
fn log_filter() -> tracing_subscriber::EnvFilter {
    let spec = std::env::var("GONGKAI_LOG").unwrap_or_default();
    let level = spec.trim().to_ascii_lowercase();
    if matches!(level.as_str(), "info" | "debug" | "trace") {
        tracing_subscriber::EnvFilter::new(format!("warn,gongkai={level}"))
    } else {
        tracing_subscriber::EnvFilter::from_env("GONGKAI_LOG")
    }
}
