//! Rules: pure functions over the [`Site`] model, one module per rule, all listed in
//! [`REGISTRY`] with their stable id, Chinese title, legal basis and default severity.
//!
//! Rules live in family folders (`disclosure/`, `columns/`, `guide/`, `interpretation/`,
//! `annual_report/`): the family's shared analysis in its `mod.rs`, one file per rule. The
//! families are private; what the rest of the crate may use is re-exported here: [`run`],
//! [`REGISTRY`], [`info`], [`Selection`], [`Context`], the 政策解读 [`Coverage`] figures,
//! [`redact_personal_numbers`] for what a report republishes, and the rules' identities
//! ([`IdentityPart`], [`fingerprint_of`]) behind each finding's fingerprint.

mod annual_report;
mod columns;
mod content;
mod coverage;
mod disclosure;
mod guide;
mod identity;
mod interaction;
mod interpretation;
mod privacy;
mod review;
mod schedule;
mod shared;
mod website;

pub use coverage::{Coverage, CoverageRow};
pub use identity::{IdentityPart, fingerprint_of, missing_parts};
pub use interpretation::coverage as interpretation_coverage;
pub use privacy::redact as redact_personal_numbers;

use std::collections::BTreeSet;
use std::sync::{Mutex, PoisonError};

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::Calendar;
use crate::checks::Checks;
use crate::crawl::coverage::CrawlCoverage;
use crate::finding::{Finding, Severity};
use crate::model::Site;
use crate::period::Period;
use crate::probe::Reachability;

/// What every rule may read besides the site. A context serves one site: an analysis several
/// rules share is made once and kept in it. Rules run on several threads at once, so what a
/// context keeps is thread-safe.
pub struct Context<'a> {
    pub as_of: NaiveDate,
    pub period: Period,
    pub calendar: &'a Calendar,
    pub checks: &'a Checks,
    /// Whether the crawl covered the site: rules that conclude from absence return
    /// not-checked findings when it did not.
    pub coverage: CrawlCoverage,
    /// The home-page probes of the week before as-of and whether this run's start page
    /// opened (`site-unreachable`).
    pub reachability: Reachability,
    calendar_gaps: Mutex<BTreeSet<i32>>,
    /// The 政策解读 judgement of the site's documents, made once and read by
    /// `interpretation-missing`, `interpretation-late` and the coverage figures.
    interpretations: shared::Shared<Vec<interpretation::Judgement>>,
}

impl<'a> Context<'a> {
    pub fn new(
        as_of: NaiveDate,
        period: Period,
        calendar: &'a Calendar,
        checks: &'a Checks,
    ) -> Self {
        Self {
            as_of,
            period,
            calendar,
            checks,
            coverage: CrawlCoverage::full(),
            reachability: Reachability::default(),
            calendar_gaps: Mutex::new(BTreeSet::new()),
            interpretations: shared::Shared::default(),
        }
    }

    pub fn with_coverage(mut self, coverage: CrawlCoverage) -> Self {
        self.coverage = coverage;
        self
    }

    pub fn with_reachability(mut self, reachability: Reachability) -> Self {
        self.reachability = reachability;
        self
    }

    /// A finding about something the portal lacks, as the crawl allows: a violation when the
    /// crawl covered the site, else a part not checked (“未能确认：…”), with why.
    pub fn absent(&self, mut finding: Finding) -> Finding {
        if self.coverage.complete {
            return finding;
        }
        finding.message = format!("未能确认：{}", finding.message);
        finding.not_checked(self.coverage.reason())
    }

    /// Notes that a judgement relied on years the calendar does not hold; returns them.
    pub fn uncovered_years(&self, from: NaiveDate, to: NaiveDate) -> Vec<i32> {
        let missing = self.calendar.missing_years(from, to);
        self.gaps().extend(missing.iter().copied());
        missing
    }

    /// Every year some judgement had to compute with weekends only.
    pub fn calendar_gaps(&self) -> Vec<i32> {
        self.gaps().iter().copied().collect()
    }

    /// The years noted so far; a rule that panicked while noting leaves them readable.
    fn gaps(&self) -> std::sync::MutexGuard<'_, BTreeSet<i32>> {
        self.calendar_gaps
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// What a rule is, for people: written once per rule with `rule!`, which makes the same text
/// the rustdoc of the rule's `RULE` and what `gongkai rules` and the reports print.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleInfo {
    /// Stable, kebab-case (`disclosure-late`).
    pub id: &'static str,
    pub title: &'static str,
    /// The regulation the rule enforces (条例第N条 / 文号), as reports cite it.
    pub basis: &'static str,
    /// The default severity.
    pub severity: Severity,
    /// 依据, in full: the regulation's words the rule enforces.
    pub citation: &'static str,
    /// 检查什么: what the rule checks, for an office.
    pub summary: &'static str,
    /// 示例: a finding's message as the rule writes it.
    pub example: &'static str,
    /// 局限: what the rule cannot tell, or may get wrong.
    pub limits: &'static str,
    /// 整改要求: what a 责任部门 does about a finding, as documents and lists print it.
    pub remedy: &'static str,
    /// 识别依据: the parts of a finding that identify “the same problem” across runs (the page,
    /// evidence keys), hashed into its fingerprint.
    pub identity: &'static [IdentityPart],
}

