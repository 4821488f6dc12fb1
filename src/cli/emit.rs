//! Writing the report: the chosen format, to a file or standard output, and the exit code
//! `--fail-on` makes of its findings.

use std::io::{self, Write};
use std::path::Path;

use gongkai::error::{FileKind, Usage};
use gongkai::report::model_section::ModelDetail;
use gongkai::report::{html, rectification, text};
use gongkai::{Error, Report, Severity};

use super::args::{FailOn, Format, RunArgs};

/// Writes the report in the chosen format to the output file or standard output; returns the
/// exit code `--fail-on` gives (0 or 1).
pub(super) fn emit(
    report: &Report,
    format: Format,
    args: &RunArgs,
    default_fail_on: FailOn,
) -> Result<i32, Error> {
    match (&args.output, format) {
        // JSON is written as it is serialised: a large portal's report never sits whole in
        // memory.
        (Some(path), Format::Json) => {
            let file =
                std::fs::File::create(path).map_err(Error::writing(FileKind::Report, path))?;
            report
                .write_json(file)
                .map_err(Error::writing(FileKind::Report, path))?
        }
        (None, Format::Json) => to_stdout(|out| report.write_json(out))?,
        (output, _) => write(&render(report, format)?, output.as_deref())?,
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

/// Writes `rendered` to the file `output`, or to standard output (see [`to_stdout`]).
pub(super) fn write(rendered: &[u8], output: Option<&Path>) -> Result<(), Error> {
    match output {
        Some(path) => {
            std::fs::write(path, rendered).map_err(Error::writing(FileKind::Report, path))
        }
        None => to_stdout(|out| out.write_all(rendered)),
    }
}

/// Writes to standard output. A reader that stops reading (`gongkai check … | head`) ends the
/// output quietly, as other command-line tools do; any other failure, such as a full disk
/// behind `> report.json`, is an error that names standard output, so a cron job never keeps
/// a cut report believing it whole.
fn to_stdout(
    write: impl FnOnce(&mut io::StdoutLock<'static>) -> io::Result<()>,
) -> Result<(), Error> {
    let mut out = io::stdout().lock();
    match write(&mut out).and_then(|()| out.flush()) {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => Err(Error::writing(
            FileKind::Report,
            Path::new("（标准输出）"),
        )(error)),
        _ => Ok(()),
    }
}

impl RunArgs {
    /// How much of the site model the JSON report writes (`--full-model`).
    pub(super) fn model_detail(&self) -> ModelDetail {
        if self.full_model {
            ModelDetail::Full
        } else {
            ModelDetail::Summary
        }
    }
}

/// The report in `format`, as the bytes of its file.
pub(super) fn render(report: &Report, format: Format) -> Result<Vec<u8>, Error> {
    Ok(match format {
        Format::Text => text::render(report).into_bytes(),
        Format::Json => report.to_json().into_bytes(),
        Format::Html => html::render(report).into_bytes(),
        Format::Csv => rectification::to_csv(report),
        Format::Xlsx => rectification::to_xlsx(report)?,
    })
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }

    /// The format a file name's extension stands for.
    fn of_file(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "txt" => Format::Text,
            "json" => Format::Json,
            "html" | "htm" => Format::Html,
            "xlsx" => Format::Xlsx,
            "csv" => Format::Csv,
            _ => return None,
        })
    }
}

/// The report's format (`--format`, else the `-o` file's extension, else text), once the output
/// file is known to be writable: checked before the crawl, so a long crawl never ends in an
/// unwritable path.
pub(super) fn resolve_format(args: &RunArgs) -> Result<Format, Error> {
    let implied = args.output.as_deref().and_then(Format::of_file);
    let format = match (args.format, implied, &args.output) {
        (Some(given), Some(implied), Some(output)) if given != implied => {
            return Err(Usage::FormatMismatch {
                output: output.clone(),
                implied: implied.name(),
                given: given.name(),
            }
            .into());
        }
        (Some(given), _, _) => given,
        (None, Some(implied), _) => implied,
        (None, None, _) => Format::Text,
    };
    match &args.output {
        Some(output) => check_writable(output)?,
        None if format == Format::Xlsx => return Err(Usage::XlsxNeedsOutput.into()),
        None => {}
    }
    Ok(format)
}

/// The output's folder exists and a file can be created in it (a probe file, removed at once).
fn check_writable(output: &Path) -> Result<(), Error> {
    let folder = match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(Usage::OutputFolderMissing {
            output: output.to_path_buf(),
            folder: folder.to_path_buf(),
        }
        .into());
    }
    if output.is_dir() {
        return Err(Usage::OutputNotWritable {
            output: output.to_path_buf(),
            reason: "这是一个目录，请给出文件名".to_string(),
        }
        .into());
    }
    let probe = folder.join(format!(".gongkai-write-test-{}", std::process::id()));
    match std::fs::File::create(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e) => Err(Usage::OutputNotWritable {
            output: output.to_path_buf(),
            reason: format!("目录 {} 不可写（{e}）", folder.display()),
        }
        .into()),
    }
}
