//! Where a store lives: a SQLite file (a path or `sqlite://…`) or a PostgreSQL server
//! (`postgres://…`), and how it is named in messages (never with its password).

use std::path::{Path, PathBuf};

/// The engine behind a store; the SQL differs in a few words only (see `migrate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A parsed `--db` value.
#[derive(Debug, Clone)]
pub struct Location {
    pub backend: Backend,
    /// What sqlx connects to.
    pub url: String,
    /// How messages name it: the file path, or the server URL without its password.
    pub display: String,
    /// The SQLite file, to create its folder on first use.
    pub file: Option<PathBuf>,
}

impl Location {
    pub fn parse(text: &str) -> Location {
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            return Location {
                backend: Backend::Postgres,
                url: text.to_string(),
                display: without_password(text),
                file: None,
            };
        }
        let path = text
            .strip_prefix("sqlite://")
            .or_else(|| text.strip_prefix("sqlite:"))
            .unwrap_or(text);
        let path = path.split('?').next().unwrap_or(path);
        Location::sqlite_file(Path::new(path))
    }

    pub fn sqlite_file(path: &Path) -> Location {
        Location {
            backend: Backend::Sqlite,
            // `mode=rwc`: created on first use.
            url: format!("sqlite://{}?mode=rwc", path.display()),
            display: path.display().to_string(),
            file: Some(path.to_path_buf()),
        }
    }
}

/// The URL with any password replaced by `***`.
fn without_password(text: &str) -> String {
    match url::Url::parse(text) {
        Ok(mut url) => {
            if url.password().is_some() {
                let _ = url.set_password(Some("***"));
            }
            url.to_string()
        }
        // Unparseable: show only the scheme and host part before any credentials.
        Err(_) => match text.split_once('@') {
            Some((_, rest)) => format!("postgres://…@{rest}"),
            None => text.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_never_shown() {
        let location = Location::parse("postgres://gk:secret@db.example:5432/history");
        assert_eq!(location.backend, Backend::Postgres);
        assert!(!location.display.contains("secret"), "{}", location.display);
        assert!(location.display.contains("db.example"));
        let broken = Location::parse("postgresql://gk:secret@[bad/history");
        assert!(!broken.display.contains("secret"), "{}", broken.display);
    }

    #[test]
    fn paths_and_sqlite_urls_are_files() {
        let plain = Location::parse("/tmp/h.sqlite");
        assert_eq!(plain.backend, Backend::Sqlite);
        assert_eq!(plain.file.as_deref(), Some(Path::new("/tmp/h.sqlite")));
        let url = Location::parse("sqlite:///tmp/h.sqlite");
        assert_eq!(url.file.as_deref(), Some(Path::new("/tmp/h.sqlite")));
    }
}
