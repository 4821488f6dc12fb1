//! The live heap of the phase after the crawl, measured by a counting allocator: one crawl of a
//! saved portal (dropped to its records), then the audit and the JSON written to a sink, with
//! the live bytes at each step and the peak between them.
//!
//!   cargo run --release --example end_peak -- FOLDER [RULE…]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use gongkai::app::{Target, audit, crawl_target};
use gongkai::{CrawlOptions, RunOptions};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let live = LIVE.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
            PEAK.fetch_max(live, Relaxed);
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn step(name: &str) {
    let (live, peak) = (LIVE.load(Relaxed), PEAK.swap(LIVE.load(Relaxed), Relaxed));
    eprintln!(
        "{name:<12} live {:8.1} MB   peak since last {:8.1} MB",
        mb(live),
        mb(peak)
    );
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let folder = args.next().ok_or("usage: end_peak FOLDER [RULE…]")?;
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 12, 1).ok_or("as-of")?;
    let mut options = RunOptions::new(Target::parse(&folder, None)?, as_of);
    options.crawl.max_pages = 200_000;
    options.crawl.max_list_pages = 10_000;
    options.selection.select = args.collect();
    let crawl_options = CrawlOptions {
        lean_records: true,
        ..options.crawl_options()
    };
    let output = crawl_target(&options.target, &crawl_options, &options.http).await?;
    step("crawl");
    let report = audit(&options, output);
    step("audit");
    report.write_json(std::io::sink())?;
    step("json");
    drop(report);
    step("drop");
    Ok(())
}
