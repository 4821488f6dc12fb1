//! Repeated values shared rather than copied. Every page of a portal carries the same site
//! name, domain, 标识码 and a handful of column names; a portal of 100,000 pages would hold
//! each of them 100,000 times. A [`Table`] hands out one [`Arc`] per distinct value. Tables
//! are per thread (extraction runs on a worker pool, and a shared table would make every
//! worker wait on one lock) and bounded, so values that never repeat cannot grow one without
//! end: past the bound, values are allocated as they come.

use std::cell::RefCell;
use std::collections::HashSet;
use std::hash::Hash;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// Distinct values one thread's table holds at most.
const MAX_VALUES: usize = 4096;
/// Longer strings are not shared: a long text is unlikely to repeat.
const MAX_LEN: usize = 256;

/// One thread's shared values of one kind.
pub struct Table<T: ?Sized>(HashSet<Arc<T>>);

impl<T: ?Sized + Hash + Eq> Default for Table<T> {
    fn default() -> Self {
        Self(HashSet::new())
    }
}

impl<T: ?Sized + Hash + Eq> Table<T> {
    /// `value` shared: the `Arc` handed out before for an equal value, when there is one.
    pub fn share<'v>(&mut self, value: &'v T) -> Arc<T>
    where
        Arc<T>: From<&'v T>,
    {
        if let Some(shared) = self.0.get(value) {
            return Arc::clone(shared);
        }
        let shared: Arc<T> = value.into();
        if self.0.len() < MAX_VALUES {
            self.0.insert(Arc::clone(&shared));
        }
        shared
    }
}

thread_local! {
    static STRINGS: RefCell<Table<str>> = RefCell::default();
}

/// `value` as a string shared with every equal one this thread handed out before.
pub fn intern(value: &str) -> Arc<str> {
    if value.len() > MAX_LEN {
        return value.into();
    }
    STRINGS.with_borrow_mut(|table| table.share(value))
}

/// A string shared through [`intern`]: reads as a `&str`, compares with one, and is written
/// and read as a plain string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SharedStr(Arc<str>);

impl SharedStr {
    /// `value`, shared with every equal one this thread interned before.
    pub fn interned(value: &str) -> Self {
        Self(intern(value))
    }
}

impl SharedStr {
    /// Rewrites the value with `edit` (privacy masking); the rewritten value is its own.
    pub fn edit(&mut self, edit: impl FnOnce(&mut String)) {
        let mut value = self.0.to_string();
        edit(&mut value);
        if *value != *self.0 {
            self.0 = value.into();
        }
    }
}

impl From<Arc<str>> for SharedStr {
    /// The string `value` shares.
    fn from(value: Arc<str>) -> Self {
        Self(value)
    }
}

impl From<&SharedStr> for SharedStr {
    /// The same string, shared.
    fn from(value: &SharedStr) -> Self {
        value.clone()
    }
}

impl From<&String> for SharedStr {
    /// A string of its own.
    fn from(value: &String) -> Self {
        Self(value.as_str().into())
    }
}

impl From<&str> for SharedStr {
    /// A string of its own, not interned: for values unlikely to repeat.
    fn from(value: &str) -> Self {
        Self(value.into())
    }
}

impl Deref for SharedStr {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl std::fmt::Display for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
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
