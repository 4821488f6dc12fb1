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
}

/// The charset parameter of a `Content-Type` header value.
pub fn header_charset(content_type: &str) -> Option<&'static Encoding> {
    content_type
        .split(';')
        .skip(1)
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
        .and_then(|(_, v)| Encoding::for_label(v.trim().trim_matches('"').as_bytes()))
}

fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_SCAN_BYTES)];
    let caps = META_CHARSET.captures(head)?;
    Encoding::for_label(&caps[1])
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
        };
    }
    let mut candidates: Vec<(&'static Encoding, CharsetSource)> = Vec::new();
    if let Some(encoding) = content_type.and_then(header_charset) {
        candidates.push((encoding, CharsetSource::Header));
    }
    if let Some(encoding) = meta_charset(bytes) {
        candidates.push((encoding, CharsetSource::Meta));
    }
    let sniffed = if std::str::from_utf8(bytes).is_ok() {
        UTF_8
    } else {
        GB18030
    };
    candidates.push((sniffed, CharsetSource::Sniffed));

    let mut first: Option<Decoded> = None;
    for (encoding, source) in candidates {
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        let decoded = Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
            source,
            had_errors,
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
    fn utf8_bom_is_honoured() {
        let mut body = vec![0xEF, 0xBB, 0xBF];
        body.extend_from_slice("索引号".as_bytes());
        let decoded = decode(&body, Some("text/html; charset=gbk"));
        assert_eq!(decoded.source, CharsetSource::Bom);
        assert_eq!(decoded.text, "索引号");
    }
}
