//! `dengji intake`, `draft remove | accept | findings`.

use std::fs;
use std::os::unix::fs::symlink;

use predicates::prelude::*;

use crate::support::{findings, items_by_path, sha256sum, sm3sum, stdout_of, write_file, Env, USCC_A};

/// Deterministic pseudo-random bytes (no two files of a test share content by accident).
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn mkfifo(path: &std::path::Path) {
    let st = std::process::Command::new("mkfifo").arg(path).status().expect("run mkfifo");
    assert!(st.success(), "mkfifo failed");
}

#[test]
fn json_report_has_id_files_bytes() {
    let env = Env::init();
    env.add_unit("杭州测试有限公司", USCC_A);
    write_file(env.work("src/a.txt"), "hello\n");
    write_file(env.work("src/sub/b.txt"), "world!!\n");
    let r = env.intake_new(USCC_A, "二〇二四年文书档案", &["src"]);
    assert_eq!(r["id"], 1);
    assert_eq!(r["files"], 2);
    assert_eq!(r["bytes"], 6 + 8);
    assert_eq!(r["unchanged"], 0);
    assert_eq!(r["findings"], 0);
    assert_eq!(r["cancelled"], false);

    let shown = env.show("1");
    assert_eq!(shown["status"], "draft");
    assert_eq!(shown["title"], "二〇二四年文书档案");
    assert_eq!(shown["kind"], "electronic");
    assert_eq!(shown["created_by"], crate::support::CLERK);
    assert_eq!(shown["registration_number"], serde_json::Value::Null);
    assert_eq!(shown["files"], 2);
    assert_eq!(shown["bytes"], 14);
    assert_eq!(shown["seal_blockers"], serde_json::json!([]));
    let items = items_by_path(&shown);
    assert_eq!(items.keys().collect::<Vec<_>>(), ["src/a.txt", "src/sub/b.txt"]);
}

#[test]
fn text_mode_prints_the_id_alone() {
    let env = Env::init();
    env.add_unit("杭州测试有限公司", USCC_A);
    write_file(env.work("one.txt"), "1");
    write_file(env.work("two.txt"), "2");
    let a = env.as_clerk().args(["intake", "--unit", USCC_A, "--title", "第一批", "one.txt"]).assert().success();
    assert_eq!(stdout_of(&a), "1\n");
    let a = env.as_clerk().args(["intake", "--unit", "1", "--title", "第二批", "--kind", "paper-scan", "two.txt"]).assert().success();
    assert_eq!(stdout_of(&a), "2\n");
    let stderr = crate::support::stderr_of(&a);
    assert!(stderr.contains("草稿 #2"));
    // Not a terminal: plain progress lines (no bar, no carriage returns) for logs.
    assert!(stderr.lines().any(|l| l.starts_with("接收 [") && l.contains("个文件")), "{stderr}");
    assert!(!stderr.contains('\r'), "{stderr}");
    assert_eq!(env.show("2")["kind"], "paper-scan");
    // A file given directly is named by its own name.
    assert_eq!(items_by_path(&env.show("2")).keys().collect::<Vec<_>>(), ["two.txt"]);
}

#[test]
fn json_mode_keeps_stderr_free_of_progress() {
    let env = Env::init();
    env.add_unit("杭州测试有限公司", USCC_A);
    write_file(env.work("one.txt"), "1");
    let a = env.as_clerk().args(["intake", "--unit", USCC_A, "--title", "批", "--json", "one.txt"]).assert().success();
    let stderr = crate::support::stderr_of(&a);
    assert!(!stderr.contains("接收 ["), "{stderr}");
}

