//! Fixture-file rule tests: every rule against small saved portals, in the manner of ruff's
//! fixture snapshots and axe-core's pass/fail integration pages.
//!
//! ```text
//! fixtures/rules/<rule-id>/
//!   case.toml        as_of = "YYYY-MM-DD"; optional period = "2025" | "a..b", profile = "…"
//!   pass/            a saved portal (mirror folder) where the rule finds nothing
//!   fail/            a saved portal where it finds something
//!   <other-case>/    optional traps and variants; may hold its own case.toml (overrides)
//!   expected.json    { "<case>": [ finding, … ], … }: every case has a key, pass maps to []
//! ```
//!
//! A case folder may hold `probes.csv` (`at,ok,status,millis,error`, one home-page visit a line,
//! `at` in RFC 3339): the probes `gongkai probe` would have recorded, given to the rules as a
//! recorded run gives them. Without it the case runs as a one-off check (no probe history).
//!
//! Each case is crawled as `gongkai check FOLDER` would crawl it (site URL from the home page's
//! `SiteDomain` tag), only the folder's rule runs, and its findings — as the library serialises
//! them, without `indicators` (scoring's business) and without `"outcome": "violation"` (the
//! default; other outcomes are kept) — must equal `expected.json[case]`. Each finding carries its
//! `fingerprint`, so a change to what identifies a problem shows in review; every finding must
//! carry the evidence its rule's identity names, no two findings of a case may share a
//! fingerprint, and each optional identity part must occur in some case.
//!
//! `case.toml` also says what the cases test: its `README` has a line `<case>: …` for every case
//! (or the case's own `case.toml` has a `README`). A link the crawl cannot follow fails the case
//! (a mistyped link would silently leave a page out of the model), unless the page is listed in
//! `unsaved = ["/xxgk/zn/", …]`: pages the portal links to that the saved copy does not hold.
//!
//! After a deliberate change, rewrite the expectations and review the diff before committing:
//! `GONGKAI_UPDATE_FIXTURES=1 cargo test --test rule_fixtures`.

use std::path::Path;

use serde_json::Value;

// ---- The library, in one place: re-point these when its public paths move. ----

use gongkai::app::{Target, build_site, crawl_target};
use gongkai::calendar::Calendar;
use gongkai::checks::Checks;
use gongkai::crawl::CrawlOptions;
use gongkai::crawl::http::HttpOptions;
use gongkai::period::Period;
use gongkai::probe::{Probe, Reachability};
use gongkai::rules::{Context, REGISTRY, Selection, missing_parts, run};

/// Every rule id the library has.
fn registry_ids() -> Vec<&'static str> {
    REGISTRY.iter().map(|rule| rule.info.id).collect()
}

/// What one case produced.
struct Outcome {
    site_url: String,
    /// Findings that lack a part of their rule's identity, or share a fingerprint.
    identity_problems: Vec<String>,
    /// The optional identity parts some finding carried.
    optional_seen: Vec<&'static str>,
    /// The rule's findings as JSON, `indicators` and a violation's `outcome` removed.
    findings: Vec<Value>,
    /// URLs the crawl could not fetch, with why (a mistyped link in a fixture shows up here).
    crawl_errors: Vec<(String, String)>,
}

