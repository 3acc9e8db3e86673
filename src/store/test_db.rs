//! SQLite files for the store's own tests, removed after them.

use std::path::{Path, PathBuf};

use super::Store;

/// A store on a new SQLite file in the temporary directory, migrated.
pub(crate) async fn sqlite(name: &str) -> (Store, PathBuf) {
    let path = std::env::temp_dir().join(format!("roster-{name}-{}.db", uuid::Uuid::new_v4()));
    let store = Store::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    (store, path)
}

/// Closes the store and removes its file.
pub(crate) async fn remove(store: Store, path: PathBuf) {
    store.close().await;
    remove_files(&path);
}

/// Removes a SQLite database's file, log and shared memory.
pub(crate) fn remove_files(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}
