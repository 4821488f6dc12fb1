//! The selected rules spread over the machine's cores. Rules are pure functions over the site
//! (what they share is made once, in the thread-safe [`Context`](super::Context)), so each
//! thread takes the next rule nobody has started until none is left. The few rules that read
//! every article's text start first, heaviest first: a thread left alone with the heaviest rule
//! at the end would leave the other cores idle. Results come back in the rules' order, whatever
//! thread made them.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::Rule;

/// Rules whose cost grows with every article's text (seconds each on a 30,000-page portal,
/// where the others take milliseconds), heaviest first: they start before the rest.
pub(super) const HEAVY_FIRST: &[&str] =
    &["wording-error", "interpretation-missing", "privacy-leak"];

/// `check` of each of `rules`, run on as many threads as the machine has cores (at most one a
/// rule), in `rules`' order.
pub(super) fn check_all<R: Send>(rules: &[&Rule], check: impl Fn(&Rule) -> R + Sync) -> Vec<R> {
    let ids: Vec<&str> = rules.iter().map(|rule| rule.info.id).collect();
    let threads = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    map_in_order(rules, &start_order(&ids), threads, |rule| check(rule))
}

/// Positions of `ids`, in the order their work starts: [`HEAVY_FIRST`] ones first, in that
/// order, then the others in theirs.
fn start_order(ids: &[&str]) -> Vec<usize> {
    let heavy = |id: &str| HEAVY_FIRST.iter().position(|h| *h == id);
    let mut order: Vec<usize> = (0..ids.len()).collect();
    // Stable: the others keep their order, after every heavy one.
    order.sort_by_key(|&n| heavy(ids[n]).unwrap_or(HEAVY_FIRST.len()));
    order
}

/// `f` of every item, started in `order` on up to `threads` threads (this one among them),
/// returned in `items`' order. A thread that cannot be started leaves its share to the others.
fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    order: &[usize],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        while let Some(&n) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push((n, f(&items[n])));
        }
        done
    };
    let mut done = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads.min(items.len()))
            .filter_map(|_| {
                std::thread::Builder::new()
                    .name("gongkai-rules".into())
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut done = work();
        for helper in helpers {
            match helper.join() {
                Ok(theirs) => done.extend(theirs),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        done
    });
    done.sort_unstable_by_key(|(n, _)| *n);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heavy_rules_exist_and_start_first() {
        for id in HEAVY_FIRST {
            assert!(super::super::info(id).is_some(), "{id} is no rule");
        }
        let ids = ["a", "privacy-leak", "b", "wording-error", "c"];
        assert_eq!(start_order(&ids), vec![3, 1, 0, 2, 4]);
    }

    #[test]
    fn results_come_back_in_item_order_whatever_the_threads() {
        let items: Vec<u64> = (0..50).collect();
        let order: Vec<usize> = (0..50).rev().collect();
        for threads in [0, 1, 2, 7, 100] {
            let squares = map_in_order(&items, &order, threads, |n| n * n);
            assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        }
        assert!(map_in_order(&[] as &[u64], &[], 4, |n| *n).is_empty());
    }
}
