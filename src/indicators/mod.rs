//! Indicator tables (考核指标表) as data: 一级指标 with points, rows (二级指标) with their 责任部门
//! and 任务分解, and which rule ids feed each row — as axe-core's tags map rules onto standards.
//! The shipped table is `checks/indicators/haian-cgj-2019.toml`; `--indicators FILE` loads a
//! locality's own. A malformed table is rejected with the file, the line and what is wrong.

pub mod declared;
mod evidence;
pub mod score;
pub mod verdict;

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::error::{ConfigError, Error, FileKind};
use crate::rules;

const BUILTIN: &str = include_str!("../../checks/indicators/haian-cgj-2019.toml");
const BUILTIN_PATH: &str = "checks/indicators/haian-cgj-2019.toml";

/// The shipped tables, by the name `--indicators` and a portfolio accept for them (their file
/// name without `.toml`).
const SHIPPED: &[(&str, &str)] = &[
    ("haian-cgj-2019", BUILTIN),
    (
        "gwy-2019-19",
        include_str!("../../checks/indicators/gwy-2019-19.toml"),
    ),
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleWeight {
    pub id: Spanned<String>,
    /// Points one finding of this rule deducts from the row.
    pub deduct: f64,
}

/// What a manual row can be partly evidenced by: words in page titles, column names and list
/// entries.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LookFor {
    pub words: Vec<String>,
    /// What finding such a page shows, in the report's words.
    pub what: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// The group the row belongs to (the original table's middle column).
    pub group: String,
    /// The 二级指标 text.
    pub item: String,
    /// 责任部门.
    pub department: String,
    /// 任务分解.
    #[serde(default)]
    pub tasks: String,
    pub points: f64,
    #[serde(default)]
    pub rules: Vec<RuleWeight>,
    #[serde(default)]
    pub look_for: Option<LookFor>,
    /// Working days its problems have to be fixed (交办 to deadline), when this row's work
    /// needs another time than `rectification.toml`'s `deadline_days`.
    #[serde(default)]
    pub deadline_days: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// The 一级指标 name.
    pub name: Spanned<String>,
    pub points: f64,
    /// 加减分项目: listed for the 台账, not scored.
    #[serde(default)]
    pub adjustment: bool,
    /// 单项否决: rows carry no points; a finding of any of their rules makes the verdict 不合格
    /// (the scorecard's `vetoed`) whatever the points.
    #[serde(default)]
    pub veto: bool,
    #[serde(default)]
    pub row: Vec<Row>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorTable {
    pub title: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub note: String,
    /// 责任部门 for findings that map to no row.
    pub default_department: String,
    /// 合格线: the scored part below it fails the table (19号: 60). None: the table gives no
    /// verdict.
    #[serde(default)]
    pub pass_mark: Option<f64>,
    /// The score above which 加分指标 are assessed (19号: 80).
    #[serde(default)]
    pub bonus_from: Option<f64>,
    pub category: Vec<Category>,
}

/// A row a rule feeds.
#[derive(Debug, Clone)]
pub struct RuleRow<'a> {
    /// See [`row_id`].
    pub id: String,
    pub row: &'a Row,
    /// Points one finding of the rule deducts from the row.
    pub deduct: f64,
}

/// `4.2`: a row's place in the table (一级指标 number . row number), from 0-based indices.
pub fn row_id(category: usize, row: usize) -> String {
    format!("{}.{}", category + 1, row + 1)
}

impl IndicatorTable {
    /// The shipped 2019 海安市城管局 table.
    pub fn builtin() -> Self {
        Self::parse(BUILTIN, BUILTIN_PATH).expect("the shipped indicator table is valid")
    }

    /// A shipped table by its name (`gwy-2019-19`), or `None` for a name gongkai does not ship.
    pub fn shipped(name: &str) -> Option<Self> {
        SHIPPED.iter().find(|(n, _)| *n == name).map(|(n, text)| {
            Self::parse(text, &format!("checks/indicators/{n}.toml"))
                .expect("the shipped indicator tables are valid")
        })
    }

