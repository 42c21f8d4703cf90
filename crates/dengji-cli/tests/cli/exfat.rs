//! A backup onto a real exFAT file system (a loop-mounted image through exfat-fuse) of a
//! registration whose names exFAT refuses or folds together: the bag validates there with
//! bagit.py and sha256sum, `media verify` is clean, and a restore from it gives the
//! original names, byte for byte.

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::process::Command;

use crate::mounts::Mounted;
use crate::support::{Env, CLERK, REVIEWER};

/// Names a Linux folder holds and exFAT does not (or only as one file), plus ordinary ones.
const NAMES: [&[u8]; 10] = [
    "会议纪要.pdf".as_bytes(),
    "时间 10:30?.txt".as_bytes(),
    b"a<b>c|d\"e*.txt",
    b"back\\slash.txt",
    b"ctrl\x01.txt",
    b"bad\xff.bin",
    b"CON.txt",
    b"trail.",
    b"Case.txt",
    b"case.txt",
];

#[test]
fn bags_on_exfat_keep_hostile_names_portable_and_restore_the_originals() {
    let env = Env::init();
    let medium = Mounted::exfat(&env.root().join("exfat.img"), &env.root().join("exFAT盘"), 32);
    // The file system really is hostile: it refuses a colon and folds case.
    assert!(fs::write(medium.point.join("probe:colon"), b"").is_err(), "exFAT accepted a colon");
    fs::write(medium.point.join("Probe.txt"), b"x").unwrap();
    assert!(medium.point.join("PROBE.TXT").is_file(), "exFAT should fold case");
    fs::remove_file(medium.point.join("Probe.txt")).unwrap();

    let src = env.work("奇名");
    fs::create_dir_all(&src).unwrap();
    for (i, name) in NAMES.iter().enumerate() {
        fs::write(src.join(OsStr::from_bytes(name)), format!("第 {i} 个文件").repeat(100 + i)).unwrap();
    }
    let number = env.seal(env.draft_of(&["奇名"]));
    let path = medium.path();
    env.ok(["media", "add", &path, "--label", "E1", "--set", "B", "--kind", "usb"]);
    assert_eq!(env.ok(["backup", "--ignore-health", &path]).trim(), number);

    let bag = medium.point.join("bags").join(&number);
    for shown in
        ["会议纪要.pdf", "时间 10：30？.txt", "a＜b＞c｜d＂e＊.txt", "back＼slash.txt", "CON_.txt", "trail．", "Case.txt", "case~2.txt"]
    {
        assert!(bag.join("data/奇名").join(shown).is_file(), "{shown} on the medium");
    }
    let out = Command::new("python3").args(["-m", "bagit", "--validate"]).arg(&bag).output().unwrap();
    assert!(out.status.success(), "bagit.py: {}", String::from_utf8_lossy(&out.stderr));
    let out = Command::new("sha256sum").args(["-c", "manifest-sha256.txt"]).current_dir(&bag).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && said.matches(": OK").count() == NAMES.len(), "{said}");
    let names = fs::read_to_string(bag.join("dengji-names.txt")).unwrap();
    assert!(names.contains("data/奇名/case~2.txt\t奇名/case.txt\n"), "{names}");
    env.ok(["media", "verify", &path]);

    let app = env.ok_as(CLERK, ["apply", "restore", &number, "--reason", "服务器损坏", "--reference", "上档〔2026〕7号"]);
    env.ok_as(REVIEWER, ["approve", app.trim()]);
    let to = env.root().join("恢复");
    env.ok(["restore", &number, "--to", to.to_str().unwrap(), "--application", app.trim(), "--from", &path]);
    for name in NAMES {
        let name = OsStr::from_bytes(name);
        assert_eq!(fs::read(to.join("奇名").join(name)).unwrap(), fs::read(src.join(name)).unwrap(), "{name:?}");
    }
}
