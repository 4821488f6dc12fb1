//! Where the extraction pool leaves page results for the crawl loop, in batches: the loop is
//! woken once for several results rather than once per page. Every wake-up of the loop costs a
//! system call and two context switches on each side; at tens of thousands of pages they were
//! a visible share of a check's CPU.
//!
//! A result is left in the box at once; the loop is woken when a batch is ready, or when few
//! jobs are left unfinished (the pool is about to run dry and needs more work, or the crawl is
//! at its end). Results never wait for a wake-up that does not come: while more than the
//! low-water mark are unfinished, the jobs still running or queued post results that reach
//! the one or the other.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;

/// The crawl loop's side: takes the results ready.
pub(super) struct Mailbox<T> {
    shared: Arc<Shared<T>>,
}

/// A pool job's side: leaves its result. Cloned into every job.
pub(super) struct Poster<T> {
    shared: Arc<Shared<T>>,
}

struct Shared<T> {
    ready: Mutex<Vec<T>>,
    /// Jobs expected to post and not done yet.
    unfinished: AtomicUsize,
    notify: Notify,
    /// Results that make a batch.
    batch: usize,
    /// At or below this many unfinished jobs, every result wakes the loop.
    low_water: usize,
}

impl<T> Mailbox<T> {
    /// A box waking its reader for `batch` results, or for every result once `low_water` or
    /// fewer jobs are unfinished (both at least 1 and 0).
    pub fn new(batch: usize, low_water: usize) -> (Self, Poster<T>) {
        let shared = Arc::new(Shared {
            ready: Mutex::new(Vec::new()),
            unfinished: AtomicUsize::new(0),
            notify: Notify::new(),
            batch: batch.max(1),
            low_water,
        });
        let poster = Poster {
            shared: Arc::clone(&shared),
        };
        (Self { shared }, poster)
    }

    /// Waits until results are ready and moves them into `done`, the oldest first and at most
    /// `limit` (at least one); how many.
    pub async fn take(&self, done: &mut Vec<T>, limit: usize) -> usize {
        loop {
            let woken = self.shared.notify.notified();
            {
                let mut ready = self.shared.ready.lock().unwrap_or_else(|e| e.into_inner());
                if !ready.is_empty() {
                    let count = ready.len().min(limit.max(1));
                    done.extend(ready.drain(..count));
                    return count;
                }
            }
            woken.await;
        }
    }
}

impl<T> Poster<T> {
    /// A job that will post one result is on its way.
    pub fn expect(&self) {
        self.shared.unfinished.fetch_add(1, Ordering::SeqCst);
    }

    /// Leaves one expected job's result, waking the loop when a batch is ready or few jobs
    /// are left.
    pub fn post(&self, result: T) {
        let waiting = {
            let mut ready = self.shared.ready.lock().unwrap_or_else(|e| e.into_inner());
            ready.push(result);
            ready.len()
        };
        let left = self.shared.unfinished.fetch_sub(1, Ordering::SeqCst) - 1;
        if waiting >= self.shared.batch || left <= self.shared.low_water {
            self.shared.notify.notify_one();
        }
    }
}

impl<T> Clone for Poster<T> {
    fn clone(&self) -> Self {
        Self {
            shared: Arc::clone(&self.shared),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_result_arrives_in_batches_or_at_the_end() {
        let (mailbox, poster) = Mailbox::new(4, 1);
        for _ in 0..10 {
            poster.expect();
        }
        let threads: Vec<_> = (0..2)
            .map(|t| {
                let poster = poster.clone();
                std::thread::spawn(move || {
                    for n in 0..5 {
                        poster.post(t * 5 + n);
                    }
                })
            })
            .collect();
        let mut done = Vec::new();
        // A result that never wakes the reader fails the test instead of hanging it.
        let all = async {
            while done.len() < 10 {
                mailbox.take(&mut done, 10).await;
            }
        };
        tokio::time::timeout(std::time::Duration::from_secs(30), all)
            .await
            .expect("every result wakes the reader in time");
        for thread in threads {
            thread.join().unwrap();
        }
        done.sort_unstable();
        assert_eq!(done, (0..10).collect::<Vec<_>>());
    }
}
