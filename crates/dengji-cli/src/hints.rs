//! The command to try next, printed under a core error. The core's messages speak to
//! clerks in the app as much as here, so they name no command; the CLI adds its own.

use dengji_core::Error;

/// A line naming the `dengji` command that helps with `e`, when one does.
pub fn for_core(e: &Error) -> Option<String> {
    Some(match e {
        Error::NotInitialised(dir) => {
            format!("dengji init --archive-name 名称 --region 行政区划代码 --data-dir {} 初始化档案库。", dir.display())
        }
        Error::UsccCheckDigit { .. } => "若确为早期试点代码，加 --force 再登记。".into(),
        Error::BadDomain(_) => "dengji domain list 列出领域，dengji domain add 名称 添加领域（管理员）。".into(),
        Error::DomainRetired(name) => format!("管理员可用 dengji domain add {name} 重新启用该领域。"),
        Error::ItemNotFound(..) => "dengji show 登记号或草稿编号 列出其中的文件（路径含文件夹名）。".into(),
        Error::UnitNotFound(_) => "dengji unit list 列出全部单位。".into(),
        Error::RegistrationNotFound(_) => "dengji list 列出全部登记。".into(),
        Error::NoApprovedApplication(_) => "dengji apply restore 提交恢复申请，审核员用 dengji approve 申请编号 批准。".into(),
        Error::MediumRegistered { path, .. } => format!("dengji backup {} 备份到该介质。", path.display()),
        Error::DriveHealth { .. } => {
            "dengji media health 介质路径 查看详情；确认仍要写入时加 --ignore-health 再备份（会记入台账）。".into()
        }
        Error::MediumOut { label, .. } => format!("dengji media checkin {label} 登记收回。"),
        Error::MediumNotFound(_) => "dengji media list 列出全部介质。".into(),
        Error::MediumUnknown(path) => format!("dengji media add {} --label 标签 --set A 登记介质。", path.display()),
        Error::MediumLacksBag { .. } => "dengji media list 查看各介质备份了哪些登记；不带 --from 则从保管库恢复。".into(),
        Error::MediumFileDamaged { .. } => "dengji media repair 修复该介质，或用 --from 换一个介质。".into(),
        Error::CatalogueNoFileColumn(_) => "用 --map 列名=file 指定文件列。".into(),
        Error::CatalogueFieldTwice { .. } => "用 --map 列名=字段 指定用哪一列。".into(),
        Error::SealCheckErrors { id, .. } => {
            format!("dengji check errors {id} 列出各项错误；改正后重新接收，或由审核员 dengji check accept {id} --all --reason 理由 接受。")
        }
        Error::CheckErrorNotFound { .. } => "dengji check errors 草稿编号 列出未接受的错误及其规则代码。".into(),
        Error::CertNotSealed(_) => "dengji seal 登记号 封存（审核员）。".into(),
        Error::CertificateNotFound(_) => "dengji cert list 列出本馆签发的全部证明。".into(),
        Error::DataDiskFull { draft, .. } => format!("腾出空间后 dengji intake --resume {draft} 继续接收。"),
        Error::Integrity(why) if why.contains("保管库") => {
            "dengji vault verify 核验保管库，dengji vault repair --from 介质 修复。".into()
        }
        Error::Integrity(why) if why.contains("中心档案库") => "dengji attach 重新连接中心档案库。".into(),
        Error::CertReprintDiffers { .. } | Error::Db(_) | Error::Integrity(_) => "dengji ledger verify 核验台账。".into(),
        Error::VaultObject(_) => "dengji vault verify 核验保管库，列出缺失或损坏的全部对象。".into(),
        Error::PeerUnconfirmed { fingerprint, .. } => format!("核对无误后加 --fingerprint {fingerprint} 再运行一次。"),
        Error::PeerNeedsRotation(_) => "请对方运行 dengji key export，登记其中的 archive-key-N-signed-by-key-M.pem。".into(),
        Error::NoUpperPeer => "管理员用 dengji peer add 上级档案馆的证书.pem --relation upper 登记上级档案馆。".into(),
        Error::ReportReplayed { .. } | Error::ReportOutOfOrder { .. } | Error::ReceiptRecorded { .. } => {
            "dengji upward status 列出已上报、已接收的上报包和回执。".into()
        }
        Error::LedgerForked { .. } => "dengji upward status 列出被拒收的包和两个头哈希。".into(),
        Error::CatalogNotEmpty(_) => "要加入已有的中心档案库：dengji attach --catalog … --vault … --s3-endpoint …。".into(),
        Error::CatalogNotDengji(_) | Error::AttachNoVault(_) => {
            "在空数据库里新建：dengji init --catalog postgresql://… --vault s3://… --s3-endpoint …；加入已有的：dengji attach。".into()
        }
        Error::AttachNeedsServers => "dengji attach --catalog postgresql://用户@主机/库 --vault s3://桶/前缀 --s3-endpoint 地址。".into(),
        Error::SeriesExists { .. } => "dengji intake --series 系列 --period 期间 路径… 接收新版本。".into(),
        Error::SeriesNotFound(_) | Error::SeriesAmbiguous { .. } => "dengji series list 列出系列及其编号。".into(),
        Error::SeriesDraftExists { draft, .. } => {
            format!("dengji intake --draft {draft} 路径… 继续添加文件，或 dengji draft discard {draft} --reason 理由 作废。")
        }
        Error::SeriesVersionNotFound { series, .. } => format!("dengji series show {series} 列出已封存的版本。"),
        Error::LowerFilesNotHeld { .. } => "请该馆报送时不加 --catalog-only。".into(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hint_names_the_command_and_what_it_acts_on() {
        let hint = for_core(&Error::DataDiskFull { dir: "/data".into(), draft: 7 }).unwrap();
        assert!(hint.contains("dengji intake --resume 7"), "{hint}");
        assert!(for_core(&Error::UnitNotFound("x".into())).unwrap().contains("dengji unit list"));
        assert!(for_core(&Error::KeyLocked).is_none());
    }
}
