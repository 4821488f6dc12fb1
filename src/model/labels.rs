//! The 政府信息公开 metadata block: `索引号`, `发布机构`, `成文日期` … in whichever form a portal
//! renders it — a two-column table (`<td><b>索 引 号：</b></td><td>…</td>`), a definition list,
//! or `<p><strong>索引号</strong>：…</p>` / `发布时间：2023-05-06　来源：…` inline text.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use scraper::ElementRef;
use serde::{Deserialize, Serialize};

use super::html::{compact, compact_label, for_each_block, visible_text};

/// A field of the metadata block. The order of the synonyms is their priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    IndexNo,
    Category,
    Publisher,
    FormationDate,
    PublicationDate,
    DocNumber,
    Validity,
    Title,
    SubjectWords,
    Source,
}

impl Field {
    pub const ALL: [Field; 10] = [
        Field::IndexNo,
        Field::Category,
        Field::Publisher,
        Field::FormationDate,
        Field::PublicationDate,
        Field::DocNumber,
        Field::Validity,
        Field::Title,
        Field::SubjectWords,
        Field::Source,
    ];

    /// The labels portals print for this field, strongest first.
    pub fn labels(self) -> &'static [&'static str] {
        match self {
            Field::IndexNo => &["索引号", "索取号"],
            Field::Category => &[
                "主题分类",
                "信息分类",
                "组配分类",
                "体裁分类",
                "所属主题",
                "主题导航",
                "分类",
            ],
            Field::Publisher => &[
                "发布机构",
                "发文机关",
                "发文单位",
                "制发机关",
                "发布单位",
                "公开责任部门",
                "公开主体",
            ],
            Field::FormationDate => &[
                "成文日期",
                "印发日期",
                "形成日期",
                "生成日期",
                "制发日期",
                "签发日期",
                "发文日期",
            ],
            Field::PublicationDate => &[
                "发布日期",
                "发布时间",
                "公开日期",
                "公开时间",
                "发稿时间",
                "上网时间",
            ],
            Field::DocNumber => &["发文字号", "文号", "发布文号", "文件编号", "发文文号"],
            Field::Validity => &["有效性", "时效性", "效力状态", "有效期"],
            Field::Title => &["标题", "名称", "信息名称", "文件名称", "公文名称"],
            Field::SubjectWords => &["主题词", "关键词"],
            Field::Source => &["信息来源", "文章来源", "来源"],
        }
    }

    /// The Chinese name used in reports.
    pub fn display(self) -> &'static str {
        self.labels()[0]
    }
}

/// The label → field table, longest labels first so that `主题分类` wins over `分类`.
static LABELS: LazyLock<Vec<(&'static str, Field)>> = LazyLock::new(|| {
    let mut all: Vec<(&'static str, Field)> = Field::ALL
        .iter()
        .flat_map(|f| f.labels().iter().map(move |l| (*l, *f)))
        .collect();
    all.sort_by_key(|(label, _)| std::cmp::Reverse(label.chars().count()));
    all
});

/// `label：` with any white space inside the label (`索 引 号：`, `标　　题：`).
static INLINE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    let alternatives: Vec<String> = LABELS
        .iter()
        .map(|(label, _)| {
            label
                .chars()
                .map(|c| regex::escape(&c.to_string()))
                .collect::<Vec<_>>()
                .join(r"[\s\u3000]*")
        })
        .collect();
    Regex::new(&format!(r"(?:{})[\s\u3000]*[:：]", alternatives.join("|"))).expect("valid regex")
});

/// Where an inline value ends: the next `某某：` label, even one we do not know (`浏览次数：`).
static NEXT_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\s\u3000]+\p{Han}[^\s\u3000:：]{0,7}[\s\u3000]*[:：]").expect("valid regex")
});

fn field_of_label(text: &str) -> Option<Field> {
    let label = compact(text);
    field_named(label.trim_end_matches([':', '：']))
}

/// The field a label (white space and trailing colons removed) names.
fn field_named(label: &str) -> Option<Field> {
    LABELS
        .iter()
        .find(|(l, _)| *l == label)
        .map(|(_, field)| *field)
}

/// The longest label in bytes: a cell whose text is longer is no label cell.
static LONGEST_LABEL: LazyLock<usize> =
    LazyLock::new(|| LABELS.iter().map(|(l, _)| l.len()).max().unwrap_or(0));

/// [`field_of_label`] of a cell's visible text, read without collecting a value cell's text.
fn field_of_cell(cell: ElementRef<'_>) -> Option<Field> {
    field_named(&compact_label(cell, *LONGEST_LABEL)?)
}

