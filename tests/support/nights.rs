//! Driving a portal night after night: a loopback portal over a folder the test changes
//! between nights (fix a page, break one), pages that answer 500 on command, and one recorded
//! run per night with as-of advancing. Include with `mod common;` and
//! `#[path = "support/nights.rs"] mod nights;`.
#![allow(dead_code)]

use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::middleware::{Next, from_fn};
use axum::response::IntoResponse;
use chrono::NaiveDate;
use gongkai::history::{HistoryOptions, Portal, Store, run_recorded};
use gongkai::{Report, RunOptions, Target};
use url::Url;

use crate::common;

/// A portal served on 127.0.0.1 from a temporary copy of `fixtures/history/<version>`.
pub struct NightlyPortal {
    pub root: tempfile::TempDir,
    addr: SocketAddr,
    /// Paths (`/art/…html`) that answer 500.
    failing: Arc<Mutex<HashSet<String>>>,
    server: tokio::task::JoinHandle<()>,
    /// 责任单位, as a portfolio gives it.
    pub unit: Option<String>,
}

impl NightlyPortal {
    pub async fn start(version: &str) -> NightlyPortal {
        let root = tempfile::tempdir().unwrap();
        common::files::publish_history(root.path(), version);
        let failing: Arc<Mutex<HashSet<String>>> = Arc::default();
        let failing_now = Arc::clone(&failing);
        let router = common::serve::static_router(root.path())
            .unwrap()
            .layer(from_fn(move |request: Request<Body>, next: Next| {
                let fails = failing_now.lock().unwrap().contains(request.uri().path());
                async move {
                    if fails {
                        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
                    }
                    next.run(request).await
                }
            }));
        let (addr, server) = common::serve::start(router, 0).await.unwrap();
        NightlyPortal {
            root,
            addr,
            failing,
            server,
            unit: None,
        }
    }

    pub fn url(&self) -> Url {
        Url::parse(&format!("http://{}/", self.addr)).unwrap()
    }

    pub fn portal(&self) -> Portal {
        Portal {
            unit: self.unit.clone(),
            ..Portal::of_url(&self.url(), None)
        }
    }

    /// The full URL of `path` on this portal.
    pub fn at(&self, path: &str) -> String {
        self.url().join(path).unwrap().to_string()
    }

    /// From now on `path` answers 500.
    pub fn fail(&self, path: &str) {
        self.failing.lock().unwrap().insert(path.to_string());
    }

    /// `path` answers again.
    pub fn heal(&self, path: &str) {
        self.failing.lock().unwrap().remove(path);
    }

    /// Writes (or replaces) the page at `path` (`col/col2866/index.html`).
    pub fn write(&self, path: &str, html: &str) {
        let file = self.root.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap_or(Path::new("."))).unwrap();
        std::fs::write(file, html).unwrap();
    }

    /// The run options of a night as of `as_of`, without a request-rate limit and with
    /// retries of a failing page at once (its 500 stays a 500).
    pub fn options(&self, as_of: NaiveDate) -> RunOptions {
        let mut options = RunOptions::new(Target::Url(self.url()), as_of);
        options.http.rate = None;
        options.http.backoff = std::time::Duration::from_millis(1);
        options
    }

    /// One recorded night as of `as_of`, after `configure` has changed its options.
    pub async fn night(
        &self,
        store: &Store,
        as_of: NaiveDate,
        configure: impl FnOnce(&mut RunOptions),
    ) -> Report {
        let mut options = self.options(as_of);
        configure(&mut options);
        // Every article verified every night: a failing page must be seen failing.
        let history = HistoryOptions {
            reverify_every: 1,
            ..HistoryOptions::default()
        };
        run_recorded(options, store, &self.portal(), &history)
            .await
            .unwrap_or_else(|e| panic!("night {as_of}: {e}"))
    }
}

impl Drop for NightlyPortal {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// `count` consecutive calendar days from `first`: one run a night, weekends and holidays
/// included (the loop counts working days itself).
pub fn nights(first: NaiveDate, count: usize) -> Vec<NaiveDate> {
    first.iter_days().take(count).collect()
}

/// `YYYY-MM-DD`.
pub fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}
