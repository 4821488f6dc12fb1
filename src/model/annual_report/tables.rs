//! The tables of a 年度报告 as data: table 三 (applications: 7 applicant columns × 25 rows) and
//! table 四 (15 复议/诉讼 numbers), with names for the columns and rows the relations use.

use serde::{Deserialize, Serialize};

/// Table 三's columns, in the national format's order (named in code by [`Table3Column`]).
pub const APPLICANTS: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

/// Table 四's 15 columns: three groups of five (named in code by [`Table4Group`] and
/// [`Table4Column`]).
pub const REVIEW_COLUMNS: [&str; 15] = [
    "行政复议-结果维持",
    "行政复议-结果纠正",
    "行政复议-其他结果",
    "行政复议-尚未审结",
    "行政复议-总计",
    "未经复议直接起诉-结果维持",
    "未经复议直接起诉-结果纠正",
    "未经复议直接起诉-其他结果",
    "未经复议直接起诉-尚未审结",
    "未经复议直接起诉-总计",
    "复议后起诉-结果维持",
    "复议后起诉-结果纠正",
    "复议后起诉-其他结果",
    "复议后起诉-尚未审结",
    "复议后起诉-总计",
];

/// A column of table 三 ([`APPLICANTS`] names them, in this order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table3Column {
    NaturalPerson,
    Business,
    Research,
    PublicInterest,
    LegalService,
    Other,
    /// 总计: the six applicant columns added up.
    Total,
}

impl Table3Column {
    /// The six applicant columns that 总计 adds up.
    pub const BY_APPLICANT: [Self; 6] = [
        Self::NaturalPerson,
        Self::Business,
        Self::Research,
        Self::PublicInterest,
        Self::LegalService,
        Self::Other,
    ];
    /// Every column, 总计 last.
    pub const ALL: [Self; 7] = [
        Self::NaturalPerson,
        Self::Business,
        Self::Research,
        Self::PublicInterest,
        Self::LegalService,
        Self::Other,
        Self::Total,
    ];

    pub fn name(self) -> &'static str {
        APPLICANTS[self as usize]
    }
}

/// The rows of table 三 that its relations name, by their [`ApplicationRow::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table3Row {
    /// 一、本年新收政府信息公开申请数量.
    NewApplications,
    /// 二、上年结转政府信息公开申请数量.
    CarriedIn,
    /// 三、（七）总计: the result rows （一）…（六） added up.
    Total,
    /// 四、结转下年度继续办理.
    CarriedOut,
}

impl Table3Row {
    pub const fn key(self) -> &'static str {
        match self {
            Self::NewApplications => "new",
            Self::CarriedIn => "carried_in",
            Self::Total => "(七)",
            Self::CarriedOut => "carried_out",
        }
    }
}

impl AsRef<str> for Table3Row {
    fn as_ref(&self) -> &str {
        self.key()
    }
}

/// A group of table 四: 行政复议, 未经复议直接起诉, 复议后起诉.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table4Group {
    Review,
    Suit,
    SuitAfterReview,
}

impl Table4Group {
    pub const ALL: [Self; 3] = [Self::Review, Self::Suit, Self::SuitAfterReview];
}

/// A column of each table 四 group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table4Column {
    Upheld,
    Corrected,
    Other,
    Pending,
    /// 总计: the four outcomes added up.
    Total,
}

impl Table4Column {
    /// 结果维持, 结果纠正, 其他结果, 尚未审结: what 总计 adds up.
    pub const OUTCOMES: [Self; 4] = [Self::Upheld, Self::Corrected, Self::Other, Self::Pending];
    const PER_GROUP: usize = 5;

    /// The position of `group`'s column among table 四's 15.
    pub fn index(self, group: Table4Group) -> usize {
        group as usize * Self::PER_GROUP + self as usize
    }

    /// `行政复议-总计` …
    pub fn name(self, group: Table4Group) -> &'static str {
        REVIEW_COLUMNS[self.index(group)]
    }
}

/// One row of table 三: its key ([`Table3Row::key`] for the rows relations name, `(三)1` … for
/// result rows), the label as printed, and the seven cells (None = blank).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationRow {
    pub key: String,
    pub label: String,
    pub cells: [Option<i64>; APPLICANTS.len()],
}

impl ApplicationRow {
    /// A cell; `None` when blank.
    pub fn cell(&self, column: Table3Column) -> Option<i64> {
        self.cells[column as usize]
    }

    /// A cell's number, blank counting as 0.
    pub fn value(&self, column: Table3Column) -> i64 {
        self.cell(column).unwrap_or(0)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationTable {
    pub rows: Vec<ApplicationRow>,
}

impl ApplicationTable {
    /// A row by its key: a [`Table3Row`], or a result row's `(三)1`.
    pub fn row(&self, key: impl AsRef<str>) -> Option<&ApplicationRow> {
        self.rows.iter().find(|r| r.key == key.as_ref())
    }

    /// The result rows （一）…（六） that （七）总计 adds up.
    pub fn result_rows(&self) -> impl Iterator<Item = &ApplicationRow> {
        self.rows
            .iter()
            .filter(|r| r.key.starts_with('(') && r.key != Table3Row::Total.key())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewTable {
    pub cells: Vec<Option<i64>>,
    /// The table is there but no row of it holds a number (every cell blank or `&nbsp;`):
    /// nothing of it can be checked, which rules must say rather than read as all zero.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub blank: bool,
}

impl ReviewTable {
    /// A cell; `None` when blank or not read.
    pub fn cell(&self, group: Table4Group, column: Table4Column) -> Option<i64> {
        self.cells.get(column.index(group)).copied().flatten()
    }

    /// A cell's number, blank counting as 0.
    pub fn value(&self, group: Table4Group, column: Table4Column) -> i64 {
        self.cell(group, column).unwrap_or(0)
    }
}
