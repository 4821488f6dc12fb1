//! Small text helpers shared by the checks loaders, the rules and the run: no domain logic.

/// Names (of columns, documents) compared without white space and punctuation.
pub fn normalize_name(name: &str) -> String {
    name.chars()
        .filter(|c| {
            !(c.is_whitespace()
                || c.is_ascii_punctuation()
                || matches!(
                    c,
                    '、' | '，' | '。' | '（' | '）' | '【' | '】' | '《' | '》' | '·' | '“' | '”'
                ))
        })
        .collect()
}

/// Names (of columns) compared as [`normalize_name`] writes them, each normalised once, when
/// the set is made, rather than at every comparison.
#[derive(Debug, Clone, Default)]
pub struct NameSet(std::collections::HashSet<String>);

impl NameSet {
    pub fn new<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> Self {
        Self(
            names
                .into_iter()
                .map(|n| normalize_name(n.as_ref()))
                .collect(),
        )
    }

    /// Whether a name already normalised ([`normalize_name`]) is one of the set's.
    pub fn holds_normalized(&self, normalized: &str) -> bool {
        self.0.contains(normalized)
    }
}

/// A title as a message cites it, in book-title marks: `《X》`. Marks inside the title become
/// the inner marks 〈〉 (GB/T 15834), so `关于印发《X》的通知` reads
/// `《关于印发〈X〉的通知》` and `《X》政策解读` reads `《〈X〉政策解读》`, never `《《…》…》`; a
/// title already wholly in 《》 is cited as it is.
pub fn book_title(title: &str) -> String {
    let title = title.trim();
    if let Some(inner) = title.strip_prefix('《').and_then(|t| t.strip_suffix('》'))
        && !inner.contains(['《', '》'])
    {
        return title.to_string();
    }
    let inner: String = title
        .chars()
        .map(|c| match c {
            '《' => '〈',
            '》' => '〉',
            other => other,
        })
        .collect();
    format!("《{inner}》")
}

/// Points as reports write them: `6`, `2.5`.
pub fn points(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.1}")
    }
}

/// A day as documents write it: `2025年10月11日`.
pub fn chinese_date(day: chrono::NaiveDate) -> String {
    day.format("%Y年%-m月%-d日").to_string()
}

/// Years as a Chinese list: `2026、2027`.
pub fn join_years(years: &[i32]) -> String {
    years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join("、")
}

/// A duration as a person writes it: `2h`, `90m`, `45s`, or a number of seconds (the
/// command line's `--deadline` and a portfolio's `deadline`).
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((at, _)) => text.split_at(at),
        None => (text, "s"),
    };
    let n: u64 = number
        .parse()
        .map_err(|_| format!("时长 {text:?} 应为数字加单位，如 2h、90m、45s"))?;
    let seconds = match unit.trim() {
        "s" | "sec" | "秒" => n,
        "m" | "min" | "分钟" => n.saturating_mul(60),
        "h" | "小时" => n.saturating_mul(3600),
        _ => return Err(format!("时长 {text:?} 的单位应为 h、m 或 s")),
    };
    Ok(std::time::Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_hours_minutes_and_seconds() {
        use std::time::Duration;
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
        assert_eq!(parse_duration("90m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("45s"), Ok(Duration::from_secs(45)));
        assert_eq!(parse_duration("30"), Ok(Duration::from_secs(30)));
        assert!(parse_duration("2d").is_err());
        assert!(parse_duration("h").is_err());
    }

    #[test]
    fn book_titles_nest_with_inner_marks() {
        assert_eq!(
            book_title("关于印发《X办法》的通知"),
            "《关于印发〈X办法〉的通知》"
        );
        assert_eq!(book_title("《X办法》政策解读"), "《〈X办法〉政策解读》");
        assert_eq!(book_title("《X办法》"), "《X办法》");
        assert_eq!(book_title("2024年年报"), "《2024年年报》");
    }

    #[test]
    fn name_sets_compare_normalised_names() {
        let set = NameSet::new(["规范性 文件", "政府令"]);
        assert!(set.holds_normalized(&normalize_name("规范性文件")));
        assert!(set.holds_normalized("政府令"));
        assert!(!set.holds_normalized("规范性文件库"));
    }

    #[test]
    fn names_lose_spaces_and_punctuation() {
        assert_eq!(normalize_name("财政 预决算（2024）"), "财政预决算2024");
        assert_eq!(join_years(&[2026, 2027]), "2026、2027");
        assert_eq!(join_years(&[]), "");
    }
}
