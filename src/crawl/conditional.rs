//! Validators for conditional requests as a static file server gives them: a strong ETag from
//! the bytes and Last-Modified from the file's time. The mirror reader and the loopback server
//! share them, so a folder target and a served folder re-check the same way a portal does.

use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, Datelike, Timelike, Utc};
use sha2::{Digest, Sha256};

use super::fetch::Validators;

/// SHA-256 of a body, lower-case hex: what the history keeps to tell a changed page.
pub fn content_hash(body: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(body);
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push(char::from(DIGITS[usize::from(byte >> 4)]));
        hex.push(char::from(DIGITS[usize::from(byte & 15)]));
    }
    hex
}

/// A strong ETag for `body` (128 bits of its SHA-256, quoted).
pub fn strong_etag(body: &[u8]) -> String {
    format!("\"{}\"", &content_hash(body)[..32])
}

/// A time as an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`), whole seconds. Written field by
/// field: a format string is parsed anew on every call, and the loopback server and the
/// mirror reader date every page.
pub fn http_date(time: SystemTime) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let time: DateTime<Utc> = time.into();
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAYS[time.weekday().num_days_from_monday() as usize],
        time.day(),
        MONTHS[time.month0() as usize],
        time.year(),
        time.hour(),
        time.minute(),
        time.second()
    )
}

/// Whether a resource with `etag` and modification time `modified` is unchanged for a client
/// sending `validators` (RFC 9110 §13.1: If-None-Match decides when sent; If-Modified-Since
/// only without it, at one-second resolution).
pub fn not_modified(validators: &Validators, etag: &str, modified: Option<SystemTime>) -> bool {
    if let Some(sent) = &validators.etag {
        return sent.split(',').map(str::trim).any(|tag| {
            // If-None-Match compares weakly: a W/ prefix does not matter.
            tag == "*" || tag.trim_start_matches("W/") == etag.trim_start_matches("W/")
        });
    }
    let (Some(sent), Some(modified)) = (&validators.last_modified, modified) else {
        return false;
    };
    let Ok(since) = DateTime::parse_from_rfc2822(sent.trim()) else {
        return false;
    };
    let seconds = modified
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    seconds <= since.timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn etags_decide_before_dates() {
        let etag = strong_etag(b"page");
        assert_eq!(etag.len(), 34);
        let at = UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(http_date(at), "Sun, 06 Nov 1994 08:49:37 GMT");
        let tag = |t: &str| Validators {
            etag: Some(t.to_string()),
            last_modified: Some(http_date(at)),
        };
        assert!(not_modified(&tag(&etag), &etag, Some(at)));
        assert!(not_modified(
            &tag(&format!("\"x\", W/{etag}")),
            &etag,
            Some(at)
        ));
        // A different ETag means changed, whatever the date says.
        assert!(!not_modified(&tag("\"other\""), &etag, Some(at)));
        let date = |d: SystemTime| Validators {
            etag: None,
            last_modified: Some(http_date(d)),
        };
        assert!(not_modified(&date(at), &etag, Some(at)));
        assert!(!not_modified(
            &date(at),
            &etag,
            Some(at + Duration::from_secs(1))
        ));
        assert!(!not_modified(&Validators::default(), &etag, Some(at)));
    }

    #[test]
    fn hashes_are_sha256_hex() {
        assert_eq!(
            content_hash(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
