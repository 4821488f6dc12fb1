//! The physical floor a check is measured against (issue 16): one thread reads every page of a
//! mirror folder, decodes it, parses it once with the same html5ever/scraper gongkai uses and
//! walks each tree once collecting its text and its links. Nothing else.
//!
//!   cargo run --release --example parse_floor -- FOLDER
//!
//! Prints `pages bytes seconds` on one line. `benches/scale.sh` runs it beside `gongkai check`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use scraper::{Html, Node};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let folder = std::env::args().nth(1).ok_or("usage: parse_floor FOLDER")?;
    let mut files = Vec::new();
    collect(Path::new(&folder), &mut files)?;
    files.sort();
    let began = Instant::now();
    let (mut pages, mut bytes, mut text_chars, mut links) = (0usize, 0usize, 0usize, 0usize);
    for file in &files {
        let body = std::fs::read(file)?;
        bytes += body.len();
        let text = decode(&body);
        let doc = Html::parse_document(&text);
        let (chars, hrefs) = walk(&doc);
        text_chars += chars;
        links += hrefs;
        pages += 1;
    }
    let seconds = began.elapsed().as_secs_f64();
    eprintln!("{pages} pages, {bytes} bytes, {text_chars} text chars, {links} links");
    println!("{pages} {bytes} {seconds:.3}");
    Ok(())
}

/// The pages of the folder (`.html`, `.htm`, `.shtml`), recursively.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "html" | "htm" | "shtml"))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// UTF-8, or GBK when the page's head declares a GB charset.
fn decode(body: &[u8]) -> String {
    let head = &body[..body.len().min(1024)];
    let declares_gb = head
        .windows(9)
        .any(|w| w.eq_ignore_ascii_case(b"charset=g"));
    let encoding = if declares_gb {
        encoding_rs::GBK
    } else {
        encoding_rs::UTF_8
    };
    encoding.decode(body).0.into_owned()
}

/// One walk of the tree: its text gathered into one string, its `href`s collected.
fn walk(doc: &Html) -> (usize, usize) {
    let mut text = String::new();
    let mut links: Vec<&str> = Vec::new();
    for node in doc.tree.nodes() {
        match node.value() {
            Node::Text(t) => text.push_str(t),
            Node::Element(e) => {
                if let Some(href) = e.attr("href") {
                    links.push(href);
                }
            }
            _ => {}
        }
    }
    (text.chars().count(), links.len())
}
