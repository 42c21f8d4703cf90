//! `dengji key init | show | export | rotate`.

use std::process::ExitCode;

use dengji_core::{ArchiveKey, KeyStatus};

use super::{stamp, Ctx};
use crate::args::KeyCmd;
use crate::auth;
use crate::error::Result;
use crate::output;

fn print_key(k: &ArchiveKey) {
    let status = match k.status {
        KeyStatus::Active => "现用".to_string(),
        KeyStatus::Retired => format!("已轮换（{}）", k.retired_at.as_ref().map(output::local_time).unwrap_or_default()),
    };
    println!("第 {} 号密钥  {status}", k.number);
    println!("  算法：{}（GB/T 32918，用户标识 1234567812345678）", k.algorithm);
    println!("  指纹（公钥 SM3）：{}", k.fingerprint);
    println!("  主体：{}", k.subject);
    println!("  生成：{}，{}", output::local_time(&k.created_at), k.created_by);
}

pub fn run(ctx: &Ctx, cmd: KeyCmd) -> Result<ExitCode> {
    match cmd {
        KeyCmd::Init { json } => {
            let (mut archive, actor) = ctx.login()?;
            let passphrase = auth::new_key_passphrase("DENGJI_KEY_PASSPHRASE")?;
            let key = archive.create_key(&passphrase, &stamp(&actor))?;
            if json {
                output::json(&key);
            } else {
                print_key(&key);
                eprintln!("机构密钥已生成。请妥善保管口令：签署证明、报告和检查点时需要它，遗失后只能轮换为新密钥。");
            }
        }
        KeyCmd::Show { json } => {
            let keys = ctx.reader()?.keys()?;
            if json {
                output::json(&keys);
            } else if keys.is_empty() {
                println!("本馆尚未生成机构密钥（管理员可运行 `dengji key init`）。");
            } else {
                for k in keys.iter().rev() {
                    print_key(k);
                }
            }
        }
        KeyCmd::Export { dir, json } => {
            let files = ctx.reader()?.export_keys(&dir)?;
            if json {
                output::json(&serde_json::json!({"files": files}));
                return Ok(ExitCode::SUCCESS);
            }
            for f in &files {
                println!("{}", f.display());
            }
            eprintln!(
                "已写出 {} 个文件。核验签名：openssl pkeyutl -verify -rawin -digest sm3 -pkeyopt distid:1234567812345678 -certin -inkey archive-key-N.pem -in 文件 -sigfile 文件.sig",
                files.len()
            );
        }
        KeyCmd::Rotate { json } => {
            let (mut archive, actor) = ctx.login()?;
            let old = auth::key_passphrase()?;
            let new = auth::new_key_passphrase("DENGJI_NEW_KEY_PASSPHRASE")?;
            let key = archive.rotate_key(&old, &new, &stamp(&actor))?;
            if json {
                output::json(&key);
            } else {
                print_key(&key);
                eprintln!("已轮换为新密钥；旧密钥签署的证明仍可核验（`dengji key export` 写出全部证书和轮换声明）。");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `dengji verifier export FILE`.
pub fn export_verifier(ctx: &Ctx, file: &std::path::Path, json: bool) -> Result<ExitCode> {
    let page = ctx.reader()?.verifier_page()?;
    std::fs::write(file, &page).map_err(|e| dengji_core::Error::Io { path: file.to_path_buf(), source: e })?;
    if json {
        output::json(&serde_json::json!({"file": file, "bytes": page.len()}));
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}", file.display());
    eprintln!("已写出核验页：用任何浏览器打开即可离线核验本馆的证明二维码、签名检查点和文件摘要。");
    Ok(ExitCode::SUCCESS)
}
