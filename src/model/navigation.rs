//! Navigation a page shows: column trees (nested menus of the 政府信息公开 sidebar) and the
//! breadcrumb (`当前位置：首页 > 政府信息公开 > 法定主动公开内容 > 机构职能`).

use std::sync::LazyLock;

use scraper::{ElementRef, Selector};
use serde::{Deserialize, Serialize};
use url::Url;

use super::dates::parse_date;
use super::html::{attr, hinted, is_space, squash, squash_pieces, visible_text, within_hinted};
use super::intern::SharedStr;
use super::links::{in_navigation, link_text, resolve};

/// Breadcrumb items that name the site, not a column.
const HOME_NAMES: &[&str] = &["首页", "网站首页", "主页", "返回首页", "门户首页"];

/// class/id fragments of sidebars that hold column menus.
const SIDEBAR_HINTS: &[&str] = &["left", "side", "tree", "column", "menu", "nav", "catalog"];

/// class/id fragments of breadcrumb containers.
const CRUMB_HINTS: &[&str] = &[
    "crumb", "position", "location", "dqwz", "weizhi", "curpos", "path",
];

/// Text that opens a breadcrumb.
const CRUMB_PREFIXES: &[&str] = &[
    "当前位置",
    "您现在的位置",
    "您的位置",
    "所在位置",
    "现在位置",
];

static LISTS: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("ul, ol").expect("valid selector"));
static ANCHOR: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("a[href]").expect("valid selector"));

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NavNode {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<NavNode>,
}

/// One breadcrumb step. A linked step (a column) is shared with every page showing it; the
/// plain-text tail (often the page's own title) is the page's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crumb {
    pub name: SharedStr,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<SharedStr>,
}

/// The column menus of a page: nested `ul/li` trees anywhere, and flat lists inside sidebars
/// and menus (with a heading link just before them as their parent).
pub fn column_menus(root: ElementRef<'_>, base: &Url) -> Vec<NavNode> {
    let mut menus = Vec::new();
    for list in root.select(&LISTS) {
        if nested_in_list(list) {
            continue;
        }
        let nested = list.select(&LISTS).nth(1).is_some();
        let in_sidebar = in_navigation(list) || within_hinted(list, SIDEBAR_HINTS);
        // The dates are read last: most lists are neither nested nor in a sidebar.
        if !nested && !in_sidebar || looks_like_article_list(list) {
            continue;
        }
        let items = list_items(list, base);
        if items.is_empty() {
            continue;
        }
        match heading_before(list, base) {
            Some(mut parent) => {
                parent.children = items;
                menus.push(parent);
            }
            None => menus.extend(items),
        }
    }
    menus
}

fn nested_in_list(list: ElementRef<'_>) -> bool {
    list.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| matches!(a.value().name(), "ul" | "ol"))
}

/// Entries with dates are a list of documents, not a menu.
fn looks_like_article_list(list: ElementRef<'_>) -> bool {
    let items: Vec<_> = list.children().filter_map(ElementRef::wrap).collect();
    let dated = items
        .iter()
        .filter(|li| shows_a_date(&visible_text(**li)))
        .count();
    !items.is_empty() && dated * 2 >= items.len()
}

/// A full date or a list-style `[05-06]` / `05-06` date.
fn shows_a_date(text: &str) -> bool {
    static MONTH_DAY: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(?:^|[\[（(\s])\d{1,2}[-/.月]\d{1,2}日?(?:$|[\]）)\s])")
            .expect("valid regex")
    });
    parse_date(text).is_some() || MONTH_DAY.is_match(text)
}

/// Whether an element sits in a sidebar or menu region (usually a column tree; in some
/// templates the main list floats left, so callers still accept a dated list there).
pub fn in_sidebar(el: ElementRef<'_>) -> bool {
    within_hinted(el, &["left", "side", "tree", "menu"])
}

