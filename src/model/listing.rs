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

use super::dates::{DateText, find_dates, find_dates_at, parse_date_with_year};
use super::html::visible_text;
use super::links::{in_navigation, link_text, may_be_page, resolve};
use super::navigation::in_sidebar;
use super::vocabulary::{DateRole, Vocabulary};
use crate::quirks;

/// A title shorter than this is a control ("更多", "下一页", "3"), not an entry.
const MIN_TITLE_CHARS: usize = 4;

static ANCHORS: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("a[href]").expect("valid selector"));
static ROWS: LazyLock<Selector> = LazyLock::new(|| Selector::parse("tr").expect("valid selector"));

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
    for anchor in root.select(&ANCHORS) {
        if !include_navigation && in_navigation(anchor) {
            continue;
        }
        if is_template(anchor) {
            continue;
        }
        let Some(url) = anchor.value().attr("href").and_then(|h| resolve(base, h)) else {
            continue;
        };
        if !may_be_page(&url) {
            continue;
        }
        let title = anchor
            .value()
            .attr("title")
            .map(str::trim)
            .filter(|t| t.chars().count() >= MIN_TITLE_CHARS)
            .map(str::to_string)
            .unwrap_or_else(|| link_text(anchor));
        if title.chars().count() < MIN_TITLE_CHARS || vocabulary.is_placeholder(&title) {
            continue;
        }
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
    [value.attr("href"), value.attr("title")]
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

/// More anchors than this in one entry container make it a shared container (a `<div>` of
/// `<a>…<br>` lines): each entry's date is read from the text after its link.
const SHARED_CONTAINER: usize = 16;

/// The date of an entry in a shared container: in the text after the anchor, up to the next
/// link. Linear in the segment, so a container of many links is read once in all.
fn segment_date(anchor: ElementRef<'_>, url: &Url) -> Option<DateText> {
    let mut text = String::new();
    for sibling in anchor.next_siblings() {
        match sibling.value() {
            scraper::Node::Text(t) => text.push_str(t),
            scraper::Node::Element(e) => {
                let el = ElementRef::wrap(sibling).expect("element node");
                if e.name() == "a" || el.select(&ANCHORS).next().is_some() {
                    break;
                }
                text.push(' ');
                text.push_str(&visible_text(el));
            }
            _ => {}
        }
        if text.len() > 200 {
            break;
        }
    }
    date_of(text.trim(), url)
}

/// The date printed in an entry, outside the title. Of several dates (留言时间 … 回复时间), the
/// one whose column header or inline label names the entry's own date (`vocabulary`); a date
/// labelled as a reply or deadline is not the entry's while another is there; without labels,
/// the last. A date without a year (`[05-06]`) takes the year from the entry's URL when the CMS
/// puts one there.
fn entry_date(
    item: ElementRef<'_>,
    anchor: ElementRef<'_>,
    url: &Url,
    vocabulary: &Vocabulary,
) -> Option<DateText> {
    let anchor_text = visible_text(anchor);
    let mut dates: Vec<(DateRole, DateText)> = Vec::new();
    for (header, cell) in row_cells(item) {
        let cell_text = visible_text(cell);
        let text = if cell.id() == anchor.id() || anchor.ancestors().any(|a| a.id() == cell.id()) {
            cell_text.replacen(&anchor_text, " ", 1)
        } else {
            cell_text
        };
        let header_role = vocabulary.date_role(&header);
        for (pos, date) in find_dates_at(&text) {
            let label = inline_label(&text[..pos]);
            let role = match vocabulary.date_role(&label) {
                DateRole::Unknown => header_role,
                role => role,
            };
            let snippet = DATEISH
                .find_at(&text, pos)
                .map(|m| m.as_str().trim().to_string())
                .unwrap_or_default();
            dates.push((
                role,
                DateText {
                    text: snippet,
                    date: Some(date),
                },
            ));
        }
    }
    let chosen = dates
        .iter()
        .position(|(role, _)| *role == DateRole::Entry)
        .or_else(|| {
            dates
                .iter()
                .rposition(|(role, _)| *role == DateRole::Unknown)
        })
        .or_else(|| dates.len().checked_sub(1));
    if let Some(i) = chosen {
        return Some(dates.swap_remove(i).1);
    }
    let item_text = visible_text(item);
    let outside = item_text.replacen(&anchor_text, " ", 1);
    date_of(outside.trim(), url)
}

/// The date in the text beside an entry's title; a date without a year (`[05-06]`) takes the
/// year from the entry's URL when the CMS puts one there.
fn date_of(text: &str, url: &Url) -> Option<DateText> {
    if let Some(date) = find_dates(text).into_iter().last() {
        return Some(DateText {
            text: date_snippet(text),
            date: Some(date),
        });
    }
    let snippet = date_snippet(text);
    if snippet.is_empty() {
        return None;
    }
    let (_, year) = quirks::first(|cms| cms.url_year(url))?;
    Some(DateText {
        date: parse_date_with_year(&snippet, year),
        text: snippet,
    })
}

/// The label just before a date in running text: `留言时间：` in `留言时间：2024-03-01`, the
/// words after the previous number.
fn inline_label(before: &str) -> String {
    let tail: String = before
        .chars()
        .rev()
        .take_while(|c| !c.is_ascii_digit())
        .take(12)
        .collect();
    tail.chars().rev().collect::<String>().trim().to_string()
}

/// The cells of an entry with the column header each sits under: a table row's cells under
/// the table's header row, a `dl` row's `dd`s under a header `dl`'s `dt`s just before it; any
/// other entry is one cell without a header.
fn row_cells(item: ElementRef<'_>) -> Vec<(String, ElementRef<'_>)> {
    fn children<'a>(el: ElementRef<'a>, names: &[&str]) -> Vec<ElementRef<'a>> {
        el.children()
            .filter_map(ElementRef::wrap)
            .filter(|c| names.contains(&c.value().name()))
            .collect()
    }
    let (cells, headers) = match item.value().name() {
        "tr" => (children(item, &["td", "th"]), table_headers(item)),
        "dl" => {
            let header = item
                .prev_siblings()
                .filter_map(ElementRef::wrap)
                .find(|s| s.value().name() == "dl")
                .filter(|dl| {
                    let dts = children(*dl, &["dt"]);
                    !dts.is_empty() && dl.select(&ANCHORS).next().is_none()
                });
            let headers = header
                .map(|dl| {
                    children(dl, &["dt"])
                        .into_iter()
                        .map(visible_text)
                        .collect()
                })
                .unwrap_or_default();
            (children(item, &["dt", "dd"]), headers)
        }
        _ => (Vec::new(), Vec::new()),
    };
    if cells.is_empty() {
        return vec![(String::new(), item)];
    }
    cells
        .into_iter()
        .enumerate()
        .map(|(i, cell)| (headers.get(i).cloned().unwrap_or_default(), cell))
        .collect()
}

