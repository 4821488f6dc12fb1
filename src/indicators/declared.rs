//! Self-declared (自报) evidence on manual rows: a person's 台账 declaration that a row the
//! portal cannot show is met or not. Which rows may be declared, and how declarations enter
//! the score: met → the row's full points, not met → 0, each marked 自报 (未经工具核验). Rows
//! the tool checks, and rows it could not check, are never touched by a declaration.

use super::score::{RowResult, Scorecard, Status};
use super::{IndicatorTable, Row, row_id};
use crate::rectify::Declaration;

/// Why a row cannot take a declaration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeclarationError {
    #[error(
        "指标表《{table}》中没有编号为 {row} 的指标行：编号写作“一级指标序号.行序号”，如 1.2（报告的“考核指标逐项情况”列出全部编号）"
    )]
    NoSuchRow { table: String, row: String },
    #[error(
        "指标行 {row}“{item}”由规则 {rules} 自动核查，得分以检查结果为准，不能自报；只有无规则对应的人工核查行可以自报"
    )]
    CheckedByRules {
        row: String,
        item: String,
        rules: String,
    },
    #[error("指标行 {row}“{item}”属于加减分项目，不计入得分，无需自报")]
    Adjustment { row: String, item: String },
    #[error("指标行 {row}“{item}”属于单项否决指标，不计分，由人工判定是否否决，不能以自报计分")]
    Veto { row: String, item: String },
}

/// The row `id` (`1.2`) of `table`, if a declaration may be recorded for it: a row of a scored
/// category that no rule feeds.
pub fn declarable_row<'a>(
    table: &'a IndicatorTable,
    id: &str,
) -> Result<&'a Row, DeclarationError> {
    let found = table
        .category
        .iter()
        .enumerate()
        .find_map(|(ci, category)| {
            category
                .row
                .iter()
                .enumerate()
                .find(|(ri, _)| row_id(ci, *ri) == id.trim())
                .map(|(_, row)| (category, row))
        });
    let Some((category, row)) = found else {
        return Err(DeclarationError::NoSuchRow {
            table: table.title.clone(),
            row: id.to_string(),
        });
    };
    let (row_id, item) = (id.trim().to_string(), row.item.clone());
    if category.veto {
        return Err(DeclarationError::Veto { row: row_id, item });
    }
    if category.adjustment {
        return Err(DeclarationError::Adjustment { row: row_id, item });
    }
    if !row.rules.is_empty() {
        let rules: Vec<&str> = row.rules.iter().map(|r| r.id.get_ref().as_str()).collect();
        return Err(DeclarationError::CheckedByRules {
            row: row_id,
            item,
            rules: rules.join("、"),
        });
    }
    Ok(row)
}

/// Applies `declarations` (those in force for this table) to the scored `rows` and `card`:
/// every manual row that may be declared and is, gets its points (met) or 0 (not met) and the
/// declaration; the scorecard's self-declared points, manual points and complete score follow.
/// A declaration for a row that is no longer declarable (the table changed) is ignored.
pub fn apply(
    table: &IndicatorTable,
    rows: &mut [RowResult],
    card: &mut Scorecard,
    declarations: &[Declaration],
) {
    for row in rows.iter_mut() {
        if row.status != Status::Manual || declarable_row(table, &row.id).is_err() {
            continue;
        }
        let Some(declaration) = declarations
            .iter()
            .filter(|d| d.table == table.title && d.row == row.id)
            .max_by(|a, b| a.at.cmp(&b.at))
        else {
            continue;
        };
        let category = card.categories.iter_mut().find(|c| c.name == row.category);
        if declaration.met {
            card.declared_met_points += row.points;
            if let Some(c) = category {
                c.declared_met_points += row.points;
            }
        } else {
            card.declared_not_met_points += row.points;
            if let Some(c) = category {
                c.declared_not_met_points += row.points;
            }
        }
        card.manual_points -= row.points;
        row.score = Some(if declaration.met { row.points } else { 0.0 });
        row.declared = Some(declaration.clone());
    }
    card.finish();
}

