//! `gongkai probe PORTFOLIO.toml`: one visit of every portal's home page, timed, recorded in
//! the history store for `site-unreachable`. Meant for cron every 30 minutes: no crawl, no
//! report files, many portals at once, one line per portal that did not open.

use std::sync::Arc;
use std::time::Instant;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use gongkai::Error;
use gongkai::crawl::http::default_user_agent;
use gongkai::history::Store;
use gongkai::portfolio::PortfolioEntry;
use gongkai::probe::Probe;
use gongkai::probe::visit::Prober;

use super::args::ProbeArgs;
use super::monitor::{load_portfolio, store_location};

/// Visits every chosen portal's home page and records the visits; returns the exit code: 0
/// when every home page opened, 1 when some did not (or an entry of the portfolio was left
/// out as invalid).
pub(super) async fn probe(args: ProbeArgs) -> Result<i32, Error> {
    let began = Instant::now();
    let portfolio = load_portfolio(&args.list.portfolio)?;
    let chosen: Vec<PortfolioEntry> = portfolio
        .select(&args.list.only)?
        .into_iter()
        .cloned()
        .collect();
    let left_out = if args.list.only.is_empty() {
        portfolio.problems.len()
    } else {
        0
    };
    for problem in portfolio.problems.iter().take(left_out) {
        eprintln!("错误：{}；本条未探测", problem.error);
    }
    let store = Store::open(&store_location(args.list.db.as_deref(), &portfolio)).await?;
    let user_agent = portfolio
        .run
        .user_agent
        .clone()
        .unwrap_or_else(default_user_agent);
    let prober = Arc::new(Prober::new(user_agent, args.timeout)?);
    let gate = Arc::new(Semaphore::new(args.concurrency as usize));
    let mut tasks = JoinSet::new();
    for (index, entry) in chosen.iter().enumerate() {
        let (prober, gate, url) = (prober.clone(), gate.clone(), entry.url.clone());
        tasks.spawn(async move {
            let _permit = gate.acquire_owned().await.expect("the gate stays open");
            (index, prober.visit(&url).await)
        });
    }
    let mut visits: Vec<Option<Probe>> = vec![None; chosen.len()];
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok((index, probe)) => visits[index] = Some(probe),
            Err(e) => eprintln!("错误：探测任务异常结束：{e}"),
        }
    }
    let visited: Vec<_> = chosen
        .iter()
        .zip(visits)
        .filter_map(|(entry, probe)| Some((entry.portal(), probe?)))
        .collect();
    store.record_probes(&visited).await?;

    let failed: Vec<_> = visited.iter().filter(|(_, p)| p.failed()).collect();
    if !args.quiet {
        for (portal, probe) in &failed {
            println!("{}", failure_line(portal, probe));
        }
    }
    println!(
        "探测 {} 个网站首页：{} 秒内打开 {} 个，失败 {} 个；用时 {:.1} 秒",
        visited.len(),
        gongkai::text::points(args.timeout.as_secs_f64()),
        visited.len() - failed.len(),
        failed.len(),
        began.elapsed().as_secs_f64()
    );
    let all_open = failed.is_empty() && visited.len() == chosen.len() && left_out == 0;
    Ok(if all_open { 0 } else { 1 })
}

/// `失败  名称  地址  原因（用时）`, tab-separated.
fn failure_line(portal: &gongkai::history::Portal, probe: &Probe) -> String {
    let why = probe.error.clone().unwrap_or_else(|| {
        format!(
            "HTTP {}，超过{}秒才打开",
            probe.status.unwrap_or_default(),
            gongkai::probe::LIMIT_SECONDS
        )
    });
    format!(
        "失败\t{}\t{}\t{why}（{} 毫秒）",
        portal.name.as_deref().unwrap_or_default(),
        portal.url,
        probe.millis.unwrap_or_default()
    )
}
