//! Saved portals copied into temporary folders, for tests that change a portal between runs.

use std::path::Path;

/// Copies the folder `from` into `to` (created if missing), recursively.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Replaces what the folder `root` holds with the fixture portal `fixtures/history/<version>`.
pub fn publish_history(root: &Path, version: &str) {
    for entry in std::fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            std::fs::remove_dir_all(&path).unwrap();
        } else {
            std::fs::remove_file(&path).unwrap();
        }
    }
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/history")
        .join(version);
    copy_tree(&source, root);
}
