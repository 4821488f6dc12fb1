//! 个人隐私信息 in published text (条例第十五条): finding 身份证号, 手机号码 and 银行卡号 by their
//! structure (check digits, birth dates, number plans), and masking them so that no report ever
//! repeats a leaked number in full.

pub mod leak;
mod redact;

pub use redact::redact;

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};

/// What kind of personal number a match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    IdNumber,
    Mobile,
    BankCard,
}

impl Kind {
    pub fn display(self) -> &'static str {
        match self {
            Kind::IdNumber => "身份证号",
            Kind::Mobile => "手机号码",
            Kind::BankCard => "银行卡号",
        }
    }
}

/// One personal number found in a text, already masked.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Leak {
    pub kind: Kind,
    pub masked: String,
}

/// Labels after which an 18- or 16–19-digit code is an institution's or a document's number, not
/// a person's (统一社会信用代码, 索引号, 订单号 …): a match within a few characters of one is skipped.
const CODE_LABELS: &[&str] = &[
    "信用代码",
    "索引号",
    "索 引 号",
    "文号",
    "订单号",
    "订单编号",
    "流水号",
    "合同编号",
    "项目编号",
    "项目代码",
    "批准文号",
    "登记号",
    "许可证号",
    "证书编号",
    "备案号",
    "标识码",
];

/// How far (in characters) before a number a label still names it.
const LABEL_REACH: usize = 12;

/// Every personal number in `text`, masked, in order of appearance (repeats kept once).
pub fn find_leaks(text: &str, as_of: NaiveDate) -> Vec<Leak> {
    let mut seen = HashSet::new();
    scan(text, as_of)
        .into_iter()
        .map(|(_, leak)| leak)
        .filter(|leak| seen.insert(leak.clone()))
        .collect()
}

/// `text` with every personal number in it replaced by its masked form.
#[cfg(test)]
fn redact_text(text: &str, as_of: NaiveDate) -> String {
    masked(text, as_of).unwrap_or_else(|| text.to_string())
}

/// Masks the personal numbers in `text` in place; a text without one is left untouched.
pub fn redact_in_place(text: &mut String, as_of: NaiveDate) {
    if let Some(masked) = masked(text, as_of) {
        *text = masked;
    }
}

/// Masks personal numbers in every string of a JSON value (evidence, nested or not).
pub fn redact_json(value: &mut serde_json::Value, as_of: NaiveDate) {
    use serde_json::Value;
    match value {
        Value::String(text) => redact_in_place(text, as_of),
        Value::Array(items) => items.iter_mut().for_each(|v| redact_json(v, as_of)),
        Value::Object(map) => map.values_mut().for_each(|v| redact_json(v, as_of)),
        _ => {}
    }
}

/// `text` masked, or `None` when it holds no personal number.
fn masked(text: &str, as_of: NaiveDate) -> Option<String> {
    let found = scan(text, as_of);
    if found.is_empty() {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    for ((start, end), leak) in found {
        out.extend(&chars[at..start]);
        out.push_str(&leak.masked);
        at = end;
    }
    out.extend(&chars[at..]);
    Some(out)
}

/// The personal numbers of `text` with their character ranges.
fn scan(text: &str, as_of: NaiveDate) -> Vec<((usize, usize), Leak)> {
    // No digit, half- or full-width (U+FF10.., led by the byte 0xEF), no number: most titles
    // and link texts are done without a copy of their characters.
    if !text.bytes().any(|b| b.is_ascii_digit() || b == 0xEF) {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().map(half_width).collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && is_code_char(chars[i - 1])) {
            i += 1;
            continue;
        }
        let (digits, end) = number_at(&chars, i);
        if end < chars.len() && is_code_char(chars[end]) {
            i = end;
            continue;
        }
        if let Some(leak) = classify(&digits, labelled(&chars, i), as_of) {
            found.push(((i, end), leak));
        }
        i = end.max(i + 1);
    }
    found
}

