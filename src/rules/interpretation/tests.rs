//! Matching at scale: a portal of many documents and many interpretations, each matched by one
//! of the four ways (or left without one), every document's match checked. Timing is measured
//! by hand only (`analysis_time_at_scale`, ignored).

use super::{Strength, analyze, coverage};
use crate::calendar::Calendar;
use crate::checks::Checks;
use crate::model::Site;
use crate::period::Period;
use crate::rules::Context;
use crate::rules::testing::{date, list_page, site};

/// How document `i` of [`portal`] is interpreted, if it is.
fn expected(i: usize) -> Option<Strength> {
    if i % 5 == 4 {
        return None;
    }
    Some(match i % 4 {
        0 => Strength::Link,
        1 => Strength::LinkBack,
        2 => Strength::Title,
        _ => Strength::DocNumber,
    })
}

fn doc_url(i: usize) -> String {
    format!("http://x.gov.cn/zcwj/{i}.html")
}

fn reading_url(i: usize) -> String {
    format!("http://x.gov.cn/zcjd/{i}.html")
}

/// The `i` of [`doc_url`].
fn number_of(url: &str) -> usize {
    let name = url.rsplit_once('/').unwrap().1;
    name.trim_end_matches(".html").parse().unwrap()
}

/// Document `i`: a 规范性文件 whose name and 文号 contain those of others (第1号 in 第11号,
/// 〔2025〕1号 in 〔2025〕11号), so that only whole names and numbers may match.
fn document(i: usize) -> String {
    let title = format!("明湖市人民政府关于印发《明湖市第{i}号事项管理办法》的通知");
    let link = if expected(i) == Some(Strength::Link) {
        format!(r#"<div class="xgjd">相关解读：<a href="/zcjd/{i}.html">解读材料</a></div>"#)
    } else {
        String::new()
    };
    format!(
        r#"<html><head><meta name="ArticleTitle" content="{title}"></head><body>
        <table><tr><td>索引号：</td><td>X/2025-{i}</td><td>发布机构：</td><td>明湖市人民政府</td></tr>
        <tr><td>文号：</td><td>明政规〔2025〕{i}号</td><td>发布日期：</td><td>2025-05-06</td></tr></table>
        <div class="TRS_Editor"><p>各单位：现将办法印发给你们。</p></div>{link}</body></html>"#
    )
}

/// The interpretation of document `i`, found by the way [`expected`] says; the others name
/// no document.
fn reading(i: usize, strength: Strength) -> String {
    let (title, body, extra) = match strength {
        Strength::Title => (
            format!("《明湖市第{i}号事项管理办法》政策解读"),
            "正文".to_string(),
            String::new(),
        ),
        Strength::LinkBack => (
            format!("第{i}期政策问答"),
            "正文".to_string(),
            format!(r#"<p>政策原文：<a href="/zcwj/{i}.html">政策原文</a></p>"#),
        ),
        Strength::DocNumber => (
            format!("第{i}期政策问答"),
            format!("近日，市政府印发了明政规[2025]{i}号文件……"),
            String::new(),
        ),
        Strength::Link => (
            format!("第{i}期政策问答"),
            "正文".to_string(),
            String::new(),
        ),
    };
    format!(
        r#"<html><head><meta name="ArticleTitle" content="{title}"></head><body>
        <div class="info">发布时间：2025-05-07</div><div class="TRS_Editor"><p>{body}</p></div>{extra}</body></html>"#
    )
}

/// A portal of `n` documents in a 规范性文件 column and their interpretations in a 政策解读
/// column (a fifth of the documents have none).
fn portal(n: usize) -> Site {
    let docs: Vec<(String, String)> = (0..n).map(|i| (doc_url(i), document(i))).collect();
    let readings: Vec<(String, String)> = (0..n)
        .filter_map(|i| Some((reading_url(i), reading(i, expected(i)?))))
        .collect();
    let (doc_paths, reading_paths) = (paths(&docs), paths(&readings));
    let mut pages = vec![
        (
            "http://x.gov.cn/zcwj/".to_string(),
            list_page("规范性文件", &listed(&doc_paths)),
        ),
        (
            "http://x.gov.cn/zcjd/".to_string(),
            list_page("政策解读", &listed(&reading_paths)),
        ),
    ];
    pages.extend(docs);
    pages.extend(readings);
    let pages: Vec<(&str, String)> = pages.iter().map(|(u, h)| (u.as_str(), h.clone())).collect();
    site(&pages)
}

/// The site paths of pages, as a list page links them.
fn paths(pages: &[(String, String)]) -> Vec<String> {
    pages
        .iter()
        .map(|(url, _)| url.trim_start_matches("http://x.gov.cn").to_string())
        .collect()
}

/// List entries (path, title, date shown) for `paths`.
fn listed(paths: &[String]) -> Vec<(&str, &str, &str)> {
    paths
        .iter()
        .map(|path| (path.as_str(), "标题占位文字", "2025-05-06"))
        .collect()
}

fn with_context<T>(run: impl FnOnce(&Context<'_>) -> T) -> T {
    let (calendar, checks) = (Calendar::official(), Checks::defaults());
    let ctx = Context::new(
        date("2025-12-01"),
        Period::parse("2025").unwrap(),
        &calendar,
        &checks,
    );
    run(&ctx)
}

#[test]
fn every_document_of_a_large_portal_finds_its_own_interpretation() {
    let n = 240;
    let site = portal(n);
    with_context(|ctx| {
        let judged = analyze(&site, ctx);
        assert_eq!(judged.len(), n, "every document judged, no interpretation");
        let mut seen = vec![false; n];
        for j in &judged {
            let i = number_of(&j.document.url);
            seen[i] = true;
            let found = j.matched.as_ref().map(|m| m.strength);
            assert_eq!(found, expected(i), "document {i}");
            if let Some(m) = &j.matched {
                let url = m.interpretation.map(|a| a.url.clone());
                assert_eq!(url, Some(reading_url(i)), "document {i}");
            }
        }
        assert!(seen.iter().all(|s| *s));
        let overall = coverage(&site, ctx).overall;
        assert_eq!(overall.documents, n);
        assert_eq!(overall.interpreted, (0..n).filter(|i| i % 5 != 4).count());
    });
}

#[test]
fn the_judgement_is_made_once_per_site_and_not_shared_with_another() {
    let (one, other) = (portal(6), portal(11));
    with_context(|ctx| {
        assert_eq!(analyze(&one, ctx).len(), 6);
        assert_eq!(analyze(&one, ctx).len(), 6, "read back from the context");
        assert_eq!(analyze(&other, ctx).len(), 11, "another site judged afresh");
    });
}

/// `cargo test --release --lib analysis_time_at_scale -- --ignored --nocapture`: the time of
/// the judgement (all three readers, as a run asks) at 500 and 5,000 documents and
/// interpretations. Prints; asserts nothing about time.
#[test]
#[ignore = "a measurement, run by hand"]
fn analysis_time_at_scale() {
    for n in [500, 5000] {
        let site = portal(n);
        let best = (0..20)
            .map(|_| {
                with_context(|ctx| {
                    let started = std::time::Instant::now();
                    let judged = analyze(&site, ctx).len();
                    let _ = analyze(&site, ctx);
                    let _ = coverage(&site, ctx);
                    (started.elapsed(), judged)
                })
            })
            .min()
            .unwrap();
        println!(
            "{n} documents + interpretations: {:?} ({} judged)",
            best.0, best.1
        );
    }
}
