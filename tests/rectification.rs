//! The rectification loop over 30 nights of a loopback portal (fixtures/history/v1), as-of
//! advancing one calendar day a night from 2025-09-20 across the National Day holiday (Oct 1–8
//! off; Sun 2025-09-28 and Sat 2025-10-11 are 调休 workdays), against both backends:
//!
//! - A (a broken link to 政策文件, /col/col2866/) is fixed on night 5: resolved, on time;
//! - B (a broken link to /col/col2869/) is never fixed: 交办 2025-09-20, deadline 2025-10-10,
//!   催办 on 2025-10-11, 督办 on 2025-10-15;
//! - C (a broken link to /col/col2870/) is explained on night 2: stays 已说明 and visible;
//! - D (the article's missing 成文日期) is on a page that answers 500 from night 3 on: open and
//!   unverified every night after, never resolved.

mod common;
#[path = "support/db.rs"]
mod db;
#[path = "support/nights.rs"]
mod nights;
#[path = "support/mod.rs"]
mod support;

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use gongkai::alerts::webhook::wecom_body;
use gongkai::alerts::{
    About, AlertsConfig, Channel, Courier, Destination, Retry, Triggers, compose, veto_rules,
};
use gongkai::checks::rectification::RulePolicy;
use gongkai::history::Store;
use gongkai::history::rectification::NoticeFilter;
use gongkai::model::grid::Grid;
use gongkai::rectify::bulletin::{Bulletin, BulletinRow, Counts, Grouping, Setup, checked_through};
use gongkai::rectify::document;
use gongkai::rectify::{Explanation, Notice, NoticeKind, Rectification, Stage};
use gongkai::{Finding, IndicatorTable, Period, Report, RunOptions};
use nights::{NightlyPortal, d};
use url::Url;

const A: (&str, &str) = ("link-broken", "/col/col2866/index.html");
const B: (&str, &str) = ("link-broken", "/col/col2869/index.html");
const C: (&str, &str) = ("link-broken", "/col/col2870/index.html");
const D: (&str, &str) = (
    "disclosure-date-missing",
    "/art/2025/8/4/art_2871_3421.html",
);
const UNIT: &str = "明湖市自然资源和规划局";

/// What the nights left: each night's report, and the store.
struct Simulation {
    days: Vec<NaiveDate>,
    reports: Vec<Report>,
    store: Store,
    site: NightlyPortal,
    /// Fingerprints of A, B, C, D.
    a: String,
    b: String,
    c: String,
    d: String,
}

/// Broken links go to 信息中心 (a per-rule department), everything else to its row's.
fn routed(options: &mut RunOptions) {
    options.checks.rectification.rule.insert(
        "link-broken".into(),
        RulePolicy {
            department: Some("信息中心".into()),
            deadline_days: None,
        },
    );
}

fn find<'a>(findings: &'a [Finding], (rule, end): (&str, &str)) -> Option<&'a Finding> {
    findings
        .iter()
        .find(|f| f.rule == rule && f.url.ends_with(end))
}

fn record_of(report: &Report, fingerprint: &str) -> Option<Rectification> {
    let history = report.history.as_ref().unwrap();
    report
        .findings
        .iter()
        .chain(&history.fixed)
        .chain(&history.unverified)
        .find(|f| f.fingerprint == fingerprint)
        .and_then(|f| f.rectification.as_deref().cloned())
}

/// The portal page that fixes A: the 政策文件 column the side menu links.
fn fixed_column(site: &NightlyPortal) -> String {
    std::fs::read_to_string(site.root.path().join("col/col2871/index.html")).unwrap()
}

async fn simulate(location: &str, nights: usize) -> Simulation {
    let store = Store::open(location).await.unwrap();
    let mut site = NightlyPortal::start("v1").await;
    site.unit = Some(UNIT.into());
    let days = nights::nights(d("2025-09-20"), nights);
    let mut reports: Vec<Report> = Vec::new();
    let mut fingerprints = Vec::new();
    for (index, &day) in days.iter().enumerate() {
        let night = index + 1;
        if night == 3 {
            site.fail(D.1);
        }
        if night == 5 {
            let page = fixed_column(&site);
            site.write("col/col2866/index.html", &page);
        }
        let report = site.night(&store, day, routed).await;
        if night == 1 {
            for problem in [A, B, C, D] {
                let f = find(&report.findings, problem)
                    .unwrap_or_else(|| panic!("night 1 finds {problem:?}"));
                fingerprints.push(f.fingerprint.clone());
            }
        }
        if night == 2 {
            let entry = store
                .explain(
                    None,
                    &fingerprints[2][..8],
                    &Explanation {
                        note: "该栏目已按规定撤并，链接由上级平台统一维护".into(),
                        by: "张三".into(),
                        at: "2025-09-21T08:00:00.000Z".into(),
                    },
                )
                .await
                .unwrap();
            assert_eq!(entry.stage, Stage::Explained);
            assert_eq!(entry.fingerprint, fingerprints[2]);
        }
        reports.push(report);
    }
    let [a, b, c, dd] = <[String; 4]>::try_from(fingerprints).unwrap();
    Simulation {
        days,
        reports,
        store,
        site,
        a,
        b,
        c,
        d: dd,
    }
}

