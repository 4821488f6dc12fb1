//! Message list rows: a table or a `<ul>` whose header names the columns (`标题 | 留言时间 |
//! 回复时间 | 状态`), and rows that label their dates inline (`<li><a>…</a> 留言时间：2025-03-05
//! 状态：已回复</li>`).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use chrono::NaiveDate;
use ego_tree::NodeId;
use scraper::{ElementRef, Selector};
use url::Url;

use super::detail::first_line;
use super::labels::{LabelKind, header_kind, label_table, labelled};
use super::{Message, MessageWords, reply_state};
use crate::model::dates::find_dates;
use crate::model::grid::cell_span;
use crate::model::html::{attr, text_blocks, visible_text};
use crate::model::links::{in_navigation, may_be_page, resolve};
use crate::model::listing::anchor_title;

static ANCHORS: LazyLock<Selector> = LazyLock::new(|| sel("a[href]"));
static TABLES: LazyLock<Selector> = LazyLock::new(|| sel("table"));
static ROWS: LazyLock<Selector> = LazyLock::new(|| sel("tr"));
static GROUPS: LazyLock<Selector> = LazyLock::new(|| sel("ul, ol, div, dl"));

fn sel(css: &str) -> Selector {
    Selector::parse(css).expect("valid selector")
}

type Kinds = Vec<Option<LabelKind>>;

/// Every message row of the page, in document order.
pub(super) fn read_rows(root: ElementRef<'_>, url: &Url, words: &MessageWords) -> Vec<Message> {
    let table = label_table(words);
    let mut used: HashSet<NodeId> = HashSet::new();
    let mut out = Vec::new();
    for t in root.select(&TABLES) {
        let rows: Vec<ElementRef<'_>> = t.select(&ROWS).filter(|r| own_table(*r, t)).collect();
        read_group(&rows, table_cells, &table, url, words, &mut used, &mut out);
    }
    for group in root.select(&GROUPS) {
        let rows: Vec<ElementRef<'_>> = group.children().filter_map(ElementRef::wrap).collect();
        read_group(
            &rows,
            element_children,
            &table,
            url,
            words,
            &mut used,
            &mut out,
        );
    }
    inline_rows(root, url, words, &table, &mut used, &mut out);
    out
}

