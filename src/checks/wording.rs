//! `checks/wording.toml`: official names with their known wrong forms, and the locality's
//! leaders' names with the titles they are written beside, for `wording-error`.

use std::path::Path;

use serde::Deserialize;

use crate::error::{ConfigError, FileKind};

/// An official name and the wrong forms that stand for it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub correct: String,
    pub wrong: Vec<String>,
    pub kind: String,
}

/// A leader's name, the titles it is written with, and known wrong forms.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    #[serde(default)]
    pub titles: Vec<String>,
    #[serde(default)]
    pub wrong: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordingChecks {
    #[serde(default)]
    pub term: Vec<Term>,
    #[serde(default)]
    pub person: Vec<Person>,
    /// Every listed wrong form, longest first (a longer form is matched before the shorter
    /// ones it contains), made once when the file is read.
    #[serde(skip)]
    pub wrong_forms: Vec<WrongForm>,
}

/// A wrong form, what it should be, and what kind of name it is.
#[derive(Debug, Clone)]
pub struct WrongForm {
    pub wrong: String,
    pub correct: String,
    pub kind: String,
}

impl WordingChecks {
    pub(crate) fn parse(text: &str, file: &Path) -> Result<Self, ConfigError> {
        let mut checks: Self = super::parse(text, file, FileKind::Checks)?;
        let problem = |message: String| Err(ConfigError::new(FileKind::Checks, file, message));
        for term in &checks.term {
            if term.correct.trim().is_empty() || term.wrong.is_empty() {
                return problem(format!("term“{}”缺少 correct 或 wrong", term.correct));
            }
            if let Some(w) = term
                .wrong
                .iter()
                .find(|w| term.correct.contains(w.as_str()))
            {
                return problem(format!(
                    "term“{}”的错误写法“{w}”是正确写法的一部分，会误报",
                    term.correct
                ));
            }
        }
        for person in &checks.person {
            let chars = person.name.chars().count();
            if !(2..=4).contains(&chars) {
                return problem(format!("person“{}”的 name 应为2～4个字", person.name));
            }
            if let Some(w) = person.wrong.iter().find(|w| *w == &person.name) {
                return problem(format!(
                    "person“{}”的错误写法“{w}”与正确写法相同",
                    person.name
                ));
            }
        }
        let terms = checks.term.iter().flat_map(|t| {
            t.wrong.iter().map(|w| WrongForm {
                wrong: w.clone(),
                correct: t.correct.clone(),
                kind: t.kind.clone(),
            })
        });
        let names = checks.person.iter().flat_map(|p| {
            p.wrong.iter().map(|w| WrongForm {
                wrong: w.clone(),
                correct: p.name.clone(),
                kind: "领导姓名".to_string(),
            })
        });
        let mut wrong_forms: Vec<WrongForm> = terms.chain(names).collect();
        wrong_forms.sort_by_key(|f| std::cmp::Reverse(f.wrong.len()));
        checks.wrong_forms = wrong_forms;
        Ok(checks)
    }
}
