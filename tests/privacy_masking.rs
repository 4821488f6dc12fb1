//! gongkai must never republish a leaked personal number: the privacy-leak fail portal run
//! through every report format, and the output searched for the numbers in full.

use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};

const PORTAL: &str = "fixtures/rules/privacy-leak/fail";

/// The numbers the portal leaks, in every form it writes them.
const LEAKED: &[&str] = &[
    "320602198705142014",
    "13862781234",
    "6222021234567890128",
    "6222 0212 3456 7890 128",
    "13951234567",
];

fn check(format: &str, output: Option<&std::path::Path>) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    command
        .args([
            "check",
            PORTAL,
            "--as-of",
            "2025-12-01",
            "--format",
            format,
            "--fail-on",
            "never",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    if let Some(path) = output {
        command.arg("-o").arg(path);
    }
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{format}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn assert_masked(format: &str, output: &str) {
    assert!(
        output.contains("138****1234"),
        "{format}: the leak is not reported"
    );
    for number in LEAKED {
        assert!(
            !output.contains(number),
            "{format} output republishes {number}"
        );
    }
}

#[test]
fn no_report_format_repeats_a_leaked_number() {
    for format in ["text", "json", "html", "csv"] {
        assert_masked(format, &check(format, None));
    }
}

#[test]
fn the_workbook_cells_hold_only_masked_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("整改清单.xlsx");
    check("xlsx", Some(&file));
    let mut workbook: Xlsx<_> = open_workbook(&file).unwrap();
    let mut cells = String::new();
    for name in workbook.sheet_names() {
        let sheet = workbook.worksheet_range(&name).unwrap();
        for cell in sheet.cells() {
            if let Data::String(text) = cell.2 {
                cells.push_str(text);
                cells.push('\n');
            }
        }
    }
    assert_masked("xlsx", &cells);
}
