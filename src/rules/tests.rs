//! The registry cannot drift: every rule file is registered, ids are unique and kebab-case, and
//! every rule is documented. Each check is a function run on the real registry and, to show it
//! bites, on a broken one.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use regex::Regex;

use super::{REGISTRY, RuleInfo};

/// Rule files in the family folders under `rules` (at any depth): files that declare a `RULE`,
/// by `rule!` or by hand. Files of `rules` itself (the registry, the `rule!` macro) are not
/// rules.
fn rule_files(rules: &Path) -> BTreeSet<PathBuf> {
    let declares = Regex::new(
        r"(?m)^[ \t]*(?:(?:[\w:]*::)?rule![ \t]*[{(\[]|pub(?:\([\w:]+\))?[ \t]+const[ \t]+RULE\b)",
    )
    .expect("valid regex");
    let mut found = BTreeSet::new();
    let mut pending = vec![rules.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable source folder") {
            let path = entry.expect("readable entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if dir != rules
                && path.extension().is_some_and(|e| e == "rs")
                && declares.is_match(&std::fs::read_to_string(&path).expect("readable source"))
            {
                found.insert(path);
            }
        }
    }
    found
}

/// Rule files not in the registry, and registry entries whose file declares no rule.
fn unregistered(files: &BTreeSet<PathBuf>, sources: &[&str]) -> (Vec<String>, Vec<String>) {
    let registered = |file: &PathBuf| sources.iter().any(|s| file.ends_with(s));
    let missing = files
        .iter()
        .filter(|f| !registered(f))
        .map(|f| f.display().to_string())
        .collect();
    let stray = sources
        .iter()
        .filter(|s| !files.iter().any(|f| f.ends_with(s)))
        .map(|s| s.to_string())
        .collect();
    (missing, stray)
}

/// Ids used twice, and ids that are not kebab-case.
fn id_problems(ids: &[&str]) -> Vec<String> {
    let kebab = Regex::new(r"^[a-z]+(-[a-z]+)*$").expect("valid regex");
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();
    for id in ids {
        if !seen.insert(*id) {
            problems.push(format!("“{id}” is used by two rules"));
        }
        if !kebab.is_match(id) {
            problems.push(format!("“{id}” is not kebab-case (^[a-z]+(-[a-z]+)*$)"));
        }
    }
    problems
}

/// Documentation fields left empty.
fn undocumented(info: &RuleInfo) -> Vec<&'static str> {
    [
        ("title", info.title),
        ("basis", info.basis),
        ("citation", info.citation),
        ("summary", info.summary),
        ("example", info.example),
        ("limits", info.limits),
        ("remedy", info.remedy),
    ]
    .into_iter()
    .filter(|(_, text)| text.trim().is_empty())
    .map(|(name, _)| name)
    .collect()
}

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules")
}

#[test]
fn every_rule_file_is_registered() {
    let sources: Vec<&str> = REGISTRY.iter().map(|r| r.source).collect();
    let (missing, stray) = unregistered(&rule_files(&rules_dir()), &sources);
    assert!(
        missing.is_empty(),
        "rule files not in rules::REGISTRY (add their RULE to it): {missing:?}"
    );
    assert!(
        stray.is_empty(),
        "REGISTRY entries whose source declares no RULE: {stray:?}"
    );
}

#[test]
fn an_unregistered_rule_file_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mod.rs"), "    pub const RULE: Rule = x;\n").unwrap();
    let family = dir.path().join("family");
    std::fs::create_dir(&family).unwrap();
    std::fs::write(family.join("mod.rs"), "pub mod new;\nfn shared() {}\n").unwrap();
    std::fs::write(family.join("old.rs"), "rule! {\n    id: \"x-old\",\n}\n").unwrap();
    std::fs::write(
        family.join("new.rs"),
        "pub(crate) const RULE: Rule = Rule {};\n",
    )
    .unwrap();
    std::fs::write(family.join("doc.rs"), "//! rule! {\n/// pub const RULE\n").unwrap();
    let files = rule_files(dir.path());
    assert_eq!(files.len(), 2, "{files:?}");
    let (missing, stray) = unregistered(&files, &["family/old.rs", "family/gone.rs"]);
    assert_eq!(missing.len(), 1);
    assert!(missing[0].ends_with("new.rs"), "{missing:?}");
    assert_eq!(stray, ["family/gone.rs"]);
}

#[test]
fn ids_are_unique_and_kebab_case() {
    let ids: Vec<&str> = REGISTRY.iter().map(|r| r.info.id).collect();
    assert_eq!(id_problems(&ids), Vec::<String>::new());
    assert_eq!(
        id_problems(&["disclosure-late", "column-empty", "disclosure-late"]).len(),
        1,
        "a collision"
    );
    for bad in [
        "Disclosure-late",
        "disclosure_late",
        "late-",
        "-late",
        "a--b",
        "r2",
        "",
    ] {
        assert_eq!(id_problems(&[bad]).len(), 1, "“{bad}”");
    }
}

#[test]
fn every_rule_is_documented() {
    for rule in REGISTRY {
        assert_eq!(
            undocumented(&rule.info),
            Vec::<&str>::new(),
            "{} lacks documentation",
            rule.info.id
        );
    }
    let blank = RuleInfo {
        limits: " ",
        ..REGISTRY[0].info
    };
    assert_eq!(undocumented(&blank), ["limits"]);
}

/// Identity parts that are empty, not snake/kebab-case names, used twice or unlabelled.
fn identity_problems(identity: &[super::IdentityPart]) -> Vec<String> {
    let name = Regex::new(r"^[a-z][a-z0-9]*([_-][a-z0-9]+)*\??$").expect("valid regex");
    let mut problems = Vec::new();
    if identity.is_empty() {
        problems.push("no identity".to_string());
    }
    let mut seen = BTreeSet::new();
    for part in identity {
        if !name.is_match(part.key) {
            problems.push(format!("“{}” is not a snake/kebab-case key", part.key));
        }
        if !seen.insert(part.name()) {
            problems.push(format!("“{}” is named twice", part.name()));
        }
        if part.label.trim().is_empty() {
            problems.push(format!("“{}” has no label", part.key));
        }
    }
    if !identity.is_empty() && identity.iter().all(|p| p.optional()) {
        problems.push("every part is optional".to_string());
    }
    problems
}

#[test]
fn every_rule_declares_its_identity() {
    for rule in REGISTRY {
        assert_eq!(
            identity_problems(rule.info.identity),
            Vec::<String>::new(),
            "{}",
            rule.info.id
        );
    }
    use super::IdentityPart as P;
    let part = |key| P { key, label: "x" };
    assert_eq!(identity_problems(&[]).len(), 1);
    for bad in ["Url", "1year", "a b", "row??", "", "-x"] {
        assert_eq!(
            identity_problems(&[part("url"), part(bad)]).len(),
            1,
            "{bad}"
        );
    }
    assert_eq!(identity_problems(&[part("url"), part("url?")]).len(), 1);
    assert_eq!(identity_problems(&[part("row?")]).len(), 1);
    assert_eq!(
        identity_problems(&[P {
            key: "url",
            label: " "
        }])
        .len(),
        1
    );
    assert!(identity_problems(&[part("url"), part("class_label"), part("row?")]).is_empty());
}
