//! The `<meta>` tags of 《政府网站发展指引》(国办发〔2017〕47号): SiteName, SiteDomain, SiteIDCode on
//! every page; ColumnName, ColumnDescription, ColumnKeywords, ColumnType on column pages;
//! ArticleTitle, PubDate, ContentSource (and optionally Keywords, Author, Description, Image,
//! Url) on article pages. Names are matched case-insensitively (`description` vs `Description`).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

use scraper::{ElementRef, Html};
use serde::{Deserialize, Serialize};

use super::html::attr;
use super::intern::{Table, intern};

/// The tags of the 发展指引 in their canonical spelling, each with whether its content is the
/// site's or a column's, the same on many pages (shared through [`intern`]), rather than the
/// page's own (ArticleTitle, PubDate, Description …).
const GUIDELINE_TAGS: &[(&str, bool)] = &[
    ("SiteName", true),
    ("SiteDomain", true),
    ("SiteIDCode", true),
    ("ColumnName", true),
    ("ColumnDescription", true),
    ("ColumnKeywords", true),
    ("ColumnType", true),
    ("ArticleTitle", false),
    ("PubDate", false),
    ("ContentSource", true),
    ("Keywords", true),
    ("Author", true),
    ("Description", false),
    ("Image", false),
    ("Url", false),
];

/// The tag `name` names, matched without regard to case: its canonical spelling and whether
/// it is site-wide.
fn guideline_tag(name: &str) -> Option<(&'static str, bool)> {
    GUIDELINE_TAGS
        .iter()
        .find(|(tag, _)| tag.eq_ignore_ascii_case(name))
        .copied()
}

/// Tags as (canonical name, content), in name order.
type Tags = [(&'static str, Arc<str>)];

thread_local! {
    /// The site-wide tag sets this thread has read: the pages of a column show the same.
    static SHARED_SETS: RefCell<Table<Tags>> = RefCell::default();
}

/// The 发展指引 tags present on a page, by canonical name, in name order. A tag present with
/// empty content is kept as an empty string. Every page carries a dozen of these, so they are
/// kept compactly: the names are the canonical `&'static str`s; the site's and a column's
/// tags ([`GUIDELINE_TAGS`]) are one set shared by every page showing the same; the page's
/// own tags are its own, a Description that repeats the ArticleTitle sharing that title.
/// Serialised as a JSON object, exactly as a map of name to content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuidelineMeta {
    shared: Arc<Tags>,
    own: Box<Tags>,
}

impl Default for GuidelineMeta {
    fn default() -> Self {
        Self {
            shared: Arc::from(Vec::new()),
            own: Box::default(),
        }
    }
}

impl GuidelineMeta {
    pub fn read(doc: &Html) -> Self {
        let mut tags = Vec::new();
        // `meta[name]`, matched by hand in the order `Html::select` walks the page.
        let metas = doc
            .tree
            .nodes()
            .filter_map(ElementRef::wrap)
            .filter(|el| el.value().name() == "meta");
        for meta in metas {
            let Some(name) = attr(meta.value(), "name") else {
                continue;
            };
            let name = name.trim();
            let Some(tag) = guideline_tag(name) else {
                continue;
            };
            let content = attr(meta.value(), "content").unwrap_or_default().trim();
            tags.push((tag, content));
        }
        Self::from_pairs(tags)
    }

    /// The tags from ([`guideline_tag`], content) pairs: the first content of a name counts.
    fn from_pairs<'c>(pairs: impl IntoIterator<Item = ((&'static str, bool), &'c str)>) -> Self {
        let mut shared: Vec<(&'static str, Arc<str>)> = Vec::new();
        let mut own: Vec<(&'static str, Arc<str>)> = Vec::new();
        for ((name, site_wide), content) in pairs {
            if shared.iter().chain(&own).any(|(n, _)| *n == name) {
                continue;
            }
            if site_wide {
                shared.push((name, intern(content)));
            } else {
                let same = own.iter().find(|(_, v)| &**v == content);
                let content = same.map_or_else(|| content.into(), |(_, v)| Arc::clone(v));
                own.push((name, content));
            }
        }
        shared.sort_unstable_by_key(|(name, _)| *name);
        own.sort_unstable_by_key(|(name, _)| *name);
        Self {
            shared: SHARED_SETS.with_borrow_mut(|sets| sets.share(shared.as_slice())),
            own: own.into_boxed_slice(),
        }
    }

    /// Every tag, in name order.
    fn tags(&self) -> impl Iterator<Item = &(&'static str, Arc<str>)> {
        let (mut shared, mut own) = (self.shared.iter().peekable(), self.own.iter().peekable());
        std::iter::from_fn(move || match (shared.peek(), own.peek()) {
            (Some(s), Some(o)) if o.0 < s.0 => own.next(),
            (Some(_), _) => shared.next(),
            (None, _) => own.next(),
        })
    }

    /// The tag's content as the page gives it, empty or not, as shared.
    fn tag(&self, name: &str) -> Option<&Arc<str>> {
        self.shared
            .iter()
            .chain(self.own.iter())
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }

    /// The tag's content as the page gives it, empty or not.
    fn content(&self, name: &str) -> Option<&str> {
        self.tag(name).map(|v| &**v)
    }

    /// The tag's content, as shared, `None` when absent or blank: for a record's fields that
    /// repeat it (an article's title is its ArticleTitle).
    pub fn get_shared(&self, name: &str) -> Option<&Arc<str>> {
        self.tag(name).filter(|v| !v.is_empty())
    }

    /// The tag's content, `None` when absent or blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.content(name).filter(|v| !v.is_empty())
    }

    /// Whether the page has the tag, even with empty content.
    pub fn has(&self, name: &str) -> bool {
        self.content(name).is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.shared.is_empty() && self.own.is_empty()
    }
}

impl Serialize for GuidelineMeta {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.shared.len() + self.own.len()))?;
        for (name, content) in self.tags() {
            map.serialize_entry(name, &**content)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for GuidelineMeta {
    /// Reads the object written by `Serialize`; names that are not 发展指引 tags are dropped.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<String, String>::deserialize(deserializer)?;
        Ok(Self::from_pairs(map.iter().filter_map(
            |(name, content)| Some((guideline_tag(name)?, content.as_str())),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_case_insensitively_and_keep_raw_content() {
        let doc = Html::parse_document(
            r#"<head><meta name="SiteName" content="邯郸市人民政府"><meta name="description" content="d">
            <meta name="PubDate" content="2020年08月02日"><meta name="Keywords" content=""><meta name="viewport" content="x"></head>"#,
        );
        let meta = GuidelineMeta::read(&doc);
        assert_eq!(meta.get("SiteName"), Some("邯郸市人民政府"));
        assert_eq!(meta.get("Description"), Some("d"));
        assert_eq!(meta.get("PubDate"), Some("2020年08月02日"));
        assert_eq!(meta.get("Keywords"), None);
        assert!(meta.has("Keywords"));
        assert!(!meta.has("viewport"));
        let json = serde_json::to_string(&meta).unwrap();
        assert_eq!(
            json,
            r#"{"Description":"d","Keywords":"","PubDate":"2020年08月02日","SiteName":"邯郸市人民政府"}"#
        );
        assert_eq!(serde_json::from_str::<GuidelineMeta>(&json).unwrap(), meta);
    }
}
