//! SQLite's `PRAGMA data_version` on a connection of our own, read synchronously: its
//! value changes exactly when another connection (another process, or this process's
//! pool) committed to the file since the last read. The hot path reads it before trusting
//! any cache, in microseconds; through sqlx every statement is a round trip to a worker
//! thread, which would cost more than the check it guards.

use std::ffi::{c_int, CStr, CString};
use std::ptr;
use std::sync::Mutex;

use libsqlite3_sys as ffi;

use crate::store::{Result, StoreError};

/// An open connection and its prepared `PRAGMA data_version`.
struct Handle {
    db: *mut ffi::sqlite3,
    stmt: *mut ffi::sqlite3_stmt,
}

// The handle is only ever used under the mutex of `DataVersion`, one thread at a time,
// and the connection is opened without SQLite's own mutex for that reason.
unsafe impl Send for Handle {}

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: both pointers come from a successful open/prepare and are released once.
        unsafe {
            ffi::sqlite3_finalize(self.stmt);
            ffi::sqlite3_close(self.db);
        }
    }
}

pub struct DataVersion(Mutex<Handle>);

fn failure(db: *mut ffi::sqlite3, what: &str) -> StoreError {
    // SAFETY: sqlite3_errmsg returns a string owned by the connection, copied at once.
    let message = unsafe { CStr::from_ptr(ffi::sqlite3_errmsg(db)) }
        .to_string_lossy()
        .into_owned();
    StoreError::Corrupt(format!("{what}: {message}"))
}

impl DataVersion {
    /// Opens `path` (an existing database file) for this one pragma.
    pub fn open(path: &str) -> Result<DataVersion> {
        let c_path = CString::new(path).map_err(|_| StoreError::BadUrl(path.to_string()))?;
        let mut db = ptr::null_mut();
        let flags = ffi::SQLITE_OPEN_READWRITE | ffi::SQLITE_OPEN_NOMUTEX;
        // SAFETY: valid C strings and out-pointers; a failed open still gives a handle to
        // close (the Handle's drop does it, with a null statement, which finalize accepts).
        unsafe {
            let rc = ffi::sqlite3_open_v2(c_path.as_ptr(), &mut db, flags, ptr::null());
            let mut handle = Handle {
                db,
                stmt: ptr::null_mut(),
            };
            if rc != ffi::SQLITE_OK {
                return Err(failure(db, "cannot open the database to watch it"));
            }
            ffi::sqlite3_busy_timeout(db, 5_000);
            let sql = c"PRAGMA data_version";
            let rc =
                ffi::sqlite3_prepare_v2(db, sql.as_ptr(), -1, &mut handle.stmt, ptr::null_mut());
            if rc != ffi::SQLITE_OK {
                return Err(failure(db, "cannot prepare PRAGMA data_version"));
            }
            Ok(DataVersion(Mutex::new(handle)))
        }
    }

    /// The current value; compare it only with earlier values of this same watcher.
    pub fn read(&self) -> Result<i64> {
        let h = self.0.lock().unwrap_or_else(|e| e.into_inner());
        // SAFETY: the statement belongs to this connection, used by one thread at a time.
        unsafe {
            let rc: c_int = ffi::sqlite3_step(h.stmt);
            let value = (rc == ffi::SQLITE_ROW).then(|| ffi::sqlite3_column_int64(h.stmt, 0));
            ffi::sqlite3_reset(h.stmt);
            value.ok_or_else(|| failure(h.db, "PRAGMA data_version failed"))
        }
    }
}
