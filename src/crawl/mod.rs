//! The crawler: fetches one portal politely, page by page, and hands every page to the
//! extractor once. It follows links inside the portal's scope, column navigation and list
//! pagination (the CMS quirks declare further pages), within page and depth limits.
//! Failures are recorded per URL and the crawl goes on.

mod body;
mod budget;
pub mod cache;
pub mod conditional;
pub mod coverage;
pub mod decode;
pub mod external;
pub mod fetch;
pub mod guard;
pub mod http;
pub mod inbound;
mod incremental;
mod keep;
mod mailbox;
pub mod mirror;
mod options;
mod output;
pub mod pool;
mod prepare;
mod progress;
mod reports;
pub mod robots;
pub mod schedule;
pub mod scope;
mod seen;
mod start;
mod verdicts;

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::Instant;

use tokio::task::JoinSet;
use url::Url;

use crate::model::attachment::FetchedAttachment;
use crate::model::body::TextSpill;
use crate::model::links::page_key_of;
use crate::model::pagination::PageSeries;
use crate::model::{CrawledPage, OutboundTally, PageFetch, PageRecord, PageSource};
use decode::CharsetSource;
use fetch::{Fetch, FetchFailure, Fetched};
use incremental::{Got, TaskResult};
pub use options::{
    CrawlOptions, DEFAULT_DEADLINE, MAX_DATE_VARIANTS, MAX_LIST_PAGES, MAX_QUERY_VARIANTS,
    StopReason,
};
pub use output::{CrawlError, CrawlOutput, CrawlStats, OffSiteRedirect};
use prepare::Prepared;
use reports::{attachment_failure, start_failure};
use robots::Robots;
use scope::Scope;
pub use start::StartFailed;

#[derive(Debug, Clone)]
struct Task {
    url: Url,
    depth: u32,
    linked_from: Option<String>,
    pagination_of: Option<String>,
    /// For an attached document: the page that offers it.
    attachment_of: Option<String>,
}

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
        seen: seen::Seen::default(),
        pages: Vec::new(),
        attachments: Vec::new(),
        errors: Vec::new(),
        off_site_redirects: Vec::new(),
        stats: CrawlStats::default(),
        warnings: Vec::new(),
        noted: HashSet::new(),
        progress: progress::Progress::new(options.progress),
        started: 0,
        list_pages: HashMap::new(),
        series_expanded: HashSet::new(),
        query_variants: HashMap::new(),
        traps_warned: HashSet::new(),
        depth_skipped: HashSet::new(),
        inbound: inbound::Inbound::default(),
        outbound: OutboundTally::default(),
        menus: keep::MenuHolders::new(),
        texts: TextSpill::default(),
        lists_capped: 0,
        series_unqueued: 0,
        verdicts: verdicts::Verdicts::default(),
    };
    let scope = Arc::new(scope);
    crawl.warnings.extend(crawl.robots.warning.clone());
    crawl.stats.requests += crawl.robots.requests;
    crawl.stats.bytes += crawl.robots.bytes;
    crawl.enqueue(Task {
        url: start.clone(),
        depth: 0,
        linked_from: None,
        pagination_of: None,
        attachment_of: None,
    });

    let vocabulary = Arc::new(options.vocabulary.clone());
    let pool = Arc::new(pool::ExtractPool::per_core());
    let deadline = tokio::time::Instant::from_std(began) + options.deadline;
    let mut running = InFlight::new(fetcher.local().is_some(), options.concurrency, &pool);
    let mut done = Vec::new();
    loop {
        while running.has_room() && crawl.started < options.max_pages {
            let Some(task) = crawl.next_task() else {
                break;
            };
            if !crawl.robots.allows(&task.url) {
                crawl.stats.blocked_by_robots += 1;
                continue;
            }
            crawl.started += 1;
            let plan = incremental::plan(&crawl.options, &task);
            let reply = incremental::Reply::new(running.results.clone(), task);
            if running.local {
                let (fetcher, scope, vocabulary) = (
                    Arc::clone(&fetcher),
                    Arc::clone(&scope),
                    Arc::clone(&vocabulary),
                );
                incremental::hand_over(&pool, reply, move |task| {
                    let local = fetcher.local().expect("a local source stays local");
                    incremental::run_local(local, task, plan, &scope, &vocabulary)
                })
                .await;
            } else {
                running.tasks.spawn(incremental::run(
                    Arc::clone(&fetcher),
                    reply,
                    plan,
                    Arc::clone(&scope),
                    Arc::clone(&vocabulary),
                    Arc::clone(&pool),
                    Arc::clone(&running.requests),
                ));
            }
            running.submitted += 1;
        }
        if running.len() == 0 {
            break;
        }
        if tokio::time::timeout_at(deadline, running.next(&mut done))
            .await
            .is_err()
        {
            crawl.stats.stopped_by = Some(StopReason::Deadline);
            crawl.stats.queued_not_fetched += running.len();
            running.tasks.abort_all();
            break;
        }
        for (task, result) in done.drain(..) {
            if let Some(failed) = start_failure(&task, &result) {
                return Err(failed);
            }
            crawl.absorb(task, result);
        }
    }
    // Until here `skipped_by_limits` counts only the links the depth limit left.
    let mut coverage = coverage::CrawlCoverage::of(
        options,
        &start,
        crawl.pages.len(),
        coverage::Left {
            queued: crawl.queue.len() + crawl.series_unqueued,
            depth_skipped: crawl.stats.skipped_by_limits,
            lists_capped: crawl.lists_capped,
        },
        &crawl.errors,
    );
    if crawl.stats.stopped_by == Some(StopReason::Deadline) {
        coverage.stopped_early(StopReason::Deadline.display());
    }
    crawl.finish();
    let (texts, texts_failed) = std::mem::take(&mut crawl.texts).finish();
    crawl.warnings.extend(texts_failed);
    crawl.stats.elapsed_ms = began.elapsed().as_millis();
    if let Some(progress) = &crawl.progress {
        progress.finish();
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
        external: Default::default(),
        inbound: crawl.inbound,
        outbound: crawl.outbound,
        texts,
    })
}

