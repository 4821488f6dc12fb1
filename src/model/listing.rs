//! List (column) pages: the entries a column shows, each a title, a link and the date printed
//! beside it.
//!
//! Portals render lists as `<ul><li><a>title</a><span>2023-05-06</span></li>`, as table rows
//! (`名称 | 索引号 | 发布机构 | 发布日期`), or as divs; dates may be `[05-06]` without a year. A
//! page can hold several lists (a column list plus a sidebar); the column's own list is the
//! one with the most dated entries outside the navigation.

use std::collections::HashMap;
use std::sync::LazyLock;

use ego_tree::NodeId;
use scraper::{ElementRef, Selector};
use serde::{Deserialize, Serialize};
use url::Url;

use super::dates::DateText;
use super::entry_date::{SHARED_CONTAINER, entry_date, segment_date};
use super::html::{attr, visible_text};
use super::links::{NavigationRegions, link_text, may_be_page, resolve};
use super::navigation::in_sidebar;
use super::vocabulary::Vocabulary;

/// A title shorter than this is a control ("更多", "下一页", "查看", "3"), not an entry or a message.
const MIN_TITLE_CHARS: usize = 4;

pub(super) static ANCHORS: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("a[href]").expect("valid selector"));
pub(super) static ROWS: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("tr").expect("valid selector"));

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListEntry {
    pub title: String,
    pub url: String,
    /// The date printed beside the entry, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<DateText>,
}

/// One group of entries sharing a parent element.
#[derive(Debug, Default)]
pub struct EntryGroup {
    pub entries: Vec<ListEntry>,
    pub dated: usize,
    /// The group sits in a sidebar or menu region.
    pub in_sidebar: bool,
    /// Every entry is a list item (`li`, table row, `dl`/`dd`), not a link in running text.
    pub listed: bool,
}

/// Every group of link entries under `root`, in document order of first appearance.
/// Links in navigation regions are left out unless `include_navigation`; so are hidden
/// client-side templates (`{{el.title}}`) and placeholders ("暂无信息", per `vocabulary`).
pub fn entry_groups(
    root: ElementRef<'_>,
    base: &Url,
    include_navigation: bool,
    vocabulary: &Vocabulary,
) -> Vec<EntryGroup> {
    let mut order: Vec<NodeId> = Vec::new();
    let mut groups: HashMap<NodeId, EntryGroup> = HashMap::new();
    // How many anchors each entry container holds: a container shared by many links (one
    // `<div>` of 20,000 `<a>…<br>` lines) is read per link segment, not re-read whole per link,
    // which would be quadratic in the page.
    let mut anchors_in: HashMap<NodeId, usize> = HashMap::new();
    for anchor in root.select(&ANCHORS) {
        *anchors_in.entry(item_container(anchor).id()).or_default() += 1;
    }
    let mut navigation = NavigationRegions::default();
    for anchor in root.select(&ANCHORS) {
        if !include_navigation && navigation.contains(anchor) {
            continue;
        }
        if is_template(anchor) {
            continue;
        }
        let Some(url) = attr(anchor.value(), "href").and_then(|h| resolve(base, h)) else {
            continue;
        };
        if !may_be_page(&url) {
            continue;
        }
        let Some(title) = anchor_title(anchor).filter(|t| !vocabulary.is_placeholder(t)) else {
            continue;
        };
        let item = item_container(anchor);
        let shared = anchors_in
            .get(&item.id())
            .is_some_and(|n| *n > SHARED_CONTAINER);
        // A shared container is many entries: never re-read whole per link.
        if !shared && vocabulary.is_placeholder(&visible_text(item)) {
            continue;
        }
        let date = if shared {
            segment_date(anchor, &url)
        } else {
            entry_date(item, anchor, &url, vocabulary)
        };
        let parent = item.parent().map_or(item.id(), |p| p.id());
        let listed = matches!(item.value().name(), "li" | "tr" | "dd" | "dl");
        let group = groups.entry(parent).or_insert_with(|| {
            order.push(parent);
            EntryGroup {
                in_sidebar: in_sidebar(item),
                listed: true,
                ..EntryGroup::default()
            }
        });
        group.listed &= listed;
        if date.as_ref().is_some_and(|d| d.date.is_some()) {
            group.dated += 1;
        }
        group.entries.push(ListEntry {
            title,
            url: url.to_string(),
            date,
        });
    }
    order
        .into_iter()
        .filter_map(|id| groups.remove(&id))
        .collect()
}

/// What an entry's link is called: its `title` attribute when that is a title, else its text;
/// `None` when neither is long enough to be an entry's title ("更多", "》").
pub(crate) fn anchor_title(anchor: ElementRef<'_>) -> Option<String> {
    let title = anchor
        .value()
        .attr("title")
        .map(str::trim)
        .filter(|t| t.chars().count() >= MIN_TITLE_CHARS)
        .map(str::to_string)
        .unwrap_or_else(|| link_text(anchor));
    (title.chars().count() >= MIN_TITLE_CHARS).then_some(title)
}

/// The column's own list: the group with the most dated entries (then the most entries). A
/// sidebar's undated links are a column tree, not a list; a dated list in a "left" region is
/// still a list (some templates float the main content left).
pub fn main_list(groups: Vec<EntryGroup>) -> Option<EntryGroup> {
    groups
        .into_iter()
        .filter(|g| !g.in_sidebar || g.dated > 0)
        .enumerate()
        .max_by_key(|(i, g)| {
            (
                g.dated,
                !g.in_sidebar,
                g.entries.len(),
                std::cmp::Reverse(*i),
            )
        })
        .map(|(_, g)| g)
}

