//! What an alert says: a recorded run's news for one portal — new 单项否决 risks, new
//! problems, documents issued — as a subject, a plain-text body (e-mail) and Markdown (group
//! robots). A run with nothing to say gives no message.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::config::Triggers;
use crate::finding::{Finding, FindingStatus};
use crate::indicators::IndicatorTable;
use crate::report::Report;
use crate::report::veto::{VetoStatus, VetoSummary};

/// Problems listed by name in a message; the rest are counted.
pub const LISTED: usize = 5;

/// An alert's words, as stored in the outbox and sent on every channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// 【政务公开监测】某某网站：新发现单项否决风险1项、新问题3项
    pub subject: String,
    /// The e-mail body.
    pub text: String,
    /// The group robots' body (企业微信 and 钉钉 Markdown).
    pub markdown: String,
}

/// The portal a message is about.
#[derive(Debug, Clone, Copy)]
pub struct About<'a> {
    pub name: &'a str,
    pub url: &'a str,
    /// 责任单位.
    pub unit: Option<&'a str>,
    /// The run's HTML report, where the night wrote it.
    pub report: Option<&'a str>,
}

/// The rules whose findings are 单项否决 risks: those feeding a row of a 单项否决 category of
/// `table`, and those counted by an item of the 19号 summary that this run reached.
pub fn veto_rules(table: &IndicatorTable, summary: &VetoSummary) -> BTreeSet<String> {
    let mut rules: BTreeSet<String> = table
        .category
        .iter()
        .filter(|c| c.veto)
        .flat_map(|c| &c.row)
        .flat_map(|row| &row.rules)
        .map(|weight| weight.id.get_ref().clone())
        .collect();
    rules.extend(
        summary
            .items
            .iter()
            .filter(|item| item.status == VetoStatus::Fail)
            .map(|item| item.rule.to_string()),
    );
    rules
}

/// A problem this run found that the last completed run did not (new, or back again).
fn is_new_problem(finding: &Finding) -> bool {
    finding.is_problem()
        && matches!(
            finding.status,
            Some(FindingStatus::New | FindingStatus::Reopened)
        )
}

/// The alert of `report`'s run of `about`, with the news `on` asks for; `None` when there is
/// nothing to say. `veto` is [`veto_rules`] of the run.
pub fn compose(
    about: About<'_>,
    report: &Report,
    veto: &BTreeSet<String>,
    on: Triggers,
) -> Option<Message> {
    let mut new: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| is_new_problem(f))
        .collect();
    // The first few listed are the most serious: errors before warnings.
    new.sort_by_key(|f| f.severity != crate::finding::Severity::Error);
    let risks: Vec<&Finding> = new
        .iter()
        .copied()
        .filter(|f| veto.contains(&*f.rule))
        .collect();
    let issued = report
        .history
        .as_ref()
        .map(|h| h.issued.as_slice())
        .unwrap_or_default();
    let risks = if on.veto { risks } else { Vec::new() };
    let new = if on.new { new } else { Vec::new() };
    let issued = if on.notices { issued } else { &[] };
    if risks.is_empty() && new.is_empty() && issued.is_empty() {
        return None;
    }

    let mut heads = Vec::new();
    if !risks.is_empty() {
        heads.push(format!("新发现单项否决风险{}项", risks.len()));
    }
    if !new.is_empty() {
        heads.push(format!("新问题{}项", new.len()));
    }
    if !issued.is_empty() {
        heads.push(format!("下发文书{}份", issued.len()));
    }
    let subject = format!("【政务公开监测】{}：{}", about.name, heads.join("、"));

    let mut sections: Vec<Section> = Vec::new();
    if !risks.is_empty() {
        sections.push(Section {
            heading: format!(
                "新发现单项否决风险 {} 项（任一项成立即判定不合格）",
                risks.len()
            ),
            items: risks.iter().take(LISTED).map(|f| problem(f)).collect(),
            more: risks.len().saturating_sub(LISTED),
        });
    }
    if !new.is_empty() {
        sections.push(Section {
            heading: format!("新问题 {} 项", new.len()),
            items: new.iter().take(LISTED).map(|f| problem(f)).collect(),
            more: new.len().saturating_sub(LISTED),
        });
    }
    if !issued.is_empty() {
        sections.push(Section {
            heading: format!("本次下发文书 {} 份", issued.len()),
            items: issued
                .iter()
                .map(|notice| Item {
                    line: format!(
                        "{}{}，责任部门：{}，工作事项{}项，时限至{}",
                        notice.number.kind.title(),
                        notice.number,
                        notice.department,
                        notice.items.len(),
                        notice.due
                    ),
                    link: None,
                })
                .collect(),
            more: 0,
        });
    }
    let facts = facts(about, report);
    Some(Message {
        text: text(&subject, &facts, &sections, about.report),
        markdown: markdown(&subject, &facts, &sections, about.report),
        subject,
    })
}

