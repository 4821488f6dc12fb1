//! What `gongkai rules` prints: the rules as a list or a Markdown table (the README's table is
//! this table), and one rule in full. Everything comes from the rules' own [`RuleInfo`] and the
//! indicator table's rows that name them: nothing here restates a rule.

use std::fmt::Write;

use crate::indicators::IndicatorTable;
use crate::rules::{REGISTRY, RuleInfo, UnknownRule, find};

/// How `gongkai rules` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocFormat {
    Text,
    Markdown,
}

/// One line per rule, tab-separated: id, title, default severity, basis.
pub fn text_list() -> String {
    REGISTRY
        .iter()
        .map(|rule| {
            let info = rule.info;
            format!(
                "{}\t{}\t{}\t{}\n",
                info.id,
                info.title,
                info.severity.display(),
                info.basis
            )
        })
        .collect()
}

/// The rules as a Markdown table: id, 标题, 依据, 默认严重程度, 指标行 (rows of `table` that name
/// the rule).
pub fn markdown_table(table: &IndicatorTable) -> String {
    let mut out = String::from(
        "| id | 标题 | 依据 | 默认严重程度 | 指标行 |\n| --- | --- | --- | --- | --- |\n",
    );
    for rule in REGISTRY {
        let info = rule.info;
        let rows = indicator_rows(&info, table);
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            info.id,
            cell(info.title),
            cell(info.basis),
            info.severity.display(),
            if rows.is_empty() {
                "—".to_string()
            } else {
                cell(&rows.join("<br>"))
            }
        );
    }
    out
}

/// One rule in full: 标题, id, 依据, 严重程度, 检查什么, 示例, 局限, 整改要求, 识别依据, 指标行.
pub fn detail(id: &str, table: &IndicatorTable, format: DocFormat) -> Result<String, UnknownRule> {
    let info = find(id)?;
    let rows = indicator_rows(&info, table);
    let rows = if rows.is_empty() {
        format!("《{}》中没有对应的指标行", table.title)
    } else {
        rows.join("\n")
    };
    let sections = [
        ("依据", format!("{}\n{}", info.basis, info.citation)),
        ("严重程度", format!("默认为“{}”", info.severity.display())),
        ("检查什么", info.summary.to_string()),
        ("示例", info.example.to_string()),
        ("局限", info.limits.to_string()),
        ("整改要求", info.remedy.to_string()),
        ("识别依据", identity(&info)),
        (&*format!("指标行（{}）", table.title), rows),
    ];
    let mut out = String::new();
    match format {
        DocFormat::Text => {
            let _ = writeln!(out, "标题：{}\nid：{}", info.title, info.id);
            for (heading, body) in &sections {
                let _ = writeln!(out, "\n{heading}：");
                for line in body.lines() {
                    let _ = writeln!(out, "  {line}");
                }
            }
        }
        DocFormat::Markdown => {
            let _ = writeln!(out, "## {}\n\nid：`{}`", info.title, info.id);
            for (heading, body) in &sections {
                let _ = writeln!(out, "\n### {heading}\n\n{}", body.replace('\n', "  \n"));
            }
        }
    }
    Ok(out)
}

/// The parts that make two findings one problem across runs, and what never counts.
fn identity(info: &RuleInfo) -> String {
    let parts: Vec<&str> = info.identity.iter().map(|p| p.label).collect();
    format!(
        "{}\n以上相同即为同一问题（历次检查据此比对新发现、已整改、仍未整改）；\
         提示的措辞、检查日期、逾期天数等不计入",
        parts.join("、")
    )
}

/// `4.2 <二级指标>（每条扣1分）` for each row of `table` that names the rule.
fn indicator_rows(info: &RuleInfo, table: &IndicatorTable) -> Vec<String> {
    table
        .rows_for_rule(info.id)
        .into_iter()
        .map(|r| format!("{} {}（每条扣{}分）", r.id, r.row.item, r.deduct))
        .collect()
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_one_tab_separated_line_per_rule() {
        let list = text_list();
        assert_eq!(list.lines().count(), REGISTRY.len());
        assert!(list.starts_with(
            "disclosure-late\t超过20个工作日公开\t问题\t《政府信息公开条例》第二十六条\n"
        ));
    }

    #[test]
    fn the_table_names_each_rules_indicator_rows() {
        let md = markdown_table(&IndicatorTable::builtin());
        assert_eq!(md.lines().count(), REGISTRY.len() + 2);
        let late = md
            .lines()
            .find(|l| l.starts_with("| `disclosure-late` |"))
            .unwrap();
        assert!(late.contains("| 问题 |"), "{late}");
        assert!(
            late.contains("20个工作日内通过政府网站等方式及时、准确、全面主动公开属于主动公开范围的政府信息（每条扣1分）"),
            "{late}"
        );
    }

    #[test]
    fn a_rule_in_full_and_an_unknown_one() {
        let table = IndicatorTable::builtin();
        let text = detail("interpretation-late", &table, DocFormat::Text).unwrap();
        for heading in [
            "标题：",
            "id：",
            "依据：",
            "严重程度：",
            "检查什么：",
            "示例：",
            "局限：",
            "整改要求：",
            "识别依据：",
            "指标行（",
        ] {
            assert!(text.contains(heading), "{heading} in {text}");
        }
        assert!(
            text.contains("整改要求：\n  政策解读与政策文件同步组织、同步审签、同步发布"),
            "{text}"
        );
        assert!(text.contains("（每条扣0.5分）"), "{text}");
        assert!(text.contains("识别依据：\n  政策文件网址\n"), "{text}");
        let md = detail("interpretation-late", &table, DocFormat::Markdown).unwrap();
        assert!(
            md.starts_with("## 政策解读未同步发布\n\nid：`interpretation-late`\n"),
            "{md}"
        );
        let err = detail("no-such-rule", &table, DocFormat::Text).unwrap_err();
        assert!(err.to_string().contains("“no-such-rule”"), "{err}");
    }
}
