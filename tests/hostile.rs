//! Fault injection: the crawler against hostile servers on 127.0.0.1 (and a second one on
//! 127.0.0.2 that must never be asked anything). Every run must end by itself, keep what it
//! could read, and name each failure in Chinese. The servers stop by themselves.
//!
//! `serve_for_benchmark` (ignored) serves one scenario for `benches/hostile.sh`.

#[path = "hostile/scenarios.rs"]
mod scenarios;
#[path = "hostile/server.rs"]
mod server;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use gongkai::app::build_site;
use gongkai::crawl::fetch::{FailureKind, Fetch};
use gongkai::crawl::http::{HttpFetcher, HttpOptions};
use gongkai::crawl::{CrawlError, CrawlOptions, CrawlOutput, StartFailed, crawl};
use url::Url;

use scenarios::{elsewhere, scenario};
use server::{Hits, page, redirect, serve};

const MIB: u64 = 1024 * 1024;

fn http(timeout_ms: u64, retries: u32) -> HttpOptions {
    HttpOptions {
        rate: None,
        timeout: Duration::from_millis(timeout_ms),
        retries,
        backoff: Duration::from_millis(50),
        max_page_bytes: 4 * MIB,
        max_attachment_bytes: 8 * MIB,
        ..HttpOptions::default()
    }
}

fn options() -> CrawlOptions {
    CrawlOptions {
        progress: false,
        ..CrawlOptions::default()
    }
}

/// A scenario's crawl: its output, the hits of the portal and of the server elsewhere, and
/// how long it took. A run that does not end within `bound` fails the test.
struct Run {
    output: Result<CrawlOutput, StartFailed>,
    hits: Hits,
    elsewhere: Hits,
    took: Duration,
}

async fn run_router(router: impl FnOnce(&Url) -> Router, http: HttpOptions, bound: u64) -> Run {
    let (off_host, elsewhere_hits) = serve(elsewhere(), "127.0.0.2").await;
    let (url, hits) = serve(router(&off_host), "127.0.0.1").await;
    let fetcher = Arc::new(HttpFetcher::new(http).unwrap());
    let began = Instant::now();
    let output = tokio::time::timeout(Duration::from_secs(bound), crawl(fetcher, url, &options()))
        .await
        .unwrap_or_else(|_| panic!("the crawl did not end within {bound} s"));
    Run {
        output,
        hits,
        elsewhere: elsewhere_hits,
        took: began.elapsed(),
    }
}

async fn run(name: &str, http: HttpOptions, bound: u64) -> (CrawlOutput, Run) {
    let mut run = run_router(|off| scenario(name, off), http, bound).await;
    let output = std::mem::replace(
        &mut run.output,
        Err(StartFailed {
            url: String::new(),
            kind: FailureKind::Other,
            status: None,
            message: String::new(),
            not_a_page: None,
        }),
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(
        run.elsewhere.total(),
        0,
        "{name}: a request left the portal"
    );
    (output, run)
}

fn error<'a>(output: &'a CrawlOutput, path: &str) -> &'a CrawlError {
    output
        .errors
        .iter()
        .find(|e| e.url.ends_with(path))
        .unwrap_or_else(|| panic!("no error for {path}: {:#?}", output.errors))
}

fn has_page(output: &CrawlOutput, title: &str) -> bool {
    output.pages.iter().any(|p| p.record.title == title)
}

