//! Where the archive lives: `--data-dir DIR`, else `DENGJI_DATA_DIR`, else the platform default.
//! And the test-only idle-lock override.

use std::ffi::OsString;
use std::path::PathBuf;

pub fn data_dir(args: impl IntoIterator<Item = OsString>, env: Option<OsString>) -> PathBuf {
    let mut args = args.into_iter().skip(1);
    let mut from_args = None;
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            from_args = args.next();
        } else if let Some(v) = arg.to_str().and_then(|s| s.strip_prefix("--data-dir=")) {
            from_args = Some(v.into());
        }
    }
    from_args.or(env).filter(|d| !d.is_empty()).map(PathBuf::from).unwrap_or_else(dengji_core::default_data_dir)
}

/// `DENGJI_IDLE_LOCK_SECONDS`: a shorter idle lock than the archive's setting (for tests).
pub fn idle_lock_seconds(env: Option<OsString>) -> Option<u32> {
    env.and_then(|v| v.to_str()?.trim().parse().ok()).filter(|&s| s > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        std::iter::once("dengji-app").chain(list.iter().copied()).map(OsString::from).collect()
    }

    #[test]
    fn argument_wins_over_environment() {
        assert_eq!(data_dir(args(&["--data-dir", "/a"]), Some("/b".into())), PathBuf::from("/a"));
        assert_eq!(data_dir(args(&["--data-dir=/a"]), Some("/b".into())), PathBuf::from("/a"));
        assert_eq!(data_dir(args(&[]), Some("/b".into())), PathBuf::from("/b"));
    }

    #[test]
    fn idle_lock_override() {
        assert_eq!(idle_lock_seconds(Some("3".into())), Some(3));
        assert_eq!(idle_lock_seconds(Some("0".into())), None);
        assert_eq!(idle_lock_seconds(Some("x".into())), None);
        assert_eq!(idle_lock_seconds(None), None);
    }

    #[test]
    fn falls_back_to_default() {
        assert_eq!(data_dir(args(&[]), None), dengji_core::default_data_dir());
        assert_eq!(data_dir(args(&[]), Some("".into())), dengji_core::default_data_dir());
        assert_eq!(data_dir(args(&["--data-dir"]), None), dengji_core::default_data_dir());
    }
}
