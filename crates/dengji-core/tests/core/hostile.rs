//! Hostile media and restore targets: manifests naming `..` and absolute paths, and
//! symbolic links planted where a bag's folder or a restored folder belongs. Dengji never
//! takes a path from a medium's manifests (it regenerates them from the catalog), and
//! never writes through a link: nothing ever lands outside the medium or the target.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

use dengji_core::{ApplicationKind, CancelToken, Error, NoProgress, ProblemKind, RestoreRequest};

use crate::media::{backup, medium, repair, sealed, verify};
use crate::support::{content, Fixture};

fn empty(dir: &Path) -> bool {
    fs::read_dir(dir).unwrap().next().is_none()
}

#[test]
fn hostile_manifests_and_planted_links_never_lead_a_write_outside() {
    let mut f = Fixture::new();
    let root = medium(&mut f, "A1");
    let (id, number) = sealed(&mut f, "文书", &[("a/一.bin", content(1, 5_000)), ("二.txt", b"two".to_vec())]);
    backup(&mut f, &root);
    let outside = f.tmp.path().join("outside");
    fs::create_dir_all(&outside).unwrap();
    let bag = root.join("bags").join(&number);
    let digest = "0".repeat(64);
    fs::write(
        bag.join("manifest-sha256.txt"),
        format!("{digest}  ../../../../outside/pwned\n{digest}  {}/abs\n{digest}  data/%2e%2e/%2e%2e/x\n", outside.display()),
    )
    .unwrap();
    fs::remove_dir_all(bag.join("data/文书/a")).unwrap();
    symlink(&outside, bag.join("data/文书/a")).unwrap();

    let report = verify(&mut f, &root);
    let found: Vec<(String, ProblemKind)> = report.problems.iter().map(|p| (p.path.clone(), p.kind)).collect();
    for want in [
        ("manifest-sha256.txt".to_string(), ProblemKind::Changed),
        ("data/文书/a".to_string(), ProblemKind::Extra),
        ("data/文书/a/一.bin".to_string(), ProblemKind::Missing),
    ] {
        assert!(found.contains(&want), "{want:?} not in {found:?}");
    }

    let fixed = repair(&mut f, &root, None);
    assert!(fixed.ok(), "{:?} / {:?}", fixed.unrepaired, fixed.after.problems);
    assert!(fixed.quarantined.iter().any(|q| q.ends_with("data/文书/a")), "the link is moved aside: {:?}", fixed.quarantined);
    assert!(empty(&outside), "nothing written through the link");
    assert_eq!(fs::read(bag.join("data/文书/a/一.bin")).unwrap(), content(1, 5_000));
    assert!(verify(&mut f, &root).ok());

    // A restore target holding a link where a restored folder goes is refused before any write.
    let app = f.archive.apply(ApplicationKind::Restore, id, "服务器损坏", "上档〔2026〕9号", &f.clerk).unwrap();
    f.archive.decide(app.id, true, &f.reviewer).unwrap();
    let to = f.tmp.path().join("恢复到");
    fs::create_dir_all(&to).unwrap();
    symlink(&outside, to.join("文书")).unwrap();
    let req = RestoreRequest { registration: id, application: app.id, to: to.clone(), file: None, overwrite: true, from: Some(root.clone()) };
    let refused = f.archive.restore(&req, &f.clerk, &NoProgress, &CancelToken::new());
    assert!(matches!(refused, Err(Error::UnsafePath(_))), "{refused:?}");
    assert!(empty(&outside), "nothing restored through the link");
    fs::remove_file(to.join("文书")).unwrap();
    f.archive.restore(&req, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert_eq!(fs::read(to.join("文书/a/一.bin")).unwrap(), content(1, 5_000));

    // A medium whose bags folder is a link is refused before anything is written.
    let b1 = medium(&mut f, "B1");
    let elsewhere = f.tmp.path().join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    symlink(&elsewhere, b1.join("bags")).unwrap();
    let refused = f.archive.backup(&b1, &f.clerk, &NoProgress, &CancelToken::new());
    assert!(matches!(refused, Err(Error::UnsafePath(_))), "{refused:?}");
    assert!(empty(&elsewhere));
}
