//! `dengji peer add | list`.

use std::process::ExitCode;

use dengji_core::{Peer, Relation};

use super::{stamp, Ctx};
use crate::args::PeerCmd;
use crate::error::{CliError, Result};
use crate::output;

fn print_peer(p: &Peer) {
    println!("{}  {}（{}）  {}", p.id, p.name, p.region_code, p.relation.label_zh());
    for k in &p.keys {
        let how = match &k.signed_by {
            Some(by) => format!("由密钥 {by} 签发"),
            None => "自签".to_string(),
        };
        println!("  密钥指纹 {}  {how}  {}，{}", k.fingerprint, output::local_time(&k.added_at), k.added_by);
    }
}

/// A fingerprint as read out: hex, any case, with spaces or colons.
fn parse_fingerprint(text: &str) -> Result<dengji_core::digest::Sm3> {
    let hex: String = text.chars().filter(|c| !matches!(c, ' ' | ':' | '-')).collect::<String>().to_lowercase();
    hex.parse().map_err(|_| CliError::BadFingerprint(text.to_string()))
}

pub fn run(ctx: &Ctx, cmd: PeerCmd) -> Result<ExitCode> {
    match cmd {
        PeerCmd::Add { certificate, relation, fingerprint, json } => {
            let relation: Relation = relation.parse()?;
            let pem = std::fs::read_to_string(&certificate).map_err(|source| CliError::ReadInput { path: certificate.clone(), source })?;
            let confirmed = fingerprint.as_deref().map(parse_fingerprint).transpose()?;
            let (mut archive, actor) = ctx.login()?;
            let added = archive.add_peer(&pem, relation, confirmed.as_ref(), &stamp(&actor))?;
            if json {
                output::json(&added);
            } else {
                print_peer(&added.peer);
                if added.rotation {
                    eprintln!("已登记 “{}” 的新密钥（由其已登记的密钥签发）。", added.peer.name);
                } else {
                    eprintln!("已登记{}档案馆 “{}”。", added.peer.relation.label_zh(), added.peer.name);
                }
            }
        }
        PeerCmd::List { json } => {
            let peers = ctx.reader()?.peers()?;
            if json {
                output::json(&peers);
            } else if peers.is_empty() {
                println!("尚未登记上下级档案馆。");
            } else {
                for p in &peers {
                    print_peer(p);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
