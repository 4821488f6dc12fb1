//! A finding's fingerprint names “the same problem” across runs (issue 13): it survives a
//! reworded message, another as-of date and changes elsewhere on the portal, and differs for
//! another page with the same problem and for another rule on the same page.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use gongkai::app::{Target, build_site, crawl_target};
use gongkai::calendar::Calendar;
use gongkai::checks::Checks;
use gongkai::crawl::CrawlOptions;
use gongkai::crawl::http::HttpOptions;
use gongkai::finding::Finding;
use gongkai::period::Period;
use gongkai::rules::{Context, REGISTRY, Selection, fingerprint_of, run};

mod common;
use common::files::copy_tree;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Crawls a saved portal as `gongkai check FOLDER` does and runs `rules` (all when empty) as of
/// `as_of`, over the year ending then.
fn check(folder: &Path, as_of: &str, rules: &[&str]) -> Vec<Finding> {
    let as_of = day(as_of);
    let target = Target::parse(&folder.to_string_lossy(), None).unwrap();
    let options = CrawlOptions {
        progress: false,
        ..CrawlOptions::default()
    };
    let output = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(crawl_target(&target, &options, &HttpOptions::default()))
        .unwrap();
    let site = build_site(&output);
    let (calendar, checks) = (Calendar::official(), Checks::load(None, None).unwrap());
    let ctx = Context::new(as_of, Period::year_ending(as_of), &calendar, &checks);
    let selection = Selection {
        select: rules.iter().map(|r| r.to_string()).collect(),
        ..Selection::default()
    };
    run(&site, &ctx, &selection)
}

/// `(url, fingerprint)` of each finding.
fn prints(findings: &[Finding]) -> Vec<(String, String)> {
    findings
        .iter()
        .map(|f| (f.url.clone(), f.fingerprint.clone()))
        .collect()
}

fn stale_portal() -> PathBuf {
    fixtures().join("rules/column-stale/fail")
}

#[test]
fn every_finding_has_a_fingerprint_that_ignores_the_wording() {
    let findings = check(&fixtures().join("demo-portal"), "2025-12-01", &[]);
    assert!(findings.len() > 10, "{}", findings.len());
    for finding in &findings {
        let identity = REGISTRY
            .iter()
            .find(|r| r.info.id == finding.rule)
            .unwrap()
            .info
            .identity;
        assert_eq!(finding.fingerprint.len(), 16, "{finding:?}");
        let mut reworded = finding.clone();
        reworded.message = format!("另一种说法：{}", finding.message);
        reworded.title = Some("改过的标题".into());
        let as_of = day("2025-12-01");
        assert_eq!(
            fingerprint_of(&reworded, identity, as_of),
            finding.fingerprint
        );
    }
}

#[test]
fn the_as_of_date_does_not_change_a_fingerprint() {
    let before = check(&stale_portal(), "2025-12-01", &["column-stale"]);
    let after = check(&stale_portal(), "2026-01-20", &["column-stale"]);
    assert_eq!(before.len(), 2);
    assert_eq!(prints(&before), prints(&after));
    for (b, a) in before.iter().zip(&after) {
        assert_ne!(
            b.evidence["cutoff"], a.evidence["cutoff"],
            "the facts drift"
        );
        assert_ne!(b.message, a.message, "and so does the message");
    }
}

#[test]
fn other_pages_coming_and_going_do_not_change_a_fingerprint() {
    let before = check(&stale_portal(), "2025-12-01", &["column-stale"]);
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&stale_portal(), dir.path());
    let home = dir.path().join("index.html");
    let html = std::fs::read_to_string(&home).unwrap();
    // 通知公告 (the other stale column) leaves the home page; an unrelated article arrives.
    let html = html
        .replace(
            r#"<li><a href="/col/col3102/index.html" target="_blank" title="通知公告">通知公告</a></li>"#,
            r#"<li><a href="/art/2025/11/28/art_9_1.html" title="新文章">新文章</a></li>"#,
        );
    std::fs::write(&home, html).unwrap();
    let article = dir.path().join("art/2025/11/28");
    std::fs::create_dir_all(&article).unwrap();
    std::fs::write(
        article.join("art_9_1.html"),
        r#"<html><head><meta name="ArticleTitle" content="新文章"></head><body>
        <div class="info">发布时间：2025-11-28</div><div id="zoom"><p>正文</p></div></body></html>"#,
    )
    .unwrap();
    let after = check(dir.path(), "2025-12-01", &["column-stale"]);
    assert_eq!(
        prints(&after),
        prints(&before)[..1],
        "工作动态 only, as before"
    );
}

#[test]
fn another_page_with_the_same_problem_is_another_fingerprint() {
    let findings = check(&stale_portal(), "2025-12-01", &["column-stale"]);
    assert_eq!(findings.len(), 2);
    assert_ne!(findings[0].url, findings[1].url);
    assert_ne!(findings[0].fingerprint, findings[1].fingerprint);
}

#[test]
fn another_rule_on_the_same_page_is_another_fingerprint() {
    let findings = check(&fixtures().join("demo-portal"), "2025-12-01", &[]);
    let mut pairs = 0;
    for (i, a) in findings.iter().enumerate() {
        for b in &findings[i + 1..] {
            assert_ne!(
                a.fingerprint, b.fingerprint,
                "{} and {} share a fingerprint",
                a.message, b.message
            );
            if a.url == b.url && a.rule != b.rule {
                pairs += 1;
            }
        }
    }
    assert!(pairs > 0, "the demo portal has two rules finding one page");
}
