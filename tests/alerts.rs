//! Alerts after `gongkai monitor` runs, sent for real: e-mail through aiosmtpd on 127.0.0.1
//! (read back from its Maildir and MIME-decoded), 企业微信 and 钉钉 payloads to a local HTTP
//! receiver (the 钉钉 加签 checked), a robot that fails twice then takes the alert, and a dead
//! one: the night still ends as before, the alert waits in the outbox, and the next night sends
//! it once the robot is back. The portfolio's `[alerts]` errors name their line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use chrono::NaiveDate;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use url::Url;

use gongkai::alerts::{About, Triggers, compose, veto_rules};
use gongkai::finding::FindingStatus;
use gongkai::history::{HistorySection, Portal, Store};
use gongkai::portfolio::Portfolio;
use gongkai::rectify::{Notice, NoticeKind, NoticeNumber};
use gongkai::{IndicatorTable, RunOptions, Target};

mod common;
#[path = "support/db.rs"]
mod db;
#[path = "support/smtp.rs"]
mod smtp;
use common::serve::{start, static_router};

const AS_OF: &str = "2025-12-01";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A loopback copy of the demo portal.
async fn demo() -> String {
    let router = static_router(&root().join("fixtures/demo-portal")).unwrap();
    let (addr, _server) = start(router, 0).await.unwrap();
    format!("http://{addr}/")
}

/// A port nothing listens on (yet).
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// What the receiver got: path with query, and the body.
type Hits = Arc<Mutex<Vec<(String, String)>>>;

/// A group robot on 127.0.0.1: records every POST and answers `{"errcode":0}`, except that
/// `/flaky` answers 500 to its first two requests.
async fn receiver(port: u16) -> (u16, Hits) {
    let hits: Hits = Arc::default();
    let seen = hits.clone();
    let router = Router::new().fallback(move |request: Request<Body>| {
        let seen = seen.clone();
        async move {
            let uri = request.uri().to_string();
            let body = to_bytes(request.into_body(), 1 << 20).await.unwrap();
            let body = String::from_utf8(body.to_vec()).unwrap();
            let earlier = {
                let mut seen = seen.lock().unwrap();
                let earlier = seen.iter().filter(|(u, _)| *u == uri).count();
                seen.push((uri.clone(), body));
                earlier
            };
            let response: Response = if uri.starts_with("/flaky") && earlier < 2 {
                (StatusCode::INTERNAL_SERVER_ERROR, "busy").into_response()
            } else {
                (
                    [("content-type", "application/json")],
                    r#"{"errcode":0,"errmsg":"ok"}"#,
                )
                    .into_response()
            };
            response
        }
    });
    let (addr, _server) = start(router, port).await.unwrap();
    (addr.port(), hits)
}

/// A portfolio of one portal at `url` with `alerts` (TOML of the `[alerts]` table and after)
/// and `entry` (extra keys of the portal).
fn portfolio(dir: &Path, url: &str, alerts: &str, entry: &str) -> PathBuf {
    let text = format!(
        "rate = 0\ndeadline = \"5m\"\nout = \"reports\"\n\n[[portal]]\nname = \"网站01\"\nurl = \"{url}\"\nunit = \"单位01\"\n{entry}\n\n{alerts}\n"
    );
    let file = dir.join("名单.toml");
    std::fs::write(&file, text).unwrap();
    file
}

