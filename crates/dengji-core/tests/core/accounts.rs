//! The role matrix and the account rules, through the core API itself.

use chrono::Duration;
use dengji_core::{
    AcceptScope, ApplicationKind, AuditFilter, CancelToken, Error, IntakeTarget, MediumKey, MediumKind, NewUnit, NoProgress,
    RegistrationId, Result, RetireReason, Role, Stamp, UnitKind,
};

use crate::support::{at, write, Fixture, PASSWORD};

type Op = fn(&mut Fixture, &Stamp) -> Result<()>;

/// A draft with one file, taken in by the fixture's clerk.
fn draft(f: &mut Fixture) -> RegistrationId {
    let src = f.src("矩阵");
    write(&src.join("a.txt"), b"a");
    f.intake("矩阵", &[src]).id
}

fn sealed(f: &mut Fixture) -> RegistrationId {
    let id = draft(f);
    f.seal(id);
    id
}

fn ops() -> Vec<(&'static str, Op, &'static [Role])> {
    vec![
        (
            "add_unit",
            |f, s| {
                let u = NewUnit { name: "某单位".into(), kind: UnitKind::Individual, uscc: None, domain: None, force: false };
                f.archive.add_unit(u, s).map(drop)
            },
            &[Role::Clerk],
        ),
        (
            "set_item_meta",
            |f, s| {
                let id = draft(f);
                let item = f.archive.items(id)?[0].id;
                let meta = dengji_core::ItemMeta { title: Some("题名".into()), ..Default::default() };
                f.archive.set_item_meta(id, item, &meta, s).map(drop)
            },
            &[Role::Clerk],
        ),
        (
            "import_catalogue",
            |f, s| {
                let id = draft(f);
                let csv = f.tmp.path().join("矩阵目录.csv");
                std::fs::write(&csv, "文件名,题名\na.txt,甲\n").unwrap();
                f.archive.import_catalogue(id, &csv, &[], true, s).map(drop)
            },
            &[Role::Clerk],
        ),
        ("add_domain", |f, s| f.archive.add_domain("档案", s).map(drop), &[Role::Admin]),
        ("rename_domain", |f, s| f.archive.rename_domain("工商", "市场监管", s).map(drop), &[Role::Admin]),
        ("retire_domain", |f, s| f.archive.retire_domain("婚姻", s).map(drop), &[Role::Admin]),
        (
            "edit_unit",
            |f, s| {
                let edit = dengji_core::UnitEdit { name: Some("改名后的公司".into()), ..Default::default() };
                f.archive.edit_unit(f.unit, edit, s).map(drop)
            },
            &[Role::Clerk],
        ),
        (
            "discard_draft",
            |f, s| {
                let id = draft(f);
                f.archive.discard_draft(id, "单位撤回", s).map(drop)
            },
            &[Role::Clerk],
        ),
        (
            "create_draft",
            |f, s| {
                let unit = f.unit;
                f.archive.create_draft(unit, "草稿", dengji_core::RecordKind::Electronic, s).map(drop)
            },
            &[Role::Clerk],
        ),
        (
            "intake",
            |f, s| {
                let id = draft(f);
                let src = f.src("补充");
                write(&src.join("b.txt"), b"b");
                f.archive.intake(IntakeTarget::Draft(id), &[src], s, &NoProgress, &CancelToken::new()).map(drop)
            },
            &[Role::Clerk],
        ),
        (
            "remove_items",
            |f, s| {
                let id = draft(f);
                let item = f.archive.items(id)?[0].id;
                f.archive.remove_items(id, &[item], s).map(drop)
            },
            &[Role::Clerk],
        ),
        (
            "accept_findings",
            |f, s| {
                let id = draft(f);
                f.archive.accept_findings(id, "理由", s).map(drop)
            },
            &[Role::Clerk, Role::Reviewer],
        ),
        (
            "check",
            |f, s| {
                let id = draft(f);
                f.archive.check(id, s, &NoProgress, &CancelToken::new()).map(drop)
            },
            &[Role::Clerk, Role::Reviewer],
        ),
        (
            "seal",
            |f, s| {
                let id = draft(f);
                let reviewer = f.reviewer.clone();
                f.archive.accept_check_errors(id, AcceptScope::All, "矩阵", &reviewer)?;
                f.archive.seal(id, None, s).map(drop)
            },
            &[Role::Reviewer],
        ),
        (
            "accept_check_errors",
            |f, s| {
                let id = draft(f);
                f.archive.accept_check_errors(id, AcceptScope::All, "矩阵", s).map(drop)
            },
            &[Role::Reviewer],
        ),
        ("add_user", |f, s| f.archive.add_user("新用户", PASSWORD, &[Role::Clerk], s).map(drop), &[Role::Admin]),
        ("disable_user", |f, s| f.archive.set_user_disabled("登记员", true, s).map(drop), &[Role::Admin]),
        ("reset_other_password", |f, s| f.archive.set_password("登记员", "新的密码654321", s), &[Role::Admin]),
        ("set_four_eyes", |f, s| f.archive.set_four_eyes(false, s), &[Role::Admin]),
        ("set_idle_lock", |f, s| f.archive.set_idle_lock_minutes(5, s), &[Role::Admin]),
        (
            "apply",
            |f, s| {
                let id = sealed(f);
                f.archive.apply(ApplicationKind::Restore, id, "服务器损坏", "浙档函〔2026〕1号", s).map(drop)
            },
            &[Role::Clerk],
        ),
        (
            "decide",
            |f, s| {
                let id = sealed(f);
                let clerk = f.clerk.clone();
                let app = f.archive.apply(ApplicationKind::Restore, id, "服务器损坏", "浙档函〔2026〕1号", &clerk)?;
                f.archive.decide(app.id, true, s).map(drop)
            },
            &[Role::Reviewer, Role::Admin],
        ),
        (
            "issue_certificate",
            |f, s| {
                let id = sealed(f);
                f.archive.issue_certificate(id, s).map(drop)
            },
            &[Role::Clerk],
        ),
        (
            "add_medium",
            |f, s| {
                let root = f.tmp.path().join("矩阵介质");
                std::fs::create_dir_all(&root).unwrap();
                f.archive.add_medium(&root, "矩阵", "A", MediumKind::Usb, None, s).map(drop)
            },
            &[Role::Clerk],
        ),
        (
            "backup",
            |f, s| registered_medium(f).and_then(|root| f.archive.backup(&root, s, &NoProgress, &CancelToken::new())).map(drop),
            &[Role::Clerk],
        ),
        (
            "verify_medium",
            |f, s| {
                registered_medium(f).and_then(|root| f.archive.verify_medium(&root, None, s, &NoProgress, &CancelToken::new())).map(drop)
            },
            &[Role::Clerk],
        ),
        (
            "set_medium_location",
            |f, s| registered_medium(f).and_then(|root| f.archive.set_medium_location(MediumKey::Path(&root), Some("库房"), s)).map(drop),
            &[Role::Clerk],
        ),
        (
            "checkout_media",
            |f, s| registered_medium(f).and_then(|root| f.archive.checkout_media(&[MediumKey::Path(&root)], "市馆", None, s)).map(drop),
            &[Role::Clerk],
        ),
        (
            "retire_medium",
            |f, s| {
                registered_medium(f)
                    .and_then(|root| f.archive.retire_medium(MediumKey::Path(&root), RetireReason::Failed, None, s))
                    .map(drop)
            },
            &[Role::Clerk],
        ),
        (
            "attest",
            |f, s| {
                let file = f.tmp.path().join("矩阵鉴证.txt");
                std::fs::write(&file, b"presented").unwrap();
                f.archive.attest(&[file], s).map(drop)
            },
            &[Role::Clerk, Role::Reviewer],
        ),
    ]
}

