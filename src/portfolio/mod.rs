//! A portfolio (名单): the portals one office watches, with who answers for each, read from a
//! TOML file for `gongkai monitor`. A bad entry is reported with its file and line and left
//! out, so one typo never stops a night's checks of the other portals.

mod parse;
pub mod shard;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;
use url::Url;

use crate::error::{ConfigError, Error, FileKind, Usage};
use crate::history::Portal;

pub use shard::Shard;

/// Portals run at once when the portfolio and the command line do not say.
pub const DEFAULT_CONCURRENCY: usize = 4;

/// A read portfolio: its settings, the portals it lists, and the entries left out.
#[derive(Debug, Clone)]
pub struct Portfolio {
    /// The file it was read from.
    pub file: PathBuf,
    /// The history store: a `postgres://` URL, or a file path (relative to the portfolio file).
    pub db: Option<String>,
    /// The output folder (relative to the portfolio file).
    pub out: Option<PathBuf>,
    /// Portals run at once.
    pub concurrency: Option<usize>,
    /// Settings every portal has unless its entry says otherwise.
    pub defaults: PortalSettings,
    /// Settings of the whole run only.
    pub run: RunSettings,
    /// The valid entries, in file order.
    pub portals: Vec<PortfolioEntry>,
    /// The entries left out, each with what was wrong.
    pub problems: Vec<EntryProblem>,
    /// `[alerts]`: where a run's news goes; `None` (the default) sends none.
    pub alerts: Option<crate::alerts::AlertsConfig>,
}

/// What the portfolio sets for every portal of the run, never per portal.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunSettings {
    /// The locality data folder (`checks/`), relative to the portfolio file.
    pub checks: Option<PathBuf>,
    /// Working days the 整改清单 allows.
    pub deadline_days: Option<u32>,
    pub user_agent: Option<String>,
    /// Requests in flight per portal.
    pub requests: Option<usize>,
    /// The history: articles verified at least once every this many runs
    /// (`--reverify-every`), page records kept for this many runs (`--keep-pages`), findings
    /// for this many (`--keep-findings`; forever when not set).
    pub reverify_every: Option<usize>,
    pub keep_pages: Option<usize>,
    pub keep_findings: Option<usize>,
    /// `[notices]`: who issues the 交办单 / 催办单 / 督办通知单 (over `rectification.toml`'s
    /// `[issuer]`, field by field).
    pub notices: Option<NoticeIssuer>,
}

/// The portfolio's `[notices]` table.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeIssuer {
    /// 发文单位.
    pub issuer: Option<String>,
    /// 联系人.
    pub contact: Option<String>,
    /// 联系电话.
    pub phone: Option<String>,
}

impl NoticeIssuer {
    /// `issuer` with what this table sets.
    pub fn apply(&self, issuer: &mut crate::checks::rectification::Issuer) {
        let set = |field: &mut String, value: &Option<String>| {
            if let Some(value) = value {
                *field = value.clone();
            }
        };
        set(&mut issuer.name, &self.issuer);
        set(&mut issuer.contact, &self.contact);
        set(&mut issuer.phone, &self.phone);
    }
}

impl RunSettings {
    /// The history options these settings give (the defaults where they say nothing).
    pub fn history(&self) -> crate::history::HistoryOptions {
        let defaults = crate::history::HistoryOptions::default();
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        crate::history::HistoryOptions {
            reverify_every: self.reverify_every.map_or(defaults.reverify_every, count),
            keep_page_runs: self.keep_pages.map_or(defaults.keep_page_runs, count),
            keep_finding_runs: self.keep_findings.map(count).or(defaults.keep_finding_runs),
        }
    }
}

/// Settings a portal entry may give, each falling back to the portfolio's default.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PortalSettings {
    /// A built-in profile name, or a profile file (relative to the portfolio file).
    pub profile: Option<String>,
    /// The indicator table (relative to the portfolio file).
    /// The indicator tables, the first the main one (shipped names as they are, files
    /// relative to the portfolio file); more than one are scored side by side.
    pub indicators: Option<Vec<PathBuf>>,
    pub max_pages: Option<usize>,
    pub max_depth: Option<u32>,
    /// Requests per second to the portal's host; 0 for no limit.
    pub rate: Option<f64>,
    /// The portal's crawl time limit.
    pub deadline: Option<Duration>,
    pub within_path: Option<bool>,
    /// Check the links leaving the portal too (`--check-external`).
    pub check_external: Option<bool>,
}

