//! The crawler: fetches one portal politely, page by page, and hands every page to the
//! extractor once. It follows links inside the portal's scope, column navigation and list
//! pagination (the CMS quirks declare further pages), within page and depth limits.
//! Failures are recorded per URL and the crawl goes on.

mod body;
pub mod coverage;
pub mod decode;
pub mod fetch;
pub mod guard;
pub mod http;
pub mod mirror;
mod prepare;
mod reports;
pub mod robots;
pub mod scope;
mod start;

use std::collections::{HashSet, VecDeque};
use std::io::IsTerminal;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tokio::task::JoinSet;
use url::Url;

use crate::model::attachment::FetchedAttachment;
use crate::model::links::{may_be_page, page_key_of};
use crate::model::{CrawledPage, PageRecord, Vocabulary};
use decode::CharsetSource;
use fetch::{FailureKind, Fetch, FetchFailure, Fetched, Resource, follow};
use prepare::{Prepared, prepare};
use reports::{attachment_failure, start_failure, unreadable};
use robots::Robots;
use scope::Scope;
pub use start::StartFailed;

#[derive(Debug, Clone)]
pub struct CrawlOptions {
    pub max_pages: usize,
    pub max_depth: u32,
    pub within_path: bool,
    pub concurrency: usize,
    pub respect_robots: bool,
    pub user_agent: String,
    /// Show a progress bar on standard error (only ever on a terminal; off by default, the
    /// command line turns it on unless `--quiet`).
    pub progress: bool,
    /// The words pages are read with; [`crate::app::run`] sets the locality's from `checks/`.
    pub vocabulary: Vocabulary,
}

impl Default for CrawlOptions {
    fn default() -> Self {
        Self {
            max_pages: 2000,
            max_depth: 6,
            within_path: false,
            concurrency: 4,
            respect_robots: true,
            user_agent: http::default_user_agent(),
            progress: false,
            vocabulary: Vocabulary::default(),
        }
    }
}

/// A URL that could not be turned into a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrawlError {
    pub url: String,
    /// The page that linked to it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linked_from: Option<String>,
    pub kind: FailureKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    pub message: String,
    pub attempts: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CrawlStats {
    pub pages_fetched: usize,
    pub pages_failed: usize,
    /// Requests made, retries included.
    pub requests: u32,
    pub retried_pages: usize,
    pub redirects: usize,
    pub blocked_by_robots: usize,
    /// Links not followed because a limit was reached.
    pub skipped_by_limits: usize,
    /// Attached documents (reports published as PDF/DOCX) read.
    pub attachments_read: usize,
    /// Pages decoded from GBK / GB2312 / GB18030.
    pub gb_pages: usize,
    /// Pages whose charset came from the HTTP header / a meta tag / sniffing.
    pub charset_from_header: usize,
    pub charset_from_meta: usize,
    pub charset_sniffed: usize,
    pub elapsed_ms: u128,
}

/// A link inside the portal that redirected off it: an outbound link, not followed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffSiteRedirect {
    /// The URL inside the portal that was asked for.
    pub url: String,
    /// Where it redirected to (not requested).
    pub target: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linked_from: Option<String>,
}

/// What a crawl produced.
#[derive(Debug, Clone)]
pub struct CrawlOutput {
    pub start_url: Url,
    pub pages: Vec<CrawledPage>,
    /// Documents attached to report pages, with what could be read from them.
    pub attachments: Vec<FetchedAttachment>,
    pub errors: Vec<CrawlError>,
    /// Redirects off the portal, not followed (outbound links).
    pub off_site_redirects: Vec<OffSiteRedirect>,
    pub stats: CrawlStats,
    pub warnings: Vec<String>,
    pub scope: Scope,
    pub coverage: coverage::CrawlCoverage,
}

#[derive(Debug, Clone)]
struct Task {
    url: Url,
    depth: u32,
    linked_from: Option<String>,
    pagination_of: Option<String>,
    /// For an attached document: the page that offers it.
    attachment_of: Option<String>,
}

type TaskResult = (Task, Result<(Fetched, Prepared), FetchFailure>);