#[test]
fn digests_equal_system_tools() {
    let env = Env::init();
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("src/empty.bin", Vec::new()),
        ("src/hello.txt", b"hello, \xe4\xb8\x96\xe7\x95\x8c\n".to_vec()),
        ("src/one-chunk.bin", noise(1 << 20, 1)),
        // larger than the 1 MiB read buffer, not a multiple of it
        ("src/big.bin", noise((5 << 19) + 7, 2)),
        ("src/深/层/note.md", noise(4097, 3)),
    ];
    for (p, bytes) in &files {
        write_file(env.work(p), bytes);
    }
    let id = env.draft_of(&["src"]);
    let shown = env.show(&id.to_string());
    let items = items_by_path(&shown);
    assert_eq!(items.len(), files.len());
    for (p, bytes) in &files {
        let item = &items[*p];
        let path = env.work(p);
        let sha = sha256sum(&path);
        assert_eq!(item["sha256"], sha.as_str(), "sha256 of {p}");
        assert_eq!(item["sm3"], sm3sum(&path).as_str(), "sm3 of {p}");
        assert_eq!(item["size"], bytes.len(), "size of {p}");
        // The vault holds the same bytes under the SHA-256 name.
        let object = env.data.join("vault/objects").join(&sha[..2]).join(&sha[2..]);
        assert_eq!(fs::read(&object).unwrap(), *bytes, "vault object of {p}");
        assert!(fs::metadata(&object).unwrap().permissions().readonly(), "vault object of {p} is writable");
    }
    assert_eq!(items["src/empty.bin"]["sha256"], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_eq!(items["src/empty.bin"]["sm3"], "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b");
}

#[test]
fn awkward_file_names_survive() {
    let env = Env::init();
    let long_name = "档".repeat(85);
    assert_eq!(long_name.len(), 255);
    let names = [
        "文书/会议纪要 2024 年.txt".to_string(),
        "e\u{301}.txt".to_string(),
        "-rf.txt".to_string(),
        "100%.txt".to_string(),
        "a  b\tc.txt".to_string(),
        "line\nbreak.txt".to_string(),
        long_name.clone(),
    ];
    for (i, n) in names.iter().enumerate() {
        write_file(env.work("src").join(n), format!("content {i}\n"));
    }
    let id = env.draft_of(&["src"]);
    let shown = env.show(&id.to_string());
    let items = items_by_path(&shown);
    let expected: Vec<String> = [
        "src/文书/会议纪要 2024 年.txt".to_string(),
        "src/\u{e9}.txt".to_string(), // shown NFC
        "src/-rf.txt".to_string(),
        "src/100%.txt".to_string(),
        "src/a  b\tc.txt".to_string(),
        "src/line\nbreak.txt".to_string(),
        format!("src/{long_name}"),
    ]
    .into();
    for (n, p) in names.iter().zip(&expected) {
        let item = items.get(p).unwrap_or_else(|| panic!("no item {p:?} in {:?}", items.keys()));
        assert_eq!(item["sha256"], sha256sum(&env.work("src").join(n)).as_str(), "{p}");
    }
    assert_eq!(items.len(), names.len());
    assert!(!items.contains_key("src/e\u{301}.txt"), "NFD path shown");

    // The original (NFD) bytes are kept alongside the NFC display form.
    let raw: Vec<u8> = env.catalog().query_row("SELECT path_raw FROM items WHERE path = ?1", ["src/\u{e9}.txt"], |r| r.get(0)).unwrap();
    assert_eq!(raw, "src/e\u{301}.txt".as_bytes());

    // Text output lists them too, and the draft seals and verifies with them.
    let text = env.ok(["show", &id.to_string()]);
    assert!(text.contains("src/100%.txt") && text.contains(&long_name) && text.contains("src/\u{e9}.txt"), "{text}");
    env.seal(id);
    env.as_clerk().args(["ledger", "verify"]).assert().code(0);
    env.as_clerk().args(["vault", "verify"]).assert().code(0);
}

#[test]
fn leading_dash_source_and_removal() {
    let env = Env::init();
    env.add_unit("杭州测试有限公司", USCC_A);
    write_file(env.work("-rf.txt"), "not an option");
    write_file(env.work("keep.txt"), "keep");
    let r = env.intake_new(USCC_A, "题名", &["-rf.txt", "keep.txt"]);
    assert_eq!(r["files"], 2);
    let items = items_by_path(&env.show("1"));
    assert_eq!(items.keys().collect::<Vec<_>>(), ["-rf.txt", "keep.txt"]);
    assert_eq!(env.ok(["draft", "remove", "1", "--", "-rf.txt"]), "1\n");
    assert_eq!(items_by_path(&env.show("1")).keys().collect::<Vec<_>>(), ["keep.txt"]);
}

