//! A finding's fingerprint: a short hash of its rule and the parts its rule declares as its
//! identity, so the same problem is recognised across runs whatever the wording, the as-of date
//! or the rest of the site. What goes into it is the rules' business ([`crate::rules`]); this
//! module only normalises a page address and hashes.

use sha2::{Digest, Sha256};
use url::Url;

use crate::model::links::DIRECTORY_INDEXES;

/// Between the rule id and the parts, and between a part's name and value: a control character
/// no URL, name or JSON text contains unescaped, so `a|b` + `c` never hashes like `a` + `b|c`.
const SEPARATOR: char = '\u{1f}';

/// Lowercase hex of the first 8 bytes of SHA-256 over the rule id and each part as
/// `name=value`. A part given without a value (a finding lacking a declared key) is hashed as
/// its bare name, so it still differs from an empty value.
pub fn fingerprint<'a>(
    rule: &str,
    parts: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
) -> String {
    let mut hasher = Sha256::new();
    hasher.update(rule.as_bytes());
    for (name, value) in parts {
        let mut part = String::new();
        part.push(SEPARATOR);
        part.push_str(name);
        if let Some(value) = value {
            part.push('=');
            part.push_str(value);
        }
        hasher.update(part.as_bytes());
    }
    hasher.finalize()[..8]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A page address as the same page, however it was reached: host lower-case, a directory index
/// (`index.html` …) read as its folder, fragment dropped; no scheme and no port, so a portal
/// moving to https or served on another port (a loopback server's is new each run) keeps its
/// problems. Fingerprints are compared within one portal's history, where the host and path
/// tell pages apart. An address that does not parse is kept as written.
pub fn page_identity(url: &str) -> String {
    let Ok(parsed) = Url::parse(url) else {
        return url.to_string();
    };
    let mut path = parsed.path().to_string();
    if let Some((dir, file)) = path.rsplit_once('/')
        && DIRECTORY_INDEXES.contains(&file.to_ascii_lowercase().as_str())
    {
        path = format!("{dir}/");
    }
    let mut key = parsed.host_str().unwrap_or_default().to_string();
    key.push_str(&path);
    if let Some(query) = parsed.query() {
        key.push('?');
        key.push_str(query);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_hex_digits_that_depend_on_every_part() {
        let print = fingerprint("column-empty", [("url", Some("x.gov.cn/a/"))]);
        assert_eq!(print.len(), 16);
        assert!(
            print
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_eq!(
            print,
            fingerprint("column-empty", [("url", Some("x.gov.cn/a/"))])
        );
        assert_ne!(
            print,
            fingerprint("column-stale", [("url", Some("x.gov.cn/a/"))])
        );
        assert_ne!(
            print,
            fingerprint("column-empty", [("url", Some("x.gov.cn/b/"))])
        );
        assert_ne!(
            print,
            fingerprint("column-empty", [("page", Some("x.gov.cn/a/"))])
        );
    }

    #[test]
    fn parts_cannot_run_into_each_other() {
        let split = |a, b| fingerprint("r", [("a", Some(a)), ("b", Some(b))]);
        assert_ne!(split("x", "y=z"), split("x=y", "z"));
        assert_ne!(
            fingerprint("r", [("a", None)]),
            fingerprint("r", [("a", Some(""))])
        );
    }

    #[test]
    fn the_same_page_however_written() {
        let key = page_identity("http://X.gov.cn/xxgk/");
        for same in [
            "https://x.gov.cn/xxgk/",
            "http://x.gov.cn:80/xxgk/index.html",
            "https://x.gov.cn:443/xxgk/INDEX.HTM",
            "http://x.gov.cn/xxgk/#top",
            "http://x.gov.cn:8080/xxgk/",
        ] {
            assert_eq!(page_identity(same), key, "{same}");
        }
        assert_eq!(key, "x.gov.cn/xxgk/");
        assert_ne!(page_identity("http://y.gov.cn/xxgk/"), key);
        assert_ne!(page_identity("http://x.gov.cn/xxgk/?page=2"), key);
        assert_ne!(page_identity("http://x.gov.cn/xxgk/a.html"), key);
        assert_eq!(page_identity("not a url"), "not a url");
    }
}
