//! gongkai audits a Chinese government portal against the 政务公开 / 政府信息公开 rules:
//! crawl → page model → rules → findings → report. The `gongkai` command line is one user of
//! this library; a program can run the same audit.
//!
//! # Auditing from a program
//!
//! Describe the run with [`RunOptions`] and hand it to [`run`]. The [`Report`] holds the
//! [`Finding`]s, the [`Site`] model, the scores against the [`IndicatorTable`] and the crawl
//! statistics; [`report`] renders it as text, JSON, HTML or the 整改清单. Every failure is an
//! [`Error`], whose [`Error::exit_code`] is what the command line exits with.
//!
//! ```no_run
//! use gongkai::{Checks, Period, RunOptions, Severity, Target};
//!
//! #[tokio::main]
//! async fn main() -> Result<(), gongkai::Error> {
//!     let as_of = chrono::NaiveDate::from_ymd_opt(2025, 12, 1).expect("a valid day");
//!     // A saved mirror; an `http(s)://` start URL crawls the live portal instead.
//!     let target = Target::parse("fixtures/demo-portal", None)?;
//!     let mut options = RunOptions::new(target, as_of);
//!     options.period = Period::parse("2025")?;
//!     options.checks = Checks::load(None, Some("government"))?;
//!     let report = gongkai::run(options).await?;
//!     for finding in &report.findings {
//!         if finding.severity == Severity::Error {
//!             println!("{}\t{}\t{}", finding.rule, finding.url, finding.message);
//!         }
//!     }
//!     println!("{}", report.to_json());
//!     Ok(())
//! }
//! ```
//!
//! The re-exports below are that surface. The modules are the pipeline's stages, public for
//! finer use and for the tests: crawling a site without auditing it ([`crawl`],
//! [`app::crawl_target`]), the page model on its own ([`model`]), single rules ([`rules`]).

pub mod alerts;
pub mod app;
pub mod calendar;
pub mod checks;
pub mod crawl;
pub mod error;
pub mod finding;
pub mod history;
pub mod indicators;
pub mod model;
pub mod period;
pub mod portfolio;
pub mod probe;
pub mod quirks;
pub mod rectify;
pub mod report;
pub mod rules;
pub mod text;

pub use app::{RunOptions, Target, run};
pub use calendar::Calendar;
pub use checks::Checks;
pub use crawl::CrawlOptions;
pub use crawl::http::HttpOptions;
pub use error::Error;
pub use finding::{Finding, Severity};
pub use indicators::IndicatorTable;
pub use model::Site;
pub use period::Period;
pub use report::Report;
pub use rules::Selection;
