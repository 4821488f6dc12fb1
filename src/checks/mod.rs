//! The data a locality edits, kept in `checks/`: limits, required columns, update classes.
//! The shipped files are embedded; `--checks DIR` replaces any of them found in DIR, and
//! `--profile` picks the required-column profile (a built-in name or a file).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{ConfigError, Error, FileKind, Usage};
use crate::model::Vocabulary;
use crate::model::vocabulary::{
    EmptyNoticesFile, ListDatesFile, SHIPPED_EMPTY_NOTICES, SHIPPED_LIST_DATES,
};

pub mod annual_report;
pub mod columns;
pub mod disclosure;
pub mod guide;
pub mod interaction;
pub mod interpretation;
pub mod rectification;
pub mod site_elements;
pub mod wording;

pub use annual_report::AnnualReportChecks;
pub use columns::{ColumnChecks, MaxAge, Profile, RequiredColumn, UpdateClass, VetoThresholds};
pub use disclosure::{ColumnLimit, DisclosureChecks};
pub use guide::{ContactFact, GuideChecks, GuideElement};
pub use interaction::{Channel, InteractionChecks};
pub use interpretation::InterpretationChecks;
pub use rectification::RectificationChecks;
pub use site_elements::{SiteElement, SiteElementChecks};
pub use wording::WordingChecks;

/// A data file: its path under `checks/` and its shipped text.
struct Shipped {
    path: &'static str,
    text: &'static str,
}

const DISCLOSURE: Shipped = Shipped {
    path: "disclosure.toml",
    text: include_str!("../../checks/disclosure.toml"),
};
const INTERPRETATION: Shipped = Shipped {
    path: "interpretation.toml",
    text: include_str!("../../checks/interpretation.toml"),
};
const ANNUAL_REPORT: Shipped = Shipped {
    path: "annual_report.toml",
    text: include_str!("../../checks/annual_report.toml"),
};
const SITE_ELEMENTS: Shipped = Shipped {
    path: "site_elements.toml",
    text: include_str!("../../checks/site_elements.toml"),
};
const WORDING: Shipped = Shipped {
    path: "wording.toml",
    text: include_str!("../../checks/wording.toml"),
};
const INTERACTION: Shipped = Shipped {
    path: "interaction.toml",
    text: crate::model::vocabulary::SHIPPED_INTERACTION,
};
const RECTIFICATION: Shipped = Shipped {
    path: "rectification.toml",
    text: rectification::SHIPPED,
};
const CLASSES: Shipped = Shipped {
    path: "columns/classes.toml",
    text: include_str!("../../checks/columns/classes.toml"),
};
const GUIDE: Shipped = Shipped {
    path: "columns/guide.toml",
    text: include_str!("../../checks/columns/guide.toml"),
};
/// Embedded by the model, whose default vocabulary it is.
const EMPTY_NOTICES: Shipped = Shipped {
    path: "columns/empty.toml",
    text: SHIPPED_EMPTY_NOTICES,
};
/// Embedded by the model, whose default vocabulary it is.
const LIST_DATES: Shipped = Shipped {
    path: "columns/list_dates.toml",
    text: SHIPPED_LIST_DATES,
};
/// Built-in profiles, by name.
const PROFILES: &[(&str, Shipped)] = &[
    (
        "department",
        Shipped {
            path: "columns/department.toml",
            text: include_str!("../../checks/columns/department.toml"),
        },
    ),
    (
        "government",
        Shipped {
            path: "columns/government.toml",
            text: include_str!("../../checks/columns/government.toml"),
        },
    ),
];
pub const DEFAULT_PROFILE: &str = "department";

#[derive(Debug, Clone)]
pub struct Checks {
    pub disclosure: DisclosureChecks,
    pub columns: ColumnChecks,
    pub interpretation: InterpretationChecks,
    pub annual_report: AnnualReportChecks,
    pub site_elements: SiteElementChecks,
    /// Official names and leaders' names with their wrong forms (`wording.toml`).
    pub wording: WordingChecks,
    /// Message columns and reply limits (`interaction.toml`); its page words are also in
    /// `vocabulary`.
    pub interaction: InteractionChecks,
    /// Routing and chasing problems, and the 通报's deductions (`rectification.toml`).
    pub rectification: RectificationChecks,
    /// The words the extractor reads pages with (`columns/empty.toml`, `columns/list_dates.toml`).
    pub vocabulary: Vocabulary,
}

impl Checks {
    /// The shipped defaults with the department profile.
    pub fn defaults() -> Self {
        Self::load(None, None).expect("embedded checks are valid")
    }