/// Crawls from `start` with `fetcher` (network or mirror: the same path).
pub async fn crawl<F: Fetch>(
    fetcher: Arc<F>,
    start: Url,
    options: &CrawlOptions,
) -> Result<CrawlOutput, StartFailed> {
    let began = Instant::now();
    let scope = Scope::new(&start, options.within_path);
    let robots = if options.respect_robots {
        Robots::fetch(fetcher.as_ref(), &start, &options.user_agent, &scope).await
    } else {
        Robots::allow_all()
    };
    let mut crawl = CrawlState {
        scope: scope.clone(),
        robots,
        options: options.clone(),
        queue: VecDeque::new(),
        seen: HashSet::new(),
        pages: Vec::new(),
        attachments: Vec::new(),
        errors: Vec::new(),
        off_site_redirects: Vec::new(),
        stats: CrawlStats::default(),
        warnings: Vec::new(),
        noted: HashSet::new(),
        progress: progress_bar(options.progress),
    };
    let scope = Arc::new(scope);
    crawl.warnings.extend(crawl.robots.warning.clone());
    crawl.enqueue(Task {
        url: start.clone(),
        depth: 0,
        linked_from: None,
        pagination_of: None,
        attachment_of: None,
    });

    let vocabulary = Arc::new(options.vocabulary.clone());
    let mut running: JoinSet<TaskResult> = JoinSet::new();
    let mut started = 0usize;
    loop {
        while running.len() < options.concurrency.max(1) && started < options.max_pages {
            let Some(task) = crawl.queue.pop_front() else {
                break;
            };
            if !crawl.robots.allows(&task.url) {
                crawl.stats.blocked_by_robots += 1;
                continue;
            }
            started += 1;
            let fetcher = Arc::clone(&fetcher);
            let vocabulary = Arc::clone(&vocabulary);
            let scope = Arc::clone(&scope);
            running.spawn(async move {
                let is_attachment = task.attachment_of.is_some();
                let resource = if is_attachment {
                    Resource::Attachment
                } else {
                    Resource::Page
                };
                let result = match follow(fetcher.as_ref(), &task.url, resource, &scope).await {
                    Ok(fetched) => {
                        let attempts = fetched.attempts;
                        tokio::task::spawn_blocking(move || {
                            let mut fetched = fetched;
                            let prepared = prepare(&fetched, is_attachment, &vocabulary);
                            // The crawl loop needs the URL and counts, not the bytes.
                            fetched.body = Vec::new();
                            (fetched, prepared)
                        })
                        .await
                        .map_err(|e| unreadable(e, attempts))
                    }
                    Err(failure) => Err(failure),
                };
                (task, result)
            });
        }
        let Some(joined) = running.join_next().await else {
            break;
        };
        let (task, result) = joined.expect("fetch tasks do not panic");
        if let Some(failed) = start_failure(&task, &result) {
            return Err(failed);
        }
        crawl.absorb(task, result);
    }
    // Until here `skipped_by_limits` counts only the links the depth limit left.
    let coverage = coverage::CrawlCoverage::of(
        options,
        &start,
        crawl.pages.len(),
        (crawl.queue.len(), crawl.stats.skipped_by_limits),
        &crawl.errors,
    );
    crawl.stats.skipped_by_limits += crawl.queue.len();
    crawl.stats.elapsed_ms = began.elapsed().as_millis();
    if let Some(bar) = &crawl.progress {
        bar.finish_and_clear();
    }
    Ok(CrawlOutput {
        start_url: start,
        pages: crawl.pages,
        attachments: crawl.attachments,
        errors: crawl.errors,
        off_site_redirects: crawl.off_site_redirects,
        stats: crawl.stats,
        warnings: crawl.warnings,
        scope: crawl.scope,
        coverage,
    })
}

struct CrawlState {
    scope: Scope,
    robots: Robots,
    options: CrawlOptions,
    queue: VecDeque<Task>,
    seen: HashSet<String>,
    pages: Vec<CrawledPage>,
    attachments: Vec<FetchedAttachment>,
    errors: Vec<CrawlError>,
    off_site_redirects: Vec<OffSiteRedirect>,
    stats: CrawlStats,
    warnings: Vec<String>,
    /// Site-wide oddities already warned about once.
    noted: HashSet<String>,
    progress: Option<indicatif::ProgressBar>,
}

impl CrawlState {
    fn enqueue(&mut self, task: Task) {
        if self.seen.insert(page_key_of(&task.url)) {
            self.queue.push_back(task);
        }
    }

    fn absorb(&mut self, task: Task, result: Result<(Fetched, Prepared), FetchFailure>) {
        match result {
            Ok((fetched, _)) if fetched.location.is_some() => self.absorb_off_site(task, fetched),
            Ok((fetched, prepared)) => self.absorb_page(task, fetched, prepared),
            Err(failure) => {
                tracing::warn!(url = %task.url, kind = ?failure.kind, status = ?failure.status, "{}", failure.message);
                self.stats.pages_failed += 1;
                self.stats.requests += failure.attempts;
                if let Some(of) = &task.attachment_of {
                    self.attachments.push(FetchedAttachment {
                        url: task.url.to_string(),
                        of: of.clone(),
                        read: Err(attachment_failure(&failure)),
                    });
                }
                self.errors.push(CrawlError {
                    url: task.url.to_string(),
                    linked_from: task.linked_from,
                    kind: failure.kind,
                    status: failure.status,
                    message: failure.message,
                    attempts: failure.attempts,
                });
            }
        }
        if let Some(bar) = &self.progress {
            bar.set_message(format!(
                "已抓取 {} 页，失败 {} 页",
                self.stats.pages_fetched, self.stats.pages_failed
            ));
            bar.tick();
        }
    }

