//! Recording a run: a `running` row at the start (its per-portal number lets the crawl reuse
//! pages), then one transaction at the end that stores the pages, the findings against the
//! baseline, and flips the row to `completed`. A run killed in between stays `running`: an
//! incomplete run, never a baseline.

use std::sync::Arc;

use chrono::{SecondsFormat, Utc};
use serde_json::json;
use sqlx::Row;

use super::diff::Recheck;
use super::findings::{Baseline, record_findings};
use super::pages::{PageRow, load_cache, store_pages};
use super::store::{HistoryOptions, Store};
use super::{HistorySection, Portal};
use crate::app::{RunOptions, Target, audit_reaching, crawl_target};
use crate::error::{Error, HistoryAction};
use crate::model::links::page_key;
use crate::probe::Reachability;
use crate::report::Report;

/// A run in progress.
#[derive(Debug, Clone)]
pub struct Started {
    pub portal_id: i64,
    pub run_id: i64,
    pub seq: i64,
}

/// How the store writes a time: RFC 3339 in UTC with milliseconds, so text order is time order.
pub(super) fn stored_time(at: &chrono::DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(super) fn now() -> String {
    stored_time(&Utc::now())
}

/// The portal's id, recording it on first sight (and its name when one is given).
pub(super) async fn portal_id(store: &Store, portal: &Portal) -> Result<i64, sqlx::Error> {
    let mut conn = store.pool.acquire().await?;
    portal_id_on(&mut conn, portal).await
}

/// [`portal_id`] on one connection (a transaction's, when many portals are written at once).
pub(super) async fn portal_id_on(
    conn: &mut sqlx::AnyConnection,
    portal: &Portal,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO portals (key, name, url) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING",
    )
    .bind(&portal.key)
    .bind(&portal.name)
    .bind(&portal.url)
    .execute(&mut *conn)
    .await?;
    if let Some(name) = &portal.name {
        sqlx::query("UPDATE portals SET name = $1 WHERE key = $2")
            .bind(name)
            .bind(&portal.key)
            .execute(&mut *conn)
            .await?;
    }
    if let Some(unit) = &portal.unit {
        sqlx::query("UPDATE portals SET unit = $1 WHERE key = $2")
            .bind(unit)
            .bind(&portal.key)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("SELECT id FROM portals WHERE key = $1")
        .bind(&portal.key)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)
}

/// What a run was asked to do, as stored with it.
fn options_json(options: &RunOptions, history: &HistoryOptions) -> String {
    let target = match &options.target {
        Target::Url(url) => json!({ "url": url.as_str() }),
        Target::Folder { path, site_url } => {
            json!({ "folder": path.display().to_string(), "site_url": site_url.as_str() })
        }
    };
    json!({
        "target": target,
        "as_of": options.as_of.to_string(),
        "select": options.selection.select,
        "ignore": options.selection.ignore,
        "max_pages": options.crawl.max_pages,
        "max_depth": options.crawl.max_depth,
        "reverify_every": history.reverify_every,
    })
    .to_string()
}

impl Store {
    /// Records the start of a run of `portal`: its row, `running`, with the portal's next
    /// sequence number. Writers of one portal queue on its lock, so numbers never repeat.
    pub async fn begin_run(
        &self,
        portal: &Portal,
        options: &RunOptions,
        history: &HistoryOptions,
    ) -> Result<Started, Error> {
        let write = |e| self.error(HistoryAction::Write, e);
        let portal_id = portal_id(self, portal).await.map_err(write)?;
        let mut tx = self.begin_write().await.map_err(write)?;
        self.lock_portal(&mut tx, portal_id).await.map_err(write)?;
        let row = sqlx::query(
            "INSERT INTO runs (portal_id, seq, started_at, as_of, tool_version, options, status) \
             SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5, 'running' FROM runs WHERE portal_id = $1 \
             RETURNING id, seq",
        )
        .bind(portal_id)
        .bind(now())
        .bind(options.as_of.to_string())
        .bind(env!("CARGO_PKG_VERSION"))
        .bind(options_json(options, history))
        .fetch_one(&mut *tx)
        .await
        .map_err(write)?;
        let started = Started {
            portal_id,
            run_id: row.try_get(0).map_err(write)?,
            seq: row.try_get(1).map_err(write)?,
        };
        tx.commit().await.map_err(write)?;
        Ok(started)
    }
}

