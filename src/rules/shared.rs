//! An analysis several rules read (and the run, after them), made once per run: the first
//! reader makes it, the context keeps it, the others share it. Rules run on several threads
//! ([`run`](super::run)): a reader that comes while another makes the analysis waits for it
//! rather than make it twice.

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::model::Site;

/// What tells one site from another while a context lives: the site's address and its
/// articles' (a [`Context`](super::Context) serves one site, so this is a guard, not a key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SiteKey(usize, usize, usize);

impl SiteKey {
    fn of(site: &Site) -> Self {
        Self(
            std::ptr::from_ref(site).addr(),
            site.articles.as_ptr().addr(),
            site.articles.len(),
        )
    }
}

/// An analysis of the site kept for the rest of the run. It must not borrow the site (so
/// articles are named by their position in `site.articles`).
pub(crate) struct Shared<T>(OnceLock<(SiteKey, T)>);

impl<T> Default for Shared<T> {
    fn default() -> Self {
        Self(OnceLock::new())
    }
}

impl<T: Clone> Shared<T> {
    /// The analysis of `site`, made by `make` on first use. Asked about another site than the
    /// one it kept, it makes that site's afresh rather than answer for the wrong one.
    pub(crate) fn get_or_make(&self, site: &Site, make: impl Fn() -> T) -> Cow<'_, T> {
        let key = SiteKey::of(site);
        let (kept, analysis) = self.0.get_or_init(|| (key, make()));
        if *kept == key {
            Cow::Borrowed(analysis)
        } else {
            Cow::Owned(make())
        }
    }
}