/// The pages being fetched and read: tasks asking a network source, and pages on the
/// extraction pool (a local source's straight away, a network page once its body is in).
/// Every page's result comes back through one [`mailbox::Mailbox`]: the crawl wakes once for
/// a batch of results (half the pages the pool holds), not once per page nor once per task
/// ending.
struct InFlight {
    local: bool,
    /// `--concurrency` permits: a network task holds one while it asks the source.
    requests: Arc<tokio::sync::Semaphore>,
    /// Pages started at most: as many as the pool holds (for a network source at least
    /// `--concurrency`). A network page's body then does not wait for room on the pool (each
    /// such wait, and the wake-up of its task when a pool thread took a job, cost two context
    /// switches a page), and while a page is parsed it holds no request: the next one goes
    /// out.
    most: usize,
    /// The network tasks, for stopping them at the deadline; each sends its result through
    /// `results`, and the set is only swept (never awaited: that would wake the loop).
    tasks: JoinSet<()>,
    /// Pages started whose results are still to come.
    submitted: usize,
    results: mailbox::Poster<TaskResult>,
    finished: mailbox::Mailbox<TaskResult>,
}

impl InFlight {
    /// A local source is not asked politely, only kept busy: `concurrency` holds only for a
    /// network source. The crawl wakes for half the pool's pages at once, or for each result
    /// once no more remain than the pool has threads (they need work).
    fn new(local: bool, concurrency: usize, pool: &pool::ExtractPool) -> Self {
        let (finished, results) = mailbox::Mailbox::new(pool.capacity() / 2, pool.threads());
        let requests = concurrency.max(1);
        Self {
            local,
            requests: Arc::new(tokio::sync::Semaphore::new(requests)),
            most: if local {
                pool.capacity()
            } else {
                pool.capacity().max(requests)
            },
            tasks: JoinSet::new(),
            submitted: 0,
            results,
            finished,
        }
    }

    fn len(&self) -> usize {
        self.submitted
    }

    /// Whether another page may start.
    fn has_room(&self) -> bool {
        self.submitted < self.most
    }

    /// Waits until results are ready and moves them into `done`.
    async fn next(&mut self, done: &mut Vec<TaskResult>) {
        let got = self.finished.take(done, self.submitted).await;
        self.submitted -= got;
        // Tasks that ended: their results are sent (a panicked or aborted one's too, by its
        // reply), only their slots in the set remain.
        while self.tasks.try_join_next().is_some() {}
    }
}

struct CrawlState {
    scope: Scope,
    robots: Robots,
    options: CrawlOptions,
    queue: VecDeque<Task>,
    /// Pages queued or read, so that none is queued twice.
    seen: seen::Seen,
    pages: Vec<CrawledPage>,
    attachments: Vec<FetchedAttachment>,
    errors: Vec<CrawlError>,
    off_site_redirects: Vec<OffSiteRedirect>,
    stats: CrawlStats,
    warnings: Vec<String>,
    /// Site-wide oddities already warned about once.
    noted: HashSet<String>,
    progress: Option<progress::Progress>,
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
    /// Which pages link to targets not read successfully (yet).
    inbound: inbound::Inbound,
    /// The links that leave the portal, tallied as pages are read (lean records drop them).
    outbound: OutboundTally,
    /// Where the one kept copy of each column menu is.
    menus: keep::MenuHolders,
    /// Where a lean crawl writes the articles' bodies ([`crate::model::body`]).
    texts: TextSpill,
    /// Lists cut at `--max-list-pages`: their later pages were not read.
    lists_capped: usize,
    /// Declared list pages the page budget left unqueued.
    series_unqueued: usize,
    /// What each link seen lately is, so a link repeated on every page is parsed once.
    verdicts: verdicts::Verdicts,
}

