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
//! looks itself up, rather than every document being compared with every interpretation. The
//! judgement is made once per run and kept in the [`Context`], which both rules and the
//! coverage figures read.

pub mod late;
mod matching;
pub mod missing;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::checks::interpretation::ColumnRoles;
use crate::model::intern::Table;
use crate::model::{Article, Site};
use crate::rules::{Context, Coverage, CoverageRow};
use matching::{Found, Index};

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
    pub reason: Arc<str>,
    /// The document's publication date.
    pub published: NaiveDate,
    pub matched: Option<Match<'a>>,
}

impl Judged<'_> {
    /// The interpretation's publication date and how many working days after the document.
    pub fn lag(&self, ctx: &Context<'_>) -> Option<(NaiveDate, i64)> {
        let interpretation = self.matched.as_ref()?.interpretation?;
        let date = interpretation.publication_date()?.date;
        Some((
            date,
            ctx.calendar.working_days_between(self.published, date),
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
/// match: judged on first use in the run, then read from the context.
pub fn analyze<'a>(site: &'a Site, ctx: &Context<'_>) -> Vec<Judged<'a>> {
    let article = |n: usize| &site.articles[n];
    ctx.interpretations
        .get_or_make(site, || judge(site, ctx))
        .iter()
        .map(|j| Judged {
            document: article(j.document),
            need: j.need,
            reason: Arc::clone(&j.reason),
            published: j.published,
            matched: j.matched.map(|found| Match {
                strength: found.strength,
                interpretation: found.interpretation.map(article),
            }),
        })
        .collect()
}

/// A [`Judged`] as the context keeps it, for the rest of the run: articles by their position
/// in `site.articles`, the reasons (a few distinct texts) shared.
#[derive(Debug, Clone)]
pub(super) struct Judgement {
    document: usize,
    need: Need,
    reason: Arc<str>,
    published: NaiveDate,
    matched: Option<Found>,
}

/// Judges every document once: each column path read once, the interpretations indexed once,
/// each document looked up in the index.
fn judge(site: &Site, ctx: &Context<'_>) -> Vec<Judgement> {
    let settings = &ctx.checks.interpretation;
    let mut paths: HashMap<&[String], ColumnRoles> = HashMap::new();
    let roles: Vec<ColumnRoles> = site
        .articles
        .iter()
        .map(|a| {
            *paths
                .entry(&a.column_path)
                .or_insert_with(|| settings.column_roles(&a.column_path))
        })
        .collect();
    let index = Index::build(site, &roles, ctx);
    let mut reasons: Table<str> = Table::default();
    let mut judged = Vec::new();
    for (n, document) in site.articles.iter().enumerate() {
        if index.is_interpretation.contains(document.url.as_str()) {
            continue;
        }
        let path = &document.column_path;
        let doc_number = document.content.metadata.doc_number().unwrap_or_default();
        let (need, reason) =
            if let Some(marker) = settings.normative_marker(&[doc_number, document.title()]) {
                (
                    Need::Required,
                    format!("文号/标题“{marker}”表明为规范性文件或规章"),
                )
            } else if roles[n].normative {
                (
                    Need::Required,
                    format!("位于“{}”栏目", path.last().cloned().unwrap_or_default()),
                )
            } else if roles[n].policy {
                (
                    Need::Policy,
                    format!("位于“{}”栏目", path.last().cloned().unwrap_or_default()),
                )
            } else {
                continue;
            };
        let Some(published) = document.publication_date().map(|p| p.date) else {
            continue;
        };
        if !ctx.period.contains(published) {
            continue;
        }
        let matched = index.find_match(document, ctx);
        judged.push(Judgement {
            document: n,
            need,
            reason: reasons.share(&reason),
            published,
            matched,
        });
    }
    judged
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
mod tests;
