//! One audit run: crawl a target (URL or saved folder), build the site model, run the rules,
//! and assemble the report. The command line is a thin layer over this.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use url::Url;

use crate::calendar::Calendar;
use crate::checks::Checks;
use crate::crawl::coverage::CrawlCoverage;
use crate::crawl::decode::decode;
use crate::crawl::external::check_outbound;
use crate::crawl::http::{HttpFetcher, HttpOptions};
use crate::crawl::mirror::MirrorFetcher;
use crate::crawl::{CrawlOptions, CrawlOutput, crawl};
use crate::error::{Error, FileKind, Usage};
use crate::finding::Finding;
use crate::indicators::IndicatorTable;
use crate::indicators::declared;
use crate::indicators::score::{RowResult, Scorecard, score};
use crate::indicators::verdict::Verdict;
use crate::model::meta::GuidelineMeta;
use crate::model::{BrokenLink, Site};
use crate::period::Period;
use crate::probe::Reachability;
use crate::report::{
    CrawlSection, RectificationInfo, Report, RunHeader, SiteInfo, TableScore, ToolInfo, Totals,
    veto,
};
use crate::rules::{self, Context, Selection};
use crate::text::join_years;

/// What to audit.
#[derive(Debug, Clone)]
pub enum Target {
    Url(Url),
    /// A saved mirror; `site_url` is the site it mirrors (links to it resolve into the folder).
    Folder {
        path: PathBuf,
        site_url: Url,
    },
}

impl Target {
    /// A URL (`http://…`) or a folder. A folder's site URL is `site_url` if given, else
    /// `http://{SiteDomain}/` from its home page's 发展指引 meta tag, else `http://localhost/`.
    pub fn parse(text: &str, site_url: Option<Url>) -> Result<Self, Error> {
        if text.starts_with("http://") || text.starts_with("https://") {
            let url = Url::parse(text).map_err(|source| Usage::BadUrl {
                text: text.to_string(),
                source,
            })?;
            return Ok(Target::Url(url));
        }
        let path = PathBuf::from(text);
        if !path.is_dir() {
            return Err(Usage::NotATarget(text.to_string()).into());
        }
        let site_url = match site_url {
            Some(url) => url,
            None => infer_site_url(&path),
        };
        Ok(Target::Folder { path, site_url })
    }
}

fn infer_site_url(folder: &Path) -> Url {
    let home = crate::model::links::DIRECTORY_INDEXES
        .iter()
        .find_map(|f| std::fs::read(folder.join(f)).ok());
    home.and_then(|bytes| {
        let text = decode(&bytes, None).text;
        let meta = GuidelineMeta::read(&scraper::Html::parse_document(&text));
        let domain = meta.get("SiteDomain")?.trim_end_matches('/').to_string();
        Url::parse(&format!("http://{domain}/")).ok()
    })
    .unwrap_or_else(|| Url::parse("http://localhost/").expect("valid url"))
}

/// Everything one run needs. [`RunOptions::new`] gives the shipped defaults; every field is
/// public to change.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub target: Target,
    pub crawl: CrawlOptions,
    pub http: HttpOptions,
    pub as_of: NaiveDate,
    pub period: Period,
    pub calendar: Calendar,
    pub checks: Checks,
    pub selection: Selection,
    pub indicators: IndicatorTable,
    /// Tables scored beside `indicators` (a locality's table and the national 19号 table side
    /// by side); `indicators` alone routes the 整改清单.
    pub also_indicators: Vec<IndicatorTable>,
    /// 台账 evidence people declared for the table's manual rows (自报), in force: a recorded
    /// run loads the portal's from the store (`gongkai evidence`); scored as declared.
    pub declarations: Vec<crate::rectify::Declaration>,
}

impl RunOptions {
    /// Audits `target` as of `as_of` with the shipped defaults: the 12 months ending at
    /// `as_of`, the official holiday calendar, the shipped `checks/` data with the department
    /// profile, every rule, the shipped indicator table, the default crawl limits and a polite
    /// 2 requests per second.
    pub fn new(target: Target, as_of: NaiveDate) -> Self {
        Self {
            target,
            crawl: CrawlOptions::default(),
            http: HttpOptions::default(),
            as_of,
            period: Period::year_ending(as_of),
            calendar: Calendar::official(),
            checks: Checks::defaults(),
            selection: Selection::default(),
            indicators: IndicatorTable::builtin(),
            also_indicators: Vec::new(),
            declarations: Vec::new(),
        }
    }
}

/// Crawls the target with the fetcher it needs.
pub async fn crawl_target(
    target: &Target,
    crawl_options: &CrawlOptions,
    http: &HttpOptions,
) -> Result<CrawlOutput, Error> {
    match target {
        Target::Url(url) => {
            let fetcher = HttpFetcher::new(http.clone())?;
            let mut output = crawl(Arc::new(fetcher), url.clone(), crawl_options).await?;
            if crawl_options.check_external {
                check_outbound(&mut output, crawl_options, http).await?;
            }
            Ok(output)
        }
        Target::Folder { path, site_url } => {
            let mut fetcher = MirrorFetcher::new(path, site_url.clone())
                .map_err(Error::reading(FileKind::Mirror, path))?
                .with_limits(http.limits());
            if crawl_options.keeps_lean() {
                fetcher = fetcher.without_validators();
            }
            Ok(crawl(Arc::new(fetcher), site_url.clone(), crawl_options).await?)
        }
    }
}

