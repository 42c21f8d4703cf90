//! Signing in, `dengji user …`, `dengji settings …`, and who may do what.

use std::time::{Duration, Instant};

use predicates::prelude::*;

use crate::support::{stderr_of, stdout_of, write_file, Env, ADMIN, CLERK, PASSWORD, REVIEWER, USCC_A};

/// Asserts the password appears in neither output stream.
fn password_not_shown(a: &assert_cmd::assert::Assert, password: &str) {
    assert!(!stdout_of(a).contains(password), "password on stdout: {}", stdout_of(a));
    assert!(!stderr_of(a).contains(password), "password on stderr: {}", stderr_of(a));
}

/// Environment variables set, and the variables the message must name as missing.
type MissingCase<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str]);

/// No credentials and no terminal: exit 2 at once with what to set, never a prompt that
/// waits (assert_cmd gives the child no terminal).
#[test]
fn missing_credentials_without_a_terminal_fail_at_once() {
    let env = Env::init();
    let cases: [MissingCase<'_>; 3] = [
        (&[], &["DENGJI_USER", "DENGJI_PASSWORD"]),
        (&[("DENGJI_USER", CLERK)], &["DENGJI_PASSWORD"]),
        (&[("DENGJI_PASSWORD", PASSWORD)], &["DENGJI_USER"]),
    ];
    for (vars, named) in cases {
        for args in [&["list"][..], &["unit", "add", "--name", "甲", "--kind", "enterprise", "--uscc", USCC_A], &["ledger", "verify"]] {
            let mut cmd = env.cmd();
            for (k, v) in vars {
                cmd.env(k, v);
            }
            let started = Instant::now();
            // Input on a pipe is not read as a password either.
            let a =
                cmd.args(args).write_stdin(format!("{CLERK}\n{PASSWORD}\n")).timeout(Duration::from_secs(20)).assert().code(2).stdout("");
            assert!(started.elapsed() < Duration::from_secs(15), "{args:?} took {:?}", started.elapsed());
            let err = stderr_of(&a);
            assert!(err.contains("未登录") && err.contains("DENGJI_USER") && err.contains("DENGJI_PASSWORD"), "{err}");
            for n in named {
                assert!(err.contains(&format!("缺少环境变量 {n}")) || err.contains(&format!("和 {n}")), "{n}: {err}");
            }
            password_not_shown(&a, PASSWORD);
        }
    }
    // Blank values count as missing.
    env.cmd()
        .env("DENGJI_USER", " ")
        .env("DENGJI_PASSWORD", PASSWORD)
        .args(["list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("DENGJI_USER"));
    assert_eq!(env.json(["unit", "list", "--json"]), serde_json::json!([]));
}

#[test]
fn wrong_password_and_unknown_user_are_refused_alike() {
    let env = Env::init();
    let wrong = "错误的密码987654";
    for (user, password) in [(CLERK, wrong), ("无此用户", PASSWORD), ("无此用户", wrong), (CLERK, "测试密码123456 ")] {
        let a = env
            .cmd()
            .env("DENGJI_USER", user)
            .env("DENGJI_PASSWORD", password)
            .args(["unit", "add", "--name", "甲", "--kind", "enterprise", "--uscc", USCC_A])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("用户名或密码不正确"));
        password_not_shown(&a, password);
        password_not_shown(&a, PASSWORD);
    }
    // Nothing was done, and the right password still works.
    assert_eq!(env.json(["unit", "list", "--json"]), serde_json::json!([]));
    // A read-only command needs a sign-in as much as a change does.
    env.cmd().env("DENGJI_USER", CLERK).env("DENGJI_PASSWORD", wrong).args(["list", "--json"]).assert().code(2).stdout("");
}

#[test]
fn repeated_failures_slow_sign_in_down() {
    let env = Env::init();
    let wrong = "错误的密码987654";
    let mut throttled = None;
    for _ in 0..10 {
        let a = env.cmd().env("DENGJI_USER", REVIEWER).env("DENGJI_PASSWORD", wrong).args(["list"]).assert().code(2);
        password_not_shown(&a, wrong);
        if stderr_of(&a).contains("登录失败次数过多") {
            throttled = Some(stderr_of(&a));
            break;
        }
        assert!(stderr_of(&a).contains("用户名或密码不正确"), "{}", stderr_of(&a));
    }
    let msg = throttled.expect("never throttled");
    assert!(msg.contains("秒后再试"), "{msg}");
    // Other accounts are not affected.
    env.ok(["list"]);
}

#[test]
fn disabled_account_cannot_sign_in() {
    let env = Env::init();
    let a = env.as_admin().args(["user", "disable", CLERK]).assert().success();
    assert!(stderr_of(&a).contains("已停用"), "{}", stderr_of(&a));
    let a = env.as_clerk().args(["list"]).assert().code(2).stdout("");
    assert!(stderr_of(&a).contains("已停用") && stderr_of(&a).contains(CLERK), "{}", stderr_of(&a));
    password_not_shown(&a, PASSWORD);
    let users = env.json_as(ADMIN, ["user", "list", "--json"]);
    let clerk = users.as_array().unwrap().iter().find(|u| u["name"] == CLERK).unwrap();
    assert_eq!(clerk["disabled"], true);
    assert!(env.ok_as(ADMIN, ["user", "list"]).lines().any(|l| l.starts_with(CLERK) && l.contains("已停用")));
    env.as_admin().args(["user", "enable", CLERK]).assert().success();
    env.ok(["list"]);
    // Only an admin disables, and never the last admin.
    env.as_clerk().args(["user", "disable", REVIEWER]).assert().code(2).stderr(predicate::str::contains("无权"));
    env.as_admin().args(["user", "disable", ADMIN]).assert().code(2).stderr(predicate::str::contains("最后一个管理员"));
    env.as_admin().args(["user", "disable", "无此用户"]).assert().code(2).stderr(predicate::str::contains("找不到用户"));
    env.ok_as(ADMIN, ["list"]);
}

#[test]
fn an_admin_sets_roles_and_keeps_an_admin() {
    let env = Env::init();
    let user = env.json_as(ADMIN, ["user", "roles", CLERK, "--role", "clerk", "--role", "审核员", "--json"]);
    assert_eq!(user["roles"], serde_json::json!(["clerk", "reviewer"]));
    env.as_clerk().args(["user", "roles", CLERK, "--role", "admin"]).assert().code(2).stderr(predicate::str::contains("无权"));
    env.as_admin().args(["user", "roles", ADMIN, "--role", "clerk"]).assert().code(2).stderr(predicate::str::contains("最后一个管理员"));
    env.as_admin().args(["user", "roles", CLERK, "--role", "boss"]).assert().code(2);
    let a = env.as_admin().args(["user", "roles", ADMIN, "--role", "admin", "--role", "clerk"]).assert().success();
    assert!(stderr_of(&a).contains("管理员、登记员"), "{}", stderr_of(&a));
    env.ok_as(ADMIN, ["ledger", "verify"]);
}

#[test]
fn user_add_and_list() {
    let env = Env::init();
    env.as_admin()
        .env("DENGJI_NEW_PASSWORD", PASSWORD)
        .args(["user", "add", "双岗", "--role", "登记员", "--role", "reviewer"])
        .assert()
        .success()
        .stdout("");
    let users = env.json_as(ADMIN, ["user", "list", "--json"]);
    let users = users.as_array().unwrap();
    let names: Vec<&str> = users.iter().map(|u| u["name"].as_str().unwrap()).collect();
    assert_eq!(names, [ADMIN, CLERK, REVIEWER, "双岗"]);
    assert_eq!(users[3]["roles"], serde_json::json!(["clerk", "reviewer"]));
    assert_eq!(users[1]["roles"], serde_json::json!(["clerk"]));
    for u in users {
        assert_eq!(u["disabled"], false, "{u}");
        assert!(u["created_at"].as_str().is_some_and(|t| t.ends_with('Z')), "{u}");
        assert!(u.get("password_hash").is_none(), "{u}");
    }
    let text = env.ok(["user", "list"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        lines[3].starts_with("双岗\t") && lines[3].contains("登记员") && lines[3].contains("审核员") && lines[3].contains("正常"),
        "{text}"
    );
    // The new account signs in.
    env.ok_as("双岗", ["list"]);

    let add = |name: &str, roles: &[&str]| {
        let mut cmd = env.as_admin();
        cmd.env("DENGJI_NEW_PASSWORD", PASSWORD).args(["user", "add", name]);
        for r in roles {
            cmd.args(["--role", r]);
        }
        cmd.assert()
    };
    add("某人", &["boss"]).code(2).stderr(predicate::str::contains("未知的角色").and(predicate::str::contains("boss")));
    add(CLERK, &["clerk"]).code(2).stderr(predicate::str::contains("已存在"));
    add("某人", &[]).code(2);
    add("甲,乙", &["clerk"]).code(2).stderr(predicate::str::contains("不可用"));
    env.as_admin()
        .env("DENGJI_NEW_PASSWORD", "短")
        .args(["user", "add", "某人", "--role", "clerk"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("密码太短"));
    // No new password and no terminal: refused at once.
    env.as_admin()
        .args(["user", "add", "某人", "--role", "clerk"])
        .timeout(Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("DENGJI_NEW_PASSWORD"));
    assert_eq!(env.json(["user", "list", "--json"]).as_array().unwrap().len(), 4);
}

#[test]
fn passwords_change() {
    let env = Env::init();
    let new = "新的密码abcdef";
    // Your own, without naming yourself.
    env.as_clerk().env("DENGJI_NEW_PASSWORD", new).args(["user", "passwd"]).assert().success().stdout("");
    env.as_clerk().args(["list"]).assert().code(2).stderr(predicate::str::contains("用户名或密码不正确"));
    env.cmd().env("DENGJI_USER", CLERK).env("DENGJI_PASSWORD", new).args(["list"]).assert().success();
    // Naming yourself is the same.
    env.cmd()
        .env("DENGJI_USER", CLERK)
        .env("DENGJI_PASSWORD", new)
        .env("DENGJI_NEW_PASSWORD", PASSWORD)
        .args(["user", "passwd", CLERK])
        .assert()
        .success();
    env.ok(["list"]);
    // Another's: only an admin.
    let a = env.as_clerk().env("DENGJI_NEW_PASSWORD", new).args(["user", "passwd", REVIEWER]).assert().code(2);
    assert!(stderr_of(&a).contains("无权"), "{}", stderr_of(&a));
    password_not_shown(&a, new);
    env.ok_as(REVIEWER, ["list"]);
    env.as_admin().env("DENGJI_NEW_PASSWORD", new).args(["user", "passwd", REVIEWER]).assert().success();
    env.as_reviewer().args(["list"]).assert().code(2);
    env.cmd().env("DENGJI_USER", REVIEWER).env("DENGJI_PASSWORD", new).args(["list"]).assert().success();
    // Without a new password and a terminal: refused, nothing changed.
    env.as_clerk().args(["user", "passwd"]).assert().code(2).stderr(predicate::str::contains("DENGJI_NEW_PASSWORD"));
    env.as_admin()
        .env("DENGJI_NEW_PASSWORD", new)
        .args(["user", "passwd", "无此用户"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("找不到用户"));
    env.ok(["list"]);
    // The ledger records the change, never the password.
    let entries = env.json(["audit", "--action", "user.password", "--json"]);
    assert_eq!(entries.as_array().unwrap().len(), 3, "{entries}");
    let text = entries.to_string();
    assert!(!text.contains(new) && !text.contains(PASSWORD), "{text}");
}

/// Who may do what, through the CLI. Every refusal is exit 2 with the core's message
/// and changes nothing.
#[test]
fn role_matrix() {
    let env = Env::init();
    write_file(env.work("src/a.txt"), "alpha");
    let forbidden = |mut cmd: assert_cmd::Command, args: &[&str]| {
        let a = cmd.env("DENGJI_NEW_PASSWORD", PASSWORD).args(args).assert().code(2).stdout("");
        let err = stderr_of(&a);
        assert!(err.contains("无权") && err.contains("角色"), "{args:?}: {err}");
    };
    let unit_add: &[&str] = &["unit", "add", "--name", "杭州测试有限公司", "--kind", "enterprise", "--uscc", USCC_A];
    // Reviewer and admin cannot add units.
    forbidden(env.as_reviewer(), unit_add);
    forbidden(env.as_admin(), unit_add);
    assert_eq!(env.json(["unit", "list", "--json"]), serde_json::json!([]));
    env.ok(unit_add);
    // Reviewer and admin cannot take files in.
    let intake: &[&str] = &["intake", "--unit", USCC_A, "--title", "题名", "src"];
    forbidden(env.as_reviewer(), intake);
    forbidden(env.as_admin(), intake);
    assert_eq!(env.json(["list", "--json"]), serde_json::json!([]));
    let id = env.draft_of(&["src"]).to_string();
    // Clerk cannot seal, manage users, change settings or domains.
    forbidden(env.as_clerk(), &["seal", &id]);
    forbidden(env.as_admin(), &["seal", &id]);
    forbidden(env.as_clerk(), &["user", "add", "某人", "--role", "clerk"]);
    forbidden(env.as_reviewer(), &["user", "add", "某人", "--role", "clerk"]);
    forbidden(env.as_clerk(), &["settings", "four-eyes", "off"]);
    forbidden(env.as_reviewer(), &["settings", "idle-lock", "30"]);
    forbidden(env.as_clerk(), &["domain", "add", "档案"]);
    // Reviewer and admin cannot remove files from a draft.
    forbidden(env.as_reviewer(), &["draft", "remove", &id, "src/a.txt"]);
    forbidden(env.as_admin(), &["draft", "remove", &id, "src/a.txt"]);
    assert_eq!(env.show(&id)["status"], "draft");
    assert_eq!(env.show(&id)["files"], 1);
    assert_eq!(env.json(["user", "list", "--json"]).as_array().unwrap().len(), 3);
    assert!(!env.ok(["domain", "list"]).lines().any(|l| l.starts_with("档案\t")));
    assert!(env.ok(["settings", "show"]).contains("开启"));
    // Anyone signed in may read.
    for who in [ADMIN, CLERK, REVIEWER] {
        env.ok_as(who, ["list"]);
        env.ok_as(who, ["show", &id]);
        env.ok_as(who, ["settings", "show"]);
        env.as_user(who).args(["ledger", "verify"]).assert().code(0);
    }
    // And the right roles succeed.
    let number = env.seal(id.parse().unwrap());
    assert!(number.starts_with("330102-"), "{number}");
    env.ok_as(ADMIN, ["domain", "add", "档案"]);
    // Approve/reject: clerk cannot (see applications.rs for the rest).
    let app = env.ok(["apply", "restore", &number, "--reason", "数据丢失", "--reference", "杭测〔2026〕1号"]).trim().to_string();
    forbidden(env.as_clerk(), &["approve", &app]);
    forbidden(env.as_clerk(), &["reject", &app]);
    forbidden(env.as_reviewer(), &["apply", "handback", &number, "--reason", "理由", "--reference", "文号"]);
    forbidden(env.as_admin(), &["apply", "handback", &number, "--reason", "理由", "--reference", "文号"]);
    assert_eq!(env.json(["applications", "--json"]).as_array().unwrap().len(), 1);
}

#[test]
fn four_eyes_stops_sealing_your_own_intake_until_turned_off() {
    let env = Env::init();
    env.add_user("双岗", &["clerk", "reviewer"]);
    write_file(env.work("src/a.txt"), "alpha");
    env.ok_as("双岗", ["unit", "add", "--name", "杭州测试有限公司", "--kind", "enterprise", "--uscc", USCC_A]);
    let id = env.ok_as("双岗", ["intake", "--unit", USCC_A, "--title", "题名", "src"]).trim().to_string();
    let a = env.as_user("双岗").args(["seal", &id]).assert().code(2).stdout("");
    assert!(stderr_of(&a).contains("双人封存") && stderr_of(&a).contains("双岗"), "{}", stderr_of(&a));
    assert_eq!(env.show(&id)["status"], "draft");

    let s = env.json(["settings", "show", "--json"]);
    assert_eq!(s["four_eyes"], true);
    env.as_admin().args(["settings", "four-eyes", "off"]).assert().success().stdout("");
    assert_eq!(env.json(["settings", "show", "--json"])["four_eyes"], false);
    assert!(env.ok(["settings", "show"]).contains("关闭"));
    env.ok_as("双岗", ["check", "accept", &id, "--all", "--reason", "未著录题名"]);
    let number = env.ok_as("双岗", ["seal", &id]).trim().to_string();
    assert_eq!(env.show(&number)["sealed_by"], "双岗");

    // On again: a second draft of the same person is refused again.
    env.as_admin().args(["settings", "four-eyes", "on"]).assert().success();
    write_file(env.work("more/b.txt"), "bravo");
    let id = env.ok_as("双岗", ["intake", "--unit", USCC_A, "--title", "第二卷", "more"]).trim().to_string();
    env.as_user("双岗").args(["seal", &id]).assert().code(2).stderr(predicate::str::contains("双人封存"));
    // Nor may they accept the check's errors of what they took in.
    let accept = ["check", "accept", id.as_str(), "--all", "--reason", "自己接受"];
    env.as_user("双岗").args(accept).assert().code(2).stderr(predicate::str::contains("双人封存"));
    env.seal(id.parse().unwrap());
    env.as_admin().args(["settings", "four-eyes", "maybe"]).assert().code(2);
    let entries = env.json(["audit", "--action", "settings.set", "--json"]);
    assert_eq!(entries.as_array().unwrap().len(), 2);
    assert!(entries.as_array().unwrap().iter().all(|e| e["operator"] == ADMIN));
}

#[test]
fn idle_lock_setting() {
    let env = Env::init();
    assert_eq!(env.json(["settings", "show", "--json"])["idle_lock_minutes"], 10);
    env.as_admin().args(["settings", "idle-lock", "30"]).assert().success();
    assert_eq!(env.json(["settings", "show", "--json"])["idle_lock_minutes"], 30);
    assert!(env.ok(["settings", "show"]).contains("30 分钟"));
    for bad in ["0", "481"] {
        env.as_admin().args(["settings", "idle-lock", bad]).assert().code(2).stderr(predicate::str::contains("空闲锁定"));
    }
    env.as_admin().args(["settings", "idle-lock", "-5"]).assert().code(2);
    env.as_admin().args(["settings", "idle-lock", "十"]).assert().code(2);
    assert_eq!(env.json(["settings", "show", "--json"])["idle_lock_minutes"], 30);
}
