//! Writing the report: the chosen format, to a file or standard output, and the exit code
//! `--fail-on` makes of its findings.

use gongkai::error::FileKind;
use gongkai::report::{html, rectification, text};
use gongkai::{Error, Report, Severity};

use super::{FailOn, Format, RunArgs};

/// Writes the report in the chosen format to the output file or standard output; returns the
/// exit code `--fail-on` gives (0 or 1).
pub(super) fn emit(report: &Report, args: &RunArgs, default_fail_on: FailOn) -> Result<i32, Error> {
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
        report
            .findings
            .iter()
            .any(|f| f.is_violation() && f.severity >= threshold),
    ))
}
