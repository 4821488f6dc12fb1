//! Visible-text helpers over a parsed page.
//!
//! What a reader sees is what counts: text inside HTML comments, `<script>`, `<style>` and
//! elements hidden with `display:none` is not on the page. (A 成文日期 that exists only in a
//! comment is not a 成文日期 the portal shows.)

use std::collections::HashMap;
use std::sync::LazyLock;

use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node};

/// Elements whose content is never shown as text.
fn is_invisible(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "noscript" | "template" | "head" | "title"
    )
}

/// Elements that start a new line of text (a "block"). A `match`, not a list search: every
/// element of every walk asks.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "table"
            | "tbody"
            | "thead"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "br"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "nav"
            | "form"
            | "center"
            | "blockquote"
            | "pre"
            | "hr"
            | "aside"
            | "main"
    )
}

/// How deep elements may nest before the page is read flatter: deeper start tags (and their
/// end tags) are dropped before parsing, their text kept. Real pages nest a few dozen deep; a
/// page nesting thousands deep is broken or hostile, and parsing and walking it would cost
/// time quadratic in its depth.
pub const MAX_DEPTH: usize = 256;

/// How many levels an element opens in the parsed tree: a table brings its implied `tbody`,
/// `tr` and `td`, a list its `li`.
fn levels(name: &str) -> usize {
    match name {
        "table" => 4,
        "ul" | "ol" | "dl" | "menu" => 2,
        _ => 1,
    }
}

/// Elements that never hold content.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input",
    "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements the parser closes by itself when the next one starts (`<li>…<li>`), and the
/// table parts it adds and closes with their table: they never nest by themselves.
const SELF_CLOSING: &[&str] = &[
    "a", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "tbody", "thead", "tfoot",
    "colgroup", "caption", "rb", "rt", "rp", "rtc",
];

/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// The end of an HTML comment, its searcher built once.
static COMMENT_END: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("-->"));

/// A parsed page, and a warning when it nested deeper than [`MAX_DEPTH`] and was flattened.
pub fn parse_document_bounded(html: &str) -> (Html, Option<String>) {
    match limit_depth(html, MAX_DEPTH) {
        Some((flattened, dropped)) => (
            Html::parse_document(&flattened),
            Some(format!(
                "页面元素嵌套超过 {MAX_DEPTH} 层，已忽略更深的 {dropped} 个标签（正文文字保留）"
            )),
        ),
        None => (Html::parse_document(html), None),
    }
}

/// `html` with the start tags nested deeper than `max` (and their end tags) removed, with the
/// number removed; `None` when nothing nests that deep. One pass over the bytes, linear in the
/// page's size; tag names compared without case and without a lower-cased copy of the page.
pub fn limit_depth(html: &str, max: usize) -> Option<(String, usize)> {
    let bytes = html.as_bytes();
    // Open elements: the name as written, and the levels it opened.
    let mut open: Vec<(&[u8], usize)> = Vec::new();
    let mut depth = 0usize;
    // Start tags dropped and not yet closed, by lower-cased name (rare: only past `max`).
    let mut dropped_open: HashMap<Vec<u8>, usize> = HashMap::new();
    let mut removed: Vec<(usize, usize)> = Vec::new();
    let mut dropped = 0usize;
    let mut i = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[i..]) {
        let start = i + offset;
        let rest = &bytes[start..];
        if rest.starts_with(b"<!--") {
            match COMMENT_END.find(&bytes[start + 4..]) {
                Some(end) => i = start + 4 + end + 3,
                None => break,
            }
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            i = start + 1;
            continue;
        }
        let name = &bytes[name_start..name_start + name_len];
        let Some(end) = tag_end(bytes, name_start + name_len) else {
            break;
        };
        i = end + 1;
        if closing {
            if !dropped_open.is_empty()
                && let Some(count) = dropped_open
                    .get_mut(name.to_ascii_lowercase().as_slice())
                    .filter(|c| **c > 0)
            {
                *count -= 1;
                removed.push((start, end + 1));
            } else if let Some(at) = open.iter().rposition(|(n, _)| n.eq_ignore_ascii_case(name)) {
                for (_, levels) in open.drain(at..) {
                    depth -= levels;
                }
            }
            continue;
        }
        // Every name the lists below know is short; a longer one is an ordinary element.
        let mut buffer = [0u8; 16];
        let known = name.len() <= buffer.len();
        let lower = if known {
            buffer[..name.len()].copy_from_slice(name);
            buffer[..name.len()].make_ascii_lowercase();
            std::str::from_utf8(&buffer[..name.len()]).unwrap_or_default()
        } else {
            ""
        };
        if known && RAW_TEXT.contains(&lower) {
            match find_close_tag(&html[i..], lower.as_bytes()) {
                Some(at) => i += at,
                None => break,
            }
            continue;
        }
        if known && (VOID.contains(&lower) || SELF_CLOSING.contains(&lower))
            || bytes[end - 1] == b'/'
        {
            continue;
        }
        let levels = if known { levels(lower) } else { 1 };
        if depth + levels > max {
            *dropped_open.entry(name.to_ascii_lowercase()).or_default() += 1;
            removed.push((start, end + 1));
            dropped += 1;
        } else {
            depth += levels;
            open.push((name, levels));
        }
    }
    if removed.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for (from, to) in removed {
        out.push_str(&html[at..from]);
        out.push(' ');
        at = to;
    }
    out.push_str(&html[at..]);
    Some((out, dropped))
}

