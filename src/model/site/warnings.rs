//! Facts the extractor could not read cleanly, kept as warnings beside the model.

use serde::{Deserialize, Serialize};

use super::Article;
use crate::model::dates::DateText;

/// A fact the extractor could not read cleanly, with the page it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelWarning {
    pub url: String,
    pub message: String,
}

pub(super) fn unreadable_dates(articles: &[Article]) -> Vec<ModelWarning> {
    let mut warnings = Vec::new();
    for article in articles {
        for (name, printed) in article.content.metadata.unreadable_dates() {
            warnings.push(ModelWarning {
                url: article.url.clone(),
                message: format!("{name}“{}”无法识别为日期，已按原文保留", printed.text),
            });
        }
        if let Some(text) = article.meta.get("PubDate")
            && DateText::parse(text).date.is_none()
        {
            warnings.push(ModelWarning {
                url: article.url.clone(),
                message: format!("PubDate网页标签“{text}”无法识别为日期"),
            });
        }
    }
    warnings
}