#[test]
fn nonexistent_source_is_a_usage_error() {
    let env = Env::init();
    env.add_unit("杭州测试有限公司", USCC_A);
    write_file(env.work("real.txt"), "x");
    for paths in [vec!["no-such-folder"], vec!["real.txt", "no-such-folder"]] {
        env.as_clerk()
            .args(["intake", "--unit", USCC_A, "--title", "题名"])
            .args(&paths)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("找不到要接收的路径").and(predicate::str::contains("no-such-folder")));
    }
    // No draft was left behind.
    assert_eq!(env.json(["list", "--json"]), serde_json::json!([]));
}

#[test]
fn bad_intake_arguments_are_refused_without_a_draft() {
    let env = Env::init();
    env.add_unit("杭州测试有限公司", USCC_A);
    write_file(env.work("a.txt"), "x");
    env.as_clerk()
        .args(["intake", "--unit", USCC_A, "--title", "题名", "--kind", "paper", "a.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("未知的档案类型").and(predicate::str::contains("paper")));
    env.as_clerk()
        .args(["intake", "--unit", "91110000802100433B", "--title", "题名", "a.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("找不到登记单位"));
    env.as_clerk()
        .args(["intake", "--unit", USCC_A, "--title", "  ", "a.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("登记题名不能为空"));
    // clap-level mistakes
    env.as_clerk().args(["intake", "--title", "题名", "a.txt"]).assert().code(2);
    env.as_clerk().args(["intake", "--unit", USCC_A, "--title", "题名"]).assert().code(2);
    env.as_clerk().args(["intake", "--unit", USCC_A, "--title", "题名", "--draft", "1", "a.txt"]).assert().code(2);
    env.as_clerk()
        .args(["intake", "--draft", "7", "a.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("找不到登记").and(predicate::str::contains("7")));
    env.as_clerk().args(["intake", "--unit", USCC_A, "--title", "题名", "a.txt", "a.txt"]).assert().code(2);
    assert_eq!(env.json(["list", "--json"]), serde_json::json!([]));
}

#[test]
fn checksum_mismatch_blocks_seal_until_accepted() {
    let env = Env::init();
    write_file(env.work("src/a.txt"), "alpha\n");
    write_file(env.work("src/b c.txt"), "bravo\n");
    write_file(env.work("src/文书/一.txt"), "charlie\n");
    // A SHA256SUMS as the depositor's sha256sum wrote it, with one line wrong.
    let out =
        std::process::Command::new("sha256sum").current_dir(env.work("src")).args(["a.txt", "b c.txt", "文书/一.txt"]).output().unwrap();
    assert!(out.status.success());
    let good = String::from_utf8(out.stdout).unwrap();
    let bad_digest = "0".repeat(64);
    let sums: String =
        good.lines().map(|l| if l.ends_with("b c.txt") { format!("{bad_digest}  b c.txt\n") } else { format!("{l}\n") }).collect();
    write_file(env.work("src/SHA256SUMS"), &sums);

    let r = env.intake_new_unit(&["src"]);
    let id = r["id"].as_i64().unwrap();
    assert_eq!(r["files"], 4);
    assert_eq!(r["findings"], 1);

    let f = findings(&env, id);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0]["kind"], "checksumMismatch");
    assert_eq!(f[0]["path"], "src/b c.txt");
    assert_eq!(f[0]["blocking"], true);
    assert_eq!(f[0]["acknowledged"], false);
    let detail = f[0]["detail"].as_str().unwrap();
    assert!(detail.contains(&bad_digest) && detail.contains(&sha256sum(&env.work("src/b c.txt"))), "{detail}");
    let text = env.ok(["draft", "findings", &id.to_string()]);
    assert!(text.contains("待处理") && text.contains("checksumMismatch") && text.contains("src/b c.txt"), "{text}");
    assert!(!env.show(&id.to_string())["seal_blockers"].as_array().unwrap().is_empty());

    env.as_reviewer()
        .args(["seal", &id.to_string()])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("不能封存").and(predicate::str::contains("1 项问题待处理")));
    assert_eq!(env.show(&id.to_string())["status"], "draft");

    // A reason is required.
    env.as_clerk().args(["draft", "accept", &id.to_string()]).assert().code(2);
    env.as_clerk()
        .args(["draft", "accept", &id.to_string(), "--reason", " "])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("接受理由不能为空"));

    assert_eq!(env.ok(["draft", "accept", &id.to_string(), "--reason", "已与移交单位核实，校验文件抄录有误"]), "1\n");
    let f = findings(&env, id);
    assert_eq!(f[0]["acknowledged"], true);
    assert!(env.ok(["draft", "findings", &id.to_string()]).contains("已接受"));

    let number = env.seal(id);
    assert_eq!(number, format!("330102-{}-000001", crate::support::year_cst()));
    assert_eq!(env.show(&number)["status"], "sealed");
    env.as_clerk().args(["ledger", "verify"]).assert().code(0);
}

#[test]
fn correct_depositor_lists_give_no_findings() {
    let env = Env::init();
    write_file(env.work("src/a.txt"), "alpha\n");
    write_file(env.work("src/b c.txt"), "bravo\n");
    write_file(env.work("src/文书/一.txt"), "charlie\n");
    let run = |tool: &str, args: &[&str]| {
        let out = std::process::Command::new(tool).current_dir(env.work("src")).args(args).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let sha = run("sha256sum", &["a.txt", "b c.txt", "文书/一.txt"]);
    let sm3 = run("openssl", &["dgst", "-sm3", "-r", "a.txt", "b c.txt", "文书/一.txt"]);
    let md5 = run("md5sum", &["a.txt", "b c.txt", "文书/一.txt"]);
    let sha1 = run("sha1sum", &["a.txt", "b c.txt", "文书/一.txt"]);
    write_file(env.work("src/SHA256SUMS"), sha);
    write_file(env.work("src/list.sm3"), sm3);
    write_file(env.work("src/MD5SUMS"), md5);
    write_file(env.work("src/SHA1SUMS"), sha1);
    let r = env.intake_new_unit(&["src"]);
    assert_eq!(r["files"], 7);
    assert_eq!(r["findings"], 0, "{:?}", findings(&env, r["id"].as_i64().unwrap()));
}

#[test]
fn checksum_list_naming_a_missing_file() {
    let env = Env::init();
    write_file(env.work("src/a.txt"), "alpha\n");
    write_file(env.work("src/SHA256SUMS"), format!("{}  gone.txt\n", "a".repeat(64)));
    let r = env.intake_new_unit(&["src"]);
    assert_eq!(r["findings"], 1);
    let f = findings(&env, r["id"].as_i64().unwrap());
    assert_eq!(f[0]["kind"], "checksumMissingFile");
    assert_eq!(f[0]["path"], "src/gone.txt");
}

#[test]
fn adding_files_to_a_draft() {
    let env = Env::init();
    write_file(env.work("first/a.txt"), "a");
    write_file(env.work("second/b.txt"), "bb");
    write_file(env.work("second/c.txt"), "ccc");
    let id = env.draft_of(&["first"]);
    let r = env.json(["intake", "--draft", &id.to_string(), "second", "--json"]);
    assert_eq!(r["id"], id);
    assert_eq!(r["files"], 2);
    assert_eq!(r["bytes"], 5);
    let shown = env.show(&id.to_string());
    assert_eq!(shown["files"], 3);
    assert_eq!(shown["bytes"], 6);
    assert_eq!(items_by_path(&shown).keys().collect::<Vec<_>>(), ["first/a.txt", "second/b.txt", "second/c.txt"]);
    // `#id` names the draft too; text mode prints the id alone.
    write_file(env.work("third.txt"), "d");
    assert_eq!(env.ok(["intake", "--draft", &format!("#{id}"), "third.txt"]), format!("{id}\n"));
    assert_eq!(env.json(["list", "--json"]).as_array().unwrap().len(), 1);
}

#[test]
fn draft_remove_on_draft_and_on_sealed() {
    let env = Env::init();
    write_file(env.work("src/a.txt"), "a");
    write_file(env.work("src/b.txt"), "b");
    write_file(env.work("src/c.txt"), "c");
    let id = env.draft_of(&["src"]).to_string();

    assert_eq!(env.ok(["draft", "remove", &id, "src/a.txt", "src/b.txt"]), "2\n");
    let shown = env.show(&id);
    assert_eq!(items_by_path(&shown).keys().collect::<Vec<_>>(), ["src/c.txt"]);
    assert_eq!(shown["files"], 1);

    // A path that is not in the draft is the caller's mistake; nothing is removed.
    env.as_clerk()
        .args(["draft", "remove", &id, "src/c.txt", "src/a.txt"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("中没有文件 “src/a.txt”"));
    // Paths are matched exactly as shown (with the folder name).
    env.as_clerk().args(["draft", "remove", &id, "c.txt"]).assert().code(2);
    assert_eq!(env.show(&id)["files"], 1);

    let number = env.seal(id.parse().unwrap());
    for (key, path) in [(id.as_str(), "src/c.txt"), (number.as_str(), "src/c.txt"), (number.as_str(), "src/a.txt")] {
        env.as_clerk()
            .args(["draft", "remove", key, path])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("已封存").and(predicate::str::contains(&number)));
    }
    assert_eq!(env.show(&number)["files"], 1);
    // Nor can anything else change a sealed registration.
    write_file(env.work("more.txt"), "more");
    env.as_clerk().args(["intake", "--draft", &number, "more.txt"]).assert().code(2).stderr(predicate::str::contains("已封存"));
    env.as_clerk().args(["draft", "accept", &number, "--reason", "理由"]).assert().code(2).stderr(predicate::str::contains("已封存"));
    assert_eq!(env.show(&number)["files"], 1);
    env.as_clerk().args(["ledger", "verify"]).assert().code(0);
}

#[test]
fn removing_every_file_blocks_the_seal() {
    let env = Env::init();
    write_file(env.work("src/a.txt"), "a");
    let id = env.draft_of(&["src"]).to_string();
    assert_eq!(env.ok(["draft", "remove", &id, "src/a.txt"]), "1\n");
    env.as_reviewer()
        .args(["seal", &id])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("不能封存").and(predicate::str::contains("没有文件")));
}

#[test]
fn fifo_is_a_special_file_finding() {
    let env = Env::init();
    write_file(env.work("src/a.txt"), "a");
    mkfifo(&env.work("src/pipe"));
    let r = env.intake_new_unit(&["src"]);
    let id = r["id"].as_i64().unwrap();
    assert_eq!(r["files"], 1);
    assert_eq!(r["findings"], 1);
    let f = findings(&env, id);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0]["kind"], "specialFile");
    assert_eq!(f[0]["path"], "src/pipe");
    assert_eq!(f[0]["blocking"], true);
    env.as_reviewer().args(["seal", &id.to_string()]).assert().code(2).stderr(predicate::str::contains("不能封存"));
    assert_eq!(items_by_path(&env.show(&id.to_string())).keys().collect::<Vec<_>>(), ["src/a.txt"]);
}

#[test]
fn symlinks_inside_are_taken_and_outside_reported() {
    let env = Env::init();
    write_file(env.work("src/a.txt"), "alpha");
    write_file(env.root().join("outside.txt"), "secret");
    symlink(env.root().join("outside.txt"), env.work("src/link-out")).unwrap();
    symlink("a.txt", env.work("src/link-in")).unwrap();
    let r = env.intake_new_unit(&["src"]);
    let id = r["id"].as_i64().unwrap();
    assert_eq!(r["findings"], 1);
    let f = findings(&env, id);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0]["kind"], "symlinkOutside");
    assert_eq!(f[0]["path"], "src/link-out");
    let items = items_by_path(&env.show(&id.to_string()));
    assert_eq!(items.keys().collect::<Vec<_>>(), ["src/a.txt", "src/link-in"]);
    assert_eq!(items["src/link-in"]["sha256"], items["src/a.txt"]["sha256"]);
}

