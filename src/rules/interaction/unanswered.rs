//! `interaction-unanswered`. What it checks, why, an example and its limits: see [`RULE`].
//!
//! Messages are judged by the column they sit in (its name, then its parents'), so a 网上信访
//! column under 政民互动 is left out as 19号 says; a channel whose messages could not be read is
//! a part not checked, never a pass.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};

use super::channels::consult_channels;
use crate::checks::Channel;
use crate::finding::{Finding, Severity};
use crate::model::Site;
use crate::model::messages::Replied;
use crate::model::site::SiteMessage;
use crate::rules::{Context, rule};

rule! {
    id: "interaction-unanswered",
    title: "互动回应差",
    severity: Severity::Error,
    basis: "国办秘函〔2019〕19号",
    citation: "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决指标“互动回应差”：\
        1.未提供网上有效咨询建言渠道（网上信访、纪检举报等专门渠道除外）。2.监测时间点前1年内，\
        对网民留言应及时答复处理的政务咨询类栏目（在线访谈、调查征集、网上信访、纪检举报类栏目除外）\
        存在超过3个月未回应有效留言的现象。",
    summary: "在名称属于政务咨询类的栏目（领导信箱、咨询投诉、在线咨询、留言板等，名单在 \
        checks/interaction.toml；网上信访、纪检举报、在线访谈、调查征集等除外）中读取留言的留言时间、\
        回复时间和办理状态（列表行、详情页的留言内容/回复内容块）。检查日前1年内提交的留言，回复晚于\
        留言后3个月的，或至检查日已过3个月仍未回复的，逐条报告；网站上找不到任何政务咨询类渠道的报告\
        “未提供网上有效咨询建言渠道”（抓取不完整时为未能检查）；有渠道但读不到留言或回复情况的列为\
        未能检查，不算通过。",
    example: "领导信箱留言《关于人民路夜间施工噪音扰民的投诉》于2025-06-03提交，至检查日2025-12-01\
        已181天仍未回复，超过3个月（应于2025-09-03前回复）",
    limits: "只看留言列表和详情页上写出的日期和状态：由脚本加载、需登录查看或设在本网站之外的留言看不到\
        （列为未能检查）；栏目是否属于政务咨询类按栏目名称判断，名称不在名单中的留言栏目不检查，请在 \
        checks/interaction.toml 中补充；无法判断留言是否为“有效留言”（重复、无实质内容、咨询与本单位\
        无关的留言也会被计入，请人工剔除）；只写“已回复”而无回复时间的留言视为按时回复；不判断回复\
        内容是否切题；没有留言时间的留言无法判断；已读到某个咨询栏目的留言时，写信表单页等未列出留言\
        的入口不再单独报告。",
    remedy: "对逾期未答复的留言尽快答复并公开答复内容，建立留言办理台账，今后在规定时限内答复。",
    identity: [
        "url" => "留言网址（无渠道时为首页，读不到时为栏目）",
        "problem" => "问题类型",
        "title?" => "留言标题",
    ],
    check: check,
}