    fn absorb_page(&mut self, task: Task, fetched: Fetched, prepared: Prepared) {
        tracing::debug!(url = %fetched.final_url, depth = task.depth, attempts = fetched.attempts, "fetched");
        self.stats.pages_fetched += 1;
        self.stats.requests += fetched.attempts;
        if fetched.attempts > fetched.hops + 1 {
            self.stats.retried_pages += 1;
        }
        let final_key = page_key_of(&fetched.final_url);
        let redirected = final_key != page_key_of(&task.url);
        if redirected {
            self.stats.redirects += 1;
            self.seen.insert(final_key);
        }
        match prepared {
            Prepared::Attachment(read) => {
                self.stats.attachments_read += usize::from(read.is_ok());
                self.attachments.push(FetchedAttachment {
                    url: fetched.final_url.to_string(),
                    of: task.attachment_of.clone().unwrap_or_default(),
                    read,
                });
            }
            Prepared::Skipped(_) => {}
            Prepared::Page {
                record,
                charset,
                encoding,
                had_errors,
                unknown_charset,
                mislabelled_as,
            } => {
                if let Some(label) = unknown_charset {
                    self.note_once(
                        format!(
                            "网页声明的字符集“{label}”无法识别，已自动判断编码（如 {}）",
                            fetched.final_url
                        ),
                        format!("charset:{label}"),
                    );
                }
                if let Some(content_type) = mislabelled_as {
                    self.note_once(format!(
                        "服务器以“{content_type}”类型返回网页，浏览器可能下载而不显示；已按网页读取（如 {}）",
                        fetched.final_url
                    ), format!("type:{content_type}"));
                }
                match charset {
                    CharsetSource::Header => self.stats.charset_from_header += 1,
                    CharsetSource::Meta => self.stats.charset_from_meta += 1,
                    CharsetSource::Sniffed | CharsetSource::Bom => self.stats.charset_sniffed += 1,
                }
                if matches!(encoding, "GBK" | "gb18030") {
                    self.stats.gb_pages += 1;
                }
                if had_errors {
                    self.warnings.push(format!(
                        "{}：页面含无法按 {encoding} 解码的字节",
                        fetched.final_url
                    ));
                }
                self.follow(&task, &fetched.final_url, &record);
                self.pages.push(CrawledPage {
                    record: *record,
                    pagination_of: task.pagination_of,
                    requested_url: redirected.then(|| task.url.to_string()),
                });
            }
        }
    }

    /// Queues the links of a page: pagination at the same depth (a list's later pages are
    /// part of the list), everything else one level deeper.
    fn follow(&mut self, task: &Task, page_url: &Url, record: &PageRecord) {
        let list_head = task
            .pagination_of
            .clone()
            .unwrap_or_else(|| page_url.to_string());
        let pagination = record.list.as_ref().and_then(|l| l.pagination.as_ref());
        for page in pagination.map(|p| p.pages.as_slice()).unwrap_or_default() {
            if let Ok(url) = Url::parse(page)
                && self.scope.contains(&url)
            {
                self.enqueue(Task {
                    url,
                    depth: task.depth,
                    linked_from: Some(page_url.to_string()),
                    pagination_of: Some(list_head.clone()),
                    attachment_of: None,
                });
            }
        }
        for link in &record.links {
            let Ok(url) = Url::parse(&link.url) else {
                continue;
            };
            if !self.scope.contains(&url) || !may_be_page(&url) {
                continue;
            }
            if task.depth >= self.options.max_depth {
                if !self.seen.contains(&page_key_of(&url)) {
                    self.stats.skipped_by_limits += 1;
                }
                continue;
            }
            self.enqueue(Task {
                url,
                depth: task.depth + 1,
                linked_from: Some(page_url.to_string()),
                pagination_of: None,
                attachment_of: None,
            });
        }
        self.follow_report_attachments(task, page_url, record);
    }
}

fn progress_bar(wanted: bool) -> Option<indicatif::ProgressBar> {
    if !wanted || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.enable_steady_tick(Duration::from_millis(120));
    Some(bar)
}
