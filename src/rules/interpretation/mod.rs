//! Which policy documents need a 政策解读, and which interpretation belongs to which document.
//! Shared by `interpretation-missing`, `interpretation-late` and the coverage figure offices
//! quote (国办发〔2016〕80号: 政策性文件与解读材料"同步组织、同步审签、同步部署").
//!
//! A document needs an interpretation when it sits in a 规范性文件 column or its 文号/title
//! carries a 规范性文件 or 政府令 marker; other documents of 政策文件 columns are counted too, at a
//! lower severity. Only documents published in the assessment period are judged.
//!
//! An interpretation is matched to its document, strongest first, by
//! 1. an explicit link: the document links to it (解读, 图解, 一图读懂 … outside the site
//!    navigation; a link to the 政策解读 column itself is navigation, not an interpretation),
//!    or it links back to the document (政策原文, 相关文件 …);
//!    — by a back-link word in the link or the label before it (`政策原文：<a>…</a>`), or by
//!    a link showing the document's title — whatever the interpretation's own title says;
//! 2. its title naming the document (`关于《X》的解读`, `《X》政策解读`, `一图读懂《X》`,
//!    `图解：X`): whole names compared after removing punctuation, brackets and the
//!    关于印发…的通知 wrapper, with 试行/修订 markers kept (written one way), and the portal's
//!    place prefix (明湖市) optional on one side. A name inside a longer one is another
//!    document (《…管理办法》 is not 《…管理办法实施细则》; 《…（试行）》 is not its revision);
//! 3. its body citing the document's 文号.
//!
//! Interpretations are indexed once (by back-linked page, by name, by 文号) and each document
//! looks itself up, rather than every document being compared with every interpretation.

pub mod late;
pub mod missing;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::Serialize;

use crate::model::article::RelatedLink;
use crate::model::links::page_key;
use crate::model::site::SourcedDate;
use crate::model::{Article, Site};
use crate::rules::{Context, Coverage, CoverageRow};
use crate::text::normalize_name;

static BOOK_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"《([^《》]+)》").expect("valid regex"));
static WRAPPER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:.*?关于)?(?:印发|转发|发布|公布)?(.+?)的(?:通知|决定|公告|通告|意见|批复)$")
        .expect("valid regex")
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Need {
    /// 规范性文件 / 规章: must be interpreted.
    Required,
    /// Another policy document: counted, lower severity.
    Policy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strength {
    Link,
    LinkBack,
    Title,
    DocNumber,
}

impl Strength {
    pub fn display(self) -> &'static str {
        match self {
            Strength::Link => "文件页面链接到解读",
            Strength::LinkBack => "解读页面链接回文件",
            Strength::Title => "解读标题点明文件名称",
            Strength::DocNumber => "解读正文引用文件文号",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Match<'a> {
    pub strength: Strength,
    /// The interpretation's page, when it was crawled (a linked page may not have been).
    pub interpretation: Option<&'a Article>,
}

#[derive(Debug, Clone)]
pub struct Judged<'a> {
    pub document: &'a Article,
    pub need: Need,
    /// Why the document needs an interpretation (its column or its 文号 marker).
    pub reason: String,
    pub published: SourcedDate,
    pub matched: Option<Match<'a>>,
}

impl Judged<'_> {
    /// The interpretation's publication date and how many working days after the document.
    pub fn lag(&self, ctx: &Context<'_>) -> Option<(NaiveDate, i64)> {
        let interpretation = self.matched.as_ref()?.interpretation?;
        let date = interpretation.publication_date()?.date;
        Some((
            date,
            ctx.calendar.working_days_between(self.published.date, date),
        ))
    }

    /// How the interpretation's timing is judged: the one judgement both
    /// `interpretation-late` and the coverage figures use. `None` when there is no match.
    pub fn timing(&self, ctx: &Context<'_>) -> Option<Timing> {
        self.matched.as_ref()?;
        Some(match self.lag(ctx) {
            None => Timing::Unjudged,
            Some((_, days)) if days <= i64::from(ctx.checks.interpretation.late_working_days) => {
                Timing::OnTime
            }
            Some((date, days)) => Timing::Late { date, days },
        })
    }
}

/// A matched interpretation's timing against `late_working_days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    OnTime,
    Late {
        date: NaiveDate,
        days: i64,
    },
    /// The interpretation's date is unknown (another site, or no date on its page): not judged.
    Unjudged,
}

