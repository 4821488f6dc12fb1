//! The night's files: each portal's reports in its own folder, the 汇总表 beside them.

use std::collections::HashSet;
use std::path::Path;

use gongkai::error::{FileKind, Usage};
use gongkai::portfolio::{PortfolioEntry, Shard, folder_name};
use gongkai::rectify::document::{Formats, write_all};
use gongkai::report::summary::Summary;
use gongkai::{Error, Report};

use super::super::args::Format;
use super::super::emit::render;

/// A portal's reports: file name and format.
const REPORTS: &[(&str, Format)] = &[
    ("report.html", Format::Html),
    ("report.json", Format::Json),
    ("report.txt", Format::Text),
    ("整改清单.xlsx", Format::Xlsx),
];

/// Creates the output folder, before any portal is checked: a night never ends in an
/// unwritable folder.
pub(super) fn prepare(out: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(out).map_err(|e| Usage::OutputNotWritable {
        output: out.to_path_buf(),
        reason: format!("无法创建目录（{e}）"),
    })?;
    let probe = out.join(format!(".gongkai-write-test-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(|e| Usage::OutputNotWritable {
        output: out.to_path_buf(),
        reason: format!("目录不可写（{e}）"),
    })?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// Each portal's folder name, in the order of `entries`.
pub(super) fn folders(entries: &[PortfolioEntry]) -> Vec<String> {
    let mut taken = HashSet::new();
    entries
        .iter()
        .map(|e| folder_name(&e.name, &mut taken))
        .collect()
}

/// The folder, inside a portal's, of the documents its run issued.
pub(super) const NOTICES_FOLDER: &str = "notices";

/// Writes `OUT/FOLDER/report.*` and `整改清单.xlsx`, and the 交办单/催办单/督办通知单 the run
/// issued into `OUT/FOLDER/notices/` (docx and HTML); returns the HTML report's link, relative
/// to `out`.
pub(super) fn write_reports(out: &Path, folder: &str, report: &Report) -> Result<String, Error> {
    let dir = out.join(folder);
    std::fs::create_dir_all(&dir).map_err(Error::writing(FileKind::Report, &dir))?;
    for (name, format) in REPORTS {
        let path = dir.join(name);
        let bytes = render(report, *format)?;
        std::fs::write(&path, bytes).map_err(Error::writing(FileKind::Report, &path))?;
    }
    if let Some(history) = report.history.as_ref().filter(|h| !h.issued.is_empty()) {
        let formats = Formats {
            docx: true,
            html: true,
        };
        write_all(&dir.join(NOTICES_FOLDER), &history.issued, formats)?;
    }
    Ok(format!("{folder}/report.html"))
}

/// The summary's file name without extension: `汇总表`, or `汇总表-分片0-共3` for one shard, so
/// shards writing into one shared folder keep each their own.
pub(super) fn summary_name(shard: Option<Shard>) -> String {
    match shard {
        None => "汇总表".to_string(),
        Some(s) => format!("汇总表-分片{}-共{}", s.index, s.count),
    }
}

/// Writes `OUT/NAME.txt`, `.html` and `.xlsx`.
pub(super) fn write_summary(out: &Path, name: &str, summary: &Summary) -> Result<(), Error> {
    let files: [(&str, Vec<u8>); 3] = [
        ("txt", summary.to_text().into_bytes()),
        ("html", summary.to_html().into_bytes()),
        ("xlsx", summary.to_xlsx()?),
    ];
    for (extension, bytes) in files {
        let path = out.join(format!("{name}.{extension}"));
        std::fs::write(&path, bytes).map_err(Error::writing(FileKind::Report, &path))?;
    }
    Ok(())
}
