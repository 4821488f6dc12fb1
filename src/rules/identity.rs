//! What makes two findings of a rule “the same problem” across runs: each rule declares the
//! parts of a finding that identify it (`identity` in `rule!`), and [`run`](super::run) stamps
//! every finding with the fingerprint of those parts. The parts are the page and evidence keys
//! that name what was judged (a column, a report year, a table cell), never the message or a
//! number that drifts from run to run.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

use super::privacy::redact_json;
use crate::finding::Finding;
use crate::finding::fingerprint::{fingerprint, page_identity};

/// The part naming the finding's page: its `url`, normalised ([`page_identity`]).
pub const URL: &str = "url";

/// One part of a rule's identity: `url` or an evidence key, and how `gongkai rules` names it.
/// A key written with a trailing `?` is optional: part of the identity when the finding has it,
/// for a rule whose findings come in kinds with different keys (prefer a key every finding
/// carries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IdentityPart {
    pub key: &'static str,
    pub label: &'static str,
}

impl IdentityPart {
    /// The key without its optional mark.
    pub fn name(&self) -> &'static str {
        self.key.strip_suffix('?').unwrap_or(self.key)
    }

    pub fn optional(&self) -> bool {
        self.key.ends_with('?')
    }
}

/// The value a part takes in `finding`, as hashed: the normalised page for `url`, else the
/// evidence value's JSON text (a string unquoted) with personal numbers masked, so the
/// fingerprint never hashes a full 身份证号 or 手机号码 (a hash of one is easily reversed) and
/// is the same before and after the report's redaction. `None` when the finding lacks it.
fn value_of(finding: &Finding, name: &str, as_of: NaiveDate) -> Option<String> {
    if name == URL {
        return Some(page_identity(&finding.url));
    }
    let mut value = finding.evidence.get(name)?.clone();
    redact_json(&mut value, as_of);
    Some(match value {
        Value::String(text) => text,
        other => other.to_string(),
    })
}

/// The fingerprint of `finding` under `identity`. A required part the finding lacks is a bug in
/// the rule (the fixture tests catch it): it is hashed by its name alone and logged.
pub fn fingerprint_of(finding: &Finding, identity: &[IdentityPart], as_of: NaiveDate) -> String {
    let values: Vec<(&str, Option<String>)> = identity
        .iter()
        .filter_map(|part| {
            let value = value_of(finding, part.name(), as_of);
            if value.is_none() {
                if part.optional() {
                    return None;
                }
                tracing::debug!(
                    rule = %finding.rule,
                    part = part.name(),
                    url = %finding.url,
                    "finding lacks a part of its rule's identity"
                );
            }
            Some((part.name(), value))
        })
        .collect();
    fingerprint(
        &finding.rule,
        values.iter().map(|(name, value)| (*name, value.as_deref())),
    )
}

/// The required parts of `identity` that `finding` lacks (empty for a well-formed finding).
pub fn missing_parts(finding: &Finding, identity: &[IdentityPart]) -> Vec<&'static str> {
    identity
        .iter()
        .filter(|part| !part.optional())
        .map(|part| part.name())
        .filter(|name| *name != URL && !finding.evidence.contains_key(name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    const IDENTITY: &[IdentityPart] = &[
        IdentityPart {
            key: "url",
            label: "网址",
        },
        IdentityPart {
            key: "column",
            label: "栏目",
        },
        IdentityPart {
            key: "row?",
            label: "行",
        },
    ];

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 12, 1).unwrap()
    }

    fn finding(url: &str, column: &str) -> Finding {
        Finding::new("column-empty", Severity::Error, url, "空白".into()).with("column", column)
    }

    #[test]
    fn url_and_evidence_but_not_the_rest() {
        let one = finding("http://x.gov.cn/a/index.html", "规划计划");
        let print = fingerprint_of(&one, IDENTITY, day());
        let mut reworded = finding("https://x.gov.cn/a/", "规划计划").with("pages_fetched", 3);
        reworded.message = "另一种说法".into();
        assert_eq!(fingerprint_of(&reworded, IDENTITY, day()), print);
        let other = finding("http://x.gov.cn/a/", "通知公告");
        assert_ne!(fingerprint_of(&other, IDENTITY, day()), print);
        let with_row = one.clone().with("row", "一");
        assert_ne!(fingerprint_of(&with_row, IDENTITY, day()), print);
    }

    #[test]
    fn a_missing_key_is_named_and_still_hashed() {
        let bare = Finding::new("column-empty", Severity::Error, "http://x/", "m".into());
        assert_eq!(missing_parts(&bare, IDENTITY), ["column"]);
        assert!(missing_parts(&finding("http://x/", "c"), IDENTITY).is_empty());
        assert_eq!(fingerprint_of(&bare, IDENTITY, day()).len(), 16);
    }

    #[test]
    fn personal_numbers_are_hashed_masked_before_and_after_redaction() {
        let full = finding("http://x/", "联系人13812345678");
        let masked = finding("http://x/", "联系人138****5678");
        assert_eq!(
            fingerprint_of(&full, IDENTITY, day()),
            fingerprint_of(&masked, IDENTITY, day())
        );
        let listed = Finding::new("r", Severity::Error, "http://x/", "m".into())
            .with("column", serde_json::json!([{"n": "11010519491231002X"}]));
        let mut redacted = listed.clone();
        crate::rules::redact_personal_numbers(
            &mut crate::model::Site::default(),
            std::slice::from_mut(&mut redacted),
            day(),
        );
        assert_ne!(listed.evidence, redacted.evidence);
        assert_eq!(
            fingerprint_of(&listed, IDENTITY, day()),
            fingerprint_of(&redacted, IDENTITY, day())
        );
    }
}
