//! The rectification loop in the store: records, their events, the issued documents and
//! people's explanations. A recorded run advances the records in its closing transaction
//! (`advance`); the commands read them back here.
//!
//! Skeleton: signatures shared by the commands; the bodies are being written.

use chrono::NaiveDate;

use super::Store;
use crate::error::Error;
use crate::rectify::{Explanation, LedgerEntry, Notice, NoticeKind, RectificationEvent};

/// Which issued documents to read.
#[derive(Debug, Clone, Default)]
pub struct NoticeFilter {
    /// One portal (its key, URL or name).
    pub portal: Option<String>,
    /// Issued on this day.
    pub issued_on: Option<NaiveDate>,
    pub kind: Option<NoticeKind>,
}

impl Store {
    /// Issued documents, oldest first (by kind, year and number).
    pub async fn notices(&self, filter: &NoticeFilter) -> Result<Vec<Notice>, Error> {
        let _ = filter;
        todo!("rectification store")
    }

    /// The 整改台账: every record, of one portal (its key, URL or name) or all, in order of
    /// first sighting.
    pub async fn ledger(&self, portal: Option<&str>) -> Result<Vec<LedgerEntry>, Error> {
        let _ = portal;
        todo!("rectification store")
    }

    /// Stage changes dated within `from..=to`, of one portal or all.
    pub async fn rectification_events(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        portal: Option<&str>,
    ) -> Result<Vec<RectificationEvent>, Error> {
        let _ = (from, to, portal);
        todo!("rectification store")
    }

    /// Records a person's explanation of the problem with `fingerprint` (of `portal` when the
    /// fingerprint alone is ambiguous); its record becomes `explained`. Returns the record.
    pub async fn explain(
        &self,
        portal: Option<&str>,
        fingerprint: &str,
        explanation: &Explanation,
    ) -> Result<LedgerEntry, Error> {
        let _ = (portal, fingerprint, explanation);
        todo!("rectification store")
    }
}
