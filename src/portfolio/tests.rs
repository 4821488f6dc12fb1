use std::collections::HashSet;
use std::path::Path;
use std::time::Duration;

use super::parse::parse;
use super::*;

const GOOD: &str = r#"db = "history.sqlite"
out = "reports"
concurrency = 3
deadline = "30m"
profile = "government"
max_pages = 500

[[portal]]
name = "某某县人民政府"
url = "http://www.example.gov.cn/"
unit = "县政府办公室"
deadline = 600

[[portal.contact]]
role = "负责人"
name = "张三"
phone = "0513-12345678"
email = "zhang@example.gov.cn"

[[portal]]
name = "某某县教育局"
url = "http://jyj.example.gov.cn/xxgk/"
within_path = true
rate = 1.5
"#;

fn read(text: &str) -> Portfolio {
    parse(text, Path::new("conf/名单.toml")).unwrap()
}

#[test]
fn a_full_portfolio_reads_with_defaults_and_relative_paths() {
    let portfolio = read(GOOD);
    assert!(portfolio.problems.is_empty(), "{:?}", portfolio.problems);
    assert_eq!(portfolio.db.as_deref(), Some("conf/history.sqlite"));
    assert_eq!(portfolio.out.as_deref(), Some(Path::new("conf/reports")));
    assert_eq!(portfolio.concurrency, Some(3));
    assert_eq!(portfolio.portals.len(), 2);
    let county = &portfolio.portals[0];
    assert_eq!(county.line, 8);
    assert_eq!(county.unit.as_deref(), Some("县政府办公室"));
    assert_eq!(
        county.contacts,
        vec![Contact {
            role: Some("负责人".into()),
            name: "张三".into(),
            phone: Some("0513-12345678".into()),
            email: Some("zhang@example.gov.cn".into()),
        }]
    );
    let settings = portfolio.settings(county);
    assert_eq!(settings.deadline, Some(Duration::from_secs(600)));
    assert_eq!(settings.max_pages, Some(500));
    assert_eq!(settings.profile.as_deref(), Some("government"));
    let education = portfolio.settings(&portfolio.portals[1]);
    assert_eq!(education.deadline, Some(Duration::from_secs(1800)));
    assert_eq!(education.within_path, Some(true));
    assert_eq!(education.rate, Some(1.5));
}

#[test]
fn a_postgres_url_is_kept_as_it_is() {
    let portfolio = read("db = \"postgres://u@db/gongkai\"\n");
    assert_eq!(portfolio.db.as_deref(), Some("postgres://u@db/gongkai"));
    assert!(portfolio.portals.is_empty());
}

/// The messages of the entries left out, as `line: message`.
fn problems(text: &str) -> Vec<String> {
    read(text)
        .problems
        .iter()
        .map(|p| format!("{}: {}", p.error.line.unwrap_or(0), p.error.message))
        .collect()
}

#[test]
fn bad_entries_are_left_out_with_their_line_and_the_others_kept() {
    let text = r#"[[portal]]
name = "甲"
url = "http://a.example.gov.cn/"

[[portal]]
url = "http://b.example.gov.cn/"

[[portal]]
name = "丙"

[[portal]]
name = "丁"
url = "ftp://d.example.gov.cn/"

[[portal]]
name = "戊"
url = "http://e.example.gov.cn/"
max_page = 10

[[portal]]
name = "甲"
url = "http://f.example.gov.cn/"

[[portal]]
name = "己"
url = "http://A.example.gov.cn:80/"

[[portal]]
name = "庚"
url = "http://g.example.gov.cn/"
max_depth = "三"

[[portal]]
name = "辛"
url = "http://h.example.gov.cn/"
"#;
    let found = problems(text);
    assert_eq!(found.len(), 7, "{found:#?}");
    assert!(found[0].starts_with("5: 缺少网站名称 name"), "{found:?}");
    assert!(found[1].starts_with("8: “丙”缺少地址 url"), "{found:?}");
    assert!(found[2].starts_with("13: “丁”的地址“ftp://"), "{found:?}");
    assert!(
        found[3].starts_with("18: [[portal]] 不认识的设置“max_page”"),
        "{found:?}"
    );
    assert!(
        found[4].starts_with("20: 网站名称“甲”与第1行的条目重复"),
        "{found:?}"
    );
    assert!(
        found[5].starts_with("24: 地址 http://a.example.gov.cn/ 与第1行"),
        "{found:?}"
    );
    assert!(
        found[6].starts_with("31: [[portal]] max_depth 的值 \"三\""),
        "{found:?}"
    );
    let names: Vec<String> = read(text).portals.into_iter().map(|p| p.name).collect();
    assert_eq!(names, ["甲", "辛"]);
}

#[test]
fn a_file_that_does_not_parse_or_has_a_wrong_setting_fails_with_its_line() {
    let file = Path::new("名单.toml");
    let broken = parse("concurrency = 2\n[[portal]\nname = 1\n", file).unwrap_err();
    assert_eq!(broken.line, Some(2), "{broken}");
    assert!(
        broken.to_string().starts_with("名单文件 名单.toml 第2行："),
        "{broken}"
    );
    let unknown = parse("concurrency = 2\nconcurency = 3\n", file).unwrap_err();
    assert_eq!(unknown.line, Some(2), "{unknown}");
    assert!(unknown.message.contains("concurency"), "{unknown}");
    let zero = parse("concurrency = 0\n", file).unwrap_err();
    assert_eq!(zero.line, Some(1), "{zero}");
    let deadline = parse("\ndeadline = \"3d\"\n", file).unwrap_err();
    assert_eq!(deadline.line, Some(2), "{deadline}");
}

