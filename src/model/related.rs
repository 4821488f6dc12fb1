//! Related links of an article: to its interpretation, or back to the original document —
//! by their own words (`【政策原文】`, `图解`) or by the label written just before them
//! (`政策原文：<a>关于印发《X》的通知</a>`).

use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};
use serde::{Deserialize, Serialize};
use url::Url;

use super::html::{attr, compact, visible_text};
use super::links::{NavigationRegions, link_text, resolve};

static ANCHORS: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("a[href], area[href]").expect("valid selector"));

/// Words of a link to a policy interpretation or back to the original document.
pub const RELATED_WORDS: &[&str] = &[
    "解读",
    "图解",
    "一图读懂",
    "一图看懂",
    "政策原文",
    "相关文件",
    "原文链接",
    "文件原文",
    "问答",
];

/// A link to an interpretation or back to the original document. Its text may be a related
/// word (`【政策原文】`, `图解`) or anything at all when the label before it is one
/// (`政策原文：<a>关于印发《X》的通知</a>`, `相关解读：<a>X答记者问</a>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelatedLink {
    pub url: String,
    pub text: String,
    /// The text the page writes just before the link, in the same line (`政策原文`), when
    /// there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl RelatedLink {
    /// Whether the link's text or its label contains one of `words`.
    pub fn says_any(&self, words: &[String]) -> bool {
        words.iter().any(|w| {
            self.text.contains(w.as_str())
                || self
                    .label
                    .as_deref()
                    .is_some_and(|l| l.contains(w.as_str()))
        })
    }
}

/// The page's anchors outside the navigation whose text, or the label just before them, has a
/// [`RELATED_WORDS`] word.
pub(super) fn related_links(doc: &Html, base: &Url) -> Vec<RelatedLink> {
    let mut navigation = NavigationRegions::default();
    doc.select(&ANCHORS)
        .filter(|el| !navigation.contains(*el))
        .filter_map(|el| {
            let text = link_text(el);
            let label = preceding_label(el);
            let related = |t: &str| RELATED_WORDS.iter().any(|w| t.contains(w));
            if !related(&text) && !label.as_deref().is_some_and(related) {
                return None;
            }
            let url = resolve(base, attr(el.value(), "href")?)?;
            Some(RelatedLink {
                url: url.to_string(),
                text,
                label,
            })
        })
        .collect()
}

/// Labels longer than this are running text, not a label.
const MAX_LABEL_CHARS: usize = 12;

/// The text written just before a link in its line (`政策原文：` in
/// `<p>政策原文：<a>…</a></p>`), without the colon; climbs out of inline wrappers
/// (`<span><a>…</a></span>`), stops at another link, a line break or a block.
fn preceding_label(el: ElementRef<'_>) -> Option<String> {
    let mut node = el;
    for _ in 0..3 {
        let mut text = String::new();
        for sibling in node.prev_siblings() {
            if let Some(e) = ElementRef::wrap(sibling) {
                if matches!(
                    e.value().name(),
                    "a" | "br"
                        | "p"
                        | "div"
                        | "li"
                        | "ul"
                        | "table"
                        | "tr"
                        | "td"
                        | "h1"
                        | "h2"
                        | "h3"
                        | "h4"
                        | "img"
                        | "script"
                        | "style"
                ) {
                    break;
                }
                text.insert_str(0, &visible_text(e));
            } else if let Some(t) = sibling.value().as_text() {
                text.insert_str(0, t);
            }
        }
        let text = compact(&text);
        let text = text.trim_end_matches(['：', ':', '】', ']', '】']);
        // Only the last clause: running text before a link is not its label.
        let clause = text
            .rsplit(['。', '；', ';', '，', ',', '|', '｜'])
            .next()
            .unwrap_or_default()
            .trim_start_matches(['【', '[']);
        if !clause.is_empty() {
            return (clause.chars().count() <= MAX_LABEL_CHARS).then(|| clause.to_string());
        }
        if !text.is_empty() {
            return None;
        }
        match node.parent().and_then(ElementRef::wrap) {
            Some(p)
                if matches!(
                    p.value().name(),
                    "span" | "strong" | "b" | "em" | "font" | "label" | "i" | "u"
                ) =>
            {
                node = p;
            }
            _ => return None,
        }
    }
    None
}