/// Every document of the period that needs (or is counted for) an interpretation, with its
/// match.
pub fn analyze<'a>(site: &'a Site, ctx: &Context<'_>) -> Vec<Judged<'a>> {
    let settings = &ctx.checks.interpretation;
    let index = Index::build(site, ctx);
    let mut judged = Vec::new();
    for document in &site.articles {
        if index.is_interpretation.contains(document.url.as_str()) {
            continue;
        }
        let path = &document.column_path;
        let doc_number = document
            .content
            .metadata
            .doc_number
            .as_deref()
            .unwrap_or_default();
        let (need, reason) =
            if let Some(marker) = settings.normative_marker(&[doc_number, document.title()]) {
                (
                    Need::Required,
                    format!("文号/标题“{marker}”表明为规范性文件或规章"),
                )
            } else if settings.in_normative_column(path) {
                (
                    Need::Required,
                    format!("位于“{}”栏目", path.last().cloned().unwrap_or_default()),
                )
            } else if settings.in_policy_column(path) {
                (
                    Need::Policy,
                    format!("位于“{}”栏目", path.last().cloned().unwrap_or_default()),
                )
            } else {
                continue;
            };
        let Some(published) = document.publication_date() else {
            continue;
        };
        if !ctx.period.contains(published.date) {
            continue;
        }
        let matched = index.find_match(site, document, ctx);
        judged.push(Judged {
            document,
            need,
            reason,
            published,
            matched,
        });
    }
    judged
}

fn is_interpretation_title(title: &str, ctx: &Context<'_>) -> bool {
    ctx.checks.interpretation.names_interpretation(title) && !title.starts_with("关于印发")
}

/// The site's interpretations, indexed once for every document to look itself up in: by the
/// page their back links point to, by the (normalised) name of the document they name, and by
/// the year and number of the 文号 their body cites.
struct Index<'a> {
    by_key: HashMap<String, &'a Article>,
    is_interpretation: HashSet<&'a str>,
    /// Page key of a linked page → the interpretations linking to it, with the link.
    back_links: HashMap<String, Vec<(&'a Article, &'a RelatedLink)>>,
    /// [`name_key`] of a named document → interpretations naming it; `true` when the key is
    /// the name without its place prefix (`明湖市`).
    by_name: HashMap<String, Vec<(&'a Article, bool)>>,
    /// `〔2025〕4号` → interpretations whose body cites a 文号 ending so, with the body
    /// normalised by [`normalize_number`].
    by_number_tail: HashMap<String, Vec<(&'a Article, String)>>,
    places: Vec<String>,
}

static NUMBER_TAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"〔\d{4}〕第?\d+号").expect("valid regex"));
static PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Han}{1,8}?(?:省|自治区|市|自治州|县|自治县|区|旗|盟)").expect("valid regex")
});

impl<'a> Index<'a> {
    fn build(site: &'a Site, ctx: &Context<'_>) -> Self {
        let settings = &ctx.checks.interpretation;
        let affixes = title_affixes(&settings.interpretation_words);
        // Place names the portal's documents start with (明湖市): from the site's name and the
        // publishers'.
        let mut places: Vec<String> = site
            .site_name
            .iter()
            .map(String::as_str)
            .chain(
                site.articles
                    .iter()
                    .filter_map(|a| a.content.metadata.publisher.as_deref()),
            )
            .filter_map(|name| {
                PLACE
                    .find(&normalize_name(name))
                    .map(|m| m.as_str().to_string())
            })
            .collect();
        places.sort();
        places.dedup();
        let mut index = Index {
            by_key: site.articles_by_key(),
            is_interpretation: HashSet::new(),
            back_links: HashMap::new(),
            by_name: HashMap::new(),
            by_number_tail: HashMap::new(),
            places,
        };
        for i in site.articles.iter().filter(|a| {
            settings.in_interpretation_column(&a.column_path)
                || is_interpretation_title(a.title(), ctx)
        }) {
            index.is_interpretation.insert(i.url.as_str());
            for link in &i.content.related_links {
                index
                    .back_links
                    .entry(page_key(&link.url))
                    .or_default()
                    .push((i, link));
            }
            let name = name_key(&interpretation_name(i.title(), &affixes));
            if !name.is_empty() {
                let local = index.without_place(&name);
                index.by_name.entry(name).or_default().push((i, false));
                if let Some(local) = local {
                    index.by_name.entry(local).or_default().push((i, true));
                }
            }
            let body = normalize_number(&i.content.body);
            let tails: HashSet<&str> = NUMBER_TAIL.find_iter(&body).map(|m| m.as_str()).collect();
            for tail in tails {
                index
                    .by_number_tail
                    .entry(tail.to_string())
                    .or_default()
                    .push((i, body.clone()));
            }
        }
        index
    }

