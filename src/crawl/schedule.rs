//! The rolling re-verification schedule for unchanged articles. An article taken from the
//! history without a request could have been edited in place (same URL, same list entry), so
//! each one is re-asked on a fixed slot: its key's stable hash modulo `every`. Run `n` re-asks
//! the articles whose slot is `n mod every`: about 1/`every` of them per run, and every
//! article at least once in any `every` consecutive runs. An article last verified `every` or
//! more runs ago (skipped runs, a changed `every`, a crawl cut short) is due whatever its slot.

use sha2::{Digest, Sha256};

/// The article's slot among `every` runs: from SHA-256 of its key, the same on every machine
/// and every version (std's hasher is randomised per process, so it would not do).
pub fn slot(key: &str, every: u32) -> u64 {
    let digest = Sha256::digest(key.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first) % u64::from(every.max(1))
}

/// Whether run `run_seq` must re-ask the server for an article with key `key` that was last
/// fetched or confirmed at run `verified_seq`. `every` of 0 or 1 re-asks every run.
pub fn is_due(key: &str, verified_seq: u64, run_seq: u64, every: u32) -> bool {
    if every <= 1 {
        return true;
    }
    run_seq.saturating_sub(verified_seq) >= u64::from(every)
        || run_seq % u64::from(every) == slot(key, every)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| {
                format!(
                    "www.example.gov.cn:80/xxgk/zcwj/2025{:02}/t2025_{i}.html",
                    i % 12
                )
            })
            .collect()
    }

    /// Runs a page through `runs` runs from `first`, verifying it whenever due: the runs at
    /// which it was asked.
    fn verified_runs(key: &str, first: u64, runs: u64, every: u32) -> Vec<u64> {
        let mut verified = first;
        let mut asked = Vec::new();
        for run in first + 1..=first + runs {
            if is_due(key, verified, run, every) {
                verified = run;
                asked.push(run);
            }
        }
        asked
    }

    #[test]
    fn every_article_is_verified_within_every_runs() {
        for every in [2, 3, 7, 10] {
            for key in keys(500) {
                for first in [1, 5, 13] {
                    let asked = verified_runs(&key, first, 60, every);
                    let mut last = first;
                    for run in asked.iter().copied().chain([first + 61]) {
                        assert!(
                            run - last <= u64::from(every),
                            "{key}: every {every}, runs {asked:?} from {first}"
                        );
                        last = run;
                    }
                }
            }
        }
    }

    #[test]
    fn the_load_is_spread_evenly() {
        let keys = keys(7000);
        let every = 7;
        // Everything fetched at run 1; each later run re-asks about 1/7 of the articles.
        let mut verified = vec![1u64; keys.len()];
        for run in 2..=30 {
            let mut due = 0;
            for (key, seen) in keys.iter().zip(verified.iter_mut()) {
                if is_due(key, *seen, run, every) {
                    *seen = run;
                    due += 1;
                }
            }
            // 1000 expected per run; a fair hash stays well within ±15 %.
            assert!((850..=1150).contains(&due), "run {run}: {due} due");
        }
    }

    #[test]
    fn overdue_articles_are_due_whatever_their_slot() {
        let key = "x.gov.cn:80/a/1.html";
        let off_slot = (0..7).find(|run| slot(key, 7) != run % 7).unwrap() + 70;
        assert!(!is_due(key, off_slot - 1, off_slot, 7));
        assert!(is_due(key, off_slot - 7, off_slot, 7));
        assert!(is_due(key, 1, 2, 1));
        assert!(is_due(key, 1, 2, 0));
    }

    #[test]
    fn slots_are_stable() {
        // Fixed values: a changed hash would move every portal's schedule.
        assert_eq!(
            slot("x.gov.cn:80/a/1.html", 7),
            slot("x.gov.cn:80/a/1.html", 7)
        );
        assert_eq!(slot("", 7), 0xe3b0c44298fc1c14 % 7);
    }
}
