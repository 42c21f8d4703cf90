//! The CLI's own errors (credentials, prompts, dates) next to the core's.

use std::path::PathBuf;

pub type Result<T, E = CliError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Core(#[from] dengji_core::Error),
    #[error(
        "未登录：缺少环境变量 {missing}。请设置 DENGJI_USER（用户名）和 DENGJI_PASSWORD（密码）后再运行；在终端中直接运行时也可按提示输入。"
    )]
    NoCredentials { missing: String },
    #[error("未提供新密码：请设置环境变量 DENGJI_NEW_PASSWORD 后再运行；在终端中直接运行时也可按提示输入两次。")]
    NoNewPassword,
    #[error("未提供机构密钥口令：请设置环境变量 {var} 后再运行；在终端中直接运行时也可按提示输入。")]
    NoKeyPassphrase { var: &'static str },
    #[error("两次输入的密码不一致，未做任何更改。")]
    PasswordMismatch,
    #[error(
        "数据目录 {0} 中的档案库还没有任何账户（由早期版本创建）。请先运行 `dengji user bootstrap --admin 管理员名称 --data-dir {0}` 创建第一个管理员（密码取自 DENGJI_NEW_PASSWORD 或按提示输入）。"
    )]
    NoAccounts(PathBuf),
    #[error("日期 “{0}” 无效：应为 YYYY-MM-DD（北京时间）或完整的 RFC 3339 时间（例如 2026-11-25T08:00:00+08:00）。")]
    BadDate(String),
    #[error("登记证明 {number} 已签发并记入台账，但写出 {path} 失败：{source}。请换一个位置，用 `dengji cert print {number} --out 文件` 再次输出。")]
    CertNotWritten { number: String, path: PathBuf, source: std::io::Error },
    #[error("无法读取 {path}：{source}。请检查文件路径。")]
    ReadInput { path: PathBuf, source: std::io::Error },
    #[error("导出文件 {0} 应以 .xlsx（Excel 工作簿）或 .csv 结尾。")]
    ExportKind(PathBuf),
    #[error("读取终端输入失败：{0}")]
    Prompt(std::io::Error),
    #[error("指纹 “{0}” 不是 64 位十六进制的 SM3 指纹（可带空格或冒号）。")]
    BadFingerprint(String),
    #[error("--status “{0}” 无效：可选 draft（草稿）或 sealed（已封存）。")]
    BadStatus(String),
}

impl CliError {
    /// The command to try next, for a core error that has one.
    pub fn hint(&self) -> Option<String> {
        match self {
            CliError::Core(e) => crate::hints::for_core(e),
            _ => None,
        }
    }

    /// A stable machine-readable code: the core's, or the CLI's own.
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Core(e) => e.code().as_str(),
            CliError::NoCredentials { .. } => "no_credentials",
            CliError::NoNewPassword => "no_new_password",
            CliError::NoKeyPassphrase { .. } => "no_key_passphrase",
            CliError::PasswordMismatch => "password_mismatch",
            CliError::NoAccounts(_) => "no_accounts",
            CliError::BadDate(_) => "bad_date",
            CliError::CertNotWritten { .. } => "cert_not_written",
            CliError::ReadInput { .. } => "read_input",
            CliError::ExportKind(_) => "export_kind",
            CliError::Prompt(_) => "prompt_failed",
            CliError::BadFingerprint(_) => "bad_fingerprint",
            CliError::BadStatus(_) => "bad_status",
        }
    }

    /// Exit code 2 (the caller's input) or 1 (a failure in the data or the system).
    pub fn is_usage(&self) -> bool {
        match self {
            CliError::Core(e) => e.is_usage(),
            CliError::CertNotWritten { .. } => false,
            _ => true,
        }
    }
}