/// One section of a message: a heading, its lines, and how many more were not listed.
struct Section {
    heading: String,
    items: Vec<Item>,
    more: usize,
}

struct Item {
    line: String,
    /// The page the line is about: its title (or address) and address.
    link: Option<(String, String)>,
}

fn problem(finding: &Finding) -> Item {
    let rule = crate::rules::info(&finding.rule)
        .map(|info| info.title)
        .unwrap_or(&finding.rule);
    let department = finding
        .rectification
        .as_ref()
        .map(|r| format!("（责任部门：{}，{}前整改）", r.department, r.deadline))
        .unwrap_or_default();
    let title = finding
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(&finding.url)
        .to_string();
    Item {
        line: format!(
            "【{}】{}：{}{department}",
            finding.label(),
            rule,
            finding.message
        ),
        link: (!finding.url.is_empty()).then(|| (title, finding.url.clone())),
    }
}

/// The lines naming the portal and the run.
fn facts(about: About<'_>, report: &Report) -> Vec<String> {
    let mut facts = vec![format!("网站：{}（{}）", about.name, about.url)];
    if let Some(unit) = about.unit {
        facts.push(format!("责任单位：{unit}"));
    }
    facts.push(format!("检查基准日：{}", report.header.as_of));
    if let Some(counts) = report.history.as_ref().map(|h| &h.counts) {
        facts.push(format!(
            "与上次相比：新发现 {}，已整改 {}，仍未整改 {}",
            counts.new + counts.reopened,
            counts.fixed,
            counts.open
        ));
    }
    facts
}

const NUMERALS: [&str; 3] = ["一", "二", "三"];

fn text(subject: &str, facts: &[String], sections: &[Section], report: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{subject}\n");
    for fact in facts {
        let _ = writeln!(out, "{fact}");
    }
    for (i, section) in sections.iter().enumerate() {
        let _ = writeln!(out, "\n{}、{}", NUMERALS[i], section.heading);
        for (n, item) in section.items.iter().enumerate() {
            let _ = writeln!(out, "{}. {}", n + 1, item.line);
            if let Some((_, url)) = &item.link {
                let _ = writeln!(out, "   {url}");
            }
        }
        if section.more > 0 {
            let _ = writeln!(out, "……另有 {} 项，详见检查报告", section.more);
        }
    }
    if let Some(report) = report {
        let _ = writeln!(out, "\n检查报告：{report}");
    }
    let _ = writeln!(out, "\n本邮件由 gongkai 政务公开监测自动发送。");
    out
}

fn markdown(subject: &str, facts: &[String], sections: &[Section], report: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### {}\n", md(subject));
    for fact in facts {
        let _ = writeln!(out, "> {}", md(fact));
    }
    for (i, section) in sections.iter().enumerate() {
        let _ = writeln!(out, "\n**{}、{}**\n", NUMERALS[i], md(&section.heading));
        for (n, item) in section.items.iter().enumerate() {
            let _ = write!(out, "{}. {}", n + 1, md(&item.line));
            if let Some((title, url)) = &item.link {
                let _ = write!(out, " [{}]({url})", md(title));
            }
            out.push('\n');
        }
        if section.more > 0 {
            let _ = writeln!(out, "\n……另有 {} 项，详见检查报告", section.more);
        }
    }
    if let Some(report) = report {
        let _ = writeln!(out, "\n检查报告：{}", md(report));
    }
    out
}

/// Text safe inside Markdown: the characters that would open a link or emphasis, escaped.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '[' | ']' | '*' | '_' | '`' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_text_cannot_open_links_or_emphasis() {
        assert_eq!(md("a[b]*c_"), "a\\[b\\]\\*c\\_");
    }

    #[test]
    fn the_19_table_and_a_reached_summary_item_give_veto_rules() {
        let table = IndicatorTable::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/checks/indicators/gwy-2019-19.toml"
        )))
        .unwrap();
        let item = |rule, status| crate::report::veto::VetoItem {
            id: "x",
            name: "x",
            count: 3,
            threshold: 2,
            rule,
            triggered: status == VetoStatus::Fail,
            status,
            reason: None,
        };
        let summary = VetoSummary {
            basis: "",
            items: vec![
                item("column-empty", VetoStatus::Fail),
                item("column-stale", VetoStatus::Pass),
            ],
            triggered: true,
            incomplete: false,
        };
        let rules: Vec<String> = veto_rules(&table, &summary).into_iter().collect();
        assert_eq!(
            rules,
            [
                "column-empty",
                "homepage-stale",
                "interaction-unanswered",
                "site-unreachable",
                "wording-error"
            ]
        );
    }
}
