//! Issue 12: no input makes a run abort, hang or grow without bound. Hostile pages (deep
//! nesting, huge link lists), lists that claim absurd page counts, slow servers, calendar
//! traps and mirrors that point outside their folder each end with a report that names them.

use gongkai::model::{PageKind, extract_page};
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
