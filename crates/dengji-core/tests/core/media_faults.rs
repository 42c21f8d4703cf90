//! A medium that goes away in the middle of a backup: the run stops with a clear message,
//! nothing is written to the empty mount point left behind, the catalog records only
//! the bags that were complete, and the next backup resumes.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use dengji_core::{CancelToken, Error, JobProgress, MediumKind, NoProgress, Progress};

use crate::support::{content, write, Fixture};

/// Pulls the medium out (moves its folder away and leaves an empty mount point) as soon
/// as a file of the registration titled `title` has been copied.
struct PullOut {
    root: PathBuf,
    away: PathBuf,
    title: &'static str,
    done: AtomicBool,
}

impl Progress for PullOut {
    fn report(&self, p: &JobProgress) {
        let hit = p.current.as_deref().is_some_and(|c| c.starts_with(&format!("{}/", self.title)));
        if hit && !self.done.swap(true, Ordering::SeqCst) {
            fs::rename(&self.root, &self.away).unwrap();
            fs::create_dir(&self.root).unwrap();
        }
    }
}

fn sealed(f: &mut Fixture, title: &str, files: usize) -> String {
    let src = f.src(title);
    for i in 0..files {
        write(&src.join(format!("{i}.bin")), &content(i as u64, 50_000));
    }
    let id = f.intake(title, &[src]).id;
    f.seal(id).registration_number
}

fn entries(dir: &Path) -> Vec<String> {
    fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
}

#[test]
fn a_medium_pulled_out_mid_backup_stops_cleanly_and_the_next_backup_resumes() {
    let mut f = Fixture::new();
    let root = f.tmp.path().join("A1");
    fs::create_dir_all(&root).unwrap();
    f.archive.add_medium(&root, "A1", "A", MediumKind::Usb, None, &f.clerk).unwrap();
    let first = sealed(&mut f, "一", 2);
    let second = sealed(&mut f, "二", 3);

    let away = f.tmp.path().join("拔出的盘");
    let pull = PullOut { root: root.clone(), away: away.clone(), title: "二", done: AtomicBool::new(false) };
    let err = f.archive.backup(&root, &f.clerk, &pull, &CancelToken::new()).unwrap_err();
    assert!(matches!(&err, Error::MediumGone { label, .. } if label == "A1"), "{err:?}");
    assert!(err.to_string().contains("已不可访问") && err.to_string().contains("拔出"), "{err}");
    assert!(pull.done.load(Ordering::SeqCst));
    // Nothing was written to the empty mount point.
    assert_eq!(entries(&root), Vec::<String>::new());
    // The first bag was complete and is recorded; the second is not.
    let media = f.archive.media().unwrap();
    assert_eq!(media[0].registrations, 1);
    assert!(f.archive.verify_ledger().unwrap().ok());

    // Plugged in again: the first bag is whole; the unfinished second one is only a
    // `.partial` leftover, never taken for a bag.
    fs::remove_dir(&root).unwrap();
    fs::rename(&away, &root).unwrap();
    let bags = entries(&root.join("bags"));
    assert!(bags.contains(&first) && !bags.contains(&second), "{bags:?}");
    assert!(bags.contains(&format!(".{second}.partial")), "{bags:?}");
    let report = f.archive.verify_medium(&root, None, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert!(report.problems.iter().all(|p| p.bag != first), "the recorded bag is whole: {:?}", report.problems);

    let resumed = f.archive.backup(&root, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert_eq!(resumed.written, vec![second.clone()]);
    assert!(!root.join("bags").join(format!(".{second}.partial")).exists());
    let report = f.archive.verify_medium(&root, None, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    assert_eq!(report.files, 5);
    assert!(f.archive.verify_ledger().unwrap().ok());
}
