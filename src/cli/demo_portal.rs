//! The demo portal, embedded in the binary: an installed `gongkai demo` works after the clone is
//! gone. It is unpacked into a temporary folder for the run and served from there, through the
//! same server as `gongkai serve`.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use tempfile::TempDir;

use gongkai::Error;
use gongkai::error::FileKind;

static EMBEDDED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/fixtures/demo-portal");

/// The folder the demo serves; an unpacked copy is removed when this is dropped.
pub(super) struct DemoPortal {
    folder: PathBuf,
    _unpacked: Option<TempDir>,
}

impl DemoPortal {
    /// `--portal DIR` when given, else the embedded portal unpacked.
    pub(super) fn open(given: Option<PathBuf>) -> Result<Self, Error> {
        if let Some(folder) = given {
            return Ok(Self {
                folder,
                _unpacked: None,
            });
        }
        let unpacked = tempfile::Builder::new()
            .prefix("gongkai-demo-")
            .tempdir()
            .map_err(Error::writing(FileKind::Mirror, &std::env::temp_dir()))?;
        EMBEDDED
            .extract(unpacked.path())
            .map_err(Error::writing(FileKind::Mirror, unpacked.path()))?;
        Ok(Self {
            folder: unpacked.path().to_path_buf(),
            _unpacked: Some(unpacked),
        })
    }

    pub(super) fn folder(&self) -> &Path {
        &self.folder
    }
}