/// A medium registered by the fixture's clerk, holding one sealed registration.
fn registered_medium(f: &mut Fixture) -> Result<std::path::PathBuf> {
    sealed(f);
    let root = f.tmp.path().join("矩阵介质");
    std::fs::create_dir_all(&root).unwrap();
    let clerk = f.clerk.clone();
    f.archive.add_medium(&root, "矩阵", "A", MediumKind::Usb, None, &clerk)?;
    Ok(root)
}

/// A user holding exactly one role, other than the fixture's clerk and reviewer (so the
/// reviewer here never took files into the drafts it seals).
fn single_role(f: &mut Fixture, role: Role) -> Stamp {
    let name = format!("仅{}", role.label_zh());
    f.archive.add_user(&name, PASSWORD, &[role], &f.admin.clone()).unwrap();
    f.archive.login(&name, PASSWORD, at()).unwrap().stamp(at())
}

#[test]
fn every_mutating_operation_as_every_role() {
    let mut table = Vec::new();
    for (name, op, allowed) in ops() {
        for role in Role::ALL {
            let mut f = Fixture::new();
            let stamp = single_role(&mut f, role);
            let outcome = op(&mut f, &stamp);
            let expected = allowed.contains(&role);
            match (&outcome, expected) {
                (Ok(()), true) | (Err(Error::Forbidden { .. }), false) => {}
                _ => panic!("{name} as {role}: expected {}, got {outcome:?}", if expected { "success" } else { "forbidden" }),
            }
            table.push(format!("{name:<22} {role:<9} {}", if expected { "allowed" } else { "forbidden" }));
        }
    }
    assert_eq!(table.len(), ops().len() * 3);
}

