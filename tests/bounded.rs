//! Issue 12: no input makes a run abort, hang or grow without bound. Hostile pages (deep
//! nesting, huge link lists), lists that claim absurd page counts, slow servers, calendar
//! traps and mirrors that point outside their folder each end with a report that names them.

use gongkai::model::{PageKind, extract_page};

#[allow(dead_code)]
mod common;

use url::Url;

fn page_url() -> Url {
    Url::parse("http://x.gov.cn/xxgk/zcwj/index.html").unwrap()
}

/// Runs `f` on a thread with the 2 MB stack tokio's blocking pool gives page preparation.
fn on_worker_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .expect("no stack overflow or panic")
}

#[test]
fn ten_thousand_nested_tables_are_modelled_with_a_warning() {
    let record = on_worker_stack(|| {
        let mut html = String::from("<html><body>");
        for _ in 0..10_000 {
            html.push_str("<table><tr><td>");
        }
        html.push_str("深处的文字");
        html.push_str(&"</td></tr></table>".repeat(10_000));
        html.push_str("<p>表格之后</p></body></html>");
        extract_page(&page_url(), &html)
    });
    assert_eq!(record.warnings.len(), 1, "{:?}", record.warnings);
    assert!(record.warnings[0].contains("http://x.gov.cn/xxgk/zcwj/index.html"));
    assert!(record.warnings[0].contains("嵌套超过"));
}

