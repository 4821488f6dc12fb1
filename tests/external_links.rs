//! `--check-external`: the links leaving the portal checked politely (HEAD first, GET only when
//! HEAD is refused or fails), never crawled, a failure a `link-broken` finding that says it is
//! external; off by default, not a single request leaves the portal. The portal is served on
//! 127.0.0.1, the "outside" site on 127.0.0.2 (a different host).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Html;
use axum::routing::get;
use chrono::NaiveDate;
use gongkai::{Finding, RunOptions, Target};
use url::Url;

/// Requests seen, as `METHOD /path`.
#[derive(Default, Clone)]
struct Hits(Arc<Mutex<HashMap<String, usize>>>);

impl Hits {
    fn of(&self, key: &str) -> usize {
        self.0.lock().unwrap().get(key).copied().unwrap_or(0)
    }

    fn total(&self) -> usize {
        self.0.lock().unwrap().values().sum()
    }
}

async fn serve(router: Router, ip: &str) -> (Url, Hits) {
    let hits = Hits::default();
    let counter = hits.clone();
    let router = router.layer(axum::middleware::from_fn(
        move |request: Request, next: Next| {
            let counter = counter.clone();
            async move {
                let key = format!("{} {}", request.method(), request.uri().path());
                *counter.0.lock().unwrap().entry(key).or_default() += 1;
                next.run(request).await
            }
        },
    ));
    let listener = tokio::net::TcpListener::bind((ip, 0)).await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    (Url::parse(&format!("http://{addr}/")).unwrap(), hits)
}

fn html(body: &str) -> Html<String> {
    Html(format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>明湖市人民政府</title></head><body>{body}</body></html>"
    ))
}

/// The site elsewhere: a page that opens (linking further pages that must never be asked
/// for), one gone, one failing, and two servers that refuse HEAD (405, 501) — one whose page
/// opens, one whose page is gone.
fn outside() -> Router {
    let refused = || async { StatusCode::METHOD_NOT_ALLOWED };
    Router::new()
        .route(
            "/ok.html",
            get(|| async { html(r#"<a href="/deeper.html">更深的页面</a>"#) }),
        )
        .route("/deeper.html", get(|| async { html("不应被访问") }))
        .route("/gone.html", get(|| async { StatusCode::NOT_FOUND }))
        .route(
            "/error.html",
            get(|| async { StatusCode::INTERNAL_SERVER_ERROR }),
        )
        .route(
            "/head405.html",
            get(|| async { html("只接受GET") }).head(refused),
        )
        .route(
            "/head405-gone.html",
            get(|| async { StatusCode::NOT_FOUND }).head(refused),
        )
        .route(
            "/head501.html",
            get(|| async { html("只接受GET") }).head(|| async { StatusCode::NOT_IMPLEMENTED }),
        )
}

const PAGES: &[&str] = &[
    "ok.html",
    "gone.html",
    "error.html",
    "head405.html",
    "head405-gone.html",
    "head501.html",
];

/// The portal: a home page linking every outside page (and one internal page that links two
/// of them again).
async fn portal(outside: &Url) -> (Url, Hits) {
    let links: String = PAGES
        .iter()
        .map(|p| format!(r#"<li><a href="{outside}{p}">站外 {p}</a></li>"#))
        .collect();
    let home = format!(r#"<ul>{links}</ul><a href="/about.html">关于我们</a>"#);
    let about = format!(
        r#"<a href="{outside}gone.html">旧链接</a><a href="{outside}ok.html">友情链接</a>"#
    );
    serve(
        Router::new()
            .route("/", get(move || async move { html(&home) }))
            .route("/about.html", get(move || async move { html(&about) })),
        "127.0.0.1",
    )
    .await
}

fn options(url: &Url, check_external: bool) -> RunOptions {
    let mut options = RunOptions::new(
        Target::Url(url.clone()),
        NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
    );
    options.http.rate = Some(50.0);
    options.http.retries = 0;
    options.crawl.progress = false;
    options.crawl.check_external = check_external;
    options.selection.select = vec!["link-broken".to_string()];
    options
}

fn broken(findings: &[Finding], path: &str) -> Option<Finding> {
    findings
        .iter()
        .find(|f| f.rule == "link-broken" && f.url.ends_with(path))
        .cloned()
}

#[tokio::test]
async fn outbound_links_are_checked_politely_only_when_asked() {
    let (elsewhere, hits) = serve(outside(), "127.0.0.2").await;
    let (site, _) = portal(&elsewhere).await;

    // Off by default: nothing leaves the portal.
    let report = gongkai::run(options(&site, false)).await.unwrap();
    assert_eq!(hits.total(), 0, "a request left the portal");
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.evidence.get("external").is_none())
    );

    let report = gongkai::run(options(&site, true)).await.unwrap();
    let findings = &report.findings;

    // Opens: HEAD only, and nothing it links is followed.
    assert!(broken(findings, "/ok.html").is_none());
    assert_eq!(hits.of("HEAD /ok.html"), 1);
    assert_eq!(hits.of("GET /ok.html"), 0);
    assert_eq!(
        hits.of("GET /deeper.html") + hits.of("HEAD /deeper.html"),
        0
    );

    // HEAD refused (405, 501): asked again with GET, which decides.
    for path in ["/head405.html", "/head501.html"] {
        assert!(broken(findings, path).is_none(), "{path}");
        assert_eq!(hits.of(&format!("GET {path}")), 1, "{path}");
    }
    let gone_behind_405 = broken(findings, "/head405-gone.html").expect("a dead link");
    assert_eq!(gone_behind_405.evidence["status"], 404);

    // Gone and failing: findings that say they are external, with every linking page.
    let gone = broken(findings, "/gone.html").expect("a dead link");
    assert_eq!(gone.evidence["external"], true);
    assert_eq!(gone.evidence["status"], 404);
    assert!(
        gone.message.starts_with("站外链接指向的页面无法打开"),
        "{}",
        gone.message
    );
    assert_eq!(gone.evidence["linked_from"].as_array().unwrap().len(), 2);
    assert_eq!(hits.of("HEAD /gone.html") + hits.of("GET /gone.html"), 2);
    let error = broken(findings, "/error.html").expect("a failing link");
    assert_eq!(error.evidence["status"], 500);

    // At most one HEAD and one GET per link, whoever links it how often.
    assert!(hits.total() <= 2 * PAGES.len(), "{}", hits.total());

    // The cap: only the most-linked links are checked, and the report says so.
    let (elsewhere, hits) = serve(outside(), "127.0.0.2").await;
    let (site, _) = portal(&elsewhere).await;
    let mut capped = options(&site, true);
    capped.crawl.max_external = 2;
    let report = gongkai::run(capped).await.unwrap();
    assert_eq!(
        hits.of("HEAD /ok.html") + hits.of("HEAD /gone.html"),
        2,
        "the two links linked twice come first"
    );
    assert_eq!(hits.of("HEAD /error.html"), 0);
    assert!(
        report
            .crawl
            .warnings
            .iter()
            .any(|w| w.contains("站外链接共6个，只检查了被链接最多的2个")),
        "{:?}",
        report.crawl.warnings
    );
}