#[test]
fn four_eyes_stops_self_sealing_until_switched_off() {
    let mut f = Fixture::new();
    let both = {
        f.archive.add_user("双角色", PASSWORD, &[Role::Clerk, Role::Reviewer], &f.admin).unwrap();
        f.archive.login("双角色", PASSWORD, at()).unwrap().stamp(at())
    };
    let src = f.src("自封");
    write(&src.join("a.txt"), b"a");
    let target = IntakeTarget::New { unit: f.unit, title: "自封".into(), kind: dengji_core::RecordKind::Electronic };
    let id = f.archive.intake(target, &[src], &both, &NoProgress, &CancelToken::new()).unwrap().id;
    assert!(f.archive.four_eyes().unwrap());
    assert!(matches!(f.archive.seal(id, None, &both), Err(Error::FourEyes(names)) if names.contains("双角色")));
    // Nor may they accept the check's errors of what they took in themselves.
    let accepted = f.archive.accept_check_errors(id, AcceptScope::All, "自己接受", &both);
    assert!(matches!(accepted, Err(Error::FourEyes(_))), "{accepted:?}");
    f.archive.set_four_eyes(false, &f.admin).unwrap();
    f.archive.accept_check_errors(id, AcceptScope::All, "未著录题名", &both).unwrap();
    f.archive.seal(id, None, &both).unwrap();
}

#[test]
fn a_disabled_account_cannot_act_even_with_an_earlier_stamp() {
    let mut f = Fixture::new();
    f.archive.set_user_disabled("登记员", true, &f.admin).unwrap();
    assert!(matches!(f.archive.create_draft(f.unit, "x", dengji_core::RecordKind::Electronic, &f.clerk), Err(Error::AccountDisabled(_))));
    assert!(matches!(f.archive.login("登记员", PASSWORD, at()), Err(Error::AccountDisabled(_))));
    f.archive.set_user_disabled("登记员", false, &f.admin).unwrap();
    f.archive.login("登记员", PASSWORD, at()).unwrap();
}

