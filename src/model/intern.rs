//! Repeated strings shared rather than copied. Every page of a portal carries the same site
//! name, domain, 标识码 and a handful of column names; a portal of 100,000 pages would hold
//! each of them 100,000 times. A per-thread table hands out one [`Arc<str>`] per distinct
//! value (per thread: extraction runs on a worker pool, and a shared table would make every
//! worker wait on one lock). The table is bounded, so a value that never repeats cannot grow
//! it without end: past the bound, values are allocated as they come.

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::Arc;

/// Distinct values one thread's table holds at most.
const MAX_VALUES: usize = 4096;
/// Longer values are not shared: a long text is unlikely to repeat.
const MAX_LEN: usize = 256;

thread_local! {
    static TABLE: RefCell<HashSet<Arc<str>>> = RefCell::new(HashSet::new());
}

/// `value` as a shared string: the one this thread handed out before, when there is one.
pub fn intern(value: &str) -> Arc<str> {
    if value.len() > MAX_LEN {
        return value.into();
    }
    TABLE.with_borrow_mut(|table| {
        if let Some(shared) = table.get(value) {
            return Arc::clone(shared);
        }
        let shared: Arc<str> = value.into();
        if table.len() < MAX_VALUES {
            table.insert(Arc::clone(&shared));
        }
        shared
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_value_is_one_allocation() {
        let a = intern("明湖市城市管理局");
        let b = intern("明湖市城市管理局");
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(&*a, "明湖市城市管理局");
        let long = "长".repeat(MAX_LEN);
        assert!(!Arc::ptr_eq(&intern(&long), &intern(&long)));
    }
}
