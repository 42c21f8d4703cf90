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
         \x20 dengji-names.txt               （仅在有文件改名时）改名文件的原名对照\n\
         \n\
         无需本程序即可核验：\n\
         \x20 1. 用 sha256sum（Linux 自带）：\n\
         \x20      cd bags/<登记号> && sha256sum -c manifest-sha256.txt\n\
         \x20    每行都应显示“OK”（或“成功”）。\n\
         \x20 2. 用美国国会图书馆的 bagit 工具（pip install bagit）：\n\
         \x20      bagit.py --validate bags/<登记号>\n\
         \x20 3. 用 SM3：openssl dgst -sm3 <文件>，与 manifest-sm3.txt 中的值比对。\n\
         清单中文件名里的 % 按 RFC 8493 写作 %25；sha256sum 和 bagit.py（1.8 版）\n\
         不解码 %25，会把文件名含 % 的文件报告为“找不到”，核验这些文件时请把清单中的 %25 换回 %。\n\
         为能在 FAT32、exFAT、NTFS 和 Windows 上保存与读取，介质上的文件名会避开这些系统不允许的写法：\n\
         < > : \" \\ | ? * 换成全角的 ＜ ＞ ： ＂ ＼ ｜ ？ ＊，控制字符换成 ␁…␟，不是 UTF-8 的字节 XX 写作 ‛XX，\n\
         名字末尾的空格和句点写作 ␠ 和 ．，CON、PRN、AUX、NUL、COM1–9、LPT1–9 等设备名后加 _，超过 255 字节的名字\n\
         截短并加 ~ 和 8 位摘要，只有大小写或 Unicode 规范化形式不同的同名文件加 ~2、~3 区分。\n\
         这样改过名的文件，其原名记在包内的 dengji-names.txt：每行“介质上的路径<制表符>原路径”，\n\
         两者都按 RFC 8493 编码（%、回车、换行写作 %25、%0D、%0A，原路径中的制表符写作 %09，非 UTF-8 字节写作 %XX）；\n\
         清单（manifest）列出的是介质上的路径，该文件也受 tagmanifest-sha256.txt 保护。从介质恢复时按原名写出。\n\
         bags/ 下以“.”开头、以 .partial 结尾的文件夹是未完成的写入，不是备份。\n\
         \n\
         业务数据系列（同一单位按月、季或年移交的业务数据库导出）不按上面的方式各占一个包，而是每个系列一个\n\
         OCFL 1.1 对象（https://ocfl.io/1.1/spec/），保存在 series/<系列编号>/ 下：每次移交是对象的一个版本\n\
         （v1、v2……），版本的内容就是该次登记的 BagIt 包（含 manifest-sha256.txt 和 manifest-sm3.txt），\n\
         但 vN/content/ 下只存放此前版本没有的文件，未变的文件不重复保存；inventory.json 记录每个版本由哪些文件组成\n\
         （SHA-256），版本说明写明系列版本号、所覆盖的期间和登记号。本介质上的第一个版本总是完整的；\n\
         若系列更早的版本不在本介质上，版本说明会写明它们在哪些介质上。核验：\n\
         \x20 1. 用 OCFL 参考校验工具（pip install ocfl-py）：ocfl-validate.py series/<系列编号>\n\
         \x20    （显示 VALID 即有效；关于 sha512 与 user address 的 W004、W008 只是建议，不是错误）\n\
         \x20 2. 用 sha256sum：cd series && sha256sum -c <系列编号>.sha256（列出对象中的每个文件）\n\
         \x20 3. 第一个版本的 series/<系列编号>/v1/content/ 本身就是一个完整的 BagIt 包，可用 bagit.py 核验。\n\
         catalog/catalog.sqlite 是最近一次备份时档案目录与台账的快照（SQLite 数据库），\n\
         可用于在新工作站上重建；CHECKPOINT.txt 记录其台账检查点和快照的 SHA-256。\n\
         \n\
         电子签名（无需本程序即可核验）：catalog/CHECKPOINT.txt.sig 是档案馆用机构密钥（SM2，SM3 摘要）\n\
         对 CHECKPOINT.txt 的签名，keys/ 下是档案馆的机构证书（archive-key-N.pem，N 最大的是现用密钥；\n\
         rotation-*.txt 及其 .sig 是旧密钥签署的密钥轮换声明）。用 OpenSSL 3 核验：\n\
         \x20   openssl pkeyutl -verify -rawin -digest sm3 -pkeyopt distid:1234567812345678 \\\n\
         \x20     -certin -inkey keys/archive-key-N.pem -in catalog/CHECKPOINT.txt -sigfile catalog/CHECKPOINT.txt.sig\n\
         显示 Signature Verified Successfully 即签名有效（务必带上 distid 参数，这是国家标准规定的默认用户标识）。\n\
         登记证明二维码中的签名声明也用同一证书核验。核验页.html 可在任何浏览器中离线打开：粘贴证明二维码的内容即可\n\
         核验签名，拖入文件即可计算其 SM3 和 SHA-256 并在清单中查找。私钥只以口令加密的形式存在于目录快照中。\n\
         \n\
         This medium holds backup copies of the archive \"{archive}\" (label {label}, set {set}, medium id {mid}),\n\
         written by Dengji. Each sealed registration is one BagIt bag (RFC 8493, version 1.0) under\n\
         bags/<registration number>/. To verify a bag without Dengji:\n\
         \x20   cd bags/<registration number> && sha256sum -c manifest-sha256.txt\n\
         or, with the Library of Congress bagit tool (pip install bagit):\n\
         \x20   bagit.py --validate bags/<registration number>\n\
         In the manifests a % in a name is written %25 (RFC 8493); sha256sum and bagit.py 1.8 do not\n\
         decode %25 and report such files as missing: replace %25 by % in those lines to check them.\n\
         manifest-sm3.txt holds SM3 (GB/T 32905) digests of the same files (openssl dgst -sm3).\n\
         So that a bag can be kept on FAT32, exFAT or NTFS and read on Windows, names those systems refuse are\n\
         written differently on the medium: < > : \" \\ | ? * as fullwidth ＜ ＞ ： ＂ ＼ ｜ ？ ＊, control characters as\n\
         ␁…␟, a byte XX that is not UTF-8 as ‛XX, a trailing space or dot as ␠ or ．, device names (CON, PRN, AUX, NUL,\n\
         COM1-9, LPT1-9) with _ appended, names over 255 bytes shortened with ~ and 8 hex digits, and names that differ\n\
         only in case or Unicode normalisation with ~2, ~3. The manifests list the names on the medium; the original\n\
         name of every renamed file is in the bag's dengji-names.txt, one line \"<path on the medium><TAB><original path>\",\n\
         both RFC 8493 encoded (TAB in the original as %09), covered by tagmanifest-sha256.txt.\n\
         Folders under bags/ named .<number>.partial are unfinished writes, not backups.\n\
         Business data handed over again and again (a series) is not one bag per hand-over but one OCFL 1.1 object per\n\
         series under series/<series id>/: each hand-over is a version whose logical content is its BagIt bag, and\n\
         vN/content/ holds only the files earlier versions lack. Check it with ocfl-py (ocfl-validate.py\n\
         series/<series id>; the W004 and W008 warnings are advice, not errors) or with\n\
         cd series && sha256sum -c <series id>.sha256. The first version on a medium is always whole; if the series'\n\
         earlier versions are not on it, that version's message names the media that hold them.\n\
         catalog/catalog.sqlite is a snapshot of the catalog and ledger (SQLite) taken at the last backup;\n\
         catalog/CHECKPOINT.txt names its ledger checkpoint and the snapshot's SHA-256.\n\
         Signatures: catalog/CHECKPOINT.txt.sig is the archive key's SM2 signature of CHECKPOINT.txt; keys/ holds the\n\
         archive's certificates (the highest archive-key-N.pem is the current key). Check it with OpenSSL 3:\n\
         \x20   openssl pkeyutl -verify -rawin -digest sm3 -pkeyopt distid:1234567812345678 \\\n\
         \x20     -certin -inkey keys/archive-key-N.pem -in catalog/CHECKPOINT.txt -sigfile catalog/CHECKPOINT.txt.sig\n\
         Certificates' QR statements verify against the same certificates; 核验页.html checks them, and file digests,\n\
         in any browser, offline. The private key is on this medium only inside the snapshot, encrypted.\n\
         The identity of this medium is in DENGJI-MEDIUM.json.\n",
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