#[test]
fn failed_logins_are_slowed_never_locked_out() {
    let mut f = Fixture::new();
    let t0 = at();
    for i in 0..3 {
        assert!(matches!(f.archive.login("管理员", "wrong-password", t0 + Duration::seconds(i)), Err(Error::BadCredentials)));
    }
    // After three failures, the next answer waits: even the right password is refused for now.
    assert!(matches!(f.archive.login("管理员", PASSWORD, t0 + Duration::seconds(2)), Err(Error::LoginThrottled(_))));
    // Once the wait is over, the right password works and the counter resets.
    f.archive.login("管理员", PASSWORD, t0 + Duration::seconds(60)).unwrap();
    assert!(matches!(f.archive.login("nobody", PASSWORD, t0), Err(Error::BadCredentials)));
}

#[test]
fn the_last_admin_cannot_be_disabled() {
    let mut f = Fixture::new();
    assert!(matches!(f.archive.set_user_disabled("管理员", true, &f.admin), Err(Error::LastAdmin)));
    f.archive.add_user("第二管理员", PASSWORD, &[Role::Admin], &f.admin).unwrap();
    f.archive.set_user_disabled("管理员", true, &f.admin).unwrap();
}

#[test]
fn an_admin_changes_roles_in_the_ledger_and_keeps_an_admin() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    assert!(matches!(f.archive.set_user_roles("登记员", &[Role::Clerk], &f.clerk), Err(Error::Forbidden { .. })));
    assert!(matches!(f.archive.set_user_roles("管理员", &[Role::Clerk], &admin), Err(Error::LastAdmin)));
    assert!(matches!(f.archive.set_user_roles("管理员", &[], &admin), Err(Error::Empty { .. })));
    // The first admin also takes in files: the new role counts at once.
    let user = f.archive.set_user_roles("管理员", &[Role::Admin, Role::Clerk], &admin).unwrap();
    assert_eq!(user.roles, [Role::Admin, Role::Clerk]);
    f.archive
        .add_unit(NewUnit { name: "王五".into(), kind: UnitKind::Individual, uscc: None, domain: None, force: false }, &admin)
        .unwrap();
    let entry = f.archive.audit(&Default::default()).unwrap().into_iter().find(|e| e.action == "user.roles").unwrap();
    assert!(entry.payload.contains("\"before\":[\"admin\"]"), "{}", entry.payload);
    assert!(f.archive.verify_ledger().unwrap().ok());
    // Roles changed behind the ledger's back are found.
    f.catalog().execute_batch("UPDATE users SET roles = 'admin,clerk,reviewer' WHERE name = '登记员'").unwrap();
    let report = f.archive.verify_ledger().unwrap();
    assert!(report.problems.iter().any(|p| p.message.contains("登记员") && p.message.contains("角色")), "{report:?}");
}

#[test]
fn everyone_changes_their_own_password_after_giving_the_current_one() {
    let mut f = Fixture::new();
    let clerk = f.clerk.clone();
    assert!(matches!(f.archive.change_own_password("不是这个密码", "新的登记员密码123", &clerk, at()), Err(Error::BadCredentials)));
    f.archive.login("登记员", PASSWORD, at()).unwrap();
    assert!(matches!(f.archive.change_own_password(PASSWORD, "短", &clerk, at()), Err(Error::WeakPassword(_))));
    f.archive.change_own_password(PASSWORD, "新的登记员密码123", &clerk, at()).unwrap();
    assert!(matches!(f.archive.login("登记员", PASSWORD, at()), Err(Error::BadCredentials)));
    f.archive.login("登记员", "新的登记员密码123", at()).unwrap();
    assert!(f.archive.verify_ledger().unwrap().ok());
}

