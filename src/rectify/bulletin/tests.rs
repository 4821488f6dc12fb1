//! The 通报 over hand-made events in October 2025 (国庆 1–8 October, 11 October a 调休 workday).

use super::*;
use crate::checks::RectificationChecks;
use crate::rectify::{NoticeKind, NoticeRef};
use crate::rules::testing::date as d;

fn portal(key: &str, name: Option<&str>, unit: Option<&str>) -> Portal {
    Portal {
        key: key.to_string(),
        name: name.map(str::to_string),
        url: format!("http://{key}/"),
        unit: unit.map(str::to_string),
    }
}

/// One problem's stage changes: (stage, day), all with `deadline`.
fn record(
    portal: &Portal,
    fingerprint: &str,
    department: &str,
    deadline: &str,
    cycle: u32,
    stages: &[(Stage, &str)],
) -> Vec<RectificationEvent> {
    stages
        .iter()
        .map(|(stage, on)| RectificationEvent {
            portal: portal.clone(),
            fingerprint: fingerprint.to_string(),
            department: department.to_string(),
            stage: *stage,
            on: d(on),
            deadline: d(deadline),
            cycle,
            notice: None,
        })
        .collect()
}

fn october_events() -> Vec<RectificationEvent> {
    use Stage::*;
    let a = portal(
        "cgj.example.gov.cn",
        Some("城管局网站"),
        Some("明湖市城市管理局"),
    );
    let b = portal("zrzy.example.gov.cn", Some("明湖市自然资源局"), None);
    [
        // Fixed before its deadline.
        record(
            &a,
            "p1",
            "办公室",
            "2025-10-23",
            1,
            &[(Assigned, "2025-10-09"), (Resolved, "2025-10-20")],
        ),
        // From September, 督办 on 9 October, still open: 约谈 on 13 October (3 working days,
        // 11 October a 调休 workday), overdue at the month's end.
        record(
            &a,
            "p2",
            "办公室",
            "2025-09-26",
            1,
            &[
                (Assigned, "2025-09-15"),
                (Reminded, "2025-09-29"),
                (Supervised, "2025-10-09"),
            ],
        ),
        // Explained: no score either way.
        record(
            &a,
            "p6",
            "办公室",
            "2025-10-23",
            1,
            &[(Assigned, "2025-10-09"), (Explained, "2025-10-15")],
        ),
        // Reminded, then fixed late.
        record(
            &b,
            "p3",
            "信息中心",
            "2025-10-23",
            1,
            &[
                (Assigned, "2025-10-09"),
                (Reminded, "2025-10-24"),
                (Resolved, "2025-10-28"),
            ],
        ),
        // 督办 on 31 October: its 约谈 day (5 November) is next month's; overdue now.
        record(
            &b,
            "p4",
            "信息中心",
            "2025-10-27",
            1,
            &[
                (Assigned, "2025-10-13"),
                (Reminded, "2025-10-28"),
                (Supervised, "2025-10-31"),
                (Resolved, "2025-11-03"),
            ],
        ),
        // 督办 in September, its 约谈 day (30 September) September's; fixed late in October.
        record(
            &b,
            "p5",
            "信息中心",
            "2025-09-12",
            1,
            &[
                (Assigned, "2025-09-01"),
                (Reminded, "2025-09-15"),
                (Supervised, "2025-09-26"),
                (Resolved, "2025-10-09"),
            ],
        ),
    ]
    .concat()
}

fn compute(events: &[RectificationEvent], by: Grouping, policy: &BulletinPolicy) -> Bulletin {
    let calendar = Calendar::official();
    Bulletin::compute(
        events,
        &Setup {
            period: Period::month("2025-10").unwrap(),
            by,
            policy,
            calendar: &calendar,
            issuer: "明湖市人民政府办公室".into(),
            issued_on: d("2025-11-03"),
            checked_through: checked_through(events, "2025-11-03"),
        },
    )
}

/// Every portal of `events` checked by a run on `day`.
fn checked_through(events: &[RectificationEvent], day: &str) -> BTreeMap<String, NaiveDate> {
    events
        .iter()
        .map(|e| (e.portal.key.clone(), d(day)))
        .collect()
}