/// The offset of the first `</name` (any case) in `text`; `name` is lower-case.
fn find_close_tag(text: &str, name: &[u8]) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[from..]) {
        let at = from + offset;
        let rest = &bytes[at + 1..];
        if rest.first() == Some(&b'/')
            && rest.len() > name.len()
            && rest[1..=name.len()].eq_ignore_ascii_case(name)
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The `>` that ends a tag whose name ends at `from`, quoted attribute values skipped.
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        let k = at + memchr::memchr3(b'>', b'"', b'\'', &bytes[at..])?;
        if bytes[k] == b'>' {
            return Some(k);
        }
        at = k + 1 + memchr::memchr(bytes[k], &bytes[k + 1..])? + 1;
    }
}

/// White space as the text helpers see it: ASCII and Unicode spaces, U+3000, no-break spaces.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}'
}

/// The length in bytes of the white space (as [`is_space`] sees it) starting at byte `at` of
/// `text`, 0 when none does. Every such character starts with an ASCII space or one of four
/// lead bytes, so the other characters (Chinese text is mostly `E4`–`E9`) are not decoded.
fn space_len(text: &str, at: usize) -> usize {
    match text.as_bytes()[at] {
        b'\t'..=b'\r' | b' ' => 1,
        0xC2 | 0xE1 | 0xE2 | 0xE3 => text[at..]
            .chars()
            .next()
            .filter(|c| is_space(*c))
            .map_or(0, char::len_utf8),
        _ => 0,
    }
}

/// The runs of `text` between white space (as [`is_space`] sees it), empty runs included:
/// what `text.split(is_space)` gives, found by lead bytes without decoding the characters.
fn words(text: &str) -> impl Iterator<Item = &str> {
    let mut from = 0;
    let mut at = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let bytes = text.as_bytes();
        while at < bytes.len() {
            let space = space_len(text, at);
            if space > 0 {
                let word = &text[from..at];
                at += space;
                from = at;
                return Some(word);
            }
            // On to the next character: its continuation bytes never start a space.
            at += match bytes[at] {
                0..=0x7F => 1,
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
        }
        done = true;
        Some(&text[from..])
    })
}

/// Collapses runs of white space (ASCII, U+3000 and no-break spaces) to one space and trims.
pub fn squash(text: &str) -> String {
    let mut squashed = Squashed {
        out: String::with_capacity(text.len()),
        gap: false,
    };
    squashed.push_text(text);
    squashed.out
}

/// Removes every kind of white space: `索 引 号` and `标　　题` become `索引号`, `标题`.
pub fn compact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in words(text) {
        out.push_str(word);
    }
    out
}

