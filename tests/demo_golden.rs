//! The demo's output, byte for byte, in every format: a refactor must not change what an office
//! reads. Only the loopback port and the crawl's wall time vary between runs; both are masked.
//!
//! When a change means to alter the output, regenerate the files and review the diff:
//! `GONGKAI_UPDATE_GOLDEN=1 cargo test --test demo_golden`.

mod support;

use std::path::{Path, PathBuf};

use regex::Regex;
use support::{gongkai_ok, xlsx_cells};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn demo(format: &str, output: Option<&Path>) -> Vec<u8> {
    gongkai_ok(&["demo", "--quiet", "--format", format], output)
}

/// Masks what differs between two runs of the same demo: the port, the crawl's duration and
/// the day a list is made.
fn mask(text: &str) -> String {
    let made = Regex::new(r"制表日期：\d+年\d+月\d+日").unwrap();
    let text = made.replace_all(text, "制表日期：YYYY年M月D日");
    let port = Regex::new(r"127\.0\.0\.1:\d+").unwrap();
    let elapsed_json = Regex::new(r#""elapsed_ms": \d+"#).unwrap();
    let seconds = Regex::new(r"用时 ?\d+(\.\d+)? ?秒").unwrap();
    let text = port.replace_all(&text, "127.0.0.1:PORT");
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

/// The whole model (`--full-model`) reads exactly as every report wrote it before the default
/// became a summary: the crawl's lean records lose nothing the model reads.
#[test]
fn demo_json_with_the_full_model_is_unchanged() {
    let json = gongkai_ok(
        &["demo", "--quiet", "--format", "json", "--full-model"],
        None,
    );
    compare(
        "demo-full-model.json",
        &mask(&String::from_utf8(json).unwrap()),
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
    compare("demo.xlsx.tsv", &mask(&xlsx_cells(&path)));
}
