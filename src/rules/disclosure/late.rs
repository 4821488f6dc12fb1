//! `disclosure-late`. What it checks, why, an example and its limits: see [`RULE`].
//!
//! An article is judged when it shows a formation date inside the assessment period and a
//! publication date ([`crate::model::Article::publication_date`]: page, else PubDate tag, else
//! list). Late when `发布日期 > add_working_days(成文日期, N)`, N from the column's limit in
//! `checks/disclosure.toml`; years the calendar lacks are noted on the context.

use serde_json::json;

use crate::finding::{Finding, Severity};
use crate::model::Site;
use crate::rules::review::UnsureOnTime;
use crate::rules::{Context, rule};
use crate::text::book_title;
use crate::text::join_years;

rule! {
    id: "disclosure-late",
    title: "超过20个工作日公开",
    severity: Severity::Error,
    basis: "《政府信息公开条例》第二十六条",
    citation: "《中华人民共和国政府信息公开条例》第二十六条：“属于主动公开范围的政府信息，\
        应当自该政府信息形成或者变更之日起20个工作日内及时公开。法律、\
        法规对政府信息公开的期限另有规定的，从其规定。”",
    summary: "成文日期在考核期内的文章，发布日期是否晚于成文日期后第20个工作日。\
        工作日按国务院办公厅公布的节假日安排计算，调休上班日算工作日；法律、\
        法规另有期限的栏目可在 checks/disclosure.toml 中另设时限。成文日期取页面上的成文日期、\
        印发日期、形成日期等；发布日期依次取页面信息公开元数据、PubDate网页标签、\
        栏目列表显示的日期。成文日期在考核期之前的旧文件（如转入政策文件库的历史文件）\
        不算本期逾期公开。",
    example: "《明湖市城市管理局关于印发〈明湖市城市管理领域包容审慎监管实施办法〉的通知》\
        成文日期2025-09-15，发布日期2025-10-22，用时23个工作日，\
        超过20个工作日时限（应于2025-10-17前公开）",
    limits: "只能判断页面显示了成文日期和发布日期的文章，缺少日期的由 disclosure-date-missing 报告\
        ；政府信息“变更”之日无法从页面得知，一律按成文日期计算；节假日日历未收录的年份按周末推算，\
        逾期的在结果中注明，按时的合并为一条“需人工核查”，写明缺少的年份。",
    remedy: "建立信息发布时限台账，属于主动公开范围的政府信息自形成或变更之日起20个工作日内公开。",
    identity: [
        "url" => "文章网址",
    ],
    check: check,
}

