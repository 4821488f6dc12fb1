//! Links on a page: where they point, their text, and whether they belong to the site's
//! navigation (header, menus, footer) rather than to the page's own content.

use std::sync::LazyLock;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use ego_tree::NodeId;
use scraper::{ElementRef, Html, Selector};
use serde::{Deserialize, Serialize};
use url::Url;

use super::html::{attr, hinted, visible_text};

/// File types offices attach documents as.
pub const ATTACHMENT_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "ofd", "zip", "rar", "7z", "ppt", "pptx",
    "txt",
];

/// Other resources a crawler has no reason to fetch as pages.
const NON_PAGE_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "bmp", "webp", "svg", "ico", "css", "js", "mp3", "mp4", "avi",
    "flv", "wmv", "swf", "exe", "apk", "dmg", "iso",
];

/// class/id fragments that mark navigation, header and footer regions of CMS templates
/// (`daohang`, `dh`, `lm` = 栏目 are pinyin abbreviations common in Chinese templates).
const NAV_HINTS: &[&str] = &[
    "nav", "mainnav", "subnav", "menu", "header", "head", "footer", "foot", "top", "daohang",
    "dhlm", "crumb", "position", "location", "dqwz", "sitemap", "link", "links",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub url: String,
    pub text: String,
    /// Inside a header, menu, footer or breadcrumb rather than the page's content.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub in_navigation: bool,
    /// An `<iframe>`/`<frame>` source rather than an anchor.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub embedded: bool,
}

/// Resolves `href` against `base`, dropping the fragment; `None` for `javascript:`, `mailto:`
/// and other non-web links.
pub fn resolve(base: &Url, href: &str) -> Option<Url> {
    let href = href.trim();
    // `{{el.url}}`: a client-side template's placeholder, not a page.
    if href.is_empty() || href.starts_with('#') || href.contains("{{") {
        return None;
    }
    let mut url = base.join(href).ok()?;
    if !matches!(url.scheme(), "http" | "https" | "file") {
        return None;
    }
    url.set_fragment(None);
    Some(url)
}

/// The lower-cased file extension of a URL path, if any.
pub fn extension(url: &Url) -> Option<String> {
    let last = url.path_segments()?.next_back()?;
    let (_, ext) = last.rsplit_once('.')?;
    Some(ext.to_ascii_lowercase())
}

pub fn is_attachment(url: &Url) -> bool {
    extension(url).is_some_and(|e| ATTACHMENT_EXTENSIONS.contains(&e.as_str()))
}

/// [`is_attachment`] of a URL this module serialized (a [`Link`]'s `url`: http, https or
/// file, no fragment), read from the text without parsing it again: the path starts at the
/// first `/` after `://` (user info and host never hold a bare `/`) and ends at the first `?`.
pub fn is_attachment_link(url: &str) -> bool {
    let Some((_, after_scheme)) = url.split_once("://") else {
        return Url::parse(url).is_ok_and(|u| is_attachment(&u));
    };
    let Some(path_start) = after_scheme.find('/') else {
        return false;
    };
    let path = &after_scheme[path_start..];
    let path = path.split_once('?').map_or(path, |(path, _)| path);
    let last = path.rsplit_once('/').map_or(path, |(_, last)| last);
    last.rsplit_once('.').is_some_and(|(_, ext)| {
        ATTACHMENT_EXTENSIONS
            .iter()
            .any(|known| known.eq_ignore_ascii_case(ext))
    })
}

/// Whether a URL can be a web page (not an attachment, image, script …).
pub fn may_be_page(url: &Url) -> bool {
    extension(url).is_none_or(|e| {
        !ATTACHMENT_EXTENSIONS.contains(&e.as_str()) && !NON_PAGE_EXTENSIONS.contains(&e.as_str())
    })
}

/// Whether an element lies in a navigation region.
pub fn in_navigation(el: ElementRef<'_>) -> bool {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .any(is_navigation_region)
}

/// Whether an element is itself a navigation region: `nav`, `header`, `footer`, or hinted so.
fn is_navigation_region(el: ElementRef<'_>) -> bool {
    matches!(el.value().name(), "nav" | "header" | "footer") || hinted(el, NAV_HINTS)
}

/// [`in_navigation`] for many elements of one page: each element's answer for itself and its
/// ancestors is found once and remembered, so the page's links do not each test every
/// ancestor's class words again. One per page (node ids are a page's own).
#[derive(Default)]
pub struct NavigationRegions {
    /// Whether the node or one of its ancestors is a navigation region.
    within: HashMap<NodeId, bool, BuildHasherDefault<NodeIdHasher>>,
}

/// Hashes a node id by one multiplication: ids are the parser's arena indexes, not text a
/// page chooses, so SipHash's protection buys nothing here.
#[derive(Default)]
struct NodeIdHasher(u64);

impl Hasher for NodeIdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.write_u64(u64::from(*byte));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

impl NavigationRegions {
    /// [`in_navigation`] of `el`.
    pub fn contains(&mut self, el: ElementRef<'_>) -> bool {
        let mut pending = Vec::new();
        let mut answer = false;
        let mut node = el.parent();
        while let Some(at) = node {
            if let Some(known) = self.within.get(&at.id()) {
                answer = *known;
                break;
            }
            pending.push(at);
            node = at.parent();
        }
        for at in pending.into_iter().rev() {
            answer = answer || ElementRef::wrap(at).is_some_and(is_navigation_region);
            self.within.insert(at.id(), answer);
        }
        answer
    }
}

