//! Labelled values in a message's text: `留言时间：2025-03-05`, a label cell followed by its value
//! cell (`回复内容` ⏎ `……`), a labelled `<div>`. The text is read as blocks joined by line breaks,
//! so a label ends either at a colon or at the end of its cell.

use super::MessageWords;

/// What a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LabelKind {
    Asked,
    Answered,
    Reply,
    Question,
    Status,
    /// A label that only ends the value before it (回复单位, 留言人).
    Other,
}

/// Every label word with its kind, longest first so that 回复时间 wins over 回复.
pub(super) fn label_table(words: &MessageWords) -> Vec<(&str, LabelKind)> {
    let l = &words.labels;
    let mut all: Vec<(&str, LabelKind)> = [
        (&l.asked, LabelKind::Asked),
        (&l.answered, LabelKind::Answered),
        (&l.reply, LabelKind::Reply),
        (&l.question, LabelKind::Question),
        (&l.status, LabelKind::Status),
        (&l.other, LabelKind::Other),
    ]
    .into_iter()
    .flat_map(|(list, kind)| list.iter().map(move |w| (w.as_str(), kind)))
    .collect();
    all.sort_by_key(|(w, _)| std::cmp::Reverse(w.chars().count()));
    all
}

/// The kind of a header cell's text (`留言时间`, `办理状态`): the longest label it contains.
pub(super) fn header_kind(header: &str, table: &[(&str, LabelKind)]) -> Option<LabelKind> {
    let bare = super::super::html::compact(header);
    table
        .iter()
        .find(|(w, _)| bare.contains(w))
        .map(|(_, kind)| *kind)
}

/// The labelled values of `text` (blocks joined by `\n`), in order: each label's value runs
/// from after its colon to the next label.
pub(super) fn labelled<'t>(
    text: &'t str,
    table: &[(&str, LabelKind)],
) -> Vec<(LabelKind, &'t str)> {
    let mut found: Vec<(LabelKind, usize, usize)> = Vec::new(); // kind, label start, value start
    let mut pos = 0;
    while pos < text.len() {
        let rest = &text[pos..];
        let at_start = pos == 0 || !text[..pos].ends_with(|c: char| is_word_char(c));
        // A label followed by a colon counts anywhere (`<span>`s run together); one that ends
        // its cell must start it.
        let hit = table.iter().find_map(|(w, kind)| {
            let after = rest.strip_prefix(w)?;
            let (value, colon) = label_end(after)?;
            (colon || at_start).then_some((*kind, pos + w.len() + value))
        });
        match hit {
            Some((kind, value_start)) => {
                found.push((kind, pos, value_start));
                pos = value_start;
            }
            None => pos += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    found
        .iter()
        .enumerate()
        .map(|(i, (kind, _, start))| {
            let end = found.get(i + 1).map_or(text.len(), |(_, next, _)| *next);
            (*kind, text[*start..end.max(*start)].trim())
        })
        .collect()
}

/// A label ends at a colon (spaces allowed before it) or at the end of its cell; returns how many
/// bytes after the label word the value starts, and whether a colon ended it.
fn label_end(after: &str) -> Option<(usize, bool)> {
    let trimmed = after.trim_start_matches([' ', '\u{3000}', '\u{a0}']);
    let skipped = after.len() - trimmed.len();
    if let Some(value) = trimmed
        .strip_prefix('：')
        .or_else(|| trimmed.strip_prefix(':'))
    {
        return Some((after.len() - value.len(), true));
    }
    (trimmed.is_empty() || trimmed.starts_with('\n')).then_some((skipped, false))
}

/// A label without a colon starts its cell: not in the middle of running text (…已回复).
fn is_word_char(c: char) -> bool {
    !(c.is_whitespace()
        || c.is_ascii_punctuation()
        || "：，。；、【】（）()[]|｜".contains(c)
        || c == '\u{3000}'
        || c == '\u{a0}')
}
