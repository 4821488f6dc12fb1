//! `checks/interaction.toml`: which columns are 政务咨询-type message columns, how long a reply
//! may take, and (for the page reader) the labels and statuses message pages print.

use std::path::Path;

use serde::Deserialize;

use crate::error::{ConfigError, FileKind};
use crate::model::messages::{MessageLabels, MessageWords, StatusWords};

/// Column-name words of consultation columns and of the special channels 19号 leaves out.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelWords {
    pub consult: Vec<String>,
    pub excluded: Vec<String>,
}

/// What a column is, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// A 政务咨询-type column whose messages must be answered.
    Consult,
    /// 网上信访, 纪检举报, 在线访谈, 调查征集 …: not judged.
    Excluded,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InteractionChecks {
    /// Months a reply may take (19号: 3).
    pub reply_months: u32,
    /// Months before the check day whose messages are judged (19号: 1年).
    pub window_months: u32,
    pub columns: ChannelWords,
    labels: MessageLabels,
    status: StatusWords,
}

impl InteractionChecks {
    pub(crate) fn parse(text: &str, file: &Path) -> Result<Self, ConfigError> {
        let checks: Self = super::parse(text, file, FileKind::Checks)?;
        let problem = |message: String| Err(ConfigError::new(FileKind::Checks, file, message));
        if !(1..=24).contains(&checks.reply_months) || !(1..=60).contains(&checks.window_months) {
            return problem("reply_months 应为1～24，window_months 应为1～60".to_string());
        }
        let blank_column = [
            ("columns.consult", &checks.columns.consult),
            ("columns.excluded", &checks.columns.excluded),
        ]
        .into_iter()
        .find(|(_, words)| words.iter().any(|w| w.trim().is_empty()))
        .map(|(name, _)| name);
        if let Some(list) = blank_column.or_else(|| checks.words().blank_list()) {
            return problem(format!("{list} 中不能有空白的词语（它会匹配任何名称）"));
        }
        if checks.labels.asked.is_empty() {
            return problem("labels.asked 不能为空：没有它读不到留言时间".to_string());
        }
        Ok(checks)
    }

    /// The words the page reader uses.
    pub fn words(&self) -> MessageWords {
        MessageWords {
            labels: self.labels.clone(),
            status: self.status.clone(),
        }
    }

    /// What a column is by its path (top first): the deepest name holding a word of either
    /// list decides; at one name an excluded word wins.
    pub fn channel(&self, path: &[String]) -> Option<Channel> {
        path.iter()
            .rev()
            .find_map(|name| self.channel_of_name(name))
    }

    /// What one name says on its own.
    pub fn channel_of_name(&self, name: &str) -> Option<Channel> {
        let name = crate::model::html::compact(name);
        let has = |words: &[String]| words.iter().any(|w| contains_word(&name, w));
        if has(&self.columns.excluded) {
            Some(Channel::Excluded)
        } else if has(&self.columns.consult) {
            Some(Channel::Consult)
        } else {
            None
        }
    }
}

/// Whether `name` holds `word`; a word of digits (12345) only where no other digit touches it,
/// so that 苏ICP备05012345号 is not the 12345 hotline.
fn contains_word(name: &str, word: &str) -> bool {
    if !word.chars().all(|c| c.is_ascii_digit()) {
        return name.contains(word);
    }
    name.match_indices(word).any(|(at, _)| {
        let before = name[..at].chars().next_back();
        let after = name[at + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Checks;

    #[test]
    fn channels_are_judged_by_the_deepest_name_that_says() {
        let c = Checks::defaults().interaction;
        let path = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert_eq!(
            c.channel(&path(&["互动交流", "局长信箱"])),
            Some(Channel::Consult)
        );
        assert_eq!(
            c.channel(&path(&["政民互动", "网上信访"])),
            Some(Channel::Excluded)
        );
        assert_eq!(
            c.channel(&path(&["政民互动", "留言详情"])),
            Some(Channel::Consult)
        );
        assert_eq!(
            c.channel(&path(&["互动交流", "纪检监察信箱"])),
            Some(Channel::Excluded)
        );
        assert_eq!(
            c.channel(&path(&["互动交流", "在线访谈"])),
            Some(Channel::Excluded)
        );
        assert_eq!(c.channel(&path(&["工作动态"])), None);
        assert_eq!(
            c.channel_of_name("12345政务服务热线"),
            Some(Channel::Consult)
        );
        assert_eq!(c.channel_of_name("苏ICP备05012345号-3"), None);
        assert_eq!(c.reply_months, 3);
    }

    #[test]
    fn blank_words_and_odd_months_are_refused() {
        let shipped = include_str!("../../checks/interaction.toml");
        let file = Path::new("checks/interaction.toml");
        assert!(InteractionChecks::parse(shipped, file).is_ok());
        let blank = shipped.replace("\"领导信箱\",", "\"\",");
        let err = InteractionChecks::parse(&blank, file)
            .unwrap_err()
            .to_string();
        assert!(err.contains("columns.consult"), "{err}");
        let zero = shipped.replace("reply_months = 3", "reply_months = 0");
        assert!(InteractionChecks::parse(&zero, file).is_err());
    }
}