impl Simulation {
    fn on(&self, day: &str) -> &Report {
        let index = self.days.iter().position(|x| *x == d(day)).unwrap();
        &self.reports[index]
    }

    fn issued(&self) -> Vec<Notice> {
        self.reports
            .iter()
            .flat_map(|r| r.history.as_ref().unwrap().issued.clone())
            .collect()
    }

    /// The documents of `kind` that list the problem `fingerprint`.
    fn documents_of(&self, kind: NoticeKind, fingerprint: &str) -> Vec<Notice> {
        self.issued()
            .into_iter()
            .filter(|n| {
                n.number.kind == kind && n.items.iter().any(|i| i.fingerprint == fingerprint)
            })
            .collect()
    }
}

fn keys(object: &Rectification) -> Vec<String> {
    let value = serde_json::to_value(object).unwrap();
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

#[tokio::test]
async fn thirty_nights_across_the_national_day() {
    for db in db::backends().await {
        let sim = simulate(&db.location, 30).await;
        let first = &sim.reports[0];

        // Night 1: every problem assigned; one 交办单 per 责任部门, numbered from 1.
        let b = record_of(first, &sim.b).unwrap();
        assert_eq!(
            (b.stage, b.assigned_on, b.deadline),
            (Stage::Assigned, d("2025-09-20"), d("2025-10-10")),
            "{db:?}"
        );
        assert_eq!(b.department, "信息中心");
        let assigned = &first.history.as_ref().unwrap().issued;
        let numbers: Vec<String> = assigned.iter().map(|n| n.number.to_string()).collect();
        let expected: Vec<String> = (1..=assigned.len())
            .map(|n| format!("〔2025〕第{n}号"))
            .collect();
        assert_eq!(numbers, expected, "{db:?}");
        assert!(assigned.iter().all(|n| n.number.kind == NoticeKind::Assign));
        assert_eq!(
            gongkai::report::lead::issued_line(first.history.as_ref().unwrap()).unwrap(),
            "签发 工作交办单〔2025〕第1号（信息中心）、工作交办单〔2025〕第2号（办公室）、工作交办单〔2025〕第3号（法规科）"
        );
        let b_assign = &sim.documents_of(NoticeKind::Assign, &sim.b)[0];
        assert_eq!(
            b.number.as_deref(),
            Some(b_assign.number.to_string().as_str())
        );
        assert_eq!(b_assign.addressee, format!("{UNIT}信息中心"));
        assert_eq!(b_assign.within_days, 10);
        assert_eq!(b_assign.due, d("2025-10-10"));
        assert!(
            b_assign
                .paragraph
                .contains("在收件之日起10个工作日内（2025年10月10日前）办结"),
            "{}",
            b_assign.paragraph
        );
        // Before any chase: no 催办 or 督办 fields.
        assert_eq!(
            keys(&b),
            ["assigned_on", "deadline", "department", "number", "stage"]
        );

        // A: fixed on night 5 (2025-09-24), within its deadline.
        let a = record_of(sim.on("2025-09-24"), &sim.a).unwrap();
        assert_eq!(
            (a.stage, a.resolved_on),
            (Stage::Resolved, Some(d("2025-09-24"))),
            "{db:?}"
        );
        assert!(a.resolved_on.unwrap() <= a.deadline);
        assert!(sim.documents_of(NoticeKind::Remind, &sim.a).is_empty());

        // B: 催办 on the first run after the deadline (the 调休 Saturday), 督办 three working
        // days later.
        let reminded = record_of(sim.on("2025-10-11"), &sim.b).unwrap();
        assert_eq!(
            (reminded.stage, reminded.reminded_on),
            (Stage::Reminded, Some(d("2025-10-11"))),
            "{db:?}"
        );
        assert_eq!(
            record_of(sim.on("2025-10-14"), &sim.b).unwrap().stage,
            Stage::Reminded
        );
        let supervised = record_of(sim.on("2025-10-15"), &sim.b).unwrap();
        assert_eq!(
            (supervised.stage, supervised.supervised_on),
            (Stage::Supervised, Some(d("2025-10-15"))),
            "{db:?}"
        );
        assert_eq!(
            keys(&supervised),
            [
                "assigned_on",
                "deadline",
                "department",
                "number",
                "reminded_on",
                "stage",
                "supervised_on"
            ]
        );
        let remind = sim.documents_of(NoticeKind::Remind, &sim.b);
        assert_eq!(remind.len(), 1, "{db:?}");
        assert_eq!(remind[0].issued_on, d("2025-10-11"));
        assert_eq!(reminded.number, Some(remind[0].number.to_string()));
        let item = remind[0]
            .items
            .iter()
            .find(|i| i.fingerprint == sim.b)
            .unwrap();
        assert_eq!(item.assigned_by.unwrap().number, b_assign.number);
        assert_eq!(item.overdue_days, Some(1));
        assert_eq!(remind[0].within_days, 3);
        assert_eq!(remind[0].due, d("2025-10-15"));
        let supervise = sim.documents_of(NoticeKind::Supervise, &sim.b);
        assert_eq!(supervise.len(), 1, "{db:?}");
        assert_eq!(supervise[0].issued_on, d("2025-10-15"));
        let item = supervise[0]
            .items
            .iter()
            .find(|i| i.fingerprint == sim.b)
            .unwrap();
        assert_eq!(item.reminded_by.unwrap().number, remind[0].number);
        assert_eq!(item.overdue_days, Some(4));
        assert!(
            supervise[0]
                .paragraph
                .contains("责令你单位在收到本督办通知单后3个工作日内")
        );

        // C: explained on night 2, never chased, shown with its note every night.
        let last = sim.reports.last().unwrap();
        let c = record_of(last, &sim.c).unwrap();
        assert_eq!(c.stage, Stage::Explained, "{db:?}");
        let explanation = c.explanation.unwrap();
        assert_eq!(explanation.by, "张三");
        assert!(sim.documents_of(NoticeKind::Remind, &sim.c).is_empty());
        assert!(sim.documents_of(NoticeKind::Supervise, &sim.c).is_empty());
        let shown = "已说明：该栏目已按规定撤并，链接由上级平台统一维护（张三，2025-09-21）";
        assert!(
            gongkai::report::text::render(last).contains(shown),
            "{db:?}"
        );
        assert!(
            gongkai::report::html::render(last).contains(shown),
            "{db:?}"
        );
        let json = serde_json::to_value(find(&last.findings, C).unwrap()).unwrap();
        assert_eq!(json["rectification"]["stage"], "explained");
        assert_eq!(json["rectification"]["explanation"]["by"], "张三");

        // D: its page fails from night 3: open, unverified, never resolved nor chased.
        for report in &sim.reports[2..] {
            let history = report.history.as_ref().unwrap();
            assert!(
                history.unverified.iter().any(|f| f.fingerprint == sim.d),
                "{db:?}: D unverified on {}",
                report.header.as_of
            );
            assert_eq!(record_of(report, &sim.d).unwrap().stage, Stage::Assigned);
        }
        assert!(sim.documents_of(NoticeKind::Remind, &sim.d).is_empty());

        // The 整改台账.
        let portal = sim.site.portal().key;
        let ledger = sim.store.ledger(Some(&portal)).await.unwrap();
        let entry = |fp: &str| ledger.iter().find(|e| e.fingerprint == fp).unwrap();
        assert_eq!(entry(&sim.a).stage, Stage::Resolved);
        assert_eq!(entry(&sim.b).stage, Stage::Supervised);
        assert_eq!(
            entry(&sim.b).reminded.map(|r| r.number),
            Some(remind[0].number)
        );
        assert_eq!(entry(&sim.c).explanation.as_ref().unwrap().by, "张三");
        assert!(entry(&sim.d).unverified, "{db:?}");
        assert!(!entry(&sim.b).unverified);

        // The stage changes the 通报 counts.
        let events = sim
            .store
            .rectification_events(d("2025-09-20"), d("2025-10-19"), Some(&portal))
            .await
            .unwrap();
        let of = |fp: &str| -> Vec<(Stage, NaiveDate)> {
            events
                .iter()
                .filter(|e| e.fingerprint == fp)
                .map(|e| (e.stage, e.on))
                .collect()
        };
        assert_eq!(
            of(&sim.b),
            [
                (Stage::Assigned, d("2025-09-20")),
                (Stage::Reminded, d("2025-10-11")),
                (Stage::Supervised, d("2025-10-15"))
            ],
            "{db:?}"
        );
        assert_eq!(
            of(&sim.a),
            [
                (Stage::Assigned, d("2025-09-20")),
                (Stage::Resolved, d("2025-09-24"))
            ]
        );
        assert_eq!(
            of(&sim.c),
            [
                (Stage::Assigned, d("2025-09-20")),
                (Stage::Explained, d("2025-09-21"))
            ]
        );

        // Reprints are the documents as issued; numbers run 1, 2, … per kind, never twice.
        let issued = sim.issued();
        let mut reprinted = sim.store.notices(&NoticeFilter::default()).await.unwrap();
        let mut sorted = issued.clone();
        let order = |n: &Notice| (n.number.kind, n.number.year, n.number.seq);
        sorted.sort_by_key(order);
        reprinted.sort_by_key(order);
        assert_eq!(reprinted, sorted, "{db:?}");
        assert_numbered_once(&issued);
        let on_the_11th = NoticeFilter {
            issued_on: Some(d("2025-10-11")),
            kind: Some(NoticeKind::Remind),
            portal: Some(portal.clone()),
        };
        assert_eq!(
            sim.store.notices(&on_the_11th).await.unwrap(),
            sim.on("2025-10-11").history.as_ref().unwrap().issued
        );

        // What people read of the loop: the documents, the ledger, the 通报 and the alerts.
        documents_read_back(&sim, &db).await;
        ledger_read_back(&sim, &db);
        bulletin_scores(&sim, &db).await;
        alerts_of_the_nights(&sim, &db).await;

        // Repeating a night issues nothing again; the next year's numbers start at 1 and
        // never reuse a number.
        let again = sim.site.night(&sim.store, d("2025-10-19"), routed).await;
        assert!(again.history.as_ref().unwrap().issued.is_empty(), "{db:?}");
        let before = sim.store.notices(&NoticeFilter::default()).await.unwrap();
        assert_eq!(before.len(), issued.len());
        sim.site.heal(D.1);
        let next_year = sim.site.night(&sim.store, d("2026-01-05"), routed).await;
        let all = sim.store.notices(&NoticeFilter::default()).await.unwrap();
        assert_numbered_once(&all);
        let issued_2026 = &next_year.history.as_ref().unwrap().issued;
        assert!(!issued_2026.is_empty(), "{db:?}: nothing issued in 2026");
        assert!(issued_2026.iter().all(|n| n.number.year == 2026));
        // Each kind starts again at 第1号 in the new year.
        for kind in NoticeKind::ALL {
            let mut numbers: Vec<i64> = issued_2026
                .iter()
                .filter(|n| n.number.kind == kind)
                .map(|n| n.number.seq)
                .collect();
            numbers.sort_unstable();
            let expected: Vec<i64> = (1..=numbers.len() as i64).collect();
            assert_eq!(numbers, expected, "{db:?}: {kind:?}");
        }
    }
}

/// Every (kind, year) runs 1, 2, … n without a gap or a repeat.
fn assert_numbered_once(notices: &[Notice]) {
    let mut by_kind: BTreeMap<(NoticeKind, i32), Vec<i64>> = BTreeMap::new();
    let mut seen = HashSet::new();
    for notice in notices {
        assert!(seen.insert(notice.number), "{} issued twice", notice.number);
        by_kind
            .entry((notice.number.kind, notice.number.year))
            .or_default()
            .push(notice.number.seq);
    }
    for (kind, mut seqs) in by_kind {
        seqs.sort();
        assert_eq!(
            seqs,
            (1..=seqs.len() as i64).collect::<Vec<_>>(),
            "{kind:?}"
        );
    }
}

#[tokio::test]
async fn explain_names_the_problem_by_a_unique_prefix() {
    let db = db::sqlite();
    let sim = simulate(&db.location, 1).await;
    let note = Explanation {
        note: "误报".into(),
        by: "李四".into(),
        at: "2025-09-20T08:00:00.000Z".into(),
    };
    let short = sim
        .store
        .explain(None, &sim.b[..6], &note)
        .await
        .unwrap_err();
    assert!(short.to_string().contains("至少8位"), "{short}");
    let none = sim
        .store
        .explain(None, "0000000000000000", &note)
        .await
        .unwrap_err();
    assert!(none.to_string().contains("没有指纹"), "{none}");
    let entry = sim.store.explain(None, &sim.b, &note).await.unwrap();
    assert_eq!(entry.stage, Stage::Explained);
    assert_eq!(entry.explanation.unwrap().note, "误报");
}

#[tokio::test]
async fn the_explain_command_records_a_dated_note() {
    let db = db::sqlite();
    let sim = simulate(&db.location, 1).await;
    let prefix = &sim.d[..10];
    let args = [
        "explain",
        prefix,
        "--note",
        "该文件依法不予公开",
        "--by",
        "王五",
        "--db",
        &db.location,
        "--as-of",
        "2025-09-22",
    ];
    let out = String::from_utf8(support::gongkai_ok(&args, None)).unwrap();
    assert!(out.contains(&sim.d) && out.contains("已说明"), "{out}");
    let events = sim
        .store
        .rectification_events(d("2025-09-22"), d("2025-09-22"), None)
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].stage, &events[0].fingerprint),
        (Stage::Explained, &sim.d)
    );
    let unknown = support::gongkai(&[
        "explain",
        "ffffffffff",
        "--note",
        "x",
        "--by",
        "y",
        "--db",
        &db.location,
    ]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("没有指纹以 ffffffffff 开头的问题"));
}

