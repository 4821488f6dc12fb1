//! Reading the portfolio's TOML with every key's position, so each problem names its line.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::{Spanned, Value};
use url::Url;

use super::{Contact, EntryProblem, PortalSettings, Portfolio, PortfolioEntry, RunSettings};
use crate::alerts::config::{AlertsConfig, RawPortalAlerts};
use crate::error::{ConfigError, FileKind};
use crate::history::Portal;
use crate::indicators::IndicatorTable;

/// A TOML table with the position of every key and value.
type RawTable = BTreeMap<Spanned<String>, Spanned<Value>>;

/// The `[[portal]]` entries, each with its own position.
#[derive(Deserialize)]
struct Entries {
    #[serde(default)]
    portal: Vec<Spanned<RawTable>>,
}

const SETTING_KEYS: &[&str] = &[
    "profile",
    "indicators",
    "max_pages",
    "max_depth",
    "rate",
    "deadline",
    "within_path",
    "check_external",
];
const TOP_KEYS: &[&str] = &[
    "db",
    "out",
    "concurrency",
    "checks",
    "deadline_days",
    "user_agent",
    "requests",
    "reverify_every",
    "keep_pages",
    "keep_findings",
    "notices",
    "portal",
    "alerts",
];
const ENTRY_KEYS: &[&str] = &["name", "url", "unit", "contact", "departments", "alerts"];

pub(super) fn parse(text: &str, file: &Path) -> Result<Portfolio, ConfigError> {
    let toml_error = |e: &toml::de::Error| ConfigError::toml(FileKind::Portfolio, file, text, e);
    let top: RawTable = toml::from_str(text).map_err(|e| toml_error(&e))?;
    let entries: Entries = toml::from_str(text).map_err(|e| toml_error(&e))?;
    let folder = match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        None | Some(_) => PathBuf::from("."),
    };
    let mut top = Fields::new(text, file, &folder, top, "");
    let db = top.take::<String>("db")?.map(|db| top.location(db));
    let out = top.take::<String>("out")?.map(|out| folder.join(out));
    let concurrency = top.positive("concurrency")?;
    let run = RunSettings {
        checks: top.take::<String>("checks")?.map(|c| folder.join(c)),
        deadline_days: top.take("deadline_days")?,
        user_agent: top.take("user_agent")?,
        requests: top.positive("requests")?,
        reverify_every: top.positive("reverify_every")?,
        keep_pages: top.positive("keep_pages")?,
        keep_findings: top.positive("keep_findings")?,
        notices: top.take("notices")?,
    };
    let defaults = top.settings()?;
    top.map.remove("portal");
    top.map.remove("alerts");
    let alerts = crate::alerts::config::parse(text, file)?;
    top.reject_unknown(&[TOP_KEYS, SETTING_KEYS].concat())?;

    let mut portals: Vec<PortfolioEntry> = Vec::new();
    let mut problems = Vec::new();
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut keys: HashMap<String, usize> = HashMap::new();
    for raw in entries.portal {
        let line = line_of(text, raw.span().start);
        let fields = Fields::new(text, file, &folder, raw.into_inner(), "[[portal]] ");
        let name = fields.peek_str("name");
        let url = fields.peek_str("url");
        let problem = |error| EntryProblem {
            name: name.clone(),
            url: url.clone(),
            error,
        };
        let entry = match entry(fields, line, alerts.as_ref()) {
            Ok(entry) => entry,
            Err(error) => {
                problems.push(problem(error));
                continue;
            }
        };
        let here = ConfigError::new(FileKind::Portfolio, file, String::new());
        let here = ConfigError {
            line: Some(line),
            ..here
        };
        if let Some(first) = names.get(&entry.name) {
            problems.push(problem(ConfigError {
                message: format!("网站名称“{}”与第{first}行的条目重复", entry.name),
                ..here
            }));
            continue;
        }
        let key = Portal::of_url(&entry.url, None).key;
        if let Some(first) = keys.get(&key) {
            problems.push(problem(ConfigError {
                message: format!("地址 {} 与第{first}行的条目重复", entry.url),
                ..here
            }));
            continue;
        }
        names.insert(entry.name.clone(), line);
        keys.insert(key, line);
        portals.push(entry);
    }
    Ok(Portfolio {
        file: file.to_path_buf(),
        db,
        out,
        concurrency,
        defaults,
        run,
        portals,
        problems,
        alerts,
    })
}

