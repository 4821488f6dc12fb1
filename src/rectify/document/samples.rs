//! Hand-made, realistic notices of the demo portal (明湖市城市管理局): one 交办单, the 催办单
//! that chases it and the 督办通知单 after that, with dates on the 2025 calendar. Used by the
//! renderers' tests and by `examples/render_notices.rs`, which renders them for looking at.

use chrono::NaiveDate;

use crate::history::Portal;
use crate::rectify::{Notice, NoticeItem, NoticeKind, NoticeNumber, NoticeRef};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("valid sample date")
}

fn number(kind: NoticeKind, seq: i64) -> NoticeNumber {
    NoticeNumber {
        kind,
        year: 2025,
        seq,
    }
}

/// The demo portal, as the store keeps it.
pub fn portal() -> Portal {
    Portal {
        key: "http://www.minghu.gov.cn/".to_string(),
        name: Some("明湖市城市管理局".to_string()),
        url: "http://www.minghu.gov.cn/".to_string(),
        unit: Some("明湖市城市管理局".to_string()),
    }
}

/// Two problems handed to the 办公室 on 2025-11-03 (10 working days, to 2025-11-17).
fn items() -> Vec<NoticeItem> {
    let stale = NoticeItem {
        fingerprint: "c0lumn5ta1e0001".to_string(),
        rule: "column-stale".to_string(),
        rule_title: "栏目更新不及时".to_string(),
        problem: "“工作动态”栏目最新信息发布于2025-09-12，超过2周未更新".to_string(),
        url: "http://www.minghu.gov.cn/xxgk/gzdt/".to_string(),
        page_title: Some("工作动态".to_string()),
        basis: "国办秘函〔2019〕19号".to_string(),
        remedy: crate::rectify::remedy_of("column-stale"),
        assigned_on: day("2025-11-03"),
        deadline_days: 10,
        deadline: day("2025-11-17"),
        assigned_by: None,
        reminded_by: None,
        overdue_days: None,
    };
    let late = NoticeItem {
        fingerprint: "d15c105ure1a7e02".to_string(),
        rule: "disclosure-late".to_string(),
        rule_title: "超过20个工作日公开".to_string(),
        problem: "《明湖市城市管理局关于印发〈明湖市城市管理领域包容审慎监管实施办法〉的通知》\
                  成文日期2025-09-15，发布日期2025-10-22，用时23个工作日"
            .to_string(),
        url: "http://www.minghu.gov.cn/xxgk/zcwj/202510/t20251022_1234.html".to_string(),
        page_title: None,
        basis: "《政府信息公开条例》第二十六条".to_string(),
        remedy: crate::rectify::remedy_of("disclosure-late"),
        ..stale.clone()
    };
    vec![stale, late]
}

fn notice(kind: NoticeKind, issued_on: &str, within_days: u32, due: &str) -> Notice {
    Notice {
        number: number(kind, 1),
        issued_on: day(issued_on),
        portal: portal(),
        addressee: "明湖市城市管理局办公室".to_string(),
        department: "办公室".to_string(),
        issuer: "明湖市人民政府办公室".to_string(),
        contact: "王明".to_string(),
        phone: "0371-12345678".to_string(),
        paragraph:
            "请对照所列问题逐项整改，整改后在网站上逐条核实，并将整改情况（含整改前后的页面截图）\
                      书面反馈。确因客观原因无法整改的，请书面说明理由。"
                .to_string(),
        within_days,
        due: day(due),
        items: items(),
    }
}

/// The paragraph frozen as the store freezes it.
fn frozen(mut notice: Notice) -> Notice {
    notice.paragraph = super::paragraph(&notice);
    notice
}

/// 交办单〔2025〕第1号, issued 2025-11-03.
pub fn assign() -> Notice {
    frozen(notice(NoticeKind::Assign, "2025-11-03", 10, "2025-11-17"))
}

/// A document of `kind`, number 1, issued on `on`, as the later ones cite it.
fn cited(kind: NoticeKind, on: &str) -> NoticeRef {
    NoticeRef {
        number: number(kind, 1),
        issued_on: day(on),
    }
}

/// `notice` with every item citing `by` (through `set`) and overdue by `overdue` working days.
fn chased(
    mut notice: Notice,
    by: NoticeRef,
    set: fn(&mut NoticeItem, NoticeRef),
    overdue: i64,
) -> Notice {
    for item in &mut notice.items {
        set(item, by);
        item.overdue_days = Some(overdue);
    }
    frozen(notice)
}

/// 催办单〔2025〕第1号, issued 2025-11-18: one working day past the deadline.
pub fn remind() -> Notice {
    chased(
        notice(NoticeKind::Remind, "2025-11-18", 3, "2025-11-21"),
        cited(NoticeKind::Assign, "2025-11-03"),
        |item, by| item.assigned_by = Some(by),
        1,
    )
}

/// 督办单〔2025〕第1号, issued 2025-11-21: three working days after the 催办单.
pub fn supervise() -> Notice {
    let mut notice = remind();
    notice.number = number(NoticeKind::Supervise, 1);
    notice.issued_on = day("2025-11-21");
    notice.due = day("2025-11-26");
    chased(
        notice,
        cited(NoticeKind::Remind, "2025-11-18"),
        |item, by| item.reminded_by = Some(by),
        4,
    )
}

/// The three, in order of issue.
pub fn all() -> Vec<Notice> {
    vec![assign(), remind(), supervise()]
}
