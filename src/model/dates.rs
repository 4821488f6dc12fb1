//! Dates as Chinese government portals write them.
//!
//! Portals mix `2023-05-06`, `2023/5/6`, `2023.05.06`, `2023年5月6日`,
//! `发布时间：2023-05-06 10:22:31`, list dates like `[05-06]` whose year comes from
//! context, and Chinese-numeral dates such as `二〇二三年五月六日` (common for 成文日期).
//! Everything here is pure text → date; no page knowledge.

use std::borrow::Cow;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::{Deserialize, Serialize};

/// A date as shown on a page: the text it was read from and, when it could be read, the date.
///
/// An unreadable date is kept with `date: None` so that the model never drops what the page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateText {
    pub text: String,
    pub date: Option<NaiveDate>,
}

impl DateText {
    /// Reads `text` as a full date (year included).
    pub fn parse(text: &str) -> Self {
        Self {
            text: text.trim().to_string(),
            date: parse_date(text),
        }
    }
}

static NUMERIC_YMD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})\s*(?:[-/.．]|年)\s*(\d{1,2})\s*(?:[-/.．]|月)\s*(\d{1,2})\s*日?")
        .expect("valid regex")
});

static CHINESE_YMD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([〇○零一二三四五六七八九OＯ]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
        .expect("valid regex")
});

static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d])(\d{1,2})\s*(?:[-/.．]|月)\s*(\d{1,2})\s*日?(?:$|[^\d])")
        .expect("valid regex")
});

/// Replaces full-width digits with ASCII digits so that one set of patterns reads both.
/// Most texts have none and are borrowed as they are: every full-width digit (`U+FF10`–`FF19`)
/// is the bytes `EF BC 90`–`EF BC 99`.
pub fn normalize_digits(text: &str) -> Cow<'_, str> {
    let full_width = text
        .as_bytes()
        .windows(3)
        .any(|w| w[0] == 0xEF && w[1] == 0xBC && (0x90..=0x99).contains(&w[2]));
    if !full_width {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                _ => c,
            })
            .collect(),
    )
}

/// The first full date (with a year) in `text`, in any of the forms portals use.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    dates_in(text, true).first().map(|(_, date)| *date)
}

/// Every full date in `text`, in order of appearance.
pub fn find_dates(text: &str) -> Vec<NaiveDate> {
    find_dates_at(text).into_iter().map(|(_, d)| d).collect()
}

/// Every full date in `text` with the byte offset (in `text`) where it starts.
pub fn find_dates_at(text: &str) -> Vec<(usize, NaiveDate)> {
    dates_in(text, false)
}

/// [`find_dates_at`], or with `first_only` just its first date (each form's search stops at
/// its first date, and the earlier of the two is the first). A numeric date needs an ASCII
/// digit and a Chinese one `年`: a text without is not searched for it.
fn dates_in(text: &str, first_only: bool) -> Vec<(usize, NaiveDate)> {
    let original = text;
    let text = normalize_digits(text);
    let mut found: Vec<(usize, NaiveDate)> = Vec::new();
    if text.bytes().any(|b| b.is_ascii_digit()) {
        for caps in NUMERIC_YMD.captures_iter(&text) {
            let whole = caps.get(0).expect("group 0");
            if touches_digit(&text, whole.start(), whole.end(), &caps) {
                continue;
            }
            let date = ymd(&caps[1], &caps[2], &caps[3]);
            if let Some(date) = date {
                found.push((whole.start(), date));
                if first_only {
                    break;
                }
            }
        }
    }
    if text.contains('年') {
        for caps in CHINESE_YMD.captures_iter(&text) {
            let start = caps.get(0).expect("group 0").start();
            let year = chinese_year(&caps[1]);
            let month = chinese_number(&caps[2]);
            let day = chinese_number(&caps[3]);
            if let (Some(y), Some(m), Some(d)) = (year, month, day)
                && let Some(date) = NaiveDate::from_ymd_opt(y, m, d)
            {
                found.push((start, date));
                if first_only {
                    break;
                }
            }
        }
    }
    found.sort_by_key(|(pos, _)| *pos);
    // Full-width digits are three bytes, ASCII one: map offsets back to `original`.
    if original.len() != text.len() {
        let starts: Vec<usize> = original.char_indices().map(|(i, _)| i).collect();
        let normalized: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        for (pos, _) in &mut found {
            let nth = normalized.partition_point(|&i| i < *pos);
            *pos = starts.get(nth).copied().unwrap_or(original.len());
        }
    }
    found
}

