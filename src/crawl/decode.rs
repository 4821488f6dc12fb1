//! Bytes → text with the right charset. Many government portals still serve GBK or GB2312,
//! some say so only in a `<meta>` tag, some not at all.
//!
//! Order: byte-order mark, then the HTTP `Content-Type` charset, then `<meta charset>` /
//! `<meta http-equiv="Content-Type">` in the first bytes, then sniffing (valid UTF-8, else
//! GB18030, the superset of GBK and GB2312). When the declared charset leaves malformed
//! sequences but another candidate decodes cleanly, the clean one wins: a server-wide
//! `charset=utf-8` header over a GBK page is a common misconfiguration.

use std::sync::LazyLock;

use encoding_rs::{Encoding, GB18030, UTF_8};
use regex::bytes::Regex;
use serde::{Deserialize, Serialize};

/// How far into the document a `<meta>` charset declaration is looked for.
const META_SCAN_BYTES: usize = 4096;

static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_\-]+)"#).expect("valid regex")
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CharsetSource {
    Bom,
    Header,
    Meta,
    Sniffed,
}

#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    pub source: CharsetSource,
    /// Malformed sequences were replaced with U+FFFD.
    pub had_errors: bool,
    /// A charset the header or a meta tag named that no browser knows (`charset=utf8mb4`).
    pub unknown_label: Option<String>,
}

/// The charset parameter of a `Content-Type` header value.
pub fn header_charset(content_type: &str) -> Option<&'static Encoding> {
    header_label(content_type).and_then(|l| Encoding::for_label(l.as_bytes()))
}

fn header_label(content_type: &str) -> Option<&str> {
    content_type
        .split(';')
        .skip(1)
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
        .map(|(_, v)| v.trim().trim_matches('"'))
}

fn meta_label(bytes: &[u8]) -> Option<&[u8]> {
    let head = &bytes[..bytes.len().min(META_SCAN_BYTES)];
    Some(META_CHARSET.captures(head)?.get(1)?.as_bytes())
}

/// Whether a body served as something else (`application/octet-stream`, no type at all) is
/// an HTML page: its first non-blank bytes open a tag that starts an HTML document.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(META_SCAN_BYTES)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = head[start..].to_ascii_lowercase();
    [
        "<!doctype html",
        "<html",
        "<head",
        "<meta",
        "<title",
        "<!--",
    ]
    .iter()
    .any(|t| head.starts_with(t.as_bytes()))
}

/// Decodes a page body. `content_type` is the HTTP header value, if any.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
            source: CharsetSource::Bom,
            had_errors,
            unknown_label: None,
        };
    }
    let mut candidates: Vec<(&'static Encoding, CharsetSource)> = Vec::new();
    let mut unknown_label = None;
    let labels = [
        (
            content_type.and_then(header_label).map(str::as_bytes),
            CharsetSource::Header,
        ),
        (meta_label(bytes), CharsetSource::Meta),
    ];
    for (label, source) in labels {
        let Some(label) = label.filter(|l| !l.is_empty()) else {
            continue;
        };
        match Encoding::for_label(label) {
            Some(encoding) => candidates.push((encoding, source)),
            None => {
                unknown_label.get_or_insert_with(|| String::from_utf8_lossy(label).into_owned());
            }
        }
    }
    // Sniffed last, and only when no declared charset decoded cleanly: a page that declares
    // its charset rightly is not validated twice.
    let sniffed = std::iter::once_with(|| {
        let sniffed = if std::str::from_utf8(bytes).is_ok() {
            UTF_8
        } else {
            GB18030
        };
        (sniffed, CharsetSource::Sniffed)
    });

    let mut first: Option<Decoded> = None;
    for (encoding, source) in candidates.into_iter().chain(sniffed) {
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        let decoded = Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
            source,
            had_errors,
            unknown_label: unknown_label.clone(),
        };
        if !had_errors {
            return decoded;
        }
        first.get_or_insert(decoded);
    }
    first.expect("at least the sniffed candidate")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gbk(text: &str) -> Vec<u8> {
        encoding_rs::GBK.encode(text).0.into_owned()
    }

    #[test]
    fn header_charset_wins() {
        let body = gbk("<p>机构职能</p>");
        let decoded = decode(&body, Some("text/html; charset=GBK"));
        assert_eq!(decoded.source, CharsetSource::Header);
        assert!(decoded.text.contains("机构职能"));
    }

    #[test]
    fn meta_http_equiv_is_read() {
        let body = gbk(
            r#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>财政预决算</body></html>"#,
        );
        let decoded = decode(&body, Some("text/html"));
        assert_eq!(decoded.source, CharsetSource::Meta);
        assert_eq!(decoded.encoding, "GBK");
        assert!(decoded.text.contains("财政预决算"));
    }

    #[test]
    fn undeclared_gbk_is_sniffed() {
        let decoded = decode(&gbk("<p>政府信息公开年报</p>"), None);
        assert_eq!(decoded.source, CharsetSource::Sniffed);
        assert!(decoded.text.contains("政府信息公开年报"));
        let utf8 = decode("<p>政府信息公开</p>".as_bytes(), None);
        assert_eq!(utf8.encoding, "UTF-8");
    }

    #[test]
    fn a_wrong_header_loses_to_a_clean_meta() {
        let body = gbk(r#"<meta charset="gbk"><p>规划计划</p>"#);
        let decoded = decode(&body, Some("text/html; charset=utf-8"));
        assert_eq!(decoded.source, CharsetSource::Meta);
        assert!(!decoded.had_errors);
        assert!(decoded.text.contains("规划计划"));
    }

    #[test]
    fn an_unknown_charset_is_named_and_sniffed_past() {
        let body = "<p>政务公开</p>".as_bytes();
        let decoded = decode(body, Some("text/html; charset=x-bogus-2000"));
        assert_eq!(decoded.unknown_label.as_deref(), Some("x-bogus-2000"));
        assert_eq!(decoded.source, CharsetSource::Sniffed);
        assert!(decoded.text.contains("政务公开"));
        assert!(
            decode(body, Some("text/html; charset=utf-8"))
                .unknown_label
                .is_none()
        );
    }

    #[test]
    fn html_is_recognised_whatever_it_is_served_as() {
        assert!(looks_like_html(b"\n  <!DOCTYPE html><html>"));
        assert!(looks_like_html(b"\xEF\xBB\xBF<HTML><body>"));
        assert!(!looks_like_html(b"%PDF-1.7"));
        assert!(!looks_like_html(b"PK\x03\x04"));
    }

    #[test]
    fn utf8_bom_is_honoured() {
        let mut body = vec![0xEF, 0xBB, 0xBF];
        body.extend_from_slice("索引号".as_bytes());
        let decoded = decode(&body, Some("text/html; charset=gbk"));
        assert_eq!(decoded.source, CharsetSource::Bom);
        assert_eq!(decoded.text, "索引号");
    }
}
