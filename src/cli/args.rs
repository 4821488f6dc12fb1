//! The flags of every command, with their help in Chinese.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use url::Url;

use gongkai::crawl::cache::DEFAULT_REVERIFY_EVERY;

/// Help in Chinese, like the rest of the tool: clap's headings are set here, its own `--help`
/// and `--version` flags are replaced by ones with Chinese descriptions.
const HELP_TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

#[derive(Parser, Debug)]
#[command(
    name = "gongkai",
    version,
    about = "政务公开/政府信息公开 网站自查工具",
    help_template = HELP_TEMPLATE,
    subcommand_help_heading = "命令",
    subcommand_value_name = "命令",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    after_help = "用 gongkai <命令> --help 查看各命令的选项。"
)]
pub(super) struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// 显示帮助
    #[arg(short, long, action = ArgAction::Help, global = true, help_heading = "选项")]
    help: Option<bool>,
    /// 显示版本
    #[arg(short = 'V', long, action = ArgAction::Version, help_heading = "选项")]
    version: Option<bool>,
}

#[derive(Subcommand, Debug)]
pub(super) enum Command {
    /// 检查一个网站（http(s) 地址）或保存下来的镜像目录
    #[command(help_template = HELP_TEMPLATE, override_usage = "gongkai check [选项] <地址或目录>")]
    Check {
        /// 起始地址（如 http://www.example.gov.cn/），或保存网站镜像的目录
        #[arg(value_name = "地址或目录", help_heading = "参数")]
        target: String,
        /// 检查目录时：该镜像对应的网站地址（默认取首页 SiteDomain 标签）
        #[arg(long, help_heading = "选项")]
        site_url: Option<Url>,
        #[command(flatten)]
        crawl: CrawlArgs,
        #[command(flatten)]
        run: RunArgs,
        #[command(flatten)]
        history: HistoryArgs,
    },
    /// 在 127.0.0.1 启动内置演示网站并检查它（无需联网）
    #[command(help_template = HELP_TEMPLATE, override_usage = "gongkai demo [选项]")]
    Demo {
        /// 演示网站目录（默认使用内置的演示网站）
        #[arg(long, help_heading = "选项")]
        portal: Option<PathBuf>,
        #[command(flatten)]
        crawl: CrawlArgs,
        #[command(flatten)]
        run: RunArgs,
        #[command(flatten)]
        history: HistoryArgs,
    },
    /// 在 127.0.0.1 提供一个镜像目录，直到按 Ctrl-C（用于试验抓取）
    #[command(help_template = HELP_TEMPLATE, override_usage = "gongkai serve [--port 端口] <目录>")]
    Serve {
        /// 要提供的镜像目录
        #[arg(value_name = "目录", help_heading = "参数")]
        folder: PathBuf,
        /// 监听的端口（默认 8080）
        #[arg(long, default_value_t = 8080, hide_default_value = true)]
        port: u16,
    },
    /// 列出全部规则（编号、标题、严重程度、依据），或查看一条规则的详情
    #[command(help_template = HELP_TEMPLATE, override_usage = "gongkai rules [--format text|md] [规则编号]")]
    Rules {
        /// 规则编号：显示检查什么、依据、示例、局限和对应的指标行
        #[arg(value_name = "规则编号", help_heading = "参数")]
        id: Option<String>,
        /// 输出格式：text 或 md（Markdown），默认 text
        #[arg(
            long,
            value_enum,
            default_value_t = RulesFormat::Text,
            hide_default_value = true,
            hide_possible_values = true,
            help_heading = "选项"
        )]
        format: RulesFormat,
    },
    /// 列出历史库中各网站的检查记录：得分、问题数、新发现/已整改/仍未整改随时间的变化
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "gongkai history [--db 库] [--portal 网站] [--format text|json|html] [-o 文件]"
    )]
    History {
        #[command(flatten)]
        db: DbArg,
        /// 只列出这个网站（起始地址，或名单中的名称）
        #[arg(long, value_name = "网站", help_heading = "选项")]
        portal: Option<String>,
        #[command(flatten)]
        view: ViewArgs,
    },
    /// 比较同一网站的两次检查：新发现、已整改、未能复核、仍未整改
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "gongkai diff [--db 库] [--format text|json|html] [-o 文件] <检查编号> <检查编号>"
    )]
    Diff {
        /// 较早一次检查的编号（见 gongkai history）
        #[arg(value_name = "检查编号", value_parser = parse_run_id, help_heading = "参数")]
        from: i64,
        /// 较晚一次检查的编号
        #[arg(value_name = "检查编号", value_parser = parse_run_id, help_heading = "参数")]
        to: i64,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        view: ViewArgs,
    },
    /// 记录对某个问题的说明（误报、依法不予公开、非本单位可控等）：该问题此后显示为“已说明”，不再催办
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "gongkai explain [--db 库] [--portal 网站] [--as-of YYYY-MM-DD] --note 说明 --by 姓名 <问题指纹>"
    )]
    Explain {
        /// 问题指纹（报告中的 fingerprint，16 位十六进制；至少前 8 位且唯一即可）
        #[arg(value_name = "问题指纹", help_heading = "参数")]
        fingerprint: String,
        /// 说明内容：为什么该问题不需整改或暂不能整改
        #[arg(long, value_name = "说明", help_heading = "选项")]
        note: String,
        /// 说明人姓名
        #[arg(long, value_name = "姓名", help_heading = "选项")]
        by: String,
        #[command(flatten)]
        db: DbArg,
        /// 问题所在的网站（起始地址，或名单中的名称）；指纹在多个网站中都有时必须给出
        #[arg(long, value_name = "网站", help_heading = "选项")]
        portal: Option<String>,
        /// 说明的日期（YYYY-MM-DD，默认北京时间今天）
        #[arg(long, value_parser = parse_day, value_name = "YYYY-MM-DD", help_heading = "选项")]
        as_of: Option<NaiveDate>,
    },
    /// 按名单（TOML）检查多个网站：记入历史库，写出各网站的报告和汇总表（每晚定时运行）
    #[command(help_template = HELP_TEMPLATE, override_usage = "gongkai monitor [选项] <名单文件>")]
    Monitor(MonitorArgs),
}

