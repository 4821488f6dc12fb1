//! gongkai must never republish a leaked personal number: the privacy-leak fail portal run
//! through every report format, and the output searched for the numbers in full.

mod support;

use support::{gongkai_ok, xlsx_cells};

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
    let args = [
        "check",
        PORTAL,
        "--as-of",
        "2025-12-01",
        "--format",
        format,
        "--fail-on",
        "never",
    ];
    String::from_utf8(gongkai_ok(&args, output)).unwrap()
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
    assert_masked("xlsx", &xlsx_cells(&file));
}