/// The text a link shows: its visible text, else its `title`, else an image's `alt`.
pub fn link_text(el: ElementRef<'_>) -> String {
    let text = visible_text(el);
    if !text.is_empty() {
        return text;
    }
    el.value()
        .attr("title")
        .map(str::to_string)
        .or_else(|| {
            el.select(&IMG)
                .next()
                .and_then(|img| attr(img.value(), "alt").map(str::to_string))
        })
        .unwrap_or_default()
}

static IMG: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("img[alt]").expect("valid selector"));

/// File names servers answer for a directory URL, in the order a saved mirror tries them.
pub const DIRECTORY_INDEXES: &[&str] = &[
    "index.html",
    "index.htm",
    "index.shtml",
    "index.jhtml",
    "index.jsp",
    "default.html",
    "default.htm",
];

/// The identity of a page for de-duplication: the scheme is ignored and `dir/` and
/// `dir/index.html` are one page.
pub fn page_key(url: &str) -> String {
    match Url::parse(url) {
        Ok(parsed) => page_key_of(&parsed),
        Err(_) => url.to_string(),
    }
}

/// [`page_key`] of an already parsed URL.
pub fn page_key_of(parsed: &Url) -> String {
    use std::fmt::Write;
    let path = parsed.path();
    // `dir/index.html` is `dir/`: the path up to and with its last slash.
    let path = match path.rsplit_once('/') {
        Some((dir, file))
            if DIRECTORY_INDEXES
                .iter()
                .any(|index| index.eq_ignore_ascii_case(file)) =>
        {
            &path[..dir.len() + 1]
        }
        _ => path,
    };
    let host = parsed.host_str().unwrap_or_default();
    let query = parsed.query();
    // Built in one buffer of the right size (a port has at most five digits).
    let mut key =
        String::with_capacity(host.len() + 6 + path.len() + query.map_or(0, |q| q.len() + 1));
    key.push_str(host);
    key.push(':');
    let _ = write!(
        key,
        "{}",
        parsed.port_or_known_default().unwrap_or_default()
    );
    key.push_str(path);
    if let Some(query) = query {
        key.push('?');
        key.push_str(query);
    }
    key
}

/// Every link of the document, resolved against `base`.
pub fn collect(doc: &Html, base: &Url) -> Vec<Link> {
    let mut navigation = NavigationRegions::default();
    // `a[href], area[href], iframe[src], frame[src]`, matched by hand in the order
    // `Html::select` walks the page.
    doc.tree
        .nodes()
        .filter_map(ElementRef::wrap)
        .filter_map(|el| {
            let (embedded, target) = match el.value().name() {
                "a" | "area" => (false, "href"),
                "iframe" | "frame" => (true, "src"),
                _ => return None,
            };
            let url = resolve(base, attr(el.value(), target)?)?;
            Some(Link {
                url: String::from(url),
                text: link_text(el),
                in_navigation: navigation.contains(el),
                embedded,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_links_and_drops_scripts() {
        let base = Url::parse("http://x.gov.cn/xxgk/zcwj/index.html").unwrap();
        assert_eq!(
            resolve(&base, "./202405/t20240510_2001.html#top")
                .unwrap()
                .as_str(),
            "http://x.gov.cn/xxgk/zcwj/202405/t20240510_2001.html"
        );
        assert_eq!(
            resolve(&base, "../../index.html").unwrap().as_str(),
            "http://x.gov.cn/index.html"
        );
        assert!(resolve(&base, "javascript:void(0)").is_none());
        assert!(resolve(&base, "mailto:a@b.cn").is_none());
        assert!(resolve(&base, "#").is_none());
    }

    #[test]
    fn directory_and_index_are_one_page() {
        assert_eq!(
            page_key("http://x.gov.cn/xxgk/"),
            page_key("https://x.gov.cn:80/xxgk/index.html")
        );
        assert_ne!(
            page_key("http://x.gov.cn/xxgk/"),
            page_key("http://x.gov.cn/xxgk/index_1.html")
        );
    }

    #[test]
    fn attachments_are_not_pages() {
        let pdf = Url::parse("http://x.gov.cn/a/W0202401.PDF").unwrap();
        assert!(is_attachment(&pdf));
        assert!(!may_be_page(&pdf));
        assert!(may_be_page(&Url::parse("http://x.gov.cn/a/").unwrap()));
        for url in [
            "http://x.gov.cn/a/W0202401.PDF",
            "http://x.gov.cn/a/b.doc?x=1.html",
            "http://x.gov.cn/a.pdf/b",
            "http://u:p@x.gov.cn:8080/",
            "file:///tmp/m/a.xlsx",
            "http://x.gov.cn/a/list.jsp?f=a.pdf",
        ] {
            assert_eq!(
                is_attachment_link(url),
                is_attachment(&Url::parse(url).unwrap()),
                "{url}"
            );
        }
        assert!(may_be_page(
            &Url::parse("http://x.gov.cn/a/list.jsp?id=3").unwrap()
        ));
    }
}
