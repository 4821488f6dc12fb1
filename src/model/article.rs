//! Article pages: title, the 政府信息公开 metadata block, body, attachments and related links.

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

use chrono::NaiveDate;
use scraper::{CaseSensitivity, ElementRef, Html, Selector};
use serde::{Deserialize, Serialize};
use url::Url;

use super::annual_report::{ReportContent, read_report, report_year};
use super::body::Body;
use super::dates::{DateText, parse_date};
use super::grid::Grid;
use super::html::{has_visible_text, visible_text};
use super::intern::SharedStr;
use super::labels::{Field, read_labels};
use super::links::{Link, in_navigation, is_attachment_link};
use super::meta::GuidelineMeta;
use super::related::related_links;
pub use super::related::{RELATED_WORDS, RelatedLink};

/// Body containers of the CMS templates portals use, strongest first. Each is one `#id`,
/// `.class` or tag name ([`matches_simple`] reads them).
const BODY_SELECTORS: &[&str] = &[
    "#UCAP-CONTENT",
    "#zoom",
    "#Zoom",
    ".TRS_Editor",
    ".TRS_UEDITOR",
    "#fontzoom",
    ".pages_content",
    ".article-content",
    ".article_content",
    ".xl_content",
    ".xl-content",
    ".con_text",
    ".zwnr",
    ".bt_content",
    "#content",
    ".content",
    "article",
];

static HEADINGS: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse("h1, .title, #title, .article-title, .xl_title, .con_title")
        .expect("valid selector")
});
static TITLE: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("title").expect("valid selector"));
static BLOCKY: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("div, td").expect("valid selector"));
static TABLES: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("table").expect("valid selector"));

/// The 政府信息公开 metadata block as the page shows it. Most of its ten fields are absent
/// from a page, and a portal has as many blocks as articles: the values shown are kept one
/// after another in one string, with where each ends, rather than as ten optional strings
/// (a quarter of a kilobyte inline and one allocation a value). Written and read exactly as
/// [`MetadataFields`], the block field by field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "MetadataFields", into = "MetadataFields")]
pub struct Metadata {
    /// The values shown, in [`Field`] order, one after another.
    text: Box<str>,
    /// Each field shown, in [`Field`] order, with the byte offset in `text` where its value
    /// ends (it starts where the one before ends).
    ends: Box<[(Field, u32)]>,
    /// 成文日期 and 发布日期 as read from their text, when shown and readable.
    formation: Option<NaiveDate>,
    publication: Option<NaiveDate>,
}

/// The metadata block field by field: the form [`Metadata`] is written and read in.
#[derive(Clone, Default, Serialize, Deserialize)]
struct MetadataFields {
    /// 索引号
    #[serde(skip_serializing_if = "Option::is_none")]
    index_no: Option<String>,
    /// 主题分类 / 信息分类
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<String>,
    /// 发布机构 / 发文机关
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<String>,
    /// 成文日期 / 印发日期 / 形成日期
    #[serde(skip_serializing_if = "Option::is_none")]
    formation_date: Option<DateText>,
    /// 发布日期 / 发布时间
    #[serde(skip_serializing_if = "Option::is_none")]
    publication_date: Option<DateText>,
    /// 文号 / 发文字号
    #[serde(skip_serializing_if = "Option::is_none")]
    doc_number: Option<String>,
    /// 有效性
    #[serde(skip_serializing_if = "Option::is_none")]
    validity: Option<String>,
    /// 标题 / 名称
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    /// 主题词
    #[serde(skip_serializing_if = "Option::is_none")]
    subject_words: Option<String>,
    /// 来源 / 信息来源
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
}

