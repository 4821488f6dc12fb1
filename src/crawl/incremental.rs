//! One page task with the history's cache: what to ask the server (nothing, a conditional
//! request, an ordinary one) and how the answer becomes a record. An article unchanged and not
//! due ([`super::schedule`]) is taken from the cache without a request; every other cached page
//! is asked conditionally and a 304 keeps the stored record; the rest is fetched and parsed.
//! A stored record that no longer reads is ignored: the page is fetched.

use std::sync::Arc;

use tokio::sync::Semaphore;
use url::Url;

use super::cache::CachedPage;
use super::conditional::content_hash;
use super::fetch::{
    FailureKind, Fetch, FetchFailure, Fetched, LocalFetch, Resource, Validators, follow_if,
    follow_now,
};
use super::mailbox::Poster;
use super::pool::{ExtractPool, JobLost, catching};
use super::prepare::{Prepared, prepare};
use super::reports::unreadable;
use super::schedule::is_due;
use super::scope::Scope;
use super::{CrawlOptions, Task};
use crate::model::links::page_key_of;
use crate::model::page::PageKind;
use crate::model::{PageFetch, PageRecord, PageSource, Vocabulary};

/// What a task brought back: the answer (its body dropped), the record or attachment read
/// from it, and how the page was obtained.
pub(super) struct Got {
    pub fetched: Fetched,
    pub prepared: Prepared,
    pub fetch: PageFetch,
}

pub(super) type TaskResult = (Task, Result<Got, FetchFailure>);

/// What to do for one task.
pub(super) enum Plan {
    /// An ordinary request.
    Fetch,
    /// An ordinary request for lean records ([`CrawlOptions::keeps_lean`]): the body's hash
    /// is not taken (only a history store reads it).
    FetchUnhashed,
    /// A conditional request; "not modified" keeps the stored record.
    Revalidate(Box<CachedPage>),
    /// No request: the stored record stands for this run.
    Reuse(Box<CachedPage>),
}

impl Plan {
    /// Whether a body read takes its hash.
    fn hashes(&self) -> bool {
        !matches!(self, Plan::FetchUnhashed)
    }
}

/// Decides a task's plan from the options: lean records, or the cache (attachments are always
/// fetched: their text is not stored).
pub(super) fn plan(options: &CrawlOptions, task: &Task) -> Plan {
    if options.keeps_lean() {
        return Plan::FetchUnhashed;
    }
    let Some(cache) = options.cache.as_deref() else {
        return Plan::Fetch;
    };
    if task.attachment_of.is_some() {
        return Plan::Fetch;
    }
    let key = page_key_of(&task.url);
    let Some(cached) = cache.pages.get(&key) else {
        return Plan::Fetch;
    };
    let due = is_due(
        &key,
        cached.verified_seq,
        cache.run_seq,
        cache.reverify_every,
    );
    if cached.kind == PageKind::Article && !due {
        Plan::Reuse(Box::new(cached.clone()))
    } else if cached.etag.is_none() && cached.last_modified.is_none() {
        // Nothing to send: asking conditionally would be an ordinary request anyway.
        Plan::Fetch
    } else {
        Plan::Revalidate(Box::new(cached.clone()))
    }
}

/// Runs one task: the plan and the request if any, holding one of `requests` (the crawl's
/// `--concurrency`) while it asks the source. A body to parse is handed to the extraction
/// pool, whose job sends the task's result; any other outcome is sent at once. Either way the
/// result goes through `reply`: the crawl loop is woken by the mailbox in batches, never by a
/// task ending (that woke it once per page).
pub(super) async fn run<F: Fetch>(
    fetcher: Arc<F>,
    mut reply: Reply,
    plan: Plan,
    scope: Arc<Scope>,
    vocabulary: Arc<Vocabulary>,
    pool: Arc<ExtractPool>,
    requests: Arc<Semaphore>,
) {
    let task = reply.task();
    let hash = plan.hashes();
    let stored = match plan {
        Plan::Fetch | Plan::FetchUnhashed => None,
        // The stored record is parsed on the pool, off the runtime's threads.
        plan => {
            let url = task.url.clone();
            match pool.run(move || before_request(&url, plan)).await {
                Ok(Before::Reused(got)) => return reply.send(Ok(got)),
                Ok(Before::Ask(stored)) => stored,
                Err(lost) => stored_or_warn(&task.url, Err(lost)),
            }
        }
    };
    let is_attachment = task.attachment_of.is_some();
    // Never closed: a failed acquire cannot happen, and would only lift the limit.
    let permit = requests.acquire().await.ok();
    let answer = follow_if(
        fetcher.as_ref(),
        &task.url,
        resource_of(task),
        &scope,
        &validators_of(&stored),
    )
    .await;
    // The next request goes out while this page waits for the pool.
    drop(permit);
    let fetched = match answered(&task.url, answer, stored) {
        Answered::Done(result) => return reply.send(result),
        Answered::Read(fetched) => fetched,
    };
    reply.attempts = fetched.attempts;
    hand_over(&pool, reply, move |_| {
        Ok(read(fetched, is_attachment, &vocabulary, hash))
    })
    .await;
}