#[test]
fn passwords_are_hashed_never_stored_or_logged() {
    let mut f = Fixture::new();
    f.archive.set_password("登记员", "另一个密码abcdef", &f.clerk).unwrap();
    let db = f.catalog();
    let hash: String = db.query_row("SELECT password_hash FROM users WHERE name = '登记员'", (), |r| r.get(0)).unwrap();
    assert!(hash.starts_with("$argon2id$"));
    let ledger: Vec<String> =
        db.prepare("SELECT payload FROM ledger").unwrap().query_map((), |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
    let ledger = ledger.join("|");
    assert!(!ledger.contains("另一个密码") && !ledger.contains(PASSWORD));
    assert!(matches!(f.archive.set_password("审核员", "另一个密码abcdef", &f.clerk), Err(Error::Forbidden { .. })));
}

#[test]
fn applications_need_someone_else_to_approve() {
    let mut f = Fixture::new();
    let id = sealed(&mut f);
    let clerk = f.clerk.clone();
    let app = f.archive.apply(ApplicationKind::Handback, id, "单位服务器损坏", "浙档函〔2026〕7号", &clerk).unwrap();
    // A clerk who is also a reviewer still may not approve their own application.
    f.archive.add_user("两用", PASSWORD, &[Role::Clerk, Role::Reviewer], &f.admin).unwrap();
    let both = f.archive.login("两用", PASSWORD, at()).unwrap().stamp(at());
    let own = f.archive.apply(ApplicationKind::Restore, id, "理由", "编号", &both).unwrap();
    assert!(matches!(f.archive.decide(own.id, true, &both), Err(Error::SelfApproval)));
    let approved = f.archive.decide(app.id, true, &f.reviewer).unwrap();
    assert_eq!(approved.decided_by.as_deref(), Some("审核员"));
    assert!(matches!(f.archive.decide(app.id, false, &f.reviewer), Err(Error::ApplicationDecided(_))));
    let draft_id = draft(&mut f);
    assert!(matches!(f.archive.apply(ApplicationKind::Restore, draft_id, "x", "y", &clerk), Err(Error::NotSealed(_))));
    let entries = f.archive.audit(&AuditFilter { action: Some("application.".into()), ..Default::default() }).unwrap();
    assert_eq!(
        entries.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["application.create", "application.create", "application.approve"]
    );
}

#[test]
fn audit_filters_by_operator_action_and_time() {
    let f = {
        let mut f = Fixture::new();
        sealed(&mut f);
        f
    };
    let by_clerk = f.archive.audit(&AuditFilter { operator: Some("登记员".into()), ..Default::default() }).unwrap();
    assert!(!by_clerk.is_empty() && by_clerk.iter().all(|e| e.operator == "登记员"));
    let seals = f.archive.audit(&AuditFilter { action: Some("registration.seal".into()), ..Default::default() }).unwrap();
    assert_eq!(seals.len(), 1);
    assert_eq!(seals[0].operator, "审核员");
    let future = f.archive.audit(&AuditFilter { since: Some("2030-01-01T00:00:00Z".parse().unwrap()), ..Default::default() }).unwrap();
    assert!(future.is_empty());
    assert!(f.archive.verify_ledger().unwrap().ok());
}

#[test]
fn audit_filters_by_unit() {
    let mut f = Fixture::new();
    let id = sealed(&mut f);
    let clerk = f.clerk.clone();
    f.archive.apply(ApplicationKind::Restore, id, "理由", "编号", &clerk).unwrap();
    let other = f
        .archive
        .add_unit(NewUnit { name: "另一单位".into(), kind: UnitKind::Individual, uscc: None, domain: None, force: false }, &clerk)
        .unwrap();
    let mine = f.archive.audit(&AuditFilter { unit: Some(f.unit), ..Default::default() }).unwrap();
    let subjects: Vec<&str> = mine.iter().map(|e| e.subject.as_str()).collect();
    assert!(subjects.contains(&"unit:1") && subjects.contains(&"registration:1") && subjects.contains(&"application:1"), "{subjects:?}");
    assert!(!subjects.contains(&other.id.subject().as_str()));
    let theirs = f.archive.audit(&AuditFilter { unit: Some(other.id), ..Default::default() }).unwrap();
    assert_eq!(theirs.len(), 1);
}
