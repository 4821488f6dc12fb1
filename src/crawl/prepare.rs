//! A fetched body turned into what the crawl keeps, off the crawl loop (parsing is the costly
//! part of a crawl, so it runs on the blocking pool, on every core). Attachments are sniffed
//! before they are read, and every one that cannot be read says why.

use std::sync::LazyLock;

use regex::bytes::Regex;

use super::decode::{CharsetSource, decode, looks_like_html};
use super::fetch::Fetched;
use super::start::not_a_page;
use crate::model::attachment::{AttachmentKind, AttachmentText, Unreadable, read_attachment};
use crate::model::{PageRecord, Vocabulary, extract_page_with};

pub(super) enum Prepared {
    Page {
        record: Box<PageRecord>,
        charset: CharsetSource,
        encoding: &'static str,
        had_errors: bool,
        /// A charset name nobody knows, from the header or a meta tag.
        unknown_charset: Option<String>,
        /// The content type the server wrongly gave an HTML page.
        mislabelled_as: Option<String>,
    },
    Attachment(Result<AttachmentText, Unreadable>),
    /// The page's record as the history stored it (not modified, or reused without a request).
    Stored(Box<PageRecord>),
    /// Not a text page (an image or a file served where a page was linked: what it is), or a
    /// redirect (`None`).
    Skipped(Option<String>),
}

pub(super) fn prepare(fetched: &Fetched, is_attachment: bool, vocabulary: &Vocabulary) -> Prepared {
    if fetched.location.is_some() {
        return Prepared::Skipped(None);
    }
    if is_attachment {
        return Prepared::Attachment(read_fetched_attachment(fetched));
    }
    let content_type = fetched.content_type.as_deref();
    let is_text = content_type
        .is_none_or(|ct| ct.contains("html") || ct.contains("xml") || ct.starts_with("text/"));
    if let Some(what) = not_a_page(content_type, &fetched.body) {
        return Prepared::Skipped(Some(what));
    }
    let mislabelled = !is_text;
    let decoded = decode(&fetched.body, content_type);
    Prepared::Page {
        record: Box::new(extract_page_with(
            &fetched.final_url,
            &decoded.text,
            vocabulary,
        )),
        charset: decoded.source,
        encoding: decoded.encoding,
        had_errors: decoded.had_errors,
        unknown_charset: decoded.unknown_label,
        mislabelled_as: mislabelled.then(|| content_type.unwrap_or_default().to_string()),
    }
}

/// What an attachment's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sniffed {
    Pdf,
    Zip,
    /// An OLE2 compound file: DOC, WPS, XLS.
    Ole,
    Html,
    Empty,
    Unknown,
}

fn sniff(body: &[u8]) -> Sniffed {
    let head = &body[..body.len().min(1024)];
    if body.is_empty() {
        Sniffed::Empty
    } else if head.windows(5).any(|w| w == b"%PDF-") {
        Sniffed::Pdf
    } else if head.starts_with(b"PK\x03\x04") {
        Sniffed::Zip
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Sniffed::Ole
    } else if looks_like_html(head) {
        Sniffed::Html
    } else {
        Sniffed::Unknown
    }
}

static ENCRYPT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"/Encrypt\b").expect("valid regex"));

/// Reads an attachment by what it is, not by what its link or header claims; the error says,
/// in Chinese, why it could not be read.
pub(super) fn read_fetched_attachment(fetched: &Fetched) -> Result<AttachmentText, Unreadable> {
    let body = &fetched.body;
    let claimed = AttachmentKind::of(fetched.final_url.as_str(), fetched.content_type.as_deref());
    let claimed_name = match claimed {
        AttachmentKind::Pdf => "PDF",
        AttachmentKind::Docx => "DOCX",
        AttachmentKind::Other => "PDF或DOCX",
    };
    match sniff(body) {
        Sniffed::Pdf => read_attachment(body, AttachmentKind::Pdf).map_err(|e| pdf_reason(body, e)),
        Sniffed::Zip => {
            read_attachment(body, AttachmentKind::Docx).map_err(|e| docx_reason(body, e))
        }
        Sniffed::Empty => Err(Unreadable::Empty),
        Sniffed::Html => Err(Unreadable::WebPage {
            expected: claimed_name,
        }),
        Sniffed::Ole => read_attachment(body, AttachmentKind::Other),
        Sniffed::Unknown if claimed == AttachmentKind::Other => {
            read_attachment(body, AttachmentKind::Other)
        }
        Sniffed::Unknown => Err(Unreadable::NotA {
            expected: claimed_name,
        }),
    }
}

