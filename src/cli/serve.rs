//! A small static server on 127.0.0.1 over a mirror folder, for `gongkai demo`, `gongkai serve`
//! and the tests. It maps URLs to files exactly as the mirror reader does.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use url::Url;

use gongkai::crawl::fetch::Fetch;
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
    match mirror.fetch(&url).await {
        Ok(fetched) => {
            let mut response = Response::new(Body::from(fetched.body));
            if let Some(ct) = fetched
                .content_type
                .and_then(|ct| HeaderValue::from_str(&ct).ok())
            {
                response.headers_mut().insert(header::CONTENT_TYPE, ct);
            }
            response
        }
        Err(_) => status(StatusCode::NOT_FOUND),
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
