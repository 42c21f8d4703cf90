//! `init`, `user …`, `settings …`: the archive's accounts and settings.

use std::process::ExitCode;

use chrono::Utc;
use dengji_core::{Archive, CatalogLocation, Error, Role, S3Location, User, VaultLocation};

use super::{stamp, Ctx};
use crate::args::{SettingsCmd, UserCmd};
use crate::auth;
use crate::error::Result;
use crate::output;

/// Where `init --vault … --s3-endpoint …` puts the vault (the data directory without them).
pub fn vault_location(args: crate::args::VaultArgs) -> Result<VaultLocation> {
    let (Some(url), Some(endpoint)) = (&args.vault, &args.s3_endpoint) else { return Ok(VaultLocation::Local) };
    let mut s3 = S3Location::parse(url, endpoint, args.s3_region.as_deref())?;
    if let Some(file) = args.s3_credentials {
        // Kept as given from where `init` ran, so later commands from elsewhere find it.
        s3.credentials_file = Some(std::path::absolute(&file).map_err(|source| Error::Io { path: file.clone(), source })?);
    }
    Ok(VaultLocation::S3(s3))
}

/// Where `init --catalog …` puts the catalog (the data directory without it).
pub fn catalog_location(url: Option<&str>) -> Result<CatalogLocation> {
    Ok(match url {
        Some(url) => CatalogLocation::postgres(url)?,
        None => CatalogLocation::Embedded,
    })
}

pub fn attach(ctx: &Ctx, catalog: &CatalogLocation, vault: &VaultLocation, json: bool) -> Result<ExitCode> {
    let archive = Archive::attach(&ctx.data_dir, catalog, vault)?;
    let info = archive.info()?;
    if json {
        output::json(&info);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "已加入中心档案库 “{}”（{} {}），数据目录 {}",
        info.name,
        info.region_code,
        info.region_name.unwrap_or_default(),
        info.data_dir.display()
    );
    println!("目录库：{}", info.catalog);
    println!("保管库：{}", info.vault);
    eprintln!("请用本人的账户登录（DENGJI_USER / DENGJI_PASSWORD 或提示输入）。");
    Ok(ExitCode::SUCCESS)
}