/// `自报达标` / `自报未达标`.
pub fn label(declaration: &Declaration) -> &'static str {
    if declaration.met {
        "自报达标"
    } else {
        "自报未达标"
    }
}

/// What reports print for a declared row: `自报达标（张三 2025-12-01：说明；附件 台账.pdf），未经工具核验`.
pub fn describe(declaration: &Declaration) -> String {
    let day = declaration.at.get(..10).unwrap_or(&declaration.at);
    let file = declaration
        .file_name
        .as_deref()
        .map(|name| format!("；附件 {name}"))
        .unwrap_or_default();
    format!(
        "{}（{} {}：{}{file}），未经工具核验",
        label(declaration),
        declaration.by,
        day,
        declaration.note
    )
}

/// The scorecard's self-declared part in one sentence, or `None` when nothing is declared.
pub fn summary(card: &Scorecard) -> Option<String> {
    use crate::text::points;
    if card.declared_points() <= 0.0 {
        return None;
    }
    let mut line = format!(
        "自报 {} 分（自报达标 {} 分、自报未达标 {} 分，未经工具核验）",
        points(card.declared_points()),
        points(card.declared_met_points),
        points(card.declared_not_met_points)
    );
    match card.complete_score {
        Some(score) => line.push_str(&format!(
            "；人工核查项已全部自报，完整得分 {}（其中自报 {} 分）",
            points(score),
            points(card.declared_met_points)
        )),
        None => line.push_str(&format!(
            "；尚有 {} 分待人工核查",
            points(card.manual_points)
        )),
    }
    if card.not_checked_points > 0.0 {
        line.push_str(&format!(
            "；未能检查的 {} 分不计入",
            points(card.not_checked_points)
        ));
    }
    Some(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crawl::coverage::CrawlCoverage;
    use crate::finding::{Finding, Severity};
    use crate::indicators::score::score;
    use crate::rules::Selection;
    use crate::rules::testing::site;

    fn declared(table: &IndicatorTable, row: &str, met: bool) -> Declaration {
        Declaration {
            table: table.title.clone(),
            row: row.to_string(),
            met,
            note: "已建立台账".into(),
            by: "张三".into(),
            at: "2025-12-01T08:00:00.000Z".into(),
            file_name: Some("台账.pdf".into()),
            file_sha256: Some("ab".repeat(32)),
        }
    }

    fn scored(
        table: &IndicatorTable,
        findings: &mut [Finding],
        selection: &Selection,
        declarations: &[Declaration],
    ) -> (Vec<RowResult>, Scorecard) {
        let (mut rows, mut card) = score(
            table,
            findings,
            &site(&[]),
            selection,
            &CrawlCoverage::full(),
            false,
        );
        apply(table, &mut rows, &mut card, declarations);
        (rows, card)
    }

    #[test]
    fn only_manual_rows_of_scored_categories_are_declarable() {
        let table = IndicatorTable::builtin();
        assert!(!declarable_row(&table, "1.1").unwrap().item.is_empty());
        assert!(matches!(
            declarable_row(&table, "9.9"),
            Err(DeclarationError::NoSuchRow { .. })
        ));
        let err = declarable_row(&table, "4.2").unwrap_err();
        assert!(err.to_string().contains("disclosure-late"), "{err}");
        let last = table.category.len();
        let err = declarable_row(&table, &format!("{last}.1")).unwrap_err();
        assert!(matches!(err, DeclarationError::Adjustment { .. }), "{err}");
        let gwy = IndicatorTable::parse(
            include_str!("../../checks/indicators/gwy-2019-19.toml"),
            "gwy-2019-19.toml",
        )
        .unwrap();
        assert!(matches!(
            declarable_row(&gwy, "1.2"),
            Err(DeclarationError::Veto { .. })
        ));
    }

    #[test]
    fn declared_rows_count_full_or_nothing_and_complete_the_score() {
        let table = IndicatorTable::builtin();
        let (_, plain) = scored(&table, &mut [], &Selection::default(), &[]);
        assert_eq!(plain.complete_score, None);
        assert_eq!(plain.declared_met_points, 0.0);
        let manual: Vec<(String, f64)> = {
            let (rows, _) = scored(&table, &mut [], &Selection::default(), &[]);
            rows.iter()
                .filter(|r| declarable_row(&table, &r.id).is_ok())
                .map(|r| (r.id.clone(), r.points))
                .collect()
        };
        // Every manual row met but the first, declared not met.
        let declarations: Vec<Declaration> = manual
            .iter()
            .enumerate()
            .map(|(i, (id, _))| declared(&table, id, i != 0))
            .collect();
        let mut findings = vec![Finding::new(
            "disclosure-late",
            Severity::Error,
            "http://x.gov.cn/a.html",
            "m".into(),
        )];
        let (rows, card) = scored(&table, &mut findings, &Selection::default(), &declarations);
        let first = rows.iter().find(|r| r.id == manual[0].0).unwrap();
        assert_eq!(first.status, Status::Manual);
        assert_eq!(first.score, Some(0.0));
        assert!(!first.declared.as_ref().unwrap().met);
        let second = rows.iter().find(|r| r.id == manual[1].0).unwrap();
        assert_eq!(second.score, Some(second.points));
        assert_eq!(card.declared_not_met_points, manual[0].1);
        assert_eq!(
            card.declared_met_points + card.declared_not_met_points,
            plain.manual_points
        );
        assert_eq!(card.manual_points, 0.0);
        assert_eq!(
            card.complete_score,
            Some(card.verified_score + card.declared_met_points)
        );
        assert_eq!(card.score_if_manual_met, card.complete_score.unwrap());
        let said = summary(&card).unwrap();
        assert!(said.contains("人工核查项已全部自报，完整得分"), "{said}");
        assert!(
            describe(&first.declared.clone().unwrap())
                .starts_with("自报未达标（张三 2025-12-01：已建立台账；附件 台账.pdf）")
        );
        assert!(summary(&plain).is_none());
        let category_declared: f64 = card
            .categories
            .iter()
            .map(|c| c.declared_met_points + c.declared_not_met_points)
            .sum();
        assert_eq!(category_declared, plain.manual_points);
    }

    #[test]
    fn rows_not_checked_and_rows_of_rules_are_never_declared() {
        let table = IndicatorTable::builtin();
        // 4.2 is fed by rules: a declaration for it (made against an older table) is ignored.
        let selection = Selection {
            select: vec!["column-empty".into()],
            ignore: vec![],
        };
        let declarations = [declared(&table, "4.2", true), declared(&table, "1.1", true)];
        let (rows, card) = scored(&table, &mut [], &selection, &declarations);
        let late = rows.iter().find(|r| r.id == "4.2").unwrap();
        assert_eq!((late.status, late.score), (Status::NotChecked, None));
        assert!(late.declared.is_none());
        let first = rows.iter().find(|r| r.id == "1.1").unwrap();
        assert_eq!(first.score, Some(first.points));
        assert_eq!(card.declared_met_points, first.points);
        assert_eq!(
            card.complete_score, None,
            "other manual rows are undeclared"
        );
    }

    #[test]
    fn the_newest_declaration_is_in_force() {
        let table = IndicatorTable::builtin();
        let mut older = declared(&table, "1.1", true);
        older.at = "2025-11-01T00:00:00.000Z".into();
        let newer = declared(&table, "1.1", false);
        let (rows, _) = scored(&table, &mut [], &Selection::default(), &[newer, older]);
        assert_eq!(rows[0].score, Some(0.0));
    }
}
