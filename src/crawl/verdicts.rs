//! What the crawl loop needs to know of a link, remembered by the link's text. Most links repeat
//! on every page (the column menus, the header and footer): parsing each one again on the
//! loop's thread cost more than the rest of the loop's work per link (a host such as
//! `127.0.0.1` even takes IDNA's slow path on every parse). Everything here follows from the
//! link's text and the crawl's fixed scope, so a remembered verdict is the one a new parse
//! would give.

use std::collections::HashMap;

use url::Url;

use super::scope::Scope;
use crate::model::links::{may_be_page, page_key_of};

/// Links remembered at most; then the memory starts again (the links that repeat come back
/// within a page or two). Bounds the memory whatever the portal's size.
const REMEMBERED: usize = 4096;

/// A parsed link's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Verdict {
    /// Its page key ([`page_key_of`]).
    pub key: String,
    /// Inside the crawl's scope.
    pub in_scope: bool,
    /// Off the portal, to a web address (an outbound link).
    pub outbound: bool,
    /// Possibly a page (not an attachment, an image, a stylesheet…).
    pub may_be_page: bool,
}

#[derive(Debug, Default)]
pub(super) struct Verdicts {
    /// Link text → its verdict, `None` for a link that does not parse.
    known: HashMap<String, Option<Verdict>>,
}

impl Verdicts {
    /// The verdict on `link`, and the parsed URL when it was parsed now (a link not seen
    /// before, or forgotten); `None` for a link that does not parse.
    pub fn of(&mut self, link: &str, scope: &Scope) -> (Option<&Verdict>, Option<Url>) {
        if self.known.contains_key(link) {
            return (self.known[link].as_ref(), None);
        }
        if self.known.len() >= REMEMBERED {
            self.known.clear();
        }
        let parsed = Url::parse(link).ok();
        let verdict = parsed.as_ref().map(|url| {
            let in_scope = scope.contains(url);
            Verdict {
                key: page_key_of(url),
                in_scope,
                outbound: !in_scope && matches!(url.scheme(), "http" | "https"),
                may_be_page: may_be_page(url),
            }
        });
        let verdict = self
            .known
            .entry(link.to_string())
            .or_insert(verdict)
            .as_ref();
        (verdict, parsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_verdict_is_the_one_a_parse_gives() {
        let scope = Scope::new(&Url::parse("http://127.0.0.1:8080/").unwrap(), false);
        let mut verdicts = Verdicts::default();
        let links = [
            "http://127.0.0.1:8080/xxgk/index.html",
            "http://127.0.0.1:8080/files/a.pdf",
            "https://www.gov.cn/",
            "mailto:someone@example.org",
            "not a url",
        ];
        let first: Vec<_> = links
            .iter()
            .map(|l| {
                let (verdict, parsed) = verdicts.of(l, &scope);
                (verdict.cloned(), parsed.is_some())
            })
            .collect();
        for (link, (verdict, parsed)) in links.iter().zip(&first) {
            assert_eq!(*parsed, verdict.is_some(), "{link} parsed on first sight");
            let (again, reparsed) = verdicts.of(link, &scope);
            assert_eq!(again.cloned(), *verdict, "{link}");
            assert!(reparsed.is_none(), "{link} is not parsed again");
        }
        let home = first[0].0.clone().unwrap();
        assert_eq!(home.key, "127.0.0.1:8080/xxgk/");
        assert!(home.in_scope && home.may_be_page && !home.outbound);
        let pdf = first[1].0.clone().unwrap();
        assert!(pdf.in_scope && !pdf.may_be_page);
        let gov = first[2].0.clone().unwrap();
        assert!(!gov.in_scope && gov.outbound);
        let mail = first[3].0.clone().unwrap();
        assert!(!mail.in_scope && !mail.outbound);
        assert!(first[4].0.is_none());
    }

    #[test]
    fn memory_stays_bounded() {
        let scope = Scope::new(&Url::parse("http://x.gov.cn/").unwrap(), false);
        let mut verdicts = Verdicts::default();
        for n in 0..REMEMBERED * 2 + 3 {
            verdicts.of(&format!("http://x.gov.cn/{n}.html"), &scope);
        }
        assert!(verdicts.known.len() <= REMEMBERED);
    }
}
