//! The command line: `gongkai check`, `gongkai demo`, `gongkai serve`, `gongkai rules`.

mod serve;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{FixedOffset, NaiveDate, Utc};
use clap::{Args, Parser, Subcommand, ValueEnum};
use url::Url;

use gongkai::app::{RunOptions, Target, run};
use gongkai::calendar::Calendar;
use gongkai::checks::Checks;
use gongkai::crawl::CrawlOptions;
use gongkai::crawl::http::{HttpOptions, default_user_agent};
use gongkai::error::{Error, FileKind, Usage};
use gongkai::finding::Severity;
use gongkai::indicators::IndicatorTable;
use gongkai::period::Period;
use gongkai::report::{Report, html, rectification, text};
use gongkai::rules::{REGISTRY, Selection};

/// The "today" of the bundled demo portal, so its findings stay the same from year to year.
pub const DEMO_AS_OF: &str = "2025-12-01";

/// China Standard Time: no daylight saving, so a fixed offset is exact.
const CHINA_OFFSET_SECONDS: i32 = 8 * 3600;

#[derive(Parser, Debug)]
#[command(
    name = "gongkai",
    version,
    about = "政务公开/政府信息公开 网站自查工具"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Audit a portal (http(s) URL) or a saved mirror (folder).
    Check {
        /// Start URL (`http://www.example.gov.cn/`) or a folder holding a saved mirror.
        target: String,
        /// For a folder: the URL of the site it mirrors (default: from the home page's SiteDomain tag).
        #[arg(long)]
        site_url: Option<Url>,
        #[command(flatten)]
        crawl: CrawlArgs,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Serve the bundled demo portal on 127.0.0.1 and audit it (no network needed).
    Demo {
        /// The demo portal folder (default: fixtures/demo-portal of this checkout).
        #[arg(long)]
        portal: Option<PathBuf>,
        #[command(flatten)]
        crawl: CrawlArgs,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Serve a mirror folder on 127.0.0.1 until interrupted (for trying the crawler).
    Serve {
        folder: PathBuf,
        #[arg(long, default_value_t = 8080)]
        port: u16,
    },
    /// List every rule with its id, title, basis and severity.
    Rules,
}

#[derive(Args, Debug)]
struct CrawlArgs {
    /// Stop after this many pages.
    #[arg(long, default_value_t = 2000)]
    max_pages: usize,
    /// Follow links at most this many clicks from the start page (list pagination does not count).
    #[arg(long, default_value_t = 6)]
    max_depth: u32,
    /// Requests per second per host; 0 lifts the limit (default 2, demo unlimited).
    #[arg(long)]
    rate: Option<f64>,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 4)]
    concurrency: usize,
    /// Per-request timeout in seconds.
    #[arg(long, default_value_t = 20)]
    timeout: u64,
    /// Retries on timeouts, 429 and 5xx.
    #[arg(long, default_value_t = 3)]
    retries: u32,
    /// Stay under the start URL's directory (e.g. only /xxgk/).
    #[arg(long)]
    within_path: bool,
    /// Do not read robots.txt (only for your own portal).
    #[arg(long)]
    ignore_robots: bool,
    /// User-Agent header.
    #[arg(long)]
    user_agent: Option<String>,
    /// No progress bar.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Args, Debug)]
struct RunArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// The day the check is made for (YYYY-MM-DD; default today in Asia/Shanghai).
    #[arg(long)]
    as_of: Option<NaiveDate>,
    /// Assessment period: a year (2024) or a range (2024-01-01..2024-06-30); default the 12 months ending at --as-of.
    #[arg(long)]
    period: Option<String>,
    /// Folder of locality data (disclosure.toml, calendar/); default ./checks when present.
    #[arg(long)]
    checks: Option<PathBuf>,
    /// Required-column profile: department (default), government, or a profile file.
    #[arg(long)]
    profile: Option<String>,
    /// An extra holiday-calendar year file (holiday-cn JSON); repeatable.
    #[arg(long)]
    calendar: Vec<PathBuf>,
    /// Indicator table (考核指标表) to score against (default: the shipped 2019 海安市城管局 table).
    #[arg(long)]
    indicators: Option<PathBuf>,
    /// Working days the 整改清单 allows after --as-of (on the holiday calendar).
    #[arg(long, default_value_t = 10)]
    deadline_days: u32,
    /// Exit with code 1 when a finding of this severity or worse is found (default error; demo never).
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Only these rule ids (comma-separated).
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Skip these rule ids (comma-separated).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    /// A summary for the terminal.
    Text,
    /// The stable machine format.
    Json,
    /// One self-contained page to open or print.
    Html,
    /// The 整改清单 and the scored indicator table as a workbook (needs --output).
    Xlsx,
    /// The 整改清单 as CSV (UTF-8 with BOM, opens in Excel/WPS).
    Csv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Never,
}

/// Runs the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("GONGKAI_LOG"))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
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

