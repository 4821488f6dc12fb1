//! A saved mirror on disk read as if it were the site: `http://site/xxgk/zcwj/` is
//! `FOLDER/xxgk/zcwj/index.html`. Query URLs map to wget-style file names
//! (`dataproxy.jsp?page=2&columnid=…`) when such a file exists.

use std::path::{Component, Path, PathBuf};

use percent_encoding::{percent_decode_str, utf8_percent_encode};
use url::Url;

use super::conditional::{http_date, not_modified, strong_etag};
use super::fetch::{
    BodyLimits, FailureKind, Fetch, FetchFailure, Fetched, LocalFetch, Resource, Validators,
};
use crate::model::links::{DIRECTORY_INDEXES, extension};
use crate::quirks;

pub struct MirrorFetcher {
    root: PathBuf,
    origin: Url,
    limits: BodyLimits,
    /// Whether answers carry an ETag and Last-Modified (the history keeps them for the next
    /// run's conditional requests): the ETag hashes every byte of every page.
    validators: bool,
}

impl MirrorFetcher {
    /// `root` holds the mirror; `origin` is the site it mirrors (`http://www.example.gov.cn/`).
    pub fn new(root: &Path, origin: Url) -> std::io::Result<Self> {
        Ok(Self {
            root: root.canonicalize()?,
            origin,
            limits: BodyLimits::default(),
            validators: true,
        })
    }

    /// Answers without ETag and Last-Modified unless a request is conditional: for a crawl
    /// whose records no history keeps.
    pub fn without_validators(mut self) -> Self {
        self.validators = false;
        self
    }

    /// The same body limits as the network fetcher.
    pub fn with_limits(mut self, limits: BodyLimits) -> Self {
        self.limits = limits;
        self
    }

    /// The file a URL maps to, if the mirror has it.
    pub fn file_for(&self, url: &Url) -> Option<PathBuf> {
        self.resolve(url).ok().map(|found| found.path)
    }

    /// The file a URL maps to, canonical and inside the mirror, and the URL it is really at
    /// when a symlinked directory on the way makes it another page's alias. Every path is
    /// canonicalised: `..`, a query holding `/../` and symlinks out of the folder are refused.
    pub fn resolve(&self, url: &Url) -> Result<Found, Refused> {
        if url.host_str() != self.origin.host_str()
            || url.port_or_known_default() != self.origin.port_or_known_default()
        {
            return Err(Refused::Missing);
        }
        let decoded = percent_decode_str(url.path())
            .decode_utf8()
            .map_err(|_| Refused::Missing)?;
        let relative = Path::new(decoded.trim_start_matches('/'));
        if relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(Refused::Outside);
        }
        let base = self.root.join(relative);
        let mut candidates = Vec::new();
        if let Some(query) = url.query() {
            let name = base
                .file_name()
                .ok_or(Refused::Missing)?
                .to_string_lossy()
                .to_string();
            let decoded_query = percent_decode_str(query).decode_utf8_lossy().to_string();
            // A file name holds no path separator: wget writes a query's `/` as `%2F`.
            for q in [decoded_query.replace('/', "%2F"), query.replace('/', "%2F")] {
                if q.contains(['\\', '\0']) {
                    return Err(Refused::Outside);
                }
                candidates.push(base.with_file_name(format!("{name}?{q}")));
            }
        }
        // The path itself is looked at once: what it is decides between it and its folder's
        // index pages, and a plain file needs no second look.
        let mut base_kind = None;
        let is_dir = url.path().ends_with('/')
            || match self.plain(&base) {
                Plain::Dir => true,
                Plain::Linked => base.is_dir(),
                kind => {
                    base_kind = Some(kind);
                    false
                }
            };
        if is_dir {
            candidates.extend(DIRECTORY_INDEXES.iter().map(|f| base.join(f)));
        } else {
            candidates.push(base.clone());
        }
        let mut outside = false;
        for candidate in candidates {
            let kind = match base_kind.take_if(|_| candidate == base) {
                Some(kind) => kind,
                None => self.plain(&candidate),
            };
            match kind {
                Plain::File => {
                    return Ok(Found {
                        path: candidate,
                        alias_of: None,
                    });
                }
                Plain::Absent | Plain::Dir => continue,
                Plain::Linked if !candidate.is_file() => continue,
                Plain::Linked => {}
            }
            let Ok(real) = candidate.canonicalize() else {
                continue;
            };
            if !real.starts_with(&self.root) {
                outside = true;
                continue;
            }
            return Ok(Found {
                alias_of: self.alias_of(url, &candidate),
                path: real,
            });
        }
        Err(if outside {
            Refused::Outside
        } else {
            Refused::Missing
        })
    }

    /// What `candidate` (under the canonical root, every component a plain name) is, found
    /// with one `lstat` per component below the root: with no symlink on the way it is its
    /// own canonical path, inside the mirror and nobody's alias, and the two `realpath`s of
    /// the general case (a `readlink` per component of the whole path, each) are not needed.
    fn plain(&self, candidate: &Path) -> Plain {
        let Ok(inside) = candidate.strip_prefix(&self.root) else {
            return Plain::Linked;
        };
        let mut path = self.root.clone();
        let mut parts = inside.components().peekable();
        while let Some(part) = parts.next() {
            if !matches!(part, Component::Normal(_)) {
                return Plain::Linked;
            }
            path.push(part);
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                return Plain::Absent;
            };
            let kind = meta.file_type();
            if kind.is_symlink() {
                return Plain::Linked;
            }
            let last = parts.peek().is_none();
            if last && kind.is_file() {
                return Plain::File;
            }
            if last && kind.is_dir() {
                return Plain::Dir;
            }
            if last || !kind.is_dir() {
                return Plain::Absent;
            }
        }
        Plain::Absent
    }

    /// When a directory on the way to `file` is a symlink, the URL of the directory it really
    /// is, with the same file name and query: a symlink to `.` then names pages already read
    /// instead of an endless `a/a/a/…`.
    fn alias_of(&self, url: &Url, file: &Path) -> Option<Url> {
        let dir = file.parent()?;
        let real_dir = dir.canonicalize().ok()?;
        if real_dir == dir {
            return None;
        }
        let inside = real_dir.strip_prefix(&self.root).ok()?;
        let mut path = String::from("/");
        for part in inside.components() {
            path.push_str(
                &utf8_percent_encode(&part.as_os_str().to_string_lossy(), PATH_SET).to_string(),
            );
            path.push('/');
        }
        let last = url.path().rsplit_once('/').map_or("", |(_, last)| last);
        path.push_str(last);
        let mut real = url.clone();
        real.set_path(&path);
        Some(real)
    }
}

