//! An article's body text, and where a one-off check of a large portal keeps it.
//!
//! The rules read every article's text (错别字, 隐私, 指南, 解读 matching), so the text must
//! outlive the page; but held in memory it is the largest part of the model (≈550 bytes an
//! article on a generated portal, several kilobytes on a real one: hundreds of megabytes at
//! 100,000 pages). A crawl asked for lean records therefore writes each body to one unnamed
//! temporary file as the page is kept ([`TextSpill`]) and the model holds only where it lies
//! ([`Body::Stored`]); the rules read it back through the site's [`TextStore`]. Records kept
//! whole (a history store, a page cache) hold their text ([`Body::Held`]).

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The body text of an article: in memory, or at a place in the run's [`TextStore`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Held(Box<str>),
    /// `len` bytes of UTF-8 at byte `at` of the store's file.
    Stored {
        at: u64,
        len: u32,
    },
}

impl Default for Body {
    fn default() -> Self {
        Body::Held(Box::default())
    }
}

impl From<String> for Body {
    fn from(text: String) -> Self {
        Body::Held(text.into_boxed_str())
    }
}

impl Body {
    /// Bytes of text.
    pub fn len(&self) -> usize {
        match self {
            Body::Held(text) => text.len(),
            Body::Stored { len, .. } => *len as usize,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The text, when it is held in memory (a record kept whole).
    pub fn held(&self) -> Option<&str> {
        match self {
            Body::Held(text) => Some(text),
            Body::Stored { .. } => None,
        }
    }
}

/// Where the stored bodies of a run are read back. Shared by the model's clones; the file goes
/// (it never had a name) when the last clone does.
#[derive(Debug, Clone, Default)]
pub struct TextStore {
    file: Option<Arc<File>>,
    /// How many reads failed: the audit warns that those texts went unchecked.
    unread: Arc<AtomicUsize>,
}

impl PartialEq for TextStore {
    /// Two models are alike whatever file their texts lie in (the bodies' places compare).
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for TextStore {}

impl TextStore {
    /// The text of `body`: borrowed when held, else read from the file. A text that cannot be
    /// read back reads as empty and is counted ([`Self::unread`]).
    pub fn text<'a>(&self, body: &'a Body) -> Cow<'a, str> {
        match body {
            Body::Held(text) => Cow::Borrowed(text),
            Body::Stored { at, len } => self.read(*at, *len).map_or(Cow::Borrowed(""), Cow::Owned),
        }
    }

    /// `heading`, a line break, then the text of `body`, in one string: what the text rules
    /// scan. A stored text is read straight into it.
    pub fn text_under(&self, heading: &str, body: &Body) -> String {
        let mut bytes = Vec::with_capacity(heading.len() + 1 + body.len());
        bytes.extend_from_slice(heading.as_bytes());
        bytes.push(b'\n');
        match body {
            Body::Held(text) => bytes.extend_from_slice(text.as_bytes()),
            Body::Stored { at, len } => {
                let start = bytes.len();
                bytes.resize(start + *len as usize, 0);
                if !self.read_into(&mut bytes[start..], *at) {
                    bytes.truncate(start);
                }
            }
        }
        // Valid: a heading, a line break and UTF-8 text (checked when read back).
        String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into())
    }

    fn read(&self, at: u64, len: u32) -> Option<String> {
        let mut bytes = vec![0; len as usize];
        self.read_into(&mut bytes, at)
            .then(|| String::from_utf8(bytes).ok())
            .flatten()
    }

    /// Fills `bytes` from byte `at` of the file, and whether it could; a failure is counted.
    fn read_into(&self, bytes: &mut [u8], at: u64) -> bool {
        let read = self.file.as_ref().is_some_and(|file| {
            read_exact_at(file, bytes, at).is_ok() && std::str::from_utf8(bytes).is_ok()
        });
        if !read {
            self.unread.fetch_add(1, Ordering::Relaxed);
        }
        read
    }

    /// How many stored texts could not be read back so far.
    pub fn unread(&self) -> usize {
        self.unread.load(Ordering::Relaxed)
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, bytes: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, at)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut bytes: &mut [u8], mut at: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        match file.seek_read(bytes, at)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                bytes = &mut bytes[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

/// Writes the bodies of a lean crawl to its temporary file as pages are kept. When the file
/// cannot be made or written, the texts stay in memory and [`Self::finish`] says why.
#[derive(Debug, Default)]
pub struct TextSpill {
    out: Option<BufWriter<File>>,
    written: u64,
    /// Why texts are held in memory instead, once the file failed.
    failed: Option<String>,
}

impl TextSpill {
    /// `text` written to the file, or held when it cannot be.
    pub fn keep(&mut self, text: Box<str>) -> Body {
        if text.is_empty() || self.failed.is_some() {
            return Body::Held(text);
        }
        let Ok(len) = u32::try_from(text.len()) else {
            return Body::Held(text);
        };
        match self.write(text.as_bytes()) {
            Ok(at) => Body::Stored { at, len },
            Err(error) => {
                // The file stays: the texts written before still read back.
                self.failed = Some(error.to_string());
                Body::Held(text)
            }
        }
    }

    fn write(&mut self, bytes: &[u8]) -> std::io::Result<u64> {
        let out = match &mut self.out {
            Some(out) => out,
            None => self
                .out
                .insert(BufWriter::with_capacity(1 << 16, tempfile::tempfile()?)),
        };
        out.write_all(bytes)?;
        let at = self.written;
        self.written += bytes.len() as u64;
        Ok(at)
    }

    /// The store to read the texts back from, and a warning when the file failed: the texts
    /// kept since are in memory, and any written text that does not read back is counted by
    /// the store ([`TextStore::unread`]).
    pub fn finish(self) -> (TextStore, Option<String>) {
        let mut failed = self.failed;
        let file = self.out.map(|mut out| {
            if let Err(error) = out.flush() {
                failed.get_or_insert(error.to_string());
            }
            Arc::new(out.into_parts().0)
        });
        let warning = failed.map(|error| {
            format!("正文暂存文件写入失败（{error}），此后的文章正文保留在内存中，未能读回的正文另行计数")
        });
        let store = TextStore {
            file,
            unread: Arc::default(),
        };
        (store, warning)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_texts_read_back_and_held_ones_borrow() {
        let mut spill = TextSpill::default();
        let first = spill.keep("各科室、各直属单位：".into());
        let empty = spill.keep("".into());
        let second = spill.keep("现将有关事项通知如下。".into());
        assert!(matches!(first, Body::Stored { at: 0, .. }));
        assert_eq!(empty, Body::default());
        let (store, warning) = spill.finish();
        assert_eq!(warning, None);
        assert_eq!(store.text(&second), "现将有关事项通知如下。");
        assert_eq!(store.text(&first), "各科室、各直属单位：");
        let held = Body::from("正文".to_string());
        assert!(matches!(store.text(&held), Cow::Borrowed("正文")));
        assert_eq!(
            store.text_under("标题", &first),
            "标题\n各科室、各直属单位："
        );
        assert_eq!(store.text_under("标题", &held), "标题\n正文");
        assert_eq!(store.unread(), 0);
    }

    #[test]
    fn a_text_the_store_cannot_read_is_counted_not_invented() {
        let store = TextStore::default();
        assert_eq!(store.text(&Body::Stored { at: 0, len: 6 }), "");
        assert_eq!(store.unread(), 1);
        let beyond = Body::Stored { at: 0, len: 6 };
        assert_eq!(store.text_under("标题", &beyond), "标题\n");
        assert_eq!(store.unread(), 2);
    }
}
