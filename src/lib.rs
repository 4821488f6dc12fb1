//! gongkai: audits a Chinese government portal against the 政务公开 / 政府信息公开 rules.
//!
//! crawl → page model → rules → findings → report. The binary is a thin layer over
//! [`cli::main`]; everything else is usable as a library.

pub mod app;
pub mod calendar;
pub mod checks;
pub mod crawl;
pub mod error;
pub mod finding;
pub mod indicators;
pub mod model;
pub mod period;
pub mod quirks;
pub mod report;
pub mod rules;
