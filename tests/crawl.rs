//! The crawler against a real HTTP server on 127.0.0.1 serving fixtures/: robots.txt,
//! redirects, GBK pages, a 500 that recovers, a 429 with Retry-After, TRS and Hanweb
//! pagination, a dead link, limits, and a saved folder read the same way.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use gongkai::app::build_site;
use gongkai::crawl::fetch::FailureKind;
use gongkai::crawl::http::{HttpFetcher, HttpOptions};
use gongkai::crawl::mirror::MirrorFetcher;
use gongkai::crawl::{CrawlOptions, CrawlOutput, crawl};
use gongkai::model::Site;
use gongkai::model::body::Body;
use url::Url;

mod common;
use common::serve::{start, static_router};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn crawl_options() -> CrawlOptions {
    CrawlOptions {
        progress: false,
        ..CrawlOptions::default()
    }
}

fn fast_http() -> HttpOptions {
    HttpOptions {
        rate: None,
        backoff: Duration::from_millis(50),
        timeout: Duration::from_secs(5),
        ..HttpOptions::default()
    }
}

async fn serve(router: Router) -> Url {
    let (addr, _server) = start(router, 0).await.unwrap();
    Url::parse(&format!("http://{addr}/")).unwrap()
}

async fn crawl_http(start_url: Url, options: &CrawlOptions) -> CrawlOutput {
    let fetcher = Arc::new(HttpFetcher::new(fast_http()).unwrap());
    crawl(fetcher, start_url, options).await.unwrap()
}

