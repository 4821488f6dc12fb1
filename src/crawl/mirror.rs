//! A saved mirror on disk read as if it were the site: `http://site/xxgk/zcwj/` is
//! `FOLDER/xxgk/zcwj/index.html`. Query URLs map to wget-style file names
//! (`dataproxy.jsp?page=2&columnid=…`) when such a file exists.

use std::path::{Component, Path, PathBuf};

use percent_encoding::percent_decode_str;
use url::Url;

use super::fetch::{BodyLimits, FailureKind, Fetch, FetchFailure, Fetched, Resource};
use crate::model::links::{DIRECTORY_INDEXES, extension};
use crate::quirks;

pub struct MirrorFetcher {
    root: PathBuf,
    origin: Url,
    limits: BodyLimits,
}

impl MirrorFetcher {
    /// `root` holds the mirror; `origin` is the site it mirrors (`http://www.example.gov.cn/`).
    pub fn new(root: &Path, origin: Url) -> std::io::Result<Self> {
        Ok(Self {
            root: root.canonicalize()?,
            origin,
            limits: BodyLimits::default(),
        })
    }

    /// The same body limits as the network fetcher.
    pub fn with_limits(mut self, limits: BodyLimits) -> Self {
        self.limits = limits;
        self
    }

    /// The file a URL maps to, if the mirror has it.
    pub fn file_for(&self, url: &Url) -> Option<PathBuf> {
        if url.host_str() != self.origin.host_str()
            || url.port_or_known_default() != self.origin.port_or_known_default()
        {
            return None;
        }
        let decoded = percent_decode_str(url.path()).decode_utf8().ok()?;
        let relative = Path::new(decoded.trim_start_matches('/'));
        if relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return None;
        }
        let base = self.root.join(relative);
        let mut candidates = Vec::new();
        if let Some(query) = url.query() {
            let decoded_query = percent_decode_str(query).decode_utf8().ok()?;
            let name = base.file_name()?.to_string_lossy().to_string();
            candidates.push(base.with_file_name(format!("{name}?{decoded_query}")));
            candidates.push(base.with_file_name(format!("{name}?{query}")));
        }
        if url.path().ends_with('/') || base.is_dir() {
            candidates.extend(DIRECTORY_INDEXES.iter().map(|f| base.join(f)));
        } else {
            candidates.push(base);
        }
        candidates
            .into_iter()
            .find(|p| p.is_file() && p.starts_with(&self.root))
    }
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

/// A file's first `limit + 1` bytes: one more than allowed tells that it is too large.
fn read_at_most(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut body = Vec::new();
    std::fs::File::open(path)?
        .take(limit.saturating_add(1))
        .read_to_end(&mut body)?;
    Ok(body)
}

impl Fetch for MirrorFetcher {
    async fn fetch_as(&self, url: &Url, resource: Resource) -> Result<Fetched, FetchFailure> {
        let Some(path) = self.file_for(url) else {
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
        };
        let (limit, strict) = self.limits.of(resource);
        let io_failure = |e: std::io::Error| FetchFailure {
            kind: FailureKind::Io,
            status: None,
            message: format!("{}：{e}", path.display()),
            attempts: 1,
        };
        let file = path.clone();
        let mut body = tokio::task::spawn_blocking(move || read_at_most(&file, limit))
            .await
            .map_err(|e| io_failure(std::io::Error::other(e)))?
            .map_err(io_failure)?;
        if body.len() as u64 > limit {
            if strict {
                return Err(self.limits.too_large(resource, 1));
            }
            body.truncate(limit as usize);
        }
        Ok(Fetched {
            final_url: url.clone(),
            status: 200,
            content_type: Some(content_type_for(url, &path).to_string()),
            body,
            attempts: 1,
            hops: 0,
            location: None,
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
}
