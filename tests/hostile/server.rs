//! The hostile servers' plumbing: serving a router on a loopback address for a bounded time,
//! counting the requests each path gets, and the streamed bodies that attack a client
//! (a gzip bomb, an endless download, a drip).

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use flate2::Compression;
use flate2::write::GzEncoder;
use futures_util::stream;
use url::Url;

/// How long a hostile server lives at most: it stops by itself.
pub const LIFETIME: Duration = Duration::from_secs(120);

/// Requests seen, by path.
#[derive(Default, Clone)]
pub struct Hits(Arc<Mutex<HashMap<String, usize>>>);

impl Hits {
    pub fn of(&self, path: &str) -> usize {
        self.0.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    pub fn total(&self) -> usize {
        self.0.lock().unwrap().values().sum()
    }

    fn record(&self, path: &str) {
        *self.0.lock().unwrap().entry(path.to_string()).or_default() += 1;
    }
}

/// Serves `router` on `ip` (a free port) for `lifetime`; every request is counted.
pub async fn serve_for(router: Router, ip: &str, lifetime: Duration) -> (Url, Hits) {
    let hits = Hits::default();
    let counter = hits.clone();
    let router = router.layer(axum::middleware::from_fn(
        move |request: Request, next: Next| {
            let counter = counter.clone();
            async move {
                counter.record(request.uri().path());
                next.run(request).await
            }
        },
    ));
    let listener = tokio::net::TcpListener::bind((ip, 0)).await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = tokio::time::timeout(lifetime, axum::serve(listener, router)).await;
    });
    (Url::parse(&format!("http://{addr}/")).unwrap(), hits)
}

pub async fn serve(router: Router, ip: &str) -> (Url, Hits) {
    serve_for(router, ip, LIFETIME).await
}

/// A UTF-8 page.
pub fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"
    ))
}

/// A list of links, as a home page shows them.
pub fn links(hrefs: &[&str]) -> String {
    hrefs
        .iter()
        .map(|h| format!("<li><a href=\"{h}\">链接 {h}</a></li>"))
        .collect::<Vec<_>>()
        .join("")
}

pub fn respond(status: StatusCode, headers: &[(header::HeaderName, &str)], body: Body) -> Response {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    for (name, value) in headers {
        response
            .headers_mut()
            .insert(name.clone(), HeaderValue::from_str(value).unwrap());
    }
    response
}

pub fn redirect(to: &str) -> Response {
    respond(StatusCode::FOUND, &[(header::LOCATION, to)], Body::empty())
}

/// A gzip stream that inflates to `total` bytes: an HTML opening, then zeros. Compressed on
/// the fly, 1 MiB at a time, so only what a client reads is ever made (10 GiB inflated is
/// about 10 MB on the wire).
pub fn gzip_bomb(total: u64) -> Response {
    const CHUNK: usize = 1024 * 1024;
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(b"<html><body><p>").unwrap();
    let chunks = total / CHUNK as u64;
    let body = stream::unfold((Some(encoder), 0u64), move |(encoder, sent)| async move {
        let mut encoder = encoder?;
        if sent == chunks {
            let tail = encoder.finish().unwrap();
            return Some((Ok::<_, std::io::Error>(tail), (None, sent)));
        }
        encoder.write_all(&[0u8; CHUNK]).unwrap();
        encoder.flush().unwrap();
        let out = std::mem::take(encoder.get_mut());
        Some((Ok(out), (Some(encoder), sent + 1)))
    });
    respond(
        StatusCode::OK,
        &[
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_ENCODING, "gzip"),
        ],
        Body::from_stream(body),
    )
}

/// A body of `total` bytes that starts with `head`, sent in 64 KiB chunks with no length
/// declared (a client only learns its size by reading it).
pub fn endless(head: &'static [u8], total: u64, content_type: &str) -> Response {
    const CHUNK: u64 = 64 * 1024;
    let body = stream::unfold(0u64, move |sent| async move {
        if sent >= total {
            return None;
        }
        let mut chunk = vec![b' '; CHUNK.min(total - sent) as usize];
        if sent == 0 {
            chunk[..head.len()].copy_from_slice(head);
        }
        let len = chunk.len() as u64;
        Some((Ok::<_, std::io::Error>(chunk), sent + len))
    });
    respond(
        StatusCode::OK,
        &[(header::CONTENT_TYPE, content_type)],
        Body::from_stream(body),
    )
}

/// A page that arrives one byte per `every`, `total` bytes long (declared).
pub fn drip(total: usize, every: Duration) -> Response {
    let text: Vec<u8> = std::iter::repeat_n(b'x', total).collect();
    let body = stream::unfold(0usize, move |sent| {
        let byte = text.get(sent).copied();
        async move {
            let byte = byte?;
            tokio::time::sleep(every).await;
            Some((Ok::<_, std::io::Error>(vec![byte]), sent + 1))
        }
    });
    respond(
        StatusCode::OK,
        &[
            (header::CONTENT_TYPE, "text/html"),
            (header::CONTENT_LENGTH, &total.to_string()),
        ],
        Body::from_stream(body),
    )
}

/// Accepts the request and never answers.
pub async fn never() -> Response {
    std::future::pending::<()>().await;
    unreachable!()
}

pub fn status(code: StatusCode) -> Response {
    (code, code.canonical_reason().unwrap_or("")).into_response()
}