fn row<'a>(bulletin: &'a Bulletin, name: &str) -> &'a BulletinRow {
    bulletin
        .rows
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no row {name}: {:#?}", bulletin.rows))
}

#[test]
fn departments_are_counted_and_scored() {
    let policy = RectificationChecks::default().bulletin;
    let mut events = october_events();
    events.reverse(); // any order
    let bulletin = compute(&events, Grouping::Department, &policy);
    assert_eq!(bulletin.title, "政务公开整改情况通报（2025年10月）");
    let office = row(&bulletin, "办公室");
    assert_eq!(
        office.counts,
        Counts {
            assigned: 2,
            resolved_on_time: 1,
            resolved_late: 0,
            overdue: 1,
            explained: 1,
            reminded: 0,
            supervised: 1,
            interviews: 1,
        }
    );
    assert_eq!(
        (office.deducted, office.score, office.merit),
        (3.5, 96.5, true)
    );
    let centre = row(&bulletin, "信息中心");
    assert_eq!(
        centre.counts,
        Counts {
            assigned: 2,
            resolved_on_time: 0,
            resolved_late: 2,
            overdue: 1,
            explained: 0,
            reminded: 2,
            supervised: 1,
            interviews: 0,
        }
    );
    assert_eq!((centre.deducted, centre.score), (0.9, 99.1));
    // Best first.
    assert_eq!(bulletin.rows[0].name, "信息中心");
    assert_eq!(bulletin.total.assigned, 4);
    assert_eq!(bulletin.total.interviews, 1);
    assert!(bulletin.below_merit().is_empty());
    assert_eq!(
        bulletin.merit_sentence(),
        "本期各责任部门得分均不低于80分。"
    );
    assert!(
        bulletin
            .lead()
            .contains("本期共交办问题4个，按期办结1个，逾期办结2个，截至2025年10月31日仍逾期未办结2个；发出工作催办单2份、督办通知单2份，约谈1次。"),
        "{}",
        bulletin.lead()
    );
}

#[test]
fn the_interview_waits_its_working_days_across_the_holiday() {
    let policy = RectificationChecks::default().bulletin;
    // Fixed on 13 October, the 约谈 day itself: no 约谈.
    let a = portal("a", None, None);
    let events = record(
        &a,
        "p",
        "办公室",
        "2025-09-26",
        1,
        &[
            (Stage::Assigned, "2025-09-15"),
            (Stage::Supervised, "2025-10-09"),
            (Stage::Resolved, "2025-10-13"),
        ],
    );
    let bulletin = compute(&events, Grouping::Department, &policy);
    assert_eq!(bulletin.rows[0].counts.interviews, 0);
    // Fixed on 14 October: one.
    let mut late = events.clone();
    late[2].on = d("2025-10-14");
    let bulletin = compute(&late, Grouping::Department, &policy);
    assert_eq!(bulletin.rows[0].counts.interviews, 1);
    assert_eq!(bulletin.rows[0].counts.resolved_late, 1);
}

#[test]
fn units_group_portals_and_fall_below_the_merit_line() {
    let mut policy = RectificationChecks::default().bulletin;
    policy.per_interview = 25.0;
    let bulletin = compute(&october_events(), Grouping::Unit, &policy);
    let names: Vec<&str> = bulletin.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["明湖市自然资源局", "明湖市城市管理局"]);
    let cgj = row(&bulletin, "明湖市城市管理局");
    assert_eq!((cgj.score, cgj.merit), (74.5, false));
    assert_eq!(
        bulletin.merit_sentence(),
        "得分低于80分、不能评为先进的责任单位：明湖市城市管理局（74.5分）。请上述单位认真整改，按期办结。"
    );
}

#[test]
fn a_reopened_problem_counts_again_and_later_events_are_ignored() {
    let policy = RectificationChecks::default().bulletin;
    let a = portal("a", None, None);
    let events = [
        record(
            &a,
            "p",
            "办公室",
            "2025-10-23",
            1,
            &[
                (Stage::Assigned, "2025-10-09"),
                (Stage::Resolved, "2025-10-10"),
            ],
        ),
        record(
            &a,
            "p",
            "办公室",
            "2025-10-30",
            2,
            &[
                (Stage::Assigned, "2025-10-16"),
                (Stage::Resolved, "2025-11-20"),
            ],
        ),
    ]
    .concat();
    let bulletin = compute(&events, Grouping::Department, &policy);
    let office = &bulletin.rows[0].counts;
    assert_eq!(
        (office.assigned, office.resolved_on_time, office.overdue),
        (2, 1, 1)
    );
    assert!(compute(&[], Grouping::Department, &policy).rows.is_empty());
}

