//! Evidence for manual rows: pages of the portal whose title, column name or list entry names
//! what the row asks for, so the 台账 starts from what the portal shows.

use serde::Serialize;

use crate::model::Site;

/// Matches shown as evidence for a manual row.
const EVIDENCE_LIMIT: usize = 3;

/// A page found for a manual row.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceLink {
    pub title: String,
    pub url: String,
}

/// Pages whose title, column name or list entry contains one of `words`.
pub(super) fn look_up(
    site: &Site,
    words: &[String],
    what: &str,
) -> (Option<String>, Vec<EvidenceLink>) {
    let contains = |text: &str| words.iter().any(|w| text.contains(w.as_str()));
    let mut links: Vec<EvidenceLink> = Vec::new();
    let mut push = |title: &str, url: &str| {
        if !links.iter().any(|l| l.url == url) {
            links.push(EvidenceLink {
                title: title.to_string(),
                url: url.to_string(),
            });
        }
    };
    for column in &site.columns {
        if contains(&column.name) {
            push(&column.name, &column.url);
        }
        for entry in column.entries.iter().filter(|e| contains(&e.title)) {
            push(&entry.title, &entry.url);
        }
    }
    for article in site.articles.iter().filter(|a| contains(a.title())) {
        push(article.title(), &article.url);
    }
    for node in site.tree_nodes().into_iter().filter(|n| contains(&n.name)) {
        if let Some(url) = &node.url {
            push(&node.name, url);
        }
    }
    let keywords = words.join("、");
    let text = match links.len() {
        0 => format!("未在网站上找到{what}（查找关键词：{keywords}），请人工核查并准备台账"),
        n => format!(
            "在网站上找到{what}{n}处（查找关键词：{keywords}），如《{}》；请人工核查是否符合要求",
            links[0].title
        ),
    };
    links.truncate(EVIDENCE_LIMIT);
    (Some(text), links)
}
