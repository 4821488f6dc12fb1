//! Argument errors in Chinese: clap finds what is wrong, this says it the way the rest of the
//! tool speaks.

use clap::Parser;
use clap::error::{ContextKind, ContextValue, ErrorKind};

use super::args::Cli;

/// The parsed command line, or the exit code after help, the version or an argument error has
/// been printed.
pub(super) fn parse() -> Result<Cli, i32> {
    let error = match Cli::try_parse() {
        Ok(cli) => return Ok(cli),
        Err(error) => error,
    };
    match error.kind() {
        ErrorKind::DisplayHelp => {
            let _ = error.print();
            Err(0)
        }
        ErrorKind::DisplayVersion => {
            println!("gongkai {}", env!("CARGO_PKG_VERSION"));
            Err(0)
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            let _ = error.print();
            Err(2)
        }
        _ => {
            eprintln!("错误：{}", describe(&error));
            eprintln!("用 gongkai --help 或 gongkai <命令> --help 查看用法。");
            Err(2)
        }
    }
}

/// One Chinese sentence for a clap error, with the argument, the value and what would be valid.
fn describe(error: &clap::Error) -> String {
    let context = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("、"),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let arg = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let valid = context(ContextKind::ValidValue);
    let suggested = context(ContextKind::SuggestedArg) + &context(ContextKind::SuggestedValue);
    let mut sentence = match error.kind() {
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} 需要一个值"),
        ErrorKind::InvalidValue => format!("{arg} 的值“{value}”无效"),
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(error)
                .map(ToString::to_string)
                .unwrap_or_default();
            format!("{arg} 的值“{value}”无效：{reason}")
        }
        ErrorKind::UnknownArgument => format!("不认识的选项 {arg}"),
        ErrorKind::InvalidSubcommand => {
            format!("没有“{}”这个命令", context(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数 {arg}"),
        ErrorKind::TooManyValues => format!("多余的参数“{value}”"),
        ErrorKind::ArgumentConflict => format!("{arg} 不能与其他选项同时使用"),
        ErrorKind::NoEquals => format!("{arg} 的值需要用 = 连接"),
        _ => format!("参数有误：{}", error.render().to_string().trim()),
    };
    if !valid.is_empty() {
        sentence.push_str(&format!("（可选：{valid}）"));
    }
    if !suggested.is_empty() {
        sentence.push_str(&format!("；是不是要用 {suggested}？"));
    }
    sentence
}
