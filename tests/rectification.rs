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

use chrono::NaiveDate;
use gongkai::checks::rectification::RulePolicy;
use gongkai::history::Store;
use gongkai::history::rectification::NoticeFilter;
use gongkai::rectify::{Explanation, Notice, NoticeKind, Rectification, Stage};
use gongkai::{Finding, Report, RunOptions};
use nights::{NightlyPortal, d};

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
        .and_then(|f| f.rectification.clone())
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
                .requirement
                .contains("在收件之日起10个工作日内整改完毕"),
            "{}",
            b_assign.requirement
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
                .requirement
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
        assert!(
            next_year
                .history
                .as_ref()
                .unwrap()
                .issued
                .iter()
                .all(|n| n.number.year == 2026)
        );
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