/// Rows under a header row (one of the first three, without links) whose cells name an asked
/// date and a reply date, status or reply.
fn read_group<'a>(
    rows: &[ElementRef<'a>],
    cells_of: fn(ElementRef<'a>) -> Vec<ElementRef<'a>>,
    table: &[(&str, LabelKind)],
    url: &Url,
    words: &MessageWords,
    used: &mut HashSet<NodeId>,
    out: &mut Vec<Message>,
) {
    let Some((at, kinds)) = rows.iter().take(3).enumerate().find_map(|(i, row)| {
        if row.select(&ANCHORS).next().is_some() {
            return None;
        }
        let kinds = header_kinds(&cells_of(*row), table);
        let has = |k: LabelKind| kinds.contains(&Some(k));
        (has(LabelKind::Asked)
            && (has(LabelKind::Answered) || has(LabelKind::Status) || has(LabelKind::Reply)))
        .then_some((i, kinds))
    }) else {
        return;
    };
    for row in &rows[at + 1..] {
        let Some(anchor) = title_anchor(*row) else {
            continue;
        };
        if !used.insert(anchor.id()) {
            continue;
        }
        let mut values: HashMap<LabelKind, String> = HashMap::new();
        for (kind, cell) in kinds.iter().zip(cells_of(*row)) {
            if let Some(kind) = kind {
                values.entry(*kind).or_insert_with(|| visible_text(cell));
            }
        }
        out.push(message(anchor, url, words, |k| values.get(&k).cloned()));
    }
}

/// Rows that label their own dates: a list item (or one of several like blocks) holding one
/// message link and an asked date written `留言时间：…`.
fn inline_rows(
    root: ElementRef<'_>,
    url: &Url,
    words: &MessageWords,
    table: &[(&str, LabelKind)],
    used: &mut HashSet<NodeId>,
    out: &mut Vec<Message>,
) {
    let mut by_parent: Vec<(Option<NodeId>, bool, Message)> = Vec::new();
    // Each container is read once however many links it holds: linear in the page.
    let mut dated: HashMap<NodeId, bool> = HashMap::new();
    let mut single: HashMap<NodeId, bool> = HashMap::new();
    for anchor in root.select(&ANCHORS) {
        if used.contains(&anchor.id()) || in_navigation(anchor) || anchor_title(anchor).is_none() {
            continue;
        }
        let Some(row) = anchor
            .ancestors()
            .filter_map(ElementRef::wrap)
            .take(4)
            .take_while(|a| !matches!(a.value().name(), "body" | "table" | "ul" | "ol"))
            .find(|a| {
                *dated
                    .entry(a.id())
                    .or_insert_with(|| has_asked_date(*a, table))
            })
        else {
            continue;
        };
        let one_link = *single.entry(row.id()).or_insert_with(|| {
            let mut hrefs = row.select(&ANCHORS).filter_map(|a| attr(a.value(), "href"));
            let first = hrefs.next();
            hrefs.all(|h| Some(h) == first)
        });
        if !one_link {
            continue;
        }
        used.insert(anchor.id());
        let text = text_blocks(row).join("\n");
        let values = labelled(&text, table);
        let found = |k: LabelKind| {
            values
                .iter()
                .find(|(kind, _)| *kind == k)
                .map(|(_, v)| first_line(v).to_string())
        };
        let itemised = matches!(row.value().name(), "li" | "tr" | "dl" | "dd");
        let parent = row.parent().map(|p| p.id());
        by_parent.push((parent, itemised, message(anchor, url, words, found)));
    }
    // A lone labelled block beside a link (a detail page's “返回” link) is not a list.
    let mut per_parent: HashMap<Option<NodeId>, usize> = HashMap::new();
    for (parent, _, _) in &by_parent {
        *per_parent.entry(*parent).or_default() += 1;
    }
    out.extend(
        by_parent
            .into_iter()
            .filter(|(parent, itemised, _)| *itemised || per_parent[parent] >= 2)
            .map(|(_, _, m)| m),
    );
}

fn has_asked_date(el: ElementRef<'_>, table: &[(&str, LabelKind)]) -> bool {
    let text = text_blocks(el).join("\n");
    labelled(&text, table)
        .iter()
        .any(|(k, v)| *k == LabelKind::Asked && !find_dates(first_line(v)).is_empty())
}

/// A message from a row's values (cell texts or inline values by kind).
fn message(
    anchor: ElementRef<'_>,
    page: &Url,
    words: &MessageWords,
    value: impl Fn(LabelKind) -> Option<String>,
) -> Message {
    let date = |k: LabelKind| -> Option<NaiveDate> { find_dates(&value(k)?).into_iter().next() };
    let answered = date(LabelKind::Answered);
    let status = value(LabelKind::Status).filter(|s| !s.trim().is_empty());
    let reply = value(LabelKind::Reply).filter(|r| words.is_reply(r));
    let replied = reply_state(
        answered.is_some(),
        status.as_deref(),
        reply.is_some(),
        false,
        words,
    );
    let url = anchor
        .value()
        .attr("href")
        .and_then(|h| resolve(page, h))
        .filter(may_be_page)
        .unwrap_or_else(|| page.clone());
    Message {
        title: anchor_title(anchor).unwrap_or_default(),
        url: url.to_string(),
        asked: date(LabelKind::Asked),
        answered,
        status: status.map(|s| s.trim().to_string()),
        replied,
        detail_page: false,
    }
}

/// The message link of a row: its first link with a title-like text.
fn title_anchor(row: ElementRef<'_>) -> Option<ElementRef<'_>> {
    row.select(&ANCHORS).find(|a| anchor_title(*a).is_some())
}

fn header_kinds(cells: &[ElementRef<'_>], table: &[(&str, LabelKind)]) -> Kinds {
    let mut kinds = Vec::new();
    for cell in cells {
        let span = cell_span(*cell, "colspan");
        let kind = header_kind(&visible_text(*cell), table);
        kinds.extend(std::iter::repeat_n(kind, span));
    }
    kinds
}

fn table_cells(row: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    element_children(row)
        .into_iter()
        .filter(|c| matches!(c.value().name(), "td" | "th"))
        .collect()
}

fn element_children(el: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    el.children().filter_map(ElementRef::wrap).collect()
}

fn own_table(row: ElementRef<'_>, table: ElementRef<'_>) -> bool {
    row.ancestors()
        .filter_map(ElementRef::wrap)
        .find(|a| a.value().name() == "table")
        .is_some_and(|t| t.id() == table.id())
}
