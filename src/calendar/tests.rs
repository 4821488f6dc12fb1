use super::*;
use crate::rules::testing::date as d;

/// Every holiday of 2019–2026 as the State Council notices set it: the off range and the
/// 调休 make-up workdays (regulations.md §7).
const HOLIDAYS: &[(&str, &str, &str, &[&str])] = &[
    ("2019 元旦", "2018-12-30", "2019-01-01", &["2018-12-29"]),
    (
        "2019 春节",
        "2019-02-04",
        "2019-02-10",
        &["2019-02-02", "2019-02-03"],
    ),
    ("2019 清明", "2019-04-05", "2019-04-05", &[]),
    (
        "2019 劳动",
        "2019-05-01",
        "2019-05-04",
        &["2019-04-28", "2019-05-05"],
    ),
    ("2019 端午", "2019-06-07", "2019-06-07", &[]),
    ("2019 中秋", "2019-09-13", "2019-09-13", &[]),
    (
        "2019 国庆",
        "2019-10-01",
        "2019-10-07",
        &["2019-09-29", "2019-10-12"],
    ),
    ("2020 元旦", "2020-01-01", "2020-01-01", &[]),
    ("2020 春节", "2020-01-24", "2020-02-02", &["2020-01-19"]),
    ("2020 清明", "2020-04-04", "2020-04-06", &[]),
    (
        "2020 劳动",
        "2020-05-01",
        "2020-05-05",
        &["2020-04-26", "2020-05-09"],
    ),
    ("2020 端午", "2020-06-25", "2020-06-27", &["2020-06-28"]),
    (
        "2020 国庆中秋",
        "2020-10-01",
        "2020-10-08",
        &["2020-09-27", "2020-10-10"],
    ),
    ("2021 元旦", "2021-01-01", "2021-01-03", &[]),
    (
        "2021 春节",
        "2021-02-11",
        "2021-02-17",
        &["2021-02-07", "2021-02-20"],
    ),
    ("2021 清明", "2021-04-03", "2021-04-05", &[]),
    (
        "2021 劳动",
        "2021-05-01",
        "2021-05-05",
        &["2021-04-25", "2021-05-08"],
    ),
    ("2021 端午", "2021-06-12", "2021-06-14", &[]),
    ("2021 中秋", "2021-09-19", "2021-09-21", &["2021-09-18"]),
    (
        "2021 国庆",
        "2021-10-01",
        "2021-10-07",
        &["2021-09-26", "2021-10-09"],
    ),
    ("2022 元旦", "2022-01-01", "2022-01-03", &[]),
    (
        "2022 春节",
        "2022-01-31",
        "2022-02-06",
        &["2022-01-29", "2022-01-30"],
    ),
    ("2022 清明", "2022-04-03", "2022-04-05", &["2022-04-02"]),
    (
        "2022 劳动",
        "2022-04-30",
        "2022-05-04",
        &["2022-04-24", "2022-05-07"],
    ),
    ("2022 端午", "2022-06-03", "2022-06-05", &[]),
    ("2022 中秋", "2022-09-10", "2022-09-12", &[]),
    (
        "2022 国庆",
        "2022-10-01",
        "2022-10-07",
        &["2022-10-08", "2022-10-09"],
    ),
    ("2023 元旦", "2022-12-31", "2023-01-02", &[]),
    (
        "2023 春节",
        "2023-01-21",
        "2023-01-27",
        &["2023-01-28", "2023-01-29"],
    ),
    ("2023 清明", "2023-04-05", "2023-04-05", &[]),
    (
        "2023 劳动",
        "2023-04-29",
        "2023-05-03",
        &["2023-04-23", "2023-05-06"],
    ),
    ("2023 端午", "2023-06-22", "2023-06-24", &["2023-06-25"]),
    (
        "2023 中秋国庆",
        "2023-09-29",
        "2023-10-06",
        &["2023-10-07", "2023-10-08"],
    ),
    ("2024 元旦", "2024-01-01", "2024-01-01", &[]),
    (
        "2024 春节",
        "2024-02-10",
        "2024-02-17",
        &["2024-02-04", "2024-02-18"],
    ),
    ("2024 清明", "2024-04-04", "2024-04-06", &["2024-04-07"]),
    (
        "2024 劳动",
        "2024-05-01",
        "2024-05-05",
        &["2024-04-28", "2024-05-11"],
    ),
    ("2024 端午", "2024-06-10", "2024-06-10", &[]),
    ("2024 中秋", "2024-09-15", "2024-09-17", &["2024-09-14"]),
    (
        "2024 国庆",
        "2024-10-01",
        "2024-10-07",
        &["2024-09-29", "2024-10-12"],
    ),
    ("2025 元旦", "2025-01-01", "2025-01-01", &[]),
    (
        "2025 春节",
        "2025-01-28",
        "2025-02-04",
        &["2025-01-26", "2025-02-08"],
    ),
    ("2025 清明", "2025-04-04", "2025-04-06", &[]),
    ("2025 劳动", "2025-05-01", "2025-05-05", &["2025-04-27"]),
    ("2025 端午", "2025-05-31", "2025-06-02", &[]),
    (
        "2025 国庆中秋",
        "2025-10-01",
        "2025-10-08",
        &["2025-09-28", "2025-10-11"],
    ),
    ("2026 元旦", "2026-01-01", "2026-01-03", &["2026-01-04"]),
    (
        "2026 春节",
        "2026-02-15",
        "2026-02-23",
        &["2026-02-14", "2026-02-28"],
    ),
    ("2026 清明", "2026-04-04", "2026-04-06", &[]),
    ("2026 劳动", "2026-05-01", "2026-05-05", &["2026-05-09"]),
    ("2026 端午", "2026-06-19", "2026-06-21", &[]),
    ("2026 中秋", "2026-09-25", "2026-09-27", &[]),
    (
        "2026 国庆",
        "2026-10-01",
        "2026-10-07",
        &["2026-09-20", "2026-10-10"],
    ),
];

