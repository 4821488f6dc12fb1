//! interpretation-late and the 政策解读 coverage figures judge an interpretation's timing the
//! same way: an interpretation whose date is unknown (on another site, or undated) is neither
//! on time nor late in both — the coverage counts it as `timing_unjudged` and the rule raises
//! nothing. Runs the interpretation-late fixture portals.

use std::path::Path;

use gongkai::app::{Target, build_site, crawl_target};
use gongkai::calendar::Calendar;
use gongkai::checks::Checks;
use gongkai::crawl::CrawlOptions;
use gongkai::crawl::http::HttpOptions;
use gongkai::period::Period;
use gongkai::rules::{Context, CoverageRow, Selection, interpretation_coverage, run};

/// The overall coverage row and the number of interpretation-late findings of a fixture case.
fn judge(case: &str) -> (CoverageRow, usize) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/rules/interpretation-late")
        .join(case);
    let target = Target::parse(&folder.to_string_lossy(), None).expect("a fixture folder");
    let options = CrawlOptions {
        progress: false,
        ..CrawlOptions::default()
    };
    let output = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(crawl_target(&target, &options, &HttpOptions::default()))
        .expect("the fixture crawls");
    let site = build_site(&output);
    let checks = Checks::load(None, None).expect("shipped checks");
    let calendar = Calendar::official();
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 12, 1).expect("a date");
    let ctx = Context::new(
        as_of,
        Period::parse("2025").expect("a period"),
        &calendar,
        &checks,
    );
    let selection = Selection {
        select: vec!["interpretation-late".to_string()],
        ..Selection::default()
    };
    let late = run(&site, &ctx, &selection).len();
    (interpretation_coverage(&site, &ctx).overall, late)
}

#[test]
fn timing_figures_and_late_findings_agree() {
    for (case, on_time, late, unjudged) in [
        ("pass", 1, 0, 0),
        ("fail", 0, 1, 0),
        ("interpretation-elsewhere", 0, 0, 1),
        ("undated-interpretation", 0, 0, 1),
    ] {
        let (row, findings) = judge(case);
        assert_eq!(row.interpreted, 1, "{case}: one interpreted document");
        assert_eq!(
            (row.on_time, row.late, row.timing_unjudged),
            (on_time, late, unjudged),
            "{case}: on time, late, timing not judged"
        );
        assert_eq!(
            row.late, findings,
            "{case}: late figure = interpretation-late findings"
        );
        assert_eq!(
            row.on_time + row.late + row.timing_unjudged,
            row.interpreted,
            "{case}: every interpreted document is on time, late or not judged"
        );
    }
}
