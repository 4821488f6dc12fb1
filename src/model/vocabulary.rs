//! The words the extractor recognises that a locality may extend.
//!
//! The shipped words are `checks/columns/empty.toml` and `checks/columns/list_dates.toml`,
//! embedded here. The checks loader reads a
//! locality's copy (`--checks DIR`) into a [`Vocabulary`] and the crawler hands it to the
//! extractor ([`crate::crawl::CrawlOptions::vocabulary`]): the model takes its words as a
//! parameter and reads no files, so data keeps flowing one way, crawl → model → rules.

use std::sync::LazyLock;

use serde::Deserialize;

pub use super::messages::MessageWords;

/// `checks/columns/empty.toml` as shipped.
pub const SHIPPED_EMPTY_NOTICES: &str = include_str!("../../checks/columns/empty.toml");

/// `checks/columns/list_dates.toml` as shipped.
pub const SHIPPED_LIST_DATES: &str = include_str!("../../checks/columns/list_dates.toml");

/// `checks/interaction.toml` as shipped: its `[labels]` and `[status]` are how message pages
/// are read.
pub const SHIPPED_INTERACTION: &str = include_str!("../../checks/interaction.toml");

/// `checks/columns/list_dates.toml`: which of a list row's dates is the entry's date.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListDatesFile {
    /// Header or label words of the entry's own date (发布, 成文, 留言 …).
    pub entry: Vec<String>,
    /// Header or label words of other dates in the row (回复, 截止 …).
    pub other: Vec<String>,
}

impl ListDatesFile {
    pub fn validate(&self) -> Result<(), BlankNotice> {
        if self
            .entry
            .iter()
            .chain(&self.other)
            .any(|n| n.trim().is_empty())
        {
            return Err(BlankNotice);
        }
        Ok(())
    }
}

/// What a date in a list row is, by its header or label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRole {
    /// The entry's publication or submission date.
    Entry,
    /// A reply, deadline or other date that is not the entry's.
    Other,
    /// No label says.
    Unknown,
}

/// `checks/columns/empty.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmptyNoticesFile {
    pub notices: Vec<String>,
}

/// A blank notice, which would match every page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("不能有空白的词语（它会匹配任何页面）")]
pub struct BlankNotice;

impl EmptyNoticesFile {
    pub fn validate(&self) -> Result<(), BlankNotice> {
        if self.notices.iter().any(|n| n.trim().is_empty()) {
            return Err(BlankNotice);
        }
        Ok(())
    }
}

/// What the extractor reads pages with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    /// Phrases a list page shows when its column has nothing in it ("暂无信息").
    pub empty_notices: Vec<String>,
    /// Header/label words of a list entry's own date (`list_dates.toml` `entry`).
    pub entry_date_words: Vec<String>,
    /// Header/label words of a row's other dates (`list_dates.toml` `other`).
    pub other_date_words: Vec<String>,
    /// How message pages label their parts and statuses (`interaction.toml`).
    pub messages: MessageWords,
}

impl Vocabulary {
    /// The shipped vocabulary.
    pub fn shipped() -> &'static Vocabulary {
        static SHIPPED: LazyLock<Vocabulary> = LazyLock::new(|| {
            let file: EmptyNoticesFile =
                toml::from_str(SHIPPED_EMPTY_NOTICES).expect("shipped empty.toml is valid");
            let dates: ListDatesFile =
                toml::from_str(SHIPPED_LIST_DATES).expect("shipped list_dates.toml is valid");
            Vocabulary::new(file, dates)
        });
        &SHIPPED
    }

    /// The vocabulary from its files, with the shipped message words (a locality's are set by
    /// the checks loader on `messages`).
    pub fn new(empty: EmptyNoticesFile, dates: ListDatesFile) -> Self {
        Self {
            empty_notices: empty.notices,
            entry_date_words: dates.entry,
            other_date_words: dates.other,
            messages: MessageWords::shipped().clone(),
        }
    }

    /// What a date labelled `label` (a column header, an inline `留言时间：`) is.
    pub fn date_role(&self, label: &str) -> DateRole {
        if label.is_empty() {
            DateRole::Unknown
        } else if self
            .other_date_words
            .iter()
            .any(|w| label.contains(w.as_str()))
        {
            DateRole::Other
        } else if self
            .entry_date_words
            .iter()
            .any(|w| label.contains(w.as_str()))
        {
            DateRole::Entry
        } else {
            DateRole::Unknown
        }
    }

    /// Whether `text` (a list item's whole text) is only an empty-column notice
    /// ("暂无信息", "【暂无数据】"): a placeholder, not an entry.
    pub fn is_placeholder(&self, text: &str) -> bool {
        let bare: String = text.chars().filter(|c| c.is_alphanumeric()).collect();
        !bare.is_empty()
            && self.empty_notices.iter().any(|n| {
                let notice: String = n.chars().filter(|c| c.is_alphanumeric()).collect();
                bare == notice
            })
    }

    /// Whether a page says its column is empty.
    pub fn says_empty(&self, html: &str) -> bool {
        self.empty_notices.iter().any(|n| html.contains(n.as_str()))
    }
}

impl Default for Vocabulary {
    fn default() -> Self {
        Self::shipped().clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_notices_are_read_and_valid() {
        let file: EmptyNoticesFile = toml::from_str(SHIPPED_EMPTY_NOTICES).unwrap();
        assert!(file.validate().is_ok());
        assert!(Vocabulary::shipped().says_empty("<li>暂无信息</li>"));
        assert!(!Vocabulary::shipped().says_empty("<li>关于停水的通知</li>"));
        let blank = EmptyNoticesFile {
            notices: vec![" ".into()],
        };
        assert!(blank.validate().is_err());
    }

    #[test]
    fn date_roles_and_placeholders_come_from_the_shipped_words() {
        let v = Vocabulary::shipped();
        assert_eq!(v.date_role("留言时间"), DateRole::Entry);
        assert_eq!(v.date_role("发布日期："), DateRole::Entry);
        assert_eq!(v.date_role("回复时间"), DateRole::Other);
        assert_eq!(
            v.date_role("截止日期"),
            DateRole::Other,
            "截止 wins over 日期"
        );
        assert_eq!(v.date_role("办理状态"), DateRole::Unknown);
        assert_eq!(v.date_role(""), DateRole::Unknown);
        assert!(v.is_placeholder("【暂无数据】"));
        assert!(v.is_placeholder(" 没有相关信息！"));
        assert!(!v.is_placeholder("关于暂无信息栏目整改情况的通报"));
        let file: ListDatesFile = toml::from_str(SHIPPED_LIST_DATES).unwrap();
        assert!(file.validate().is_ok());
    }

    #[test]
    fn a_locality_notice_makes_an_empty_column_page_a_list() {
        use crate::model::{PageKind, extract_page, extract_page_with};
        let url = url::Url::parse("http://x.gov.cn/xxgk/ghjh/").unwrap();
        let html = r#"<html><head><meta name="ColumnName" content="规划计划"></head>
            <body><div class="list"><p>本栏目正在建设中</p></div></body></html>"#;
        assert_eq!(extract_page(&url, html).kind, PageKind::Other);
        let local = Vocabulary {
            empty_notices: vec!["本栏目正在建设中".into()],
            ..Vocabulary::default()
        };
        let record = extract_page_with(&url, html, &local);
        assert_eq!(record.kind, PageKind::List);
        assert!(record.list.unwrap().empty_notice);
    }
}
