//! Text (and, for DOCX, tables) read out of attached documents, for reports published only as
//! an attachment. PDF gives text; DOCX gives text and its tables as grids (`gridSpan` and
//! `vMerge` expanded). Other types (DOC, WPS …) cannot be read and say so.

use std::io::Read;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::grid::Grid;

/// Largest `word/document.xml` read, decompressed (a guard against zip bombs; a real report's
/// is a few MB).
const MAX_DOCX_XML: u64 = 32 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttachmentKind {
    Pdf,
    Docx,
    Other,
}

impl AttachmentKind {
    pub fn of(url: &str, content_type: Option<&str>) -> Self {
        let path = url
            .split(['?', '#'])
            .next()
            .unwrap_or(url)
            .to_ascii_lowercase();
        let ct = content_type.unwrap_or_default();
        if path.ends_with(".pdf") || ct.contains("pdf") {
            AttachmentKind::Pdf
        } else if path.ends_with(".docx") || ct.contains("wordprocessingml") {
            AttachmentKind::Docx
        } else {
            AttachmentKind::Other
        }
    }
}

/// What an attachment says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttachmentText {
    pub text: String,
    pub grids: Vec<Grid>,
    /// Whether tables could be read cell by cell (DOCX yes, PDF no).
    pub tables_readable: bool,
}

/// An attachment the crawler fetched for a page, and what could be read from it.
#[derive(Debug, Clone)]
pub struct FetchedAttachment {
    pub url: String,
    /// The page that offers it.
    pub of: String,
    pub read: Result<AttachmentText, Unreadable>,
}

/// Why an attachment could not be read, in Chinese. Library errors it wraps are kept as their
/// text, so the outcome stays `Clone` with the crawl output that holds it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unreadable {
    #[error("该附件格式（如DOC、WPS）无法读取，请转为PDF或DOCX")]
    Format,
    #[error("PDF中没有可提取的文字（可能是扫描件）")]
    PdfWithoutText,
    #[error("PDF无法解析：{0}")]
    Pdf(String),
    #[error("PDF无法解析：文件结构损坏")]
    PdfBroken,
    #[error("DOCX无法打开：{0}")]
    Docx(String),
    #[error("DOCX中缺少正文（word/document.xml）")]
    DocxWithoutBody,
    #[error("DOCX正文无法读取：{0}")]
    DocxBody(String),
    #[error("DOCX正文解压后超过{mb} MB（疑似压缩炸弹），未读取")]
    DocxBomb { mb: u64 },
    #[error("DOCX正文不是有效的UTF-8文本")]
    DocxNotUtf8,
    #[error("附件是空文件")]
    Empty,
    #[error("附件链接返回的是网页而不是{expected}文件（附件可能已失效或需要登录）")]
    WebPage { expected: &'static str },
    #[error("附件内容不是{expected}文件（文件头不符，文件可能已损坏）")]
    NotA { expected: &'static str },
    #[error("PDF已加密，无法提取文字，请发布未加密的版本")]
    PdfEncrypted,
    #[error("PDF文件不完整（缺少文件结尾，可能被截断）：{0}")]
    PdfTruncated(Box<Unreadable>),
    #[error("DOCX文件不完整（缺少压缩包目录，可能被截断）：{0}")]
    DocxTruncated(Box<Unreadable>),
    /// The attachment links off the portal: never fetched.
    #[error("附件不在本网站检查范围内（{0}），未下载")]
    OffSite(String),
    /// The attachment redirects off the portal: never followed.
    #[error("附件重定向到{outside} {target}，未下载")]
    RedirectedOff {
        outside: &'static str,
        target: String,
    },
    /// The download failed (the crawl error says how).
    #[error("{0}")]
    Download(String),
}

/// Reads an attachment, or says why it cannot be read.
pub fn read_attachment(bytes: &[u8], kind: AttachmentKind) -> Result<AttachmentText, Unreadable> {
    match kind {
        AttachmentKind::Pdf => pdf_text(bytes).map(|text| AttachmentText {
            text,
            grids: Vec::new(),
            tables_readable: false,
        }),
        AttachmentKind::Docx => docx(bytes),
        AttachmentKind::Other => Err(Unreadable::Format),
    }
}

fn pdf_text(bytes: &[u8]) -> Result<String, Unreadable> {
    // The PDF library can panic on malformed files; a bad attachment must not end the run.
    let result = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes));
    match result {
        // Fonts often map ideographs to look-alike Kangxi radicals (⼀ U+2F00 for 一); NFKC folds
        // them (and full-width digits) back.
        Ok(Ok(text)) if !text.trim().is_empty() => Ok(text.nfkc().collect()),
        Ok(Ok(_)) => Err(Unreadable::PdfWithoutText),
        Ok(Err(e)) => Err(Unreadable::Pdf(e.to_string())),
        Err(_) => Err(Unreadable::PdfBroken),
    }
}

