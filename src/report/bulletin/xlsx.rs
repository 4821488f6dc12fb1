//! The 通报 as a workbook that prints on A4: a title block (title, lead paragraph), the table
//! with its header repeated on every page, then the units below the merit line, the scoring
//! rule and the signature.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet};

use super::{NOTE, cells, headings};
use crate::error::Error;
use crate::rectify::bulletin::Bulletin;
use crate::report::sheet_style::{SheetStyle, print_a4};

/// Column widths, in [`headings`] order.
const WIDTHS: [f64; 12] = [6.0, 22.0, 9.0, 9.0, 9.0, 10.0, 6.0, 6.0, 6.0, 7.0, 7.0, 9.0];

/// A merged, wrapped paragraph across the table's width, tall enough for its text.
fn paragraph(sheet: &mut Worksheet, row: u32, text: &str, format: &Format) -> Result<(), Error> {
    let last = (WIDTHS.len() - 1) as u16;
    sheet.merge_range(row, 0, row, last, text, format)?;
    // A CJK character is about two width units; 16 points a line.
    let width: f64 = WIDTHS.iter().sum();
    let lines = ((text.chars().count() as f64 * 2.0) / width)
        .ceil()
        .max(1.0);
    sheet.set_row_height(row, 16.0 * lines + 4.0)?;
    Ok(())
}

/// The workbook's bytes.
pub fn to_xlsx(bulletin: &Bulletin) -> Result<Vec<u8>, Error> {
    let mut workbook = Workbook::new();
    let SheetStyle { header, cell, .. } = SheetStyle::new();
    let title_format = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let right = Format::new().set_align(FormatAlign::Right);
    let centred = cell.clone().set_align(FormatAlign::Center);

    let sheet = workbook.add_worksheet().set_name("整改情况通报")?;
    let last = (WIDTHS.len() - 1) as u16;
    sheet.merge_range(0, 0, 0, last, &bulletin.title, &title_format)?;
    sheet.set_row_height(0, 32)?;
    paragraph(sheet, 1, &format!("　　{}", bulletin.lead()), &text)?;
    let top = 3;
    for (col, (name, width)) in headings(bulletin).iter().zip(WIDTHS).enumerate() {
        sheet.write_string_with_format(top, col as u16, *name, &header)?;
        sheet.set_column_width(col as u16, width)?;
    }
    for (i, row) in bulletin.rows.iter().enumerate() {
        let r = top + 1 + i as u32;
        for (col, value) in cells(i + 1, row).iter().enumerate() {
            match col {
                0 => sheet.write_number_with_format(r, 0, (i + 1) as f64, &centred)?,
                1 | 11 => sheet.write_string_with_format(r, col as u16, value, &cell)?,
                9 => sheet.write_number_with_format(r, 9, row.deducted, &centred)?,
                10 => sheet.write_number_with_format(r, 10, row.score, &centred)?,
                _ => {
                    let n: f64 = value.parse().unwrap_or_default();
                    sheet.write_number_with_format(r, col as u16, n, &centred)?
                }
            };
        }
    }
    let mut next = top + 2 + bulletin.rows.len() as u32;
    for sentence in [
        NOTE.to_string(),
        format!("　　{}", bulletin.merit_sentence()),
        format!("　　{}", bulletin.formula()),
    ] {
        paragraph(sheet, next, &sentence, &text)?;
        next += 1;
    }
    next += 1;
    for line in [&bulletin.issuer, &bulletin.issued_words()] {
        sheet.merge_range(next, 0, next, last, line, &right)?;
        next += 1;
    }
    sheet.set_freeze_panes(top + 1, 0)?;
    print_a4(sheet, false, top..=top)?;
    Ok(workbook.save_to_buffer()?)
}
