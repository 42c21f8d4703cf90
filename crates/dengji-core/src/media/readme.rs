//! `README-如何核验.txt`: what the medium is and how to verify it with ordinary tools,
//! in Chinese and English, so it can be checked in fifty years without this program.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use super::identity::Identity;
use crate::error::{Error, Result};

pub const FILE: &str = "README-如何核验.txt";

pub fn text(id: &Identity) -> String {
    format!(
        "本介质是“{archive}”的档案备份介质（标签：{label}，套别：{set}，介质编号：{mid}）。\n\
         由 Dengji 档案登记备份工作站写入。\n\
         \n\
         每个已封存的登记以一个 BagIt 包（RFC 8493，1.0 版）保存在 bags/<登记号>/ 下：\n\
         \x20 bagit.txt、bag-info.txt         包的说明（登记号、单位、打包日期、文件数与字节数）\n\
         \x20 manifest-sha256.txt            每个文件的 SHA-256\n\
         \x20 manifest-sm3.txt               每个文件的 SM3（GB/T 32905）\n\
         \x20 tagmanifest-sha256.txt         上述说明文件的 SHA-256\n\
         \x20 data/                          登记的文件，保持原有的文件夹结构\n\
         \n\
         无需本程序即可核验：\n\
         \x20 1. 用 sha256sum（Linux 自带）：\n\
         \x20      cd bags/<登记号> && sha256sum -c manifest-sha256.txt\n\
         \x20    每行都应显示“OK”（或“成功”）。\n\
         \x20 2. 用美国国会图书馆的 bagit 工具（pip install bagit）：\n\
         \x20      bagit.py --validate bags/<登记号>\n\
         \x20 3. 用 SM3：openssl dgst -sm3 <文件>，与 manifest-sm3.txt 中的值比对。\n\
         文件名中的 %、回车、换行按 RFC 8493 写作 %25、%0D、%0A；sha256sum 和 bagit.py（1.8 版）\n\
         不解码 %25，会把文件名含 % 的文件报告为“找不到”，核验这些文件时请把清单中的 %25 换回 %。\n\
         bags/ 下以“.”开头、以 .partial 结尾的文件夹是未完成的写入，不是备份。\n\
         catalog/catalog.sqlite 是最近一次备份时档案目录与台账的快照（SQLite 数据库），\n\
         可用于在新工作站上重建；CHECKPOINT.txt 记录其台账检查点。\n\
         \n\
         This medium holds backup copies of the archive \"{archive}\" (label {label}, set {set}, medium id {mid}),\n\
         written by Dengji. Each sealed registration is one BagIt bag (RFC 8493, version 1.0) under\n\
         bags/<registration number>/. To verify a bag without Dengji:\n\
         \x20   cd bags/<registration number> && sha256sum -c manifest-sha256.txt\n\
         or, with the Library of Congress bagit tool (pip install bagit):\n\
         \x20   bagit.py --validate bags/<registration number>\n\
         Names containing %, CR or LF are written %25, %0D, %0A (RFC 8493); sha256sum and bagit.py 1.8 do not\n\
         decode %25 and report such files as missing: replace %25 by % in those lines to check them.\n\
         manifest-sm3.txt holds SM3 (GB/T 32905) digests of the same files (openssl dgst -sm3).\n\
         Folders under bags/ named .<number>.partial are unfinished writes, not backups.\n\
         catalog/catalog.sqlite is a snapshot of the catalog and ledger (SQLite) taken at the last backup;\n\
         catalog/CHECKPOINT.txt names its ledger checkpoint. The identity of this medium is in DENGJI-MEDIUM.json.\n",
        archive = id.archive.name,
        label = id.label,
        set = id.set,
        mid = id.id,
    )
}

/// Writes the README unless it is already there with this text.
pub fn write(root: &Path, id: &Identity, fail: impl Fn(&Path, std::io::Error) -> Error) -> Result<()> {
    let dest = root.join(FILE);
    let text = text(id);
    if fs::read(&dest).is_ok_and(|b| b == text.as_bytes()) {
        return Ok(());
    }
    let tmp = root.join(".README.partial");
    (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        fs::rename(&tmp, &dest)
    })()
    .map_err(|e| fail(&dest, e))
}