/// One `[[portal]]` entry, or the first thing wrong with it.
fn entry(
    mut fields: Fields<'_>,
    line: usize,
    top_alerts: Option<&AlertsConfig>,
) -> Result<PortfolioEntry, ConfigError> {
    let name = fields.take::<String>("name")?.map(|n| n.trim().to_string());
    let Some(name) = name.filter(|n| !n.is_empty()) else {
        return Err(fields.at_line(line, "缺少网站名称 name"));
    };
    let Some(url_text) = fields.take::<String>("url")? else {
        return Err(fields.at_line(line, &format!("“{name}”缺少地址 url")));
    };
    let url_line = fields.line_of_key("url").unwrap_or(line);
    let url = match Url::parse(url_text.trim()) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => url,
        Ok(_) => {
            return Err(fields.at_line(
                url_line,
                &format!("“{name}”的地址“{url_text}”不是 http(s) 网址"),
            ));
        }
        Err(e) => {
            return Err(fields.at_line(url_line, &format!("“{name}”的地址“{url_text}”无效（{e}）")));
        }
    };
    let unit = fields.take("unit")?;
    let contacts = fields
        .take::<Vec<RawContact>>("contact")?
        .unwrap_or_default();
    let contacts = contacts.into_iter().map(RawContact::into_contact).collect();
    let alerts = match fields.take::<RawPortalAlerts>("alerts")? {
        None => None,
        Some(raw) => Some(raw.check(top_alerts).map_err(|message| {
            fields.at_line(fields.line_of_key("alerts").unwrap_or(line), &message)
        })?),
    };
    let departments = fields.departments()?;
    let settings = fields.settings()?;
    fields.reject_unknown(&[ENTRY_KEYS, SETTING_KEYS].concat())?;
    Ok(PortfolioEntry {
        name,
        url,
        unit,
        contacts,
        departments,
        settings,
        line,
        alerts,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    role: Option<String>,
    name: String,
    phone: Option<String>,
    email: Option<String>,
}

impl RawContact {
    fn into_contact(self) -> Contact {
        Contact {
            role: self.role,
            name: self.name,
            phone: self.phone,
            email: self.email,
        }
    }
}

/// The 1-based line of byte `offset`.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// A table's keys, taken one by one; what is left at the end is unknown.
struct Fields<'a> {
    text: &'a str,
    file: &'a Path,
    folder: &'a Path,
    map: RawTable,
    /// How a message names the table: `""` for the top level, `"[[portal]] "` for an entry.
    table: &'static str,
    /// Lines of the keys taken, for messages about their values.
    lines: HashMap<String, usize>,
}

impl<'a> Fields<'a> {
    fn new(
        text: &'a str,
        file: &'a Path,
        folder: &'a Path,
        map: RawTable,
        table: &'static str,
    ) -> Self {
        Self {
            text,
            file,
            folder,
            map,
            table,
            lines: HashMap::new(),
        }
    }

    fn at_line(&self, line: usize, message: &str) -> ConfigError {
        ConfigError {
            line: Some(line),
            ..ConfigError::new(FileKind::Portfolio, self.file, message)
        }
    }

    fn line_of_key(&self, key: &str) -> Option<usize> {
        self.lines.get(key).copied()
    }

    /// A string value without taking it, for naming an entry in a message about it.
    fn peek_str(&self, key: &str) -> Option<String> {
        self.map
            .get(key)
            .and_then(|v| v.get_ref().as_str())
            .map(str::to_string)
    }

    /// The value of `key` as a `T`, if present; a value of the wrong type names its line.
    fn take<T: DeserializeOwned>(&mut self, key: &str) -> Result<Option<T>, ConfigError> {
        let Some((spanned_key, value)) = self.map.remove_entry(key) else {
            return Ok(None);
        };
        let line = line_of(self.text, spanned_key.span().start);
        self.lines.insert(key.to_string(), line);
        let value = value.into_inner();
        let shown = value.to_string();
        value.try_into::<T>().map(Some).map_err(|e| {
            let reason = e.message().trim().to_string();
            self.at_line(
                line,
                &format!("{}{key} 的值 {shown} 不合要求：{reason}", self.table),
            )
        })
    }