impl From<MetadataFields> for Metadata {
    fn from(f: MetadataFields) -> Self {
        let (formation, publication) = (
            f.formation_date.as_ref().and_then(|d| d.date),
            f.publication_date.as_ref().and_then(|d| d.date),
        );
        let values = [
            (Field::IndexNo, f.index_no),
            (Field::Category, f.category),
            (Field::Publisher, f.publisher),
            (Field::FormationDate, f.formation_date.map(|d| d.text)),
            (Field::PublicationDate, f.publication_date.map(|d| d.text)),
            (Field::DocNumber, f.doc_number),
            (Field::Validity, f.validity),
            (Field::Title, f.title),
            (Field::SubjectWords, f.subject_words),
            (Field::Source, f.source),
        ];
        let mut metadata = Self::joined(
            values
                .iter()
                .filter_map(|(field, value)| Some((*field, value.as_deref()?))),
        );
        metadata.formation = formation;
        metadata.publication = publication;
        metadata
    }
}

impl From<Metadata> for MetadataFields {
    fn from(m: Metadata) -> Self {
        let text = |field: Field| m.get(field).map(str::to_string);
        Self {
            index_no: text(Field::IndexNo),
            category: text(Field::Category),
            publisher: text(Field::Publisher),
            formation_date: m.formation_date(),
            publication_date: m.publication_date(),
            doc_number: text(Field::DocNumber),
            validity: text(Field::Validity),
            title: text(Field::Title),
            subject_words: text(Field::SubjectWords),
            source: text(Field::Source),
        }
    }
}

impl Metadata {
    /// The block of `values`, given in [`Field`] order; its dates are still to be set.
    fn joined<'v>(values: impl Iterator<Item = (Field, &'v str)>) -> Self {
        let values: Vec<(Field, &str)> = values.collect();
        // Sized once: a string grown by doubling would keep up to twice its room.
        let mut text = String::with_capacity(values.iter().map(|(_, v)| v.len()).sum());
        let mut ends = Vec::with_capacity(values.len());
        for (field, value) in values {
            text.push_str(value);
            ends.push((field, u32::try_from(text.len()).unwrap_or(u32::MAX)));
        }
        Self {
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
            formation: None,
            publication: None,
        }
    }

    fn from_labels(labels: BTreeMap<Field, String>) -> Self {
        let is_date = |field: Field| matches!(field, Field::FormationDate | Field::PublicationDate);
        // A date is kept trimmed, as [`DateText::parse`] keeps it; one shown blank is absent.
        let shown = labels
            .iter()
            .filter(|(field, value)| !is_date(**field) || !value.is_empty())
            .map(|(field, value)| (*field, if is_date(*field) { value.trim() } else { value }));
        let mut metadata = Self::joined(shown);
        let read = |field: Field| labels.get(&field).and_then(|v| parse_date(v));
        metadata.formation = read(Field::FormationDate);
        metadata.publication = read(Field::PublicationDate);
        metadata
    }

    /// The value of `field` as the page shows it (a date trimmed), `None` when absent.
    /// A field shown blank is `Some("")` (but a blank date is absent).
    pub fn get(&self, field: Field) -> Option<&str> {
        self.span(field).map(|(_, range)| &self.text[range])
    }

    /// Where `field`'s value is: its place in `ends` and its bytes in `text`.
    fn span(&self, field: Field) -> Option<(usize, std::ops::Range<usize>)> {
        let at = self.ends.iter().position(|(f, _)| *f == field)?;
        let start = at.checked_sub(1).map_or(0, |i| self.ends[i].1 as usize);
        Some((at, start..self.ends[at].1 as usize))
    }

    /// Whether the block shows `field` (a blank date counts as absent).
    pub fn has(&self, field: Field) -> bool {
        self.ends.iter().any(|(f, _)| *f == field)
    }

    /// 索引号
    pub fn index_no(&self) -> Option<&str> {
        self.get(Field::IndexNo)
    }

    /// 主题分类 / 信息分类
    pub fn category(&self) -> Option<&str> {
        self.get(Field::Category)
    }

    /// 发布机构 / 发文机关
    pub fn publisher(&self) -> Option<&str> {
        self.get(Field::Publisher)
    }

    /// 文号 / 发文字号
    pub fn doc_number(&self) -> Option<&str> {
        self.get(Field::DocNumber)
    }

    /// 有效性
    pub fn validity(&self) -> Option<&str> {
        self.get(Field::Validity)
    }

    /// 标题 / 名称
    pub fn title(&self) -> Option<&str> {
        self.get(Field::Title)
    }

    /// 主题词
    pub fn subject_words(&self) -> Option<&str> {
        self.get(Field::SubjectWords)
    }

    /// 来源 / 信息来源
    pub fn source(&self) -> Option<&str> {
        self.get(Field::Source)
    }

    /// 成文日期 / 印发日期 / 形成日期, as shown and as read.
    pub fn formation_date(&self) -> Option<DateText> {
        self.date_text(Field::FormationDate, self.formation)
    }

    /// 发布日期 / 发布时间, as shown and as read.
    pub fn publication_date(&self) -> Option<DateText> {
        self.date_text(Field::PublicationDate, self.publication)
    }

    fn date_text(&self, field: Field, date: Option<NaiveDate>) -> Option<DateText> {
        Some(DateText {
            text: self.get(field)?.to_string(),
            date,
        })
    }

    /// Rewrites the value of `field`, when shown, with `edit` (privacy masking).
    pub fn edit(&mut self, field: Field, edit: impl FnOnce(&mut String)) {
        let Some((at, range)) = self.span(field) else {
            return;
        };
        let mut value = self.text[range.clone()].to_string();
        edit(&mut value);
        let mut text = String::with_capacity(self.text.len() - range.len() + value.len());
        text.push_str(&self.text[..range.start]);
        text.push_str(&value);
        text.push_str(&self.text[range.end..]);
        // The values after it move by the difference in length.
        for (_, end) in &mut self.ends[at..] {
            let moved = *end as usize - range.end + range.start + value.len();
            *end = u32::try_from(moved).unwrap_or(u32::MAX);
        }
        self.text = text.into_boxed_str();
    }

    /// How many of the block's identifying fields the page shows.
    pub fn block_strength(&self) -> usize {
        [
            Field::IndexNo,
            Field::Publisher,
            Field::FormationDate,
            Field::DocNumber,
            Field::Category,
        ]
        .into_iter()
        .filter(|field| self.has(*field))
        .count()
    }

    /// Dates that were printed but could not be read.
    pub fn unreadable_dates(&self) -> Vec<(&'static str, DateText)> {
        [
            ("成文日期", self.formation_date()),
            ("发布日期", self.publication_date()),
        ]
        .into_iter()
        .filter_map(|(name, d)| d.filter(|d| d.date.is_none()).map(|d| (name, d)))
        .collect()
    }
}

