//! HTML tables as grids: `rowspan` and `colspan` expanded so that every cell of a row lines up
//! with its header, as Word-exported tables (`class=MsoNormalTable`) need.

use std::sync::LazyLock;

use scraper::{ElementRef, Selector};
use serde::{Deserialize, Serialize};

use super::html::visible_text;

/// Spans beyond this are treated as this (broken markup says `colspan=9999`).
const MAX_SPAN: usize = 64;

static ROWS: LazyLock<Selector> = LazyLock::new(|| Selector::parse("tr").expect("valid selector"));
static CELLS: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("td, th").expect("valid selector"));

/// A table as text: `cells[row][column]`, a spanned cell repeated in every slot it covers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grid {
    pub cells: Vec<Vec<String>>,
}

impl Grid {
    /// Reads a `<table>`, ignoring the rows of tables nested inside it.
    pub fn read(table: ElementRef<'_>) -> Self {
        let mut cells: Vec<Vec<String>> = Vec::new();
        // (column → rows still covered, text) for rowspans reaching into later rows.
        let mut pending: Vec<Option<(usize, String)>> = Vec::new();
        for tr in table
            .select(&ROWS)
            .filter(|tr| owner_table(*tr) == Some(table.id()))
        {
            let mut row: Vec<String> = Vec::new();
            let mut column = 0;
            for td in tr
                .select(&CELLS)
                .filter(|td| td.parent().map(|p| p.id()) == Some(tr.id()))
            {
                place_pending(&mut row, &mut column, &mut pending);
                let text = visible_text(td);
                let colspan = cell_span(td, "colspan");
                let rowspan = cell_span(td, "rowspan");
                for _ in 0..colspan {
                    row.push(text.clone());
                    if rowspan > 1 {
                        if pending.len() <= column {
                            pending.resize(column + 1, None);
                        }
                        pending[column] = Some((rowspan - 1, text.clone()));
                    }
                    column += 1;
                }
            }
            place_pending(&mut row, &mut column, &mut pending);
            if !row.is_empty() {
                cells.push(row);
            }
        }
        Self { cells }
    }

    /// All the table's text, for recognising which table it is.
    pub fn text(&self) -> String {
        self.cells
            .iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Fills the slots at `column` that cells from rows above still cover.
fn place_pending(
    row: &mut Vec<String>,
    column: &mut usize,
    pending: &mut [Option<(usize, String)>],
) {
    while let Some(Some((left, text))) = pending.get_mut(*column) {
        row.push(text.clone());
        *left -= 1;
        if *left == 0 {
            pending[*column] = None;
        }
        *column += 1;
    }
}

/// How many columns (`colspan`) or rows (`rowspan`) a cell spans: 1 unless it says more, and
/// never more than a table could sensibly hold.
pub(crate) fn cell_span(td: ElementRef<'_>, attr: &str) -> usize {
    td.value()
        .attr(attr)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_SPAN)
}

fn owner_table(tr: ElementRef<'_>) -> Option<ego_tree::NodeId> {
    tr.ancestors()
        .filter_map(ElementRef::wrap)
        .find(|a| a.value().name() == "table")
        .map(|t| t.id())
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    #[test]
    fn spans_are_expanded_and_word_paragraphs_joined() {
        let doc = Html::parse_document(
            r#"<table class=MsoNormalTable><tr><td rowspan=2 colspan=2><p class=MsoNormal>项目</p></td><td colspan=2>申请人</td></tr>
            <tr><td><p class=MsoNormal>商业</p><p class=MsoNormal>企业</p></td><td>其他</td></tr>
            <tr><td rowspan=2>三、结果</td><td>（一）予以公开</td><td>3</td><td></td></tr>
            <tr><td>（二）部分公开</td><td>1</td><td>2</td></tr></table>"#,
        );
        let table = doc
            .select(&Selector::parse("table").unwrap())
            .next()
            .unwrap();
        let grid = Grid::read(table);
        assert_eq!(grid.cells[0], ["项目", "项目", "申请人", "申请人"]);
        assert_eq!(grid.cells[1], ["项目", "项目", "商业 企业", "其他"]);
        assert_eq!(grid.cells[2], ["三、结果", "（一）予以公开", "3", ""]);
        assert_eq!(grid.cells[3], ["三、结果", "（二）部分公开", "1", "2"]);
    }
}