/// Where the run history is kept.
#[derive(Args, Debug)]
pub(super) struct DbArg {
    /// 历史库：SQLite 文件路径或 postgres:// 地址（默认取环境变量 GONGKAI_DB，否则为用户数据目录下的 gongkai/history.sqlite）
    #[arg(
        long,
        env = "GONGKAI_DB",
        value_name = "库",
        hide_env = true,
        help_heading = "选项"
    )]
    pub db: Option<String>,
}

/// How `history` and `diff` write what they show.
#[derive(Args, Debug)]
pub(super) struct ViewArgs {
    /// 输出格式：text、json、html（默认按 -o 文件的扩展名，否则为 text）
    #[arg(
        long,
        value_enum,
        value_name = "格式",
        hide_possible_values = true,
        help_heading = "选项"
    )]
    pub format: Option<ViewFormat>,
    /// 写入该文件（默认输出到屏幕）
    #[arg(short, long, value_name = "文件", help_heading = "选项")]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum ViewFormat {
    /// 终端表格
    Text,
    /// 机器可读格式
    Json,
    /// 可直接打开或打印的单个网页（history 带趋势图）
    Html,
}

#[derive(Args, Debug)]
pub(super) struct MonitorArgs {
    /// 名单文件（TOML，格式见 README“每晚自动检查”）
    #[arg(value_name = "名单文件", help_heading = "参数")]
    pub portfolio: PathBuf,
    /// 历史库：SQLite 文件路径或 postgres:// 地址（默认取环境变量 GONGKAI_DB，否则名单的 db，否则用户数据目录下的 gongkai/history.sqlite）
    #[arg(long, env = "GONGKAI_DB", hide_env = true, help_heading = "选项")]
    pub db: Option<String>,
    /// 报告输出目录（默认取名单的 out，否则名单文件旁的 reports/）
    #[arg(short, long, value_name = "目录", help_heading = "选项")]
    pub out: Option<PathBuf>,
    /// 同时检查的网站数（默认取名单的 concurrency，否则 4）
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..), help_heading = "选项")]
    pub concurrency: Option<u32>,
    /// 只检查第 i 个分片（共 N 片，i 从 0 数起），供多台机器共用一个 PostgreSQL 历史库分担名单
    #[arg(long, value_name = "i/N", value_parser = gongkai::portfolio::Shard::parse, help_heading = "选项")]
    pub shard: Option<gongkai::portfolio::Shard>,
    /// 检查基准日（YYYY-MM-DD，默认北京时间今天）
    #[arg(long, value_parser = parse_day, value_name = "YYYY-MM-DD", help_heading = "选项")]
    pub as_of: Option<NaiveDate>,
    /// 只检查名单中这些名称的网站（逗号分隔，或多次使用）
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "名称",
        help_heading = "选项"
    )]
    pub only: Vec<String>,
    /// 只输出汇总，不逐个显示进度
    #[arg(short, long, help_heading = "选项")]
    pub quiet: bool,
}