/// A link of a client-side template (`{{el.url}}`, avalon `ms-repeat`/`ms-for`, Vue `v-for`):
/// the script fills it in, the page as served shows no entry there. (Hidden tab panels are
/// real lists and stay.)
fn is_template(anchor: ElementRef<'_>) -> bool {
    const TEMPLATE_ATTRS: &[&str] = &["ms-repeat", "ms-for", "v-for"];
    let value = anchor.value();
    [attr(value, "href"), attr(value, "title")]
        .into_iter()
        .flatten()
        .any(|v| v.contains("{{"))
        || anchor.text().any(|t| t.contains("{{"))
        || std::iter::once(anchor)
            .chain(anchor.ancestors().filter_map(ElementRef::wrap))
            .any(|a| {
                a.value()
                    .attrs()
                    .any(|(name, _)| TEMPLATE_ATTRS.iter().any(|t| name.starts_with(t)))
            })
}

/// The element that holds one entry: the nearest `li`/`tr`/`dd`, else the anchor's parent. A
/// `dd` whose `dl` holds only this link is one cell of a row, and the `dl` is the entry
/// (TRS lists: `<dl><dd><a>标题</a></dd><dd>2024-03-08</dd></dl>`).
fn item_container(anchor: ElementRef<'_>) -> ElementRef<'_> {
    let mut fallback = None;
    for ancestor in anchor.ancestors().filter_map(ElementRef::wrap) {
        if fallback.is_none() {
            fallback = Some(ancestor);
        }
        match ancestor.value().name() {
            "dd" => {
                return ancestor
                    .parent()
                    .and_then(ElementRef::wrap)
                    .filter(|dl| dl.value().name() == "dl" && dl.select(&ANCHORS).count() == 1)
                    .unwrap_or(ancestor);
            }
            "li" | "tr" => return ancestor,
            "ul" | "ol" | "table" | "tbody" | "body" => break,
            _ => {}
        }
    }
    fallback.unwrap_or(anchor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn base() -> Url {
        Url::parse("http://x.gov.cn/xxgk/zcwj/index.html").unwrap()
    }

    #[test]
    fn reads_li_lists_with_dates_and_full_titles() {
        let doc = Html::parse_document(
            r#"<div class="nav"><ul><li><a href="/">网站首页首页</a></li></ul></div>
            <ul class="list"><li><a href="./202405/t20240510_1.html" title="关于印发《明湖市城市管理条例实施办法》的通知">关于印发《明湖市城市管理...</a><span>2024-05-10</span></li>
            <li><a href="./202404/t20240402_2.html">关于开展春季市容整治的通知</a><span>[04-02]</span></li>
            <li><a href="./202403/t20240301_3.html">无日期的条目标题</a></li></ul>"#,
        );
        let groups = entry_groups(doc.root_element(), &base(), false, Vocabulary::shipped());
        let list = main_list(groups).unwrap();
        assert_eq!(list.entries.len(), 3);
        assert_eq!(list.dated, 2);
        assert_eq!(
            list.entries[0].title,
            "关于印发《明湖市城市管理条例实施办法》的通知"
        );
        assert_eq!(list.entries[1].date.as_ref().unwrap().text, "[04-02]");
        assert_eq!(
            list.entries[1].date.as_ref().unwrap().date,
            chrono::NaiveDate::from_ymd_opt(2024, 4, 2)
        );
        assert!(list.entries[2].date.is_none());
    }

    #[test]
    fn reads_table_rows() {
        let doc = Html::parse_document(
            r#"<table><tr><th>名称</th><th>索引号</th><th>发布日期</th></tr>
            <tr><td><a href="/a/t20200805_1.html">邯郸市教育局关于印发办法的通知</a></td><td>000014348/2020-35428</td><td>2020-08-05</td></tr></table>"#,
        );
        let list = main_list(entry_groups(
            doc.root_element(),
            &base(),
            false,
            Vocabulary::shipped(),
        ))
        .unwrap();
        assert_eq!(list.entries.len(), 1);
        assert_eq!(
            list.entries[0].date.as_ref().unwrap().date,
            chrono::NaiveDate::from_ymd_opt(2020, 8, 5)
        );
    }

    #[test]
    fn a_dated_list_floated_left_is_still_the_list() {
        let doc = Html::parse_document(
            r#"<div class="main_left"><ul><li><a href="/a1.html">关于某某事项的通知</a><span>2024-01-02</span></li></ul></div>
            <div class="main_right"><ul class="topic-list"><li><a href="/b1.html">专题一的链接文字</a></li></ul></div>"#,
        );
        let list = main_list(entry_groups(
            doc.root_element(),
            &base(),
            false,
            Vocabulary::shipped(),
        ))
        .unwrap();
        assert_eq!(list.entries[0].title, "关于某某事项的通知");
        let tree = Html::parse_document(
            r#"<div class="left-tree"><ul><li><a href="/zn/">政府信息公开指南</a></li></ul></div>"#,
        );
        assert!(
            main_list(entry_groups(
                tree.root_element(),
                &base(),
                false,
                Vocabulary::shipped()
            ))
            .is_none()
        );
    }

    #[test]
    fn the_dated_list_beats_a_longer_undated_one() {
        let doc = Html::parse_document(
            r#"<ul><li><a href="/a1.html">友情链接一号站点</a></li><li><a href="/a2.html">友情链接二号站点</a></li><li><a href="/a3.html">友情链接三号站点</a></li></ul>
            <ul><li><a href="/b1.html">关于某某事项的公告</a> 2024-01-02</li></ul>"#,
        );
        let list = main_list(entry_groups(
            doc.root_element(),
            &base(),
            false,
            Vocabulary::shipped(),
        ))
        .unwrap();
        assert_eq!(list.entries[0].title, "关于某某事项的公告");
    }
}
