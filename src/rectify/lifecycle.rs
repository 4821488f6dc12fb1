//! The rectification loop's transitions, apart from the database: given a problem's record (or
//! none) and what this run says of the problem, the record's next state, the stage changes to
//! log, and the document now due (交办单, 催办单 or 督办通知单).
//!
//! One step per run: a run that issues a 催办单 never issues the 督办通知单 too, the next run
//! does when its day has come.

use chrono::NaiveDate;

use super::{NoticeKind, Stage};
use crate::calendar::Calendar;
use crate::checks::RectificationChecks;

/// What this run says of a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sighting {
    /// Found: new or still open.
    Found,
    /// Found again after a run had verified it gone: a new cycle.
    Reopened,
    /// Re-checked and no longer found.
    Fixed,
    /// Not found, but this run could not re-check it (page failed, crawl cut short).
    Unverified,
}

impl Sighting {
    /// From the finding's status against the baseline.
    pub fn of(status: crate::finding::FindingStatus) -> Sighting {
        use crate::finding::FindingStatus as S;
        match status {
            S::New | S::Open => Sighting::Found,
            S::Reopened => Sighting::Reopened,
            S::Fixed => Sighting::Fixed,
            S::Unverified => Sighting::Unverified,
        }
    }
}

/// A record's state: what the store keeps of one problem's chase (its current cycle).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordState {
    /// 1 for the first sighting; one more each time it comes back after being fixed.
    pub cycle: u32,
    pub department: String,
    pub assigned_on: NaiveDate,
    pub deadline_days: u32,
    pub deadline: NaiveDate,
    pub stage: Stage,
    pub reminded_on: Option<NaiveDate>,
    pub supervised_on: Option<NaiveDate>,
    pub resolved_on: Option<NaiveDate>,
}

/// Where a problem found today is routed: its 责任部门 and working days to fix it, as the
/// configuration says today (used for a new cycle only; a running cycle keeps its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routing {
    pub department: String,
    pub deadline_days: u32,
}

/// This run's decision for one problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The record after the run (`None`: the problem has and gets no record).
    pub record: Option<RecordState>,
    /// The stages entered this run, in order (all dated `as_of`).
    pub events: Vec<Stage>,
    /// The document this run must issue for it.
    pub due: Option<NoticeKind>,
    /// A new record or a new cycle of it started.
    pub new_cycle: bool,
}

impl Step {
    fn unchanged(record: Option<&RecordState>) -> Step {
        Step {
            record: record.cloned(),
            events: Vec::new(),
            due: None,
            new_cycle: false,
        }
    }

    fn entered(record: RecordState, stage: Stage, due: Option<NoticeKind>) -> Step {
        Step {
            record: Some(record),
            events: vec![stage],
            due,
            new_cycle: false,
        }
    }
}

/// The first state of a cycle: 交办 on `as_of`, due after `routing.deadline_days` working days.
fn assigned(cycle: u32, routing: &Routing, as_of: NaiveDate, calendar: &Calendar) -> Step {
    let record = RecordState {
        cycle,
        department: routing.department.clone(),
        assigned_on: as_of,
        deadline_days: routing.deadline_days,
        deadline: calendar.add_working_days(as_of, routing.deadline_days),
        stage: Stage::Assigned,
        reminded_on: None,
        supervised_on: None,
        resolved_on: None,
    };
    Step {
        new_cycle: true,
        ..Step::entered(record, Stage::Assigned, Some(NoticeKind::Assign))
    }
}

/// The next state of a problem's record after a run of `as_of` that says `sighting` of it.
pub fn advance(
    current: Option<&RecordState>,
    sighting: Sighting,
    as_of: NaiveDate,
    calendar: &Calendar,
    policy: &RectificationChecks,
    routing: &Routing,
) -> Step {
    let Some(record) = current else {
        return match sighting {
            Sighting::Found | Sighting::Reopened => assigned(1, routing, as_of, calendar),
            // Nothing to chase that was never recorded.
            Sighting::Fixed | Sighting::Unverified => Step::unchanged(None),
        };
    };
    match sighting {
        Sighting::Unverified => Step::unchanged(Some(record)),
        Sighting::Fixed if record.stage == Stage::Resolved => Step::unchanged(Some(record)),
        Sighting::Fixed => {
            let resolved = RecordState {
                stage: Stage::Resolved,
                resolved_on: Some(as_of),
                ..record.clone()
            };
            Step::entered(resolved, Stage::Resolved, None)
        }
        Sighting::Reopened => assigned(record.cycle + 1, routing, as_of, calendar),
        Sighting::Found => chase(record, as_of, calendar, policy, routing),
    }
}

