//! TRS WCM sites write their list pager with a script instead of links:
//!
//! ```text
//! createPageHTML(6, 0, "index", "html");          // 6 pages, this is page 0
//! createPageHTML('page_div', 6, 1, 'index', 'html', 120);   // newer templates, 1-based
//! var countPage = 6; createPageHTML(countPage, currentPage, "index", "html");
//! ```
//!
//! Page 0 is `index.html`, page k is `index_k.html`, up to `index_{total-1}.html`, all in the
//! directory of the list page.
//!
//! Article URLs carry their publication day: `.../202008/t20200802_1352104.html`.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use url::Url;

use super::{Cms, DeclaredPages, ListPage};
use crate::model::pagination::PageSeries;

static CALL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"createPageHTML\s*\(([^)]*)\)").expect("valid regex"));
static URL_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_\d+").expect("valid regex"));

/// The TRS WCM (拓尔思) adapter.
pub struct Trs;

impl Cms for Trs {
    fn name(&self) -> &'static str {
        "trs"
    }

    fn scheme(&self) -> &'static str {
        "trs-script"
    }

    fn declared_pages(&self, page: &ListPage<'_>) -> Option<DeclaredPages> {
        let pager = find_pager(page.scripts)?;
        Some(DeclaredPages {
            total_pages: Some(pager.total_pages),
            pages: page
                .url
                .join(&format!("{}.{}", pager.name, pager.ext))
                .ok()
                .filter(|first| first != page.url)
                .into_iter()
                .collect(),
            series: pager.series(page.url),
        })
    }

    fn url_year(&self, url: &Url) -> Option<i32> {
        url_date(url.as_str()).map(|date| date.year())
    }
}

/// The date TRS-built sites put in article URLs: `.../202008/t20200802_1352104.html`.
pub fn url_date(url: &str) -> Option<NaiveDate> {
    let caps = URL_DATE.captures(url)?;
    NaiveDate::from_ymd_opt(
        caps[1].parse().ok()?,
        caps[2].parse().ok()?,
        caps[3].parse().ok()?,
    )
}

/// The pager a TRS list page declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrsPager {
    pub total_pages: u32,
    /// 0-based index of the page the script is on.
    pub current: u32,
    pub name: String,
    pub ext: String,
}

impl TrsPager {
    /// Pages 1 to `total - 1` (`index_1.html` …), as a pattern: the count is the page's claim.
    pub fn series(&self, page_url: &Url) -> Option<PageSeries> {
        if self.total_pages < 2 {
            return None;
        }
        let prefix = page_url.join(&format!("{}_", self.name)).ok()?;
        Some(PageSeries {
            prefix: prefix.to_string(),
            suffix: format!(".{}", self.ext),
            first: 1,
            last: self.total_pages - 1,
        })
    }

    /// The URL of every page of the list, page 0 first (for a small list: this allocates one
    /// URL per claimed page).
    pub fn page_urls(&self, page_url: &Url) -> Vec<Url> {
        (0..self.total_pages)
            .filter_map(|k| {
                let file = if k == 0 {
                    format!("{}.{}", self.name, self.ext)
                } else {
                    format!("{}_{}.{}", self.name, k, self.ext)
                };
                page_url.join(&file).ok()
            })
            .collect()
    }
}

/// Reads the first `createPageHTML(...)` call in the page's scripts, resolving simple
/// `var name = 6;` variables it passes.
pub fn find_pager(script_text: &str) -> Option<TrsPager> {
    CALL.captures_iter(script_text).find_map(|caps| {
        let args: Vec<String> = caps[1]
            .split(',')
            .map(|a| a.trim().trim_matches(|c| c == '"' || c == '\'').to_string())
            .collect();
        pager_from_args(&args, script_text)
    })
}

fn pager_from_args(args: &[String], script: &str) -> Option<TrsPager> {
    let number =
        |arg: &str| -> Option<u32> { arg.parse().ok().or_else(|| variable_value(script, arg)) };
    let pager = match args {
        // ('page_div', total, current 1-based, name, ext, records)
        [div, total, current, name, ext, ..]
            if number(div).is_none() && number(total).is_some() =>
        {
            TrsPager {
                total_pages: number(total)?,
                current: number(current).unwrap_or(1).saturating_sub(1),
                name: name.clone(),
                ext: ext.clone(),
            }
        }
        [total, current, name, ext, ..] => TrsPager {
            total_pages: number(total)?,
            current: number(current).unwrap_or(0),
            name: name.clone(),
            ext: ext.clone(),
        },
        _ => return None,
    };
    let plain = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    (pager.total_pages > 0 && plain(&pager.name) && plain(&pager.ext)).then_some(pager)
}

fn variable_value(script: &str, name: &str) -> Option<u32> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let pattern = format!(r"(?:var\s+|\b){}\s*=\s*(\d+)", regex::escape(name));
    Regex::new(&pattern).ok()?.captures(script)?[1].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_call() {
        let pager = find_pager(r#"createPageHTML(3, 0, "index", "html");"#).unwrap();
        assert_eq!(pager.total_pages, 3);
        let base = Url::parse("http://x.gov.cn/xxgk/zcwj/index.html").unwrap();
        let urls: Vec<String> = pager
            .page_urls(&base)
            .iter()
            .map(|u| u.to_string())
            .collect();
        assert_eq!(
            urls,
            vec![
                "http://x.gov.cn/xxgk/zcwj/index.html",
                "http://x.gov.cn/xxgk/zcwj/index_1.html",
                "http://x.gov.cn/xxgk/zcwj/index_2.html"
            ]
        );
    }

    #[test]
    fn variables_and_the_newer_form() {
        let script = "var currentPage = 1;//所在页从0开始\nvar countPage = 12//共多少页\ncreatePageHTML(countPage, currentPage, \"index\", \"shtml\");";
        let pager = find_pager(script).unwrap();
        assert_eq!(
            (pager.total_pages, pager.current, pager.ext.as_str()),
            (12, 1, "shtml")
        );
        let newer = find_pager("createPageHTML('page_div',6, 2,'index','html',120);").unwrap();
        assert_eq!((newer.total_pages, newer.current), (6, 1));
    }

    #[test]
    fn urls_carry_the_publication_day() {
        assert_eq!(
            url_date("http://x.gov.cn/gszbm/auto23716/202008/t20200802_1352104.html"),
            NaiveDate::from_ymd_opt(2020, 8, 2)
        );
        assert_eq!(url_date("http://x.gov.cn/index_1.html"), None);
    }

    #[test]
    fn the_function_definition_is_not_a_call() {
        assert!(
            find_pager(
                "function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){}"
            )
            .is_none()
        );
    }
}
