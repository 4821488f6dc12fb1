//! `site-unreachable`. What it checks, why, an example and its limits: see [`RULE`].
//!
//! Judged on the home-page probes `gongkai probe` recorded in the week before as-of (a
//! recorded run); a one-off check has no week to judge, only its own visit of the start page.

use serde_json::{Value, json};

use crate::finding::{Finding, Severity};
use crate::model::Site;
use crate::probe::{LIMIT_SECONDS, Probe, beijing, standard_samples, window};
use crate::rules::{Context, rule};

/// The veto line: failed visits at or above this share of all visits, in percent.
const VETO_PERCENT: usize = 5;
/// Failed visits named in the evidence.
const WORST_SHOWN: usize = 5;
/// Why the item could not be judged without probes.
const NO_PROBES: &str = "无探测记录，请用 gongkai probe 定时探测";

rule! {
    id: "site-unreachable",
    title: "站点无法访问",
    severity: Severity::Error,
    basis: "国办秘函〔2019〕19号",
    citation: "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决指标“站点无法访问”：\
        监测1周，每天间隔性访问20次以上，超过（含）15秒网站仍打不开的次数累计占比超过（含）5%，\
        即单项否决。",
    summary: "读取 gongkai probe 记入历史库的首页探测记录（检查日前7天，北京时间），15秒内未打开\
        （超时、无法连接、服务器返回错误状态）的次数占全部探测的5%及以上的报告，列出探测次数、失败次数、\
        占比和最慢的几次失败；探测少于标准的140次（每天20次×7天）的在结论中写明，仍按已有记录判断，\
        未达否决线的标为需人工核查。没有探测记录的标为未能检查；单次检查（不记入历史库）时首页打不开\
        也报告。",
    example: "检查日前7天（2025-11-24至2025-11-30）首页探测140次，15秒内未打开7次，占5.0%，\
        达到5%的单项否决线",
    limits: "只能从运行 gongkai probe 的机器看网站：本机网络故障也会记为失败，\
        请从稳定的网络定时探测，并复核集中在同一时段的失败；只看首页能否打开，不看其他页面；\
        探测间隔由 cron 决定，工具不检查是否“间隔性”均匀分布。",
    remedy: "排查服务器、网络和域名解析，恢复首页访问；为网站配置监控和故障切换，\
        首页响应应稳定在15秒以内，并保留运维记录备查。",
    identity: [
        "url" => "网站起始地址",
    ],
    check: check,
}

fn check(site: &Site, ctx: &Context<'_>) -> Vec<Finding> {
    let reach = &ctx.reachability;
    let url = if reach.url.is_empty() {
        site.home_url.as_str()
    } else {
        reach.url.as_str()
    };
    if url.is_empty() {
        return Vec::new();
    }
    let (from, to) = window(ctx.as_of);
    let days = format!(
        "检查日前7天（{}至{}）",
        from.with_timezone(&beijing()).date_naive(),
        (to - chrono::Duration::days(1))
            .with_timezone(&beijing())
            .date_naive()
    );
    let watched: Vec<&Probe> = reach
        .probes
        .iter()
        .flatten()
        .filter(|p| p.at >= from && p.at < to)
        .collect();
    let finding = |message: String| Finding::new(RULE.info.id, RULE.info.severity, url, message);
    if watched.is_empty()
        && let Some((why, status)) = &reach.start_failed
    {
        let unwatched = if reach.probes.is_some() {
            format!("{days}没有首页探测记录，")
        } else {
            String::new()
        };
        return vec![
            finding(format!(
                "本次检查打开首页失败（{why}）；{unwatched}仅此一次访问，未按一周监测，请用 gongkai probe 定时探测后复核"
            ))
            .with("start_failed", why.clone())
            .with("status", *status)
            .with("samples", 1)
            .with("failures", 1),
        ];
    }
    if watched.is_empty() {
        let message = if reach.probes.is_some() {
            format!("{days}没有首页探测记录，无法按一周监测判断站点能否访问")
        } else {
            "本次检查未读取首页探测记录（未使用历史库），无法按一周监测判断站点能否访问".to_string()
        };
        return vec![finding(message).not_checked(NO_PROBES)];
    }
    let finding = finding(String::new())
        .with("window_from", from.with_timezone(&beijing()).to_rfc3339())
        .with("window_to", to.with_timezone(&beijing()).to_rfc3339());
    judge(&watched, &days, finding).into_iter().collect()
}

