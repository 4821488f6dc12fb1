//! `link-broken`. What it checks, why, an example and its limits: see [`RULE`].
//!
//! One finding per broken target (its identity is the target URL), naming every crawled page
//! that links to it. Links inside the portal, and outbound links when the run checked them
//! (`--check-external`): those say so in their message and evidence.

use crate::finding::{Finding, Severity};
use crate::model::Site;
use crate::rules::{Context, rule};

rule! {
    id: "link-broken",
    title: "死链错链",
    severity: Severity::Warning,
    basis: "国办秘函〔2019〕19号",
    citation: "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》扣分指标：网站页面链接应可用，\
        存在打不开或错误的链接（死链、错链）的扣分（具体分值未逐字核对；2015年全国政府网站普查：\
        “其他页面的链接……每发现一个打不开或错误的，扣0.1分”）。",
    summary: "抓取时网站内部链接指向的页面返回404、410或5xx错误，或者超时、无法连接、重定向循环的，\
        每个失效地址报告一次，并列出链接到它的所有已抓取页面。开启 --check-external 时也检查站外链接\
        （先HEAD后GET，按主机限速，每次最多300个），失效的同样报告并注明是站外链接。",
    example: "链接指向的页面无法打开（服务器返回错误状态，HTTP 404），有1个页面链接到它",
    limits: "站外链接默认不检查，开启后只查被链接最多的300个，且只向每个地址发一次HEAD和至多一次GET，\
        拒绝自动访问（403等）的站外网站不算失效；只看抓取时的一次结果，临时故障也会被报告，\
        请复查；链接内容是否正确（错链指向了错误页面）无法判断；\
        抓取数量上限外的页面和其中的链接未检查。",
    remedy: "恢复链接指向的页面，或把链接改为正确地址、删除无用链接；定期检查全站链接。",
    identity: [
        "url" => "无法打开的链接目标",
    ],
    check: check,
}

fn check(site: &Site, _ctx: &Context<'_>) -> Vec<Finding> {
    site.broken_links
        .iter()
        .map(|link| {
            let why = match link.status {
                Some(status) => format!("{}，HTTP {status}", link.reason),
                None => link.reason.clone(),
            };
            let which = if link.external {
                "站外链接"
            } else {
                "链接"
            };
            let finding = Finding::new(
                RULE.info.id,
                RULE.info.severity,
                &link.url,
                format!(
                    "{which}指向的页面无法打开（{why}），有{}个页面链接到它",
                    link.linked_from.len()
                ),
            )
            .with("status", link.status)
            .with("reason", link.reason.clone())
            .with("linked_from", link.linked_from.clone());
            if link.external {
                finding.with("external", true)
            } else {
                finding
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BrokenLink;
    use crate::rules::testing::run_rule;

    #[test]
    fn one_finding_per_target_with_every_linking_page() {
        let site = Site {
            broken_links: vec![BrokenLink {
                url: "http://x.gov.cn/xxgk/old.html".into(),
                status: Some(404),
                reason: "服务器返回错误状态".into(),
                linked_from: vec!["http://x.gov.cn/".into(), "http://x.gov.cn/a/1.html".into()],
                external: false,
            }],
            ..Site::default()
        };
        let (findings, _) = run_rule(check, &site, "2025-12-01", "2025");
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "链接指向的页面无法打开（服务器返回错误状态，HTTP 404），有2个页面链接到它"
        );
        assert_eq!(
            findings[0].evidence["linked_from"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
    }
}
