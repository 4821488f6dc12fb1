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

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::io::IsTerminal;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tokio::task::JoinSet;
use url::Url;

use crate::model::attachment::FetchedAttachment;
use crate::model::links::{may_be_page, page_key_of};
use crate::model::pagination::PageSeries;
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
    /// The whole crawl's time limit: when it passes, fetches in flight are abandoned and the
    /// crawl ends with what it has, marked [`StopReason::Deadline`].
    pub deadline: Duration,
    /// The most pages fetched of one list ([`MAX_LIST_PAGES`] by default).
    pub max_list_pages: usize,
}

/// The default [`CrawlOptions::deadline`]: two hours.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(2 * 60 * 60);

/// The most pages fetched of one list (its pager chain, a declared page count).
pub const MAX_LIST_PAGES: usize = 2000;

/// The most variants of one path with the same query parameters (`list.jsp?id=…`) followed.
pub const MAX_QUERY_VARIANTS: usize = 1000;

/// The most variants of one path whose query varies by a date (`?date=2025-01-01`): a
/// calendar links to every day, forever.
pub const MAX_DATE_VARIANTS: usize = 31;

/// Why a crawl ended before it had fetched everything it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// `--deadline` passed.
    Deadline,
    /// `--max-pages` pages were fetched with links still queued.
    MaxPages,
}

impl StopReason {
    pub fn display(self) -> &'static str {
        match self {
            Self::Deadline => "已到抓取时限（--deadline）",
            Self::MaxPages => "已达页数上限（--max-pages）",
        }
    }
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
            deadline: DEFAULT_DEADLINE,
            max_list_pages: MAX_LIST_PAGES,
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
    /// Why the crawl ended early, when it did: the report is then incomplete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped_by: Option<StopReason>,
    /// URLs found and queued but never fetched because the crawl stopped.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub queued_not_fetched: usize,
    /// Links not followed because they repeat a structure beyond its cap (a calendar's days,
    /// an endless pager chain, a list claiming more pages than [`MAX_LIST_PAGES`]).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub cut_as_traps: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
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

impl CrawlOutput {
    /// Why the crawl ended early, when it did.
    pub fn stopped_by(&self) -> Option<StopReason> {
        self.stats.stopped_by
    }
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
        started: 0,
        list_pages: HashMap::new(),
        series_expanded: HashSet::new(),
        query_variants: HashMap::new(),
        traps_warned: HashSet::new(),
        depth_skipped: HashSet::new(),
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
    let deadline = tokio::time::Instant::from_std(began) + options.deadline;
    let mut running: JoinSet<TaskResult> = JoinSet::new();
    loop {
        while running.len() < options.concurrency.max(1) && crawl.started < options.max_pages {
            let Some(task) = crawl.queue.pop_front() else {
                break;
            };
            if !crawl.robots.allows(&task.url) {
                crawl.stats.blocked_by_robots += 1;
                continue;
            }
            crawl.started += 1;
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
        let joined = match tokio::time::timeout_at(deadline, running.join_next()).await {
            Ok(Some(joined)) => joined,
            Ok(None) => break,
            Err(_) => {
                crawl.stats.stopped_by = Some(StopReason::Deadline);
                crawl.stats.queued_not_fetched += running.len();
                running.abort_all();
                break;
            }
        };
        let (task, result) = joined.expect("fetch tasks do not panic");
        if let Some(failed) = start_failure(&task, &result) {
            return Err(failed);
        }
        crawl.absorb(task, result);
    }
    // Until here `skipped_by_limits` counts only the links the depth limit left.
    let mut coverage = coverage::CrawlCoverage::of(
        options,
        &start,
        crawl.pages.len(),
        (crawl.queue.len(), crawl.stats.skipped_by_limits),
        &crawl.errors,
    );
    if crawl.stats.stopped_by == Some(StopReason::Deadline) {
        coverage.stopped_early(StopReason::Deadline.display());
    }
    crawl.finish();
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
    /// Fetches started (the page budget spent).
    started: usize,
    /// Pages queued per list (keyed by its first page).
    list_pages: HashMap<String, usize>,
    /// Declared page series already expanded.
    series_expanded: HashSet<PageSeries>,
    /// Query variants queued per path and parameter names.
    query_variants: HashMap<String, usize>,
    /// Traps already warned about.
    traps_warned: HashSet<String>,
    /// Pages not followed because they lie deeper than `max_depth`.
    depth_skipped: HashSet<String>,
}

impl CrawlState {
    /// Queues a task unless its page was seen; whether it was queued.
    fn enqueue(&mut self, task: Task) -> bool {
        if self.seen.insert(page_key_of(&task.url)) {
            self.queue.push_back(task);
            true
        } else {
            false
        }
    }

