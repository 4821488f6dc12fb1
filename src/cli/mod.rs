//! The command line: `gongkai check`, `gongkai demo`, `gongkai serve`, `gongkai rules`. The
//! flags and the dispatch are here; `options` turns the flags into a run's options, `emit`
//! writes the report and decides the exit code, `serve` is the loopback server of `demo` and
//! `serve`.

mod emit;
mod options;
mod serve;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use url::Url;

use emit::emit;
use gongkai::app::DEFAULT_DEADLINE_DAYS;
use gongkai::error::FileKind;
use gongkai::report::rule_docs::{self, DocFormat};
use gongkai::{Error, Target, run};
use options::options;

/// The "today" of the bundled demo portal, so its findings stay the same from year to year.
pub const DEMO_AS_OF: &str = "2025-12-01";

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
    /// List every rule with its id, title, severity and basis; or show one rule in full.
    Rules {
        /// A rule id: what it checks, its basis, an example, its limits, its indicator rows.
        id: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
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
    /// End the whole crawl after this long and report what was fetched, marked incomplete:
    /// `2h`, `90m`, `45s` or seconds.
    #[arg(long, default_value = "2h", value_parser = parse_duration)]
    deadline: std::time::Duration,
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
    #[arg(long, default_value_t = DEFAULT_DEADLINE_DAYS)]
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

#[derive(Clone, Copy, Debug, ValueEnum)]
enum RulesFormat {
    /// Tab-separated lines; plain text for one rule.
    Text,
    /// A Markdown table (the README's); Markdown for one rule.
    Md,
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
            print!("{out}");
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

/// A duration on the command line: `2h`, `90m`, `45s`, or a number of seconds.
fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((at, _)) => text.split_at(at),
        None => (text, "s"),
    };
    let n: u64 = number
        .parse()
        .map_err(|_| format!("时长 {text:?} 应为数字加单位，如 2h、90m、45s"))?;
    let seconds = match unit.trim() {
        "s" | "sec" | "秒" => n,
        "m" | "min" | "分钟" => n.saturating_mul(60),
        "h" | "小时" => n.saturating_mul(3600),
        _ => return Err(format!("时长 {text:?} 的单位应为 h、m 或 s")),
    };
    Ok(std::time::Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::parse_duration;

    #[test]
    fn durations_read_hours_minutes_and_seconds() {
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
        assert_eq!(parse_duration("90m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("45s"), Ok(Duration::from_secs(45)));
        assert_eq!(parse_duration("30"), Ok(Duration::from_secs(30)));
        assert!(parse_duration("2d").is_err());
        assert!(parse_duration("h").is_err());
    }
}