fn list_items(list: ElementRef<'_>, base: &Url) -> Vec<NavNode> {
    list.children()
        .filter_map(ElementRef::wrap)
        .filter(|li| li.value().name() == "li")
        .filter_map(|li| {
            let anchor = li.select(&ANCHOR).find(|a| {
                !a.ancestors()
                    .filter_map(ElementRef::wrap)
                    .take_while(|x| x.id() != li.id())
                    .any(|x| matches!(x.value().name(), "ul" | "ol"))
            });
            let name = anchor.map(link_text).unwrap_or_else(|| own_text(li));
            if name.is_empty() || HOME_NAMES.contains(&name.as_str()) {
                return None;
            }
            let url = anchor
                .and_then(|a| attr(a.value(), "href"))
                .and_then(|h| resolve(base, h))
                .map(|u| u.to_string());
            let children = li
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "ul" | "ol" | "div"))
                .flat_map(|sub| {
                    if sub.value().name() == "div" {
                        sub.select(&LISTS)
                            .next()
                            .map(|l| list_items(l, base))
                            .unwrap_or_default()
                    } else {
                        list_items(sub, base)
                    }
                })
                .collect();
            Some(NavNode {
                name,
                url,
                children,
            })
        })
        .collect()
}

/// Text of an element not inside a nested list.
fn own_text(li: ElementRef<'_>) -> String {
    let text: String = li
        .children()
        .filter_map(|c| match c.value() {
            scraper::Node::Text(t) => Some(t.to_string()),
            scraper::Node::Element(e) if !matches!(e.name(), "ul" | "ol") => {
                ElementRef::wrap(c).map(visible_text)
            }
            _ => None,
        })
        .collect();
    squash(&text)
}

/// A heading right before a menu list (`<h3><a>法定主动公开内容</a></h3><ul>…`) is its parent.
fn heading_before(list: ElementRef<'_>, base: &Url) -> Option<NavNode> {
    let previous = list.prev_siblings().filter_map(ElementRef::wrap).next()?;
    if !matches!(
        previous.value().name(),
        "h1" | "h2" | "h3" | "h4" | "h5" | "div" | "p" | "span" | "dt"
    ) {
        return None;
    }
    let anchors: Vec<_> = previous.select(&ANCHOR).collect();
    let name = match anchors.as_slice() {
        [one] => link_text(*one),
        [] => visible_text(previous),
        _ => return None,
    };
    if name.is_empty() || name.chars().count() > 20 {
        return None;
    }
    let url = anchors
        .first()
        .and_then(|a| attr(a.value(), "href"))
        .and_then(|h| resolve(base, h))
        .map(|u| u.to_string());
    Some(NavNode {
        name,
        url,
        children: Vec::new(),
    })
}

/// The breadcrumb, home items dropped. Empty when the page shows none.
pub fn breadcrumb(root: ElementRef<'_>, base: &Url) -> Vec<Crumb> {
    // Cheap tests first (class hints, the element's own leading text); the full text only of
    // the few candidates that pass.
    // `div, p, span, td, nav, li` below `root`, in document order, matched by hand.
    let container = root
        .descendants()
        .skip(1)
        .filter_map(ElementRef::wrap)
        .filter(|el| {
            matches!(
                el.value().name(),
                "div" | "p" | "span" | "td" | "nav" | "li"
            )
        })
        .filter_map(|el| {
            // The text of a hinted candidate is read once, for the test and the result.
            if opens_with_crumb_prefix(el) {
                return Some((visible_text(el), el));
            }
            if !hinted(el, CRUMB_HINTS) {
                return None;
            }
            let text = visible_text(el);
            has_separator(&text).then_some((text, el))
        })
        .min_by_key(|(text, _)| text.chars().count());
    let Some((mut text, container)) = container else {
        return Vec::new();
    };
    for prefix in CRUMB_PREFIXES {
        if let Some(rest) = text.strip_prefix(prefix) {
            text = rest.trim_start_matches([':', '：', ' ']).to_string();
        }
    }
    let anchors: Vec<(String, String)> = container
        .select(&ANCHOR)
        .filter_map(|a| {
            let url = resolve(base, attr(a.value(), "href")?)?;
            Some((link_text(a), url.to_string()))
        })
        .collect();
    text.split(['>', '›', '»', '＞', '/', '→', '-', '|'])
        .map(|part| {
            part.trim_matches(|c: char| c.is_whitespace() || c == '>' || c == '-')
                .to_string()
        })
        .filter(|name| !name.is_empty() && !HOME_NAMES.contains(&name.as_str()))
        .map(|name| {
            let url = anchors.iter().find(|(t, _)| *t == name).map(|(_, u)| u);
            Crumb {
                name: match url {
                    Some(_) => SharedStr::interned(&name),
                    None => SharedStr::from(name.as_str()),
                },
                url: url.map(|u| SharedStr::interned(u)),
            }
        })
        .collect()
}

