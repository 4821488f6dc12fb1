//! The 政府信息公开工作年度报告 a portal shows, one per report year, wherever they are: articles
//! titled like `XXXX年…政府信息公开工作年度报告` in any column, and entries of that title in any
//! list (a report whose page failed to load still counts as published, with its list date).
//! Shared by the four `annual-report-*` rules.

pub mod incomplete;
pub mod inconsistent;
pub mod late;
pub mod missing;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::model::Site;
use crate::model::annual_report::{ReportContent, report_year};

#[derive(Debug, Clone)]
pub struct PublishedReport<'a> {
    pub year: i32,
    pub title: String,
    pub url: String,
    pub published: Option<NaiveDate>,
    /// What the page says; `None` when only a list entry was seen or the report is an
    /// attachment that could not be read.
    pub content: Option<&'a ReportContent>,
    /// Attachments the report page offers (PDF/DOC/DOCX/WPS …).
    pub attachments: Vec<String>,
}

/// Reports by year, newest first. Where a year has several, the earliest published counts.
pub fn reports(site: &Site) -> Vec<PublishedReport<'_>> {
    let mut by_year: BTreeMap<i32, PublishedReport<'_>> = BTreeMap::new();
    for article in &site.articles {
        let Some(year) = report_year(article.title()) else {
            continue;
        };
        let content = article
            .content
            .report
            .as_deref()
            .filter(|r| !r.sections_found.is_empty() || r.table3.is_some());
        offer(
            &mut by_year,
            PublishedReport {
                year,
                title: article.title().to_string(),
                url: article.url.clone(),
                published: article.publication_date().map(|d| d.date),
                content,
                attachments: article
                    .content
                    .attachments
                    .iter()
                    .map(|l| l.url.clone())
                    .collect(),
            },
        );
    }
    for column in &site.columns {
        for entry in &column.entries {
            let Some(year) = report_year(&entry.title) else {
                continue;
            };
            if by_year.contains_key(&year) {
                continue;
            }
            offer(
                &mut by_year,
                PublishedReport {
                    year,
                    title: entry.title.clone(),
                    url: entry.url.clone(),
                    published: entry.date.as_ref().and_then(|d| d.date),
                    content: None,
                    attachments: Vec::new(),
                },
            );
        }
    }
    by_year.into_values().rev().collect()
}

/// Keeps `candidate` for its year unless a better one is there: a report whose content was read
/// beats one that was not; between equals, the earlier publication counts.
fn offer<'a>(by_year: &mut BTreeMap<i32, PublishedReport<'a>>, candidate: PublishedReport<'a>) {
    let keep = by_year.get(&candidate.year).is_none_or(|existing| {
        (existing.content.is_none() && candidate.content.is_some())
            || (existing.content.is_some() == candidate.content.is_some()
                && candidate
                    .published
                    .is_some_and(|c| existing.published.is_none_or(|e| c < e)))
    });
    if keep {
        by_year.insert(candidate.year, candidate);
    }
}