fn column<'a>(site: &'a Site, name: &str) -> &'a gongkai::model::Column {
    site.columns
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("column {name}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn crawls_the_demo_portal_over_loopback() {
    let base = serve(static_router(&fixture("demo-portal")).unwrap()).await;
    let output = crawl_http(base.clone(), &crawl_options()).await;
    let site = build_site(&output);

    // TRS createPageHTML pagination: all three pages of 政策文件, entries joined.
    let policy = column(&site, "政策文件");
    assert_eq!(policy.pages_fetched, 3);
    assert_eq!(policy.pages_declared, Some(3));
    assert_eq!(policy.entries.len(), 10);
    // Static "下一页 / 尾页" pager.
    assert_eq!(column(&site, "工作动态").entries.len(), 7);
    assert_eq!(column(&site, "工作动态").pages_fetched, 2);
    // An empty column is a column with no entries, not a crawl error.
    assert!(column(&site, "规划计划").entries.is_empty());
    assert!(column(&site, "规划计划").empty_notice);

    // robots.txt keeps the crawler out of /search/.
    assert_eq!(output.stats.blocked_by_robots, 1);
    assert!(
        !output
            .pages
            .iter()
            .any(|p| p.record.url.contains("/search/"))
    );

    // The dead link is a crawl error naming the page that links to it; the run went on.
    assert_eq!(output.errors.len(), 1);
    let dead = &output.errors[0];
    assert_eq!(dead.status, Some(404));
    assert!(dead.url.ends_with("t20250818_3035.html"));
    assert_eq!(
        dead.linked_from.as_deref(),
        Some(base.join("xxgk/fdzdgknr/zcwj/").unwrap().as_str())
    );

    // GBK declared in a meta tag, and GBK declared nowhere, both read as Chinese.
    let duty = site
        .articles
        .iter()
        .find(|a| a.url.contains("t20250312_5001"))
        .unwrap();
    assert_eq!(duty.title(), "明湖市城市管理局主要职责");
    assert_eq!(duty.content.metadata.publisher(), Some("明湖市城市管理局"));
    assert_eq!(
        column(&site, "财政信息").entries[0].title,
        "明湖市城市管理局2025年部门预算公开"
    );
    assert!(output.stats.gb_pages >= 5, "{:?}", output.stats);
    assert!(output.stats.charset_from_meta >= 2);

    // The column tree nests as the sidebar and breadcrumbs show it.
    let xxgk = site
        .column_tree
        .iter()
        .find(|n| n.name == "政府信息公开")
        .unwrap();
    let statutory = xxgk
        .children
        .iter()
        .find(|n| n.name == "法定主动公开内容")
        .unwrap();
    let names: Vec<&str> = statutory.children.iter().map(|n| n.name.as_str()).collect();
    for expected in [
        "机构职能",
        "政策文件",
        "政策解读",
        "规划计划",
        "财政信息",
        "通知公告",
    ] {
        assert!(names.contains(&expected), "{names:?}");
    }
    assert_eq!(
        column(&site, "政策文件").path,
        vec!["政府信息公开", "法定主动公开内容", "政策文件"]
    );

    // Outbound links are recorded, not followed.
    assert!(
        site.outbound_links
            .iter()
            .any(|l| l.url.starts_with("http://www.gov.cn"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_saved_folder_gives_the_same_model_as_the_live_site() {
    let base = serve(static_router(&fixture("demo-portal")).unwrap()).await;
    let live = build_site(&crawl_http(base.clone(), &crawl_options()).await);
    let mirror = MirrorFetcher::new(&fixture("demo-portal"), base.clone()).unwrap();
    let saved = crawl(Arc::new(mirror), base, &crawl_options())
        .await
        .unwrap();
    assert_eq!(
        saved.errors.len(),
        1,
        "the dead link is dead in the folder too"
    );
    assert_eq!(build_site(&saved), live);
}

/// A lean crawl writes the article bodies to its temporary file and the model reads back
/// exactly the texts a crawl keeping whole records holds.
#[tokio::test(flavor = "multi_thread")]
async fn a_lean_crawl_reads_back_every_body_a_whole_one_holds() {
    let base = Url::parse("http://cgj.minghu.gov.cn/").unwrap();
    let mirror = Arc::new(MirrorFetcher::new(&fixture("demo-portal"), base.clone()).unwrap());
    let whole = build_site(
        &crawl(mirror.clone(), base.clone(), &crawl_options())
            .await
            .unwrap(),
    );
    let lean_options = CrawlOptions {
        lean_records: true,
        ..crawl_options()
    };
    let lean = build_site(&crawl(mirror, base, &lean_options).await.unwrap());
    assert_eq!(lean.articles.len(), whole.articles.len());
    let stored = lean
        .articles
        .iter()
        .filter(|a| matches!(a.content.body, Body::Stored { .. }))
        .count();
    assert!(stored > 10, "{stored} of the bodies stored");
    for (lean_article, whole_article) in lean.articles.iter().zip(&whole.articles) {
        assert_eq!(lean_article.url, whole_article.url);
        let held = whole_article.content.body.held().expect("held when whole");
        assert_eq!(lean.body(lean_article), held, "{}", lean_article.url);
    }
    assert_eq!(lean.texts.unread(), 0);
}

/// What the behaviour routes saw, for asserting on timing.
#[derive(Default)]
struct Hits {
    flaky: Vec<Instant>,
    limited: Vec<Instant>,
}

#[tokio::test(flavor = "multi_thread")]
async fn retries_backoff_retry_after_redirects_and_header_charsets() {
    let hits = Arc::new(Mutex::new(Hits::default()));
    let page = |title: &str| {
        format!(
            "<html><head><meta name=\"ArticleTitle\" content=\"{title}\"></head><body><div class=\"info\">发布时间：2025-05-06</div><div id=\"zoom\"><p>{title}正文</p></div></body></html>"
        )
    };
    let flaky_page = page("服务器偶发错误后恢复的页面");
    let limited_page = page("限流后恢复的页面");
    let h1 = Arc::clone(&hits);
    let h2 = Arc::clone(&hits);
    let special = Router::new()
        .route(
            "/special.html",
            get(|| async {
                axum::response::Html(
                    r#"<html><body><ul>
                    <li><a href="/flaky.html">偶发错误</a></li><li><a href="/limited.html">限流页面</a></li>
                    <li><a href="/moved.html">旧地址</a></li><li><a href="/gbk-header.html">GBK页面</a></li>
                    <li><a href="/gone.html">已删除页面</a></li></ul></body></html>"#,
                )
            }),
        )
        .route(
            "/flaky.html",
            get(move || async move {
                let first = {
                    let mut h = h1.lock().unwrap();
                    h.flaky.push(Instant::now());
                    h.flaky.len() == 1
                };
                if first { StatusCode::INTERNAL_SERVER_ERROR.into_response() } else { axum::response::Html(flaky_page).into_response() }
            }),
        )
        .route(
            "/limited.html",
            get(move || async move {
                let first = {
                    let mut h = h2.lock().unwrap();
                    h.limited.push(Instant::now());
                    h.limited.len() == 1
                };
                if first {
                    (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "1")]).into_response()
                } else {
                    axum::response::Html(limited_page).into_response()
                }
            }),
        )
        .route("/moved.html", get(|| async { Redirect::permanent("/xxgk/fdzdgknr/jgzn/202503/t20250312_5001.html") }))
        .route(
            "/gbk-header.html",
            get(|| async {
                let body = encoding_rs::GBK.encode("<html><body><h1>依申请公开办理流程</h1><p>发布日期：2025-06-01</p><div id=\"zoom\"><p>申请人可以通过信函、传真等方式提出申请。</p></div></body></html>").0.into_owned();
                Response::builder().header(header::CONTENT_TYPE, "text/html; charset=GBK").body(axum::body::Body::from(body)).unwrap()
            }),
        )
        .fallback_service(static_router(&fixture("demo-portal")).unwrap());
    let base = serve(special).await;
    let options = CrawlOptions {
        max_depth: 1,
        ..crawl_options()
    };
    let output = crawl_http(base.join("special.html").unwrap(), &options).await;
    let page_titled = |t: &str| output.pages.iter().find(|p| p.record.title == t);

    // 500 then 200: retried with backoff and read.
    assert!(page_titled("服务器偶发错误后恢复的页面").is_some());
    // 429 with Retry-After: 1 — the second request came a second later.
    assert!(page_titled("限流后恢复的页面").is_some());
    let hits = hits.lock().unwrap();
    assert_eq!(hits.flaky.len(), 2);
    assert_eq!(hits.limited.len(), 2);
    assert!(hits.limited[1] - hits.limited[0] >= Duration::from_millis(950));
    assert!(output.stats.retried_pages >= 2);

    // A redirect is followed and its final URL recorded.
    let moved = output
        .pages
        .iter()
        .find(|p| {
            p.requested_url
                .as_deref()
                .is_some_and(|u| u.ends_with("/moved.html"))
        })
        .unwrap();
    assert!(moved.record.url.ends_with("t20250312_5001.html"));
    assert_eq!(output.stats.redirects, 1);

    // Charset from the HTTP header.
    let gbk = output
        .pages
        .iter()
        .find(|p| p.record.url.ends_with("/gbk-header.html"))
        .unwrap();
    assert_eq!(gbk.record.title, "依申请公开办理流程");
    assert!(output.stats.charset_from_header >= 1);

    // The deleted page: a 404 crawl error; 404s are not retried.
    let gone = output
        .errors
        .iter()
        .find(|e| e.url.ends_with("/gone.html"))
        .unwrap();
    assert_eq!(
        (gone.kind, gone.status, gone.attempts),
        (FailureKind::Http, Some(404), 1)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn hanweb_lists_are_read_through_the_data_proxy() {
    let base = serve(static_router(&fixture("hanweb-portal")).unwrap()).await;
    let output = crawl_http(base, &crawl_options()).await;
    assert!(output.errors.is_empty(), "{:?}", output.errors);
    let site = build_site(&output);
    let notices = column(&site, "停水通知");
    assert_eq!(notices.entries.len(), 7, "all three proxy pages joined");
    assert_eq!(notices.pages_declared, Some(3));
    assert_eq!(
        notices.pagination,
        Some(gongkai::model::page::PaginationScheme::of(
            &gongkai::quirks::hanweb::Hanweb
        ))
    );
    assert_eq!(site.articles.len(), 7);
    let oldest = site
        .articles
        .iter()
        .find(|a| a.url.ends_with("art_4296_101.html"))
        .unwrap();
    assert_eq!(oldest.column.as_deref(), Some("停水通知"));
    assert_eq!(
        oldest.publication_date().unwrap().date.to_string(),
        "2025-08-15"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn page_and_depth_limits_hold() {
    let base = serve(static_router(&fixture("demo-portal")).unwrap()).await;
    let few = crawl_http(
        base.clone(),
        &CrawlOptions {
            max_pages: 5,
            ..crawl_options()
        },
    )
    .await;
    assert_eq!(few.pages.len() + few.errors.len(), 5);
    assert!(few.stats.skipped_by_limits > 0);
    let shallow = crawl_http(
        base,
        &CrawlOptions {
            max_depth: 1,
            ..crawl_options()
        },
    )
    .await;
    // Home (0) → 政府信息公开 (1) → 政策文件 (2): too deep.
    assert!(
        shallow
            .pages
            .iter()
            .any(|p| p.record.url.ends_with("/xxgk/"))
    );
    assert!(
        !shallow
            .pages
            .iter()
            .any(|p| p.record.url.contains("/zcwj/"))
    );
    assert!(shallow.stats.skipped_by_limits > 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreachable_start_url_is_a_clear_error() {
    let (_reserved, port) = common::ports::dead_port();
    let fetcher = Arc::new(
        HttpFetcher::new(HttpOptions {
            retries: 0,
            ..fast_http()
        })
        .unwrap(),
    );
    let start_url = Url::parse(&format!("http://127.0.0.1:{port}/")).unwrap();
    let error = crawl(fetcher, start_url, &crawl_options())
        .await
        .unwrap_err();
    assert_eq!(error.kind, FailureKind::Connect);
    assert!(error.to_string().contains("无法访问"), "{error}");
}