/// The names of the files in `dir` ending with `extension`, sorted.
fn files_in(dir: &std::path::Path, extension: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(extension))
        .collect();
    names.sort();
    names
}

/// The row of a read-back table whose cells include one containing `text`.
fn row_with<'a>(grids: &'a [Grid], text: &str) -> &'a [String] {
    grids
        .iter()
        .flat_map(|g| &g.cells)
        .find(|row| row.iter().any(|cell| cell.contains(text)))
        .unwrap_or_else(|| panic!("no table row holds {text}: {grids:?}"))
}

/// The day's 催办单 as `gongkai notices` writes it, the 交办单 and the 督办通知单 from the docx
/// and HTML renderers, each .docx read back.
async fn documents_read_back(sim: &Simulation, db: &db::TestDb) {
    let b_url = sim.site.at(B.1);
    let dir = tempfile::tempdir().unwrap();
    let said = support::gongkai_ok(
        &["notices", "--db", &db.location, "--as-of", "2025-10-11"],
        Some(dir.path()),
    );
    let said = String::from_utf8(said).unwrap();
    let remind = &sim.documents_of(NoticeKind::Remind, &sim.b)[0];
    let name = format!("{}.docx", document::file_stem(remind));
    assert_eq!(name, "催办单〔2025〕第1号-信息中心.docx");
    assert!(
        files_in(dir.path(), ".docx").contains(&name),
        "{db:?}: {said}"
    );
    let read = support::docx_read(&std::fs::read(dir.path().join(&name)).unwrap());
    for expected in [
        "政府办公室工作催办单",
        "〔2025〕第1号",
        &format!("{UNIT}信息中心："),
        "已于2025年9月20日交由你单位办理（政府办公室工作交办单〔2025〕第1号），期限10个工作日。现已逾期1个工作日",
        "请在本催办单下发后3个工作日内（2025年10月15日前）向政府办公室上报办理结果情况",
        "时限要求：本催办单下发后3个工作日内（2025年10月15日前）上报办理结果",
        "2025年10月11日",
    ] {
        assert!(
            read.text.contains(expected),
            "{db:?}: {expected} missing from the 催办单:\n{}",
            read.text
        );
    }
    let row = row_with(&read.grids, &b_url);
    assert!(
        row.iter()
            .any(|c| c.contains("交办〔2025〕第1号") && c.contains("2025年9月20日")),
        "{row:?}"
    );
    assert_eq!(row.last().unwrap(), "1", "days overdue: {row:?}");

    // The 交办单 of night 1: dated 2025-09-20, due 2025-10-10, B listed.
    let assign = &sim.documents_of(NoticeKind::Assign, &sim.b)[0];
    let read = support::docx_read(&document::docx::to_docx(assign).unwrap());
    assert!(read.text.contains("政府办公室工作交办单"), "{}", read.text);
    assert!(
        read.text
            .contains("在收件之日起10个工作日内（2025年10月10日前）办结")
    );
    assert!(
        read.text
            .contains("时限要求：收件之日起10个工作日内（2025年10月10日前）办结")
    );
    let row = row_with(&read.grids, &b_url);
    assert!(row.iter().any(|c| c == "2025年9月20日"), "{row:?}");
    assert!(row.iter().any(|c| c == "2025年10月10日前"), "{row:?}");

    // The 督办通知单 of 2025-10-15 lists B with its 交办单 and 催办单, and the dead link to D's
    // page (failing since night 3, assigned 2025-09-22, chased 2025-10-12): different
    // documents, so the paragraph points to the table. In docx and in HTML.
    let supervise = &sim.documents_of(NoticeKind::Supervise, &sim.b)[0];
    assert_eq!(supervise.number.to_string(), "〔2025〕第1号");
    let read = support::docx_read(&document::docx::to_docx(supervise).unwrap());
    let page = document::html::to_html(std::slice::from_ref(supervise));
    for expected in [
        "政府办公室督办通知单",
        "〔2025〕第1号",
        "以下4项政务公开问题已于",
        "责令你单位在收到本督办通知单后3个工作日内（2025年10月20日前）向政府办公室上报办理结果情况",
        "时限要求：收到本督办通知单后3个工作日内（2025年10月20日前）上报办理结果",
        "2025年10月15日",
    ] {
        assert!(
            read.text.contains(expected),
            "{db:?}: {expected} missing from the 督办通知单:\n{}",
            read.text
        );
        // The HTML sets the label apart.
        let text = expected.trim_start_matches("时限要求：");
        assert!(page.contains(text), "{db:?}: {text} missing from HTML");
    }
    assert!(page.contains(&b_url));
    assert!(page.contains("催办〔2025〕第1号"));
    assert_eq!(supervise.items.len(), 4);
    let d_link = row_with(&read.grids, &sim.site.at(D.1));
    assert!(
        d_link.iter().any(|c| c.contains("交办〔2025〕第4号")
            && c.contains("2025年9月22日")
            && c.contains("催办〔2025〕第3号")
            && c.contains("2025年10月12日")),
        "{d_link:?}"
    );
    assert_eq!(d_link.last().unwrap(), "3", "days overdue: {d_link:?}");
    let row = row_with(&read.grids, &b_url);
    assert!(
        row.iter().any(|c| c.contains("交办〔2025〕第1号")
            && c.contains("催办〔2025〕第1号")
            && c.contains("2025年10月11日")),
        "{row:?}"
    );
    assert_eq!(row.last().unwrap(), "4", "days overdue: {row:?}");
}

