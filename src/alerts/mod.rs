//! Alerts after a monitored run (issue 14): each portal's contacts and groups hear of new
//! 单项否决 risks, new problems and the documents the run issued — by e-mail over SMTP and by
//! 企业微信 / 钉钉 group robots, as the portfolio's `[alerts]` sets (off when it is not there).
//! A run with no news sends nothing. Delivery is never fatal: alerts go through the store's
//! outbox, are retried, and a failure is a warning and a line of the night's summary.
//!
//! The modules: `config` (the portfolio's keys), `compose` (the words), `email` and `webhook`
//! (the channels), `outbox` (queueing, retries, the next run's resend).

pub mod compose;
pub mod config;
pub mod email;
pub mod outbox;
pub mod webhook;

pub use compose::{About, Message, compose, veto_rules};
pub use config::{AlertsConfig, DingTalk, EmailServer, PortalAlerts, Security, Triggers};
pub use outbox::{Channel, Courier, Delivery, Destination, Retry, destinations};

use crate::indicators::IndicatorTable;
use crate::portfolio::PortfolioEntry;
use crate::report::Report;

/// Alerts of `entry`'s recorded run whose report is `report`, scored on `table`; `report_file`
/// is where its HTML report was written. Nothing when the run has no news or the portal no
/// destination.
pub async fn after_run(
    courier: &Courier<'_>,
    entry: &PortfolioEntry,
    report: &Report,
    table: &IndicatorTable,
    report_file: Option<&str>,
) -> Vec<Delivery> {
    let destinations = destinations(courier.config, entry);
    if destinations.is_empty() {
        return Vec::new();
    }
    let about = About {
        name: &entry.name,
        url: entry.url.as_str(),
        unit: entry.unit.as_deref(),
        report: report_file,
    };
    let veto = veto_rules(table, &report.veto);
    let Some(message) = compose(about, report, &veto, courier.config.on) else {
        return Vec::new();
    };
    let run_id = report.history.as_ref().map(|h| h.run_id);
    courier
        .post(
            &entry.name,
            &entry.portal(),
            run_id,
            &destinations,
            &message,
        )
        .await
}

/// The night summary's lines about alerts: a count, then one line per alert left unsent.
/// None when no alert was due.
pub fn summary_lines(deliveries: &[Delivery]) -> Vec<String> {
    if deliveries.is_empty() {
        return Vec::new();
    }
    let failed = deliveries.iter().filter(|d| d.error.is_some()).count();
    let retried = deliveries.iter().filter(|d| d.retried).count();
    let mut lines = vec![format!(
        "告警：发出 {} 条，未发出 {failed} 条{}",
        deliveries.len() - failed,
        if retried > 0 {
            format!("（其中补发以前未发出的 {retried} 条）")
        } else {
            String::new()
        }
    )];
    lines.extend(deliveries.iter().filter_map(Delivery::failure_line));
    lines
}
