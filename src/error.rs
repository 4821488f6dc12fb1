//! The library's one error type. Every public function of the audit pipeline that can fail
//! returns [`Error`]; the variant says what went wrong and [`Error::exit_code`] what the command
//! line exits with. Parsers of a single text (an indicator table, a calendar year file) return
//! the narrower [`ConfigError`], and a few module errors ([`StartFailed`], [`PeriodError`],
//! [`UnknownRule`]) convert into [`Error`] with `?`.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::crawl::StartFailed;
use crate::period::PeriodError;
use crate::rules::UnknownRule;

/// Everything an audit can fail with. Messages are in Chinese and name the file, line or
/// argument at fault.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A bad argument or option (exit code 2).
    #[error(transparent)]
    Usage(#[from] Usage),
    /// A data file that is not valid: a `checks/` file, a profile, a calendar year file, an
    /// indicator table (exit code 2).
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// Reading or writing a named file or folder failed (exit code 2).
    #[error("{kind} {} 无法{action}：{source}", path.display())]
    Io {
        kind: FileKind,
        action: IoAction,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// The crawl could not start: the start URL could not be fetched at all, or is not a web
    /// page (exit code 3).
    #[error(transparent)]
    StartFailed(#[from] StartFailed),
    /// The HTTP client could not be set up (exit code 2).
    #[error("无法创建 HTTP 客户端：{0}")]
    HttpClient(#[source] reqwest::Error),
    /// The 整改清单 workbook could not be generated (exit code 2).
    #[error("无法生成 xlsx：{0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// A 交办单/催办单/督办通知单 could not be packed as `.docx` (exit code 2).
    #[error("无法生成 docx：{0}")]
    Docx(String),
    /// The run history could not be opened, read or written, or does not hold what was asked
    /// for (exit code 2). `location` is the SQLite file or the PostgreSQL URL without its
    /// password.
    #[error("历史库 {location} {action}失败：{source}")]
    History {
        location: String,
        action: HistoryAction,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// The exit code of a run whose crawl could not start (also when the report of a start page
/// that did not open is written).
pub const EXIT_START_FAILED: i32 = 3;

impl Error {
    /// The process exit code for this error: 2 for what the user can fix in the arguments,
    /// the data files or the file system, 3 when the crawl could not start. (0 and 1 are the
    /// outcomes of a run that completed, decided by `--fail-on`.)
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_)
            | Error::Config(_)
            | Error::Io { .. }
            | Error::HttpClient(_)
            | Error::Xlsx(_)
            | Error::Docx(_)
            | Error::History { .. } => 2,
            Error::StartFailed(_) => EXIT_START_FAILED,
        }
    }

    /// For `map_err`: reading the `kind` file or folder at `path` failed.
    pub fn reading(kind: FileKind, path: &Path) -> impl FnOnce(io::Error) -> Self + '_ {
        move |source| Error::Io {
            kind,
            action: IoAction::Read,
            path: path.to_path_buf(),
            source,
        }
    }

    /// For `map_err`: writing the `kind` file at `path` failed.
    pub fn writing(kind: FileKind, path: &Path) -> impl FnOnce(io::Error) -> Self + '_ {
        move |source| Error::Io {
            kind,
            action: IoAction::Write,
            path: path.to_path_buf(),
            source,
        }
    }
}

impl From<PeriodError> for Error {
    fn from(error: PeriodError) -> Self {
        Error::Usage(error.into())
    }
}

impl From<crate::indicators::declared::DeclarationError> for Error {
    fn from(error: crate::indicators::declared::DeclarationError) -> Self {
        Error::Usage(error.into())
    }
}

impl From<UnknownRule> for Error {
    fn from(error: UnknownRule) -> Self {
        Error::Usage(error.into())
    }
}

/// A bad argument or option, and what was wrong with it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Usage {
    /// The assessment period is neither a year nor a date range.
    #[error(transparent)]
    Period(#[from] PeriodError),
    /// A rule id to select or ignore that no rule has.
    #[error(transparent)]
    UnknownRule(#[from] UnknownRule),
    /// The target looks like a URL but is not a valid one.
    #[error("地址 {text} 无效：{source}")]
    BadUrl {
        text: String,
        #[source]
        source: url::ParseError,
    },
    /// The target is neither an http(s) URL nor an existing folder.
    #[error("{0} 既不是 http(s) 地址，也不是存在的目录")]
    NotATarget(String),
    /// The locality data folder does not exist.
    #[error("配置目录 {} 不存在", .0.display())]
    NoChecksDir(PathBuf),
    /// The xlsx format writes a workbook, which needs an output file.
    #[error("xlsx 格式需要用 -o 指定输出文件，例如 -o 整改清单.xlsx")]
    XlsxNeedsOutput,
    /// `--profile` names neither a built-in profile nor a file.
    #[error("没有名为“{name}”的栏目配置：内置的有 {builtin}，也可以给出一个配置文件的路径")]
    UnknownProfile { name: String, builtin: String },
    /// The output file's name says one format, `--format` another.
    #[error(
        "-o {} 的扩展名表示 {implied} 格式，与 --format {given} 不一致：去掉 --format，或换一个与之相符的文件名",
        output.display()
    )]
    FormatMismatch {
        output: PathBuf,
        implied: &'static str,
        given: &'static str,
    },
    /// The output file's folder does not exist.
    #[error("无法写入 {}：目录 {} 不存在", output.display(), folder.display())]
    OutputFolderMissing { output: PathBuf, folder: PathBuf },
    /// `gongkai monitor --only` names a portal the portfolio does not list.
    #[error("名单 {} 中没有名为“{name}”的网站（--only）", file.display())]
    UnknownPortal { file: PathBuf, name: String },
    /// `gongkai evidence --file` names a file over the store's limit.
    #[error(
        "证明材料 {} 有 {} MB，超过上限 {} MB：请只附关键页，或压缩后再附",
        path.display(),
        mb(*size),
        mb(*limit)
    )]
    EvidenceTooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    /// `gongkai evidence` names a row that cannot take a declaration.
    #[error(transparent)]
    Declaration(#[from] crate::indicators::declared::DeclarationError),
    /// The output file cannot be written (checked before the crawl starts).
    #[error("无法写入 {}：{reason}", output.display())]
    OutputNotWritable { output: PathBuf, reason: String },
}

