//! `interpretation-late`. What it checks, why, an example and its limits: see [`RULE`].
//!
//! Reports every matched interpretation whose [`super::Judged::timing`] is late against
//! `late_working_days` (`checks/interpretation.toml`) — the same judgement the coverage
//! figures count, so an undated interpretation is "not judged" in both.

use super::{Timing, analyze};
use crate::finding::{Finding, Severity};
use crate::model::Site;
use crate::rules::review::UnsureOnTime;
use crate::rules::{Context, rule};
use crate::text::book_title;

rule! {
    id: "interpretation-late",
    title: "政策解读未同步发布",
    severity: Severity::Warning,
    basis: "国办发〔2016〕80号",
    citation: "国办发〔2016〕80号：政策性文件与解读材料“同步组织、同步审签、同步部署”。\
        具体时限由各地规定，如郑州市“最迟应在政策文件公开发布后3个工作日内发布”，\
        广州市规章和行政规范性文件“在发布文件同时发布解读材料”。",
    summary: "已找到解读的文件，解读的发布日期比文件晚了超过规定的工作日数（默认3个工作日，\
        0表示须同日发布，见 checks/interpretation.toml 的 late_working_days）。\
        工作日按国务院办公厅公布的节假日安排计算；日历未收录的年份按周末推算，\
        按时的合并为一条“需人工核查”，写明缺少的年份。",
    example: "《明湖市城市管理局关于印发〈明湖市生活垃圾分类管理办法〉的通知》发布于2024-12-30，\
        其解读《市城管局负责人就生活垃圾分类管理答记者问》发布于2025-01-15，相隔11个工作日，\
        超过3个工作日的同步要求",
    limits: "只判断匹配到、且页面抓取到的解读；解读发布在其他网站（未抓取）或页面没有可识别的发布日期时，\
        时效不作判断：不报本问题，政策解读覆盖率中也不计为按时或超时，而计为“未判断时效”\
        （timing_unjudged）。",
    remedy: "政策解读与政策文件同步组织、同步审签、同步发布，并在文件和解读页面相互链接。",
    identity: [
        "url" => "政策文件网址",
    ],
    check: check,
}

fn check(site: &Site, ctx: &Context<'_>) -> Vec<Finding> {
    let limit = ctx.checks.interpretation.late_working_days;
    let mut unsure = UnsureOnTime::default();
    let mut findings: Vec<Finding> = analyze(site, ctx)
        .into_iter()
        .filter_map(|judged| {
            let (date, days) = match judged.timing(ctx) {
                Some(Timing::Late { date, days }) => (date, days),
                Some(Timing::OnTime) => {
                    if let Some((date, _)) = judged.lag(ctx) {
                        let gaps = ctx.uncovered_years(judged.published, date);
                        unsure.note(&judged.document.url, gaps);
                    }
                    return None;
                }
                _ => return None,
            };
            let matched = judged.matched.as_ref()?;
            let interpretation = matched.interpretation?;
            let doc = judged.document;
            Some(
                Finding::new(
                    RULE.info.id,
                    RULE.info.severity,
                    &doc.url,
                    format!(
                        "{}发布于{}，其解读{}发布于{}，相隔{}个工作日，超过{}个工作日的同步要求",
                        book_title(doc.title()),
                        judged.published,
                        book_title(interpretation.title()),
                        date,
                        days,
                        limit
                    ),
                )
                .with_title(&doc.content.title)
                .with("publication_date", judged.published.to_string())
                .with("interpretation_url", interpretation.url.clone())
                .with("interpretation_title", interpretation.title().to_string())
                .with("interpretation_date", date.to_string())
                .with("working_days", days)
                .with("limit", limit)
                .with("matched_by", matched.strength.display()),
            )
        })
        .collect();
    let what = "件政策文件的解读按周末推算在时限内发布";
    findings.extend(unsure.finding(RULE.info.id, &site.home_url, what));
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{article_page, list_page, run_rule, site};

    fn run(reading_published: &str) -> Vec<Finding> {
        run_titled(reading_published, "图解：明湖市户外广告设施设置管理办法")
    }

    fn run_titled(reading_published: &str, reading_title: &str) -> Vec<Finding> {
        let title = "明湖市城市管理局关于印发《明湖市户外广告设施设置管理办法》的通知";
        let reading = format!(
            r#"<html><head><meta name="ArticleTitle" content="{reading_title}"></head><body>
            <div class="info">发布时间：{reading_published}</div><div id="zoom"><p>图解</p></div></body></html>"#
        );
        let pages = vec![
            (
                "http://x.gov.cn/zcwj/",
                list_page("规范性文件", &[("/zcwj/1.html", title, "2025-05-06")]),
            ),
            (
                "http://x.gov.cn/zcwj/1.html",
                article_page(title, "2025-04-30", "2025-05-06", ""),
            ),
            ("http://x.gov.cn/zcjd/1.html", reading),
        ];
        run_rule(check, &site(&pages), "2025-12-01", "2025").0
    }

    #[test]
    fn within_three_working_days_is_in_step() {
        assert!(run("2025-05-06").is_empty());
        assert!(run("2025-05-09").is_empty(), "3 working days");
    }

    #[test]
    fn a_later_interpretation_is_late() {
        let findings = run("2025-05-12");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].evidence["working_days"], 4);
        assert_eq!(findings[0].evidence["matched_by"], "解读标题点明文件名称");
    }

    #[test]
    fn titles_in_the_message_do_not_double_book_title_marks() {
        let findings = run_titled("2025-05-12", "《明湖市户外广告设施设置管理办法》政策解读");
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "《明湖市城市管理局关于印发〈明湖市户外广告设施设置管理办法〉的通知》发布于2025-05-06，\
             其解读《〈明湖市户外广告设施设置管理办法〉政策解读》发布于2025-05-12，相隔4个工作日，\
             超过3个工作日的同步要求"
        );
    }
}