/// The value of an element's plain (namespace-less) attribute `name`, as
/// [`scraper::node::Element::attr`] gives it, found by comparing names rather than by making
/// `name` an interned atom first (a hash and a table look-up on every call).
pub fn attr<'a>(el: &'a scraper::node::Element, name: &str) -> Option<&'a str> {
    el.attrs
        .iter()
        .find(|(qual, _)| qual.prefix.is_none() && qual.ns.is_empty() && &*qual.local == name)
        .map(|(_, value)| &**value)
}

/// Whether an element is hidden from the reader.
pub fn is_hidden(el: ElementRef<'_>) -> bool {
    let name = el.value().name();
    if is_invisible(name) {
        return true;
    }
    attr(el.value(), "style").is_some_and(says_display_none)
}

/// Whether a `style` value says `display:none`, white space and case ignored (no copy made).
/// One pass: the needle's first letter occurs nowhere else in it, so a mismatch restarts the
/// match at the character that broke it.
fn says_display_none(style: &str) -> bool {
    const NEEDLE: &[u8] = b"display:none";
    let is = |c: char, n: u8| c.is_ascii() && (c as u8).eq_ignore_ascii_case(&n);
    let mut matched = 0;
    for c in style.chars().filter(|c| !is_space(*c)) {
        if is(c, NEEDLE[matched]) {
            matched += 1;
            if matched == NEEDLE.len() {
                return true;
            }
        } else {
            matched = usize::from(is(c, NEEDLE[0]));
        }
    }
    false
}

/// [`squash`] built piece by piece, as a walk meets text: the pieces need not be gathered
/// into one string first. `gap` says white space (or a block's edge) came since the last word.
#[derive(Default)]
struct Squashed {
    out: String,
    gap: bool,
}

impl Squashed {
    fn push_text(&mut self, text: &str) {
        for (i, word) in words(text).enumerate() {
            if i > 0 {
                self.gap = true;
            }
            if word.is_empty() {
                continue;
            }
            if self.gap && !self.out.is_empty() {
                self.out.push(' ');
            }
            self.out.push_str(word);
            self.gap = false;
        }
    }

    fn push_space(&mut self) {
        self.gap = true;
    }

    fn clear(&mut self) {
        self.out.clear();
        self.gap = false;
    }
}

/// [`squash`] of the pieces joined, without joining them first.
pub fn squash_pieces<'a>(pieces: impl IntoIterator<Item = &'a str>) -> String {
    let mut text = Squashed::default();
    for piece in pieces {
        text.push_text(piece);
    }
    text.out
}

/// What a walk over visible text meets: a text node, or the edge of a block element.
enum Piece<'a> {
    Text(&'a str),
    Block,
}

/// Calls `visit` with the visible text of `node` and the openings of its block elements, in
/// document order, until it answers `false`. The one definition of what text is visible.
fn walk_visible<'a>(node: NodeRef<'a, Node>, mut visit: impl FnMut(Piece<'a>) -> bool) {
    // Iterative: a page may nest elements thousands deep.
    let mut edges = node.traverse();
    edges.next(); // the element itself
    while let Some(edge) = edges.next() {
        let Edge::Open(child) = edge else {
            continue;
        };
        let go_on = match child.value() {
            Node::Text(text) => visit(Piece::Text(text)),
            Node::Element(_) => {
                let el = ElementRef::wrap(child).expect("element node");
                if is_hidden(el) {
                    skip_subtree(&mut edges, child);
                    true
                } else if is_block(el.value().name()) {
                    visit(Piece::Block)
                } else {
                    true
                }
            }
            _ => true,
        };
        if !go_on {
            return;
        }
    }
}

/// The visible text of an element, white space squashed.
pub fn visible_text(el: ElementRef<'_>) -> String {
    let mut text = Squashed::default();
    walk_visible(*el, |piece| {
        match piece {
            Piece::Text(t) => text.push_text(t),
            Piece::Block => text.push_space(),
        }
        true
    });
    text.out
}

/// Whether [`visible_text`] of `el` would not be empty, found without building it: the walk
/// stops at the first character that is not white space.
pub fn has_visible_text(el: ElementRef<'_>) -> bool {
    let mut found = false;
    walk_visible(*el, |piece| {
        found = matches!(piece, Piece::Text(t) if t.chars().any(|c| !is_space(c)));
        !found
    });
    found
}

