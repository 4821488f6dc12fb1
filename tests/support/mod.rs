//! Running the binary as a user does, for the tests that read its reports.
// Each test crate uses the part it needs.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use calamine::{Reader, Xlsx, open_workbook};

/// Runs `gongkai ARGS [-o OUTPUT]` in the checkout and returns its standard output; fails the
/// test, with the program's standard error, when it does not exit 0.
pub fn gongkai_ok(args: &[&str], output: Option<&Path>) -> Vec<u8> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    command.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    if let Some(path) = output {
        command.arg("-o").arg(path);
    }
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "gongkai {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Every cell of a workbook as text: `== sheet` lines, then one tab-separated line a row.
pub fn xlsx_cells(path: &Path) -> String {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    let mut dump = String::new();
    for name in workbook.sheet_names() {
        dump.push_str(&format!("== {name}\n"));
        let range = workbook.worksheet_range(&name).unwrap();
        for row in range.rows() {
            let cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
            dump.push_str(&cells.join("\t"));
            dump.push('\n');
        }
    }
    dump
}

/// Runs `gongkai ARGS` in the checkout and returns what it did, whatever its exit code.
pub fn gongkai(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

/// A sheet's cells as text, row by row (empty cells as "").
pub fn xlsx_rows(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    let range = workbook
        .worksheet_range(sheet)
        .unwrap_or_else(|e| panic!("{}: no sheet {sheet}: {e}", path.display()));
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    calamine::Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// A .docx read back by gongkai's attachment reader (an independent parser of
/// `word/document.xml`): its text and its tables, cell by cell.
pub fn docx_read(bytes: &[u8]) -> gongkai::model::attachment::AttachmentText {
    use gongkai::model::attachment::{AttachmentKind, read_attachment};
    read_attachment(bytes, AttachmentKind::Docx).unwrap()
}