    /// Whether gongkai ships a table of this name.
    pub fn is_shipped(name: &str) -> bool {
        SHIPPED.iter().any(|(n, _)| *n == name)
    }

    /// A shipped table's name, else a table file.
    pub fn named_or_load(which: &Path) -> Result<Self, Error> {
        match which.to_str().and_then(Self::shipped) {
            Some(table) => Ok(table),
            None => Self::load(which),
        }
    }

    pub fn load(path: &Path) -> Result<Self, Error> {
        let text =
            std::fs::read_to_string(path).map_err(Error::reading(FileKind::Indicators, path))?;
        Ok(Self::parse(&text, &path.display().to_string())?)
    }

    /// Parses and checks a table: known rule ids, positive deductions, row points adding up
    /// to their 一级指标. `file` names the table in errors.
    pub fn parse(text: &str, file: &str) -> Result<Self, ConfigError> {
        let error = |offset: usize, message: String| {
            ConfigError::new(FileKind::Indicators, file, message).at(text, offset)
        };
        let table: IndicatorTable = toml::from_str(text)
            .map_err(|e| ConfigError::toml(FileKind::Indicators, Path::new(file), text, &e))?;
        for category in &table.category {
            let at = category.name.span().start;
            if category.veto && category.points != 0.0 {
                return Err(error(
                    at,
                    format!(
                        "单项否决指标“{}”不计分，points 应为 0",
                        category.name.get_ref()
                    ),
                ));
            }
            let sum: f64 = category.row.iter().map(|r| r.points).sum();
            if (sum - category.points).abs() > 1e-6 {
                return Err(error(
                    at,
                    format!(
                        "一级指标“{}”分值为{}，但其下各行分值合计为{}",
                        category.name.get_ref(),
                        category.points,
                        sum
                    ),
                ));
            }
            for row in &category.row {
                if row.points < 0.0 {
                    return Err(error(at, format!("“{}”的分值不能为负数", row.item)));
                }
                for rule in &row.rules {
                    let id = rule.id.get_ref();
                    if rules::info(id).is_none() {
                        return Err(error(
                            rule.id.span().start,
                            format!("没有编号为“{id}”的规则（gongkai rules 列出全部规则）"),
                        ));
                    }
                    if rule.deduct <= 0.0 {
                        return Err(error(
                            rule.id.span().start,
                            format!("规则“{id}”的扣分应大于0"),
                        ));
                    }
                }
            }
        }
        Ok(table)
    }

    /// The row with id `id` (`4.2`, see [`row_id`]).
    pub fn row(&self, id: &str) -> Option<&Row> {
        self.category.iter().enumerate().find_map(|(ci, category)| {
            category
                .row
                .iter()
                .enumerate()
                .find(|(ri, _)| row_id(ci, *ri) == id)
                .map(|(_, row)| row)
        })
    }

