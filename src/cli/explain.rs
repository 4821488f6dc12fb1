//! `gongkai explain FINGERPRINT --note … --by …`: records why a problem stands; from then on
//! its record is 已说明 (never chased) and every report shows the note.

use chrono::{NaiveDate, NaiveTime, SecondsFormat, TimeZone, Utc};

use gongkai::Error;
use gongkai::history::Store;
use gongkai::rectify::Explanation;

use super::args::DbArg;

/// The explanation's time: now, or noon (Beijing) of `as_of` for a dated one.
fn recorded_at(as_of: Option<NaiveDate>) -> String {
    let time = match as_of {
        None => Utc::now(),
        Some(day) => {
            let china = gongkai::calendar::china_offset();
            let noon = day.and_time(NaiveTime::from_hms_opt(12, 0, 0).expect("a valid time"));
            china
                .from_local_datetime(&noon)
                .single()
                .expect("a fixed offset has one local time")
                .with_timezone(&Utc)
        }
    };
    time.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Records the explanation and says what the record became.
pub(super) async fn run_explain(
    fingerprint: &str,
    note: &str,
    by: &str,
    db: &DbArg,
    portal: Option<&str>,
    as_of: Option<NaiveDate>,
) -> Result<i32, Error> {
    let location = super::history::location(db);
    let store = Store::open(&location).await?;
    let explanation = Explanation {
        note: note.to_string(),
        by: by.to_string(),
        at: recorded_at(as_of),
    };
    let entry = store.explain(portal, fingerprint, &explanation).await?;
    println!(
        "已记录说明：{}（{}）\n  网站：{}\n  问题：{}\n  状态：{}（第{}轮，责任部门 {}）\n  说明：{}（{}）",
        entry.fingerprint,
        entry.rule,
        entry.portal.name.as_deref().unwrap_or(&entry.portal.url),
        entry.problem,
        entry.stage.display(),
        entry.cycle,
        entry.department,
        note.trim(),
        by.trim()
    );
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dated_explanation_is_noon_in_beijing() {
        let day = NaiveDate::from_ymd_opt(2025, 9, 21);
        assert_eq!(recorded_at(day), "2025-09-21T04:00:00.000Z");
    }
}
