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
    /// 为考核指标表中需人工核查的行记录台账证明（自报达标或未达标），或列出已记录的证明
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "gongkai evidence <行编号> (--met | --not-met) --note 说明 --by 姓名 [--file 文件] [--portal 网站] [--indicators 表文件] [--db 库]\n       gongkai evidence --list [--portal 网站] [--indicators 表文件] [--db 库]"
    )]
    Evidence(EvidenceArgs),
    /// 生成整改情况通报：各责任部门（或责任单位）的交办、办结、逾期、催办、督办、约谈和百分制得分
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "gongkai bulletin (--month YYYY-MM | --period 起..止) [--db 库] [--portal 网站] [--by department|unit] [--format text|html|xlsx|json] [-o 文件]"
    )]
    Bulletin(BulletinArgs),
    /// 写出某一天发出的交办单、催办单、督办通知单（docx 和 A4 网页），按历史库中的原样重印
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "gongkai notices [--db 库] [--as-of YYYY-MM-DD] [--portal 网站] [--kind assign|remind|supervise] [--format docx|html|both] -o 目录"
    )]
    Notices(NoticesArgs),
    /// 导出整改台账（xlsx 或 CSV）：每个问题的责任部门、期限、交办/催办/督办单号和日期、办结情况
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "gongkai ledger [--db 库] [--portal 网站] [--format xlsx|csv] -o 整改台账.xlsx"
    )]
    Ledger(LedgerArgs),
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
    /// 按名单（TOML）探测各网站首页能否在时限内打开，记入历史库（供 cron 每30分钟运行；“站点无法访问”按检查日前7天的探测判断）
    #[command(help_template = HELP_TEMPLATE, override_usage = "gongkai probe [选项] <名单文件>")]
    Probe(ProbeArgs),
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
pub(super) struct NoticesArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// 发文日期（YYYY-MM-DD，默认北京时间今天）：写出这一天发出的文书
    #[arg(long, value_parser = parse_day, value_name = "YYYY-MM-DD", help_heading = "选项")]
    pub as_of: Option<NaiveDate>,
    /// 只写出这个网站的文书（起始地址，或名单中的名称）
    #[arg(long, value_name = "网站", help_heading = "选项")]
    pub portal: Option<String>,
    /// 只写出一种文书：assign（交办单）、remind（催办单）、supervise（督办通知单）（默认全部）
    #[arg(long, value_enum, hide_possible_values = true, help_heading = "选项")]
    pub kind: Option<NoticeKindArg>,
    /// 文件格式：docx、html 或 both（两种都写，默认）
    #[arg(
        long,
        value_enum,
        default_value_t = DocumentFormat::Both,
        hide_default_value = true,
        hide_possible_values = true,
        help_heading = "选项"
    )]
    pub format: DocumentFormat,
    /// 写入该目录（不存在则创建）
    #[arg(short, long, value_name = "目录", help_heading = "选项")]
    pub output: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum NoticeKindArg {
    /// 工作交办单
    Assign,
    /// 工作催办单
    Remind,
    /// 督办通知单
    Supervise,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum DocumentFormat {
    /// Word 文档（可编辑、盖章、打印）
    Docx,
    /// 可直接打印的 A4 网页
    Html,
    /// 两种都写
    Both,
}

#[derive(Args, Debug)]
pub(super) struct LedgerArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// 只导出这个网站的台账（起始地址，或名单中的名称）（默认全部网站）
    #[arg(long, value_name = "网站", help_heading = "选项")]
    pub portal: Option<String>,
    /// 文件格式：xlsx 或 csv（默认按 -o 文件的扩展名，否则为 xlsx）
    #[arg(long, value_enum, hide_possible_values = true, help_heading = "选项")]
    pub format: Option<LedgerFormat>,
    /// 写入该文件
    #[arg(short, long, value_name = "文件", help_heading = "选项")]
    pub output: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum LedgerFormat {
    /// Excel 工作簿
    Xlsx,
    /// 带 BOM 的 UTF-8 CSV
    Csv,
}

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("verdict").args(["met", "not_met"])))]
pub(super) struct EvidenceArgs {
    /// 指标行编号，如 1.2（一级指标序号.行序号，见报告的“考核指标逐项情况”）
    #[arg(
        value_name = "行编号",
        required_unless_present = "list",
        help_heading = "参数"
    )]
    pub row: Option<String>,
    /// 该行已达标：有台账材料证明
    #[arg(long, help_heading = "选项")]
    pub met: bool,
    /// 该行未达标
    #[arg(long, help_heading = "选项")]
    pub not_met: bool,
    /// 说明：台账材料是什么、在哪里
    #[arg(
        long,
        value_name = "说明",
        required_unless_present = "list",
        help_heading = "选项"
    )]
    pub note: Option<String>,
    /// 记录人姓名
    #[arg(
        long,
        value_name = "姓名",
        required_unless_present = "list",
        help_heading = "选项"
    )]
    pub by: Option<String>,
    /// 附上证明材料文件，存入历史库（记录文件名和 SHA-256；上限 20 MB）
    #[arg(long, value_name = "文件", help_heading = "选项")]
    pub file: Option<PathBuf>,
    /// 网站：起始地址，或名单中的名称（历史库中只有一个网站时可省略）
    #[arg(long, value_name = "网站", help_heading = "选项")]
    pub portal: Option<String>,
    /// 考核指标表文件（默认：内置的 2019 年海安市城管局表）；应与检查时的 --indicators 一致
    #[arg(long, value_name = "表文件", help_heading = "选项")]
    pub indicators: Option<PathBuf>,
    #[command(flatten)]
    pub db: DbArg,
    /// 列出已记录的证明（每行最新的一条生效，较早的作为历史保留）
    #[arg(long, conflicts_with_all = ["row", "met", "not_met", "note", "by", "file"], help_heading = "选项")]
    pub list: bool,
}

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("when").args(["month", "period"]).required(true)))]
pub(super) struct BulletinArgs {
    /// 通报月份（YYYY-MM，如 2025-10）
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month, help_heading = "选项")]
    pub month: Option<gongkai::Period>,
    /// 通报期间：日期区间（2025-10-01..2025-12-31）或年份（2025）
    #[arg(long, value_name = "起..止", value_parser = parse_period, help_heading = "选项")]
    pub period: Option<gongkai::Period>,
    #[command(flatten)]
    pub db: DbArg,
    /// 只通报这个网站的问题（起始地址，或名单中的名称）
    #[arg(long, value_name = "网站", help_heading = "选项")]
    pub portal: Option<String>,
    /// 按 department（责任部门，默认）或 unit（责任单位：名单中各网站的单位）计分
    #[arg(
        long,
        value_enum,
        default_value_t = BulletinBy::Department,
        value_name = "方式",
        hide_default_value = true,
        hide_possible_values = true,
        help_heading = "选项"
    )]
    pub by: BulletinBy,
    /// 输出格式：text、html、xlsx、json（默认按 -o 文件的扩展名，否则为 text；xlsx 需要 -o）
    #[arg(
        long,
        value_enum,
        value_name = "格式",
        hide_possible_values = true,
        help_heading = "选项"
    )]
    pub format: Option<BulletinFormat>,
    /// 写入该文件（默认输出到屏幕）
    #[arg(short, long, value_name = "文件", help_heading = "选项")]
    pub output: Option<PathBuf>,
    /// 本地配置目录：读取其中 rectification.toml 的 [bulletin] 扣分标准和 calendar/ 节假日日历（默认使用当前目录下的 checks/）
    #[arg(long, value_name = "目录", help_heading = "选项")]
    pub checks: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum BulletinBy {
    /// 责任部门
    Department,
    /// 责任单位
    Unit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum BulletinFormat {
    /// 纯文本
    Text,
    /// 可直接打开或按 A4 打印的网页（带得分条形图）
    Html,
    /// Excel 工作簿（A4 打印设置，需要 -o）
    Xlsx,
    /// 机器可读格式
    Json,
}

#[derive(Args, Debug)]
pub(super) struct MonitorArgs {
    #[command(flatten)]
    pub list: PortfolioArgs,
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
    /// 只输出汇总，不逐个显示进度
    #[arg(short, long, help_heading = "选项")]
    pub quiet: bool,
}

/// The portfolio `monitor` and `probe` go through, the store they write, and which portals.
#[derive(Args, Debug)]
pub(super) struct PortfolioArgs {
    /// 名单文件（TOML，格式见 README“每晚自动检查”）
    #[arg(value_name = "名单文件", help_heading = "参数")]
    pub portfolio: PathBuf,
    /// 历史库：SQLite 文件路径或 postgres:// 地址（默认取环境变量 GONGKAI_DB，否则名单的 db，否则用户数据目录下的 gongkai/history.sqlite）
    #[arg(
        long,
        env = "GONGKAI_DB",
        hide_env = true,
        value_name = "库",
        help_heading = "选项"
    )]
    pub db: Option<String>,
    /// 只处理名单中这些名称的网站（逗号分隔，或多次使用）
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "名称",
        help_heading = "选项"
    )]
    pub only: Vec<String>,
}

