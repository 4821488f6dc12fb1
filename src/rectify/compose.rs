//! What a 交办单, 催办单 or 督办通知单 says, apart from the database: its items (工作事项), its
//! addressee, its 工作要求 in the words of 邓政办〔2018〕127号's forms, and its 时限要求.

use chrono::NaiveDate;

use super::lifecycle::{RecordState, overdue_days};
use super::{Notice, NoticeItem, NoticeKind, NoticeNumber, NoticeRef, remedy_of};
use crate::calendar::Calendar;
use crate::checks::RectificationChecks;
use crate::finding::Finding;
use crate::history::Portal;

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
        rule: finding.rule.to_string(),
        rule_title: info
            .as_ref()
            .map(|i| i.title.to_string())
            .unwrap_or_default(),
        problem: finding.message.clone(),
        url: finding.url.clone(),
        page_title: finding.title.as_deref().map(str::to_string),
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
    let mut notice = Notice {
        number,
        issued_on,
        portal: portal.clone(),
        addressee: addressee(portal, department),
        department: department.to_string(),
        issuer: policy.issuer.name.clone(),
        contact: policy.issuer.contact.clone(),
        phone: policy.issuer.phone.clone(),
        paragraph: String::new(),
        within_days,
        due,
        items,
    };
    // The paragraph in the form's words, frozen with the notice so a reprint says the same.
    notice.paragraph = super::document::paragraph(&notice);
    notice
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
            notice.paragraph,
            "以下1项政务公开问题已于2025年9月20日交由你单位办理（政府办公室工作交办单〔2025〕第1号），期限10个工作日。现已逾期1个工作日，请在本催办单下发后3个工作日内（2025年10月15日前）向政府办公室上报办理结果情况（请在反馈材料中注明催办单编号）。"
        );
    }
}