/// A problem still found: 催办 after the deadline, 督办 some working days after the 催办.
fn chase(
    record: &RecordState,
    as_of: NaiveDate,
    calendar: &Calendar,
    policy: &RectificationChecks,
    routing: &Routing,
) -> Step {
    match record.stage {
        Stage::Resolved => assigned(record.cycle + 1, routing, as_of, calendar),
        Stage::Assigned
            if as_of > calendar.add_working_days(record.deadline, policy.remind_after_days) =>
        {
            let reminded = RecordState {
                stage: Stage::Reminded,
                reminded_on: Some(as_of),
                ..record.clone()
            };
            Step::entered(reminded, Stage::Reminded, Some(NoticeKind::Remind))
        }
        Stage::Reminded
            if record.reminded_on.is_some_and(|on| {
                as_of >= calendar.add_working_days(on, policy.supervise_after_days)
            }) =>
        {
            let supervised = RecordState {
                stage: Stage::Supervised,
                supervised_on: Some(as_of),
                ..record.clone()
            };
            Step::entered(supervised, Stage::Supervised, Some(NoticeKind::Supervise))
        }
        // Within its time, already at 督办, or explained.
        Stage::Assigned | Stage::Reminded | Stage::Supervised | Stage::Explained => {
            Step::unchanged(Some(record))
        }
    }
}

/// The record after a person explains the problem on `on`: `explained` unless a run already
/// verified it gone (the explanation is kept either way).
pub fn explain(record: &RecordState) -> Step {
    if record.stage == Stage::Resolved {
        return Step::unchanged(Some(record));
    }
    let explained = RecordState {
        stage: Stage::Explained,
        ..record.clone()
    };
    Step::entered(explained, Stage::Explained, None)
}