/// Links that answered 404/410/5xx or did not answer at all, with every page linking them:
/// internal ones the crawl failed, and outbound ones when they were checked.
fn broken_links(output: &CrawlOutput) -> Vec<BrokenLink> {
    use crate::crawl::fetch::FailureKind as K;
    let mut found: Vec<BrokenLink> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let external = output.external.failed.iter().map(|e| (e, true));
    for (error, external) in output.errors.iter().map(|e| (e, false)).chain(external) {
        let broken = match error.kind {
            K::Http => error
                .status
                .is_some_and(|s| s == 404 || s == 410 || s >= 500),
            K::Dns | K::Tls | K::Timeout | K::Connect | K::Redirect | K::Io => true,
            K::TooLarge | K::OffSite | K::Refused | K::Other => false,
        };
        if !broken || !seen.insert(error.url.as_str()) {
            continue;
        }
        found.push(BrokenLink {
            url: error.url.clone(),
            status: error.status,
            reason: error.kind.display().to_string(),
            linked_from: error.linked_from.iter().cloned().collect(),
            external,
        });
    }
    let targets: Vec<&str> = found.iter().map(|b| b.url.as_str()).collect();
    let linking = output.pages_linking(&targets);
    for (broken, linking) in found.iter_mut().zip(linking) {
        if !linking.is_empty() {
            broken.linked_from = linking;
        }
    }
    found
}

/// Builds the site model from a crawl kept whole (tests and tools): its pages are copied.
pub fn build_site(output: &CrawlOutput) -> Site {
    take_site(&mut output.clone())
}

/// Builds the site model from a crawl, taking its pages: their contents move into the model
/// (the crawl keeps its errors, stats and attachments; which pages link its failures, read
/// here, goes).
pub fn take_site(output: &mut CrawlOutput) -> Site {
    let broken = broken_links(output);
    output.inbound = Default::default();
    let pages = std::mem::take(&mut output.pages);
    let mut site = Site::build_tallied(pages, &output.outbound);
    site.attach_documents(&output.attachments);
    site.broken_links = broken;
    site.texts = output.texts.clone();
    for redirect in &output.off_site_redirects {
        let found_on = redirect.linked_from.as_deref().unwrap_or(&redirect.url);
        site.add_outbound_link(&redirect.target, found_on);
    }
    site
}

impl RunOptions {
    /// The crawl's options, with the locality's vocabulary: one copy, in `checks`.
    pub fn crawl_options(&self) -> CrawlOptions {
        CrawlOptions {
            vocabulary: self.checks.vocabulary.clone(),
            ..self.crawl.clone()
        }
    }
}

/// The whole run: crawl, then [`audit`]. A start page that does not open still gives a
/// report: its `site-unreachable` finding, every other part not checked.
pub async fn run(options: RunOptions) -> Result<Report, Error> {
    options.selection.validate()?;
    // Nothing keeps this crawl's records after the run: the crawl keeps what the model reads.
    let crawl_options = CrawlOptions {
        lean_records: true,
        ..options.crawl_options()
    };
    let crawled = crawl_target(&options.target, &crawl_options, &options.http).await;
    let (output, reachability) = crawled_or_unreached(&options, crawled, Reachability::default())?;
    Ok(audit_reaching(&options, output, reachability))
}

/// The crawl's output, or for a start page that did not open an empty crawl that says so,
/// `reachability` noting the failure. Other errors stay errors.
pub fn crawled_or_unreached(
    options: &RunOptions,
    crawled: Result<CrawlOutput, Error>,
    mut reachability: Reachability,
) -> Result<(CrawlOutput, Reachability), Error> {
    let failed = match crawled {
        Ok(output) => return Ok((output, reachability)),
        Err(Error::StartFailed(failed)) if failed.unreachable() => failed,
        Err(error) => return Err(error),
    };
    let start = start_url(&options.target);
    let why = format!("{}：{}", failed.kind.display(), failed.message);
    reachability.start_failed = Some((why, failed.status));
    let output = CrawlOutput {
        start_url: start.clone(),
        pages: Vec::new(),
        attachments: Vec::new(),
        errors: Vec::new(),
        off_site_redirects: Vec::new(),
        stats: Default::default(),
        warnings: Vec::new(),
        scope: crate::crawl::scope::Scope::new(&start, options.crawl.within_path),
        coverage: crate::crawl::coverage::CrawlCoverage {
            complete: false,
            reasons: vec![failed.to_string()],
        },
        external: Default::default(),
        inbound: Default::default(),
        outbound: Default::default(),
        texts: Default::default(),
    };
    Ok((output, reachability))
}