/// `gongkai ledger` after 30 nights, read back with calamine.
fn ledger_read_back(sim: &Simulation, db: &db::TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("整改台账.xlsx");
    support::gongkai_ok(&["ledger", "--db", &db.location], Some(&file));
    let rows = support::xlsx_rows(&file, "整改台账");
    assert_eq!(rows[0][0], "政务公开问题整改台账", "{db:?}");
    assert_eq!(rows[1][0], format!("网站：{}", sim.site.url()));
    assert!(
        rows[2][0].starts_with("期间：2025年9月20日至"),
        "{:?}",
        rows[2]
    );
    assert!(rows[3][0].starts_with("制表日期："), "{:?}", rows[3]);
    assert_eq!(
        rows[5],
        [
            "序号",
            "问题",
            "网址",
            "依据",
            "严重程度",
            "责任部门",
            "发现日期",
            "整改期限",
            "状态",
            "交办单号",
            "交办日期",
            "催办单号",
            "催办日期",
            "督办单号",
            "督办日期",
            "办结日期",
            "说明"
        ]
    );
    let body = &rows[6..];
    for (i, row) in body.iter().enumerate() {
        assert_eq!(row[0], (i + 1).to_string());
    }
    let row = |(rule, end): (&str, &str)| -> &[String] {
        let title = gongkai::rules::info(rule).unwrap().title;
        let found: Vec<&Vec<String>> = body
            .iter()
            .filter(|r| r[1].starts_with(title) && r[2].ends_with(end))
            .collect();
        assert_eq!(found.len(), 1, "{db:?}: {rule} at {end}: {body:?}");
        &found[0][..]
    };
    let a = row(A);
    assert_eq!(a[2], sim.site.at(A.1));
    assert!(!a[3].is_empty() && !a[4].is_empty(), "{a:?}");
    assert_eq!(
        a[5..],
        [
            "信息中心",
            "2025-09-20",
            "2025-10-10",
            "已办结",
            "〔2025〕第1号",
            "2025-09-20",
            "",
            "",
            "",
            "",
            "2025-09-24",
            ""
        ],
        "{db:?}"
    );
    assert_eq!(
        row(B)[5..],
        [
            "信息中心",
            "2025-09-20",
            "2025-10-10",
            "已督办",
            "〔2025〕第1号",
            "2025-09-20",
            "〔2025〕第1号",
            "2025-10-11",
            "〔2025〕第1号",
            "2025-10-15",
            "",
            ""
        ],
        "{db:?}"
    );
    assert_eq!(
        row(C)[5..],
        [
            "信息中心",
            "2025-09-20",
            "2025-10-10",
            "已说明",
            "〔2025〕第1号",
            "2025-09-20",
            "",
            "",
            "",
            "",
            "",
            "该栏目已按规定撤并，链接由上级平台统一维护（张三，2025-09-21）"
        ],
        "{db:?}"
    );
    let d = row(D);
    assert_eq!(d[8], "已交办（未能复核）", "{db:?}: {d:?}");
    assert_eq!(d[13..15], ["", ""], "D was never chased: {d:?}");
    assert!(d[16].contains("未能复核"), "{d:?}");
}