/// Working days past `deadline` on `on` (0 when not yet past).
pub fn overdue_days(calendar: &Calendar, deadline: NaiveDate, on: NaiveDate) -> i64 {
    calendar.working_days_between(deadline, on).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn routing() -> Routing {
        Routing {
            department: "办公室".into(),
            deadline_days: 10,
        }
    }

    /// Runs `sighting` on each day in turn from no record, returning every step.
    fn nights(days: &[(&str, Sighting)]) -> Vec<Step> {
        let calendar = Calendar::official();
        let policy = RectificationChecks::default();
        let mut record: Option<RecordState> = None;
        let mut steps = Vec::new();
        for (day, sighting) in days {
            let step = advance(
                record.as_ref(),
                *sighting,
                d(day),
                &calendar,
                &policy,
                &routing(),
            );
            record = step.record.clone();
            steps.push(step);
        }
        steps
    }

    #[test]
    fn the_national_day_holiday_moves_every_date() {
        use Sighting::Found;
        let steps = nights(&[
            ("2025-09-20", Found),
            ("2025-10-10", Found),
            ("2025-10-11", Found),
            ("2025-10-14", Found),
            ("2025-10-15", Found),
            ("2025-10-20", Found),
        ]);
        let first = steps[0].record.as_ref().unwrap();
        // 9-22..26, 9-28 (调休 Sunday), 9-29, 9-30, then 10-9, 10-10: ten working days.
        assert_eq!(first.deadline, d("2025-10-10"));
        assert_eq!(first.assigned_on, d("2025-09-20"));
        assert_eq!(steps[0].due, Some(NoticeKind::Assign));
        assert_eq!(steps[0].events, [Stage::Assigned]);
        // On the deadline itself: still within time.
        assert_eq!(steps[1].due, None);
        // 10-11 is a 调休 Saturday and the first run after the deadline.
        let reminded = steps[2].record.as_ref().unwrap();
        assert_eq!(reminded.stage, Stage::Reminded);
        assert_eq!(reminded.reminded_on, Some(d("2025-10-11")));
        assert_eq!(steps[2].due, Some(NoticeKind::Remind));
        // Two working days after the 催办单: not yet.
        assert_eq!(steps[3].due, None);
        // 10-13, 10-14, 10-15: the third working day after 10-11.
        let supervised = steps[4].record.as_ref().unwrap();
        assert_eq!(supervised.stage, Stage::Supervised);
        assert_eq!(supervised.supervised_on, Some(d("2025-10-15")));
        assert_eq!(steps[4].due, Some(NoticeKind::Supervise));
        assert_eq!(steps[5].due, None);
        assert_eq!(steps[5].record.as_ref().unwrap().stage, Stage::Supervised);
        // 10-11 (调休), 10-13, 10-14, 10-15.
        assert_eq!(
            overdue_days(&Calendar::official(), first.deadline, d("2025-10-15")),
            4
        );
    }

    #[test]
    fn fixed_resolves_and_unverified_never_does() {
        use Sighting::*;
        let steps = nights(&[
            ("2025-09-20", Found),
            ("2025-09-22", Unverified),
            ("2025-10-13", Unverified),
            ("2025-10-14", Fixed),
            ("2025-10-15", Fixed),
        ]);
        assert_eq!(steps[1], Step::unchanged(steps[0].record.as_ref()));
        // Past its deadline but not seen: no 催办 on a problem the run could not see.
        assert_eq!(steps[2].record.as_ref().unwrap().stage, Stage::Assigned);
        let resolved = steps[3].record.as_ref().unwrap();
        assert_eq!(
            (resolved.stage, resolved.resolved_on),
            (Stage::Resolved, Some(d("2025-10-14")))
        );
        assert_eq!(steps[3].events, [Stage::Resolved]);
        assert!(steps[4].events.is_empty());
    }

    #[test]
    fn a_reopened_problem_starts_a_new_cycle() {
        use Sighting::*;
        let steps = nights(&[
            ("2025-09-01", Found),
            ("2025-09-02", Fixed),
            ("2025-09-03", Reopened),
        ]);
        let reopened = steps[2].record.as_ref().unwrap();
        assert_eq!(reopened.cycle, 2);
        assert_eq!(reopened.stage, Stage::Assigned);
        assert_eq!(reopened.assigned_on, d("2025-09-03"));
        assert_eq!(reopened.resolved_on, None);
        assert_eq!(steps[2].due, Some(NoticeKind::Assign));
        assert!(steps[2].new_cycle);
        // No record and nothing found: nothing to do.
        assert_eq!(nights(&[("2025-09-01", Fixed)])[0].record, None);
    }

    #[test]
    fn an_explained_problem_is_never_chased_and_resolves_when_fixed() {
        let calendar = Calendar::official();
        let policy = RectificationChecks::default();
        let first = nights(&[("2025-09-20", Sighting::Found)])[0]
            .record
            .clone()
            .unwrap();
        let explained = explain(&first);
        assert_eq!(explained.events, [Stage::Explained]);
        let explained = explained.record.unwrap();
        let later = advance(
            Some(&explained),
            Sighting::Found,
            d("2025-10-20"),
            &calendar,
            &policy,
            &routing(),
        );
        assert_eq!(later, Step::unchanged(Some(&explained)));
        let fixed = advance(
            Some(&explained),
            Sighting::Fixed,
            d("2025-10-21"),
            &calendar,
            &policy,
            &routing(),
        );
        assert_eq!(fixed.record.unwrap().stage, Stage::Resolved);
    }

    #[test]
    fn the_intervals_are_data() {
        let calendar = Calendar::official();
        let policy = RectificationChecks {
            remind_after_days: 2,
            supervise_after_days: 1,
            ..RectificationChecks::default()
        };
        let short = Routing {
            deadline_days: 1,
            ..routing()
        };
        let found = |record: Option<&RecordState>, day| {
            advance(record, Sighting::Found, d(day), &calendar, &policy, &short)
        };
        // Monday 2025-12-01: deadline Tuesday; 催办 only after Thursday.
        let first = found(None, "2025-12-01").record.unwrap();
        assert_eq!(first.deadline, d("2025-12-02"));
        assert_eq!(found(Some(&first), "2025-12-04").due, None);
        let reminded = found(Some(&first), "2025-12-05").record.unwrap();
        assert_eq!(reminded.stage, Stage::Reminded);
        assert_eq!(
            found(Some(&reminded), "2025-12-08").due,
            Some(NoticeKind::Supervise)
        );
    }
}
