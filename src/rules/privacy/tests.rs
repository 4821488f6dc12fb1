use super::*;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 12, 1).unwrap()
}

fn masked(text: &str) -> Vec<(Kind, String)> {
    find_leaks(text, as_of())
        .into_iter()
        .map(|l| (l.kind, l.masked))
        .collect()
}

#[test]
fn a_valid_id_number_is_found_and_masked() {
    // 11010519491231002X is the standard's own example number.
    assert!(is_id_number("11010519491231002X", as_of()));
    assert_eq!(
        masked("申请人张某，身份证号11010519491231002X，住址……"),
        [(Kind::IdNumber, "1101**********002X".to_string())]
    );
}

#[test]
fn a_wrong_check_digit_or_birth_date_is_no_id_number() {
    assert!(!is_id_number("110105194912310021", as_of()));
    assert!(!is_id_number("110105194913310025", as_of()));
    // Born after the as-of date.
    assert!(!is_id_number("110105203001010011", as_of()));
}

#[test]
fn mobiles_are_found_alone_or_grouped_but_not_inside_longer_runs() {
    assert_eq!(
        masked("联系人：王先生，电话13812345678；或138-1234-5679。"),
        [
            (Kind::Mobile, "138****5678".to_string()),
            (Kind::Mobile, "138****5679".to_string())
        ]
    );
    assert!(masked("订单 2138123456789012 与 0591-87654321、87654321").is_empty());
    assert!(masked("编号A13812345678，或13812345678900").is_empty());
}

#[test]
fn masked_forms_and_codes_do_not_trigger() {
    let text = "身份证号350***********1234，手机138****1234，\
        统一社会信用代码：91350200MA2Y12345X，统一社会信用代码 113502000035910370，\
        索引号：11350200MB0123456X/2025-00123，文号：厦府〔2025〕12号，发布日期：2025-01-02";
    assert!(masked(text).is_empty(), "{:?}", masked(text));
}

#[test]
fn a_bank_card_needs_a_scheme_prefix_and_luhn() {
    assert!(is_bank_card("6222021234567890128"));
    assert!(!is_bank_card("6222021234567890123"));
    // Luhn-valid but with no card scheme's prefix.
    assert!(!is_bank_card("1234567812345670"));
    assert_eq!(
        masked("开户行：工商银行，卡号：6222 0212 3456 7890 128"),
        [(Kind::BankCard, "6222***********0128".to_string())]
    );
}

#[test]
fn full_width_digits_are_read() {
    assert_eq!(
        masked("电话：１３８１２３４５６７８"),
        [(Kind::Mobile, "138****5678".to_string())]
    );
}

#[test]
fn redaction_masks_numbers_in_place() {
    assert_eq!(
        redact_text(
            "失物招领（王先生 13951234567，卡号6222 0212 3456 7890 128）",
            as_of()
        ),
        "失物招领（王先生 139****4567，卡号6222***********0128）"
    );
    assert_eq!(
        redact_text("电话0513-85012345", as_of()),
        "电话0513-85012345"
    );
}
