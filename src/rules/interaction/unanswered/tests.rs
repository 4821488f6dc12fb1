use super::*;
use crate::finding::Outcome;
use crate::rules::testing::{run_rule, site};

const HOME: &str = r#"<html><head><title>明湖市城市管理局</title></head><body>
    <div class="nav"><ul><li><a href="/">网站首页</a></li><li><a href="/hdjl/ldxx/">局长信箱</a></li></ul></div>
    <div class="main"><p>欢迎访问</p></div></body></html>"#;

/// A 局长信箱 (or another column's) list: (asked, status, answered) per row.
fn mailbox(column: &str, rows: &[(&str, &str, &str)]) -> String {
    let rows: String = rows
        .iter()
        .enumerate()
        .map(|(i, (asked, status, answered))| {
            format!(
                r#"<tr><td>{i}</td><td><a href="/hdjl/m{i}.html">关于第{i}号问题的咨询留言</a></td><td>{asked}</td><td>{status}</td><td>{answered}</td></tr>"#
            )
        })
        .collect();
    format!(
        r#"<html><head><meta name="ColumnName" content="{column}"></head><body>
        <div class="dqwz">当前位置：<a href="/">首页</a> &gt; <a href="/hdjl/">互动交流</a> &gt; {column}</div>
        <table><tr><th>序号</th><th>标题</th><th>留言时间</th><th>状态</th><th>回复时间</th></tr>{rows}</table></body></html>"#
    )
}

fn run(list: String) -> Vec<Finding> {
    let s = site(&[
        ("http://x.gov.cn/", HOME.to_string()),
        ("http://x.gov.cn/hdjl/ldxx/", list),
    ]);
    run_rule(check, &s, "2025-12-01", "2025").0
}

#[test]
fn a_reply_exactly_three_months_later_is_in_time_and_a_day_more_is_late() {
    let findings = run(mailbox(
        "局长信箱",
        &[
            ("2025-03-05", "已回复", "2025-06-05"),
            ("2025-03-05", "已回复", "2025-06-06"),
        ],
    ));
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].evidence["problem"], "late");
    assert_eq!(findings[0].evidence["days"], 93);
    assert!(
        findings[0].message.starts_with(
            "局长信箱留言《关于第1号问题的咨询留言》于2025-03-05提交，2025-06-06才回复"
        ),
        "{}",
        findings[0].message
    );
}

#[test]
fn an_unanswered_message_is_late_only_after_three_months() {
    let findings = run(mailbox(
        "局长信箱",
        &[("2025-06-03", "未回复", ""), ("2025-09-15", "办理中", "")],
    ));
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(
        findings[0].message,
        "局长信箱留言《关于第0号问题的咨询留言》于2025-06-03提交，至检查日2025-12-01已181天仍未回复，超过3个月（应于2025-09-03前回复）"
    );
    assert_eq!(findings[0].url, "http://x.gov.cn/hdjl/m0.html");
}

#[test]
fn messages_before_the_year_and_excluded_columns_are_not_judged() {
    assert!(run(mailbox("局长信箱", &[("2024-11-20", "未回复", "")])).is_empty());
    let petitions = run(mailbox("网上信访", &[("2025-02-01", "未回复", "")]));
    // The page the home page calls 局长信箱 names itself 网上信访: its old letters are not
    // judged, and the site is left with no consultation channel.
    assert_eq!(petitions.len(), 1, "{petitions:#?}");
    assert_eq!(petitions[0].evidence["problem"], "no-channel");
}

#[test]
fn no_channel_at_all_is_a_violation_when_the_crawl_was_complete() {
    let home = HOME.replace(r#"<li><a href="/hdjl/ldxx/">局长信箱</a></li>"#, "");
    let s = site(&[("http://x.gov.cn/", home)]);
    let findings = run_rule(check, &s, "2025-12-01", "2025").0;
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].evidence["problem"], "no-channel");
    assert_eq!(findings[0].outcome, Outcome::Violation);
    assert!(
        findings[0]
            .message
            .starts_with("未提供网上有效咨询建言渠道")
    );
}

#[test]
fn a_list_without_reply_information_is_not_checked() {
    let list = mailbox("局长信箱", &[("2025-05-01", "", "")]).replace(
        "<th>状态</th><th>回复时间</th>",
        "<th>办理状态</th><th>备注</th>",
    );
    let findings = run(list);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].evidence["problem"], "reply-unreadable");
    assert_eq!(findings[0].outcome, Outcome::NotChecked);
}

#[test]
fn no_channel_after_an_incomplete_crawl_is_not_checked() {
    use crate::calendar::Calendar;
    use crate::checks::Checks;
    use crate::crawl::coverage::CrawlCoverage;
    use crate::period::Period;
    use crate::rules::testing::date;
    let home = HOME.replace(r#"<li><a href="/hdjl/ldxx/">局长信箱</a></li>"#, "");
    let s = site(&[("http://x.gov.cn/", home)]);
    let (calendar, checks) = (Calendar::official(), Checks::defaults());
    let mut coverage = CrawlCoverage::full();
    coverage.stopped_early("达到抓取时限");
    let ctx = Context::new(
        date("2025-12-01"),
        Period::parse("2025").unwrap(),
        &calendar,
        &checks,
    )
    .with_coverage(coverage);
    let findings = check(&s, &ctx);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].outcome, Outcome::NotChecked);
    assert!(
        findings[0]
            .message
            .starts_with("未能确认：未提供网上有效咨询建言渠道")
    );
}

#[test]
fn a_column_with_unnamed_messages_asks_a_person_instead_of_no_channel() {
    let home = HOME.replace("局长信箱", "群众心声");
    let list = mailbox("群众心声", &[("2025-05-01", "未回复", "")]);
    let s = site(&[
        ("http://x.gov.cn/", home),
        ("http://x.gov.cn/hdjl/ldxx/", list),
    ]);
    let findings = run_rule(check, &s, "2025-12-01", "2025").0;
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].evidence["problem"], "no-channel");
    assert_eq!(findings[0].outcome, Outcome::NeedsReview);
    assert!(findings[0].reason.as_deref().unwrap().contains("群众心声"));
}

#[test]
fn a_channel_off_the_portal_is_not_checked_and_a_record_number_is_no_hotline() {
    let home = HOME.replace(
        r#"<li><a href="/hdjl/ldxx/">局长信箱</a></li>"#,
        r#"<li><a href="http://12345.minghu.gov.cn/">12345政务服务热线</a></li>"#,
    ) + r#"<p><a href="https://beian.miit.gov.cn/">苏ICP备05012345号-1</a></p>"#;
    let s = site(&[("http://x.gov.cn/", home)]);
    let findings = run_rule(check, &s, "2025-12-01", "2025").0;
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].url, "http://12345.minghu.gov.cn/");
    assert_eq!(findings[0].outcome, Outcome::NotChecked);
    assert!(findings[0].message.contains("设在本网站之外"));
}
