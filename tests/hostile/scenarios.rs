//! The hostile portals, one router per scenario, each with its home page at `/` linking to the
//! traps. Shared by the fault-injection tests and the benchmark.

use std::io::Write;
use std::sync::OnceLock;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use url::Url;

use super::server::{drip, endless, gzip_bomb, links, never, page, redirect, respond, status};

const GIB: u64 = 1024 * 1024 * 1024;
const MIB: u64 = 1024 * 1024;

fn home(hrefs: &[&str]) -> Router {
    let body = format!("<ul>{}</ul>", links(hrefs));
    Router::new()
        .route("/", get(move || async move { page("首页", &body) }))
        .route(
            "/ok.html",
            get(|| async { page("正常页面", "<p>正常内容</p>") }),
        )
}

/// The router of a scenario; `off_host` is the base URL of the server on another address.
pub fn scenario(name: &str, off_host: &Url) -> Router {
    match name {
        "gzip-bomb" => home(&["/bomb.html", "/ok.html"])
            .route("/bomb.html", get(|| async { gzip_bomb(10 * GIB) })),
        "5xx-storm" => home(&["/e/1", "/e/2", "/e/3", "/e/4", "/e/5", "/e/6", "/ok.html"]).route(
            "/e/{n}",
            get(|Path(n): Path<u32>| async move {
                status(if n % 2 == 0 { StatusCode::SERVICE_UNAVAILABLE } else { StatusCode::INTERNAL_SERVER_ERROR })
            }),
        ),
        "429-storm" => home(&["/r/1", "/r/2", "/r/3", "/r/4", "/ok.html"]).route(
            "/r/{n}",
            get(|| async {
                respond(StatusCode::TOO_MANY_REQUESTS, &[(header::RETRY_AFTER, "1")], Body::empty())
            }),
        ),
        "drip" => home(&["/drip.html", "/ok.html"])
            .route("/drip.html", get(|| async { drip(100, Duration::from_secs(1)) })),
        "hang" => home(&["/hang.html", "/ok.html"]).route("/hang.html", get(never)),
        "encodings" => encodings(),
        "long-line" => home(&["/long.html"]).route(
            "/long.html",
            get(|| async {
                let line = "政务公开信息".repeat(5 * MIB as usize / 18);
                Html(format!(
                    "<html><head><title>超长单行</title></head><body><p>{line}<a href=\"/ok.html\">正常页面</a></p></body></html>"
                ))
            }),
        ),
        "meta-refresh" => home(&["/a.html"])
            .route("/a.html", get(|| async { refresh("/b.html") }))
            .route("/b.html", get(|| async { refresh("/a.html") })),
        "redirects" => redirects(),
        "off-host" => off_host_traps(off_host, METADATA.to_string()),
        // The same without the metadata address, for measuring builds that would request it.
        "off-host-loopback" => {
            off_host_traps(off_host, off_host.join("latest/meta-data/").unwrap().into())
        }
        "robots-503" => home(&["/ok.html"])
            .route("/robots.txt", get(|| async { status(StatusCode::SERVICE_UNAVAILABLE) })),
        "robots-404" => home(&["/ok.html"]),
        "attachments" => attachments(),
        other => panic!("no scenario {other}"),
    }
}

fn refresh(to: &str) -> Html<String> {
    Html(format!(
        "<html><head><meta http-equiv=\"refresh\" content=\"0;url={to}\"><title>跳转</title></head><body><a href=\"{to}\">跳转</a></body></html>"
    ))
}

fn typed(content_type: &'static str, body: Vec<u8>) -> Response {
    respond(
        StatusCode::OK,
        &[(header::CONTENT_TYPE, content_type)],
        Body::from(body),
    )
}

fn encodings() -> Router {
    home(&["/bad-utf8.html", "/bogus.html", "/octet.shtml", "/nul.html"])
        .route(
            "/bad-utf8.html",
            get(|| async {
                let mut body = "<html><head><title>非法字节页面</title></head><body><p>政务公开".as_bytes().to_vec();
                body.extend_from_slice(b"\xff\xfe\xc3\x28\xa0\xa1");
                body.extend_from_slice("信息</p></body></html>".as_bytes());
                typed("text/html; charset=utf-8", body)
            }),
        )
        .route(
            "/bogus.html",
            get(|| async {
                typed(
                    "text/html; charset=x-bogus-2000",
                    "<html><head><title>未知字符集页面</title></head><body><p>政务公开</p></body></html>".into(),
                )
            }),
        )
        .route(
            "/octet.shtml",
            get(|| async {
                typed(
                    "application/octet-stream",
                    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>错误类型页面</title></head><body><p>机构职能</p></body></html>".into(),
                )
            }),
        )
        .route(
            "/nul.html",
            get(|| async {
                let mut body = "<html><head><title>含空字节页面</title></head><body><p>政务".as_bytes().to_vec();
                body.extend_from_slice(&[0u8; 64]);
                body.extend_from_slice("公开</p></body></html>".as_bytes());
                typed("text/html; charset=utf-8", body)
            }),
        )
}

