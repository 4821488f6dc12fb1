//! A page's footer (页脚): its visible text and the addresses it points to (links, images,
//! scripts, and what inline scripts write), where a portal shows the site elements of
//! 《政府网站发展指引》(国办发〔2017〕47号): 网站标识码, ICP备案, 公安备案, 党政机关标识, 找错 entrance,
//! 主办单位, 联系方式.

use std::collections::HashSet;
use std::sync::LazyLock;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node, Selector};
use serde::{Deserialize, Serialize};

use super::html::attr;

/// Substrings of a `class` or `id` (case as written) that mark a footer-like element.
const FOOTER_MARKS: &[&str] = &["foot", "Foot", "bottom", "copyright"];

static ADDRESSED: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("a, img, script, iframe").expect("valid selector"));

/// Characters of footer text kept (a footer is a few lines; a page without one keeps its end).
const TEXT_LIMIT: usize = 2000;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Footer {
    /// Visible text, whitespace collapsed.
    pub text: String,
    /// `href`/`src` of links, images, scripts and frames, and the text of inline scripts.
    pub addresses: Vec<String>,
}

impl Footer {
    pub fn is_empty(&self) -> bool {
        self.text.is_empty() && self.addresses.is_empty()
    }

    /// The page's footer elements, else the end of its body.
    pub fn read(doc: &Html) -> Self {
        // In the order `Html::select` walks the page.
        let footers: Vec<ElementRef<'_>> = doc
            .tree
            .nodes()
            .filter_map(ElementRef::wrap)
            .filter(|el| footer_like(*el))
            .collect();
        let footer_ids: HashSet<NodeId> = footers.iter().map(|f| f.id()).collect();
        // The outermost footer-like elements (a footer's own `.foot-links` is inside it).
        let outer: Vec<ElementRef<'_>> = footers
            .iter()
            .filter(|el| !el.ancestors().any(|a| footer_ids.contains(&a.id())))
            .copied()
            .collect();
        let roots: Vec<ElementRef<'_>> = if outer.is_empty() {
            doc.tree
                .nodes()
                .filter_map(ElementRef::wrap)
                .filter(|el| el.value().name() == "body")
                .collect()
        } else {
            outer
        };
        let mut footer = Footer::default();
        let mut text = String::new();
        for root in &roots {
            // Text inside a script, style or noscript element (the root's own ancestors
            // included) is not shown.
            let concealing = |node: NodeRef<'_, Node>| {
                node.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "script" | "style" | "noscript"))
            };
            if !root.ancestors().any(concealing) {
                gather_text(**root, concealing, &mut text);
            }
            for el in root.select(&ADDRESSED) {
                for name in ["href", "src", "sitecode"] {
                    if let Some(value) = attr(el.value(), name) {
                        footer.addresses.push(value.trim().to_string());
                    }
                }
                if el.value().name() == "script" && attr(el.value(), "src").is_none() {
                    footer.addresses.push(el.text().collect::<String>());
                }
            }
        }
        let mut collapsed = String::with_capacity(text.len());
        for word in text.split_whitespace() {
            if !collapsed.is_empty() {
                collapsed.push(' ');
            }
            collapsed.push_str(word);
        }
        // The last TEXT_LIMIT characters.
        let cut = collapsed
            .char_indices()
            .rev()
            .nth(TEXT_LIMIT - 1)
            .map_or(0, |(at, _)| at);
        collapsed.drain(..cut);
        footer.text = collapsed;
        footer
    }
}

/// Whether an element is footer-like: a `<footer>`, or a `class`/`id` holding one of
/// [`FOOTER_MARKS`] (what `[class*=foot], [id*=foot], … , footer` selects).
fn footer_like(el: ElementRef<'_>) -> bool {
    let value = el.value();
    value.name() == "footer"
        || [attr(value, "class"), attr(value, "id")]
            .into_iter()
            .flatten()
            .any(|v| FOOTER_MARKS.iter().any(|mark| v.contains(mark)))
}

/// Appends each text node under `root` and a space, leaving out the subtrees of the elements
/// `concealing` names (and `root`'s own text when it is one). One walk, no ancestor checks.
fn gather_text<'a>(
    root: NodeRef<'a, Node>,
    concealing: impl Fn(NodeRef<'a, Node>) -> bool,
    out: &mut String,
) {
    let mut edges = root.traverse();
    while let Some(edge) = edges.next() {
        let Edge::Open(node) = edge else {
            continue;
        };
        if let Some(piece) = node.value().as_text() {
            out.push_str(piece);
            out.push(' ');
        } else if concealing(node) {
            for edge in edges.by_ref() {
                if let Edge::Close(closed) = edge
                    && closed.id() == node.id()
                {
                    break;
                }
            }
        }
    }
}