    /// `departments`: 责任部门 by rule id, `"*"` for every rule; an unknown rule names its line.
    fn departments(&mut self) -> Result<BTreeMap<String, String>, ConfigError> {
        let departments: BTreeMap<String, String> = self.take("departments")?.unwrap_or_default();
        let line = self.line_of_key("departments").unwrap_or(1);
        for (rule, department) in &departments {
            if rule != "*" && crate::rules::info(rule).is_none() {
                return Err(self.at_line(
                    line,
                    &format!(
                        "{}departments 中没有编号为“{rule}”的规则（\"*\" 表示全部问题；gongkai rules 列出全部规则）",
                        self.table
                    ),
                ));
            }
            if department.trim().is_empty() {
                return Err(self.at_line(
                    line,
                    &format!("{}departments 中“{rule}”的部门不能为空", self.table),
                ));
            }
        }
        Ok(departments)
    }

    /// A whole number of at least 1.
    fn positive(&mut self, key: &str) -> Result<Option<usize>, ConfigError> {
        match self.take::<usize>(key)? {
            Some(0) => Err(self.at_line(
                self.line_of_key(key).unwrap_or(1),
                &format!("{}{key} 应至少为 1", self.table),
            )),
            other => Ok(other),
        }
    }

    /// `indicators`: one table or a list, each a shipped table's name or a file (against the
    /// folder).
    fn indicator_tables(&mut self) -> Result<Option<Vec<PathBuf>>, ConfigError> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum OneOrMore {
            One(String),
            More(Vec<String>),
        }
        let Some(tables) = self.take::<OneOrMore>("indicators")? else {
            return Ok(None);
        };
        let names = match tables {
            OneOrMore::One(name) => vec![name],
            OneOrMore::More(names) => names,
        };
        if names.is_empty() {
            return Err(self.at_line(
                self.line_of_key("indicators").unwrap_or(1),
                &format!("{}indicators 至少应列出一个指标表", self.table),
            ));
        }
        Ok(Some(
            names
                .into_iter()
                .map(|name| {
                    if IndicatorTable::is_shipped(&name) {
                        PathBuf::from(name)
                    } else {
                        self.folder.join(name)
                    }
                })
                .collect(),
        ))
    }

    /// A store location: a `postgres://` URL as it is, a file path against the folder.
    fn location(&self, db: String) -> String {
        if db.starts_with("postgres://") || db.starts_with("postgresql://") {
            db
        } else {
            self.folder.join(db).display().to_string()
        }
    }

    /// The per-portal settings of this table.
    fn settings(&mut self) -> Result<PortalSettings, ConfigError> {
        let profile = self.take::<String>("profile")?.map(|profile| {
            let file = self.folder.join(&profile);
            if file.is_file() {
                file.display().to_string()
            } else {
                profile
            }
        });
        let deadline = match self.take::<Value>("deadline")? {
            None => None,
            Some(value) => Some(self.duration("deadline", &value)?),
        };
        let rate = self.take::<f64>("rate")?;
        if let Some(rate) = rate.filter(|r| !r.is_finite() || *r < 0.0) {
            return Err(self.at_line(
                self.line_of_key("rate").unwrap_or(1),
                &format!(
                    "{}rate 应为不小于 0 的数（每秒请求数），而不是 {rate}",
                    self.table
                ),
            ));
        }
        Ok(PortalSettings {
            profile,
            indicators: self.indicator_tables()?,
            max_pages: self.positive("max_pages")?,
            max_depth: self.take("max_depth")?,
            rate,
            deadline,
            within_path: self.take("within_path")?,
            check_external: self.take("check_external")?,
        })
    }

    /// `"30m"`, `"2h"`, `"45s"` or a number of seconds.
    fn duration(&self, key: &str, value: &Value) -> Result<Duration, ConfigError> {
        let parsed = match value {
            Value::String(text) => crate::text::parse_duration(text),
            Value::Integer(n) if *n > 0 => Ok(Duration::from_secs(*n as u64)),
            other => Err(format!("时长 {other} 应写作 \"30m\"、\"2h\" 或秒数")),
        };
        parsed.map_err(|reason| {
            self.at_line(
                self.line_of_key(key).unwrap_or(1),
                &format!("{}{key}：{reason}", self.table),
            )
        })
    }

    /// Every key not taken is unknown: the first one (by position) is the error.
    fn reject_unknown(self, known: &[&str]) -> Result<(), ConfigError> {
        let Some(key) = self.map.keys().min_by_key(|k| k.span().start) else {
            return Ok(());
        };
        let line = line_of(self.text, key.span().start);
        Err(self.at_line(
            line,
            &format!(
                "{}不认识的设置“{}”（可用：{}）",
                self.table,
                key.get_ref(),
                known.join("、")
            ),
        ))
    }
}