#[test]
fn every_holiday_of_2019_to_2026_is_off_and_every_make_up_day_is_worked() {
    let calendar = Calendar::official();
    for (name, first, last, make_up) in HOLIDAYS {
        for day in d(first).iter_days().take_while(|x| *x <= d(last)) {
            assert!(!calendar.is_workday(day), "{name}: {day} should be off");
        }
        for day in *make_up {
            assert!(
                calendar.is_workday(d(day)),
                "{name}: {day} is a 调休 workday"
            );
        }
    }
}

#[test]
fn ordinary_weeks_follow_the_weekday_rule() {
    let calendar = Calendar::official();
    assert!(calendar.is_workday(d("2024-03-13"))); // Wednesday
    assert!(!calendar.is_workday(d("2024-03-16"))); // Saturday
    assert!(!calendar.is_workday(d("2024-03-17"))); // Sunday
}

#[test]
fn day_one_is_the_first_working_day_after_the_date() {
    let calendar = Calendar::official();
    assert_eq!(
        calendar.add_working_days(d("2024-03-13"), 0),
        d("2024-03-13")
    );
    assert_eq!(
        calendar.add_working_days(d("2024-03-13"), 1),
        d("2024-03-14")
    );
    assert_eq!(
        calendar.add_working_days(d("2024-03-15"), 1),
        d("2024-03-18")
    );
    assert_eq!(
        calendar.add_working_days(d("2024-03-01"), 20),
        d("2024-03-29")
    );
}

#[test]
fn national_day_2023_counts_the_make_up_weekend() {
    let calendar = Calendar::official();
    // 09-28 is day 1; 09-29..10-06 are off; Saturday 10-07 and Sunday 10-08 are worked.
    assert_eq!(
        calendar.add_working_days(d("2023-09-27"), 2),
        d("2023-10-07")
    );
    assert_eq!(
        calendar.add_working_days(d("2023-09-27"), 3),
        d("2023-10-08")
    );
    assert!(calendar.is_workday(d("2023-10-07")));
    // A Monday-to-Friday count would say 2023-10-02.
}

