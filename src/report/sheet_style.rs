//! The look the workbooks share (整改清单, 汇总表): a dark-red header row, bordered cells aligned
//! to the top, links in blue.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, FormatUnderline};

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
/// row `header` repeated at the top of every page.
pub(crate) fn print_a4(
    sheet: &mut rust_xlsxwriter::Worksheet,
    landscape: bool,
    header: u32,
) -> Result<(), rust_xlsxwriter::XlsxError> {
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
    sheet.set_repeat_rows(header, header)?;
    Ok(())
}
