//! The demo's output, byte for byte, in every format: a refactor must not change what an office
//! reads. Only the loopback port and the crawl's wall time vary between runs; both are masked.
//!
//! When a change means to alter the output, regenerate the files and review the diff:
//! `GONGKAI_UPDATE_GOLDEN=1 cargo test --test demo_golden`.

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Reader, Xlsx, open_workbook};
use regex::Regex;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn demo(format: &str, output: Option<&Path>) -> Vec<u8> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    command
        .args(["demo", "--quiet", "--format", format])
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    if let Some(path) = output {
        command.arg("-o").arg(path);
    }
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "gongkai demo --format {format}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Masks what differs between two runs of the same demo: the port and the crawl's duration.
fn mask(text: &str) -> String {
    let port = Regex::new(r"127\.0\.0\.1:\d+").unwrap();
    let elapsed_json = Regex::new(r#""elapsed_ms": \d+"#).unwrap();
    let seconds = Regex::new(r"用时 ?\d+(\.\d+)? ?秒").unwrap();
    let text = port.replace_all(text, "127.0.0.1:PORT");
    let text = elapsed_json.replace_all(&text, r#""elapsed_ms": 0"#);
    seconds.replace_all(&text, "用时 0 秒").into_owned()
}

fn compare(name: &str, actual: &str) {
    let path = golden_dir().join(name);
    if std::env::var_os("GONGKAI_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden_dir()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (GONGKAI_UPDATE_GOLDEN=1 writes it)",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "demo output differs from {} at line {}:\nexpected: {:?}\nactual:   {:?}",
            path.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

#[test]
fn demo_text_is_unchanged() {
    compare(
        "demo.txt",
        &mask(&String::from_utf8(demo("text", None)).unwrap()),
    );
}

#[test]
fn demo_json_is_unchanged() {
    compare(
        "demo.json",
        &mask(&String::from_utf8(demo("json", None)).unwrap()),
    );
}

#[test]
fn demo_html_is_unchanged() {
    compare(
        "demo.html",
        &mask(&String::from_utf8(demo("html", None)).unwrap()),
    );
}

#[test]
fn demo_csv_is_unchanged() {
    compare(
        "demo.csv",
        &mask(&String::from_utf8(demo("csv", None)).unwrap()),
    );
}

/// An xlsx holds timestamps in its zip, so its cells are compared, sheet by sheet.
#[test]
fn demo_xlsx_cells_are_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("整改清单.xlsx");
    demo("xlsx", Some(&path));
    let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
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
    compare("demo.xlsx.tsv", &mask(&dump));
}