impl PortalSettings {
    /// These settings, with `defaults` wherever they say nothing.
    pub fn or(&self, defaults: &PortalSettings) -> PortalSettings {
        PortalSettings {
            profile: self.profile.clone().or_else(|| defaults.profile.clone()),
            indicators: self
                .indicators
                .clone()
                .or_else(|| defaults.indicators.clone()),
            max_pages: self.max_pages.or(defaults.max_pages),
            max_depth: self.max_depth.or(defaults.max_depth),
            rate: self.rate.or(defaults.rate),
            deadline: self.deadline.or(defaults.deadline),
            within_path: self.within_path.or(defaults.within_path),
            check_external: self.check_external.or(defaults.check_external),
        }
    }
}

/// Someone answerable for a portal: who the alerts of a problem go to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// 负责人, 联系人 … as the office calls it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// One portal of the portfolio.
#[derive(Debug, Clone, PartialEq)]
pub struct PortfolioEntry {
    pub name: String,
    pub url: Url,
    /// 责任单位.
    pub unit: Option<String>,
    pub contacts: Vec<Contact>,
    /// 责任部门 of its problems: `"*"` for all, or per rule id (`departments = { "*" =
    /// "网站管理科", "link-broken" = "信息中心" }`).
    pub departments: std::collections::BTreeMap<String, String>,
    /// Its own settings, not yet merged with the defaults: see [`Portfolio::settings`].
    pub settings: PortalSettings,
    /// The line of its `[[portal]]` header.
    pub line: usize,
    /// Its own `alerts = { … }`, added to the portfolio's `[alerts]`.
    pub alerts: Option<crate::alerts::PortalAlerts>,
}

impl PortfolioEntry {
    /// The portal as the history store keys it.
    pub fn portal(&self) -> Portal {
        Portal {
            unit: self.unit.clone(),
            ..Portal::of_url(&self.url, Some(self.name.clone()))
        }
    }
}

/// An entry left out: where it is (and its name when it has one) and why.
#[derive(Debug, Clone)]
pub struct EntryProblem {
    pub name: Option<String>,
    pub url: Option<String>,
    pub error: ConfigError,
}

impl Portfolio {
    /// Reads `file`. A file that does not parse, or whose top-level settings are wrong, is an
    /// error; a bad `[[portal]]` entry goes to [`Portfolio::problems`] and the others are kept.
    pub fn load(file: &Path) -> Result<Portfolio, Error> {
        let text =
            std::fs::read_to_string(file).map_err(Error::reading(FileKind::Portfolio, file))?;
        Ok(parse::parse(&text, file)?)
    }

    /// The folder relative paths in the file are read against.
    pub fn folder(&self) -> &Path {
        match self.file.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        }
    }

    /// The settings `entry` runs with: its own, then the portfolio's defaults.
    pub fn settings(&self, entry: &PortfolioEntry) -> PortalSettings {
        entry.settings.or(&self.defaults)
    }

    /// The entries named in `names` (all when empty); a name the portfolio does not list is an
    /// error naming the file.
    pub fn select(&self, names: &[String]) -> Result<Vec<&PortfolioEntry>, Error> {
        if names.is_empty() {
            return Ok(self.portals.iter().collect());
        }
        let mut chosen = Vec::new();
        for name in names {
            match self.portals.iter().find(|p| &p.name == name) {
                Some(entry) => chosen.push(entry),
                None => {
                    return Err(Usage::UnknownPortal {
                        file: self.file.clone(),
                        name: name.clone(),
                    }
                    .into());
                }
            }
        }
        chosen.dedup_by(|a, b| a.name == b.name);
        Ok(chosen)
    }
}

/// A folder name for a portal's reports: its name with the characters file systems refuse
/// replaced, unique among `taken` (a number appended when two names come out the same).
pub fn folder_name(name: &str, taken: &mut std::collections::HashSet<String>) -> String {
    let cleaned: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let base = match cleaned.trim_matches('.') {
        "" => "portal".to_string(),
        s => s.to_string(),
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests;