/// The 通报 of 信息中心 for September and October, computed from the store's stage changes as
/// `gongkai bulletin` does, and once through the binary.
async fn bulletin_scores(sim: &Simulation, db: &db::TestDb) {
    let options = sim.site.options(d("2025-10-19"));
    let policy = &options.checks.rectification.bulletin;
    let portal = sim.site.portal().key;
    let of_month = async |month: &str| {
        let period = Period::month(month).unwrap();
        let events = sim
            .store
            .rectification_events(NaiveDate::MIN, period.end, Some(&portal))
            .await
            .unwrap();
        Bulletin::compute(
            &events,
            &Setup {
                period,
                by: Grouping::Department,
                policy,
                calendar: &options.calendar,
                issuer: "政府办公室".into(),
                issued_on: d("2025-10-31"),
                checked_through: checked_through(
                    &sim.store.runs(Some(&portal)).await.unwrap(),
                    period.end,
                ),
            },
        )
    };
    let info = |bulletin: &Bulletin| -> BulletinRow {
        bulletin
            .rows
            .iter()
            .find(|r| r.name == "信息中心")
            .unwrap_or_else(|| panic!("{db:?}: no 信息中心 in {bulletin:#?}"))
            .clone()
    };
    // 信息中心's documents: the 交办单 of night 1 (A, B, C and two more dead links) and of
    // night 3 (the dead link to D's failing page); the 催办单 of 10-11 (B and the two) and of
    // 10-12 (the link to D's page, due 10-11); one 督办通知单 of 10-15 listing all four.
    let of_info = |kind: NoticeKind| -> Vec<Notice> {
        sim.issued()
            .into_iter()
            .filter(|n| n.department == "信息中心" && n.number.kind == kind)
            .collect()
    };
    let days = |notices: &[Notice]| -> Vec<(String, usize)> {
        notices
            .iter()
            .map(|n| (n.issued_on.to_string(), n.items.len()))
            .collect()
    };
    let s = |day: &str, n: usize| (day.to_string(), n);
    assert_eq!(
        days(&of_info(NoticeKind::Assign)),
        [s("2025-09-20", 5), s("2025-09-22", 1)],
        "{db:?}"
    );
    assert_eq!(
        days(&of_info(NoticeKind::Remind)),
        [s("2025-10-11", 3), s("2025-10-12", 1)],
        "{db:?}"
    );
    assert_eq!(days(&of_info(NoticeKind::Supervise)), [s("2025-10-15", 4)]);

    let september = info(&of_month("2025-09").await);
    assert_eq!(
        september.counts,
        Counts {
            assigned: 6,
            resolved_on_time: 1,
            explained: 1,
            ..Counts::default()
        },
        "{db:?}"
    );
    assert_eq!((september.deducted, september.score), (0.0, 100.0));

    // October: 2 催办单 and 1 督办通知单 — documents, not the problems they list — and no 约谈
    // yet: its day, three working days after the 督办通知单 (2025-10-20), comes after the last
    // night (2025-10-19), and no run has seen the problems still open then.
    let october_bulletin = of_month("2025-10").await;
    let october = info(&october_bulletin);
    assert_eq!(
        october.counts,
        Counts {
            overdue: 4,
            reminded: 2,
            supervised: 1,
            interviews: 0,
            ..Counts::default()
        },
        "{db:?}"
    );
    // 100 − 0.2 × 2 − 0.5 × 1.
    assert_eq!((october.deducted, october.score), (0.9, 99.1), "{db:?}");
    assert!(october.merit);

    // `gongkai bulletin --format json` says the same.
    let json = support::gongkai_ok(
        &[
            "bulletin",
            "--month",
            "2025-10",
            "--db",
            &db.location,
            "--format",
            "json",
        ],
        None,
    );
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let rows = json["rows"].as_array().unwrap();
    let row = rows.iter().find(|r| r["name"] == "信息中心").unwrap();
    assert_eq!(*row, serde_json::to_value(&october).unwrap(), "{db:?}");
    assert_eq!(row["score"], 99.1);
    assert_eq!(
        json["total"],
        serde_json::to_value(october_bulletin.total).unwrap()
    );
}