#[test]
fn repeated_intake_reads_unchanged_files_once() {
    let env = Env::init();
    write_file(env.work("src/a.txt"), "alpha");
    write_file(env.work("src/b.txt"), "bravo");
    write_file(env.work("src/c.txt"), "charlie");
    let id = env.draft_of(&["src"]).to_string();

    let r = env.json(["intake", "--draft", &id, "src", "--json"]);
    assert_eq!(r["files"], 0);
    assert_eq!(r["bytes"], 0);
    assert_eq!(r["unchanged"], 3);
    assert_eq!(r["findings"], 0);

    let r = env.json(["intake", "--resume", &id, "--json"]);
    assert_eq!(r["files"], 0);
    assert_eq!(r["unchanged"], 3);

    // A changed file is read again and its new digest replaces the old one.
    write_file(env.work("src/b.txt"), "bravo, changed");
    let r = env.json(["intake", "--draft", &id, "src", "--json"]);
    assert_eq!(r["files"], 1);
    assert_eq!(r["unchanged"], 2);
    let items = items_by_path(&env.show(&id));
    assert_eq!(items.len(), 3);
    assert_eq!(items["src/b.txt"]["sha256"], sha256sum(&env.work("src/b.txt")).as_str());
    env.as_clerk().args(["ledger", "verify"]).assert().code(0);
}