    /// The name without the portal's place prefix, when it has one.
    fn without_place(&self, name: &str) -> Option<String> {
        self.places
            .iter()
            .find_map(|p| name.strip_prefix(p.as_str()))
            .filter(|rest| !rest.is_empty())
            .map(str::to_string)
    }

    fn find_match(
        &self,
        site: &'a Site,
        document: &'a Article,
        ctx: &Context<'_>,
    ) -> Option<Match<'a>> {
        let settings = &ctx.checks.interpretation;
        // 1. The document links to its interpretation.
        if let Some(link) = document.content.related_links.iter().find(|link| {
            link.says_any(&settings.interpretation_words) && site.column_by_url(&link.url).is_none()
        }) {
            return Some(Match {
                strength: Strength::Link,
                interpretation: self.by_key.get(&page_key(&link.url)).copied(),
            });
        }
        // …or an interpretation links back, by a back-link word in the link or the label
        // before it, or by showing the document's title.
        let name = name_key(&document_name(document.title()));
        if let Some((i, _)) = self
            .back_links
            .get(&page_key(&document.url))
            .into_iter()
            .flatten()
            .find(|(_, l)| {
                l.says_any(&settings.back_link_words)
                    || normalize_name(&l.text) == normalize_name(document.title())
                    || (!name.is_empty() && name_key(&document_name(&l.text)) == name)
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
            if let Some((i, _)) = exact.or_else(local) {
                return Some(found(Strength::Title, i));
            }
        }
        // 3. An interpretation cites the 文号.
        let number = document
            .content
            .metadata
            .doc_number
            .as_deref()
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
            .find(|(_, body)| body.contains(&number))
            .map(|(i, _)| found(Strength::DocNumber, i))
    }
}

fn found<'a>(strength: Strength, interpretation: &'a Article) -> Match<'a> {
    Match {
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
fn name_key(name: &str) -> String {
    let name = normalize_name(name);
    REVISION
        .replace(&name, |c: &regex::Captures<'_>| {
            format!("{}{}", c.get(1).map_or("", |m| m.as_str()), &c[2])
        })
        .into_owned()
}

/// What a document is called without its wrapper: `关于印发《X》的通知` → X.
pub fn document_name(title: &str) -> String {
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
fn title_affixes(words: &[String]) -> Regex {
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
pub fn interpretation_name(title: &str, affixes: &Regex) -> String {
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
fn normalize_number(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '[' | '［' | '(' | '（' | '【' => '〔',
            ']' | '］' | ')' | '）' | '】' => '〕',
            other => other,
        })
        .collect()
}

/// The figure offices quote: documents needing interpretation, interpreted, on time.
pub fn coverage(site: &Site, ctx: &Context<'_>) -> Coverage {
    let mut columns: BTreeMap<String, CoverageRow> = BTreeMap::new();
    let mut overall = CoverageRow {
        column: "合计".to_string(),
        ..CoverageRow::default()
    };
    for judged in analyze(site, ctx) {
        let column = judged
            .document
            .column
            .clone()
            .unwrap_or_else(|| "（未归栏目）".to_string());
        let row = columns
            .entry(column.clone())
            .or_insert_with(|| CoverageRow {
                column,
                ..CoverageRow::default()
            });
        for target in [&mut *row, &mut overall] {
            target.documents += 1;
            target.required += usize::from(judged.need == Need::Required);
            if judged.matched.is_some() {
                target.interpreted += 1;
                target.required_interpreted += usize::from(judged.need == Need::Required);
            }
            match judged.timing(ctx) {
                Some(Timing::OnTime) => target.on_time += 1,
                Some(Timing::Late { .. }) => target.late += 1,
                Some(Timing::Unjudged) => target.timing_unjudged += 1,
                None => {}
            }
        }
    }
    Coverage {
        late_working_days: ctx.checks.interpretation.late_working_days,
        columns: columns.into_values().collect(),
        overall,
    }
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
