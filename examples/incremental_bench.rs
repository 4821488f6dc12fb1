//! The incremental re-crawl measured through the library, without a history database: a full
//! crawl fills an in-memory page cache exactly as the store does ([`PageCache::after`], built on
//! [`gongkai::crawl::cache::CachedPage::from_crawled`]), then `RUNS` re-crawls of the unchanged
//! portal each use the cache the previous run left, and print their requests and bytes.
//!
//!   cargo run --release --example incremental_bench -- URL [RUNS=8] [EVERY=7]
//!
//! `benches/incremental.sh` serves a generated 3,000-page portal and runs this.

use std::sync::Arc;

use gongkai::crawl::cache::{DEFAULT_REVERIFY_EVERY, PageCache};
use gongkai::crawl::http::{HttpFetcher, HttpOptions};
use gongkai::crawl::{CrawlOptions, CrawlOutput, crawl};
use url::Url;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: incremental_bench URL [RUNS] [EVERY]";
    let start = Url::parse(&args.next().ok_or(usage)?)?;
    let runs: u64 = args.next().map_or(Ok(8), |a| a.parse())?;
    let every: u32 = args
        .next()
        .map_or(Ok(DEFAULT_REVERIFY_EVERY), |a| a.parse())?;

    let full = run(&start, None).await?;
    let (full_requests, full_bytes) = (full.stats.requests, full.stats.bytes);
    println!(
        "run 1 (full):   {:>5} pages, {:>5} requests, {:>11} bytes, {:>6.2}s",
        full.pages.len(),
        full_requests,
        full_bytes,
        full.stats.elapsed_ms as f64 / 1000.0
    );
    let mut cache = PageCache::new(0, every).after(&full.pages, 1);
    let (mut total_requests, mut total_bytes) = (0u64, 0u64);
    for seq in 2..=runs + 1 {
        let output = run(&start, Some(&cache)).await?;
        let stats = &output.stats;
        println!(
            "run {seq} (re-check): {:>5} pages, {:>5} requests ({:>5.1} %), {:>9} bytes ({:>5.2} %), {:>5} not modified, {:>5} reused, {:>6.2}s",
            output.pages.len(),
            stats.requests,
            percent(stats.requests.into(), full_requests.into()),
            stats.bytes,
            percent(stats.bytes, full_bytes),
            stats.not_modified,
            stats.reused,
            stats.elapsed_ms as f64 / 1000.0
        );
        total_requests += u64::from(stats.requests);
        total_bytes += stats.bytes;
        cache = cache.after(&output.pages, seq);
    }
    println!(
        "mean of {runs} re-checks (every article re-verified once every {every} runs): {:.1} % of the full crawl's requests, {:.2} % of its bytes",
        percent(total_requests / runs, full_requests.into()),
        percent(total_bytes / runs, full_bytes)
    );
    Ok(())
}

fn percent(part: u64, whole: u64) -> f64 {
    100.0 * part as f64 / whole.max(1) as f64
}

async fn run(
    start: &Url,
    cache: Option<&PageCache>,
) -> Result<CrawlOutput, Box<dyn std::error::Error>> {
    let http = HttpOptions {
        rate: None,
        ..HttpOptions::default()
    };
    let options = CrawlOptions {
        max_pages: 100_000,
        concurrency: 8,
        cache: cache.map(|c| Arc::new(c.clone())),
        ..CrawlOptions::default()
    };
    Ok(crawl(Arc::new(HttpFetcher::new(http)?), start.clone(), &options).await?)
}