/// Whether the text an element starts with (see [`leading_text`]) opens a breadcrumb; an
/// element that starts with a child element is answered without building the text.
fn opens_with_crumb_prefix(el: ElementRef<'_>) -> bool {
    if el.first_child().is_none_or(|c| c.value().is_element()) {
        return false;
    }
    // The first character the text shows decides most elements without building the text.
    let first = el
        .children()
        .take_while(|c| !c.value().is_element())
        .filter_map(|c| c.value().as_text())
        .find_map(|t| t.chars().find(|c| !is_space(*c)));
    if !first.is_some_and(|f| CRUMB_PREFIXES.iter().any(|p| p.starts_with(f))) {
        return false;
    }
    let lead = leading_text(el);
    CRUMB_PREFIXES.iter().any(|p| lead.starts_with(p))
}

/// The text an element starts with, before its first child element.
fn leading_text(el: ElementRef<'_>) -> String {
    squash_pieces(
        el.children()
            .take_while(|c| !c.value().is_element())
            .filter_map(|c| c.value().as_text().map(|t| &**t)),
    )
}

fn has_separator(text: &str) -> bool {
    text.contains(['>', '›', '»', '＞', '→'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn base() -> Url {
        Url::parse("http://x.gov.cn/xxgk/index.html").unwrap()
    }

    #[test]
    fn nested_sidebar_menu_becomes_a_tree() {
        let doc = Html::parse_document(
            r#"<div class="left-menu"><ul>
              <li><a href="zn/">政府信息公开指南</a></li>
              <li><a href="fdzdgknr/">法定主动公开内容</a>
                <ul><li><a href="fdzdgknr/jgzn/">机构职能</a></li><li><a href="fdzdgknr/zcwj/">政策文件</a></li></ul></li>
            </ul></div>"#,
        );
        let menus = column_menus(doc.root_element(), &base());
        assert_eq!(menus.len(), 2);
        assert_eq!(menus[1].name, "法定主动公开内容");
        assert_eq!(menus[1].children.len(), 2);
        assert_eq!(
            menus[1].children[0].url.as_deref(),
            Some("http://x.gov.cn/xxgk/fdzdgknr/jgzn/")
        );
    }

    #[test]
    fn heading_before_a_sidebar_list_is_its_parent() {
        let doc = Html::parse_document(
            r#"<div class="side"><h3><a href="fdzdgknr/">法定主动公开内容</a></h3>
            <ul><li><a href="fdzdgknr/jgzn/">机构职能</a></li></ul></div>"#,
        );
        let menus = column_menus(doc.root_element(), &base());
        assert_eq!(menus[0].name, "法定主动公开内容");
        assert_eq!(menus[0].children[0].name, "机构职能");
    }

    #[test]
    fn breadcrumb_with_plain_text_tail() {
        let doc = Html::parse_document(
            r#"<div class="dqwz">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; 政策文件</div>"#,
        );
        let crumbs = breadcrumb(doc.root_element(), &base());
        assert_eq!(crumbs.len(), 2);
        assert_eq!(crumbs[0].url.as_deref(), Some("http://x.gov.cn/xxgk/"));
        assert_eq!(crumbs[1].name, "政策文件");
        assert_eq!(crumbs[1].url, None);
    }
}