fn redirects() -> Router {
    home(&["/loop-a", "/self", "/chain/1", "/short/1", "/utf8-location"])
        .route("/loop-a", get(|| async { redirect("/loop-b") }))
        .route("/loop-b", get(|| async { redirect("/loop-a") }))
        .route("/self", get(|| async { redirect("/self") }))
        .route(
            "/chain/{n}",
            get(|Path(n): Path<u32>| async move { redirect(&format!("/chain/{}", n + 1)) }),
        )
        .route(
            "/short/{n}",
            get(|Path(n): Path<u32>| async move {
                if n < 4 {
                    redirect(&format!("/short/{}", n + 1))
                } else {
                    redirect("/landing.html")
                }
            }),
        )
        .route(
            "/landing.html",
            get(|| async { page("重定向终点", "<p>到达</p>") }),
        )
        .route(
            "/utf8-location",
            get(|| async {
                let mut response = redirect("/");
                let raw = "/landing2.html?来源=首页".as_bytes();
                let value = axum::http::HeaderValue::from_bytes(raw).unwrap();
                response.headers_mut().insert(header::LOCATION, value);
                response
            }),
        )
        .route(
            "/landing2.html",
            get(|| async { page("UTF-8跳转终点", "") }),
        )
}

const METADATA: &str = "http://169.254.169.254/latest/meta-data/";

fn off_host_traps(off_host: &Url, metadata: String) -> Router {
    let leak = off_host.join("leak.html").unwrap().to_string();
    let direct = off_host.join("direct.html").unwrap().to_string();
    let far_pdf = off_host.join("report.pdf").unwrap().to_string();
    let moved_pdf = off_host.join("moved.pdf").unwrap().to_string();
    let home_links = [
        "/away",
        "/metadata",
        "/report-far.html",
        "/report-moved.html",
        direct.as_str(),
    ];
    home(&home_links)
        .route("/away", get(move || async move { redirect(&leak) }))
        .route("/metadata", get(move || async move { redirect(&metadata) }))
        .route(
            "/report-far.html",
            get(move || async move { report_page(&far_pdf) }),
        )
        .route(
            "/report-moved.html",
            get(|| async { report_page("/go.pdf") }),
        )
        .route("/go.pdf", get(move || async move { redirect(&moved_pdf) }))
}

/// The server on the other address: it must never be asked anything.
pub fn elsewhere() -> Router {
    Router::new().fallback(|| async { page("站外页面", "<p>不应被访问</p>") })
}

/// An annual report page that only points to its attachment.
pub fn report_page(href: &str) -> Html<String> {
    const TEMPLATE: &str = include_str!("../../fixtures/annual-reports/attachment-only.html");
    Html(TEMPLATE.replace("./P020250120.pdf", href))
}

const REPORTS: &[&str] = &[
    "garbage.pdf",
    "truncated.pdf",
    "bomb.docx",
    "huge.pdf",
    "huge-declared.pdf",
    "encrypted.pdf",
    "webpage.pdf",
];

fn attachments() -> Router {
    let pages: Vec<String> = REPORTS.iter().map(|f| format!("/r/{f}.html")).collect();
    let refs: Vec<&str> = pages.iter().map(String::as_str).collect();
    home(&refs)
        .route(
            "/r/{file}",
            get(|Path(file): Path<String>| async move {
                report_page(&format!("/f/{}", file.trim_end_matches(".html")))
            }),
        )
        .route(
            "/f/{file}",
            get(|Path(file): Path<String>| async move { attachment(&file) }),
        )
}

fn attachment(file: &str) -> Response {
    const PDF: &str = "application/pdf";
    let real_pdf: &[u8] = include_bytes!("../../fixtures/annual-reports/P020250120.pdf");
    match file {
        "garbage.pdf" => typed(PDF, (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect()),
        "truncated.pdf" => typed(PDF, real_pdf[..real_pdf.len() / 2].to_vec()),
        "bomb.docx" => typed(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            zip_bomb_docx().to_vec(),
        ),
        "huge.pdf" => endless(b"%PDF-1.4\n", 200 * MIB, PDF),
        "huge-declared.pdf" => {
            let mut response = endless(b"%PDF-1.4\n", 200 * MIB, PDF);
            let length = (200 * MIB).to_string();
            response.headers_mut().insert(header::CONTENT_LENGTH, length.parse().unwrap());
            response
        }
        "encrypted.pdf" => typed(
            PDF,
            b"%PDF-1.6\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R /Encrypt 2 0 R >>\n%%EOF\n".to_vec(),
        ),
        "webpage.pdf" => page("登录", "<p>请先登录</p>").into_response(),
        _ => status(StatusCode::NOT_FOUND),
    }
}

/// A DOCX whose `word/document.xml` inflates to 40 MiB (about 40 KB compressed).
pub fn zip_bomb_docx() -> &'static [u8] {
    static BOMB: OnceLock<Vec<u8>> = OnceLock::new();
    BOMB.get_or_init(|| {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1));
        zip.start_file("word/document.xml", options).unwrap();
        zip.write_all(b"<w:document><w:body><w:p><w:r><w:t>")
            .unwrap();
        let zeros = vec![b'0'; MIB as usize];
        for _ in 0..40 {
            zip.write_all(&zeros).unwrap();
        }
        zip.finish().unwrap().into_inner()
    })
}
