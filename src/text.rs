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
    fn names_lose_spaces_and_punctuation() {
        assert_eq!(normalize_name("财政 预决算（2024）"), "财政预决算2024");
        assert_eq!(join_years(&[2026, 2027]), "2026、2027");
        assert_eq!(join_years(&[]), "");
    }
}
