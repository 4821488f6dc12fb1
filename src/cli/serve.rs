//! A small static server on 127.0.0.1 over a mirror folder, for `gongkai demo`, `gongkai serve`
//! and the tests. It maps URLs to files exactly as the mirror reader does, and answers
//! conditional requests as a real web server does (a strong ETag from the bytes, Last-Modified
//! from the file's time, 304 Not Modified when they match), so re-checks can be tested.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use url::Url;

use gongkai::crawl::fetch::{Fetch, Resource, Validators};
use gongkai::crawl::mirror::MirrorFetcher;

/// A router answering every GET from the folder `root` (404 for what it lacks).
pub fn static_router(root: &Path) -> std::io::Result<Router> {
    let mirror = Arc::new(MirrorFetcher::new(
        root,
        Url::parse("http://localhost/").expect("valid url"),
    )?);
    Ok(Router::new().fallback(move |request: Request<Body>| {
        let mirror = Arc::clone(&mirror);
        async move { answer(&mirror, request).await }
    }))
}

async fn answer(mirror: &MirrorFetcher, request: Request<Body>) -> Response<Body> {
    let target = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let Ok(url) = Url::parse(&format!("http://localhost{target}")) else {
        return status(StatusCode::BAD_REQUEST);
    };
    let validators = validators_of(request.headers());
    match mirror.fetch_if(&url, Resource::Page, &validators).await {
        Ok(fetched) => {
            let mut response = Response::new(Body::from(fetched.body));
            let headers = response.headers_mut();
            if fetched.not_modified {
                *response.status_mut() = StatusCode::NOT_MODIFIED;
            } else if let Some(ct) = fetched.content_type.as_deref() {
                insert(headers, header::CONTENT_TYPE, ct);
            }
            let headers = response.headers_mut();
            if let Some(etag) = fetched.etag.as_deref() {
                insert(headers, header::ETAG, etag);
            }
            if let Some(date) = fetched.last_modified.as_deref() {
                insert(headers, header::LAST_MODIFIED, date);
            }
            response
        }
        Err(_) => status(StatusCode::NOT_FOUND),
    }
}

fn validators_of(headers: &axum::http::HeaderMap) -> Validators {
    let sent = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    Validators {
        etag: sent(header::IF_NONE_MATCH),
        last_modified: sent(header::IF_MODIFIED_SINCE),
    }
}

fn insert(headers: &mut axum::http::HeaderMap, name: header::HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(name, value);
    }
}

fn status(code: StatusCode) -> Response<Body> {
    let mut response = Response::new(Body::from(code.canonical_reason().unwrap_or("")));
    *response.status_mut() = code;
    response
}

/// Serves `router` on 127.0.0.1 (`port` 0 picks a free one).
pub async fn start(router: Router, port: u16) -> std::io::Result<(SocketAddr, JoinHandle<()>)> {
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    let handle = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::error!("server stopped: {e}");
        }
    });
    Ok((addr, handle))
}