impl CrawlState {
    /// The next task to start. The queue gives its room back as it drains: a large portal's
    /// frontier once held tens of thousands of tasks, and their room would otherwise stay
    /// taken to the end of the crawl, where the memory peaks with every record read.
    fn next_task(&mut self) -> Option<Task> {
        let task = self.queue.pop_front();
        if self.queue.capacity() > 1024 && self.queue.len() < self.queue.capacity() / 4 {
            self.queue.shrink_to(self.queue.len() * 2);
        }
        task
    }

    /// Queues a task unless its page was seen; whether it was queued.
    fn enqueue(&mut self, task: Task) -> bool {
        if self.seen.insert(&page_key_of(&task.url)) {
            self.queue.push_back(task);
            true
        } else {
            false
        }
    }

    fn absorb(&mut self, task: Task, result: Result<Got, FetchFailure>) {
        match result {
            Ok(got) => {
                // Read successfully, under the address asked for and the one answering: no
                // broken link to either.
                let asked = page_key_of(&task.url);
                let answered = page_key_of(&got.fetched.final_url);
                self.inbound.read_ok(&asked);
                self.inbound.read_ok(&answered);
                if got.fetched.location.is_some() {
                    self.absorb_off_site(task, got.fetched);
                } else {
                    let redirected = (answered != asked).then_some(answered);
                    self.absorb_page(task, got, redirected);
                }
            }
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
        if let Some(progress) = &self.progress {
            progress.show(&self.stats, self.queue.len(), self.pages.last());
        }
    }

    /// A page read; `redirected`: the page key it was answered under, when not the one asked
    /// for.
    fn absorb_page(&mut self, task: Task, got: Got, redirected: Option<String>) {
        let Got {
            fetched,
            prepared,
            fetch,
        } = got;
        tracing::debug!(url = %fetched.final_url, depth = task.depth, attempts = fetched.attempts, source = ?fetch.source, "fetched");
        self.stats.pages_fetched += 1;
        self.stats.requests += fetched.attempts;
        self.stats.bytes += fetch.bytes;
        if fetched.attempts > fetched.hops + 1 {
            self.stats.retried_pages += 1;
        }
        if let Some(final_key) = &redirected {
            self.stats.redirects += 1;
            // A redirect (or a mirror's symlink) to a page already seen: that page is read
            // once, from its own URL.
            if !self.seen.insert(final_key) {
                return;
            }
        }
        let redirected = redirected.is_some();
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
            Prepared::Stored(record) => {
                match fetch.source {
                    PageSource::NotModified => self.stats.not_modified += 1,
                    PageSource::Reused => self.stats.reused += 1,
                    PageSource::Fetched => {}
                }
                self.add_page(task, &fetched, record, redirected, fetch);
            }
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
                self.add_page(task, &fetched, record, redirected, fetch);
            }
        }
    }

    /// A page's record joins the crawl, however it was obtained: its links are followed the
    /// same way, so a reused page still leads to new and removed links.
    fn add_page(
        &mut self,
        task: Task,
        fetched: &Fetched,
        record: Box<PageRecord>,
        redirected: bool,
        fetch: PageFetch,
    ) {
        self.warnings.extend(record.warnings.iter().cloned());
        self.follow(&task, &fetched.final_url, &record);
        let record = self.keep(record);
        self.pages.push(CrawledPage {
            record,
            pagination_of: task.pagination_of,
            requested_url: redirected.then(|| task.url.to_string()),
            fetch,
        });
    }

    /// Queues the links of a page: pagination at the same depth (a list's later pages are
    /// part of the list), everything else one level deeper. Each link is parsed once: its
    /// target noted for broken-link reports, and a link that leaves the portal tallied.
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
                self.series_unqueued += usize::try_from(left).unwrap_or(usize::MAX);
                self.warn_trap(
                    &format!("budget:{list_head}"),
                    format!(
                        "列表 {list_head} 声明共 {} 页，页数预算（--max-pages）只够再抓取其中 {queued} 页，其余 {left} 页未抓取",
                        series.len() + 1
                    ),
                );
            }
        }
        let page = self.pages.len();
        for link in &record.links {
            let (Some(verdict), parsed) = self.verdicts.of(&link.url, &self.scope) else {
                continue;
            };
            self.inbound.note(page, &verdict.key);
            if verdict.outbound {
                self.outbound.note(link, page, &record.url, &self.pages);
            }
            // A page already seen is not queued again, nor counted as a trap or too deep:
            // the link needs nothing more (most links, on most pages).
            if !verdict.in_scope || !verdict.may_be_page || self.seen.contains(&verdict.key) {
                continue;
            }
            let key = verdict.key.clone();
            let Some(url) = parsed.or_else(|| Url::parse(&link.url).ok()) else {
                continue;
            };
            if self.is_query_trap(&url) {
                continue;
            }
            if task.depth >= self.options.max_depth {
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
