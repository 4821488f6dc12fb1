//! The date of a list entry: the one printed beside its title, chosen by its column header or
//! label when a row prints several (留言时间 … 回复时间, 发布日期 … 截止日期), read per link segment
//! in a container shared by many links, with the year from the entry's URL when the list prints
//! none (`[05-06]`).

use std::sync::LazyLock;

use scraper::ElementRef;
use url::Url;

use super::dates::{DateText, find_dates, find_dates_at, parse_date_with_year};
use super::grid::cell_span;
use super::html::visible_text;
use super::listing::{ANCHORS, ROWS};
use super::vocabulary::{DateRole, Vocabulary};
use crate::quirks;

/// More anchors than this in one entry container make it a shared container (a `<div>` of
/// `<a>…<br>` lines): each entry's date is read from the text after its link.
pub(super) const SHARED_CONTAINER: usize = 16;

/// The date of an entry in a shared container: in the text after the anchor, up to the next
/// link. Linear in the segment, so a container of many links is read once in all.
pub(super) fn segment_date(anchor: ElementRef<'_>, url: &Url) -> Option<DateText> {
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
pub(super) fn entry_date(
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
        let span = cell_span(cell, "colspan");
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
