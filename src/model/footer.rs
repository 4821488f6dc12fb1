//! A page's footer (页脚): its visible text and the addresses it points to (links, images,
//! scripts, and what inline scripts write), where a portal shows the site elements of
//! 《政府网站发展指引》(国办发〔2017〕47号): 网站标识码, ICP备案, 公安备案, 党政机关标识, 找错 entrance,
//! 主办单位, 联系方式.

use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};
use serde::{Deserialize, Serialize};

static FOOTERS: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse(
        "[class*=foot], [id*=foot], [class*=Foot], [id*=Foot], [class*=bottom], [id*=bottom], \
         [class*=copyright], [id*=copyright], footer",
    )
    .expect("valid selector")
});
static BODY: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("body").expect("valid selector"));
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
        let footers: Vec<ElementRef<'_>> = doc.select(&FOOTERS).collect();
        // The outermost footer-like elements (a footer's own `.foot-links` is inside it).
        let outer: Vec<ElementRef<'_>> = footers
            .iter()
            .filter(|el| {
                !el.ancestors()
                    .any(|a| footers.iter().any(|f| f.id() == a.id()))
            })
            .copied()
            .collect();
        let roots: Vec<ElementRef<'_>> = if outer.is_empty() {
            doc.select(&BODY).collect()
        } else {
            outer
        };
        let mut footer = Footer::default();
        let mut text = String::new();
        for root in &roots {
            for node in root.descendants() {
                let Some(piece) = node.value().as_text() else {
                    continue;
                };
                let hidden = node.ancestors().any(|a| {
                    a.value()
                        .as_element()
                        .is_some_and(|e| matches!(e.name(), "script" | "style" | "noscript"))
                });
                if !hidden {
                    text.push_str(piece);
                    text.push(' ');
                }
            }
            for el in root.select(&ADDRESSED) {
                for attr in ["href", "src", "sitecode"] {
                    if let Some(value) = el.value().attr(attr) {
                        footer.addresses.push(value.trim().to_string());
                    }
                }
                if el.value().name() == "script" && el.value().attr("src").is_none() {
                    footer.addresses.push(el.text().collect::<String>());
                }
            }
        }
        let collapsed: Vec<&str> = text.split_whitespace().collect();
        let collapsed = collapsed.join(" ");
        let chars: Vec<char> = collapsed.chars().collect();
        footer.text = chars[chars.len().saturating_sub(TEXT_LIMIT)..]
            .iter()
            .collect();
        footer
    }
}