/// What one article page says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleContent {
    /// Shared with the page's ArticleTitle tag, its record's title and its breadcrumb's tail
    /// where they say the same: most articles' pages print their title four times.
    pub title: SharedStr,
    pub metadata: Metadata,
    /// Characters of visible body text.
    pub body_chars: usize,
    /// The body text (not written to reports; rules read it through [`crate::model::Site::body`]).
    #[serde(skip)]
    pub body: Body,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Link>,
    /// Links to interpretations or back to the original document (解读, 政策原文 …), outside
    /// the site navigation: by their own text, or by the label written before them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related_links: Vec<RelatedLink>,
    /// Pages embedded with `<iframe>` (gov.cn shows 相关解读 this way).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub frames: Vec<String>,
    /// For a 政府信息公开工作年度报告: what the report page says (sections, tables).
    /// Boxed: few articles are reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<Box<ReportContent>>,
}

/// The body element of an article: a known CMS container, else the element with the most
/// paragraph text.
pub fn find_body(doc: &Html) -> Option<ElementRef<'_>> {
    // One walk over the page (in the order `Html::select` walks it) sorting each element
    // under the selectors it matches; then the selectors are tried in their order.
    let mut matches: Vec<Vec<ElementRef<'_>>> = vec![Vec::new(); BODY_SELECTORS.len()];
    for el in doc.tree.nodes().filter_map(ElementRef::wrap) {
        let value = el.value();
        // Only `article` matches an element with neither id nor class.
        if value.id().is_none() && value.classes().next().is_none() && value.name() != "article" {
            continue;
        }
        for (selector, found) in BODY_SELECTORS.iter().zip(matches.iter_mut()) {
            if matches_simple(el, selector) {
                found.push(el);
            }
        }
    }
    for found in matches {
        if let Some(el) = found
            .into_iter()
            .find(|el| has_visible_text(*el) && !holds_metadata_block(*el))
        {
            return Some(el);
        }
    }
    // Fallback: the block with the most text in its own paragraphs. Ranking first and
    // checking only the leaders keeps this linear in the page, not quadratic in its nesting.
    let mut ranked: Vec<(usize, ElementRef<'_>)> = doc
        .select(&BLOCKY)
        .map(|el| {
            let chars: usize = el
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|p| p.value().name() == "p")
                .map(|p| visible_text(p).chars().count())
                .sum();
            (chars, el)
        })
        .filter(|(chars, _)| *chars > 0)
        .collect();
    ranked.sort_by_key(|(chars, _)| std::cmp::Reverse(*chars));
    ranked
        .into_iter()
        .map(|(_, el)| el)
        .find(|el| !in_navigation(*el) && !holds_metadata_block(*el))
}

