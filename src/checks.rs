//! The data a locality edits, kept in `checks/`: limits and column lists the rules read.
//! Defaults are embedded; `--checks DIR` replaces any file found there.

use std::path::{Path, PathBuf};

use serde::Deserialize;

const DISCLOSURE_FILE: &str = "disclosure.toml";
const DEFAULT_DISCLOSURE: &str = include_str!("../checks/disclosure.toml");

#[derive(Debug, thiserror::Error)]
pub enum ChecksError {
    #[error("配置文件 {file} 无法读取：{source}")]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("配置文件 {file} 格式错误：{message}")]
    Format { file: PathBuf, message: String },
}

/// A column-specific disclosure limit.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnLimit {
    pub columns: Vec<String>,
    pub working_days: u32,
    #[serde(default)]
    pub basis: Option<String>,
}

/// `checks/disclosure.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisclosureChecks {
    pub working_days: u32,
    pub dated_columns: Vec<String>,
    pub block_share: f64,
    pub date_tolerance_days: i64,
    #[serde(default)]
    pub column_limit: Vec<ColumnLimit>,
}

impl DisclosureChecks {
    /// The limit for an article on `column_path`, and the rule it comes from when it is not
    /// the 条例's 20 days.
    pub fn limit_for(&self, column_path: &[String]) -> (u32, Option<&str>) {
        self.column_limit
            .iter()
            .find(|l| column_path.iter().any(|c| l.columns.contains(c)))
            .map(|l| (l.working_days, l.basis.as_deref()))
            .unwrap_or((self.working_days, None))
    }

    pub fn requires_dates(&self, column_path: &[String]) -> bool {
        column_path.iter().any(|c| self.dated_columns.contains(c))
    }
}

#[derive(Debug, Clone)]
pub struct Checks {
    pub disclosure: DisclosureChecks,
}

impl Checks {
    /// The shipped defaults.
    pub fn defaults() -> Self {
        Self {
            disclosure: parse(DEFAULT_DISCLOSURE, Path::new("checks/disclosure.toml"))
                .expect("embedded checks are valid"),
        }
    }

    /// Defaults, with every file present in `dir` taking the place of the shipped one.
    pub fn load(dir: Option<&Path>) -> Result<Self, ChecksError> {
        let mut checks = Self::defaults();
        if let Some(dir) = dir {
            let file = dir.join(DISCLOSURE_FILE);
            if file.is_file() {
                let text = std::fs::read_to_string(&file).map_err(|source| ChecksError::Read {
                    file: file.clone(),
                    source,
                })?;
                checks.disclosure = parse(&text, &file)?;
            }
        }
        Ok(checks)
    }
}

fn parse<T: for<'de> Deserialize<'de>>(text: &str, file: &Path) -> Result<T, ChecksError> {
    toml::from_str(text).map_err(|e| ChecksError::Format {
        file: file.to_path_buf(),
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_load_and_limits_apply_per_column() {
        let checks = Checks::defaults();
        assert_eq!(checks.disclosure.working_days, 20);
        let mut d = checks.disclosure.clone();
        d.column_limit.push(ColumnLimit {
            columns: vec!["政府采购".into()],
            working_days: 2,
            basis: None,
        });
        assert_eq!(
            d.limit_for(&["法定主动公开内容".into(), "政府采购".into()])
                .0,
            2
        );
        assert_eq!(d.limit_for(&["政策文件".into()]).0, 20);
    }

    #[test]
    fn a_bad_file_names_itself_and_the_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("disclosure.toml"),
            "working_days = \"twenty\"\n",
        )
        .unwrap();
        let err = Checks::load(Some(dir.path())).unwrap_err().to_string();
        assert!(err.contains("disclosure.toml"), "{err}");
        assert!(err.contains("line 1"), "{err}");
    }
}