/// The metadata block read from `scope` (the page minus its body text).
///
/// `exclude` is the article body: labels inside it (a guide's `工作机构名称：`, say) are not
/// metadata. The first value found for a field wins; a value that is present but blank is kept
/// as an empty string, because "the label is there but says nothing" is itself a fact.
pub fn read_labels(
    scope: ElementRef<'_>,
    exclude: Option<ElementRef<'_>>,
) -> BTreeMap<Field, String> {
    let mut found = BTreeMap::new();
    let excluded = |el: ElementRef<'_>| {
        exclude
            .is_some_and(|body| el.ancestors().any(|a| a.id() == body.id()) || el.id() == body.id())
    };
    // Structural pairs: a label cell followed by its value cell.
    // `td, th, dt` below `scope`, in document order, matched by hand.
    let cells = scope
        .descendants()
        .skip(1)
        .filter_map(ElementRef::wrap)
        .filter(|el| matches!(el.value().name(), "td" | "th" | "dt"));
    for cell in cells {
        if excluded(cell) {
            continue;
        }
        let Some(field) = field_of_cell(cell) else {
            continue;
        };
        let value = cell
            .next_siblings()
            .filter_map(ElementRef::wrap)
            .next()
            .map(visible_text)
            .unwrap_or_default();
        if field_of_label(&value).is_none() {
            found.entry(field).or_insert(value);
        }
    }
    // Inline `label：value` text.
    for_each_block(scope, exclude, |block| {
        for (field, value) in inline_pairs(block) {
            found.entry(field).or_insert(value);
        }
    });
    found
}

/// Every `label：value` pair in one block of text.
pub fn inline_pairs(block: &str) -> Vec<(Field, String)> {
    // Every label ends in a colon: most blocks have none and need no regex.
    if !block.contains([':', '：']) {
        return Vec::new();
    }
    let matches: Vec<_> = INLINE_LABEL
        .find_iter(block)
        .filter(|m| starts_a_label(block, m.start()))
        .collect();
    let mut pairs = Vec::new();
    for (i, m) in matches.iter().enumerate() {
        let Some(field) = field_of_label(m.as_str()) else {
            continue;
        };
        let end = matches.get(i + 1).map_or(block.len(), |next| next.start());
        let mut value = &block[m.end()..end];
        if let Some(next) = NEXT_LABEL.find(value) {
            value = &value[..next.start()];
        }
        pairs.push((
            field,
            value
                .trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
                .to_string(),
        ));
    }
    pairs
}

/// A label starts a phrase: `网站名称：` is not a `名称：` label.
fn starts_a_label(text: &str, at: usize) -> bool {
    match text[..at].chars().next_back() {
        None => true,
        Some(c) => c.is_whitespace() || c == '\u{3000}' || "|｜】]）)>》,，;；。".contains(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    #[test]
    fn inline_labels_split_at_the_next_label() {
        let pairs = inline_pairs("发布时间：2023-05-06 10:22:31　　来源：本局办公室　　浏览次数：");
        assert_eq!(
            pairs,
            vec![
                (Field::PublicationDate, "2023-05-06 10:22:31".to_string()),
                (Field::Source, "本局办公室".to_string()),
            ]
        );
    }

    #[test]
    fn a_label_inside_a_longer_word_is_not_a_label() {
        assert!(inline_pairs("网站名称：明湖市城市管理局").is_empty());
        assert_eq!(inline_pairs("信息名称：关于X的通知")[0].0, Field::Title);
    }

    #[test]
    fn table_cells_pair_labels_with_values() {
        let html = Html::parse_document(
            r#"<table><tr><td><b>索 引 号：</b></td><td>000014349/2019-00007</td>
            <td><b>主题分类：</b></td><td>市场监管、安全生产监管\工商</td></tr>
            <tr><td><b>标　　题：</b></td><td colspan="3">国务院关于X的意见</td></tr>
            <tr><td><b>主 题 词：</b></td><td></td><td></td></tr></table><div id="c">正文</div>"#,
        );
        let labels = read_labels(html.root_element(), None);
        assert_eq!(labels[&Field::IndexNo], "000014349/2019-00007");
        assert_eq!(labels[&Field::Category], r"市场监管、安全生产监管\工商");
        assert_eq!(labels[&Field::Title], "国务院关于X的意见");
        assert_eq!(labels[&Field::SubjectWords], "");
    }
}