#[derive(Args, Debug)]
pub(super) struct ProbeArgs {
    #[command(flatten)]
    pub list: PortfolioArgs,
    /// 首页须在此时限内完整打开，否则记为失败：如 15s、1m 或秒数（默认 15s，即检查指标的15秒）
    #[arg(long, default_value = "15s", value_parser = parse_timeout, value_name = "时限", hide_default_value = true, help_heading = "选项")]
    pub timeout: std::time::Duration,
    /// 同时探测的网站数（默认 64）
    #[arg(long, default_value_t = 64, value_name = "N", hide_default_value = true, value_parser = clap::value_parser!(u32).range(1..), help_heading = "选项")]
    pub concurrency: u32,
    /// 只输出合计，不逐个列出打不开的网站
    #[arg(short, long, help_heading = "选项")]
    pub quiet: bool,
}

#[derive(Args, Debug)]
#[command(next_help_heading = "抓取选项")]
pub(super) struct CrawlArgs {
    /// 最多抓取的页面数（默认 2000）
    #[arg(long, default_value_t = 2000, hide_default_value = true)]
    pub max_pages: usize,
    /// 每个栏目列表最多抓取的翻页数（默认 2000）；列表声明的页数更多时，只抓取这么多页并给出警告
    #[arg(long, default_value_t = gongkai::crawl::MAX_LIST_PAGES, hide_default_value = true, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub max_list_pages: usize,
    /// 从起始页出发最多点击几层链接（列表翻页不计）（默认 6）
    #[arg(long, default_value_t = 6, hide_default_value = true)]
    pub max_depth: u32,
    /// 每个主机每秒请求数；0 表示不限（默认 2，演示不限）
    #[arg(long)]
    pub rate: Option<f64>,
    /// 同时进行的请求数（默认 4；读取镜像目录时按解析线程数自动安排）
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
    /// 同时检查站外链接能否打开（先 HEAD 后 GET，按主机限速，每次最多 300 个；默认不检查）
    #[arg(long)]
    pub check_external: bool,
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
    /// JSON 报告写出完整的网站模型（每个栏目的全部列表条目、每篇文章的元数据、全部外部链接）；默认只写模型摘要
    #[arg(long)]
    pub full_model: bool,
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
    /// 计分所用的考核指标表：内置表名（haian-cgj-2019、gwy-2019-19）或表文件；可多次使用，第一个为主表（整改清单按它分派责任部门），其余与之并列计分（默认：内置的 2019 年海安市城管局表）
    #[arg(long, value_name = "表")]
    pub indicators: Vec<PathBuf>,
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

/// `--month`: a calendar month.
fn parse_month(text: &str) -> Result<gongkai::Period, String> {
    gongkai::Period::month(text).map_err(|e| e.to_string())
}

/// `--period`: a date range or a year.
fn parse_period(text: &str) -> Result<gongkai::Period, String> {
    gongkai::Period::parse(text).map_err(|e| e.to_string())
}

/// A run's id, as `gongkai history` lists it.
fn parse_run_id(text: &str) -> Result<i64, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("检查编号应为整数（见 gongkai history 的“编号”列），而不是“{text}”"))
}

/// `probe --timeout`: a duration above zero.
fn parse_timeout(text: &str) -> Result<std::time::Duration, String> {
    let duration = parse_duration(text)?;
    if duration.is_zero() {
        return Err("时限应大于0，如 15s".to_string());
    }
    Ok(duration)
}

/// A duration on the command line: `2h`, `90m`, `45s`, or a number of seconds.
pub(super) fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    gongkai::text::parse_duration(text)
}
