//! 主动公开的时限 (条例第二十六条): whether an article was published in time, and whether its
//! dates can be verified at all.

pub mod date_missing;
pub mod late;