/// Characters escaped in a path segment.
const PATH_SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/');

/// A candidate file as [`MirrorFetcher::plain`] found it.
enum Plain {
    /// A regular file, no symlink on the way.
    File,
    /// A folder, no symlink on the way (not a file to read: its index pages may be).
    Dir,
    /// Missing, or neither a regular file nor a folder, no symlink on the way.
    Absent,
    /// A symlink on the way: the general (canonicalising) check decides.
    Linked,
}

/// A mirror file a URL maps to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The canonical path, inside the mirror.
    pub path: PathBuf,
    /// The URL the file really is at, when a symlinked directory made `url` its alias.
    pub alias_of: Option<Url>,
}

/// Why a URL maps to no mirror file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Missing,
    /// The path leads out of the mirror folder (`..`, a query with `/`, a symlink).
    Outside,
}

/// The content type a web server would send for a mirrored file (no charset: the page says).
fn content_type_for(url: &Url, path: &Path) -> &'static str {
    if let Some((_, content_type)) = quirks::first(|cms| cms.mirror_content_type(url)) {
        return content_type;
    }
    let ext = extension(url).or_else(|| {
        path.extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
    });
    match ext.as_deref() {
        Some("xml") => "text/xml",
        Some("txt") => "text/plain",
        Some("pdf") => "application/pdf",
        _ => "text/html",
    }
}

/// A file's first `limit + 1` bytes (one more than allowed tells that it is too large) and its
/// modification time.
fn read_at_most(
    path: &Path,
    limit: u64,
) -> std::io::Result<(Vec<u8>, Option<std::time::SystemTime>)> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let meta = file.metadata().ok();
    let modified = meta.as_ref().and_then(|m| m.modified().ok());
    // Room for the whole file as its size says (one read, and one more that finds the end),
    // never more than the limit allows.
    let size = meta.map_or(0, |m| m.len()).min(limit.saturating_add(1));
    let mut body = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    (&mut file)
        .take(limit.saturating_add(1))
        .read_to_end(&mut body)?;
    Ok((body, modified))
}

impl Fetch for MirrorFetcher {
    async fn fetch_as(&self, url: &Url, resource: Resource) -> Result<Fetched, FetchFailure> {
        self.fetch_now(url, resource, &Validators::default())
    }

    async fn fetch_if(
        &self,
        url: &Url,
        resource: Resource,
        validators: &Validators,
    ) -> Result<Fetched, FetchFailure> {
        self.fetch_now(url, resource, validators)
    }

