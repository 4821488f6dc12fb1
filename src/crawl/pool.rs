//! A fixed pool of extraction threads, one per core, fed through a bounded queue. Parsing is
//! the costly part of a crawl; a pool that lives as long as the crawl keeps every core busy
//! without starting or waking a blocking-pool thread for every page (tokio's
//! `spawn_blocking` does), and the bounded queue keeps at most a few pages' bodies waiting.

use std::sync::{Arc, Mutex};

use tokio::sync::{mpsc, oneshot};

type Job = Box<dyn FnOnce() + Send>;

/// Jobs waiting per thread: enough to keep a thread busy while the next body is read.
const QUEUED_PER_THREAD: usize = 4;

/// The pool. Dropping it closes the queue: its threads finish the jobs queued and end (the
/// crawl does not wait for them).
pub struct ExtractPool {
    jobs: mpsc::Sender<Job>,
    threads: usize,
}

/// A job that gave no result: it panicked (with the panic's message), or the pool was gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobLost {
    pub panic: Option<String>,
}

impl JobLost {
    /// The pool was gone: the job never ran.
    pub fn gone() -> Self {
        Self { panic: None }
    }
}

impl ExtractPool {
    /// A pool of one thread per available core (at least one).
    pub fn per_core() -> Self {
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        Self::new(threads)
    }

    /// A pool of `threads` threads (at least one).
    pub fn new(threads: usize) -> Self {
        let threads = threads.max(1);
        // Room for the jobs waiting and one more per thread: a caller keeping `capacity()`
        // jobs submitted never waits for room while a thread that just answered has not yet
        // taken its next job (that wait woke the crawl twice per page).
        let (jobs, queue) = mpsc::channel::<Job>(threads * (QUEUED_PER_THREAD + 1));
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..threads {
            let queue = Arc::clone(&queue);
            std::thread::Builder::new()
                .name(format!("gongkai-extract-{n}"))
                .spawn(move || work(&queue))
                .expect("the system starts a thread");
        }
        Self { jobs, threads }
    }

    /// The pool's threads.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Runs `job` on a pool thread and waits for its result without blocking the runtime.
    pub async fn run<T, F>(&self, job: F) -> Result<T, JobLost>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let (done, result) = oneshot::channel();
        self.submit(move || {
            // The caller may be gone (the crawl stopped at its deadline): nothing to tell.
            let _ = done.send(catching(job));
        })
        .await?;
        result.await.map_err(|_| JobLost::gone())?
    }

    /// Queues `job` without waiting for it to run: the job hands over its own result (and
    /// catches its own panic, with [`catching`]). Waits only for room in the queue.
    pub async fn submit<F>(&self, job: F) -> Result<(), JobLost>
    where
        F: FnOnce() + Send + 'static,
    {
        self.jobs
            .send(Box::new(job))
            .await
            .map_err(|_| JobLost::gone())
    }

    /// The queue's room (jobs waiting, plus one running per thread): how many to keep
    /// submitted for every thread to stay busy without waiting to submit.
    pub fn capacity(&self) -> usize {
        self.jobs.max_capacity()
    }
}

/// Runs `job`; a panic becomes [`JobLost`] with its message, so a broken page fails alone.
pub fn catching<T>(job: impl FnOnce() -> T) -> Result<T, JobLost> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(job)).map_err(|panic| JobLost {
        panic: Some(panic_message(panic.as_ref())),
    })
}

/// One thread's loop: take the next job until the queue is closed and empty. A job that
/// panics loses only its own result: its caller hears [`JobLost`] with the message.
fn work(queue: &Mutex<mpsc::Receiver<Job>>) {
    loop {
        let job = {
            let Ok(mut queue) = queue.lock() else { return };
            queue.blocking_recv()
        };
        let Some(job) = job else { return };
        // Jobs catch their own panics to report them; this keeps the thread whatever a job does.
        let _ = catching(job);
    }
}

/// What a panic said (`panic!("…")` carries a `&str` or a `String`).
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn jobs_run_on_the_pool_and_a_panic_loses_only_its_own() {
        let pool = Arc::new(ExtractPool::new(2));
        let mut handles = Vec::new();
        for n in 0..100u64 {
            let pool = Arc::clone(&pool);
            handles.push(tokio::spawn(async move { pool.run(move || n * n).await }));
        }
        let mut sum = 0;
        for handle in handles {
            sum += handle.await.unwrap().unwrap();
        }
        assert_eq!(sum, (0..100u64).map(|n| n * n).sum::<u64>());
        let lost = pool.run(|| -> u8 { panic!("a broken page") }).await;
        assert_eq!(lost.unwrap_err().panic.as_deref(), Some("a broken page"));
        assert_eq!(pool.run(|| 7).await, Ok(7));
    }
}