/// What stops a command: an audit error, or the loopback server not starting.
#[derive(Debug, thiserror::Error)]
enum Failure {
    #[error(transparent)]
    Audit(#[from] Error),
    #[error("无法监听 127.0.0.1:{port}：{source}")]
    Listen { port: u16, source: std::io::Error },
}

impl Failure {
    fn exit_code(&self) -> i32 {
        match self {
            Failure::Audit(error) => error.exit_code(),
            Failure::Listen { .. } => 2,
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
        } => {
            let target = Target::parse(&target, site_url)?;
            let rate = crawl.rate.unwrap_or(2.0);
            let options = options(target, &crawl, rate, &args, None)?;
            Ok(emit(&run(options).await?, &args, FailOn::Error)?)
        }
        Command::Demo {
            portal,
            crawl,
            run: args,
        } => {
            let folder = portal.unwrap_or_else(default_demo_portal);
            let (addr, server) = serve_folder(&folder, 0).await?;
            eprintln!(
                "演示站点已在 http://{addr}/ 启动（目录 {}），开始检查……",
                folder.display()
            );
            let url = Url::parse(&format!("http://{addr}/")).expect("valid url");
            let demo_day = NaiveDate::parse_from_str(DEMO_AS_OF, "%Y-%m-%d").expect("valid date");
            let options = options(
                Target::Url(url),
                &crawl,
                crawl.rate.unwrap_or(0.0),
                &args,
                Some(demo_day),
            )?;
            let report = run(options).await;
            server.abort();
            Ok(emit(&report?, &args, FailOn::Never)?)
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
        Command::Rules => {
            for rule in REGISTRY {
                let info = rule.info;
                println!(
                    "{}\t{}\t{}\t{}",
                    info.id,
                    info.title,
                    info.severity.display(),
                    info.basis
                );
            }
            Ok(0)
        }
    }
}

fn default_demo_portal() -> PathBuf {
    let local = PathBuf::from("fixtures/demo-portal");
    if local.is_dir() {
        local
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo-portal")
    }
}

fn today_in_china() -> NaiveDate {
    let offset = FixedOffset::east_opt(CHINA_OFFSET_SECONDS).expect("valid offset");
    Utc::now().with_timezone(&offset).date_naive()
}

fn options(
    target: Target,
    crawl: &CrawlArgs,
    rate: f64,
    args: &RunArgs,
    default_as_of: Option<NaiveDate>,
) -> Result<RunOptions, Error> {
    let as_of = args.as_of.or(default_as_of).unwrap_or_else(today_in_china);
    let period = match &args.period {
        Some(text) => Period::parse(text)?,
        None => Period::year_ending(as_of),
    };
    let checks_dir = args.checks.clone().or_else(|| {
        let local = PathBuf::from("checks");
        local.is_dir().then_some(local)
    });
    let checks = Checks::load(checks_dir.as_deref(), args.profile.as_deref())?;
    let mut calendar = Calendar::official();
    if let Some(dir) = checks_dir
        .as_ref()
        .map(|d| d.join("calendar"))
        .filter(|d| d.is_dir())
    {
        calendar.add_dir(&dir)?;
    }
    for file in &args.calendar {
        calendar.add_file(file)?;
    }
    if !calendar.covers(as_of) {
        eprintln!(
            "注意：节假日日历不含 {} 年，涉及该年的工作日按周末推算",
            chrono::Datelike::year(&as_of)
        );
    }
    let indicators = match &args.indicators {
        Some(file) => IndicatorTable::load(file)?,
        None => IndicatorTable::builtin(),
    };
    if matches!(args.format, Format::Xlsx) && args.output.is_none() {
        return Err(Usage::XlsxNeedsOutput.into());
    }
    let user_agent = crawl.user_agent.clone().unwrap_or_else(default_user_agent);
    Ok(RunOptions {
        target,
        crawl: CrawlOptions {
            max_pages: crawl.max_pages,
            max_depth: crawl.max_depth,
            within_path: crawl.within_path,
            concurrency: crawl.concurrency,
            respect_robots: !crawl.ignore_robots,
            user_agent: user_agent.clone(),
            progress: !crawl.quiet,
        },
        http: HttpOptions {
            user_agent,
            rate: (rate > 0.0).then_some(rate),
            timeout: Duration::from_secs(crawl.timeout),
            retries: crawl.retries,
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
        deadline_days: args.deadline_days,
    })
}

fn emit(report: &Report, args: &RunArgs, default_fail_on: FailOn) -> Result<i32, Error> {
    let rendered: Vec<u8> = match args.format {
        Format::Text => text::render(report).into_bytes(),
        Format::Json => report.to_json().into_bytes(),
        Format::Html => html::render(report).into_bytes(),
        Format::Csv => rectification::to_csv(report),
        Format::Xlsx => rectification::to_xlsx(report)?,
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, rendered).map_err(Error::writing(FileKind::Report, path))?
        }
        None => {
            use std::io::Write;
            let _ = std::io::stdout().write_all(&rendered);
        }
    }
    let threshold = match args.fail_on.unwrap_or(default_fail_on) {
        FailOn::Never => return Ok(0),
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
    };
    Ok(i32::from(
        report.findings.iter().any(|f| f.severity >= threshold),
    ))
}
