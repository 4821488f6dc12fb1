//! Where a store lives: a SQLite file (a path or `sqlite://…`) or a PostgreSQL server
//! (`postgres://…`), and how it is named in messages (never with its password).

use std::path::{Path, PathBuf};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

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
        match text
            .strip_prefix("sqlite://")
            .or_else(|| text.strip_prefix("sqlite:"))
        {
            // A URL's own parameters are dropped: the store sets what it needs.
            Some(url_path) => {
                Location::sqlite_file(Path::new(url_path.split('?').next().unwrap_or(url_path)))
            }
            None => Location::sqlite_file(Path::new(text)),
        }
    }

    pub fn sqlite_file(path: &Path) -> Location {
        // An absolute path, percent-encoded: sqlx reads the URL with a URL parser first (a
        // relative name would be taken for a host and lower-cased) and decodes the path.
        const SPECIAL: &AsciiSet = &CONTROLS.add(b' ').add(b'?').add(b'#').add(b'%');
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let encoded = utf8_percent_encode(&absolute.to_string_lossy(), SPECIAL).to_string();
        Location {
            backend: Backend::Sqlite,
            // `mode=rwc`: created on first use.
            url: format!("sqlite://{encoded}?mode=rwc"),
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

    /// Names a URL would misread: upper case, spaces, `#`, `?`, Chinese, relative.
    #[tokio::test]
    async fn the_file_is_created_where_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("历史 Store#1?.sqlite");
        crate::history::Store::open(path.to_str().unwrap())
            .await
            .unwrap();
        assert!(
            path.is_file(),
            "{:?}",
            std::fs::read_dir(dir.path()).unwrap().collect::<Vec<_>>()
        );
    }
}
