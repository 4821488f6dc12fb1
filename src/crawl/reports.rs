//! What the crawl records besides pages: report attachments (fetched, or why not), redirects
//! off the portal (outbound links, not followed), site-wide oddities noted once, a page whose
//! reading panicked, and a start page that leaves nothing to crawl.

use url::Url;

use super::fetch::{FailureKind, FetchFailure, Fetched};
use super::incremental::Got;
use super::pool::JobLost;
use super::prepare::Prepared;
use super::{CrawlState, OffSiteRedirect, StartFailed, Task};
use crate::model::PageRecord;
use crate::model::attachment::{FetchedAttachment, Unreadable};

impl CrawlState {
    /// A 年度报告 page that only points to an attachment: fetch the attachment, so its content
    /// can be checked. One outside the portal is not fetched, and the report says so.
    pub(super) fn follow_report_attachments(
        &mut self,
        task: &Task,
        page_url: &Url,
        record: &PageRecord,
    ) {
        let Some(article) = &record.article else {
            return;
        };
        if !article.report.as_ref().is_some_and(|r| r.is_empty()) {
            return;
        }
        for link in &article.attachments {
            let Ok(url) = Url::parse(&link.url) else {
                continue;
            };
            if !self.scope.contains(&url) {
                self.attachments.push(FetchedAttachment {
                    url: url.to_string(),
                    of: page_url.to_string(),
                    read: Err(Unreadable::OffSite(url.to_string())),
                });
                continue;
            }
            self.enqueue(Task {
                url,
                depth: task.depth,
                linked_from: Some(page_url.to_string()),
                pagination_of: None,
                attachment_of: Some(page_url.to_string()),
            });
        }
    }

    /// A URL inside the portal that redirected off it: an outbound link and a note.
    pub(super) fn absorb_off_site(&mut self, task: Task, fetched: Fetched) {
        let Some(target) = fetched.location else {
            return;
        };
        let outside = self.scope.describe_outside(&target);
        let target = String::from(target);
        tracing::info!(url = %task.url, %target, "off-site redirect not followed");
        self.stats.requests += fetched.attempts;
        self.stats.redirects += 1;
        if let Some(of) = &task.attachment_of {
            self.attachments.push(FetchedAttachment {
                url: task.url.to_string(),
                of: of.clone(),
                read: Err(Unreadable::RedirectedOff {
                    outside,
                    target: target.clone(),
                }),
            });
        }
        self.warnings
            .push(format!("{} 重定向到{outside} {target}，未跟随", task.url));
        self.off_site_redirects.push(OffSiteRedirect {
            url: task.url.to_string(),
            target,
            linked_from: task.linked_from,
        });
    }

    /// A warning about something site-wide, given once per `key`.
    pub(super) fn note_once(&mut self, message: String, key: String) {
        if self.noted.insert(key) {
            self.warnings.push(message);
        }
    }
}

/// Why an attachment could not be fetched, as the report says it.
pub(super) fn attachment_failure(failure: &FetchFailure) -> Unreadable {
    Unreadable::Download(match failure.kind {
        // "附件超过50 MB" says it all.
        FailureKind::TooLarge => failure.message.clone(),
        kind => format!("附件下载失败：{}（{}）", kind.display(), failure.message),
    })
}

/// The start page failed, or redirected off the portal: there is nothing to crawl.
pub(super) fn start_failure(
    task: &Task,
    result: &Result<Got, FetchFailure>,
) -> Option<StartFailed> {
    if task.depth != 0 || task.linked_from.is_some() {
        return None;
    }
    let (kind, status, message) = match result {
        Err(failure) => (failure.kind, failure.status, failure.message.clone()),
        Ok(Got {
            prepared: Prepared::Skipped(Some(what)),
            ..
        }) => {
            return Some(StartFailed {
                url: task.url.to_string(),
                kind: FailureKind::Other,
                status: None,
                message: String::new(),
                not_a_page: Some(what.clone()),
            });
        }
        Ok(Got { fetched, .. }) => {
            let target = fetched.location.as_ref()?;
            (
                FailureKind::OffSite,
                Some(fetched.status),
                format!(
                    "重定向到站外地址 {target}，未跟随；如需检查该网站，请以 {target} 作为起始地址"
                ),
            )
        }
    };
    Some(StartFailed {
        url: task.url.to_string(),
        kind,
        status,
        message,
        not_a_page: None,
    })
}

/// A page whose reading panicked: a failure of that page, not of the run.
pub(super) fn unreadable(lost: JobLost, attempts: u32) -> FetchFailure {
    let detail = lost.panic.unwrap_or_default();
    FetchFailure {
        kind: FailureKind::Other,
        status: None,
        message: format!("页面内容无法解析（程序内部错误：{detail}）"),
        attempts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_while_reading_a_page_fails_that_page_only() {
        let pool = crate::crawl::pool::ExtractPool::new(1);
        let lost = pool.run(|| -> u8 { panic!("deliberate") }).await;
        let failure = unreadable(lost.unwrap_err(), 2);
        assert_eq!((failure.kind, failure.attempts), (FailureKind::Other, 2));
        assert!(
            failure.message.contains("deliberate"),
            "{}",
            failure.message
        );
    }
}