pub fn info(ctx: &Ctx, json: bool) -> Result<ExitCode> {
    let archive = Archive::open(&ctx.data_dir)?;
    let info = archive.info()?;
    if json {
        output::json(&info);
        return Ok(ExitCode::SUCCESS);
    }
    println!("档案馆：{}（{} {}）", info.name, info.region_code, info.region_name.unwrap_or_default());
    println!("实例：{}，建于 {}，目录版本 {}", info.instance_id, output::local_time(&info.created_at), info.schema_version);
    println!("数据目录：{}", info.data_dir.display());
    match &info.catalog {
        CatalogLocation::Embedded => println!("目录数据库：SQLite {}", info.data_dir.join("catalog.sqlite").display()),
        CatalogLocation::Postgres { url } => println!("目录数据库：PostgreSQL {url}（密码取自 PGPASSWORD 或 ~/.pgpass）"),
    }
    match &info.vault {
        VaultLocation::Local => println!("保管库：本机文件夹 {}", info.data_dir.join("vault").display()),
        VaultLocation::S3(s3) => {
            println!("保管库：S3 兼容对象存储 {}（端点 {}，区域 {}）", s3.url(), s3.endpoint, s3.region);
            if let Some(file) = &s3.credentials_file {
                println!("S3 凭据：{}（环境变量 AWS_ACCESS_KEY_ID 优先）", file.display());
            }
        }
    }
    if info.demo {
        println!("（演示档案库）");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn init(
    ctx: &Ctx,
    archive_name: &str,
    region: &str,
    admin: &str,
    no_key: bool,
    (catalog, vault): &(CatalogLocation, VaultLocation),
    json: bool,
) -> Result<ExitCode> {
    // The checks that need no password come first, so nobody types one for nothing.
    if Archive::is_initialised(&ctx.data_dir) {
        return Err(Error::AlreadyInitialised(ctx.data_dir.clone()).into());
    }
    if archive_name.trim().is_empty() {
        return Err(Error::Empty { what: "档案馆名称" }.into());
    }
    if dengji_core::region::lookup(region.trim()).is_none() {
        return Err(Error::BadRegion(region.trim().to_string()).into());
    }
    if admin.trim().is_empty() {
        return Err(Error::Empty { what: "用户名" }.into());
    }
    let password = auth::new_password(admin.trim())?;
    // Asked for (and checked) before anything is written, so a refused passphrase leaves
    // no archive behind.
    let key_passphrase = if no_key { None } else { Some(auth::new_key_passphrase("DENGJI_KEY_PASSPHRASE")?) };
    if let Some(p) = &key_passphrase {
        if p.chars().count() < dengji_core::MIN_KEY_PASSPHRASE_CHARS {
            return Err(Error::KeyPassphraseWeak(dengji_core::MIN_KEY_PASSPHRASE_CHARS).into());
        }
    }
    let (mut archive, actor) = Archive::init_in(&ctx.data_dir, catalog, vault, archive_name, region, admin, &password, Utc::now())?;
    let mut fingerprint = None;
    if let Some(p) = &key_passphrase {
        let key = archive.create_key(p, &actor.stamp(Utc::now()))?;
        if !json {
            eprintln!("机构密钥已生成（SM2，指纹 {}）。请妥善保管口令：签署证明时需要它。", key.fingerprint);
        }
        fingerprint = Some(key.fingerprint);
    }
    let info = archive.info()?;
    if json {
        output::json(&serde_json::json!({"archive": info, "admin": actor.name(), "key_fingerprint": fingerprint}));
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "已初始化档案库 “{}”（{} {}）于 {}",
        info.name,
        info.region_code,
        info.region_name.unwrap_or_default(),
        info.data_dir.display()
    );
    if let CatalogLocation::Postgres { url } = &info.catalog {
        println!("目录库：{url}（PostgreSQL）");
    }
    if let VaultLocation::S3(s3) = &info.vault {
        println!("保管库：{}（{}）", s3.url(), s3.endpoint);
    }
    eprintln!("管理员账户 “{}” 已创建。用 `dengji user add 名称 --role clerk` 等添加登记员和审核员。", actor.name());
    Ok(ExitCode::SUCCESS)
}

pub fn demo(ctx: &Ctx, json: bool) -> Result<ExitCode> {
    let (archive, _) = Archive::init_demo(&ctx.data_dir, Utc::now())?;
    if json {
        let accounts: Vec<_> = dengji_core::demo::DEMO_ACCOUNTS.iter().map(|(n, _)| *n).collect();
        output::json(&serde_json::json!({
            "archive": archive.info()?, "accounts": accounts, "password": dengji_core::demo::DEMO_PASSWORD,
            "key_passphrase": dengji_core::demo::DEMO_KEY_PASSPHRASE,
        }));
        return Ok(ExitCode::SUCCESS);
    }
    println!("已创建演示档案库 “{}” 于 {}", archive.info()?.name, ctx.data_dir.display());
    let names: Vec<&str> = dengji_core::demo::DEMO_ACCOUNTS.iter().map(|(n, _)| *n).collect();
    eprintln!(
        "演示账户：{}，密码均为 {}；机构密钥口令 {}。演示数据仅供培训，请勿与正式档案库混用。",
        names.join("、"),
        dengji_core::demo::DEMO_PASSWORD,
        dengji_core::demo::DEMO_KEY_PASSPHRASE
    );
    Ok(ExitCode::SUCCESS)
}

fn roles_zh(roles: &[Role]) -> String {
    roles.iter().map(|r| r.label_zh()).collect::<Vec<_>>().join("、")
}

fn print_users(users: &[User]) {
    for u in users {
        println!(
            "{}\t{}\t{}\t{}",
            u.name,
            roles_zh(&u.roles),
            if u.disabled { "已停用" } else { "正常" },
            output::local_time(&u.created_at)
        );
    }
}

pub fn user(ctx: &Ctx, cmd: UserCmd) -> Result<ExitCode> {
    if let UserCmd::Bootstrap { admin, json } = &cmd {
        let mut archive = ctx.open()?;
        if archive.has_accounts()? {
            return Err(Error::AccountsExist.into());
        }
        let password = auth::new_password(admin.trim())?;
        let actor = archive.bootstrap_admin(admin, &password, Utc::now())?;
        if *json {
            output::json(&archive.user(actor.name())?);
        } else {
            eprintln!("已创建管理员账户 “{}”。", actor.name());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let (mut archive, actor) = ctx.login()?;
    match cmd {
        UserCmd::Bootstrap { .. } => unreachable!("handled above"),
        UserCmd::Add { name, roles, json } => {
            let roles = roles.iter().map(|r| r.parse::<Role>()).collect::<Result<Vec<_>, _>>()?;
            let password = auth::new_password(name.trim())?;
            let user = archive.add_user(&name, &password, &roles, &stamp(&actor))?;
            if json {
                output::json(&user);
            } else {
                eprintln!("已添加用户 “{}”（{}）。", user.name, roles_zh(&user.roles));
            }
        }
        UserCmd::List { json } => {
            let users = archive.users()?;
            if json {
                output::json(&users);
            } else {
                print_users(&users);
            }
        }
        UserCmd::Roles { name, roles, json } => {
            let roles = roles.iter().map(|r| r.parse::<Role>()).collect::<Result<Vec<_>, _>>()?;
            let user = archive.set_user_roles(&name, &roles, &stamp(&actor))?;
            if json {
                output::json(&user);
            } else {
                eprintln!("用户 “{}” 的角色已改为：{}。", user.name, roles_zh(&user.roles));
            }
        }
        UserCmd::Disable { name, json } => {
            let user = archive.set_user_disabled(&name, true, &stamp(&actor))?;
            if json {
                output::json(&user);
            } else {
                eprintln!("已停用用户 “{}”：该账户不能再登录。", user.name);
            }
        }
        UserCmd::Enable { name, json } => {
            let user = archive.set_user_disabled(&name, false, &stamp(&actor))?;
            if json {
                output::json(&user);
            } else {
                eprintln!("已启用用户 “{}”。", user.name);
            }
        }
        UserCmd::Passwd { name, json } => {
            let target = name.unwrap_or_else(|| actor.name().to_string());
            // Fail on an unknown name before asking for a password.
            let user = archive.user(&target)?;
            let password = auth::new_password(&user.name)?;
            archive.set_password(&user.name, &password, &stamp(&actor))?;
            if json {
                output::json(&archive.user(&user.name)?);
            } else {
                eprintln!("已更新用户 “{}” 的密码。", user.name);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn settings(ctx: &Ctx, cmd: SettingsCmd) -> Result<ExitCode> {
    let (mut archive, actor) = ctx.login()?;
    match cmd {
        SettingsCmd::Show { json } => {
            let view = settings_view(&archive)?;
            if json {
                output::json(&view);
            } else {
                let info = archive.info()?;
                println!("档案馆    {}（{} {}）", info.name, info.region_code, info.region_name.unwrap_or_default());
                println!("双人封存  {}", if view["four_eyes"] == true { "开启（接收草稿的人不能自己封存）" } else { "关闭" });
                println!("空闲锁定  {} 分钟", view["idle_lock_minutes"]);
                println!("备份套数  {} 套", view["copy_sets_required"]);
                let cycles = view["check_cycle_months"].as_object().cloned().unwrap_or_default();
                let text: Vec<String> = cycles.iter().map(|(k, v)| format!("{k} {v} 个月")).collect();
                println!("核验周期  {}", text.join("，"));
                println!("最低抽查  {}%（抽查核验至少读这么多登记包）", view["min_sample_percent"]);
                println!("批准有效  {} 天（每次批准只能用于一次恢复）", view["approval_valid_days"]);
            }
        }
        SettingsCmd::FourEyes { state, json } => {
            let on = state == "on";
            archive.set_four_eyes(on, &stamp(&actor))?;
            done(&archive, json, &format!("双人封存已{}。", if on { "开启" } else { "关闭" }))?;
        }
        SettingsCmd::IdleLock { minutes, json } => {
            archive.set_idle_lock_minutes(minutes, &stamp(&actor))?;
            done(&archive, json, &format!("空闲锁定时间已设为 {minutes} 分钟。"))?;
        }
        SettingsCmd::CopySets { sets, json } => {
            archive.set_copy_sets_required(sets, &stamp(&actor))?;
            done(&archive, json, &format!("每个已封存登记应备份到 {sets} 套不同的介质上。"))?;
        }
        SettingsCmd::MinSample { percent, json } => {
            archive.set_min_sample_percent(percent, &stamp(&actor))?;
            done(&archive, json, &format!("抽查核验至少读取 {percent}% 的登记包；低于此比例的抽查不予进行。"))?;
        }
        SettingsCmd::ApprovalDays { days, json } => {
            archive.set_approval_valid_days(days, &stamp(&actor))?;
            done(&archive, json, &format!("批准后 {days} 天内可以恢复，过期须重新申请；每次批准只能使用一次。"))?;
        }
        SettingsCmd::Export { out, json } => {
            let file = archive.export_settings(&stamp(&actor))?;
            output::write_atomic(&out, file.to_json().as_bytes()).map_err(|source| dengji_core::Error::Io { path: out.clone(), source })?;
            super::record(&mut archive, &actor, dengji_core::AccessEvent::Export, "settings", serde_json::json!({"out": out}))?;
            if json {
                output::json(&serde_json::json!({"out": out, "settings": file}));
            } else {
                eprintln!("已导出设置到 {}。在另一台工作站上：dengji settings import {}", out.display(), out.display());
            }
        }
        SettingsCmd::Import { file, json } => {
            let bytes = std::fs::read(&file).map_err(|source| dengji_core::Error::Io { path: file.clone(), source })?;
            let parsed = dengji_core::SettingsFile::parse(&bytes)?;
            let done = archive.import_settings(&parsed, &stamp(&actor))?;
            if json {
                output::json(&done);
            } else {
                for line in &done.changed {
                    println!("已更改  {line}");
                }
                for d in &done.domains_added {
                    println!("已添加领域  {d}");
                }
                for line in &done.kept {
                    println!("未更改  {line}");
                }
                if done.changed.is_empty() && done.domains_added.is_empty() {
                    eprintln!("本机设置与文件一致，无需更改。");
                }
            }
        }
        SettingsCmd::CheckCycle { kind, months, json } => {
            let kind: dengji_core::MediumKind = kind.parse()?;
            archive.set_check_cycle_months(kind, months, &stamp(&actor))?;
            done(&archive, json, &format!("{}的核验周期已设为 {months} 个月。", kind.label_zh()))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The settings as `settings show --json` prints them.
fn settings_view(archive: &Archive) -> Result<serde_json::Value> {
    let info = archive.info()?;
    let mut cycles = serde_json::Map::new();
    for kind in dengji_core::MediumKind::ALL {
        cycles.insert(kind.as_str().into(), archive.check_cycle_months(kind)?.into());
    }
    Ok(serde_json::json!({
        "archive_name": info.name, "region_code": info.region_code,
        "four_eyes": archive.four_eyes()?, "idle_lock_minutes": archive.idle_lock_minutes()?,
        "copy_sets_required": archive.copy_sets_required()?, "check_cycle_months": cycles,
        "min_sample_percent": archive.min_sample_percent()?,
        "approval_valid_days": archive.approval_valid_days()?,
    }))
}

/// After a setting changed: the settings as JSON, or one line for people.
fn done(archive: &Archive, json: bool, line: &str) -> Result<()> {
    if json {
        output::json(&settings_view(archive)?);
    } else {
        eprintln!("{line}");
    }
    Ok(())
}