/// The verdict over the week's visits, `finding` filled in (or none when it passes on a full
/// week).
fn judge(watched: &[&Probe], days: &str, finding: Finding) -> Option<Finding> {
    let samples = watched.len();
    let mut failed: Vec<&Probe> = watched.iter().copied().filter(|p| p.failed()).collect();
    let failures = failed.len();
    let standard = standard_samples();
    let too_few = samples < standard;
    let percent = failures as f64 * 100.0 / samples as f64;
    let counted = format!(
        "{days}首页探测{samples}次，{LIMIT_SECONDS}秒内未打开{failures}次，占{percent:.1}%"
    );
    let few = format!(
        "；探测仅{samples}次，少于标准要求的{standard}次（每天20次以上），结论依据已有记录"
    );
    let vetoed = failures * 100 >= samples * VETO_PERCENT;
    // The worst first: no answer at all, then the slowest.
    failed.sort_by_key(|p| (p.ok, std::cmp::Reverse(p.millis), p.at));
    let worst: Vec<Value> = failed.iter().take(WORST_SHOWN).map(|p| shown(p)).collect();
    let mut finding = finding
        .with("samples", samples)
        .with("failures", failures)
        .with("rate_percent", (percent * 10.0).round() / 10.0)
        .with("standard_samples", standard)
        .with("too_few_samples", too_few)
        .with("worst_failures", worst);
    if vetoed {
        finding.message = format!(
            "{counted}，达到{VETO_PERCENT}%的单项否决线{}",
            if too_few { few.as_str() } else { "" }
        );
        return Some(finding);
    }
    if !too_few {
        return None;
    }
    finding.message = format!("{counted}，未达{VETO_PERCENT}%的单项否决线{few}");
    Some(finding.needs_review(
        "监测次数不足一周每天20次，请用 gongkai probe 每30分钟探测一次，满一周后复核",
    ))
}

/// A failed visit as the evidence lists it, in Beijing time.
fn shown(probe: &Probe) -> Value {
    json!({
        "at": probe.at.with_timezone(&beijing()).format("%Y-%m-%d %H:%M:%S").to_string(),
        "status": probe.status,
        "millis": probe.millis,
        "error": probe.error,
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::calendar::Calendar;
    use crate::checks::Checks;
    use crate::finding::Outcome;
    use crate::period::Period;
    use crate::probe::Reachability;
    use crate::rules::testing::date;

    fn judged(reachability: Reachability) -> Vec<Finding> {
        let (calendar, checks) = (Calendar::official(), Checks::defaults());
        let as_of = date("2025-12-01");
        let ctx = Context::new(as_of, Period::year_ending(as_of), &calendar, &checks)
            .with_reachability(Reachability {
                url: "http://zjj.minghu.gov.cn/".into(),
                ..reachability
            });
        check(&Site::default(), &ctx)
    }

    /// 20 visits a day over the week, the first `failures` failed.
    fn week(failures: usize) -> Vec<Probe> {
        (0..140)
            .map(|n| Probe {
                at: beijing()
                    .with_ymd_and_hms(2025, 11, 24, 0, 30, 0)
                    .unwrap()
                    .with_timezone(&chrono::Utc)
                    + chrono::Duration::minutes(72 * n as i64),
                ok: n >= failures,
                status: (n >= failures).then_some(200),
                millis: Some(300),
                error: (n < failures).then(|| "无法连接：connection refused".into()),
            })
            .collect()
    }

    #[test]
    fn the_example_is_the_message_at_the_veto_line() {
        let findings = judged(Reachability {
            probes: Some(week(7)),
            ..Reachability::default()
        });
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].message, RULE.info.example);
        assert!(
            judged(Reachability {
                probes: Some(week(6)),
                ..Reachability::default()
            })
            .is_empty()
        );
    }

    #[test]
    fn a_one_off_check_reports_its_failed_start_page() {
        let findings = judged(Reachability {
            start_failed: Some(("无法连接：connection refused".into(), None)),
            ..Reachability::default()
        });
        assert_eq!(findings.len(), 1);
        assert!(findings[0].is_violation());
        assert!(findings[0].message.starts_with("本次检查打开首页失败"));
        let unwatched = judged(Reachability::default());
        assert_eq!(unwatched[0].outcome, Outcome::NotChecked);
        assert_eq!(unwatched[0].reason.as_deref(), Some(NO_PROBES));
    }
}
