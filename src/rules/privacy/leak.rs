//! `privacy-leak`. What it checks, why, an example and its limits: see [`RULE`].
//!
//! One finding per page (article or column list) that shows a personal number, naming every
//! number found there — masked: the full number never enters a finding.

use std::collections::{HashMap, HashSet};

use serde_json::{Value, json};

use super::{Leak, find_leaks};
use crate::finding::{Finding, Severity};
use crate::model::Site;
use crate::model::links::page_key;
use crate::rules::{Context, rule};

rule! {
    id: "privacy-leak",
    title: "隐私信息泄露",
    severity: Severity::Error,
    basis: "条例第十五条",
    citation: "《中华人民共和国政府信息公开条例》第十五条：“涉及商业秘密、个人隐私等公开会对第三方合法权\
        益造成损害的政府信息，行政机关不得公开。但是，第三方同意公开或者行政机关认为不公开会对公共利益\
        造成重大影响的，予以公开。”",
    summary: "在文章标题、正文和栏目列表条目中查找完整的个人号码：18位身份证号（地区码、出生日期有效，\
        校验码符合ISO 7064 MOD 11-2）、11位手机号码（1[3-9]开头，不属于更长的数字串）、16～19位银行卡号\
        （常见卡组织号段且通过Luhn校验）。已打码的号码（如138****1234）、统一社会信用代码、索引号、\
        文号、订单号、日期和固定电话不计。报告中只显示打码后的号码。",
    example: "页面公开了手机号码138****5678，属于个人隐私信息，应删除或作去标识化处理后再公开",
    limits: "只读取网页文字，不读取图片、扫描件和大多数附件（只读取年报附件的文字）；\
        姓名、住址等其他个人信息无法可靠识别，需人工检查；\
        单位的公开联系手机、经本人同意公开的号码也会被列出，请人工判断；\
        符合校验的其他长数字编号偶尔会被误认为银行卡号。",
    remedy: "立即撤下或遮盖页面中的个人号码，排查同类页面和附件；建立信息发布前的保密和个人信息审查制度。",
    identity: [
        "url" => "页面网址",
        "numbers" => "号码种类及打码后的号码",
    ],
    check: check,
}

/// How many numbers a message names before it says “等N个”.
const NAMED_IN_MESSAGE: usize = 3;

fn check(site: &Site, ctx: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut on_article: HashMap<String, Vec<Leak>> = HashMap::new();
    for article in &site.articles {
        let text = site.title_and_body(article);
        let leaks = find_leaks(&text, ctx.as_of);
        if leaks.is_empty() {
            continue;
        }
        findings.push(finding(&article.url, &leaks, "文章").with_title(&article.content.title));
        on_article.insert(page_key(&article.url), leaks);
    }
    for column in &site.columns {
        let mut leaks: Vec<Leak> = Vec::new();
        let mut seen: HashSet<Leak> = HashSet::new();
        for entry in &column.entries {
            let known = on_article.get(&page_key(&entry.url));
            for leak in find_leaks(&entry.title, ctx.as_of) {
                if known.is_none_or(|k| !k.contains(&leak)) && seen.insert(leak.clone()) {
                    leaks.push(leak);
                }
            }
        }
        if !leaks.is_empty() {
            findings
                .push(finding(&column.url, &leaks, "栏目列表").with("column", column.name.clone()));
        }
    }
    findings
}

fn finding(url: &str, leaks: &[Leak], place: &str) -> Finding {
    let named: Vec<String> = leaks
        .iter()
        .take(NAMED_IN_MESSAGE)
        .map(|l| format!("{}{}", l.kind.display(), l.masked))
        .collect();
    let more = if leaks.len() > NAMED_IN_MESSAGE {
        format!("等{}个号码", leaks.len())
    } else {
        String::new()
    };
    let message = format!(
        "页面公开了{}{more}，属于个人隐私信息，应删除或作去标识化处理后再公开",
        named.join("、")
    );
    let values: Vec<Value> = leaks
        .iter()
        .map(|l| json!({ "kind": l.kind.display(), "masked": l.masked }))
        .collect();
    Finding::new(RULE.info.id, RULE.info.severity, url, message)
        .with("where", place)
        .with("count", leaks.len())
        .with("numbers", values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{list_page, run_rule, site};

    #[test]
    fn a_leak_is_reported_masked_once_per_page() {
        let article = r#"<html><head><meta name="ArticleTitle" content="关于张某某申请低保的公示"></head><body>
            <div id="zoom"><p>申请人：张某某，身份证号：11010519491231002X，联系电话：13812345678。</p>
            <p>监督电话：0591-87654321。</p></div></body></html>"#;
        let site = site(&[
            ("http://x.gov.cn/a/1.html", article.to_string()),
            (
                "http://x.gov.cn/xxgk/tzgg/",
                list_page(
                    "通知公告",
                    &[
                        ("/a/1.html", "关于张某某申请低保的公示", "2025-01-02"),
                        ("/a/2.html", "寻物启事（联系人13912345678）", "2025-01-03"),
                    ],
                ),
            ),
        ]);
        let (findings, _) = run_rule(check, &site, "2025-12-01", "2025");
        assert_eq!(findings.len(), 2);
        assert_eq!(
            findings[0].message,
            "页面公开了身份证号1101**********002X、手机号码138****5678，属于个人隐私信息，\
             应删除或作去标识化处理后再公开"
        );
        assert_eq!(findings[1].evidence["column"], "通知公告");
        assert_eq!(findings[1].evidence["numbers"][0]["masked"], "139****5678");
        let all = serde_json::to_string(&findings).unwrap();
        assert!(!all.contains("11010519491231002X") && !all.contains("13812345678"));
    }
}
