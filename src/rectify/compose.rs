//! What a 交办单, 催办单 or 督办通知单 says, apart from the database: its items (工作事项), its
//! addressee, its 工作要求 in the words of 邓政办〔2018〕127号's forms, and its 时限要求.

use chrono::NaiveDate;

use super::lifecycle::{RecordState, overdue_days};
use super::{Notice, NoticeItem, NoticeKind, NoticeNumber, NoticeRef, remedy_of};
use crate::calendar::Calendar;
use crate::checks::RectificationChecks;
use crate::finding::Finding;
use crate::history::Portal;
use crate::text::chinese_date;

/// One problem as a document of `kind` issued on `on` lists it.
pub fn item(
    finding: &Finding,
    record: &RecordState,
    kind: NoticeKind,
    chase: Chase,
    calendar: &Calendar,
    on: NaiveDate,
) -> NoticeItem {
    let info = crate::rules::info(&finding.rule);
    NoticeItem {
        fingerprint: finding.fingerprint.clone(),
        rule: finding.rule.clone(),
        rule_title: info
            .as_ref()
            .map(|i| i.title.to_string())
            .unwrap_or_default(),
        problem: finding.message.clone(),
        url: finding.url.clone(),
        page_title: finding.title.clone(),
        basis: info
            .as_ref()
            .map(|i| i.basis.to_string())
            .unwrap_or_default(),
        remedy: remedy_of(&finding.rule),
        assigned_on: record.assigned_on,
        deadline_days: record.deadline_days,
        deadline: record.deadline,
        assigned_by: chase.assigned_by,
        reminded_by: chase.reminded_by,
        overdue_days: (kind != NoticeKind::Assign)
            .then(|| overdue_days(calendar, record.deadline, on)),
    }
}

/// The earlier documents a 催办单 or 督办通知单 cites for an item.
#[derive(Debug, Clone, Copy, Default)]
pub struct Chase {
    pub assigned_by: Option<NoticeRef>,
    pub reminded_by: Option<NoticeRef>,
}

/// 责任单位 as a document addresses it: the portal's unit and the department, or the
/// department alone when the portal has no unit (or the department already names it).
pub fn addressee(portal: &Portal, department: &str) -> String {
    match portal.unit.as_deref().map(str::trim) {
        Some(unit) if !unit.is_empty() && !department.starts_with(unit) => {
            format!("{unit}{department}")
        }
        _ => department.to_string(),
    }
}

/// A document as issued: everything printed on it, from the configuration of the day.
pub fn notice(
    number: NoticeNumber,
    issued_on: NaiveDate,
    portal: &Portal,
    department: &str,
    policy: &RectificationChecks,
    calendar: &Calendar,
    items: Vec<NoticeItem>,
) -> Notice {
    let (within_days, due) = match number.kind {
        NoticeKind::Assign => items
            .iter()
            .map(|i| (i.deadline_days, i.deadline))
            .min_by_key(|(_, deadline)| *deadline)
            .unwrap_or((policy.deadline_days, issued_on)),
        NoticeKind::Remind | NoticeKind::Supervise => (
            policy.respond_within_days,
            calendar.add_working_days(issued_on, policy.respond_within_days),
        ),
    };
    Notice {
        number,
        issued_on,
        portal: portal.clone(),
        addressee: addressee(portal, department),
        department: department.to_string(),
        issuer: policy.issuer.name.clone(),
        contact: policy.issuer.contact.clone(),
        phone: policy.issuer.phone.clone(),
        requirement: requirement(number.kind, &items, policy, calendar),
        within_days,
        due,
        items,
    }
}