/// [`compact`] of [`visible_text`] of `el` (every space removed) when it is at most
/// `max_len` bytes once its trailing colons (`:` `：`) are dropped, else `None`: a label cell
/// is told from a value cell without collecting the value's text.
pub fn compact_label(el: ElementRef<'_>, max_len: usize) -> Option<String> {
    let mut label = String::new();
    let mut colons = false;
    let mut fits = true;
    walk_visible(*el, |piece| {
        if let Piece::Text(text) = piece {
            for c in text.chars().filter(|c| !is_space(*c)) {
                if c == ':' || c == '：' {
                    colons = true;
                } else if colons || label.len() + c.len_utf8() > max_len {
                    // A character after a colon, or past the limit: the text is no label.
                    fits = false;
                    return false;
                } else {
                    label.push(c);
                }
            }
        }
        true
    });
    fits.then_some(label)
}

/// Advances a traversal past the close of `node`, whose open edge was just read.
fn skip_subtree<'a>(edges: &mut ego_tree::iter::Traverse<'a, Node>, node: NodeRef<'a, Node>) {
    for edge in edges.by_ref() {
        if let Edge::Close(closed) = edge
            && closed.id() == node.id()
        {
            break;
        }
    }
}

/// The visible text of an element split into blocks (paragraphs, cells, list items, lines),
/// each squashed, empty ones dropped. Label scanning works on these.
pub fn text_blocks(el: ElementRef<'_>) -> Vec<String> {
    text_blocks_except(el, None)
}

/// [`text_blocks`] of `el` leaving out the subtree `skip` (e.g. an article body).
pub fn text_blocks_except(el: ElementRef<'_>, skip: Option<ElementRef<'_>>) -> Vec<String> {
    let mut blocks = Vec::new();
    for_each_block(el, skip, |block| blocks.push(block.to_string()));
    blocks
}

/// Calls `visit` with each of [`text_blocks_except`] in turn, one buffer reused for all:
/// a reader that keeps few blocks copies only those.
pub fn for_each_block(el: ElementRef<'_>, skip: Option<ElementRef<'_>>, visit: impl FnMut(&str)) {
    let mut walk = BlockWalk {
        current: Squashed::default(),
        skip: skip.map(|s| s.id()),
        visit,
    };
    walk.visit(*el);
    walk.flush();
}

struct BlockWalk<F: FnMut(&str)> {
    current: Squashed,
    skip: Option<ego_tree::NodeId>,
    visit: F,
}

impl<F: FnMut(&str)> BlockWalk<F> {
    /// Iterative: a page may nest elements thousands deep.
    fn visit(&mut self, node: NodeRef<'_, Node>) {
        let mut edges = node.traverse();
        edges.next(); // the element itself
        while let Some(edge) = edges.next() {
            match edge {
                Edge::Open(child) => match child.value() {
                    Node::Text(text) => self.current.push_text(text),
                    Node::Element(_) => {
                        let el = ElementRef::wrap(child).expect("element node");
                        if is_hidden(el) || Some(child.id()) == self.skip {
                            skip_subtree(&mut edges, child);
                        } else if is_block(el.value().name()) {
                            self.flush();
                        }
                    }
                    _ => {}
                },
                Edge::Close(child) => {
                    if child.id() == node.id() {
                        break;
                    }
                    if let Node::Element(el) = child.value()
                        && is_block(el.name())
                    {
                        self.flush();
                    }
                }
            }
        }
    }

    fn flush(&mut self) {
        if !self.current.out.is_empty() {
            (self.visit)(&self.current.out);
        }
        self.current.clear();
    }
}

/// Whether `el` sits inside an element with one of the given tag names.
pub fn has_ancestor_named(el: ElementRef<'_>, names: &[&str]) -> bool {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| names.contains(&a.value().name()))
}

/// Endings that keep a class word the same word: `navs`, `navbar`, `menubox`, `footer2`.
const HINT_SUFFIXES: &[&str] = &["s", "bar", "box", "er", "list", "wrap", "con", "nr"];