/// The URL a run starts from: the start URL, or a folder's site URL.
fn start_url(target: &Target) -> Url {
    match target {
        Target::Url(url) => url.clone(),
        Target::Folder { site_url, .. } => site_url.clone(),
    }
}

/// Everything after the crawl: the site model, the rules, the scores, the report.
pub fn audit(options: &RunOptions, output: CrawlOutput) -> Report {
    audit_reaching(options, output, Reachability::default())
}

/// Scores `findings` on `table`: rows by the rules, manual rows as people declared them
/// (`options.declarations` of that table), and the table's verdict.
fn scored(
    table: &IndicatorTable,
    findings: &mut [Finding],
    site: &Site,
    options: &RunOptions,
    coverage: &CrawlCoverage,
    veto: &veto::VetoSummary,
) -> (Vec<RowResult>, Scorecard) {
    let (mut rows, mut card) = score(
        table,
        findings,
        site,
        &options.selection,
        coverage,
        veto.triggered,
    );
    declared::apply(table, &mut rows, &mut card, &options.declarations);
    card.verdict = Verdict::of(table, &card, veto.incomplete);
    (rows, card)
}

/// [`audit`] with what is known of the portal's reachability: the home-page probes of the
/// week before as-of (a recorded run), whether the start page opened.
pub fn audit_reaching(
    options: &RunOptions,
    mut output: CrawlOutput,
    mut reachability: Reachability,
) -> Report {
    let mut site = take_site(&mut output);
    if reachability.url.is_empty() {
        reachability.url = start_url(&options.target).to_string();
    }
    let start_failed = reachability
        .start_failed
        .as_ref()
        .map(|_| output.coverage.reasons.join("；"));
    let ctx = Context::new(
        options.as_of,
        options.period,
        &options.calendar,
        &options.checks,
    )
    .with_coverage(output.coverage.clone())
    .with_reachability(reachability);
    let mut findings = rules::run(&site, &ctx, &options.selection);
    let interpretation = rules::interpretation_coverage(&site, &ctx);
    let mut warnings = Vec::new();
    let gaps = ctx.calendar_gaps();
    // The rules' shared analyses (the 政策解读 judgement of every document) end here, before
    // the scoring and the report add to what the findings and the model hold.
    drop(ctx);
    let unread = site.texts.unread();
    if unread > 0 {
        warnings.push(format!(
            "文章正文暂存文件读取失败 {unread} 次：这些正文的错别字、隐私信息、公开指南和政策解读匹配检查未完成"
        ));
    }
    if !gaps.is_empty() {
        warnings.push(format!(
            "节假日日历缺少{}年的国务院放假安排，涉及的工作日按周末推算；请用 --calendar 或在 checks/calendar/ 放入该年文件",
            join_years(&gaps)
        ));
    }
    let (start_url, mirror) = match &options.target {
        Target::Url(url) => (url.to_string(), None),
        Target::Folder { path, site_url } => {
            (site_url.to_string(), Some(path.display().to_string()))
        }
    };
    let info = SiteInfo {
        start_url,
        mirror,
        name: site.site_name.clone(),
        id_code: site.site_id_code.clone(),
    };
    let crawl = CrawlSection {
        complete: output.coverage.complete,
        incomplete_reasons: output.coverage.reasons.clone(),
        stats: output.stats,
        errors: output.errors,
        warnings: output.warnings,
        start_failed,
    };
    let veto = veto::summarize(
        &findings,
        &options.checks.columns.veto,
        &options.selection,
        &output.coverage,
    );
    let header = RunHeader {
        site: info,
        as_of: options.as_of,
        period: options.period,
    };
    let (indicators, score) = scored(
        &options.indicators,
        &mut findings,
        &site,
        options,
        &output.coverage,
        &veto,
    );
    // Scored on a copy: a finding's `indicators` name the main table's rows.
    let also_scored = options
        .also_indicators
        .iter()
        .map(|table| {
            let (rows, score) = scored(
                table,
                &mut findings.clone(),
                &site,
                options,
                &output.coverage,
                &veto,
            );
            TableScore { rows, score }
        })
        .collect();
    // A report republishes titles and texts: never a leaked personal number in full.
    rules::redact_personal_numbers(&mut site, &mut findings, options.as_of);
    // The loop's default deadline (`--deadline-days` overrides it), so the one-run 整改清单
    // and the recorded records agree.
    let working_days = options.checks.rectification.deadline_days;
    let rectification = RectificationInfo {
        deadline: options
            .calendar
            .add_working_days(options.as_of, working_days),
        working_days,
        default_department: options.indicators.default_department.clone(),
    };
    Report {
        tool: ToolInfo::this(),
        header,
        crawl,
        totals: Totals::of(&findings, &site),
        model: crate::report::model_section::ModelSection {
            site,
            detail: Default::default(),
        },
        findings,
        interpretation,
        veto,
        indicators,
        score,
        also_scored,
        rectification,
        warnings,
        history: None,
    }
}
