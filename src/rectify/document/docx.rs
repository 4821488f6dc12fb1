//! The documents as `.docx` (docx-rs): A4 portrait with the margins of GB/T 9704, a 页眉 with
//! the issuer and the number, the title centred in 二号 宋体, the text in 三号 仿宋_GB2312
//! (fonts by name: Word and WPS use them, LibreOffice substitutes), the 工作事项 a bordered
//! table, the issuer and date at the bottom right. Dated with the day of issue, so a reprint
//! is the same document.

use docx_rs::{
    AlignmentType, BorderType, Docx, Header, LineSpacing, LineSpacingType, PageMargin, Paragraph,
    Run, RunFonts, Shading, SpecialIndentType, Table, TableBorder, TableBorderPosition, TableCell,
    TableRow, VAlignType, WidthType,
};

use super::{Document, compose};
use crate::error::Error;
use crate::rectify::Notice;

/// A4 in twentieths of a point.
const PAGE_WIDTH: u32 = 11906;
const PAGE_HEIGHT: u32 = 16838;
/// Top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
const MARGIN_TOP: i32 = 2098;
const MARGIN_BOTTOM: i32 = 1984;
const MARGIN_LEFT: i32 = 1587;
const MARGIN_RIGHT: i32 = 1474;
/// The width text runs in.
const TEXT_WIDTH: u32 = PAGE_WIDTH - (MARGIN_LEFT + MARGIN_RIGHT) as u32;

/// Sizes in half-points: 二号, 三号, 五号, 小五.
const TITLE_SIZE: usize = 44;
const TEXT_SIZE: usize = 32;
const TABLE_SIZE: usize = 21;
const HEADER_SIZE: usize = 18;

const SONG: &str = "宋体";
const FANGSONG: &str = "仿宋_GB2312";
const HEI: &str = "黑体";

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
}

fn run(text: &str, font: &str, size: usize) -> Run {
    let mut run = Run::new().fonts(fonts(font)).size(size);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(docx_rs::BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

/// Fixed line spacing of 28 points, as 公文 set 三号 text.
fn fixed_lines() -> LineSpacing {
    LineSpacing::new()
        .line(560)
        .line_rule(LineSpacingType::Exact)
}

fn text(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, FANGSONG, TEXT_SIZE))
        .line_spacing(fixed_lines())
}

/// The `.docx` of one notice.
pub fn to_docx(notice: &Notice) -> Result<Vec<u8>, Error> {
    let doc = compose(notice);
    let stamp = format!("{}T00:00:00Z", notice.issued_on);
    let mut docx = Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .header(851)
                .footer(992),
        )
        .default_fonts(fonts(FANGSONG))
        .default_size(TEXT_SIZE)
        .created_at(&stamp)
        .updated_at(&stamp)
        .header(header(&doc))
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&doc.title, SONG, TITLE_SIZE).bold())
                .align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().after(120)),
        )
        .add_paragraph(text(&doc.number).align(AlignmentType::Center))
        .add_paragraph(text(""))
        .add_paragraph(text(&doc.addressee))
        .add_paragraph(
            text(&doc.body)
                .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
                .align(AlignmentType::Both)
                .line_spacing(fixed_lines().after(160)),
        )
        .add_table(table(&doc))
        .add_paragraph(text(""));
    for (label, line) in &doc.lines {
        docx = docx.add_paragraph(
            Paragraph::new()
                .add_run(run(&format!("{label}："), HEI, TEXT_SIZE))
                .add_run(run(line, FANGSONG, TEXT_SIZE))
                .line_spacing(fixed_lines())
                .align(AlignmentType::Both),
        );
    }
    docx = docx
        .add_paragraph(text(""))
        .add_paragraph(text(""))
        .add_paragraph(text(&doc.issuer).align(AlignmentType::Right).indent(
            None,
            None,
            Some(640),
            None,
        ))
        .add_paragraph(text(&doc.date).align(AlignmentType::Right).indent(
            None,
            None,
            Some(640),
            None,
        ));
    let mut out = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut out)
        .map_err(|e| Error::Docx(e.to_string()))?;
    Ok(out.into_inner())
}

/// 页眉: the issuer and the document's number, 小五 宋体, centred.
fn header(doc: &Document) -> Header {
    Header::new().add_paragraph(
        Paragraph::new()
            .add_run(run(&doc.header, SONG, HEADER_SIZE))
            .align(AlignmentType::Center),
    )
}

fn border(position: TableBorderPosition) -> TableBorder {
    TableBorder::new(position)
        .border_type(BorderType::Single)
        .size(6)
        .color("000000")
}

/// The 工作事项 table, across the text width, 0.75 pt borders, a shaded bold header row.
fn table(doc: &Document) -> Table {
    let widths: Vec<usize> = doc
        .table
        .columns
        .iter()
        .map(|(_, pct)| (TEXT_WIDTH * pct / 100) as usize)
        .collect();
    let cell = |text: &str, width: usize| {
        TableCell::new()
            .width(width, WidthType::Dxa)
            .add_paragraph(Paragraph::new().add_run(run(text, SONG, TABLE_SIZE)))
    };
    let head = TableRow::new(
        doc.table
            .columns
            .iter()
            .zip(&widths)
            .map(|((name, _), width)| {
                TableCell::new()
                    .width(*width, WidthType::Dxa)
                    .vertical_align(VAlignType::Center)
                    .shading(Shading::new().fill("F2F2F2"))
                    .add_paragraph(
                        Paragraph::new()
                            .add_run(run(name, SONG, TABLE_SIZE).bold())
                            .align(AlignmentType::Center),
                    )
            })
            .collect(),
    )
    .cant_split();
    let rows = doc.table.rows.iter().map(|row| {
        TableRow::new(
            row.iter()
                .zip(&widths)
                .map(|(text, width)| cell(text, *width))
                .collect(),
        )
        .cant_split()
    });
    let mut table = Table::new(std::iter::once(head).chain(rows).collect())
        .set_grid(widths.clone())
        .width(TEXT_WIDTH as usize, WidthType::Dxa)
        .layout(docx_rs::TableLayoutType::Fixed);
    for position in [
        TableBorderPosition::Top,
        TableBorderPosition::Left,
        TableBorderPosition::Bottom,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ] {
        table = table.set_border(border(position));
    }
    table
}
