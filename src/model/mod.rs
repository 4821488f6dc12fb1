//! The site model: typed records extracted from pages, joined into one [`Site`].
//!
//! Extraction is pure: text in, records out. The same code reads a live crawl, a saved mirror
//! and a test fixture.

pub mod annual_report;
pub mod article;
pub mod attachment;
pub mod body;
pub mod dates;
mod entry_date;
pub mod footer;
pub mod freshness;
pub mod grid;
pub mod html;
pub mod intern;
pub mod labels;
pub mod links;
pub mod listing;
pub mod messages;
pub mod meta;
pub mod navigation;
pub mod page;
pub mod pagination;
mod related;
pub mod site;
pub mod vocabulary;

pub use page::{PageKind, PageRecord, extract_page, extract_page_with};
pub use site::{
    Article, BrokenLink, Column, ColumnNode, CrawledPage, HomePage, OutboundTally, PageFetch,
    PageSource, Site,
};
pub use vocabulary::Vocabulary;
