//! `interpretation-missing`. What it checks, why, an example and its limits: see [`RULE`].
//!
//! Judges what [`super::analyze`] found unmatched; how documents and interpretations are
//! recognised and matched is there. A [`super::Need::Policy`] document takes
//! `other_policy_severity` from `checks/interpretation.toml`.

use super::{Need, analyze};
use crate::finding::{Finding, Severity};
use crate::model::Site;
use crate::rules::{Context, rule};
use crate::text::book_title;

rule! {
    id: "interpretation-missing",
    title: "政策文件未解读",
    severity: Severity::Error,
    basis: "国办发〔2016〕80号",
    citation: "国办发〔2016〕80号《〈关于全面推进政务公开工作的意见〉实施细则》：“按照‘谁起草、\
        谁解读’的原则，做到政策性文件与解读方案、解读材料同步组织、同步审签、同步部署”；\
        考核指标要求“覆盖广，政策性文件全部解读”。",
    summary: "考核期内发布的政策文件找不到对应的政策解读。规范性文件和规章（位于规范性文件类栏目，\
        或文号带“规〔2023〕”“规字〔…〕”等标记，或为政府令）报为问题；\
        政策文件类栏目中的其他文件也计入，默认报为提醒（checks/interpretation.toml 的 other_policy_\
        severity）。解读按由强到弱的顺序匹配：文件页面链接到解读，\
        或解读页面链接回文件（链接文字或其前面的标注为“政策原文”“相关文件”等，或链接文字就是\
        文件标题；解读自身标题只写“政策解读”“答记者问”也算；网站导航里的“政策解读”栏目链接、\
        正文里的“解读”字样都不算）；解读标题点明文件名称（关于《X》的解读、《X》政策解读、\
        一图读懂《X》、图解：X，去掉“关于印发……的通知”外壳、统一括号后整体比较名称，\
        “试行”“修订”等标记保留，本地地名前缀可省；名称只是另一名称的一部分不算，\
        如《……管理办法》不算《……管理办法实施细则》的解读，《……（试行）》不算其修订版的解读）\
        ；解读正文引用文件文号。",
    example: "《关于开展2025年市容环境综合整治行动的通知》（明城管〔2025〕31号）为政策文件，\
        未找到对应的政策解读",
    limits: "解读发布在其他网站或未抓取到的栏目时找不到；页面含内嵌框架时解读可能在框架内，\
        结果中会注明请人工核实；标题、链接和文号都对不上的解读无法匹配。",
    remedy: "为所列政策文件补发政策解读，与文件相互链接；今后文件与解读同步起草、同步发布。",
    identity: [
        "url" => "政策文件网址",
    ],
    check: check,
}