#[test]
fn only_selects_listed_names() {
    let portfolio = read(GOOD);
    let chosen = portfolio.select(&["某某县教育局".to_string()]).unwrap();
    assert_eq!(chosen.len(), 1);
    let error = portfolio.select(&["不存在".to_string()]).unwrap_err();
    assert!(
        error.to_string().contains("没有名为“不存在”的网站"),
        "{error}"
    );
}

#[test]
fn folder_names_are_safe_and_unique() {
    let mut taken = HashSet::new();
    assert_eq!(folder_name("某某县/教育局", &mut taken), "某某县_教育局");
    assert_eq!(folder_name("某某县:教育局", &mut taken), "某某县_教育局-2");
    assert_eq!(folder_name("..", &mut taken), "portal");
}

#[test]
fn the_documented_example_reads_without_problems() {
    let text = include_str!("../../docs/portfolio.example.toml");
    let portfolio = parse(text, Path::new("docs/portfolio.example.toml")).unwrap();
    assert!(portfolio.problems.is_empty(), "{:?}", portfolio.problems);
    assert_eq!(portfolio.portals.len(), 3);
    assert_eq!(portfolio.portals[0].contacts.len(), 2);
    assert_eq!(portfolio.run.requests, Some(4));
    let alerts = portfolio
        .alerts
        .as_ref()
        .expect("the example turns alerts on");
    let email = alerts.email.as_ref().unwrap();
    assert_eq!(
        (email.port, email.security),
        (465, crate::alerts::Security::Tls)
    );
    assert_eq!(alerts.dingtalk.len(), 1);
    let own = portfolio.portals[0].alerts.as_ref().unwrap();
    assert_eq!(own.email_to, ["duban@example.gov.cn"]);
    let history = portfolio.run.history();
    assert_eq!(
        (
            history.reverify_every,
            history.keep_page_runs,
            history.keep_finding_runs
        ),
        (7, 14, None)
    );
    assert_eq!(portfolio.settings(&portfolio.portals[0]).rate, Some(2.0));
    assert_eq!(portfolio.settings(&portfolio.portals[2]).rate, Some(1.0));
    assert_eq!(
        portfolio.settings(&portfolio.portals[1]).deadline,
        Some(Duration::from_secs(30 * 60))
    );
}

#[test]
fn indicators_name_one_table_or_several_side_by_side() {
    let portfolio = read(
        "indicators = \"指标表.toml\"\n\n[[portal]]\nname = \"甲\"\nurl = \"http://a.example.gov.cn/\"\nindicators = [\"haian-cgj-2019\", \"gwy-2019-19\", \"本地表.toml\"]\n\n[[portal]]\nname = \"乙\"\nurl = \"http://b.example.gov.cn/\"\n",
    );
    assert!(portfolio.problems.is_empty(), "{:?}", portfolio.problems);
    let both = portfolio.settings(&portfolio.portals[0]);
    assert_eq!(
        both.indicators,
        Some(vec![
            PathBuf::from("haian-cgj-2019"),
            PathBuf::from("gwy-2019-19"),
            PathBuf::from("conf/本地表.toml"),
        ])
    );
    let one = portfolio.settings(&portfolio.portals[1]);
    assert_eq!(
        one.indicators,
        Some(vec![PathBuf::from("conf/指标表.toml")])
    );
    let empty = problems(
        "[[portal]]\nname = \"丙\"\nurl = \"http://c.example.gov.cn/\"\nindicators = []\n",
    );
    assert!(
        empty[0].contains("indicators 至少应列出一个指标表"),
        "{empty:?}"
    );
}

#[test]
fn departments_and_the_notices_issuer_route_the_loop() {
    let text = r#"[notices]
issuer = "明湖市人民政府办公室"
phone = "0513-1234"

[[portal]]
name = "自然资源局"
url = "http://zrzyj.example.gov.cn/"
departments = { "*" = "网站管理科", "link-broken" = "信息中心" }

[[portal]]
name = "教育局"
url = "http://jyj.example.gov.cn/"
departments = { "no-such-rule" = "办公室" }
"#;
    let portfolio = read(text);
    let notices = portfolio.run.notices.clone().unwrap();
    let mut issuer = crate::checks::RectificationChecks::default().issuer;
    notices.apply(&mut issuer);
    assert_eq!(
        (
            issuer.name.as_str(),
            issuer.contact.as_str(),
            issuer.phone.as_str()
        ),
        ("明湖市人民政府办公室", "", "0513-1234")
    );
    let routed = &portfolio.portals[0].departments;
    assert_eq!(routed["*"], "网站管理科");
    assert_eq!(routed["link-broken"], "信息中心");
    assert_eq!(portfolio.problems.len(), 1);
    let problem = &portfolio.problems[0].error;
    assert_eq!(problem.line, Some(13), "{problem}");
    assert!(problem.message.contains("no-such-rule"), "{problem}");
}