    /// Page budget left for queueing: pages not yet started nor queued.
    fn budget_left(&self) -> usize {
        self.options
            .max_pages
            .saturating_sub(self.started + self.queue.len())
    }

    /// Queues a further page of the list `list_head`, within [`CrawlOptions::max_list_pages`];
    /// false when the list's cap is reached (then the caller stops).
    fn enqueue_list_page(&mut self, list_head: &str, task: Task) -> bool {
        if self.seen.contains(&page_key_of(&task.url)) {
            return true;
        }
        let count = self.list_pages.entry(list_head.to_string()).or_default();
        let cap = self.options.max_list_pages;
        if *count + 1 >= cap {
            self.stats.cut_as_traps += 1;
            self.warn_trap(
                list_head,
                format!(
                    "列表 {list_head} 的翻页超过 {cap} 页，其后各页未抓取（疑似无尽翻页或虚报页数）"
                ),
            );
            return false;
        }
        *count += 1;
        self.enqueue(task);
        true
    }

    fn warn_trap(&mut self, key: &str, warning: String) {
        if self.traps_warned.insert(key.to_string()) {
            tracing::warn!("{warning}");
            self.warnings.push(warning);
        }
    }

    /// Whether a link repeats a query structure beyond its cap (a calendar's `?date=` days, a
    /// path with endlessly varying parameters). Counts the link when it does not.
    fn is_query_trap(&mut self, url: &Url) -> bool {
        let Some(query) = url.query().filter(|q| !q.is_empty()) else {
            return false;
        };
        if self.seen.contains(&page_key_of(url)) {
            return false;
        }
        let names: BTreeSet<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
        let dated = url.query_pairs().any(|(k, v)| is_date_parameter(&k, &v));
        let mut shape = url.clone();
        shape.set_query(None);
        let key = format!(
            "{}?{}",
            page_key_of(&shape),
            names.into_iter().collect::<Vec<_>>().join("&")
        );
        let cap = if dated {
            MAX_DATE_VARIANTS
        } else {
            MAX_QUERY_VARIANTS
        };
        let count = self.query_variants.entry(key.clone()).or_default();
        if *count >= cap {
            self.stats.cut_as_traps += 1;
            let what = if dated {
                "日期参数"
            } else {
                "查询参数"
            };
            self.warn_trap(
                &key,
                format!(
                    "{} 的{what}变化超过 {cap} 种（如 ?{query}），其余链接未抓取（疑似日历或无尽链接陷阱）",
                    shape
                ),
            );
            return true;
        }
        *count += 1;
        false
    }