/// Why a PDF could not be read: encrypted and truncated files say so.
fn pdf_reason(body: &[u8], error: Unreadable) -> Unreadable {
    if ENCRYPT.is_match(body) {
        return Unreadable::PdfEncrypted;
    }
    let tail = &body[body.len().saturating_sub(1024)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Unreadable::PdfTruncated(Box::new(error));
    }
    error
}

/// Why a DOCX could not be read: a truncated archive says so.
fn docx_reason(body: &[u8], error: Unreadable) -> Unreadable {
    // The end-of-central-directory record sits in the last 64 KiB + 22 bytes.
    let tail = &body[body.len().saturating_sub(65_557)..];
    if !tail.windows(4).any(|w| w == b"PK\x05\x06") {
        return Unreadable::DocxTruncated(Box::new(error));
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;
    use url::Url;

    fn fetched(url: &str, body: &[u8]) -> Fetched {
        Fetched {
            final_url: Url::parse(url).unwrap(),
            status: 200,
            content_type: None,
            body: body.to_vec(),
            attempts: 1,
            hops: 0,
            location: None,
            etag: None,
            last_modified: None,
            not_modified: false,
        }
    }

    fn reason(url: &str, body: &[u8]) -> String {
        read_fetched_attachment(&fetched(url, body))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn attachments_say_why_they_cannot_be_read() {
        let pdf = "http://x.gov.cn/a/report.pdf";
        assert!(reason(pdf, b"\x00garbage\xff").contains("不是PDF文件"));
        assert!(reason(pdf, b"<!DOCTYPE html><title>404</title>").contains("返回的是网页"));
        assert_eq!(reason(pdf, b""), "附件是空文件");
        assert!(reason(pdf, b"%PDF-1.4\n1 0 obj <<").contains("不完整"));
        let encrypted = b"%PDF-1.4\ntrailer << /Encrypt 5 0 R >>\n%%EOF";
        assert!(reason(pdf, encrypted).contains("已加密"));
        let docx = "http://x.gov.cn/a/report.docx";
        assert!(reason(docx, b"PK\x03\x04 cut short").contains("DOCX文件不完整"));
        assert!(reason(docx, b"plain text").contains("不是DOCX文件"));
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        assert!(reason(pdf, &ole).contains("DOC、WPS"));
    }

    #[test]
    fn a_pdf_behind_a_download_script_is_read_as_pdf() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/annual-reports/P020250120.pdf"
        );
        let body = std::fs::read(path).unwrap();
        let read = read_fetched_attachment(&fetched("http://x.gov.cn/download.jsp?id=3", &body));
        assert!(read.unwrap().text.contains("总体情况"));
    }

    #[test]
    fn html_served_as_a_download_is_read_as_a_page() {
        let mut page = fetched(
            "http://x.gov.cn/a.shtml",
            "<!DOCTYPE html><html><head><title>机构职能</title></head><body><p>机构职能</p></body></html>"
                .as_bytes(),
        );
        page.content_type = Some("application/octet-stream".to_string());
        let Prepared::Page { mislabelled_as, .. } = prepare(&page, false, &Vocabulary::default())
        else {
            panic!("read as a page");
        };
        assert_eq!(mislabelled_as.as_deref(), Some("application/octet-stream"));
        page.body = b"\x89PNG\r\n".to_vec();
        assert!(matches!(
            prepare(&page, false, &Vocabulary::default()),
            Prepared::Skipped(Some(_))
        ));
    }
}