static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<(/?)(w:[A-Za-z]+)((?:\s+[^>]*?)?)(/?)>|([^<]+)"#).expect("valid regex")
});
static VAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"w:val\s*=\s*"([^"]*)""#).expect("valid regex"));

/// One DOCX table cell as written: text, columns spanned, vertical-merge state.
#[derive(Default)]
struct DocxCell {
    text: String,
    span: usize,
    merge: Option<bool>, // Some(true) restart, Some(false) continue
}

fn docx(bytes: &[u8]) -> Result<AttachmentText, Unreadable> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| Unreadable::Docx(e.to_string()))?;
    let mut raw = Vec::new();
    // One byte past the limit tells a bomb from a document that just fits.
    archive
        .by_name("word/document.xml")
        .map_err(|_| Unreadable::DocxWithoutBody)?
        .take(MAX_DOCX_XML + 1)
        .read_to_end(&mut raw)
        .map_err(|e| Unreadable::DocxBody(e.to_string()))?;
    if raw.len() as u64 > MAX_DOCX_XML {
        return Err(Unreadable::DocxBomb {
            mb: MAX_DOCX_XML / (1024 * 1024),
        });
    }
    let xml = String::from_utf8(raw).map_err(|_| Unreadable::DocxNotUtf8)?;

    let mut text = String::new();
    let mut grids = Vec::new();
    let mut rows: Vec<Vec<DocxCell>> = Vec::new();
    let mut row: Vec<DocxCell> = Vec::new();
    let mut cell: Option<DocxCell> = None;
    let mut depth = 0usize; // table nesting; nested tables are read as text only
    let mut in_text = false;
    for caps in TOKEN.captures_iter(&xml) {
        if let Some(raw) = caps.get(5) {
            if in_text {
                let piece = unescape(raw.as_str());
                text.push_str(&piece);
                if let Some(c) = cell.as_mut() {
                    c.text.push_str(&piece);
                }
            }
            continue;
        }
        let closing = &caps[1] == "/";
        let self_closing = &caps[4] == "/";
        let attrs = caps.get(3).map_or("", |m| m.as_str());
        match (&caps[2], closing) {
            ("w:t", false) => in_text = !self_closing,
            ("w:t", true) => in_text = false,
            ("w:tab", false) => text.push('\t'),
            ("w:br", false) => text.push('\n'),
            ("w:p", true) => {
                text.push('\n');
                if let Some(c) = cell.as_mut() {
                    c.text.push(' ');
                }
            }
            ("w:tbl", false) => {
                depth += 1;
                if depth == 1 {
                    rows.clear();
                }
            }
            ("w:tbl", true) => {
                if depth == 1 {
                    grids.push(docx_grid(std::mem::take(&mut rows)));
                }
                depth = depth.saturating_sub(1);
            }
            ("w:tr", true) if depth == 1 => rows.push(std::mem::take(&mut row)),
            ("w:tc", false) if depth == 1 => {
                cell = Some(DocxCell {
                    span: 1,
                    ..DocxCell::default()
                })
            }
            ("w:tc", true) if depth == 1 => row.extend(cell.take()),
            ("w:gridSpan", false) if depth == 1 => {
                if let Some(c) = cell.as_mut() {
                    c.span = VAL
                        .captures(attrs)
                        .and_then(|v| v[1].parse().ok())
                        .unwrap_or(1)
                        .clamp(1, 64);
                }
            }
            ("w:vMerge", false) if depth == 1 => {
                if let Some(c) = cell.as_mut() {
                    c.merge = Some(VAL.captures(attrs).is_some_and(|v| &v[1] == "restart"));
                }
            }
            _ => {}
        }
    }
    Ok(AttachmentText {
        text,
        grids,
        tables_readable: true,
    })
}

