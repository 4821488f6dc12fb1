//! CMS quirks: how the platforms Chinese portals are built on paginate their lists.
//!
//! Each adapter reads what its CMS leaves in a page and says which further URLs hold the rest
//! of a list. The extractor records them in the page's pagination and the crawler follows
//! them; nothing else needs to know about a particular CMS.

pub mod hanweb;
pub mod trs;