/// The number starting at `start`: a digit run, or digit groups joined by single spaces or
/// hyphens (`138-1234-5678`, `6222 0212 3456 7890`), and a final `X` for an 身份证号.
fn number_at(chars: &[char], start: usize) -> (String, usize) {
    let mut digits = String::new();
    let mut i = start;
    loop {
        let segment_start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            digits.push(chars[i]);
            i += 1;
        }
        // Only the groups of a written-out mobile (3-4-4) or card number (4-4-4-4) join.
        let joined = i + 1 < chars.len()
            && matches!(i - segment_start, 3 | 4)
            && matches!(chars[i], ' ' | '-')
            && chars[i + 1].is_ascii_digit()
            && digits.len() < 19;
        if !joined {
            break;
        }
        i += 1;
    }
    if digits.len() == 17 && i < chars.len() && matches!(chars[i], 'X' | 'x') {
        digits.push('X');
        i += 1;
    }
    (digits, i)
}

fn classify(digits: &str, labelled: bool, as_of: NaiveDate) -> Option<Leak> {
    let leak = |kind, masked| Some(Leak { kind, masked });
    if digits.len() == 18 && !labelled && is_id_number(digits, as_of) {
        return leak(Kind::IdNumber, mask(digits, 4, 4));
    }
    if digits.len() == 11 && is_mobile(digits) {
        return leak(Kind::Mobile, mask(digits, 3, 4));
    }
    if (16..=19).contains(&digits.len()) && !labelled && is_bank_card(digits) {
        return leak(Kind::BankCard, mask(digits, 4, 4));
    }
    None
}

/// Keeps the first `head` and last `tail` characters, stars in between.
pub fn mask(digits: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = digits.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i < head || i + tail >= chars.len() {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

/// An 18-character 身份证号 (GB 11643): a province code, a real birth date not after `as_of`,
/// and the ISO 7064 MOD 11-2 check character.
pub fn is_id_number(id: &str, as_of: NaiveDate) -> bool {
    let bytes = id.as_bytes();
    if bytes.len() != 18 || !bytes[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    const PROVINCES: &[u8] = &[
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51,
        52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
    ];
    let province = (bytes[0] - b'0') * 10 + (bytes[1] - b'0');
    if !PROVINCES.contains(&province) {
        return false;
    }
    let Ok(birth) = NaiveDate::parse_from_str(&id[6..14], "%Y%m%d") else {
        return false;
    };
    if birth.year() < 1900 || birth > as_of {
        return false;
    }
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = bytes[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize];
    bytes[17].eq_ignore_ascii_case(&check)
}

/// A mainland mobile number: 11 digits, `1[3-9]` then nine more.
pub fn is_mobile(digits: &str) -> bool {
    let b = digits.as_bytes();
    b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && b.iter().all(u8::is_ascii_digit)
}

/// A bank card number: 16–19 digits with a card scheme's prefix (银联 62, Visa 4, Mastercard
/// 51–55 and 2221–2720, JCB 35, the old domestic 9558/60) and a valid Luhn check digit.
pub fn is_bank_card(digits: &str) -> bool {
    if !(16..=19).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let prefix4: u32 = digits[..4].parse().unwrap_or(0);
    let bin = digits.starts_with("62")
        || digits.starts_with('4')
        || (5100..=5599).contains(&prefix4)
        || (2221..=2720).contains(&prefix4)
        || digits.starts_with("35")
        || digits.starts_with("9558")
        || digits.starts_with("60");
    bin && luhn(digits)
}

fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Whether a code label (信用代码, 索引号 …) stands just before position `at`.
fn labelled(chars: &[char], at: usize) -> bool {
    let from = at.saturating_sub(LABEL_REACH);
    let before: String = chars[from..at].iter().collect();
    CODE_LABELS.iter().any(|label| before.contains(label))
}

/// A character that makes a digit run part of a longer code (a letter, another digit, a
/// masking star, or a `/` of an 索引号).
fn is_code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '*' | '/' | '_')
}

fn half_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        'Ｘ' => 'X',
        '－' => '-',
        _ => c,
    }
}

#[cfg(test)]
mod tests;
