//! `dengji media edit|checkout|checkin|retire`: a medium's location, transport and retirement.

use std::path::Path;
use std::process::ExitCode;

use dengji_core::{MediumKey, RetireReason, Shipment};

use super::{stamp, Ctx};
use crate::args::MediaCmd;
use crate::error::Result;
use crate::output;

/// A mounted medium is named by its path (its identity file then says which it is),
/// anything else by its label.
fn key(arg: &str) -> MediumKey<'_> {
    if Path::new(arg).is_dir() {
        MediumKey::Path(Path::new(arg))
    } else {
        MediumKey::Label(arg)
    }
}

fn print_shipment(s: &Shipment) {
    let reference = s.reference.as_deref().map(|r| format!("（{r}）")).unwrap_or_default();
    eprintln!(
        "外出记录 #{}：去向 {}{reference}，共 {} 个介质，已收回 {} 个{}",
        s.id,
        s.destination,
        s.media.len(),
        s.returned.len(),
        if s.outstanding.is_empty() {
            "，全部收回。".to_string()
        } else {
            format!("，尚未收回：{}。", s.outstanding.join("、"))
        }
    );
}

pub fn run(ctx: &Ctx, cmd: MediaCmd) -> Result<ExitCode> {
    let (mut archive, actor) = ctx.login()?;
    let stamp = stamp(&actor);
    match cmd {
        MediaCmd::Edit { medium, location, json } => {
            let m = archive.set_medium_location(key(&medium), Some(&location), &stamp)?;
            if json {
                output::json(&m);
            } else {
                eprintln!("介质 “{}” 的存放位置：{}（已记入台账）。", m.label, m.location.as_deref().unwrap_or("未填"));
            }
        }
        MediaCmd::Checkout { media, to, reference, json } => {
            let keys: Vec<MediumKey<'_>> = media.iter().map(|m| key(m)).collect();
            let shipment = archive.checkout_media(&keys, &to, reference.as_deref(), &stamp)?;
            if json {
                output::json(&shipment);
            } else {
                println!("{}", shipment.id);
                print_shipment(&shipment);
            }
        }
        MediaCmd::Checkin { media, location, json } => {
            let keys: Vec<MediumKey<'_>> = media.iter().map(|m| key(m)).collect();
            let report = archive.checkin_media(&keys, location.as_deref(), &stamp)?;
            if json {
                output::json(&report);
            } else {
                eprintln!("已登记收回：{}。", report.returned.join("、"));
                for s in &report.shipments {
                    print_shipment(s);
                }
            }
        }
        MediaCmd::Retire { medium, reason, note, json } => {
            let reason: RetireReason = reason.parse()?;
            let m = archive.retire_medium(key(&medium), reason, note.as_deref(), &stamp)?;
            if json {
                output::json(&m);
            } else {
                eprintln!(
                    "介质 “{}” 已退役（{}）：不再写入，其上 {} 个登记的副本不再计入备份套数。",
                    m.label,
                    reason.label_zh(),
                    m.registrations
                );
            }
        }
        _ => unreachable!("media::run dispatches only the desk commands here"),
    }
    Ok(ExitCode::SUCCESS)
}
