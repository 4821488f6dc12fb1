//! Hanweb (大汉) JCMS sites load their lists through a data proxy instead of static pages.
//!
//! The column page embeds the first records in `<script type="text/xml"><datastore>…` with a
//! `<nextgroup>` link to `/module/web/jpage/dataproxy.jsp?page=1&webid=…&columnid=…`. The proxy
//! answers XML holding `<totalrecord>`, `<totalpage>` and the entries as CDATA HTML. Static
//! `index_1.html` pages do not exist on these sites.
//!
//! Article URLs carry their year: `/art/2023/5/6/art_1229_123.html`.

use std::sync::LazyLock;

use regex::Regex;
use url::Url;

use super::{Cms, DeclaredPages, EmbeddedList, ListPage};
use crate::model::links::resolve;
use crate::model::pagination::PageSeries;

/// The proxy's path on every Hanweb site.
pub const PROXY_PATH: &str = "/module/web/jpage/dataproxy.jsp";

static RECORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>").expect("valid regex")
});
static NEXTGROUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?s)<nextgroup>\s*<!\[CDATA\[.*?href\s*=\s*['"]([^'"]+)['"]"#)
        .expect("valid regex")
});
static TOTAL_RECORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)<totalrecord>\s*(\d+)\s*</totalrecord>|totalRecord\s*[:=]\s*(\d+)")
        .expect("valid regex")
});
static TOTAL_PAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<totalpage>\s*(\d+)\s*</totalpage>").expect("valid regex"));

/// The Hanweb JCMS (大汉) adapter.
pub struct Hanweb;

impl Cms for Hanweb {
    fn name(&self) -> &'static str {
        "hanweb"
    }

    fn scheme(&self) -> &'static str {
        "hanweb-proxy"
    }

    /// The column page's first records; its next page is the proxy's first page.
    fn embedded_list(&self, page: &ListPage<'_>) -> Option<EmbeddedList> {
        let store = read_datastore(page.scripts)?;
        let pages = store
            .proxy_href
            .as_deref()
            .and_then(|href| resolve(page.url, href))
            .map(|proxy| DeclaredPages {
                total_pages: store.total_pages,
                pages: vec![proxy_page(&proxy, 1)],
                series: None,
            });
        Some(EmbeddedList {
            records: store.records,
            pages,
        })
    }

    /// A proxy answer's records; its next pages are the proxy's pages after the first.
    fn list_answer(&self, url: &Url, text: &str) -> Option<EmbeddedList> {
        if !is_proxy(url) {
            return None;
        }
        let store = read_datastore(text).unwrap_or_default();
        let pages = store.total_pages.map(|total| DeclaredPages {
            total_pages: Some(total),
            pages: Vec::new(),
            series: proxy_series(url, total),
        });
        Some(EmbeddedList {
            records: store.records,
            pages,
        })
    }

    fn url_year(&self, url: &Url) -> Option<i32> {
        let mut segments = url.path_segments()?;
        segments.find(|s| *s == "art")?;
        segments.next()?.parse().ok()
    }

    fn mirror_content_type(&self, url: &Url) -> Option<&'static str> {
        is_proxy(url).then_some("text/xml")
    }
}

/// What a `<datastore>` holds, in a column page or in a proxy answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DataStore {
    /// Each record's HTML (`<li><a …>title</a><span>date</span></li>`).
    pub records: Vec<String>,
    /// The `<nextgroup>` link to the proxy, as written.
    pub proxy_href: Option<String>,
    pub total_records: Option<u32>,
    pub total_pages: Option<u32>,
}