    /// The shipped files, each replaced by its copy in `dir` when there is one; `profile` is a
    /// built-in profile name or a profile file (default: department).
    pub fn load(dir: Option<&Path>, profile: Option<&str>) -> Result<Self, Error> {
        if let Some(dir) = dir.filter(|d| !d.is_dir()) {
            return Err(Usage::NoChecksDir(dir.to_path_buf()).into());
        }
        let read = |shipped: &Shipped, kind: FileKind| -> Result<(String, PathBuf), Error> {
            if let Some(file) = dir.map(|d| d.join(shipped.path)).filter(|f| f.is_file()) {
                return Ok((read_file(&file, kind)?, file));
            }
            Ok((
                shipped.text.to_string(),
                Path::new("checks").join(shipped.path),
            ))
        };
        let (text, file) = read(&DISCLOSURE, FileKind::Checks)?;
        let disclosure = parse(&text, &file, FileKind::Checks)?;
        let (text, file) = read(&INTERPRETATION, FileKind::Checks)?;
        let interpretation = InterpretationChecks::parse(&text, &file)?;
        let (text, file) = read(&ANNUAL_REPORT, FileKind::Checks)?;
        let mut annual_report: AnnualReportChecks = parse(&text, &file, FileKind::Checks)?;
        annual_report.validate(&file)?;
        let (text, file) = read(&SITE_ELEMENTS, FileKind::Checks)?;
        let site_elements = SiteElementChecks::parse(&text, &file)?;
        let (text, file) = read(&WORDING, FileKind::Checks)?;
        let wording = WordingChecks::parse(&text, &file)?;
        let (text, file) = read(&INTERACTION, FileKind::Checks)?;
        let interaction = InteractionChecks::parse(&text, &file)?;
        let (text, file) = read(&RECTIFICATION, FileKind::Checks)?;
        let rectification = parse(&text, &file, FileKind::Checks)?;
        let (text, classes_file) = read(&CLASSES, FileKind::Checks)?;
        let classes: columns::ClassesFile = parse(&text, &classes_file, FileKind::Checks)?;
        let (text, file) = read(&GUIDE, FileKind::Checks)?;
        let guide = GuideChecks::parse(&text, &file)?;
        let (text, file) = read(&EMPTY_NOTICES, FileKind::Checks)?;
        let empty: EmptyNoticesFile = parse(&text, &file, FileKind::Checks)?;
        empty
            .validate()
            .map_err(|e| ConfigError::new(FileKind::Checks, file, e.to_string()))?;
        let (text, file) = read(&LIST_DATES, FileKind::Checks)?;
        let dates: ListDatesFile = parse(&text, &file, FileKind::Checks)?;
        dates
            .validate()
            .map_err(|e| ConfigError::new(FileKind::Checks, file, e.to_string()))?;
        let (profile, profile_file) = load_profile(profile.unwrap_or(DEFAULT_PROFILE), &|name| {
            PROFILES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, s)| read(s, FileKind::Profile))
                .transpose()
        })?;
        // Whose report the portal publishes is the profile's to say, so the deadline cannot
        // disagree with the profile.
        annual_report.report_of = profile.report_of.unwrap_or_default();
        let columns = ColumnChecks::new((profile, &profile_file), (classes, &classes_file), guide)?;
        Ok(Self {
            disclosure,
            columns,
            interpretation,
            annual_report,
            site_elements,
            vocabulary: Vocabulary {
                messages: interaction.words(),
                ..Vocabulary::new(empty, dates)
            },
            wording,
            interaction,
            rectification,
        })
    }
}

type BuiltIn<'a> = dyn Fn(&str) -> Result<Option<(String, PathBuf)>, Error> + 'a;

/// A profile by built-in name or file path, with the profile it `extends` merged in first;
/// and the file it came from.
fn load_profile(which: &str, builtin: &BuiltIn<'_>) -> Result<(Profile, PathBuf), Error> {
    let (text, file) = match builtin(which)? {
        Some(found) => found,
        None => {
            let file = PathBuf::from(which);
            if !file.is_file() {
                return Err(Usage::UnknownProfile {
                    name: which.to_string(),
                    builtin: builtin_profile_names(),
                }
                .into());
            }
            (read_file(&file, FileKind::Profile)?, file)
        }
    };
    let mut profile: Profile = parse(&text, &file, FileKind::Profile)?;
    if let Some(parent) = profile.extends.take() {
        let Some((parent_text, parent_file)) = builtin(&parent)? else {
            let message = format!(
                "extends = \"{parent}\" 不是内置配置（{}）",
                builtin_profile_names()
            );
            return Err(ConfigError::new(FileKind::Profile, file, message).into());
        };
        let mut base: Profile = parse(&parent_text, &parent_file, FileKind::Profile)?;
        base.column.append(&mut profile.column);
        profile.column = base.column;
        profile.report_of = profile.report_of.or(base.report_of);
    }
    Ok((profile, file))
}

