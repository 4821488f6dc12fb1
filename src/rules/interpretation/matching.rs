//! Matching documents with their interpretations: names normalised once, interpretations
//! indexed by the page their back links point to, by the document name they give and by the
//! 文号 their body cites — never every document against every interpretation.

use std::cell::OnceCell;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::Strength;
use crate::checks::interpretation::ColumnRoles;
use crate::model::article::RelatedLink;
use crate::model::links::page_key;
use crate::model::{Article, Site};
use crate::rules::Context;
use crate::text::normalize_name;

static BOOK_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"《([^《》]+)》").expect("valid regex"));
static WRAPPER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:.*?关于)?(?:印发|转发|发布|公布)?(.+?)的(?:通知|决定|公告|通告|意见|批复)$")
        .expect("valid regex")
});

pub(super) fn is_interpretation_title(title: &str, ctx: &Context<'_>) -> bool {
    ctx.checks.interpretation.names_interpretation(title) && !title.starts_with("关于印发")
}

/// A document's interpretation as found: how, and which article it is (its position in
/// `site.articles`), when it was crawled.
#[derive(Debug, Clone, Copy)]
pub(super) struct Found {
    pub(super) strength: Strength,
    pub(super) interpretation: Option<usize>,
}

/// The site's interpretations, indexed once for every document to look itself up in: by the
/// page their back links point to, by the (normalised) name of the document they name, and by
/// the year and number of the 文号 their body cites. Articles are named by their position in
/// `site.articles`.
pub(super) struct Index<'a> {
    site: &'a Site,
    /// Every article by page key: made when a document first links to its interpretation.
    by_key: OnceCell<HashMap<String, usize>>,
    /// Page keys of the site's columns: a link to one is navigation, not an interpretation.
    columns: HashSet<String>,
    pub(super) is_interpretation: HashSet<&'a str>,
    /// Page key of a linked page → the interpretations linking to it, with the link.
    back_links: HashMap<String, Vec<(usize, &'a RelatedLink)>>,
    /// [`name_key`] of a named document → interpretations naming it; `true` when the key is
    /// the name without its place prefix (`明湖市`).
    by_name: HashMap<String, Vec<(usize, bool)>>,
    /// Interpretations whose body cites a 文号, with the body normalised by
    /// [`normalize_number`] (once per interpretation).
    citing: Vec<(usize, String)>,
    /// `〔2025〕4号` → the interpretations of `citing` whose body cites a 文号 ending so.
    by_number_tail: HashMap<String, Vec<usize>>,
    places: Vec<String>,
}

static NUMBER_TAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"〔\d{4}〕第?\d+号").expect("valid regex"));
static PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Han}{1,8}?(?:省|自治区|市|自治州|县|自治县|区|旗|盟)").expect("valid regex")
});

impl<'a> Index<'a> {
    /// The index of `site`, whose articles' column roles are `roles` (in article order).
    pub(super) fn build(site: &'a Site, roles: &[ColumnRoles], ctx: &Context<'_>) -> Self {
        let settings = &ctx.checks.interpretation;
        let affixes = title_affixes(&settings.interpretation_words);
        // Place names the portal's documents start with (明湖市): from the site's name and the
        // publishers' (each name read once, however many articles it published).
        let names: BTreeSet<&str> = site
            .site_name
            .iter()
            .map(String::as_str)
            .chain(
                site.articles
                    .iter()
                    .filter_map(|a| a.content.metadata.publisher()),
            )
            .collect();
        let mut places: Vec<String> = names
            .into_iter()
            .filter_map(|name| {
                PLACE
                    .find(&normalize_name(name))
                    .map(|m| m.as_str().to_string())
            })
            .collect();
        places.sort();
        places.dedup();
        let mut index = Index {
            site,
            by_key: OnceCell::new(),
            columns: site.columns.iter().map(|c| page_key(&c.url)).collect(),
            is_interpretation: HashSet::new(),
            back_links: HashMap::new(),
            by_name: HashMap::new(),
            citing: Vec::new(),
            by_number_tail: HashMap::new(),
            places,
        };
        for (n, i) in
            site.articles.iter().enumerate().filter(|(n, a)| {
                roles[*n].interpretation || is_interpretation_title(a.title(), ctx)
            })
        {
            index.is_interpretation.insert(i.url.as_str());
            for link in &i.content.related_links {
                index
                    .back_links
                    .entry(page_key(&link.url))
                    .or_default()
                    .push((n, link));
            }
            let name = name_key(&interpretation_name(i.title(), &affixes));
            if !name.is_empty() {
                let local = index.without_place(&name);
                index.by_name.entry(name).or_default().push((n, false));
                if let Some(local) = local {
                    index.by_name.entry(local).or_default().push((n, true));
                }
            }
            let body = normalize_number(&site.body(i));
            let tails: HashSet<&str> = NUMBER_TAIL.find_iter(&body).map(|m| m.as_str()).collect();
            if tails.is_empty() {
                continue;
            }
            let citing = index.citing.len();
            for tail in tails {
                index
                    .by_number_tail
                    .entry(tail.to_string())
                    .or_default()
                    .push(citing);
            }
            index.citing.push((n, body));
        }
        index
    }