/// Expands spans; a continued vertical merge repeats the text above it.
fn docx_grid(rows: Vec<Vec<DocxCell>>) -> Grid {
    let mut cells: Vec<Vec<String>> = Vec::new();
    for row in rows {
        let mut out: Vec<String> = Vec::new();
        for cell in row {
            for _ in 0..cell.span {
                let column = out.len();
                let text = if cell.merge == Some(false) {
                    cells
                        .last()
                        .and_then(|above| above.get(column))
                        .cloned()
                        .unwrap_or_default()
                } else {
                    super::html::squash(&cell.text)
                };
                out.push(text);
            }
        }
        cells.push(out);
    }
    Grid { cells }
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/annual-reports")
                .join(name),
        )
        .unwrap()
    }

    #[test]
    fn kinds_come_from_the_name_or_type() {
        assert_eq!(
            AttachmentKind::of("http://x/a/P0201.PDF", None),
            AttachmentKind::Pdf
        );
        assert_eq!(
            AttachmentKind::of("http://x/a/report.docx?v=2", None),
            AttachmentKind::Docx
        );
        assert_eq!(
            AttachmentKind::of("http://x/a/download.jsp?id=3", Some("application/pdf")),
            AttachmentKind::Pdf
        );
        assert_eq!(
            AttachmentKind::of("http://x/a/r.wps", None),
            AttachmentKind::Other
        );
    }

    #[test]
    fn a_pdf_report_gives_its_text() {
        let read = read_attachment(&fixture("P020250120.pdf"), AttachmentKind::Pdf).unwrap();
        assert!(
            read.text.contains("总体情况"),
            "{}",
            &read.text[..read.text.len().min(400)]
        );
        assert!(read.text.contains("其他需要报告的事项"));
        assert!(read.text.contains("二、主动公开"), "Kangxi radicals folded");
        assert!(!read.tables_readable);
    }

    #[test]
    fn a_docx_report_gives_text_and_tables() {
        let read = read_attachment(&fixture("P020250121.docx"), AttachmentKind::Docx).unwrap();
        assert!(read.text.contains("一、总体情况"));
        assert_eq!(read.grids.len(), 3);
        let t3 = &read.grids[1];
        assert!(
            t3.cells
                .iter()
                .any(|r| r.iter().any(|c| c == "三、本年度办理结果"))
        );
        // vMerge continues repeat the text above.
        let last = t3
            .cells
            .iter()
            .find(|r| r.iter().any(|c| c.starts_with("3.其他")))
            .unwrap();
        assert_eq!(last[0], "三、本年度办理结果");
    }

    #[test]
    fn broken_files_are_errors_not_panics() {
        assert!(read_attachment(b"%PDF-1.4 not really", AttachmentKind::Pdf).is_err());
        assert!(read_attachment(b"PK\x03\x04 broken zip", AttachmentKind::Docx).is_err());
        assert!(read_attachment(b"anything", AttachmentKind::Other).is_err());
    }
}
