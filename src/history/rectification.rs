//! The rectification loop in the store: records, their events, the issued documents and
//! people's explanations. A recorded run advances the records in its closing transaction
//! (`advance`); the commands read them back (`read`) and record explanations (`explain`).

mod advance;
mod explain;
mod read;
mod rows;

use chrono::NaiveDate;

use super::Store;
use crate::error::{Error, HistoryAction};
use crate::rectify::{Explanation, LedgerEntry, Notice, NoticeKind, RectificationEvent};

pub(super) use advance::advance;

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
        read::notices(self, filter)
            .await
            .map_err(self.fail(HistoryAction::Read))
    }

    /// The 整改台账: every record, of one portal (its key, URL or name) or all, in order of
    /// first sighting.
    pub async fn ledger(&self, portal: Option<&str>) -> Result<Vec<LedgerEntry>, Error> {
        read::ledger(self, portal, None)
            .await
            .map_err(self.fail(HistoryAction::Read))
    }

    /// Stage changes dated within `from..=to`, of one portal or all.
    pub async fn rectification_events(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        portal: Option<&str>,
    ) -> Result<Vec<RectificationEvent>, Error> {
        read::events(self, from, to, portal)
            .await
            .map_err(self.fail(HistoryAction::Read))
    }

    /// Records a person's explanation of the problem with `fingerprint` (of `portal` when the
    /// fingerprint alone is ambiguous); its record becomes `explained`. Returns the record.
    /// `fingerprint` may be a unique prefix of at least 8 hex digits; the event is dated by
    /// the day of `explanation.at` in Beijing time.
    pub async fn explain(
        &self,
        portal: Option<&str>,
        fingerprint: &str,
        explanation: &Explanation,
    ) -> Result<LedgerEntry, Error> {
        explain::explain(self, portal, fingerprint, explanation).await
    }
}
