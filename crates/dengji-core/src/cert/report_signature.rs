//! Reports the archive hands out (鉴证报告, 四性检测报告) are signed as files: the archive
//! key's SM2 signature of the PDF's bytes goes beside it as `<report>.pdf.sig`, and the
//! report says so in print, in words, naming the key.

use std::path::{Path, PathBuf};

use crate::archive::Archive;

/// Where a signed file's signature goes: beside it, `<name>.sig`.
pub fn signature_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".sig");
    PathBuf::from(name)
}

impl Archive {
    /// What a report prints about its signature; none while the key is locked (the report
    /// is then handed out unsigned).
    pub(crate) fn report_signature_note(&self) -> Option<String> {
        let key = self.unlocked()?;
        Some(format!(
            "电子签名：本报告 PDF 文件的全部字节由本馆机构密钥（SM2 算法，公钥 SM3 指纹 {}）签名，签名保存在与本文件同名、另加 .sig 后缀的文件中。\
任何人都可以用本馆公布的机构证书和通用的 OpenSSL 工具离线核验：签名有效，说明本报告确由本馆出具且一个字节也未改动。",
            key.fingerprint
        ))
    }

    /// The DER SM2 signature of a report's bytes, for `<report>.sig`; none while locked.
    pub fn report_signature(&self, pdf: &[u8]) -> Option<Vec<u8>> {
        self.unlocked().map(|k| k.sign(pdf))
    }
}