/// `department（部门）、government（…）`: the built-in profiles with what each is for.
fn builtin_profile_names() -> String {
    PROFILES
        .iter()
        .map(|(name, _)| name.to_string())
        .collect::<Vec<_>>()
        .join("、")
}

fn read_file(file: &Path, kind: FileKind) -> Result<String, Error> {
    std::fs::read_to_string(file).map_err(Error::reading(kind, file))
}

fn parse<T: for<'de> Deserialize<'de>>(
    text: &str,
    file: &Path,
    kind: FileKind,
) -> Result<T, ConfigError> {
    toml::from_str(text).map_err(|e| ConfigError::toml(kind, file, text, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_load_and_limits_apply_per_column() {
        let checks = Checks::defaults();
        assert_eq!(checks.disclosure.working_days, 20);
        assert_eq!(checks.columns.profile.name, "department");
        let mut d = checks.disclosure.clone();
        d.column_limit.push(ColumnLimit {
            columns: vec!["政府采购".into()],
            working_days: 2,
            basis: None,
        });
        assert_eq!(
            d.limit_for(&["法定主动公开内容".into(), "政府采购".into()])
                .0,
            2
        );
        assert_eq!(d.limit_for(&["政策文件".into()]).0, 20);
    }

    #[test]
    fn the_government_profile_extends_the_department_one() {
        let government = Checks::load(None, Some("government"))
            .unwrap()
            .columns
            .profile;
        let names: Vec<&str> = government.column.iter().map(|c| c.name.as_str()).collect();
        assert!(names.contains(&"政府信息公开指南") && names.contains(&"社会救助"));
    }

    #[test]
    fn a_bad_file_names_itself_and_the_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("disclosure.toml"),
            "working_days = \"twenty\"\n",
        )
        .unwrap();
        let err = Checks::load(Some(dir.path()), None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("disclosure.toml"), "{err}");
        assert!(err.contains("第1行"), "{err}");
    }

    #[test]
    fn a_locality_replaces_the_list_date_words() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("columns")).unwrap();
        let file = dir.path().join("columns/list_dates.toml");
        std::fs::write(&file, "entry = [\"来件\"]\nother = [\"答复\"]\n").unwrap();
        let checks = Checks::load(Some(dir.path()), None).unwrap();
        assert_eq!(checks.vocabulary.entry_date_words, ["来件"]);
        assert_eq!(
            checks.vocabulary.empty_notices,
            Vocabulary::shipped().empty_notices
        );
        std::fs::write(&file, "entry = [\" \"]\nother = []\n").unwrap();
        let err = Checks::load(Some(dir.path()), None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("list_dates.toml"), "{err}");
    }

    #[test]
    fn a_locality_replaces_the_empty_notices() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("columns")).unwrap();
        let file = dir.path().join("columns/empty.toml");
        std::fs::write(&file, "notices = [\"本栏目正在建设中\"]\n").unwrap();
        let checks = Checks::load(Some(dir.path()), None).unwrap();
        assert_eq!(checks.vocabulary.empty_notices, ["本栏目正在建设中"]);
        std::fs::write(&file, "notices = [\"\"]\n").unwrap();
        let err = Checks::load(Some(dir.path()), None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("empty.toml"), "{err}");
    }

    #[test]
    fn locality_lists_are_checked_at_load() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("columns")).unwrap();
        let classes = CLASSES
            .text
            .replace(r#"["news", "notice"]"#, r#"["news", "nosuch"]"#);
        std::fs::write(dir.path().join(CLASSES.path), classes).unwrap();
        let err = Checks::load(Some(dir.path()), None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("nosuch"), "{err}");
        std::fs::remove_file(dir.path().join(CLASSES.path)).unwrap();
        let guide = GUIDE.text.replace(r"0\d{2,3}", r"0\d{2,3");
        std::fs::write(dir.path().join(GUIDE.path), guide).unwrap();
        let err = Checks::load(Some(dir.path()), None)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("guide.toml") && err.contains("联系电话"),
            "{err}"
        );
    }

    #[test]
    fn a_profile_file_is_read_and_a_missing_one_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("mine.toml");
        std::fs::write(&file, "name = \"mine\"\n[[column]]\nname = \"政务公开专栏\"\nsynonyms = []\nbasis = \"本地\"\n").unwrap();
        let profile = Checks::load(None, Some(file.to_str().unwrap()))
            .unwrap()
            .columns
            .profile;
        assert_eq!(profile.column.len(), 1);
        let err = Checks::load(None, Some("no-such-profile.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("no-such-profile.toml"), "{err}");
    }

    #[test]
    fn a_missing_checks_folder_is_a_usage_error() {
        let err = Checks::load(Some(Path::new("no/such/checks")), None).unwrap_err();
        assert!(matches!(err, Error::Usage(Usage::NoChecksDir(_))), "{err}");
        assert!(err.to_string().contains("no/such/checks"), "{err}");
    }
}