/// Permission denied for real, even as root: the intake runs under `setpriv` without the
/// capabilities that let root read anything. The unreadable file and folder are named
/// findings (blocking the seal); everything else is taken.
#[cfg(target_os = "linux")]
#[test]
fn permission_denied_files_and_folders_are_named_findings_and_the_rest_is_taken() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::init();
    env.add_unit("杭州测试有限公司", USCC_A);
    write_file(env.work("权限/可读.txt"), "ok");
    write_file(env.work("权限/禁止.txt"), "secret");
    write_file(env.work("权限/锁住/里面.txt"), "inside");
    fs::set_permissions(env.work("权限/禁止.txt"), fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(env.work("权限/锁住"), fs::Permissions::from_mode(0o000)).unwrap();
    let prefix: &[&str] = if running_as_root() { &["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"] } else { &[] };
    let out = env
        .process(prefix, &env.data, crate::support::CLERK, &["intake", "--unit", USCC_A, "--title", "权限", "--json", "--", "权限"])
        .output()
        .unwrap();
    fs::set_permissions(env.work("权限/禁止.txt"), fs::Permissions::from_mode(0o644)).unwrap();
    fs::set_permissions(env.work("权限/锁住"), fs::Permissions::from_mode(0o755)).unwrap();
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(report["files"], 1, "{report}");
    let found: Vec<(String, String)> = findings(&env, report["id"].as_i64().unwrap())
        .iter()
        .map(|f| (f["kind"].as_str().unwrap().to_string(), f["path"].as_str().unwrap().to_string()))
        .collect();
    assert!(found.contains(&("unreadable".into(), "权限/禁止.txt".into())), "{found:?}");
    assert!(found.iter().any(|(k, p)| k == "unreadable" && p.starts_with("权限/锁住")), "{found:?}");
}