fn check(site: &Site, ctx: &Context<'_>) -> Vec<Finding> {
    let judged = analyze(site, ctx);
    // Sized once: on a large portal most documents have no 解读, and a vector of their
    // findings grown by doubling would hold up to twice their room.
    let mut findings = Vec::with_capacity(judged.iter().filter(|j| j.matched.is_none()).count());
    findings.extend(
        judged
            .into_iter()
            .filter(|judged| judged.matched.is_none())
            .map(|judged| {
                let doc = judged.document;
                let (severity, kind) = match judged.need {
                    Need::Required => (RULE.info.severity, "规范性文件"),
                    Need::Policy => (ctx.checks.interpretation.other_policy_severity, "政策文件"),
                };
                let number = doc
                    .content
                    .metadata
                    .doc_number()
                    .map(str::to_string)
                    .filter(|n| !n.is_empty() && n != "无");
                let mut message = match &number {
                    Some(n) => format!(
                        "{}（{n}）为{kind}，未找到对应的政策解读",
                        book_title(doc.title())
                    ),
                    None => format!("{}为{kind}，未找到对应的政策解读", book_title(doc.title())),
                };
                if !doc.content.frames.is_empty() {
                    message.push_str("（页面含内嵌框架，解读可能在框架内，请人工核实）");
                }
                let mut finding = Finding::new(RULE.info.id, severity, &doc.url, message)
                    .with_title(&doc.content.title)
                    .with(
                        "need",
                        if judged.need == Need::Required {
                            "required"
                        } else {
                            "policy"
                        },
                    )
                    .with("reason", &*judged.reason)
                    .with("publication_date", judged.published.to_string());
                if let Some(n) = number {
                    finding = finding.with("doc_number", n);
                }
                if let Some(column) = &doc.column {
                    finding = finding.with("column", column.clone());
                }
                if !doc.content.frames.is_empty() {
                    finding = finding.with("frames", doc.content.frames.clone());
                }
                ctx.absent(finding)
            }),
    );
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{list_page, run_rule, site};

    fn doc(title: &str, number: &str, published: &str, extra: &str) -> String {
        format!(
            r#"<html><head><meta name="ArticleTitle" content="{title}"></head><body>
            <div class="header"><div class="nav"><a href="/zcjd/">政策解读</a></div></div>
            <table><tr><td>索引号：</td><td>X/2025-1</td><td>发布机构：</td><td>明湖市城市管理局</td></tr>
            <tr><td>文号：</td><td>{number}</td><td>发布日期：</td><td>{published}</td></tr></table>
            <div class="TRS_Editor"><p>各单位：现将办法印发给你们。本办法由局法规科负责解读。</p></div>{extra}</body></html>"#
        )
    }

    fn reading(title: &str, published: &str, body: &str, extra: &str) -> String {
        format!(
            r#"<html><head><meta name="ArticleTitle" content="{title}"></head><body>
            <div class="info">发布时间：{published}</div><div class="TRS_Editor"><p>{body}</p></div>{extra}</body></html>"#
        )
    }

    fn pages(
        docs: Vec<(&'static str, String)>,
        readings: Vec<(&'static str, String)>,
    ) -> Vec<Finding> {
        let doc_entries: Vec<(&str, &str, &str)> = docs
            .iter()
            .map(|(u, _)| (*u, "文件标题占位文字", "2025-05-06"))
            .collect();
        let reading_entries: Vec<(&str, &str, &str)> = readings
            .iter()
            .map(|(u, _)| (*u, "解读标题占位文字", "2025-05-06"))
            .collect();
        let mut all = vec![
            ("http://x.gov.cn/zcwj/", list_page("政策文件", &doc_entries)),
            (
                "http://x.gov.cn/zcjd/",
                list_page("政策解读", &reading_entries),
            ),
        ];
        all.extend(docs);
        all.extend(readings);
        run_rule(check, &site(&all), "2025-12-01", "2025").0
    }

    const NORMATIVE: &str = "明湖市城市管理局关于印发《明湖市户外广告设施设置管理办法》的通知";

    #[test]
    fn a_normative_document_without_interpretation_is_an_error() {
        let findings = pages(
            vec![(
                "http://x.gov.cn/zcwj/1.html",
                doc(NORMATIVE, "明城管规〔2025〕1号", "2025-05-06", ""),
            )],
            vec![],
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Error);
        assert!(findings[0].message.contains("明城管规〔2025〕1号"));
        assert!(
            findings[0].message.starts_with(
                "《明湖市城市管理局关于印发〈明湖市户外广告设施设置管理办法〉的通知》（明城管规〔2025〕1号）"
            ),
            "nested book-title marks are written 〈〉: {}",
            findings[0].message
        );
    }

    #[test]
    fn the_navigation_link_and_running_text_are_not_interpretations() {
        // Besides the site-nav "政策解读" link and 解读 in its body text, the page links the
        // 政策解读 column itself from its content ("更多解读"): a column, not an interpretation.
        let to_column = r#"<div class="xgjd">更多解读：<a href="/zcjd/">政策解读</a></div>"#;
        let findings = pages(
            vec![(
                "http://x.gov.cn/zcwj/1.html",
                doc(NORMATIVE, "明城管规〔2025〕1号", "2025-05-06", to_column),
            )],
            vec![(
                "http://x.gov.cn/zcjd/9.html",
                reading("市城管局召开新闻发布会", "2025-05-06", "正文", ""),
            )],
        );
        assert_eq!(findings.len(), 1);
    }

    #[test]
    fn an_explicit_link_either_way_matches() {
        let forward = doc(
            NORMATIVE,
            "明城管规〔2025〕1号",
            "2025-05-06",
            r#"<div class="xgjd">相关解读：<a href="/zcjd/9.html">解读材料</a></div>"#,
        );
        assert!(
            pages(
                vec![("http://x.gov.cn/zcwj/1.html", forward)],
                vec![(
                    "http://x.gov.cn/zcjd/9.html",
                    reading("专家谈城市治理", "2025-05-06", "正文", "")
                )]
            )
            .is_empty()
        );
        let back = reading(
            "专家谈城市治理",
            "2025-05-06",
            "正文",
            r#"<p>政策原文：<a href="/zcwj/1.html">政策原文</a></p>"#,
        );
        assert!(
            pages(
                vec![(
                    "http://x.gov.cn/zcwj/1.html",
                    doc(NORMATIVE, "明城管规〔2025〕1号", "2025-05-06", "")
                )],
                vec![("http://x.gov.cn/zcjd/9.html", back)]
            )
            .is_empty()
        );
    }

    #[test]
    fn a_titled_interpretation_in_another_column_matches_the_wrapped_name() {
        let findings = pages(
            vec![(
                "http://x.gov.cn/zcwj/1.html",
                doc(NORMATIVE, "明城管规〔2025〕1号", "2025-05-06", ""),
            )],
            vec![(
                "http://x.gov.cn/tzgg/9.html",
                reading(
                    "《明湖市户外广告设施设置管理办法》政策解读",
                    "2025-05-06",
                    "正文",
                    "",
                ),
            )],
        );
        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn a_body_citing_the_doc_number_matches() {
        let findings = pages(
            vec![(
                "http://x.gov.cn/zcwj/1.html",
                doc(NORMATIVE, "明城管规〔2025〕1号", "2025-05-06", ""),
            )],
            vec![(
                "http://x.gov.cn/zcjd/9.html",
                reading(
                    "市城管局负责人答记者问",
                    "2025-05-06",
                    "近日，我局印发了明城管规[2025]1号文件……",
                    "",
                ),
            )],
        );
        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn an_ordinary_policy_document_is_a_warning() {
        let findings = pages(
            vec![(
                "http://x.gov.cn/zcwj/2.html",
                doc(
                    "关于开展市容整治行动的通知",
                    "明城管〔2025〕31号",
                    "2025-05-06",
                    "",
                ),
            )],
            vec![],
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Warning);
        assert_eq!(findings[0].evidence["need"], "policy");
    }

    #[test]
    fn documents_outside_the_period_are_not_judged() {
        assert!(
            pages(
                vec![(
                    "http://x.gov.cn/zcwj/1.html",
                    doc(NORMATIVE, "明城管规〔2024〕1号", "2024-05-06", "")
                )],
                vec![]
            )
            .is_empty()
        );
    }
}