/// The column headers of a row's table: its first row of `th` cells, else its first row when
/// that row has no link (a header written with `td`). Spanned headers repeat per column.
fn table_headers(row: ElementRef<'_>) -> Vec<String> {
    let Some(table) = row
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|a| a.value().name() == "table")
    else {
        return Vec::new();
    };
    let own = |tr: &ElementRef<'_>| {
        tr.ancestors()
            .filter_map(ElementRef::wrap)
            .find(|a| a.value().name() == "table")
            .is_some_and(|t| t.id() == table.id())
    };
    let Some(header) = table.select(&ROWS).filter(own).take(3).find(|tr| {
        tr.id() != row.id()
            && tr.select(&ANCHORS).next().is_none()
            && tr
                .children()
                .filter_map(ElementRef::wrap)
                .any(|c| matches!(c.value().name(), "th" | "td"))
    }) else {
        return Vec::new();
    };
    let mut labels = Vec::new();
    for cell in header
        .children()
        .filter_map(ElementRef::wrap)
        .filter(|c| matches!(c.value().name(), "th" | "td"))
    {
        let span: usize = cell
            .value()
            .attr("colspan")
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(1)
            .clamp(1, 16);
        let text = visible_text(cell);
        labels.extend(std::iter::repeat_n(text, span));
    }
    labels
}

static DATEISH: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"[\[［(（]?\s*(?:\d{4}\s*[-/.年]\s*)?\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*[\]］)）]?",
    )
    .expect("valid regex")
});

/// The date-looking tail of an entry's text (`[05-06]`, `2023-05-06`), for the record.
fn date_snippet(text: &str) -> String {
    DATEISH
        .find_iter(text)
        .last()
        .map(|m| m.as_str().trim().to_string())
        .unwrap_or_default()
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
