//! The start page: the crawl cannot begin when it fails, or when what it answers is not a web
//! page (a PDF, an image, a binary `index.html`): auditing that would report on a site that was
//! never seen.

use super::decode::looks_like_html;
use super::fetch::FailureKind;

/// The crawl could not start (exit code 3): the start URL failed, or `not_a_page` says what it
/// answered instead of a web page (then `kind` is [`FailureKind::Other`]).
#[derive(Debug, thiserror::Error)]
#[error("{}", self.describe())]
pub struct StartFailed {
    pub url: String,
    pub kind: FailureKind,
    /// The error status the start URL answered, if that was the failure.
    pub status: Option<u16>,
    pub message: String,
    pub not_a_page: Option<String>,
}

impl StartFailed {
    /// Whether the start page did not open (no answer, an error status, a redirect loop), as
    /// opposed to answering something that is not the portal's page, or a folder without a
    /// home page: only then is the portal unreachable.
    pub fn unreachable(&self) -> bool {
        use FailureKind as K;
        self.not_a_page.is_none()
            && matches!(
                self.kind,
                K::Dns | K::Tls | K::Timeout | K::Connect | K::Http | K::Redirect
            )
    }

    fn describe(&self) -> String {
        match &self.not_a_page {
            Some(what) => format!(
                "起始页面不是网页：{} 返回的是{what}，请从网站首页或栏目页开始检查",
                self.url
            ),
            None => format!(
                "起始页面 {} 无法访问：{}（{}）",
                self.url,
                self.kind.display(),
                self.message
            ),
        }
    }
}

/// What a body is when it is not a text page: `Some("PDF 文件")`, or `None` for text. Decides
/// by the content type, then by the bytes (a mirror serves every `.html` file as HTML).
pub fn not_a_page(content_type: Option<&str>, body: &[u8]) -> Option<String> {
    let magic: &[(&[u8], &str)] = &[
        (b"%PDF", "PDF 文件"),
        (b"PK\x03\x04", "压缩包或 Office 文档"),
        (b"\xD0\xCF\x11\xE0", "Office 文档（DOC/WPS/XLS）"),
        (b"\x89PNG", "图片"),
        (b"\xFF\xD8\xFF", "图片"),
        (b"GIF8", "图片"),
    ];
    if let Some((_, what)) = magic.iter().find(|(m, _)| body.starts_with(m)) {
        return Some(what.to_string());
    }
    // HTML is HTML whatever the server calls it (`application/octet-stream` is common), and
    // a stray NUL byte in it does not make it binary.
    if looks_like_html(body) {
        return None;
    }
    if let Some(ct) = content_type
        && !(ct.contains("html") || ct.contains("xml") || ct.starts_with("text/"))
    {
        return Some(format!("非网页内容（{ct}）"));
    }
    let head = &body[..body.len().min(1024)];
    head.contains(&0).then(|| "二进制文件".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdfs_and_binaries_are_not_pages() {
        assert_eq!(
            not_a_page(Some("text/html"), b"%PDF-1.7\n").as_deref(),
            Some("PDF 文件")
        );
        assert!(not_a_page(Some("application/pdf"), b"x").is_some());
        assert!(not_a_page(None, b"ab\0cd").is_some());
        assert_eq!(
            not_a_page(Some("text/html"), "<html>首页</html>".as_bytes()),
            None
        );
    }
}
