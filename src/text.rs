//! Small text helpers shared by the checks loaders, the rules and the run: no domain logic.

/// Names (of columns, documents) compared without white space and punctuation.
pub fn normalize_name(name: &str) -> String {
    name.chars()
        .filter(|c| {
            !(c.is_whitespace()
                || c.is_ascii_punctuation()
                || "、，。（）()【】《》·“”\u{3000}".contains(*c))
        })
        .collect()
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

/// Years as a Chinese list: `2026、2027`.
pub fn join_years(years: &[i32]) -> String {
    years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join("、")
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn names_lose_spaces_and_punctuation() {
        assert_eq!(normalize_name("财政 预决算（2024）"), "财政预决算2024");
        assert_eq!(join_years(&[2026, 2027]), "2026、2027");
        assert_eq!(join_years(&[]), "");
    }
}