    /// The rows a rule feeds, in table order, with the points one of its findings deducts.
    pub fn rows_for_rule(&self, rule: &str) -> Vec<RuleRow<'_>> {
        let mut found = Vec::new();
        for (ci, category) in self.category.iter().enumerate() {
            for (ri, row) in category.row.iter().enumerate() {
                if let Some(weight) = row.rules.iter().find(|r| r.id.get_ref() == rule) {
                    found.push(RuleRow {
                        id: row_id(ci, ri),
                        row,
                        deduct: weight.deduct,
                    });
                }
            }
        }
        found
    }

    /// Scored points of the table (加减分项目 excluded).
    pub fn total_points(&self) -> f64 {
        self.category
            .iter()
            .filter(|c| !c.adjustment)
            .map(|c| c.points)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_is_complete() {
        let table = IndicatorTable::builtin();
        let points: Vec<(String, f64)> = table
            .category
            .iter()
            .map(|c| (c.name.get_ref().clone(), c.points))
            .collect();
        assert_eq!(
            points,
            [
                ("组织领导", 10.0),
                ("制度建设", 25.0),
                ("平台建设", 11.0),
                ("政府信息公开", 21.0),
                ("政策解读", 14.0),
                ("政务舆情监测", 10.0),
                ("公众参与", 9.0),
                ("加减分项目", 0.0)
            ]
            .map(|(n, p)| (n.to_string(), p))
        );
        assert_eq!(table.total_points(), 100.0);
        let rows: usize = table.category.iter().map(|c| c.row.len()).sum();
        assert_eq!(rows, 53);
    }

    #[test]
    fn an_unknown_rule_is_rejected_with_its_line() {
        let text = "title = \"t\"\ndefault_department = \"办公室\"\n[[category]]\nname = \"A\"\npoints = 1\n[[category.row]]\ngroup = \"g\"\nitem = \"i\"\ndepartment = \"d\"\npoints = 1\nrules = [{ id = \"no-such-rule\", deduct = 1 }]\n";
        let err = IndicatorTable::parse(text, "mine.toml").unwrap_err();
        assert_eq!(err.line, Some(11));
        assert!(
            err.to_string().contains("mine.toml") && err.to_string().contains("no-such-rule"),
            "{err}"
        );
    }

    #[test]
    fn points_must_add_up() {
        let text = "title = \"t\"\ndefault_department = \"办公室\"\n[[category]]\nname = \"组织领导\"\npoints = 10\n[[category.row]]\ngroup = \"g\"\nitem = \"i\"\ndepartment = \"d\"\npoints = 3\n";
        let err = IndicatorTable::parse(text, "mine.toml").unwrap_err();
        assert_eq!(err.line, Some(4));
        assert!(err.message.contains("合计为3"), "{err}");
    }

    const GWY: &str = include_str!("../../checks/indicators/gwy-2019-19.toml");

    #[test]
    fn the_19_table_loads_with_its_three_parts() {
        let table = IndicatorTable::parse(GWY, "gwy-2019-19.toml").unwrap();
        assert!(table.category[0].veto);
        assert_eq!(table.category[0].row.len(), 6);
        assert_eq!(table.total_points(), 100.0);
        assert!(table.category.last().unwrap().adjustment);
        for id in [
            "column-stale",
            "column-empty",
            "column-missing",
            "privacy-leak",
            "site-elements-missing",
        ] {
            assert_eq!(table.rows_for_rule(id).len(), 1, "{id}");
        }
    }

    #[test]
    fn a_finding_on_a_veto_row_fails_the_site_and_a_veto_category_has_no_points() {
        use crate::finding::{Finding, Severity};
        let text = "title = \"t\"\ndefault_department = \"办公室\"\n[[category]]\nname = \"单项否决\"\npoints = 0\nveto = true\n[[category.row]]\ngroup = \"g\"\nitem = \"i\"\ndepartment = \"d\"\npoints = 0\nrules = [{ id = \"privacy-leak\", deduct = 1 }]\n[[category]]\nname = \"扣分\"\npoints = 1\n[[category.row]]\ngroup = \"g\"\nitem = \"i\"\ndepartment = \"d\"\npoints = 1\nrules = [{ id = \"column-empty\", deduct = 1 }]\n";
        let table = IndicatorTable::parse(text, "mine.toml").unwrap();
        let site = crate::model::Site::default();
        let selection = rules::Selection::default();
        let finding = |rule: &'static str| {
            Finding::new(rule, Severity::Error, "http://x.gov.cn/", "m".into())
        };
        let (_, card) = score::score(
            &table,
            &mut [finding("column-empty")],
            &site,
            &selection,
            &crate::crawl::coverage::CrawlCoverage::full(),
            false,
        );
        assert!(!card.vetoed);
        let (rows, card) = score::score(
            &table,
            &mut [finding("privacy-leak")],
            &site,
            &selection,
            &crate::crawl::coverage::CrawlCoverage::full(),
            false,
        );
        assert!(card.vetoed);
        assert_eq!((rows[0].deducted, card.deducted), (0.0, 0.0));
        let err = IndicatorTable::parse(
            &text.replacen("points = 0\nveto", "points = 2\nveto", 1),
            "mine.toml",
        )
        .unwrap_err();
        assert!(err.message.contains("points 应为 0"), "{err}");
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let err = IndicatorTable::parse("title = \"t\"\ndefault_department = \n", "bad.toml")
            .unwrap_err();
        assert_eq!(err.line, Some(2));
    }
}
