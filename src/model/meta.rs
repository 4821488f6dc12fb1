//! The `<meta>` tags of 《政府网站发展指引》(国办发〔2017〕47号): SiteName, SiteDomain, SiteIDCode on
//! every page; ColumnName, ColumnDescription, ColumnKeywords, ColumnType on column pages;
//! ArticleTitle, PubDate, ContentSource (and optionally Keywords, Author, Description, Image,
//! Url) on article pages. Names are matched case-insensitively (`description` vs `Description`).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use scraper::{Html, Selector};
use serde::{Deserialize, Serialize};

/// The tag names of the 发展指引, in their canonical spelling.
pub const GUIDELINE_TAGS: &[&str] = &[
    "SiteName",
    "SiteDomain",
    "SiteIDCode",
    "ColumnName",
    "ColumnDescription",
    "ColumnKeywords",
    "ColumnType",
    "ArticleTitle",
    "PubDate",
    "ContentSource",
    "Keywords",
    "Author",
    "Description",
    "Image",
    "Url",
];

static META: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("meta[name]").expect("valid selector"));

/// The 发展指引 tags present on a page, keyed by canonical name. A tag present with empty
/// content is kept as an empty string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GuidelineMeta(pub BTreeMap<String, String>);

impl GuidelineMeta {
    pub fn read(doc: &Html) -> Self {
        let mut tags = BTreeMap::new();
        for meta in doc.select(&META) {
            let name = meta.value().attr("name").unwrap_or_default().trim();
            let Some(canonical) = GUIDELINE_TAGS.iter().find(|t| t.eq_ignore_ascii_case(name))
            else {
                continue;
            };
            let content = meta
                .value()
                .attr("content")
                .unwrap_or_default()
                .trim()
                .to_string();
            tags.entry(canonical.to_string()).or_insert(content);
        }
        Self(tags)
    }

    /// The tag's content, `None` when absent or blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
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
        assert!(meta.0.contains_key("Keywords"));
        assert!(!meta.0.contains_key("viewport"));
    }
}
