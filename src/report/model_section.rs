//! The site model as the JSON report carries it. By default a summary: the column tree, each
//! column with how many entries its lists showed, how many articles and other pages were read,
//! and the model's warnings — a report of a 100,000-page portal stays a few megabytes of
//! findings and scores. `--full-model` writes the whole model instead (every list entry, every
//! article with its metadata, the outbound links), as the reports before it did.

use serde::{Serialize, Serializer};

use crate::model::pagination::PaginationScheme;
use crate::model::site::{ColumnNode, ModelWarning};
use crate::model::{Column, Site};

/// How much of the model the JSON report writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ModelDetail {
    #[default]
    Summary,
    Full,
}

/// The run's site model and how much of it the JSON report writes.
#[derive(Debug, Clone, Default)]
pub struct ModelSection {
    pub site: Site,
    pub detail: ModelDetail,
}

impl Serialize for ModelSection {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.detail {
            ModelDetail::Full => self.site.serialize(serializer),
            ModelDetail::Summary => Summary::of(&self.site).serialize(serializer),
        }
    }
}

#[derive(Serialize)]
struct Summary<'a> {
    /// `"summary"`: the full model is written with `--full-model`.
    detail: &'static str,
    home_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    site_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    site_id_code: Option<&'a str>,
    column_tree: &'a [ColumnNode],
    columns: Vec<ColumnSummary<'a>>,
    articles: usize,
    other_pages: usize,
    outbound_links: usize,
    warnings: &'a [ModelWarning],
}

#[derive(Serialize)]
struct ColumnSummary<'a> {
    name: &'a str,
    url: &'a str,
    path: &'a [String],
    /// Entries its lists showed (the full model lists them).
    entries: usize,
    pages_fetched: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pages_declared: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pagination: Option<&'a PaginationScheme>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    empty_notice: bool,
}

impl<'a> Summary<'a> {
    fn of(site: &'a Site) -> Self {
        Summary {
            detail: "summary",
            home_url: &site.home_url,
            site_name: site.site_name.as_deref(),
            site_id_code: site.site_id_code.as_deref(),
            column_tree: &site.column_tree,
            columns: site.columns.iter().map(ColumnSummary::of).collect(),
            articles: site.articles.len(),
            other_pages: site.other_pages.len(),
            outbound_links: site.outbound_links.len(),
            warnings: &site.warnings,
        }
    }
}

impl<'a> ColumnSummary<'a> {
    fn of(column: &'a Column) -> Self {
        ColumnSummary {
            name: &column.name,
            url: &column.url,
            path: &column.path,
            entries: column.entries.len(),
            pages_fetched: column.pages_fetched,
            pages_declared: column.pages_declared,
            pagination: column.pagination.as_ref(),
            empty_notice: column.empty_notice,
        }
    }
}