/// 工作要求, modelled on the seed's forms. When every item shares its dates and documents the
/// sentence gives them; otherwise it points to the items, which carry their own.
fn requirement(
    kind: NoticeKind,
    items: &[NoticeItem],
    policy: &RectificationChecks,
    calendar: &Calendar,
) -> String {
    let issuer = &policy.issuer.name;
    let count = items.len();
    let first = items.first();
    let uniform = |same: &dyn Fn(&NoticeItem, &NoticeItem) -> bool| {
        first.is_some_and(|f| items.iter().all(|i| same(f, i)))
    };
    let respond = policy.respond_within_days;
    match kind {
        NoticeKind::Assign => {
            let within = match first {
                Some(f) if uniform(&|a, b| a.deadline_days == b.deadline_days) => {
                    format!("在收件之日起{}个工作日内", f.deadline_days)
                }
                _ => "在各项所列整改期限内".to_string(),
            };
            format!(
                "根据网站检查结果，现将下列{count}项问题交由你单位办理，请抓紧落实，{within}整改完毕，并将整改结果书面反馈{issuer}（请在反馈材料中注明交办单编号）。"
            )
        }
        NoticeKind::Remind => {
            let facts = match first {
                Some(f) if uniform(&same_assignment) => format!(
                    "下列{count}项问题已于{}交由你单位办理{}，期限{}个工作日，现已逾期{}个工作日",
                    chinese_date(f.assigned_on),
                    cited(issuer, NoticeKind::Assign, f.assigned_by),
                    f.deadline_days,
                    f.overdue_days.unwrap_or(0)
                ),
                _ => format!(
                    "下列{count}项问题已交由你单位办理（交办日期、交办单编号、期限及逾期天数见各项），现已逾期"
                ),
            };
            format!(
                "{facts}。请在本催办单下发后{respond}个工作日内向{issuer}上报办理结果情况（请在反馈材料中注明催办单编号）。"
            )
        }
        NoticeKind::Supervise => {
            let facts = match first {
                Some(f)
                    if uniform(&|a, b| {
                        same_assignment(a, b)
                            && a.reminded_by.map(|r| r.number) == b.reminded_by.map(|r| r.number)
                    }) =>
                {
                    let overdue_then = f
                        .reminded_by
                        .map(|r| overdue_days(calendar, f.deadline, r.issued_on))
                        .unwrap_or(0);
                    format!(
                        "下列{count}项问题已于{}交由你单位办理{}，期限{}个工作日〔逾期{overdue_then}个工作日后发出催办通知{}〕",
                        chinese_date(f.assigned_on),
                        cited(issuer, NoticeKind::Assign, f.assigned_by),
                        f.deadline_days,
                        cited(issuer, NoticeKind::Remind, f.reminded_by),
                    )
                }
                _ => format!(
                    "下列{count}项问题已交由你单位办理并已催办（交办、催办的日期和编号见各项）"
                ),
            };
            format!(
                "{facts}，但至今你单位未按要求完成整改，责令你单位在收到本督办通知单后{respond}个工作日内向{issuer}上报办理结果情况（请在反馈材料中注明督办单编号）。"
            )
        }
    }
}

/// Assigned on the same day by the same document, with the same time and overdue days.
fn same_assignment(a: &NoticeItem, b: &NoticeItem) -> bool {
    a.assigned_on == b.assigned_on
        && a.deadline_days == b.deadline_days
        && a.overdue_days == b.overdue_days
        && a.assigned_by.map(|r| r.number) == b.assigned_by.map(|r| r.number)
}

/// `（某某工作交办单〔2025〕第1号）`, or nothing when the document is unknown.
fn cited(issuer: &str, kind: NoticeKind, by: Option<NoticeRef>) -> String {
    by.map(|r| format!("（{issuer}{}{}）", kind.title(), r.number))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::rectify::Stage;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn record() -> RecordState {
        RecordState {
            cycle: 1,
            department: "网站管理科".into(),
            assigned_on: d("2025-09-20"),
            deadline_days: 10,
            deadline: d("2025-10-10"),
            stage: Stage::Reminded,
            reminded_on: Some(d("2025-10-11")),
            supervised_on: None,
            resolved_on: None,
        }
    }

    fn number(kind: NoticeKind, seq: i64) -> NoticeNumber {
        NoticeNumber {
            kind,
            year: 2025,
            seq,
        }
    }

    #[test]
    fn a_remind_notice_cites_its_assignment_and_the_days_overdue() {
        let calendar = Calendar::official();
        let policy = RectificationChecks::default();
        let finding = Finding::new(
            "link-broken",
            Severity::Error,
            "http://a.gov.cn/x.html",
            "链接打不开".into(),
        );
        let chase = Chase {
            assigned_by: Some(NoticeRef {
                number: number(NoticeKind::Assign, 1),
                issued_on: d("2025-09-20"),
            }),
            reminded_by: None,
        };
        let on = d("2025-10-11");
        let item = item(
            &finding,
            &record(),
            NoticeKind::Remind,
            chase,
            &calendar,
            on,
        );
        assert_eq!(item.overdue_days, Some(1));
        let portal = Portal {
            unit: Some("某某市自然资源局".into()),
            ..Portal::of_url(&url::Url::parse("http://a.gov.cn/").unwrap(), None)
        };
        let notice = notice(
            number(NoticeKind::Remind, 1),
            on,
            &portal,
            "网站管理科",
            &policy,
            &calendar,
            vec![item],
        );
        assert_eq!(notice.addressee, "某某市自然资源局网站管理科");
        assert_eq!(notice.within_days, 3);
        assert_eq!(notice.due, d("2025-10-15"));
        assert_eq!(
            notice.requirement,
            "下列1项问题已于2025年9月20日交由你单位办理（政府办公室工作交办单〔2025〕第1号），期限10个工作日，现已逾期1个工作日。请在本催办单下发后3个工作日内向政府办公室上报办理结果情况（请在反馈材料中注明催办单编号）。"
        );
    }
}
