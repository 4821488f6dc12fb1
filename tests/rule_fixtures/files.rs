//! The files of a rule's fixture folder: `case.toml` settings and `expected.json` findings.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

pub const UPDATE_VAR: &str = "GONGKAI_UPDATE_FIXTURES";
/// A mirror without a `SiteDomain` tag on its home page is read as this site.
pub const FALLBACK_SITE: &str = "http://localhost/";

/// `case.toml`: the shared one of a rule folder, and a case's own overriding it field by field.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    pub as_of: Option<String>,
    pub period: Option<String>,
    pub profile: Option<String>,
    /// What the cases test, a line `<case>: …` each (in a case's own file: what it tests).
    #[serde(rename = "README")]
    pub readme: Option<String>,
    /// Site paths the portal links to that the saved copy does not hold.
    #[serde(default)]
    pub unsaved: Vec<String>,
}

impl CaseFile {
    pub fn read(path: &Path) -> Result<Option<Self>, String> {
        if !path.is_file() {
            return Ok(None);
        }
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        toml::from_str(&text)
            .map(Some)
            .map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn overridden_by(&self, case: &CaseFile) -> CaseFile {
        CaseFile {
            as_of: case.as_of.clone().or_else(|| self.as_of.clone()),
            period: case.period.clone().or_else(|| self.period.clone()),
            profile: case.profile.clone().or_else(|| self.profile.clone()),
            readme: case.readme.clone().or_else(|| self.readme.clone()),
            unsaved: self.unsaved.iter().chain(&case.unsaved).cloned().collect(),
        }
    }
}

/// The settings one case runs with.
#[derive(Debug)]
pub struct Settings {
    pub as_of: String,
    pub period: Option<String>,
    pub profile: Option<String>,
}

/// Files a rule folder may hold besides its case folders.
pub const FOLDER_FILES: &[&str] = &["case.toml", "expected.json", "README.md"];

pub fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules")
}

pub fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    entries.sort();
    Ok(entries)
}

pub fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `expected.json`: case name → findings, keys sorted.
pub type Expected = BTreeMap<String, Vec<Value>>;

pub fn read_expected(path: &Path) -> Result<Expected, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// A finding's fields in the order `Finding` declares them (serde_json sorts object keys).
pub const FIELD_ORDER: &[&str] = &[
    "rule",
    "severity",
    "url",
    "title",
    "message",
    "evidence",
    "fingerprint",
];

/// Serialises a finding with its fields in [`FIELD_ORDER`], any others after them.
pub struct Ordered<'a>(pub &'a Value);

impl serde::Serialize for Ordered<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let Some(object) = self.0.as_object() else {
            return self.0.serialize(serializer);
        };
        let rank = |key: &str| FIELD_ORDER.iter().position(|k| *k == key);
        let mut keys: Vec<&String> = object.keys().collect();
        keys.sort_by_key(|k| (rank(k).unwrap_or(FIELD_ORDER.len()), k.as_str()));
        let mut map = serializer.serialize_map(Some(keys.len()))?;
        for key in keys {
            map.serialize_entry(key, &object[key])?;
        }
        map.end()
    }
}

pub fn write_expected(path: &Path, expected: &Expected) -> Result<(), String> {
    let ordered: BTreeMap<&String, Vec<Ordered<'_>>> = expected
        .iter()
        .map(|(case, findings)| (case, findings.iter().map(Ordered).collect()))
        .collect();
    let mut text = serde_json::to_string_pretty(&ordered).map_err(|e| e.to_string())?;
    text.push('\n');
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

impl Settings {
    pub fn describe(&self) -> String {
        let mut text = format!("as_of {}", self.as_of);
        if let Some(period) = &self.period {
            let _ = write!(text, ", period {period}");
        }
        if let Some(profile) = &self.profile {
            let _ = write!(text, ", profile {profile}");
        }
        text
    }
}