/// A date that may be written without its year (`[05-06]`, `5月6日`), the year taken from
/// `year_hint`. A full date in the text wins over the hint.
pub fn parse_date_with_year(text: &str, year_hint: i32) -> Option<NaiveDate> {
    if let Some(date) = parse_date(text) {
        return Some(date);
    }
    let text = normalize_digits(text);
    let caps = MONTH_DAY.captures(&text)?;
    let month: u32 = caps[1].parse().ok()?;
    let day: u32 = caps[2].parse().ok()?;
    NaiveDate::from_ymd_opt(year_hint, month, day)
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// A match glued to more digits (`12023-05-06`, `2023-05-061`) is an id, not a date.
fn touches_digit(text: &str, start: usize, end: usize, caps: &regex::Captures<'_>) -> bool {
    let before = text[..start].chars().next_back();
    let ends_in_digit = caps
        .get(0)
        .map(|m| m.as_str().ends_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(false);
    let after = text[end..].chars().next();
    before.is_some_and(|c| c.is_ascii_digit())
        || (ends_in_digit && after.is_some_and(|c| c.is_ascii_digit()))
}

fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '○' | '零' | 'O' | 'Ｏ' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// `二〇二三` → 2023: each character is one digit.
fn chinese_year(text: &str) -> Option<i32> {
    text.chars()
        .try_fold(0i32, |acc, c| chinese_digit(c).map(|d| acc * 10 + d as i32))
}

/// `五` → 5, `十` → 10, `十二` → 12, `二十` → 20, `三十一` → 31.
fn chinese_number(text: &str) -> Option<u32> {
    let chars: Vec<char> = text.chars().collect();
    match chars.iter().position(|&c| c == '十') {
        None if chars.len() == 1 => chinese_digit(chars[0]),
        None => None,
        Some(pos) => {
            let tens = match pos {
                0 => 1,
                1 => chinese_digit(chars[0])?,
                _ => return None,
            };
            let units = match &chars[pos + 1..] {
                [] => 0,
                [c] => chinese_digit(*c)?,
                _ => return None,
            };
            Some(tens * 10 + units)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn reads_every_numeric_form() {
        for text in [
            "2023-05-06",
            "2023/5/6",
            "2023年5月6日",
            "2023.05.06",
            "发布时间：2023-05-06 10:22:31",
            "2023年05月06日",
            "２０２３年５月６日",
            "2023 年 5 月 6 日",
        ] {
            assert_eq!(parse_date(text), Some(d(2023, 5, 6)), "{text}");
        }
    }

    #[test]
    fn reads_chinese_numeral_dates() {
        assert_eq!(parse_date("二〇二三年五月六日"), Some(d(2023, 5, 6)));
        assert_eq!(parse_date("二○二四年十二月三十一日"), Some(d(2024, 12, 31)));
        assert_eq!(parse_date("二〇二五年十月十日印发"), Some(d(2025, 10, 10)));
        assert_eq!(parse_date("二〇二五年二月二十日"), Some(d(2025, 2, 20)));
    }

    #[test]
    fn month_day_takes_the_year_from_context() {
        assert_eq!(parse_date_with_year("[05-06]", 2023), Some(d(2023, 5, 6)));
        assert_eq!(parse_date_with_year("12月1日", 2024), Some(d(2024, 12, 1)));
        assert_eq!(
            parse_date_with_year("2022-01-02", 2024),
            Some(d(2022, 1, 2))
        );
    }

    #[test]
    fn ids_and_impossible_dates_are_not_dates() {
        assert_eq!(parse_date("000014349/2019-00007"), None);
        assert_eq!(parse_date("2023-02-30"), None);
        assert_eq!(parse_date("国发〔2019〕5号"), None);
        assert_eq!(parse_date("无"), None);
    }

    #[test]
    fn unreadable_text_is_kept() {
        let value = DateText::parse("  待定 ");
        assert_eq!(value.text, "待定");
        assert_eq!(value.date, None);
    }
}