    /// After the loop: what was not reached, in words.
    fn finish(&mut self) {
        let too_deep = self
            .depth_skipped
            .iter()
            .filter(|key| !self.seen.contains(*key))
            .count();
        if too_deep > 0 {
            self.warnings.push(format!(
                "{too_deep} 个页面距起始页超过 {} 次点击（--max-depth），未抓取",
                self.options.max_depth
            ));
        }
        let queued = self.queue.len();
        if queued > 0 && self.stats.stopped_by.is_none() {
            self.stats.stopped_by = Some(StopReason::MaxPages);
        }
        self.stats.queued_not_fetched += queued;
        self.stats.skipped_by_limits += queued;
        if let Some(reason) = self.stats.stopped_by {
            let lists: BTreeSet<&str> = self
                .queue
                .iter()
                .filter_map(|t| t.pagination_of.as_deref())
                .collect();
            let mut warning = format!(
                "抓取未完成：{}，已抓取 {} 页，{} 个已发现的链接未抓取",
                reason.display(),
                self.stats.pages_fetched,
                self.stats.queued_not_fetched
            );
            if !lists.is_empty() {
                let shown: Vec<&str> = lists.iter().take(5).copied().collect();
                warning.push_str(&format!(
                    "，其中 {} 个列表的翻页未抓完（{}{}）",
                    lists.len(),
                    shown.join("、"),
                    if lists.len() > shown.len() {
                        " 等"
                    } else {
                        ""
                    }
                ));
            }
            warning.push_str("；本报告只反映已抓取的页面");
            self.warnings.push(warning);
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
            // A redirect (or a mirror's symlink) to a page already seen: that page is read
            // once, from its own URL.
            if !self.seen.insert(final_key) {
                return;
            }
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
                self.warnings.extend(record.warnings.iter().cloned());
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
        let page_task = |url: Url| Task {
            url,
            depth: task.depth,
            linked_from: Some(page_url.to_string()),
            pagination_of: Some(list_head.clone()),
            attachment_of: None,
        };
        for page in pagination.map(|p| p.pages.as_slice()).unwrap_or_default() {
            if let Ok(url) = Url::parse(page)
                && self.scope.contains(&url)
                && !self.enqueue_list_page(&list_head, page_task(url))
            {
                break;
            }
        }
        if let Some(series) = pagination.and_then(|p| p.series.as_ref())
            && self.series_expanded.insert(series.clone())
        {
            // Expanded once per list, lazily: at most the list's cap and the page budget left.
            let mut queued = 0usize;
            for page in series.urls() {
                if self.budget_left() == 0 {
                    break;
                }
                let Ok(url) = Url::parse(&page) else { break };
                if !self.scope.contains(&url) {
                    break;
                }
                if !self.enqueue_list_page(&list_head, page_task(url)) {
                    break;
                }
                queued += 1;
            }
            if (queued as u64) < series.len() && self.budget_left() == 0 {
                let left = series.len() - queued as u64;
                self.warn_trap(
                    &format!("budget:{list_head}"),
                    format!(
                        "列表 {list_head} 声明共 {} 页，页数预算（--max-pages）只够再抓取其中 {queued} 页，其余 {left} 页未抓取",
                        series.len() + 1
                    ),
                );
            }
        }
        for link in &record.links {
            let Ok(url) = Url::parse(&link.url) else {
                continue;
            };
            if !self.scope.contains(&url) || !may_be_page(&url) || self.is_query_trap(&url) {
                continue;
            }
            if task.depth >= self.options.max_depth {
                let key = page_key_of(&url);
                if !self.seen.contains(&key) {
                    self.stats.skipped_by_limits += 1;
                    self.depth_skipped.insert(key);
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

/// Whether a query parameter carries a date (`date=2025-01-01`, `day=20250101`, `month=2025-1`).
fn is_date_parameter(name: &str, value: &str) -> bool {
    static DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^(?:19|20)\d{2}[-/.]?\d{1,2}(?:[-/.]?\d{1,2})?$").expect("valid regex")
    });
    let name = name.to_ascii_lowercase();
    DATE.is_match(value.trim())
        || (matches!(
            name.as_str(),
            "date" | "day" | "month" | "year" | "riqi" | "ymd"
        ) && !value.is_empty())
}

fn progress_bar(wanted: bool) -> Option<indicatif::ProgressBar> {
    if !wanted || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.enable_steady_tick(Duration::from_millis(120));
    Some(bar)
}
