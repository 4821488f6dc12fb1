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
    run.deadline_days = portfolio.run.deadline_days;
    let rate = settings.rate.unwrap_or(DEFAULT_RATE);
    let mut options = options(target(&entry.url), &crawl, rate, &run, None)?;
    route(&mut options.checks.rectification, portfolio, entry);
    Ok(options)
}

/// The portfolio's routing of `entry`'s problems: its `departments` (`"*"` for every problem,
/// rule ids for some) and the `[notices]` issuer.
fn route(
    policy: &mut gongkai::checks::RectificationChecks,
    portfolio: &Portfolio,
    entry: &PortfolioEntry,
) {
    for (rule, department) in &entry.departments {
        if rule == "*" {
            policy.department_override = Some(department.clone());
        } else {
            policy.rule.entry(rule.clone()).or_default().department = Some(department.clone());
        }
    }
    if let Some(notices) = &portfolio.run.notices {
        notices.apply(&mut policy.issuer);
    }
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