/// Hands a page to the extraction pool: `work` runs there and its result goes through
/// `reply`. The page gets exactly one result whatever happens: a panic in `work` fails it
/// with the panic's message, and a job dropped before it ran (the pool gone) fails it too.
pub(super) async fn hand_over(
    pool: &ExtractPool,
    mut reply: Reply,
    work: impl FnOnce(&Task) -> Result<Got, FetchFailure> + Send + 'static,
) {
    // A submit that fails drops the job, and the reply with it, which answers for the page.
    let _ = pool
        .submit(move || {
            let Some(task) = reply.task.take() else {
                return;
            };
            let attempts = reply.attempts;
            let result =
                catching(|| work(&task)).unwrap_or_else(|lost| Err(unreadable(lost, attempts)));
            // The crawl may have stopped at its deadline: then nobody takes it.
            reply.results.post((task, result));
        })
        .await;
}

/// A page's result owed to the crawl from the moment its task starts: dropped unsent (a
/// panic, a task aborted, a pool gone), it reports the page lost, so the crawl never waits
/// for a result that cannot come.
pub(super) struct Reply {
    results: Poster<TaskResult>,
    task: Option<Task>,
    /// Requests made for the page so far (reported if it is lost).
    attempts: u32,
}

impl Reply {
    /// The result of `task` is expected on `results` from now on (one request so far: a
    /// network task sets the count its answer took).
    pub fn new(results: Poster<TaskResult>, task: Task) -> Self {
        results.expect();
        Self {
            results,
            task: Some(task),
            attempts: 1,
        }
    }

    /// The task the result is for.
    fn task(&self) -> &Task {
        self.task
            .as_ref()
            .expect("a reply holds its task until sent")
    }

    /// Sends the result.
    fn send(mut self, result: Result<Got, FetchFailure>) {
        if let Some(task) = self.task.take() {
            self.results.post((task, result));
        }
    }
}

impl Drop for Reply {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            let lost = Err(unreadable(JobLost::gone(), self.attempts));
            self.results.post((task, lost));
        }
    }
}

/// [`run`] for a local source, at once and in one piece: it runs as one job on the
/// extraction pool ([`hand_over`]).
pub(super) fn run_local(
    fetcher: &dyn LocalFetch,
    task: &Task,
    plan: Plan,
    scope: &Scope,
    vocabulary: &Vocabulary,
) -> Result<Got, FetchFailure> {
    let hash = plan.hashes();
    let stored = match before_request(&task.url, plan) {
        Before::Reused(got) => return Ok(got),
        Before::Ask(stored) => stored,
    };
    let is_attachment = task.attachment_of.is_some();
    let answer = follow_now(
        fetcher,
        &task.url,
        resource_of(task),
        scope,
        &validators_of(&stored),
    );
    match answered(&task.url, answer, stored) {
        Answered::Done(result) => result,
        Answered::Read(fetched) => Ok(read(fetched, is_attachment, vocabulary, hash)),
    }
}

/// What the plan gives before any request.
enum Before {
    /// A page taken from the store without a request.
    Reused(Got),
    /// Ask the source, conditionally when a stored record is given.
    Ask(Option<(CachedPage, PageRecord)>),
}

/// Reads the plan's stored record: the page reused, or the record to revalidate. A record
/// that does not read (or whose reading panics) is warned about and the page fetched.
fn before_request(url: &Url, plan: Plan) -> Before {
    match plan {
        Plan::Fetch | Plan::FetchUnhashed => Before::Ask(None),
        Plan::Reuse(cached) => {
            match stored_or_warn(url, catching(move || stored_record(*cached))) {
                Some((cached, record)) => Before::Reused(reused(url, &cached, record)),
                None => Before::Ask(None),
            }
        }
        Plan::Revalidate(cached) => Before::Ask(stored_or_warn(
            url,
            catching(move || stored_record(*cached)),
        )),
    }
}