fn running_as_root() -> bool {
    std::process::Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

/// A sparse 50 GB file (more than the vault's disk holds) is refused at once with a
/// finding that says why, without reading it; the other files are taken.
#[test]
fn a_file_bigger_than_the_vault_disk_is_a_finding_not_a_full_disk() {
    let env = Env::init();
    write_file(env.work("大文件/说明.txt"), "readme");
    let free = free_bytes(&env.data);
    let huge = fs::File::create(env.work("大文件/磁盘镜像.img")).unwrap();
    huge.set_len(free.max(50 << 30) + (1 << 30)).unwrap();
    let started = std::time::Instant::now();
    let report = env.intake_new_unit(&["大文件"]);
    assert!(started.elapsed() < std::time::Duration::from_secs(60), "the big file was not read");
    assert_eq!(report["files"], 1, "{report}");
    let found = findings(&env, report["id"].as_i64().unwrap());
    let f = found.iter().find(|f| f["kind"] == "noSpace").unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!(f["path"], "大文件/磁盘镜像.img");
    assert!(f["detail"].as_str().unwrap().contains("保管库"), "{f}");
}

/// Free bytes on the file system holding `dir` (or its nearest existing parent).
fn free_bytes(dir: &std::path::Path) -> u64 {
    let existing = dir.ancestors().find(|p| p.exists()).unwrap();
    let out = std::process::Command::new("df").args(["--output=avail", "-B1"]).arg(existing).output().unwrap();
    String::from_utf8_lossy(&out.stdout).lines().nth(1).unwrap().trim().parse().unwrap()
}

/// The disk holding the data directory fills up in the middle of an intake (each file
/// would fit, all of them do not): a clear message, nothing half-recorded, the catalog
/// and the vault consistent, and once there is room the intake resumes and completes.
#[cfg(target_os = "linux")]
#[test]
fn a_full_vault_disk_stops_the_intake_cleanly_and_it_resumes_with_room() {
    use crate::mounts::Mounted;
    use crate::support::{PASSWORD, REGION};
    let env = Env::new();
    let disk = Mounted::tmpfs(&env.data, "3m");
    env.cmd()
        .env("DENGJI_NEW_PASSWORD", PASSWORD)
        .args(["init", "--archive-name", "测试档案馆", "--region", REGION, "--admin", crate::support::ADMIN])
        .assert()
        .success();
    env.add_user(crate::support::CLERK, &["clerk"]);
    env.add_user(crate::support::REVIEWER, &["reviewer"]);
    env.add_unit("杭州测试有限公司", USCC_A);
    for n in 0..40 {
        write_file(env.work(&format!("满盘/{n:02}.bin")), noise(100_000, 100 + n));
    }
    // Depending on when the disk fills, the intake stops with the disk named, or it sees
    // the space gone before a file and leaves that file as a `noSpace` finding.
    let run = env.as_clerk().args(["intake", "--unit", USCC_A, "--title", "满盘", "满盘"]).assert();
    let err = crate::support::stderr_of(&run);
    if run.get_output().status.success() {
        let open = findings(&env, 1);
        assert!(open.iter().any(|f| f["kind"] == "noSpace"), "{open:?}");
    } else {
        assert!(err.contains("磁盘空间不足") && err.contains("--resume 1"), "the clerk is told the disk is full: {err}");
    }

    // Whatever was recorded is whole: ledger and vault verify, every item's object is there.
    env.as_admin().args(["ledger", "verify"]).assert().success();
    env.as_admin().args(["vault", "verify"]).assert().success();
    let shown = env.show("1");
    assert_eq!(shown["status"], "draft");
    let taken = items_by_path(&shown).len();
    assert!(taken < 40, "the disk cannot hold all 40 files, yet {taken} were recorded");

    // With room again, resuming takes the rest, each digest as sha256sum computes it.
    disk.remount("size=16m");
    env.as_clerk().args(["intake", "--resume", "1"]).assert().success();
    let shown = env.show("1");
    let items = items_by_path(&shown);
    assert_eq!(items.len(), 40);
    for (path, item) in &items {
        assert_eq!(item["sha256"].as_str().unwrap(), sha256sum(&env.work(path)), "{path}");
    }
    let open = findings(&env, 1);
    assert!(open.iter().all(|f| f["kind"] != "noSpace"), "files taken on resume keep no noSpace finding: {open:?}");
    env.as_admin().args(["vault", "verify"]).assert().success();
    env.as_admin().args(["ledger", "verify"]).assert().success();
    drop(disk);
}

#[test]
fn a_sha1_list_is_verified_even_for_files_taken_before_it() {
    let env = Env::init();
    write_file(env.work("first/a.txt"), "alpha\n");
    write_file(env.work("first/b.txt"), "bravo\n");
    let id = env.draft_of(&["first"]);
    // The list comes in a second hand-over: a.txt right, b.txt wrong (`sha1sum` output).
    let good = "4a2d8d6e3e4a6a45e1e4c8c5b6c5a4f3e2d1c0b9";
    let out = std::process::Command::new("sha1sum").current_dir(env.work("first")).arg("a.txt").output().unwrap();
    let a_line = String::from_utf8(out.stdout).unwrap();
    write_file(env.work("list/SHA1SUMS"), format!("{}{good}  ../first/b.txt\n", a_line.replace("a.txt", "../first/a.txt")));
    let r = env.json(["intake", "--draft", &id.to_string(), "list", "--json"]);
    let f = findings(&env, r["id"].as_i64().unwrap());
    let kinds: Vec<(&str, &str)> = f.iter().map(|x| (x["kind"].as_str().unwrap(), x["path"].as_str().unwrap())).collect();
    assert!(kinds.contains(&("checksumMismatch", "first/b.txt")), "{kinds:?}");
    assert!(!kinds.iter().any(|(_, p)| *p == "first/a.txt"), "a.txt matches its SHA-1: {kinds:?}");
    let text = serde_json::to_string(&f).unwrap();
    assert!(text.contains("SHA1"), "{text}");
}