fn warned(output: &CrawlOutput, text: &str) -> bool {
    output.warnings.iter().any(|w| w.contains(text))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_gzip_bomb_is_cut_at_the_page_limit() {
    // A generous timeout: on a loaded machine a first attempt that timed out would be retried
    // rightly, and the count below is about the size limit only.
    let (output, run) = run("gzip-bomb", http(60_000, 2), 120).await;
    let bomb = error(&output, "/bomb.html");
    assert_eq!(bomb.kind, FailureKind::TooLarge);
    assert_eq!(bomb.message, "页面超过4 MB");
    assert_eq!(
        run.hits.of("/bomb.html"),
        1,
        "an oversized page is not retried"
    );
    assert!(has_page(&output, "正常页面"), "the run went on");
}

#[tokio::test(flavor = "multi_thread")]
async fn storms_of_5xx_are_retried_then_reported() {
    let (output, run) = run("5xx-storm", http(5_000, 2), 30).await;
    for n in 1..=6 {
        let failed = error(&output, &format!("/e/{n}"));
        assert_eq!(failed.kind, FailureKind::Http);
        assert_eq!(failed.status, Some(if n % 2 == 0 { 503 } else { 500 }));
        assert_eq!(failed.attempts, 3);
        assert_eq!(run.hits.of(&format!("/e/{n}")), 3);
    }
    assert!(has_page(&output, "正常页面"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_429_storm_waits_as_asked_then_gives_up() {
    let (output, run) = run("429-storm", http(5_000, 1), 30).await;
    for n in 1..=4 {
        let failed = error(&output, &format!("/r/{n}"));
        assert_eq!((failed.status, failed.attempts), (Some(429), 2));
    }
    assert!(
        run.took >= Duration::from_millis(950),
        "Retry-After: 1 honoured"
    );
    assert!(run.took < Duration::from_secs(10), "{:?}", run.took);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dripping_body_times_out_and_is_retried() {
    let (output, run) = run("drip", http(1_500, 1), 30).await;
    let drip = error(&output, "/drip.html");
    assert_eq!(drip.kind, FailureKind::Timeout);
    assert!(drip.message.contains("读取响应超时"), "{}", drip.message);
    assert_eq!((drip.attempts, run.hits.of("/drip.html")), (2, 2));
    // Two attempts of 1.5 s each, plus the home page and a backoff.
    assert!(run.took < Duration::from_secs(6), "{:?}", run.took);
    assert!(has_page(&output, "正常页面"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_that_never_answers_times_out() {
    let (output, run) = run("hang", http(1_000, 1), 30).await;
    let hang = error(&output, "/hang.html");
    assert_eq!((hang.kind, hang.attempts), (FailureKind::Timeout, 2));
    assert!(hang.message.contains("请求超时"), "{}", hang.message);
    assert!(run.took < Duration::from_secs(5), "{:?}", run.took);
}

#[tokio::test(flavor = "multi_thread")]
async fn broken_encodings_and_types_still_give_pages() {
    let (output, _) = run("encodings", http(5_000, 0), 30).await;
    assert!(output.errors.is_empty(), "{:#?}", output.errors);
    for title in [
        "非法字节页面",
        "未知字符集页面",
        "错误类型页面",
        "含空字节页面",
    ] {
        assert!(has_page(&output, title), "{title}");
    }
    assert!(
        warned(&output, "无法按 UTF-8 解码"),
        "{:#?}",
        output.warnings
    );
    assert!(
        warned(&output, "“x-bogus-2000”无法识别"),
        "{:#?}",
        output.warnings
    );
    assert!(
        warned(&output, "application/octet-stream"),
        "{:#?}",
        output.warnings
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_5mb_single_line_is_read() {
    let http = HttpOptions {
        max_page_bytes: 20 * MIB,
        ..http(20_000, 0)
    };
    let (output, _) = run("long-line", http, 60).await;
    assert!(has_page(&output, "超长单行"));
    assert!(has_page(&output, "正常页面"), "its link was followed");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_meta_refresh_loop_is_crawled_once() {
    let (output, run) = run("meta-refresh", http(5_000, 0), 30).await;
    assert_eq!(output.pages.len(), 3);
    assert_eq!((run.hits.of("/a.html"), run.hits.of("/b.html")), (1, 1));
}

#[tokio::test(flavor = "multi_thread")]
async fn redirect_loops_and_chains_end() {
    let (output, run) = run("redirects", http(5_000, 0), 30).await;
    for path in ["/loop-a", "/self"] {
        let looped = error(&output, path);
        assert_eq!(looped.kind, FailureKind::Redirect);
        assert!(
            looped.message.starts_with("重定向循环"),
            "{}",
            looped.message
        );
    }
    let chain = error(&output, "/chain/1");
    assert!(
        chain.message.contains("重定向超过10次"),
        "{}",
        chain.message
    );
    let chain_hits: usize = (1..=20).map(|n| run.hits.of(&format!("/chain/{n}"))).sum();
    assert_eq!(chain_hits, 11, "the first request and ten redirects");
    // A short in-scope chain is followed to its end, and recorded as a redirect.
    let landed = output
        .pages
        .iter()
        .find(|p| p.record.url.ends_with("/landing.html"))
        .unwrap();
    assert!(
        landed
            .requested_url
            .as_deref()
            .unwrap()
            .ends_with("/short/1")
    );
    // A raw UTF-8 Location is followed too.
    assert!(has_page(&output, "UTF-8跳转终点"));
    assert_eq!(output.stats.redirects, 2);
    assert_eq!(output.stats.retried_pages, 0, "a redirect is not a retry");
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_off_the_portal_is_ever_requested() {
    let (output, _) = run("off-host", http(5_000, 0), 30).await;
    let targets: Vec<&str> = output
        .off_site_redirects
        .iter()
        .map(|r| r.target.as_str())
        .collect();
    assert!(
        targets.iter().any(|t| t.starts_with("http://127.0.0.2:")),
        "{targets:?}"
    );
    assert!(targets.contains(&"http://169.254.169.254/latest/meta-data/"));
    assert!(warned(
        &output,
        "/metadata 重定向到站外地址 http://169.254.169.254/"
    ));
    // Attachments off the portal, directly or through a redirect, say so.
    let site = build_site(&output);
    let reasons: Vec<&str> = site.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("附件不在本网站检查范围内")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("附件重定向到站外地址")),
        "{reasons:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn link_local_and_metadata_addresses_are_refused_without_a_request() {
    let fetcher = HttpFetcher::new(http(5_000, 3)).unwrap();
    for url in [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/",
        "http://100.100.100.200/latest/meta-data/",
    ] {
        let began = Instant::now();
        let refused = fetcher.fetch(&Url::parse(url).unwrap()).await.unwrap_err();
        assert_eq!((refused.kind, refused.attempts), (FailureKind::Refused, 0));
        assert!(
            refused.message.contains("元数据地址"),
            "{}",
            refused.message
        );
        assert!(began.elapsed() < Duration::from_millis(200));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_start_page_redirecting_off_the_portal_is_a_clear_start_failure() {
    let off = |off_host: &Url| {
        let target = off_host.join("new-home/").unwrap().to_string();
        Router::new().route("/", get(move || async move { redirect(&target) }))
    };
    let run = run_router(off, http(5_000, 0), 30).await;
    let failed = run.output.unwrap_err();
    assert_eq!(failed.kind, FailureKind::OffSite);
    assert!(
        failed.to_string().contains("请以 http://127.0.0.2:"),
        "{failed}"
    );
    assert_eq!(run.elsewhere.total(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn robots_answering_503_disallows_everything_with_a_warning() {
    let (output, run) = run("robots-503", http(5_000, 1), 30).await;
    assert!(output.pages.is_empty());
    assert_eq!(run.hits.of("/"), 0);
    assert_eq!(run.hits.of("/robots.txt"), 2, "retried once like any 5xx");
    assert_eq!(output.stats.blocked_by_robots, 1);
    assert!(warned(&output, "RFC 9309"), "{:#?}", output.warnings);
    assert!(warned(&output, "--ignore-robots"));
}

#[tokio::test(flavor = "multi_thread")]
async fn robots_answering_404_allows_everything() {
    let (output, run) = run("robots-404", http(5_000, 0), 30).await;
    assert_eq!(run.hits.of("/robots.txt"), 1);
    assert!(has_page(&output, "首页") && has_page(&output, "正常页面"));
    assert!(output.warnings.is_empty(), "{:#?}", output.warnings);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_huge_robots_txt_is_read_up_to_500_kib() {
    let robots = || {
        let mut text = String::from("User-agent: *\nDisallow: /early/\n");
        while text.len() < 600 * 1024 {
            text.push_str("# 填充内容 padding padding padding\n");
        }
        text.push_str("Disallow: /late/\n");
        text
    };
    let router = |_: &Url| {
        Router::new()
            .route(
                "/",
                get(|| async {
                    page(
                        "首页",
                        "<a href=\"/early/a.html\">早</a><a href=\"/late/b.html\">晚</a>",
                    )
                }),
            )
            .route("/robots.txt", get(move || async move { robots() }))
            .route("/late/b.html", get(|| async { page("晚", "") }))
    };
    let run = run_router(router, http(5_000, 0), 30).await;
    let output = run.output.unwrap();
    assert_eq!(output.stats.blocked_by_robots, 1);
    assert_eq!(run.hits.of("/early/a.html"), 0);
    assert!(has_page(&output, "晚"), "the rule past 500 KiB is not read");
}

#[tokio::test(flavor = "multi_thread")]
async fn report_attachments_that_cannot_be_read_say_why() {
    let (output, run) = run("attachments", http(10_000, 1), 60).await;
    let why = |file: &str| {
        output
            .attachments
            .iter()
            .find(|a| a.url.ends_with(file))
            .unwrap_or_else(|| panic!("{file}: {:#?}", output.attachments))
            .read
            .as_ref()
            .unwrap_err()
            .to_string()
    };
    assert!(
        why("/garbage.pdf").contains("不是PDF文件"),
        "{}",
        why("/garbage.pdf")
    );
    assert!(
        why("/truncated.pdf").contains("PDF"),
        "{}",
        why("/truncated.pdf")
    );
    assert!(
        why("/bomb.docx").contains("压缩炸弹"),
        "{}",
        why("/bomb.docx")
    );
    assert_eq!(why("/huge.pdf"), "附件超过8 MB");
    assert_eq!(why("/huge-declared.pdf"), "附件超过8 MB");
    assert!(
        why("/encrypted.pdf").contains("已加密"),
        "{}",
        why("/encrypted.pdf")
    );
    assert!(
        why("/webpage.pdf").contains("返回的是网页"),
        "{}",
        why("/webpage.pdf")
    );
    assert_eq!(error(&output, "/huge.pdf").kind, FailureKind::TooLarge);
    assert_eq!(
        run.hits.of("/f/huge.pdf"),
        1,
        "an oversized attachment is not retried"
    );
    // The model carries each reason to the report.
    let site = build_site(&output);
    let warnings = site
        .warnings
        .iter()
        .filter(|w| w.message.starts_with("附件无法读取"));
    assert_eq!(warnings.count(), 7, "{:#?}", site.warnings);
}

/// Serves `HOSTILE_SCENARIO` on 127.0.0.1 for `benches/hostile.sh`: writes its URL to
/// `HOSTILE_URL_FILE` and the off-host server's request count to `HOSTILE_HITS_FILE` (every
/// second), and stops after `HOSTILE_SECONDS` (default 300).
#[tokio::test(flavor = "multi_thread")]
#[ignore = "a server for benches/hostile.sh"]
async fn serve_for_benchmark() {
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"));
    let name = var("HOSTILE_SCENARIO");
    let seconds: u64 = std::env::var("HOSTILE_SECONDS").map_or(300, |s| s.parse().unwrap());
    let lifetime = Duration::from_secs(seconds);
    let (off_host, off_hits) = server::serve_for(elsewhere(), "127.0.0.2", lifetime).await;
    let (url, _) = server::serve_for(scenario(&name, &off_host), "127.0.0.1", lifetime).await;
    std::fs::write(var("HOSTILE_URL_FILE"), url.as_str()).unwrap();
    let hits_file = var("HOSTILE_HITS_FILE");
    let began = Instant::now();
    while began.elapsed() < lifetime {
        std::fs::write(&hits_file, off_hits.total().to_string()).unwrap();
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