/// What a robot on 127.0.0.1 received: the path with query, and the JSON body.
type Received = Arc<Mutex<Vec<(String, serde_json::Value)>>>;

/// A 企业微信 group robot on 127.0.0.1 answering `{"errcode":0}`.
async fn robot() -> (Url, Received) {
    let received: Received = Arc::default();
    let seen = received.clone();
    let router =
        axum::Router::new().fallback(move |request: axum::http::Request<axum::body::Body>| {
            let seen = seen.clone();
            async move {
                let uri = request.uri().to_string();
                let body = axum::body::to_bytes(request.into_body(), 1 << 20)
                    .await
                    .unwrap();
                let body = serde_json::from_slice(&body).unwrap();
                seen.lock().unwrap().push((uri, body));
                (
                    [("content-type", "application/json")],
                    r#"{"errcode":0,"errmsg":"ok"}"#,
                )
            }
        });
    let (addr, _server) = common::serve::start(router, 0).await.unwrap();
    let url = Url::parse(&format!("http://{addr}/cgi-bin/webhook/send?key=sim")).unwrap();
    (url, received)
}

/// The alert of each night: only the nights with new problems or documents have one; night 1
/// names the new problems and the 交办单, 10-11 the 催办单, 10-15 the 督办通知单 — composed,
/// and delivered as 企业微信 JSON to a robot on 127.0.0.1.
async fn alerts_of_the_nights(sim: &Simulation, db: &db::TestDb) {
    let table = IndicatorTable::builtin();
    let portal = sim.site.portal();
    let about = About {
        name: "自然资源和规划局网站",
        url: &portal.url,
        unit: Some(UNIT),
        report: None,
    };
    let message = |report: &Report| {
        compose(
            about,
            report,
            &veto_rules(&table, &report.veto),
            Triggers::default(),
        )
    };
    let alerting: Vec<NaiveDate> = sim
        .reports
        .iter()
        .filter(|r| message(r).is_some())
        .map(|r| r.header.as_of)
        .collect();
    assert_eq!(
        alerting,
        [
            d("2025-09-20"),
            d("2025-09-22"),
            d("2025-10-11"),
            d("2025-10-12"),
            d("2025-10-15")
        ],
        "{db:?}"
    );
    let line = |notice: &Notice| {
        format!(
            "{}{}，责任部门：{}，工作事项{}项，时限至{}",
            notice.number.kind.title(),
            notice.number,
            notice.department,
            notice.items.len(),
            notice.due
        )
    };

    let first = message(&sim.reports[0]).unwrap();
    let new = sim.reports[0]
        .findings
        .iter()
        .filter(|f| f.is_problem())
        .count();
    assert!(
        first
            .subject
            .starts_with("【政务公开监测】自然资源和规划局网站：")
            && first.subject.contains(&format!("新问题{new}项"))
            && first.subject.ends_with("、下发文书3份"),
        "{db:?}: {}",
        first.subject
    );
    assert!(first.text.contains(&format!("新问题 {new} 项")));
    for notice in &sim.reports[0].history.as_ref().unwrap().issued {
        assert!(first.text.contains(&line(notice)), "{}", first.text);
    }
    // Every night that issues documents names each of them.
    for day in alerting {
        let report = sim.on(&day.to_string());
        let issued = &report.history.as_ref().unwrap().issued;
        assert!(!issued.is_empty(), "{db:?}: {day}");
        let text = message(report).unwrap().text;
        assert!(
            text.contains(&format!("本次下发文书 {} 份", issued.len())),
            "{text}"
        );
        for notice in issued {
            assert!(text.contains(&line(notice)), "{db:?}: {day}: {text}");
        }
    }
    // Night 3: the article page answering 500 is a new dead link, assigned at once.
    let third = message(sim.on("2025-09-22")).unwrap();
    assert_eq!(
        third.subject, "【政务公开监测】自然资源和规划局网站：新问题1项、下发文书1份",
        "{db:?}"
    );
    assert!(third.text.contains("HTTP 500"), "{}", third.text);
    assert!(third.text.contains(&sim.site.at(D.1)), "{}", third.text);
    assert!(
        third
            .text
            .contains("工作交办单〔2025〕第4号，责任部门：信息中心")
    );
    let remind = &sim.documents_of(NoticeKind::Remind, &sim.b)[0];
    let supervise = &sim.documents_of(NoticeKind::Supervise, &sim.b)[0];
    let chased = message(sim.on("2025-10-11")).unwrap();
    assert_eq!(
        chased.subject,
        "【政务公开监测】自然资源和规划局网站：下发文书2份"
    );
    assert!(
        chased.text.contains(
            "1. 工作催办单〔2025〕第1号，责任部门：信息中心，工作事项3项，时限至2025-10-15"
        ),
        "{}",
        chased.text
    );
    assert_eq!(
        line(remind),
        "工作催办单〔2025〕第1号，责任部门：信息中心，工作事项3项，时限至2025-10-15"
    );
    let escalated = message(sim.on("2025-10-15")).unwrap();
    assert!(
        escalated
            .text
            .contains("督办通知单〔2025〕第1号，责任部门：信息中心，工作事项4项，时限至2025-10-20"),
        "{}",
        escalated.text
    );
    assert_eq!(
        line(supervise),
        "督办通知单〔2025〕第1号，责任部门：信息中心，工作事项4项，时限至2025-10-20"
    );

    // Delivered to a 企业微信 robot through the store's outbox.
    let (url, received) = robot().await;
    let config = AlertsConfig {
        email: None,
        wecom: vec![url.clone()],
        dingtalk: Vec::new(),
        on: Triggers::default(),
    };
    let courier = Courier {
        store: &sim.store,
        config: &config,
        retry: Retry {
            tries: 1,
            pause: std::time::Duration::from_millis(1),
        },
    };
    let destination = Destination {
        channel: Channel::WeCom,
        target: url.to_string(),
        secret_env: None,
    };
    for (day, message) in [("2025-10-11", &chased), ("2025-10-15", &escalated)] {
        let run_id = sim.on(day).history.as_ref().unwrap().run_id;
        let deliveries = courier
            .post(
                about.name,
                &portal,
                Some(run_id),
                std::slice::from_ref(&destination),
                message,
            )
            .await;
        assert_eq!(deliveries.len(), 1);
        assert_eq!(deliveries[0].error, None, "{db:?}");
    }
    let received = received.lock().unwrap().clone();
    assert_eq!(received.len(), 2, "{db:?}");
    for ((path, body), expected) in received.iter().zip([&chased, &escalated]) {
        assert_eq!(path, "/cgi-bin/webhook/send?key=sim");
        assert_eq!(*body, wecom_body(expected));
        assert_eq!(body["msgtype"], "markdown");
    }
    let content = |i: usize| {
        received[i].1["markdown"]["content"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(
        content(0).contains("工作催办单〔2025〕第1号"),
        "{}",
        content(0)
    );
    assert!(content(0).contains("责任单位：明湖市自然资源和规划局"));
    assert!(
        content(1).contains("督办通知单〔2025〕第1号"),
        "{}",
        content(1)
    );
}