    /// The article at `url`, by its position in `site.articles`.
    fn article(&self, url: &str) -> Option<usize> {
        let by_key = self.by_key.get_or_init(|| {
            let articles = self.site.articles.iter().enumerate();
            articles.map(|(n, a)| (page_key(&a.url), n)).collect()
        });
        by_key.get(&page_key(url)).copied()
    }

    /// The name without the portal's place prefix, when it has one.
    fn without_place(&self, name: &str) -> Option<String> {
        self.places
            .iter()
            .find_map(|p| name.strip_prefix(p.as_str()))
            .filter(|rest| !rest.is_empty())
            .map(str::to_string)
    }

    pub(super) fn find_match(&self, document: &Article, ctx: &Context<'_>) -> Option<Found> {
        let settings = &ctx.checks.interpretation;
        // 1. The document links to its interpretation.
        if let Some(link) = document.content.related_links.iter().find(|link| {
            link.says_any(&settings.interpretation_words)
                && !self.columns.contains(&page_key(&link.url))
        }) {
            return Some(Found {
                strength: Strength::Link,
                interpretation: self.article(&link.url),
            });
        }
        // …or an interpretation links back, by a back-link word in the link or the label
        // before it, or by showing the document's title.
        let name = name_key(&document_name(document.title()));
        if let Some(&(i, _)) = self
            .back_links
            .get(&page_key(&document.url))
            .and_then(|links| {
                let title = normalize_name(document.title());
                links.iter().find(|(_, l)| {
                    l.says_any(&settings.back_link_words)
                        || normalize_name(&l.text) == title
                        || (!name.is_empty() && name_key(&document_name(&l.text)) == name)
                })
            })
        {
            return Some(found(Strength::LinkBack, i));
        }
        // 2. An interpretation's title names the document: the whole name, or the whole name
        //    less the portal's place prefix on one side; never a name inside a longer one.
        if !name.is_empty() {
            let exact = self.by_name.get(&name).into_iter().flatten().next();
            let local = || {
                self.without_place(&name).and_then(|local| {
                    self.by_name
                        .get(&local)
                        .into_iter()
                        .flatten()
                        .find(|(_, stripped)| !stripped)
                })
            };
            if let Some(&(i, _)) = exact.or_else(local) {
                return Some(found(Strength::Title, i));
            }
        }
        // 3. An interpretation cites the 文号.
        let number = document
            .content
            .metadata
            .doc_number()
            .map(normalize_number)
            .unwrap_or_default();
        let tail = NUMBER_TAIL.find(&number)?;
        if number.chars().count() < 4 {
            return None;
        }
        self.by_number_tail
            .get(tail.as_str())
            .into_iter()
            .flatten()
            .map(|&c| &self.citing[c])
            .find(|(_, body)| body.contains(&number))
            .map(|&(i, _)| found(Strength::DocNumber, i))
    }
}

fn found(strength: Strength, interpretation: usize) -> Found {
    Found {
        strength,
        interpretation: Some(interpretation),
    }
}

static REVISION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})?年?(?:第.次)?(修订|修正|修改)(?:版|稿|本)?$").expect("valid regex")
});

/// A document name as names are compared: normalised ([`normalize_name`]: no brackets, spaces
/// or punctuation), its 试行/暂行/修订 markers written one way (`（2024年修订版）` →
/// `2024修订`). The markers stay part of the name: `X（试行）` is not its revision `X`.
pub(super) fn name_key(name: &str) -> String {
    let name = normalize_name(name);
    REVISION
        .replace(&name, |c: &regex::Captures<'_>| {
            format!("{}{}", c.get(1).map_or("", |m| m.as_str()), &c[2])
        })
        .into_owned()
}