/// Whether `el` matches a one-part selector of [`BODY_SELECTORS`] (`#id`, `.class` or a tag
/// name), as `scraper` matches it: case-sensitive, the page's quirks mode notwithstanding.
fn matches_simple(el: ElementRef<'_>, selector: &str) -> bool {
    let value = el.value();
    if let Some(id) = selector.strip_prefix('#') {
        value.id() == Some(id)
    } else if let Some(class) = selector.strip_prefix('.') {
        value.has_class(class, CaseSensitivity::CaseSensitive)
    } else {
        value.name() == selector
    }
}

/// Fields whose labels mark the metadata block rather than body text.
const BLOCK_FIELDS: &[Field] = &[
    Field::IndexNo,
    Field::Publisher,
    Field::FormationDate,
    Field::PublicationDate,
    Field::DocNumber,
    Field::Category,
];

/// An element holding two or more metadata labels *in label form* (`成文日期：…`, a short
/// `td`/`th`/`dt` label cell) is (or wraps) the metadata block, not the body: template wrappers
/// like `<div class="container content">` hold both. Labels named in running prose (a guide's
/// "编排要素包括索引号、标题、发布机构、成文日期、文号") do not count.
fn holds_metadata_block(el: ElementRef<'_>) -> bool {
    let labels = read_labels(el, None);
    BLOCK_FIELDS
        .iter()
        .filter(|field| labels.contains_key(field))
        .count()
        >= 2
}

/// The metadata block of a page, read outside its body.
pub fn read_metadata(doc: &Html, body: Option<ElementRef<'_>>) -> Metadata {
    Metadata::from_labels(read_labels(doc.root_element(), body))
}

/// Reads an article at `url`. `links` are the page's links, already resolved.
pub fn read_article(
    url: &Url,
    doc: &Html,
    meta: &GuidelineMeta,
    metadata: Metadata,
    body: Option<ElementRef<'_>>,
    links: &[Link],
) -> ArticleContent {
    let body_text = body.map(visible_text).unwrap_or_default();
    let title = article_title(doc, meta, &metadata);
    let attachments = links
        .iter()
        .filter(|l| is_attachment_link(&l.url))
        .cloned()
        .collect();
    let related_links = related_links(doc, url);
    let frames = links
        .iter()
        .filter(|l| l.embedded)
        .map(|l| l.url.clone())
        .collect();
    let report = report_year(&title).map(|year| {
        let grids: Vec<Grid> = doc.select(&TABLES).map(Grid::read).collect();
        let text = if body_text.is_empty() {
            visible_text(doc.root_element())
        } else {
            body_text.clone()
        };
        Box::new(read_report(year, &text, &grids, "page", true))
    });
    ArticleContent {
        title,
        metadata,
        body_chars: body_text.chars().count(),
        // Copied to its size: the text grew by doubling, and a portal keeps every article's.
        body: Body::Held(body_text.as_str().into()),
        attachments,
        related_links,
        frames,
        report,
    }
}

