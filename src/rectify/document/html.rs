//! The documents as one self-contained, print-ready A4 HTML file: 公文-like margins, the title
//! centred in large type, the 工作事项 table bordered, its header repeated on every page, and a
//! page break between documents. On screen each document shows as a sheet of paper.

use std::fmt::Write;

use super::{Document, compose, file_stem};
use crate::rectify::Notice;
use crate::report::markup::esc;

/// The style: A4 portrait, margins of GB/T 9704 (top 37 mm, bottom 35 mm, left 28 mm, right
/// 26 mm), 仿宋 for the text and 宋体 for the title and table, by name with fallbacks.
const STYLE: &str = r#"
@page { size: A4 portrait; margin: 37mm 26mm 35mm 28mm; }
* { box-sizing: border-box; }
html { background: #e8e8e8; }
body { margin: 0; color: #000;
  font-family: "仿宋_GB2312", "仿宋", FangSong, STFangsong, "Noto Serif CJK SC", "Noto Sans CJK SC", serif;
  font-size: 16pt; line-height: 1.6; }
.notice { width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 37mm 26mm 35mm 28mm;
  background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.25); position: relative; }
.running { position: absolute; top: 22mm; left: 28mm; right: 26mm; font-size: 10.5pt;
  border-bottom: 1px solid #000; display: flex; justify-content: space-between;
  font-family: "宋体", SimSun, "Noto Serif CJK SC", "Noto Sans CJK SC", serif; }
h1 { font-family: "方正小标宋简体", "宋体", SimSun, "Noto Serif CJK SC", "Noto Sans CJK SC", serif;
  font-size: 22pt; font-weight: bold; text-align: center; margin: 0 0 4mm; letter-spacing: 1pt; }
.number { text-align: center; margin: 0 0 6mm; }
.addressee { margin: 0; }
.body { text-indent: 2em; margin: 0 0 4mm; text-align: justify; word-break: break-all; }
table.items { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 4mm;
  font-family: "宋体", SimSun, "Noto Serif CJK SC", "Noto Sans CJK SC", serif;
  font-size: 10.5pt; line-height: 1.4; }
table.items th, table.items td { border: 1px solid #000; padding: 1.5mm 1.2mm; vertical-align: top;
  overflow-wrap: anywhere; }
table.items th { font-weight: bold; text-align: center; vertical-align: middle; background: #f2f2f2; }
table.items td.n { text-align: center; }
table.items td.url { word-break: break-all; font-size: 9pt; }
table.items tr { break-inside: avoid; }
.line { margin: 0; text-indent: -5em; padding-left: 5em; }
.line .label { font-family: "黑体", SimHei, "Noto Sans CJK SC", sans-serif; }
.sign { margin: 12mm 0 0 auto; width: max-content; text-align: center; }
.sign p { margin: 0; }
@media print {
  html { background: none; }
  .notice { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none;
    break-after: page; page-break-after: always; position: static; }
  .notice:last-child { break-after: auto; page-break-after: auto; }
  .running { position: static; margin: 0 0 6mm; }
  table.items th { background: none; }
}
"#;

/// One HTML file holding `notices`, each on its own pages.
pub fn to_html(notices: &[Notice]) -> String {
    let title = match notices {
        [one] => file_stem(one),
        _ => format!("交办单、催办单、督办通知单（{}份）", notices.len()),
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&title)
    );
    for notice in notices {
        document(&mut out, &compose(notice));
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Text with its line breaks kept.
fn lines(text: &str) -> String {
    esc(text).replace('\n', "<br>")
}

fn document(out: &mut String, doc: &Document) {
    let (issuer, number) = doc
        .header
        .split_once('　')
        .unwrap_or((doc.header.as_str(), ""));
    let _ = writeln!(
        out,
        "<article class=\"notice\">\n<div class=\"running\"><span>{}</span><span>{}</span></div>\n\
         <h1>{}</h1>\n<p class=\"number\">{}</p>\n<p class=\"addressee\">{}</p>\n\
         <p class=\"body\">{}</p>",
        esc(issuer),
        esc(number),
        esc(&doc.title),
        esc(&doc.number),
        esc(&doc.addressee),
        esc(&doc.body),
    );
    out.push_str("<table class=\"items\">\n<colgroup>");
    for (_, width) in &doc.table.columns {
        let _ = write!(out, "<col style=\"width:{width}%\">");
    }
    out.push_str("</colgroup>\n<thead><tr>");
    for (name, _) in &doc.table.columns {
        let _ = write!(out, "<th>{}</th>", esc(name));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &doc.table.rows {
        out.push_str("<tr>");
        for (col, cell) in row.iter().enumerate() {
            let class = match doc.table.columns[col].0 {
                "序号" => " class=\"n\"",
                "网址" => " class=\"url\"",
                _ => "",
            };
            let _ = write!(out, "<td{class}>{}</td>", lines(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    for (label, text) in &doc.lines {
        let _ = writeln!(
            out,
            "<p class=\"line\"><span class=\"label\">{}：</span>{}</p>",
            esc(label),
            esc(text)
        );
    }
    let _ = writeln!(
        out,
        "<div class=\"sign\"><p>{}</p><p>{}</p></div>\n</article>",
        esc(&doc.issuer),
        esc(&doc.date)
    );
}