/// What a document is called without its wrapper: `关于印发《X》的通知` → X.
pub(super) fn document_name(title: &str) -> String {
    let title = title.trim();
    if let Some(caps) = BOOK_TITLE.captures(title)
        && (title.contains("印发") || title.contains("转发") || title.contains("发布"))
    {
        return normalize_name(&caps[1]);
    }
    let unwrapped = WRAPPER
        .captures(title)
        .map_or(title, |c| c.get(1).map_or(title, |m| m.as_str()));
    normalize_name(unwrapped)
}

/// What an interpretation's title puts around the document's name: `关于` and an
/// interpretation word (`checks/interpretation.toml`, optionally after `政策`) in front, one
/// (after `的`/`政策`) at the end — `图解：X`, `X政策解读`, `关于X的解读`.
pub(super) fn title_affixes(words: &[String]) -> Regex {
    let words = words
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|");
    Regex::new(&format!(
        r"^(?:关于|(?:政策)?(?:{words}))[：:\s]*|(?:的)?(?:政策)?(?:{words})$"
    ))
    .expect("escaped words make a valid regex")
}

/// The document an interpretation names: `关于《X》的解读`, `图解：X` → X; a named
/// `《关于X的通知》` loses its wrapper as the document's own title does.
pub(super) fn interpretation_name(title: &str, affixes: &Regex) -> String {
    if let Some(caps) = BOOK_TITLE.captures(title) {
        return document_name(&caps[1]);
    }
    let mut name = title.trim().to_string();
    loop {
        let stripped = affixes.replace_all(&name, "").to_string();
        if stripped == name {
            break;
        }
        name = stripped;
    }
    normalize_name(&name)
}

/// A 文号 with its brackets unified: 〔2023〕, \[2023\], ［2023］, (2023) all read alike.
pub(super) fn normalize_number(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '[' | '［' | '(' | '（' | '【' => '〔',
            ']' | '］' | ')' | '）' | '】' => '〕',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_wrappers() {
        let affixes = title_affixes(
            &crate::checks::Checks::defaults()
                .interpretation
                .interpretation_words,
        );
        let interpretation_name = |title: &str| interpretation_name(title, &affixes);
        assert_eq!(
            document_name("明湖市城市管理局关于印发《明湖市户外广告设施设置管理办法》的通知"),
            "明湖市户外广告设施设置管理办法"
        );
        assert_eq!(
            document_name("关于进一步规范共享单车停放管理的通知"),
            "进一步规范共享单车停放管理"
        );
        assert_eq!(
            interpretation_name("关于《明湖市户外广告设施设置管理办法》的解读"),
            "明湖市户外广告设施设置管理办法"
        );
        assert_eq!(
            interpretation_name("图解：明湖市户外广告设施设置管理办法"),
            "明湖市户外广告设施设置管理办法"
        );
        assert_eq!(
            interpretation_name("一图读懂《户外广告设施设置管理办法》"),
            "户外广告设施设置管理办法"
        );
        assert_eq!(
            interpretation_name("进一步规范共享单车停放管理政策解读"),
            "进一步规范共享单车停放管理"
        );
    }

    #[test]
    fn names_compare_whole_with_their_markers() {
        assert_eq!(
            name_key("明湖市建筑垃圾管理办法(试行)"),
            name_key("明湖市建筑垃圾管理办法（试行）")
        );
        assert_ne!(
            name_key("明湖市建筑垃圾管理办法（试行）"),
            name_key("明湖市建筑垃圾管理办法")
        );
        assert_eq!(
            name_key("明湖市建筑垃圾管理办法（2024年修订版）"),
            name_key("明湖市建筑垃圾管理办法（2024修订）")
        );
        assert_ne!(
            name_key("明湖市保障性租赁住房管理办法"),
            name_key("明湖市保障性租赁住房管理办法实施细则")
        );
    }

    #[test]
    fn doc_numbers_match_across_bracket_styles() {
        assert_eq!(
            normalize_number("明城管规[2024]3号"),
            normalize_number("明城管规〔2024〕3号")
        );
        assert_eq!(
            normalize_number("明城管规（2024）3号"),
            "明城管规〔2024〕3号"
        );
    }
}