    fn local(&self) -> Option<&dyn LocalFetch> {
        Some(self)
    }
}

impl LocalFetch for MirrorFetcher {
    /// Answers as a static web server would: the ETag is the bytes' hash, Last-Modified the
    /// file's time, and matching validators get "not modified" (no body). The folder is on
    /// this machine and the read bounded: it is done in place.
    fn fetch_now(
        &self,
        url: &Url,
        resource: Resource,
        validators: &Validators,
    ) -> Result<Fetched, FetchFailure> {
        let found = match self.resolve(url) {
            Ok(found) => found,
            Err(Refused::Missing) => {
                return Err(FetchFailure {
                    kind: FailureKind::Http,
                    status: Some(404),
                    message: if url.path().ends_with('/') {
                        format!("镜像目录 {} 中没有首页 index.html", self.root.display())
                    } else {
                        format!("镜像目录 {} 中没有该页面", self.root.display())
                    },
                    attempts: 1,
                });
            }
            Err(Refused::Outside) => {
                return Err(FetchFailure {
                    kind: FailureKind::Other,
                    status: None,
                    message: format!(
                        "该地址指向镜像目录 {} 之外（.. 、查询串中的路径或符号链接），已拒绝读取",
                        self.root.display()
                    ),
                    attempts: 1,
                });
            }
        };
        let path = found.path;
        let (limit, strict) = self.limits.of(resource);
        let io_failure = |e: std::io::Error| FetchFailure {
            kind: FailureKind::Io,
            status: None,
            message: format!("{}：{e}", path.display()),
            attempts: 1,
        };
        let (mut body, modified) = read_at_most(&path, limit).map_err(io_failure)?;
        if body.len() as u64 > limit {
            if strict {
                return Err(self.limits.too_large(resource, 1));
            }
            body.truncate(limit as usize);
        }
        let etag = (self.validators || !validators.is_empty()).then(|| strong_etag(&body));
        let unchanged = etag
            .as_ref()
            .is_some_and(|etag| not_modified(validators, etag, modified));
        if unchanged {
            body = Vec::new();
        }
        Ok(Fetched {
            final_url: found.alias_of.unwrap_or_else(|| url.clone()),
            status: if unchanged { 304 } else { 200 },
            content_type: Some(content_type_for(url, &path).to_string()),
            body,
            attempts: 1,
            hops: 0,
            location: None,
            last_modified: modified.filter(|_| etag.is_some()).map(http_date),
            etag,
            not_modified: unchanged,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_directories_queries_and_refuses_escapes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("xxgk")).unwrap();
        std::fs::write(dir.path().join("xxgk/index.html"), "x").unwrap();
        std::fs::write(dir.path().join("dataproxy.jsp?page=2&col=1"), "y").unwrap();
        let mirror =
            MirrorFetcher::new(dir.path(), Url::parse("http://x.gov.cn/").unwrap()).unwrap();
        let file = |u: &str| mirror.file_for(&Url::parse(u).unwrap());
        assert!(
            file("http://x.gov.cn/xxgk/")
                .unwrap()
                .ends_with("xxgk/index.html")
        );
        assert!(file("http://x.gov.cn/xxgk").is_some());
        assert!(file("http://x.gov.cn/dataproxy.jsp?page=2&col=1").is_some());
        assert!(file("http://x.gov.cn/missing.html").is_none());
        assert!(file("http://other.gov.cn/xxgk/").is_none());
        assert!(file("http://x.gov.cn/%2e%2e/etc/passwd").is_none());
    }

    #[test]
    fn without_validators_only_a_conditional_request_is_validated() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<html>首页</html>").unwrap();
        let origin = Url::parse("http://x.gov.cn/").unwrap();
        let url = origin.join("index.html").unwrap();
        let whole = MirrorFetcher::new(dir.path(), origin.clone()).unwrap();
        let lean = MirrorFetcher::new(dir.path(), origin)
            .unwrap()
            .without_validators();
        let page = Resource::Page;
        let plain = Validators::default();
        let first = whole.fetch_now(&url, page, &plain).unwrap();
        let etag = first.etag.clone().expect("an ETag");
        assert!(first.last_modified.is_some());
        let unvalidated = lean.fetch_now(&url, page, &plain).unwrap();
        assert_eq!((unvalidated.etag, unvalidated.last_modified), (None, None));
        assert_eq!(unvalidated.body, first.body);
        let conditional = Validators {
            etag: Some(etag.clone()),
            last_modified: None,
        };
        let again = lean.fetch_now(&url, page, &conditional).unwrap();
        assert!(again.not_modified && again.body.is_empty());
        assert_eq!(again.etag, Some(etag));
    }
}