/// Whether a class/id word names `hint`: the word itself, the word with a common ending
/// (`navbar`, `top01`), or — for hints of four letters or more — a compound ending in it
/// (`breadcrumb`, `leftmenu`, `friendlink`). `topic` is not `top`. ASCII case is ignored
/// (`hint` is lower-case), without a lower-cased copy of the word.
fn word_names(word: &str, hint: &str) -> bool {
    let (word_bytes, hint_bytes) = (word.as_bytes(), hint.as_bytes());
    if word_bytes.eq_ignore_ascii_case(hint_bytes) {
        return true;
    }
    if word_bytes.len() > hint_bytes.len()
        && word_bytes[..hint_bytes.len()].eq_ignore_ascii_case(hint_bytes)
    {
        // The hint is ASCII, so the rest starts on a character boundary.
        let rest = &word[hint.len()..];
        if HINT_SUFFIXES.iter().any(|s| s.eq_ignore_ascii_case(rest))
            || rest.chars().all(|c| c.is_ascii_digit())
        {
            return true;
        }
    }
    hint_bytes.len() >= 4
        && word_bytes.len() >= hint_bytes.len()
        && word_bytes[word_bytes.len() - hint_bytes.len()..].eq_ignore_ascii_case(hint_bytes)
}

/// Whether an element's `class` or `id` names one of `hints` (see [`word_names`]); words are
/// split at spaces, `-` and `_`.
pub fn hinted(el: ElementRef<'_>, hints: &[&str]) -> bool {
    let value = el.value();
    [attr(value, "class"), attr(value, "id")]
        .into_iter()
        .flatten()
        .flat_map(|attr| attr.split(|c: char| c.is_whitespace() || c == '-' || c == '_'))
        .any(|word| hints.iter().any(|hint| word_names(word, hint)))
}

/// Whether the element or one of its ancestors is [`hinted`].
pub fn within_hinted(el: ElementRef<'_>, hints: &[&str]) -> bool {
    std::iter::once(el)
        .chain(el.ancestors().filter_map(ElementRef::wrap))
        .any(|a| hinted(a, hints))
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    #[test]
    fn comments_scripts_and_hidden_elements_are_not_text() {
        let html = Html::parse_document(
            r#"<div id="x"><p>发布日期：2020年08月02日</p><!--<p>成文日期：2020年08月02日</p>-->
            <script>var d="2020-01-01";</script><p style="display: none">隐藏</p></div>"#,
        );
        let root = html.root_element();
        let text = visible_text(root);
        assert!(text.contains("发布日期"));
        assert!(!text.contains("成文日期"));
        assert!(!text.contains("2020-01-01"));
        assert!(!text.contains("隐藏"));
    }

    #[test]
    fn blocks_follow_cells_and_paragraphs() {
        let html = Html::parse_document(
            "<table><tr><td><b>索 引 号：</b></td><td>000014349/2019-00007</td></tr></table><p>a<br>b</p>",
        );
        let blocks = text_blocks(html.root_element());
        assert_eq!(blocks, vec!["索 引 号：", "000014349/2019-00007", "a", "b"]);
    }

    #[test]
    fn class_words_name_hints_but_topic_is_not_top() {
        let doc = Html::parse_document(
            r#"<div class="main-navbar" id="a"></div><div class="topic-list" id="b"></div><div class="breadcrumb" id="c"></div><div class="footer_bg" id="d"></div>"#,
        );
        let el = |id: &str| {
            doc.select(&scraper::Selector::parse(&format!("#{id}")).unwrap())
                .next()
                .unwrap()
        };
        assert!(hinted(el("a"), &["nav"]));
        assert!(!hinted(el("b"), &["top"]));
        assert!(hinted(el("c"), &["crumb"]));
        assert!(hinted(el("d"), &["footer"]));
    }

    #[test]
    fn compact_removes_ideographic_spaces() {
        assert_eq!(compact("标　　题："), "标题：");
        assert_eq!(squash("  a \u{3000} b  "), "a b");
    }
}
