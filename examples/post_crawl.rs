//! The phase after the crawl measured alone: one crawl of a saved portal, then `RUNS` times the
//! site model, the rules (wall and process CPU seconds: on a busy machine the wall hides what a
//! second core does), the redaction, and the whole `audit` with its JSON and drop. With
//! `PER_RULE=1`, each rule alone on a fresh context first.
//!
//!   cargo run --release --example post_crawl -- FOLDER [RUNS=3]
//!
//! `taskset -c 0` in front runs the rules on one thread, for comparison.

use std::time::Instant;

use gongkai::app::{Target, audit, crawl_target, take_site};
use gongkai::rules::{self, Context, REGISTRY};
use gongkai::{CrawlOptions, RunOptions};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let folder = args.next().ok_or("usage: post_crawl FOLDER [RUNS]")?;
    let runs: usize = args.next().map_or(Ok(3), |a| a.parse())?;
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 12, 1).ok_or("as-of")?;
    let mut options = RunOptions::new(Target::parse(&folder, None)?, as_of);
    options.crawl.max_pages = 200_000;
    options.crawl.max_list_pages = 10_000;
    let crawl_options = CrawlOptions {
        lean_records: true,
        ..options.crawl_options()
    };
    let output = crawl_target(&options.target, &crawl_options, &options.http).await?;
    let context = || Context::new(as_of, options.period, &options.calendar, &options.checks);
    for _ in 0..runs {
        let mut copy = output.clone();
        let began = Instant::now();
        let mut site = take_site(&mut copy);
        let built = began.elapsed().as_secs_f64();
        if std::env::var_os("PER_RULE").is_some() {
            for rule in REGISTRY {
                let (ctx, began) = (context(), Instant::now());
                let found = (rule.check)(&site, &ctx).len();
                let took = began.elapsed().as_secs_f64();
                println!("  {:<28} {took:.3}s {found:>6} findings", rule.info.id);
            }
        }
        let (ctx, began, cpu) = (context(), Instant::now(), cpu_seconds());
        let mut findings = rules::run(&site, &ctx, &options.selection);
        let (ruled, ruled_cpu) = (began.elapsed().as_secs_f64(), cpu_seconds() - cpu);
        let began = Instant::now();
        rules::redact_personal_numbers(&mut site, &mut findings, as_of);
        let redacted = began.elapsed().as_secs_f64();
        drop((ctx, site, findings, copy));

        let copy = output.clone();
        let began = Instant::now();
        let report = audit(&options, copy);
        let audited = began.elapsed().as_secs_f64();
        report.write_json(std::io::sink())?;
        let written = began.elapsed().as_secs_f64();
        drop(report);
        let dropped = began.elapsed().as_secs_f64();
        println!(
            "build {built:.3}s  rules {ruled:.3}s (cpu {ruled_cpu:.3}s)  redact {redacted:.3}s  \
             | audit {audited:.3}s  +json {written:.3}s  +drop {dropped:.3}s"
        );
    }
    Ok(())
}

/// User and system CPU seconds of the whole process so far (`/proc/self/stat`, in the
/// kernel's 100 ticks a second).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or_default();
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |n: usize| fields.get(n).and_then(|f| f.parse::<f64>().ok());
    (ticks(11).unwrap_or(0.0) + ticks(12).unwrap_or(0.0)) / 100.0
}