fn check(site: &Site, ctx: &Context<'_>) -> Vec<Finding> {
    let c = &ctx.checks.interaction;
    let consult: Vec<&SiteMessage> = site
        .messages
        .iter()
        .filter(|m| c.channel(&m.column_path) == Some(Channel::Consult))
        .collect();
    let since = ctx
        .as_of
        .checked_sub_months(Months::new(c.window_months))
        .unwrap_or(NaiveDate::MIN);
    let mut findings = Vec::new();
    let mut unknown: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for message in &consult {
        let m = &message.message;
        let Some(asked) = m.asked.filter(|d| *d >= since && *d <= ctx.as_of) else {
            continue;
        };
        let Some(deadline) = asked.checked_add_months(Months::new(c.reply_months)) else {
            continue;
        };
        let column = column_name(message, c);
        let late = match (m.answered, m.replied) {
            (Some(answered), _) => (answered > deadline).then(|| {
                let days = (answered - asked).num_days();
                let text = format!(
                    "{column}留言{}于{asked}提交，{answered}才回复，用时{days}天，超过{}个月（应于{deadline}前回复）",
                    crate::text::book_title(&m.title),
                    c.reply_months
                );
                (text, "late", days)
            }),
            (None, Replied::No) => (ctx.as_of > deadline).then(|| {
                let days = (ctx.as_of - asked).num_days();
                let text = format!(
                    "{column}留言{}于{asked}提交，至检查日{}已{days}天仍未回复，超过{}个月（应于{deadline}前回复）",
                    crate::text::book_title(&m.title),
                    ctx.as_of,
                    c.reply_months
                );
                (text, "unanswered", days)
            }),
            (None, Replied::Yes) => None,
            (None, Replied::Unknown) => {
                if ctx.as_of > deadline {
                    let key = message.column_url.clone().unwrap_or_else(|| m.url.clone());
                    unknown.entry(key).or_insert((column, 0)).1 += 1;
                }
                None
            }
        };
        if let Some((text, problem, days)) = late {
            let mut finding = Finding::new(RULE.info.id, RULE.info.severity, &m.url, text)
                .with_title(&m.title)
                .with("problem", problem)
                .with("title", m.title.clone())
                .with("column", column_name(message, c))
                .with("asked", asked.to_string())
                .with("deadline", deadline.to_string())
                .with("days", days);
            if let Some(answered) = m.answered {
                finding = finding.with("answered", answered.to_string());
            }
            if let Some(status) = &m.status {
                finding = finding.with("status", status.clone());
            }
            findings.push(finding);
        }
    }
    for (url, (column, count)) in unknown {
        let finding = Finding::new(
            RULE.info.id,
            RULE.info.severity,
            &url,
            format!("{column}有{count}条留言提交已超过{}个月，但页面上读不到回复时间或办理状态，未能判断是否按时回复", c.reply_months),
        )
        .with("problem", "reply-unreadable")
        .with("column", column)
        .with("messages", count);
        findings.push(
            finding
                .not_checked("留言列表未显示回复情况，其详情页也未读到回复时间或状态，请人工查看"),
        );
    }
    findings.extend(channel_findings(site, ctx, &consult));
    findings
}

/// No consultation channel at all, or channels whose messages could not be read.
fn channel_findings(site: &Site, ctx: &Context<'_>, consult: &[&SiteMessage]) -> Vec<Finding> {
    let c = &ctx.checks.interaction;
    let channels = consult_channels(site, c, consult);
    if channels.is_empty() {
        if site.home_url.is_empty() {
            return Vec::new();
        }
        let finding = Finding::new(
            RULE.info.id,
            RULE.info.severity,
            &site.home_url,
            "未提供网上有效咨询建言渠道：网站上没有找到领导信箱、咨询投诉、在线咨询等政务咨询类栏目或链接（网上信访、纪检举报等专门渠道除外）".to_string(),
        )
        .with("problem", "no-channel");
        let unnamed: Vec<String> = site
            .messages
            .iter()
            .filter(|m| c.channel(&m.column_path).is_none())
            .filter_map(|m| m.column_path.last().cloned())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if !unnamed.is_empty() {
            let reason = format!(
                "网站有留言栏目（{}），其名称不在 checks/interaction.toml 的政务咨询类名单中，请人工确认它是否为咨询建言渠道",
                unnamed.join("、")
            );
            return vec![finding.with("columns", unnamed).needs_review(reason)];
        }
        return vec![ctx.absent(finding)];
    }
    let any_read = channels.iter().any(|ch| ch.read);
    channels
        .iter()
        .filter(|ch| !ch.read && (!any_read || ch.is_column))
        .map(|ch| {
            let (message, reason) = if ch.outbound {
                (
                    format!(
                        "咨询渠道“{}”设在本网站之外，其留言的回复情况未能检查",
                        ch.name
                    ),
                    "渠道在本网站检查范围之外，请到该平台人工核查留言回复情况",
                )
            } else {
                (
                    format!("咨询栏目“{}”的留言未能读取，未能检查是否按时回复", ch.name),
                    "留言可能由脚本加载、需登录查看或未被抓取，请人工查看该栏目的留言回复情况",
                )
            };
            Finding::new(RULE.info.id, RULE.info.severity, &ch.url, message)
                .with("problem", "unreadable")
                .with("column", ch.name.clone())
                .not_checked(reason)
        })
        .collect()
}

/// The column's name for a message's finding: the deepest name of its path that says
/// consultation (a detail page's breadcrumb may end in “正文”).
fn column_name(message: &SiteMessage, c: &crate::checks::InteractionChecks) -> String {
    message
        .column_path
        .iter()
        .rev()
        .find(|n| c.channel_of_name(n) == Some(Channel::Consult))
        .cloned()
        .unwrap_or_else(|| "咨询栏目".to_string())
}

#[cfg(test)]
mod tests;
