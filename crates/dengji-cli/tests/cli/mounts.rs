//! Real file systems mounted for one test (a size-capped tmpfs, a bind mount, an exFAT
//! image through exfat-fuse), unmounted on drop so a failing test leaves no mount behind.
//! They need root, as CI has: without it a test fails saying so, never passes silently.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs a system tool; a failure stops the test with what the tool said.
pub fn sys(tool: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| panic!("cannot run {tool} (is it installed?): {e}"));
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}\nThese tests mount file systems and need root (CI runs as root) with loop devices and FUSE; \
         scripts/dev.sh installs exfatprogs and exfat-fuse.",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn os<S: AsRef<std::ffi::OsStr> + ?Sized>(s: &S) -> &std::ffi::OsStr {
    s.as_ref()
}

/// A mounted file system at `point`; unmounted (and its loop device detached) on drop.
pub struct Mounted {
    pub point: PathBuf,
    loop_device: Option<String>,
}

impl Mounted {
    /// A tmpfs of `size` (e.g. `1m`) at `point` (created).
    pub fn tmpfs(point: &Path, size: &str) -> Mounted {
        std::fs::create_dir_all(point).unwrap();
        sys("mount", &[os("-t"), os("tmpfs"), os("-o"), os(&format!("size={size},mode=0755")), os("tmpfs"), point.as_os_str()]);
        Mounted { point: point.to_path_buf(), loop_device: None }
    }

    /// `dir` bind-mounted at `point` (created); the contents stay in `dir` when unmounted.
    pub fn bind(dir: &Path, point: &Path) -> Mounted {
        std::fs::create_dir_all(point).unwrap();
        sys("mount", &[os("--bind"), dir.as_os_str(), point.as_os_str()]);
        Mounted { point: point.to_path_buf(), loop_device: None }
    }

    /// A fresh exFAT file system of `mib` MiB in `image`, mounted at `point` through a loop
    /// device and exfat-fuse (this kernel has no exFAT or VFAT driver of its own).
    pub fn exfat(image: &Path, point: &Path, mib: u64) -> Mounted {
        std::fs::create_dir_all(point).unwrap();
        std::fs::File::create(image).unwrap().set_len(mib << 20).unwrap();
        sys("mkfs.exfat", &[image.as_os_str()]);
        let device = sys("losetup", &[os("-f"), os("--show"), image.as_os_str()]);
        let mounted = Mounted { point: point.to_path_buf(), loop_device: Some(device.clone()) };
        sys("mount.exfat-fuse", &[os(&device), point.as_os_str()]);
        mounted
    }

    /// `mount -o remount,OPTIONS` (e.g. `ro`, `rw`, `size=16m`); a bind mount needs `bind,ro`.
    pub fn remount(&self, options: &str) {
        sys("mount", &[os("-o"), os(&format!("remount,{options}")), self.point.as_os_str()]);
    }

    pub fn path(&self) -> String {
        self.point.to_str().expect("UTF-8 test path").to_string()
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let unmounted = Command::new("umount").arg(&self.point).status().is_ok_and(|s| s.success());
        if !unmounted {
            let _ = Command::new("umount").arg("-l").arg(&self.point).status();
        }
        if let Some(dev) = &self.loop_device {
            let _ = Command::new("losetup").arg("-d").arg(dev).status();
        }
    }
}
