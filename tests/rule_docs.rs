//! The rules' documentation stays true. README.md's rules table is the output of
//! `gongkai rules --format md`, so it cannot fall behind the rules; when a rule changes,
//! regenerate it and review the diff: `GONGKAI_UPDATE_README=1 cargo test --test rule_docs`.
//! A rule's documented example is a message the demo really produces.

use std::path::PathBuf;
use std::process::Command;

use gongkai::indicators::IndicatorTable;
use gongkai::report::rule_docs::markdown_table;
use gongkai::rules::REGISTRY;

const START: &str = "<!-- rules-table:start -->\n";
const END: &str = "<!-- rules-table:end -->";
const REGENERATE: &str = "GONGKAI_UPDATE_README=1 cargo test --test rule_docs";

fn readme() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md")
}

/// The README's text between the markers, and the byte range it occupies.
fn table_in(text: &str) -> (std::ops::Range<usize>, &str) {
    let start = text
        .find(START)
        .unwrap_or_else(|| panic!("README.md lacks the marker {START:?}"))
        + START.len();
    let end = start
        + text[start..]
            .find(END)
            .unwrap_or_else(|| panic!("README.md lacks the marker {END:?} after the start marker"));
    (start..end, &text[start..end])
}

#[test]
fn the_readme_rules_table_is_generated() {
    let expected = markdown_table(&IndicatorTable::builtin());
    let text = std::fs::read_to_string(readme()).unwrap();
    let (range, actual) = table_in(&text);
    if actual == expected {
        return;
    }
    if std::env::var_os("GONGKAI_UPDATE_README").is_some() {
        let mut updated = text.clone();
        updated.replace_range(range, &expected);
        std::fs::write(readme(), updated).unwrap();
        return;
    }
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(e, a)| e != a)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    panic!(
        "README.md's rules table is not the output of `gongkai rules --format md`: \
         line {} of the table differs\n  README:    {:?}\n  generated: {:?}\n\
         Regenerate it with `{REGENERATE}` and review the diff.",
        line + 1,
        actual.lines().nth(line).unwrap_or("(nothing)"),
        expected.lines().nth(line).unwrap_or("(nothing)"),
    );
}

#[test]
fn the_binary_prints_the_same_table() {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["rules", "--format", "md"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        markdown_table(&IndicatorTable::builtin())
    );
}

#[test]
fn examples_are_messages_the_demo_produces() {
    let golden = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/demo.json");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(golden).unwrap()).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let mut checked = 0;
    for rule in REGISTRY {
        let messages: Vec<&str> = findings
            .iter()
            .filter(|f| f["rule"] == rule.info.id && f["outcome"] == "violation")
            .filter_map(|f| f["message"].as_str())
            .collect();
        if messages.is_empty() {
            continue; // the rule's own unit test asserts its example instead (an example is a violation's message)
        }
        checked += 1;
        assert!(
            messages.contains(&rule.info.example),
            "{}: the example is not a message of the demo: {:?}",
            rule.info.id,
            messages
        );
    }
    assert!(checked >= 10, "only {checked} rules fire in the demo");
}