#[test]
fn periods_are_named_as_a_bulletin_names_them() {
    assert_eq!(
        period_words(&Period::month("2025-10").unwrap()),
        "2025年10月"
    );
    assert_eq!(period_words(&Period::parse("2025").unwrap()), "2025年");
    assert_eq!(
        period_words(&Period::parse("2025-10-01..2025-12-31").unwrap()),
        "2025年10月1日至2025年12月31日"
    );
    let policy = RectificationChecks::default().bulletin;
    let bulletin = compute(&[], Grouping::Department, &policy);
    assert!(
        bulletin.formula().contains("每收到一次工作催办单扣0.2分"),
        "{}",
        bulletin.formula()
    );
    assert!(bulletin.formula().contains("每约谈一次扣3分"));
    assert_eq!(bulletin.issued_words(), "2025年11月3日");
}

/// Four problems of 信息中心: three on 催办单 第1号, a fourth on 催办单 第2号, all four on
/// 督办通知单 第1号 of 2025-10-16, none resolved.
fn chased_on_one_supervision() -> Vec<RectificationEvent> {
    use Stage::*;
    let a = portal("cgj.example.gov.cn", None, None);
    let number = |kind, seq| NoticeRef {
        number: NoticeNumber {
            kind,
            year: 2025,
            seq,
        },
        issued_on: d("2025-10-13"),
    };
    // Three problems on 催办单 第1号 and 督办通知单 第1号; a fourth on 催办单 第2号.
    let mut events: Vec<RectificationEvent> = ["p1", "p2", "p3", "p4"]
        .iter()
        .flat_map(|fp| {
            record(
                &a,
                fp,
                "信息中心",
                "2025-10-10",
                1,
                &[
                    (Assigned, "2025-09-20"),
                    (Reminded, "2025-10-13"),
                    (Supervised, "2025-10-16"),
                ],
            )
        })
        .collect();
    for event in &mut events {
        event.notice = match (event.stage, event.fingerprint.as_str()) {
            (Reminded, "p4") => Some(number(NoticeKind::Remind, 2)),
            (Reminded, _) => Some(number(NoticeKind::Remind, 1)),
            (Supervised, _) => Some(number(NoticeKind::Supervise, 1)),
            _ => None,
        };
    }
    events
}

#[test]
fn a_document_listing_several_problems_costs_once() {
    let events = chased_on_one_supervision();
    let policy = RectificationChecks::default().bulletin;
    let bulletin = compute(&events, Grouping::Department, &policy);
    let info = row(&bulletin, "信息中心");
    assert_eq!(
        (
            info.counts.reminded,
            info.counts.supervised,
            info.counts.interviews
        ),
        (2, 1, 1)
    );
    // 100 − 0.2 × 2 − 0.5 × 1 − 3 × 1: one 约谈 for the one 督办通知单 left unanswered.
    assert_eq!(info.score, 96.1);
}

#[test]
fn an_interview_is_counted_only_once_a_run_has_seen_its_day() {
    let events = chased_on_one_supervision();
    let policy = RectificationChecks::default().bulletin;
    let calendar = Calendar::official();
    let last_run_on = |day: &str| {
        Bulletin::compute(
            &events,
            &Setup {
                period: Period::month("2025-10").unwrap(),
                by: Grouping::Department,
                policy: &policy,
                calendar: &calendar,
                issuer: "明湖市人民政府办公室".into(),
                issued_on: d("2025-11-03"),
                checked_through: checked_through(&events, day),
            },
        )
    };
    // 督办 on 2025-10-16: its 约谈 day is three working days later, 2025-10-21. Until a run
    // on or after that day found the problems still open, no 约谈 is counted.
    assert_eq!(
        row(&last_run_on("2025-10-20"), "信息中心")
            .counts
            .interviews,
        0
    );
    assert_eq!(
        row(&last_run_on("2025-10-21"), "信息中心")
            .counts
            .interviews,
        1
    );
}