/// Bytes as megabytes, one decimal.
fn mb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0))
}

/// A data file that is not what it should be: which file, on which line when known, and what
/// is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} {} {}：{message}", file.display(), At(*line))]
pub struct ConfigError {
    pub kind: FileKind,
    pub file: PathBuf,
    /// 1-based.
    pub line: Option<usize>,
    pub message: String,
}

impl ConfigError {
    /// A problem with the file as a whole (no line).
    pub fn new(kind: FileKind, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            kind,
            file: file.into(),
            line: None,
            message: message.into(),
        }
    }

    /// The same problem, placed on the line of byte `offset` in the file's `text`.
    pub fn at(self, text: &str, offset: usize) -> Self {
        let line = text[..offset.min(text.len())].matches('\n').count() + 1;
        Self {
            line: Some(line),
            ..self
        }
    }

    /// A TOML file that does not parse or does not have the expected fields.
    pub(crate) fn toml(kind: FileKind, file: &Path, text: &str, error: &toml::de::Error) -> Self {
        let problem = Self::new(kind, file, error.message());
        match error.span() {
            Some(span) => problem.at(text, span.start),
            None => problem,
        }
    }

    /// A JSON file that does not parse or does not have the expected fields.
    pub(crate) fn json(kind: FileKind, file: &Path, error: &serde_json::Error) -> Self {
        let text = error.to_string();
        let position = format!(" at line {} column {}", error.line(), error.column());
        let message = text.strip_suffix(&position).unwrap_or(&text);
        Self {
            line: (error.line() > 0).then_some(error.line()),
            ..Self::new(kind, file, message)
        }
    }
}

/// `第N行` when the line is known, else `格式错误`.
struct At(Option<usize>);

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(line) => write!(f, "第{line}行"),
            None => f.write_str("格式错误"),
        }
    }
}

/// Which file or folder an error is about, as its message names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileKind {
    /// A file of the locality data folder (`checks/`).
    Checks,
    /// A required-column profile.
    Profile,
    /// A holiday-calendar year file, or the folder holding them.
    Calendar,
    /// An indicator table (考核指标表).
    Indicators,
    /// A saved mirror of a portal.
    Mirror,
    /// A report written to a file.
    Report,
    /// A portfolio (名单) of portals for `gongkai monitor`.
    Portfolio,
    /// A file attached to a declaration (`gongkai evidence --file`).
    Evidence,
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileKind::Checks => "配置文件",
            FileKind::Profile => "栏目配置文件",
            FileKind::Calendar => "日历文件",
            FileKind::Indicators => "指标表",
            FileKind::Mirror => "镜像目录",
            FileKind::Report => "报告文件",
            FileKind::Portfolio => "名单文件",
            FileKind::Evidence => "证明材料",
        })
    }
}

/// What was being done with the history store when it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum HistoryAction {
    Open,
    Migrate,
    Read,
    Write,
}

impl fmt::Display for HistoryAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HistoryAction::Open => "打开",
            HistoryAction::Migrate => "升级结构",
            HistoryAction::Read => "读取",
            HistoryAction::Write => "写入",
        })
    }
}

/// Whether a file was being read or written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoAction {
    Read,
    Write,
}

impl fmt::Display for IoAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IoAction::Read => "读取",
            IoAction::Write => "写入",
        })
    }
}

/// An error followed by its causes, joined by `separator` (`a: b: c`).
pub fn causes(error: &dyn std::error::Error, separator: &str) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(separator);
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_come_from_toml_and_json_errors() {
        let text = "a = 1\nb = \n";
        let toml_error = toml::from_str::<toml::Table>(text).unwrap_err();
        let problem = ConfigError::toml(FileKind::Checks, Path::new("x.toml"), text, &toml_error);
        assert_eq!(problem.line, Some(2));
        assert!(
            problem.to_string().starts_with("配置文件 x.toml 第2行："),
            "{problem}"
        );
        let json_error = serde_json::from_str::<serde_json::Value>("{\n\"a\": }").unwrap_err();
        let problem = ConfigError::json(FileKind::Calendar, Path::new("2027.json"), &json_error);
        assert_eq!(problem.line, Some(2));
        assert!(!problem.message.contains("at line"), "{problem}");
    }

    #[test]
    fn exit_codes_follow_the_variant() {
        let config: Error = ConfigError::new(FileKind::Indicators, "t.toml", "x").into();
        assert_eq!(config.exit_code(), 2);
        assert_eq!(Error::from(Usage::XlsxNeedsOutput).exit_code(), 2);
        let io = Error::reading(FileKind::Mirror, Path::new("m"))(io::ErrorKind::NotFound.into());
        assert_eq!(io.exit_code(), 2);
        assert!(io.to_string().starts_with("镜像目录 m 无法读取："), "{io}");
        let start = Error::from(StartFailed {
            url: "http://127.0.0.1:9/".into(),
            kind: crate::crawl::fetch::FailureKind::Connect,
            status: None,
            message: "connection refused".into(),
            not_a_page: None,
        });
        assert_eq!(start.exit_code(), 3);
    }
}
