//! The table's own verdict, for tables that set a pass mark (国办秘函〔2019〕19号: 单项否决 →
//! 不合格; 扣分指标 below 60 → 不合格; 加分指标 only above 80). The tool knows the verified part of
//! the score; manual rows and rows not checked could go either way, so the verdict is 合格 or
//! 不合格 only when every way they could go gives the same answer, else 待人工判断 with the range.

use serde::Serialize;

use super::IndicatorTable;
use super::score::Scorecard;
use crate::text::points;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VerdictResult {
    Pass,
    Fail,
    /// Depends on the manual rows or on what could not be checked.
    Undecided,
}

impl VerdictResult {
    pub fn display(self) -> &'static str {
        match self {
            VerdictResult::Pass => "合格",
            VerdictResult::Fail => "不合格",
            VerdictResult::Undecided => "待人工判断",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub result: VerdictResult,
    /// The table's 合格线.
    pub pass_mark: f64,
    /// The score if every manual row fails and every unchecked row is lost.
    pub lowest: f64,
    /// The score if every manual and unchecked row is met.
    pub highest: f64,
    /// Why, in the report's words.
    pub reason: String,
}

impl Verdict {
    /// The verdict of `card` on `table`, when the table sets a pass mark. `veto_open`: some
    /// 单项否决 item could not be counted.
    pub fn of(table: &IndicatorTable, card: &Scorecard, veto_open: bool) -> Option<Verdict> {
        let pass_mark = table.pass_mark?;
        // Self-declared rows count as declared; only rows still waiting for a person and rows
        // not checked could go either way.
        let lowest = card.verified_score + card.declared_met_points;
        let highest = lowest + card.manual_points + card.not_checked_points;
        let known = if card.declared_points() > 0.0 {
            "工具核查和自报部分"
        } else {
            "工具核查部分"
        };
        let range = format!("{}～{}分", points(lowest), points(highest));
        let (result, mut reason) = if card.vetoed {
            (VerdictResult::Fail, "出现单项否决情形".to_string())
        } else if highest < pass_mark {
            let why = format!(
                "即使人工核查项全部达标，最高只得{}分，低于合格线{}分",
                points(highest),
                points(pass_mark)
            );
            (VerdictResult::Fail, why)
        } else if lowest >= pass_mark && !veto_open {
            let why = format!(
                "{known}已得{}分，不低于合格线{}分",
                points(lowest),
                points(pass_mark)
            );
            (VerdictResult::Pass, why)
        } else if lowest >= pass_mark {
            let why = format!("得分不低于合格线，但有单项否决项未能检查，需人工确认（{range}）");
            (VerdictResult::Undecided, why)
        } else {
            let why = format!(
                "得分在{range}之间，是否达到合格线{}分取决于人工核查项和未能检查项",
                points(pass_mark)
            );
            (VerdictResult::Undecided, why)
        };
        if let Some(bonus_from) = table.bonus_from.filter(|_| result != VerdictResult::Fail) {
            let bonus = if lowest > bonus_from {
                format!("；高于{}分，可评加分指标", points(bonus_from))
            } else if highest <= bonus_from {
                format!("；未高于{}分，不评加分指标", points(bonus_from))
            } else {
                format!(
                    "；是否高于{}分（可评加分指标）取决于人工核查项",
                    points(bonus_from)
                )
            };
            reason.push_str(&bonus);
        }
        Some(Verdict {
            result,
            pass_mark,
            lowest,
            highest,
            reason,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(verified_score: f64, manual: f64, vetoed: bool) -> Scorecard {
        Scorecard {
            table: String::new(),
            source: String::new(),
            note: String::new(),
            total_points: 100.0,
            deducted: 0.0,
            verified_points: verified_score,
            verified_score,
            manual_points: manual,
            declared_met_points: 0.0,
            declared_not_met_points: 0.0,
            not_checked_points: 0.0,
            not_checked_reasons: Vec::new(),
            score_if_manual_met: verified_score + manual,
            complete_score: None,
            vetoed,
            categories: Vec::new(),
            verdict: None,
        }
    }

    fn table() -> IndicatorTable {
        let mut table = IndicatorTable::builtin();
        table.pass_mark = Some(60.0);
        table.bonus_from = Some(80.0);
        table
    }

    #[test]
    fn certain_only_when_every_manual_outcome_agrees() {
        let t = table();
        let pass = Verdict::of(&t, &card(85.0, 10.0, false), false).unwrap();
        assert_eq!(pass.result, VerdictResult::Pass);
        assert!(pass.reason.ends_with("可评加分指标"), "{}", pass.reason);
        let fail = Verdict::of(&t, &card(20.0, 30.0, false), false).unwrap();
        assert_eq!(fail.result, VerdictResult::Fail);
        assert_eq!(fail.highest, 50.0);
        let open = Verdict::of(&t, &card(40.0, 40.0, false), false).unwrap();
        assert_eq!(open.result, VerdictResult::Undecided);
        assert!(open.reason.contains("40～80分"), "{}", open.reason);
        let vetoed = Verdict::of(&t, &card(95.0, 5.0, true), false).unwrap();
        assert_eq!(vetoed.result, VerdictResult::Fail);
        let veto_open = Verdict::of(&t, &card(95.0, 5.0, false), true).unwrap();
        assert_eq!(veto_open.result, VerdictResult::Undecided);
        assert!(Verdict::of(&IndicatorTable::builtin(), &card(95.0, 5.0, false), false).is_none());
    }
}
