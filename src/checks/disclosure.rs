//! `checks/disclosure.toml`: the 20-working-day rule's limits (条例第二十六条).

use serde::Deserialize;

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