/// `gongkai monitor FILE --db DB --as-of DAY -q` with `env` set.
fn monitor(file: &Path, db: &str, as_of: &str, env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args([
            "monitor",
            file.to_str().unwrap(),
            "--db",
            db,
            "--as-of",
            as_of,
            "-q",
        ])
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The run's report, as the night wrote it.
fn report_json(dir: &Path) -> Value {
    let json = std::fs::read_to_string(dir.join("reports/网站01/report.json")).unwrap();
    serde_json::from_str(&json).unwrap()
}

/// New problems of a report: violations of severity error or warning, new or reopened.
fn new_problems(report: &Value) -> Vec<&Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["outcome"] == "violation"
                && (f["severity"] == "error" || f["severity"] == "warning")
                && (f["status"] == "new" || f["status"] == "reopened")
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_email_reaches_the_contacts_through_a_real_smtp_server() {
    let Some(sink) = smtp::SmtpSink::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let url = demo().await;
    let table = root().join("checks/indicators/gwy-2019-19.toml");
    let entry = format!(
        "indicators = \"{}\"\ncontact = [{{ role = \"负责人\", name = \"张三\", email = \"zhangsan@example.gov.cn\" }}, {{ name = \"李四\", email = \"lisi@example.gov.cn\" }}, {{ name = \"王五\" }}]\nalerts = {{ email_to = [\"duban@example.gov.cn\", \"zhangsan@example.gov.cn\"] }}",
        table.display()
    );
    let alerts = format!(
        "[alerts]\nemail = {{ server = \"{}\", from = \"政务公开监测 <jiance@example.gov.cn>\" }}",
        sink.url()
    );
    let file = portfolio(dir.path(), &url, &alerts, &entry);
    let db = dir.path().join("h.sqlite").display().to_string();
    let output = monitor(&file, &db, AS_OF, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("告警：发出 1 条，未发出 0 条"),
        "{}",
        text(&output.stdout)
    );

    let report = report_json(dir.path());
    let new = new_problems(&report);
    let received = sink.received();
    assert_eq!(received.len(), 1);
    let mail = &received[0];
    // The 19号 table's 单项否决 rows: 严重表述错误, 首页不更新, 互动回应差.
    let vetoed = ["wording-error", "homepage-stale", "interaction-unanswered"];
    let risks = new
        .iter()
        .filter(|f| vetoed.contains(&f["rule"].as_str().unwrap()))
        .count();
    assert_eq!(risks, 3);
    assert_eq!(
        mail.subject,
        format!(
            "【政务公开监测】网站01：新发现单项否决风险3项、新问题{}项、下发文书1份",
            new.len()
        )
    );
    assert_eq!(
        mail.rcpt_to,
        [
            "zhangsan@example.gov.cn",
            "lisi@example.gov.cn",
            "duban@example.gov.cn"
        ]
    );
    assert!(mail.from.contains("jiance@example.gov.cn"), "{}", mail.from);
    let body = &mail.body;
    for line in [
        format!("网站：网站01（{url}）"),
        "责任单位：单位01".to_string(),
        format!("检查基准日：{AS_OF}"),
        "一、新发现单项否决风险 3 项（任一项成立即判定不合格）".to_string(),
        format!("二、新问题 {} 项", new.len()),
        format!("……另有 {} 项，详见检查报告", new.len() - 5),
    ] {
        assert!(body.lines().any(|l| l == line), "{line} not in:\n{body}");
    }
    // The run issued its first 交办单 (every problem of the portal goes to 办公室 on one).
    assert!(body.contains("本次下发文书 1 份"), "{body}");
    assert!(body.contains("工作交办单〔2025〕第1号"), "{body}");
    // Each listed problem with its page, errors first.
    let first = new.iter().find(|f| f["severity"] == "error").unwrap();
    assert!(body.contains(first["message"].as_str().unwrap()), "{body}");
    assert!(
        body.contains(&format!("   {}", first["url"].as_str().unwrap())),
        "{body}"
    );
    let store = Store::open(&db).await.unwrap();
    let outbox = store.outbox().await.unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].channel, "email");
    assert_eq!(outbox[0].attempts, 1);
    assert!(outbox[0].sent_at.is_some() && outbox[0].last_error.is_none());

    // The next night finds the same problems: nothing new, no mail.
    let output = monitor(&file, &db, "2025-12-02", &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(sink.received().len(), 1);
    assert!(!text(&output.stdout).contains("告警"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn group_robots_get_their_markdown_and_dingtalk_is_signed() {
    let (port, hits) = receiver(0).await;
    let dir = tempfile::tempdir().unwrap();
    let url = demo().await;
    let robot = format!("http://127.0.0.1:{port}");
    let alerts = format!(
        "[alerts]\non = [\"new\", \"veto\"]\nwecom = [\"{robot}/wecom?key=k1\"]\ndingtalk = [{{ url = \"{robot}/dingtalk?access_token=t1\", secret_env = \"GK_TEST_DING_SECRET\" }}]"
    );
    let entry = format!("alerts = {{ wecom = [\"{robot}/wecom-own?key=k2\"] }}");
    let file = portfolio(dir.path(), &url, &alerts, &entry);
    let db = dir.path().join("h.sqlite").display().to_string();
    let before = chrono::Utc::now().timestamp_millis();
    let output = monitor(
        &file,
        &db,
        AS_OF,
        &[("GK_TEST_DING_SECRET", "SECtest-secret")],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let after = chrono::Utc::now().timestamp_millis();

    let report = report_json(dir.path());
    let new = new_problems(&report).len();
    // The shipped table has no 单项否决 rows, and no 19号 item was reached.
    let subject = format!("【政务公开监测】网站01：新问题{new}项");
    let hits = hits.lock().unwrap().clone();
    assert_eq!(hits.len(), 3, "{hits:?}");
    let body = |prefix: &str| -> Value {
        let (_, body) = hits.iter().find(|(u, _)| u.starts_with(prefix)).unwrap();
        serde_json::from_str(body).unwrap()
    };
    for path in ["/wecom?key=k1", "/wecom-own?key=k2"] {
        let wecom = body(path);
        assert_eq!(wecom["msgtype"], "markdown");
        assert_eq!(wecom.as_object().unwrap().len(), 2, "{wecom}");
        let content = wecom["markdown"]["content"].as_str().unwrap();
        assert!(
            content.starts_with(&format!("### {subject}\n")),
            "{content}"
        );
        assert!(content.contains("**一、新问题"), "{content}");
        assert!(
            content.contains("](http://127.0.0.1:"),
            "page links: {content}"
        );
        assert!(content.len() <= 4096);
    }
    let ding = body("/dingtalk");
    assert_eq!(ding["msgtype"], "markdown");
    assert_eq!(ding["markdown"]["title"], subject.as_str());
    let text_md = ding["markdown"]["text"].as_str().unwrap();
    assert_eq!(text_md, body("/wecom?key=k1")["markdown"]["content"]);

    // 加签: timestamp and the base64 HMAC-SHA256 of "timestamp\nsecret", URL-encoded.
    let (uri, _) = hits
        .iter()
        .find(|(u, _)| u.starts_with("/dingtalk"))
        .unwrap();
    let query = Url::parse(&format!("http://x{uri}")).unwrap();
    let pairs: std::collections::HashMap<String, String> =
        query.query_pairs().into_owned().collect();
    assert_eq!(pairs["access_token"], "t1");
    let timestamp: i64 = pairs["timestamp"].parse().unwrap();
    assert!((before..=after).contains(&timestamp), "{timestamp}");
    let mut mac = Hmac::<Sha256>::new_from_slice(b"SECtest-secret").unwrap();
    mac.update(format!("{timestamp}\nSECtest-secret").as_bytes());
    let expected = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    assert_eq!(pairs["sign"], expected);
    assert!(!uri.contains('+'), "the sign is URL-encoded: {uri}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_robot_failing_twice_takes_the_alert_on_the_third_try() {
    let (port, hits) = receiver(0).await;
    let dir = tempfile::tempdir().unwrap();
    let url = demo().await;
    let alerts = format!("[alerts]\nwecom = [\"http://127.0.0.1:{port}/flaky\"]");
    let file = portfolio(dir.path(), &url, &alerts, "");
    let db = dir.path().join("h.sqlite").display().to_string();
    let output = monitor(&file, &db, AS_OF, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("告警：发出 1 条，未发出 0 条"),
        "{}",
        text(&output.stdout)
    );
    assert_eq!(hits.lock().unwrap().len(), 3);
    let outbox = Store::open(&db).await.unwrap().outbox().await.unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].attempts, 3);
    assert!(outbox[0].sent_at.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dead_robot_never_fails_the_night_and_the_next_night_sends_the_alert() {
    for backend in db::backends().await {
        let port = free_port();
        let dir = tempfile::tempdir().unwrap();
        let url = demo().await;
        let alerts =
            format!("[alerts]\nwecom = [\"http://127.0.0.1:{port}/wecom?key=secret-token\"]");
        let file = portfolio(dir.path(), &url, &alerts, "");
        let db = backend.location.clone();

        let output = monitor(&file, &db, AS_OF, &[]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{backend:?}: {}",
            text(&output.stderr)
        );
        let stdout = text(&output.stdout);
        assert!(stdout.contains("告警：发出 0 条，未发出 1 条"), "{stdout}");
        let line = format!("告警未发出：网站01 · 企业微信 http://127.0.0.1:{port}/wecom?…：");
        assert!(stdout.contains(&line), "{stdout}");
        assert!(
            !stdout.contains("secret-token"),
            "no token in the summary: {stdout}"
        );
        let summary = std::fs::read_to_string(dir.path().join("reports/汇总表.txt")).unwrap();
        assert!(summary.contains(&line), "{summary}");
        let store = Store::open(&db).await.unwrap();
        let outbox = store.outbox().await.unwrap();
        assert_eq!(outbox.len(), 1, "{backend:?}");
        assert_eq!(outbox[0].attempts, 3);
        assert!(outbox[0].sent_at.is_none() && outbox[0].last_error.is_some());
        let stored: Value = serde_json::from_str(&outbox[0].payload).unwrap();

        // The robot is back; the next night has no news of its own but sends the old alert.
        let (_, hits) = receiver(port).await;
        let output = monitor(&file, &db, "2025-12-02", &[]);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        let stdout = text(&output.stdout);
        assert!(
            stdout.contains("告警：发出 1 条，未发出 0 条（其中补发以前未发出的 1 条）"),
            "{stdout}"
        );
        let hits = hits.lock().unwrap().clone();
        assert_eq!(hits.len(), 1, "{hits:?}");
        let sent: Value = serde_json::from_str(&hits[0].1).unwrap();
        assert_eq!(sent["markdown"]["content"], stored["markdown"]);
        let outbox = store.outbox().await.unwrap();
        assert_eq!(outbox.len(), 1);
        assert_eq!(outbox[0].attempts, 4);
        assert!(outbox[0].sent_at.is_some());
    }
}

/// The demo portal audited as of `AS_OF`, every problem new, as a recorded first run reads.
async fn demo_report(table: &IndicatorTable) -> gongkai::Report {
    let as_of = NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap();
    let target =
        Target::parse(root().join("fixtures/demo-portal").to_str().unwrap(), None).unwrap();
    let mut options = RunOptions::new(target, as_of);
    options.indicators = table.clone();
    let mut report = gongkai::run(options).await.unwrap();
    for finding in &mut report.findings {
        finding.status = Some(FindingStatus::New);
    }
    report
}

fn notice(kind: NoticeKind, seq: i64, department: &str) -> Notice {
    let day = NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
    Notice {
        number: NoticeNumber {
            kind,
            year: 2025,
            seq,
        },
        issued_on: day,
        portal: Portal::of_url(&Url::parse("http://a.gov.cn/").unwrap(), None),
        addressee: format!("单位01{department}"),
        department: department.to_string(),
        issuer: "县政府办公室".into(),
        contact: "赵六".into(),
        phone: "0000".into(),
        paragraph: "按期整改".into(),
        within_days: 10,
        due: NaiveDate::from_ymd_opt(2025, 12, 15).unwrap(),
        items: Vec::new(),
    }
}

#[tokio::test]
async fn issued_documents_are_announced_and_on_chooses_the_news() {
    let table = IndicatorTable::builtin();
    let mut report = demo_report(&table).await;
    report.history = Some(HistorySection {
        run_id: 1,
        previous_run: None,
        counts: Default::default(),
        fixed: Vec::new(),
        unverified: Vec::new(),
        issued: vec![
            notice(NoticeKind::Assign, 3, "办公室"),
            notice(NoticeKind::Remind, 1, "信息中心"),
        ],
    });
    let about = About {
        name: "网站01",
        url: "http://a.gov.cn/",
        unit: Some("单位01"),
        report: None,
    };
    let veto = veto_rules(&table, &report.veto);
    let only_notices = Triggers {
        veto: false,
        new: false,
        notices: true,
    };
    let message = compose(about, &report, &veto, only_notices).unwrap();
    assert_eq!(message.subject, "【政务公开监测】网站01：下发文书2份");
    let lines: Vec<&str> = message.text.lines().collect();
    assert!(lines.contains(&"一、本次下发文书 2 份"), "{}", message.text);
    assert!(
        lines.contains(
            &"1. 工作交办单〔2025〕第3号，责任部门：办公室，工作事项0项，时限至2025-12-15"
        ),
        "{}",
        message.text
    );
    assert!(
        lines.contains(
            &"2. 工作催办单〔2025〕第1号，责任部门：信息中心，工作事项0项，时限至2025-12-15"
        ),
        "{}",
        message.text
    );

    // Nothing of what `on` asks for: no alert.
    report.history.as_mut().unwrap().issued.clear();
    assert!(compose(about, &report, &veto, only_notices).is_none());
    for finding in &mut report.findings {
        finding.status = Some(FindingStatus::Open);
    }
    assert!(compose(about, &report, &veto, Triggers::default()).is_none());
}

#[test]
fn bad_alert_settings_name_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("名单.toml");
    let cases = [
        (
            "[alerts]\nemail = { server = \"smtp://mail.example.gov.cn\", from = \"a@example.gov.cn\", username = \"u\", password = \"p\" }\n",
            2,
            "密码不写在名单中",
        ),
        (
            "[alerts]\nwecom = [\"https://qyapi.weixin.qq.com/x\"]\nemail = { server = \"imap://mail.example.gov.cn\", from = \"a@example.gov.cn\" }\n",
            3,
            "协议 imap:// 不支持",
        ),
        (
            "[alerts]\nemail = { server = \"smtp://mail.example.gov.cn?tls=maybe\", from = \"a@example.gov.cn\" }\n",
            2,
            "tls=maybe 不认识",
        ),
        (
            "[alerts]\non = [\"new\",\n  \"everything\"]\n",
            3,
            "on 中的“everything”不认识",
        ),
        (
            "[alerts]\nwebhook = [\"x\"]\n",
            2,
            "unknown field `webhook`",
        ),
        (
            "[alerts]\ndingtalk = [{ url = \"ftp://x\" }]\n",
            2,
            "不是 http(s) 网址",
        ),
    ];
    for (text, line, words) in cases {
        std::fs::write(&file, format!("rate = 0\n{text}")).unwrap();
        let error = Portfolio::load(&file).unwrap_err().to_string();
        let shown = format!("名单文件 {} 第{}行：", file.display(), line + 1);
        assert!(error.contains(&shown), "{text}: {error}");
        assert!(error.contains(words), "{text}: {error}");
    }

    // A portal's own alerts without [alerts], or e-mail without a server: that entry is left
    // out with its line, the others stay.
    let text = "[[portal]]\nname = \"甲\"\nurl = \"http://a.gov.cn/\"\nalerts = { wecom = [\"http://w/\"] }\n";
    std::fs::write(&file, text).unwrap();
    let portfolio = Portfolio::load(&file).unwrap();
    assert!(portfolio.alerts.is_none(), "off by default");
    let problem = portfolio.problems[0].error.to_string();
    assert!(
        problem.contains("第4行") && problem.contains("需要名单顶层的 [alerts]"),
        "{problem}"
    );
    let text = "[alerts]\nwecom = []\n\n[[portal]]\nname = \"甲\"\nurl = \"http://a.gov.cn/\"\nalerts = { email_to = [\"a@b.cn\"] }\n\n[[portal]]\nname = \"乙\"\nurl = \"http://b.gov.cn/\"\n";
    std::fs::write(&file, text).unwrap();
    let portfolio = Portfolio::load(&file).unwrap();
    let problem = portfolio.problems[0].error.to_string();
    assert!(
        problem.contains("第7行") && problem.contains("需要 [alerts] 中的 email"),
        "{problem}"
    );
    assert_eq!(portfolio.portals.len(), 1);
    let on = portfolio.alerts.unwrap().on;
    assert_eq!(on, Triggers::default());
}
