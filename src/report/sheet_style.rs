//! The look the workbooks share (整改清单, 整改台账, 汇总表): a dark-red header row, bordered cells
//! aligned to the top, links in blue; the lists' title block and print setup.

use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatBorder, FormatUnderline, Worksheet, XlsxError,
};

pub(crate) struct SheetStyle {
    pub header: Format,
    pub cell: Format,
    pub link: Format,
}

impl SheetStyle {
    pub fn new() -> Self {
        let header = Format::new()
            .set_bold()
            .set_font_color(Color::White)
            .set_background_color(Color::RGB(0x9B_1C_1C))
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        let cell = Format::new()
            .set_text_wrap()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Top);
        let link = cell
            .clone()
            .set_font_color(Color::Blue)
            .set_underline(FormatUnderline::Single);
        Self { header, cell, link }
    }
}

/// Prints `sheet` on A4 (landscape or portrait), fitted to the page's width, centred, with
/// the rows `repeat` (the title block down to the header) at the top of every page.
pub(crate) fn print_a4(
    sheet: &mut Worksheet,
    landscape: bool,
    repeat: std::ops::RangeInclusive<u32>,
) -> Result<(), XlsxError> {
    /// Excel's paper size number for A4.
    const A4: u8 = 9;
    sheet.set_paper_size(A4);
    if landscape {
        sheet.set_landscape();
    } else {
        sheet.set_portrait();
    }
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_repeat_rows(*repeat.start(), *repeat.end())?;
    Ok(())
}

/// The lines above a list's header: a title, then what it covers (网站, 基准日 or 期间, 制表日期).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TitleBlock {
    pub title: String,
    pub lines: Vec<String>,
}

impl TitleBlock {
    /// Rows the block takes in a sheet: the title, its lines, one blank row.
    pub fn rows(&self) -> u32 {
        self.lines.len() as u32 + 2
    }

    /// Writes the block across columns `0..=last_col`; returns the row the header goes in.
    pub fn write(&self, sheet: &mut Worksheet, last_col: u16) -> Result<u32, XlsxError> {
        let title = Format::new()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        let line = Format::new().set_align(FormatAlign::Left);
        sheet.merge_range(0, 0, 0, last_col, &self.title, &title)?;
        sheet.set_row_height(0, 28)?;
        for (i, text) in self.lines.iter().enumerate() {
            let row = i as u32 + 1;
            sheet.merge_range(row, 0, row, last_col, text, &line)?;
        }
        Ok(self.rows())
    }

    /// The block as CSV records, one cell each, then an empty record.
    pub fn csv_records(&self) -> Vec<Vec<String>> {
        std::iter::once(self.title.clone())
            .chain(self.lines.iter().cloned())
            .map(|text| vec![text])
            .chain(std::iter::once(vec![String::new()]))
            .collect()
    }
}

/// How a list prints and opens: A4 landscape, one page wide, the rows down to the header
/// repeated on every page, the header frozen and filtered over `header_row..=last_row`.
pub(crate) fn print_setup(
    sheet: &mut Worksheet,
    header_row: u32,
    last_row: u32,
    last_col: u16,
) -> Result<(), XlsxError> {
    print_a4(sheet, true, 0..=header_row)?;
    sheet.set_freeze_panes(header_row + 1, 0)?;
    sheet.autofilter(header_row, 0, last_row.max(header_row), last_col)?;
    Ok(())
}