#[derive(Args, Debug)]
#[command(next_help_heading = "抓取选项")]
pub(super) struct CrawlArgs {
    /// 最多抓取的页面数（默认 2000）
    #[arg(long, default_value_t = 2000, hide_default_value = true)]
    pub max_pages: usize,
    /// 从起始页出发最多点击几层链接（列表翻页不计）（默认 6）
    #[arg(long, default_value_t = 6, hide_default_value = true)]
    pub max_depth: u32,
    /// 每个主机每秒请求数；0 表示不限（默认 2，演示不限）
    #[arg(long)]
    pub rate: Option<f64>,
    /// 同时进行的请求数（默认 4）
    #[arg(long, default_value_t = 4, hide_default_value = true)]
    pub concurrency: usize,
    /// 单个请求的超时秒数（默认 20）
    #[arg(long, default_value_t = 20, hide_default_value = true)]
    pub timeout: u64,
    /// 整个抓取的时限，到时停止抓取并就已抓取的页面出报告（标明不完整）：如 2h、90m、45s 或秒数（默认 2h）
    #[arg(long, default_value = "2h", value_parser = parse_duration, hide_default_value = true)]
    pub deadline: std::time::Duration,
    /// 超时、429 和 5xx 时的重试次数（默认 3）
    #[arg(long, default_value_t = 3, hide_default_value = true)]
    pub retries: u32,
    /// 单个页面的大小上限（MB，按解压后计）；超过即记为抓取错误（默认 20）
    #[arg(long, default_value_t = 20, hide_default_value = true)]
    pub max_page_mb: u64,
    /// 单个附件的大小上限（MB，按解压后计）（默认 50）
    #[arg(long, default_value_t = 50, hide_default_value = true)]
    pub max_attachment_mb: u64,
    /// 只抓取起始地址所在目录之下（如只查 /xxgk/）
    #[arg(long)]
    pub within_path: bool,
    /// 不读取 robots.txt（仅限检查本单位网站时使用）
    #[arg(long)]
    pub ignore_robots: bool,
    /// 请求头 User-Agent
    #[arg(long)]
    pub user_agent: Option<String>,
    /// 不显示进度
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
#[command(next_help_heading = "报告选项")]
pub(super) struct RunArgs {
    /// 报告格式：text、json、html、xlsx、csv（默认按 -o 文件的扩展名，否则为 text）
    #[arg(long, value_enum, hide_possible_values = true)]
    pub format: Option<Format>,
    /// 把报告写入该文件（默认输出到屏幕）
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// 检查基准日（YYYY-MM-DD，默认北京时间今天）
    #[arg(long, value_parser = parse_day, value_name = "YYYY-MM-DD")]
    pub as_of: Option<NaiveDate>,
    /// 考核期：年份（2024）或区间（2024-01-01..2024-06-30）；默认截至基准日的 12 个月
    #[arg(long)]
    pub period: Option<String>,
    /// 本地配置目录（disclosure.toml、calendar/ 等）；默认使用当前目录下的 checks/
    #[arg(long)]
    pub checks: Option<PathBuf>,
    /// 栏目配置：department（部门，默认）、government（政府），或配置文件路径
    #[arg(long)]
    pub profile: Option<String>,
    /// 追加一年的节假日日历文件（holiday-cn JSON），可多次使用
    #[arg(long)]
    pub calendar: Vec<PathBuf>,
    /// 计分所用的考核指标表（默认：内置的 2019 年海安市城管局表）
    #[arg(long)]
    pub indicators: Option<PathBuf>,
    /// 整改期限：发现问题后的工作日数，按节假日日历（默认取 checks/rectification.toml 的 deadline_days，即 10）
    #[arg(long, value_name = "天数")]
    pub deadline_days: Option<u32>,
    /// 发现该严重程度及以上的问题时以退出码 1 结束：error、warning 或 never（默认 error；演示为 never）
    #[arg(long, value_enum, hide_possible_values = true)]
    pub fail_on: Option<FailOn>,
    /// 只运行这些规则（编号，逗号分隔）
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// 跳过这些规则（编号，逗号分隔）
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
}

#[derive(Args, Debug)]
#[command(next_help_heading = "历史记录选项")]
pub(super) struct HistoryArgs {
    /// 把本次检查记入历史库，并与该网站上一次完整的检查比较（新发现、已整改、仍未整改）：SQLite 文件路径（不存在则创建），或 postgres://用户:密码@主机/库名（多台机器共用）；也可用环境变量 GONGKAI_DB
    #[arg(
        long,
        env = "GONGKAI_DB",
        value_name = "文件或postgres地址",
        hide_env_values = true
    )]
    pub db: Option<String>,
    /// 未变化的文章至少每 N 次检查向服务器核实一次（默认 7）
    #[arg(long, value_name = "N", default_value_t = DEFAULT_REVERIFY_EVERY, hide_default_value = true, value_parser = clap::value_parser!(u32).range(1..))]
    pub reverify_every: u32,
    /// 历史库保留最近 N 次检查的页面内容，更早的页面下次重新抓取（默认 14）
    #[arg(long, value_name = "N", default_value_t = 14, hide_default_value = true, value_parser = clap::value_parser!(u32).range(1..))]
    pub keep_pages: u32,
    /// 历史库只保留最近 N 次检查的问题记录（默认永久保留）
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub keep_findings: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum Format {
    /// 终端摘要
    Text,
    /// 稳定的机器可读格式
    Json,
    /// 可直接打开或打印的单个网页
    Html,
    /// 整改清单和指标得分表（Excel 工作簿，需要 -o）
    Xlsx,
    /// 整改清单 CSV（带 BOM 的 UTF-8，可用 Excel/WPS 打开）
    Csv,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(super) enum RulesFormat {
    /// 制表符分隔的列表；单条规则为纯文本
    Text,
    /// Markdown 表格（即 README 中的表）；单条规则为 Markdown
    Md,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum FailOn {
    /// 有“问题”时退出码为 1
    Error,
    /// 有“提醒”或“问题”时退出码为 1
    Warning,
    /// 总是以 0 结束
    Never,
}

/// `--as-of`: the one date form gongkai reads, with the form named when it is not met.
fn parse_day(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("日期应写作 YYYY-MM-DD，例如 2025-12-01，而不是“{text}”"))
}

/// A run's id, as `gongkai history` lists it.
fn parse_run_id(text: &str) -> Result<i64, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("检查编号应为整数（见 gongkai history 的“编号”列），而不是“{text}”"))
}

/// A duration on the command line: `2h`, `90m`, `45s`, or a number of seconds.
pub(super) fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    gongkai::text::parse_duration(text)
}
