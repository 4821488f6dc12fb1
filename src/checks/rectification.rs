//! How problems are routed and chased (`rectification.toml`): the deadline in working days, when a
//! 催办单 and a 督办通知单 follow, who issues them, per-rule departments and deadlines, and the
//! monthly 通报's deductions (邓政办〔2018〕127号).

use std::collections::BTreeMap;

use serde::Deserialize;

/// The shipped defaults.
pub const SHIPPED: &str = include_str!("../../checks/rectification.toml");

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RectificationChecks {
    /// Working days from 交办 to the deadline.
    pub deadline_days: u32,
    /// Working days after the deadline before a run still finding the problem issues a 催办单.
    pub remind_after_days: u32,
    /// Working days after the 催办单 before a run still finding it issues a 督办通知单.
    pub supervise_after_days: u32,
    /// Working days a 催办单 / 督办通知单 gives to report the result.
    pub respond_within_days: u32,
    pub issuer: Issuer,
    /// Per rule id: another department or deadline.
    #[serde(default)]
    pub rule: BTreeMap<String, RulePolicy>,
    /// Every problem of the portal goes to this department, whatever its row says (a
    /// portfolio entry's `departments."*"`); set by the run, not read from the file.
    #[serde(skip)]
    pub department_override: Option<String>,
    pub bulletin: BulletinPolicy,
}

/// Who issues the documents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
    /// 发文单位, e.g. 某某市人民政府办公室.
    pub name: String,
    /// 联系人.
    #[serde(default)]
    pub contact: String,
    /// 联系电话.
    #[serde(default)]
    pub phone: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulePolicy {
    pub department: Option<String>,
    pub deadline_days: Option<u32>,
}

/// The 百分制 score of a 责任部门 in a 通报.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct BulletinPolicy {
    pub base: f64,
    pub per_reminder: f64,
    pub per_supervision: f64,
    pub per_interview: f64,
    /// Working days after a 督办通知单 an item still open counts as a 约谈.
    pub interview_after_days: u32,
    /// Below it, no 先进.
    pub merit_line: f64,
}

impl RectificationChecks {
    /// The department a problem of `rule` goes to, given its indicator row's department.
    pub fn department_for(&self, rule: &str, row_department: &str) -> String {
        self.department_override
            .clone()
            .or_else(|| self.rule.get(rule).and_then(|r| r.department.clone()))
            .unwrap_or_else(|| row_department.to_string())
    }

    /// Working days a problem of `rule` has, given its indicator row's own deadline (if the
    /// table gives one).
    pub fn deadline_days_for(&self, rule: &str, row_days: Option<u32>) -> u32 {
        self.rule
            .get(rule)
            .and_then(|r| r.deadline_days)
            .or(row_days)
            .unwrap_or(self.deadline_days)
    }
}

impl Default for RectificationChecks {
    fn default() -> Self {
        toml::from_str(SHIPPED).expect("the shipped rectification.toml is valid")
    }
}