pub struct Rule {
    pub info: RuleInfo,
    pub check: fn(&Site, &Context<'_>) -> Vec<Finding>,
    /// The file that declares the rule (`file!()`), so a test can tell every rule file is
    /// registered.
    pub source: &'static str,
}

/// Declares a rule module's `RULE` from its metadata, written once: the fields become both the
/// rustdoc of `RULE` (sections 检查什么, 依据, 示例, 局限, 整改要求, 识别依据) and its [`RuleInfo`], so the
/// docs and what `gongkai rules` prints cannot diverge. `identity` lists `"key" => "label"`:
/// `url` or evidence keys (see [`IdentityPart`]).
macro_rules! rule {
    (
        id: $id:literal,
        title: $title:literal,
        severity: $severity:expr,
        basis: $basis:literal,
        citation: $citation:literal,
        summary: $summary:literal,
        example: $example:literal,
        limits: $limits:literal,
        remedy: $remedy:literal,
        identity: [$($key:literal => $label:literal),+ $(,)?],
        check: $check:expr $(,)?
    ) => {
        #[doc = concat!(
                                            "`", $id, "`：", $title, "\n\n# 检查什么\n\n", $summary,
                                            "\n\n# 依据\n\n", $basis, "\n\n", $citation,
                                            "\n\n# 示例\n\n> ", $example, "\n\n# 局限\n\n", $limits,
                                            "\n\n# 整改要求\n\n", $remedy,
                                            "\n\n# 识别依据\n\n", $("- `", $key, "`：", $label, "\n"),+
                                        )]
        pub const RULE: $crate::rules::Rule = $crate::rules::Rule {
            info: $crate::rules::RuleInfo {
                id: $id,
                title: $title,
                basis: $basis,
                severity: $severity,
                citation: $citation,
                summary: $summary,
                example: $example,
                limits: $limits,
                remedy: $remedy,
                identity: &[$($crate::rules::IdentityPart { key: $key, label: $label }),+],
            },
            check: $check,
            source: file!(),
        };
    };
}
pub(crate) use rule;

/// Every rule gongkai has.
pub const REGISTRY: &[Rule] = &[
    disclosure::late::RULE,
    disclosure::date_missing::RULE,
    columns::missing::RULE,
    columns::empty::RULE,
    columns::stale::RULE,
    guide::incomplete::RULE,
    interpretation::missing::RULE,
    interpretation::late::RULE,
    annual_report::missing::RULE,
    annual_report::late::RULE,
    annual_report::incomplete::RULE,
    annual_report::inconsistent::RULE,
    privacy::leak::RULE,
    website::elements::RULE,
    website::broken_links::RULE,
    website::homepage_stale::RULE,
    website::site_unreachable::RULE,
    content::wording::RULE,
    interaction::unanswered::RULE,
];

/// A rule's metadata by its id.
pub fn info(id: &str) -> Option<RuleInfo> {
    REGISTRY.iter().find(|r| r.info.id == id).map(|r| r.info)
}

/// A rule's metadata by its id, or the error that names the unknown id.
pub fn find(id: &str) -> Result<RuleInfo, UnknownRule> {
    info(id).ok_or_else(|| UnknownRule(id.to_string()))
}

/// Which rules a run uses (`--select`, `--ignore`).
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("没有编号为“{0}”的规则（gongkai rules 列出全部规则）")]
pub struct UnknownRule(String);

impl Selection {
    pub fn validate(&self) -> Result<(), UnknownRule> {
        for id in self.select.iter().chain(&self.ignore) {
            find(id)?;
        }
        Ok(())
    }

    pub fn wants(&self, id: &str) -> bool {
        (self.select.is_empty() || self.select.iter().any(|s| s == id))
            && !self.ignore.iter().any(|s| s == id)
    }
}

/// Runs the selected rules, on every core; findings come out in registry order, then page
/// order, each with its fingerprint, each holding no more room than its texts take.
pub fn run(site: &Site, ctx: &Context<'_>, selection: &Selection) -> Vec<Finding> {
    let rules: Vec<&Rule> = REGISTRY
        .iter()
        .filter(|rule| selection.wants(rule.info.id))
        .collect();
    let found = schedule::check_all(&rules, |rule| {
        let mut findings = (rule.check)(site, ctx);
        for finding in &mut findings {
            finding.fingerprint = fingerprint_of(finding, rule.info.identity, ctx.as_of);
            finding.shrink_to_fit();
        }
        findings
    });
    join_in_order(found)
}

/// The rules' findings in the rules' order, in one vector: the largest rule's own (one rule
/// finds tens of thousands of problems on a large portal), the others' moved in around it,
/// so it is neither copied whole beside itself nor grown by doubling.
fn join_in_order(mut found: Vec<Vec<Finding>>) -> Vec<Finding> {
    let Some(largest) = (0..found.len()).max_by_key(|&n| found[n].len()) else {
        return Vec::new();
    };
    let total: usize = found.iter().map(Vec::len).sum();
    let mut all = std::mem::take(&mut found[largest]);
    all.reserve_exact(total - all.len());
    let before: Vec<Finding> = found.drain(..largest).flatten().collect();
    all.splice(0..0, before);
    all.extend(found.into_iter().flatten());
    all
}

#[cfg(test)]
pub(crate) mod testing;

#[cfg(test)]
mod tests;