/// Crawls `folder` as the CLI crawls a saved mirror, builds the site and runs `rule` alone.
fn run_case(folder: &Path, rule: &str, settings: &Settings) -> Result<Outcome, String> {
    let as_of = chrono::NaiveDate::parse_from_str(&settings.as_of, "%Y-%m-%d")
        .map_err(|e| format!("as_of = {:?}: {e}", settings.as_of))?;
    let period = match &settings.period {
        Some(text) => Period::parse(text).map_err(|e| e.to_string())?,
        None => Period::year_ending(as_of),
    };
    let checks = Checks::load(None, settings.profile.as_deref()).map_err(|e| e.to_string())?;
    let calendar = Calendar::official();
    let target = Target::parse(&folder.to_string_lossy(), None).map_err(|e| e.to_string())?;
    let crawl_options = CrawlOptions {
        progress: false,
        ..CrawlOptions::default()
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let output = runtime
        .block_on(crawl_target(
            &target,
            &crawl_options,
            &HttpOptions::default(),
        ))
        .map_err(|e| e.to_string())?;
    let site = build_site(&output);
    let reachability = Reachability {
        probes: read_probes(&folder.join("probes.csv"))?,
        ..Reachability::default()
    };
    let ctx = Context::new(as_of, period, &calendar, &checks).with_reachability(reachability);
    let selection = Selection {
        select: vec![rule.to_string()],
        ..Selection::default()
    };
    let findings = run(&site, &ctx, &selection);
    let identity = REGISTRY
        .iter()
        .find(|r| r.info.id == rule)
        .map_or(&[][..], |r| r.info.identity);
    let mut identity_problems = Vec::new();
    let mut seen = std::collections::BTreeMap::new();
    for finding in &findings {
        let missing = missing_parts(finding, identity);
        if !missing.is_empty() {
            identity_problems.push(format!(
                "finding “{}” lacks evidence {missing:?} its rule's identity names",
                finding.message
            ));
        }
        if let Some(first) = seen.insert(finding.fingerprint.clone(), &finding.message) {
            identity_problems.push(format!(
                "findings “{first}” and “{}” share fingerprint {} (the identity does not tell \
                 them apart)",
                finding.message, finding.fingerprint
            ));
        }
    }
    let optional_seen = identity
        .iter()
        .filter(|p| p.optional() && findings.iter().any(|f| f.evidence.contains_key(p.name())))
        .map(|p| p.key)
        .collect();
    let findings = findings
        .into_iter()
        .map(|finding| {
            let mut value = serde_json::to_value(&finding).map_err(|e| e.to_string())?;
            if let Some(object) = value.as_object_mut() {
                object.remove("indicators");
                if object.get("outcome").is_some_and(|o| o == "violation") {
                    object.remove("outcome");
                }
            }
            Ok(value)
        })
        .collect::<Result<_, String>>()?;
    Ok(Outcome {
        site_url: output.start_url.to_string(),
        identity_problems,
        optional_seen,
        findings,
        crawl_errors: output
            .errors
            .iter()
            .map(|e| (e.url.clone(), e.message.clone()))
            .collect(),
    })
}

/// A case's `probes.csv`, when it has one.
fn read_probes(file: &Path) -> Result<Option<Vec<Probe>>, String> {
    if !file.is_file() {
        return Ok(None);
    }
    let mut reader =
        csv::Reader::from_path(file).map_err(|e| format!("{}: {e}", file.display()))?;
    reader
        .deserialize()
        .collect::<Result<Vec<Probe>, _>>()
        .map(Some)
        .map_err(|e| format!("{}: {e}", file.display()))
}

// ---- The driver. ----

#[path = "rule_fixtures/diff.rs"]
mod diff;
#[path = "rule_fixtures/files.rs"]
mod files;

use diff::{indent, line_diff, pretty};
use files::*;

/// Checks one rule folder; returns its failures (each a readable paragraph).
fn check_rule_folder(dir: &Path, rule: &str, update: bool) -> Vec<String> {
    let mut failures = Vec::new();
    let mut fail = |message: String| failures.push(format!("{rule}: {message}"));
    let entries = match sorted_entries(dir) {
        Ok(entries) => entries,
        Err(e) => {
            fail(e);
            return failures;
        }
    };
    let cases: Vec<String> = entries
        .iter()
        .filter(|p| p.is_dir())
        .map(|p| name_of(p))
        .collect();
    for file in entries.iter().filter(|p| !p.is_dir()) {
        if !FOLDER_FILES.contains(&name_of(file).as_str()) {
            fail(format!(
                "unexpected file {} (a rule folder holds case folders and {})",
                file.display(),
                FOLDER_FILES.join(", ")
            ));
        }
    }
    for required in ["pass", "fail"] {
        if !cases.iter().any(|c| c == required) {
            fail(format!("{} has no {required}/ case", dir.display()));
        }
    }
    let expected_path = dir.join("expected.json");
    let expected = if expected_path.is_file() {
        match read_expected(&expected_path) {
            Ok(expected) => Some(expected),
            Err(e) => {
                fail(e);
                None
            }
        }
    } else {
        if !update {
            fail(format!(
                "{} is missing ({UPDATE_VAR}=1 writes it)",
                expected_path.display()
            ));
        }
        None
    };
    if let Some(expected) = &expected {
        for stale in expected.keys().filter(|k| !cases.contains(k)) {
            if !update {
                fail(format!(
                    "expected.json has case “{stale}” but there is no folder {stale}/"
                ));
            }
        }
    }
    let shared = match CaseFile::read(&dir.join("case.toml")) {
        Ok(file) => file.unwrap_or_default(),
        Err(e) => {
            fail(e);
            return failures;
        }
    };
    let mut actual_all = Expected::new();
    let mut optional_seen = std::collections::BTreeSet::new();
    for case in &cases {
        let case_dir = dir.join(case);
        let own = match CaseFile::read(&case_dir.join("case.toml")) {
            Ok(file) => file.unwrap_or_default(),
            Err(e) => {
                fail(e);
                continue;
            }
        };
        let merged = shared.overridden_by(&own);
        let described = own.readme.is_some()
            || shared.readme.as_deref().is_some_and(|text| {
                text.lines()
                    .any(|line| line.trim_start().starts_with(&format!("{case}:")))
            });
        if !described {
            fail(format!(
                "case {case}: say what it tests, in a line “{case}: …” of README in \
                 {}/case.toml (or a README in {case}/case.toml)",
                dir.display()
            ));
        }
        let Some(as_of) = merged.as_of.clone() else {
            fail(format!(
                "case {case}: no as_of in {}/case.toml or {case}/case.toml",
                dir.display()
            ));
            continue;
        };
        let settings = Settings {
            as_of,
            period: merged.period.clone(),
            profile: merged.profile.clone(),
        };
        let outcome = match run_case(&case_dir, rule, &settings) {
            Ok(outcome) => outcome,
            Err(e) => {
                fail(format!("case {case}: {e}"));
                continue;
            }
        };
        if outcome.site_url == FALLBACK_SITE {
            fail(format!(
                "case {case}: the home page {}/index.html names no site \
                 (<meta name=\"SiteDomain\" content=\"www.example.gov.cn\">)",
                case_dir.display()
            ));
        }
        let site_root = outcome.site_url.trim_end_matches('/');
        let dead: Vec<String> = outcome
            .crawl_errors
            .iter()
            .filter(|(url, _)| {
                let path = url.strip_prefix(site_root).unwrap_or(url);
                !merged.unsaved.iter().any(|u| u == path)
            })
            .map(|(url, message)| format!("{url} ({message})"))
            .collect();
        if !dead.is_empty() {
            fail(format!(
                "case {case}: the crawl could not fetch pages the fixture links to \
                 (add them, or list their paths in unsaved = [...] in case.toml):\n    {}",
                dead.join("\n    ")
            ));
        }
        for problem in &outcome.identity_problems {
            fail(format!("case {case}: {problem}"));
        }
        optional_seen.extend(outcome.optional_seen.iter().copied());
        if case == "pass" && !outcome.findings.is_empty() {
            let messages: Vec<&str> = outcome
                .findings
                .iter()
                .filter_map(|f| f["message"].as_str())
                .collect();
            fail(format!(
                "case pass: the rule must find nothing here, it found {}:\n    {}",
                messages.len(),
                messages.join("\n    ")
            ));
        }
        if case == "fail" && outcome.findings.is_empty() {
            fail("case fail: the rule found nothing".to_string());
        }
        if !update {
            match expected.as_ref().map(|e| e.get(case)) {
                None => {}
                Some(None) => fail(format!(
                    "expected.json has no key “{case}” ({UPDATE_VAR}=1 writes it)"
                )),
                Some(Some(want)) if *want != outcome.findings => fail(format!(
                    "case {case} ({}) differs from expected.json (- expected, + actual):\n{}",
                    settings.describe(),
                    indent(&line_diff(&pretty(want), &pretty(&outcome.findings)))
                )),
                Some(Some(_)) => {}
            }
        }
        actual_all.insert(case.clone(), outcome.findings);
    }
    let optional: Vec<&str> = REGISTRY
        .iter()
        .filter(|r| r.info.id == rule)
        .flat_map(|r| r.info.identity)
        .filter(|p| p.optional() && !optional_seen.contains(p.key))
        .map(|p| p.key)
        .collect();
    if !optional.is_empty() {
        fail(format!(
            "no finding in any case carries the optional identity part(s) {optional:?} \
             (a misspelt key?)"
        ));
    }
    if update && actual_all.len() == cases.len() && expected.as_ref() != Some(&actual_all) {
        match write_expected(&expected_path, &actual_all) {
            Ok(()) => eprintln!("rewrote {}", expected_path.display()),
            Err(e) => fail(e),
        }
    }
    failures
}

#[test]
fn rule_fixtures() {
    let root = fixtures_root();
    let update = std::env::var_os(UPDATE_VAR).is_some();
    let ids = registry_ids();
    let mut failures = Vec::new();
    let folders = match sorted_entries(&root) {
        Ok(entries) => entries,
        Err(e) => panic!("{e}"),
    };
    let mut covered = Vec::new();
    for path in &folders {
        let name = name_of(path);
        if !path.is_dir() {
            failures.push(format!(
                "{}: only rule folders belong in {}",
                path.display(),
                root.display()
            ));
            continue;
        }
        if !ids.contains(&name.as_str()) {
            failures.push(format!(
                "{name}: not a rule id (gongkai rules lists them: {})",
                ids.join(", ")
            ));
            continue;
        }
        covered.push(name.clone());
        failures.extend(check_rule_folder(path, &name, update));
    }
    let missing: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| !covered.iter().any(|c| c == id))
        .collect();
    if !missing.is_empty() {
        failures.push(format!(
            "rules without a fixture folder in {}: {}",
            root.display(),
            missing.join(", ")
        ));
    }
    assert!(
        failures.is_empty(),
        "{} rule fixture failure(s):\n\n{}\n",
        failures.len(),
        failures.join("\n\n")
    );
}