fn resource_of(task: &Task) -> Resource {
    if task.attachment_of.is_some() {
        Resource::Attachment
    } else {
        Resource::Page
    }
}

/// The validators a stored record gives for a conditional request.
fn validators_of(stored: &Option<(CachedPage, PageRecord)>) -> Validators {
    stored
        .as_ref()
        .map_or_else(Validators::default, |(c, _)| Validators {
            etag: c.etag.clone(),
            last_modified: c.last_modified.clone(),
        })
}

/// What an answer leads to.
enum Answered {
    /// The task's result: a failure, or the stored record kept by "not modified".
    Done(Result<Got, FetchFailure>),
    /// A body to read into a record.
    Read(Fetched),
}

fn answered(
    url: &Url,
    answer: Result<Fetched, FetchFailure>,
    stored: Option<(CachedPage, PageRecord)>,
) -> Answered {
    match answer {
        Ok(fetched) if fetched.not_modified => Answered::Done(match stored {
            Some((cached, record)) => Ok(from_store(
                url,
                &cached,
                record,
                PageSource::NotModified,
                Some(fetched),
            )),
            // Not reached: validators are sent only with a stored record.
            None => Err(FetchFailure {
                kind: FailureKind::Other,
                status: Some(fetched.status),
                message: "服务器答复“未修改”，但没有保存的页面记录".to_string(),
                attempts: fetched.attempts,
            }),
        }),
        Ok(fetched) => Answered::Read(fetched),
        Err(failure) => Answered::Done(Err(failure)),
    }
}

/// A body read into a record (or an attachment's text), its size and (with `hash`) its hash
/// noted.
fn read(mut fetched: Fetched, is_attachment: bool, vocabulary: &Vocabulary, hash: bool) -> Got {
    let prepared = prepare(&fetched, is_attachment, vocabulary);
    let fetch = PageFetch {
        status: fetched.status,
        etag: fetched.etag.clone(),
        last_modified: fetched.last_modified.clone(),
        content_hash: if hash {
            content_hash(&fetched.body)
        } else {
            String::new()
        },
        source: PageSource::Fetched,
        bytes: fetched.body.len() as u64,
    };
    // The crawl loop needs the URL and counts, not the bytes.
    fetched.body = Vec::new();
    Got {
        fetched,
        prepared,
        fetch,
    }
}

/// The cached page with its record parsed, or why its stored JSON no longer reads as one.
fn stored_record(cached: CachedPage) -> Result<(CachedPage, PageRecord), String> {
    let record = cached.record().map_err(|error| error.to_string())?;
    Ok((cached, record))
}

/// A stored record as read on the pool; one that did not read (or whose reading panicked) is
/// warned about, once, and the page is fetched.
fn stored_or_warn<T>(url: &Url, read: Result<Result<T, String>, JobLost>) -> Option<T> {
    let error = match read {
        Ok(Ok(stored)) => return Some(stored),
        Ok(Err(error)) => error,
        Err(lost) => lost.panic.unwrap_or_default(),
    };
    tracing::warn!(%url, %error, "stored page record unreadable; fetching the page");
    None
}

/// A page taken from the store without a request.
fn reused(url: &Url, cached: &CachedPage, record: PageRecord) -> Got {
    from_store(url, cached, record, PageSource::Reused, None)
}

/// A page whose record comes from the store: unchanged by a 304 answer (`answer`) or reused
/// without a request.
fn from_store(
    url: &Url,
    cached: &CachedPage,
    record: PageRecord,
    source: PageSource,
    answer: Option<Fetched>,
) -> Got {
    let fetched = answer.unwrap_or_else(|| Fetched {
        final_url: url.clone(),
        status: 200,
        content_type: None,
        body: Vec::new(),
        attempts: 0,
        hops: 0,
        location: None,
        etag: cached.etag.clone(),
        last_modified: cached.last_modified.clone(),
        not_modified: true,
    });
    let fetch = PageFetch {
        // The status of the answer the record was read from.
        status: 200,
        etag: fetched.etag.clone().or_else(|| cached.etag.clone()),
        last_modified: fetched
            .last_modified
            .clone()
            .or_else(|| cached.last_modified.clone()),
        content_hash: cached.content_hash.clone(),
        source,
        bytes: 0,
    };
    Got {
        fetched,
        prepared: Prepared::Stored(Box::new(record)),
        fetch,
    }
}