/// ArticleTitle meta, else the block's 标题/名称, else the page heading, else `<title>`.
fn article_title(doc: &Html, meta: &GuidelineMeta, metadata: &Metadata) -> SharedStr {
    if let Some(title) = meta.get_shared("ArticleTitle") {
        return SharedStr::from(Arc::clone(title));
    }
    if let Some(title) = metadata.title().filter(|t| !t.is_empty()) {
        return title.into();
    }
    if let Some(heading) = doc
        .select(&HEADINGS)
        .map(visible_text)
        .find(|t| !t.is_empty())
    {
        return heading.as_str().into();
    }
    page_title(doc).as_str().into()
}

/// The `<title>` without the site name portals append (`标题 - 明湖市城市管理局`).
pub fn page_title(doc: &Html) -> String {
    let raw = doc
        .select(&TITLE)
        .next()
        .map(|t| t.text().collect::<String>())
        .unwrap_or_default();
    let raw = raw.trim();
    raw.split([' ', '_', '|'])
        .next()
        .filter(|first| first.chars().count() >= 4)
        .map(|first| first.trim_end_matches(['-', '—']).trim().to_string())
        .unwrap_or_else(|| raw.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PageKind, extract_page};

    /// A TRS annual report whose body names 文号、成文日期、发布日期 in prose, under a real
    /// metadata table: the prose is body text, the table is the block.
    #[test]
    fn a_report_body_naming_metadata_fields_in_prose_is_the_body() {
        let html = r#"<html><head><title>明湖市城市管理局2024年政府信息公开工作年度报告</title></head><body>
<table class="xxgk-table"><tr><td>索 引 号：</td><td>11320600MB1234567X/2025-00012</td><td>发布机构：</td><td>明湖市城市管理局</td></tr>
<tr><td>成文日期：</td><td>2025-01-20</td><td>发布日期：</td><td>2025-01-20</td></tr></table>
<div class="TRS_Editor"><p class=MsoNormal><span>　　本报告依据《中华人民共和国政府信息公开条例》编制。</span></p>
<p class=MsoNormal><b><span>一、总体情况</span></b></p>
<p class=MsoNormal><span>　　（一）主动公开。我局对文件的文号、成文日期、发布日期等要素统一标注，并规范索引号和发布机构的填写。</span></p>
<p class=MsoNormal><b><span>二、主动公开政府信息情况</span></b></p><p>&nbsp;</p>
<p class=MsoNormal><b><span>三、收到和处理政府信息公开申请情况</span></b></p>
<p class=MsoNormal><b><span>四、政府信息公开行政复议、行政诉讼情况</span></b></p>
<p class=MsoNormal><b><span>五、存在的主要问题及改进情况</span></b></p>
<p class=MsoNormal><b><span>六、其他需要报告的事项</span></b></p><p class=MsoNormal><span>　　无。</span></p></div>
</body></html>"#;
        let url =
            url::Url::parse("http://cgj.minghu.gov.cn/xxgk/ndbg/202501/t20250120_1.html").unwrap();
        let record = extract_page(&url, html);
        assert_eq!(record.kind, PageKind::Article);
        let article = record.article.unwrap();
        let body = article.body.held().unwrap();
        assert!(body.contains("统一标注"), "{body}");
        assert_eq!(
            article.metadata.index_no(),
            Some("11320600MB1234567X/2025-00012")
        );
        let report = article.report.unwrap();
        assert_eq!(report.sections_found, ["一", "二", "三", "四", "五", "六"]);
    }

    /// The block is kept compactly but written and read field by field, as it always was:
    /// a value shown blank stays, a date shown blank does not, a date keeps its reading.
    #[test]
    fn the_metadata_block_reads_and_writes_field_by_field() {
        let labels = BTreeMap::from([
            (Field::IndexNo, "X/2025-1".to_string()),
            (Field::FormationDate, " 待定 ".to_string()),
            (Field::PublicationDate, String::new()),
            (Field::DocNumber, String::new()),
            (Field::Title, "关于某事项的通知".to_string()),
        ]);
        let mut metadata = Metadata::from_labels(labels);
        assert_eq!(metadata.index_no(), Some("X/2025-1"));
        assert_eq!(metadata.doc_number(), Some(""));
        assert_eq!(metadata.publisher(), None);
        assert!(metadata.publication_date().is_none());
        let formed = metadata.formation_date().unwrap();
        assert_eq!((formed.text.as_str(), formed.date), ("待定", None));
        assert_eq!(metadata.block_strength(), 3);
        let json = serde_json::to_string(&metadata).unwrap();
        assert_eq!(
            json,
            r#"{"index_no":"X/2025-1","formation_date":{"text":"待定","date":null},"doc_number":"","title":"关于某事项的通知"}"#
        );
        assert_eq!(serde_json::from_str::<Metadata>(&json).unwrap(), metadata);
        let dated = r#"{"publication_date":{"text":"2025-05-06","date":"2025-05-06"}}"#;
        let read: Metadata = serde_json::from_str(dated).unwrap();
        assert_eq!(
            read.publication_date().unwrap().date,
            NaiveDate::from_ymd_opt(2025, 5, 6)
        );
        assert_eq!(serde_json::to_string(&read).unwrap(), dated);
        metadata.edit(Field::Title, |t| t.push('！'));
        assert_eq!(metadata.title(), Some("关于某事项的通知！"));
        assert_eq!(metadata.index_no(), Some("X/2025-1"));
        assert_eq!(metadata.formation_date().unwrap().text, "待定");
        // A value before others, rewritten to another length: those after it still read.
        metadata.edit(Field::IndexNo, |v| *v = "X".to_string());
        assert_eq!(metadata.index_no(), Some("X"));
        assert_eq!(metadata.formation_date().unwrap().text, "待定");
        assert_eq!(metadata.doc_number(), Some(""));
        assert_eq!(metadata.title(), Some("关于某事项的通知！"));
    }

    /// An article's title, its record's and its breadcrumb's tail are one string.
    #[test]
    fn an_article_title_is_shared_with_its_record_and_breadcrumb() {
        let html = r#"<html><head><meta name="ArticleTitle" content="关于某事项的通知"></head><body>
            <div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zcwj/">政策文件</a> &gt; 关于某事项的通知</div>
            <table><tr><td>索引号：</td><td>X/2025-1</td><td>发布机构：</td><td>某局</td></tr></table>
            <div id="zoom"><p>正文</p></div></body></html>"#;
        let url = Url::parse("http://x.gov.cn/zcwj/1.html").unwrap();
        let record = extract_page(&url, html);
        let article = record.article.as_ref().unwrap();
        assert_eq!(article.title, "关于某事项的通知");
        assert!(std::ptr::eq(article.title.as_ptr(), record.title.as_ptr()));
        let tail = record.breadcrumb.last().unwrap();
        assert_eq!(tail.name, "关于某事项的通知");
        assert!(std::ptr::eq(tail.name.as_ptr(), record.title.as_ptr()));
    }

    fn related(body: &str) -> Vec<RelatedLink> {
        let doc = Html::parse_document(&format!(
            r#"<html><body><div class="nav"><a href="/zcjd/">政策解读</a></div>{body}</body></html>"#
        ));
        related_links(&doc, &Url::parse("http://x.gov.cn/zcjd/1.html").unwrap())
    }

    #[test]
    fn a_link_labelled_as_the_original_is_kept_with_its_label() {
        let links = related(
            r#"<div id="zoom"><p>正文。</p><p>政策原文：<a href="/zcwj/1.html">关于印发《X办法》的通知</a></p>
            <p><span>相关解读：</span><span><a href="/zcjd/2.html">X办法答记者问</a></span></p>
            <p>详见<a href="/zcwj/3.html">通知</a></p>
            <p>本办法由局法规科负责解读。<a href="/fj/4.html">附件</a></p></div>"#,
        );
        let got: Vec<(&str, Option<&str>)> = links
            .iter()
            .map(|l| (l.url.as_str(), l.label.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("http://x.gov.cn/zcwj/1.html", Some("政策原文")),
                ("http://x.gov.cn/zcjd/2.html", Some("相关解读")),
            ]
        );
        assert_eq!(links[0].text, "关于印发《X办法》的通知");
    }
}
