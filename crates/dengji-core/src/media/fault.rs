//! What went wrong with a medium, said so a clerk knows what to do: a full medium
//! (ENOSPC; ERROR_DISK_FULL on Windows), a read-only one (EROFS, a write-protect switch), one that is gone (pulled
//! out or unmounted: its identity file vanished from under the writer), an I/O error
//! (EIO: a failing drive or a loose cable), or any other write failure.

use std::io;
use std::path::Path;

use super::identity;
use crate::error::Error;

/// True when the error says the disk (or the user's quota) is full.
pub(crate) fn is_disk_full(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded) || os_fault(e.raw_os_error()).0
}

/// What an OS error number says of the medium: (full, read-only, failing, file too big).
fn os_fault(raw: Option<i32>) -> (bool, bool, bool, bool) {
    if cfg!(windows) {
        win32_fault(raw)
    } else {
        posix_fault(raw)
    }
}

/// Linux errno values (ENOSPC, EDQUOT, EROFS, EIO, EFBIG).
fn posix_fault(raw: Option<i32>) -> (bool, bool, bool, bool) {
    (matches!(raw, Some(28 | 122)), raw == Some(30), raw == Some(5), raw == Some(27))
}

/// Win32 error codes: ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL, ERROR_WRITE_PROTECT (the
/// write-protect switch), ERROR_IO_DEVICE / ERROR_CRC, ERROR_FILE_TOO_LARGE (FAT32's 4 GB).
fn win32_fault(raw: Option<i32>) -> (bool, bool, bool, bool) {
    (matches!(raw, Some(112 | 39)), raw == Some(19), matches!(raw, Some(1117 | 23)), raw == Some(223))
}

/// Maps an I/O error on the medium at `root` (labelled `label`) to the error that names it.
pub(crate) fn medium_io<'a>(label: &'a str, root: &'a Path) -> impl Fn(&Path, io::Error) -> Error + 'a {
    move |path, source| classify(label, root, path, source)
}

fn classify(label: &str, root: &Path, path: &Path, source: io::Error) -> Error {
    let (label, path) = (label.to_string(), path.to_path_buf());
    let (full, read_only, failing, too_big) = os_fault(source.raw_os_error());
    match source.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => Error::MediumFull { label, path },
        _ if full => Error::MediumFull { label, path },
        io::ErrorKind::ReadOnlyFilesystem => Error::MediumReadOnly { label, path },
        _ if read_only => Error::MediumReadOnly { label, path },
        _ if failing => Error::MediumFailing { label, path, source },
        io::ErrorKind::FileTooLarge => Error::MediumFileTooBig { label, path },
        _ if too_big => Error::MediumFileTooBig { label, path },
        // A folder of ours vanished together with the identity file: the medium is gone
        // (pulled out, or unmounted and the empty mount point left behind).
        io::ErrorKind::NotFound if !root.join(identity::FILE).is_file() => Error::MediumGone { label, path },
        _ => Error::MediumWrite { label, path, source },
    }
}

/// Refuses to go on when the medium at `root` is no longer the one with id `medium_id`
/// (pulled out, unmounted, or another medium mounted in its place), so nothing written
/// to an empty mount point is ever recorded as a backup.
pub(crate) fn still_there(label: &str, root: &Path, medium_id: &str) -> crate::error::Result<()> {
    match identity::read(root) {
        Ok(Some(ident)) if ident.id == medium_id => Ok(()),
        _ => Err(Error::MediumGone { label: label.to_string(), path: root.to_path_buf() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(root: &Path, e: io::Error) -> &'static str {
        classify("A1", root, Path::new("/m/bags/x"), e).code().as_str()
    }

    #[test]
    fn each_fault_gets_its_own_error() {
        let present = tempfile::tempdir().unwrap();
        std::fs::write(present.path().join(identity::FILE), "{}").unwrap();
        let gone = tempfile::tempdir().unwrap();
        assert_eq!(code(present.path(), io::Error::from(io::ErrorKind::StorageFull)), "medium_full");
        assert_eq!(code(present.path(), io::Error::from(io::ErrorKind::ReadOnlyFilesystem)), "medium_read_only");
        #[cfg(target_os = "linux")]
        {
            assert_eq!(code(present.path(), io::Error::from_raw_os_error(28)), "medium_full"); // ENOSPC
            assert_eq!(code(present.path(), io::Error::from_raw_os_error(30)), "medium_read_only"); // EROFS
            assert_eq!(code(present.path(), io::Error::from_raw_os_error(5)), "medium_failing"); // EIO
            assert_eq!(code(present.path(), io::Error::from_raw_os_error(27)), "medium_file_too_big");
            // EFBIG
        }
        assert_eq!(code(gone.path(), io::Error::from(io::ErrorKind::NotFound)), "medium_gone");
        assert_eq!(code(present.path(), io::Error::from(io::ErrorKind::NotFound)), "medium_write");
        assert_eq!(code(present.path(), io::Error::from(io::ErrorKind::PermissionDenied)), "medium_write");
        let full = classify("A1", present.path(), Path::new("/m/bags/x"), io::Error::from(io::ErrorKind::StorageFull));
        assert!(full.to_string().contains("介质空间不足"), "{full}");
    }

    #[test]
    fn windows_error_codes_name_the_same_faults() {
        assert_eq!(win32_fault(Some(112)), (true, false, false, false));
        assert_eq!(win32_fault(Some(39)), (true, false, false, false));
        assert_eq!(win32_fault(Some(19)), (false, true, false, false));
        assert_eq!(win32_fault(Some(1117)), (false, false, true, false));
        assert_eq!(win32_fault(Some(223)), (false, false, false, true));
        assert_eq!(win32_fault(Some(5)), (false, false, false, false), "ERROR_ACCESS_DENIED is no medium fault");
    }
}