#[test]
fn two_hundred_thousand_nested_divs_finish() {
    let record = on_worker_stack(|| {
        let mut html = String::from("<html><head><title>深层</title></head><body>");
        html.push_str(&"<div>".repeat(200_000));
        html.push_str(r#"<a href="/deep.html">最深处的链接文字</a>"#);
        html.push_str(&"</div>".repeat(200_000));
        html.push_str(r#"<a href="/after.html">之后的链接</a></body></html>"#);
        extract_page(&page_url(), &html)
    });
    assert_eq!(record.warnings.len(), 1);
    let urls: Vec<&str> = record.links.iter().map(|l| l.url.as_str()).collect();
    assert_eq!(
        urls,
        ["http://x.gov.cn/deep.html", "http://x.gov.cn/after.html"]
    );
    assert_eq!(record.links[0].text, "最深处的链接文字");
}

#[test]
fn a_page_of_twenty_thousand_links_is_modelled() {
    let record = on_worker_stack(|| {
        let mut html = String::from(
            r#"<html><body><meta name="ColumnName" content="政策文件"><div class="list">"#,
        );
        for k in 0..20_000 {
            html.push_str(&format!(
                r#"<a href="./2024{:02}/t2024{:02}{:02}_{k}.html">关于第{k}号文件的通知</a> 2024-{:02}-{:02}<br>"#,
                k % 12 + 1,
                k % 12 + 1,
                k % 28 + 1,
                k % 12 + 1,
                k % 28 + 1
            ));
        }
        html.push_str("</div></body></html>");
        extract_page(&page_url(), &html)
    });
    assert!(record.warnings.is_empty());
    assert_eq!(record.links.len(), 20_000);
    assert_eq!(record.kind, PageKind::List);
    let list = record.list.unwrap();
    assert_eq!(list.entries.len(), 20_000);
    let entry = &list.entries[12_345];
    assert_eq!(entry.title, "关于第12345号文件的通知");
    assert_eq!(
        entry
            .date
            .as_ref()
            .and_then(|d| d.date)
            .map(|d| d.to_string()),
        Some(format!(
            "2024-{:02}-{:02}",
            12_345 % 12 + 1,
            12_345 % 28 + 1
        ))
    );
}

// ---- Pagination: a claimed page count is a claim ----

fn trs_list(current: u32) -> String {
    format!(
        r#"<html><head><meta name="ColumnName" content="政策文件"></head><body>
        <ul class="list"><li><a href="./202405/t20240510_{current}.html">关于第{current}页文件的通知</a><span>2024-05-10</span></li></ul>
        <script>createPageHTML(999999, {current}, "index", "html");</script></body></html>"#
    )
}

#[test]
fn a_trs_claim_of_999999_pages_allocates_nothing_per_page() {
    let record = extract_page(&page_url(), &trs_list(0));
    let pagination = record.list.unwrap().pagination.unwrap();
    assert_eq!(pagination.total_pages, Some(999_999));
    assert!(pagination.pages.len() <= 1, "{:?}", pagination.pages);
    let series = pagination.series.unwrap();
    assert_eq!(series.len(), 999_998);
    assert_eq!(
        series.url(7),
        "http://x.gov.cn/xxgk/zcwj/index_7.html".to_string()
    );
}

mod loopback {
    use std::path::Path;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::{Duration, Instant};

    use axum::Router;
    use axum::http::{StatusCode, Uri};
    use axum::response::{Html, IntoResponse};
    use gongkai::crawl::http::{HttpFetcher, HttpOptions};
    use gongkai::crawl::mirror::MirrorFetcher;
    use gongkai::crawl::{CrawlOptions, CrawlOutput, StopReason, crawl};
    use url::Url;

    use super::common;

    fn options(max_pages: usize) -> CrawlOptions {
        CrawlOptions {
            max_pages,
            max_depth: 50,
            respect_robots: false,
            concurrency: 4,
            ..CrawlOptions::default()
        }
    }

    async fn serve(router: Router) -> Url {
        let (addr, _server) = common::serve::start(router, 0).await.unwrap();
        Url::parse(&format!("http://{addr}/")).unwrap()
    }

    async fn crawl_http(start: Url, options: &CrawlOptions) -> CrawlOutput {
        let fetcher = Arc::new(
            HttpFetcher::new(HttpOptions {
                rate: None,
                retries: 0,
                timeout: Duration::from_secs(10),
                ..HttpOptions::default()
            })
            .unwrap(),
        );
        crawl(fetcher, start, options).await.unwrap()
    }

    fn warning<'a>(output: &'a CrawlOutput, needle: &str) -> &'a str {
        output
            .warnings
            .iter()
            .find(|w| w.contains(needle))
            .unwrap_or_else(|| panic!("no warning with {needle:?}: {:#?}", output.warnings))
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_trs_list_claiming_999999_pages_is_capped_with_a_warning() {
        let router = Router::new().fallback(|uri: Uri| async move {
            let path = uri.path();
            let current = path
                .strip_prefix("/list/index_")
                .and_then(|r| r.strip_suffix(".html"))
                .and_then(|n| n.parse().ok())
                .or((path == "/list/").then_some(0));
            match current {
                Some(k) => Html(super::trs_list(k)).into_response(),
                None if path == "/" => Html(r#"<a href="/list/">政策文件栏目</a>"#).into_response(),
                None => StatusCode::NOT_FOUND.into_response(),
            }
        });
        let base = serve(router).await;
        let began = Instant::now();
        let output = crawl_http(base.clone(), &options(60)).await;
        assert!(began.elapsed() < Duration::from_secs(60));
        assert_eq!(output.stopped_by(), Some(StopReason::MaxPages));
        let list_pages = output
            .pages
            .iter()
            .filter(|p| p.record.url.contains("/list/index_"))
            .count();
        assert!(list_pages > 10 && list_pages < 60, "{list_pages}");
        let list = base.join("list/").unwrap();
        let capped = warning(&output, "声明共 999999 页");
        assert!(capped.contains(list.as_str()), "{capped}");
        warning(&output, "抓取未完成");
    }

    /// A 尾页 link to `index_99999999.html` beside a numbered pager declares a series; the
    /// crawl takes the budget's share of it, no more, and says so.
    #[tokio::test(flavor = "multi_thread")]
    async fn a_last_page_link_to_index_99999999_is_capped() {
        let hits = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&hits);
        let router = Router::new().fallback(move |uri: Uri| {
            let counter = Arc::clone(&counter);
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                let path = uri.path().to_string();
                if path == "/" || path.starts_with("/news/index") || path == "/news/" {
                    Html(format!(
                        r#"<html><body><meta name="ColumnName" content="工作动态">
                        <ul><li><a href="/news/t20240510_1.html">关于{path}的工作动态</a><span>2024-05-10</span></li></ul>
                        <div class="page"><a href="/news/index_1.html">2</a><a href="/news/index_2.html">下一页</a>
                        <a href="/news/index_99999999.html">尾页</a></div></body></html>"#
                    ))
                    .into_response()
                } else {
                    StatusCode::NOT_FOUND.into_response()
                }
            }
        });
        let base = serve(router).await;
        let output = crawl_http(base.join("news/").unwrap(), &options(40)).await;
        assert_eq!(output.stopped_by(), Some(StopReason::MaxPages));
        assert!(hits.load(Ordering::SeqCst) <= 41);
        warning(&output, "声明共 100000000 页");
    }

    /// An endless "下一页" chain: each page links the next, forever.
    #[tokio::test(flavor = "multi_thread")]
    async fn an_endless_next_page_chain_is_cut_at_the_list_cap() {
        let router = Router::new().fallback(|uri: Uri| async move {
            let k: u64 = uri
                .path()
                .strip_prefix("/list/index_")
                .and_then(|r| r.strip_suffix(".html"))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            Html(format!(
                r#"<html><body><meta name="ColumnName" content="通知公告">
                <ul><li><a href="/a/t20240510_{k}.html">关于第{k}页的通知公告</a><span>2024-05-10</span></li></ul>
                <a href="/list/index_{}.html">下一页</a></body></html>"#,
                k + 1
            ))
            .into_response()
        });
        let base = serve(router).await;
        let output = crawl_http(
            base.join("list/").unwrap(),
            &CrawlOptions {
                max_list_pages: 20,
                max_depth: 0,
                ..options(1000)
            },
        )
        .await;
        let list_pages = output
            .pages
            .iter()
            .filter(|p| p.pagination_of.is_some())
            .count();
        assert_eq!(list_pages, 19);
        let cut = warning(&output, "的翻页超过 20 页");
        assert!(cut.contains("/list/"), "{cut}");
        assert!(output.stats.cut_as_traps > 0);
        // The pages after the cap were not seen: nothing may be concluded from their absence.
        assert!(!output.coverage.complete);
        assert!(
            output
                .coverage
                .reasons
                .iter()
                .any(|r| r == "1 个列表的翻页超过 --max-list-pages 20 页，其后各页未抓取"),
            "{:?}",
            output.coverage.reasons
        );
        warning(&output, "--max-depth");
    }

    /// Nothing is guessed: a lone 尾页 link declares itself, not `index_1.html` … before it.
    /// Every page not linked answers 404, so a probe would show up as a crawl error.
    #[tokio::test(flavor = "multi_thread")]
    async fn pages_nothing_links_are_never_probed() {
        let router = Router::new().fallback(|uri: Uri| async move {
            match uri.path() {
                "/" => Html(
                    r#"<html><body><meta name="ColumnName" content="通知公告">
                    <ul><li><a href="/a/t20240510_1.html">关于开展检查工作的通知</a><span>2024-05-10</span></li></ul>
                    <a href="/index_5.html">尾页</a></body></html>"#,
                )
                .into_response(),
                "/index_5.html" | "/a/t20240510_1.html" => {
                    Html("<html><body><p>第五页</p></body></html>").into_response()
                }
                _ => StatusCode::NOT_FOUND.into_response(),
            }
        });
        let base = serve(router).await;
        let output = crawl_http(base, &options(100)).await;
        assert!(output.errors.is_empty(), "{:#?}", output.errors);
        assert_eq!(output.pages.len(), 3);
        assert_eq!(output.stopped_by(), None);
    }

    /// Every page but the first takes 30 s to answer; the 1 s deadline ends the crawl with a
    /// report marked incomplete.
    #[tokio::test(flavor = "multi_thread")]
    async fn the_deadline_ends_a_slow_crawl_with_an_incomplete_report() {
        let router = Router::new().fallback(|uri: Uri| async move {
            if uri.path() == "/" {
                let links: String = (0..20)
                    .map(|k| format!(r#"<a href="/slow/{k}.html">慢页面{k}</a>"#))
                    .collect();
                return Html(format!("<html><body>{links}</body></html>")).into_response();
            }
            tokio::time::sleep(Duration::from_secs(30)).await;
            Html("<html><body>迟到</body></html>").into_response()
        });
        let base = serve(router).await;
        let began = Instant::now();
        let output = crawl_http(
            base,
            &CrawlOptions {
                deadline: Duration::from_secs(1),
                ..options(100)
            },
        )
        .await;
        assert!(
            began.elapsed() < Duration::from_secs(5),
            "{:?}",
            began.elapsed()
        );
        assert_eq!(output.stopped_by(), Some(StopReason::Deadline));
        assert_eq!(output.pages.len(), 1);
        assert_eq!(output.stats.queued_not_fetched, 20);
        let incomplete = warning(&output, "抓取未完成");
        assert!(incomplete.contains("抓取时限"), "{incomplete}");
        assert!(
            incomplete.contains("20 个已发现的链接未抓取"),
            "{incomplete}"
        );
    }

    /// A calendar links every day to the 40 days after it: an endless `?date=` trap.
    #[tokio::test(flavor = "multi_thread")]
    async fn a_calendar_date_trap_is_cut_short() {
        let router = Router::new().fallback(|uri: Uri| async move {
            let day: i64 = uri
                .query()
                .and_then(|q| q.strip_prefix("date=2025-01-"))
                .and_then(|d| d.parse().ok())
                .unwrap_or(0);
            let links: String = (1..=40)
                .map(|k| {
                    let n = day + k;
                    format!(r#"<a href="/cal.jsp?date=2025-01-{n:02}">{n}日活动</a>"#)
                })
                .collect();
            Html(format!(
                "<html><body><table class=\"calendar\">{links}</table></body></html>"
            ))
            .into_response()
        });
        let base = serve(router).await;
        let output = crawl_http(base, &options(2000)).await;
        let calendar = output
            .pages
            .iter()
            .filter(|p| p.record.url.contains("/cal.jsp"))
            .count();
        assert!(calendar <= 31, "{calendar}");
        assert!(output.stats.cut_as_traps > 0);
        let trap = warning(&output, "日期参数变化超过 31 种");
        assert!(trap.contains("/cal.jsp"), "{trap}");
        assert_eq!(output.stopped_by(), None);
    }

    // ---- Mirrors stay in their folder ----

    #[cfg(unix)]
    #[tokio::test(flavor = "multi_thread")]
    async fn a_mirror_refuses_symlinks_out_loops_to_itself_and_dot_dot_in_queries() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.html"), "<p>镜像之外的机密</p>").unwrap();
        let holder = tempfile::tempdir().unwrap();
        let root = holder.path().join("site");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(holder.path().join("secret.html"), "<p>镜像之外的机密</p>").unwrap();
        symlink(outside.path(), root.join("out")).unwrap();
        symlink(".", root.join("loop")).unwrap();
        // A directory named like a query's first half makes `page.html?x=/../../secret.html`
        // a real path on disk that leaves the folder.
        std::fs::create_dir(root.join("page.html?x=")).unwrap();
        std::fs::write(
            root.join("index.html"),
            r#"<html><body><a href="/out/secret.html">外链</a><a href="/loop/">循环</a>
            <a href="/loop/loop/index.html">再循环</a><a href="/page.html?x=/../../secret.html">查询</a>
            <a href="/a.html">正常页面</a></body></html>"#,
        )
        .unwrap();
        std::fs::write(
            root.join("a.html"),
            r#"<html><body><a href="loop/a.html">自身</a></body></html>"#,
        )
        .unwrap();

        let origin = Url::parse("http://x.gov.cn/").unwrap();
        let mirror = MirrorFetcher::new(&root, origin.clone()).unwrap();
        assert!(
            mirror
                .file_for(&origin.join("out/secret.html").unwrap())
                .is_none()
        );
        assert!(
            mirror
                .file_for(&origin.join("page.html?x=/../../secret.html").unwrap())
                .is_none()
        );
        let output = crawl(Arc::new(mirror), origin, &options(100))
            .await
            .unwrap();
        let urls: Vec<&str> = output.pages.iter().map(|p| p.record.url.as_str()).collect();
        assert_eq!(
            urls,
            ["http://x.gov.cn/", "http://x.gov.cn/a.html"],
            "{urls:?}"
        );
        assert!(
            !output
                .pages
                .iter()
                .any(|p| p.record.links.iter().any(|l| l.text.contains("机密")))
        );
        let refused = output
            .errors
            .iter()
            .find(|e| e.url.ends_with("/out/secret.html"))
            .unwrap_or_else(|| panic!("{:#?}", output.errors));
        assert!(refused.message.contains("镜像目录"), "{}", refused.message);
        assert!(refused.message.contains("之外"), "{}", refused.message);
        assert!(Path::new(&root).exists());
    }
}
