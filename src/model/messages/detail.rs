//! A message's detail page: 留言内容 / 留言时间 and 回复内容 / 回复时间 / 回复单位, as label/value
//! table cells, labelled `<div>`s (`<div class="hf">回复内容：…</div>`) or inline text.

use std::sync::LazyLock;

use scraper::{ElementRef, Selector};
use url::Url;

use super::labels::{LabelKind, label_table, labelled};
use super::{Message, MessageWords, reply_state};
use crate::model::dates::find_dates;
use crate::model::html::{compact, text_blocks, visible_text};

static BODY: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("body").expect("valid selector"));
static CELLS: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("td, th").expect("valid selector"));

/// The page as one message, when it shows an asked date and a message's other parts (its
/// question, a reply, a reply date or a status). The title is left empty for the caller.
pub(super) fn read_detail(
    root: ElementRef<'_>,
    url: &Url,
    words: &MessageWords,
) -> Option<Message> {
    let body = root.select(&BODY).next().unwrap_or(root);
    let text = text_blocks(body).join("\n");
    let table = label_table(words);
    // Label cells say exactly what their value is, even an empty one; running text fills in
    // the labels no cell holds.
    let cells = cell_values(body, &table);
    let mut values: Vec<(LabelKind, &str)> = cells.iter().map(|(k, v)| (*k, v.as_str())).collect();
    values.extend(
        labelled(&text, &table)
            .into_iter()
            .filter(|(kind, _)| !cells.iter().any(|(k, _)| k == kind)),
    );
    let first = |kind: LabelKind| values.iter().find(|(k, _)| *k == kind).map(|(_, v)| *v);
    let date_of = |kind: LabelKind| {
        values
            .iter()
            .filter(|(k, _)| *k == kind)
            .find_map(|(_, v)| find_dates(first_line(v)).into_iter().next())
    };
    let asked = date_of(LabelKind::Asked)?;
    let has = |kind: LabelKind| first(kind).is_some();
    if !(has(LabelKind::Question)
        || has(LabelKind::Reply)
        || has(LabelKind::Answered)
        || has(LabelKind::Status))
    {
        return None;
    }
    let answered = date_of(LabelKind::Answered);
    let status = first(LabelKind::Status)
        .map(first_line)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    let reply = values
        .iter()
        .filter(|(k, _)| *k == LabelKind::Reply)
        .map(|(_, v)| first_line(v))
        .find(|v| words.is_reply(v));
    let replied = reply_state(
        answered.is_some(),
        status.as_deref(),
        reply.is_some(),
        has(LabelKind::Reply),
        words,
    );
    Some(Message {
        title: String::new(),
        url: url.to_string(),
        asked: Some(asked),
        answered,
        status,
        replied,
        detail_page: true,
    })
}

/// Label/value table cells: a cell that is only a label (`回复内容`, `留言时间：`) and the cell
/// after it in its row, empty or not.
fn cell_values(body: ElementRef<'_>, table: &[(&str, LabelKind)]) -> Vec<(LabelKind, String)> {
    let mut found = Vec::new();
    for cell in body.select(&CELLS) {
        let label = compact(&visible_text(cell));
        let label = label.trim_end_matches([':', '：']);
        let Some((_, kind)) = table.iter().find(|(w, _)| *w == label) else {
            continue;
        };
        let value = cell
            .next_siblings()
            .filter_map(ElementRef::wrap)
            .find(|c| matches!(c.value().name(), "td" | "th"))
            .map(|c| text_blocks(c).join("\n"))
            .unwrap_or_default();
        found.push((*kind, value));
    }
    found
}

/// The first line of a value: a date or a status sits there, what follows is other text.
pub(super) fn first_line(value: &str) -> &str {
    value
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
}
