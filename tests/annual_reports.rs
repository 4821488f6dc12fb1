//! Annual reports end to end over a loopback server: reports published only as an attachment
//! are fetched and read (PDF text, DOCX text and tables), an unreadable one says so.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use gongkai::app::build_site;
use gongkai::calendar::Calendar;
use gongkai::checks::Checks;
use gongkai::crawl::CrawlOptions;
use gongkai::crawl::crawl;
use gongkai::crawl::http::{HttpFetcher, HttpOptions};
use gongkai::finding::Finding;
use gongkai::model::Site;
use gongkai::model::annual_report::{Table3Column, Table3Row};
use gongkai::period::Period;
use gongkai::rules::{self, Context, Selection};
use url::Url;

mod common;
use common::serve::{start, static_router};

async fn site_from(page: &str) -> Site {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/annual-reports");
    let (addr, _server) = start(static_router(&root).unwrap(), 0).await.unwrap();
    let url = Url::parse(&format!("http://{addr}/{page}")).unwrap();
    let fetcher = HttpFetcher::new(HttpOptions {
        rate: None,
        backoff: Duration::from_millis(20),
        ..HttpOptions::default()
    })
    .unwrap();
    let options = CrawlOptions {
        progress: false,
        max_depth: 0,
        ..CrawlOptions::default()
    };
    let output = crawl(Arc::new(fetcher), url, &options).await.unwrap();
    build_site(&output)
}

fn findings(site: &Site) -> Vec<Finding> {
    let calendar = Calendar::official();
    let checks = Checks::defaults();
    let as_of = NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
    let ctx = Context::new(as_of, Period::parse("2025").unwrap(), &calendar, &checks);
    let selection = Selection {
        select: [
            "annual-report-missing",
            "annual-report-late",
            "annual-report-incomplete",
            "annual-report-inconsistent",
        ]
        .map(String::from)
        .to_vec(),
        ignore: Vec::new(),
    };
    rules::run(site, &ctx, &selection)
}

fn problems(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .filter(|f| f.evidence.get("year").is_some_and(|y| y == 2024))
        .map(|f| {
            format!(
                "{}:{}",
                f.rule,
                f.evidence
                    .get("problem")
                    .and_then(|p| p.as_str())
                    .unwrap_or("")
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_docx_report_is_read_with_its_tables() {
    let site = site_from("attachment-docx.html").await;
    let report = site.articles[0].content.report.as_ref().unwrap();
    assert!(
        report.source.ends_with("P020250121.docx"),
        "{}",
        report.source
    );
    assert_eq!(report.sections_found.len(), 6);
    assert_eq!(
        report
            .table3
            .as_ref()
            .unwrap()
            .row(Table3Row::NewApplications)
            .unwrap()
            .value(Table3Column::Total),
        7
    );
    // Its 表四 has no number at all: not checked (and said so), never passed.
    assert_eq!(
        problems(&findings(&site)),
        ["annual-report-incomplete:table4-blank"],
        "{:?}",
        findings(&site)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pdf_report_is_read_as_text_and_its_tables_left_to_a_person() {
    let site = site_from("attachment-only.html").await;
    let report = site.articles[0].content.report.as_ref().unwrap();
    assert!(report.source.ends_with("P020250120.pdf"));
    assert_eq!(report.sections_found.len(), 6);
    assert_eq!(
        problems(&findings(&site)),
        ["annual-report-incomplete:tables-not-checked"]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreadable_attachment_counts_as_published_but_not_checked() {
    let site = site_from("attachment-wps.html").await;
    let found = findings(&site);
    assert_eq!(problems(&found), ["annual-report-incomplete:not-checked"]);
    assert!(
        !found
            .iter()
            .any(|f| f.rule == "annual-report-missing" && f.evidence["year"] == 2024)
    );
}