/// One recorded run: records it as running, crawls with what the store knows of the portal's
/// pages, audits, then in one transaction stores the pages, the findings and the diff against
/// the portal's last completed run, and marks the run completed. The report comes back with
/// each finding's `status` and `first_seen` and its `history` section filled. The portal's
/// declarations in force for the run's indicator tables (`gongkai evidence`) are scored.
pub async fn run_recorded(
    mut options: RunOptions,
    store: &Store,
    portal: &Portal,
    history: &HistoryOptions,
) -> Result<Report, Error> {
    options.selection.validate()?;
    for table in std::iter::once(&options.indicators).chain(&options.also_indicators) {
        let declared = store.declarations(&portal.key, &table.title).await?;
        options.declarations.extend(declared);
    }
    let started = store.begin_run(portal, &options, history).await?;
    let cache = load_cache(
        store,
        started.portal_id,
        started.seq,
        history.reverify_every,
    )
    .await
    .map_err(store.fail(HistoryAction::Read))?;
    let cache = Arc::new(cache);
    let mut crawl_options = options.crawl_options();
    crawl_options.cache = Some(Arc::clone(&cache));
    // The week `site-unreachable` judges, from the probes `gongkai probe` recorded.
    let (from, to) = crate::probe::window(options.as_of);
    let reachability = Reachability {
        url: portal.url.clone(),
        probes: Some(store.probes(portal, from, to).await?),
        start_failed: None,
    };
    let output = crawl_target(&options.target, &crawl_options, &options.http).await?;
    let rows: Vec<PageRow> = output
        .pages
        .iter()
        .map(|page| PageRow::of(page, &cache))
        .collect();
    // Every finding has its fingerprint from `rules::run`, inside the audit.
    let mut report = audit_reaching(&options, output, reachability);
    let mut site_keys: std::collections::HashSet<String> =
        [page_key(&report.header.site.start_url)].into();
    if !report.model.site.home_url.is_empty() {
        site_keys.insert(page_key(&report.model.site.home_url));
    }
    let recheck = Recheck {
        complete: report.crawl.complete,
        failed: report
            .crawl
            .errors
            .iter()
            .map(|e| page_key(&e.url))
            .collect(),
        // Asked-for and final URLs (a redirect's finding names the final one).
        pages: rows
            .iter()
            .flat_map(|r| [r.url_key.clone(), page_key(&r.url)])
            .collect(),
        site_keys,
        selection: options.selection.clone(),
        ..Recheck::default()
    }
    .with_findings(&report.findings);
    store
        .finish_run(&started, &options, &mut report, &recheck, &rows, &cache)
        .await?;
    store.prune(portal, history).await?;
    Ok(report)
}

impl Store {
    /// The end of a run, in one transaction: pages, findings with their statuses against the
    /// baseline, the run's figures, `completed`. Fills the report's statuses and history.
    pub(super) async fn finish_run(
        &self,
        started: &Started,
        options: &RunOptions,
        report: &mut Report,
        recheck: &Recheck,
        rows: &[PageRow],
        cache: &crate::crawl::cache::PageCache,
    ) -> Result<(), Error> {
        let write = |e| self.error(HistoryAction::Write, e);
        let mut tx = self.begin_write().await.map_err(write)?;
        self.lock_portal(&mut tx, started.portal_id)
            .await
            .map_err(write)?;
        let baseline = Baseline::load(&mut tx, started).await.map_err(write)?;
        let mut outcome = record_findings(
            &mut tx,
            started,
            &baseline,
            &mut report.findings,
            recheck,
            options,
        )
        .await
        .map_err(write)?;
        let issued = super::rectification::advance(
            &mut tx,
            self,
            started,
            options,
            &mut report.findings,
            &mut outcome,
        )
        .await
        .map_err(write)?;
        store_pages(&mut tx, started.portal_id, started.seq, rows, cache)
            .await
            .map_err(write)?;
        let problems = report.findings.iter().filter(|f| f.is_problem()).count();
        sqlx::query(
            "UPDATE runs SET finished_at = $1, stats = $2, errors = $3, crawl_complete = $4, status = 'completed', \
             score = $5, veto = $6, problems = $7, counts = $8 WHERE id = $9",
        )
        .bind(now())
        .bind(json(&report.crawl.stats))
        .bind(json(&report.crawl.errors))
        .bind(i64::from(report.crawl.complete))
        .bind(report.score.verified_score)
        .bind(i64::from(report.veto.triggered))
        .bind(problems as i64)
        .bind(json(&outcome.counts))
        .bind(started.run_id)
        .execute(&mut *tx)
        .await
        .map_err(write)?;
        tx.commit().await.map_err(write)?;
        report.history = Some(HistorySection {
            run_id: started.run_id,
            previous_run: baseline.run,
            counts: outcome.counts,
            fixed: outcome.fixed,
            unverified: outcome.unverified,
            issued,
        });
        Ok(())
    }
}

/// JSON of a run's figures.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("run figures serialise")
}