fn check(site: &Site, ctx: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    // On time only by a weekend-only count: the verdict waits for a person.
    let mut unsure = UnsureOnTime::default();
    for article in &site.articles {
        let Some(formed) = article.formation_date() else {
            continue;
        };
        if !ctx.period.contains(formed.date) {
            continue;
        }
        let Some(published) = article.publication_date() else {
            continue;
        };
        if published.date < formed.date {
            continue; // a contradiction, reported by disclosure-date-missing
        }
        let (limit, basis) = ctx.checks.disclosure.limit_for(&article.column_path);
        let deadline = ctx.calendar.add_working_days(formed.date, limit);
        if published.date <= deadline {
            unsure.note(&article.url, ctx.uncovered_years(formed.date, deadline));
            continue;
        }
        let taken = ctx
            .calendar
            .working_days_between(formed.date, published.date);
        let gaps = ctx.uncovered_years(formed.date, published.date);
        let mut message = format!(
            "{}成文日期{}，发布日期{}，用时{}个工作日，超过{}个工作日时限（应于{}前公开）",
            book_title(article.title()),
            formed.date,
            published.date,
            taken,
            limit,
            deadline
        );
        if !gaps.is_empty() {
            message.push_str(&format!(
                "；{}年节假日安排未收录，按周末推算",
                join_years(&gaps)
            ));
        }
        let mut finding = Finding::new(RULE.info.id, RULE.info.severity, &article.url, message)
            .with_title(&article.content.title)
            .with("formation_date", formed.date.to_string())
            .with("formation_date_text", formed.text.clone())
            .with("formation_date_source", formed.source.display())
            .with("publication_date", published.date.to_string())
            .with("publication_date_text", published.text.clone())
            .with("publication_date_source", published.source.display())
            .with("working_days_taken", taken)
            .with("working_days_limit", limit)
            .with("deadline", deadline.to_string())
            .with("basis", basis.unwrap_or(RULE.info.basis));
        if let Some(column) = &article.column {
            finding = finding.with("column", column.clone());
        }
        if !gaps.is_empty() {
            finding = finding.with("calendar_missing_years", json!(gaps));
        }
        findings.push(finding);
    }
    let what = "篇文章按周末推算在时限内公开";
    findings.extend(unsure.finding(RULE.info.id, &site.home_url, what));
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{article_page, list_page, run_rule, site};

    fn judge(formation: &str, publication: &str, period: &str) -> Vec<Finding> {
        let site = site(&[(
            "http://x.gov.cn/a/t1.html",
            article_page("测试文件", formation, publication, ""),
        )]);
        run_rule(check, &site, "2026-01-01", period).0
    }

    #[test]
    fn exactly_twenty_working_days_is_on_time() {
        assert!(judge("2024-03-01", "2024-03-29", "2024").is_empty());
    }

    #[test]
    fn twenty_one_working_days_is_late() {
        let findings = judge("2024-03-01", "2024-04-01", "2024");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].evidence["working_days_taken"], 21);
        assert_eq!(findings[0].evidence["deadline"], "2024-03-29");
        assert!(
            findings[0].message.contains("用时21个工作日"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn national_day_2023_on_time_although_a_weekday_count_says_late() {
        // A Monday–Friday count puts the deadline at 2023-10-18; the holiday moves it to 10-24.
        assert!(judge("2023-09-20", "2023-10-20", "2023").is_empty());
        assert_eq!(judge("2023-09-20", "2023-10-25", "2023").len(), 1);
    }

    #[test]
    fn national_day_2024_late_although_a_weekday_count_says_on_time() {
        // The 调休 Saturday 2024-10-12 is a working day: 2024-11-05 is the 21st, not the 20th.
        let findings = judge("2024-10-08", "2024-11-05", "2024");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].evidence["working_days_taken"], 21);
    }

    #[test]
    fn spring_festival_windows_in_both_directions() {
        // 2024: the holiday week pushes the deadline from 02-26 (weekday count) to 02-29.
        assert!(judge("2024-01-29", "2024-02-28", "2024").is_empty());
        // 2023: the make-up weekend 01-28/29 pulls it from 02-24 to 02-22.
        let findings = judge("2023-01-27", "2023-02-24", "2023");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].evidence["deadline"], "2023-02-22");
    }

    #[test]
    fn chinese_numeral_formation_date() {
        let findings = judge("二〇二四年三月一日", "2024-04-01", "2024");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].evidence["formation_date"], "2024-03-01");
    }

    #[test]
    fn a_republished_old_document_is_not_judged() {
        assert!(judge("2004年08月12日", "2024年12月24日", "2024").is_empty());
    }

    #[test]
    fn a_year_the_calendar_lacks_is_computed_and_said() {
        let site = site(&[(
            "http://x.gov.cn/a/t1.html",
            article_page("明年文件", "2027-01-05", "2027-03-01", ""),
        )]);
        let (findings, gaps) = run_rule(check, &site, "2027-03-05", "2027");
        assert_eq!(findings.len(), 1);
        assert!(findings[0].message.contains("2027年节假日安排未收录"));
        assert_eq!(gaps, vec![2027]);
    }

    #[test]
    fn on_time_without_the_holiday_year_needs_review() {
        let site = site(&[(
            "http://x.gov.cn/a/t1.html",
            article_page("明年文件", "2027-01-05", "2027-01-20", ""),
        )]);
        let (findings, gaps) = run_rule(check, &site, "2027-03-05", "2027");
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].outcome, crate::finding::Outcome::NeedsReview);
        assert!(findings[0].message.contains("2027年节假日安排未收录"));
        assert_eq!(findings[0].reason.as_deref(), Some("节假日日历缺少2027年"));
        assert_eq!(gaps, vec![2027]);
    }

    #[test]
    fn the_list_date_stands_in_when_the_page_has_none() {
        let site = site(&[
            (
                "http://x.gov.cn/xxgk/zcwj/",
                list_page(
                    "政策文件",
                    &[("/a/t1.html", "只有列表日期的文件", "2024-04-01")],
                ),
            ),
            (
                "http://x.gov.cn/a/t1.html",
                article_page("只有列表日期的文件", "2024-03-01", "", ""),
            ),
        ]);
        let (findings, _) = run_rule(check, &site, "2025-01-01", "2024");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].evidence["publication_date_source"], "栏目列表");
        assert_eq!(findings[0].evidence["column"], "政策文件");
    }
}
