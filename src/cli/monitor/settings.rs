//! A portfolio entry as the flags `check` would have been given: the run's options come from
//! the same code path, so a portal checked from the portfolio and by hand are checked alike.

use chrono::NaiveDate;
use clap::{Args, FromArgMatches};
use url::Url;

use gongkai::portfolio::{Portfolio, PortfolioEntry};
use gongkai::{Error, RunOptions, Target};

use super::super::args::{CrawlArgs, RunArgs};
use super::super::options::options;

/// The rate `check` uses when none is given: polite to a live portal.
const DEFAULT_RATE: f64 = 2.0;

/// The flags' defaults, as clap gives them to a command line that sets nothing.
fn defaults<T: Args + FromArgMatches>() -> T {
    let command = T::augment_args(clap::Command::new("gongkai"));
    let matches = command
        .try_get_matches_from(["gongkai"])
        .expect("every flag has a default");
    T::from_arg_matches(&matches).expect("the defaults parse")
}

/// The run options of `entry`: its settings, the portfolio's, then `check`'s defaults.
pub(super) fn run_options(
    portfolio: &Portfolio,
    entry: &PortfolioEntry,
    as_of: NaiveDate,
) -> Result<RunOptions, Error> {
    let settings = portfolio.settings(entry);
    let mut crawl: CrawlArgs = defaults();
    let mut run: RunArgs = defaults();
    // Many crawls at once: progress bars would garble one another.
    crawl.quiet = true;
    if let Some(n) = settings.max_pages {
        crawl.max_pages = n;
    }
    if let Some(n) = settings.max_depth {
        crawl.max_depth = n;
    }
    if let Some(deadline) = settings.deadline {
        crawl.deadline = deadline;
    }
    if let Some(within) = settings.within_path {
        crawl.within_path = within;
    }
    if let Some(external) = settings.check_external {
        crawl.check_external = external;
    }
    if let Some(n) = portfolio.run.requests {
        crawl.concurrency = n;
    }
    crawl.user_agent = portfolio.run.user_agent.clone();
    run.as_of = Some(as_of);
    run.profile = settings.profile.clone();
    run.indicators = settings.indicators.clone().unwrap_or_default();
    run.checks = portfolio.run.checks.clone();
    if let Some(days) = portfolio.run.deadline_days {
        run.deadline_days = days;
    }
    let rate = settings.rate.unwrap_or(DEFAULT_RATE);
    options(target(&entry.url), &crawl, rate, &run, None)
}

fn target(url: &Url) -> Target {
    Target::Url(url.clone())
}

/// The crawl's time limit of `entry`, for the outer limit on its whole run.
pub(super) fn crawl_deadline(portfolio: &Portfolio, entry: &PortfolioEntry) -> std::time::Duration {
    portfolio
        .settings(entry)
        .deadline
        .unwrap_or_else(|| defaults::<CrawlArgs>().deadline)
}
