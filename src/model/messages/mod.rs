//! Messages (网民留言) of a portal's 信箱 and 咨询 columns: when each was asked, whether and when
//! it was answered. The inspection (国办秘函〔2019〕19号 互动回应差) counts a message left more
//! than 3 months without a reply, so the dates and the 办理状态 are what is read.
//!
//! Message columns print their messages as list rows (`序号 | 标题 | 留言时间 | 回复时间 | 状态`,
//! or `<li>` rows with inline `留言时间：…`) and as detail pages whose 留言内容 / 回复内容 blocks
//! are label/value table cells or labelled `<div>`s. The words come from `checks/interaction.toml`
//! ([`MessageWords`]).

mod detail;
mod labels;
mod rows;

use std::sync::LazyLock;

use chrono::NaiveDate;
use scraper::Html;
use serde::{Deserialize, Serialize};
use url::Url;

pub use labels::LabelKind;

/// Whether a message has been answered, as far as the page shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Replied {
    Yes,
    No,
    /// The page shows neither a reply nor a status.
    #[default]
    Unknown,
}

/// One message as a page shows it: a list row, or a detail page (whose `url` is the page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub title: String,
    /// The message's detail page; the list page itself for a row without a link.
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asked: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered: Option<NaiveDate>,
    /// The 办理状态 as printed (已回复, 办理中 …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default)]
    pub replied: Replied,
    /// Read from the message's own page (not a list row).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub detail_page: bool,
}

/// The labels message pages print (`[labels]` of `checks/interaction.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageLabels {
    pub asked: Vec<String>,
    pub answered: Vec<String>,
    pub reply: Vec<String>,
    pub question: Vec<String>,
    pub status: Vec<String>,
    #[serde(default)]
    pub other: Vec<String>,
}

/// What a 办理状态 or a reply text says (`[status]` of `checks/interaction.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusWords {
    pub answered: Vec<String>,
    pub unanswered: Vec<String>,
    #[serde(default)]
    pub empty_replies: Vec<String>,
}

/// The words message pages are read with.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MessageWords {
    pub labels: MessageLabels,
    pub status: StatusWords,
}

/// Whether a message was answered, from what its page shows: a reply date says yes; else a
/// known 办理状态; else a reply text says yes; else a reply block that says nothing says no.
pub(super) fn reply_state(
    answered: bool,
    status: Option<&str>,
    has_reply_text: bool,
    empty_reply_block: bool,
    words: &MessageWords,
) -> Replied {
    if answered {
        return Replied::Yes;
    }
    match status.map(|s| words.status_of(s)) {
        Some(known @ (Replied::Yes | Replied::No)) => known,
        _ if has_reply_text => Replied::Yes,
        _ if empty_reply_block => Replied::No,
        _ => Replied::Unknown,
    }
}

impl MessageWords {
    /// The shipped words (`checks/interaction.toml`).
    pub fn shipped() -> &'static MessageWords {
        static SHIPPED: LazyLock<MessageWords> = LazyLock::new(|| {
            toml::from_str(super::vocabulary::SHIPPED_INTERACTION)
                .expect("shipped interaction.toml is valid")
        });
        &SHIPPED
    }

    /// A blank word would match every page: the name of the list holding one.
    pub fn blank_list(&self) -> Option<&'static str> {
        let l = &self.labels;
        let s = &self.status;
        [
            ("labels.asked", &l.asked),
            ("labels.answered", &l.answered),
            ("labels.reply", &l.reply),
            ("labels.question", &l.question),
            ("labels.status", &l.status),
            ("labels.other", &l.other),
            ("status.answered", &s.answered),
            ("status.unanswered", &s.unanswered),
            ("status.empty_replies", &s.empty_replies),
        ]
        .into_iter()
        .find(|(_, words)| words.iter().any(|w| w.trim().is_empty()))
        .map(|(name, _)| name)
    }

    /// What a status text says: answered, not answered, or nothing known. Not-answered words
    /// are looked for first (未办结 is not 办结).
    pub fn status_of(&self, text: &str) -> Replied {
        let has = |words: &[String]| words.iter().any(|w| text.contains(w.as_str()));
        if has(&self.status.unanswered) {
            Replied::No
        } else if has(&self.status.answered) {
            Replied::Yes
        } else {
            Replied::Unknown
        }
    }

    /// Whether a reply text is a reply (not empty, not “暂无回复”).
    pub fn is_reply(&self, text: &str) -> bool {
        let bare = text.trim_matches(|c: char| {
            c.is_whitespace() || c.is_ascii_punctuation() || "：。！".contains(c)
        });
        !bare.is_empty() && !self.status.empty_replies.iter().any(|e| e == bare)
    }

    /// Whether `html` may hold messages at all: a cheap test before reading a page for them.
    /// One scan of the page per distinct last character of the words (`时间`, `日期` …), not
    /// one per word: each place that character occurs is tested for the words ending in it.
    fn may_hold(&self, html: &str) -> bool {
        let words = &self.labels.asked;
        let mut lasts: Vec<char> = Vec::new();
        for word in words {
            let Some(last) = word.chars().next_back() else {
                return true; // An empty word is in every page.
            };
            if !lasts.contains(&last) {
                lasts.push(last);
            }
        }
        lasts.into_iter().any(|last| {
            let mut buffer = [0u8; 4];
            let needle = last.encode_utf8(&mut buffer).as_bytes();
            memchr::memmem::find_iter(html.as_bytes(), needle).any(|at| {
                let seen = &html[..at + needle.len()];
                words
                    .iter()
                    .any(|w| w.ends_with(last) && seen.ends_with(w.as_str()))
            })
        })
    }
}

/// The messages a page shows: its list rows, else the page itself as one message's detail page
/// (with an empty title, which the caller fills with the page's).
pub fn read_messages(doc: &Html, html: &str, url: &Url, words: &MessageWords) -> Vec<Message> {
    if !words.may_hold(html) {
        return Vec::new();
    }
    let listed = rows::read_rows(doc.root_element(), url, words);
    if !listed.is_empty() {
        return listed;
    }
    detail::read_detail(doc.root_element(), url, words)
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests;