/// Reads a datastore out of `text`; `None` when there is none.
pub fn read_datastore(text: &str) -> Option<DataStore> {
    if !text.contains("<datastore") && !text.contains("<recordset") {
        return None;
    }
    let number = |re: &Regex| {
        re.captures(text).and_then(|c| {
            c.iter()
                .skip(1)
                .flatten()
                .next()
                .and_then(|m| m.as_str().parse().ok())
        })
    };
    Some(DataStore {
        records: RECORD
            .captures_iter(text)
            .map(|c| c[1].to_string())
            .collect(),
        proxy_href: NEXTGROUP.captures(text).map(|c| c[1].replace("&amp;", "&")),
        total_records: number(&TOTAL_RECORD),
        total_pages: number(&TOTAL_PAGE),
    })
}

pub fn is_proxy(url: &Url) -> bool {
    url.path().ends_with(PROXY_PATH)
}

/// The proxy URL of page `page`: the same query with `page` replaced (or added).
pub fn proxy_page(proxy: &Url, page: u32) -> Url {
    let pairs: Vec<(String, String)> = proxy
        .query_pairs()
        .filter(|(k, _)| k != "page")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut url = proxy.clone();
    {
        let mut query = url.query_pairs_mut();
        query.clear();
        query.append_pair("page", &page.to_string());
        for (k, v) in &pairs {
            query.append_pair(k, v);
        }
    }
    url
}

/// Proxy pages 2 to `total`, as a pattern (the count is the proxy's claim).
pub fn proxy_series(proxy: &Url, total: u32) -> Option<PageSeries> {
    if total < 2 {
        return None;
    }
    let url = proxy_page(proxy, 0).to_string();
    let at = url.find("?page=0")? + "?page=".len();
    Some(PageSeries {
        prefix: url[..at].to_string(),
        suffix: url[at + 1..].to_string(),
        first: 2,
        last: total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_urls_carry_the_year() {
        let url = Url::parse("http://x.gov.cn/art/2023/5/6/art_1229_123.html").unwrap();
        assert_eq!(Hanweb.url_year(&url), Some(2023));
        let other = Url::parse("http://x.gov.cn/col/col4296/index.html").unwrap();
        assert_eq!(Hanweb.url_year(&other), None);
        assert_eq!(Hanweb.mirror_content_type(&other), None);
    }

    const COLUMN_PAGE_SCRIPT: &str = r#"<datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=3&path=/&columnid=4296&unitid=31227&webname=%E5%B8%82&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[<li><a href="/art/2024/5/6/art_4296_101.html" title="关于停水的通知">关于停水的通知</a><span>2024-05-06</span></li>]]></record>
<record><![CDATA[<li><a href="/art/2024/5/2/art_4296_100.html">关于停电的通知</a><span>2024-05-02</span></li>]]></record>
</recordset></datastore>"#;

    #[test]
    fn reads_the_embedded_store() {
        let store = read_datastore(COLUMN_PAGE_SCRIPT).unwrap();
        assert_eq!(store.records.len(), 2);
        assert!(
            store
                .proxy_href
                .as_deref()
                .unwrap()
                .starts_with("/module/web/jpage/dataproxy.jsp?page=1")
        );
        assert_eq!(store.total_pages, None);
    }

    #[test]
    fn reads_a_proxy_answer() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><datastore><recordset><record><![CDATA[<li>x</li>]]></record></recordset><totalrecord>31</totalrecord><totalpage>3</totalpage></datastore>";
        let store = read_datastore(xml).unwrap();
        assert_eq!(
            (store.total_records, store.total_pages),
            (Some(31), Some(3))
        );
        assert!(read_datastore("<html><body>no store</body></html>").is_none());
    }

    #[test]
    fn pages_replace_the_page_parameter() {
        let url = Url::parse(
            "http://x.gov.cn/module/web/jpage/dataproxy.jsp?page=1&webid=3&columnid=4296",
        )
        .unwrap();
        assert!(is_proxy(&url));
        assert_eq!(Hanweb.mirror_content_type(&url), Some("text/xml"));
        assert_eq!(
            proxy_page(&url, 3).as_str(),
            "http://x.gov.cn/module/web/jpage/dataproxy.jsp?page=3&webid=3&columnid=4296"
        );
    }
}