#[test]
fn spring_festival_2024_window() {
    let calendar = Calendar::official();
    // 除夕 2024-02-09 is a Friday and an ordinary workday; the next is Sunday 02-18 (调休).
    assert_eq!(
        calendar.add_working_days(d("2024-02-08"), 1),
        d("2024-02-09")
    );
    assert_eq!(
        calendar.add_working_days(d("2024-02-09"), 1),
        d("2024-02-18")
    );
    assert_eq!(
        calendar.working_days_between(d("2024-02-01"), d("2024-02-29")),
        17
    );
}

#[test]
fn windows_across_new_year_use_both_years_files() {
    let calendar = Calendar::official();
    // 2022-12-31 and 2023-01-02 come from 2023.json.
    assert_eq!(
        calendar.add_working_days(d("2022-12-30"), 1),
        d("2023-01-03")
    );
    // 2018-12-29 (a Saturday) is a make-up workday set by the 2019 notice.
    assert!(calendar.is_workday(d("2018-12-29")));
    assert!(!calendar.is_workday(d("2018-12-31")));
    assert_eq!(
        calendar.add_working_days(d("2018-12-28"), 1),
        d("2018-12-29")
    );
    assert_eq!(
        calendar.add_working_days(d("2018-12-28"), 2),
        d("2019-01-02")
    );
}

#[test]
fn working_days_between_is_the_inverse_of_add() {
    let calendar = Calendar::official();
    for (start, n) in [("2023-09-20", 20), ("2024-01-25", 20), ("2025-09-25", 7)] {
        let end = calendar.add_working_days(d(start), n);
        assert_eq!(calendar.working_days_between(d(start), end), n as i64);
        assert_eq!(calendar.working_days_between(end, d(start)), -(n as i64));
    }
    assert_eq!(
        calendar.working_days_between(d("2024-03-13"), d("2024-03-13")),
        0
    );
}

#[test]
fn coverage_names_the_missing_year() {
    let calendar = Calendar::official();
    assert!(calendar.covers(d("2019-06-01")));
    assert!(calendar.covers(d("2026-12-01")));
    assert!(
        !calendar.covers(d("2026-12-30")),
        "2027 notice can move late December"
    );
    assert!(!calendar.covers(d("2018-06-01")));
    assert_eq!(
        calendar.missing_years(d("2026-11-01"), d("2027-02-01")),
        vec![2027]
    );
    assert!(
        calendar
            .missing_years(d("2020-01-01"), d("2025-12-31"))
            .is_empty()
    );
}

#[test]
fn a_dropped_in_year_file_extends_the_calendar() {
    let mut calendar = Calendar::official();
    let next_year = r#"{"year": 2027, "papers": [], "days": [
        {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
        {"name": "春节", "date": "2027-02-06", "isOffDay": false}
    ]}"#;
    calendar.add_json(next_year, "2027.json").unwrap();
    assert!(calendar.covers(d("2027-03-01")));
    assert!(calendar.covers(d("2026-12-30")));
    assert!(!calendar.is_workday(d("2027-01-01")));
    assert!(calendar.is_workday(d("2027-02-06")));
}

#[test]
fn an_empty_year_file_does_not_count_as_coverage() {
    let mut calendar = Calendar::official();
    calendar
        .add_json(r#"{"year": 2027, "papers": [], "days": []}"#, "2027.json")
        .unwrap();
    assert!(!calendar.covers(d("2027-03-01")));
}

#[test]
fn a_malformed_file_is_rejected_with_its_name() {
    let mut calendar = Calendar::default();
    let err = calendar
        .add_json("{\"year\": 2027", "checks/calendar/2027.json")
        .unwrap_err();
    assert!(
        err.to_string().contains("checks/calendar/2027.json"),
        "{err}"
    );
}
